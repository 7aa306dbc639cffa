"""The corpus store: analyses of many articles in one SQLite file or a PostgreSQL database.

    from saidwhat.store import open_store
    with open_store("corpus.sqlite") as store:          # or "postgresql://user@host/db"
        with store.session() as session:
            save_analysis(session, analysis)

:func:`open_store` takes a SQLAlchemy URL, a bare file path (SQLite), or nothing (``$SAIDWHAT_STORE``,
else ``saidwhat-corpus.sqlite`` in the working directory). Both backends have the same tables
(:mod:`saidwhat.store.tables`) and answer the same queries; full-text search uses FTS5 on SQLite and a
``tsvector`` column with a GIN index on PostgreSQL.

Migrations (Alembic) ship in ``saidwhat/store/migrations/versions`` and are applied when a store is
opened, so a store written by an older saidwhat is upgraded in place. To add one:

1. change or add the ORM classes in :mod:`saidwhat.store.tables`;
2. generate the migration against a store at the current head::

       .venv/bin/alembic -c saidwhat/store/alembic.ini revision --autogenerate -m "what changes"
       # (alembic.ini points at ./.tmp/alembic-dev.sqlite; open_store() it first to bring it to head)

   or write it by hand from ``script.py.mako``; name the file ``vNNNN_what.py`` (a valid module name),
   set ``down_revision`` to the previous head's ``revision``;
3. put dialect-specific DDL (full-text indexes, vector indexes) under
   ``if op.get_bind().dialect.name == "postgresql":`` / ``"sqlite"``, so both stores stay in step;
4. run ``bash scripts/test.sh tests/store`` — the store tests run on SQLite and PostgreSQL.
"""

from saidwhat.store.core import DEFAULT_URL, Store, migrate, open_store, resolve_url
from saidwhat.store.write import content_hash, known_hashes, save_analysis, save_failure

__all__ = [
    "DEFAULT_URL",
    "Store",
    "content_hash",
    "known_hashes",
    "migrate",
    "open_store",
    "resolve_url",
    "save_analysis",
    "save_failure",
]
