"""The numeric core of the persuasion-technique model, shared by training and run time.

Span identification: every wordpiece gets probabilities for O / B / I (outside, begins, inside a
technique span); :func:`decode_spans` turns them into non-overlapping character spans widened to whole
words. Technique classification: :func:`span_inputs` builds a span's vector (mean, first and last piece
states, plus :func:`span_features`), and :class:`SpanHead` (a two-layer perceptron) scores the 14 PTC
techniques.

Imports only numpy, so ``scripts/train_techniques.py`` (a torch venv without spaCy) loads this file by
path: the features and the decoding that training tunes are exactly those that run in the package.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

# The 14 SemEval-2020 Task 11 labels, spelled as PTC spells them; the head's output order.
LABELS: tuple[str, ...] = (
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Exaggeration,Minimisation",
    "Doubt",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Slogans",
    "Appeal_to_Authority",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
    "Bandwagon,Reductio_ad_hitlerum",
)
OUTSIDE, BEGIN, INSIDE = 0, 1, 2  # the span-identification classes, in the order of the model's output
N_FEATURES = 8
_WORD = re.compile(r"\w+")


def span_features(text: str, start: int, end: int) -> FloatArray:
    """Surface features of a span that the encoder cannot see inside its window.

    Repetition is PTC's third most frequent technique and is defined across the whole article, so how
    often the span's words recur anywhere in the article is the strongest clue; length separates the
    short labels (Loaded_Language, Name_Calling) from the sentence-long ones (Doubt,
    Causal_Oversimplification).
    """
    span = text[start:end].strip()
    words = _WORD.findall(span.lower())
    repeats = max(_occurrences(text, words) - 1, 0)
    return np.asarray(
        [
            math.log1p(repeats),
            1.0 if repeats else 0.0,
            math.log1p(len(span)) / 6.0,
            math.log1p(len(words)) / 4.0,
            1.0 if span.endswith("?") else 0.0,
            1.0 if span.endswith("!") else 0.0,
            1.0 if span[:1] in "\"“‘'" else 0.0,
            1.0 if span.isupper() and any(c.isalpha() for c in span) else 0.0,
        ],
        dtype=np.float32,
    )


def _occurrences(text: str, words: list[str]) -> int:
    r"""How often ``words`` occur in ``text`` (lower-cased) as consecutive whole words, not overlapping:
    what ``re.findall`` counts for the pattern ``(?<!\w)w1\W+w2…(?!\w)``, found by comparing word lists
    instead of compiling one pattern per span (that was a third of the techniques stage's Python time)."""
    if not words:
        return 0
    article_words, positions = _article_words(text)
    count, free_from, width = 0, 0, len(words)
    for position in positions.get(words[0], ()):
        if position >= free_from and article_words[position : position + width] == words:
            count += 1
            free_from = position + width
    return count


@lru_cache(maxsize=4)
def _article_words(text: str) -> tuple[list[str], dict[str, list[int]]]:
    """The lower-cased words of an article and, per word, where it occurs (one pass per article)."""
    words = _WORD.findall(text.lower())
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        positions.setdefault(word, []).append(position)
    return words, positions


def span_rows(offsets: IntArray, start: int, end: int) -> IntArray:
    """The pieces overlapping ``[start, end)``; the nearest piece when none does (a span of spaces)."""
    rows = np.flatnonzero((offsets[:, 1] > start) & (offsets[:, 0] < end))
    if len(rows) == 0 and len(offsets):
        rows = np.asarray([int(np.argmin(np.abs(offsets[:, 0] - start)))], dtype=np.int64)
    return rows.astype(np.int64)


def span_inputs(
    text: str, hidden: FloatArray, offsets: IntArray, spans: Sequence[tuple[int, int]]
) -> FloatArray:
    """The head's input for each span: [mean, first, last piece state, features]."""
    width = hidden.shape[1] * 3 + N_FEATURES
    out = np.zeros((len(spans), width), dtype=np.float32)
    for i, (start, end) in enumerate(spans):
        rows = span_rows(offsets, start, end)
        if len(rows) == 0:
            continue
        states = hidden[rows]
        out[i] = np.concatenate([states.mean(axis=0), states[0], states[-1], span_features(text, start, end)])
    return out


@dataclass(frozen=True, slots=True)
class SpanHead:
    """Linear → GELU (tanh form, as trained) → linear → softmax over :data:`LABELS`."""

    w1: FloatArray
    b1: FloatArray
    w2: FloatArray
    b2: FloatArray

    def probabilities(self, inputs: FloatArray) -> FloatArray:
        h = inputs @ self.w1 + self.b1
        h = 0.5 * h * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (h + 0.044715 * h**3)))
        logits = h @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)


def rank_duplicates(spans: Sequence[tuple[int, int]], probabilities: FloatArray) -> list[int]:
    """One label per span; spans given more than once get distinct labels, best first.

    PTC annotates a stretch of text once per technique it uses, so k copies of the same offsets mean k
    different techniques there: the k most probable ones are the best guess.
    """
    labels: list[int] = []
    seen: dict[tuple[int, int], int] = {}
    for span, row in zip(spans, probabilities, strict=True):
        rank = seen.get(span, 0)
        seen[span] = rank + 1
        order = np.argsort(-row, kind="stable")
        labels.append(int(order[min(rank, len(order) - 1)]))
    return labels


def decode_spans(
    text: str, offsets: IntArray, probabilities: FloatArray, threshold: float
) -> list[tuple[int, int, float]]:
    """Non-overlapping ``(start, end, confidence)`` spans from per-piece O/B/I probabilities.

    A piece is inside when P(B) + P(I) reaches ``threshold``; a span starts at an inside piece after an
    outside one, or where P(B) > P(I) (two adjacent spans). Spans are widened to whole words, because
    PTC annotators marked words, and their confidence is the mean inside-probability of their pieces.
    """
    inside = probabilities[:, BEGIN] + probabilities[:, INSIDE]
    runs: list[list[int]] = []
    for i in range(len(offsets)):
        if inside[i] < threshold:
            continue
        starts_new = not runs or runs[-1][-1] != i - 1 or probabilities[i, BEGIN] > probabilities[i, INSIDE]
        if starts_new:
            runs.append([i])
        else:
            runs[-1].append(i)
    spans: list[tuple[int, int, float]] = []
    for run in runs:
        start, end = _widen(text, int(offsets[run[0], 0]), int(offsets[run[-1], 1]))
        if spans and start < spans[-1][1]:  # widening met the previous span: join them
            previous = spans.pop()
            start = previous[0]
        if any(c.isalnum() for c in text[start:end]):
            spans.append((start, end, float(inside[run].mean())))
    return spans


# English function words: a predicted span made only of these (a lone "the", "of the") is never a
# technique. A fixed closed-class list, not tuned on any data.
_FUNCTION_WORDS = """
a about after all also am an and any are as at be been before being both but by can could did do does each
either for from had has have he her here hers him his how i if in into is it its itself just me more most my
neither no nor not of off on once only or other our ours out over own same she should so some such than that
the their theirs them then there these they this those through to too under until up very was we were what
when where which while who whom whose why will with would you your yours s t
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")


@dataclass(frozen=True, slots=True)
class Decoding:
    """How per-piece probabilities become the spans the package reports (``techniques.json``, "decoding").

    ``threshold``: a piece is inside when P(B) + P(I) reaches it. ``join_gap_words``: two spans of one
    sentence separated by at most this many words (and no sentence punctuation) become one span.
    ``single_word_min_confidence``: a one-word span is kept only when its mean inside-probability reaches
    this. ``drop_function_word_spans``: drop spans made only of :data:`FUNCTION_WORDS`.
    The defaults reproduce the plain :func:`decode_spans`.
    """

    threshold: float = 0.5
    join_gap_words: int = -1
    single_word_min_confidence: float = 0.0
    drop_function_word_spans: bool = False

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Decoding:
        """From ``techniques.json``: its "decoding" object, else only its top-level "threshold"."""
        values = dict(config.get("decoding") or {"threshold": config["threshold"]})
        return cls(**{f.name: values[f.name] for f in fields(cls) if f.name in values})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def decode(
    text: str, offsets: IntArray, probabilities: FloatArray, decoding: Decoding
) -> list[tuple[int, int, float]]:
    """:func:`decode_spans` at ``decoding.threshold``, then joined across small gaps and filtered.

    A joined span's confidence is the mean inside-probability of every piece it covers (gap included).
    """
    inside = probabilities[:, BEGIN] + probabilities[:, INSIDE]
    joined: list[tuple[int, int, float]] = []
    for start, end, confidence in decode_spans(text, offsets, probabilities, decoding.threshold):
        if joined and decoding.join_gap_words >= 0:
            # the previous span's own last character counts: a piece may end it with a full stop
            gap = text[joined[-1][1] - 1 : start]
            if len(_WORD.findall(gap[1:])) <= decoding.join_gap_words and not _SENTENCE_BREAK.search(gap):
                first = joined[-1][0]
                joined[-1] = (first, end, float(inside[span_rows(offsets, first, end)].mean()))
                continue
        joined.append((start, end, confidence))
    kept: list[tuple[int, int, float]] = []
    for start, end, confidence in joined:
        words = _WORD.findall(text[start:end].lower())
        if decoding.drop_function_word_spans and all(word in FUNCTION_WORDS for word in words):
            continue
        if len(words) == 1 and confidence < decoding.single_word_min_confidence:
            continue
        kept.append((*_without_stray_marks(text, start, end), confidence))
    return kept


_OPENING_MARKS = '“‘«„"'
_CLOSING_MARKS = '”’»"'


def _without_stray_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a quote mark at an edge whose partner is outside it: '“red line' → 'red line'
    (the wordpiece of the mark was tagged with the word), while '“red line”' keeps both marks."""
    if text[start] in _OPENING_MARKS and not any(c in _CLOSING_MARKS for c in text[start + 1 : end]):
        start += 1
    if text[end - 1] in _CLOSING_MARKS and not any(c in _OPENING_MARKS for c in text[start : end - 1]):
        end -= 1
    return start, end


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end
