"""Where the web app keeps analysed articles: one small interface, so pages never touch storage.

:class:`MemoryRepository` holds the articles analysed since the server started (no store given);
:class:`~saidwhat.web.store.StoreRepository` persists them in the corpus store. Listing is always a
page of summaries (``offset``/``limit``), so no page ever loads the whole corpus.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Protocol

from pydantic import BaseModel, Field, field_validator

from saidwhat.corpus.queries import page_count
from saidwhat.model import Analysis, ClaimMatch, Stance, TechniqueName
from saidwhat.render.common import CONTENT_GAP, article_title, one_line

MAX_PER_PAGE = 100
CUES_SHOWN = 8
_WORD = re.compile(r"\w+")
_MONTH = re.compile(r"\d{4}-\d{2}")


class CorpusQuery(BaseModel):
    """Filters of the corpus list; every field is optional and they combine with AND."""

    q: str | None = Field(default=None, description="Words that must all be in the title or text.")
    outlet: str | None = None
    speaker: str | None = Field(default=None, description="A resolved speaker's name (or part of it).")
    date_from: str | None = Field(default=None, description="Published on or after (YYYY-MM-DD).")
    date_to: str | None = Field(default=None, description="Published on or before (YYYY-MM-DD).")
    stance: Stance | None = Field(default=None, description="Has an attribution whose cue has this stance.")
    technique: TechniqueName | None = Field(default=None, description="Has a span using this technique.")

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


class _Paged(BaseModel):
    """One page of a longer list: ``total`` items in all, ``per_page`` to a page."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


class CorpusPage(_Paged):
    items: list[ArticleSummary]


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


class TimelineRow(BaseModel):
    """One thing a speaker was reported as saying, with the cue the outlet used."""

    article_id: int | None = Field(description="The article's id in the corpus, for its article view.")
    title: str
    outlet: str | None = None
    date: str | None = None
    cue: str | None = None
    stance: str | None = None
    content: str


class OutletFraming(BaseModel):
    """How one outlet introduced a speaker's words: attributions per stance and the cues used."""

    outlet: str | None
    attributions: int
    stances: dict[str, int]
    cues: list[str] = Field(description="The commonest cues, 'said (12)', most used first.")


class SpeakerProfile(BaseModel):
    """A speaker across the corpus: how each outlet framed them, and their timeline (one page of it)."""

    id: str
    name: str
    names: list[str] = Field(description="Every way the corpus names them.")
    attributions: int
    outlets: list[OutletFraming]
    timeline: list[TimelineRow] = Field(description="Oldest first; undated last.")
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.attributions, self.per_page)


class ClaimCluster(BaseModel):
    """One claim carried by several articles: its first wording, when and where it first appeared, who it
    was attributed to, and the fact-checks that match it."""

    id: int
    claim: str = Field(description="The earliest wording (the cluster's representative).")
    first_seen: str | None
    first_outlet: str | None
    outlets: list[str]
    attributed_to: list[str]
    cues: list[str] = Field(default_factory=list, description="The cues that introduced it, in date order.")
    articles: int
    size: int = Field(description="Claims and attributed contents grouped in the cluster.")
    wordings: list[str]
    matches: list[ClaimMatch] = Field(default_factory=list, description="Matching fact-checks, best first.")


class ClaimClusterPage(_Paged):
    items: list[ClaimCluster]


class ClusterMember(BaseModel):
    """One article's wording of the claim: where, when, who said it, with which cue."""

    article_id: int
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    speaker: str | None = None
    cue: str | None = None
    stance: str | None = None
    kind: str = Field(description="'claim' (the claims stage) or 'attribution' (a reported content).")
    text: str
    similarity: float = Field(description="Cosine to the member it joined the cluster by (1 for the first).")


class ClaimClusterDetail(ClaimCluster):
    members: list[ClusterMember] = Field(description="One page of the members, oldest first; undated last.")
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.size, self.per_page)


class Repository(Protocol):
    def add(self, analysis: Analysis) -> int:
        """Keep an analysis; return its article id (the same id for the same article again)."""

    def get(self, article_id: int) -> Analysis | None: ...

    def search(self, query: CorpusQuery, page: int, per_page: int) -> CorpusPage: ...

    def outlet_stats(self, limit: int) -> list[OutletStats]:
        """The ``limit`` outlets with most articles, most first."""

    def speaker_activity(self, limit: int) -> list[SpeakerActivity]:
        """The ``limit`` most reported speakers, most first."""

    def speaker_profile(self, speaker: str, page: int, per_page: int) -> SpeakerProfile | None:
        """The speaker with this identity id or name, or None."""

    def claim_clusters(self, query: CorpusQuery, page: int, per_page: int) -> ClaimClusterPage | None:
        """Stored claim clusters carried by two articles or more with a member in the scope of ``query``,
        most widely carried first; None when this repository has no clusters (no store)."""

    def claim_cluster(self, cluster_id: int, page: int, per_page: int) -> ClaimClusterDetail | None:
        """One claim cluster with one page of its members, or None."""

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

    def speaker_profile(self, speaker: str, page: int, per_page: int) -> SpeakerProfile | None:
        """Here a speaker is their resolved name (no identities across articles without a store)."""
        with self._lock:
            numbered = list(enumerate(self._analyses, start=1))
        rows: list[TimelineRow] = []
        for article_id, analysis in numbered:
            meta = analysis.article.metadata
            for attribution in analysis.attributions:
                if attribution.speaker is None or attribution.speaker.name.casefold() != speaker.casefold():
                    continue
                rows.append(
                    TimelineRow(
                        article_id=article_id,
                        title=one_line(article_title(analysis)),
                        outlet=meta.outlet,
                        date=(meta.published or "")[:10] or None,
                        cue=one_line(attribution.cue.text) if attribution.cue else None,
                        stance=attribution.stance.value if attribution.stance else None,
                        content=CONTENT_GAP.join(one_line(span.text) for span in attribution.content),
                    )
                )
        if not rows:
            return None
        rows.sort(key=lambda row: (row.date is None, row.date or ""))
        name = next(
            a.speaker.name
            for _, analysis in numbered
            for a in analysis.attributions
            if a.speaker is not None and a.speaker.name.casefold() == speaker.casefold()
        )
        start = (page - 1) * per_page
        return SpeakerProfile(
            id=name,
            name=name,
            names=[name],
            attributions=len(rows),
            outlets=outlet_framing(rows),
            timeline=rows[start : start + per_page],
            page=page,
            per_page=per_page,
        )

    def claim_clusters(self, query: CorpusQuery, page: int, per_page: int) -> ClaimClusterPage | None:
        return None  # claim clusters are the corpus store's (saidwhat.corpus.clusters)

    def claim_cluster(self, cluster_id: int, page: int, per_page: int) -> ClaimClusterDetail | None:
        return None

    def close(self) -> None:
        pass


def outlet_framing(rows: list[TimelineRow]) -> list[OutletFraming]:
    """Per outlet, most attributions first: stances and the commonest cues of ``rows``."""
    by_outlet: dict[str | None, list[TimelineRow]] = {}
    for row in rows:
        by_outlet.setdefault(row.outlet, []).append(row)
    framing = []
    for outlet, items in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        stances = Counter(item.stance or "none" for item in items)
        cues = Counter(item.cue.casefold() for item in items if item.cue)
        framing.append(
            OutletFraming(
                outlet=outlet,
                attributions=len(items),
                stances=dict(stances),
                cues=[f"{cue} ({n})" for cue, n in cues.most_common(CUES_SHOWN)],
            )
        )
    return framing


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
        query.stance is None or any(a.stance is query.stance for a in analysis.attributions),
        query.technique is None or any(t.technique is query.technique for t in analysis.techniques),
    ]
    return all(checks)


def _words(text: str) -> set[str]:
    """The words of a text, case-folded: what a full-text index would match (without stemming)."""
    return set(_WORD.findall(text.casefold()))


def _contains(haystack: str, needle: str) -> bool:
    return needle.casefold() in haystack.casefold()
