"""Throughput of the attribution pipeline and of the whole analysis beside a bare spaCy parse, and a
linearity check.

Two saidwhat figures are taken: the attribution pipeline (entities + attribution, issue 4's target
ratio 0.7) and the whole analysis with every default stage (issue 5's target ratio 0.35). Each is set
beside a bare parse with the spaCy components it needs.

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
from typing import Any, cast

import spacy
from spacy.language import Language

from saidwhat.claims.component import ClaimsComponent
from saidwhat.model import Article, InputFailure
from saidwhat.nlp import MODEL_NAME, keep_title_abbreviations, load_pipeline
from saidwhat.pipeline import analyze_many, article_doc
from saidwhat.settings import DEFAULT_STAGES

STAGES: tuple[str, ...] = ("attribution",)
#: The whole analysis: every stage a plain ``saidwhat analyze`` runs.
FULL_STAGES: tuple[str, ...] = DEFAULT_STAGES
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
    full_stages: tuple[str, ...]  # the stages of the whole analysis
    full_seconds: float  # the whole analysis on all texts
    bare_full_seconds: float  # bare spaCy with the whole analysis's spaCy components
    failures: int = 0  # texts the saidwhat pipeline failed on: the timings then mean little
    claims: int = 0  # claims found in the texts by the claims stage (0 when it is not a default stage)
    claims_seconds: float = 0.0  # finding, featurising, embedding and scoring them on parsed docs
    # CPU seconds of this process for the same runs as bare_seconds and full_seconds: saidwhat and spaCy
    # each run on one thread, so on a shared machine the CPU-time ratio is steadier than the wall-clock one.
    bare_cpu_seconds: float = 0.0
    full_cpu_seconds: float = 0.0

    @property
    def full_cpu_ratio(self) -> float:
        """The whole-analysis ratio from CPU time: bare parse CPU seconds over whole-analysis CPU seconds."""
        return self.bare_cpu_seconds / self.full_cpu_seconds if self.full_cpu_seconds else 0.0

    @property
    def claims_per_second(self) -> float:
        return self.claims / self.claims_seconds if self.claims_seconds else 0.0

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
    def full_wps(self) -> float:
        return self.words / self.full_seconds

    @property
    def bare_full_wps(self) -> float:
        return self.words / self.bare_full_seconds

    @property
    def full_ratio(self) -> float:
        """Whole-analysis throughput over bare spaCy throughput with the same spaCy components."""
        return self.full_wps / self.bare_full_wps

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
            full_wps=self.full_wps,
            bare_full_wps=self.bare_full_wps,
            full_ratio=self.full_ratio,
            linearity=self.linearity,
            bare_linearity=self.bare_linearity,
            linearity_copies=LINEARITY_COPIES,
            claims_per_second=self.claims_per_second,
            full_cpu_ratio=self.full_cpu_ratio,
        )
        return figures


def bare_pipeline(nlp: Language) -> Language:
    """The spaCy model with the spaCy components of ``nlp`` and none of saidwhat's."""
    wanted = [name for name in nlp.pipe_names if not name.startswith("saidwhat_")]
    bare = spacy.load(MODEL_NAME)
    keep_title_abbreviations(bare)
    for name in bare.pipe_names:
        if name not in wanted:
            bare.remove_pipe(name)
    for name in wanted:
        if name not in bare.pipe_names:  # e.g. the sentencizer the loader adds without a parser
            bare.add_pipe(name)
    return bare


def run_benchmark(texts: Sequence[str], *, repeat: int = 3, batch_size: int = 32) -> BenchResult:
    """Time the attribution pipeline, the whole analysis and the bare spaCy parse on ``texts``; see the
    module docstring."""
    if not texts:
        raise ValueError("run_benchmark needs at least one text")
    bare = bare_pipeline(load_pipeline(STAGES))
    bare_full = bare_pipeline(load_pipeline(FULL_STAGES))
    articles = [Article(id=str(i), text=text) for i, text in enumerate(texts)]

    def run_bare(pipeline: Language) -> Callable[[], None]:
        return lambda: _drain(pipeline.pipe(texts, batch_size=batch_size))

    def run_saidwhat(stages: tuple[str, ...]) -> Callable[[], None]:
        return lambda: _drain(analyze_many(articles, stages=stages, batch_size=batch_size))

    timed = [run_bare(bare), run_saidwhat(STAGES), run_saidwhat(FULL_STAGES)]
    # The whole analysis may need spaCy components the attribution pipeline does not: then it gets a
    # bare parse of its own; otherwise the one bare timing serves both ratios.
    same_parse = bare_full.pipe_names == bare.pipe_names
    if not same_parse:
        timed.append(run_bare(bare_full))
    for run in timed[:1] + timed[3:]:  # warm-up: first calls allocate and fill caches
        run()
    # The saidwhat pipelines warm up on the pass that counts the texts they fail on (either of them).
    failed = [
        _failed(analyze_many(articles, stages=stages, batch_size=batch_size))
        for stages in (STAGES, FULL_STAGES)
    ]
    failures = len(failed[0] | failed[1])
    cpu: list[float] = []
    bare_s, saidwhat_s, full_s, *rest = _fastest(timed, repeat, cpu)
    # The median-length article: long enough to sit well above timer noise, short enough that 20 copies
    # of it stay affordable even if some stage is quadratic (that is what the check is looking for).
    median = sorted(texts, key=len)[len(texts) // 2]
    single, repeated = _linearity_times(median, repeat)
    bare_single, bare_repeated = _bare_linearity_times(bare, median, repeat)
    claims, claims_seconds = _claim_scoring_time(articles, repeat) if "claims" in FULL_STAGES else (0, 0.0)
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
        full_stages=FULL_STAGES,
        full_seconds=full_s,
        bare_full_seconds=bare_s if same_parse else rest[0],
        failures=failures,
        claims=claims,
        claims_seconds=claims_seconds,
        bare_cpu_seconds=cpu[0] if same_parse else cpu[3],
        full_cpu_seconds=cpu[2],
    )


def _claim_scoring_time(articles: Sequence[Article], repeat: int) -> tuple[int, float]:
    """Claims in the texts and the fastest time the claims stage takes over them, on docs already
    parsed and run through every earlier stage (so the time is the claims stage's own)."""
    nlp = load_pipeline(FULL_STAGES)
    component = cast(ClaimsComponent, nlp.get_pipe("saidwhat_claims"))
    earlier = [name for name in nlp.pipe_names if name != "saidwhat_claims"]
    with nlp.select_pipes(enable=earlier):
        docs = list(nlp.pipe(article_doc(nlp, article) for article in articles))
    (seconds,) = _fastest([lambda: _drain(component.pipe(docs))], repeat)
    return sum(len(doc._.saidwhat_claims or []) for doc in docs), seconds


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


def _failed(results: Iterable[object]) -> set[int]:
    """The positions of the results that are failures."""
    return {index for index, result in enumerate(results) if isinstance(result, InputFailure)}


def _drain(results: Iterable[object]) -> None:
    for _ in results:
        pass


def _fastest_pair(first: Callable[[], None], second: Callable[[], None], repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` timings of each function, run alternately."""
    best_first, best_second = _fastest([first, second], repeat)
    return best_first, best_second


def _fastest(functions: list[Callable[[], None]], repeat: int, cpu: list[float] | None = None) -> list[float]:
    """The fastest of ``repeat`` timings of each function, taking turns so all see the same load; when
    ``cpu`` is given, it receives each function's least CPU time (this process) over the same runs."""
    best = [float("inf")] * len(functions)
    least_cpu = [float("inf")] * len(functions)
    for _ in range(max(repeat, 1)):
        for index, function in enumerate(functions):
            wall, used = _time(function)
            best[index] = min(best[index], wall)
            least_cpu[index] = min(least_cpu[index], used)
    if cpu is not None:
        cpu[:] = least_cpu
    return best


def _time(function: Callable[[], None]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    start, start_cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - start_cpu
