"""Fixtures for the web tests: the real analysis of the example article, an app, a live server on
loopback and one headless Chromium for the whole session (Debian's, driven by Playwright)."""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

import saidwhat
from saidwhat.model import (
    Analysis,
    Article,
    ArticleMetadata,
    Claim,
    ClaimKind,
    ClaimMatch,
)
from saidwhat.store import open_store
from saidwhat.web import create_app
from saidwhat.web.repository import MemoryRepository, Repository
from saidwhat.web.store import StoreRepository
from tests.render.example import EXAMPLE_TEXT, find
from tests.render.example import example_analysis as hand_built_example

_databases = itertools.count()
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLE_METADATA = ArticleMetadata(
    title="Kremlin says Russia has no plan to partition Ukraine", outlet="RT", published="2022-02-26"
)


@pytest.fixture(scope="session")
def example() -> Analysis:
    """The pipeline's own analysis of the example article (all default stages)."""
    article = Article(id="kremlin-peskov-interview", text=EXAMPLE_TEXT, metadata=EXAMPLE_METADATA)
    return saidwhat.analyze(article)


def with_claims(analysis: Analysis, claims: list[Claim]) -> Analysis:
    return Analysis.model_validate({**analysis.model_dump(), "claims": [c.model_dump() for c in claims]})


@pytest.fixture(scope="session")
def claimed() -> Analysis:
    """The hand-built example with three claims (given out of order) and fact-check matches, one of
    whose URLs is a ``javascript:`` address."""
    text = EXAMPLE_TEXT
    claims = [
        Claim(
            id="C1",
            span=find(text, "Moscow has issued more than 700,000 Russian passports"),
            claimant="outlet",
            kind=ClaimKind.STATISTIC,
            checkworthiness=0.62,
        ),
        Claim(
            id="C2",
            span=find(text, "We do not aim to divide Ukrainian territory into parts"),
            claimant="E6",
            claimant_name="Dmitry Peskov",
            attribution="A3",
            kind=ClaimKind.INTENT,
            checkworthiness=0.31,
        ),
        Claim(
            id="C3",
            span=find(text, "the presence of NATO infrastructure in Ukraine has increased"),
            claimant="E6",
            claimant_name="Dmitry Peskov",
            attribution="A2",
            kind=ClaimKind.EVENT,
            checkworthiness=0.87,
            matches=[
                ClaimMatch(
                    claim="NATO has expanded its infrastructure in Ukraine",
                    verdict="Misleading",
                    checker="Example Check",
                    url="https://factcheck.example.org/nato-ukraine",
                    similarity=0.74,
                ),
                ClaimMatch(claim="NATO bases", verdict="False", url="javascript:alert(1)", similarity=0.51),
            ],
        ),
    ]
    return with_claims(hand_built_example(), claims)


def fake_corpus(repository: Repository, example: Analysis, count: int) -> list[int]:
    """``count`` copies of ``example`` as different articles: story i is in RT when i % 3 == 0, else
    in Reuters, published on 2022-03-(i % 28 + 1); returns their ids in order."""
    ids = []
    for i in range(count):
        outlet = "RT" if i % 3 == 0 else "Reuters"
        published = f"2022-03-{i % 28 + 1:02d}"
        metadata = ArticleMetadata(title=f"Story {i:02d}", outlet=outlet, published=published)
        article = Article(id=f"story-{i}", text=example.article.text, metadata=metadata)
        ids.append(repository.add(example.model_copy(update={"article": article})))
    return ids


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def repository(request: pytest.FixtureRequest) -> Iterator[Repository]:
    """An empty repository: in memory, then in a corpus store on SQLite and on PostgreSQL."""
    if request.param == "memory":
        yield MemoryRepository()
        return
    if request.param == "postgresql":
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.create_database(f"web_{os.getpid()}_{next(_databases)}")
    else:
        url = f"sqlite:///{request.getfixturevalue('tmp_path') / 'web.sqlite'}"
    repo = StoreRepository(open_store(url))
    try:
        yield repo
    finally:
        repo.close()


@pytest.fixture
def app() -> FastAPI:
    return create_app(MemoryRepository())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@dataclass
class LiveServer:
    url: str
    repository: MemoryRepository


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port, in a thread; yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the web app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """The app served by uvicorn on a free loopback port, in a thread, for the browser tests."""
    repository = MemoryRepository()
    with serving(create_app(repository)) as url:
        yield LiveServer(url, repository)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session. scripts/test.sh installs Debian's chromium."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run bash scripts/test.sh, which installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every dialog (alert/confirm/prompt) a script opens."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    new_page = context.new_page()
    new_page.dialogs = []

    def on_dialog(dialog: Any) -> None:
        new_page.dialogs.append(dialog.message)
        dialog.dismiss()

    new_page.on("dialog", on_dialog)
    try:
        yield new_page
    finally:
        context.close()
