"""Find attributions in a parsed article (first version: none yet)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from saidwhat.model import Attribution, Entity, ScareQuote


@dataclass
class AttributionResult:
    attributions: list[Attribution] = field(default_factory=list)
    scare_quotes: list[ScareQuote] = field(default_factory=list)


def extract_attributions(doc: Doc, entities: list[Entity]) -> AttributionResult:
    return AttributionResult()
