"""``saidwhat ingest --engine ray``: the same pipeline as a Ray Data job.

The inputs are split into shards (each file, each file of a directory); Ray tasks read the shards in
parallel (:func:`saidwhat.ingest.iter_articles`), and a pool of ``workers`` actors analyses them, each
actor loading the spaCy pipeline once and skipping articles the store already holds. The driver writes
the results to the store in small transactions — so a killed job resumes as a local one does — and/or
to Parquet, one file per transaction written before it is committed (one row per input item: ``kind`` —
analysis, failure or skipped —, the content ``hash``, and the analysis or failure as JSON in ``item``).

Ray is an optional extra: ``pip install 'saidwhat[ray]'``. Without an address a local Ray instance is
started for the job; ``--ray-address ray://HEAD:10001`` (or ``RAY_ADDRESS``) runs it on a real cluster,
whose workers need saidwhat installed (the same version) and, for a store, access to its database (a
``postgresql://`` URL every node reaches; a SQLite file is written by the driver only, so it works too).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from saidwhat.corpus.batch import COMMIT_EVERY, COMMIT_SECONDS, BatchStats, Progress, estimate_total
from saidwhat.model import Analysis, Article, InputFailure
from saidwhat.settings import Options


def shards(inputs: Sequence[str]) -> list[dict[str, str]]:
    """The inputs as independent shards: a directory becomes its article files, each keeping the id a
    directory walk gives it (its path relative to the directory)."""
    from saidwhat.ingest.sources import iter_directory_paths

    out: list[dict[str, str]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(
                {"shard": str(p), "id": p.relative_to(path).as_posix()} for p in iter_directory_paths(path)
            )
        else:
            out.append({"shard": item, "id": ""})
    return out


def _read_shard(row: dict[str, Any], max_bytes: int) -> list[dict[str, Any]]:
    """One shard's articles and failures, as rows of JSON."""
    from saidwhat.ingest import iter_articles
    from saidwhat.ingest.sources import iter_guarded_file
    from saidwhat.store import content_hash

    options = Options(max_bytes=max_bytes)
    shard, article_id = str(row["shard"]), str(row["id"])
    items = (
        iter_guarded_file(Path(shard), options, article_id=article_id)
        if article_id
        else iter_articles([shard], options)
    )
    rows = []
    for item in items:
        if isinstance(item, Article):
            rows.append({"item": item.model_dump_json(), "kind": "article", "hash": content_hash(item)})
        else:
            rows.append({"item": item.model_dump_json(), "kind": "failure", "hash": ""})
    return rows


class _Analyzer:
    """A Ray actor: one spaCy pipeline, loaded once, analysing batches of articles."""

    def __init__(self, stages: tuple[str, ...], store_url: str | None, redo: bool) -> None:
        from saidwhat.nlp import load_pipeline

        self.stages = stages
        load_pipeline(stages)
        self.store: Any = None
        if store_url is not None and not redo:
            from saidwhat.store import open_store

            self.store = open_store(store_url)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from saidwhat.pipeline import analyze_many
        from saidwhat.store import known_hashes

        kinds, items, hashes = list(batch["kind"]), list(batch["item"]), list(batch["hash"])
        stored: set[str] = set()
        if self.store is not None:
            with self.store.session() as session:
                stored = known_hashes(session, [h for h in hashes if h])
        todo = [i for i, kind in enumerate(kinds) if kind == "article" and hashes[i] not in stored]
        articles = [Article.model_validate_json(items[i]) for i in todo]
        for i, result in zip(todo, analyze_many(articles, stages=self.stages, batch_size=8), strict=True):
            items[i] = result.model_dump_json()
            kinds[i] = "analysis" if isinstance(result, Analysis) else "failure"
        for i, kind in enumerate(kinds):
            if kind == "article":
                kinds[i], items[i] = "skipped", ""
        return {"kind": kinds, "item": items, "hash": hashes}


def ingest_ray(
    inputs: Sequence[str],
    *,
    store: Any = None,
    parquet: Path | None = None,
    options: Options | None = None,
    workers: int = 2,
    address: str | None = None,
    redo: bool = False,
    progress: Progress | None = None,
    commit_every: int = COMMIT_EVERY,
) -> BatchStats:
    """Analyse ``inputs`` on Ray into an open ``store`` and/or a ``parquet`` directory.

    Results are committed to the store ``commit_every`` at a time (and at least every few seconds), as
    the local engine commits them, so a killed driver loses only its open transaction.
    """
    import ray

    if store is None and parquet is None:
        raise ValueError("give a store, a Parquet directory, or both")
    options = options or Options()
    stats = BatchStats(total=estimate_total(inputs))
    started_here = not ray.is_initialized()
    if started_here:
        address = address or os.environ.get("RAY_ADDRESS")
        # A local instance gets a CPU beyond the workers' so that reading tasks are never starved.
        cpus = None if address else workers + 1
        ray.init(address=address, num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    try:
        rows = _dataset(inputs, store, options, workers, redo).iter_rows()
        parts = None if parquet is None else ParquetParts(parquet)
        writing = _write_rows(
            rows, store, stats, redo=redo, progress=progress, commit_every=commit_every, parquet=parts
        )
        for _ in writing:
            pass
    finally:
        if started_here:
            ray.shutdown()
    return stats


def _dataset(inputs: Sequence[str], store: Any, options: Options, workers: int, redo: bool) -> Any:
    import ray.data

    # saidwhat reports its own progress; Ray Data's bars and per-operator log lines would bury it.
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)

    items = ray.data.from_items(shards(inputs))
    articles = items.flat_map(functools.partial(_read_shard, max_bytes=options.max_bytes))
    # An actor takes a whole block: split a big shard (one dump) into blocks of a batch, streaming, so
    # that every actor gets work.
    articles = articles.repartition(target_num_rows_per_block=options.batch_size)
    return articles.map_batches(
        _Analyzer,
        fn_constructor_kwargs={
            "stages": tuple(options.stages),
            "store_url": None if store is None else store.engine.url.render_as_string(hide_password=False),
            "redo": redo,
        },
        batch_size=options.batch_size,
        compute=ray.data.ActorPoolStrategy(size=workers),
        batch_format="numpy",
    )


def _write_rows(
    rows: Iterator[dict[str, Any]],
    store: Any,
    stats: BatchStats,
    *,
    redo: bool,
    progress: Progress | None,
    commit_every: int = COMMIT_EVERY,
    parquet: ParquetParts | None = None,
) -> Iterator[None]:
    from saidwhat.store import save_analysis, save_failure

    buffer: list[dict[str, Any]] = []

    def flush() -> None:
        if parquet is not None and buffer:  # before the commit: a kill may repeat rows, never lose them
            parquet.write(buffer)
        if store is not None and buffer:
            with store.session() as session:
                for row in buffer:
                    if row["kind"] == "analysis":
                        save_analysis(session, Analysis.model_validate_json(row["item"]), redo=redo)
                    elif row["kind"] == "failure":
                        failure = InputFailure.model_validate_json(row["item"])
                        save_failure(session, failure, digest=row["hash"] or None)
        for row in buffer:
            outcome = {"analysis": "analysed", "failure": "failed"}.get(str(row["kind"]), "skipped")
            setattr(stats, outcome, getattr(stats, outcome) + 1)
            if progress is not None:
                progress(stats)
        buffer.clear()

    last_commit = time.monotonic()
    for row in rows:
        buffer.append(row)
        if len(buffer) >= commit_every or time.monotonic() - last_commit > COMMIT_SECONDS:
            flush()
            last_commit = time.monotonic()
            yield None
    flush()
    if store is not None:
        from saidwhat.corpus.identities import regroup_if_needed

        regroup_if_needed(store)


class ParquetParts:
    """The job's rows as Parquet files in a directory: one file per transaction, written before it is
    committed, named by the run and a sequence number so that reruns add files beside earlier ones."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.run = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        self.count = 0

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = {name: [str(row[name]) for row in rows] for name in ("kind", "hash", "item")}
        path = self.directory / f"part-{self.run}-{self.count:06d}.parquet"
        # Written under a hidden name (which Parquet readers skip) and renamed once whole, so a kill
        # never leaves half a file among the parts.
        temporary = self.directory / f".{path.name}.tmp"
        pq.write_table(pa.table(columns), temporary)
        temporary.rename(path)
        self.count += 1


def analysis_of(row: dict[str, Any]) -> Analysis | None:
    """The analysis in a row of the Parquet output, if it holds one."""
    return Analysis.model_validate(json.loads(row["item"])) if row["kind"] == "analysis" else None
