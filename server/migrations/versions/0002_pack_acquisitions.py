"""Sentinel-2 acquisitions related to a pack version, and the state of their lookup.

Plain tables (no geometry): the same DDL on SpatiaLite and PostGIS.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "pack_acquisition_lookups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("catalog_url", sa.Text(), nullable=False),
        sa.Column("collection", sa.String(120), nullable=False),
        sa.Column("searched_from", sa.Date(), nullable=True),
        sa.Column("searched_to", sa.Date(), nullable=True),
        sa.Column(
            "started_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'failed')",
            name=op.f("ck_pack_acquisition_lookups_status"),
        ),
        sa.ForeignKeyConstraint(
            ["pack_version_id"],
            ["pack_versions.id"],
            name=op.f("fk_pack_acquisition_lookups_pack_version_id_pack_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_acquisition_lookups")),
        sa.UniqueConstraint(
            "pack_version_id", name=op.f("uq_pack_acquisition_lookups_pack_version_id")
        ),
    )

    op.create_table(
        "pack_acquisitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_version_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("product_id", sa.String(200), nullable=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("cloud_cover", sa.Double(), nullable=True),
        sa.Column("processing_baseline", sa.String(16), nullable=True),
        sa.Column("days_from_observation", sa.Integer(), nullable=False),
        sa.Column("item_url", sa.Text(), nullable=True),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["pack_version_id"],
            ["pack_versions.id"],
            name=op.f("fk_pack_acquisitions_pack_version_id_pack_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_acquisitions")),
        sa.UniqueConstraint(
            "pack_version_id", "item_id", name=op.f("uq_pack_acquisitions_pack_version_id_item_id")
        ),
    )
    op.create_index(
        op.f("ix_pack_acquisitions_pack_version_id"), "pack_acquisitions", ["pack_version_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_pack_acquisitions_pack_version_id"), table_name="pack_acquisitions")
    op.drop_table("pack_acquisitions")
    op.drop_table("pack_acquisition_lookups")
