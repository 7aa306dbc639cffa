"""Score the persuasion-technique model on PTC: SI, TC and technique-aware partial F1 (see ``ptc.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from saidwhat.eval.ptc import (
    ClassScores,
    Labelled,
    PartialScores,
    PTCArticle,
    align_duplicates,
    si_scores,
    tc_scores,
    technique_scores,
)
from saidwhat.framing.techniques import TechniqueModel, load_technique_model

# The best published results, on the task's TEST split (ours are measured on dev: not the same texts).
ANCHORS: dict[str, float] = {
    "Hitachi SI F1 (SemEval-2020 test)": 51.55,
    "ApplicaAI TC micro-F1 (SemEval-2020 test)": 62.07,
}
TARGETS: dict[str, float] = {"si_f1": 51.55, "tc_micro_f1": 62.07}


@dataclass(frozen=True, slots=True)
class TechniqueReport:
    articles: int
    si: PartialScores
    tc_micro_f1: float
    tc_per_technique: dict[str, ClassScores]
    aware: dict[str, PartialScores]
    threshold: float
    gold_techniques: int = 0
    notes: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """Percentages rounded to two decimals, as the task reports them."""
        aware_total = sum(self.aware.values(), PartialScores())
        techniques = sorted(set(self.tc_per_technique) | set(self.aware))
        return {
            "articles": self.articles,
            "threshold": self.threshold,
            "si": _partial(self.si),
            "tc": {"micro_f1": _pct(self.tc_micro_f1), "gold_spans": self.gold_techniques},
            "technique_aware": _partial(aware_total),
            "per_technique": {
                name: {
                    "gold": self.tc_per_technique.get(name, ClassScores(0, 0, 0)).gold,
                    "tc_precision": _pct(self.tc_per_technique.get(name, ClassScores(0, 0, 0)).precision),
                    "tc_recall": _pct(self.tc_per_technique.get(name, ClassScores(0, 0, 0)).recall),
                    "tc_f1": _pct(self.tc_per_technique.get(name, ClassScores(0, 0, 0)).f1),
                    "aware_f1": _pct(self.aware.get(name, PartialScores()).f1),
                }
                for name in techniques
            },
            "anchors": ANCHORS,
            "targets": TARGETS,
        }


def evaluate_techniques(
    articles: Sequence[PTCArticle], model: TechniqueModel | None = None, *, batch_size: int = 8
) -> TechniqueReport:
    """Run the model once over every article: predicted spans for SI, gold spans classified for TC."""
    model = model or load_technique_model()
    predicted_si: dict[str, list[tuple[int, int]]] = {}
    predicted_labelled: dict[str, list[Labelled]] = {}
    predicted_tc: list[str] = []
    for i in range(0, len(articles), batch_size):
        batch = articles[i : i + batch_size]
        gold_spans = [a.spans for a in batch]
        results = model.analyse_many([a.text for a in batch], gold_spans)
        for article, given, (spans, classified) in zip(batch, gold_spans, results, strict=True):
            predicted_si[article.id] = [(t.span.start, t.span.end) for t in spans]
            predicted_labelled[article.id] = [(t.span.start, t.span.end, t.technique.value) for t in spans]
            predicted_tc += align_duplicates(
                given, [c.technique.value for c in classified], [t.technique for t in article.techniques]
            )
    gold_si = {a.id: a.merged_spans for a in articles}
    gold_labelled = {a.id: [(t.start, t.end, t.technique) for t in a.techniques] for a in articles}
    gold_tc = [t.technique for a in articles for t in a.techniques]
    micro, per_class = tc_scores(predicted_tc, gold_tc)
    return TechniqueReport(
        articles=len(articles),
        si=si_scores(predicted_si, gold_si),
        tc_micro_f1=micro,
        tc_per_technique=per_class,
        aware=technique_scores(predicted_labelled, gold_labelled),
        threshold=model.threshold,
        gold_techniques=len(gold_tc),
    )


def _pct(value: float) -> float:
    return round(100 * value, 2)


def _partial(scores: PartialScores) -> dict[str, Any]:
    return {
        "precision": _pct(scores.precision),
        "recall": _pct(scores.recall),
        "f1": _pct(scores.f1),
        "predicted": scores.predicted,
        "gold": scores.gold,
    }
