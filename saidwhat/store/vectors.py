"""Approximate-neighbour indexes over vectors kept in the store (fact-checks, clustered claims).

**Index choice: usearch (HNSW).** It runs embedded (a pip wheel, no server), answers a query in
logarithmic time, so it scales to millions of vectors (an f16 vector of 384 dimensions costs 768 bytes),
saves and memory-maps a single file, and behaves the same whatever the database — so SQLite and
PostgreSQL stores share one code path. sqlite-vec searches by brute force and exists on SQLite only;
hnswlib is unmaintained since 2023; pgvector would bind the PostgreSQL store to a server extension
that SQLite cannot mirror.

**The database is the source of truth.** Each row keeps its float32 vector; the index is derived from
the rows and kept in a file: beside a SQLite store (``corpus.sqlite.NAME.usearch``), in the user cache
directory for PostgreSQL (one file per URL). :meth:`VectorIndex.sync` brings it in step before use: it
adds the rows whose ids are above the largest id it holds (ids only grow: the tables never reuse one),
and rebuilds it from the rows when the counts then disagree (rows were deleted) or the file is missing
or damaged.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime  # noqa: F401  (must be loaded before usearch: the other order segfaults, usearch 2.26)
from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session
from usearch.index import Index

FloatArray = npt.NDArray[np.float32]
DIMENSIONS = 384
_CHUNK = 10_000  # rows read per query when (re)building


def new_index(dimensions: int = DIMENSIONS) -> Index:
    # Cosine on f16 vectors: half the memory of f32 with no measurable loss on L2-normalised embeddings.
    return Index(ndim=dimensions, metric="cos", dtype="f16")


def index_path(engine: Engine, name: str) -> Path:
    """Beside a SQLite file (``FILE.NAME.usearch``); otherwise in the user cache directory, one file per
    database URL (``NAME-DIGEST.usearch``)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.{name}.usearch")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "saidwhat"
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:16]
    return cache / f"{name}-{digest}.usearch"


def as_vector(blob: bytes) -> FloatArray:
    """A stored vector (float32, little-endian bytes) as an array."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def as_blob(vector: Any) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


class VectorIndex:
    """The neighbour index of the (id, vector) rows selected by ``rows``, kept in ``path``.

    ``rows`` selects exactly two columns, the integer id (``id_column``) and the vector bytes.
    """

    def __init__(self, engine: Engine, path: Path, rows: Any, id_column: Any) -> None:
        self.engine = engine
        self.path = path
        self.rows: Select[Any] = rows
        self.id_column = id_column
        self._index: Index | None = None

    def count(self, session: Session | None = None) -> int:
        statement = select(func.count()).select_from(self.rows.order_by(None).subquery())
        if session is not None:
            return int(session.scalar(statement) or 0)
        with Session(self.engine) as own:
            return int(own.scalar(statement) or 0)

    def sync(self, session: Session | None = None) -> Index:
        """The index, brought in step with the rows (added to or rebuilt, then saved).

        ``session``: read the rows in this session (e.g. inside the transaction that will add to them).
        """
        index = self._index
        if index is None and self.path.is_file():
            index = new_index()
            try:
                index.load(str(self.path))
            except (RuntimeError, ValueError):
                index = None  # a damaged or foreign file: rebuilt below
        count = self.count(session)
        if index is None or len(index) > count:
            index = new_index()
        if len(index) < count:
            last = int(np.max(np.asarray(index.keys))) if len(index) else 0
            for ids, vectors in self._vectors_after(last, session):
                index.add(ids, vectors, threads=1)
            if len(index) != count:  # rows were deleted (or replaced): start again
                index = new_index()
                for ids, vectors in self._vectors_after(0, session):
                    index.add(ids, vectors, threads=1)
            self._index = index
            self.save()
        self._index = index
        return index

    def add(self, ids: npt.NDArray[np.uint64], vectors: FloatArray) -> None:
        """Add rows to the index in memory (single-threaded: the same adds give the same graph); call
        :meth:`save` once they are committed, or :meth:`forget` if they are not."""
        if self._index is None:
            raise RuntimeError("sync() the index before adding to it")
        self._index.add(ids, vectors, threads=1)

    def save(self) -> None:
        if self._index is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._index.save(str(self.path))

    def forget(self) -> None:
        """Drop the in-memory index (after a rolled-back transaction): the next sync reloads the file."""
        self._index = None

    def nearest(self, vectors: FloatArray, k: int, *, sync: bool = True) -> list[list[tuple[int, float]]]:
        """Per query vector, up to ``k`` (id, cosine) pairs, nearest first."""
        index = self.sync() if sync or self._index is None else self._index
        if len(index) == 0 or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        found: Any = index.search(vectors, min(k, len(index)), threads=1)
        keys = np.atleast_2d(np.asarray(found.keys))
        distances = np.atleast_2d(np.asarray(found.distances))
        # One query gives a Matches (no counts), several a BatchMatches.
        counts = np.atleast_1d(np.asarray(getattr(found, "counts", keys.shape[1])))
        return [
            [(int(keys[q, j]), 1.0 - float(distances[q, j])) for j in range(int(counts[q]))]
            for q in range(len(vectors))
        ]

    def _vectors_after(
        self, last: int, session: Session | None
    ) -> Iterator[tuple[npt.NDArray[np.uint64], FloatArray]]:
        if session is None:
            with Session(self.engine) as own:
                yield from self._read_after(own, last)
        else:
            yield from self._read_after(session, last)

    def _read_after(self, session: Session, last: int) -> Iterator[tuple[npt.NDArray[np.uint64], FloatArray]]:
        while True:
            query = self.rows.where(self.id_column > last).order_by(self.id_column).limit(_CHUNK)
            rows = session.execute(query).all()
            if not rows:
                return
            ids = np.array([r[0] for r in rows], dtype=np.uint64)
            yield ids, np.stack([as_vector(r[1]) for r in rows])
            last = int(rows[-1][0])
