"""Run saidwhat over PolNeAR gold documents and score it (the engine of ``saidwhat eval polnear``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from saidwhat.eval.metrics import (
    ROLES,
    THRESHOLDS,
    DocumentScores,
    RangedAttribution,
    score_corpus,
    score_document,
)
from saidwhat.eval.polnear import GoldDocument
from saidwhat.model import Analysis, Article, ArticleMetadata, Attribution
from saidwhat.pipeline import analyze_many
from saidwhat.settings import DEFAULT_STAGES

T = TypeVar("T")

#: Published F1 at 30 % content coverage on PolNeAR, and the targets saidwhat aims for (percent).
ANCHORS: dict[str, float] = {"Citron": 58.4, "GenderGapTracker": 55.3, "textacy": 23.9}
TARGETS: dict[str, float] = {"f1@0.3": 80.0, "f1@0.8": 65.0}
MAX_MESSAGES = 3


@dataclass(frozen=True, slots=True)
class PolnearReport:
    articles: int
    failures: int  # articles saidwhat could not analyse (scored as predicting nothing)
    scores: DocumentScores
    failure_messages: tuple[str, ...] = ()  # the first few, so a broken stage is not just a zero

    def figures(self) -> dict[str, Any]:
        """Every figure, as percentages rounded to one decimal, keyed for ``--json``."""
        content = self.scores.content
        figures: dict[str, Any] = {
            "articles": self.articles,
            "failures": self.failures,
            "gold": content[THRESHOLDS[0]].gold,
            "predicted": content[THRESHOLDS[0]].predicted,
        }
        for t in THRESHOLDS:
            counts = content[t]
            figures[f"content@{t}"] = {
                "matched": counts.matched,
                "precision": _pct(counts.precision),
                "recall": _pct(counts.recall),
                "f1": _pct(counts.f1),
            }
        figures["exact_f1"] = {role: _pct(self.scores.exact[role].f1) for role in ROLES}
        overlap = self.scores.source_overlap
        figures["source_overlap"] = {"share": _pct(overlap.recall), "pairs": overlap.gold}
        figures["anchors_f1@0.3"] = dict(ANCHORS)
        figures["targets"] = dict(TARGETS)
        return figures


def _pct(share: float) -> float:
    return round(100 * share, 1)


def evaluate_polnear(
    documents: Iterable[GoldDocument], *, stages: Sequence[str] = DEFAULT_STAGES, n_process: int = 1
) -> PolnearReport:
    """Analyse every gold document's text with saidwhat and score the attributions against the gold."""
    gold_by_id: dict[str, GoldDocument] = {}

    def articles() -> Iterator[Article]:
        # Streams the documents into analyze_many while remembering them for scoring.
        for doc in documents:
            gold_by_id[doc.id] = doc
            yield Article(
                id=doc.id,
                text=doc.text,
                metadata=ArticleMetadata(outlet=doc.outlet, published=str(doc.published)),
            )

    scores: list[DocumentScores] = []
    failures: list[str] = []
    for result in analyze_many(articles(), stages=stages, n_process=n_process):
        if isinstance(result, Analysis):
            gold = gold_by_id.pop(result.article.id)
            predicted = merge_follow_ons(result.attributions)
        else:
            failures.append(result.message)
            gold = gold_by_id.pop(_failed_id(result.input, gold_by_id))
            predicted = []
        scores.append(score_document(gold.text, predicted, gold.attributions))
    return PolnearReport(len(scores), len(failures), score_corpus(scores), tuple(failures[:MAX_MESSAGES]))


def _failed_id(failed_input: str, pending: dict[str, GoldDocument]) -> str:
    # A failure names its input by the article id (no source_file is set here); results come back in
    # input order, so the oldest pending document is the fallback.
    return failed_input if failed_input in pending else next(iter(pending))


def merge_follow_ons(attributions: Sequence[Attribution]) -> list[RangedAttribution]:
    """saidwhat reports a follow-on quotation paragraph as its own attribution that ``continues`` an
    earlier one; PolNeAR annotates the quotation and its follow-ons as one attribution with a
    discontinuous content. Merge them so the two are compared like for like."""
    return [ranges for _, ranges in merge_attributions(attributions)]


def merge_attributions(attributions: Sequence[Attribution]) -> list[tuple[Attribution, RangedAttribution]]:
    """Each chain of follow-ons with the attribution that starts it (whose speaker the chain carries)."""
    by_id = {attribution.id: attribution for attribution in attributions}
    return merge_continuations(
        attributions, to_ranges, lambda a: by_id.get(a.continues) if a.continues is not None else None
    )


def merge_continuations(
    items: Sequence[T], ranges: Callable[[T], RangedAttribution], continues: Callable[[T], T | None]
) -> list[tuple[T, RangedAttribution]]:
    """Each chain of continuations as one attribution: the first item's cue and source, and the content
    of the whole chain, with the first item. Works on saidwhat's attributions and on the attribution
    stage's drafts alike."""
    merged: dict[int, tuple[T, RangedAttribution]] = {}
    for item in items:
        root = item
        while (parent := continues(root)) is not None:
            root = parent
        if root is not item and id(root) in merged:
            merged[id(root)][1].content.extend(ranges(item).content)
        else:
            merged[id(item)] = (item, ranges(item))
    return list(merged.values())


def to_ranges(attribution: Attribution) -> RangedAttribution:
    """A saidwhat attribution as character ranges per role."""
    cue = [(attribution.cue.start, attribution.cue.end)] if attribution.cue is not None else []
    source = [(attribution.source.start, attribution.source.end)] if attribution.source is not None else []
    return RangedAttribution(cue=cue, source=source, content=[(s.start, s.end) for s in attribution.content])
