"""The initial corpus store: articles, their analysis rows, failures, speaker identities, full-text indexes.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("published_date", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("source_file", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "analysis",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_outlet_date", "articles", ["outlet", "published_date"])
    op.create_index("ix_articles_pipeline_version", "articles", ["pipeline_version"])
    op.create_index("ix_articles_published_date", "articles", ["published_date"])

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("input"),
    )
    op.create_index("ix_failures_code", "failures", ["code"])
    op.create_index("ix_failures_content_hash", "failures", ["content_hash"])

    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "speaker_overrides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("key_a", sa.Text(), nullable=False),
        sa.Column("key_b", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "speakers",
        sa.Column("id", sa.String(length=96), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("organization", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_speakers_name", "speakers", ["name"])

    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(length=16), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("speaker_entity", sa.String(length=64), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_key", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attributions_article_id", "attributions", ["article_id"])
    op.create_index("ix_attributions_speaker_key", "attributions", ["speaker_key"])
    op.create_index("ix_attributions_stance", "attributions", ["stance"])

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("claimant", sa.String(length=64), nullable=False),
        sa.Column("claimant_name", sa.Text(), nullable=True),
        sa.Column("speaker_key", sa.Text(), nullable=True),
        sa.Column("attribution_key", sa.String(length=64), nullable=True),
        sa.Column("checkworthiness", sa.Float(), nullable=False),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    op.create_index("ix_claims_checkworthiness", "claims", ["checkworthiness"])
    op.create_index("ix_claims_speaker_key", "claims", ["speaker_key"])

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("organization", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("speaker_key", sa.Text(), nullable=True),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_entities_article_id", "entities", ["article_id"])
    op.create_index("ix_entities_canonical", "entities", ["canonical"])
    op.create_index("ix_entities_speaker_key", "entities", ["speaker_key"])

    op.create_table(
        "scare_quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scare_quotes_article_id", "scare_quotes", ["article_id"])

    op.create_table(
        "speaker_names",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("speaker_id", sa.String(length=96), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("organization", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_speaker_names_speaker_id", "speaker_names", ["speaker_id"])

    op.create_table(
        "techniques",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("technique", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.Column("attribution_key", sa.String(length=64), nullable=True),
        sa.Column("pipeline_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_techniques_article_id", "techniques", ["article_id"])
    op.create_index("ix_techniques_technique", "techniques", ["technique"])
    _full_text_indexes()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _FULL_TEXT:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    for table in (
        "techniques",
        "speaker_names",
        "scare_quotes",
        "entities",
        "claims",
        "attributions",
        "speakers",
        "speaker_overrides",
        "meta",
        "failures",
        "articles",
    ):
        op.drop_table(table)


#: Tables with full-text search, and the columns searched.
_FULL_TEXT = {"articles": ("title", "text"), "claims": ("text",)}


def _full_text_indexes() -> None:
    """FTS5 tables kept in step by triggers on SQLite; a generated tsvector with a GIN index on PostgreSQL.

    FTS5 and tsvector have no SQLAlchemy construct, so these two pieces of DDL are written out.
    """
    dialect = op.get_bind().dialect.name
    for table, columns in _FULL_TEXT.items():
        if dialect == "postgresql":
            document = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
            op.add_column(
                table,
                sa.Column(
                    "search",
                    postgresql.TSVECTOR(),
                    sa.Computed(f"to_tsvector('english', {document})", persisted=True),
                ),
            )
            op.create_index(f"ix_{table}_search", table, ["search"], postgresql_using="gin")
        elif dialect == "sqlite":
            _sqlite_fts(table, columns)


def _sqlite_fts(table: str, columns: tuple[str, ...]) -> None:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    fts = f"{table}_fts"
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END")
    op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN {remove} {insert} END")
