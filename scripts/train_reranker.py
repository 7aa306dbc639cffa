"""Train the claim-matching re-ranker and the similarity calibration on CheckThat! 2021 Task 2A TRAIN pairs.

    .venv/bin/python scripts/train_reranker.py [--cache .tmp/claim-vectors.npy]

Data: ``../shared/data/factchecks/claim-retrieval-2a/qrels-train.tsv`` with its tweets and the Snopes claims
(see that folder's README; CLEF-2021 CheckThat! Task 2, "free for general research use"). The dev qrels are
never read. A seeded 15 % of the train queries (seed 2021, 150 queries) is held out to choose the L2 strength;
the shipped ranker is then refitted on all train queries. Each query's candidates are its
``CANDIDATES`` (200) nearest Snopes claims by cosine, as at match time.

Writes ``saidwhat/claims/data/reranker.json``: the listwise linear ranker (softmax over each query's
candidates) and the calibration (logistic regression of "same claim" on the ranker score, fitted on each
train query's relevant claim against its best-ranked non-relevant ones, so a claim with no fact-check gets a
low similarity).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
import numpy.typing as npt

from saidwhat.claims.retrieval.rerank import FEATURES, Candidate, LinearRanker, features
from saidwhat.claims.retrieval.search import CANDIDATES, FactCheckIndex, prepare_query
from saidwhat.claims.retrieval.text import post_date
from saidwhat.eval.claim_matching import (
    DEFAULT_CLAIMS,
    DEFAULT_QUERIES,
    TRAIN_QRELS,
    average_precision,
    load_split,
    read_verified_claims,
)
from saidwhat.nlp.embedder import load_embedder

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "saidwhat" / "claims" / "data" / "reranker.json"
SEED = 2021
HELD_OUT = 0.15
L2 = (0.0, 0.001, 0.01, 0.1, 1.0)
Array = npt.NDArray[np.float64]


def fit_listwise(groups: list[tuple[Array, Array]], l2: float, steps: int = 1500) -> Array:
    """Weights maximising the softmax likelihood of the relevant candidates (Adam, full batch).

    The groups are padded to one length and masked, so each step is one tensor product."""
    size = max(len(x) for x, _ in groups)
    xs = np.zeros((len(groups), size, groups[0][0].shape[1]))
    target = np.zeros((len(groups), size))
    mask = np.full((len(groups), size), -np.inf)
    for g, (x, y) in enumerate(groups):
        xs[g, : len(x)] = x
        target[g, : len(y)] = y / y.sum()
        mask[g, : len(x)] = 0.0
    w = np.zeros(xs.shape[2])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        s = xs @ w + mask
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        grad = l2 * w - np.einsum("gkf,gk->f", xs, target - p) / len(groups)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def fit_logistic(x: Array, y: Array, l2: float = 1e-3, steps: int = 50) -> tuple[float, float]:
    """One-feature logistic regression by Newton's method: P(y=1 | x) = sigmoid(a x + b)."""
    a = b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([np.sum((p - y) * x) + l2 * a, np.sum(p - y)])
        h = p * (1 - p)
        hess = np.array([[np.sum(h * x * x) + l2, np.sum(h * x)], [np.sum(h * x), np.sum(h) + 1e-9]])
        a, b = np.array([a, b]) - np.linalg.solve(hess, g)
    return float(a), float(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="Keep the Snopes claim vectors in this .npy file.")
    args = parser.parse_args()
    embedder = load_embedder()
    documents = read_verified_claims(DEFAULT_CLAIMS)
    if args.cache and args.cache.is_file():
        vectors = np.load(args.cache)
    else:
        vectors = embedder.embed([d.claim for d in documents])
        if args.cache:
            np.save(args.cache, vectors)
    index = FactCheckIndex(documents, vectors)
    queries, qrels = load_split(DEFAULT_QUERIES, TRAIN_QRELS)
    ids = sorted(queries)
    held = set(random.Random(SEED).sample(ids, round(len(ids) * HELD_OUT)))
    prepared = [prepare_query(queries[q], post_date(queries[q])) for q in ids]
    qvecs = embedder.embed([cleaned for cleaned, _ in prepared])
    top, cosines = index.dense(qvecs, CANDIDATES)
    rows: dict[str, tuple[Array, Array, list[str]]] = {}
    for q, (_, query), idx, cos in zip(ids, prepared, top, cosines, strict=True):
        docs = [documents[i] for i in idx]
        cands = [Candidate(d.terms, d.text, float(c), d.date) for d, c in zip(docs, cos, strict=True)]
        labels = np.array([d.id in qrels[q] for d in docs], dtype=np.float64)
        rows[q] = (features(query, cands, index.stats), labels, [d.id for d in docs])
    mean = np.mean(np.vstack([r[0] for r in rows.values()]), axis=0)
    scale = np.std(np.vstack([r[0] for r in rows.values()]), axis=0) + 1e-6

    def groups(keys: list[str]) -> list[tuple[Array, Array]]:
        return [((rows[q][0] - mean) / scale, rows[q][1]) for q in keys if rows[q][1].any()]

    def held_map(w: Array) -> float:
        total = 0.0
        for q in sorted(held):
            x, _, cand_ids = rows[q]
            order = np.argsort(-(((x - mean) / scale) @ w), kind="stable")
            total += average_precision(qrels[q], [cand_ids[i] for i in order])
        return total / len(held)

    fit_keys = [q for q in ids if q not in held]
    baseline = held_map(np.eye(len(FEATURES))[0])  # cosine alone
    choice = {l2: held_map(fit_listwise(groups(fit_keys), l2)) for l2 in L2}
    best = max(choice, key=lambda l2: (choice[l2], l2))
    print(f"held-out train MAP@5: cosine {baseline:.4f}; ranker by L2 {choice}; chosen {best}")
    weights = fit_listwise(groups(ids), best)
    ranker = LinearRanker(mean, scale, weights)
    # Calibration: each query's relevant claims (positives) against (a) its best-scored non-relevant
    # candidate and (b) the best candidate once the relevant ones are removed from the list and the
    # features recomputed: the case of a claim that no fact-check covers, whose top candidate is wrong.
    xs: list[float] = []
    ys: list[float] = []
    for q, (_, query), idx, cos in zip(ids, prepared, top, cosines, strict=True):
        x, labels, _ = rows[q]
        scores = ranker.scores(x)
        xs.extend(scores[labels > 0])
        ys.extend([1.0] * int(labels.sum()))
        if (labels == 0).any():
            xs.append(float(scores[labels == 0].max()))
            ys.append(0.0)
        rest = [(documents[i], c) for i, c, y in zip(idx, cos, labels, strict=True) if y == 0]
        cands = [Candidate(d.terms, d.text, float(c), d.date) for d, c in rest]
        xs.append(float(ranker.scores(features(query, cands, index.stats)).max()))
        ys.append(0.0)
    a, b = fit_logistic(np.array(xs), np.array(ys))
    model = {
        **ranker.to_json(),
        "calibration": {"slope": a, "intercept": b},
        "candidates": CANDIDATES,
        "l2": best,
        "held_out_map5": {"cosine": round(baseline, 4), **{str(k): round(v, 4) for k, v in choice.items()}},
        "seed": SEED,
        "data": "CLEF-2021 CheckThat! 2A English train qrels + Snopes claims (../shared/data/factchecks)",
        "command": ".venv/bin/python scripts/train_reranker.py",
    }
    OUT.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: model[k] for k in ("features", "weights", "calibration", "l2")}, indent=1))


if __name__ == "__main__":
    main()
