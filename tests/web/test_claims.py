"""The Claims page and the Claim cluster page over a corpus store: stored clusters, filters, pages, the
members with their outlet, date, speaker and cue, and the cluster's fact-check — in headless Chromium too."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import saidwhat
from saidwhat.claims.factchecks import read_factchecks
from saidwhat.claims.factstore import FactCheckStore
from saidwhat.model import Analysis, Article, ArticleMetadata
from saidwhat.nlp.embedder import load_embedder
from saidwhat.store import open_store
from saidwhat.web import create_app
from saidwhat.web.store import StoreRepository
from tests.corpus.test_clusters import ARTICLES, POLITIFACT
from tests.web.conftest import fake_corpus, serving


def test_claim_clusters_page_over_a_store(tmp_path: Path, example: Analysis) -> None:
    repository = StoreRepository(open_store(f"sqlite:///{tmp_path / 'corpus.sqlite'}"))
    fake_corpus(repository, example, 3)  # each article added joins the clusters
    with TestClient(create_app(repository)) as client:
        page = client.get("/claims").text
        scoped = client.get("/claims", params={"speaker": "Dmitry Peskov", "date_from": "2022-03-02"}).text
        nothing = client.get("/claims", params={"outlet": "TASS"}).text
        api = client.get("/api/claims", params={"per_page": 2}).json()
        detail = client.get(f"/api/claims/{api['items'][0]['id']}").json()
        cluster_page = client.get(f"/claims/{api['items'][0]['id']}")
        assert client.get("/claims/999999").status_code == 404
        assert client.get("/api/claims/999999").status_code == 404
        assert client.get("/claims", params={"date_from": "yesterday"}).status_code == 422
    assert '<ol class="clusters"' in page
    assert "3 articles · first 2022-03-01 in RT" in page
    assert "carried by RT, Reuters" in page
    assert 'href="/speakers/Dmitry%20Peskov"' in page
    assert '<ol class="clusters"' in scoped  # Peskov's words in the articles of 2 and 3 March
    assert "is carried by two articles or more" in nothing
    assert api["total"] > 2 and len(api["items"]) == 2 and api["page"] == 1
    dates = [m["date"] for m in detail["members"]]
    assert dates == sorted(dates) and {dates[0], dates[-1]} == {"2022-03-01", "2022-03-03"}
    assert {m["outlet"] for m in detail["members"]} == {"RT", "Reuters"}
    assert detail["articles"] == 3 and len(detail["members"]) == detail["size"]
    assert all(m["speaker"] and m["text"] for m in detail["members"])
    assert cluster_page.status_code == 200 and 'id="members"' in cluster_page.text


def test_claim_clusters_need_a_store(client: TestClient) -> None:
    assert "need a corpus store" in client.get("/claims").text
    assert client.get("/api/claims").json() is None
    assert client.get("/claims/1").status_code == 404


@pytest.fixture
def fact_checked_server(tmp_path: Path) -> Iterator[str]:
    """A store with 200 PolitiFact fact-checks and the three articles of the cluster tests, served."""
    repository = StoreRepository(open_store(f"sqlite:///{tmp_path / 'corpus.sqlite'}"))
    records = itertools.islice(read_factchecks(POLITIFACT), 200)
    FactCheckStore(repository.store.engine).import_records(records, load_embedder())
    for outlet, (day, text) in ARTICLES.items():
        metadata = ArticleMetadata(outlet=outlet, published=day, title=f"{outlet} on Trump")
        repository.add(saidwhat.analyze(Article(id=outlet, text=text, metadata=metadata)))
    with serving(create_app(repository)) as url:
        yield url
    repository.close()


@pytest.mark.skipif(not POLITIFACT.is_file(), reason="needs ../shared/data/factchecks")
def test_the_claim_cluster_page_shows_who_carried_it_and_its_fact_check(
    fact_checked_server: str, page: Any
) -> None:
    page.goto(f"{fact_checked_server}/claims")
    listed = page.locator("#clusters li")
    assert listed.count() == 1
    assert "fact-checked: pants-fire (PolitiFact)" in listed.inner_text()
    listed.locator("a").first.click()
    page.wait_for_url("**/claims/*")
    checks = page.locator("#fact-checks li")
    assert checks.count() >= 1
    first = checks.first.inner_text()
    assert "pants-fire" in first and "PolitiFact" in first and "similarity" in first
    link = checks.first.locator("a").get_attribute("href")
    assert link is not None and "trump-dead-wrong-about-change-murders-chicago" in link
    rows = page.locator("#members tbody tr")
    assert rows.count() == 2
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(2)]
    assert [c[:4] for c in cells] == [
        ["2019-10-29", "daily-a", "Donald Trump", "said"],
        ["2019-10-30", "herald-b", "Trump", "claimed"],
    ]
    assert page.dialogs == []
