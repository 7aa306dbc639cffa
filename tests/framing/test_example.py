"""The framing stage end to end on the example article (examples/kremlin-peskov-interview.txt)."""

from __future__ import annotations

import pytest

import saidwhat
from saidwhat.model import Analysis, Attribution, Stance, Voice, VoiceSegment
from saidwhat.settings import DEFAULT_STAGES
from tests.render.example import EXAMPLE_TEXT

PESKOV_DISTANCING = ("claimed", "went on to allege", "insisted")
OUTLET_SENTENCES = (
    "Moscow has issued more than 700,000 Russian passports to people living in the separatist-held "
    "republics.",
    "The two breakaway territories in the Donbass are home to a large proportion of ethnic Russians",
)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return saidwhat.analyze(EXAMPLE_TEXT, stages=("framing",))


def by_cue(analysis: Analysis, cue: str, after: str = "") -> Attribution:
    position = EXAMPLE_TEXT.index(cue, EXAMPLE_TEXT.index(after) if after else 0)
    return next(a for a in analysis.attributions if a.cue is not None and a.cue.start == position)


def segment_at(analysis: Analysis, words: str) -> VoiceSegment:
    start = EXAMPLE_TEXT.index(words)
    return next(s for s in analysis.voice if s.span.start <= start < s.span.end)


def test_framing_is_a_default_stage():
    assert "framing" in DEFAULT_STAGES


@pytest.mark.parametrize("sentence", OUTLET_SENTENCES)
def test_the_outlets_own_statements_are_outlet_assertions(analysis, sentence):
    segment = segment_at(analysis, sentence)
    assert (segment.voice, segment.attribution) == (Voice.OUTLET, None)
    assert sentence in segment.span.text


@pytest.mark.parametrize(
    ("words", "cue", "after"),
    [
        ("After the 2014 coup d’état", "claimed", "ideology,”"),
        ("Kiev had been planning an attack", "went on to allege", ""),
        ("Russia had to step in", "insisted", ""),
        ("We do not aim to divide", "stated", ""),
        ("the goal of the intervention", "According to", ""),
    ],
)
def test_reported_content_carries_its_attribution_id(analysis, words, cue, after):
    segment = segment_at(analysis, words)
    assert (segment.voice, segment.attribution) == (Voice.REPORTED, by_cue(analysis, cue, after).id)


def test_the_cue_and_source_are_the_outlets_frame_of_their_attribution(analysis):
    segment = segment_at(analysis, "he claimed")
    assert (segment.voice, segment.attribution) == (
        Voice.OUTLET,
        by_cue(analysis, "claimed", "ideology,”").id,
    )


@pytest.mark.parametrize(
    ("cue", "after", "stance"),
    [
        ("claimed", "ideology,”", Stance.DISTANCING),
        ("went on to allege", "", Stance.DISTANCING),
        ("insisted", "", Stance.DISTANCING),
        ("said", "Peskov also", Stance.NEUTRAL),
        ("stated", "", Stance.NEUTRAL),
        ("According to", "", Stance.NEUTRAL),
        ("has claimed", "", Stance.DISTANCING),
    ],
)
def test_cue_stances(analysis, cue, after, stance):
    assert by_cue(analysis, cue, after).stance is stance


def test_peskovs_profile_is_distancing(analysis):
    profile = next(p for p in analysis.stance_profiles if p.name == "Dmitry Peskov")
    assert profile.dominant is Stance.DISTANCING
    assert profile.counts[Stance.DISTANCING] == len(PESKOV_DISTANCING)
    assert [cue for cue in profile.cues if cue in PESKOV_DISTANCING] == list(PESKOV_DISTANCING)
    assert {"said", "stated"} <= set(profile.cues)


def test_no_scare_quotes(analysis):
    assert analysis.scare_quotes == []


def test_every_sentence_has_a_voice(analysis):
    covered = "".join(segment.span.text for segment in analysis.voice)
    assert covered.replace(" ", "") == EXAMPLE_TEXT.replace(" ", "").replace("\n", "")
