"""The web app's repository over the corpus store (:mod:`saidwhat.store`): SQLite or PostgreSQL.

Listing selects only the columns a corpus row shows, one page at a time, plus one count; the stored
analysis JSON is read only for the one article being viewed. Words are searched with the store's
full-text index (FTS5 on SQLite, the ``search`` tsvector on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, exists, extract, func, literal_column, select, text
from sqlalchemy.orm import Session

from saidwhat.corpus import queries
from saidwhat.model import Analysis
from saidwhat.render.common import one_line
from saidwhat.store import Store, content_hash, save_analysis
from saidwhat.store.tables import ArticleRow, AttributionRow, SpeakerNameRow, SpeakerRow, TechniqueRow
from saidwhat.web.repository import (
    CUES_SHOWN,
    ArticleSummary,
    ClaimCluster,
    ClaimClusterDetail,
    ClaimClusterPage,
    CorpusPage,
    CorpusQuery,
    OutletFraming,
    OutletStats,
    SpeakerActivity,
    SpeakerProfile,
    TimelineRow,
)

T = TypeVar("T")
#: Aggregates remembered at most (charts, speaker pages); the oldest goes first.
CACHE_SIZE = 256


class StoreRepository:
    """Articles in a corpus store; ids are the store's article ids."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._cache_version: tuple[int, int] | None = None
        self._cache_lock = threading.Lock()

    def _cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the store's articles change (their count or newest id).

        The charts and speaker pages aggregate over the whole corpus (about a second on ten thousand
        articles); checking the version is one indexed query.
        """
        with self.store.session() as session:
            row = session.execute(select(func.count(), func.max(ArticleRow.id))).one()
        version = (int(row[0]), int(row[1] or 0))
        with self._cache_lock:
            if version != self._cache_version:
                self._cache = {}
                self._cache_version = version
            if key in self._cache:
                return cast(T, self._cache[key])
        value = compute()
        with self._cache_lock:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = value
        return value

    def add(self, analysis: Analysis) -> int:
        """Store the analysis unless the same article (same content hash) is stored already."""
        digest = content_hash(analysis.article)
        with self.store.session() as session:
            save_analysis(session, analysis)
            article_id = session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
        assert article_id is not None  # just written, or there already
        from saidwhat.corpus.clusters import update_clusters

        update_clusters(self.store, articles=[article_id])  # its claims join the claim clusters
        return article_id

    def get(self, article_id: int) -> Analysis | None:
        with self.store.session() as session:
            stored = session.scalar(select(ArticleRow.analysis).where(ArticleRow.id == article_id))
        return None if stored is None else Analysis.model_validate(stored)

    def search(self, query: CorpusQuery, page: int, per_page: int) -> CorpusPage:
        with self.store.session() as session:
            conditions = self._conditions(query)
            total = session.scalar(select(func.count()).select_from(ArticleRow).where(*conditions)) or 0
            rows = session.execute(
                select(
                    ArticleRow.id, ArticleRow.title, ArticleRow.key, ArticleRow.outlet, ArticleRow.published
                )
                .where(*conditions)
                .order_by(ArticleRow.id.desc())
                .offset((page - 1) * per_page)
                .limit(per_page)
            ).all()
            counts, speakers = _attribution_facts(session, [row.id for row in rows])
        items = [
            ArticleSummary(
                id=row.id,
                title=one_line(row.title or row.key),
                outlet=row.outlet,
                published=row.published,
                attributions=counts.get(row.id, 0),
                speakers=speakers.get(row.id, []),
            )
            for row in rows
        ]
        return CorpusPage(items=items, total=total, page=page, per_page=per_page)

    def outlet_stats(self, limit: int) -> list[OutletStats]:
        return self._cached(("outlets", limit), lambda: self._outlet_stats(limit))

    def _outlet_stats(self, limit: int) -> list[OutletStats]:
        with self.store.session() as session:
            top = session.execute(
                select(ArticleRow.outlet, func.count().label("n"))
                .where(ArticleRow.outlet.is_not(None))
                .group_by(ArticleRow.outlet)
                .order_by(func.count().desc(), ArticleRow.outlet)
                .limit(limit)
            ).all()
            rows = {
                row.outlet: OutletStats(outlet=row.outlet, articles=row.n, stances={}, techniques={})
                for row in top
            }
            stances = session.execute(
                select(ArticleRow.outlet, AttributionRow.stance, func.count().label("n"))
                .join(ArticleRow, AttributionRow.article_id == ArticleRow.id)
                .where(ArticleRow.outlet.in_(list(rows)))
                .group_by(ArticleRow.outlet, AttributionRow.stance)
            ).all()
            for row in stances:
                rows[row.outlet].stances[row.stance or "none"] = row.n
            techniques = session.execute(
                select(ArticleRow.outlet, TechniqueRow.technique, func.count().label("n"))
                .join(ArticleRow, TechniqueRow.article_id == ArticleRow.id)
                .where(ArticleRow.outlet.in_(list(rows)), TechniqueRow.user == "outlet")
                .group_by(ArticleRow.outlet, TechniqueRow.technique)
            ).all()
            for row in techniques:
                rows[row.outlet].techniques[row.technique] = row.n
        return list(rows.values())

    def speaker_activity(self, limit: int) -> list[SpeakerActivity]:
        """Speakers by the store's identities where grouped (``speakers``), else by the name reported."""
        return self._cached(("speakers", limit), lambda: self._speaker_activity(limit))

    def _speaker_activity(self, limit: int) -> list[SpeakerActivity]:
        name = func.coalesce(SpeakerRow.name, AttributionRow.speaker_name).label("name")
        base = (
            select(name)
            .select_from(AttributionRow)
            .outerjoin(SpeakerNameRow, SpeakerNameRow.key == AttributionRow.speaker_key)
            .outerjoin(SpeakerRow, SpeakerRow.id == SpeakerNameRow.speaker_id)
            .where(AttributionRow.speaker_name.is_not(None))
        )
        with self.store.session() as session:
            top = session.execute(
                base.add_columns(func.count().label("n"))
                .group_by(name)
                .order_by(func.count().desc(), name)
                .limit(limit)
            ).all()
            rows = {row.name: SpeakerActivity(speaker=row.name, attributions=row.n, months={}) for row in top}
            year = extract("year", ArticleRow.published_date).label("year")
            month = extract("month", ArticleRow.published_date).label("month")
            monthly = session.execute(
                base.add_columns(year, month, func.count().label("n"))
                .join(ArticleRow, AttributionRow.article_id == ArticleRow.id)
                .where(ArticleRow.published_date.is_not(None), name.in_(list(rows)))
                .group_by(name, year, month)
            ).all()
            for row in monthly:
                rows[row.name].months[f"{int(row.year):04d}-{int(row.month):02d}"] = row.n
        return list(rows.values())

    def speaker_profile(self, speaker: str, page: int, per_page: int) -> SpeakerProfile | None:
        """The identity (``saidwhat.corpus``'s grouping of name variants) with this id or name."""
        return self._cached(
            ("speaker", speaker, page, per_page), lambda: self._speaker_profile(speaker, page, per_page)
        )

    def _speaker_profile(self, speaker: str, page: int, per_page: int) -> SpeakerProfile | None:
        found = queries.speakers(self.store, name=speaker, per_page=1)
        if not found.rows:
            return None
        identity = found.rows[0]
        keys = select(SpeakerNameRow.key).where(SpeakerNameRow.speaker_id == identity["id"])
        spoken = (
            select(ArticleRow.outlet, AttributionRow.stance, AttributionRow.cue)
            .join(ArticleRow, AttributionRow.article_id == ArticleRow.id)
            .where(AttributionRow.speaker_key.in_(keys))
        )
        with self.store.session() as session:
            framing = session.execute(
                spoken.add_columns(func.count().label("n")).group_by(
                    ArticleRow.outlet, AttributionRow.stance, AttributionRow.cue
                )
            ).all()
            timeline = session.execute(
                spoken.add_columns(
                    ArticleRow.id,
                    ArticleRow.title,
                    ArticleRow.key,
                    ArticleRow.published_date,
                    AttributionRow.content,
                )
                .order_by(ArticleRow.published_date.is_(None), ArticleRow.published_date, ArticleRow.id)
                .offset((page - 1) * per_page)
                .limit(per_page)
            ).all()
        return SpeakerProfile(
            id=identity["id"],
            name=identity["name"],
            names=identity["names"],
            attributions=identity["attributions"],
            outlets=_framing(framing),
            timeline=[
                TimelineRow(
                    article_id=row.id,
                    title=one_line(row.title or row.key),
                    outlet=row.outlet,
                    date=row.published_date.isoformat() if row.published_date else None,
                    cue=row.cue,
                    stance=row.stance,
                    content=row.content,
                )
                for row in timeline
            ],
            page=page,
            per_page=per_page,
        )

    def claim_clusters(self, query: CorpusQuery, page: int, per_page: int) -> ClaimClusterPage | None:
        """The stored clusters (nothing is embedded per request), one page of them."""
        from saidwhat.corpus.clusters import claim_clusters

        filters = queries.Filters(
            text=query.q,
            outlet=query.outlet,
            speaker=query.speaker,
            since=dt.date.fromisoformat(query.date_from) if query.date_from else None,
            until=dt.date.fromisoformat(query.date_to) if query.date_to else None,
            stance=query.stance,
            technique=query.technique.value if query.technique else None,
        )
        found = claim_clusters(self.store, filters, page=page, per_page=per_page)
        items = [ClaimCluster.model_validate(row) for row in found.rows]
        return ClaimClusterPage(items=items, total=found.total, page=found.page, per_page=per_page)

    def claim_cluster(self, cluster_id: int, page: int, per_page: int) -> ClaimClusterDetail | None:
        from saidwhat.corpus.clusters import claim_cluster

        found = claim_cluster(self.store, cluster_id, page=page, per_page=per_page)
        return None if found is None else ClaimClusterDetail.model_validate(found)

    def close(self) -> None:
        self.store.close()

    def _conditions(self, query: CorpusQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.q and query.q.split():
            conditions.append(self._full_text(query.q))
        if query.outlet:
            conditions.append(ArticleRow.outlet.ilike(_like(query.outlet), escape="\\"))
        if query.speaker:
            # Through the small table of distinct names, then the indexed name key: scanning every
            # attribution's name with LIKE costs a second on ten thousand articles.
            keys = select(SpeakerNameRow.key).where(
                SpeakerNameRow.name.ilike(_like(query.speaker), escape="\\")
            )
            conditions.append(
                exists().where(
                    AttributionRow.article_id == ArticleRow.id, AttributionRow.speaker_key.in_(keys)
                )
            )
        if query.stance:
            conditions.append(
                exists().where(
                    AttributionRow.article_id == ArticleRow.id, AttributionRow.stance == query.stance.value
                )
            )
        if query.technique:
            conditions.append(
                exists().where(
                    TechniqueRow.article_id == ArticleRow.id, TechniqueRow.technique == query.technique.value
                )
            )
        if query.date_from:
            conditions.append(ArticleRow.published_date >= dt.date.fromisoformat(query.date_from))
        if query.date_to:
            conditions.append(ArticleRow.published_date <= dt.date.fromisoformat(query.date_to))
        return conditions

    def _full_text(self, words: str) -> ColumnElement[bool]:
        if self.store.dialect == "postgresql":
            return literal_column("articles.search").op("@@")(func.plainto_tsquery("english", words))
        # Each word as an FTS5 string, so the user's quotes, stars and ORs are words, not syntax.
        phrase = " ".join('"' + word.replace('"', '""') + '"' for word in words.split())
        matching: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text("articles_fts"))
            .where(text("articles_fts MATCH :phrase").bindparams(phrase=phrase))
        )
        return ArticleRow.id.in_(matching)


def _framing(rows: Sequence[Any]) -> list[OutletFraming]:
    """(outlet, stance, cue, n) counts to one :class:`OutletFraming` per outlet, most attributions first."""
    stances: dict[str | None, Counter[str]] = defaultdict(Counter)
    cues: dict[str | None, Counter[str]] = defaultdict(Counter)
    for row in rows:
        stances[row.outlet][row.stance or "none"] += row.n
        if row.cue:
            cues[row.outlet][one_line(row.cue).casefold()] += row.n
    outlets = sorted(stances, key=lambda outlet: (-stances[outlet].total(), str(outlet)))
    return [
        OutletFraming(
            outlet=outlet,
            attributions=stances[outlet].total(),
            stances=dict(stances[outlet]),
            cues=[f"{cue} ({n})" for cue, n in cues[outlet].most_common(CUES_SHOWN)],
        )
        for outlet in outlets
    ]


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _attribution_facts(session: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Per article of the page: how many attributions, and the resolved speakers in order of appearance."""
    counts: dict[int, int] = {}
    speakers: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return counts, speakers
    rows = session.execute(
        select(AttributionRow.article_id, AttributionRow.speaker_name)
        .where(AttributionRow.article_id.in_(ids))
        .order_by(AttributionRow.article_id, AttributionRow.content_start)
    ).all()
    for row in rows:
        counts[row.article_id] = counts.get(row.article_id, 0) + 1
        if row.speaker_name and row.speaker_name not in speakers[row.article_id]:
            speakers[row.article_id].append(row.speaker_name)
    return counts, speakers
