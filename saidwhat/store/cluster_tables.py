"""The claim-cluster tables: each clustering unit with its vector, the clusters, and who belongs where.

A **unit** is one claim of the claims stage (asserted or attributed) or the content of an attribution no
claim covers, of five words or more; it keeps its sentence embedding (float32 bytes) and the facts a
cluster page shows (speaker, cue, stance, offsets). ``articles.units_model`` records which embedder made
an article's units (NULL: not made yet — articles stored before migration 0003, or written by a path
that does not embed), so they are made on demand, batched (:mod:`saidwhat.corpus.clusters`).

A unit belongs to at most one cluster: ``claim_cluster_members`` is keyed by the unit, so re-running an
interrupted assignment can never add a unit twice. A cluster keeps its aggregates (size, articles,
outlets, first date, representative) for listing without grouping, a ``stale`` flag set when members are
deleted (``--redo``, ``--upgrade``), and its fact-check matches with the stamp of the fact-check
collection they were computed against. Ids are never reused (``sqlite_autoincrement``), which the
neighbour index over member vectors relies on (:mod:`saidwhat.store.vectors`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from saidwhat.store.tables import JSON_TYPE, Base


class ClaimUnitRow(Base):
    __tablename__ = "claim_units"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), doc="'claim' or 'attribution'.")
    key: Mapped[str] = mapped_column(String(64), doc="The claim's or attribution's id in its article.")
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_key: Mapped[str | None] = mapped_column(Text, index=True)
    cue: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str | None] = mapped_column(String(16))
    vector: Mapped[bytes] = mapped_column(LargeBinary, doc="The text's embedding, float32 little-endian.")
    model: Mapped[str] = mapped_column(String(64), doc="Which embedder made the vector.")


class ClaimClusterRow(Base):
    __tablename__ = "claim_clusters"
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    representative_id: Mapped[int | None] = mapped_column(Integer, doc="The earliest member unit.")
    size: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0, index=True)
    outlets: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    stale: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    digest: Mapped[dict[str, Any] | None] = mapped_column(
        JSON_TYPE, doc="Outlets, speakers, cues, first outlet and first wordings, in order of appearance."
    )
    matches: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON_TYPE)
    matches_stamp: Mapped[str | None] = mapped_column(String(64))


class ClaimClusterMemberRow(Base):
    __tablename__ = "claim_cluster_members"
    __table_args__ = (Index("ix_claim_cluster_members_page", "cluster_id", "sort_date", "unit_id"),)
    unit_id: Mapped[int] = mapped_column(ForeignKey("claim_units.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("claim_clusters.id", ondelete="CASCADE"))
    similarity: Mapped[float] = mapped_column(Float, doc="Cosine to the member it joined (1 for the first).")
    sort_date: Mapped[dt.date] = mapped_column(
        Date, doc="The article's publication date (9999-12-31 when undated): members page in date order."
    )
    indexed: Mapped[bool] = mapped_column(
        Boolean, default=True, doc="In the neighbour index (False: an exact copy of a member that is)."
    )
