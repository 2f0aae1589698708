"""A pack version as a STAC Item with the label extension (vector labels, one class
property), so that STAC tools and ML data loaders find the plots and their classes.

Geometry and bbox: the pack's declared area (its footprint, EPSG:4326). Time: the
observation period (`start_datetime` / `end_datetime`, `datetime` null), else the upload
time. Assets: the GeoPackage (with QGIS style and form) and the GeoJSON downloads.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from flask import url_for
from osgeo import ogr
from werkzeug.routing import BuildError

from server.packs.models import Pack, PackVersion
from server.packs.reviews import class_counts
from server.spatial import wkb_of

STAC_VERSION = "1.0.0"
LABEL_EXTENSION = "https://stac-extensions.github.io/label/v1.0.1/schema.json"
LABEL_PROPERTY = "class_code"


def _instant(day: date | None, end: bool = False) -> str | None:
    if day is None:
        return None
    moment = datetime.combine(day, time(23, 59, 59) if end else time(0, 0, 0))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _url(endpoint: str, **values: Any) -> str | None:
    try:
        return url_for(endpoint, _external=True, **values)
    except BuildError:  # an optional domain (e.g. the web pages) is not installed
        return None


def stac_item(pack: Pack, version: PackVersion) -> dict[str, Any]:
    """The STAC Item (dict, ready for JSON) of one version of a pack."""
    geometry = ogr.CreateGeometryFromWkb(wkb_of(version.footprint))
    counts = class_counts(version)
    codes = [c.code for c in version.classes] or sorted(counts)
    names = {c.code: c.name for c in version.classes}
    pid, number = pack.public_id, version.version
    start, end = _instant(version.observed_from), _instant(version.observed_to, end=True)
    properties: dict[str, Any] = {
        "title": version.title,
        "description": version.description or version.title,
        "datetime": None if start and end else _utc(version.created_at),
        "created": _utc(version.created_at),
        "updated": _utc(pack.updated_at),
        "label:description": (
            f"Ground-truth plots labelled with the pack's nomenclature in "
            f"'{LABEL_PROPERTY}' ({len(codes)} classes)"
        ),
        "label:type": "vector",
        "label:properties": [LABEL_PROPERTY],
        "label:classes": [{"name": LABEL_PROPERTY, "classes": codes}],
        "label:tasks": ["classification"],
        "label:methods": ["manual"],  # plots are drawn and labelled by people
        "label:overviews": [
            {
                "property_key": LABEL_PROPERTY,
                "counts": [{"name": code, "count": int(counts.get(code, 0))} for code in codes],
            }
        ],
        "vt:version": number,
        "vt:plot_count": version.plot_count,
        "vt:theme": version.theme,
        "vt:class_names": names,
        "vt:quality_level": version.quality_level,
        "vt:quality_score": round(version.quality_score, 2)
        if version.quality_score is not None
        else None,
        "vt:method": version.method,
        "vt:positional_accuracy_m": version.positional_accuracy_m,
        "vt:citation": version.citation,
    }
    if start and end:
        properties["start_datetime"] = start
        properties["end_datetime"] = end
    if version.license:
        properties["license"] = version.license
    gpkg = url_for("packs_api.download", public_id=pid, format="gpkg", version=number,
                   _external=True)  # fmt: skip
    geojson = url_for("packs_api.download", public_id=pid, format="geojson", version=number,
                      _external=True)  # fmt: skip
    links = [
        {
            "rel": "self",
            "href": url_for(
                "dashboard_api.pack_stac", public_id=pid, version=number, _external=True
            ),  # fmt: skip
            "type": "application/geo+json",
        },
        {
            "rel": "via",
            "href": url_for("packs_api.get_pack", public_id=pid, version=number, _external=True),
            "type": "application/json",
            "title": "Pack metadata (Vérité Terrain API)",
        },
    ]
    html = _url("web.pack_page", public_id=pid)
    if html:
        links.append({"rel": "alternate", "href": html, "type": "text/html", "title": "Pack page"})
    if version.license:
        links.append(
            {
                "rel": "license",
                "href": f"https://spdx.org/licenses/{version.license}.html",
                "title": version.license,
            }
        )
    return {
        "type": "Feature",
        "stac_version": STAC_VERSION,
        "stac_extensions": [LABEL_EXTENSION],
        "id": f"{pid}-v{number}",
        "geometry": json.loads(geometry.ExportToJson(["COORDINATE_PRECISION=7"])),
        "bbox": [version.min_x, version.min_y, version.max_x, version.max_y],
        "properties": properties,
        "links": links,
        "assets": {
            "labels": {
                "href": gpkg,
                "type": "application/geopackage+sqlite3",
                "title": "Plots (GeoPackage with QGIS style and form)",
                "roles": ["labels", "labels-vector", "data"],
            },
            "labels-geojson": {
                "href": geojson,
                "type": "application/geo+json",
                "title": "Plots (GeoJSON)",
                "roles": ["labels", "labels-vector"],
            },
        },
    }
