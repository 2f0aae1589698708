"""JSON views of packs, versions and plots (what the API returns)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from server.packs.models import Pack, PackVersion


def citation_text(pack: Pack, version: PackVersion) -> str:
    """The manifest's citation, else one built from contributors, year, title and version."""
    if version.citation:
        return f"{version.citation} Version {version.version}. {_pack_url(pack)}"
    people = version.contributors or pack.owner.username
    year = version.created_at.year if version.created_at else ""
    return (
        f"{people} ({year}). {version.title} (version {version.version}) [Data set]. "
        f"Vérité Terrain. {_pack_url(pack)}. Licence: {version.license}."
    )


def _pack_url(pack: Pack) -> str:
    return url_for("packs_api.get_pack", public_id=pack.public_id, _external=True)


def links(pack: Pack, version: int | None = None) -> dict[str, str]:
    extra = {"version": version} if version is not None else {}
    pid = pack.public_id
    return {
        "self": url_for("packs_api.get_pack", public_id=pid, _external=True, **extra),
        "html": url_for("web.pack_page", public_id=pid, _external=True),
        "gpkg": url_for(
            "packs_api.download", public_id=pid, format="gpkg", _external=True, **extra
        ),
        "geojson": url_for(
            "packs_api.download", public_id=pid, format="geojson", _external=True, **extra
        ),
        "original": url_for(
            "packs_api.download", public_id=pid, format="original", _external=True, **extra
        ),
        "ogc_items": url_for("ogc.items", collection_id=pid, _external=True),
    }


def version_summary(pack: Pack, version: PackVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "label": version.manifest.get("version"),
        "created_at": version.created_at.isoformat() if version.created_at else None,
        "content_hash": version.content_hash,
        "file_format": version.file_format,
        "size_bytes": version.size_bytes,
        "plot_count": version.plot_count,
        "quality_score": round(version.quality_score or 0, 2),
        "quality_level": version.quality_level,
        "links": links(pack, version.version),
    }


def pack_summary(pack: Pack, version: PackVersion) -> dict[str, Any]:
    """The catalogue entry of a pack (its latest version)."""
    return {
        "id": pack.public_id,
        "title": version.title,
        "theme": version.theme,
        "license": version.license,
        "owner": pack.owner.username,
        "version": version.version,
        "plot_count": version.plot_count,
        "quality": {"score": round(version.quality_score or 0, 2), "level": version.quality_level},
        "bbox": [version.min_x, version.min_y, version.max_x, version.max_y],
        "observation_period": {
            "start": _iso(version.observed_from),
            "end": _iso(version.observed_to),
        },
        "classes": [
            {"code": c.code, "name": c.name, "clcplus": c.clcplus_code} for c in version.classes
        ],
        "updated_at": pack.updated_at.isoformat() if pack.updated_at else None,
        "links": links(pack),
    }


def pack_detail(pack: Pack, version: PackVersion, class_counts: dict[str, int]) -> dict[str, Any]:
    m = version.manifest
    detail = pack_summary(pack, version)
    detail["links"] = links(pack, version.version)
    detail.update(
        {
            "latest_version": pack.latest_version,
            "description": version.description,
            "method": version.method,
            "positional_accuracy_m": version.positional_accuracy_m,
            "contributors": m.get("contributors", []),
            "keywords": m.get("keywords", []),
            "sentinel2_acquisitions": m.get("sentinel2_acquisitions", []),
            "reference_period": m.get("reference_period"),
            "area": m.get("area"),
            "crs": version.crs,
            "nomenclature": m.get("nomenclature"),
            "descriptors": m.get("descriptors", []),
            "constraints": m.get("constraints", []),
            "class_counts": class_counts,
            "quality": version.quality,
            "citation": citation_text(pack, version),
            "versions": [version_summary(pack, v) for v in pack.versions],
            "manifest": m,
        }
    )
    return detail


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
