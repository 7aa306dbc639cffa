"""``evaluate_polnear`` maps saidwhat attributions to ranges and scores them (pipeline stubbed out)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from saidwhat.eval import run
from saidwhat.eval.polnear import GoldDocument, Split, read_polnear
from saidwhat.model import Analysis, Article, Attribution, AttributionKind, InputFailure, Span

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"


def _as_predicted(doc: GoldDocument) -> list[Attribution]:
    """The gold attributions of ``doc`` as saidwhat would emit them (first cue and source range)."""
    text = doc.text
    return [
        Attribution(
            id=gold.id,
            kind=AttributionKind.INDIRECT,
            cue=Span.of(text, *gold.cue[0]),
            source=Span.of(text, *gold.source[0]) if gold.source else None,
            content=[Span.of(text, s, e) for s, e in gold.content],
            speaker=None,
            confidence=0.0,
        )
        for gold in doc.attributions
    ]


def test_gold_as_predictions_scores_full_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    (doc,) = read_polnear(FIXTURE, Split.DEV)

    def fake_analyze_many(items: Iterable[Article], **_: object) -> Iterator[Analysis]:
        for article in items:
            yield Analysis(article=article, attributions=_as_predicted(doc))

    monkeypatch.setattr(run, "analyze_many", fake_analyze_many)
    figures = run.evaluate_polnear([doc]).figures()
    assert figures["content@0.8"]["f1"] == 100.0
    assert figures["exact_f1"] == {"cue": 100.0, "source": 100.0, "content": 100.0}
    assert figures["source_overlap"] == {"share": 100.0, "pairs": 3}


def test_failed_articles_count_as_predicting_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    (doc,) = read_polnear(FIXTURE, Split.DEV)

    def failing(items: Iterable[Article], **_: object) -> Iterator[InputFailure]:
        for article in items:
            yield InputFailure(input=article.id, code="E009", message="boom")

    monkeypatch.setattr(run, "analyze_many", failing)
    report = run.evaluate_polnear([doc])
    assert (report.failures, report.failure_messages) == (1, ("boom",))
    assert report.figures()["gold"] == 4 and report.figures()["content@0.3"]["recall"] == 0.0
