"""The ``saidwhat_entities`` spaCy component."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.entities.cluster import find_entities
from saidwhat.nlp.extensions import SPAN_GROUPS, install_extensions
from saidwhat.nlp.spans import set_span_group


class EntitiesComponent:
    """Finds people, organisations and places and groups their mentions into entities."""

    def __init__(self, nlp: Language, name: str = "saidwhat_entities") -> None:
        self.name = name
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        entities = find_entities(doc)
        doc._.saidwhat_entities = entities
        set_span_group(
            doc,
            SPAN_GROUPS["entity"],
            ((mention, entity.id) for entity in entities for mention in entity.mentions),
        )
        return doc
