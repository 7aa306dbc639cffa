"""Stance profiles: how the outlet's reporting verbs position it toward each speaker over an article."""

from __future__ import annotations

from collections.abc import Iterable

from saidwhat.model import Attribution, Stance, StanceProfile


def stance_profiles(attributions: Iterable[Attribution]) -> list[StanceProfile]:
    """One profile per resolved speaker, in order of the speaker's first cued attribution.

    Only attributions with a cue of their own and a known stance count: a follow-on quotation repeats
    the stance of the cue it continues, and counting it again would weigh one verb twice. Unresolved
    speakers get no profile (there is no entity to attach it to).
    """
    cued: dict[str, list[Attribution]] = {}
    for attribution in attributions:
        if attribution.speaker is None or attribution.cue is None or attribution.stance is None:
            continue
        cued.setdefault(attribution.speaker.id, []).append(attribution)
    return [_profile(group) for group in cued.values()]


def _profile(attributions: list[Attribution]) -> StanceProfile:
    speaker = attributions[0].speaker
    assert speaker is not None  # grouped by speaker above
    counts = dict.fromkeys(Stance, 0)
    for attribution in attributions:
        assert attribution.stance is not None
        counts[attribution.stance] += 1
    return StanceProfile(
        speaker=speaker.id,
        name=speaker.name,
        counts=counts,
        cues=[attribution.cue.text for attribution in attributions if attribution.cue is not None],
        dominant=dominant_stance(attributions),
    )


def dominant_stance(attributions: list[Attribution]) -> Stance | None:
    """The commonest non-neutral stance; a tie goes to the stance used first in the article."""
    counts: dict[Stance, int] = {}
    for attribution in attributions:  # insertion order = order of first use
        if attribution.stance is not None and attribution.stance is not Stance.NEUTRAL:
            counts[attribution.stance] = counts.get(attribution.stance, 0) + 1
    return max(counts, key=lambda stance: counts[stance]) if counts else None
