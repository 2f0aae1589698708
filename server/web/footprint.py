"""A small SVG drawing of a pack version: its bbox, its footprint and its plots.

A stand-in until the map library arrives: lon/lat are projected equirectangularly around
the bbox centre (x scaled by cos(latitude)), which is close enough at pack scale. Only
numbers reach the SVG path data; colours are checked by the caller (`safe_color`).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from osgeo import ogr

from server.extensions import db
from server.packs.models import PackVersion, Plot
from server.spatial import wkb_of

#: Plots drawn at most; a pack may hold far more, the drawing only gives an idea.
MAX_PLOTS_DRAWN = 500
MAX_WIDTH, MAX_HEIGHT = 640.0, 420.0
MARGIN = 0.06  # share of the extent added on every side
POINT_RADIUS = 4.0  # px, for point plots
MIN_EXTENT_DEG = 1e-4


@dataclass(frozen=True)
class PlotShape:
    plot_id: str
    class_code: str
    color: str | None
    path: str


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    bbox_path: str
    area_path: str | None
    plots: list[PlotShape]
    plot_total: int

    @property
    def truncated(self) -> bool:
        return self.plot_total > len(self.plots)


class _Projection:
    def __init__(self, bbox: tuple[float, float, float, float]) -> None:
        min_x, min_y, max_x, max_y = bbox
        dx = max(max_x - min_x, MIN_EXTENT_DEG)
        dy = max(max_y - min_y, MIN_EXTENT_DEG)
        cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
        self.kx = max(math.cos(math.radians(cy)), 0.01)
        dx, dy = dx * (1 + 2 * MARGIN), dy * (1 + 2 * MARGIN)
        self.x0, self.y1 = cx - dx / 2, cy + dy / 2
        self.scale = min(MAX_WIDTH / (dx * self.kx), MAX_HEIGHT / dy)
        self.width = round(dx * self.kx * self.scale, 1)
        self.height = round(dy * self.scale, 1)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.x0) * self.kx * self.scale, (self.y1 - lat) * self.scale

    def ring(self, points: Iterable[tuple[float, ...]]) -> str:
        coords = [self.xy(p[0], p[1]) for p in points]
        if len(coords) > 1 and coords[0] == coords[-1]:
            coords.pop()  # "Z" closes the ring
        if not coords:
            return ""
        head, *tail = (f"{x:.1f},{y:.1f}" for x, y in coords)
        return f"M{head}" + "".join(f"L{c}" for c in tail) + "Z"

    def path(self, geom: ogr.Geometry | None) -> str:
        """SVG path data of a (multi)polygon or point; empty for anything else."""
        if geom is None:
            return ""
        kind = ogr.GT_Flatten(geom.GetGeometryType())
        if kind in (ogr.wkbMultiPolygon, ogr.wkbMultiPoint, ogr.wkbGeometryCollection):
            return "".join(
                self.path(geom.GetGeometryRef(i)) for i in range(geom.GetGeometryCount())
            )
        if kind == ogr.wkbPolygon:
            return "".join(
                self.ring(geom.GetGeometryRef(i).GetPoints() or [])
                for i in range(geom.GetGeometryCount())
            )
        if kind == ogr.wkbPoint:
            x, y = self.xy(geom.GetX(), geom.GetY())
            r = POINT_RADIUS
            return (
                f"M{x - r:.1f},{y:.1f}L{x:.1f},{y - r:.1f}L{x + r:.1f},{y:.1f}L{x:.1f},{y + r:.1f}Z"
            )
        return ""


def _from_wkb(value: Any) -> ogr.Geometry | None:
    """An OGR geometry from a geometry column value; None when missing or unreadable."""
    if value is None:
        return None
    try:
        return ogr.CreateGeometryFromWkb(wkb_of(value))
    except (RuntimeError, TypeError, ValueError, IndexError, struct.error):
        return None  # left out of the drawing rather than breaking the page


def pack_drawing(version: PackVersion, colors: Mapping[str, str | None]) -> Drawing:
    """The drawing of one version; `colors` maps class codes to checked hex colours."""
    proj = _Projection((version.min_x, version.min_y, version.max_x, version.max_y))
    bbox_path = proj.ring(
        [(version.min_x, version.min_y), (version.max_x, version.min_y),
         (version.max_x, version.max_y), (version.min_x, version.max_y)]
    )  # fmt: skip
    area = _from_wkb(version.footprint)
    rows = db.session.execute(
        sa.select(Plot.plot_id, Plot.class_code, Plot.geom)
        .where(Plot.pack_version_id == version.id)
        .order_by(Plot.id)
        .limit(MAX_PLOTS_DRAWN)
    ).all()
    plots = [
        PlotShape(plot_id, code, colors.get(code), proj.path(_from_wkb(geom)))
        for plot_id, code, geom in rows
    ]
    return Drawing(
        width=proj.width,
        height=proj.height,
        bbox_path=bbox_path,
        area_path=proj.path(area) or None,
        plots=[p for p in plots if p.path],
        plot_total=max(version.plot_count or 0, len(plots)),
    )
