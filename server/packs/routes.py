"""REST API of packs: publish, versions, search, detail, download, plots, reviews."""

from __future__ import annotations

import json
import re

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, request, url_for
from sqlalchemy.orm import selectinload

from server.auth.permissions import require_role, require_user
from server.errors import BadRequest, Forbidden, NotFound, uploaded_file
from server.extensions import db
from server.packs import reviews
from server.packs.downloads import geojson_document, gpkg_bytes
from server.packs.ingest import Uploader, prepare, publish
from server.packs.models import Pack, PackVersion, Plot
from server.packs.search import PackFilters, search
from server.packs.views import pack_detail, pack_summary
from verite_core.pack import bundled_descriptor_sets, bundled_nomenclatures, pack_schema

bp = Blueprint("packs_api", __name__, url_prefix="/api/v1")

SEARCH_PARAMETERS = frozenset(
    (
        "bbox",
        "theme",
        "class",
        "clcplus",
        "eagle",
        "min_quality",
        "license",
        "contributor",
        "observed_from",
        "observed_to",
        "q",
        "per_page",
    )
)


def require_pack(public_id: str) -> Pack:
    """The pack or 404. Published packs are public, so there is no 403 case here."""
    pack = db.session.scalar(
        sa.select(Pack)
        .where(Pack.public_id == public_id)
        .options(selectinload(Pack.versions), selectinload(Pack.owner))
    )
    if pack is None:
        raise NotFound(f"no pack with id {public_id!r}", code="pack-not-found")
    return pack


def require_version(pack: Pack, number: str | int | None) -> PackVersion:
    """The requested version of a pack (default: latest) or 404."""
    if number in (None, ""):
        number = pack.latest_version
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        raise BadRequest(
            "version must be an integer", code="invalid-parameter", field="version"
        ) from None
    for version in pack.versions:
        if version.version == wanted:
            return version
    raise NotFound(
        f"pack {pack.public_id} has no version {wanted}",
        code="version-not-found",
        versions=[v.version for v in pack.versions],
    )


def _published_response(published, status_created: int = 201) -> Response:
    pack, version = published.pack, published.version
    body = pack_detail(pack, version, reviews.class_counts(version))
    body["created"] = published.created
    resp = jsonify(body)
    resp.status_code = status_created if published.created else 200
    resp.headers["Location"] = url_for(
        "packs_api.get_pack", public_id=pack.public_id, _external=True
    )
    return resp


@bp.post("/packs")
def create_pack() -> Response:
    """Publish a new pack (multipart 'file': GeoPackage or GeoJSON)."""
    user = require_user()
    uploader = Uploader.of(user)
    data, filename = uploaded_file("the pack", "pack")
    db.session.rollback()  # release the read transaction before validating (SQLite write lock)
    prepared = prepare(data, filename, uploader)
    return _published_response(publish(prepared, uploader))


@bp.post("/packs/<public_id>/versions")
def create_version(public_id: str) -> Response:
    """Publish a new version of one's own pack; older versions stay downloadable."""
    user = require_user()
    uploader = Uploader.of(user)
    pack = require_pack(public_id)
    if pack.owner_id != user.id:
        raise Forbidden("only the pack's owner can publish new versions", code="not-pack-owner")
    data, filename = uploaded_file("the pack", "pack")
    db.session.rollback()
    prepared = prepare(data, filename, uploader)
    return _published_response(publish(prepared, uploader, public_id))


@bp.get("/packs")
def list_packs() -> Response:
    """Search the catalogue (filters in the query string), paginated."""
    filters = PackFilters.from_args(request.args)
    page = _positive(request.args.get("page", "1"), "page")
    per_page = min(
        _positive(request.args.get("per_page", "20"), "per_page"),
        current_app.config["PAGE_SIZE_MAX"],
    )
    rows, total = search(filters, page, per_page)
    # Only known parameters go back into links: '_external', '_scheme' etc. are url_for's.
    args = {k: v for k, v in request.args.items() if k in SEARCH_PARAMETERS}
    links = {"self": url_for("packs_api.list_packs", page=page, _external=True, **args)}
    if page * per_page < total:
        links["next"] = url_for("packs_api.list_packs", page=page + 1, _external=True, **args)
    if page > 1:
        links["prev"] = url_for("packs_api.list_packs", page=page - 1, _external=True, **args)
    return jsonify(
        {
            "items": [pack_summary(p, v) for p, v in rows],
            "page": page,
            "per_page": per_page,
            "total": total,
            "links": links,
        }
    )


def _positive(text: str, name: str) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", text or "") or int(text) < 1:
        raise BadRequest(f"{name} must be a positive integer", code="invalid-parameter", field=name)
    return int(text)


@bp.get("/packs/<public_id>")
def get_pack(public_id: str) -> Response:
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    return jsonify(pack_detail(pack, version, reviews.class_counts(version)))


@bp.get("/packs/<public_id>/download")
def download(public_id: str) -> Response:
    """The pack file: format=gpkg (with QGIS style and form) | geojson | original."""
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    fmt = request.args.get("format", "gpkg")
    stem = f"{_slug(version.title)}-v{version.version}"
    if fmt == "gpkg":
        data, mime, name = gpkg_bytes(version), "application/geopackage+sqlite3", f"{stem}.gpkg"
    elif fmt == "geojson":
        data = json.dumps(geojson_document(version), ensure_ascii=False).encode()
        mime, name = "application/geo+json", f"{stem}.geojson"
    elif fmt == "original":
        data = version.file.data
        mime = (
            "application/geopackage+sqlite3"
            if version.file_format == "gpkg"
            else "application/geo+json"
        )
        name = f"{stem}-original.{version.file_format}"
    else:
        raise BadRequest(
            "format must be gpkg, geojson or original", code="invalid-parameter", field="format"
        )
    resp = Response(data, mimetype=mime)
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    resp.headers["X-Pack-Version"] = str(version.version)
    resp.headers["X-Content-SHA256"] = version.content_hash if fmt == "original" else ""
    return resp


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "pack"


@bp.get("/packs/<public_id>/plots")
def list_plots(public_id: str) -> Response:
    """Plots of a version with their quality components (paginated, GeoJSON)."""
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    page = _positive(request.args.get("page", "1"), "page")
    per_page = min(_positive(request.args.get("per_page", "100"), "per_page"), 1000)
    return jsonify(reviews.plots_page(version, page, per_page))


@bp.post("/packs/<public_id>/plots/<plot_id>/reviews")
def review_plot(public_id: str, plot_id: str) -> Response:
    """A reviewer confirms or corrects a plot; updates the collector's reliability."""
    user = require_role(require_user(), "reviewer", "admin")
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    plot = db.session.scalar(
        sa.select(Plot).where(Plot.pack_version_id == version.id, Plot.plot_id == plot_id)
    )
    if plot is None:
        raise NotFound(f"no plot {plot_id!r} in version {version.version}", code="plot-not-found")
    body = request.get_json(silent=False) if request.data else {}
    review = reviews.record_review(plot, version, user, body or {})
    resp = jsonify(review)
    resp.status_code = 201
    return resp


@bp.get("/schema/pack")
def schema() -> Response:
    resp = jsonify(pack_schema())
    resp.mimetype = "application/schema+json"
    return resp


@bp.get("/nomenclatures")
def nomenclatures() -> Response:
    """The bundled recommended nomenclatures, with EAGLE and CLC+ mappings."""
    return jsonify({"items": list(bundled_nomenclatures().values())})


@bp.get("/nomenclatures/<ident>")
def nomenclature_detail(ident: str) -> Response:
    found = bundled_nomenclatures().get(ident)
    if found is None:
        raise NotFound(f"no nomenclature {ident!r}", code="nomenclature-not-found")
    return jsonify(found)


@bp.get("/descriptor-sets")
def descriptor_sets() -> Response:
    return jsonify({"items": list(bundled_descriptor_sets().values())})
