"""Claims per second of fact-check matching against a 100k-claim store, built at bench time.

The store is generated, never shipped: ``base`` real fact-checks from ``../shared/data/factchecks``
(PolitiFact and Snopes, alternating) are embedded for real, then copied with perturbations until there are
``size`` rows: each copy drops one word, swaps two neighbouring words and changes a number of its base
claim, and gets the base vector plus Gaussian noise (renormalised) instead of a fresh embedding — building
100k real embeddings would take longer than the whole bench. The measured path is the real one: the
queries (CheckThat! dev tweets) are embedded in batches, looked up in the usearch index, re-ranked with
BM25 statistics read from the store, and calibrated.
"""

from __future__ import annotations

import itertools
import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from saidwhat.claims.factchecks import Record, read_factchecks
from saidwhat.claims.factstore import Embedder, FactCheckStore, FloatArray
from saidwhat.claims.matching import FactCheckMatcher
from saidwhat.eval.claim_matching import DATA_DIR, DEFAULT_QRELS, DEFAULT_QUERIES, load_split
from saidwhat.store import open_store

SIZE = 100_000
BASE = 3_000
QUERIES = 200
SEED = 13
NOISE = 0.02  # per-dimension noise on unit vectors: copies keep cosine ≈ 0.9 to their base


@dataclass(frozen=True, slots=True)
class MatchingBench:
    factchecks: int
    queries: int
    build_seconds: float
    index_seconds: float
    match_seconds: float
    matched: int  # queries with at least one match

    @property
    def claims_per_second(self) -> float:
        return self.queries / self.match_seconds if self.match_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "claims_per_second": round(self.claims_per_second, 1)}


class _PerturbedEmbedder:
    """Embeds base claims for real; a perturbed copy gets its base's vector plus noise."""

    def __init__(self, embedder: Embedder, bases: dict[str, str], rng: np.random.Generator) -> None:
        self.embedder = embedder
        self.bases = bases  # copy text -> base text
        self.rng = rng
        self.cache: dict[str, FloatArray] = {}

    def embed(self, texts: Sequence[str]) -> FloatArray:
        base_texts = [self.bases.get(t, t) for t in texts]
        missing = sorted({b for b in base_texts if b not in self.cache})
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self.cache[text] = vector
        rows = np.stack([self.cache[b] for b in base_texts])
        copies = np.array([t in self.bases for t in texts])
        rows[copies] += self.rng.normal(0, NOISE, size=(int(copies.sum()), rows.shape[1])).astype(np.float32)
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _base_records(base: int) -> list[Record]:
    sources = [read_factchecks(DATA_DIR / name) for name in ("politifact.jsonl", "snopes.jsonl")]
    records = (r for pair in zip(*sources, strict=False) for r in pair if isinstance(r, Record))
    return list(itertools.islice(records, base))


def _perturb(text: str, rng: random.Random, n: int) -> str:
    words = text.split()
    if len(words) > 4:
        del words[rng.randrange(len(words))]
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    numbers = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
    if numbers:
        words[rng.choice(numbers)] = str(rng.randint(2, 999))
    return f"{' '.join(words)} ({n})"  # the copy number keeps every copy a distinct fact-check


def _copies(bases: list[Record], size: int, rng: random.Random) -> Iterator[tuple[Record, str]]:
    for n in range(size):
        base = bases[n % len(bases)]
        if n < len(bases):
            yield base, base.fact_check.claim
            continue
        claim = _perturb(base.fact_check.claim, rng, n)
        check = base.fact_check.model_copy(update={"claim": claim, "url": f"{base.fact_check.url or ''}#{n}"})
        yield Record(check, base.headline), base.fact_check.claim


def run_matching_bench(
    embedder: Embedder,
    *,
    size: int = SIZE,
    base: int = BASE,
    queries: int = QUERIES,
    directory: Path | None = None,
) -> MatchingBench:
    """Build a ``size``-row fact-check store in ``directory`` (default: a temporary one), time matching."""
    rng = random.Random(SEED)
    bases = _base_records(base)
    texts, _ = load_split(DEFAULT_QUERIES, DEFAULT_QRELS)
    query_texts = list(texts.values())[:queries]
    with (
        tempfile.TemporaryDirectory(dir=directory) as tmp,
        open_store(str(Path(tmp) / "bench.sqlite")) as store,
    ):
        factchecks = FactCheckStore(store.engine)
        pairs = list(_copies(bases, size, rng))
        fake = _PerturbedEmbedder(
            embedder, {r.fact_check.claim: b for r, b in pairs[len(bases) :]}, np.random.default_rng(SEED)
        )
        start = time.perf_counter()
        factchecks.import_records((r for r, _ in pairs), fake, source="bench")
        built = time.perf_counter()
        factchecks.index()
        indexed = time.perf_counter()
        matcher = FactCheckMatcher(FactCheckStore(store.engine), embedder)
        matcher.match_texts(query_texts[:5])  # warm-up: loads the index and the models
        begin = time.perf_counter()
        results = matcher.match_texts(query_texts)
        end = time.perf_counter()
        return MatchingBench(
            factchecks=factchecks.count(),
            queries=len(query_texts),
            build_seconds=round(built - start, 1),
            index_seconds=round(indexed - built, 1),
            match_seconds=round(end - begin, 2),
            matched=sum(1 for r in results if r),
        )
