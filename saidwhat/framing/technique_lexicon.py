"""What a technique span's words say about its technique: a naive Bayes beside the span head.

The span head reads the encoder's states of a span. Many PTC techniques are also plainly lexical —
Loaded_Language's adjectives, Flag-Waving's "our nation", Doubt's questions, Repetition's recurring
words — and a multinomial naive Bayes over the span's words, its word pairs, a few words on each side
and its length, repetition and question mark adds that evidence. The two are combined as
``p ∝ p_head × p_lexicon ** weight``; the features and the weight are chosen on the held-out TRAIN
articles by ``scripts/train_technique_lexicon.py``, which writes ``techniques_lexicon.npz`` (the
per-technique log-likelihood of every feature seen at least ``min_count`` times in train spans: word
statistics, no text) and ``techniques_lexicon.json`` (settings, provenance, held-out figures).
Numpy only.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.lang.en.stop_words import STOP_WORDS

FloatArray = npt.NDArray[np.float64]
HeadArray = npt.NDArray[np.float32]  # the span head's probabilities, one row per span
CharRange = tuple[int, int]

NPZ = "techniques_lexicon.npz"
CONFIG = "techniques_lexicon.json"
_WORD = re.compile(r"[a-z0-9']+")
#: Characters looked at on each side of a span for its context words.
_CONTEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class LexiconSettings:
    """Which features the naive Bayes reads, its smoothing, and its weight beside the span head."""

    context: int = 3  # words on each side of the span
    bigrams: bool = True
    alpha: float = 0.1  # additive smoothing of the feature counts
    min_count: int = 2  # features seen fewer times in train spans are not kept
    weight: float = 0.3
    #: Weight of P(said before | technique), a third factor beside head and lexicon (0: not used).
    repeat_weight: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "context": self.context,
            "bigrams": self.bigrams,
            "alpha": self.alpha,
            "min_count": self.min_count,
            "weight": self.weight,
            "repeat_weight": self.repeat_weight,
        }


def span_features(text: str, start: int, end: int, settings: LexiconSettings) -> list[str]:
    """The features of the span ``text[start:end]``: its words (``w:``), word pairs (``b:``), context
    words before (``cb:``) and after (``ca:``), a length bucket, a question mark, how often the span
    recurs in the article and how often its rarest content word does (PTC's Repetition)."""
    span = text[start:end]
    words = _WORD.findall(span.lower())
    features = [f"w:{word}" for word in words]
    if settings.bigrams:
        features += [f"b:{first}_{second}" for first, second in itertools.pairwise(words)]
    if settings.context:
        before = _WORD.findall(text[max(0, start - _CONTEXT_CHARS) : start].lower())[-settings.context :]
        after = _WORD.findall(text[end : end + _CONTEXT_CHARS].lower())[: settings.context]
        features += [f"cb:{word}" for word in before] + [f"ca:{word}" for word in after]
    features.append(f"len:{_length_bucket(len(words))}")
    if "?" in span:
        features.append("question")
    features.append(f"repeats:{min(3, _lowered(text).count(span.lower()))}")
    content = [word for word in words if word not in STOP_WORDS]
    if content:
        counts = _word_counts(text)
        features.append(f"word_repeats:{_count_bucket(min(counts[word] for word in content))}")
    return features


def said_before(text: str, start: int, end: int) -> int:
    """How often the span's words occur, as whole words, before it in the article: 0, 1 or 2 (two or
    more). PTC marks Repetition on words said again (70 % of its train Repetition spans occur earlier,
    5 % of other spans), which the naive Bayes's features cannot weigh on their own."""
    span = text[start:end].strip().lower()
    if not span:
        return 0
    pattern = re.compile(r"(?<!\w)" + re.escape(span) + r"(?!\w)")
    found = 0
    for _ in pattern.finditer(_lowered(text), 0, start):
        found += 1
        if found == REPEAT_BUCKETS - 1:
            break
    return found


#: Buckets of :func:`said_before`: never, once, twice or more.
REPEAT_BUCKETS = 3


@lru_cache(maxsize=8)  # the spans of one article are featurised together
def _lowered(text: str) -> str:
    return text.lower()


@lru_cache(maxsize=8)
def _word_counts(text: str) -> Counter[str]:
    return Counter(_WORD.findall(_lowered(text)))


def _count_bucket(count: int) -> str:
    if count <= 2:
        return str(count)
    return "3-4" if count <= 4 else "5+"


def _length_bucket(words: int) -> str:
    if words <= 1:
        return "1"
    if words <= 3:
        return "2-3"
    return "4-8" if words <= 8 else "9+"


@dataclass(frozen=True)
class TechniqueLexicon:
    """A fitted naive Bayes: feature → row of ``log_likelihood`` (features × techniques)."""

    vocabulary: dict[str, int]
    log_likelihood: FloatArray
    log_prior: FloatArray
    settings: LexiconSettings
    #: log P(said-before bucket | technique), buckets × techniques (see :func:`said_before`).
    repeat_log_likelihood: FloatArray | None = None

    def probabilities(self, text: str, spans: Sequence[CharRange]) -> FloatArray:
        """P(technique | the span's features), one row per span."""
        rows = np.tile(self.log_prior, (len(spans), 1))
        for row, (start, end) in zip(rows, spans, strict=True):
            for feature in span_features(text, start, end, self.settings):
                index = self.vocabulary.get(feature)
                if index is not None:
                    row += self.log_likelihood[index]
        return _softmax(rows)

    def combine(self, head: HeadArray, text: str, spans: Sequence[CharRange]) -> HeadArray:
        """The span head's probabilities times the lexicon's to the power ``weight``, renormalised."""
        repeats = self.repeat_log_likelihood is not None and self.settings.repeat_weight != 0
        if not spans or (self.settings.weight == 0 and not repeats):
            return head
        logits = np.log(head.astype(np.float64) + 1e-9)
        if self.settings.weight != 0:
            logits += self.settings.weight * np.log(self.probabilities(text, spans) + 1e-9)
        if repeats and self.repeat_log_likelihood is not None:
            buckets = [said_before(text, start, end) for start, end in spans]
            logits += self.settings.repeat_weight * self.repeat_log_likelihood[buckets]
        return _softmax(logits).astype(np.float32)

    def save(self, directory: Path, provenance: dict[str, Any]) -> None:
        features = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        arrays: dict[str, Any] = {
            "features": np.array(features),
            "log_likelihood": self.log_likelihood.astype(np.float32),
            "log_prior": self.log_prior.astype(np.float32),
        }
        if self.repeat_log_likelihood is not None:
            arrays["repeat_log_likelihood"] = self.repeat_log_likelihood.astype(np.float32)
        np.savez_compressed(directory / NPZ, allow_pickle=False, **arrays)
        config = {"settings": self.settings.as_dict(), **provenance}
        (directory / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def load_lexicon(directory: Path) -> TechniqueLexicon:
    """The lexicon written by :meth:`TechniqueLexicon.save` into ``directory``."""
    config = json.loads((directory / CONFIG).read_text(encoding="utf-8"))
    with np.load(directory / NPZ) as data:
        features = [str(feature) for feature in data["features"]]
        log_likelihood = data["log_likelihood"].astype(np.float64)
        log_prior = data["log_prior"].astype(np.float64)
        repeats = (
            data["repeat_log_likelihood"].astype(np.float64) if "repeat_log_likelihood" in data else None
        )
    return TechniqueLexicon(
        vocabulary={feature: i for i, feature in enumerate(features)},
        log_likelihood=log_likelihood,
        log_prior=log_prior,
        settings=LexiconSettings(**config["settings"]),
        repeat_log_likelihood=repeats,
    )


def fit_lexicon(
    examples: Iterable[tuple[str, int, int, int]], techniques: int, settings: LexiconSettings
) -> TechniqueLexicon:
    """A naive Bayes fitted on ``(text, start, end, technique index)`` examples, with the said-before
    likelihoods (add-one smoothed)."""
    class_counts = np.ones(techniques)  # one pseudo-example per technique: no class gets probability 0
    repeat_counts = np.ones((REPEAT_BUCKETS, techniques))
    counts: dict[str, FloatArray] = {}
    for text, start, end, label in examples:
        class_counts[label] += 1
        repeat_counts[said_before(text, start, end), label] += 1
        for feature in span_features(text, start, end, settings):
            counts.setdefault(feature, np.zeros(techniques))[label] += 1
    kept = sorted(feature for feature, row in counts.items() if row.sum() >= settings.min_count)
    matrix = np.stack([counts[feature] for feature in kept]) + settings.alpha
    return TechniqueLexicon(
        vocabulary={feature: i for i, feature in enumerate(kept)},
        log_likelihood=np.log(matrix / matrix.sum(axis=0, keepdims=True)),
        log_prior=np.log(class_counts / class_counts.sum()),
        settings=settings,
        repeat_log_likelihood=np.log(repeat_counts / repeat_counts.sum(axis=0, keepdims=True)),
    )


def _softmax(logits: FloatArray) -> FloatArray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))
