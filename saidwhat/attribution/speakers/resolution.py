"""What a resolution returns: the speaker, its calibrated confidence, the candidates and why."""

from __future__ import annotations

from dataclasses import dataclass

from saidwhat.attribution.calibration import NO_RULE
from saidwhat.model import Entity, Span, Speaker, SpeakerCandidate

MIN_CONFIDENCE = 0.5
MIN_CANDIDATE_SCORE = 0.02  # alternatives scoring less are noise, not worth listing


@dataclass(frozen=True)
class Resolution:
    """Who a source refers to.

    ``confidence`` is the probability that ``speaker`` is right; when ``speaker`` is None it is the
    probability the best candidate would have been right (always below :data:`MIN_CONFIDENCE`, or 0.0
    when there is no candidate).
    """

    speaker: Speaker | None
    confidence: float
    candidates: list[SpeakerCandidate]
    explanation: str
    #: Which rule resolved it (a key of :data:`RULES`; ``"none"`` when nothing did): stable, for calibration.
    rule: str = NO_RULE
    #: The rule's confidence before calibration.
    raw_confidence: float = 0.0
    #: The mention the resolver read in place of the attribution's source, when it had none or one
    #: that names no one (the subject a participle shares, a name next to the cue): the source to show.
    mention: Span | None = None


def speaker_of(entity: Entity) -> Speaker:
    return Speaker(
        id=entity.id, name=entity.name, type=entity.type, role=entity.role, organization=entity.organization
    )
