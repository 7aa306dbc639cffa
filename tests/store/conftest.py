from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat import analyze
from saidwhat.model import Analysis, Article, ArticleMetadata

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"


@pytest.fixture(scope="session")
def example_analysis() -> Analysis:
    """The example article, analysed once for the session, with an outlet and a date."""
    text = EXAMPLE.read_text(encoding="utf-8")
    metadata = ArticleMetadata(outlet="example-news", published="2022-03-01", source_file=str(EXAMPLE))
    return analyze(Article(id="kremlin-peskov", text=text, metadata=metadata))
