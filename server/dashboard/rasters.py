"""Registering sealed rasters: checks, default caveats, and their JSON view."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from osgeo import gdal, osr

from server.dashboard.models import RASTER_KINDS, SealedRaster
from server.errors import NotFound
from server.extensions import db
from verite_core.pack.gdal_env import srs_identifier, wgs84

CLCPLUS_CAVEAT = (
    "CLC+ Backbone: changes between editions include classification noise; "
    "compare editions with care"
)
PREDICTION_CAVEAT = "Model prediction: a proxy, not a reference map"
MIXED_KINDS_CAVEAT = (
    "Compares a CLC+ Backbone edition with a model prediction: the difference mixes real "
    "change with the differences between the two maps"
)
DEFAULT_SEALED_VALUES = (1,)
DEFAULT_IGNORE_VALUES = (253, 254, 255)


class RasterError(ValueError):
    """A raster that cannot be registered, with a message for the operator."""


def default_caveat(kind: str, model_name: str | None = None) -> str:
    """The caveat shown with every figure from a raster of this kind."""
    if kind == "clcplus":
        return CLCPLUS_CAVEAT
    if model_name:
        return f"{PREDICTION_CAVEAT} (model: {model_name})"
    return PREDICTION_CAVEAT


def raster_footprint(path: str) -> tuple[str | None, list[float]]:
    """(CRS identifier, [west, south, east, north] in degrees) of a georeferenced raster."""
    try:
        ds = gdal.Open(path)
    except RuntimeError as exc:
        raise RasterError(f"{path} is not a raster GDAL can read: {exc}") from exc
    if ds is None or not ds.GetProjection():
        raise RasterError(f"{path} is not a georeferenced raster GDAL can read")
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0:
        raise RasterError(f"{path}: rotated rasters are not supported")
    srs = osr.SpatialReference()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.ImportFromWkt(ds.GetProjection())
    xs = (gt[0], gt[0] + gt[1] * ds.RasterXSize)
    ys = (gt[3], gt[3] + gt[5] * ds.RasterYSize)
    transform = osr.CoordinateTransformation(srs, wgs84())
    west, south, east, north = transform.TransformBounds(min(xs), min(ys), max(xs), max(ys), 21)
    return srs_identifier(srs), [round(v, 7) for v in (west, south, east, north)]


def register_raster(
    path: str,
    *,
    name: str,
    year: int,
    kind: str,
    sealed_values: Sequence[int] = DEFAULT_SEALED_VALUES,
    ignore_values: Sequence[int] = DEFAULT_IGNORE_VALUES,
    caveat: str | None = None,
    model_name: str | None = None,
) -> SealedRaster:
    """Check the raster and add it (not committed); RasterError says why it cannot be."""
    if kind not in RASTER_KINDS:
        raise RasterError(f"kind must be one of {', '.join(RASTER_KINDS)}")
    if not sealed_values:
        raise RasterError("at least one sealed value is needed")
    if set(sealed_values) & set(ignore_values):
        raise RasterError("a value cannot be both sealed and ignored")
    if db.session.scalar(sa.select(SealedRaster.id).where(SealedRaster.name == name)):
        raise RasterError(f"a sealed raster named {name!r} exists already")
    path = os.path.abspath(path)
    crs, bounds = raster_footprint(path)
    raster = SealedRaster(
        name=name,
        year=year,
        path=path,
        kind=kind,
        sealed_values=[int(v) for v in sealed_values],
        ignore_values=[int(v) for v in ignore_values],
        caveat=caveat or default_caveat(kind, model_name),
        model_name=model_name,
        crs=crs if crs and len(crs) <= 64 else None,
        bounds_wgs84=bounds,
    )
    db.session.add(raster)
    return raster


def all_rasters() -> list[SealedRaster]:
    """Every registered raster, by year then id."""
    return list(
        db.session.scalars(sa.select(SealedRaster).order_by(SealedRaster.year, SealedRaster.id))
    )


def require_raster(raster_id: Any) -> SealedRaster:
    """The raster with this id or 404 (ids are integers; anything else is unknown)."""
    try:
        key = int(raster_id)
    except (TypeError, ValueError):
        key = None
    raster = db.session.get(SealedRaster, key) if key is not None else None
    if raster is None:
        raise NotFound(f"no sealed raster with id {raster_id!r}", code="raster-not-found")
    return raster


def raster_view(raster: SealedRaster) -> dict[str, Any]:
    return {
        "id": raster.id,
        "name": raster.name,
        "year": raster.year,
        "kind": raster.kind,
        "caveat": raster.caveat,
        "model_name": raster.model_name,
        "crs": raster.crs,
        "bounds_wgs84": raster.bounds_wgs84,
        "sealed_values": raster.sealed_values,
    }
