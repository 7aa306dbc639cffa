"""The PTC reader and the SemEval-2020 Task 11 metrics, on hand-made cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.eval.ptc import (
    PartialScores,
    PTCFormatError,
    align_duplicates,
    merge_spans,
    partial_scores,
    read_ptc,
    resolve_split,
    si_scores,
    tc_scores,
    technique_scores,
)

FIXTURE = Path(__file__).parent / "fixtures" / "ptc"


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([(5, 15), (0, 10)], [(0, 15)]),
        ([(0, 5), (5, 9)], [(0, 5), (5, 9)]),  # touching spans stay apart
        ([(0, 20), (3, 4), (18, 25)], [(0, 25)]),
    ],
)
def test_merge_spans_merges_only_overlaps(spans, merged) -> None:
    assert merge_spans(spans) == merged


@pytest.mark.parametrize(
    ("predicted", "gold", "precision", "recall"),
    [
        ([(0, 10)], [(5, 15)], 0.5, 0.5),
        ([(0, 15)], [(0, 10), (5, 15)], 1.0, 1.0),  # gold merged first: one gold span
        ([(0, 5), (10, 15)], [(0, 20)], 1.0, 0.5),  # two pure predictions each cover a quarter
        ([(0, 40)], [(0, 10), (30, 40)], 0.5, 1.0),
        ([(50, 60)], [(0, 10)], 0.0, 0.0),
    ],
)
def test_partial_scores_credit_shared_characters(predicted, gold, precision, recall) -> None:
    scores = partial_scores(predicted, gold)
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)


@pytest.mark.parametrize("predicted", [[(0, 10), (5, 12)], [(3, 3)]])
def test_partial_scores_refuse_overlapping_or_empty_predictions(predicted) -> None:
    with pytest.raises(ValueError, match=r"overlap|empty"):
        partial_scores(predicted, [(0, 10)])


@pytest.mark.parametrize("case", ["missing prediction"])
def test_si_scores_pool_over_articles(case) -> None:
    scores = si_scores({"a": [(0, 10)]}, {"a": [(0, 10)], "b": [(0, 4)]})
    assert (scores.predicted, scores.gold) == (1, 2)
    assert scores.precision == 1.0 and scores.recall == 0.5
    assert scores.f1 == pytest.approx(2 / 3)
    assert PartialScores().f1 == 0.0


@pytest.mark.parametrize("case", ["one wrong of three"])
def test_tc_scores_micro_f1_is_accuracy(case) -> None:
    micro, per_class = tc_scores(["Doubt", "Slogans", "Doubt"], ["Doubt", "Doubt", "Doubt"])
    assert micro == pytest.approx(2 / 3)
    assert (per_class["Doubt"].correct, per_class["Doubt"].predicted, per_class["Doubt"].gold) == (2, 2, 3)
    assert per_class["Slogans"].precision == 0.0 and per_class["Slogans"].gold == 0
    with pytest.raises(ValueError, match="2 predicted techniques for 1 gold"):
        tc_scores(["Doubt", "Doubt"], ["Doubt"])


@pytest.mark.parametrize("case", ["copies of one span in another order", "one copy wrong"])
def test_align_duplicates_lines_up_copies_of_one_span_as_the_task_scorer(case) -> None:
    spans = [(0, 10), (0, 10), (20, 30), (0, 10)]
    gold = ["Slogans", "Doubt", "Doubt", "Repetition"]
    if case == "copies of one span in another order":
        predicted = ["Doubt", "Repetition", "Slogans", "Slogans"]
        # the single span keeps its (wrong) prediction; the three copies all match once reordered
        assert align_duplicates(spans, predicted, gold) == ["Slogans", "Doubt", "Slogans", "Repetition"]
        assert tc_scores(align_duplicates(spans, predicted, gold), gold)[0] == pytest.approx(3 / 4)
    else:
        predicted = ["Doubt", "Flag-Waving", "Doubt", "Loaded_Language"]
        aligned = align_duplicates(spans, predicted, gold)
        assert aligned[1] == "Doubt"
        assert sorted([aligned[0], aligned[3]]) == ["Flag-Waving", "Loaded_Language"]
        assert tc_scores(aligned, gold)[0] == pytest.approx(2 / 4)
    with pytest.raises(ValueError, match="2 spans, 1 predicted"):
        align_duplicates(spans[:2], predicted[:1], gold[:2])


@pytest.mark.parametrize("case", ["same offsets, two techniques"])
def test_technique_scores_count_only_matching_techniques(case) -> None:
    by_technique = technique_scores({"a": [(0, 10, "Doubt")]}, {"a": [(0, 10, "Slogans"), (0, 10, "Doubt")]})
    assert by_technique["Doubt"].precision == 1.0 and by_technique["Doubt"].recall == 1.0
    assert by_technique["Slogans"].recall == 0.0
    pooled = sum(by_technique.values(), PartialScores())
    assert (pooled.precision, pooled.recall) == (1.0, 0.5)


@pytest.mark.parametrize("labels", ["dev-task-flc-tc.labels"])
def test_read_ptc_reads_the_fixture(labels) -> None:
    articles = read_ptc(FIXTURE / "dev" / "dev-articles", FIXTURE / "dev" / labels)
    assert [a.id for a in articles] == ["1001", "1002"]
    first, second = articles
    assert len(first.techniques) == 8 and second.techniques == ()
    assert len(first.merged_spans) == 7  # "Nazi ideology" lies inside "influenced by Nazi ideology"
    for technique in first.techniques:
        assert first.text[technique.start : technique.end].strip()
    assert first.text[356:367] == "coup d’état"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1001\tDoubt\t3", "line 2: expected 4 tab-separated fields"),
        ("1001\tDoubt\tx\t9", "line 2: start and end must be integers"),
        ("1001\tDoubt\t10\t999999", r"line 2: span \[10, 999999\) is empty or outside"),
        ("77\tDoubt\t1\t4", "line 2: article '77' has no article77.txt"),
    ],
)
def test_read_ptc_names_file_and_line_of_bad_labels(tmp_path, line, message) -> None:
    labels = tmp_path / "bad.labels"
    labels.write_text(f"1001\tDoubt\t0\t5\n{line}\n", encoding="utf-8")
    with pytest.raises(PTCFormatError, match=message) as error:
        read_ptc(FIXTURE / "dev" / "dev-articles", labels)
    assert "bad.labels" in str(error.value)


@pytest.mark.parametrize("split", ["dev", "train"])
def test_missing_data_names_where_it_looked(tmp_path, split) -> None:
    with pytest.raises(FileNotFoundError, match=f"no PTC {split} split at {tmp_path}"):
        resolve_split(tmp_path, split)
    with pytest.raises(FileNotFoundError, match="no such articles folder"):
        read_ptc(tmp_path / "nowhere", tmp_path / "x.labels")


@pytest.mark.parametrize("split", ["dev"])
def test_resolve_split_finds_the_fixture_layout(split) -> None:
    articles, labels = resolve_split(FIXTURE, split)
    assert articles.is_dir() and labels.name == "dev-task-flc-tc.labels"
