"""What the article view shows, built from an :class:`~saidwhat.model.Analysis`.

The same objects feed the HTML page (through its Jinja2 template) and the JSON API, so the two never
disagree. The text is cut into flat segments by :mod:`saidwhat.render.segments`, the segmentation the
self-contained HTML report uses; the template escapes every piece of text (Jinja2 autoescape).
"""

from __future__ import annotations

import urllib.parse
from collections import defaultdict

from pydantic import BaseModel, Field

from saidwhat.model import Analysis, Attribution, Claim, ClaimMatch, Stance
from saidwhat.render.common import (
    KIND_LABELS,
    article_byline,
    article_title,
    content_text,
    one_line,
    outlet_assertions,
    stance_text,
    technique_user,
    truncate,
    voice_summary,
)
from saidwhat.render.segments import Mark, SpeakerColours, analysis_marks, segment, simple_mark

CONTENT_LIMIT = 300
#: Claims at or above this calibrated score are check-worthy (see :class:`saidwhat.model.Claim`).
CHECKWORTHY = 0.5


class TextSegment(BaseModel):
    """A run of the article text covered by the same marks."""

    text: str
    classes: list[str] = Field(description="CSS classes: content, spk-N, cue, source, outlet, frame, ….")
    note: str = Field(description="What the marks covering the run are, for a tooltip.")
    refs: list[str] = Field(description="Side-panel rows the run belongs to: a3, t1, c2, o1, q1.")
    anchors: list[str] = Field(description="Refs whose first run this is (the targets of 'show in text').")


class SpeakerRow(BaseModel):
    id: str
    name: str
    role: str | None = None
    organization: str | None = None
    colour: str = Field(description="The speaker's colour class in the text (spk-N).")
    refs: list[str] = Field(description="The speaker's attributions.")
    counts: dict[Stance, int] = Field(description="Attributions per stance of their cue.")
    dominant: Stance | None = None
    cues: list[str]


class AttributionRow(BaseModel):
    ref: str
    number: int
    kind: str
    speaker: str | None = Field(description="The resolved speaker's name, null when unresolved.")
    source: str | None = Field(description="The mention of the speaker in the text.")
    colour: str
    cue: str | None
    stance: str
    content: str
    confidence: float


class ClaimRow(BaseModel):
    ref: str
    rank: int
    text: str
    claimant: str
    kind: str
    checkworthiness: float
    checkworthy: bool
    matches: list[ClaimMatch]
    safe_urls: list[str | None] = Field(
        description="Each match's URL when it is http(s), else null (never rendered as a link)."
    )


class TechniqueRow(BaseModel):
    ref: str
    technique: str
    text: str
    confidence: float


class TechniqueGroup(BaseModel):
    user: str = Field(description="Who uses the techniques: a speaker's name, 'outlet' or 'unknown'.")
    techniques: list[TechniqueRow]


class TextRow(BaseModel):
    """An outlet assertion (o1…) or a scare quote (q1…)."""

    ref: str
    text: str
    context: str | None = None


class ArticlePanels(BaseModel):
    """The side panel of the article view."""

    speakers: list[SpeakerRow]
    attributions: list[AttributionRow]
    claims: list[ClaimRow] = Field(description="Most check-worthy first.")
    techniques: list[TechniqueGroup]
    assertions: list[TextRow] = Field(description="The outlet's own, unattributed assertions.")
    scare_quotes: list[TextRow]
    voice: str = Field(description="How the sentences divide between voices, in words.")


class ArticleView(BaseModel):
    id: int
    title: str
    byline: str
    segments: list[TextSegment]
    panels: ArticlePanels


def article_view(article_id: int, analysis: Analysis) -> ArticleView:
    claims = ranked_claims(analysis)
    return ArticleView(
        id=article_id,
        title=one_line(article_title(analysis)),
        byline=one_line(article_byline(analysis)),
        segments=text_segments(analysis, claims),
        panels=article_panels(analysis, claims),
    )


def ranked_claims(analysis: Analysis) -> list[Claim]:
    return sorted(analysis.claims, key=lambda claim: -claim.checkworthiness)


def text_segments(analysis: Analysis, claims: list[Claim]) -> list[TextSegment]:
    """The text in flat runs. Entity mentions are left out: the web view marks what analysts read."""
    marks = [*analysis_marks(analysis, entities=False), *_claim_marks(claims)]
    text = analysis.article.text
    seen: set[str] = set()
    segments: list[TextSegment] = []
    for piece in segment(len(text), marks):
        refs = piece.refs()
        anchors = [ref for ref in refs if ref not in seen]
        seen.update(anchors)
        segments.append(
            TextSegment(
                text=text[piece.start : piece.end],
                classes=piece.classes(),
                note=piece.note(),
                refs=refs,
                anchors=anchors,
            )
        )
    return segments


def _claim_marks(claims: list[Claim]) -> list[Mark]:
    return [
        simple_mark(
            claim.span,
            "claim" if claim.checkworthiness >= CHECKWORTHY else "claim-low",
            f"claim {rank} ({claim.kind.value}, check-worthiness {claim.checkworthiness:.2f})",
            f"c{rank}",
        )
        for rank, claim in enumerate(claims, start=1)
    ]


def article_panels(analysis: Analysis, claims: list[Claim]) -> ArticlePanels:
    colours = SpeakerColours(analysis.attributions)
    return ArticlePanels(
        speakers=speaker_rows(analysis, colours),
        attributions=[
            _attribution_row(attribution, number, colours)
            for number, attribution in enumerate(analysis.attributions, start=1)
        ],
        claims=[_claim_row(claim, rank) for rank, claim in enumerate(claims, start=1)],
        techniques=technique_groups(analysis),
        assertions=[
            TextRow(ref=f"o{number}", text=one_line(item.span.text))
            for number, item in enumerate(outlet_assertions(analysis), start=1)
        ],
        scare_quotes=[
            TextRow(ref=f"q{number}", text=one_line(quote.span.text), context=one_line(quote.sentence.text))
            for number, quote in enumerate(analysis.scare_quotes, start=1)
        ],
        voice=voice_summary(analysis),
    )


def speaker_rows(analysis: Analysis, colours: SpeakerColours) -> list[SpeakerRow]:
    """Each resolved speaker once, in order of first appearance, with their stance profile."""
    profiles = {profile.speaker: profile for profile in analysis.stance_profiles}
    rows: dict[str, SpeakerRow] = {}
    for number, attribution in enumerate(analysis.attributions, start=1):
        speaker = attribution.speaker
        if speaker is None:
            continue
        if speaker.id not in rows:
            profile = profiles.get(speaker.id)
            rows[speaker.id] = SpeakerRow(
                id=speaker.id,
                name=speaker.name,
                role=speaker.role,
                organization=speaker.organization,
                colour=colours.of_speaker(speaker.id),
                refs=[],
                counts=dict(profile.counts) if profile else {},
                dominant=profile.dominant if profile else None,
                cues=[one_line(cue) for cue in profile.cues] if profile else [],
            )
        rows[speaker.id].refs.append(f"a{number}")
    return list(rows.values())


def _attribution_row(attribution: Attribution, number: int, colours: SpeakerColours) -> AttributionRow:
    return AttributionRow(
        ref=f"a{number}",
        number=number,
        kind=KIND_LABELS[attribution.kind],
        speaker=attribution.speaker.name if attribution.speaker else None,
        source=one_line(attribution.source.text) if attribution.source else None,
        colour=colours.css_class(attribution),
        cue=one_line(attribution.cue.text) if attribution.cue else None,
        stance=stance_text(attribution),
        content=truncate(content_text(attribution), CONTENT_LIMIT),
        confidence=attribution.confidence,
    )


def _claim_row(claim: Claim, rank: int) -> ClaimRow:
    return ClaimRow(
        ref=f"c{rank}",
        rank=rank,
        text=truncate(one_line(claim.span.text), CONTENT_LIMIT),
        claimant=claim.claimant_name or claim.claimant,
        kind=claim.kind.value,
        checkworthiness=claim.checkworthiness,
        checkworthy=claim.checkworthiness >= CHECKWORTHY,
        matches=claim.matches,
        safe_urls=[safe_url(match.url) for match in claim.matches],
    )


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: a stored URL may be ``javascript:…``."""
    if url is None:
        return None
    scheme = urllib.parse.urlsplit(url.strip()).scheme.lower()
    return url if scheme in ("http", "https") else None


def technique_groups(analysis: Analysis) -> list[TechniqueGroup]:
    """The techniques grouped by who uses them, groups in order of first use."""
    groups: dict[str, list[TechniqueRow]] = defaultdict(list)
    for number, technique in enumerate(analysis.techniques, start=1):
        groups[technique_user(analysis, technique)].append(
            TechniqueRow(
                ref=f"t{number}",
                technique=technique.technique.value,
                text=truncate(one_line(technique.span.text), CONTENT_LIMIT),
                confidence=technique.confidence,
            )
        )
    return [TechniqueGroup(user=user, techniques=rows) for user, rows in groups.items()]
