"""Downloads of an analysis: CSV (one row per year and per change) and GeoJSON (the area
with the numbers as properties). Both carry the raster names, years and caveats."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

from server.dashboard.analysis import Area
from server.dashboard.areas import geometry_json

CSV_COLUMNS = (
    "row",
    "source",
    "area_m2",
    "raster_id",
    "raster_name",
    "year",
    "kind",
    "from_raster",
    "from_year",
    "to_raster",
    "to_year",
    "sealed_m2",
    "valid_m2",
    "zone_m2",
    "sealed_share",
    "valid_share",
    "gained_m2",
    "lost_m2",
    "stable_sealed_m2",
    "net_m2",
    "caveat",
)


def source_label(source: dict[str, Any]) -> str:
    """A short human label of where the area comes from."""
    kind = source.get("type")
    if kind == "pack":
        return f"pack {source['pack']} v{source['version']}: {source.get('title') or ''}".strip()
    if kind == "boundary":
        name = f" {source['name']}" if source.get("name") else ""
        return f"{source['boundary']} {source['unit']}{name}"
    return "drawn or uploaded area"


def analysis_csv(result: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    common = {"source": source_label(result["source"]), "area_m2": result["area_m2"]}
    for y in result["years"]:
        writer.writerow(
            {
                **common,
                "row": "year",
                "raster_id": y["raster_id"],
                "raster_name": y["name"],
                "year": y["year"],
                "kind": y["kind"],
                **{k: y[k] for k in ("sealed_m2", "valid_m2", "zone_m2", "valid_share")},
                "sealed_share": "" if y["sealed_share"] is None else y["sealed_share"],
                "caveat": y["caveat"],
            }
        )
    for c in result["changes"]:
        writer.writerow(
            {
                **common,
                "row": "change",
                "from_raster": c["from_name"],
                "from_year": c["from_year"],
                "to_raster": c["to_name"],
                "to_year": c["to_year"],
                "valid_m2": c["valid_m2"],
                **{k: c[k] for k in ("gained_m2", "lost_m2", "stable_sealed_m2", "net_m2")},
                "caveat": c["caveat"],
            }
        )
    return out.getvalue()


def analysis_geojson(area: Area, result: dict[str, Any]) -> dict[str, Any]:
    """A FeatureCollection of one Feature: the area, with flat per-raster properties (for
    GIS attribute tables) and the full `years` / `changes` lists."""
    props: dict[str, Any] = {
        "source": source_label(result["source"]),
        "area_m2": result["area_m2"],
        "precomputed": result["precomputed"],
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    for y in result["years"]:
        props[f"{y['name']}_year"] = y["year"]
        props[f"{y['name']}_sealed_m2"] = y["sealed_m2"]
        props[f"{y['name']}_sealed_share"] = y["sealed_share"]
        props[f"{y['name']}_valid_share"] = y["valid_share"]
    for c in result["changes"]:
        key = f"{c['from_name']}_to_{c['to_name']}"
        for name in ("gained_m2", "lost_m2", "net_m2"):
            props[f"{key}_{name}"] = c[name]
    props["caveats"] = sorted({y["caveat"] for y in result["years"]} | {
        c["caveat"] for c in result["changes"]
    })  # fmt: skip
    props["years"] = result["years"]
    props["changes"] = result["changes"]
    props["source_detail"] = result["source"]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": geometry_json(area.geometry), "properties": props}
        ],
    }
