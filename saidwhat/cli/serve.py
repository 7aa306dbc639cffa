"""``saidwhat serve``: the local web app over a corpus store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from saidwhat.cli.app import app

if TYPE_CHECKING:  # the web stack is imported only when the command runs
    from saidwhat.web.repository import Repository


@app.command("serve")
def serve_command(
    store_url: Annotated[
        str | None,
        typer.Argument(
            help="The store: a SQLite file path or a postgresql:// URL (default: $SAIDWHAT_STORE, else "
            "saidwhat-corpus.sqlite here).",
            metavar="[STORE_URL]",
            show_default=False,
        ),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; only this machine can connect to the default.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    memory: Annotated[
        bool, typer.Option("--memory", help="Keep analysed articles in memory only, not in a store.")
    ] = False,
) -> None:
    """Start the web app: analyse articles, read them with every attribution marked, browse the corpus."""
    import uvicorn

    from saidwhat.web import create_app
    from saidwhat.web.repository import MemoryRepository

    repository = MemoryRepository() if memory else _store_repository(store_url)
    typer.echo(f"saidwhat: serving on http://{_url_host(host)}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(create_app(repository), host=host, port=port, log_level="warning")


def _store_repository(url: str | None) -> Repository:
    from saidwhat.errors import StoreError
    from saidwhat.store import open_store
    from saidwhat.web.store import StoreRepository

    try:
        store = open_store(url)
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="STORE_URL") from exc
    typer.echo(f"saidwhat: store {store!r}", err=True)
    return StoreRepository(store)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


@app.command("serve-bench")
def serve_bench_command(
    store_url: Annotated[
        str | None,
        typer.Argument(
            help="Store to fill (if it has fewer articles) and serve; default: a temporary SQLite file.",
            metavar="[STORE_URL]",
            show_default=False,
        ),
    ] = None,
    articles: Annotated[int, typer.Option(help="Articles in the store.", min=1)] = 10_000,
    clients: Annotated[int, typer.Option(help="Concurrent clients.", min=1, max=64)] = 4,
    rounds: Annotated[int, typer.Option(help="Rounds of the page mix per client.", min=1, max=1000)] = 10,
    example: Annotated[
        Path, typer.Option(help="The article analysed once and copied into the store.", exists=True)
    ] = Path("examples/kremlin-peskov-interview.txt"),
) -> None:
    """Page latency of the web app over a store of many articles, from a second process on loopback."""
    import tempfile

    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import func, select

    from saidwhat.model import Article, ArticleMetadata
    from saidwhat.pipeline import analyze
    from saidwhat.store import open_store
    from saidwhat.store.tables import ArticleRow
    from saidwhat.web.bench import fill_store, measure

    with tempfile.TemporaryDirectory(prefix="saidwhat-serve-bench-") as tmp:
        url = store_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        with open_store(url) as store:
            with store.session() as session:
                have = session.scalar(select(func.count()).select_from(ArticleRow)) or 0
            if have < articles:
                text = example.read_text(encoding="utf-8")
                meta = ArticleMetadata(title=example.stem)
                analysis = analyze(Article(id=example.stem, text=text, metadata=meta))
                typer.echo(f"filling the store with {articles - have:,} articles ...", err=True)
                fill_store(store, analysis, articles)
            from saidwhat.corpus.clusters import update_clusters

            typer.echo("embedding and clustering the claims not clustered yet ...", err=True)
            stats = update_clusters(store)  # a store filled by an older saidwhat has none
            typer.echo(f"... {stats.line()}", err=True)
            url = store.url
        result = measure(url, articles, clients=clients, rounds=rounds)
    table = Table(
        title=f"saidwhat serve-bench: {articles:,} articles, {clients} clients × {rounds} rounds, "
        f"{result.requests} requests in {result.seconds:.1f} s ({result.requests / result.seconds:.1f}/s), "
        f"{result.errors} errors"
    )
    for column in ("page", "requests", "p50 ms", "p95 ms", "max ms"):
        table.add_column(column, justify="left" if column == "page" else "right")
    for kind, count, p50, p95, most in result.rows():
        table.add_row(kind, str(count), f"{p50:.0f}", f"{p95:.0f}", f"{most:.0f}")
    Console().print(table)
    if result.errors:
        raise typer.Exit(1)
