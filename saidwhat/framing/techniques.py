"""Persuasion-technique spans (SemEval-2020 Task 11's 14 techniques) predicted from an article's text.

One pass of the shipped encoder (int8 ONNX, ``saidwhat/framing/data/techniques.onnx``) gives every
wordpiece a hidden state and an O/B/I probability. The probabilities become non-overlapping spans
(:func:`~saidwhat.framing.technique_core.decode`, with the decoding chosen in ``techniques.json``), and
each span, predicted or supplied by the caller, is classified by the span head from the same hidden
states, its probabilities combined with a naive Bayes over the span's words
(:mod:`~saidwhat.framing.technique_lexicon`). A span's confidence is P(span) × P(technique | span):
the probability that this stretch uses this technique.
See ``docs/techniques.md`` for the method, the data and the measured figures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import numpy as np

from saidwhat.framing.technique_core import LABELS, Decoding, SpanHead, decode, rank_duplicates, span_inputs
from saidwhat.framing.technique_lexicon import CONFIG as LEXICON_CONFIG
from saidwhat.framing.technique_lexicon import NPZ as LEXICON_NPZ
from saidwhat.framing.technique_lexicon import TechniqueLexicon, load_lexicon
from saidwhat.framing.technique_word_prior import CONFIG as WORD_PRIOR_CONFIG
from saidwhat.framing.technique_word_prior import NPZ as WORD_PRIOR_NPZ
from saidwhat.framing.technique_word_prior import WordPrior, load_word_prior
from saidwhat.model import Span, Technique, TechniqueName
from saidwhat.nlp.onnx_encoder import Encoded, OnnxEncoder

DATA_FILES = ("techniques.onnx", "techniques_tokenizer.json", "techniques_head.npz", "techniques.json")
LEXICON_FILES = (LEXICON_NPZ, LEXICON_CONFIG)
WORD_PRIOR_FILES = (WORD_PRIOR_NPZ, WORD_PRIOR_CONFIG)
CharRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Classified:
    """The technique of one supplied span and its probability."""

    technique: TechniqueName
    probability: float


class TechniqueModel:
    """The encoder, the span head, the span decoding and the two lexicons, loaded from one folder.

    With ``lexicon=True`` (the default) the word prior sharpens the span probabilities and its decoding,
    chosen with it, replaces the one in ``techniques.json``; the technique lexicon joins the span head.
    ``lexicon=False`` is the encoder and head alone (the lexicons' training script needs that)."""

    def __init__(
        self, directory: Path, *, threads: int = 1, threshold: float | None = None, lexicon: bool = True
    ) -> None:
        required = DATA_FILES + (LEXICON_FILES + WORD_PRIOR_FILES if lexicon else ())
        missing = [name for name in required if not (directory / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{directory}: the technique model is incomplete (missing {', '.join(missing)}); reinstall "
                "saidwhat, or re-create the files with scripts/train_techniques.py and "
                "scripts/train_technique_lexicon.py"
            )
        config: dict[str, Any] = json.loads((directory / "techniques.json").read_text(encoding="utf-8"))
        if tuple(config["labels"]) != LABELS:
            raise ValueError(f"{directory / 'techniques.json'}: its labels differ from technique_core.LABELS")
        with np.load(directory / "techniques_head.npz") as head:
            self.head = SpanHead(**{name: head[name].astype(np.float32) for name in ("w1", "b1", "w2", "b2")})
        self.lexicon: TechniqueLexicon | None = load_lexicon(directory) if lexicon else None
        self.word_prior: WordPrior | None = load_word_prior(directory) if lexicon else None
        decoding = self.word_prior.decoding if self.word_prior else Decoding.from_config(config)
        if threshold is not None:
            decoding = replace(decoding, threshold=threshold)
        self.decoding = decoding
        self.threshold = decoding.threshold
        self.encoder = OnnxEncoder(
            directory / "techniques.onnx",
            directory / "techniques_tokenizer.json",
            max_pieces=int(config["max_pieces"]),
            threads=threads,
        )

    def predict(self, text: str) -> list[Technique]:
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[list[Technique]]:
        """The technique spans of each text, in text order; ``user`` is "outlet" until attributed."""
        return [
            self._spans(text, encoded)
            for text, encoded in zip(texts, self.encoder.encode(texts), strict=True)
        ]

    def classify(self, text: str, spans: Sequence[CharRange]) -> list[Classified]:
        """The technique of each supplied character span (e.g. gold spans, for the TC metric)."""
        return self.analyse_many([text], [spans])[0][1]

    def analyse_many(
        self, texts: Sequence[str], spans: Sequence[Sequence[CharRange]]
    ) -> list[tuple[list[Technique], list[Classified]]]:
        """For each text, from one encoder pass: its predicted spans and the techniques of ``spans``."""
        results = []
        for text, given, encoded in zip(texts, spans, self.encoder.encode(texts), strict=True):
            results.append((self._spans(text, encoded), self._classify(text, encoded, given)))
        return results

    def span_probabilities(self, text: str, encoded: Encoded) -> np.ndarray[Any, Any]:
        """The per-piece O/B/I probabilities the spans are decoded from: the tagger's, shifted by the word
        prior when it is loaded."""
        tagged = encoded.outputs["si_probs"]
        return tagged if self.word_prior is None else self.word_prior.adjust(text, encoded.offsets, tagged)

    def _spans(self, text: str, encoded: Encoded) -> list[Technique]:
        found = decode(text, encoded.offsets, self.span_probabilities(text, encoded), self.decoding)
        if not found:
            return []
        probabilities = self._probabilities(text, encoded, [(s, e) for s, e, _ in found])
        techniques = []
        for (start, end, span_probability), row in zip(found, probabilities, strict=True):
            best = int(np.argmax(row))
            techniques.append(
                Technique(
                    span=Span.of(text, start, end),
                    technique=TechniqueName(LABELS[best]),
                    confidence=min(1.0, span_probability * float(row[best])),
                    user="outlet",
                    attribution=None,
                )
            )
        return techniques

    def probabilities(self, text: str, spans: Sequence[CharRange]) -> np.ndarray[Any, Any]:
        """P(technique) for each supplied span of ``text``, one row per span, in ``LABELS`` order."""
        (encoded,) = self.encoder.encode([text])
        return self._probabilities(text, encoded, spans)

    def _classify(self, text: str, encoded: Encoded, spans: Sequence[CharRange]) -> list[Classified]:
        for start, end in spans:
            if not 0 <= start < end <= len(text):
                raise ValueError(
                    f"span [{start}, {end}) is empty or outside the text ({len(text)} characters)"
                )
        if not spans:
            return []
        probabilities = self._probabilities(text, encoded, spans)
        labels = rank_duplicates(list(spans), probabilities)
        return [
            Classified(TechniqueName(LABELS[label]), float(row[label]))
            for label, row in zip(labels, probabilities, strict=True)
        ]

    def _probabilities(self, text: str, encoded: Encoded, spans: Sequence[CharRange]) -> np.ndarray[Any, Any]:
        inputs = span_inputs(text, encoded.outputs["hidden"], encoded.offsets, spans)
        head = self.head.probabilities(inputs)
        return head if self.lexicon is None else self.lexicon.combine(head, text, spans)


@lru_cache(maxsize=1)
def load_technique_model() -> TechniqueModel:
    """The shipped model, loaded once per process (each worker process loads its own)."""
    # as_file gives a real path even from a zipped install; ONNX Runtime needs one.
    with as_file(files("saidwhat.framing") / "data") as directory:
        return TechniqueModel(Path(directory))
