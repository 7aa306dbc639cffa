"""The corpus commands end to end on a SQLite store (the PostgreSQL paths are the API tests' business)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.store import open_store
from saidwhat.store.tables import ArticleRow
from tests.corpus.conftest import BAD, EXAMPLE, GOOD

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_ingest_then_ask(corpus_dir: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "c.sqlite")
    code, _ = _run("ingest", str(corpus_dir), "--store", store, "--n-process", "1", "-q")
    assert code == 1  # two inputs are broken; everything else went in
    code, out = _run("failures", "--store", store, "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == BAD and "E001" in out
    code, out = _run("search", "Kremlin", "--store", store, "--format", "jsonl")
    assert [json.loads(line)["article"] for line in out.splitlines()] == ["example/kremlin.txt"]
    code, out = _run("speakers", "list", "Peskov", "--store", store, "--format", "jsonl")
    (peskov,) = [json.loads(line) for line in out.splitlines()]
    assert peskov["name"] == "Dmitry Peskov" and peskov["attributions"] >= 3
    code, out = _run("timeline", peskov["id"], "--store", store, "--format", "jsonl")
    said = [json.loads(line) for line in out.splitlines()]
    assert {"cue": "claimed", "stance": "distancing"}.items() <= next(
        r for r in said if r["cue"] == "claimed"
    ).items()
    code, out = _run("timeline", "Peskov", "--store", store)
    assert code == 0 and "how each outlet introduced them" in out
    code, _ = _run("export", str(tmp_path / "t.parquet"), "--speaker", "Peskov", "--store", store)
    assert code == 0 and (tmp_path / "t.parquet").stat().st_size > 0
    code, _ = _run("search", "--store", store, "--since", "March 1")
    assert code == 2  # a usage error, named
    with open_store(store) as opened, opened.session() as session:
        assert session.query(ArticleRow).count() == GOOD


def test_analyze_with_a_store_reads_stored_articles_back(tmp_path: Path) -> None:
    store = str(tmp_path / "a.sqlite")
    first = runner.invoke(app, ["analyze", str(EXAMPLE), "--store", store, "-f", "json"])
    assert first.exit_code == 0
    with open_store(store) as opened, opened.session() as session:
        row = session.query(ArticleRow).one()
        row_id, version = row.id, row.pipeline_version
    second = runner.invoke(app, ["analyze", str(EXAMPLE), "--store", store, "-f", "json"])
    assert second.exit_code == 0 and json.loads(second.stdout) == json.loads(first.stdout)
    with open_store(store) as opened, opened.session() as session:
        assert [(r.id, r.pipeline_version) for r in session.query(ArticleRow)] == [(row_id, version)]
    with open_store(store) as opened, opened.session() as session:
        session.query(ArticleRow).update({"pipeline_version": "older"})  # as if an older saidwhat wrote it
    redo = runner.invoke(app, ["analyze", str(EXAMPLE), "--store", store, "-f", "json", "--redo"])
    assert redo.exit_code == 0
    with open_store(store) as opened, opened.session() as session:
        assert [r.pipeline_version for r in session.query(ArticleRow)] == [version]
