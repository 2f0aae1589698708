"""Tables of the dashboard: sealed rasters per year, boundary layers and their units, and
the numbers precomputed per unit (migration 0003).

`UnitStat` holds `sealed_shares` of one unit over one raster; `UnitChange` holds
`change_by_zone` of one unit between two rasters (gained / lost sealed area cannot be
derived from two shares). Both are filled by `flask boundaries precompute`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import UTCDateTime, db, utcnow

RASTER_KINDS = ("clcplus", "prediction")


def _created() -> Any:
    return mapped_column(UTCDateTime(), default=utcnow, server_default=sa.func.now())


class SealedRaster(db.Model):
    """A raster of one year whose `sealed_values` mark sealed pixels (a COG on disk)."""

    __tablename__ = "sealed_rasters"
    __table_args__ = (sa.CheckConstraint("kind IN ('clcplus', 'prediction')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    year: Mapped[int] = mapped_column(index=True)
    path: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    sealed_values: Mapped[list[int]] = mapped_column(sa.JSON)
    ignore_values: Mapped[list[int]] = mapped_column(sa.JSON)
    caveat: Mapped[str] = mapped_column(sa.Text)
    model_name: Mapped[str | None] = mapped_column(sa.String(200))
    crs: Mapped[str | None] = mapped_column(sa.String(64))
    #: [west, south, east, north] in degrees (EPSG:4326).
    bounds_wgs84: Mapped[list[float] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = _created()

    def __repr__(self) -> str:
        return f"<SealedRaster {self.name} {self.year}>"


class BoundaryLayer(db.Model):
    """A registered set of units (e.g. communes) imported from a vector file."""

    __tablename__ = "boundary_layers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    id_field: Mapped[str] = mapped_column(sa.String(120))
    name_field: Mapped[str | None] = mapped_column(sa.String(120))
    source: Mapped[str] = mapped_column(sa.Text)
    crs: Mapped[str | None] = mapped_column(sa.String(64))
    unit_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = _created()

    def __repr__(self) -> str:
        return f"<BoundaryLayer {self.name}>"


class BoundaryUnit(db.Model):
    """One unit of a boundary layer; geometry in EPSG:4326, area on the ellipsoid (m²)."""

    __tablename__ = "boundary_units"
    __table_args__ = (
        sa.UniqueConstraint("layer_id", "unit_id"),
        sa.Index("ix_boundary_units_layer_id_name", "layer_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("boundary_layers.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[str] = mapped_column(sa.String(120))
    name: Mapped[str | None] = mapped_column(sa.String(300))
    geom: Mapped[Any] = mapped_column(
        Geometry(geometry_type="GEOMETRY", srid=4326, spatial_index=True), nullable=False
    )
    area_m2: Mapped[float]

    layer: Mapped[BoundaryLayer] = relationship()


class UnitStat(db.Model):
    """`sealed_shares` of one unit over one raster (precomputed)."""

    __tablename__ = "unit_stats"

    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("boundary_units.id", ondelete="CASCADE"), primary_key=True
    )
    raster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sealed_rasters.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sealed_m2: Mapped[float]
    valid_m2: Mapped[float]
    zone_m2: Mapped[float]


class UnitChange(db.Model):
    """`change_by_zone` of one unit between two rasters (precomputed)."""

    __tablename__ = "unit_changes"

    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("boundary_units.id", ondelete="CASCADE"), primary_key=True
    )
    from_raster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sealed_rasters.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    to_raster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sealed_rasters.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    gained_m2: Mapped[float]
    lost_m2: Mapped[float]
    stable_sealed_m2: Mapped[float]
    net_m2: Mapped[float]
    valid_m2: Mapped[float]
