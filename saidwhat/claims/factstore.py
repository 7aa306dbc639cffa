"""Fact-checks in the store: import (idempotent, batched embedding) and the approximate-neighbour index.

**Index choice: usearch (HNSW).** It runs embedded (a pip wheel, no server), answers a query in
logarithmic time, so it scales to millions of fact-checks (an f16 vector costs 768 bytes; 1M fact-checks
≈ 0.8 GB), saves and memory-maps a single file, and behaves the same whatever the database. sqlite-vec
was ruled out because its ``vec0`` tables search by brute force (linear in the collection) and exist on
SQLite only; hnswlib is the same algorithm but unmaintained since 2023 and needs a compiler on some
platforms; pgvector would bind the PostgreSQL store to a server extension that SQLite cannot mirror.

**Where it lives.** The database is the source of truth: each ``factchecks`` row keeps its float32
vector. The index is derived from it and kept in a file: beside a SQLite store
(``corpus.sqlite.factchecks.usearch``), in the user cache directory for PostgreSQL (one file per URL).
:meth:`FactCheckStore.index` brings it in step before every use — it adds the rows imported since it was
saved, removes the vectors of deleted rows (:meth:`FactCheckStore.delete` removes them at once; other
processes notice the table changed), and rebuilds it from the rows if the file is missing or damaged.
That code (:class:`saidwhat.store.vectors.VectorIndex`) is shared with the claim clusters' index.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
import onnxruntime  # noqa: F401  (must be loaded before usearch: the other order segfaults, usearch 2.26)
from sqlalchemy import ColumnElement, Engine, Table, func, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from usearch.index import Index

from saidwhat.claims.factchecks import Problem, Record, read_factchecks
from saidwhat.claims.retrieval.bm25 import CollectionStats
from saidwhat.claims.retrieval.search import Document
from saidwhat.errors import UnknownFactCheckError
from saidwhat.store.factcheck_tables import FactCheckRow, FactCheckTermRow
from saidwhat.store.vectors import VectorIndex, as_blob, index_path

FloatArray = npt.NDArray[np.float32]
DIMENSIONS = 384
T = TypeVar("T")
INDEX_SUFFIX = ".factchecks.usearch"  # what index_path(engine, "factchecks") gives a SQLite store
BATCH = 256  # fact-checks embedded and written per transaction
_CHUNK = 500  # ids / terms per IN (...) query
#: The shortest key prefix ``delete`` accepts (the table shows this many characters).
MIN_PREFIX = 12


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> FloatArray: ...


def embedder_id() -> str:
    """Which shipped embedder made a vector: its model name and the first bytes of the ONNX file's hash."""
    config = json.loads((files("saidwhat.nlp") / "data" / "embedder.json").read_text(encoding="utf-8"))
    return f"all-MiniLM-L6-v2-int8:{str(config['onnx_sha256'])[:12]}"


def fact_check_key(record: Record) -> str:
    """Identity of a fact-check across imports: the claim (whitespace and case folded), checker and URL."""
    check = record.fact_check
    parts = [" ".join(check.claim.lower().split()), (check.checker or "").lower(), check.url or ""]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class ImportReport:
    """What one import did: rows added, records already in the store, and the records skipped."""

    added: int = 0
    existing: int = 0
    problems: list[Problem] = field(default_factory=list)


class FactCheckStore:
    """The fact-check tables of a migrated store (any SQLAlchemy engine), with their neighbour index."""

    def __init__(self, engine: Engine, *, index_path: Path | None = None) -> None:
        self.engine = engine
        self.index_path = index_path or default_index_path(engine)
        rows = select(FactCheckRow.id, FactCheckRow.vector)
        self._vectors = VectorIndex(engine, self.index_path, rows, FactCheckRow.id)

    # -- import ---------------------------------------------------------------------------------------

    def import_files(self, paths: Iterable[Path], embedder: Embedder) -> ImportReport:
        """Import every fact-check of every file; unreadable records are reported, the rest stored."""
        report = ImportReport()
        for path in paths:
            self.import_records(read_factchecks(path), embedder, source=str(path), report=report)
        return report

    def import_records(
        self,
        items: Iterable[Record | Problem],
        embedder: Embedder,
        *,
        source: str | None = None,
        report: ImportReport | None = None,
    ) -> ImportReport:
        report = report if report is not None else ImportReport()
        batch: list[Record] = []
        for item in items:
            if isinstance(item, Problem):
                report.problems.append(item)
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                self._write(batch, embedder, source, report)
                batch = []
        if batch:
            self._write(batch, embedder, source, report)
        return report

    def _write(
        self, batch: list[Record], embedder: Embedder, source: str | None, report: ImportReport
    ) -> None:
        keyed = {fact_check_key(r): r for r in batch}  # a record repeated within the batch counts once
        report.existing += len(batch) - len(keyed)
        with Session(self.engine) as session, session.begin():
            known: set[str] = set()
            for chunk in _chunks(list(keyed), _CHUNK):
                known.update(session.scalars(select(FactCheckRow.key).where(FactCheckRow.key.in_(chunk))))
            new = [(k, r) for k, r in keyed.items() if k not in known]
            report.existing += len(known)
            if not new:
                return
            vectors = embedder.embed([r.fact_check.claim for _, r in new])
            model = embedder_id()
            frequencies: Counter[str] = Counter()
            for (key, record), vector in zip(new, vectors, strict=True):
                doc_terms = _document(record.fact_check.claim, record.headline).terms
                frequencies.update(set(doc_terms))
                session.add(_row(key, record, vector, model, source, len(doc_terms)))
            self._add_frequencies(session, frequencies)
            report.added += len(new)

    def _add_frequencies(self, session: Session, frequencies: Counter[str]) -> None:
        table = FactCheckTermRow.__table__
        assert isinstance(table, Table)
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        rows = [{"term": t[:200], "documents": n} for t, n in sorted(frequencies.items())]
        for chunk in _chunks(rows, _CHUNK):
            statement = insert(table).values(chunk)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=["term"],
                    set_={"documents": table.c.documents + statement.excluded.documents},
                )
            )

    # -- deletion -------------------------------------------------------------------------------------

    def delete(
        self,
        keys: Sequence[str] = (),
        *,
        source: str | None = None,
        checker: str | None = None,
        missing_ok: bool = False,
    ) -> list[str]:
        """Delete fact-checks from the table and their vectors from the index; returns their keys.

        Selected are the fact-checks with one of ``keys`` (a key, or a prefix of at least
        :data:`MIN_PREFIX` characters naming one fact-check), and those imported from ``source`` (the
        file name as recorded at import) and/or checked by ``checker`` (case-insensitive) — the two
        filters together select what both match. A key that names no fact-check (never imported, or
        already deleted) is an :class:`UnknownFactCheckError` and nothing is deleted, unless
        ``missing_ok``; deleting again what is gone deletes nothing.
        """
        if not keys and source is None and checker is None:
            raise ValueError("give keys, a source or a checker")
        self._vectors.sync()  # in step before the rows go, so that exactly their vectors go with them
        with Session(self.engine) as session, session.begin():
            ids = self._resolve(session, keys, missing_ok=missing_ok)
            if source is not None or checker is not None:
                ids.update(session.scalars(select(FactCheckRow.id).where(*_filters(source, checker))))
            frequencies: Counter[str] = Counter()
            deleted: list[str] = []
            for chunk in _chunks(sorted(ids), _CHUNK):
                query = select(FactCheckRow.key, FactCheckRow.claim, FactCheckRow.headline)
                for key, claim, headline in session.execute(query.where(FactCheckRow.id.in_(chunk))):
                    frequencies.update({t[:200] for t in _document(claim, headline).terms})
                    deleted.append(key)
                session.execute(sql_delete(FactCheckRow).where(FactCheckRow.id.in_(chunk)))
            self._remove_frequencies(session, frequencies)
        if ids:
            self._vectors.remove(np.array(sorted(ids), dtype=np.uint64))
            self._vectors.save()
        return sorted(deleted)

    def _resolve(self, session: Session, keys: Sequence[str], *, missing_ok: bool) -> set[int]:
        """The ids of the fact-checks named by ``keys``; unknown or ambiguous keys are an error."""
        ids: set[int] = set()
        unknown: list[str] = []
        for key in dict.fromkeys(k.strip().lower() for k in keys):
            if len(key) < MIN_PREFIX:
                raise UnknownFactCheckError(
                    f"key {key!r}", f"give at least {MIN_PREFIX} characters of a fact-check's key"
                )
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found = session.execute(
                select(FactCheckRow.id, FactCheckRow.key)
                .where(FactCheckRow.key.like(escaped + "%", escape="\\"))
                .limit(2)
            ).all()
            if len(found) > 1:
                raise UnknownFactCheckError(f"key {key!r}", "names several fact-checks: give more of it")
            if found:
                ids.add(int(found[0][0]))
            else:
                unknown.append(key)
        if unknown and not missing_ok:
            listed = ", ".join(repr(k) for k in unknown)
            raise UnknownFactCheckError(
                f"key {listed}",
                "no such fact-check in the store (never imported, or already deleted); nothing was "
                "deleted — see 'saidwhat factchecks list', or pass --missing-ok",
            )
        return ids

    def _remove_frequencies(self, session: Session, frequencies: Counter[str]) -> None:
        """Take the deleted fact-checks out of the BM25 document frequencies."""
        by_count: dict[int, list[str]] = {}
        for term, n in frequencies.items():
            by_count.setdefault(n, []).append(term)
        for n, terms in sorted(by_count.items()):
            for chunk in _chunks(sorted(terms), _CHUNK):
                session.execute(
                    update(FactCheckTermRow)
                    .where(FactCheckTermRow.term.in_(chunk))
                    .values(documents=FactCheckTermRow.documents - n)
                )
        session.execute(sql_delete(FactCheckTermRow).where(FactCheckTermRow.documents <= 0))

    # -- reading --------------------------------------------------------------------------------------

    def listing(
        self,
        *,
        source: str | None = None,
        checker: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[int, list[FactCheckRow]]:
        """The number of fact-checks that match the filters, and one page of them in import order."""
        conditions = _filters(source, checker)
        with Session(self.engine, expire_on_commit=False) as session:
            total = session.scalar(select(func.count()).select_from(FactCheckRow).where(*conditions))
            query = select(FactCheckRow).where(*conditions).order_by(FactCheckRow.id).offset(offset)
            rows = list(session.scalars(query.limit(limit) if limit is not None else query))
            for row in rows:
                session.expunge(row)
        return int(total or 0), rows

    def counts(self, by: str) -> list[tuple[str | None, int]]:
        """Fact-checks per ``checker`` or per ``source`` file, most first."""
        column = {"checker": FactCheckRow.checker, "source": FactCheckRow.source_file}[by]
        with Session(self.engine) as session:
            rows = session.execute(select(column, func.count()).group_by(column)).all()
        return sorted(((name, int(n)) for name, n in rows), key=lambda r: (-r[1], r[0] or ""))

    def count(self) -> int:
        with Session(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(FactCheckRow)) or 0)

    def stats(self, needed: Iterable[str]) -> CollectionStats:
        """BM25 statistics, with the document frequencies of the ``needed`` terms only."""
        wanted = sorted(set(needed))
        frequencies: dict[str, int] = {}
        with Session(self.engine) as session:
            n, total = session.execute(
                select(func.count(), func.coalesce(func.sum(FactCheckRow.length), 0))
            ).one()
            for chunk in _chunks(wanted, _CHUNK):
                query = select(FactCheckTermRow.term, FactCheckTermRow.documents)
                for term, documents in session.execute(query.where(FactCheckTermRow.term.in_(chunk))):
                    frequencies[term] = documents
        return CollectionStats(int(n), float(total) / n if n else 0.0, frequencies)

    def rows(self, ids: Iterable[int]) -> dict[int, FactCheckRow]:
        wanted = sorted(set(ids))
        out: dict[int, FactCheckRow] = {}
        with Session(self.engine, expire_on_commit=False) as session:
            for chunk in _chunks(wanted, _CHUNK):
                for row in session.scalars(select(FactCheckRow).where(FactCheckRow.id.in_(chunk))):
                    session.expunge(row)
                    out[row.id] = row
        return out

    # -- vectors of another embedder ------------------------------------------------------------------

    def refresh_vectors(self, embedder: Embedder) -> int:
        """Re-embed the fact-checks whose vectors another embedder made (``model`` is not
        :func:`embedder_id`: an older saidwhat's embedder), so that stored vectors and query vectors
        always come from the same model; the neighbour index is then rebuilt. Returns how many."""
        model = embedder_id()
        refreshed = 0
        while True:
            with Session(self.engine) as session, session.begin():
                stale = session.scalars(
                    select(FactCheckRow)
                    .where(FactCheckRow.model != model)
                    .order_by(FactCheckRow.id)
                    .limit(BATCH)
                ).all()
                if not stale:
                    break
                for row, vector in zip(stale, embedder.embed([row.claim for row in stale]), strict=True):
                    row.vector = as_blob(vector)
                    row.model = model
                refreshed += len(stale)
        if refreshed:
            self._index = None
            self.index_path.unlink(missing_ok=True)  # same ids, new vectors: rebuilt from the table
        return refreshed

    # -- neighbour index ------------------------------------------------------------------------------

    def index(self) -> Index:
        """The neighbour index, brought in step with the table (added to, pruned or rebuilt, then saved)."""
        return self._vectors.sync()

    def nearest(self, vectors: FloatArray, k: int) -> list[list[tuple[int, float]]]:
        """Per query vector, up to ``k`` (fact-check id, cosine) pairs, nearest first."""
        return self._vectors.nearest(vectors, k)


def document(row: FactCheckRow) -> Document:
    return _document(row.claim, row.headline, row.date, str(row.id))


def _document(claim: str, headline: str | None, when: date | None = None, key: str = "") -> Document:
    return Document(key, claim, headline or "", when)


def _row(key: str, record: Record, vector: Any, model: str, source: str | None, length: int) -> FactCheckRow:
    check = record.fact_check
    return FactCheckRow(
        key=key,
        claim=check.claim,
        headline=record.headline,
        verdict=check.verdict,
        checker=check.checker,
        url=check.url,
        date=date.fromisoformat(check.date) if check.date else None,
        claimant=check.claimant,
        source_file=source,
        length=length,
        vector=as_blob(vector),
        model=model,
    )


def _filters(source: str | None, checker: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if source is not None:
        conditions.append(FactCheckRow.source_file == source)
    if checker is not None:
        conditions.append(func.lower(FactCheckRow.checker) == checker.strip().lower())
    return conditions


def default_index_path(engine: Engine) -> Path:
    """Beside a SQLite file; otherwise in the user cache directory, one file per database URL."""
    return index_path(engine, "factchecks")


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
