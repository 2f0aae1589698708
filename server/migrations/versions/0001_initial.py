"""Initial schema: users, tokens, packs, versions, files, classes, plots, reviews, rasters.

Spatial setup differs per backend:
- PostgreSQL: the postgis extension; geometry columns with GiST indexes.
- SQLite: SpatiaLite metadata (InitSpatialMetaData, inside this migration's transaction:
  the "1" argument would open a nested transaction, fail and roll back ours), geometry
  columns registered with RecoverGeometryColumn and R*Tree indexes (CreateSpatialIndex),
  which geoalchemy2's create_geospatial_table / create_geospatial_index do for us.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry, alembic_helpers  # noqa: F401  (registers the geospatial ops)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _geometry() -> Geometry:
    # spatial_index=False: the index is created explicitly below, with a stable name.
    return Geometry(geometry_type="GEOMETRY", srid=4326, spatial_index=False, nullable=False)


def _created_at() -> sa.Column:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _spatial_index(table: str, column: str) -> None:
    op.create_geospatial_index(
        f"idx_{table}_{column}", table, [column], postgresql_using="gist", postgresql_ops={}
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    elif bind.dialect.name == "sqlite":
        if bind.execute(sa.text("SELECT CheckSpatialMetaData()")).scalar() < 1:
            bind.execute(sa.text("SELECT InitSpatialMetaData(0)"))

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("email", sa.String(255), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("role", sa.String(16), server_default="contributor", nullable=False),
        sa.Column("expertise", sa.String(16), server_default="volunteer", nullable=False),
        sa.Column("expertise_verified", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("expertise_verified_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_plots", sa.Integer(), server_default="0", nullable=False),
        sa.Column("confirmed_plots", sa.Integer(), server_default="0", nullable=False),
        _created_at(),
        sa.CheckConstraint(
            "expertise IN ('expert', 'professional', 'student', 'volunteer')",
            name=op.f("ck_users_expertise"),
        ),
        sa.CheckConstraint(
            "role IN ('contributor', 'reviewer', 'admin')", name=op.f("ck_users_role")
        ),
        sa.ForeignKeyConstraint(
            ["expertise_verified_by_id"],
            ["users.id"],
            name=op.f("fk_users_expertise_verified_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        _created_at(),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"])

    op.create_table(
        "packs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("theme", sa.String(80), nullable=True),
        sa.Column("license", sa.String(64), nullable=True),
        sa.Column("latest_version", sa.Integer(), server_default="1", nullable=False),
        _created_at(),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_packs_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packs")),
        sa.UniqueConstraint("public_id", name=op.f("uq_packs_public_id")),
    )
    op.create_index(op.f("ix_packs_license"), "packs", ["license"])
    op.create_index(op.f("ix_packs_theme"), "packs", ["theme"])

    op.create_geospatial_table(
        "pack_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        _created_at(),
        sa.Column("file_format", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("theme", sa.String(80), nullable=True),
        sa.Column("license", sa.String(64), nullable=True),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("contributors", sa.Text(), nullable=True),
        sa.Column("method", sa.String(40), nullable=True),
        sa.Column("observed_from", sa.Date(), nullable=True),
        sa.Column("observed_to", sa.Date(), nullable=True),
        sa.Column("positional_accuracy_m", sa.Double(), nullable=True),
        sa.Column("footprint", _geometry(), nullable=False),
        sa.Column("min_x", sa.Double(), nullable=False),
        sa.Column("min_y", sa.Double(), nullable=False),
        sa.Column("max_x", sa.Double(), nullable=False),
        sa.Column("max_y", sa.Double(), nullable=False),
        sa.Column("plot_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("quality_score", sa.Double(), nullable=True),
        sa.Column("quality_level", sa.String(1), nullable=True),
        sa.Column("quality", sa.JSON(), nullable=True),
        sa.Column("crs", sa.String(64), nullable=True),
        sa.CheckConstraint(
            "file_format IN ('gpkg', 'geojson')", name=op.f("ck_pack_versions_file_format")
        ),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["packs.id"],
            name=op.f("fk_pack_versions_pack_id_packs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_pack_versions_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_versions")),
        sa.UniqueConstraint(
            "pack_id", "content_hash", name=op.f("uq_pack_versions_pack_id_content_hash")
        ),
        sa.UniqueConstraint("pack_id", "version", name=op.f("uq_pack_versions_pack_id_version")),
    )
    _spatial_index("pack_versions", "footprint")
    op.create_index(op.f("ix_pack_versions_content_hash"), "pack_versions", ["content_hash"])
    op.create_index(op.f("ix_pack_versions_pack_id"), "pack_versions", ["pack_id"])

    op.create_table(
        "pack_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_version_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pack_version_id"],
            ["pack_versions.id"],
            name=op.f("fk_pack_files_pack_version_id_pack_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_files")),
        sa.UniqueConstraint("pack_version_id", name=op.f("uq_pack_files_pack_version_id")),
    )

    op.create_table(
        "pack_classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("clcplus_code", sa.Integer(), nullable=True),
        sa.Column("eagle_codes", sa.String(400), nullable=True),
        sa.Column("color", sa.String(9), nullable=True),
        sa.ForeignKeyConstraint(
            ["pack_version_id"],
            ["pack_versions.id"],
            name=op.f("fk_pack_classes_pack_version_id_pack_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_classes")),
    )
    op.create_index(op.f("ix_pack_classes_clcplus_code"), "pack_classes", ["clcplus_code"])
    op.create_index(op.f("ix_pack_classes_eagle_codes"), "pack_classes", ["eagle_codes"])
    op.create_index(op.f("ix_pack_classes_pack_version_id"), "pack_classes", ["pack_version_id"])

    op.create_geospatial_table(
        "plots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_version_id", sa.Integer(), nullable=False),
        sa.Column("plot_id", sa.String(120), nullable=False),
        sa.Column("class_code", sa.String(64), nullable=False),
        sa.Column("clcplus_code", sa.Integer(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("collector", sa.String(200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("descriptors", sa.JSON(), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=True),
        sa.Column("area_m2", sa.Double(), nullable=True),
        sa.Column("geom", _geometry(), nullable=False),
        sa.Column("geom_original_wkb", sa.LargeBinary(), nullable=True),
        sa.Column("original_crs", sa.String(64), nullable=True),
        sa.Column("quality_score", sa.Double(), nullable=True),
        sa.Column("quality_level", sa.String(1), nullable=True),
        sa.Column("quality", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pack_version_id"],
            ["pack_versions.id"],
            name=op.f("fk_plots_pack_version_id_pack_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plots")),
        sa.UniqueConstraint(
            "pack_version_id", "plot_id", name=op.f("uq_plots_pack_version_id_plot_id")
        ),
    )
    _spatial_index("plots", "geom")
    op.create_index(op.f("ix_plots_class_code"), "plots", ["class_code"])
    op.create_index(op.f("ix_plots_observed_on"), "plots", ["observed_on"])
    op.create_index(op.f("ix_plots_pack_version_id"), "plots", ["pack_version_id"])

    op.create_table(
        "plot_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plot_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("corrected_class", sa.String(64), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        _created_at(),
        sa.CheckConstraint(
            "verdict IN ('confirm', 'correct')", name=op.f("ck_plot_reviews_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["plot_id"],
            ["plots.id"],
            name=op.f("fk_plot_reviews_plot_id_plots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_plot_reviews_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plot_reviews")),
    )
    op.create_index(op.f("ix_plot_reviews_plot_id"), "plot_reviews", ["plot_id"])

    op.create_table(
        "reference_rasters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(32), server_default="clcplus", nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_rasters")),
        sa.UniqueConstraint("name", name=op.f("uq_reference_rasters_name")),
    )


def downgrade() -> None:
    # Reverse order of creation; the geospatial variants also drop the spatial index and
    # unregister the geometry column from SpatiaLite's metadata.
    op.drop_table("reference_rasters")
    op.drop_table("plot_reviews")
    op.drop_geospatial_index("idx_plots_geom", "plots", column_name="geom")
    op.drop_geospatial_table("plots")
    op.drop_table("pack_classes")
    op.drop_table("pack_files")
    op.drop_geospatial_index(
        "idx_pack_versions_footprint", "pack_versions", column_name="footprint"
    )
    op.drop_geospatial_table("pack_versions")
    op.drop_table("packs")
    op.drop_table("api_tokens")
    op.drop_table("users")
