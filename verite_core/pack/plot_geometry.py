"""Plot geometry checks in metres: validity, size, inward buffer, inside the pack area."""

from __future__ import annotations

from dataclasses import dataclass

from osgeo import ogr, osr

from .gdal_env import gdal_exceptions, local_equal_area, srs_from_user_input, transformer, wgs84
from .problems import Problem

POLYGONAL = {ogr.wkbPolygon, ogr.wkbMultiPolygon}


@dataclass(frozen=True)
class GeometryLimits:
    min_area_m2: float = 900.0  # 3 x 3 Sentinel-2 pixels
    max_vertices: int = 10_000
    inner_buffer_m: float = 10.0  # one pixel: keeps mixed edge pixels out of labels
    gate_min_inner_area_m2: float = 900.0
    area_tolerance_m: float = 1.0  # plots may touch the area edge within this


@dataclass
class PlotShape:
    """Derived geometry of a valid plot."""

    wkb_wgs84: bytes
    inner_wkb_wgs84: bytes | None
    area_m2: float
    inner_area_m2: float
    envelope: tuple[float, float, float, float]  # minx, maxx, miny, maxy in the local metric CRS
    metric: ogr.Geometry
    core_too_small: bool  # under ~3x3 pixels after the inward buffer: quality gate G = 0


def _vertex_count(geom: ogr.Geometry) -> int:
    if geom.GetGeometryCount() == 0:
        return geom.GetPointCount()
    return sum(_vertex_count(geom.GetGeometryRef(i)) for i in range(geom.GetGeometryCount()))


class PlotGeometryChecker:
    """Checks plots of one pack: built once per pack (one projection, one area)."""

    def __init__(self, crs: str, area_wgs84: ogr.Geometry | None, limits: GeometryLimits):
        self.limits = limits
        self.src = srs_from_user_input(crs)
        centre = area_wgs84.Centroid() if area_wgs84 is not None else None
        self._centre_known = centre is not None
        self._to_wgs84 = transformer(self.src, wgs84())
        self._wgs84_to_metric: osr.CoordinateTransformation | None = None
        self._metric_to_wgs84: osr.CoordinateTransformation | None = None
        self.area_metric: ogr.Geometry | None = None
        self._inside: _InsideCells | None = None
        if centre is not None:
            self._set_metric(centre.GetX(), centre.GetY())
            area = area_wgs84.Clone()
            area.Transform(self._wgs84_to_metric)
            # Few segments per quarter circle: the tolerance ring needs no round corners,
            # and every plot is tested against this polygon.
            self.area_metric = area.Buffer(limits.area_tolerance_m, 2)
            self._inside = _InsideCells(self.area_metric)

    def _set_metric(self, lon: float, lat: float) -> None:
        metric = local_equal_area(lon, lat)
        self._wgs84_to_metric = transformer(wgs84(), metric)
        self._metric_to_wgs84 = transformer(metric, wgs84())

    def check(self, wkb: bytes | None, plot_id: str) -> tuple[PlotShape | None, list[Problem]]:
        """The plot's derived shape (None when unusable) and its geometry problems."""

        def err(code: str, msg: str, severity: str = "error") -> Problem:
            return Problem(code, msg, "geometry", plot_id, severity)  # type: ignore[arg-type]

        if wkb is None:
            return None, [err("geometry.missing", "plot has no geometry")]
        try:
            with gdal_exceptions():
                geom = ogr.CreateGeometryFromWkb(wkb)
        except RuntimeError:
            return None, [err("geometry.unreadable", "geometry cannot be decoded")]
        if geom is None or geom.IsEmpty():
            return None, [err("geometry.empty", "geometry is empty")]
        geom.FlattenTo2D()
        if geom.GetGeometryType() not in POLYGONAL:
            return None, [
                err(
                    "geometry.type",
                    f"must be a Polygon or MultiPolygon, not {geom.GetGeometryName()}",
                )
            ]
        vertices = _vertex_count(geom)
        if vertices > self.limits.max_vertices:
            return None, [
                err(
                    "geometry.too_many_vertices",
                    f"{vertices} vertices; the limit is {self.limits.max_vertices}",
                )
            ]
        if not geom.IsValid():
            reason = (
                "self-intersecting" if not geom.GetBoundary().IsSimple() else "badly formed rings"
            )
            return None, [err("geometry.invalid", f"geometry is not valid ({reason})")]
        try:
            with gdal_exceptions():
                lonlat = geom.Clone()
                lonlat.Transform(self._to_wgs84)
        except RuntimeError as exc:
            return None, [err("geometry.transform", f"cannot be transformed to EPSG:4326: {exc}")]
        minx, maxx, miny, maxy = lonlat.GetEnvelope()
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            return None, [err("geometry.crs", "coordinates do not fit the declared CRS")]
        if self._wgs84_to_metric is None:
            centre = lonlat.Centroid()
            self._set_metric(centre.GetX(), centre.GetY())
        return self._measure(lonlat, err)

    def _measure(self, lonlat: ogr.Geometry, err) -> tuple[PlotShape | None, list[Problem]]:
        problems = []
        metric = lonlat.Clone()
        metric.Transform(self._wgs84_to_metric)
        area = metric.GetArea()
        if (
            self.area_metric is not None
            and not self._inside.covers(metric.GetEnvelope())  # type: ignore[union-attr]
            and not self.area_metric.Contains(metric)
        ):
            outside = metric.Difference(self.area_metric).GetArea()
            problems.append(
                err(
                    "geometry.outside_area",
                    f"plot lies outside the pack area ({outside:.0f} m² outside)",
                )
            )
        if area < self.limits.min_area_m2:
            problems.append(
                err(
                    "geometry.too_small",
                    f"area {area:.0f} m² is below the minimum {self.limits.min_area_m2:.0f} m²",
                )
            )
        inner = metric.Buffer(-self.limits.inner_buffer_m)
        inner_area = inner.GetArea() if inner is not None and not inner.IsEmpty() else 0.0
        inner_wkb = None
        if inner_area > 0:
            inner.Transform(self._metric_to_wgs84)
            inner_wkb = bytes(inner.ExportToIsoWkb())
        core_too_small = inner_area < self.limits.gate_min_inner_area_m2
        if not problems and core_too_small:
            problems.append(
                err(
                    "geometry.small_core",
                    f"only {inner_area:.0f} m² remain after a {self.limits.inner_buffer_m:.0f} m inward "
                    f"buffer (under {self.limits.gate_min_inner_area_m2:.0f} m², about 3x3 Sentinel-2 "
                    "pixels): the geometry gate G is 0 for this plot",
                    "warning",
                )
            )
        shape = PlotShape(
            bytes(lonlat.ExportToIsoWkb()),
            inner_wkb,
            area,
            inner_area,
            metric.GetEnvelope(),
            metric,
            core_too_small,
        )
        return shape, problems


class _InsideCells:
    """A conservative, exact pre-test of containment in the pack area: the area's envelope
    cut into cells, each tested once (lazily) for lying inside the area. A plot whose
    envelope only touches inside cells is inside, with no test against the area polygon,
    whose cost grows with its vertex count (thousands for a commune boundary)."""

    SPLITS = 64

    def __init__(self, area: ogr.Geometry):
        self.area = area
        self.minx, self.maxx, self.miny, self.maxy = area.GetEnvelope()
        self.dx = max((self.maxx - self.minx) / self.SPLITS, 1e-9)
        self.dy = max((self.maxy - self.miny) / self.SPLITS, 1e-9)
        self.cells: dict[tuple[int, int], bool] = {}

    def _cell_inside(self, i: int, j: int) -> bool:
        key = (i, j)
        if key not in self.cells:
            x0, y0 = self.minx + i * self.dx, self.miny + j * self.dy
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ((x0, y0), (x0 + self.dx, y0), (x0 + self.dx, y0 + self.dy),
                         (x0, y0 + self.dy), (x0, y0)):  # fmt: skip
                ring.AddPoint_2D(x, y)
            cell = ogr.Geometry(ogr.wkbPolygon)
            cell.AddGeometry(ring)
            self.cells[key] = bool(self.area.Contains(cell))
        return self.cells[key]

    def covers(self, envelope: tuple[float, float, float, float]) -> bool:
        """True when the envelope (minx, maxx, miny, maxy) lies in inside cells only."""
        minx, maxx, miny, maxy = envelope
        if minx < self.minx or maxx > self.maxx or miny < self.miny or maxy > self.maxy:
            return False
        i0, i1 = int((minx - self.minx) // self.dx), int((maxx - self.minx) // self.dx)
        j0, j1 = int((miny - self.miny) // self.dy), int((maxy - self.miny) // self.dy)
        if (i1 - i0 + 1) * (j1 - j0 + 1) > 16:  # a big plot: one direct test is cheaper
            return False
        return all(self._cell_inside(i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1))


def overlap_problems(shapes: dict[str, PlotShape], min_overlap_m2: float = 1.0) -> list[Problem]:
    """Warnings for plots overlapping each other.

    Envelopes are bucketed on a grid about twice the typical plot size, so each plot is
    compared only with the plots of the cells it touches: near-linear for field data.
    """
    if not shapes:
        return []
    sizes = sorted(
        max(s.envelope[1] - s.envelope[0], s.envelope[3] - s.envelope[2]) for s in shapes.values()
    )
    cell = max(2.0 * sizes[len(sizes) // 2], 1.0)
    grid: dict[tuple[int, int], list[str]] = {}
    out, seen = [], set()
    for pid, shape in shapes.items():
        minx, maxx, miny, maxy = shape.envelope
        cells = [
            (cx, cy)
            for cx in range(int(minx // cell), int(maxx // cell) + 1)
            for cy in range(int(miny // cell), int(maxy // cell) + 1)
        ]
        for key in cells:
            for other_id in grid.get(key, ()):
                if other_id in seen:
                    continue
                seen.add(other_id)
                o = shapes[other_id].envelope
                if o[0] > maxx or o[1] < minx or o[2] > maxy or o[3] < miny:
                    continue
                shared = shape.metric.Intersection(shapes[other_id].metric)
                if shared is not None and shared.GetArea() > min_overlap_m2:
                    out.append(
                        Problem(
                            "geometry.overlap",
                            f"overlaps plot {other_id} by {shared.GetArea():.0f} m²",
                            "geometry",
                            pid,
                            "warning",
                            other_plot_id=other_id,
                        )
                    )
        seen.clear()
        for key in cells:
            grid.setdefault(key, []).append(pid)
    return out
