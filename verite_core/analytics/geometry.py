"""Zone polygons (WKB in any CRS) → rings in the pixel coordinates of a raster grid.

Zones are reprojected to the raster's CRS with OSR (traditional GIS axis order, vertices
only: edges are not densified), curves are linearised and Z/M dropped. Each polygon ring
becomes a closed sequence of (u, v) pixel coordinates (see ``grid``), kept with a flag
saying whether it is an exterior ring or a hole. An invalid
polygon (self-intersecting, overlapping parts) is first made valid with GEOS (OGR's
``MakeValid``), so that every point of the plane counts once.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from osgeo import gdal, ogr, osr

from verite_core.analytics.grid import AnalyticsError, RasterGrid, quiet_gdal
from verite_core.pack.gdal_env import gdal_exceptions

_POLYGONAL = {ogr.wkbPolygon, ogr.wkbMultiPolygon}
_CURVED = {ogr.wkbCurvePolygon, ogr.wkbMultiSurface}


@dataclass(frozen=True)
class Rings:
    """The rings of a group of zones, concatenated, in pixel coordinates."""

    u: np.ndarray  # float64, every ring's vertices, each ring closed (last == first)
    v: np.ndarray
    start: np.ndarray  # int64, first vertex of each ring; len = rings + 1
    zone: np.ndarray  # int64, index (in the group) of the zone owning each ring
    exterior: np.ndarray  # bool, exterior ring (True) or hole (False)

    def subset(self, first: int, stop: int) -> Rings:
        """The rings of zones first..stop-1, renumbered from 0."""
        lo, hi = np.searchsorted(self.zone, [first, stop])
        v_lo, v_hi = self.start[lo], self.start[hi]
        return Rings(
            self.u[v_lo:v_hi],
            self.v[v_lo:v_hi],
            self.start[lo : hi + 1] - v_lo,
            self.zone[lo:hi] - first,
            self.exterior[lo:hi],
        )


def zone_transform(zones_crs_wkt: str, grid: RasterGrid) -> osr.CoordinateTransformation | None:
    """The zones → raster transformation, or None when the CRSs are the same or one is unset
    (zones are then taken to be in the raster's CRS)."""
    target = grid.srs
    if not zones_crs_wkt or target is None:
        return None
    source = osr.SpatialReference()
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    try:
        with gdal_exceptions():
            source.SetFromUserInput(zones_crs_wkt)
            if source.IsSame(target):
                return None
            return osr.CoordinateTransformation(source, target)
    except RuntimeError as exc:
        raise AnalyticsError(f"cannot reproject zones to the raster CRS: {exc}") from exc


def zone_rings(
    zones: Sequence[tuple[Any, Any]],
    transform: osr.CoordinateTransformation | None,
    grid: RasterGrid,
) -> Rings:
    """Parse, reproject and convert the polygons of ``zones`` ((id, WKB) pairs).

    A zone with an empty or None geometry has no rings. AnalyticsError names the zone
    whose WKB is unreadable, is not polygonal, or cannot be reprojected.
    """
    coords: list[np.ndarray] = []
    ring_zone: list[int] = []
    exterior: list[bool] = []
    with quiet_gdal():
        for index, (zone_id, wkb) in enumerate(zones):
            geom = _polygonal(zone_id, wkb, transform)
            if geom is None:
                continue
            for ring, is_exterior in _parse_wkb(bytes(geom.ExportToWkb(ogr.wkbNDR))):
                coords.append(ring)
                ring_zone.append(index)
                exterior.append(is_exterior)
    if not coords:
        empty = np.zeros(0)
        return Rings(empty, empty, np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0, bool))
    xy = np.concatenate(coords)
    gt = grid.geotransform
    start = np.zeros(len(coords) + 1, np.int64)
    np.cumsum([len(c) for c in coords], out=start[1:])
    return Rings(
        u=(xy[:, 0] - gt[0]) / gt[1],
        v=(xy[:, 1] - gt[3]) / gt[5],
        start=start,
        zone=np.asarray(ring_zone, np.int64),
        exterior=np.asarray(exterior, bool),
    )


def _polygonal(zone_id: Any, wkb: Any, transform: osr.CoordinateTransformation | None):
    """The zone as a valid 2D (multi)polygon in the raster CRS, or None when empty."""
    if wkb is None:
        return None
    if isinstance(wkb, ogr.Geometry):
        geom = wkb.Clone()
    else:
        try:
            geom = ogr.CreateGeometryFromWkb(bytes(wkb))
        except RuntimeError as exc:  # GDAL exceptions on
            raise AnalyticsError(f"zone {zone_id!r}: unreadable WKB ({exc})") from exc
        if geom is None:
            raise AnalyticsError(f"zone {zone_id!r}: unreadable WKB ({gdal.GetLastErrorMsg()})")
    geom = _polygon_parts(zone_id, geom)
    if geom is None:
        return None
    if transform is not None:
        try:
            failed = geom.Transform(transform)
        except RuntimeError as exc:
            failed, message = 1, str(exc)
        else:
            message = gdal.GetLastErrorMsg()
        if failed:
            raise AnalyticsError(f"zone {zone_id!r}: cannot reproject ({message})")
    if not geom.IsValid():  # self-intersections, bow ties: measure what GEOS makes valid
        try:
            fixed = geom.MakeValid()
        except RuntimeError:
            fixed = None
        if fixed is not None:
            geom = _polygon_parts(zone_id, fixed)
    return geom


def _polygon_parts(zone_id: Any, geom: ogr.Geometry | None) -> ogr.Geometry | None:
    """A 2D Polygon or MultiPolygon from any polygonal geometry; None when empty."""
    if geom is None or geom.IsEmpty():
        return None
    kind = ogr.GT_Flatten(geom.GetGeometryType())
    if kind in _CURVED:
        geom = geom.GetLinearGeometry()
        kind = ogr.GT_Flatten(geom.GetGeometryType())
    if kind == ogr.wkbGeometryCollection:  # keep the polygonal members (lines have no area)
        parts = ogr.Geometry(ogr.wkbMultiPolygon)
        for i in range(geom.GetGeometryCount()):
            member = geom.GetGeometryRef(i)
            if member.GetDimension() < 2:
                continue
            part = _polygon_parts(zone_id, member.Clone())
            if part is None:
                continue
            if ogr.GT_Flatten(part.GetGeometryType()) == ogr.wkbPolygon:
                parts.AddGeometry(part)
            else:
                for j in range(part.GetGeometryCount()):
                    parts.AddGeometry(part.GetGeometryRef(j))
        geom, kind = parts, ogr.wkbMultiPolygon
        if geom.IsEmpty():
            return None
    if kind not in _POLYGONAL:
        raise AnalyticsError(f"zone {zone_id!r}: a {geom.GetGeometryName()} is not a polygon")
    geom.FlattenTo2D()
    return geom


def _parse_wkb(wkb: bytes) -> list[tuple[np.ndarray, bool]]:
    """Rings of a little-endian 2D Polygon or MultiPolygon WKB, closed, ≥ 4 vertices."""
    out: list[tuple[np.ndarray, bool]] = []
    kind = struct.unpack_from("<I", wkb, 1)[0]
    if kind == 3:
        _parse_polygon(wkb, 0, out)
    else:
        (parts,) = struct.unpack_from("<I", wkb, 5)
        pos = 9
        for _ in range(parts):
            pos = _parse_polygon(wkb, pos, out)
    return out


def _parse_polygon(wkb: bytes, pos: int, out: list[tuple[np.ndarray, bool]]) -> int:
    (count,) = struct.unpack_from("<I", wkb, pos + 5)
    pos += 9
    for index in range(count):
        (n,) = struct.unpack_from("<I", wkb, pos)
        ring = np.frombuffer(wkb, np.float64, 2 * n, pos + 4).reshape(n, 2)
        pos += 4 + 16 * n
        if n and (ring[0] != ring[-1]).any():
            ring = np.vstack([ring, ring[:1]])
        if len(ring) >= 4:
            out.append((ring, index == 0))
    return pos
