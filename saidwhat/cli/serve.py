"""``saidwhat serve``: the local web app over a corpus store."""

from __future__ import annotations

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
