"""Voice: reported content, reporting frames and the outlet's own assertions, clause by clause."""

from __future__ import annotations

import itertools

import pytest

from saidwhat.framing.component import group_label
from saidwhat.framing.voice import voice_segments
from saidwhat.model import Attribution, AttributionKind
from tests.framing.conftest import find

ASSERTION, FRAME, REPORTED = "outlet", "frame", "reported"  # the labels of the voice span group


def attribution(text: str, ident: str, cue: str, content: str, source: str | None) -> Attribution:
    return Attribution(
        id=ident,
        kind=AttributionKind.INDIRECT,
        cue=find(text, cue),
        content=[find(text, content)],
        source=find(text, source) if source else None,
        speaker=None,
        confidence=0.4,
    )


def kinds(parse, text: str, attributions: list[Attribution]) -> list[tuple[str, str | None, str]]:
    """(kind, attribution id, text) of each segment."""
    segments = voice_segments(parse(text), attributions)
    return [(group_label(segment), segment.attribution, segment.span.text) for segment in segments]


def test_a_sentence_without_attributions_is_one_outlet_assertion(parse):
    text = "Moscow has issued more than 700,000 Russian passports to people in the republics."
    assert kinds(parse, text, []) == [(ASSERTION, None, text)]


def test_a_clause_the_outlet_adds_to_a_reporting_sentence_is_its_own_assertion(parse):
    text = "“We will win,” he claimed, as the army advanced on the city."
    claimed = attribution(text, "A1", "claimed", "“We will win,”", "he")
    assert kinds(parse, text, [claimed]) == [
        (REPORTED, "A1", "“We will win,”"),
        (FRAME, "A1", "he claimed,"),
        (ASSERTION, None, "as the army advanced on the city."),
    ]


def test_a_verb_that_only_carries_the_cue_is_part_of_the_frame(parse):
    text = "Peskov went on, arguing that NATO threatens Russia."
    arguing = attribution(text, "A1", "arguing", "that NATO threatens Russia", "Peskov")
    assert kinds(parse, text, [arguing]) == [
        (FRAME, "A1", "Peskov went on, arguing"),
        (REPORTED, "A1", "that NATO threatens Russia."),
    ]


def test_a_predicate_the_source_shares_with_a_cue_is_asserted(parse):
    text = "On Thursday, the two sides met in Belarus and discussed humanitarian corridors."
    discussed = attribution(text, "A1", "discussed", "humanitarian corridors", "the two sides")
    assert kinds(parse, text, [discussed]) == [
        (ASSERTION, None, "On Thursday, the two sides met in Belarus and"),
        (FRAME, "A1", "discussed"),
        (REPORTED, "A1", "humanitarian corridors."),
    ]


@pytest.mark.parametrize(
    ("dateline", "body"),
    [
        ("MOSCOW (Reuters) — ", "The ruble fell on Monday."),
        ("KYIV, Ukraine (AP) - ", "Shelling resumed overnight."),
        ("WASHINGTON — ", "The Senate passed the bill."),
        ("Philadelphia (AFP) – ", "The city braced for the convention."),
    ],
)
def test_a_dateline_is_neither_reported_nor_asserted(parse, dateline, body):
    assert kinds(parse, dateline + body, []) == [(ASSERTION, None, body)]


def test_a_headline_is_a_sentence_of_its_own(parse):
    text = "Russia to halt gas supplies\nGazprom said on Monday that supplies would stop."
    said = attribution(text, "A1", "said", "that supplies would stop", "Gazprom")
    assert kinds(parse, text, [said])[0] == (ASSERTION, None, "Russia to halt gas supplies")


def test_segments_are_ordered_disjoint_and_never_cross_a_line(parse):
    text = "He said it rained. The sun shone\nall day, and the crowd, “happy”, cheered."
    said = attribution(text, "A1", "said", "it rained", "He")
    segments = voice_segments(parse(text), [said])
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(segments))
    assert all("\n" not in segment.span.text for segment in segments)
    covered = "".join(segment.span.text for segment in segments)
    assert covered.replace(" ", "") == text.replace(" ", "").replace("\n", "")
