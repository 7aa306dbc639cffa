"""Evaluation against annotated corpora: the PolNeAR reader, the metrics and the evaluation run."""

from saidwhat.eval.metrics import Counts, DocumentScores, RangedAttribution, score_corpus, score_document
from saidwhat.eval.polnear import GoldAttribution, GoldDocument, Split, read_polnear

__all__ = [
    "Counts",
    "DocumentScores",
    "GoldAttribution",
    "GoldDocument",
    "RangedAttribution",
    "Split",
    "read_polnear",
    "score_corpus",
    "score_document",
]
