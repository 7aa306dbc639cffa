"""How often a word lies inside a technique span: a prior that sharpens the tagger's span probabilities.

The tagger gives every wordpiece P(inside a technique span) from its window. Some words are inside a
span far more often than the average word of PTC train ("radical", "disgusting", "regime") and some
almost never are; that rate, smoothed towards the average, shifts each piece's inside-probability in
logit space before the spans are decoded:
``logit(p') = logit(p) + weight × (logit(rate(word)) − logit(average))``.
``scripts/train_technique_lexicon.py`` counts the rates on the PTC train articles the encoder was trained
on and chooses the weight together with the span decoding (``decoding``, which then replaces the one in
``techniques.json``) by SI F1 on the held-out train articles. Files: ``techniques_words.npz`` (per word:
the logit shift; word statistics, no text) and ``techniques_words.json`` (settings, decoding,
provenance). Numpy only.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from saidwhat.framing.technique_core import BEGIN, INSIDE, OUTSIDE, Decoding

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CharRange = tuple[int, int]

NPZ = "techniques_words.npz"
CONFIG = "techniques_words.json"
_WORD = re.compile(r"[A-Za-z0-9']+")
_EPSILON = 1e-6


@dataclass(frozen=True)
class WordPrior:
    """Per word (lower case): the shift of a piece's inside log-odds, times ``weight``."""

    shifts: dict[str, float]
    weight: float
    decoding: Decoding

    def adjust(
        self, text: str, offsets: IntArray, probabilities: npt.NDArray[np.floating[Any]]
    ) -> npt.NDArray[np.floating[Any]]:
        """The O/B/I rows of the pieces at ``offsets`` with each inside-probability shifted by its word's
        prior; B and I keep their ratio."""
        if self.weight == 0 or len(offsets) == 0:
            return probabilities
        shift = self.weight * self._piece_shifts(text, offsets)
        inside = np.clip(probabilities[:, BEGIN] + probabilities[:, INSIDE], _EPSILON, 1 - _EPSILON)
        shifted = 1 / (1 + np.exp(-(np.log(inside / (1 - inside)) + shift)))
        adjusted = np.array(probabilities, dtype=np.float64)
        adjusted[:, BEGIN] *= shifted / inside
        adjusted[:, INSIDE] *= shifted / inside
        adjusted[:, OUTSIDE] = 1 - shifted
        return adjusted

    def _piece_shifts(self, text: str, offsets: IntArray) -> FloatArray:
        """Each piece's shift: that of the word its first character is in (0 for punctuation)."""
        words = [(m.start(), m.end(), self.shifts.get(m.group().lower(), 0.0)) for m in _WORD.finditer(text)]
        shifts = np.zeros(len(offsets))
        index = 0
        for row, start in enumerate(offsets[:, 0]):
            while index < len(words) and words[index][1] <= start:
                index += 1
            if index < len(words) and words[index][0] <= start:
                shifts[row] = words[index][2]
        return shifts

    def save(self, directory: Path, provenance: dict[str, Any]) -> None:
        words = sorted(self.shifts)
        np.savez_compressed(
            directory / NPZ,
            words=np.array(words),
            shifts=np.array([self.shifts[word] for word in words], dtype=np.float32),
        )
        config = {"weight": self.weight, "decoding": self.decoding.as_dict(), **provenance}
        (directory / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def load_word_prior(directory: Path) -> WordPrior:
    """The prior written by :meth:`WordPrior.save` into ``directory``."""
    config = json.loads((directory / CONFIG).read_text(encoding="utf-8"))
    with np.load(directory / NPZ) as data:
        shifts = {str(word): float(shift) for word, shift in zip(data["words"], data["shifts"], strict=True)}
    return WordPrior(shifts, float(config["weight"]), Decoding(**config["decoding"]))


def fit_word_prior(
    articles: Iterable[tuple[str, list[CharRange]]],
    *,
    weight: float,
    decoding: Decoding,
    smoothing: float = 5.0,
    min_count: int = 3,
) -> WordPrior:
    """Inside-rates of the words of ``(text, merged technique spans)`` articles, smoothed towards the
    average by ``smoothing`` pseudo-occurrences; words seen fewer than ``min_count`` times get no shift."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text, spans in articles:
        covered = np.zeros(len(text), dtype=bool)
        for start, end in spans:
            covered[start:end] = True
        for match in _WORD.finditer(text):
            word = match.group().lower()
            total[word] += 1
            inside[word] += int(covered[match.start() : match.end()].any())
    average = sum(inside.values()) / max(1, sum(total.values()))
    shifts = {
        word: round(_logit((inside[word] + smoothing * average) / (count + smoothing)) - _logit(average), 4)
        for word, count in total.items()
        if count >= min_count
    }
    return WordPrior(shifts, weight, decoding)


def _logit(p: float) -> float:
    p = min(max(p, _EPSILON), 1 - _EPSILON)
    return float(np.log(p / (1 - p)))
