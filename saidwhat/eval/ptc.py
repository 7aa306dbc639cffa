"""The PTC corpus (SemEval-2020 Task 11, propaganda techniques in news) and the task's three metrics.

**Layout** (per split): ``<split>-articles/articleNNN.txt`` and the technique labels, either one file
``<split>-task-flc-tc.labels`` or a folder ``<split>-labels-task-flc-tc/`` of per-article files; every
label line is ``article_id<TAB>technique<TAB>start<TAB>end`` (character offsets, ``end`` exclusive).

**SI** (span identification, partial-overlap credit, the task's scorer): gold spans of an article are
merged where they overlap; predicted spans must not overlap. For every pair of a predicted span s and a
gold span t of the same article, with ``I`` the characters they share, ``I/|s|`` is added to the
precision sum and ``I/|t|`` to the recall sum; P = precision sum / number of predicted spans,
R = recall sum / number of gold spans (pooled over all articles), F1 = 2PR/(P+R).

**TC** (technique classification): every gold span (one per technique annotation, so the same offsets
can occur several times) gets one predicted technique; micro-F1 over spans, which equals accuracy. The
copies of one span cannot be told apart but by their order in the label file, so, as the task's scorer
does (``align_annotations`` in its ``src/article_annotations.py``), the predictions for identical offsets
are first reordered to line up with the gold techniques they match (:func:`align_duplicates`).

**Technique-aware partial F1**: the SI formula run once per technique, counting the shared characters
of a predicted and a gold span only when both carry that technique (gold merged within each technique;
predicted spans of one technique must not overlap), the sums and counts pooled over techniques and
articles. It scores span identification and classification together, as a user of the spans sees them.

This module uses only the standard library: ``scripts/train_techniques.py`` loads it by path to tune on a
held-out part of the training split with exactly the metrics reported here.
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

DATA_ENV = "SAIDWHAT_PTC"
DEFAULT_DATA = Path("../shared/data/ptc")
SPLITS = ("train", "dev")
CharRange = tuple[int, int]
_ARTICLE = re.compile(r"^article(?P<id>\d+)\.txt$")


class PTCFormatError(ValueError):
    """A PTC file that is missing, does not parse, or whose offsets fall outside its article."""


@dataclass(frozen=True, slots=True)
class GoldTechnique:
    start: int
    end: int
    technique: str


@dataclass(frozen=True, slots=True)
class PTCArticle:
    id: str
    text: str
    techniques: tuple[GoldTechnique, ...]  # in label-file order; may repeat offsets

    @property
    def spans(self) -> list[CharRange]:
        """The TC gold spans, one per technique annotation, in label-file order."""
        return [(t.start, t.end) for t in self.techniques]

    @property
    def merged_spans(self) -> list[CharRange]:
        """The SI gold: every technique span, overlapping ones merged."""
        return merge_spans(self.spans)


def resolve_split(data: Path | None, split: str) -> tuple[Path, Path]:
    """The articles folder and the label file (or folder) of ``split`` under the PTC root.

    The root is ``data`` if given, else ``../shared/data/ptc``, else ``$SAIDWHAT_PTC``. Raises
    FileNotFoundError naming every place it looked.
    """
    if split not in SPLITS:
        raise ValueError(f"unknown PTC split {split!r}; the splits are {', '.join(SPLITS)}")
    candidates = [data] if data is not None else [DEFAULT_DATA]
    if data is None and (env := os.environ.get(DATA_ENV)):
        candidates.append(Path(env))
    for root in candidates:
        articles = root / split / f"{split}-articles"
        labels = root / split / f"{split}-task-flc-tc.labels"
        if not labels.is_file():
            labels = root / split / f"{split}-labels-task-flc-tc"
        if articles.is_dir() and labels.exists():
            return articles, labels
    looked = ", ".join(str(c / split) for c in candidates)
    raise FileNotFoundError(
        f"no PTC {split} split at {looked} (want {split}-articles/ and {split}-task-flc-tc.labels); "
        f"pass --data PATH or set {DATA_ENV}"
    )


def read_ptc(articles_dir: Path, labels: Path) -> list[PTCArticle]:
    """Every article of ``articles_dir`` (in id order) with its technique labels.

    ``labels`` is one label file or a folder of ``*.labels`` files. Raises FileNotFoundError for a
    missing path and PTCFormatError, naming the file and line, for a malformed label or an offset
    outside its article; an article without labels has no techniques.
    """
    if not articles_dir.is_dir():
        raise FileNotFoundError(f"{articles_dir}: no such articles folder")
    texts: dict[str, str] = {}
    for path in sorted(articles_dir.iterdir()):
        if match := _ARTICLE.match(path.name):
            # newline="" keeps "\r\n" as two characters: PTC offsets count the file's characters as read.
            with path.open(encoding="utf-8", newline="") as file:
                texts[match["id"]] = file.read()
    if not texts:
        raise PTCFormatError(f"{articles_dir}: no articleNNN.txt files")
    found: dict[str, list[GoldTechnique]] = defaultdict(list)
    for path in _label_files(labels):
        for article_id, technique in _read_label_file(path, texts):
            found[article_id].append(technique)
    return [PTCArticle(i, texts[i], tuple(found.get(i, ()))) for i in sorted(texts)]


def _label_files(labels: Path) -> list[Path]:
    if labels.is_file():
        return [labels]
    if labels.is_dir():
        return sorted(labels.glob("*.labels"))
    raise FileNotFoundError(f"{labels}: no such label file or folder")


def _read_label_file(path: Path, texts: Mapping[str, str]) -> Iterable[tuple[str, GoldTechnique]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"{path}, line {number}"
        if len(fields) != 4:
            raise PTCFormatError(
                f"{where}: expected 4 tab-separated fields (article_id, technique, start, end), "
                f"got {len(fields)}: {line!r}"
            )
        article_id, technique, start_text, end_text = fields
        try:
            start, end = int(start_text), int(end_text)
        except ValueError:
            raise PTCFormatError(f"{where}: start and end must be integers: {line!r}") from None
        if article_id not in texts:
            raise PTCFormatError(f"{where}: article {article_id!r} has no article{article_id}.txt")
        if not 0 <= start < end <= len(texts[article_id]):
            raise PTCFormatError(
                f"{where}: span [{start}, {end}) is empty or outside article {article_id} "
                f"({len(texts[article_id])} characters)"
            )
        yield article_id, GoldTechnique(start, end, technique)


def merge_spans(spans: Iterable[CharRange]) -> list[CharRange]:
    """Overlapping spans merged into one (touching ones are kept apart), sorted by start."""
    merged: list[CharRange] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True, slots=True)
class PartialScores:
    """Partial-overlap precision and recall sums with the span counts they are divided by."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: PartialScores) -> PartialScores:
        return PartialScores(
            self.precision_sum + other.precision_sum,
            self.recall_sum + other.recall_sum,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        return self.precision_sum / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def partial_scores(predicted: Sequence[CharRange], gold: Sequence[CharRange]) -> PartialScores:
    """The SI sums for one article. Gold is merged here; overlapping predictions raise ValueError."""
    ordered = sorted(predicted)
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start < end:
            raise ValueError(f"predicted spans overlap at character {start}; merge them before scoring")
    if any(end <= start for start, end in ordered):
        raise ValueError("a predicted span is empty")
    merged = merge_spans(gold)
    precision_sum = recall_sum = 0.0
    for s_start, s_end in ordered:
        for t_start, t_end in merged:
            shared = min(s_end, t_end) - max(s_start, t_start)
            if shared > 0:
                precision_sum += shared / (s_end - s_start)
                recall_sum += shared / (t_end - t_start)
    return PartialScores(precision_sum, recall_sum, len(ordered), len(merged))


def si_scores(
    predicted: Mapping[str, Sequence[CharRange]], gold: Mapping[str, Sequence[CharRange]]
) -> PartialScores:
    """SI over a corpus: every gold article, with its predictions (none when absent)."""
    total = PartialScores()
    for article_id in sorted(set(gold) | set(predicted)):
        total += partial_scores(predicted.get(article_id, ()), gold.get(article_id, ()))
    return total


Labelled = tuple[int, int, str]


def technique_scores(
    predicted: Mapping[str, Sequence[Labelled]], gold: Mapping[str, Sequence[Labelled]]
) -> dict[str, PartialScores]:
    """The technique-aware partial sums, per technique (add them up for the pooled figure)."""
    by_technique: dict[str, PartialScores] = defaultdict(PartialScores)
    for article_id in sorted(set(gold) | set(predicted)):
        pred_article = predicted.get(article_id, ())
        gold_article = gold.get(article_id, ())
        for technique in {t for *_, t in pred_article} | {t for *_, t in gold_article}:
            by_technique[technique] += partial_scores(
                [(s, e) for s, e, t in pred_article if t == technique],
                [(s, e) for s, e, t in gold_article if t == technique],
            )
    return dict(by_technique)


@dataclass(frozen=True, slots=True)
class ClassScores:
    """TC counts for one technique: true positives, predicted and gold spans."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Label = TypeVar("Label", bound=Hashable)  # a technique's name, or its index


def align_duplicates(
    spans: Sequence[CharRange], predicted: Sequence[Label], gold: Sequence[Label]
) -> list[Label]:
    """``predicted`` reordered within each group of identical ``spans`` so that every predicted technique
    that one of the group's gold techniques matches stands at that gold technique's position.

    PTC annotates a stretch once per technique, and nothing but the label file's order tells the copies
    apart: a prediction of {Doubt, Slogans} for gold {Slogans, Doubt} is two right answers, not none.
    Spans given once keep their prediction.
    """
    if not len(spans) == len(predicted) == len(gold):
        raise ValueError(f"{len(spans)} spans, {len(predicted)} predicted and {len(gold)} gold techniques")
    positions: dict[CharRange, list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        positions[span].append(i)
    aligned = list(predicted)
    for group in positions.values():
        if len(group) == 1:
            continue
        unmatched: Counter[Label] = Counter(predicted[i] for i in group)
        free: list[int] = []
        for i in group:
            if unmatched[gold[i]] > 0:
                unmatched[gold[i]] -= 1
                aligned[i] = gold[i]
            else:
                free.append(i)
        for i, label in zip(free, unmatched.elements(), strict=True):
            aligned[i] = label
    return aligned


def tc_scores(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, dict[str, ClassScores]]:
    """TC micro-F1 (= accuracy, one prediction per gold span) and the per-technique counts."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted techniques for {len(gold)} gold spans")
    correct = Counter(g for p, g in zip(predicted, gold, strict=True) if p == g)
    predicted_counts, gold_counts = Counter(predicted), Counter(gold)
    per_class = {
        label: ClassScores(correct[label], predicted_counts[label], gold_counts[label])
        for label in sorted(set(predicted_counts) | set(gold_counts))
    }
    micro = sum(correct.values()) / len(gold) if gold else 0.0
    return micro, per_class
