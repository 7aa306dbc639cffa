"""Per-speaker stance profiles built from attributions with their stances."""

from __future__ import annotations

import pytest

from saidwhat.framing.profiles import stance_profiles
from saidwhat.model import Attribution, AttributionKind, EntityType, Span, Speaker, Stance

TEXT = "he claimed he said he insisted he warned"
PESKOV = Speaker(id="E1", name="Dmitry Peskov", type=EntityType.PERSON)
KREMLIN = Speaker(id="E2", name="Kremlin", type=EntityType.ORGANIZATION)


def said(cue: str, stance: Stance | None, speaker: Speaker | None = PESKOV, **extra) -> Attribution:
    start = TEXT.index(cue)
    return Attribution(
        id=f"A{start}",
        kind=AttributionKind.INDIRECT,
        cue=Span.of(TEXT, start, start + len(cue)),
        content=[Span.of(TEXT, 0, 2)],
        source=None,
        speaker=speaker,
        confidence=0.9,
        stance=stance,
        **extra,
    )


def test_counts_cues_and_dominant_stance_per_speaker():
    profiles = stance_profiles(
        [
            said("claimed", Stance.DISTANCING),
            said("said", Stance.NEUTRAL, KREMLIN),
            said("insisted", Stance.DISTANCING),
            said("warned", Stance.EMPHATIC),
        ]
    )
    assert [p.name for p in profiles] == ["Dmitry Peskov", "Kremlin"]
    peskov = profiles[0]
    assert peskov.counts == {Stance.NEUTRAL: 0, Stance.DISTANCING: 2, Stance.ENDORSING: 0, Stance.EMPHATIC: 1}
    assert peskov.cues == ["claimed", "insisted", "warned"]
    assert peskov.dominant is Stance.DISTANCING
    assert profiles[1].dominant is None  # neutral verbs only


@pytest.mark.parametrize(
    ("first", "second", "dominant"),
    [
        (Stance.EMPHATIC, Stance.DISTANCING, Stance.EMPHATIC),
        (Stance.DISTANCING, Stance.EMPHATIC, Stance.DISTANCING),
    ],
)
def test_a_tie_goes_to_the_stance_used_first(first, second, dominant):
    profiles = stance_profiles([said("claimed", first), said("insisted", second)])
    assert profiles[0].dominant is dominant


def test_unresolved_speakers_follow_ons_and_unknown_stances_are_not_counted():
    follow_on = said("said", Stance.DISTANCING).model_copy(update={"cue": None, "continues": "A3"})
    profiles = stance_profiles(
        [
            said("claimed", Stance.DISTANCING, None),
            follow_on,
            said("warned", None),
            said("insisted", Stance.NEUTRAL),
        ]
    )
    assert [(p.speaker, p.cues) for p in profiles] == [("E1", ["insisted"])]
