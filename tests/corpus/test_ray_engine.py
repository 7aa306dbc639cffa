"""The Ray engine on a local Ray cluster the test starts: the same analyses as the local engine, into
the store and Parquet, and a rerun that skips what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from saidwhat.corpus.ray_engine import ingest_ray, shards
from saidwhat.model import Analysis
from saidwhat.settings import Options
from saidwhat.store import open_store
from saidwhat.store.tables import ArticleRow, FailureRow
from tests.corpus.conftest import BAD, GOOD

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
