"""Wording shared by the renderers, so the table and the HTML report describe things alike."""

from __future__ import annotations

import re

from saidwhat.model import Analysis, Attribution, AttributionKind

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
