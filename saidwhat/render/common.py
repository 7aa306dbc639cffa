"""Wording shared by the renderers, so the table and the HTML report describe things alike."""

from __future__ import annotations

import re

from saidwhat.model import (
    Analysis,
    Attribution,
    AttributionKind,
    Claim,
    StanceProfile,
    Technique,
    Voice,
    VoiceSegment,
)

KIND_LABELS: dict[AttributionKind, str] = {
    AttributionKind.DIRECT: "direct",
    AttributionKind.INDIRECT: "indirect",
    AttributionKind.MIXED: "mixed",
    AttributionKind.ACCORDING_TO: "according to",
    AttributionKind.FOLLOW_ON: "follow-on",
}

_WHITESPACE = re.compile(r"\s+")

#: Joins the parts of a discontinuous content ("“We will”, he said, “win.”").
CONTENT_GAP = " … "


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made a single space."""
    return _WHITESPACE.sub(" ", text).strip()


def content_text(attribution: Attribution) -> str:
    return CONTENT_GAP.join(one_line(span.text) for span in attribution.content)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Break at the last space if that keeps most of the text; a very long word is cut mid-word.
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def speaker_label(attribution: Attribution) -> str:
    """The resolved speaker's name with role and organisation.

    E.g. "Dmitry Peskov (Press Secretary, Kremlin)".
    """
    speaker = attribution.speaker
    if speaker is None:
        return ""
    details = [part for part in (speaker.role, speaker.organization) if part]
    return f"{speaker.name} ({', '.join(details)})" if details else speaker.name


def article_title(analysis: Analysis) -> str:
    return analysis.article.metadata.title or analysis.article.id


def article_byline(analysis: Analysis) -> str:
    """Outlet, date and origin of the article on one line ("" when none is known)."""
    meta = analysis.article.metadata
    parts = [meta.outlet, meta.published, ", ".join(meta.authors) or None, meta.source_file or meta.url]
    if meta.title:  # the id is the heading when there is no title; otherwise show it here
        parts.append(f"id {analysis.article.id}")
    return " · ".join(part for part in parts if part)


def attribution_numbers(analysis: Analysis) -> dict[str, int]:
    """Each attribution's id to the number it is shown with (its position, from 1)."""
    return {attribution.id: number for number, attribution in enumerate(analysis.attributions, start=1)}


def stance_text(attribution: Attribution) -> str:
    return attribution.stance.value if attribution.stance is not None else "—"


def outlet_assertions(analysis: Analysis) -> list[VoiceSegment]:
    """The outlet's own, unattributed statements: outlet-voice segments that frame no attribution.

    What a fact-checker reads first; a reporting frame ("he claimed") is outlet voice too, but what it
    asserts is that someone spoke, which is checked by checking the attribution.
    """
    return [
        segment for segment in analysis.voice if segment.attribution is None and segment.voice == "outlet"
    ]


def voice_summary(analysis: Analysis) -> str:
    """How the article's sentences and clauses divide between voices, in words."""
    assertions = len(outlet_assertions(analysis))
    reported = sum(1 for segment in analysis.voice if segment.voice is Voice.REPORTED)
    frames = len(analysis.voice) - assertions - reported
    return f"{reported} reported, {frames} reporting frames, {assertions} outlet assertions"


def profile_counts(profile: StanceProfile) -> str:
    """ "distancing 3, neutral 3": the stances used, commonest first."""
    used = sorted(((n, stance) for stance, n in profile.counts.items() if n), key=lambda item: -item[0])
    return ", ".join(f"{stance.value} {n}" for n, stance in used)


def technique_user(analysis: Analysis, technique: Technique) -> str:
    """Who uses the technique: the speaker's name, or "outlet" / "unknown" as the model says."""
    names = {entity.id: entity.name for entity in analysis.entities}
    return names.get(technique.user, technique.user)


def claimant_label(analysis: Analysis, claim: Claim) -> str:
    """Who makes the claim: the speaker's name, "outlet", or "unknown" (with the source's words)."""
    names = {entity.id: entity.name for entity in analysis.entities}
    if claim.claimant in names:
        return names[claim.claimant]
    if claim.claimant == "unknown" and claim.claimant_name:
        return f"unknown ({claim.claimant_name})"
    return claim.claimant


#: Factors shown per claim in the table and the report; the JSON has them all.
FACTORS_SHOWN = 3


def factor_summary(claim: Claim, limit: int = FACTORS_SHOWN) -> str:
    """The strongest reasons for the claim's score: "+number (700,000); −first_person (We)"."""
    parts = []
    for factor in claim.factors[:limit]:
        sign = "+" if factor.effect > 0 else "−"
        detail = f" ({factor.detail})" if factor.detail else ""
        parts.append(f"{sign}{factor.feature.replace('_', ' ')}{detail}")
    return "; ".join(parts)


def canonical_names(analysis: Analysis) -> list[tuple[str, str]]:
    """(name in the article, canonical name) of every entity whose canonical name differs."""
    return [
        (entity.name, entity.canonical)
        for entity in analysis.entities
        if entity.canonical is not None and entity.canonical != entity.name
    ]
