"""The content-coverage metric, exact-span F1 and source overlap on hand-built cases."""

from __future__ import annotations

import pytest

from saidwhat.eval.metrics import (
    Counts,
    RangedAttribution,
    coverage,
    match_content,
    score_corpus,
    score_document,
)

TEXT = "x" * 200


def attribution(content, cue=(), source=()):
    return RangedAttribution(cue=list(cue), source=list(source), content=list(content))


def test_perfect_prediction_scores_one_everywhere() -> None:
    gold = [attribution([(10, 50)], cue=[(0, 4)], source=[(5, 9)]), attribution([(100, 150)], cue=[(90, 95)])]
    scores = score_document(TEXT, gold, gold)
    assert scores.content[0.3] == scores.content[0.8] == Counts(2, 2, 2)
    assert all(scores.exact[role].f1 == 1.0 for role in ("cue", "source", "content"))
    assert scores.source_overlap == Counts(1, 1, 1)  # the second gold has no source


def test_half_coverage_counts_at_03_not_at_08() -> None:
    scores = score_document(TEXT, [attribution([(0, 50)])], [attribution([(0, 100)])])
    assert scores.content[0.3] == Counts(1, 1, 1)
    assert scores.content[0.8] == Counts(0, 1, 1)
    assert scores.exact["content"] == Counts(0, 1, 1)


def test_coverage_is_of_the_gold_characters_and_counts_fragments_once() -> None:
    assert coverage([(0, 100)], [(40, 60)]) == 1.0
    assert coverage([(0, 30), (20, 50)], [(0, 100)]) == 0.5
    assert coverage([(0, 10)], [(0, 10), (50, 60)]) == 0.5
    assert coverage([(0, 10)], []) == 0.0


def test_matching_is_one_to_one() -> None:
    giant = attribution([(0, 200)])
    gold = [attribution([(0, 50)]), attribution([(100, 150)])]
    assert len(match_content([giant], gold, 0.3)) == 1
    scores = score_document(TEXT, [giant], gold)
    assert scores.content[0.3] == Counts(1, 1, 2)
    assert scores.content[0.3].precision == 1.0 and scores.content[0.3].recall == 0.5


def test_a_tight_prediction_wins_over_a_giant_one() -> None:
    tight, giant = attribution([(0, 50)]), attribution([(0, 200)])
    assert match_content([giant, tight], [attribution([(0, 50)])], 0.8) == [(1, 0)]


def test_exact_spans_strip_only_whitespace() -> None:
    text = "He said: “We will win.” "
    gold = [attribution([(9, 23)], cue=[(3, 7)], source=[(0, 2)])]
    predicted = [attribution([(8, 24)], cue=[(3, 8)], source=[(0, 3)])]  # surrounding spaces, ":" kept
    scores = score_document(text, predicted, gold)
    assert scores.exact["content"].f1 == 1.0
    assert scores.exact["source"].f1 == 1.0
    assert scores.exact["cue"].f1 == 0.0  # "said:" is not "said"


def test_source_overlap_share() -> None:
    gold = [attribution([(10, 50)], source=[(0, 5)]), attribution([(100, 150)], source=[(60, 70)])]
    predicted = [attribution([(10, 50)], source=[(3, 8)]), attribution([(100, 150)], source=[(80, 90)])]
    assert score_document(TEXT, predicted, gold).source_overlap == Counts(1, 2, 2)


@pytest.mark.parametrize(
    ("predicted", "gold"), [([], []), ([attribution([(0, 5)])], []), ([], [attribution([(0, 5)])])]
)
def test_empty_sides_give_zero_not_errors(predicted, gold) -> None:
    counts = score_document(TEXT, predicted, gold).content[0.3]
    assert (counts.matched, counts.precision, counts.recall, counts.f1) == (0, 0.0, 0.0, 0.0)


def test_corpus_scores_are_micro_averaged() -> None:
    good = score_document(TEXT, [attribution([(0, 10)])], [attribution([(0, 10)])])
    missed = score_document(TEXT, [], [attribution([(0, 10)]), attribution([(20, 30)])])
    total = score_corpus([good, missed])
    assert total.content[0.3] == Counts(1, 1, 3)
    assert score_corpus([]).content[0.8] == Counts()
