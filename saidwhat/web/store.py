"""The web app's repository over the corpus store (:mod:`saidwhat.store`): SQLite or PostgreSQL.

Listing selects only the columns a corpus row shows, one page at a time, plus one count; the stored
analysis JSON is read only for the one article being viewed. Words are searched with the store's
full-text index (FTS5 on SQLite, the ``search`` tsvector on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, literal_column, select, text
from sqlalchemy.orm import Session

from saidwhat.model import Analysis
from saidwhat.render.common import one_line
from saidwhat.store import Store, content_hash, save_analysis
from saidwhat.store.tables import ArticleRow, AttributionRow
from saidwhat.web.repository import ArticleSummary, CorpusPage, CorpusQuery


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
