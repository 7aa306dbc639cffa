"""Group named-entity mentions into entities (first version: one entity per NER label and text)."""

from __future__ import annotations

from spacy.tokens import Doc

from saidwhat.model import Entity, EntityType
from saidwhat.nlp.spans import token_span_to_span

_TYPES = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "GPE": EntityType.PLACE,
          "LOC": EntityType.PLACE, "NORP": EntityType.GROUP}


def find_entities(doc: Doc) -> list[Entity]:
    groups: dict[tuple[str, str], list[object]] = {}
    for ent in doc.ents:
        if ent.label_ in _TYPES:
            groups.setdefault((ent.label_, ent.text), []).append(token_span_to_span(ent))
    return [
        Entity(id=f"E{i}", name=text, type=_TYPES[label], mentions=mentions)  # type: ignore[arg-type]
        for i, ((label, text), mentions) in enumerate(groups.items(), start=1)
    ]
