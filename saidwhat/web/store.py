"""The web app's repository over the corpus store (:mod:`saidwhat.store`): SQLite or PostgreSQL.

Listing selects only the columns a corpus row shows, one page at a time, plus one count; the stored
analysis JSON is read only for the one article being viewed. Words are searched with the store's
full-text index (FTS5 on SQLite, the ``search`` tsvector on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, extract, func, literal_column, select, text
from sqlalchemy.orm import Session

from saidwhat.model import Analysis
from saidwhat.render.common import one_line
from saidwhat.store import Store, content_hash, save_analysis
from saidwhat.store.tables import ArticleRow, AttributionRow, SpeakerNameRow, SpeakerRow, TechniqueRow
from saidwhat.web.repository import (
    ArticleSummary,
    CorpusPage,
    CorpusQuery,
    OutletStats,
    SpeakerActivity,
)


class StoreRepository:
    """Articles in a corpus store; ids are the store's article ids."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, analysis: Analysis) -> int:
        """Store the analysis unless the same article (same content hash) is stored already."""
        digest = content_hash(analysis.article)
        with self.store.session() as session:
            save_analysis(session, analysis)
            article_id = session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
        assert article_id is not None  # just written, or there already
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

    def close(self) -> None:
        self.store.close()

    def _conditions(self, query: CorpusQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.q and query.q.split():
            conditions.append(self._full_text(query.q))
        if query.outlet:
            conditions.append(ArticleRow.outlet.ilike(_like(query.outlet), escape="\\"))
        if query.speaker:
            conditions.append(
                exists().where(
                    AttributionRow.article_id == ArticleRow.id,
                    AttributionRow.speaker_name.ilike(_like(query.speaker), escape="\\"),
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
