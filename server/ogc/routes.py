"""OGC API – Features endpoints."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify, request, url_for
from sqlalchemy.orm import selectinload

from server.errors import BadRequest, NotFound
from server.extensions import db
from server.packs.models import Pack, PackVersion, Plot
from server.packs.reviews import plot_feature
from server.packs.search import parse_bbox
from server.spatial import bbox_intersects

bp = Blueprint("ogc", __name__, url_prefix="/ogc")

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MATCH_COUNT_CAP = 1_000


def _link(href: str, rel: str, type_: str = "application/json", title: str | None = None) -> dict:
    link = {"href": href, "rel": rel, "type": type_}
    if title:
        link["title"] = title
    return link


@bp.get("")
@bp.get("/")
def landing() -> Response:
    return jsonify(
        {
            "title": "Vérité Terrain – ground-truth packs",
            "description": "Published ground-truth packs for Sentinel-2 land cover, one collection per pack.",
            "links": [
                _link(url_for("ogc.landing", _external=True), "self"),
                _link(
                    url_for("api_docs.openapi", _external=True),
                    "service-desc",
                    "application/vnd.oai.openapi+json;version=3.0",
                    "OpenAPI definition",
                ),
                _link(
                    url_for("api_docs.browse", _external=True),
                    "service-doc",
                    "text/html",
                    "API documentation",
                ),
                _link(url_for("ogc.conformance", _external=True), "conformance"),
                _link(url_for("ogc.collections", _external=True), "data"),
            ],
        }
    )


@bp.get("/conformance")
def conformance() -> Response:
    return jsonify({"conformsTo": CONFORMANCE})


def _latest() -> sa.Select:
    return sa.select(Pack, PackVersion).join(
        PackVersion,
        sa.and_(PackVersion.pack_id == Pack.id, PackVersion.version == Pack.latest_version),
    )


def _collection(pack: Pack, version: PackVersion) -> dict:
    items = url_for("ogc.items", collection_id=pack.public_id, _external=True)
    return {
        "id": pack.public_id,
        "title": version.title,
        "description": version.description or "",
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "license": version.license,
        "extent": {
            "spatial": {
                "bbox": [[version.min_x, version.min_y, version.max_x, version.max_y]],
                "crs": CRS84,
            },
            "temporal": {"interval": [[_iso(version.observed_from), _iso(version.observed_to)]]},
        },
        "links": [
            _link(url_for("ogc.collection", collection_id=pack.public_id, _external=True), "self"),
            _link(items, "items", GEOJSON, "Plots"),
            _link(
                url_for(
                    "packs_api.download", public_id=pack.public_id, format="gpkg", _external=True
                ),
                "enclosure",
                "application/geopackage+sqlite3",
                "GeoPackage with style and form",
            ),
            _link(
                url_for("web.pack_page", public_id=pack.public_id, _external=True),
                "describedby",
                "text/html",
            ),
        ],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@bp.get("/collections")
def collections() -> Response:
    rows = db.session.execute(_latest().order_by(Pack.id)).all()
    return jsonify(
        {
            "links": [_link(url_for("ogc.collections", _external=True), "self")],
            "collections": [_collection(p, v) for p, v in rows],
        }
    )


def _require(collection_id: str) -> tuple[Pack, PackVersion]:
    row = db.session.execute(_latest().where(Pack.public_id == collection_id)).first()
    if row is None:
        raise NotFound(f"no collection {collection_id!r}", code="collection-not-found")
    return row[0], row[1]


@bp.get("/collections/<collection_id>")
def collection(collection_id: str) -> Response:
    return jsonify(_collection(*_require(collection_id)))


def _int_arg(name: str, default: int, lo: int, hi: int | None = None) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) < lo:
        raise BadRequest(f"{name} must be an integer >= {lo}", code="invalid-parameter", field=name)
    return min(int(text), hi) if hi else int(text)


@bp.get("/collections/<collection_id>/items")
def items(collection_id: str) -> Response:
    pack, version = _require(collection_id)
    limit = _int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int_arg("offset", 0, 0)
    bbox_text = request.args.get("bbox")
    if bbox_text and len(bbox_text.split(",")) == 6:  # 3D bbox: drop the heights
        parts = bbox_text.split(",")
        bbox_text = ",".join([parts[0], parts[1], parts[3], parts[4]])
    bbox = parse_bbox(bbox_text)
    stmt = sa.select(Plot).where(Plot.pack_version_id == version.id)
    if bbox:
        stmt = stmt.where(bbox_intersects(Plot.geom, *bbox))
    # Counting every match of a large bbox costs more than the page itself: count up to a
    # cap, and leave numberMatched out beyond it (it is optional in OGC API – Features).
    capped = stmt.with_only_columns(Plot.id).limit(MATCH_COUNT_CAP + 1).subquery()
    matched = db.session.scalar(sa.select(sa.func.count()).select_from(capped)) or 0
    plots = db.session.scalars(
        stmt.options(selectinload(Plot.reviews)).order_by(Plot.id).limit(limit).offset(offset)
    ).all()
    args = {"bbox": request.args["bbox"]} if "bbox" in request.args else {}
    base = dict(collection_id=collection_id, _external=True, limit=limit, **args)
    links = [
        _link(url_for("ogc.items", offset=offset, **base), "self", GEOJSON),
        _link(url_for("ogc.collection", collection_id=collection_id, _external=True), "collection"),
    ]
    if offset + len(plots) < matched or (matched > MATCH_COUNT_CAP and len(plots) == limit):
        links.append(_link(url_for("ogc.items", offset=offset + limit, **base), "next", GEOJSON))
    if offset > 0:
        links.append(
            _link(url_for("ogc.items", offset=max(0, offset - limit), **base), "prev", GEOJSON)
        )
    body = {
        "type": "FeatureCollection",
        "features": [_flat(plot_feature(p)) for p in plots],
        "numberReturned": len(plots),
        "links": links,
    }
    if matched <= MATCH_COUNT_CAP:
        body["numberMatched"] = int(matched)
    return _geojson(body)


def _flat(feature: dict) -> dict:
    """GIS clients want scalar attributes: nested members are dropped or flattened."""
    props = feature["properties"]
    quality = props.pop("quality", None) or {}
    props.pop("reviews", None)
    props["photos"] = ", ".join(props.get("photos") or [])
    props["quality_score"] = quality.get("score")
    props["quality_level"] = quality.get("level")
    return feature


@bp.get("/collections/<collection_id>/items/<item_id>")
def item(collection_id: str, item_id: str) -> Response:
    _pack, version = _require(collection_id)
    plot = db.session.scalar(
        sa.select(Plot).where(Plot.pack_version_id == version.id, Plot.plot_id == item_id)
    )
    if plot is None:
        raise NotFound(f"no item {item_id!r} in {collection_id}", code="item-not-found")
    feature = _flat(plot_feature(plot))
    feature["links"] = [
        _link(
            url_for("ogc.item", collection_id=collection_id, item_id=item_id, _external=True),
            "self",
            GEOJSON,
        ),
        _link(url_for("ogc.collection", collection_id=collection_id, _external=True), "collection"),
    ]
    return _geojson(feature)


def _geojson(body: dict) -> Response:
    resp = jsonify(body)
    resp.mimetype = GEOJSON
    return resp
