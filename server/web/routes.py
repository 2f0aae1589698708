"""HTML views: the catalog (`/`) and the pack page (`/packs/<public_id>`), and what every
page of the `web` blueprint shares (language, assets, security headers, error pages).

Errors raised in these views answer as HTML pages, not problem+json: the catalog shows a
bad filter inside its form (400), other problems get the error page with their status.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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
from server.web import i18n, presenters
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
#: Query parameters that a language switch keeps (filters, paging, pack version).
PAGE_ARGS = frozenset((*FILTER_ARGS, "page", "version"))
MAX_THEMES_LISTED = 200
# Pages are markup, stylesheets and the bundled scripts of `frontend/` (built into
# static/dist/ at set-up time), all from this server: nothing inline, no CDN. blob: lets
# the dashboard offer its CSV/GeoJSON exports as downloads made in the page.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DIST = Path(__file__).resolve().parent / "static" / "dist"


def optional_url(endpoint: str, **values: Any) -> str | None:
    """URL of an endpoint another domain provides, or None while it is not registered."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def asset_url(name: str) -> str | None:
    """URL of a built front-end file (`static/dist/<name>`), None when it was not built.

    Pages work without their scripts (maps and charts enhance server-rendered content),
    so a missing build only removes the enhancement. `?v=` changes with each build.
    """
    path = DIST / name
    if not path.is_file():
        return None
    return url_for("web.static", filename=f"dist/{name}", v=int(path.stat().st_mtime))


def _language_links() -> list[dict[str, Any]]:
    """This page in each language: same path, the page's own parameters, `lang` replaced."""
    current = i18n.current_language()
    kept = [(k, v) for k, v in request.args.items(multi=True) if k in PAGE_ARGS]
    links = []
    for code in i18n.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": i18n.LANGUAGE_NAMES[code],
                "url": f"{request.path}?{urlencode([*kept, ('lang', code)])}",
                "current": code == current,
            }
        )
    return links


@bp.context_processor
def _site_links() -> dict[str, Any]:
    return {
        "api_docs_url": optional_url("api_docs.browse"),
        "schema_url": optional_url("packs_api.schema"),
        "ogc_url": optional_url("ogc.landing", _external=True),
        "boundaries_url": optional_url("dashboard_api.list_boundaries"),
        "lang": i18n.current_language(),
        "language_links": _language_links(),
        "t": i18n.translate,
        "asset_url": asset_url,
    }


@bp.app_template_filter("num")
def _number(value: float | int | None, digits: int = 0) -> str:
    """A number formatted for the page language (`{{ x|num(1) }}`)."""
    return i18n.format_number(value, digits)


@bp.after_request
def _security_headers(resp: Response) -> Response:
    resp.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return i18n.remember_language(resp)


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
            "stac_url": optional_url(
                "dashboard_api.pack_stac", public_id=pack.public_id, version=v.version
            ),
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
        stac_url=optional_url(
            "dashboard_api.pack_stac", public_id=pack.public_id, version=version.version
        ),
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
