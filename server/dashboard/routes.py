"""Dashboard API (/api/v1/dashboard/...) and the STAC item of a pack (/api/v1/packs/<id>/stac).

Contract: docs/dev/dashboard-api.md; reference: docs/dashboard.md. All reads are public.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, request

from server.dashboard import analysis, exports, stac, tiles
from server.dashboard.analysis import Area, Precomputed, RasterRef
from server.dashboard.areas import (
    AreaLimits,
    checked_area,
    geodesic_area_m2,
    geometry_from_geojson,
    geometry_from_upload,
    geometry_json,
    vertex_count,
)
from server.dashboard.models import BoundaryLayer, BoundaryUnit, SealedRaster, UnitStat
from server.dashboard.rasters import all_rasters, raster_view, require_raster
from server.errors import BadRequest, NotFound, json_object, uploaded_file
from server.extensions import db
from server.packs.routes import require_pack, require_version
from server.spatial import bbox_intersects, wkb_of

log = logging.getLogger(__name__)
bp = Blueprint("dashboard_api", __name__, url_prefix="/api/v1")

AREA_KEYS = ("geometry", "pack", "boundary")
UNITS_LIMIT_DEFAULT, UNITS_LIMIT_MAX = 100, 1000


# --------------------------------------------------------------------------- lists


@bp.get("/dashboard/rasters")
def list_rasters() -> Response:
    """Registered sealed rasters, by year."""
    return jsonify({"items": [raster_view(r) for r in all_rasters()]})


@bp.get("/dashboard/boundaries")
def list_boundaries() -> Response:
    """Boundary layers, with which rasters their units have precomputed numbers for."""
    layers = db.session.scalars(sa.select(BoundaryLayer).order_by(BoundaryLayer.name)).all()
    stats = db.session.execute(
        sa.select(BoundaryUnit.layer_id, UnitStat.raster_id, sa.func.count())
        .join(UnitStat, UnitStat.unit_id == BoundaryUnit.id)
        .group_by(BoundaryUnit.layer_id, UnitStat.raster_id)
    )
    complete: dict[int, list[int]] = {}
    counts = {layer.id: layer.unit_count for layer in layers}
    for layer_id, raster_id, n in stats:
        if n == counts.get(layer_id):
            complete.setdefault(layer_id, []).append(raster_id)
    return jsonify(
        {
            "items": [
                {
                    "name": layer.name,
                    "id_field": layer.id_field,
                    "name_field": layer.name_field,
                    "crs": layer.crs,
                    "unit_count": layer.unit_count,
                    "precomputed_rasters": sorted(complete.get(layer.id, [])),
                    "created_at": layer.created_at.isoformat() if layer.created_at else None,
                }
                for layer in layers
            ]
        }
    )


def require_layer(name: str) -> BoundaryLayer:
    layer = db.session.scalar(sa.select(BoundaryLayer).where(BoundaryLayer.name == name))
    if layer is None:
        raise NotFound(f"no boundary layer named {name!r}", code="boundary-not-found")
    return layer


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
        raise BadRequest(
            "bbox must be min_lon,min_lat,max_lon,max_lat", code="invalid-parameter", field="bbox"
        )
    return values[0], values[1], values[2], values[3]


def _limit(text: str | None) -> int:
    if text in (None, ""):
        return UNITS_LIMIT_DEFAULT
    if not re.fullmatch(r"[0-9]{1,6}", text) or not 1 <= int(text) <= UNITS_LIMIT_MAX:
        raise BadRequest(
            f"limit must be an integer between 1 and {UNITS_LIMIT_MAX}",
            code="invalid-parameter",
            field="limit",
        )
    return int(text)


@bp.get("/dashboard/boundaries/<layer_name>/units")
def list_units(layer_name: str) -> Response:
    """Units of a layer as GeoJSON (simplified): filtered by name/id text and bbox."""
    from osgeo import ogr

    layer = require_layer(layer_name)
    limit = _limit(request.args.get("limit"))
    query = sa.select(BoundaryUnit).where(BoundaryUnit.layer_id == layer.id)
    tolerance = 0.0002  # degrees, about 20 m
    if request.args.get("bbox"):
        box = _bbox(request.args["bbox"])
        query = query.where(bbox_intersects(BoundaryUnit.geom, *box))
        tolerance = max(box[2] - box[0], box[3] - box[1]) / 2048
    text = (request.args.get("q") or "").strip()
    if text:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", text.lower()) + "%"
        query = query.where(
            sa.or_(
                sa.func.lower(BoundaryUnit.name).like(pattern, escape="\\"),
                sa.func.lower(BoundaryUnit.unit_id).like(pattern, escape="\\"),
            )
        )
    rows = db.session.scalars(
        query.order_by(BoundaryUnit.name, BoundaryUnit.unit_id).limit(limit + 1)
    ).all()
    features = []
    for unit in rows[:limit]:
        geom = ogr.CreateGeometryFromWkb(wkb_of(unit.geom))
        simple = geom.SimplifyPreserveTopology(tolerance) if tolerance > 0 else geom
        features.append(
            {
                "type": "Feature",
                "id": unit.unit_id,
                "geometry": geometry_json(simple if not simple.IsEmpty() else geom, 6),
                "properties": {"id": unit.unit_id, "name": unit.name, "area_m2": unit.area_m2},
            }
        )
    return jsonify(
        {
            "type": "FeatureCollection",
            "features": features,
            "numberReturned": len(features),
            "truncated": len(rows) > limit,
        }
    )


# --------------------------------------------------------------------------- analysis


def _raster_ids(value: Any) -> list[int]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise BadRequest(
            "'rasters' must be a non-empty list of raster ids", code="invalid-parameter",
            field="rasters",
        )  # fmt: skip
    return list(dict.fromkeys(value))


def _selected_rasters(body: dict[str, Any]) -> list[RasterRef]:
    rasters = all_rasters()
    if "rasters" in body:
        wanted = _raster_ids(body["rasters"])
        by_id = {r.id: r for r in rasters}
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise NotFound(
                f"no sealed raster with id {missing[0]}", code="raster-not-found", ids=missing
            )
        rasters = [r for r in rasters if r.id in set(wanted)]
    return [RasterRef.of(r) for r in rasters]


def _pairs(body: dict[str, Any], rasters: list[RasterRef]) -> list[tuple[int, int]]:
    if "pairs" not in body:
        return analysis.default_pairs(rasters)
    value = body["pairs"]
    maximum = int(current_app.config["DASHBOARD_MAX_PAIRS"])
    ok = isinstance(value, list) and len(value) <= maximum and all(
        isinstance(p, list) and len(p) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in p) for p in value
    )  # fmt: skip
    if not ok:
        raise BadRequest(
            f"'pairs' must be a list of at most {maximum} [from raster id, to raster id] pairs",
            code="invalid-parameter",
            field="pairs",
        )
    ids = {r.id for r in rasters}
    for a, b in value:
        if a == b or a not in ids or b not in ids:
            raise BadRequest(
                f"pair [{a}, {b}]: both ids must be different analysed rasters",
                code="invalid-parameter",
                field="pairs",
            )
    return [(a, b) for a, b in value]


def _area(body: dict[str, Any], limits: AreaLimits) -> Area:
    given = [k for k in AREA_KEYS if k in body]
    if len(given) != 1:
        raise BadRequest(
            "give exactly one of 'geometry' (GeoJSON, lon/lat), 'pack' (a pack id) or "
            "'boundary' with 'unit'",
            code="area-required",
        )
    if given[0] == "geometry":
        geom = geometry_from_geojson(body["geometry"], limits)
        return Area(geom, geodesic_area_m2(geom), {"type": "geometry", "bbox": _bounds(geom)})
    if given[0] == "pack":
        from osgeo import ogr

        if not isinstance(body["pack"], str):
            raise BadRequest("'pack' must be a pack id", code="invalid-parameter", field="pack")
        pack = require_pack(body["pack"])
        version = require_version(pack, body.get("version"))
        geom = checked_area(ogr.CreateGeometryFromWkb(wkb_of(version.footprint)), limits, "pack")
        source = {
            "type": "pack",
            "pack": pack.public_id,
            "version": version.version,
            "title": version.title,
            "bbox": _bounds(geom),
        }
        return Area(geom, geodesic_area_m2(geom), source)
    return _unit_area(body)


def _unit_area(body: dict[str, Any]) -> Area:
    from osgeo import ogr

    layer_name, unit_id = body.get("boundary"), body.get("unit")
    if not isinstance(layer_name, str) or not isinstance(unit_id, str | int) or unit_id == "":
        raise BadRequest(
            "'boundary' (a layer name) and 'unit' (a unit id) are both needed",
            code="invalid-parameter",
            field="unit",
        )
    layer = require_layer(layer_name)
    unit = db.session.scalar(
        sa.select(BoundaryUnit).where(
            BoundaryUnit.layer_id == layer.id, BoundaryUnit.unit_id == str(unit_id)
        )
    )
    if unit is None:
        raise NotFound(f"no unit {unit_id!r} in {layer_name!r}", code="unit-not-found")
    geom = ogr.CreateGeometryFromWkb(wkb_of(unit.geom))
    source = {
        "type": "boundary",
        "boundary": layer.name,
        "unit": unit.unit_id,
        "name": unit.name,
        "bbox": _bounds(geom),
    }
    return Area(geom, unit.area_m2, source, unit_pk=unit.id)


def _bounds(geom) -> list[float]:  # type: ignore[no-untyped-def]
    min_x, max_x, min_y, max_y = geom.GetEnvelope()
    return [round(v, 7) for v in (min_x, min_y, max_x, max_y)]


def _run_analysis() -> tuple[Area, dict[str, Any]]:
    started = time.perf_counter()
    body = json_object()
    use_stored = body.get("use_precomputed", True)
    if not isinstance(use_stored, bool):
        raise BadRequest(
            "'use_precomputed' must be true or false",
            code="invalid-parameter",
            field="use_precomputed",
        )
    area = _area(body, AreaLimits.from_config())
    rasters = _selected_rasters(body)
    pairs = _pairs(body, rasters)
    stored = None
    if area.unit_pk is not None and use_stored:
        stored = Precomputed.load(area.unit_pk, rasters, pairs)
    db.session.rollback()  # computing may take a while: hold no transaction (SQLite lock)
    return area, analysis.analyze(area, rasters, pairs, stored, started)


@bp.post("/dashboard/analyze")
def analyze() -> Response:
    """Sealed area and share per year and change between years for one area."""
    _, result = _run_analysis()
    return jsonify(result)


@bp.post("/dashboard/analyze.csv")
def analyze_csv() -> Response:
    _, result = _run_analysis()
    resp = Response(exports.analysis_csv(result), mimetype="text/csv")
    resp.headers["Content-Disposition"] = 'attachment; filename="sealed-surfaces.csv"'
    return resp


@bp.post("/dashboard/analyze.geojson")
def analyze_geojson() -> Response:
    area, result = _run_analysis()
    resp = jsonify(exports.analysis_geojson(area, result))
    resp.mimetype = "application/geo+json"
    resp.headers["Content-Disposition"] = 'attachment; filename="sealed-surfaces.geojson"'
    return resp


@bp.post("/dashboard/upload-area")
def upload_area() -> Response:
    """A GeoJSON or GeoPackage file → its area as one checked lon/lat (multi)polygon."""
    data, filename = uploaded_file()
    geom = geometry_from_upload(data, filename, AreaLimits.from_config())
    return jsonify(
        {
            "geometry": geometry_json(geom),
            "area_m2": geodesic_area_m2(geom),
            "bbox": _bounds(geom),
            "vertices": vertex_count(geom),
        }
    )


# --------------------------------------------------------------------------- tiles


def _tile_response(png: bytes, rasters: list[SealedRaster], z: int, x: int, y: int) -> Response:
    resp = Response(png, mimetype="image/png")
    stamps = []
    for r in rasters:
        try:
            stamps.append(f"{r.id}.{os.stat(r.path).st_mtime_ns}")
        except OSError:
            stamps.append(f"{r.id}.0")
    resp.set_etag(f"{'-'.join(stamps)}-{z}-{x}-{y}")
    resp.cache_control.public = True
    resp.cache_control.max_age = int(current_app.config["DASHBOARD_TILE_MAX_AGE"])
    return resp.make_conditional(request)


def _render(render, *args):  # type: ignore[no-untyped-def]
    from verite_core.analytics import AnalyticsError

    try:
        return render(*args)
    except (AnalyticsError, RuntimeError) as exc:
        log.warning("tile %s%s cannot be rendered: %s", render.__name__, args[1:4], exc)
        raise analysis.RasterUnavailable(
            "the tile cannot be rendered (details in the server log)"
        ) from exc


@bp.get("/dashboard/tiles/<raster_id>/<z>/<x>/<y>.png")
def sealed_tile(raster_id: str, z: str, x: str, y: str) -> Response:
    """Sealed pixels of one raster as an XYZ (Web Mercator) PNG tile."""
    zi, xi, yi = tiles.tile_address(z, x, y)
    raster = require_raster(raster_id)
    ref, box = RasterRef.of(raster), raster.bounds_wgs84
    png = _render(tiles.sealed_tile, ref, zi, xi, yi, box)
    return _tile_response(png, [raster], zi, xi, yi)


@bp.get("/dashboard/change-tiles/<from_id>/<to_id>/<z>/<x>/<y>.png")
def change_tile(from_id: str, to_id: str, z: str, x: str, y: str) -> Response:
    """Gained / lost / stable sealed pixels between two rasters as an XYZ PNG tile."""
    zi, xi, yi = tiles.tile_address(z, x, y)
    before, after = require_raster(from_id), require_raster(to_id)
    boxes = [before.bounds_wgs84, after.bounds_wgs84]
    png = _render(tiles.change_tile, RasterRef.of(before), RasterRef.of(after), zi, xi, yi, boxes)
    return _tile_response(png, [before, after], zi, xi, yi)


# --------------------------------------------------------------------------- STAC


@bp.get("/packs/<public_id>/stac")
def pack_stac(public_id: str) -> Response:
    """STAC Item (label extension) of the latest or `?version=` version of a pack."""
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    resp = jsonify(stac.stac_item(pack, version))
    resp.mimetype = "application/geo+json"
    return resp
