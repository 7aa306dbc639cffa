"""Sentence embeddings: all-MiniLM-L6-v2, run as int8 ONNX with onnxruntime and ``tokenizers``.

``load_embedder().embed(texts)`` gives one 384-d, L2-normalised float32 row per text (mean pooling over
the attention mask, as sentence-transformers computes for this model), so the dot product of two rows is
their cosine similarity. The pooling and normalisation are inside the graph
(``saidwhat/nlp/data/embedder.onnx``, written by ``scripts/export_embedder.py``; provenance in
``saidwhat/nlp/data/README.md``). Texts longer than 256 wordpieces are cut there, as the model was trained.

Texts run in batches of similar length (little padding), 8 per batch by default. The int8 graph has fixed
activation scales (calibrated on training sentences, ``scripts/onnx_int8.py``), so every operation is per
token and a text's vector is the same alone or in any batch, to float rounding (max difference about
1e-7): callers may batch freely. On the 3,566 claims of the PolNeAR dev texts and the example article,
batches of 8 took 6.9 s of CPU against 11.0 s for the earlier dynamically quantised graph run one text at
a time (whose vectors moved with their batch-mates, cosine down to 0.96).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Tokenizer

FloatArray = npt.NDArray[np.float32]
DATA_FILES = ("embedder.onnx", "embedder_tokenizer.json", "embedder.json")


class SentenceEmbedder:
    """The ONNX sentence encoder and its tokenizer. Build one per process (``load_embedder``) and reuse it."""

    def __init__(self, directory: Path, *, threads: int = 1, batch_size: int = 8) -> None:
        missing = [name for name in DATA_FILES if not (directory / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{directory}: the sentence embedder is incomplete (missing {', '.join(missing)}); "
                "reinstall saidwhat, or re-create the files with scripts/export_embedder.py"
            )
        config: dict[str, Any] = json.loads((directory / "embedder.json").read_text(encoding="utf-8"))
        self.dimensions = int(config["dimensions"])
        self.max_length = int(config["max_length"])
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(directory / "embedder_tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        options = ort.SessionOptions()
        # One thread by default: saidwhat parallelises over articles (--n-process), not inside one.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(directory / "embedder.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str], *, batch_size: int | None = None) -> FloatArray:
        """One L2-normalised row of ``dimensions`` floats per text, in input order.

        ``batch_size`` overrides the embedder's for this call; it changes the speed, not the vectors.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts, not one str")
        size = self.batch_size if batch_size is None else batch_size
        if size < 1:
            raise ValueError(f"batch_size must be at least 1, not {size}")
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        ids = [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]
        for rows in length_batches(ids, size):
            (embedding,) = self.session.run(["embedding"], padded([ids[i] for i in rows]))
            out[rows] = np.asarray(embedding, dtype=np.float32)
        return out


def length_batches(ids: Sequence[Sequence[int]], size: int) -> list[list[int]]:
    """The positions of ``ids`` in batches of ``size``, shortest texts first: sorting by length keeps
    padding (wasted compute) low inside each batch."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    return [order[begin : begin + size] for begin in range(0, len(order), size)]


def padded(batch: Sequence[Sequence[int]]) -> dict[str, npt.NDArray[np.int64]]:
    """The ONNX feed for a batch of wordpiece ids: ``input_ids`` padded with 0 to the longest row, and
    the ``attention_mask`` marking the real pieces."""
    width = max(len(row) for row in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, pieces in enumerate(batch):
        ids[row, : len(pieces)] = pieces
        mask[row, : len(pieces)] = 1
    return {"input_ids": ids, "attention_mask": mask}


@lru_cache(maxsize=1)
def load_embedder() -> SentenceEmbedder:
    """The shipped embedder, loaded once per process (each worker process loads its own)."""
    # as_file gives a real path even from a zipped install; ONNX Runtime needs one.
    with as_file(files("saidwhat.nlp") / "data") as directory:
        return SentenceEmbedder(Path(directory))
