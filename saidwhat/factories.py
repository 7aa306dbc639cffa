"""Every saidwhat spaCy factory, registered in one place (as spaCy's ``pipeline/factories.py`` does).

They are exposed through the ``spacy_factories`` entry point, so after ``pip install saidwhat`` a spaCy
user can call ``nlp.add_pipe("saidwhat_attribution")`` without importing saidwhat first.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.attribution.component import AttributionComponent
from saidwhat.claims.component import ClaimsComponent
from saidwhat.dates.component import DatesComponent
from saidwhat.entities.component import EntitiesComponent
from saidwhat.framing.component import FramingComponent
from saidwhat.framing.techniques_component import TechniquesComponent
from saidwhat.nlp.paragraphs import mark_paragraph_breaks


@Language.factory("saidwhat_paragraph_breaks", assigns=["token.is_sent_start"])
def make_paragraph_breaks(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return mark_paragraph_breaks


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


@Language.factory(
    "saidwhat_techniques",
    assigns=["doc._.saidwhat_techniques", "doc.spans"],
    default_config={"batch_size": 16},
)
def make_techniques(nlp: Language, name: str, batch_size: int) -> TechniquesComponent:
    return TechniquesComponent(nlp, name, batch_size=batch_size)


@Language.factory(
    "saidwhat_framing",
    assigns=[
        "doc._.saidwhat_attributions",
        "doc._.saidwhat_voice",
        "doc._.saidwhat_stance_profiles",
        "doc.spans",
    ],
    requires=["doc._.saidwhat_attributions", "token.dep", "token.lemma", "doc.sents"],
)
def make_framing(nlp: Language, name: str) -> FramingComponent:
    return FramingComponent(nlp, name)


@Language.factory(
    "saidwhat_dates",
    assigns=["doc._.saidwhat_dates"],
    requires=["token.tag", "token.dep", "token.lemma"],
)
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp, name)


@Language.factory(
    "saidwhat_claims",
    assigns=["doc._.saidwhat_claims", "doc.spans"],
    requires=["doc._.saidwhat_attributions", "doc._.saidwhat_voice", "token.dep", "token.lemma", "doc.ents"],
    default_config={"batch_size": 32},
)
def make_claims(nlp: Language, name: str, batch_size: int) -> ClaimsComponent:
    return ClaimsComponent(nlp, name, batch_size=batch_size)
