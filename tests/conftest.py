"""Fixtures shared across test packages: stores on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from saidwhat import analyze
from saidwhat.model import Analysis, Article, ArticleMetadata
from tests.postgres import Cluster, find_bindir

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kremlin-peskov-interview.txt"

_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster for the whole test session (about 3 s to start)."""
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; scripts/test.sh installs postgresql-15 when missing")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql-15)")
    cluster = Cluster(bindir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty store: a SQLite file, then a fresh database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.sqlite'}"
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database(f"test_{os.getpid()}_{next(_databases)}")


@pytest.fixture(scope="session")
def example_analysis() -> Analysis:
    """The example article, analysed once for the session, with an outlet and a date."""
    text = EXAMPLE.read_text(encoding="utf-8")
    metadata = ArticleMetadata(outlet="example-news", published="2022-03-01", source_file=str(EXAMPLE))
    return analyze(Article(id="kremlin-peskov", text=text, metadata=metadata))
