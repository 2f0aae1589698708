"""A small, complete example pack (forest structure near Fontainebleau, Lambert-93).

Used for the committed example in docs/examples/, the server's demo data and tests.
The plots are synthetic (regular shapes placed in the forest), the format is real.
"""

from __future__ import annotations

import json
import math

from osgeo import ogr

from .gdal_env import srs_from_user_input, transformer, wgs84
from .reference import descriptors_for, nomenclature
from .writer import PlotRecord

CRS = "EPSG:2154"
ORIGIN = (671_000.0, 6_810_500.0)  # Lambert-93, Forêt de Fontainebleau

_FOREST_PLOTS = [
    # code, height class, % deciduous, undergrowth, dx, dy (m from ORIGIN), half-size (m)
    ("broadleaved_deciduous_forest", "20_30", 95, "herbaceous", 0, 0, 40),
    ("broadleaved_deciduous_forest", "10_20", 90, "shrubs", 400, 150, 35),
    ("needleleaved_forest", "20_30", 5, "none", 900, -300, 45),
    ("needleleaved_forest", "10_20", 0, "regeneration", 1300, 400, 30),
    ("mixed_forest", "20_30", 55, "mixed", 1800, 0, 50),
    ("mixed_forest", "10_20", 40, "shrubs", 2300, -450, 35),
    ("broadleaved_deciduous_forest", "gt30", 100, "herbaceous", 2700, 350, 40),
    ("shrubland", None, None, None, 3100, -100, 30),
    ("clearcut", None, None, None, 3500, 300, 45),
    ("non_forest", None, None, None, 3900, -250, 35),
]


def _square(cx: float, cy: float, half: float, rotate_deg: float) -> ogr.Geometry:
    ring = ogr.Geometry(ogr.wkbLinearRing)
    a = math.radians(rotate_deg)
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)):
        x, y = sx * half, sy * half
        ring.AddPoint_2D(
            cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)
        )
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def example_manifest() -> dict:
    """The example pack's manifest (EAGLE-guided forest nomenclature + forest descriptors)."""
    nom = nomenclature("eagle-forest")
    descriptors, constraints = descriptors_for("forest-structure", nom)
    x0, y0 = ORIGIN
    area = _square(x0 + 1950, y0, 2600, 0)
    area.Transform(transformer(srs_from_user_input(CRS), wgs84()))
    return {
        "format": "verite-terrain-pack",
        "format_version": "1.0",
        "title": "Forest structure plots, Forêt de Fontainebleau (example)",
        "description": "Example pack: ten Sentinel-2-scale plots with EAGLE-guided forest "
        "descriptors. Geometries are illustrative squares, not field observations.",
        "theme": "forest-structure",
        "keywords": ["forest", "EAGLE", "example"],
        "area": json.loads(area.ExportToJson(["COORDINATE_PRECISION=7"])),
        "license": "CC-BY-4.0",
        "citation": "Vérité Terrain example pack (2024). Forest structure plots, Forêt de Fontainebleau.",
        "version": "2024.1",
        "contributors": [
            {
                "name": "Camille Martin",
                "expertise": "expert",
                "affiliation": "Example forestry office",
                "role": "field survey",
            },
            {"name": "Louis Bernard", "expertise": "student", "role": "digitizing"},
        ],
        "method": "field_photos",
        "observation_period": {"start": "2024-05-02", "end": "2024-07-31"},
        "reference_period": {"start": "2024-04-01", "end": "2024-09-30"},
        "positional_accuracy_m": 5,
        "sentinel2_acquisitions": [
            {
                "date": "2024-06-12",
                "level": "L2A",
                "cloud_cover": 3.1,
                "product_id": "S2B_MSIL2A_20240612T104619_N0510_R051_T31UDP_20240612T131201",
            }
        ],
        "nomenclature": nom,
        "descriptors": descriptors,
        "constraints": constraints,
    }


def example_plots() -> list[PlotRecord]:
    """The example pack's plots, in Lambert-93 (EPSG:2154)."""
    x0, y0 = ORIGIN
    plots = []
    for i, (code, height, pct_dec, under, dx, dy, half) in enumerate(_FOREST_PLOTS, start=1):
        props = {
            "plot_id": f"FTB-{i:03d}",
            "class_code": code,
            "observed_on": f"2024-{5 + i % 3:02d}-{10 + i:02d}",
            "collector": "Camille Martin" if i % 2 else "Louis Bernard",
            "photos": [f"https://example.org/photos/FTB-{i:03d}.jpg"] if i % 3 == 0 else [],
            "notes": None,
        }
        if height is not None:
            props.update(
                {
                    "tree_height_class": height,
                    "pct_deciduous": pct_dec,
                    "pct_evergreen": 100 - pct_dec,
                    "undergrowth_type": under,
                    "mixed_forest": code == "mixed_forest",
                    "canopy_cover_pct": 70 + i,
                }
            )
        geom = _square(x0 + dx, y0 + dy, half, rotate_deg=(i * 17) % 45)
        plots.append(PlotRecord(props, bytes(geom.ExportToIsoWkb())))
    return plots
