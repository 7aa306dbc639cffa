"""Deleting fact-checks: rows, BM25 frequencies and index vectors go together, on SQLite and PostgreSQL,
and no later match — in this process or one that read the index before — returns a deleted fact-check."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from saidwhat.claims.factstore import FactCheckStore, _document
from saidwhat.claims.matching import FactCheckMatcher
from saidwhat.cli import app
from saidwhat.errors import UnknownFactCheckError
from saidwhat.nlp.embedder import load_embedder
from saidwhat.store import Store, open_store
from saidwhat.store.factcheck_tables import FactCheckRow, FactCheckTermRow
from tests.claims.test_matching import FIXTURE_FILES, FIXTURES

FLUORIDE = "Does fluoride in drinking water reduce kids' IQ?"


@pytest.fixture
def store(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with open_store(store_url) as opened:
        FactCheckStore(opened.engine).import_files(FIXTURE_FILES, load_embedder())
        yield opened


def _terms_in_step(factchecks: FactCheckStore) -> None:
    """The stored document frequencies are those of the fact-checks left, as an import would count."""
    with Session(factchecks.engine) as session:
        expected: Counter[str] = Counter()
        for claim, headline in session.execute(select(FactCheckRow.claim, FactCheckRow.headline)):
            expected.update({t[:200] for t in _document(claim, headline).terms})
        stored = dict(
            session.execute(select(FactCheckTermRow.term, FactCheckTermRow.documents)).tuples().all()
        )
    assert stored == dict(expected)


def _ids(factchecks: FactCheckStore, text: str) -> set[int]:
    [found] = factchecks.nearest(load_embedder().embed([text]), 20)
    return {fact_check_id for fact_check_id, _ in found}


def test_a_deleted_fact_check_is_never_matched_again(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    matcher = FactCheckMatcher(factchecks)
    [[best, *_]] = matcher.match_texts([FLUORIDE], None)
    assert best.verdict == "Misleading"
    with Session(store.engine) as session:
        row = session.scalars(select(FactCheckRow).where(FactCheckRow.url == best.url)).one()
        key, row_id = row.key, row.id
    reader = FactCheckStore(store.engine)  # another reader (a web app, say) that read the index before
    assert row_id in _ids(reader, FLUORIDE)

    assert factchecks.delete([key[:12].upper()]) == [key]  # a prefix, in any case
    assert factchecks.count() == 7 and len(factchecks.index()) == 7
    assert row_id not in _ids(factchecks, FLUORIDE)
    assert all(m.url != best.url for m in matcher.match_texts([FLUORIDE], None)[0])
    _terms_in_step(factchecks)
    # A new import gives the table its old size back: the stale reader must still drop the vector.
    factchecks.import_files([FIXTURES / "factchecks.jsonl", FIXTURES / "tools-api.json"], load_embedder())
    assert reader.count() == 7 and row_id not in _ids(reader, FLUORIDE)
    assert row_id not in _ids(FactCheckStore(store.engine), FLUORIDE)  # a fresh one loads the saved file

    # Deleting again: an unknown key is a coded error naming it (nothing deleted), or a no-op if allowed.
    with pytest.raises(UnknownFactCheckError, match=rf"\[E012\] key '{key}'.*already deleted"):
        factchecks.delete([key])
    assert factchecks.delete([key], missing_ok=True) == []


def test_a_bad_key_among_good_ones_deletes_nothing(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    with Session(store.engine) as session:
        keys = list(session.scalars(select(FactCheckRow.key)))
    with pytest.raises(UnknownFactCheckError, match="'0123456789abcdef'"):
        factchecks.delete([keys[0], "0123456789abcdef"])
    with pytest.raises(UnknownFactCheckError, match="at least 12 characters"):
        factchecks.delete([keys[0][:6]])
    assert factchecks.count() == 8


def test_delete_by_checker_and_by_source_file(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    removed = factchecks.delete(checker="rural checks")  # any case
    assert len(removed) == 2
    assert factchecks.delete(checker="Rural Checks") == []  # again: nothing left to delete
    csv = str(FIXTURES / "factchecks.csv")
    # Both filters: only what both match (the CSV's fact-checks by one of its two checkers).
    assert len(factchecks.delete(source=csv, checker="City Desk Example")) == 1
    assert (csv, 1) in factchecks.counts("source")
    assert len(factchecks.delete(source=csv)) == 1
    assert factchecks.count() == len(factchecks.index()) == 4
    with Session(store.engine) as session:
        assert not set(session.scalars(select(FactCheckRow.checker))) & {"Rural Checks", "City Desk Example"}
    _terms_in_step(factchecks)


def test_cli_list_count_and_delete(tmp_path: Path) -> None:
    runner = CliRunner()
    url = str(tmp_path / "cli.sqlite")
    assert (
        runner.invoke(app, ["factchecks", "import", *map(str, FIXTURE_FILES), "--store", url]).exit_code == 1
    )
    listed = runner.invoke(app, ["factchecks", "list", "--store", url, "--format", "jsonl"])
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(records) == 8 and all(len(r["key"]) == 64 for r in records)
    fluoride = next(r for r in records if "fluoride" in r["claim"].lower())
    table = runner.invoke(app, ["factchecks", "list", "--store", url, "--checker", fluoride["checker"]])
    assert fluoride["key"][:12] in table.stdout
    deleted = runner.invoke(app, ["factchecks", "delete", fluoride["key"][:12], "--store", url])
    assert deleted.exit_code == 0, deleted.stderr
    assert (
        f"deleted {fluoride['key']}" in deleted.stdout and "1 fact-checks deleted, 7 left" in deleted.stdout
    )
    again = runner.invoke(app, ["factchecks", "delete", fluoride["key"], "--store", url])
    assert again.exit_code == 1 and "[E012]" in again.stderr and fluoride["key"] in again.stderr
    ok = runner.invoke(app, ["factchecks", "delete", fluoride["key"], "--missing-ok", "--store", url])
    assert ok.exit_code == 0 and "0 fact-checks deleted, 7 left" in ok.stdout
    matched = runner.invoke(app, ["factchecks", "match", FLUORIDE, "--store", url])
    assert matched.exit_code == 0 and fluoride["url"] not in matched.stdout
    counted = runner.invoke(app, ["factchecks", "count", "--store", url])
    assert counted.stdout.splitlines()[-1] == "7\ttotal" and "2\tRural Checks" in counted.stdout
    assert runner.invoke(app, ["factchecks", "delete", "--store", url]).exit_code == 2  # nothing selected
