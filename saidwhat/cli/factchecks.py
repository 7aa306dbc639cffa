"""``saidwhat factchecks import`` / ``match``: load fact-checks into the store, look claims up in them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from saidwhat.cli.app import app
from saidwhat.errors import SaidwhatError

factchecks_app = typer.Typer(
    help="Fact-checked claims: import them into the store, match claims against them."
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
