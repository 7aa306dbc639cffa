"""Fit the technique lexicon (a naive Bayes over span words) that sits beside the span head.

    .venv/bin/python scripts/train_technique_lexicon.py [--data PTC-root]

Data: the PTC train split (``../shared/data/ptc/``; SemEval-2020 Task 11, see its README for provenance
and terms). The naive Bayes is fitted on the train articles the encoder was trained on; the settings
(context words, word pairs, smoothing) and the weight beside the span head are chosen by TC accuracy on
the 37 held-out train articles listed in ``techniques.json`` (the span head's own held-out set), with
the shipped encoder and head. The dev split is never read. Deterministic: no sampling.

Writes ``saidwhat/framing/data/techniques_lexicon.npz`` and ``techniques_lexicon.json`` (settings, the
grid with its held-out figures, provenance) and the lexicon section of that folder's README.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from saidwhat.eval.ptc import PTCArticle, read_ptc, resolve_split
from saidwhat.framing.technique_core import LABELS, rank_duplicates
from saidwhat.framing.technique_lexicon import CONFIG, NPZ, LexiconSettings, TechniqueLexicon, fit_lexicon
from saidwhat.framing.techniques import TechniqueModel

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "saidwhat" / "framing" / "data"
README = DATA / "README.md"
CONTEXT = (0, 3, 6)
BIGRAMS = (False, True)
ALPHA = (0.1, 0.3, 1.0)
WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
INDEX = {label: i for i, label in enumerate(LABELS)}

HeadRows = list[tuple[PTCArticle, list[tuple[int, int]], np.ndarray, list[int]]]


def head_probabilities(model: TechniqueModel, articles: Sequence[PTCArticle]) -> HeadRows:
    """Each article's gold spans with the span head's probabilities (no lexicon) and gold labels."""
    rows: HeadRows = []
    for article in articles:
        spans = [(t.start, t.end) for t in article.techniques]
        if spans:
            probabilities = model.probabilities(article.text, spans)
            rows.append((article, spans, probabilities, [INDEX[t.technique] for t in article.techniques]))
    return rows


def accuracy(rows: HeadRows, lexicon: TechniqueLexicon | None) -> float:
    """TC accuracy on the gold spans, with the span head alone when ``lexicon`` is None."""
    right = total = 0
    for article, spans, head, gold in rows:
        probabilities = head if lexicon is None else lexicon.combine(head, article.text, spans)
        labels = rank_duplicates(spans, probabilities)
        right += sum(int(label == expected) for label, expected in zip(labels, gold, strict=True))
        total += len(gold)
    return right / total


def examples(articles: Sequence[PTCArticle]) -> list[tuple[str, int, int, int]]:
    return [(a.text, t.start, t.end, INDEX[t.technique]) for a in articles for t in a.techniques]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="PTC root (default ../shared/data/ptc)")
    args = parser.parse_args()
    config = json.loads((DATA / "techniques.json").read_text(encoding="utf-8"))
    held_out_ids = set(config["held_out_ids"])
    train = read_ptc(*resolve_split(args.data, "train"))
    fitted_on = [a for a in train if a.id not in held_out_ids]
    held_out = [a for a in train if a.id in held_out_ids]
    head_rows = head_probabilities(TechniqueModel(DATA, lexicon=False), held_out)
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
    provenance = {
        "data": "PTC train split (SemEval-2020 Task 11, organisers' V2 release); dev not read",
        "fitted_on_articles": len(fitted_on),
        "held_out_articles": len(held_out),
        "held_out_tc_head_alone": round(head_alone, 4),
        "held_out_tc": best["held_out_tc"],
        "features": len(lexicon.vocabulary),
        "grid": grid,
        "command": "scripts/train_technique_lexicon.py",
        "date": datetime.date.today().isoformat(),
    }
    lexicon.save(DATA, provenance)
    write_readme(settings, provenance)
    print(f"chosen {settings.as_dict()}: held-out TC {100 * best['held_out_tc']:.2f}; wrote {NPZ}, {CONFIG}")


def write_readme(settings: LexiconSettings, provenance: dict[str, object]) -> None:
    start, end = "<!-- technique-lexicon:start -->", "<!-- technique-lexicon:end -->"
    section = f"""{start}
## Technique lexicon: `{NPZ}`, `{CONFIG}`

Written by `scripts/train_technique_lexicon.py` (do not edit by hand; `.venv/bin/python
scripts/train_technique_lexicon.py` reproduces it, deterministically).

- A multinomial naive Bayes over a technique span's words, word pairs, the {settings.context} words on each
  side, its length, a question mark and its repetitions in the article; combined with the span head as
  p ∝ p_head × p_lexicon^{settings.weight}.
- Fitted on the {provenance["fitted_on_articles"]} PTC train articles the encoder was trained on (SemEval-2020
  Task 11 train split, organisers' V2 release; see `../shared/data/ptc/README.md`); features seen fewer
  than {settings.min_count} times are not kept ({provenance["features"]} kept): per-technique word
  statistics, no text.
- Settings and weight chosen on the {provenance["held_out_articles"]} held-out train articles of
  `techniques.json`: TC accuracy {100 * float(str(provenance["held_out_tc_head_alone"])):.2f} with the span
  head alone, {100 * float(str(provenance["held_out_tc"])):.2f} with the lexicon. The dev split is not read.
{end}"""
    text = README.read_text(encoding="utf-8")
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
