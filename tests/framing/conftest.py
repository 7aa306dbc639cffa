"""Shared helpers for the framing tests: a parsed doc and spans found by their text."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.model import Span
from saidwhat.nlp import load_pipeline


@pytest.fixture(scope="session")
def parse() -> Language:
    """The English pipeline with no saidwhat component: the parse the framing stage reads."""
    return load_pipeline(())


def find(text: str, needle: str, after: str = "") -> Span:
    """The span of ``needle``, first found after the first occurrence of ``after``."""
    start = text.index(needle, text.index(after) if after else 0)
    return Span.of(text, start, start + len(needle))


def cue_tokens(doc: Doc, cue: str):
    span = find(doc.text, cue)
    return doc.char_span(span.start, span.end, alignment_mode="expand")
