"""Claim clusters: clustering units with their vectors, clusters, memberships; articles.units_model.

Articles stored before this revision get ``units_model`` NULL: their units are made on demand
(``saidwhat clusters``, ``saidwhat ingest``), batched, with progress.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): copying the SQLite articles table would drop its FTS triggers.
    op.add_column("articles", sa.Column("units_model", sa.String(length=64), nullable=True))
    op.create_index("ix_articles_units_model", "articles", ["units_model"])
    op.create_table(
        "claim_units",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_key", sa.Text(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("stance", sa.String(length=16), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_claim_units_article_id", "claim_units", ["article_id"])
    op.create_index("ix_claim_units_speaker_key", "claim_units", ["speaker_key"])
    op.create_table(
        "claim_clusters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("representative_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("outlets", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("digest", JSON_TYPE, nullable=True),
        sa.Column("matches", JSON_TYPE, nullable=True),
        sa.Column("matches_stamp", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_claim_clusters_articles", "claim_clusters", ["articles"])
    op.create_index("ix_claim_clusters_stale", "claim_clusters", ["stale"])
    op.create_table(
        "claim_cluster_members",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("sort_date", sa.Date(), nullable=False),
        sa.Column("indexed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["claim_units.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cluster_id"], ["claim_clusters.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("unit_id"),
    )
    op.create_index(
        "ix_claim_cluster_members_page", "claim_cluster_members", ["cluster_id", "sort_date", "unit_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_claim_cluster_members_page", table_name="claim_cluster_members")
    op.drop_table("claim_cluster_members")
    op.drop_index("ix_claim_clusters_stale", table_name="claim_clusters")
    op.drop_index("ix_claim_clusters_articles", table_name="claim_clusters")
    op.drop_table("claim_clusters")
    op.drop_index("ix_claim_units_speaker_key", table_name="claim_units")
    op.drop_index("ix_claim_units_article_id", table_name="claim_units")
    op.drop_table("claim_units")
    op.drop_index("ix_articles_units_model", table_name="articles")
    op.drop_column("articles", "units_model")
