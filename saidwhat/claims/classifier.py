"""The check-worthiness encoder: all-MiniLM-L6-v2's lowest 4 layers fine-tuned on CheckThat! train, int8 ONNX.

``load_checkworthiness_encoder().logits(texts)`` gives one raw log-odd per text: how check-worthy the
fine-tuned encoder reads its wording and content. The scorer (:mod:`saidwhat.claims.scorer`) takes it as
its **content** input beside the parse features, and calibrates the sum. The files
(``checkworthiness.onnx``, ``checkworthiness_tokenizer.json``, ``checkworthiness_encoder.json``) are
written by ``scripts/finetune_checkworthiness.py``; this encoder is separate from the shared sentence
embedder (:mod:`saidwhat.nlp.embedder`), which fact-check matching uses.

Texts run in batches of up to 8 texts of the same length (no padding; a lone text as two copies of
itself). The int8 graph has fixed activation scales (calibrated on CheckThat! train sentences by
``scripts/finetune_checkworthiness.py``'s export, ``scripts/onnx_int8.py``), so every operation is per
token and, batched that way, a text's logit is exactly the same alone or in any batch
(:func:`same_length_batches`): a claim's score does not depend on the claims or articles run with it.
(The graph first shipped dynamically quantised, one activation scale per batch, so each text had to run
alone.)
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Tokenizer

from saidwhat.nlp.embedder import padded

FloatArray = npt.NDArray[np.float64]
DATA_FILES = ("checkworthiness.onnx", "checkworthiness_tokenizer.json", "checkworthiness_encoder.json")


class CheckworthinessEncoder:
    """The ONNX classifier and its tokenizer; build one per process (``load_checkworthiness_encoder``)."""

    def __init__(self, directory: Path, *, threads: int = 1, batch_size: int = 8) -> None:
        missing = [name for name in DATA_FILES if not (directory / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{directory}: the check-worthiness encoder is incomplete (missing {', '.join(missing)}); "
                "reinstall saidwhat, or re-create the files with scripts/finetune_checkworthiness.py"
            )
        config: dict[str, Any] = json.loads(
            (directory / "checkworthiness_encoder.json").read_text(encoding="utf-8")
        )
        self.config = config
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.batch_size = batch_size
        self.tokenizer = Tokenizer.from_file(str(directory / "checkworthiness_tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(config["max_pieces"]))
        options = ort.SessionOptions()
        # One thread: saidwhat parallelises over articles (--n-process), not inside one.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(directory / "checkworthiness.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def logits(self, texts: Sequence[str], *, batch_size: int | None = None) -> FloatArray:
        """One raw log-odd per text, in input order. ``batch_size`` overrides the encoder's for this
        call; it changes the speed, not the logits."""
        if isinstance(texts, str):
            raise TypeError("logits() takes a sequence of texts, not one str")
        size = self.batch_size if batch_size is None else batch_size
        if size < 1:
            raise ValueError(f"batch_size must be at least 1, not {size}")
        out = np.zeros(len(texts))
        ids = [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]
        for rows in same_length_batches(ids, size):
            # A lone text runs as a batch of two copies of itself: onnxruntime takes other kernels for a
            # batch of one, whose float rounding can tip an activation into another int8 step.
            batch = [ids[i] for i in rows] * (2 if len(rows) == 1 else 1)
            (logit,) = self.session.run(["logit"], padded(batch))
            out[rows] = logit[: len(rows)]
        return out


def same_length_batches(ids: Sequence[Sequence[int]], size: int) -> Iterator[list[int]]:
    """The positions of ``ids`` in batches of at most ``size`` texts of the same number of wordpieces.

    With fixed activation scales a text's logit is independent of its batch-mates only up to float
    rounding: padding to a longer batch-mate, or a batch of one, changes the order of some float sums,
    and a rounding difference can tip an activation into the next int8 step (a logit moved by up to
    7e-4 for 2 of the 3,552 PolNeAR dev claims, enough to move a score's fourth decimal). Without
    padding, in batches of two or more, every text gets the same logit in any batch (checked on those
    claims in batches of 2, 3, 8 and 16, alone, and article by article), so an article's scores are
    the same however articles are grouped (one process, worker processes, Ray).
    """
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for _, group in itertools.groupby(order, key=lambda i: len(ids[i])):
        same = list(group)
        for begin in range(0, len(same), size):
            yield same[begin : begin + size]


@lru_cache(maxsize=1)
def load_checkworthiness_encoder() -> CheckworthinessEncoder:
    """The shipped encoder, loaded once per process (each worker process loads its own)."""
    # as_file gives a real path even from a zipped install; ONNX Runtime needs one.
    with as_file(files("saidwhat.claims") / "data") as directory:
        return CheckworthinessEncoder(Path(directory))
