"""Reading the CheckThat! check-worthiness TSVs, and the positive-class scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.errors import InputNotFoundError, MalformedRecordError
from saidwhat.eval.checkworthy import positive_class_scores, read_checkworthy

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
