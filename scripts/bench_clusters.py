"""Time the claim clusters of a SQLite corpus store: reading (the Python API) and a backfill.

    .venv/bin/python scripts/bench_clusters.py .tmp/dev84.sqlite

Reads the first page of clusters with a few filters and one cluster, then copies the store, deletes its
units and clusters as if it predated them (``units_model`` NULL) and times ``update_clusters`` on the copy.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from pathlib import Path

from saidwhat.corpus.clusters import claim_cluster, claim_clusters, update_clusters
from saidwhat.corpus.queries import Filters
from saidwhat.store import open_store

SCOPES = {
    "all": Filters(),
    "outlet nyt": Filters(outlet="nyt"),
    "speaker Trump": Filters(speaker="Trump"),
    "words tax": Filters(text="tax"),
}


def reading(path: Path) -> None:
    with open_store(str(path)) as store:
        first = None
        for label, scope in SCOPES.items():
            start = time.perf_counter()
            page = claim_clusters(store, scope)
            print(f"{label}: {page.total} clusters, page 1 in {(time.perf_counter() - start) * 1000:.0f} ms")
            first = first or (page.rows[0]["id"] if page.rows else None)
        if first is not None:
            start = time.perf_counter()
            claim_cluster(store, first)
            print(f"one cluster in {(time.perf_counter() - start) * 1000:.0f} ms")


def backfill(path: Path) -> None:
    copy = path.with_name(path.stem + "-backfill.sqlite")
    for suffix in ("", "-wal", "-shm", ".claims.usearch"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, copy)
    with sqlite3.connect(copy) as connection:
        for table in ("claim_cluster_members", "claim_clusters", "claim_units"):
            connection.execute(f"DELETE FROM {table}")
        connection.execute("UPDATE articles SET units_model = NULL")
    with open_store(str(copy)) as store:
        start = time.perf_counter()
        stats = update_clusters(store)
        seconds = time.perf_counter() - start
        print(f"backfill: {stats.line()} in {seconds:.1f} s ({stats.articles / seconds:.2f} articles/s)")
        print("clusters carried by two articles or more:", claim_clusters(store, per_page=1).total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a SQLite corpus store")
    args = parser.parse_args()
    reading(args.store)
    backfill(args.store)


if __name__ == "__main__":
    main()
