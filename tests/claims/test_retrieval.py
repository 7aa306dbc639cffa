"""Claim retrieval: tweet cleaning, BM25 from collection statistics, the re-ranker on real CheckThat! data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from saidwhat.claims.retrieval.bm25 import CollectionStats, bm25
from saidwhat.claims.retrieval.model import load_calibration, load_ranker
from saidwhat.claims.retrieval.search import FactCheckIndex
from saidwhat.claims.retrieval.text import clean_post, parse_date, post_date, terms
from saidwhat.eval.claim_matching import (
    DEFAULT_CLAIMS,
    DEFAULT_QRELS,
    DEFAULT_QUERIES,
    average_precision,
    load_split,
    read_queries,
    read_verified_claims,
    reciprocal_rank,
    run_queries,
    score_rankings,
)

TWEET = (
    "In Alabama you won't be able to own a car & get food stamps. 😡 #FoodStamps https://t.co/MpkbqrEdsn "
    "— Amy Jo Cousins (@_AJCousins) March 18, 2016"
)
HAVE_DATA = DEFAULT_CLAIMS.is_file() and DEFAULT_QRELS.is_file()


def test_clean_post_drops_signature_links_and_emojis_but_keeps_hashtag_words_and_author() -> None:
    expected = "In Alabama you won't be able to own a car & get food stamps. Food Stamps — Amy Jo Cousins"
    assert clean_post(TWEET) == expected
    assert post_date(TWEET) == date(2016, 3, 18)
    assert clean_post(".@BernieSanders wins Nevada!") == "Bernie Sanders wins Nevada!"


def test_clean_post_drops_a_quoted_posts_signature_and_unglues_hashtags() -> None:
    quoting = (
        "Susan Rice Complains — The Daily Wire (@realDailyWire) October 27, 2019 Was this because "
        "Obama let him out #Baghdadi#ISIS— Juanita Broaddrick (@atensnut) October 27, 2019"
    )
    cleaned = "Susan Rice Complains Was this because Obama let him out Baghdadi ISIS — Juanita Broaddrick"
    assert clean_post(quoting) == cleaned
    assert post_date(quoting) == date(2019, 10, 27)
    assert post_date("ask Ukraine — Barack Obama (@BarackObama) October 04, 19") == date(2019, 10, 4)


def test_read_queries_undoes_csv_quoting(tmp_path: Path) -> None:
    path = tmp_path / "tweets.tsv"
    path.write_text(
        't1\t"He said ""no"" — A B (@ab) May 1, 2019"\nt2\tplain "quoted" words\n', encoding="utf-8"
    )
    queries = read_queries(path)
    assert queries == {"t1": 'He said "no" — A B (@ab) May 1, 2019', "t2": 'plain "quoted" words'}
    assert post_date(queries["t1"]) == date(2019, 5, 1)


def test_terms_fold_stem_and_drop_function_words() -> None:
    expected = ["passport", "issued", "moscow", "official"]
    assert terms("The Passports were ISSUED by Moscow’s officials") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("26 May 2015", date(2015, 5, 26)), ("2019-10-22T10:00:00Z", date(2019, 10, 22)), ("sometime", None)],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_bm25_prefers_the_document_with_the_rare_shared_term() -> None:
    docs = [terms(t) for t in ("food stamps car owners Alabama", "food prices rise", "car sales in Ohio")]
    stats = CollectionStats.of(docs)
    query = terms("Alabama food stamps")
    scores = [bm25(query, d, stats) for d in docs]
    assert scores[0] > scores[1] > scores[2] == 0.0


def test_metrics_follow_the_task_scorer() -> None:
    assert average_precision({"a"}, ["x", "a", "y"]) == 0.5
    assert average_precision({"a", "b"}, ["a", "x", "b"]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision({"a"}, ["x"] * 5 + ["a"]) == 0.0  # beyond depth 5
    assert reciprocal_rank({"a"}, ["x"] * 5 + ["a"]) == pytest.approx(1 / 6)
    figures = score_rankings({"q1": {"a"}, "q2": {"b"}}, {"q1": ["a"], "q2": ["x", "b"]})
    assert figures["map@5"] == 0.75
    assert figures["recall@5"] == 1.0


def test_calibration_is_monotone_in_the_ranker_score() -> None:
    calibrate = load_calibration()
    assert 0.0 <= calibrate(-20) < calibrate(0) < calibrate(20) <= 1.0


@pytest.mark.skipif(not HAVE_DATA, reason="needs ../shared/data/factchecks")
def test_reranker_finds_the_fact_checks_of_dev_tweets(tmp_path: Path) -> None:
    from saidwhat.nlp.embedder import load_embedder

    queries, qrels = load_split(DEFAULT_QUERIES, DEFAULT_QRELS)
    sample = sorted(queries)[:25]
    documents = read_verified_claims(DEFAULT_CLAIMS)
    wanted = set().union(*(qrels[q] for q in sample))
    # The judged claims among 600 others: enough distractors that ranking matters.
    kept = [d for d in documents if d.id in wanted] + [d for d in documents if d.id not in wanted][:600]
    embedder = load_embedder()
    index = FactCheckIndex(kept, embedder.embed([d.claim for d in kept]))
    run = run_queries(index, {q: queries[q] for q in sample}, embedder, load_ranker())
    figures = score_rankings({q: qrels[q] for q in sample}, run.rankings())
    assert figures["map@5"] >= 0.9
