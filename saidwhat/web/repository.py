"""Where the web app keeps analysed articles: one small interface, so pages never touch storage.

:class:`MemoryRepository` holds the articles analysed since the server started (no store given);
:class:`~saidwhat.web.store.StoreRepository` persists them in the corpus store. Listing is always a
page of summaries (``offset``/``limit``), so no page ever loads the whole corpus.
"""

from __future__ import annotations

import re
import threading
from typing import Protocol

from pydantic import BaseModel, Field, field_validator

from saidwhat.model import Analysis
from saidwhat.render.common import article_title, one_line

MAX_PER_PAGE = 100
_WORD = re.compile(r"\w+")
_MONTH = re.compile(r"\d{4}-\d{2}")


class CorpusQuery(BaseModel):
    """Filters of the corpus list; every field is optional and they combine with AND."""

    q: str | None = Field(default=None, description="Words that must all be in the title or text.")
    outlet: str | None = None
    speaker: str | None = Field(default=None, description="A resolved speaker's name (or part of it).")
    date_from: str | None = Field(default=None, description="Published on or after (YYYY-MM-DD).")
    date_to: str | None = Field(default=None, description="Published on or before (YYYY-MM-DD).")

    @field_validator("q", "outlet", "speaker")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class ArticleSummary(BaseModel):
    id: int
    title: str
    outlet: str | None = None
    published: str | None = None
    attributions: int
    speakers: list[str] = Field(description="The resolved speakers' names, in order of first appearance.")


class CorpusPage(BaseModel):
    items: list[ArticleSummary]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class OutletStats(BaseModel):
    """How one outlet reports: the stance of its cues, and the techniques it uses in its own voice."""

    outlet: str
    articles: int
    stances: dict[str, int] = Field(description="Attributions per cue stance ('none' without a cue).")
    techniques: dict[str, int] = Field(
        description="Technique spans in the outlet's own voice, per technique."
    )


class SpeakerActivity(BaseModel):
    """How often a speaker is reported, per month of publication."""

    speaker: str
    attributions: int = Field(description="All their attributions, dated or not.")
    months: dict[str, int] = Field(description="Attributions per month ('YYYY-MM') of dated articles.")


class Repository(Protocol):
    def add(self, analysis: Analysis) -> int:
        """Keep an analysis; return its article id (the same id for the same article again)."""

    def get(self, article_id: int) -> Analysis | None: ...

    def search(self, query: CorpusQuery, page: int, per_page: int) -> CorpusPage: ...

    def outlet_stats(self, limit: int) -> list[OutletStats]:
        """The ``limit`` outlets with most articles, most first."""

    def speaker_activity(self, limit: int) -> list[SpeakerActivity]:
        """The ``limit`` most reported speakers, most first."""

    def close(self) -> None: ...


def summary(article_id: int, analysis: Analysis) -> ArticleSummary:
    meta = analysis.article.metadata
    speakers = dict.fromkeys(a.speaker.name for a in analysis.attributions if a.speaker is not None)
    return ArticleSummary(
        id=article_id,
        title=one_line(article_title(analysis)),
        outlet=meta.outlet,
        published=meta.published,
        attributions=len(analysis.attributions),
        speakers=list(speakers),
    )


class MemoryRepository:
    """Articles analysed since the server started, in memory, newest first in the list."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._analyses: list[Analysis] = []
        self._ids: dict[tuple[str, str], int] = {}

    def add(self, analysis: Analysis) -> int:
        key = (analysis.article.id, analysis.article.text)
        with self._lock:
            if key in self._ids:
                article_id = self._ids[key]
                self._analyses[article_id - 1] = analysis
                return article_id
            self._analyses.append(analysis)
            self._ids[key] = len(self._analyses)
            return len(self._analyses)

    def get(self, article_id: int) -> Analysis | None:
        with self._lock:
            if 1 <= article_id <= len(self._analyses):
                return self._analyses[article_id - 1]
        return None

    def search(self, query: CorpusQuery, page: int, per_page: int) -> CorpusPage:
        with self._lock:
            numbered = list(enumerate(self._analyses, start=1))
        hits = [(i, a) for i, a in reversed(numbered) if _matches(a, query)]
        start = (page - 1) * per_page
        items = [summary(i, a) for i, a in hits[start : start + per_page]]
        return CorpusPage(items=items, total=len(hits), page=page, per_page=per_page)

    def outlet_stats(self, limit: int) -> list[OutletStats]:
        with self._lock:
            analyses = list(self._analyses)
        stats: dict[str, OutletStats] = {}
        for analysis in analyses:
            outlet = analysis.article.metadata.outlet
            if not outlet:
                continue
            row = stats.setdefault(outlet, OutletStats(outlet=outlet, articles=0, stances={}, techniques={}))
            row.articles += 1
            for attribution in analysis.attributions:
                stance = attribution.stance.value if attribution.stance else "none"
                row.stances[stance] = row.stances.get(stance, 0) + 1
            for technique in analysis.techniques:
                if technique.user == "outlet":
                    name = technique.technique.value
                    row.techniques[name] = row.techniques.get(name, 0) + 1
        return sorted(stats.values(), key=lambda row: (-row.articles, row.outlet))[:limit]

    def speaker_activity(self, limit: int) -> list[SpeakerActivity]:
        with self._lock:
            analyses = list(self._analyses)
        rows: dict[str, SpeakerActivity] = {}
        for analysis in analyses:
            month = (analysis.article.metadata.published or "")[:7]
            for attribution in analysis.attributions:
                if attribution.speaker is None:
                    continue
                name = attribution.speaker.name
                row = rows.setdefault(name, SpeakerActivity(speaker=name, attributions=0, months={}))
                row.attributions += 1
                if _MONTH.fullmatch(month):
                    row.months[month] = row.months.get(month, 0) + 1
        return sorted(rows.values(), key=lambda row: (-row.attributions, row.speaker))[:limit]

    def close(self) -> None:
        pass


def _matches(analysis: Analysis, query: CorpusQuery) -> bool:
    meta = analysis.article.metadata
    published = (meta.published or "")[:10]
    checks = [
        query.q is None or _words(query.q) <= _words(f"{meta.title or ''} {analysis.article.text}"),
        query.outlet is None or _contains(meta.outlet or "", query.outlet),
        query.speaker is None
        or any(
            a.speaker is not None and _contains(a.speaker.name, query.speaker) for a in analysis.attributions
        ),
        query.date_from is None or (bool(published) and published >= query.date_from),
        query.date_to is None or (bool(published) and published <= query.date_to),
    ]
    return all(checks)


def _words(text: str) -> set[str]:
    """The words of a text, case-folded: what a full-text index would match (without stemming)."""
    return set(_WORD.findall(text.casefold()))


def _contains(haystack: str, needle: str) -> bool:
    return needle.casefold() in haystack.casefold()
