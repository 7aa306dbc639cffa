"""Run a transformer encoder exported to ONNX over whole articles, keeping every wordpiece grounded.

A text is cut into wordpieces by a ``tokenizers`` tokenizer, whose offsets map each piece back to the
characters it came from; the pieces are packed into windows at line breaks (a paragraph is never cut
unless it alone is longer than a window); every window is run through the ONNX graph with ``[CLS]`` and
``[SEP]`` around it; and the per-piece outputs are stitched back into one array per text, one row per
wordpiece. Callers work in characters only: :attr:`Encoded.offsets` says which characters each row covers.

This module imports nothing from saidwhat, so the training script (which runs in a torch venv without
spaCy) loads it by path and windows the training text exactly as the runtime does.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Tokenizer

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Pieces:
    """The wordpieces of one text: vocabulary ids, character offsets ``[start, end)`` and windows."""

    ids: IntArray  # (n,)
    offsets: IntArray  # (n, 2)
    windows: tuple[tuple[int, int], ...]  # piece index ranges [start, end), covering 0..n in order


@dataclass(frozen=True, slots=True)
class Encoded:
    """The encoder's per-piece outputs for one text, by output name: arrays of shape (n_pieces, ...)."""

    pieces: Pieces
    outputs: dict[str, FloatArray]

    @property
    def offsets(self) -> IntArray:
        return self.pieces.offsets


def load_tokenizer(path: Path) -> Tokenizer:
    """A ``tokenizers`` tokenizer with padding and truncation off (windowing is done here)."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def line_starts(text: str, offsets: IntArray) -> list[int]:
    """Indices of the pieces that begin a line (a newline lies between them and the previous piece)."""
    starts = [0] if len(offsets) else []
    for i in range(1, len(offsets)):
        if "\n" in text[int(offsets[i - 1, 1]) : int(offsets[i, 0])]:
            starts.append(i)
    return starts


def plan_windows(text: str, offsets: IntArray, max_pieces: int) -> tuple[tuple[int, int], ...]:
    """Pack whole lines into windows of at most ``max_pieces`` pieces; cut only lines that are too long.

    Packing several short lines (headline, one-sentence paragraphs) into one window gives them context
    and keeps the number of encoder calls low.
    """
    if max_pieces < 1:
        raise ValueError(f"max_pieces must be at least 1, not {max_pieces}")
    bounds = [*line_starts(text, offsets), len(offsets)]
    windows: list[tuple[int, int]] = []
    start = 0
    for line_start, line_end in itertools.pairwise(bounds):
        if line_end - start <= max_pieces:
            continue  # the line still fits in the current window
        if line_start > start:
            windows.append((start, line_start))
            start = line_start
        while line_end - start > max_pieces:  # a line longer than a window: cut it
            windows.append((start, start + max_pieces))
            start += max_pieces
    if start < len(offsets):
        windows.append((start, len(offsets)))
    return tuple(windows)


def tokenize(tokenizer: Tokenizer, text: str, max_pieces: int) -> Pieces:
    """The wordpieces of ``text`` (without special tokens) and their windows."""
    encoding = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(encoding.ids, dtype=np.int64)
    offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    return Pieces(ids=ids, offsets=offsets, windows=plan_windows(text, offsets, max_pieces))


class OnnxEncoder:
    """An ONNX transformer (inputs ``input_ids``, ``attention_mask``) with its tokenizer.

    Every graph output must have the shape (batch, sequence, ...): it is returned per wordpiece. Build one
    per process and reuse it: creating the session is the slow part.

    Windows run one at a time by default (``batch_size=1``): with an int8 dynamically quantised graph (the
    technique model's) the activation scales are computed over the whole batch tensor, so a window's
    outputs would depend on its batch-mates and padding; and a window of up to 256 pieces already keeps
    the int8 matrix products busy (on one thread single windows measured faster than batches of 4 or 16).
    """

    def __init__(
        self,
        model: Path,
        tokenizer: Path,
        *,
        max_pieces: int = 254,
        threads: int = 1,
        batch_size: int = 1,
        cls_id: int = 101,
        sep_id: int = 102,
    ) -> None:
        options = ort.SessionOptions()
        # One thread by default: saidwhat parallelises over articles (--n-process), not inside one.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer(tokenizer)
        self.max_pieces = max_pieces
        self.batch_size = batch_size
        self.cls_id = cls_id
        self.sep_id = sep_id
        self.output_names = [output.name for output in self.session.get_outputs()]

    def tokenize(self, text: str) -> Pieces:
        return tokenize(self.tokenizer, text, self.max_pieces)

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        """Per-piece outputs for each text, windows of all texts batched together by length."""
        pieces = [self.tokenize(text) for text in texts]
        jobs = [(t, w) for t, p in enumerate(pieces) for w in range(len(p.windows))]
        # Sorting by length keeps padding (wasted compute) low inside each batch.
        jobs.sort(key=lambda job: _width(pieces[job[0]].windows[job[1]]))
        results: dict[tuple[int, int], dict[str, FloatArray]] = {}
        for i in range(0, len(jobs), self.batch_size):
            batch = jobs[i : i + self.batch_size]
            outputs = self._run([pieces[t].ids[slice(*pieces[t].windows[w])] for t, w in batch])
            for row, job in enumerate(batch):
                width = _width(pieces[job[0]].windows[job[1]])
                # Row 0 is [CLS]; the window's pieces follow; [SEP] and padding are dropped.
                results[job] = {name: out[row, 1 : width + 1] for name, out in outputs.items()}
        return [self._stitch(p, t, results) for t, p in enumerate(pieces)]

    def _run(self, windows: list[IntArray]) -> dict[str, FloatArray]:
        width = max(len(w) for w in windows) + 2
        ids = np.zeros((len(windows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, window in enumerate(windows):
            ids[row, 0] = self.cls_id
            ids[row, 1 : len(window) + 1] = window
            ids[row, len(window) + 1] = self.sep_id
            mask[row, : len(window) + 2] = 1
        values = self.session.run(self.output_names, {"input_ids": ids, "attention_mask": mask})
        named = zip(self.output_names, values, strict=True)
        return {name: np.asarray(value, dtype=np.float32) for name, value in named}

    def _stitch(
        self, pieces: Pieces, text_index: int, results: dict[tuple[int, int], dict[str, FloatArray]]
    ) -> Encoded:
        outputs: dict[str, FloatArray] = {}
        for name, output in zip(self.output_names, self.session.get_outputs(), strict=True):
            parts = [results[(text_index, w)][name] for w in range(len(pieces.windows))]
            if parts:
                outputs[name] = np.concatenate(parts, axis=0)
            else:  # an empty text: zero rows of the right width
                tail = [d if isinstance(d, int) else 0 for d in output.shape[2:]]
                outputs[name] = np.zeros((0, *tail), dtype=np.float32)
        return Encoded(pieces=pieces, outputs=outputs)


def _width(window: tuple[int, int]) -> int:
    return window[1] - window[0]


def mean_pool(encoded: Encoded, output: str, start: int, end: int) -> FloatArray:
    """The mean of ``output`` over the pieces overlapping characters ``[start, end)`` (e.g. a sentence
    embedding); zeros when no piece overlaps."""
    rows = pieces_in(encoded.offsets, start, end)
    values = encoded.outputs[output]
    if len(rows) == 0:
        return np.zeros(values.shape[1:], dtype=np.float32)
    return np.asarray(values[rows].mean(axis=0), dtype=np.float32)


def pieces_in(offsets: IntArray, start: int, end: int) -> IntArray:
    """Indices of the pieces that share at least one character with ``[start, end)``."""
    return np.flatnonzero((offsets[:, 1] > start) & (offsets[:, 0] < end)).astype(np.int64)
