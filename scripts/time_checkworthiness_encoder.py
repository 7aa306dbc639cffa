"""Compare check-worthiness encoders: CPU time over the claims the claims stage scores, held-out log loss.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/time_checkworthiness_encoder.py saidwhat/claims/data .tmp/cw4

Each argument is a directory with ``checkworthiness.onnx``, ``_tokenizer.json`` and ``_encoder.json`` (the
shipped one, or a ``scripts/finetune_checkworthiness.py --out`` experiment). The claim texts are the ones
the claims stage sends the encoder for the PolNeAR dev texts and the example article (collected once, by
running the whole analysis with the shipped encoder, and cached in ``.tmp/claim_texts.json``). Per
encoder it prints the least CPU time of three passes over them, run through the package's own runner
(same-length batches of 8, one thread), and the log loss and F1 at logit 0 of the encoder alone on the
2,250 train sentences held out from fine-tuning (``split_held_out``): the figure encoders are chosen by.
dev.tsv and dev-test.tsv are not read.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from saidwhat.bench import FULL_STAGES
from saidwhat.claims import classifier
from saidwhat.claims.text import as_sentence
from saidwhat.cli.evaluate import data_root
from saidwhat.eval.checkworthy import read_checkworthy, split_held_out
from saidwhat.eval.polnear import Split, read_polnear
from saidwhat.model import Article
from saidwhat.pipeline import analyze_many

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".tmp" / "claim_texts.json"
EXAMPLE = ROOT / "examples" / "kremlin-peskov-interview.txt"


def claim_texts() -> list[str]:
    """The texts the claims stage gives the encoder over the dev texts and the example, in order."""
    if CACHE.is_file():
        cached: list[str] = json.loads(CACHE.read_text(encoding="utf-8"))
        return cached
    seen: list[str] = []
    original = classifier.CheckworthinessEncoder.logits

    def recording(
        self: classifier.CheckworthinessEncoder, texts: Sequence[str], *, batch_size: int | None = None
    ) -> classifier.FloatArray:
        seen.extend(texts)
        return original(self, texts, batch_size=batch_size)

    classifier.CheckworthinessEncoder.logits = recording  # type: ignore[method-assign]
    try:
        texts = [doc.text for doc in read_polnear(data_root(None), Split.DEV)]
        texts.append(EXAMPLE.read_text(encoding="utf-8"))
        articles = [Article(id=str(i), text=text) for i, text in enumerate(texts)]
        for _ in analyze_many(articles, stages=FULL_STAGES):
            pass
    finally:
        classifier.CheckworthinessEncoder.logits = original  # type: ignore[method-assign]
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps(seen), encoding="utf-8")
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directories", type=Path, nargs="+")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "checkworthy")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    texts = claim_texts()
    _, held = split_held_out(read_checkworthy(args.data / "train.tsv"))
    gold = np.asarray([float(s.checkworthy) for s in held])
    for directory in args.directories:
        encoder = classifier.CheckworthinessEncoder(directory)
        encoder.logits(texts[:50])  # warm-up
        least = float("inf")
        for _ in range(args.passes):
            start = time.process_time()
            encoder.logits(texts)
            least = min(least, time.process_time() - start)
        logits = encoder.logits([as_sentence(s.text) for s in held])
        p = 1 / (1 + np.exp(-logits))
        loss = float(-np.mean(gold * np.log(p + 1e-12) + (1 - gold) * np.log(1 - p + 1e-12)))
        predicted = logits >= 0
        f1 = 2 * float((predicted & (gold == 1)).sum()) / float(predicted.sum() + gold.sum())
        pieces = sum(len(e.ids) for e in encoder.tokenizer.encode_batch(texts))
        print(
            f"{directory}: {len(texts)} claims, {pieces} wordpieces, encoder CPU {least:.2f} s "
            f"(least of {args.passes}); held-out log loss {loss:.4f}, F1 at logit 0 {f1:.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
