"""The ``saidwhat_attribution`` spaCy component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.attribution.extract import extract_attributions
from saidwhat.entities import find_entities
from saidwhat.nlp.extensions import SPAN_GROUPS, install_extensions
from saidwhat.nlp.spans import set_span_group


class AttributionComponent:
    """Finds attributions and scare quotes and resolves each attribution's speaker.

    Uses ``doc._.saidwhat_entities`` when the entities component ran before it, and finds the
    entities itself otherwise, so it also works added alone to a spaCy pipeline.
    """

    def __init__(self, nlp: Language, name: str = "saidwhat_attribution") -> None:
        self.name = name
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        entities = doc._.saidwhat_entities
        if entities is None:
            entities = find_entities(doc)
        result = extract_attributions(doc, entities)
        doc._.saidwhat_entities = result.entities
        doc._.saidwhat_attributions = result.attributions
        doc._.saidwhat_scare_quotes = result.scare_quotes
        for role in ("cue", "source"):
            set_span_group(
                doc,
                SPAN_GROUPS[role],
                ((span, a.id) for a in result.attributions if (span := getattr(a, role)) is not None),
            )
        set_span_group(
            doc, SPAN_GROUPS["content"], ((span, a.id) for a in result.attributions for span in a.content)
        )
        set_span_group(
            doc, SPAN_GROUPS["scare_quote"], ((q.span, "scare_quote") for q in result.scare_quotes)
        )
        return doc
