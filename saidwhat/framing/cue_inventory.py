"""The cue lemmas of PolNeAR train: which reporting words the stance lexicon must cover.

A gold cue's lemma is the lemma of the syntactic head of its span in the spaCy parse, the same notion
``scripts/learn_cues.py`` uses for the attribution stage's cue lexicon. Counts are per lemma over all
parts of speech ("claim" the verb and "claim" the noun count together), so the list is a superset of
the attribution lexicon's lemmas. ``scripts/list_cue_lemmas.py`` writes the list to
``framing/data/polnear_cue_lemmas.tsv``; ``tests/framing/test_stance.py`` derives it again from the
data and checks that the shipped list, and the stance lexicon, agree with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path

from spacy.language import Language

from saidwhat.eval.polnear import GoldDocument, Split, read_polnear

#: A lemma must head a gold cue at least this often to be listed (a single use may be an annotation slip).
MIN_COUNT = 2
INVENTORY_FILE = "data/polnear_cue_lemmas.tsv"


def gold_cue_lemmas(nlp: Language, documents: Iterable[GoldDocument], batch_size: int = 16) -> Counter[str]:
    """How often each lemma heads a gold cue span in ``documents``."""
    counts: Counter[str] = Counter()
    docs = list(documents)
    for gold, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size), strict=True):
        for attribution in gold.attributions:
            if not attribution.cue:
                continue
            # A discontinuous cue ("did … say") is read, as learn_cues.py reads it, first to last piece.
            span = doc.char_span(attribution.cue[0][0], attribution.cue[-1][1], alignment_mode="expand")
            if span is not None and len(span):
                counts[span.root.lemma_.lower()] += 1
    return counts


def frequent(counts: Counter[str], min_count: int = MIN_COUNT) -> dict[str, int]:
    """The lemmas seen at least ``min_count`` times, commonest first (ties alphabetical)."""
    kept = [(lemma, count) for lemma, count in counts.items() if count >= min_count]
    return dict(sorted(kept, key=lambda item: (-item[1], item[0])))


def derive(nlp: Language, polnear_root: Path) -> dict[str, int]:
    """The frequent cue lemmas of PolNeAR train (one annotator per article, as everywhere in saidwhat)."""
    return frequent(gold_cue_lemmas(nlp, read_polnear(polnear_root, Split.TRAIN)))


def to_tsv(lemmas: dict[str, int]) -> str:
    lines = ["lemma\tcount", *(f"{lemma}\t{count}" for lemma, count in lemmas.items())]
    return "\n".join(lines) + "\n"


def parse_tsv(text: str) -> dict[str, int]:
    rows = _rows(text)
    next(rows, None)  # the header
    return {lemma: int(count) for lemma, count in rows}


def load_inventory() -> dict[str, int]:
    """The shipped list: PolNeAR train cue lemmas with their counts."""
    return parse_tsv(files("saidwhat.framing").joinpath(INVENTORY_FILE).read_text(encoding="utf-8"))


def _rows(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        lemma, count = line.split("\t")
        yield lemma, count
