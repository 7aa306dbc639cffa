"""Shared fixtures for the ingestion tests: real article text and a realistic news page."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PESKOV_TXT = REPO / "examples" / "kremlin-peskov-interview.txt"
PESKOV_HTML = FIXTURES / "peskov-news-page.html"


@pytest.fixture(scope="session")
def peskov_text() -> str:
    return PESKOV_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def peskov_paragraphs(peskov_text: str) -> list[str]:
    return [line for line in peskov_text.split("\n") if line.strip()]


@pytest.fixture(scope="session")
def peskov_html() -> str:
    return PESKOV_HTML.read_text(encoding="utf-8")
