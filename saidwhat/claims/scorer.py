"""The check-worthiness scorer: a calibrated logistic regression whose score explains itself.

Inputs per claim, in blocks (``data/checkworthiness.json`` says which the shipped model uses):

* **content**: either the log-odd of the fine-tuned check-worthiness encoder
  (:mod:`saidwhat.claims.classifier`; ``"content_input": "encoder"``) or the claim's sentence embedding
  (all-MiniLM-L6-v2, :mod:`saidwhat.nlp.embedder`; ``"content_input": "embedding"``);
* **wording**: TF-IDF of its words and word pairs over a vocabulary fixed at training time;
* **parse features**: the interpretable features of :mod:`saidwhat.claims.features` (a number, a named
  entity, a causal connective, first-person intent, a hedge…), standardised with the training means.

The raw log-odds ``w·x + b`` are calibrated (``a·raw + c``; ``docs/claims.md`` says on what) so that a
score of 0.5 or more means check-worthy. A claim's factors are the calibrated contributions of each parse
feature it shows (measured from the feature's absence), of its length (from the average
training length) and of its content and wording (from their training means): a positive effect raised
its score, a negative one lowered it. Trained by ``scripts/train_checkworthiness.py``; method,
data and figures in ``docs/claims.md``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from saidwhat.claims.features import FEATURES, Features
from saidwhat.model import ClaimFactor

FloatArray = npt.NDArray[np.float64]
WORD = re.compile(r"[a-z]+|\d+|[%$]")
#: Factors weaker than this (in log-odds) are left out of a claim's explanation as noise.
MIN_EFFECT = 0.05
#: What the content block reads: the fine-tuned encoder's log-odd, or the shared sentence embedding.
CONTENT_INPUTS = ("encoder", "embedding")


def ngrams(text: str) -> list[str]:
    """The lower-cased words, numbers and %/$ of ``text``, and each pair of neighbours."""
    words = WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True, slots=True)
class Wording:
    """TF-IDF (sublinear tf, idf from train, L2-normalised, times ``scale``) over a fixed vocabulary."""

    index: dict[str, int]
    idf: FloatArray
    scale: float

    def vectors(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), len(self.index)))
        for row, text in enumerate(texts):
            for gram, count in Counter(ngrams(text)).items():
                column = self.index.get(gram)
                if column is not None:
                    out[row, column] = (1 + math.log(count)) * self.idf[column]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.asarray(out / np.where(norms > 0, norms, 1.0) * self.scale)


@dataclass(frozen=True, slots=True)
class Scored:
    probability: float
    factors: list[ClaimFactor]


class CheckworthinessModel:
    """The shipped scorer (``checkworthiness.json``); embeddings come from the caller."""

    def __init__(self, config: dict[str, Any]) -> None:
        if tuple(config["features"]) != FEATURES:
            raise ValueError(
                "checkworthiness.json: its features differ from saidwhat.claims.features.FEATURES"
            )
        self.config = config
        self.mean = np.asarray(config["feature_mean"], dtype=np.float64)
        self.std = np.asarray(config["feature_std"], dtype=np.float64)
        self.w_features = np.asarray(config["weights"]["features"], dtype=np.float64)
        self.w_content = _optional(config["weights"].get("content"))
        self.w_wording = _optional(config["weights"].get("wording"))
        self.intercept = float(config["weights"]["intercept"])
        self.content_mean = float(config.get("content_mean", 0.0))
        #: How the content input leans on each parse feature (least squares on the fitting sentences): that
        #: share of the content's effect is credited to the feature, so a number the encoder reads as
        #: check-worthy shows as "number" rather than as opaque content. The score does not change.
        explained = config.get("content_explained")
        self.content_explained = None if explained is None else np.asarray(explained, dtype=np.float64)
        self.wording_mean = float(config.get("wording_mean", 0.0))
        self.a = float(config["calibration"]["a"])
        self.c = float(config["calibration"]["c"])
        self.embedder_sha256: str | None = config.get("embedder_sha256")
        self.content_input: str = config.get("content_input", "embedding")
        if self.content_input not in CONTENT_INPUTS:
            raise ValueError(
                f"checkworthiness.json: content_input must be one of {', '.join(CONTENT_INPUTS)}"
            )
        self.encoder_sha256: str | None = config.get("encoder_sha256")
        wording = config.get("wording")
        self.wording = (
            Wording(
                index={gram: i for i, gram in enumerate(wording["vocabulary"])},
                idf=np.asarray(wording["idf"], dtype=np.float64),
                scale=float(wording["scale"]),
            )
            if wording
            else None
        )

    @property
    def uses_embeddings(self) -> bool:
        return self.w_content is not None

    def content_inputs(self, texts: Sequence[str]) -> FloatArray | None:
        """What the content block reads, one row per text: the fine-tuned encoder's log-odd, or the shared
        sentence embedding. Both graphs have fixed activation scales, so a text's row does not depend on
        the texts run beside it (the encoder runs them in batches of similar length)."""
        if self.w_content is None or not texts:
            return None
        if self.content_input == "encoder":
            from saidwhat.claims.classifier import load_checkworthiness_encoder

            return load_checkworthiness_encoder().logits(texts).reshape(-1, 1)
        from saidwhat.nlp.embedder import load_embedder

        return np.asarray(load_embedder().embed(texts, batch_size=1), dtype=np.float64)

    def raw_logits(
        self, texts: Sequence[str], features: Sequence[Features], embeddings: FloatArray | None
    ) -> FloatArray:
        """Uncalibrated log-odds per claim (the training script calibrates these)."""
        parts = self._parts(texts, features, embeddings)
        return np.asarray(self.intercept + self._feature_offset + np.sum(list(parts.values()), axis=0))

    def score(
        self, texts: Sequence[str], features: Sequence[Features], embeddings: FloatArray | None
    ) -> list[Scored]:
        """Calibrated probability and explaining factors per claim."""
        parts = self._parts(texts, features, embeddings)
        raw = self.intercept + self._feature_offset + np.sum(list(parts.values()), axis=0)
        logits = self.a * raw + self.c
        scored = []
        for row, claim_features in enumerate(features):
            factors = self._factors(row, claim_features, parts)
            probability = 1.0 / (1.0 + math.exp(-float(logits[row])))
            scored.append(Scored(probability=probability, factors=factors))
        return scored

    def _parts(
        self, texts: Sequence[str], features: Sequence[Features], embeddings: FloatArray | None
    ) -> dict[str, FloatArray]:
        """Each block's and each parse feature's share of the raw log-odds (they sum to it minus the
        intercept). A parse feature's share is measured from its absence (0), the length's from the
        average training length, the content's and wording's from their training means."""
        values = np.asarray([f.values for f in features], dtype=np.float64).reshape(len(features), -1)
        reference = np.where(np.asarray(FEATURES) == "length", self.mean, 0.0)
        standardised = (values - reference) / self.std
        scaled = standardised * self.w_features
        if self.w_content is not None:
            if embeddings is None or embeddings.shape != (len(texts), len(self.w_content)):
                raise ValueError(f"the scorer needs one {len(self.w_content)}-d embedding per claim")
            content = embeddings.astype(np.float64) @ self.w_content
            if self.content_explained is not None:
                credited = standardised * self.content_explained * self.w_content[0]
                scaled = scaled + credited
                content = content - credited.sum(axis=1)
        parts: dict[str, FloatArray] = {name: scaled[:, i] for i, name in enumerate(FEATURES)}
        if self.w_content is not None:
            parts["content"] = content - self.content_mean
        if self.w_wording is not None and self.wording is not None:
            parts["wording"] = self.wording.vectors(texts) @ self.w_wording - self.wording_mean
        return parts

    @property
    def _feature_offset(self) -> float:
        """What measuring the parse features from absence instead of the mean moved into the intercept."""
        reference = np.where(np.asarray(FEATURES) == "length", self.mean, 0.0)
        return float(((reference - self.mean) / self.std * self.w_features).sum())

    def _factors(self, row: int, features: Features, parts: dict[str, FloatArray]) -> list[ClaimFactor]:
        factors = []
        for name, values in parts.items():
            effect = self.a * float(values[row])
            shown = name in {"content", "wording", "length"} or features.details.get(name)
            if shown and abs(effect) >= MIN_EFFECT:
                factors.append(
                    ClaimFactor(feature=name, effect=round(effect, 3), detail=_detail(name, effect, features))
                )
        return sorted(factors, key=lambda f: -abs(f.effect))


def _detail(name: str, effect: float, features: Features) -> str | None:
    if name == "content":
        return (
            "content and wording like check-worthy claims"
            if effect > 0
            else "content and wording unlike check-worthy claims"
        )
    if name == "wording":
        return (
            "wording typical of check-worthy claims" if effect > 0 else "wording typical of other sentences"
        )
    return features.details.get(name)


def _optional(values: list[float] | None) -> FloatArray | None:
    return None if values is None else np.asarray(values, dtype=np.float64)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def load_checkworthiness_model() -> CheckworthinessModel:
    """The shipped scorer, loaded once per process."""
    with as_file(files("saidwhat.claims") / "data" / "checkworthiness.json") as path:
        if not Path(path).is_file():
            raise FileNotFoundError(
                f"{path}: the check-worthiness model is missing; reinstall saidwhat, or re-create it with "
                "scripts/train_checkworthiness.py"
            )
        config = json.loads(Path(path).read_text(encoding="utf-8"))
    model = CheckworthinessModel(config)
    if model.uses_embeddings:
        _check_content_model(model)
    return model


def _check_content_model(model: CheckworthinessModel) -> None:
    """Refuse to score with another content model than the one the regression was fitted on."""
    if model.content_input == "encoder":
        resource, expected, remedy = (
            files("saidwhat.claims") / "data" / "checkworthiness.onnx",
            model.encoder_sha256,
            "scripts/finetune_checkworthiness.py, then scripts/train_checkworthiness.py",
        )
    else:
        resource, expected, remedy = (
            files("saidwhat.nlp") / "data" / "embedder.onnx",
            model.embedder_sha256,
            "scripts/train_checkworthiness.py",
        )
    if expected is None:
        return
    with as_file(resource) as path:
        if file_sha256(Path(path)) != expected:
            raise ValueError(
                f"the check-worthiness model was fitted on the outputs of another {Path(path).name} than the "
                f"shipped one; re-create it with {remedy}"
            )
