"""Reading the CheckThat! check-worthiness TSVs, and the positive-class scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.errors import InputNotFoundError, MalformedRecordError
from saidwhat.eval.checkworthy import positive_class_scores, read_checkworthy, reliability, split_held_out

HEADER = "Sentence_id\tText\tclass_label"


def write(tmp_path: Path, *lines: str, newline: str = "\n") -> Path:
    path = tmp_path / "cw.tsv"
    path.write_bytes(newline.join([HEADER, *lines, ""]).encode("utf-8"))
    return path


def test_rows_run_together_on_one_line_are_split(tmp_path: Path) -> None:
    path = write(tmp_path, "1\tWe cut taxes by 20 percent.\tYes", "2\tThank you.\tNo3\tIt is late.\tNo")
    sentences = read_checkworthy(path)
    assert [(s.id, s.text, s.checkworthy) for s in sentences] == [
        ("1", "We cut taxes by 20 percent.", True),
        ("2", "Thank you.", False),
        ("3", "It is late.", False),
    ]


def test_crlf_files_read_the_same(tmp_path: Path) -> None:
    path = write(tmp_path, "7\tJobs grew.\tYes", newline="\r\n")
    assert [s.text for s in read_checkworthy(path)] == ["Jobs grew."]


def test_csv_quoting_is_undone(tmp_path: Path) -> None:
    path = write(tmp_path, '1\t"Well, there\'s seven million people."\tYes', '2\t"You vote ""present""."\tNo')
    assert [s.text for s in read_checkworthy(path)] == [
        "Well, there's seven million people.",
        'You vote "present".',
    ]


def test_the_held_out_share_is_seeded_by_id(tmp_path: Path) -> None:
    path = write(tmp_path, *(f"{i}\tSentence {i}.\t{'Yes' if i % 3 else 'No'}" for i in range(1, 41)))
    sentences = read_checkworthy(path)
    rest, held = split_held_out(sentences)
    assert len(held) == 4 and len(rest) == 36 and not {s.id for s in rest} & {s.id for s in held}
    # The same ids whatever the file order.
    assert {s.id for s in split_held_out(sentences[::-1])[1]} == {s.id for s in held}


def test_bad_files_are_refused_with_the_line(tmp_path: Path) -> None:
    with pytest.raises(MalformedRecordError, match=r"cw\.tsv:2.*Yes or No"):
        read_checkworthy(write(tmp_path, "1\tJobs grew.\tMaybe"))
    with pytest.raises(MalformedRecordError, match="header"):
        (tmp_path / "bad.tsv").write_text("id\ttext\n", encoding="utf-8")
        read_checkworthy(tmp_path / "bad.tsv")
    with pytest.raises(InputNotFoundError):
        read_checkworthy(tmp_path / "missing.tsv")


def test_positive_class_scores() -> None:
    scores = positive_class_scores([True, True, False, False], [True, False, True, False])
    assert (scores.precision, scores.recall, scores.f1) == (0.5, 0.5, 0.5)
    assert positive_class_scores([False], [False]).f1 == 0.0


def test_reliability_table_and_expected_calibration_error() -> None:
    error, table = reliability([0.05, 0.15, 0.95, 0.85, 1.0], [False, True, True, True, True], bins=10)
    assert [(b.low, b.count) for b in table] == [(0.0, 1), (0.1, 1), (0.8, 1), (0.9, 2)]
    assert table[1].positive_rate == 1.0 and table[-1].mean_score == pytest.approx(0.975)
    # |0.05-0| + |0.15-1| + |0.85-1| + 2·|0.975-1|, over 5 sentences
    assert error == pytest.approx((0.05 + 0.85 + 0.15 + 2 * 0.025) / 5)
