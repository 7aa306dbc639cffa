"""Every saidwhat spaCy factory, registered in one place (as spaCy's ``pipeline/factories.py`` does).

They are exposed through the ``spacy_factories`` entry point, so after ``pip install saidwhat`` a spaCy
user can call ``nlp.add_pipe("saidwhat_attribution")`` without importing saidwhat first.
"""

from __future__ import annotations

from spacy.language import Language

from saidwhat.attribution.component import AttributionComponent
from saidwhat.entities.component import EntitiesComponent


@Language.factory(
    "saidwhat_entities",
    assigns=["doc._.saidwhat_entities", "doc.spans"],
    requires=["doc.ents", "token.pos"],
)
def make_entities(nlp: Language, name: str) -> EntitiesComponent:
    return EntitiesComponent(nlp, name)


@Language.factory(
    "saidwhat_attribution",
    assigns=["doc._.saidwhat_attributions", "doc._.saidwhat_scare_quotes", "doc.spans"],
    requires=["token.dep", "token.lemma", "doc.ents"],
)
def make_attribution(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent(nlp, name)
