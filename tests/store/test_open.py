from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text

from saidwhat.errors import StoreError
from saidwhat.store import open_store, resolve_url
from saidwhat.store.tables import Meta


def test_open_creates_the_schema_and_reopens(store_url: str) -> None:
    with open_store(store_url) as store:
        tables = set(inspect(store.engine).get_table_names())
        assert {"articles", "attributions", "entities", "claims", "techniques", "scare_quotes"} <= tables
        assert {"failures", "speakers", "speaker_names", "speaker_overrides"} <= tables
        with store.session() as session:
            session.add(Meta(key="probe", value="1"))
    with open_store(store_url) as store, store.session() as session:  # migrating again is a no-op
        assert session.scalar(select(Meta.value).where(Meta.key == "probe")) == "1"
        head = session.scalar(text("SELECT version_num FROM alembic_version"))
        assert head == "0002"  # 0002 adds the fact-check tables


def test_urls() -> None:
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("corpus.sqlite").startswith("sqlite:////")


def test_unsupported_url_is_a_coded_error() -> None:
    with pytest.raises(StoreError, match=r"\[E010\].*only SQLite files and postgresql"):
        open_store("mysql://u@h/db")


def test_unreachable_server_is_a_coded_error() -> None:
    with pytest.raises(StoreError, match=r"\[E010\].*cannot open the store"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
