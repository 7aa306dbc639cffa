"""The shipped re-ranker and its similarity calibration (``saidwhat/claims/data/reranker.json``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from saidwhat.claims.retrieval.rerank import LinearRanker, load_model_file

MODEL_FILE = "reranker.json"


@dataclass(frozen=True, slots=True)
class Calibration:
    """P(same claim | re-ranker score) = sigmoid(slope * score + intercept), fitted on train pairs."""

    slope: float
    intercept: float

    def __call__(self, score: float) -> float:
        z = self.slope * score + self.intercept
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


@lru_cache(maxsize=1)
def load_ranker() -> LinearRanker:
    return LinearRanker.from_json(load_model_file(MODEL_FILE))


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    data = load_model_file(MODEL_FILE)["calibration"]
    return Calibration(float(data["slope"]), float(data["intercept"]))
