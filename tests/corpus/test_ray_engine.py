"""The Ray engine on a local Ray cluster the test starts: the same analyses as the local engine, into
the store and Parquet, and a rerun that skips what is stored."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

from saidwhat.corpus.batch import ingest
from saidwhat.corpus.ray_engine import ingest_ray, shards
from saidwhat.model import Analysis
from saidwhat.settings import Options
from saidwhat.store import open_store
from saidwhat.store.tables import ArticleRow, AttributionRow, ClaimRow, FailureRow
from tests.corpus.conftest import BAD, GOOD
from tests.corpus.test_batch import SAIDWHAT, _consistent

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray instance with three CPUs (two pipeline actors and the readers)."""
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def test_ray_job_matches_the_local_engine(
    local_ray, corpus_dir: Path, corpus_analyses: list[Analysis], tmp_path: Path
) -> None:
    assert len(shards([str(corpus_dir)])) == 4  # each file is a shard
    url = f"sqlite:///{tmp_path / 'ray.sqlite'}"
    options = Options(batch_size=4)
    with open_store(url) as store:
        stats = ingest_ray(
            [str(corpus_dir)], store=store, parquet=tmp_path / "out", options=options, workers=2
        )
        assert (stats.analysed, stats.failed) == (GOOD, BAD)
        with store.session() as session:
            stored = {
                row.key: Analysis.model_validate(row.analysis) for row in session.scalars(select(ArticleRow))
            }
            assert len(list(session.scalars(select(FailureRow)))) == BAD
        again = ingest_ray([str(corpus_dir)], store=store, options=options, workers=2)
        assert (again.analysed, again.skipped) == (0, GOOD)
    local = {a.article.id: a for a in corpus_analyses}
    # One pipeline per actor gives what the local engine gives; technique confidences agree to float
    # noise only (the ONNX model's last bits vary between processes).
    fields = ("article", "attributions", "entities", "scare_quotes", "voice", "dates", "claims")
    assert [(k, f) for k in local for f in fields if getattr(stored[k], f) != getattr(local[k], f)] == []
    for key, analysis in local.items():
        ours = [(t.technique, t.span, t.user) for t in stored[key].techniques]
        assert ours == [(t.technique, t.span, t.user) for t in analysis.techniques]
        confidences = zip(stored[key].techniques, analysis.techniques, strict=True)
        assert all(abs(a.confidence - b.confidence) < 1e-4 for a, b in confidences)
    rows = pq.read_table(tmp_path / "out").to_pylist()
    analyses = [json.loads(r["item"]) for r in rows if r["kind"] == "analysis"]
    assert sorted(a["article"]["id"] for a in analyses) == sorted(local)


# -- the command line: `saidwhat ingest --engine ray` as a process, into PostgreSQL and SQLite ---------


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    """What a store holds, keyed by content (not by ids, which differ between runs): articles,
    attributions, claims (scores to 4 decimals) and failures."""
    with open_store(url) as store, store.session() as session:
        hashes = dict(session.execute(select(ArticleRow.id, ArticleRow.content_hash)).tuples().all())
        articles = session.execute(
            select(
                ArticleRow.content_hash,
                ArticleRow.key,
                ArticleRow.outlet,
                ArticleRow.published,
                ArticleRow.title,
                ArticleRow.text,
                ArticleRow.pipeline_version,
            )
        ).tuples()
        attributions = [
            (
                hashes[r.article_id],
                r.key,
                r.kind,
                r.cue,
                r.cue_start,
                r.stance,
                r.source,
                r.content,
                r.content_start,
                r.content_end,
                r.speaker_name,
                r.speaker_key,
                round(r.confidence, 4),
            )
            for r in session.scalars(select(AttributionRow))
        ]
        claims = [
            (
                hashes[r.article_id],
                r.key,
                r.text,
                r.start,
                r.end,
                r.kind,
                r.claimant,
                r.speaker_key,
                r.attribution_key,
                round(r.checkworthiness, 4),
            )
            for r in session.scalars(select(ClaimRow))
        ]
        failures = session.execute(select(FailureRow.input, FailureRow.code)).tuples()
        return {
            "articles": sorted(articles),
            "attributions": sorted(attributions, key=repr),
            "claims": sorted(claims, key=repr),
            "failures": sorted(failures),
        }


@pytest.fixture
def ray_tmpdir() -> Iterator[Path]:
    """A temporary directory of its own for the Ray instance a command starts (RAY_TMPDIR; short, as
    Ray's socket paths must be). Afterwards no process of that instance may be left running."""
    root = Path(tempfile.mkdtemp(prefix="swray-"))
    try:
        yield root
        assert _wait_until_gone(root) == [], "a Ray process outlived its job"
    finally:
        for pid in _ray_processes(root):  # only after a failure: never leave them behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


def _ray_processes(root: Path, name: bytes = b"") -> list[int]:
    """Live processes (zombies are dead) whose command line or environment names ``root`` — the
    instance's own processes — and whose command line holds ``name``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (proc / "cmdline").read_bytes()
            seen = command + (proc / "environ").read_bytes()
        except (OSError, IndexError):  # gone, or not ours to read
            continue
        if state != "Z" and str(root).encode() in seen and name in command:
            found.append(int(proc.name))
    return found


def _wait_until_gone(root: Path, name: bytes = b"", seconds: float = 150) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := _ray_processes(root, name)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def _ray_ingest(url: str, corpus: Path, ray_tmpdir: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [*SAIDWHAT, "ingest", str(corpus), "--store", url, "--engine", "ray", "--workers", "2"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "RAY_TMPDIR": str(ray_tmpdir)}
    env.pop("RAY_ADDRESS", None)  # the command starts its own local instance
    return subprocess.Popen([*command, *extra], env=env)


def test_ray_command_into_postgresql_stores_what_one_process_stores(
    postgres_cluster, corpus_dir: Path, ray_tmpdir: Path
) -> None:
    single = postgres_cluster.create_database(f"ray_single_{os.getpid()}")
    with open_store(single) as store:
        ingest(store, [str(corpus_dir)], options=Options(n_process=1, batch_size=4))
    url = postgres_cluster.create_database(f"ray_job_{os.getpid()}")
    assert _ray_ingest(url, corpus_dir, ray_tmpdir, "--batch-size", "4", "-q").wait(timeout=600) == 1
    ours, theirs = _rows(url), _rows(single)
    assert len(ours["articles"]) == GOOD and len(ours["failures"]) == BAD
    assert len(ours["attributions"]) > GOOD and len(ours["claims"]) > GOOD
    assert ours == theirs


def test_ray_command_killed_midway_then_resumed_loses_and_duplicates_nothing(
    store_url: str, corpus_dir: Path, corpus_analyses: list[Analysis], ray_tmpdir: Path, tmp_path: Path
) -> None:
    # Batches of one article committed one at a time, so the kill lands between commits mid-job.
    extra = ("--batch-size", "1", "--commit-every", "1", "--parquet", str(tmp_path / "out"), "-q")
    with open_store(store_url) as store:  # migrated before the job, so each poll is one cheap count
        process = _ray_ingest(store_url, corpus_dir, ray_tmpdir, *extra)
        stored = 0
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline and process.poll() is None and stored < 3:
            time.sleep(0.05)
            with store.session() as session:
                stored = session.scalar(select(func.count()).select_from(ArticleRow)) or 0
    assert process.poll() is None, "the Ray job finished before it could be killed"
    assert _ray_processes(ray_tmpdir, b"MapWorker")  # the pipeline actors are running
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 3 <= stored < GOOD
    # The pipeline actors die with the driver; Ray's two agents linger about a minute (they try to
    # report the raylet's death to the dead GCS), which the fixture's final check allows for.
    assert _wait_until_gone(ray_tmpdir, b"MapWorker", 30) == [], "an actor outlived the killed driver"
    assert _consistent(store_url) < GOOD  # what the killed job left is whole
    assert _ray_ingest(store_url, corpus_dir, ray_tmpdir, *extra).wait(timeout=600) == 1
    assert _consistent(store_url) == GOOD
    with open_store(store_url) as store, store.session() as session:
        keys = sorted(session.scalars(select(ArticleRow.key)))
        assert len(list(session.scalars(select(FailureRow)))) == BAD
    assert keys == sorted(a.article.id for a in corpus_analyses)
    # Parquet is written before each commit: every stored analysis is there, at most one transaction
    # (one article here) twice — the one the kill interrupted.
    with open_store(store_url) as store, store.session() as session:
        hashes = set(session.scalars(select(ArticleRow.content_hash)))
    rows = pq.read_table(tmp_path / "out").to_pylist()
    analysed = [r["hash"] for r in rows if r["kind"] == "analysis"]
    assert set(analysed) == hashes and len(analysed) <= GOOD + 1
