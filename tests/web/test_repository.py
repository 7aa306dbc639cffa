"""The repository interface behaves alike in memory and in the corpus store on SQLite and PostgreSQL."""

from __future__ import annotations

from saidwhat.model import Analysis
from saidwhat.web.repository import CorpusQuery
from tests.web.conftest import fake_corpus


def test_add_get_and_the_same_article_keeps_its_id(repository, example: Analysis):
    article_id = repository.add(example)
    assert repository.add(example) == article_id
    assert repository.get(article_id) == example
    assert repository.get(article_id + 1000) is None


def test_pages_newest_first_with_a_total(repository, example: Analysis):
    ids = fake_corpus(repository, example, 12)
    first = repository.search(CorpusQuery(), page=1, per_page=5)
    assert first.total == 12 and first.pages == 3
    assert [item.id for item in first.items] == ids[::-1][:5]
    last = repository.search(CorpusQuery(), page=3, per_page=5)
    assert [item.title for item in last.items] == ["Story 01", "Story 00"]
    item = first.items[0]
    assert item.outlet == "Reuters" and item.published == "2022-03-12"  # story 11
    assert item.attributions == len(example.attributions)
    assert "Dmitry Peskov" in item.speakers
    assert repository.search(CorpusQuery(), page=9, per_page=5).items == []


def test_filters_combine(repository, example: Analysis):
    fake_corpus(repository, example, 12)

    def total(**filters: str) -> int:
        return repository.search(CorpusQuery(**filters), page=1, per_page=50).total

    assert total(outlet="rt") == 4
    assert total(outlet="100%_") == 0  # LIKE wildcards are literal
    assert total(speaker="peskov") == 12
    assert total(speaker="Nobody") == 0
    assert total(q="partitioning Ukraine") == 12
    assert total(q='"partitioning* (Ukraine') == 12  # search syntax in the words is only words
    assert total(q="zeppelin") == 0
    assert total(date_from="2022-03-10") == 3
    assert total(date_from="2022-03-02", date_to="2022-03-04", outlet="Reuters") == 2
    assert total(q="   ") == 12
