"""The repository interface behaves alike in memory and in the corpus store on SQLite and PostgreSQL."""

from __future__ import annotations

from saidwhat.model import Analysis, Stance, TechniqueName
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

    def total(**filters: object) -> int:
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
    used = {a.stance for a in example.attributions if a.stance is not None}
    for stance in Stance:
        assert total(stance=stance) == (12 if stance in used else 0)
    techniques = {t.technique for t in example.techniques}
    assert techniques, "the pipeline finds techniques in the example"
    for technique in TechniqueName:
        assert total(technique=technique, outlet="RT") == (4 if technique in techniques else 0)


def test_outlet_stats_count_stances_and_the_outlets_own_techniques(repository, example: Analysis):
    fake_corpus(repository, example, 12)
    stats = repository.outlet_stats(limit=5)
    assert [(row.outlet, row.articles) for row in stats] == [("Reuters", 8), ("RT", 4)]
    per_article: dict[str, int] = {}
    for attribution in example.attributions:
        stance = attribution.stance.value if attribution.stance else "none"
        per_article[stance] = per_article.get(stance, 0) + 1
    assert stats[1].stances == {stance: 4 * n for stance, n in per_article.items()}
    own: dict[str, int] = {}
    for technique in example.techniques:
        if technique.user == "outlet":
            own[technique.technique.value] = own.get(technique.technique.value, 0) + 4
    assert stats[1].techniques == own
    assert repository.outlet_stats(limit=1)[0].outlet == "Reuters"


def test_speaker_activity_per_month(repository, example: Analysis):
    fake_corpus(repository, example, 12)  # all published in March 2022
    activity = repository.speaker_activity(limit=3)
    per_article: dict[str, int] = {}
    for attribution in example.attributions:
        if attribution.speaker is not None:
            per_article[attribution.speaker.name] = per_article.get(attribution.speaker.name, 0) + 1
    expected = sorted(per_article.items(), key=lambda item: (-item[1], item[0]))[:3]
    assert [(row.speaker, row.attributions) for row in activity] == [(name, 12 * n) for name, n in expected]
    assert all(row.months == {"2022-03": row.attributions} for row in activity)


def test_speaker_profile_compares_outlets_and_pages_the_timeline(repository, example: Analysis):
    ids = fake_corpus(repository, example, 6)  # RT: stories 0 and 3; Reuters: 1, 2, 4, 5
    peskov = [a for a in example.attributions if a.speaker and a.speaker.name == "Dmitry Peskov"]
    assert peskov
    profile = repository.speaker_profile("Dmitry Peskov", page=1, per_page=4)
    assert profile is not None
    assert profile.name == "Dmitry Peskov"
    assert profile.attributions == 6 * len(peskov)
    assert [(o.outlet, o.attributions) for o in profile.outlets] == [
        ("Reuters", 4 * len(peskov)),
        ("RT", 2 * len(peskov)),
    ]
    stances: dict[str, int] = {}
    for attribution in peskov:
        key = attribution.stance.value if attribution.stance else "none"
        stances[key] = stances.get(key, 0) + 2
    assert profile.outlets[1].stances == stances
    assert profile.outlets[1].cues  # 'said (…)', most used first
    assert len(profile.timeline) == 4
    assert profile.timeline[0].article_id == ids[0] and profile.timeline[0].date == "2022-03-01"
    last = repository.speaker_profile("Dmitry Peskov", page=profile.pages, per_page=4)
    assert last.timeline[-1].article_id == ids[-1]
    assert repository.speaker_profile("Nobody Atall", page=1, per_page=4) is None


def test_aggregates_follow_new_articles(repository, example: Analysis):
    """The store remembers aggregates between requests: never past a change of its articles."""
    fake_corpus(repository, example, 3)
    assert [row.articles for row in repository.outlet_stats(limit=5)] == [2, 1]
    before = repository.speaker_profile("Dmitry Peskov", page=1, per_page=5).attributions
    fake_corpus(repository, example, 6)  # stories 3, 4, 5 are new
    assert [row.articles for row in repository.outlet_stats(limit=5)] == [4, 2]
    assert repository.speaker_profile("Dmitry Peskov", page=1, per_page=5).attributions == 2 * before
