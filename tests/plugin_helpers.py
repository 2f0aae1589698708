"""Shared helpers of the plugin-core tests: a forest pack near Fontainebleau, plots added
through a layer's edit buffer, and tasks run headless.

Importing this module (at collection, before the session QgsApplication exists) points
QGIS at a throw-away profile, so the tests' settings, master password and auth configs
never touch the developer's own QGIS profile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from osgeo import ogr  # noqa: E402

from verite_core.pack import nomenclature  # noqa: E402
from verite_core.pack.demo import ORIGIN, example_manifest  # noqa: E402

CRS = "EPSG:2154"
MASTER_PASSWORD = "vt-test-pass"


def area_wkt() -> str:
    """The example pack's area (lon/lat) as WKT."""
    return ogr.CreateGeometryFromJson(json.dumps(example_manifest()["area"])).ExportToWkt()


def forest_params(**changes: Any):
    """NewPackParams of a forest pack (eagle-forest + forest-structure) in Lambert-93."""
    from qgis_plugin.core.pack_file import NewPackParams

    values: dict[str, Any] = {
        "title": "Forest plots, Fontainebleau (plugin test)",
        "theme": "forest-structure",
        "license": "CC-BY-4.0",
        "method": "field_photos",
        "contributors": (("Camille Martin", "expert"), ("Louis Bernard", "student")),
        "observation_start": dt.date(2024, 5, 1),
        "observation_end": dt.date(2024, 7, 31),
        "positional_accuracy_m": 5.0,
        "area_wgs84_wkt": area_wkt(),
        "nomenclature": nomenclature("eagle-forest"),
        "descriptor_set": "forest-structure",
        "description": "Plots digitised in the plugin tests.",
        "crs": CRS,
    }
    values.update(changes)
    return NewPackParams(**values)


def square_wkt(dx: float, dy: float, half: float) -> str:
    """A square in Lambert-93 centred ``(dx, dy)`` metres from the example origin."""
    x, y = ORIGIN[0] + dx, ORIGIN[1] + dy
    ring = [(x - half, y - half), (x + half, y - half), (x + half, y + half), (x - half, y + half)]
    ring.append(ring[0])
    return "POLYGON((" + ", ".join(f"{a} {b}" for a, b in ring) + "))"


def bowtie_wkt(dx: float, dy: float, half: float) -> str:
    """A self-intersecting ring (invalid polygon)."""
    x, y = ORIGIN[0] + dx, ORIGIN[1] + dy
    pts = [(x - half, y - half), (x + half, y + half), (x + half, y - half), (x - half, y + half)]
    pts.append(pts[0])
    return "POLYGON((" + ", ".join(f"{a} {b}" for a, b in pts) + "))"


FOREST = {
    "tree_height_class": "20_30",
    "pct_deciduous": 80.0,
    "pct_evergreen": 20.0,
    "undergrowth_type": "shrubs",
    "mixed_forest": False,
    "canopy_cover_pct": 75.0,
}


def add_plot(layer, plot_id: str, class_code: str, wkt: str, **attributes: Any) -> None:
    """Add one plot to a layer in edit mode, as a user's form would (QDate for dates)."""
    from qgis.core import QgsFeature, QgsGeometry
    from qgis.PyQt.QtCore import QDate

    feature = QgsFeature(layer.fields())
    values = {
        "plot_id": plot_id,
        "class_code": class_code,
        "observed_on": QDate(2024, 6, 12),
        "collector": "Camille Martin",
        **attributes,
    }
    for name, value in values.items():
        feature[name] = value
    feature.setGeometry(QgsGeometry.fromWkt(wkt))
    assert layer.addFeature(feature), plot_id


def six_plots(layer, small_half: float | None = None) -> list[str]:
    """Six publishable plots (four forest, two not); ``small_half`` shrinks P5 and P6."""
    other = small_half or 40
    photo = json.dumps(["https://example.org/photos/p1.jpg"])
    add_plot(
        layer,
        "P1",
        "broadleaved_deciduous_forest",
        square_wkt(0, 0, 40),
        photos=photo,
        notes="Oak and hornbeam",
        **FOREST,
    )
    add_plot(
        layer,
        "P2",
        "needleleaved_forest",
        square_wkt(400, 150, 45),
        **{**FOREST, "pct_deciduous": 5.0, "pct_evergreen": 95.0},
    )
    add_plot(
        layer,
        "P3",
        "mixed_forest",
        square_wkt(900, -300, 40),
        **{**FOREST, "pct_deciduous": 55.0, "pct_evergreen": 45.0, "mixed_forest": True},
    )
    add_plot(
        layer,
        "P4",
        "broadleaved_deciduous_forest",
        square_wkt(1300, 400, 40),
        **{**FOREST, "tree_height_class": "gt30", "canopy_cover_pct": None},
    )
    add_plot(layer, "P5", "shrubland", square_wkt(1800, 0, other))
    add_plot(layer, "P6", "clearcut", square_wkt(2300, -450, other), notes="Felled in 2023")
    return ["P1", "P2", "P3", "P4", "P5", "P6"]


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(task_class, params) -> Any:
    """Run a core task headless; returns what its on_done received."""
    from qgis_plugin.core.tasks import run_task_blocking

    results: list[Any] = []
    task = task_class(params, results.append)
    run_task_blocking(task, timeout_s=120)
    assert len(results) == 1
    return results[0]
