"""Train the draft-attribution scorer on PolNeAR train.

Every draft the rules propose on a train article is labelled positive when its cue word lies inside
a gold cue and its content covers more than 30 % of that gold attribution's content, negative
otherwise. A logistic regression (L2, full-batch gradient descent with Adam: deterministic, no
sampling). The decision threshold and the L2 strength are chosen by five-fold cross-validation over
the train articles (contiguous folds in file-name order): for each setting, the attribution F1@0.3
the shipped pipeline gets on each held-out fold, pooled over the five. The shipped model is then
fitted on all of train with the chosen setting. The dev split is never read.

    python scripts/train_attribution_scorer.py [--polnear ../shared/data/polnear] [--docs .tmp/train.spacy]

``--docs`` keeps the parsed train articles in a spaCy DocBin (written on the first run, read on the
next), so trying a rule change costs the rules and the fit, not the parse.

Writes saidwhat/attribution/data/attribution_scorer.json.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from saidwhat.attribution.cues import load_cue_lexicon
from saidwhat.attribution.extract import candidate_drafts, select_drafts
from saidwhat.attribution.quotes import find_quotations
from saidwhat.attribution.rules import Draft, Rules, RuleSettings
from saidwhat.attribution.scoring import DraftScorer, Features, draft_features
from saidwhat.eval.metrics import DocumentScores, RangedAttribution, coverage, score_corpus, score_document
from saidwhat.eval.polnear import GoldDocument, Split, read_polnear
from saidwhat.eval.run import merge_continuations
from saidwhat.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
MIN_FEATURE_COUNT = 2
FOLDS = 5
L2_STRENGTHS = (3e-5, 1e-4, 1e-3)
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45)


def label(draft: Draft, gold: GoldDocument) -> int:
    if draft.cue_token is None or draft.cue is None:
        return 0
    for attribution in gold.attributions:
        in_cue = any(start <= draft.cue[0] < end for start, end in attribution.cue)
        if in_cue and coverage(draft.content, attribution.content) > 0.3:
            return 1
    return 0


@dataclass(frozen=True, slots=True)
class SparseRows:
    """The feature matrix in coordinate form: each draft has a few dozen of several thousand features,
    so the products below cost the non-zeros, not rows x columns."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]

    def dot(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, self.values * weights[self.cols], minlength=self.shape[0])

    def dot_transposed(self, residual: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, self.values * residual[self.rows], minlength=self.shape[1])


def fit(x: SparseRows, y: np.ndarray, l2: float, steps: int = 400, rate: float = 0.05) -> np.ndarray:
    weights = np.zeros(x.shape[1])
    m = np.zeros_like(weights)
    v = np.zeros_like(weights)
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-np.clip(x.dot(weights), -30, 30)))
        gradient = x.dot_transposed(p - y) / len(y) + l2 * weights
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient**2
        weights -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return weights


def merge_follow_ons(drafts: list[Draft]) -> list[RangedAttribution]:
    """PolNeAR annotates a quotation and its follow-on paragraphs as one attribution."""
    return [ranges for _, ranges in merge_continuations(drafts, draft_ranges, lambda d: d.continues)]


def draft_ranges(draft: Draft) -> RangedAttribution:
    return RangedAttribution(
        [draft.cue] if draft.cue else [], [draft.source] if draft.source else [], list(draft.content)
    )


@dataclass(slots=True)
class Example:
    """One train article with its drafts, their features and their labels (computed once)."""

    gold: GoldDocument
    doc: Doc
    drafts: list[Draft]
    features: list[Features]
    labels: list[int]


def featurize(parsed: list[tuple[GoldDocument, Doc]]) -> list[Example]:
    lexicon = load_cue_lexicon()
    examples = []
    for gold, doc in parsed:
        drafts = candidate_drafts(Rules(doc, find_quotations(doc.text), lexicon, RuleSettings()))
        features = [draft_features(d, doc, lexicon) for d in drafts]
        examples.append(Example(gold, doc, drafts, features, [label(d, gold) for d in drafts]))
    return examples


def fit_scorer(examples: list[Example], l2: float) -> tuple[dict[str, float], dict[str, int]]:
    """The weights by feature name fitted on ``examples``, and how many drafts each rule proposed."""
    counts: Counter[str] = Counter(name for e in examples for features in e.features for name in features)
    vocabulary = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    index = {name: i for i, name in enumerate(vocabulary)}
    coordinates = [
        (row, index[name], value)
        for row, features in enumerate(f for e in examples for f in e.features)
        for name, value in features.items()
        if name in index and value
    ]
    rows = sum(len(e.features) for e in examples)
    x = SparseRows(
        np.array([r for r, _, _ in coordinates], dtype=np.int64),
        np.array([c for _, c, _ in coordinates], dtype=np.int64),
        np.array([v for _, _, v in coordinates], dtype=float),
        (rows, len(vocabulary)),
    )
    y = np.array([lab for e in examples for lab in e.labels], dtype=float)
    weights = fit(x, y, l2)
    rule_counts = dict(Counter(d.rule for e in examples for d in e.drafts))
    return dict(zip(vocabulary, weights.tolist(), strict=True)), rule_counts


def pipeline_scores(examples: list[Example], scorer: DraftScorer) -> DocumentScores:
    """What the shipped pipeline would score on ``examples`` with this scorer."""
    scores = []
    for example in examples:
        for draft, features in zip(example.drafts, example.features, strict=True):
            draft.probability = scorer.score(draft, features)
        text = example.doc.text
        kept = select_drafts(example.drafts, text, find_quotations(text), scorer.threshold)
        gold = [RangedAttribution(a.cue, a.source, a.content) for a in example.gold.attributions]
        scores.append(score_document(text, merge_follow_ons(kept), gold))
    return score_corpus(scores)


def cross_validate(examples: list[Example], folds: int = FOLDS) -> tuple[float, float, DocumentScores]:
    """The L2 strength and threshold with the best F1@0.3 pooled over the held-out folds."""
    pooled: dict[tuple[float, float], list[DocumentScores]] = {}
    size = -(-len(examples) // folds)
    for fold in range(folds):
        held_out = examples[fold * size : (fold + 1) * size]
        rest = examples[: fold * size] + examples[(fold + 1) * size :]
        for l2 in L2_STRENGTHS:
            weights, rule_counts = fit_scorer(rest, l2)
            for threshold in THRESHOLDS:
                scores = pipeline_scores(held_out, DraftScorer(weights, threshold, rule_counts))
                pooled.setdefault((l2, threshold), []).append(scores)
        print(f"fold {fold + 1}/{folds} done", flush=True)
    totals = {setting: score_corpus(scores) for setting, scores in pooled.items()}
    for (l2, threshold), total in sorted(totals.items()):
        print(f"l2={l2:g} threshold={threshold}: cross-validated F1@0.3 = {total.content[0.3].f1:.4f}")
    (l2, threshold), best = max(totals.items(), key=lambda kv: kv[1].content[0.3].f1)
    return l2, threshold, best


def parse_train(polnear: Path, cache: Path | None) -> list[tuple[GoldDocument, Doc]]:
    """PolNeAR train, parsed as saidwhat parses (its tokenizer and paragraph fixes; from ``cache`` when
    it holds them, parsed by the same pipeline)."""
    nlp = load_pipeline(())
    golds = list(read_polnear(polnear, Split.TRAIN))
    stamp = cache.with_suffix(".pipeline") if cache is not None else None
    if cache is not None and stamp is not None and cache.exists() and stamp.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        same_pipeline = stamp.read_text(encoding="utf-8") == " ".join(nlp.pipe_names)
        if same_pipeline and [d.text for d in docs] == [g.text for g in golds]:
            return list(zip(golds, docs, strict=True))
    docs = list(nlp.pipe((g.text for g in golds), batch_size=16))
    if cache is not None and stamp is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
        stamp.write_text(" ".join(nlp.pipe_names), encoding="utf-8")
    return list(zip(golds, docs, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "saidwhat/attribution/data/attribution_scorer.json"
    )
    parser.add_argument("--docs", type=Path, default=None, help="DocBin cache of the parsed train split")
    args = parser.parse_args()

    parsed = parse_train(args.polnear, args.docs)
    examples = featurize(parsed)
    drafts = sum(len(e.drafts) for e in examples)
    positives = sum(sum(e.labels) for e in examples)
    print(f"{len(examples)} train articles, {drafts} drafts ({positives} positive)", flush=True)
    l2, threshold, scores = cross_validate(examples)
    f1, f1_strict = scores.content[0.3].f1, scores.content[0.8].f1
    weights, rule_counts = fit_scorer(examples, l2)
    payload = {
        "provenance": "Logistic regression trained by scripts/train_attribution_scorer.py on PolNeAR "
        f"v1.0.0 train ({len(examples)} articles); l2={l2:g} and threshold chosen by {FOLDS}-fold "
        f"cross-validation over train (pooled held-out F1@0.3 {f1:.4f}, F1@0.8 {f1_strict:.4f}). "
        "Deterministic: full-batch gradient descent.",
        "threshold": threshold,
        "rule_counts": rule_counts,
        "weights": {name: round(w, 5) for name, w in sorted(weights.items()) if abs(w) >= 1e-4},
    }
    args.out.write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"chose l2={l2:g} threshold={threshold} (cross-validated F1@0.3 {f1:.4f}, @0.8 {f1_strict:.4f})")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
