"""Dashboard: sealed rasters per year, boundary layers and units, precomputed unit numbers.

`boundary_units.geom` is a geometry column (EPSG:4326) with a spatial index, created the
same way as in 0001 (GiST on PostGIS, R*Tree on SpatiaLite); the other tables are plain.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry, alembic_helpers  # noqa: F401  (registers the geospatial ops)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _cascade_fk(column: str, table: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "sealed_rasters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sealed_values", sa.JSON(), nullable=False),
        sa.Column("ignore_values", sa.JSON(), nullable=False),
        sa.Column("caveat", sa.Text(), nullable=False),
        sa.Column("model_name", sa.String(200), nullable=True),
        sa.Column("crs", sa.String(64), nullable=True),
        sa.Column("bounds_wgs84", sa.JSON(), nullable=True),
        _created_at(),
        sa.CheckConstraint(
            "kind IN ('clcplus', 'prediction')", name=op.f("ck_sealed_rasters_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_rasters")),
        sa.UniqueConstraint("name", name=op.f("uq_sealed_rasters_name")),
    )
    op.create_index(op.f("ix_sealed_rasters_year"), "sealed_rasters", ["year"])

    op.create_table(
        "boundary_layers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("id_field", sa.String(120), nullable=False),
        sa.Column("name_field", sa.String(120), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("crs", sa.String(64), nullable=True),
        sa.Column("unit_count", sa.Integer(), server_default="0", nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_layers")),
        sa.UniqueConstraint("name", name=op.f("uq_boundary_layers_name")),
    )

    op.create_geospatial_table(
        "boundary_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.String(120), nullable=False),
        sa.Column("name", sa.String(300), nullable=True),
        sa.Column(
            "geom",
            Geometry(geometry_type="GEOMETRY", srid=4326, spatial_index=False, nullable=False),
            nullable=False,
        ),
        sa.Column("area_m2", sa.Double(), nullable=False),
        _cascade_fk("layer_id", "boundary_units", "boundary_layers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_units")),
        sa.UniqueConstraint("layer_id", "unit_id", name=op.f("uq_boundary_units_layer_id_unit_id")),
    )
    op.create_geospatial_index(
        "idx_boundary_units_geom",
        "boundary_units",
        ["geom"],
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(op.f("ix_boundary_units_layer_id"), "boundary_units", ["layer_id"])
    op.create_index("ix_boundary_units_layer_id_name", "boundary_units", ["layer_id", "name"])

    op.create_table(
        "unit_stats",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("raster_id", sa.Integer(), nullable=False),
        sa.Column("sealed_m2", sa.Double(), nullable=False),
        sa.Column("valid_m2", sa.Double(), nullable=False),
        sa.Column("zone_m2", sa.Double(), nullable=False),
        _cascade_fk("unit_id", "unit_stats", "boundary_units"),
        _cascade_fk("raster_id", "unit_stats", "sealed_rasters"),
        sa.PrimaryKeyConstraint("unit_id", "raster_id", name=op.f("pk_unit_stats")),
    )
    op.create_index(op.f("ix_unit_stats_raster_id"), "unit_stats", ["raster_id"])

    op.create_table(
        "unit_changes",
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("from_raster_id", sa.Integer(), nullable=False),
        sa.Column("to_raster_id", sa.Integer(), nullable=False),
        sa.Column("gained_m2", sa.Double(), nullable=False),
        sa.Column("lost_m2", sa.Double(), nullable=False),
        sa.Column("stable_sealed_m2", sa.Double(), nullable=False),
        sa.Column("net_m2", sa.Double(), nullable=False),
        sa.Column("valid_m2", sa.Double(), nullable=False),
        _cascade_fk("unit_id", "unit_changes", "boundary_units"),
        _cascade_fk("from_raster_id", "unit_changes", "sealed_rasters"),
        _cascade_fk("to_raster_id", "unit_changes", "sealed_rasters"),
        sa.PrimaryKeyConstraint(
            "unit_id", "from_raster_id", "to_raster_id", name=op.f("pk_unit_changes")
        ),
    )
    op.create_index(op.f("ix_unit_changes_from_raster_id"), "unit_changes", ["from_raster_id"])
    op.create_index(op.f("ix_unit_changes_to_raster_id"), "unit_changes", ["to_raster_id"])


def downgrade() -> None:
    op.drop_table("unit_changes")
    op.drop_table("unit_stats")
    op.drop_geospatial_index("idx_boundary_units_geom", "boundary_units", column_name="geom")
    op.drop_geospatial_table("boundary_units")
    op.drop_table("boundary_layers")
    op.drop_table("sealed_rasters")
