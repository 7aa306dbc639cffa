"""Fit the two technique lexicons: the word prior for span identification and the naive Bayes beside
the span head for technique classification.

    .venv/bin/python scripts/train_technique_lexicon.py [--data PTC-root]

Data: the PTC train split (``../shared/data/ptc/``; SemEval-2020 Task 11, see its README for provenance
and terms). The naive Bayes is fitted on the train articles the encoder was trained on; the settings
(context words, word pairs, smoothing) and the weight beside the span head are chosen by TC accuracy on
the 37 held-out train articles listed in ``techniques.json`` (the span head's own held-out set), with
the shipped encoder and head. The dev split is never read. Deterministic: no sampling.

The word prior's weight and the span decoding are chosen together by SI F1 on the same held-out
articles (the join gap and function-word filter of ``techniques.json`` kept).

Writes ``saidwhat/framing/data/techniques_lexicon.npz`` / ``.json`` and ``techniques_words.npz`` /
``.json`` (settings, the grids with their held-out figures, provenance) and the lexicon section of that
folder's README.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from saidwhat.eval.ptc import PTCArticle, align_duplicates, read_ptc, resolve_split, si_scores
from saidwhat.framing.technique_core import LABELS, Decoding, decode, rank_duplicates
from saidwhat.framing.technique_lexicon import CONFIG, NPZ, LexiconSettings, TechniqueLexicon, fit_lexicon
from saidwhat.framing.technique_word_prior import CONFIG as WORDS_CONFIG
from saidwhat.framing.technique_word_prior import NPZ as WORDS_NPZ
from saidwhat.framing.technique_word_prior import WordPrior, fit_word_prior
from saidwhat.framing.techniques import TechniqueModel
from saidwhat.nlp.onnx_encoder import Encoded

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "saidwhat" / "framing" / "data"
README = DATA / "README.md"
CONTEXT = (0, 3, 6)
BIGRAMS = (False, True)
ALPHA = (0.1, 0.3, 1.0)
WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
PRIOR_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Weights of the said-before factor tried once the lexicon is chosen; one other than 0 is taken only if
#: it gains at least REPEAT_MIN_GAIN held-out TC accuracy (half a point), a rule fixed before any run.
REPEAT_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0)
REPEAT_MIN_GAIN = 0.005
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SINGLE_WORD_FLOORS = (0.4, 0.5, 0.6)
#: Held-out SI F1 differences below this (a tenth of a point, a few characters of 37 articles) are ties.
F1_TOLERANCE = 0.001
INDEX = {label: i for i, label in enumerate(LABELS)}

HeadRows = list[tuple[PTCArticle, list[tuple[int, int]], np.ndarray, list[int]]]


def head_probabilities(model: TechniqueModel, articles: Sequence[PTCArticle]) -> HeadRows:
    """Each article's gold spans with the span head's probabilities (no lexicon) and gold labels."""
    rows: HeadRows = []
    for article in articles:
        spans = article.spans
        if spans:
            probabilities = model.probabilities(article.text, spans)
            rows.append((article, spans, probabilities, [INDEX[t.technique] for t in article.techniques]))
    return rows


def accuracy(rows: HeadRows, lexicon: TechniqueLexicon | None) -> float:
    """TC accuracy on the gold spans, with the span head alone when ``lexicon`` is None."""
    right = total = 0
    for article, spans, head, gold in rows:
        probabilities = head if lexicon is None else lexicon.combine(head, article.text, spans)
        labels = align_duplicates(spans, rank_duplicates(spans, probabilities), gold)
        right += sum(int(label == expected) for label, expected in zip(labels, gold, strict=True))
        total += len(gold)
    return right / total


def with_repeat_weight(lexicon: TechniqueLexicon, weight: float) -> TechniqueLexicon:
    """The same fitted lexicon with the said-before factor at ``weight``."""
    return dataclasses.replace(lexicon, settings=dataclasses.replace(lexicon.settings, repeat_weight=weight))


def si_f1(articles: Sequence[tuple[PTCArticle, Encoded]], prior: WordPrior) -> dict[str, float]:
    """SI precision, recall and F1 of the spans decoded with ``prior`` and its decoding."""
    predicted = {}
    for article, encoded in articles:
        probabilities = prior.adjust(article.text, encoded.offsets, encoded.outputs["si_probs"])
        found = decode(article.text, encoded.offsets, probabilities, prior.decoding)
        predicted[article.id] = [(start, end) for start, end, _ in found]
    scores = si_scores(predicted, {article.id: article.merged_spans for article, _ in articles})
    return {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}


def choose_word_prior(
    model: TechniqueModel, fitted_on: Sequence[PTCArticle], held_out: Sequence[PTCArticle]
) -> tuple[WordPrior, dict[str, object]]:
    """The word prior and decoding with the best held-out SI F1, and the grid's figures."""
    encoded = [(article, model.encoder.encode([article.text])[0]) for article in held_out]
    fitted = fit_word_prior(
        [(a.text, a.merged_spans) for a in fitted_on], weight=0.0, decoding=model.decoding
    )
    shipped = si_f1(encoded, fitted)
    grid = []
    for weight, threshold, floor in itertools.product(PRIOR_WEIGHTS, THRESHOLDS, SINGLE_WORD_FLOORS):
        decoding = Decoding(
            threshold=threshold,
            join_gap_words=model.decoding.join_gap_words,
            single_word_min_confidence=floor,
            drop_function_word_spans=model.decoding.drop_function_word_spans,
        )
        prior = WordPrior(fitted.shifts, weight, decoding)
        grid.append({"weight": weight, **decoding.as_dict(), **rounded(si_f1(encoded, prior))})
    # The grid's top is flat (its best F1s differ by hundredths of a point): of the settings within
    # F1_TOLERANCE of the best, the lightest weight (the least change to the tagger), then the decoding
    # nearest the one techniques.json chose for the tagger alone.
    top = max(g["f1"] for g in grid)
    near = [g for g in grid if g["f1"] >= top - F1_TOLERANCE]
    shipped_decoding = model.decoding
    best = min(
        near,
        key=lambda g: (
            g["weight"],
            abs(g["threshold"] - shipped_decoding.threshold)
            + abs(g["single_word_min_confidence"] - shipped_decoding.single_word_min_confidence),
            -g["f1"],
        ),
    )
    decoding = Decoding(**{k: best[k] for k in Decoding().as_dict()})
    provenance: dict[str, object] = {
        "data": "PTC train split (SemEval-2020 Task 11, organisers' V2 release); dev not read",
        "smoothing": 5.0,
        "min_count": 3,
        "words": len(fitted.shifts),
        "held_out_si_techniques_json_decoding": rounded(shipped),
        "held_out_si": {k: best[k] for k in ("precision", "recall", "f1")},
        "grid": grid,
        "command": "scripts/train_technique_lexicon.py",
        "date": datetime.date.today().isoformat(),
    }
    return WordPrior(fitted.shifts, float(best["weight"]), decoding), provenance


def rounded(figures: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 4) for key, value in figures.items()}


def examples(articles: Sequence[PTCArticle]) -> list[tuple[str, int, int, int]]:
    return [(a.text, t.start, t.end, INDEX[t.technique]) for a in articles for t in a.techniques]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="PTC root (default ../shared/data/ptc)")
    parser.add_argument(
        "--model-dir",
        type=Path,
        default=DATA,
        help="The technique model to fit the word prior and lexicon for, and where they are written "
        "(default: the shipped model; another directory, e.g. a trial run of train_techniques.py --out, "
        "leaves the shipped files and README alone).",
    )
    parser.add_argument(
        "--repeat-weight",
        type=float,
        default=None,
        help="Use this weight for the said-before factor instead of choosing it on the held-out articles "
        "(a weight chosen on a larger held-out set, see docs/techniques.md).",
    )
    args = parser.parse_args()
    model_dir = args.model_dir
    config = json.loads((model_dir / "techniques.json").read_text(encoding="utf-8"))
    held_out_ids = set(config["held_out_ids"])
    train = read_ptc(*resolve_split(args.data, "train"))
    fitted_on = [a for a in train if a.id not in held_out_ids]
    held_out = [a for a in train if a.id in held_out_ids]
    bare = TechniqueModel(model_dir, lexicon=False)
    prior, prior_provenance = choose_word_prior(bare, fitted_on, held_out)
    prior.save(model_dir, prior_provenance)
    print(f"word prior: weight {prior.weight}, {prior.decoding.as_dict()}: {prior_provenance['held_out_si']}")
    head_rows = head_probabilities(bare, held_out)
    head_alone = accuracy(head_rows, None)
    print(f"held-out TC accuracy, span head alone: {100 * head_alone:.2f}")
    grid = []
    for context, bigrams, alpha in itertools.product(CONTEXT, BIGRAMS, ALPHA):
        fitted = fit_lexicon(examples(fitted_on), len(LABELS), LexiconSettings(context, bigrams, alpha))
        for weight in WEIGHTS:
            settings = LexiconSettings(context, bigrams, alpha, weight=weight)
            lexicon = TechniqueLexicon(fitted.vocabulary, fitted.log_likelihood, fitted.log_prior, settings)
            grid.append({**settings.as_dict(), "held_out_tc": round(accuracy(head_rows, lexicon), 4)})
            print(json.dumps(grid[-1]))
    # best held-out accuracy; ties go to the lighter weight and the simpler features
    best = max(grid, key=lambda g: (g["held_out_tc"], -g["weight"], -g["context"], not g["bigrams"]))
    settings = LexiconSettings(**{k: v for k, v in best.items() if k != "held_out_tc"})
    lexicon = fit_lexicon(examples(fitted_on), len(LABELS), settings)
    repeat_grid = {
        weight: round(accuracy(head_rows, with_repeat_weight(lexicon, weight)), 4)
        for weight in REPEAT_WEIGHTS
    }
    print(f"said-before weight → held-out TC: {repeat_grid}")
    if args.repeat_weight is not None:
        repeat_weight = args.repeat_weight
        repeat_choice = "given with --repeat-weight: chosen on a larger held-out set (docs/techniques.md)"
    else:
        repeat_weight = max(REPEAT_WEIGHTS, key=lambda w: (repeat_grid[w], -w))
        if repeat_grid[repeat_weight] - repeat_grid[0.0] < REPEAT_MIN_GAIN:
            repeat_weight = 0.0
        repeat_choice = f"chosen on the held-out articles (gain of at least {REPEAT_MIN_GAIN} else 0)"
    lexicon = with_repeat_weight(lexicon, repeat_weight)
    settings = lexicon.settings
    best = {**best, "held_out_tc": round(accuracy(head_rows, lexicon), 4)}
    provenance = {
        "data": "PTC train split (SemEval-2020 Task 11, organisers' V2 release); dev not read",
        "fitted_on_articles": len(fitted_on),
        "held_out_articles": len(held_out),
        "held_out_tc_head_alone": round(head_alone, 4),
        "held_out_tc": best["held_out_tc"],
        "features": len(lexicon.vocabulary),
        "grid": grid,
        "repeat_grid": {str(weight): tc for weight, tc in repeat_grid.items()},
        "repeat_weight_choice": repeat_choice,
        "command": "scripts/train_technique_lexicon.py"
        + (f" --repeat-weight {args.repeat_weight}" if args.repeat_weight is not None else ""),
        "date": datetime.date.today().isoformat(),
    }
    lexicon.save(model_dir, provenance)
    if model_dir.resolve() == DATA.resolve():
        write_readme(settings, provenance, prior, prior_provenance)
    print(f"chosen {settings.as_dict()}: held-out TC {100 * best['held_out_tc']:.2f}; wrote {NPZ}, {CONFIG}")


def write_readme(
    settings: LexiconSettings,
    provenance: dict[str, object],
    prior: WordPrior,
    prior_provenance: dict[str, object],
) -> None:
    start, end = "<!-- technique-lexicon:start -->", "<!-- technique-lexicon:end -->"
    decoding = prior.decoding
    held_out, alone = (
        prior_provenance["held_out_si"],
        prior_provenance["held_out_si_techniques_json_decoding"],
    )
    words = prior_provenance["words"]
    section = f"""{start}
## Technique lexicons: `{WORDS_NPZ}`, `{WORDS_CONFIG}`, `{NPZ}`, `{CONFIG}`

Written by `scripts/train_technique_lexicon.py` (do not edit by hand; `.venv/bin/python
{provenance["command"]}` reproduces them, deterministically). Both are fitted on the
{provenance["fitted_on_articles"]} PTC train articles the encoder was trained on (SemEval-2020 Task 11 train
split, organisers' V2 release; see `../shared/data/ptc/README.md`) and chosen on the
{provenance["held_out_articles"]} held-out train articles of `techniques.json`; the dev split is not read.
They hold per-word and per-technique statistics, no text.

- **Word prior** (`{WORDS_NPZ}`): for each of {words} words seen at least 3 times, how much
  more (or less) often than the average word it lies inside a technique span (log-odds, smoothed by 5
  pseudo-occurrences towards the average). It shifts each wordpiece's inside-probability with weight
  {prior.weight} before the spans are decoded at threshold {decoding.threshold}, joining gaps of up to
  {decoding.join_gap_words} words, one-word floor {decoding.single_word_min_confidence} (chosen with it; this
  decoding replaces the one in `techniques.json`). Held-out SI F1 {_pct(held_out, "f1")}
  (P {_pct(held_out, "precision")}, R {_pct(held_out, "recall")}), against {_pct(alone, "f1")} with the
  tagger and the decoding of `techniques.json` alone.
- **Technique lexicon** (`{NPZ}`): a multinomial naive Bayes over a span's words{_extras(settings)}, its
  length, a question mark and its repetitions (and those of its rarest content word) in the article,
  smoothing {settings.alpha}; features seen fewer than {settings.min_count} times are dropped
  ({provenance["features"]} kept). Combined with the span head as p ∝ p_head × p_lexicon^{settings.weight}
  × P(said before | technique)^{settings.repeat_weight} (how often the span's words occur earlier in the
  article: never, once, more; the weight {provenance["repeat_weight_choice"]}).
  Held-out technique accuracy {_pct(provenance, "held_out_tc_head_alone")} with the span head alone,
  {_pct(provenance, "held_out_tc")} with the lexicon.
{end}"""
    text = README.read_text(encoding="utf-8")
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


def _pct(figures: object, key: str) -> str:
    assert isinstance(figures, dict)
    return f"{100 * float(figures[key]):.2f}"


def _extras(settings: LexiconSettings) -> str:
    parts = ["word pairs"] if settings.bigrams else []
    if settings.context:
        parts.append(f"the {settings.context} words on each side")
    return "".join(f", {part}" for part in parts)


if __name__ == "__main__":
    main()
