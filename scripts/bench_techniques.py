"""Throughput of the persuasion-technique model, alone and inside the whole saidwhat pipeline.

    .venv/bin/python scripts/bench_techniques.py [--data ../shared/data/ptc] [--limit 40] [--repeat 3]

Words are whitespace-separated tokens of the PTC dev articles. Prints words/s of (1) the technique model
alone (ONNX Runtime on one thread), (2) the bare spaCy parse with the components the pipeline needs,
(3) saidwhat with the entities, attribution and techniques stages, and the ratio (3)/(2). Each figure is
the fastest of ``--repeat`` runs, and (2) and (3) alternate within each repeat, so that both see the same
machine load (as ``saidwhat bench`` does).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from saidwhat.eval.ptc import read_ptc, resolve_split
from saidwhat.framing.techniques import load_technique_model
from saidwhat.nlp import MODEL_NAME, load_pipeline
from saidwhat.stages import resolve_stages

STAGES = ("entities", "attribution", "techniques")


def fastest(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [a.text for a in read_ptc(*resolve_split(args.data, "dev"))][: args.limit]
    words = sum(len(text.split()) for text in texts)
    model = load_technique_model()
    model.predict_many(texts[:2])  # warm-up
    alone = fastest(lambda: model.predict_many(texts), args.repeat)

    needed = frozenset().union(*(stage.spacy_components for stage in resolve_stages(STAGES)))
    bare = spacy.load(MODEL_NAME)
    for name in [n for n in bare.pipe_names if n not in needed]:
        bare.remove_pipe(name)
    full = load_pipeline(STAGES)
    for nlp in (bare, full):
        list(nlp.pipe(texts[:2]))
    bare_best = full_best = float("inf")
    for _ in range(args.repeat):
        bare_best = min(bare_best, fastest(lambda: list(bare.pipe(texts)), 1))
        full_best = min(full_best, fastest(lambda: list(full.pipe(texts)), 1))
    print(f"{len(texts)} PTC dev texts, {words} words")
    print(f"technique model alone (1 thread): {words / alone:,.0f} words/s")
    print(f"bare spaCy ({', '.join(bare.pipe_names)}): {words / bare_best:,.0f} words/s")
    print(f"saidwhat {'+'.join(STAGES)}: {words / full_best:,.0f} words/s")
    print(f"ratio saidwhat / bare: {bare_best / full_best:.3f}")


if __name__ == "__main__":
    main()
