"""The fine-tuned check-worthiness encoder: all-MiniLM-L6-v2 fine-tuned on CheckThat! train, as int8 ONNX.

``load_checkworthiness_encoder().logits(texts)`` gives one raw log-odd per text: how check-worthy the
fine-tuned encoder reads its wording and content. The scorer (:mod:`saidwhat.claims.scorer`) takes it as
its **content** input beside the parse features, and calibrates the sum. The files
(``checkworthiness.onnx``, ``checkworthiness_tokenizer.json``, ``checkworthiness_encoder.json``) are
written by ``scripts/finetune_checkworthiness.py``; this encoder is separate from the shared sentence
embedder (:mod:`saidwhat.nlp.embedder`), which fact-check matching uses.

Each text runs alone (a batch of one): the graph is dynamically quantised, so activations get one scale
per batch, and a claim's score must not depend on the claims embedded with it.
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

FloatArray = npt.NDArray[np.float64]
DATA_FILES = ("checkworthiness.onnx", "checkworthiness_tokenizer.json", "checkworthiness_encoder.json")


class CheckworthinessEncoder:
    """The ONNX classifier and its tokenizer; build one per process (``load_checkworthiness_encoder``)."""

    def __init__(self, directory: Path, *, threads: int = 1) -> None:
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

    def logits(self, texts: Sequence[str]) -> FloatArray:
        """One raw log-odd per text, in input order; each text run on its own."""
        if isinstance(texts, str):
            raise TypeError("logits() takes a sequence of texts, not one str")
        out = np.zeros(len(texts))
        for row, encoding in enumerate(self.tokenizer.encode_batch(list(texts))):
            ids = np.asarray([encoding.ids], dtype=np.int64)
            (logit,) = self.session.run(["logit"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            out[row] = float(logit[0])
        return out


@lru_cache(maxsize=1)
def load_checkworthiness_encoder() -> CheckworthinessEncoder:
    """The shipped encoder, loaded once per process (each worker process loads its own)."""
    # as_file gives a real path even from a zipped install; ONNX Runtime needs one.
    with as_file(files("saidwhat.claims") / "data") as directory:
        return CheckworthinessEncoder(Path(directory))
