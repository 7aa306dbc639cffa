"""The fine-tuned check-worthiness encoder: all-MiniLM-L6-v2 fine-tuned on CheckThat! train, as int8 ONNX.

``load_checkworthiness_encoder().logits(texts)`` gives one raw log-odd per text: how check-worthy the
fine-tuned encoder reads its wording and content. The scorer (:mod:`saidwhat.claims.scorer`) takes it as
its **content** input beside the parse features, and calibrates the sum. The files
(``checkworthiness.onnx``, ``checkworthiness_tokenizer.json``, ``checkworthiness_encoder.json``) are
written by ``scripts/finetune_checkworthiness.py``; this encoder is separate from the shared sentence
embedder (:mod:`saidwhat.nlp.embedder`), which fact-check matching uses.

Texts run in batches of similar length, 8 per batch by default. The int8 graph has fixed activation
scales (calibrated on CheckThat! train sentences, ``scripts/finetune_checkworthiness.py --requantise``,
``scripts/onnx_int8.py``), so every operation is per token and a text's logit is the same alone or in any
batch: a claim's score does not depend on the claims or articles run with it. (The graph first shipped
dynamically quantised, one activation scale per batch, so each text had to run alone.)
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

from saidwhat.nlp.embedder import length_batches, padded

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
        for rows in length_batches(ids, size):
            (logit,) = self.session.run(["logit"], padded([ids[i] for i in rows]))
            out[rows] = logit
        return out


@lru_cache(maxsize=1)
def load_checkworthiness_encoder() -> CheckworthinessEncoder:
    """The shipped encoder, loaded once per process (each worker process loads its own)."""
    # as_file gives a real path even from a zipped install; ONNX Runtime needs one.
    with as_file(files("saidwhat.claims") / "data") as directory:
        return CheckworthinessEncoder(Path(directory))
