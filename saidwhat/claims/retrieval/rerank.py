"""Re-rank a query's dense candidates with a linear model over retrieval scores and overlap features.

Features of a (query, candidate) pair, all cheap and computed on the candidates only:

- the embedding cosine, its gap to the best candidate's, and the candidate's dense rank;
- BM25 over the fact-check's claim and headline (global document frequencies), as a share of the best
  candidate's and of the query's total idf, and its rank among the candidates;
- idf-weighted overlap both ways (how much of the query the claim covers and vice versa);
- numbers and capitalised names shared or missing (a claim about "$1 fries" is not one about "$5 fries");
- days between the query's date and the fact-check's, when both are known (rumours are checked while
  they circulate).

The model is a listwise linear ranker (softmax over a query's candidates, trained on the CheckThat! 2A
train pairs by ``scripts/train_reranker.py``); its weights ship in ``data/reranker.json``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
import numpy.typing as npt

from saidwhat.claims.retrieval.bm25 import CollectionStats, bm25

FloatArray = npt.NDArray[np.float64]

FEATURES = (
    "cosine",
    "cosine_gap",
    "dense_rank",
    "bm25_share",
    "bm25_query",
    "bm25_rank",
    "query_covered",
    "claim_covered",
    "numbers_shared",
    "numbers_missing",
    "names_shared",
    "names_missing",
    "days_apart",
    "no_dates",
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][a-zA-Z'’-]+")


@dataclass(frozen=True, slots=True)
class Query:
    """A query as the features need it: index terms, raw text (for numbers and names), optional date."""

    terms: Sequence[str]
    text: str
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A fact-check as the features need it, with its embedding cosine to the query."""

    terms: Sequence[str]
    text: str
    cosine: float
    date: date | None = None


def features(query: Query, candidates: Sequence[Candidate], stats: CollectionStats) -> FloatArray:
    """One row of :data:`FEATURES` per candidate (candidates in dense order, best first)."""
    n = len(candidates)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return out
    idf = _IdfTable(stats)  # each term's idf computed once per query, not once per candidate
    query_terms = set(query.terms)
    cosines = np.array([c.cosine for c in candidates])
    lexical = np.array([bm25(query.terms, c.terms, stats, idf) for c in candidates])
    query_idf = sum(idf[t] for t in query_terms) or 1.0
    qnums, qnames = _numbers(query.text), _names(query.text)
    out[:, 0] = cosines
    out[:, 1] = cosines - cosines.max()
    out[:, 2] = np.log1p(_ranks(cosines))
    out[:, 3] = lexical / lexical.max() if lexical.max() > 0 else 0.0
    out[:, 4] = lexical / query_idf
    out[:, 5] = np.log1p(_ranks(lexical))
    for i, cand in enumerate(candidates):
        cand_terms = set(cand.terms)
        out[i, 6] = _covered(query_terms, cand_terms, idf)
        out[i, 7] = _covered(cand_terms, query_terms, idf)
        cnums, cnames = _numbers(cand.text), _names(cand.text)
        out[i, 8] = len(qnums & cnums) > 0
        out[i, 9] = len(cnums - qnums) > 0
        out[i, 10] = len(qnames & cnames) / max(1, len(cnames))
        out[i, 11] = len(cnames - qnames) / max(1, len(cnames))
        if query.date and cand.date:
            out[i, 12] = math.log1p(abs((query.date - cand.date).days)) / 5
        else:
            out[i, 13] = 1.0
    return out


class _IdfTable(dict[str, float]):
    """Idf by term, computed from the collection statistics on first use."""

    def __init__(self, stats: CollectionStats) -> None:
        super().__init__()
        self.stats = stats

    def __missing__(self, term: str) -> float:
        value = self[term] = self.stats.idf(term)
        return value


def _ranks(scores: FloatArray) -> FloatArray:
    ranks = np.empty(len(scores))
    ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
    return ranks


def _covered(part: set[str], whole: set[str], idf: Mapping[str, float]) -> float:
    """The idf-weighted share of ``part``'s terms that ``whole`` contains."""
    total = sum(idf[t] for t in part)
    return sum(idf[t] for t in part & whole) / total if total else 0.0


# Cached like the index terms: the same fact-checks come back as candidates for many claims.
@lru_cache(maxsize=65_536)
def _numbers(text: str) -> frozenset[str]:
    return frozenset(m.group().replace(",", "") for m in _NUMBER.finditer(text))


@lru_cache(maxsize=65_536)
def _names(text: str) -> frozenset[str]:
    # Sentence-initial words are capitalised too; lower-casing keeps "Trump" and "TRUMP" together.
    return frozenset(m.group().lower() for m in _NAME.finditer(text)) - _NOT_NAMES


_NOT_NAMES = frozenset({"the", "a", "an", "in", "on", "this"})


@dataclass(frozen=True, slots=True)
class LinearRanker:
    """Standardise features, dot with weights: higher is more likely the same claim."""

    mean: FloatArray
    scale: FloatArray
    weights: FloatArray

    def scores(self, rows: FloatArray) -> FloatArray:
        return np.asarray(((rows - self.mean) / self.scale) @ self.weights, dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearRanker:
        if list(data["features"]) != list(FEATURES):
            raise ValueError(f"reranker features {data['features']} do not match this saidwhat's {FEATURES}")
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]))


def load_model_file(name: str) -> dict[str, Any]:
    """A JSON model file shipped in ``saidwhat/claims/data``."""
    text = (files("saidwhat.claims") / "data" / name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
