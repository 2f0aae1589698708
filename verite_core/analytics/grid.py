"""The pixel grid of a raster: geotransform, CRS and the area of its pixels in m².

Everything in ``verite_core.analytics`` works in the pixel coordinates of one raster (the
"grid"): column ``u = (x - x0) / dx`` and row ``v = (y - y0) / dy``, so that pixel
``(row, col)`` is the unit square ``[col, col + 1] x [row, row + 1]``.

Areas: on a projected CRS every pixel has the same area (``|dx * dy|`` in the CRS's
linear unit, converted to metres). On a geographic CRS (longitude/latitude) a pixel's
area depends on its row: it is computed exactly on the CRS's ellipsoid (the area of the
quadrangle between two meridians and two parallels), so shares and m² stay right on
lon/lat rasters too.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, osr

from verite_core.pack.gdal_env import gdal_exceptions


class AnalyticsError(ValueError):
    """A raster or zone that cannot be analysed, with a message meant for the user."""


class AnalyticsCanceled(Exception):
    """Raised when the caller's ``is_canceled()`` returned True; outputs were removed."""


@contextlib.contextmanager
def quiet_gdal() -> Iterator[None]:
    """Keep GDAL's warnings and errors off stderr / the QGIS log inside the block (the
    handler stack is per thread). Long loops use this and check return values, instead of
    ``gdal_exceptions``, which holds a process-wide lock for as long as its block lasts."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        yield
    finally:
        gdal.PopErrorHandler()


@dataclass(frozen=True)
class RasterGrid:
    """Size, geotransform and CRS of a raster, and its pixel areas in m²."""

    width: int
    height: int
    geotransform: tuple[float, float, float, float, float, float]
    crs_wkt: str
    #: m² of one pixel (projected CRS), or None on a geographic CRS (see ``row_areas``).
    pixel_area_m2: float | None
    #: Geographic CRS only: (semi-major axis in m, eccentricity, radians per CRS unit).
    ellipsoid: tuple[float, float, float] | None = None

    @classmethod
    def of(cls, ds: gdal.Dataset) -> RasterGrid:
        """The grid of an open dataset; AnalyticsError on rotated or sheared rasters."""
        gt = tuple(float(v) for v in ds.GetGeoTransform())
        if gt[2] != 0 or gt[4] != 0:
            raise AnalyticsError(f"{ds.GetDescription()}: rotated rasters are not supported")
        if gt[1] == 0 or gt[5] == 0:
            raise AnalyticsError(f"{ds.GetDescription()}: invalid geotransform {gt}")
        wkt = ds.GetProjection() or ""
        srs = _srs(wkt)
        ellipsoid = None
        if srs is not None and srs.IsGeographic():
            a = srs.GetSemiMajor()
            inv_f = srs.GetInvFlattening()
            f = 1.0 / inv_f if inv_f else 0.0
            ellipsoid = (a, math.sqrt(f * (2.0 - f)), srs.GetAngularUnits())
            area = None
        else:
            metres = srs.GetLinearUnits() if srs is not None else 1.0
            area = abs(gt[1] * gt[5]) * metres * metres
        return cls(ds.RasterXSize, ds.RasterYSize, gt, wkt, area, ellipsoid)  # type: ignore[arg-type]

    @property
    def srs(self) -> osr.SpatialReference | None:
        """The raster's CRS in traditional GIS axis order (x = easting/longitude)."""
        return _srs(self.crs_wkt)

    def row_areas(self, rows: np.ndarray) -> np.ndarray:
        """m² of one pixel in each of ``rows`` (any integers, even outside the raster)."""
        rows = np.asarray(rows, dtype=np.float64)
        if self.pixel_area_m2 is not None:
            return np.full(rows.shape, self.pixel_area_m2)
        return np.abs(self.cumulative_area(rows + 1) - self.cumulative_area(rows))

    def cumulative_area(self, rows: np.ndarray) -> np.ndarray:
        """m² of the pixels of one column above each of ``rows``, up to a constant."""
        rows = np.asarray(rows, dtype=np.float64)
        if self.pixel_area_m2 is not None:
            return rows * self.pixel_area_m2
        a, e, unit = self.ellipsoid  # type: ignore[misc]
        gt = self.geotransform
        lat = np.clip((gt[3] + rows * gt[5]) * unit, -math.pi / 2, math.pi / 2)
        return math.copysign(unit * abs(gt[1]), gt[5]) * _band_area(lat, a, e)

    def same_as(self, other: RasterGrid) -> bool:
        """Same size, same pixel corners (to 1e-6 pixel) and the same CRS."""
        if (self.width, self.height) != (other.width, other.height):
            return False
        tol = 1e-6 * min(abs(self.geotransform[1]), abs(self.geotransform[5]))
        if any(
            abs(a - b) > tol for a, b in zip(self.geotransform, other.geotransform, strict=True)
        ):
            return False
        mine, theirs = self.srs, other.srs
        if mine is None or theirs is None:
            return mine is None and theirs is None
        return bool(mine.IsSame(theirs))


def _band_area(lat: np.ndarray, a: float, e: float) -> np.ndarray:
    """Area in m² between the equator and latitude ``lat`` per radian of longitude."""
    s = np.sin(lat)
    if e < 1e-12:
        return a * a * s
    b2 = a * a * (1.0 - e * e)
    es = e * s
    return 0.5 * b2 * (s / (1.0 - es * es) + np.log((1.0 + es) / (1.0 - es)) / (2.0 * e))


def _srs(wkt: str) -> osr.SpatialReference | None:
    if not wkt:
        return None
    srs = osr.SpatialReference()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    with gdal_exceptions():
        srs.SetFromUserInput(wkt)
    return srs


def open_raster(path: str) -> gdal.Dataset:
    """Open a raster read-only; AnalyticsError naming the path when GDAL cannot."""
    try:
        with gdal_exceptions():
            ds = gdal.Open(str(path), gdal.GA_ReadOnly)
    except RuntimeError as exc:
        raise AnalyticsError(f"cannot open raster {path}: {exc}") from exc
    if ds is None:
        raise AnalyticsError(f"cannot open raster {path}")
    return ds
