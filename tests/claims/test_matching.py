"""Fact-checks in the store (idempotent import, neighbour index) and matching claims against them."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from saidwhat.claims.factchecks import read_factchecks
from saidwhat.claims.factstore import INDEX_SUFFIX, FactCheckStore, embedder_id
from saidwhat.claims.matching import FactCheckMatcher
from saidwhat.cli import app
from saidwhat.nlp.embedder import load_embedder
from saidwhat.store import Store, open_store
from saidwhat.store.factcheck_tables import FactCheckRow

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".html", ".json", ".csv", ".jsonl"})
POLITIFACT = Path("../shared/data/factchecks/politifact.jsonl")


@pytest.fixture
def store(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A new store on SQLite, then on PostgreSQL (whose index file goes to the cache directory)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with open_store(store_url) as opened:
        yield opened


def test_usearch_loads_after_onnxruntime_in_a_fresh_process() -> None:
    # usearch imported before onnxruntime crashes the interpreter; factstore must guard against it.
    code = "import saidwhat.claims.factstore; import onnxruntime; print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def test_import_is_idempotent_and_keeps_the_index_in_step(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    embedder = load_embedder()
    first = factchecks.import_files(FIXTURE_FILES, embedder)
    assert first.added == 8  # 1 page + 2 feed + 1 API + 2 CSV + 3 JSONL, one of them a repeat
    assert first.existing == 1
    assert len(first.problems) == 4
    again = factchecks.import_files(FIXTURE_FILES, embedder)
    assert (again.added, again.existing) == (0, 9)
    assert factchecks.count() == 8
    assert len(factchecks.index()) == 8
    assert factchecks.index_path.is_file()
    if store.dialect == "sqlite":
        assert factchecks.index_path.name == "corpus.sqlite" + INDEX_SUFFIX
    # The index file is derived data: deleted, it is rebuilt from the table.
    factchecks.index_path.unlink()
    rebuilt = FactCheckStore(store.engine)
    [[(nearest, cosine), *_]] = rebuilt.nearest(
        embedder.embed(["Bikes banned on Main Street by the council"]), 3
    )
    assert rebuilt.rows([nearest])[nearest].checker == "Example Checks"
    assert cosine > 0.5


def test_the_index_grows_with_later_imports(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    embedder = load_embedder()
    factchecks.import_files([FIXTURES / "factchecks.csv"], embedder)
    assert len(factchecks.index()) == 2
    factchecks.import_files([FIXTURES / "tools-api.json"], embedder)
    assert len(factchecks.index()) == 3
    assert len(FactCheckStore(store.engine).index()) == 3  # a new reader loads the saved file


def test_vectors_another_embedder_made_are_re_embedded_before_matching(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    embedder = load_embedder()
    factchecks.import_files(FIXTURE_FILES, embedder)
    query = "Does fluoride in drinking water reduce kids' IQ?"
    [fresh] = FactCheckMatcher(FactCheckStore(store.engine)).match_texts([query])
    assert fresh and fresh[0].verdict == "Misleading"
    # As a store written by an older saidwhat looks: other vectors, another embedder's id on every row.
    with Session(store.engine) as session, session.begin():
        for row in session.scalars(select(FactCheckRow)):
            row.vector = np.ones(384, dtype="<f4").tobytes()
            row.model = "all-MiniLM-L6-v2-int8:older"
    stale = FactCheckStore(store.engine)
    stale.index()  # the saved index now holds the old vectors too
    [matches] = FactCheckMatcher(stale).match_texts([query])
    assert [(m.url, m.similarity) for m in matches] == [(m.url, m.similarity) for m in fresh]
    with Session(store.engine) as session:
        assert set(session.scalars(select(FactCheckRow.model))) == {embedder_id()}
    assert stale.refresh_vectors(embedder) == 0  # nothing left to re-embed


@pytest.mark.skipif(not POLITIFACT.is_file(), reason="needs ../shared/data/factchecks")
def test_a_fact_checked_claim_is_matched_with_its_verdict_and_an_unrelated_one_is_not(store: Store) -> None:
    factchecks = FactCheckStore(store.engine)
    records = itertools.islice(read_factchecks(POLITIFACT), 400)
    factchecks.import_records(records, load_embedder(), source=str(POLITIFACT))
    matcher = FactCheckMatcher(factchecks)
    checked, unrelated = matcher.match_texts(
        [
            "Trump said murders in big American cities dropped by more than 10 percent, but not in Chicago.",
            "The orchestra will play Mahler's second symphony at the festival on Saturday evening.",
        ],
        when=date(2019, 10, 29),
    )
    assert unrelated == []
    best = checked[0]
    assert best.checker == "PolitiFact"
    assert best.verdict == "pants-fire"
    assert best.url is not None and "trump-dead-wrong-about-change-murders-chicago" in best.url
    assert best.similarity >= 0.5


def test_cli_import_reports_bad_records_with_file_and_line_and_imports_the_rest(tmp_path: Path) -> None:
    url = str(tmp_path / "cli.sqlite")
    result = CliRunner().invoke(app, ["factchecks", "import", *map(str, FIXTURE_FILES), "--store", url])
    assert result.exit_code == 1
    assert f"[E007] {FIXTURES / 'factchecks.csv'}:3: no claim" in result.stderr
    assert "8 fact-checks (8 new, 1 known)" in result.stdout
    matched = CliRunner().invoke(
        app, ["factchecks", "match", "Does fluoride in drinking water reduce kids' IQ?", "--store", url]
    )
    assert matched.exit_code == 0
    assert "Misleading" in matched.stdout


@pytest.mark.skipif(not POLITIFACT.is_file(), reason="needs ../shared/data/factchecks")
def test_match_analysis_fills_the_claims_of_an_analysed_article(store: Store) -> None:
    from saidwhat import analyze
    from saidwhat.model import Article, ArticleMetadata, Claim, ClaimKind, Span

    factchecks = FactCheckStore(store.engine)
    factchecks.import_records(itertools.islice(read_factchecks(POLITIFACT), 400), load_embedder())
    sentence = (
        "Murders in America's major cities have dropped by more than 10% in two years, but not in Chicago."
    )
    text = f"Speaking in Chicago on Monday, the president repeated a claim. {sentence} Officials disagreed."
    analysis = analyze(Article(id="a1", text=text, metadata=ArticleMetadata(published="2019-10-28")))
    start = text.index(sentence)
    claim = Claim(
        id="C1",
        span=Span.of(text, start, start + len(sentence)),
        claimant="outlet",
        kind=ClaimKind.STATISTIC,
        checkworthiness=0.9,
    )
    matched = FactCheckMatcher(factchecks).match_analysis(analysis.model_copy(update={"claims": [claim]}))
    [best, *_] = matched.claims[0].matches
    assert best.verdict == "pants-fire"
    assert best.url is not None and "murders-chicago" in best.url
    assert matched.model_dump(mode="json")["claims"][0]["matches"][0]["checker"] == "PolitiFact"


@pytest.mark.skipif(not POLITIFACT.is_file(), reason="needs ../shared/data/factchecks")
def test_analyze_with_factchecks_shows_the_match_of_a_fact_checked_claim_in_json(tmp_path: Path) -> None:
    import json

    checks = tmp_path / "politifact-slice.jsonl"
    with POLITIFACT.open(encoding="utf-8") as source:
        checks.write_text("".join(itertools.islice(source, 300)), encoding="utf-8")
    url = str(tmp_path / "checks.sqlite")
    imported = CliRunner().invoke(app, ["factchecks", "import", str(checks), "--store", url])
    assert imported.exit_code == 0, imported.stderr
    article = tmp_path / "rally.txt"
    article.write_text(
        "Trump rallies in Chicago\n\nSpeaking at a police convention on Monday, President Donald Trump "
        "attacked the city. \"Over the last two years, the number of murders in America and America's major "
        'cities has dropped, unlike here, by more than 10 percent," Trump said. Officials rejected it.\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(article), "--factchecks", url, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    murders = next(c for c in claims if "number of murders" in c["span"]["text"])
    [best, *_] = murders["matches"]
    assert (best["verdict"], best["checker"]) == ("pants-fire", "PolitiFact")
    assert best["url"].endswith("/trump-dead-wrong-about-change-murders-chicago/")
    assert 0.5 <= best["similarity"] <= 1.0
