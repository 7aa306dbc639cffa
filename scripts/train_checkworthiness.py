"""Train saidwhat's check-worthiness scorer on the CheckThat! train split; choose and calibrate on dev.

    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data/checkworthy]

Features per sentence (the same code as at run time): the all-MiniLM-L6-v2 sentence embedding
(``saidwhat.nlp.embedder``), TF-IDF of words and word pairs over the ``K`` most frequent in train
(``saidwhat.claims.scorer.Wording``), and the interpretable parse features of
``saidwhat.claims.features`` (spaCy ``en_core_web_sm`` parse), standardised. One L2-regularised
logistic regression (numpy Newton-CG, deterministic) is fitted on ``train.tsv`` for each setting of the
grid (``K``, TF-IDF scale, L2); each is Platt-calibrated on ``dev.tsv`` and the setting with the best dev
F1 at 0.5 is shipped. ``dev-test.tsv`` is never read. Writes ``saidwhat/claims/data/checkworthiness.json``.
Parses and embeddings are cached in ``.tmp/`` (keyed by the data, word-list and embedder hashes).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import spacy

from saidwhat.claims.features import FEATURES, claim_features, load_lexicon
from saidwhat.claims.logistic import fit_logistic, sigmoid
from saidwhat.claims.scorer import CheckworthinessModel, Wording, file_sha256, ngrams
from saidwhat.eval.checkworthy import Sentence, positive_class_scores, read_checkworthy
from saidwhat.nlp.embedder import load_embedder
from saidwhat.nlp.loader import MODEL_NAME

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "saidwhat" / "claims" / "data" / "checkworthiness.json"
EMBEDDER = ROOT / "saidwhat" / "nlp" / "data" / "embedder.onnx"
CACHE = ROOT / ".tmp" / "checkworthiness-cache"
VOCABULARY_SIZES = (0, 1000, 2000)
SCALES = (8.0,)
L2 = (1.0, 3.0)
#: The length features ("short", "length") may be left out: claims are clauses cut out of sentences, so
#: their length is not that of a training sentence. Whether to keep them is chosen on dev like the rest.
LENGTH_FEATURES = ("short", "length")


def cached_inputs(sentences: list[Sentence], name: str) -> tuple[np.ndarray, np.ndarray]:
    """Parse features and embeddings of the sentences, each from the cache when its inputs are unchanged."""
    texts = [s.text for s in sentences]
    lexicon_file = ROOT / "saidwhat" / "claims" / "data" / "cue_words.json"
    features = cached(
        f"{name}-features", [*texts, json.dumps(FEATURES), file_sha256(lexicon_file)], lambda: parse(texts)
    )
    # One sentence per batch, as the claims stage embeds them: an int8 batch shares activation scales.
    embeddings = cached(
        f"{name}-embeddings",
        [*texts, file_sha256(EMBEDDER), "batch_size=1"],
        lambda: load_embedder().embed(texts, batch_size=1).astype(np.float64),
    )
    return features, embeddings


def cached(name: str, key_parts: list[str], compute: Callable[[], np.ndarray]) -> np.ndarray:
    key = hashlib.sha256("\n".join(key_parts).encode()).hexdigest()[:16]
    path = CACHE / f"{name}-{key}.npy"
    if path.is_file():
        return np.asarray(np.load(path))
    started = time.time()
    values = compute()
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, values)
    print(f"{name}: computed in {time.time() - started:.0f}s", flush=True)
    return values


def parse(texts: list[str]) -> np.ndarray:
    nlp = spacy.load(MODEL_NAME)
    lexicon = load_lexicon()
    docs = nlp.pipe(texts, batch_size=256)
    return np.asarray([claim_features(doc[:], lexicon).values for doc in docs], dtype=np.float64)


def vocabulary(texts: list[str], size: int) -> tuple[list[str], np.ndarray]:
    """The ``size`` n-grams in most training sentences (ties alphabetical) and their idf."""
    df = Counter(gram for text in texts for gram in set(ngrams(text)))
    grams = [g for g, _ in sorted(df.items(), key=lambda item: (-item[1], item[0]))[:size]]
    idf = np.asarray([math.log(len(texts) / df[g]) for g in grams])
    return grams, idf


def platt(raw: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """``a``, ``c`` of the calibrated logit ``a·raw + c``, by maximum likelihood on (dev) scores."""
    weights, intercept = fit_logistic(raw.reshape(-1, 1), gold.astype(np.float64), l2=1e-6)
    return float(weights[0]), intercept


def f1_at_half(probabilities: np.ndarray, gold: np.ndarray) -> Any:
    return positive_class_scores(list(gold), list(probabilities >= 0.5))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "checkworthy")
    args = parser.parse_args()
    train = read_checkworthy(args.data / "train.tsv")
    dev = read_checkworthy(args.data / "dev.tsv")
    train_features, train_embeddings = cached_inputs(train, "train")
    dev_features, dev_embeddings = cached_inputs(dev, "dev")
    y_train = np.asarray([s.checkworthy for s in train], dtype=np.float64)
    y_dev = np.asarray([s.checkworthy for s in dev])
    mean = train_features.mean(axis=0)
    std = train_features.std(axis=0)
    std[std == 0] = 1.0
    z_train, z_dev = (train_features - mean) / std, (dev_features - mean) / std
    train_texts, dev_texts = [s.text for s in train], [s.text for s in dev]

    results: list[dict[str, Any]] = []
    best: tuple[float, dict[str, Any]] | None = None
    length_columns = [FEATURES.index(name) for name in LENGTH_FEATURES]
    for size, scale, l2, with_length in itertools.product(VOCABULARY_SIZES, SCALES, L2, (True, False)):
        if size == 0 and scale != SCALES[0]:
            continue  # no wording block: the scale means nothing
        started = time.time()
        wording = None
        kept = z_train.copy(), z_dev.copy()
        if not with_length:  # constant columns get zero weight under L2
            for matrix in kept:
                matrix[:, length_columns] = 0.0
        blocks_train, blocks_dev = [train_embeddings, kept[0]], [dev_embeddings, kept[1]]
        if size:
            grams, idf = vocabulary(train_texts, size)
            wording = Wording(index={g: i for i, g in enumerate(grams)}, idf=idf, scale=scale)
            blocks_train.append(wording.vectors(train_texts))
            blocks_dev.append(wording.vectors(dev_texts))
        weights, intercept = fit_logistic(np.hstack(blocks_train), y_train, l2=l2)
        raw_dev = np.hstack(blocks_dev) @ weights + intercept
        a, c = platt(raw_dev, y_dev)
        scores = f1_at_half(sigmoid(a * raw_dev + c), y_dev)
        entry = {
            "vocabulary": size,
            "scale": scale if size else None,
            "l2": l2,
            "length_features": with_length,
            "dev_f1": round(scores.f1, 4),
            "dev_precision": round(scores.precision, 4),
            "dev_recall": round(scores.recall, 4),
        }
        results.append(entry)
        print(json.dumps(entry), f"({time.time() - started:.0f}s)", flush=True)
        if best is None or scores.f1 > best[0]:
            dims = train_embeddings.shape[1]
            best = (
                scores.f1,
                {
                    "entry": entry,
                    "weights": weights,
                    "intercept": intercept,
                    "calibration": (a, c),
                    "wording": wording,
                    "content_mean": float((train_embeddings @ weights[:dims]).mean()),
                    "wording_mean": float((blocks_train[2] @ weights[dims + len(FEATURES) :]).mean())
                    if wording
                    else 0.0,
                },
            )
    assert best is not None
    write_model(best[1], mean, std, results, train_embeddings.shape[1])


def write_model(
    chosen: dict[str, Any], mean: np.ndarray, std: np.ndarray, results: list[dict[str, Any]], dims: int
) -> None:
    weights = chosen["weights"]
    wording: Wording | None = chosen["wording"]
    a, c = chosen["calibration"]
    # Platt scaling moves the whole raw logit; the per-block means are subtracted inside the scorer,
    # so the intercept takes them back here.
    intercept = chosen["intercept"] + chosen["content_mean"] + chosen["wording_mean"]
    config: dict[str, Any] = {
        "method": "L2 logistic regression (numpy Newton-CG) on sentence embedding + TF-IDF + parse features, "
        "Platt-calibrated on dev",
        "data": "CLEF-2024 CheckThat! Task 1 English (ClaimBuster): fitted on train.tsv, setting chosen and "
        "calibrated on dev.tsv; dev-test.tsv not read. Free for general research use.",
        "command": ".venv/bin/python scripts/train_checkworthiness.py",
        "chosen": chosen["entry"],
        "grid": results,
        "features": list(FEATURES),
        "feature_mean": [round(float(v), 6) for v in mean],
        "feature_std": [round(float(v), 6) for v in std],
        "weights": {
            "content": [round(float(v), 6) for v in weights[:dims]],
            "features": [round(float(v), 6) for v in weights[dims : dims + len(FEATURES)]],
            "wording": [round(float(v), 6) for v in weights[dims + len(FEATURES) :]] if wording else None,
            "intercept": round(float(intercept), 6),
        },
        "content_mean": round(chosen["content_mean"], 6),
        "wording_mean": round(chosen["wording_mean"], 6),
        "calibration": {"a": round(a, 6), "c": round(c, 6)},
        "embedder_sha256": file_sha256(EMBEDDER),
        "wording": None
        if wording is None
        else {
            "vocabulary": list(wording.index),
            "idf": [round(float(v), 6) for v in wording.idf],
            "scale": wording.scale,
        },
    }
    CheckworthinessModel(config)  # refuse to write a file the run time cannot load
    OUT.write_text(json.dumps(config) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB): {json.dumps(chosen['entry'])}")


if __name__ == "__main__":
    main()
