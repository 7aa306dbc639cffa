"""Converting between saidwhat's character spans and spaCy's token spans."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from saidwhat.model import Span


def token_span_to_span(span: TokenSpan) -> Span:
    """The character span covering a spaCy span, without trailing whitespace."""
    return Span(start=span.start_char, end=span.end_char, text=span.text)


def set_span_group(doc: Doc, key: str, spans: Iterable[tuple[Span, str]]) -> None:
    """Write labelled character spans to ``doc.spans[key]``, widened to whole tokens."""
    token_spans = []
    for span, label in spans:
        token_span = doc.char_span(span.start, span.end, label=label, alignment_mode="expand")
        if token_span is not None:
            token_spans.append(token_span)
    doc.spans[key] = token_spans
