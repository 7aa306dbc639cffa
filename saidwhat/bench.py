"""Throughput of the attribution pipeline beside a bare spaCy parse, and a linearity check.

Both pipelines are loaded and warmed up before any clock starts. The bare pipeline is the same spaCy
model with the same spaCy components enabled and no saidwhat component, so the ratio isolates what
saidwhat adds. Each measurement is repeated and the fastest run kept (as ``timeit`` does): slower runs
measure other processes, not the code. The two pipelines alternate within each repeat so that both
see the same machine load. Words are whitespace-separated tokens.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import spacy
from spacy.language import Language

from saidwhat.model import Article, InputFailure
from saidwhat.nlp import MODEL_NAME, load_pipeline
from saidwhat.pipeline import analyze_many

STAGES: tuple[str, ...] = ("attribution",)
LINEARITY_COPIES = 20


@dataclass(frozen=True, slots=True)
class BenchResult:
    texts: int
    words: int
    repeat: int
    bare_seconds: float
    saidwhat_seconds: float
    linearity_words: int  # words in the single article used for the linearity check
    single_seconds: float  # that article once
    repeated_seconds: float  # that article LINEARITY_COPIES times, joined by blank lines
    bare_single_seconds: float  # the same two texts through bare spaCy, to tell its own growth apart
    bare_repeated_seconds: float
    failures: int = 0  # texts the saidwhat pipeline failed on: the timings then mean little

    @property
    def bare_wps(self) -> float:
        return self.words / self.bare_seconds

    @property
    def saidwhat_wps(self) -> float:
        return self.words / self.saidwhat_seconds

    @property
    def ratio(self) -> float:
        """saidwhat throughput over bare spaCy throughput (1.0 = no overhead)."""
        return self.saidwhat_wps / self.bare_wps

    @property
    def linearity(self) -> float:
        """Time for the repeated article over time for one copy; about LINEARITY_COPIES if linear."""
        return self.repeated_seconds / self.single_seconds

    @property
    def bare_linearity(self) -> float:
        return self.bare_repeated_seconds / self.bare_single_seconds

    def to_dict(self) -> dict[str, Any]:
        figures = asdict(self)
        figures.update(
            bare_wps=self.bare_wps,
            saidwhat_wps=self.saidwhat_wps,
            ratio=self.ratio,
            linearity=self.linearity,
            bare_linearity=self.bare_linearity,
            linearity_copies=LINEARITY_COPIES,
        )
        return figures


def bare_pipeline(nlp: Language) -> Language:
    """The spaCy model with the spaCy components of ``nlp`` and none of saidwhat's."""
    wanted = [name for name in nlp.pipe_names if not name.startswith("saidwhat_")]
    bare = spacy.load(MODEL_NAME)
    for name in bare.pipe_names:
        if name not in wanted:
            bare.remove_pipe(name)
    for name in wanted:
        if name not in bare.pipe_names:  # e.g. the sentencizer the loader adds without a parser
            bare.add_pipe(name)
    return bare


def run_benchmark(texts: Sequence[str], *, repeat: int = 3, batch_size: int = 32) -> BenchResult:
    """Time the attribution pipeline and the bare spaCy parse on ``texts``; see the module docstring."""
    if not texts:
        raise ValueError("run_benchmark needs at least one text")
    nlp = load_pipeline(STAGES)
    bare = bare_pipeline(nlp)
    articles = [Article(id=str(i), text=text) for i, text in enumerate(texts)]

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=batch_size):
            pass

    def run_saidwhat() -> None:
        _drain(analyze_many(articles, stages=STAGES, batch_size=batch_size))

    run_bare()  # warm-up: first calls allocate and fill caches
    warm = analyze_many(articles, stages=STAGES, batch_size=batch_size)
    failures = sum(1 for result in warm if isinstance(result, InputFailure))
    bare_s, saidwhat_s = _fastest_pair(run_bare, run_saidwhat, repeat)
    # The median-length article: long enough to sit well above timer noise, short enough that 20 copies
    # of it stay affordable even if some stage is quadratic (that is what the check is looking for).
    median = sorted(texts, key=len)[len(texts) // 2]
    single, repeated = _linearity_times(median, repeat)
    bare_single, bare_repeated = _bare_linearity_times(bare, median, repeat)
    return BenchResult(
        texts=len(texts),
        words=sum(len(text.split()) for text in texts),
        repeat=repeat,
        bare_seconds=bare_s,
        saidwhat_seconds=saidwhat_s,
        linearity_words=len(median.split()),
        single_seconds=single,
        repeated_seconds=repeated,
        bare_single_seconds=bare_single,
        bare_repeated_seconds=bare_repeated,
        failures=failures,
    )


def _linearity_times(text: str, repeat: int) -> tuple[float, float]:
    long_text = "\n\n".join([text] * LINEARITY_COPIES)
    one = [Article(id="one", text=text)]
    many = [Article(id="many", text=long_text)]

    def run(batch: list[Article]) -> Callable[[], None]:
        return lambda: _drain(analyze_many(batch, stages=STAGES))

    return _fastest_pair(run(one), run(many), repeat)


def _bare_linearity_times(bare: Language, text: str, repeat: int) -> tuple[float, float]:
    long_text = "\n\n".join([text] * LINEARITY_COPIES)
    return _fastest_pair(lambda: _drain([bare(text)]), lambda: _drain([bare(long_text)]), repeat)


def _drain(results: Iterable[object]) -> None:
    for _ in results:
        pass


def _fastest_pair(first: Callable[[], None], second: Callable[[], None], repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` timings of each function, run alternately."""
    best_first = best_second = float("inf")
    for _ in range(max(repeat, 1)):
        best_first = min(best_first, _time(first))
        best_second = min(best_second, _time(second))
    return best_first, best_second


def _time(function: Callable[[], None]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start
