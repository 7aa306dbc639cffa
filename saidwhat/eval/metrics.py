"""The attribution metrics reported on PolNeAR by Citron and the GenderGapTracker, and exact-span F1.

**Content match at a threshold** (the anchors' metric). A predicted attribution matches a gold one
when its content covers at least ``threshold`` of the gold content's characters (0.3 and 0.8 are
reported). Matching is one-to-one and greedy: candidate pairs are taken in order of descending
coverage, ties going to the prediction with the smaller share of characters outside the gold
content (so a tight prediction beats one giant span covering a whole paragraph), then to input order.
Greedy can miss the optimal assignment in contrived cases; with univocal gold (PolNeAR tokens take part
in at most one attribution) such conflicts are rare. precision = matched / predicted,
recall = matched / gold.

**Exact-span F1** per role (cue, source, content). Every fragment of a role is one span, pooled over
the attributions of a document; a predicted span counts when it has the same start and end as a
gold span of that role after stripping surrounding whitespace from both, and nothing else (no
quote-mark or punctuation normalisation). Spans are matched as multisets, so a duplicate prediction
counts once.

**Source overlap**: of the gold attributions matched at 0.3 that have a gold source, the share whose
predicted source shares at least one character with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

CharRange = tuple[int, int]
THRESHOLDS: tuple[float, ...] = (0.3, 0.8)
ROLES: tuple[str, ...] = ("cue", "source", "content")


class HasRoles(Protocol):
    """An attribution as character ranges (gold or predicted)."""

    @property
    def cue(self) -> Sequence[CharRange]: ...
    @property
    def source(self) -> Sequence[CharRange]: ...
    @property
    def content(self) -> Sequence[CharRange]: ...


@dataclass(frozen=True, slots=True)
class RangedAttribution:
    cue: list[CharRange] = field(default_factory=list)
    source: list[CharRange] = field(default_factory=list)
    content: list[CharRange] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Counts:
    """Matched, predicted and gold counts, summed over documents."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.matched + other.matched, self.predicted + other.predicted, self.gold + other.gold)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class DocumentScores:
    """The counts for one document, or summed over a corpus (``+``)."""

    content: dict[float, Counts]
    exact: dict[str, Counts]
    source_overlap: Counts  # matched = sources overlapping, gold = matched pairs with a gold source

    def __add__(self, other: DocumentScores) -> DocumentScores:
        return DocumentScores(
            content={t: self.content[t] + other.content[t] for t in self.content},
            exact={r: self.exact[r] + other.exact[r] for r in self.exact},
            source_overlap=self.source_overlap + other.source_overlap,
        )


def empty_scores() -> DocumentScores:
    return DocumentScores({t: Counts() for t in THRESHOLDS}, {r: Counts() for r in ROLES}, Counts())


def score_document(text: str, predicted: Sequence[HasRoles], gold: Sequence[HasRoles]) -> DocumentScores:
    """All the counts for one document's predicted and gold attributions."""
    content = {}
    for threshold in THRESHOLDS:
        pairs = match_content(predicted, gold, threshold)
        content[threshold] = Counts(len(pairs), len(predicted), len(gold))
    loose = match_content(predicted, gold, min(THRESHOLDS))
    with_source = [(p, g) for p, g in loose if gold[g].source]
    overlapping = sum(1 for p, g in with_source if _overlap(predicted[p].source, gold[g].source))
    exact = {role: _exact_counts(text, predicted, gold, role) for role in ROLES}
    return DocumentScores(content, exact, Counts(overlapping, len(with_source), len(with_source)))


def score_corpus(documents: Iterable[DocumentScores]) -> DocumentScores:
    total = empty_scores()
    for scores in documents:
        total = total + scores
    return total


def coverage(predicted: Sequence[CharRange], gold: Sequence[CharRange]) -> float:
    """The share of the gold ranges' characters that the predicted ranges cover."""
    gold_size = _size(gold)
    return _overlap(predicted, gold) / gold_size if gold_size else 0.0


def match_content(
    predicted: Sequence[HasRoles], gold: Sequence[HasRoles], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one ``(predicted index, gold index)`` pairs whose content coverage is >= ``threshold``."""
    candidates = []
    for p, prediction in enumerate(predicted):
        for g, reference in enumerate(gold):
            share = coverage(prediction.content, reference.content)
            if share > 0 and share >= threshold:
                spill = 1 - _overlap(prediction.content, reference.content) / max(
                    _size(prediction.content), 1
                )
                candidates.append((-share, spill, p, g))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, _, p, g in sorted(candidates):
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            pairs.append((p, g))
    return pairs


def _exact_counts(text: str, predicted: Sequence[HasRoles], gold: Sequence[HasRoles], role: str) -> Counts:
    pred = Counter(_strip(text, r) for a in predicted for r in getattr(a, role))
    ref = Counter(_strip(text, r) for a in gold for r in getattr(a, role))
    return Counts(sum((pred & ref).values()), sum(pred.values()), sum(ref.values()))


def _strip(text: str, span: CharRange) -> CharRange:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge(ranges: Iterable[CharRange]) -> list[CharRange]:
    # Overlapping fragments must not count their shared characters twice.
    merged: list[CharRange] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _size(ranges: Iterable[CharRange]) -> int:
    return sum(end - start for start, end in _merge(ranges))


def _overlap(a: Iterable[CharRange], b: Iterable[CharRange]) -> int:
    """Characters in both sets of ranges."""
    total = 0
    for a_start, a_end in _merge(a):
        for b_start, b_end in _merge(b):
            total += max(0, min(a_end, b_end) - max(a_start, b_start))
    return total
