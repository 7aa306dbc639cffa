"""Okapi BM25 scores of candidate documents, from collection statistics (document frequencies, mean length).

Candidates come from the dense (approximate-neighbour) index; BM25 only re-scores them. So the lexical side
needs no inverted index: the collection's document frequency per term and its mean document length, which
the fact-check store keeps up to date on import, give exactly the scores a full BM25 index would give those
documents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

K1 = 1.2
B = 0.75


@dataclass(frozen=True, slots=True)
class CollectionStats:
    """What BM25 needs to know about the whole collection."""

    documents: int
    mean_length: float
    frequencies: Mapping[str, int]  # term -> number of documents containing it

    @classmethod
    def of(cls, documents: Iterable[Sequence[str]]) -> CollectionStats:
        frequencies: Counter[str] = Counter()
        n = total = 0
        for doc in documents:
            n += 1
            total += len(doc)
            frequencies.update(set(doc))
        return cls(n, total / n if n else 0.0, dict(frequencies))

    def idf(self, term: str) -> float:
        df = self.frequencies.get(term, 0)
        return math.log(1 + (self.documents - df + 0.5) / (df + 0.5))


def bm25(
    query: Sequence[str],
    document: Sequence[str],
    stats: CollectionStats,
    idf: Mapping[str, float] | None = None,
) -> float:
    """The BM25 score of one document (its index terms) for a query (its index terms); ``idf``: the
    terms' idf when the caller has them already (scoring many documents for one query)."""
    if not document:
        return 0.0
    counts = Counter(document)
    norm = K1 * (1 - B + B * len(document) / max(stats.mean_length, 1e-9))
    score = 0.0
    for term, qcount in Counter(query).items():
        tf = counts.get(term, 0)
        if tf:
            weight = idf[term] if idf is not None else stats.idf(term)
            score += qcount * weight * tf * (K1 + 1) / (tf + norm)
    return score
