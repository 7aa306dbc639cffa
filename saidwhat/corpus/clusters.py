"""The same claim across articles: claims grouped by meaning, with who carried them and when.

The units are the claims in the store (asserted and attributed, from the claims stage) and the content
of every attribution that no claim covers (what a speaker is reported as saying is an attributed claim
whether or not the claims stage scored it). They are embedded with the shipped sentence embedder
(:func:`saidwhat.nlp.embedder.load_embedder`) and grouped in date order: each unit joins the most similar
existing cluster when its cosine to that cluster's centroid is at least ``threshold``, else starts one.
Contents under five words ("that") are left out.

The default threshold, 0.8, is a fixed prior (near-paraphrases of one sentence), not a calibrated
value: no corpus here has same-claim labels to calibrate it on. Clusters are computed for a query's
scope (a speaker, an outlet, a date range, words), at most ``limit`` units at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from saidwhat.corpus.queries import Filters, Row, iter_search
from saidwhat.store import Store

DEFAULT_THRESHOLD = 0.8
DEFAULT_LIMIT = 5000
#: Shorter contents ('that', 'so') say nothing checkable and would match each other.
MIN_WORDS = 5


@dataclass
class _Cluster:
    total: Any  # running sum of member vectors (numpy row)
    members: list[Row] = field(default_factory=list)


def claim_units(store: Store, filters: Filters, *, limit: int = DEFAULT_LIMIT) -> list[Row]:
    """Claims and uncovered attribution contents in scope, oldest first, each with ``text``,
    ``article``, ``outlet``, ``date`` and ``speaker``."""
    units: list[Row] = []
    covered: set[tuple[str, str]] = set()
    for row in iter_search(store, filters, level="claims"):
        if row.get("attribution_key"):
            covered.add((row["article"], row["attribution_key"]))
        units.append({**_common(row), "text": row["claim_text"], "speaker": row.get("claimant_name")})
    for row in iter_search(store, filters, level="attributions"):
        if (row["article"], row["attribution"]) not in covered:
            units.append({**_common(row), "text": row["content"], "speaker": row.get("speaker")})
    units = [u for u in units if len(u["text"].split()) >= MIN_WORDS]
    units.sort(key=lambda u: (u["date"] is None, u["date"] or "", u["article"]))
    return units[:limit]


def _common(row: Row) -> Row:
    return {"article": row["article"], "outlet": row.get("outlet"), "date": row.get("date")}


def claim_clusters(
    store: Store,
    filters: Filters | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_articles: int = 2,
    limit: int = DEFAULT_LIMIT,
) -> list[Row]:
    """Clusters of the same claim carried by at least ``min_articles`` articles, most widely carried
    first: the first wording, when and where it first appeared, the outlets that carried it, and who
    it was attributed to."""
    from saidwhat.nlp.embedder import load_embedder

    units = claim_units(store, filters or Filters(), limit=limit)
    if not units:
        return []
    vectors = load_embedder().embed([unit["text"] for unit in units])
    clusters = _group(vectors, units, threshold)
    rows = [_summary(c) for c in clusters if len({m["article"] for m in c.members}) >= min_articles]
    return sorted(rows, key=lambda r: (-r["articles"], -r["size"], r["first_seen"] or ""))


def _group(vectors: Any, units: list[Row], threshold: float) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    centroids = np.zeros((0, vectors.shape[1]), dtype=np.float32)
    for vector, unit in zip(vectors, units, strict=True):
        if len(clusters):
            scores = centroids @ vector
            best = int(np.argmax(scores))
            if scores[best] >= threshold:
                cluster = clusters[best]
                cluster.total = cluster.total + vector
                cluster.members.append(unit)
                centroids[best] = cluster.total / np.linalg.norm(cluster.total)
                continue
        clusters.append(_Cluster(total=vector.copy(), members=[unit]))
        centroids = np.vstack([centroids, vector[None, :]])
    return clusters


def _summary(cluster: _Cluster) -> Row:
    first = cluster.members[0]
    outlets = list(dict.fromkeys(m["outlet"] for m in cluster.members if m["outlet"]))
    speakers = list(dict.fromkeys(m["speaker"] for m in cluster.members if m["speaker"]))
    return {
        "claim": first["text"],
        "first_seen": first["date"],
        "first_outlet": first["outlet"],
        "outlets": outlets,
        "attributed_to": speakers,
        "articles": len({m["article"] for m in cluster.members}),
        "size": len(cluster.members),
        "wordings": list(dict.fromkeys(m["text"] for m in cluster.members))[:5],
    }
