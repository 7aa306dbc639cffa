"""Reading fact-checks: ClaimReview JSON-LD (page, feed, API), CSV, JSONL, the shared CheckThat! data."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.claims.factchecks import Problem, Record, read_factchecks
from saidwhat.errors import InputNotFoundError, MalformedRecordError

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path("../shared/data/factchecks")


def split(path: Path) -> tuple[list[Record], list[Problem]]:
    items = list(read_factchecks(path))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, Problem)]


def test_claimreview_in_an_html_page() -> None:
    records, problems = split(FIXTURES / "claimreview-page.html")
    assert problems == []
    assert len(records) == 1  # the WebSite ld+json block is not a fact-check
    check = records[0].fact_check
    assert check.claim == "The city council has banned bicycles on Main Street from April 1."
    assert (check.verdict, check.checker, check.date, check.claimant) == (
        "False",
        "Example Checks",
        "2024-03-12",
        "Jordan Vale",
    )
    assert check.url == "https://checks.example.org/2024/03/bicycle-ban-main-street/"
    assert records[0].headline == "No, the city council did not ban bicycles on Main Street"


def test_claimreview_feed_reports_the_review_without_a_claim_and_keeps_the_others() -> None:
    records, problems = split(FIXTURES / "claimreview-feed.json")
    assert [r.fact_check.claim for r in records] == [
        "Fluoride in tap water lowers children's IQ by 20 points.",
        "A new solar farm in the valley has cut local rainfall by half.",
    ]
    assert records[0].fact_check.date == "2024-05-02"
    assert records[0].fact_check.claimant == "Wellness Daily"
    assert records[1].fact_check.verdict == "2/5"  # a numeric rating without a name
    assert records[1].fact_check.checker == "Verify Example"  # from the publisher
    assert len(problems) == 1
    assert str(problems[0]).startswith(
        f"[E007] {FIXTURES / 'claimreview-feed.json'}#2: a ClaimReview without"
    )


def test_fact_check_tools_api_shape() -> None:
    records, problems = split(FIXTURES / "tools-api.json")
    assert problems == []
    check = records[0].fact_check
    assert (check.claim, check.verdict, check.checker, check.date, check.claimant) == (
        "The national minimum wage doubled between 2015 and 2020.",
        "Mostly false",
        "Numbers Desk",
        "2021-02-04",
        "Campaign leaflet",
    )


def test_csv_rows_and_a_row_without_claim_reported_with_its_line() -> None:
    path = FIXTURES / "factchecks.csv"
    records, problems = split(path)
    assert [r.fact_check.checker for r in records] == ["Health Check Example", "City Desk Example"]
    assert records[1].fact_check.date == "2024-01-14"
    assert [p.where for p in problems] == [f"{path}:3"]
    assert "no claim" in problems[0].problem


def test_jsonl_mixes_flat_records_and_claimreviews_and_reports_bad_lines() -> None:
    path = FIXTURES / "factchecks.jsonl"
    records, problems = split(path)
    assert [r.fact_check.claim for r in records] == [
        "Ten thousand sheep crossed the motorway on Tuesday.",
        "Ten thousand sheep crossed the motorway on Tuesday.",  # duplicates are the store's business
        "Local hospital waiting times fell by 40% last year.",
    ]
    assert records[0].fact_check.claimant == "Farm forum post"
    assert records[2].fact_check.verdict == "Half true"
    assert [p.where for p in problems] == [f"{path}:3", f"{path}:5"]
    assert "not JSON" in problems[0].problem


def test_missing_file_and_unknown_format_are_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match=r"\[E008\]"):
        list(read_factchecks(tmp_path / "nothing.jsonl"))
    odd = tmp_path / "checks.xml"
    odd.write_text("<x/>", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=r"\[E007\].*unknown fact-check format '\.xml'"):
        list(read_factchecks(odd))


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/factchecks")
def test_shared_politifact_and_snopes_files() -> None:
    politifact = next(iter(read_factchecks(SHARED / "politifact.jsonl")))
    assert isinstance(politifact, Record)
    check = politifact.fact_check
    assert check.checker == "PolitiFact"
    assert check.verdict == "false"
    assert check.claimant == "GayDonna Vandergriff"
    assert check.url is not None and check.url.startswith(
        "https://www.politifact.com/factchecks/2019/oct/30/"
    )
    assert check.date == "2019-10-30"  # the review date from the URL, not the "stated on" date
    snopes = next(iter(read_factchecks(SHARED / "snopes.jsonl")))
    assert isinstance(snopes, Record)
    assert (snopes.fact_check.checker, snopes.fact_check.date) == ("Snopes", "2015-05-26")
    assert snopes.headline == "$1 McDonald's Any Size Fries"
