"""Alembic environment: runs the migrations on the connection :func:`saidwhat.store.open_store` passes in
(``config.attributes["connection"]``), or on ``sqlalchemy.url`` when run by the ``alembic`` command."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from saidwhat.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section) or {}, poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)
