"""Rank fact-checked claims for query texts: dense candidates, then the learned re-ranker.

:class:`FactCheckIndex` holds fact-checks in memory (their vectors as one matrix, exact cosine search)
for evaluation and small collections; the store's approximate-neighbour index provides the same
candidates at scale (:mod:`saidwhat.claims.matching`). Both go through :func:`rerank`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from saidwhat.claims.retrieval.bm25 import CollectionStats
from saidwhat.claims.retrieval.rerank import Candidate, LinearRanker, Query, features
from saidwhat.claims.retrieval.text import clean_post, terms

FloatArray = npt.NDArray[np.float32]
# Dense candidates re-ranked per query. CheckThat! 2A train recall of the cleaned tweets: 0.969 in the top
# 50, 0.991 in the top 200; the re-ranker turns the extra recall into held-out MAP@5 (docs/claims.md).
CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Document:
    """A fact-checked claim as retrieval sees it."""

    id: str
    claim: str
    title: str = ""
    date: date | None = None

    @property
    def text(self) -> str:
        return f"{self.claim} {self.title}".strip()

    @property
    def terms(self) -> list[str]:
        return terms(self.text)


def prepare_query(text: str, when: date | None = None) -> tuple[str, Query]:
    """The cleaned text to embed and the query's lexical side."""
    cleaned = clean_post(text)
    return cleaned, Query(terms(cleaned), cleaned, when)


def rerank(
    query: Query,
    documents: Sequence[Document],
    cosines: Sequence[float],
    stats: CollectionStats,
    ranker: LinearRanker,
) -> tuple[list[int], FloatArray]:
    """Candidate positions best first, and the re-ranker's score of each (in candidate order)."""
    candidates = [
        Candidate(d.terms, d.text, float(c), d.date) for d, c in zip(documents, cosines, strict=True)
    ]
    scores = ranker.scores(features(query, candidates, stats)).astype(np.float32)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    return order, scores


class FactCheckIndex:
    """Fact-checks in memory: a matrix of their (L2-normalised) claim vectors and BM25 statistics."""

    def __init__(self, documents: Sequence[Document], vectors: FloatArray) -> None:
        if len(documents) != len(vectors):
            raise ValueError(f"{len(documents)} documents but {len(vectors)} vectors")
        self.documents = list(documents)
        self.vectors = vectors
        self.stats = CollectionStats.of(d.terms for d in self.documents)

    def dense(
        self, query_vectors: FloatArray, k: int = CANDIDATES
    ) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """Top-``k`` documents per query by cosine: (indices, cosines), best first."""
        sims = query_vectors @ self.vectors.T
        k = min(k, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        order = np.argsort(-top_sims, axis=1, kind="stable")
        return np.take_along_axis(top, order, axis=1).astype(np.int64), np.take_along_axis(
            top_sims, order, axis=1
        )

    def search(
        self,
        queries: Sequence[Query],
        query_vectors: FloatArray,
        ranker: LinearRanker | None,
        k: int = CANDIDATES,
    ) -> list[list[tuple[int, float]]]:
        """Per query, (document index, score) best first: re-ranker scores, or cosines without a ranker."""
        indices, cosines = self.dense(query_vectors, k)
        results = []
        for query, idx, cos in zip(queries, indices, cosines, strict=True):
            if ranker is None:
                results.append([(int(i), float(c)) for i, c in zip(idx, cos, strict=True)])
                continue
            order, scores = rerank(query, [self.documents[i] for i in idx], cos, self.stats, ranker)
            results.append([(int(idx[j]), float(scores[j])) for j in order])
        return results
