"""``saidwhat eval claim-matching``: CLEF CheckThat! 2021 Task 2A (detecting previously fact-checked claims).

For each query (a tweet) the matcher ranks the verified claims; the figures are the task's own:
**MAP@5** (primary; average precision over the top 5 divided by the number of relevant claims),
**MRR** (reciprocal rank of the first relevant claim in the ranking) and **recall@5**, computed as the
task's scorer does. Queries are the ids in the qrels file; a query missing from the queries file is an
error (it would silently inflate the figures if dropped).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from saidwhat.claims.retrieval.rerank import LinearRanker
from saidwhat.claims.retrieval.search import Document, FactCheckIndex, prepare_query
from saidwhat.claims.retrieval.text import parse_date, post_date
from saidwhat.errors import InputNotFoundError, MalformedRecordError

FloatArray = npt.NDArray[np.float32]
DATA_DIR = Path("../shared/data/factchecks")
TASK_DIR = DATA_DIR / "claim-retrieval-2a"
DEFAULT_QUERIES = TASK_DIR / "tweets-train-dev.tsv"
DEFAULT_QRELS = TASK_DIR / "qrels-dev.tsv"
TRAIN_QRELS = TASK_DIR / "qrels-train.tsv"
DEFAULT_CLAIMS = DATA_DIR / "snopes.jsonl"
DEPTH = 5
ANCHOR_MAP5 = 0.883  # best CheckThat! 2021 Task 2A English system, on the task's test set
TARGET_MAP5 = 0.97


def _require(path: Path) -> None:
    if not path.is_file():
        raise InputNotFoundError(
            str(path), "no such file (the CheckThat! 2A data: ../shared/data/factchecks)"
        )


def read_queries(path: Path) -> dict[str, str]:
    """``id<TAB>text`` lines (CSV-quoted texts unquoted)."""
    _require(path)
    queries: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            qid, sep, text = line.rstrip("\n").partition("\t")
            if not sep:
                raise MalformedRecordError(f"{path}:{number}", "expected 'id<TAB>text'")
            queries[qid] = _unquote(text)
    return queries


def _unquote(text: str) -> str:
    """Undo the CSV quoting some rows of the 2A tweets file carry (``"…""quoted""…"``): 33 of its 1,196
    tweets, whose signature (and so their date) would otherwise go unrecognised."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def read_qrels(path: Path) -> dict[str, set[str]]:
    """TREC-style ``query 0 claim relevance`` lines (tabs or spaces); relevance > 0 counts."""
    _require(path)
    qrels: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.split()
            if not fields:
                continue
            if len(fields) != 4 or not fields[3].lstrip("-").isdigit():
                raise MalformedRecordError(f"{path}:{number}", "expected 'query_id 0 claim_id relevance'")
            if int(fields[3]) > 0:
                qrels.setdefault(fields[0], set()).add(fields[2])
    return qrels


def read_verified_claims(path: Path) -> list[Document]:
    """JSONL with ``vclaim_id``, ``vclaim`` (optional ``title``, ``date``), as the task distributes them."""
    _require(path)
    claims = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                claims.append(
                    Document(
                        str(record["vclaim_id"]),
                        str(record["vclaim"]),
                        str(record.get("title") or ""),
                        parse_date(record.get("date")),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                problem = f"not a verified-claim record ({exc})"
                raise MalformedRecordError(f"{path}:{number}", problem) from exc
    return claims


def average_precision(relevant: set[str], ranking: Sequence[str], depth: int = DEPTH) -> float:
    hits, total = 0, 0.0
    for rank, claim in enumerate(ranking[:depth], 1):
        if claim in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def reciprocal_rank(relevant: set[str], ranking: Sequence[str]) -> float:
    for rank, claim in enumerate(ranking, 1):
        if claim in relevant:
            return 1.0 / rank
    return 0.0


def recall(relevant: set[str], ranking: Sequence[str], depth: int = DEPTH) -> float:
    return len(relevant.intersection(ranking[:depth])) / len(relevant) if relevant else 0.0


def score_rankings(qrels: Mapping[str, set[str]], rankings: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """MAP@5, MRR and recall@5 (recall@1 too) over the queries of ``qrels``."""
    ids = sorted(qrels)
    n = len(ids)

    def mean(values: Iterable[float]) -> float:
        return round(sum(values) / n, 4) if n else 0.0

    return {
        "queries": n,
        "map@5": mean(average_precision(qrels[q], rankings.get(q, ())) for q in ids),
        "mrr": mean(reciprocal_rank(qrels[q], rankings.get(q, ())) for q in ids),
        "recall@1": mean(recall(qrels[q], rankings.get(q, ()), 1) for q in ids),
        "recall@5": mean(recall(qrels[q], rankings.get(q, ())) for q in ids),
    }


def load_split(queries_path: Path, qrels_path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The queries of one qrels file, with their texts; every judged query must have a text."""
    texts = read_queries(queries_path)
    qrels = read_qrels(qrels_path)
    missing = sorted(set(qrels) - set(texts))
    if missing:
        raise MalformedRecordError(str(queries_path), f"no text for judged queries {missing[:5]}")
    return {q: texts[q] for q in qrels}, qrels


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> FloatArray: ...


@dataclass(frozen=True, slots=True)
class Run:
    """One retrieval run: the index, and per query its (document index, score) ranking."""

    index: FactCheckIndex
    query_ids: list[str]
    results: list[list[tuple[int, float]]]

    def rankings(self) -> dict[str, list[str]]:
        docs = self.index.documents
        return {q: [docs[i].id for i, _ in r] for q, r in zip(self.query_ids, self.results, strict=True)}


def build_index(claims_path: Path, embedder: Embedder) -> FactCheckIndex:
    documents = read_verified_claims(claims_path)
    return FactCheckIndex(documents, embedder.embed([d.claim for d in documents]))


def run_queries(
    index: FactCheckIndex, queries: Mapping[str, str], embedder: Embedder, ranker: LinearRanker | None
) -> Run:
    """Clean, embed and rank every query (dated by its tweet signature, when it has one)."""
    ids = list(queries)
    prepared = [prepare_query(queries[q], post_date(queries[q])) for q in ids]
    vectors = embedder.embed([cleaned for cleaned, _ in prepared])
    return Run(index, ids, index.search([query for _, query in prepared], vectors, ranker))
