"""Build real pack files for tests: the example pack, optionally altered."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from pathlib import Path

from osgeo import ogr

from verite_core.pack import PlotRecord, to_geojson, write_gpkg
from verite_core.pack.demo import CRS, ORIGIN, example_manifest, example_plots


def square_wkb(cx: float, cy: float, half: float) -> bytes:
    """A square polygon (WKB) centred on (cx, cy) in the example CRS (Lambert-93)."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        ring.AddPoint_2D(cx + x * half, cy + y * half)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return bytes(poly.ExportToIsoWkb())


def wkt_wkb(wkt: str) -> bytes:
    return bytes(ogr.CreateGeometryFromWkt(wkt).ExportToIsoWkb())


def near_origin(dx: float, dy: float) -> tuple[float, float]:
    return ORIGIN[0] + dx, ORIGIN[1] + dy


def many_plots(n: int, half: float = 30.0) -> list[PlotRecord]:
    """n valid, non-overlapping square plots inside the example area."""
    side = math.ceil(math.sqrt(n))
    step = (4800.0 / side) if side > 1 else 0.0
    plots = []
    for i in range(n):
        cx, cy = near_origin(-350 + (i % side) * step, -2250 + (i // side) * step)
        props = {"plot_id": f"P{i:06d}", "class_code": "shrubland", "observed_on": "2024-06-01"}
        plots.append(PlotRecord(props, square_wkb(cx, cy, min(half, step / 2.5 if step else half))))
    return plots


def build_pack(
    path: Path,
    edit_manifest: Callable[[dict], None] | None = None,
    plots: list[PlotRecord] | None = None,
    fmt: str = "gpkg",
    crs: str = CRS,
) -> Path:
    """Write the example pack (or given plots) after ``edit_manifest`` altered its manifest."""
    manifest = example_manifest()
    if edit_manifest:
        edit_manifest(manifest)
    records = example_plots() if plots is None else plots
    if fmt == "gpkg":
        return write_gpkg(path, manifest, records, crs)
    path.write_text(json.dumps(to_geojson(manifest, records, crs)), encoding="utf-8")
    return path


def with_plot_changes(
    changes: dict[int, dict], geometry: dict[int, bytes] | None = None
) -> list[PlotRecord]:
    """The example plots with some attributes (by index) and geometries replaced."""
    plots = []
    for i, plot in enumerate(example_plots()):
        props = copy.deepcopy(dict(plot.properties))
        props.update(changes.get(i, {}))
        plots.append(PlotRecord(props, (geometry or {}).get(i, plot.wkb)))
    return plots
