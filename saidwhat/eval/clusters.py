"""``saidwhat eval clusters``: the cosine at which two texts are taken to be the same claim, chosen on data.

Same-claim labels come from CLEF CheckThat! 2021 Task 2A: a tweet and the fact-checked claim it is
judged to match (qrels) state the same claim; the tweet and every other verified claim do not. Every
(tweet, verified claim) pair of a split is scored with the cosine of their embeddings (the shipped
embedder; tweets cleaned as the matcher cleans them), and:

* on **train** (``qrels-train.tsv``), the threshold is the cosine that maximises F1 of "same claim"
  over all pairs — the decision a unit makes when it joins its nearest clustered neighbour;
* on **dev** (``qrels-dev.tsv``), precision, recall and F1 at that threshold are reported, never tuned.

The pool of verified claims is the whole Snopes collection (13,824 claims), so most pairs are
negatives, as in a corpus where most claims are distinct.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from saidwhat.claims.retrieval.search import prepare_query
from saidwhat.errors import MalformedRecordError
from saidwhat.eval.claim_matching import (
    DEFAULT_CLAIMS,
    DEFAULT_QRELS,
    DEFAULT_QUERIES,
    TRAIN_QRELS,
    load_split,
    read_verified_claims,
)

FloatArray = npt.NDArray[np.float32]


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> FloatArray: ...


@dataclass(frozen=True)
class PairScores:
    """Cosines of the positive pairs and of every negative pair of one split."""

    positives: npt.NDArray[np.float64]
    negatives: npt.NDArray[np.float64]


@dataclass(frozen=True)
class Operating:
    threshold: float
    precision: float
    recall: float
    f1: float
    positives: int
    negatives: int


def pair_scores(
    texts: Mapping[str, str],
    qrels: Mapping[str, set[str]],
    claims: Mapping[str, FloatArray],
    embedder: Embedder,
) -> PairScores:
    """Every (query, verified claim) cosine of a split, split into same-claim pairs and the rest."""
    ids = list(claims)
    position = {claim_id: i for i, claim_id in enumerate(ids)}
    missing = sorted({c for relevant in qrels.values() for c in relevant} - set(position))
    if missing:
        raise MalformedRecordError("qrels", f"judged claims missing from the verified claims: {missing[:5]}")
    matrix = np.stack([claims[c] for c in ids])
    queries = list(qrels)
    vectors = embedder.embed([prepare_query(texts[q])[0] for q in queries])
    cosines = (vectors @ matrix.T).astype(np.float64)
    mask = np.zeros(cosines.shape, dtype=bool)
    for row, query in enumerate(queries):
        for claim_id in qrels[query]:
            mask[row, position[claim_id]] = True
    return PairScores(cosines[mask], cosines[~mask])


def at_threshold(scores: PairScores, threshold: float) -> Operating:
    true = int(np.sum(scores.positives >= threshold))
    false = int(np.sum(scores.negatives >= threshold))
    precision = true / (true + false) if true + false else 0.0
    recall = true / len(scores.positives) if len(scores.positives) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Operating(
        round(threshold, 4),
        round(precision, 4),
        round(recall, 4),
        round(f1, 4),
        len(scores.positives),
        len(scores.negatives),
    )


def best_threshold(scores: PairScores) -> Operating:
    """The cosine maximising F1 (the lowest such, on ties): every positive's score is a candidate."""
    labels = np.concatenate([np.ones(len(scores.positives)), np.zeros(len(scores.negatives))])
    values = np.concatenate([scores.positives, scores.negatives])
    order = np.argsort(-values, kind="stable")
    values, labels = values[order], labels[order]
    true = np.cumsum(labels)
    predicted = np.arange(1, len(values) + 1)
    # Only cut where the next score is lower: a cut inside a run of equal scores is not a threshold.
    cut = np.append(values[1:] < values[:-1], True) & (labels == 1)
    f1 = np.where(cut, 2 * true / (predicted + len(scores.positives)), -1.0)
    best = int(np.argmax(f1))
    return at_threshold(scores, float(values[best]))


def threshold_for_precision(scores: PairScores, precision: float) -> Operating:
    """The lowest cosine whose precision on these pairs is at least ``precision`` (most recall)."""
    values = np.concatenate([scores.positives, scores.negatives])
    labels = np.concatenate([np.ones(len(scores.positives)), np.zeros(len(scores.negatives))])
    order = np.argsort(-values, kind="stable")
    values, labels = values[order], labels[order]
    true = np.cumsum(labels)
    cut = np.append(values[1:] < values[:-1], True) & (labels == 1)
    ok = cut & (true / np.arange(1, len(values) + 1) >= precision)
    if not ok.any():
        return at_threshold(scores, float(values[0]) + 1e-6)
    return at_threshold(scores, float(values[np.flatnonzero(ok)[-1]]))


def evaluate(
    embedder: Embedder,
    *,
    queries: Path = DEFAULT_QUERIES,
    train_qrels: Path = TRAIN_QRELS,
    dev_qrels: Path = DEFAULT_QRELS,
    claims_path: Path = DEFAULT_CLAIMS,
    precision: float | None = None,
) -> dict[str, Any]:
    """The threshold chosen on train (maximum F1, or the most recall at ``precision``) and the figures
    at it on train and dev."""
    documents = read_verified_claims(claims_path)
    vectors = embedder.embed([d.claim for d in documents])
    claims = {d.id: vectors[i] for i, d in enumerate(documents)}
    train_texts, train = load_split(queries, train_qrels)
    dev_texts, dev = load_split(queries, dev_qrels)
    train_scores = pair_scores(train_texts, train, claims, embedder)
    chosen = (
        best_threshold(train_scores)
        if precision is None
        else threshold_for_precision(train_scores, precision)
    )
    on_dev = at_threshold(pair_scores(dev_texts, dev, claims, embedder), chosen.threshold)
    return {
        "verified_claims": len(documents),
        "criterion": "max F1" if precision is None else f"precision >= {precision}",
        "train": asdict(chosen),
        "dev": asdict(on_dev),
        "threshold": chosen.threshold,
    }
