"""Batch ingestion into a store: resumable, idempotent, on all cores.

The inputs are read in order (:func:`saidwhat.ingest.iter_articles`); articles whose content hash is
already stored, or already recorded as failed, are skipped before any analysis; the rest go through
:func:`saidwhat.analyze_many` and are written in small transactions. A run killed at any moment
(SIGKILL included) loses only its open transaction, whose articles are not in the store and so are
analysed again by the next run: nothing is lost and, since every article is keyed by its content hash,
nothing is stored twice.
"""

from __future__ import annotations

import collections
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from saidwhat.corpus.clusters import Progress as ClusterProgress
from saidwhat.corpus.clusters import update_clusters
from saidwhat.corpus.identities import regroup_if_needed
from saidwhat.model import Analysis, Article, ArticleMetadata, InputFailure
from saidwhat.settings import Options
from saidwhat.store import Store, content_hash, known_hashes, save_analysis, save_failure
from saidwhat.store.tables import ArticleRow, FailureRow
from saidwhat.version import PIPELINE_VERSION

Item = Article | InputFailure
#: Results written per transaction: small enough that a kill loses little work, large enough to be cheap.
COMMIT_EVERY = 16
#: ... and at least this often, in seconds, when articles are slow.
COMMIT_SECONDS = 5.0
_LOOKUP_CHUNK = 256


@dataclass
class BatchStats:
    """Counts of a batch so far; ``total`` is the number of articles expected, when it can be known."""

    analysed: int = 0
    skipped: int = 0
    failed: int = 0
    total: int | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.analysed + self.skipped + self.failed

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Articles analysed (and written) per second."""
        return self.analysed / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the analysis pace so far (skipping stored articles costs next to nothing);
        None when the total is unknown or nothing has been analysed yet."""
        if self.total is None or self.analysed == 0:
            return None
        return max(self.total - self.done, 0) / self.rate

    def line(self) -> str:
        eta = f", ETA {_duration(self.eta)}" if self.eta is not None else ""
        total = f"/{self.total}" if self.total is not None else ""
        return (
            f"{self.done}{total} articles: {self.analysed} analysed ({self.rate:.2f}/s), "
            f"{self.skipped} already stored, {self.failed} failed{eta}"
        )


Progress = Callable[[BatchStats], None]


def ingest(
    store: Store,
    inputs: Sequence[str],
    *,
    options: Options | None = None,
    redo: bool = False,
    progress: Progress | None = None,
    commit_every: int = COMMIT_EVERY,
    cluster_progress: ClusterProgress | None = None,
) -> BatchStats:
    """Analyse the articles of ``inputs`` into ``store``; see the module docs.

    Args:
        store: The open store.
        inputs: Files, directories, dumps, feeds, WARC files or URLs, as ``saidwhat analyze`` takes.
        options: ``n_process`` (0 for every core), ``batch_size``, ``stages``, ``max_bytes`` apply.
        redo: Analyse and replace articles that are already stored.
        progress: Called with the counts after every article.
        commit_every: Articles per transaction (fewer: less to redo after a kill; more: faster).
        cluster_progress: Called while the claim units of already stored articles are made.
    """
    from saidwhat.ingest import iter_articles  # trafilatura and lxml load only when ingesting

    options = options or Options()
    stats = BatchStats(total=estimate_total(inputs))
    articles = iter_articles(inputs, options)
    for _ in analyze_into(
        store,
        articles,
        options,
        stats,
        redo=redo,
        progress=progress,
        commit_every=commit_every,
        cluster_progress=cluster_progress,
    ):
        pass
    return stats


def upgrade(
    store: Store,
    *,
    options: Options | None = None,
    progress: Progress | None = None,
    cluster_progress: ClusterProgress | None = None,
) -> BatchStats:
    """Re-analyse every stored article that an older pipeline version produced (resumable likewise:
    each article is rewritten with the current version in the transaction that replaces it)."""
    options = options or Options()
    stats = BatchStats(total=_count_stale(store))
    stale = _stale_articles(store)
    for _ in analyze_into(
        store, stale, options, stats, redo=True, progress=progress, cluster_progress=cluster_progress
    ):
        pass
    return stats


def analyze_into(
    store: Store,
    items: Iterable[Item],
    options: Options,
    stats: BatchStats | None = None,
    *,
    redo: bool = False,
    progress: Progress | None = None,
    with_stored: bool = False,
    commit_every: int = COMMIT_EVERY,
    cluster_progress: ClusterProgress | None = None,
) -> Iterator[Analysis | InputFailure]:
    """Analyse ``items`` into the store, yielding each result once it is committed, in input order.

    An article already stored (or recorded as failed) is not analysed again unless ``redo``; with
    ``with_stored`` its stored analysis is yielded in its place, otherwise it is only counted as skipped.
    After every transaction the new articles' claim units are embedded and clustered
    (:func:`saidwhat.corpus.clusters.update_clusters`); ``cluster_progress`` reports the first update,
    which embeds the articles of an older store (or a killed run) that have no units yet.
    """
    from saidwhat.pipeline import analyze_many

    stats = stats if stats is not None else BatchStats()
    regroup_if_needed(store)  # a run killed before regrouping left identities stale
    update_clusters(store, progress=cluster_progress)  # ... or claims unclustered (or an older store)
    pending: collections.deque[str | None] = collections.deque()
    fresh = _fresh(store, items, stats, redo=redo, progress=progress, with_stored=with_stored)
    results = analyze_many(
        _remember(fresh, pending),
        stages=options.stages,
        n_process=options.n_process or os.cpu_count() or 1,
        batch_size=options.batch_size,
    )
    buffer: list[tuple[Analysis | InputFailure, str | None]] = []
    last_commit = time.monotonic()
    for result in results:
        buffer.append((result, pending.popleft()))
        if len(buffer) >= commit_every or time.monotonic() - last_commit > COMMIT_SECONDS:
            yield from _write(store, buffer, stats, redo=redo, progress=progress)
            update_clusters(store)  # the new articles' units, embedded and clustered
            buffer, last_commit = [], time.monotonic()
    yield from _write(store, buffer, stats, redo=redo, progress=progress)
    update_clusters(store)
    regroup_if_needed(store)


#: Stands in the analysis stream for an article already stored, so that input order is kept; the
#: stored analysis replaces it when results are written (``with_stored``).
_STORED = "stored"


def _fresh(
    store: Store,
    items: Iterable[Item],
    stats: BatchStats,
    *,
    redo: bool,
    progress: Progress | None,
    with_stored: bool,
) -> Iterator[tuple[Item, str | None]]:
    """The items still to analyse, each with its content hash (None for an input failure)."""
    seen: set[str] = set()
    iterator = iter(items)
    while chunk := [item for _, item in zip(range(_LOOKUP_CHUNK), iterator, strict=False)]:
        hashes = [content_hash(item) if isinstance(item, Article) else None for item in chunk]
        with store.session() as session:
            stored = set() if redo else known_hashes(session, [h for h in hashes if h is not None])
        for item, digest in zip(chunk, hashes, strict=True):
            if digest is not None and (digest in stored or digest in seen):
                if with_stored:  # passes through analyze_many untouched, as failures do
                    yield InputFailure(input=digest, code=_STORED, message=""), digest
                    continue
                stats.skipped += 1
                if progress is not None:
                    progress(stats)
                continue
            if digest is not None:
                seen.add(digest)
            yield item, digest


def _remember(
    pairs: Iterable[tuple[Item, str | None]], pending: collections.deque[str | None]
) -> Iterator[Item]:
    """Pass the items on, queueing their hashes: results come back one per item, in order."""
    for item, digest in pairs:
        pending.append(digest)
        yield item


def _write(
    store: Store,
    buffer: list[tuple[Analysis | InputFailure, str | None]],
    stats: BatchStats,
    *,
    redo: bool,
    progress: Progress | None,
) -> Iterator[Analysis | InputFailure]:
    if not buffer:
        return
    out: list[tuple[Analysis | InputFailure, str]] = []
    with store.session() as session:
        for result, digest in buffer:
            if isinstance(result, InputFailure) and result.code == _STORED and digest is not None:
                out.append((stored_result(session, digest) or result, "skipped"))
            elif isinstance(result, Analysis):
                save_analysis(session, result, redo=redo)
                out.append((result, "analysed"))
            else:
                save_failure(session, result, digest=digest)
                out.append((result, "failed"))
    # Counted and yielded only once committed, so the figures never run ahead of the store.
    for result, outcome in out:
        setattr(stats, outcome, getattr(stats, outcome) + 1)
        if progress is not None:
            progress(stats)
        yield result


def stored_result(session: Session, digest: str) -> Analysis | InputFailure | None:
    """The stored analysis of an article, or its recorded failure, by content hash."""
    analysis = session.scalar(select(ArticleRow.analysis).where(ArticleRow.content_hash == digest))
    if analysis is not None:
        return Analysis.model_validate(analysis)
    failure = session.scalars(select(FailureRow).where(FailureRow.content_hash == digest)).first()
    if failure is None:
        return None
    return InputFailure(input=failure.input, code=failure.code, message=failure.message)


def _count_stale(store: Store) -> int:
    from sqlalchemy import func

    with store.session() as session:
        count = session.scalar(
            select(func.count())
            .select_from(ArticleRow)
            .where(ArticleRow.pipeline_version != PIPELINE_VERSION)
        )
    return int(count or 0)


def _stale_articles(store: Store) -> Iterator[Article]:
    """The stored articles of older pipeline versions, read a page at a time by id."""
    last = 0
    while True:
        with store.session() as session:
            rows = session.execute(
                select(ArticleRow.id, ArticleRow.analysis)
                .where(ArticleRow.pipeline_version != PIPELINE_VERSION, ArticleRow.id > last)
                .order_by(ArticleRow.id)
                .limit(_LOOKUP_CHUNK)
            ).all()
        if not rows:
            return
        for row_id, analysis in rows:
            last = row_id
            article = analysis["article"]
            yield Article(
                id=article["id"],
                text=article["text"],
                metadata=ArticleMetadata.model_validate(article.get("metadata") or {}),
            )


def estimate_total(inputs: Sequence[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know: one per text or HTML file, one per
    line of a JSON Lines file (a .json file counts as one). None when an input is a feed, an archive, a
    URL or standard input."""
    from saidwhat.ingest.sources import ARCHIVE_ENDINGS, iter_directory_paths

    total = 0
    for item in inputs:
        path = Path(item)
        paths = iter_directory_paths(path) if path.is_dir() else [path]
        for file in paths:
            name = file.name.lower()
            if not file.is_file() or name.endswith((*ARCHIVE_ENDINGS, ".rss", ".atom", ".xml")):
                return None
            if name.endswith(".jsonl"):
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    return total


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
