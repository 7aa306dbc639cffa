"""Queries on a real corpus, checked against what the analyses themselves say, on both stores."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from saidwhat.corpus.export import export_rows
from saidwhat.corpus.queries import Filters, iter_search, outlet_stances, search, timeline
from saidwhat.model import Analysis, Stance
from saidwhat.store import Store


def _ids(rows: list[dict]) -> set[str]:
    return {row["article"] for row in rows}


def _all(store: Store, filters: Filters, level: str = "articles") -> list[dict]:
    return list(iter_search(store, filters, level=level))  # type: ignore[arg-type]


def test_full_text_finds_exactly_the_articles_with_the_word(
    filled_store: Store, corpus_analyses: list[Analysis]
) -> None:
    expected = {a.article.id for a in corpus_analyses if re.search(r"\bclinton", a.article.text, re.I)}
    assert expected and len(expected) < len(corpus_analyses)
    assert _ids(_all(filled_store, Filters(text="Clinton"))) == expected
    both = {a.article.id for a in corpus_analyses if re.search(r"\bkremlin", a.article.text, re.I)}
    assert _ids(_all(filled_store, Filters(text="Kremlin Ukraine"))) <= both
    assert _all(filled_store, Filters(text='"; DROP TABLE articles; --')) == []  # words only, never syntax


def test_outlet_and_date_range(filled_store: Store, corpus_analyses: list[Analysis]) -> None:
    outlet = next(a.article.metadata.outlet for a in corpus_analyses if a.article.metadata.outlet)
    expected = {a.article.id for a in corpus_analyses if a.article.metadata.outlet == outlet}
    assert _ids(_all(filled_store, Filters(outlet=outlet.upper()))) == expected
    dates = sorted(a.article.metadata.published for a in corpus_analyses if a.article.metadata.published)
    since, until = dt.date.fromisoformat(dates[1]), dt.date.fromisoformat(dates[-2])
    rows = _all(filled_store, Filters(since=since, until=until))
    assert rows and all(str(since) <= row["date"] <= str(until) for row in rows)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)  # oldest first


def test_speaker_stance_technique_and_claim_filters(
    filled_store: Store, corpus_analyses: list[Analysis]
) -> None:
    def said_by(a: Analysis, stance: Stance | None = None) -> bool:
        return any(
            x.speaker is not None and "Peskov" in x.speaker.name and (stance is None or x.stance == stance)
            for x in a.attributions
        )

    assert _ids(_all(filled_store, Filters(speaker="Peskov"))) == {
        a.article.id for a in corpus_analyses if said_by(a)
    }
    distancing = {a.article.id for a in corpus_analyses if said_by(a, Stance.DISTANCING)}
    assert distancing  # the example: Peskov "claimed"
    assert _ids(_all(filled_store, Filters(speaker="peskov", stance=Stance.DISTANCING))) == distancing
    technique = next(t.technique.value for a in corpus_analyses for t in a.techniques)
    expected = {
        a.article.id for a in corpus_analyses if any(t.technique.value == technique for t in a.techniques)
    }
    assert _ids(_all(filled_store, Filters(technique=technique))) == expected
    claim_words = [re.findall(r"[A-Za-z]{6,}", c.span.text) for a in corpus_analyses for c in a.claims]
    word = max(next(words for words in claim_words if words), key=len)  # the claims stage runs by default
    rows = _all(filled_store, Filters(claim=word), level="claims")
    assert rows and all(word.lower()[:5] in row["claim_text"].lower() for row in rows)


def test_pages_cover_everything_once(filled_store: Store, corpus_analyses: list[Analysis]) -> None:
    first = search(filled_store, Filters(), page=1, per_page=5)
    assert first.total == len(corpus_analyses) and first.pages == -(-len(corpus_analyses) // 5)
    seen = [
        row["article"]
        for page in range(1, first.pages + 1)
        for row in search(filled_store, Filters(), page=page, per_page=5).rows
    ]
    assert sorted(seen) == sorted(a.article.id for a in corpus_analyses)


def test_timeline_in_date_order_with_each_outlets_cue(
    filled_store: Store, corpus_analyses: list[Analysis]
) -> None:
    articles: dict[str, set[str]] = defaultdict(set)
    for a in corpus_analyses:
        for x in a.attributions:
            if x.speaker is not None and x.speaker.type.value == "person":
                articles[x.speaker.name].add(a.article.id)
    name = max(articles, key=lambda n: (len(articles[n]), n))  # whoever speaks in most articles
    assert len(articles[name]) >= 2
    expected = [
        (a.article.id, x.cue.text if x.cue else None)
        for a in corpus_analyses
        for x in a.attributions
        if x.speaker is not None and x.speaker.name == name
    ]
    rows = timeline(filled_store, name)
    got = [(row["article"], row["cue"]) for row in rows]
    assert all(item in got for item in expected)  # name variants of the same person join them
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates) and len(set(dates)) >= 2
    summary = outlet_stances(rows)
    assert sum(item["attributions"] for item in summary) == sum(1 for row in rows if row["cue"])
    assert all(item["cues"] for item in summary)


def test_exports_round_trip(filled_store: Store, tmp_path: Path) -> None:
    rows = _all(filled_store, Filters(speaker="Peskov"), level="attributions")
    assert rows
    export_rows(rows, tmp_path / "p.jsonl")
    export_rows(rows, tmp_path / "p.csv")
    export_rows(rows, tmp_path / "p.parquet")
    lines = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    with (tmp_path / "p.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    parquet = pq.read_table(tmp_path / "p.parquet").to_pylist()
    assert lines == rows
    assert [r["content"] for r in table] == [r["content"] for r in rows]
    assert [r["cue"] for r in parquet] == [r["cue"] for r in rows]
