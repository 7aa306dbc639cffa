"""The store's tables (SQLAlchemy 2.x ORM), the same on SQLite and PostgreSQL.

What is queried is normalised into its own table (attributions, entities, claims, techniques, scare
quotes); the whole :class:`~saidwhat.model.Analysis` is kept as JSON on the article row, so nothing the
pipeline found is lost. Every analysis row records the ``pipeline_version`` that produced it.

Speakers are identities across articles: each row of ``speaker_names`` is one distinct way a speaker
was named (name, role, organisation, folded into ``key``); :mod:`saidwhat.corpus.identities` groups the
names into ``speakers``. Attributions, entities and claims carry the name key, so re-grouping rewrites
only the two speaker tables. An analyst's merges and splits live in ``speaker_overrides``, keyed by
name keys, so they survive every re-grouping and re-run.

The full-text indexes are not ORM columns: the migrations add an FTS5 table on SQLite and a generated
``tsvector`` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Store-wide flags, e.g. whether speaker identities need regrouping."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ArticleRow(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(Text, doc="The article's own id (Article.id).")
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text, doc="As given, ISO 8601.")
    published_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    source_file: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE)
    pipeline_version: Mapped[str] = mapped_column(String(64), index=True)
    units_model: Mapped[str | None] = mapped_column(
        String(64), index=True, doc="The embedder of its claim-cluster units; NULL until they are made."
    )
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


def _article_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class AttributionRow(Base):
    __tablename__ = "attributions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    cue: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    stance: Mapped[str | None] = mapped_column(String(16), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text, doc="The content spans joined by ' … '.")
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    speaker_entity: Mapped[str | None] = mapped_column(String(64))
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_key: Mapped[str | None] = mapped_column(Text, index=True)
    confidence: Mapped[float] = mapped_column(Float)
    pipeline_version: Mapped[str] = mapped_column(String(64))


class EntityRow(Base):
    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str | None] = mapped_column(Text, index=True)
    type: Mapped[str] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    mentions: Mapped[int] = mapped_column(Integer)
    speaker_key: Mapped[str | None] = mapped_column(Text, index=True)
    pipeline_version: Mapped[str] = mapped_column(String(64))


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    claimant: Mapped[str] = mapped_column(String(64))
    claimant_name: Mapped[str | None] = mapped_column(Text)
    speaker_key: Mapped[str | None] = mapped_column(Text, index=True)
    attribution_key: Mapped[str | None] = mapped_column(String(64))
    checkworthiness: Mapped[float] = mapped_column(Float, index=True)
    pipeline_version: Mapped[str] = mapped_column(String(64))


class TechniqueRow(Base):
    __tablename__ = "techniques"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    technique: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    user: Mapped[str] = mapped_column(String(64))
    attribution_key: Mapped[str | None] = mapped_column(String(64))
    pipeline_version: Mapped[str] = mapped_column(String(64))


class ScareQuoteRow(Base):
    __tablename__ = "scare_quotes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = _article_fk()
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    pipeline_version: Mapped[str] = mapped_column(String(64))


class FailureRow(Base):
    """An input or article that could not be read or analysed, with its coded error."""

    __tablename__ = "failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    input: Mapped[str] = mapped_column(Text, unique=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    message: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    pipeline_version: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SpeakerRow(Base):
    """One identity across articles."""

    __tablename__ = "speakers"
    id: Mapped[str] = mapped_column(String(96), primary_key=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    type: Mapped[str] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text)


class SpeakerNameRow(Base):
    """One distinct way a speaker was named, and the identity it belongs to."""

    __tablename__ = "speaker_names"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    speaker_id: Mapped[str | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text)


class SpeakerOverrideRow(Base):
    """An analyst's decision: ``merge`` the identities holding names ``key_a`` and ``key_b``, or
    ``split`` name ``key_a`` into the identity labelled ``key_b`` (its own, apart from the rest)."""

    __tablename__ = "speaker_overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(8))
    key_a: Mapped[str] = mapped_column(Text)
    key_b: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


Index("ix_articles_outlet_date", ArticleRow.outlet, ArticleRow.published_date)
