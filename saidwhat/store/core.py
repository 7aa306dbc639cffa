"""Opening a store: the URL, the engine, and the migrations applied on open."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from saidwhat.errors import StoreError

#: The store used when no URL is given and ``SAIDWHAT_STORE`` is not set: one SQLite file.
DEFAULT_URL = "sqlite:///saidwhat-corpus.sqlite"
ENV_VAR = "SAIDWHAT_STORE"
_MIGRATIONS = "saidwhat.store:migrations"
# Any fixed number: serialises migrations when several processes open one PostgreSQL store at once.
_MIGRATION_LOCK = 7_241_105


def resolve_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for a store: ``url``, else ``$SAIDWHAT_STORE``, else :data:`DEFAULT_URL`.

    A bare path (no ``://``) is a SQLite file; ``postgresql://`` and ``postgres://`` use psycopg 3.
    """
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen[len(prefix) :]
    return chosen


class Store:
    """A corpus store: an engine on the database, with the schema migrated to the newest revision.

    Use :func:`open_store` to get one; close it (or use it as a context manager) when done.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError as exc:
            raise StoreError(
                self.url, f"not a database URL ({exc}); use a file path or postgresql://…"
            ) from exc
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(self.url, "only SQLite files and postgresql:// URLs are supported")
        self.engine = _create_engine(self.url)
        self.dialect: str = self.engine.dialect.name
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        try:
            migrate(self.engine)
        except Exception as exc:
            self.engine.dispose()
            raise StoreError(_safe(self.url), f"cannot open the store ({exc})") from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on leaving the block, rolled back on an error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({_safe(self.url)!r})"


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url``; see :func:`resolve_url`."""
    return Store(url)


def migrate(engine: Engine) -> None:
    """Apply every migration the store does not have yet (Alembic ``upgrade head``)."""
    config = Config()
    config.set_main_option("script_location", _MIGRATIONS)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # WAL: readers are not blocked by a running ingest; a killed writer loses only its open transaction.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
