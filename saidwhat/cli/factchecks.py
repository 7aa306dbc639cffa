"""``saidwhat factchecks import`` / ``list`` / ``count`` / ``delete`` / ``match``: stored fact-checks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from saidwhat.cli.app import app
from saidwhat.errors import SaidwhatError

factchecks_app = typer.Typer(
    help="Fact-checked claims: import, list, count and delete them in the store; match claims against them."
)
app.add_typer(factchecks_app, name="factchecks")

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="A SQLite file or postgresql:// URL [default: $SAIDWHAT_STORE, else saidwhat-corpus.sqlite]",
    ),
]


@factchecks_app.command("import")
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="ClaimReview JSON/JSON-LD, HTML pages with ClaimReview markup, CSV or JSONL files."
        ),
    ],
    store: StoreOption = None,
) -> None:
    """Import fact-checks (idempotent: a fact-check already in the store is not added twice).

    Records that cannot be read are reported as 'error: [E007] FILE:LINE: problem' and skipped; the others
    are imported. Exit code 1 when some records or files were skipped.
    """
    from saidwhat.claims.factstore import FactCheckStore
    from saidwhat.nlp.embedder import load_embedder
    from saidwhat.store import open_store

    failed = False
    try:
        opened = open_store(store)
    except SaidwhatError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    with opened:
        factchecks = FactCheckStore(opened.engine)
        embedder = load_embedder()
        total_added = total_existing = 0
        for path in paths:
            try:
                report = factchecks.import_files([path], embedder)
            except SaidwhatError as exc:
                typer.echo(f"error: {exc}", err=True)
                failed = True
                continue
            for problem in report.problems:
                typer.echo(f"error: {problem}", err=True)
            failed = failed or bool(report.problems)
            total_added += report.added
            total_existing += report.existing
            typer.echo(
                f"{path}: {report.added} imported, {report.existing} already in the store, "
                f"{len(report.problems)} skipped"
            )
        factchecks.index()  # bring the neighbour index in step now rather than at the first match
        typer.echo(
            f"{opened!r}: {factchecks.count()} fact-checks ({total_added} new, {total_existing} known)"
        )
    if failed:
        raise typer.Exit(1)


@factchecks_app.command("match")
def match_command(
    texts: Annotated[list[str], typer.Argument(help="Claims to look up.")],
    store: StoreOption = None,
    on: Annotated[str | None, typer.Option(help="The claims' date (YYYY-MM-DD), if known.")] = None,
) -> None:
    """Print, as JSON, the fact-checks that match each claim (calibrated similarity ≥ 0.5)."""
    from saidwhat.claims.matching import open_matcher

    when = date.fromisoformat(on) if on else None
    matcher = open_matcher(store)
    results = matcher.match_texts(texts, when)
    payload = [
        {"claim": text, "matches": [m.model_dump() for m in matches]}
        for text, matches in zip(texts, results, strict=True)
    ]
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def _open(store: str | None) -> Any:
    from saidwhat.store import open_store

    try:
        return open_store(store)
    except SaidwhatError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@factchecks_app.command("delete")
def delete_command(
    keys: Annotated[
        list[str] | None,
        typer.Argument(help="Fact-check keys (or their first 12+ characters), as 'list' shows them."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(help="Every fact-check imported from this file (as 'count --by source' names it)."),
    ] = None,
    checker: Annotated[str | None, typer.Option(help="Every fact-check by this checker (any case).")] = None,
    missing_ok: Annotated[
        bool, typer.Option(help="Keys that name no fact-check (already deleted) are not an error.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Delete fact-checks from the store and from its neighbour index, so no match returns them.

    With --source and --checker together, what both match is deleted; keys add to it. A key that names
    no fact-check is an error (E012) and then nothing is deleted; deleting again is harmless.
    """
    from saidwhat.claims.factstore import FactCheckStore

    if not keys and source is None and checker is None:
        raise typer.BadParameter("give KEYS, --source or --checker (nothing would be deleted)")
    with _open(store) as opened:
        try:
            deleted = FactCheckStore(opened.engine).delete(
                keys or [], source=source, checker=checker, missing_ok=missing_ok
            )
        except SaidwhatError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        for key in deleted:
            typer.echo(f"deleted {key}")
        typer.echo(
            f"{opened!r}: {len(deleted)} fact-checks deleted, {FactCheckStore(opened.engine).count()} left"
        )


@factchecks_app.command("list")
def list_command(
    source: Annotated[str | None, typer.Option(help="Only those imported from this file.")] = None,
    checker: Annotated[str | None, typer.Option(help="Only those by this checker (any case).")] = None,
    page: Annotated[int, typer.Option(min=1)] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    store: StoreOption = None,
) -> None:
    """The imported fact-checks, in import order, a page at a time, with their keys."""
    from saidwhat.claims.factstore import MIN_PREFIX, FactCheckStore

    if output_format not in ("table", "jsonl"):
        raise typer.BadParameter("table or jsonl", param_hint="--format")
    with _open(store) as opened:
        total, rows = FactCheckStore(opened.engine).listing(
            source=source, checker=checker, offset=(page - 1) * per_page, limit=per_page
        )
    records = [
        {
            "key": row.key,
            "claim": row.claim,
            "verdict": row.verdict,
            "checker": row.checker,
            "url": row.url,
            "date": row.date.isoformat() if row.date else None,
            "source": row.source_file,
        }
        for row in rows
    ]
    if output_format == "jsonl":
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Fact-checks {len(records) and (page - 1) * per_page + 1}-"
        f"{(page - 1) * per_page + len(records)} of {total}"
    )
    for column in ("key", "checker", "verdict", "date", "claim"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            str(record["key"])[:MIN_PREFIX],
            record["checker"] or "",
            record["verdict"] or "",
            record["date"] or "",
            record["claim"],
        )
    Console(highlight=False).print(table)


@factchecks_app.command("count")
def count_command(
    by: Annotated[
        str, typer.Option(help="checker or source: a count per checker or per imported file.")
    ] = "checker",
    store: StoreOption = None,
) -> None:
    """How many fact-checks the store holds, per checker or per source file."""
    from saidwhat.claims.factstore import FactCheckStore

    if by not in ("checker", "source"):
        raise typer.BadParameter("checker or source", param_hint="--by")
    with _open(store) as opened:
        factchecks = FactCheckStore(opened.engine)
        for name, count in factchecks.counts(by):
            typer.echo(f"{count}\t{name or '(none)'}")
        typer.echo(f"{factchecks.count()}\ttotal")
