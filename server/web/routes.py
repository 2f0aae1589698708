"""HTML views: the catalog (`/`) and the pack page (`/packs/<public_id>`).

Errors raised in these views answer as HTML pages, not problem+json: the catalog shows a
bad filter inside its form (400), other problems get the error page with their status.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.routing import BuildError

from server.errors import BadRequest, ProblemError
from server.extensions import db
from server.packs import reviews
from server.packs.models import Pack
from server.packs.routes import require_pack, require_version
from server.packs.search import QUALITY_ORDER, PackFilters, search
from server.packs.views import citation_text, links
from server.web import presenters
from server.web.footprint import pack_drawing
from verite_core.pack.reference import SPDX_DATA_LICENSES

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/assets/web",
)

PER_PAGE = 20
#: Query parameters of the filter form (those of `PackFilters.from_args`), kept in page links.
FILTER_ARGS = ("q", "theme", "class", "clcplus", "eagle", "min_quality", "license",
               "contributor", "observed_from", "observed_to", "bbox")  # fmt: skip
MAX_THEMES_LISTED = 200
# Pages are markup and one stylesheet; inline SVG needs no exception. Relax script-src
# to 'self' only: a map library will be served from this blueprint's static folder.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _optional_url(endpoint: str, **values: Any) -> str | None:
    """URL of an endpoint another domain provides, or None while it is not registered."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.context_processor
def _site_links() -> dict[str, Any]:
    return {
        "api_docs_url": _optional_url("api_docs.browse"),
        "schema_url": _optional_url("packs_api.schema"),
        "ogc_url": _optional_url("ogc.landing", _external=True),
    }


@bp.after_request
def _security_headers(resp: Response) -> Response:
    resp.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


@bp.errorhandler(ProblemError)
def _problem_page(exc: ProblemError) -> tuple[str, int, dict[str, str]]:
    page = render_template("web/error.html", status=exc.status, title=exc.title, detail=exc.detail)
    return page, exc.status, exc.headers


@bp.app_template_filter("web_date")
def _web_date(value: dt.date | None) -> str:
    """ISO date (no time) of a date or datetime; empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def _page_number(text: str | None) -> int:
    if text in (None, ""):
        return 1
    if not re.fullmatch(r"[0-9]{1,6}", text) or int(text) < 1:
        raise BadRequest("page must be a positive integer", code="invalid-parameter", field="page")
    return int(text)


def _known_themes() -> list[str]:
    stmt = sa.select(Pack.theme).where(Pack.theme.is_not(None)).distinct().order_by(Pack.theme)
    return list(db.session.scalars(stmt.limit(MAX_THEMES_LISTED)))


@bp.get("/")
def catalog() -> tuple[str, int]:
    """The catalog: filter form and one page of matching packs (latest versions)."""
    # Only known names: others (e.g. "_external", "_scheme") would steer url_for.
    args = {k: v for k in FILTER_ARGS if (v := request.args.get(k, "")).strip()}
    error: str | None = None
    error_field: str | None = None
    rows, total, page = [], 0, 1
    try:
        filters = PackFilters.from_args(request.args)
        page = _page_number(request.args.get("page"))
        rows, total = search(filters, page, PER_PAGE)
    except BadRequest as exc:
        error, error_field = exc.detail or exc.title, exc.extra.get("field")
    pages = max(1, math.ceil(total / PER_PAGE))

    def page_url(number: int) -> str:
        return url_for("web.catalog", **args, page=number)

    packs = [
        {
            "pack": pack,
            "version": version,
            "level": presenters.safe_level(version.quality_level),
        }
        for pack, version in rows
    ]
    page_html = render_template(
        "web/catalog.html",
        values=request.args,
        error=error,
        error_field=error_field,
        filtered=bool(args),
        packs=packs,
        total=total,
        page=page,
        pages=pages,
        first=(page - 1) * PER_PAGE + 1,
        first_url=page_url(1),
        prev_url=page_url(page - 1) if 1 < page <= pages else None,
        next_url=page_url(page + 1) if page < pages else None,
        clcplus_classes=presenters.clcplus_options(),
        quality_levels=QUALITY_ORDER,
        themes=_known_themes(),
        licenses=sorted(SPDX_DATA_LICENSES),
    )
    return page_html, 400 if error else 200


@bp.get("/packs/<public_id>")
def pack_page(public_id: str) -> str:
    """One pack version (default: latest) with its legend, quality, versions and downloads."""
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    manifest = version.manifest if isinstance(version.manifest, dict) else {}
    classes = presenters.class_rows(version, reviews.class_counts(version))
    versions = [
        {
            "number": v.version,
            "label": presenters.text(v.manifest.get("version"))
            if isinstance(v.manifest, dict)
            else None,
            "created_at": v.created_at,
            "plot_count": v.plot_count,
            "quality_score": v.quality_score,
            "level": presenters.safe_level(v.quality_level),
            "links": links(pack, v.version),
            "current": v.version == version.version,
        }
        for v in reversed(pack.versions)
    ]
    return render_template(
        "web/pack.html",
        pack=pack,
        version=version,
        version_label=presenters.text(manifest.get("version")),
        is_latest=version.version == pack.latest_version,
        links=links(pack, version.version),
        citation=citation_text(pack, version),
        contributors=presenters.contributors(manifest),
        acquisitions=presenters.acquisitions(manifest),
        method=presenters.method_label(version.method),
        license_url=presenters.license_url(version.license),
        nomenclature=presenters.nomenclature_info(manifest),
        classes=classes,
        descriptors=presenters.descriptor_rows(manifest),
        quality=presenters.quality_view(version),
        versions=versions,
        drawing=pack_drawing(version, {row["code"]: row["color"] for row in classes}),
    )
