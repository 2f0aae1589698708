"""Packs and their content (tables per server/MODELS_SPEC.md).

A `Pack` is the stable identity (public uuid in URLs); every upload creates an
immutable `PackVersion` holding the manifest metadata, the original file (`PackFile`),
its legend (`PackClass`) and its plots (`Plot`, geometry in EPSG:4326).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from server.auth.models import User
from server.extensions import UTCDateTime, db, utcnow

FILE_FORMATS = ("gpkg", "geojson")
VERDICTS = ("confirm", "correct")


def _geometry() -> Geometry:
    return Geometry(geometry_type="GEOMETRY", srid=4326, spatial_index=True)


def _created() -> Any:
    return mapped_column(UTCDateTime(), default=utcnow, server_default=sa.func.now())


class Pack(db.Model):
    __tablename__ = "packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(
        sa.String(36), unique=True, default=lambda: str(uuid.uuid4())
    )
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    theme: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    license: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    latest_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=sa.func.now()
    )

    owner: Mapped[User] = relationship()
    versions: Mapped[list[PackVersion]] = relationship(
        back_populates="pack",
        order_by="PackVersion.version",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"<Pack {self.public_id} v{self.latest_version}>"


class PackVersion(db.Model):
    __tablename__ = "pack_versions"
    __table_args__ = (
        sa.UniqueConstraint("pack_id", "version"),
        sa.UniqueConstraint("pack_id", "content_hash"),
        sa.CheckConstraint("file_format IN ('gpkg', 'geojson')", name="file_format"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[int] = mapped_column(sa.ForeignKey("packs.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = _created()
    file_format: Mapped[str] = mapped_column(sa.String(16))
    filename: Mapped[str] = mapped_column(sa.String(255))
    size_bytes: Mapped[int]
    manifest: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    theme: Mapped[str | None] = mapped_column(sa.String(80))
    license: Mapped[str | None] = mapped_column(sa.String(64))
    citation: Mapped[str | None] = mapped_column(sa.Text)
    contributors: Mapped[str | None] = mapped_column(sa.Text)
    method: Mapped[str | None] = mapped_column(sa.String(40))
    observed_from: Mapped[date | None]
    observed_to: Mapped[date | None]
    positional_accuracy_m: Mapped[float | None]
    footprint: Mapped[Any] = mapped_column(_geometry(), nullable=False)
    min_x: Mapped[float]
    min_y: Mapped[float]
    max_x: Mapped[float]
    max_y: Mapped[float]
    plot_count: Mapped[int] = mapped_column(default=0, server_default="0")
    quality_score: Mapped[float | None]
    quality_level: Mapped[str | None] = mapped_column(sa.String(1))
    quality: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    crs: Mapped[str | None] = mapped_column(sa.String(64))

    pack: Mapped[Pack] = relationship(back_populates="versions")
    uploaded_by: Mapped[User] = relationship()
    file: Mapped[PackFile | None] = relationship(
        back_populates="version", cascade="all, delete-orphan", passive_deletes=True
    )
    classes: Mapped[list[PackClass]] = relationship(
        back_populates="version",
        order_by="PackClass.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    # Up to MAX_PLOTS_PER_PACK rows: never loaded implicitly. Query with
    # `db.session.scalars(version.plots.select().order_by(Plot.plot_id))`.
    plots: WriteOnlyMapped[Plot] = relationship(
        back_populates="version", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<PackVersion pack={self.pack_id} v{self.version}>"


class PackFile(db.Model):
    """The uploaded file's bytes, apart from PackVersion so listing never loads them."""

    __tablename__ = "pack_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pack_versions.id", ondelete="CASCADE"), unique=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)

    version: Mapped[PackVersion] = relationship(back_populates="file")


class PackClass(db.Model):
    """One legend entry of a pack version, with its CLC+ / EAGLE mapping."""

    __tablename__ = "pack_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pack_versions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str | None] = mapped_column(sa.String(200))
    clcplus_code: Mapped[int | None] = mapped_column(index=True)
    eagle_codes: Mapped[str | None] = mapped_column(sa.String(400), index=True)
    color: Mapped[str | None] = mapped_column(sa.String(9))

    version: Mapped[PackVersion] = relationship(back_populates="classes")


class Plot(db.Model):
    """One ground-truth observation: a polygon (or point) with a class label."""

    __tablename__ = "plots"
    __table_args__ = (sa.UniqueConstraint("pack_version_id", "plot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pack_versions.id", ondelete="CASCADE"), index=True
    )
    plot_id: Mapped[str] = mapped_column(sa.String(120))
    class_code: Mapped[str] = mapped_column(sa.String(64), index=True)
    clcplus_code: Mapped[int | None]
    observed_on: Mapped[date | None] = mapped_column(index=True)
    collector: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    descriptors: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    photos: Mapped[list[Any] | None] = mapped_column(sa.JSON)
    area_m2: Mapped[float | None]
    geom: Mapped[Any] = mapped_column(_geometry(), nullable=False)
    geom_original_wkb: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    original_crs: Mapped[str | None] = mapped_column(sa.String(64))
    quality_score: Mapped[float | None]
    quality_level: Mapped[str | None] = mapped_column(sa.String(1))
    quality: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    version: Mapped[PackVersion] = relationship(back_populates="plots")
    reviews: Mapped[list[PlotReview]] = relationship(
        back_populates="plot",
        order_by="PlotReview.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class PlotReview(db.Model):
    __tablename__ = "plot_reviews"
    __table_args__ = (sa.CheckConstraint("verdict IN ('confirm', 'correct')", name="verdict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plot_id: Mapped[int] = mapped_column(sa.ForeignKey("plots.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    verdict: Mapped[str] = mapped_column(sa.String(16))
    corrected_class: Mapped[str | None] = mapped_column(sa.String(64))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = _created()

    plot: Mapped[Plot] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()


class ReferenceRaster(db.Model):
    """A reference land-cover raster on disk (e.g. CLC+ Backbone) used for agreement checks."""

    __tablename__ = "reference_rasters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    path: Mapped[str] = mapped_column(sa.Text)
    year: Mapped[int | None]
    kind: Mapped[str] = mapped_column(sa.String(32), default="clcplus", server_default="clcplus")
    created_at: Mapped[datetime] = _created()


LOOKUP_STATUSES = ("pending", "done", "failed")


class AcquisitionLookup(db.Model):
    """The Sentinel-2 catalogue lookup of one pack version (server.sentinel2): its state,
    and why it failed. One per version; the acquisitions found are `PackAcquisition` rows."""

    __tablename__ = "pack_acquisition_lookups"
    __table_args__ = (sa.CheckConstraint("status IN ('pending', 'done', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pack_versions.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(16))
    detail: Mapped[str | None] = mapped_column(sa.Text)
    catalog_url: Mapped[str] = mapped_column(sa.Text)
    collection: Mapped[str] = mapped_column(sa.String(120))
    searched_from: Mapped[date | None]
    searched_to: Mapped[date | None]
    started_at: Mapped[datetime] = _created()
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PackAcquisition(db.Model):
    """A Sentinel-2 acquisition related to a pack version: over its area, near the dates
    of its observations, with little cloud. Found in the configured STAC catalogue."""

    __tablename__ = "pack_acquisitions"
    __table_args__ = (sa.UniqueConstraint("pack_version_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("pack_versions.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]  # 1 = the best match
    item_id: Mapped[str] = mapped_column(sa.String(200))  # the STAC item id
    product_id: Mapped[str | None] = mapped_column(sa.String(200))  # the ESA product name
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    level: Mapped[str] = mapped_column(sa.String(8))
    cloud_cover: Mapped[float | None]
    processing_baseline: Mapped[str | None] = mapped_column(sa.String(16))
    days_from_observation: Mapped[int]  # to the nearest observation date of the version
    item_url: Mapped[str | None] = mapped_column(sa.Text)  # the STAC item (JSON)
    created_at: Mapped[datetime] = _created()
