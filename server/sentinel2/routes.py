"""``GET /api/v1/packs/<public_id>/acquisitions`` and the pack page's helper.

Both answer from the database only (never from the catalogue): what the lookup stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from server.extensions import db, utcnow
from server.packs.models import AcquisitionLookup, PackAcquisition, PackVersion
from server.packs.routes import require_pack, require_version

bp = Blueprint("sentinel2", __name__, url_prefix="/api/v1")
#: A pending lookup older than this was interrupted (lookups are time-boxed to seconds).
STALE_AFTER = dt.timedelta(hours=1)


def acquisitions_of(version: PackVersion) -> dict[str, Any]:
    """The lookup state and the stored acquisitions of a version, best first.

    ``status``: ``not-configured`` (no STAC_URL), ``none`` (never looked up, e.g. published
    before the catalogue was configured), ``pending``, ``done`` or ``failed``.
    """
    lookup = db.session.scalar(
        sa.select(AcquisitionLookup).where(AcquisitionLookup.pack_version_id == version.id)
    )
    rows = db.session.scalars(
        sa.select(PackAcquisition)
        .where(PackAcquisition.pack_version_id == version.id)
        .order_by(PackAcquisition.rank)
    ).all()
    detail = lookup.detail if lookup is not None else None
    if lookup is None:
        status = "none" if current_app.config.get("STAC_URL") else "not-configured"
    elif is_stale(lookup):
        status, detail = "failed", "interrupted: the server stopped during the lookup"
    else:
        status = lookup.status
    return {
        "status": status,
        "detail": detail,
        "catalog": lookup.catalog_url if lookup is not None else None,
        "collection": lookup.collection if lookup is not None else None,
        "searched_from": _iso(lookup.searched_from) if lookup is not None else None,
        "searched_to": _iso(lookup.searched_to) if lookup is not None else None,
        "finished_at": _iso(lookup.finished_at) if lookup is not None else None,
        "items": [_item(row) for row in rows],
    }


def is_stale(lookup: AcquisitionLookup) -> bool:
    """A lookup still pending long after any lookup can last (its process was stopped)."""
    return lookup.status == "pending" and utcnow() - lookup.started_at > STALE_AFTER


def _item(row: PackAcquisition) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "item_id": row.item_id,
        "product_id": row.product_id,
        "datetime": _iso(row.acquired_at),
        "date": row.acquired_at.date().isoformat(),
        "level": row.level,
        "cloud_cover": row.cloud_cover,
        "processing_baseline": row.processing_baseline,
        "days_from_observation": row.days_from_observation,
        "stac_item": row.item_url,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@bp.get("/packs/<public_id>/acquisitions")
def get_acquisitions(public_id: str) -> ResponseReturnValue:
    """Sentinel-2 acquisitions related to a pack version (default: the latest)."""
    pack = require_pack(public_id)
    version = require_version(pack, request.args.get("version"))
    body = {"pack_id": pack.public_id, "version": version.version, **acquisitions_of(version)}
    body["links"] = {
        "self": url_for(
            "sentinel2.get_acquisitions",
            public_id=pack.public_id,
            version=version.version,
            _external=True,
        ),
        "pack": url_for("packs_api.get_pack", public_id=pack.public_id, _external=True),
    }
    return jsonify(body)


def install_template_helper(app: Flask) -> None:
    """``related_acquisitions(version)`` in templates (the pack page's list)."""

    @app.context_processor
    def _helpers() -> dict[str, Any]:
        return {"related_acquisitions": acquisitions_of}
