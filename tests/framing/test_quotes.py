"""Partial quotations (the speaker's words inside reported content) as opposed to whole quotations."""

from __future__ import annotations

from saidwhat.framing.quotes import partial_quotations
from saidwhat.model import Attribution, AttributionKind, Span


def attribution(text: str, ident: str, content: str) -> Attribution:
    start = text.index(content)
    return Attribution(
        id=ident,
        kind=AttributionKind.MIXED,
        cue=None,
        content=[Span.of(text, start, start + len(content))],
        source=None,
        speaker=None,
        confidence=0.5,
    )


def test_a_quoted_phrase_inside_a_paraphrase_is_partial_and_a_whole_quotation_is_not():
    text = "Moscow called the bid a “red line.” “We will not allow it,” he said. Critics saw “theatre”."
    mixed = attribution(text, "A1", "the bid a “red line.”")
    direct = attribution(text, "A2", "“We will not allow it,”")
    partial = partial_quotations(text, [mixed, direct])
    assert [(p.span.text, p.attribution.id) for p in partial] == [("“red line.”", "A1")]


def test_quotations_outside_every_content_are_not_partial():
    text = "Critics saw “theatre” in the talks."
    assert partial_quotations(text, []) == []
