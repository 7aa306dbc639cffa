from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from saidwhat.corpus.batch import estimate_total, ingest, upgrade
from saidwhat.corpus.clusters import units_of
from saidwhat.corpus.queries import counts, failures
from saidwhat.model import Analysis
from saidwhat.settings import Options
from saidwhat.store import open_store
from saidwhat.store.cluster_tables import ClaimClusterMemberRow, ClaimClusterRow, ClaimUnitRow
from saidwhat.store.tables import ArticleRow, AttributionRow, ClaimRow, FailureRow
from saidwhat.version import PIPELINE_VERSION
from tests.corpus.conftest import BAD, GOOD

SAIDWHAT = [sys.executable, "-c", "from saidwhat.cli import main; main()"]


def _consistent(store_url: str) -> int:
    """Every article once, and exactly the child rows its stored analysis has; returns the article count."""
    with open_store(store_url) as store, store.session() as session:
        keys = list(session.scalars(select(ArticleRow.content_hash)))
        assert len(keys) == len(set(keys))
        for row in session.scalars(select(ArticleRow)):
            analysis = Analysis.model_validate(row.analysis)
            stored = session.scalar(select(func.count()).where(AttributionRow.article_id == row.id))
            assert stored == len(analysis.attributions)
            claims = session.scalar(select(func.count()).where(ClaimRow.article_id == row.id))
            assert claims == len(analysis.claims)
        inputs = list(session.scalars(select(FailureRow.input)))
        assert len(inputs) == len(set(inputs))
        _units_consistent(session)
        return len(keys)


def _units_consistent(session: Session) -> None:
    """Claim-cluster units: an article's are all there or none (its transaction), each in at most one
    cluster, and every cluster's size is its membership count."""
    for row in session.scalars(select(ArticleRow)):
        units = session.scalar(select(func.count()).where(ClaimUnitRow.article_id == row.id))
        expected = len(units_of(Analysis.model_validate(row.analysis))) if row.units_model else 0
        assert units == expected, row.key
    members = list(session.scalars(select(ClaimClusterMemberRow.unit_id)))
    assert len(members) == len(set(members))
    sizes = session.execute(
        select(ClaimClusterRow.size, func.count(ClaimClusterMemberRow.unit_id))
        .join(ClaimClusterMemberRow, ClaimClusterMemberRow.cluster_id == ClaimClusterRow.id)
        .group_by(ClaimClusterRow.id, ClaimClusterRow.size)
    ).all()
    assert all(size == count for size, count in sizes)


def _all_clustered(store_url: str) -> None:
    with open_store(store_url) as store, store.session() as session:
        units = session.scalar(select(func.count()).select_from(ClaimUnitRow))
        members = session.scalar(select(func.count()).select_from(ClaimClusterMemberRow))
        waiting = session.scalar(select(func.count()).where(ArticleRow.units_model.is_(None)))
    assert units and units == members and waiting == 0


def test_ingest_is_idempotent_and_records_failures(store_url: str, corpus_dir: Path) -> None:
    options = Options(n_process=1, batch_size=4)
    assert estimate_total([str(corpus_dir)]) == GOOD + BAD
    with open_store(store_url) as store:
        first = ingest(store, [str(corpus_dir)], options=options)
        assert (first.analysed, first.failed, first.skipped) == (GOOD, BAD, 0)
        again = ingest(store, [str(corpus_dir)], options=options)
        assert again.analysed == 0 and again.skipped == GOOD  # stored articles: a no-op
        assert counts(store)["articles"] == GOOD
        listed = failures(store).rows
        assert {row["code"] for row in listed} == {"E001", "E007"}
        assert any(row["input"].endswith("bad.jsonl:2") for row in listed)
        with store.session() as session:  # as if an older saidwhat had analysed two of them
            older = list(session.scalars(select(ArticleRow).order_by(ArticleRow.id).limit(2)))
            for row in older:
                row.pipeline_version = "0.0.1"
        upgraded = upgrade(store, options=options)
        assert (upgraded.analysed, upgraded.total) == (2, 2)
        with store.session() as session:
            assert set(session.scalars(select(ArticleRow.pipeline_version))) == {PIPELINE_VERSION}
    assert _consistent(store_url) == GOOD
    _all_clustered(store_url)


def _run_ingest(store_url: str, corpus: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [*SAIDWHAT, "ingest", str(corpus), "--store", store_url, "--n-process", "1"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([*command, "--batch-size", "1", "--commit-every", "1", *extra], env=env)


def test_sigkill_midway_then_resume_loses_and_duplicates_nothing(store_url: str, corpus_dir: Path) -> None:
    # The store is migrated here, before the ingest starts, so each poll is one cheap count: the kill
    # lands within a poll (50 ms) of the third commit, long before the twelfth on any machine.
    with open_store(store_url) as store:
        process = _run_ingest(store_url, corpus_dir)
        stored = 0
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None and stored < 3:
            time.sleep(0.05)
            with store.session() as session:
                stored = session.scalar(select(func.count()).select_from(ArticleRow)) or 0
    assert process.poll() is None, "the ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 3 <= stored < GOOD
    _consistent(store_url)  # what a killed run left is whole
    resumed = _run_ingest(store_url, corpus_dir)
    assert resumed.wait(timeout=300) == 1  # 1: some inputs failed (the broken ones)
    assert _consistent(store_url) == GOOD
    _all_clustered(store_url)
    with open_store(store_url) as store:
        assert counts(store)["failures"] == BAD
