"""The fact-check tables: imported fact-checks with their claim vectors, and BM25 document frequencies.

``factchecks`` is the source of truth; the approximate-neighbour index over its vectors is derived from it
(see :mod:`saidwhat.claims.factstore`) and rebuilt whenever it is missing or out of step. ``factcheck_terms``
holds each index term's document frequency, kept up to date on import, so BM25 needs no in-memory index.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from saidwhat.store.tables import Base


class FactCheckRow(Base):
    __tablename__ = "factchecks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, doc="SHA-256 of claim, checker and URL.")
    claim: Mapped[str] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text, doc="The fact-check's title, when the source has one.")
    verdict: Mapped[str | None] = mapped_column(Text)
    checker: Mapped[str | None] = mapped_column(Text, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    claimant: Mapped[str | None] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(Text)
    length: Mapped[int] = mapped_column(Integer, doc="Number of BM25 index terms of claim + headline.")
    vector: Mapped[bytes] = mapped_column(LargeBinary, doc="The claim's embedding, float32 little-endian.")
    model: Mapped[str] = mapped_column(String(64), doc="Which embedder made the vector.")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FactCheckTermRow(Base):
    __tablename__ = "factcheck_terms"
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, doc="How many fact-checks contain the term.")
