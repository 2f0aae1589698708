"""Synthetic but valid big packs for the benchmarks.

tests/packfactory.py's `many_plots(n)` packs n plots into the 5.2 km example area, which
at 50,000 plots makes them ~17 m squares: under the 900 m² minimum, so the pack would be
refused. Here the example manifest keeps everything but its area, which grows to fit a
grid of 56 m squares (3,136 m², 1,296 m² left after the 10 m inward buffer: no warning),
80 m apart and slightly rotated, so they never overlap. Attributes cycle through the
example pack's ten plots (all seven descriptors filled where they apply), so the pack
validates with no problem at all and every check runs as it would on field data.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from osgeo import ogr

from verite_core.pack import PlotRecord, write_gpkg
from verite_core.pack.demo import CRS, ORIGIN, example_manifest, example_plots
from verite_core.pack.gdal_env import srs_from_user_input, transformer, wgs84

HALF_SIDE_M = 28.0  # 56 m squares
SPACING_M = 80.0  # > 56·√2: rotated squares never touch
MARGIN_M = 200.0


def _square(cx: float, cy: float, half: float, rotate_deg: float) -> ogr.Geometry:
    a = math.radians(rotate_deg)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        x, y = sx * half, sy * half
        ring.AddPoint_2D(
            cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)
        )
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def grid_side(n: int) -> int:
    return max(1, math.ceil(math.sqrt(n)))


def big_manifest(n: int) -> dict:
    """The example manifest with an area (lon/lat) that holds the n-plot grid."""
    manifest = example_manifest()
    extent = grid_side(n) * SPACING_M
    x0, y0 = ORIGIN
    area = ogr.CreateGeometryFromWkt(
        "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
            a=x0 - MARGIN_M, b=y0 - MARGIN_M, c=x0 + extent + MARGIN_M, d=y0 + extent + MARGIN_M
        )
    )
    area.Transform(transformer(srs_from_user_input(CRS), wgs84()))
    manifest["area"] = json.loads(area.ExportToJson(["COORDINATE_PRECISION=7"]))
    manifest["title"] = f"Benchmark pack: {n} forest plots near Fontainebleau (synthetic)"
    return manifest


def big_plots(n: int) -> list[PlotRecord]:
    """n valid, non-overlapping plots in Lambert-93 with the example plots' attributes."""
    templates = [dict(p.properties) for p in example_plots()]
    side = grid_side(n)
    x0, y0 = ORIGIN
    plots = []
    for i in range(n):
        props = dict(templates[i % len(templates)])
        props["plot_id"] = f"B{i:07d}"
        props["observed_on"] = f"2024-{5 + i % 3:02d}-{2 + i % 27:02d}"
        cx = x0 + SPACING_M / 2 + (i % side) * SPACING_M
        cy = y0 + SPACING_M / 2 + (i // side) * SPACING_M
        geom = _square(cx, cy, HALF_SIDE_M, rotate_deg=(i * 7) % 45)
        plots.append(PlotRecord(props, bytes(geom.ExportToIsoWkb())))
    return plots


def build_big_pack(path: Path, n: int) -> Path:
    """Write an n-plot pack GeoPackage (EPSG:2154) at `path`."""
    return write_gpkg(path, big_manifest(n), big_plots(n), CRS)
