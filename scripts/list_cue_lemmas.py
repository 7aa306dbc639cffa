"""List the cue lemmas of PolNeAR train that the cue-stance lexicon must cover.

Parses every PolNeAR train article with the model saidwhat uses (no NER, as scripts/learn_cues.py),
takes the lemma of the head of each gold cue span, and writes the lemmas seen at least twice, with
their counts, to saidwhat/framing/data/polnear_cue_lemmas.tsv. Then reports any of them that
saidwhat/framing/data/cue_stance.tsv does not cover.

    python scripts/list_cue_lemmas.py [--polnear ../shared/data/polnear]

Deterministic. Only the train split is read. About a minute on two cores.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from saidwhat.framing.cue_inventory import INVENTORY_FILE, derive, to_tsv
from saidwhat.framing.stance import load_stance_lexicon
from saidwhat.nlp import MODEL_NAME

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--out", type=Path, default=ROOT / "saidwhat/framing" / INVENTORY_FILE)
    args = parser.parse_args()

    nlp = spacy.load(MODEL_NAME, exclude=["ner"])
    lemmas = derive(nlp, args.polnear)
    args.out.write_text(to_tsv(lemmas), encoding="utf-8")
    print(f"{len(lemmas)} cue lemmas written to {args.out}")
    lexicon = load_stance_lexicon()
    missing = [lemma for lemma in lemmas if lexicon.word(lemma) is None]
    if missing:
        print(f"{len(missing)} have no stance in cue_stance.tsv: {' '.join(missing)}")


if __name__ == "__main__":
    main()
