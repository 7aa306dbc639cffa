"""Questions a corpus answers, the same on SQLite and PostgreSQL: search with filters (paginated),
speaker identities, speaker timelines with the cue each outlet used, and failures.

Every function returns plain rows (dicts of JSON values), so any result can be printed, paged or
exported (:mod:`saidwhat.corpus.export`) alike.

Full-text search takes words, not a query language: an article (or claim) matches when it has every
word, stemmed (FTS5's porter tokenizer on SQLite, the ``english`` text-search configuration on
PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, exists, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from saidwhat.corpus.identities import regroup_if_needed
from saidwhat.corpus.names import fold
from saidwhat.model import Stance
from saidwhat.store import Store
from saidwhat.store.tables import (
    ArticleRow,
    AttributionRow,
    ClaimRow,
    FailureRow,
    SpeakerNameRow,
    SpeakerRow,
    TechniqueRow,
)

Row = dict[str, Any]
Level = Literal["articles", "attributions", "claims"]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, kw_only=True)
class Filters:
    """What to search for; every filter given must hold (None means any).

    ``speaker`` is an identity id (``dmitry-peskov-3f2a1c``) or a name ('Peskov' matches every
    identity named so). ``speaker`` and ``stance`` apply to the same attribution.
    """

    text: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    speaker: str | None = None
    stance: Stance | None = None
    technique: str | None = None
    claim: str | None = None


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` items fill, at least one (an empty result is one empty page)."""
    return max(1, -(-total // per_page))


def search(
    store: Store, filters: Filters, *, level: Level = "articles", page: int = 1, per_page: int = 20
) -> Page:
    """Articles (or attributions, or claims) matching ``filters``, oldest first, one page of them."""
    regroup_if_needed(store)
    with store.session() as session:
        query = _query(session, store.dialect, filters, level)
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        result = session.execute(query.offset((max(page, 1) - 1) * per_page).limit(per_page))
        rows = [_json_row(row._mapping) for row in result]
    return Page(rows, int(total), max(page, 1), per_page)


def iter_search(store: Store, filters: Filters, *, level: Level = "articles", per_page: int = 500) -> Any:
    """Every row of a search, a page at a time (for exports)."""
    page = 1
    while True:
        result = search(store, filters, level=level, page=page, per_page=per_page)
        yield from result.rows
        if page >= result.pages:
            return
        page += 1


def _query(session: Session, dialect: str, filters: Filters, level: Level) -> Select[Any]:
    article_conditions = _article_conditions(session, dialect, filters)
    speaker_keys = _speaker_keys(session, filters.speaker) if filters.speaker else None
    if level == "attributions":
        conditions = [*article_conditions, *_attribution_conditions(filters, speaker_keys)]
        return (
            select(*_article_columns(), *_attribution_columns())
            .join(ArticleRow, ArticleRow.id == AttributionRow.article_id)
            .outerjoin(SpeakerNameRow, SpeakerNameRow.key == AttributionRow.speaker_key)
            .where(*conditions)
            .order_by(*_date_order(), AttributionRow.content_start)
        )
    if level == "claims":
        conditions = list(article_conditions)
        if filters.claim:
            conditions.append(_claim_match(dialect, filters.claim))
        if speaker_keys is not None:
            conditions.append(ClaimRow.speaker_key.in_(speaker_keys))
        return (
            select(*_article_columns(), *_claim_columns())
            .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
            .where(*conditions)
            .order_by(*_date_order(), ClaimRow.start)
        )
    conditions = list(article_conditions)
    if speaker_keys is not None or filters.stance is not None:
        conditions.append(
            exists().where(
                AttributionRow.article_id == ArticleRow.id, *_attribution_conditions(filters, speaker_keys)
            )
        )
    if filters.claim:
        conditions.append(
            exists().where(ClaimRow.article_id == ArticleRow.id, _claim_match(dialect, filters.claim))
        )
    return select(*_article_columns()).where(*conditions).order_by(*_date_order())


def _article_conditions(session: Session, dialect: str, filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.text:
        conditions.append(_full_text(dialect, "articles", filters.text, ArticleRow.id))
    if filters.outlet:
        conditions.append(func.lower(ArticleRow.outlet) == filters.outlet.lower())
    if filters.since:
        conditions.append(ArticleRow.published_date >= filters.since)
    if filters.until:
        conditions.append(ArticleRow.published_date <= filters.until)
    if filters.technique:
        conditions.append(
            exists().where(
                TechniqueRow.article_id == ArticleRow.id, TechniqueRow.technique == filters.technique
            )
        )
    return conditions


def _attribution_conditions(filters: Filters, speaker_keys: list[str] | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if speaker_keys is not None:
        conditions.append(AttributionRow.speaker_key.in_(speaker_keys))
    if filters.stance is not None:
        conditions.append(AttributionRow.stance == filters.stance.value)
    return conditions


def _claim_match(dialect: str, words: str) -> ColumnElement[bool]:
    return _full_text(dialect, "claims", words, ClaimRow.id)


def _full_text(dialect: str, table: str, words: str, id_column: Any) -> ColumnElement[bool]:
    terms = _WORD.findall(words)
    if not terms:
        return literal_column("1") == literal_column("1")
    if dialect == "postgresql":
        query = func.plainto_tsquery("english", " ".join(terms))
        return literal_column(f"{table}.search").op("@@")(query)
    match = " ".join(f'"{term}"' for term in terms)  # each word quoted: FTS5 syntax never leaks through
    ids = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :match").bindparams(match=match)
    return id_column.in_(ids)  # type: ignore[no-any-return]


def _speaker_keys(session: Session, speaker: str) -> list[str]:
    """The name keys of the identity with this id, or of every identity one of whose names ends so."""
    ids = list(session.scalars(select(SpeakerRow.id).where(SpeakerRow.id == speaker)))
    if not ids:
        wanted = fold(speaker)
        name = func.substr(SpeakerNameRow.key, 1, func.instr(SpeakerNameRow.key, "|") - 1)
        if session.get_bind().dialect.name == "postgresql":
            name = func.split_part(SpeakerNameRow.key, "|", 1)
        ids = list(
            session.scalars(
                select(SpeakerNameRow.speaker_id)
                .where(or_(name == wanted, name.like(f"% {wanted}")))
                .distinct()
            )
        )
    return list(session.scalars(select(SpeakerNameRow.key).where(SpeakerNameRow.speaker_id.in_(ids))))


def _article_columns() -> list[Any]:
    return [
        ArticleRow.key.label("article"),
        ArticleRow.title,
        ArticleRow.outlet,
        ArticleRow.published_date.label("date"),
        ArticleRow.url,
        ArticleRow.pipeline_version,
    ]


def _attribution_columns() -> list[Any]:
    return [
        AttributionRow.key.label("attribution"),
        AttributionRow.kind,
        AttributionRow.speaker_name.label("speaker"),
        SpeakerNameRow.speaker_id.label("speaker_id"),
        AttributionRow.source,
        AttributionRow.cue,
        AttributionRow.stance,
        AttributionRow.content,
        AttributionRow.content_start,
        AttributionRow.confidence,
    ]


def _claim_columns() -> list[Any]:
    return [
        ClaimRow.key.label("claim"),
        ClaimRow.text.label("claim_text"),
        ClaimRow.kind,
        ClaimRow.claimant,
        ClaimRow.claimant_name,
        ClaimRow.attribution_key,
        ClaimRow.checkworthiness,
        ClaimRow.start,
    ]


def _date_order() -> list[Any]:
    return [ArticleRow.published_date.is_(None), ArticleRow.published_date, ArticleRow.id]


def _json_row(mapping: Any) -> Row:
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in mapping.items()}


# Speakers ------------------------------------------------------------------------------------------------


def speakers(store: Store, *, name: str | None = None, page: int = 1, per_page: int = 50) -> Page:
    """Identities, most reported first, with their name variants and how often and where they spoke."""
    regroup_if_needed(store)
    with store.session() as session:
        query = (
            select(
                SpeakerRow.id,
                SpeakerRow.name,
                SpeakerRow.type,
                SpeakerRow.role,
                SpeakerRow.organization,
                func.count(AttributionRow.id).label("attributions"),
                func.count(func.distinct(AttributionRow.article_id)).label("articles"),
            )
            .join(SpeakerNameRow, SpeakerNameRow.speaker_id == SpeakerRow.id)
            .outerjoin(AttributionRow, AttributionRow.speaker_key == SpeakerNameRow.key)
            .group_by(
                SpeakerRow.id, SpeakerRow.name, SpeakerRow.type, SpeakerRow.role, SpeakerRow.organization
            )
            .order_by(func.count(AttributionRow.id).desc(), SpeakerRow.id)
        )
        if name:
            keys = _speaker_keys(session, name)
            query = query.where(
                SpeakerNameRow.speaker_id.in_(
                    select(SpeakerNameRow.speaker_id).where(SpeakerNameRow.key.in_(keys))
                )
            )
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        rows = [
            dict(r._mapping)
            for r in session.execute(query.offset((max(page, 1) - 1) * per_page).limit(per_page))
        ]
        variants: dict[str | None, list[str]] = defaultdict(list)
        ids = [row["id"] for row in rows]
        for speaker_id, variant in session.execute(
            select(SpeakerNameRow.speaker_id, SpeakerNameRow.name).where(SpeakerNameRow.speaker_id.in_(ids))
        ):
            if variant not in variants[speaker_id]:
                variants[speaker_id].append(variant)
    for row in rows:
        row["names"] = sorted(variants[row["id"]])
    return Page(rows, int(total), max(page, 1), per_page)


def timeline(store: Store, speaker: str, filters: Filters | None = None) -> list[Row]:
    """Everything a speaker was reported as saying, across articles and outlets, in date order, with
    the cue and its stance each outlet used."""
    base = filters or Filters()
    merged = Filters(**{**base.__dict__, "speaker": speaker})
    return list(iter_search(store, merged, level="attributions"))


def outlet_stances(rows: list[Row]) -> list[Row]:
    """Per outlet, how a speaker's words were introduced: attributions per stance and the cues used,
    most frequent first — the comparison of how outlets frame one speaker."""
    by_outlet: dict[str | None, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get("cue"):
            by_outlet[row.get("outlet")].append(row)
    summary = []
    for outlet, items in sorted(by_outlet.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        stances = Counter(item.get("stance") or "none" for item in items)
        cues = Counter(str(item["cue"]).lower() for item in items)
        summary.append(
            {
                "outlet": outlet,
                "attributions": len(items),
                **{f"stance_{s.value}": stances.get(s.value, 0) for s in Stance},
                "cues": ", ".join(f"{cue} ({n})" for cue, n in cues.most_common(8)),
            }
        )
    return summary


# Failures ------------------------------------------------------------------------------------------------


def failures(store: Store, *, code: str | None = None, page: int = 1, per_page: int = 50) -> Page:
    """Inputs that could not be read or analysed, with their coded errors, oldest first."""
    with store.session() as session:
        query = select(
            FailureRow.input, FailureRow.code, FailureRow.message, FailureRow.pipeline_version
        ).order_by(FailureRow.id)
        if code:
            query = query.where(FailureRow.code == code)
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        rows = [
            dict(r._mapping)
            for r in session.execute(query.offset((max(page, 1) - 1) * per_page).limit(per_page))
        ]
    return Page(rows, int(total), max(page, 1), per_page)


def counts(store: Store) -> Row:
    """How much the store holds."""
    with store.session() as session:
        return {
            table.__tablename__: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (ArticleRow, AttributionRow, ClaimRow, FailureRow, SpeakerRow)
        }


__all__ = ["Filters", "Page", "counts", "failures", "outlet_stances", "search", "speakers", "timeline"]
