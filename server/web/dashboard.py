"""The imperviousness dashboard page (`/dashboard`).

The page is a shell that the bundled script (`frontend/src/dashboard.js`) fills from the
dashboard JSON API (`/api/v1/dashboard/...`, see docs/dev/dashboard-api.md): areas, rasters,
analysis, tiles and exports all come from there, so the numbers on the page are the API's.
Server-side, the page only lists what a visitor without JavaScript can still use: the
registered rasters with their caveats, and the packs whose area can be analysed.
"""

from __future__ import annotations

import importlib
from typing import Any

import sqlalchemy as sa
from flask import render_template

from server.extensions import db
from server.packs.models import Pack, PackVersion
from server.web.routes import bp, optional_url

#: Packs offered in the "pick a pack" list (latest versions, most recently updated first).
MAX_PACKS_LISTED = 500


def _packs() -> list[dict[str, str]]:
    stmt = (
        sa.select(Pack.public_id, PackVersion.title)
        .join(
            PackVersion,
            (PackVersion.pack_id == Pack.id) & (PackVersion.version == Pack.latest_version),
        )
        .order_by(Pack.updated_at.desc(), Pack.id.desc())
        .limit(MAX_PACKS_LISTED)
    )
    return [{"id": pid, "title": title} for pid, title in db.session.execute(stmt)]


def _rasters() -> list[dict[str, Any]]:
    """The registered rasters (`server.dashboard`), or [] while that domain is absent."""
    try:
        rasters = importlib.import_module("server.dashboard.rasters")
    except ModuleNotFoundError as exc:
        if exc.name not in ("server.dashboard", "server.dashboard.rasters"):
            raise
        return []
    return [rasters.raster_view(r) for r in rasters.all_rasters()]


def _api_base() -> str:
    """`/api/v1/dashboard` as the app routes it (the contract's path until it is registered)."""
    rasters = optional_url("dashboard_api.list_rasters")
    return rasters.rsplit("/", 1)[0] if rasters else "/api/v1/dashboard"


@bp.get("/dashboard")
def dashboard() -> str:
    """Sealed area and share per year for a drawn, uploaded, pack or boundary area."""
    return render_template(
        "web/dashboard.html",
        packs=_packs(),
        rasters=_rasters(),
        api_base=_api_base(),
        packs_api_url=optional_url("packs_api.list_packs"),
    )
