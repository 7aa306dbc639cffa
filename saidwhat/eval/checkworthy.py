"""The CLEF CheckThat! check-worthiness TSVs (``../shared/data/checkworthy/``) and the positive-class F1.

Format: a header ``Sentence_id<TAB>Text<TAB>class_label`` then one sentence per line, labelled ``Yes``
(check-worthy) or ``No``; CRLF or LF line ends. One line of the official train file holds two rows run
together (``…<TAB>No29286<TAB>…``); it is split here. A text holding a comma or a quote mark is quoted
CSV-style (``"Well, there's…"``, inner quotes doubled), in half the sentences of every split: the quoting is
undone here, so the models never learn it (claims in articles carry no such quotes). Any other malformed
line is a coded error naming the file and the line.

This module imports nothing from saidwhat but :mod:`saidwhat.errors` (itself import-free), so the
fine-tuning script, which runs in the torch venv without spaCy, loads it by path.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from saidwhat.errors import InputNotFoundError, MalformedRecordError

DATA_ENV = "SAIDWHAT_CHECKWORTHY"
HEADER = ("Sentence_id", "Text", "class_label")
LABELS = {"Yes": True, "No": False}
#: A label run into the next row's id: "No29286".
RUN_TOGETHER = re.compile(r"^(Yes|No)(\d+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str
    checkworthy: bool


def default_data_root() -> Path:
    """``$SAIDWHAT_CHECKWORTHY``, else ``../shared/data/checkworthy`` from the working directory."""
    return Path(os.environ.get(DATA_ENV, "../shared/data/checkworthy"))


def default_eval_files() -> list[Path]:
    root = default_data_root()
    return [root / "dev.tsv", root / "dev-test.tsv"]


def read_checkworthy(path: Path) -> list[Sentence]:
    """The labelled sentences of one TSV, in file order."""
    if not path.is_file():
        raise InputNotFoundError(str(path), "no such file (a CheckThat! check-worthiness TSV)")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if not lines or tuple(lines[0].strip().split("\t")) != HEADER:
        raise MalformedRecordError(str(path), f"the header must be {'<TAB>'.join(HEADER)}")
    sentences: list[Sentence] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            sentences.extend(_parse_line(path, number, line.split("\t")))
    return sentences


def _parse_line(path: Path, number: int, fields: list[str]) -> list[Sentence]:
    if len(fields) == 5 and (joined := RUN_TOGETHER.match(fields[2].strip())):
        return [
            _sentence(path, number, [fields[0], fields[1], joined.group(1)]),
            _sentence(path, number, [joined.group(2), fields[3], fields[4]]),
        ]
    if len(fields) != 3:
        raise MalformedRecordError(
            f"{path}:{number}", f"expected 3 tab-separated fields, found {len(fields)}"
        )
    return [_sentence(path, number, fields)]


def _sentence(path: Path, number: int, fields: Sequence[str]) -> Sentence:
    label = fields[2].strip()
    if label not in LABELS:
        raise MalformedRecordError(f"{path}:{number}", f"class_label must be Yes or No, not {label!r}")
    return Sentence(id=fields[0].strip(), text=unquote(fields[1].strip()), checkworthy=LABELS[label])


def unquote(text: str) -> str:
    """A CSV-quoted field's text: ``"a ""b"" c"`` is ``a "b" c``."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return text


#: The seed and share of the train split held out from fine-tuning (the final regression is fitted there).
HELD_OUT_SEED = 2024
HELD_OUT_SHARE = 0.1


def split_held_out(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(rest, held out): a seeded 10 % of the sentences by id, the same on every machine; file order kept."""
    ids = sorted(s.id for s in sentences)
    random.Random(HELD_OUT_SEED).shuffle(ids)
    held = set(ids[: round(len(ids) * HELD_OUT_SHARE)])
    return [s for s in sentences if s.id not in held], [s for s in sentences if s.id in held]


@dataclass(frozen=True, slots=True)
class BinaryScores:
    """Precision, recall and F1 of the positive (check-worthy) class."""

    sentences: int
    positives: int
    predicted: int
    true_positives: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def positive_class_scores(gold: Sequence[bool], predicted: Sequence[bool]) -> BinaryScores:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    return BinaryScores(
        sentences=len(gold),
        positives=sum(gold),
        predicted=sum(predicted),
        true_positives=sum(g and p for g, p in zip(gold, predicted, strict=True)),
    )


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Scores in ``[low, high)``: how many, their mean, and the share of them labelled check-worthy."""

    low: float
    high: float
    count: int
    mean_score: float
    positive_rate: float


def reliability(
    probabilities: Sequence[float], gold: Sequence[bool], bins: int = 10
) -> tuple[float, list[CalibrationBin]]:
    """Expected calibration error (mean |score − positive rate| over equal-width bins, weighted by their
    size) and the reliability table behind it (empty bins left out)."""
    if len(probabilities) != len(gold):
        raise ValueError(f"{len(gold)} gold labels but {len(probabilities)} scores")
    table = []
    error = 0.0
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        members = [
            (p, g)
            for p, g in zip(probabilities, gold, strict=True)
            if low <= p < high or (index == bins - 1 and p == 1.0)
        ]
        if not members:
            continue
        mean = sum(p for p, _ in members) / len(members)
        rate = sum(g for _, g in members) / len(members)
        error += len(members) / len(gold) * abs(mean - rate)
        table.append(CalibrationBin(low, high, len(members), mean, rate))
    return error, table


@dataclass(frozen=True, slots=True)
class FileScores:
    path: Path
    scores: BinaryScores
    ece: float
    calibration: list[CalibrationBin]


def evaluate_checkworthy(paths: Sequence[Path]) -> list[FileScores]:
    """Positive-class P/R/F1 of the shipped scorer (check-worthy when the score is ≥ 0.5) and its
    calibration, per file."""
    from saidwhat.claims.sentences import score_sentences  # loads spaCy and the models: only when scoring

    results = []
    for path in paths:
        sentences = read_checkworthy(path)
        probabilities = [s.probability for s in score_sentences([s.text for s in sentences])]
        gold = [s.checkworthy for s in sentences]
        scores = positive_class_scores(gold, [p >= 0.5 for p in probabilities])
        results.append(FileScores(path, scores, *reliability(probabilities, gold)))
    return results
