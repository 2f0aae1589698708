"""Plots of a version, and reviewers' verdicts on them."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from osgeo import ogr

from server.auth.models import User
from server.errors import ValidationFailed
from server.extensions import db
from server.packs.ingest import Uploader
from server.packs.models import PackVersion, Plot, PlotReview
from server.spatial import wkb_of
from verite_core.pack.textcheck import text_problems


def class_counts(version: PackVersion) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Plot.class_code, sa.func.count())
        .where(Plot.pack_version_id == version.id)
        .group_by(Plot.class_code)
    )
    return {code: int(n) for code, n in rows}


def plot_feature(plot: Plot) -> dict[str, Any]:
    """A plot as a GeoJSON Feature (EPSG:4326) with its quality and reviews."""
    geom = ogr.CreateGeometryFromWkb(wkb_of(plot.geom))
    return {
        "type": "Feature",
        "id": plot.plot_id,
        "geometry": json.loads(geom.ExportToJson(["COORDINATE_PRECISION=8"])),
        "properties": {
            "plot_id": plot.plot_id,
            "class_code": plot.class_code,
            "clcplus": plot.clcplus_code,
            "observed_on": plot.observed_on.isoformat() if plot.observed_on else None,
            "collector": plot.collector,
            "photos": plot.photos or [],
            "notes": plot.notes,
            **(plot.descriptors or {}),
            "area_m2": round(plot.area_m2 or 0, 1),
            "quality": plot.quality,
            "reviews": [
                {
                    "verdict": r.verdict,
                    "corrected_class": r.corrected_class,
                    "reviewer": r.reviewer.username,
                    "created_at": r.created_at.isoformat(),
                }
                for r in plot.reviews
            ],
        },
    }


def plots_page(version: PackVersion, page: int, per_page: int) -> dict[str, Any]:
    stmt = sa.select(Plot).where(Plot.pack_version_id == version.id)
    plots = db.session.scalars(
        stmt.order_by(Plot.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return {
        "type": "FeatureCollection",
        "features": [plot_feature(p) for p in plots],
        "page": page,
        "per_page": per_page,
        "total": version.plot_count,
    }


def record_review(plot: Plot, version: PackVersion, reviewer: User, body: dict) -> dict[str, Any]:
    """Store a verdict and update the uploader's review record (its reliability A)."""
    verdict = body.get("verdict")
    problems = []
    if verdict not in ("confirm", "correct"):
        problems.append(
            {
                "code": "review.verdict",
                "message": "verdict must be 'confirm' or 'correct'",
                "field": "verdict",
                "plot_id": plot.plot_id,
                "severity": "error",
            }
        )
    corrected = body.get("corrected_class")
    codes = {c.code for c in version.classes}
    if verdict == "correct" and corrected not in codes:
        problems.append(
            {
                "code": "review.class",
                "message": f"corrected_class must be one of {sorted(codes)}",
                "field": "corrected_class",
                "plot_id": plot.plot_id,
                "severity": "error",
            }
        )
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        problems.append(
            {
                "code": "review.comment",
                "message": "comment must be text",
                "field": "comment",
                "plot_id": plot.plot_id,
                "severity": "error",
            }
        )
    elif comment:
        problems += [p.to_dict() for p in text_problems(comment, "comment", plot.plot_id)]
    if problems:
        raise ValidationFailed(problems, "the review is not valid", code="invalid-review")
    uploader = db.session.get(User, version.uploaded_by_id)
    uploader.reviewed_plots += 1
    if verdict == "confirm" or corrected == plot.class_code:
        uploader.confirmed_plots += 1
    review = PlotReview(
        plot_id=plot.id,
        reviewer_id=reviewer.id,
        verdict=verdict,
        corrected_class=corrected if verdict == "correct" else None,
        comment=comment,
    )
    db.session.add(review)
    db.session.commit()
    return {
        "plot_id": plot.plot_id,
        "verdict": verdict,
        "corrected_class": review.corrected_class,
        "reviewer": reviewer.username,
        "collector": {
            "username": uploader.username,
            "reviewed_plots": uploader.reviewed_plots,
            "confirmed_plots": uploader.confirmed_plots,
            "reliability": {
                level: round(Uploader.of(uploader).reliability_of(level), 4)
                for level in ("expert", "professional", "student", "volunteer")
            },
        },
    }
