"""Compare persuasion-technique models: CPU time of the technique model over the PolNeAR dev texts.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/time_techniques.py saidwhat/framing/data .tmp/l4

Each argument is a folder holding a complete technique model (``techniques.onnx``, ``_head.npz``,
``.json``, ``_tokenizer.json`` and the two lexicons: the shipped folder, or a
``scripts/train_techniques.py --out`` experiment with its lexicons fitted). Per model it prints the
least CPU time (``time.process_time``) of three passes of ``TechniqueModel.predict_many`` over the 84
PolNeAR dev texts (the texts ``saidwhat bench`` runs), one thread: the technique stage's own work
(tokenizer, encoder, decoding, span head, lexicons), without spaCy or the stages before it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from saidwhat.cli.evaluate import data_root
from saidwhat.eval.polnear import Split, read_polnear
from saidwhat.framing.techniques import TechniqueModel


def least_cpu(model: TechniqueModel, texts: list[str], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        model.predict_many(texts)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    texts = [doc.text for doc in read_polnear(data_root(None), Split.DEV)]
    words = sum(len(text.split()) for text in texts)
    print(f"{len(texts)} PolNeAR dev texts, {words:,} words; least CPU of {args.passes} passes, one thread")
    for folder in args.folders:
        model = TechniqueModel(folder, threads=1)
        model.predict_many(texts[:2])  # warm-up
        seconds = least_cpu(model, texts, args.passes)
        print(f"{folder}: {seconds:.2f} s CPU ({words / seconds:,.0f} words/s)")


if __name__ == "__main__":
    main()
