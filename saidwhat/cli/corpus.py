"""Corpus commands: ``ingest``, ``failures``, ``search``, ``speakers``, ``timeline``, ``export``.

Each parses its arguments and calls :mod:`saidwhat.corpus`; the store is ``--store URL`` (a file path
or ``postgresql://…``), else ``$SAIDWHAT_STORE``, else ``saidwhat-corpus.sqlite`` here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from saidwhat.cli.app import PublishedOption, app
from saidwhat.corpus.export import ExportFormat, export_rows, write_text_rows
from saidwhat.errors import SaidwhatError
from saidwhat.model import Stance
from saidwhat.settings import Options

speakers_app = typer.Typer(
    help="Speaker identities across the corpus: list, merge, split.", no_args_is_help=True
)
app.add_typer(speakers_app, name="speakers")

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store", "-s", help="Store URL or SQLite file (default: $SAIDWHAT_STORE or saidwhat-corpus.sqlite)."
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", help="table, jsonl, csv (or parquet with --output).", case_sensitive=False
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write every matching row (all pages) to FILE (.jsonl/.csv/.parquet)."
    ),
]
_err = Console(stderr=True, highlight=False, soft_wrap=True)
#: Seconds between progress lines when stderr is not a terminal (CI logs, nohup).
LOG_EVERY = 10.0


@contextlib.contextmanager
def _store(url: str | None) -> Iterator[Any]:
    from saidwhat.store import open_store

    try:
        store = open_store(url)
    except SaidwhatError as exc:
        _err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    with store:
        yield store


@app.command("ingest")
def ingest_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, JSON Lines (.jsonl, .jsonl.gz), RSS/Atom feeds, WARC files, URLs.",
            metavar="INPUT",
            show_default=False,
        ),
    ] = None,
    store_url: StoreOption = None,
    redo: Annotated[
        bool, typer.Option(help="Analyse again articles already stored, replacing them.")
    ] = False,
    upgrade: Annotated[
        bool, typer.Option(help="Re-analyse stored articles that an older pipeline version produced.")
    ] = False,
    n_process: Annotated[int, typer.Option(help="Worker processes; 0 = every core.", min=0)] = 0,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.", min=1)] = 16,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse articles larger than this (E005).", min=1)
    ] = Options().max_bytes,
    commit_every: Annotated[
        int | None,
        typer.Option(help="Results per transaction (default 16): a kill loses at most this many.", min=1),
    ] = None,
    engine: Annotated[str, typer.Option(help="local (processes on this machine) or ray.")] = "local",
    workers: Annotated[int, typer.Option(help="With --engine ray: pipeline actors.", min=1)] = 2,
    ray_address: Annotated[
        str | None, typer.Option(help="With --engine ray: the cluster (ray://HEAD:10001); default local.")
    ] = None,
    parquet: Annotated[
        Path | None, typer.Option(help="With --engine ray: also write the results to this Parquet directory.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
    published: PublishedOption = None,
) -> None:
    """Analyse articles into the store: resumable (rerun after a kill), idempotent (stored articles are
    skipped), bad articles recorded (see `saidwhat failures`)."""
    from saidwhat.corpus.batch import COMMIT_EVERY, ingest
    from saidwhat.corpus.batch import upgrade as upgrade_store

    if not inputs and not upgrade:
        raise typer.BadParameter("give at least one INPUT (or --upgrade)")
    options = Options(max_bytes=max_bytes, batch_size=batch_size, n_process=n_process, published=published)
    with _store(store_url) as store, _progress(quiet=quiet) as progress:
        stats = None
        if engine == "ray" and inputs:
            every = commit_every or COMMIT_EVERY
            stats = _ray(inputs, store, options, workers, ray_address, parquet, redo, progress, every)
            from saidwhat.corpus.clusters import update_clusters

            update_clusters(store, progress=progress)  # the Ray driver writes articles only
        elif engine != "local":
            raise typer.BadParameter("local or ray", param_hint="--engine")
        elif inputs:
            stats = ingest(
                store,
                inputs,
                options=options,
                redo=redo,
                progress=progress,
                commit_every=commit_every or COMMIT_EVERY,
                cluster_progress=progress,
            )
        if upgrade:
            stats = upgrade_store(store, options=options, progress=progress, cluster_progress=progress)
    if stats is not None and not quiet:
        _err.print(f"saidwhat ingest: {stats.line()} in {stats.elapsed:.1f}s", markup=False)
    raise typer.Exit(1 if stats is not None and stats.failed else 0)


def _ray(
    inputs: list[str],
    store: Any,
    options: Options,
    workers: int,
    address: str | None,
    parquet: Path | None,
    redo: bool,
    progress: Any,
    commit_every: int,
) -> Any:
    try:
        from saidwhat.corpus.ray_engine import ingest_ray
    except ImportError:  # pragma: no cover - depends on the install
        raise typer.BadParameter(
            "Ray is not installed: pip install 'saidwhat[ray]'", param_hint="--engine"
        ) from None
    return ingest_ray(
        inputs,
        store=store,
        parquet=parquet,
        options=options,
        workers=workers,
        address=address,
        redo=redo,
        progress=progress,
        commit_every=commit_every,
    )


@contextlib.contextmanager
def _progress(*, quiet: bool) -> Iterator[Any]:
    """A live bar on a terminal; a progress line every LOG_EVERY seconds otherwise."""
    if quiet:
        yield None
        return
    if not sys.stderr.isatty():
        last = [time.monotonic()]

        def log(stats: Any) -> None:
            if time.monotonic() - last[0] >= LOG_EVERY:
                last[0] = time.monotonic()
                _err.print(f"ingest: {stats.line()}", markup=False)

        yield log
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=_err) as bar:
        task = bar.add_task("ingest", total=None)

        def advance(stats: Any) -> None:
            bar.update(task, description=stats.line(), total=stats.total, completed=stats.done)

        yield advance


@app.command("failures")
def failures_command(
    store_url: StoreOption = None,
    code: Annotated[str | None, typer.Option(help="Only this error code (E001…).")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1)] = 50,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """Inputs that could not be read or analysed, with their coded errors."""
    from saidwhat.corpus import queries

    with _store(store_url) as store:
        result = queries.failures(store, code=code, page=page, per_page=per_page)
        if output is not None:
            rows = queries.failures(store, code=code, page=1, per_page=max(result.total, 1)).rows
            _export(rows, output)
            return
    _show(result.rows, output_format, f"failures (page {result.page}/{result.pages}, {result.total} in all)")


def _filters(
    query: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    speaker: str | None,
    stance: Stance | None,
    technique: str | None,
    claim: str | None,
) -> Any:
    from saidwhat.corpus.queries import Filters

    return Filters(
        text=query,
        outlet=outlet,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        speaker=speaker,
        stance=stance,
        technique=technique,
        claim=claim,
    )


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


@app.command("search")
def search_command(
    query: Annotated[str | None, typer.Argument(help="Words the article must contain (full text).")] = None,
    store_url: StoreOption = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet, as stored (case-insensitive).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker id or name ('Peskov').")] = None,
    stance: Annotated[Stance | None, typer.Option(help="Cue stance of the speaker's attributions.")] = None,
    technique: Annotated[
        str | None, typer.Option(help="Persuasion technique (e.g. Loaded_Language).")
    ] = None,
    claim: Annotated[str | None, typer.Option(help="Words a claim in the article must contain.")] = None,
    level: Annotated[
        str, typer.Option(help="Rows to return: articles, attributions or claims.")
    ] = "articles",
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1)] = 20,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """Search the corpus by full text and fields; results are paginated (all pages with --output)."""
    from saidwhat.corpus import queries

    if level not in ("articles", "attributions", "claims"):
        raise typer.BadParameter("articles, attributions or claims", param_hint="--level")
    filters = _filters(query, outlet, since, until, speaker, stance, technique, claim)
    with _store(store_url) as store:
        if output is not None:
            _export(queries.iter_search(store, filters, level=level), output)  # type: ignore[arg-type]
            return
        result = queries.search(store, filters, level=level, page=page, per_page=per_page)  # type: ignore[arg-type]
    _show(result.rows, output_format, f"{level} (page {result.page}/{result.pages}, {result.total} in all)")


@app.command("export")
def export_command(
    output: Annotated[Path, typer.Argument(help="The file to write: .jsonl, .csv or .parquet.")],
    query: Annotated[str | None, typer.Option("--text", help="Words the article must contain.")] = None,
    store_url: StoreOption = None,
    outlet: Annotated[str | None, typer.Option()] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    speaker: Annotated[str | None, typer.Option()] = None,
    stance: Annotated[Stance | None, typer.Option()] = None,
    technique: Annotated[str | None, typer.Option()] = None,
    claim: Annotated[str | None, typer.Option()] = None,
    level: Annotated[str, typer.Option(help="articles, attributions or claims.")] = "attributions",
) -> None:
    """Export the rows of any search (every page) as JSON Lines, CSV or Parquet."""
    from saidwhat.corpus import queries

    filters = _filters(query, outlet, since, until, speaker, stance, technique, claim)
    with _store(store_url) as store:
        _export(queries.iter_search(store, filters, level=level), output)  # type: ignore[arg-type]


@speakers_app.command("list")
def speakers_list(
    name: Annotated[str | None, typer.Argument(help="Only identities with this name ('Peskov').")] = None,
    store_url: StoreOption = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1)] = 30,
    output_format: FormatOption = "table",
) -> None:
    """Speaker identities, most reported first, with their name variants."""
    from saidwhat.corpus import queries

    with _store(store_url) as store:
        result = queries.speakers(store, name=name, page=page, per_page=per_page)
    _show(result.rows, output_format, f"speakers (page {result.page}/{result.pages}, {result.total} in all)")


@speakers_app.command("merge")
def speakers_merge(
    first: Annotated[str, typer.Argument(help="Speaker id (from `saidwhat speakers list`).")],
    second: Annotated[str, typer.Argument(help="Speaker id to merge into the first.")],
    note: Annotated[str | None, typer.Option(help="Why, for the record.")] = None,
    store_url: StoreOption = None,
) -> None:
    """Record that two identities are the same speaker (kept across re-runs)."""
    from saidwhat.corpus.identities import merge

    with _store(store_url) as store:
        try:
            merged = merge(store, first, second, note=note)
        except KeyError as exc:
            raise typer.BadParameter(str(exc.args[0])) from None
    typer.echo(merged)


@speakers_app.command("split")
def speakers_split(
    speaker_id: Annotated[str, typer.Argument(help="Speaker id (from `saidwhat speakers list`).")],
    name: Annotated[str, typer.Argument(help="The name variant that is someone else.")],
    organization: Annotated[
        str | None, typer.Option(help="Only the variant with this organisation (two John Smiths).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why, for the record.")] = None,
    store_url: StoreOption = None,
) -> None:
    """Record that one name variant of an identity is another speaker (kept across re-runs)."""
    from saidwhat.corpus.identities import split

    with _store(store_url) as store:
        try:
            new = split(store, speaker_id, name, organization=organization, note=note)
        except KeyError as exc:
            raise typer.BadParameter(str(exc.args[0])) from None
    typer.echo(new)


@app.command("timeline")
def timeline_command(
    speaker: Annotated[str, typer.Argument(help="Speaker id or name ('Peskov').")],
    store_url: StoreOption = None,
    outlet: Annotated[str | None, typer.Option()] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    output_format: FormatOption = "table",
    output: OutputOption = None,
) -> None:
    """Everything a speaker was reported as saying, in date order, with each outlet's cue and its
    stance, then a per-outlet summary of the stances and cues."""
    from saidwhat.corpus import queries

    filters = _filters(None, outlet, since, until, None, None, None, None)
    with _store(store_url) as store:
        rows = queries.timeline(store, speaker, filters)
    if output is not None:
        _export(rows, output)
        return
    columns = ("date", "outlet", "speaker", "cue", "stance", "content", "article")
    _show([{k: row.get(k) for k in columns} for row in rows], output_format, f"timeline of {speaker}")
    if output_format == "table" and rows:
        _show(queries.outlet_stances(rows), "table", "how each outlet introduced them")


@app.command("clusters")
def clusters_command(
    query: Annotated[str | None, typer.Argument(help="Words the articles must contain.")] = None,
    store_url: StoreOption = None,
    outlet: Annotated[str | None, typer.Option()] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    speaker: Annotated[str | None, typer.Option()] = None,
    cluster: Annotated[int | None, typer.Option("--id", help="Show one cluster, every member.")] = None,
    min_articles: Annotated[int, typer.Option(help="Only claims carried by this many articles.", min=1)] = 2,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1)] = 20,
    update: Annotated[
        bool, typer.Option(help="First embed and cluster what is not yet (stores of an older saidwhat).")
    ] = True,
    recluster: Annotated[
        bool,
        typer.Option(
            help="First drop every cluster and cluster all claims again (stores clustered by an older "
            "saidwhat, which joined a claim through any one member); cluster ids change."
        ),
    ] = False,
    output_format: FormatOption = "table",
    output: OutputOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """The same claim across articles: which outlets carried it, when it first appeared, who said it,
    and its fact-check matches. Clusters are stored (made at ingest); nothing is embedded here unless
    the store has articles without claim units yet."""
    from saidwhat.corpus.clusters import claim_cluster, claim_clusters, update_clusters
    from saidwhat.corpus.clusters import recluster as recluster_store

    filters = _filters(query, outlet, since, until, speaker, None, None, None)
    with _store(store_url) as store:
        if recluster:
            with _progress(quiet=quiet) as progress:
                recluster_store(store, progress=progress)
        elif update:
            with _progress(quiet=quiet) as progress:
                update_clusters(store, progress=progress)
        if cluster is not None:
            found = claim_cluster(store, cluster, page=page, per_page=per_page)
            if found is None:
                _err.print(f"error: no claim cluster {cluster} in this store", markup=False)
                raise typer.Exit(1)
            _show([_match_line(found)], output_format, f"claim cluster {cluster}")
            keys = ("date", "outlet", "speaker", "cue", "text", "similarity", "article")
            _show([{k: m[k] for k in keys} for m in found["members"]], output_format, "carried by")
            return
        if output is not None:
            every = _all_pages(lambda n: claim_clusters(store, filters, min_articles=min_articles, page=n))
            _export(every, output)
            return
        result = claim_clusters(store, filters, min_articles=min_articles, page=page, per_page=per_page)
    columns = ("id", "claim", "first_seen", "first_outlet", "outlets", "attributed_to", "articles")
    rows = [{**{k: row[k] for k in columns}, "fact_checks": _fact_checks(row)} for row in result.rows]
    _show(rows, output_format, f"claims carried by several articles (page {result.page}/{result.pages})")


def _fact_checks(row: dict[str, Any]) -> str:
    found = []
    for m in row["matches"]:
        checked = f"{m.get('verdict') or '?'} ({m.get('checker') or '?'}, {m['similarity']:.2f})"
        found.append(f"{checked} {m.get('url') or ''}".strip())
    return "; ".join(found)


def _match_line(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "claim", "first_seen", "first_outlet", "outlets", "attributed_to", "cues", "articles")
    return {**{k: row[k] for k in keys}, "fact_checks": _fact_checks(row)}


def _all_pages(fetch: Any) -> Iterator[dict[str, Any]]:
    number = 1
    while True:
        result = fetch(number)
        yield from result.rows
        if number >= result.pages:
            return
        number += 1


def _export(rows: Any, output: Path) -> None:
    try:
        fmt = ExportFormat.of(output)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--output") from None
    count = export_rows(rows, output, fmt)
    _err.print(f"wrote {count} rows to {output}", markup=False)


def _show(rows: list[dict[str, Any]], output_format: str, title: str) -> None:
    fmt = output_format.lower()
    if fmt in ("jsonl", "csv"):
        write_text_rows(rows, sys.stdout, ExportFormat(fmt))
        return
    if fmt != "table":
        raise typer.BadParameter("table, jsonl or csv (parquet needs --output)", param_hint="--format")
    console = Console(highlight=False)
    if not rows:
        console.print(f"{title}: none", markup=False)
        return
    table = Table(title=title, show_lines=False)
    for column in rows[0]:
        table.add_column(column, overflow="fold", max_width=60)
    for row in rows:
        table.add_row(*(_cell(value) for value in row.values()))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)
