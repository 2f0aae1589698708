"""The mapping between a pack manifest and the pack dialog's fields (no widgets here).

The dialog edits a subset of the manifest; ``manifest_for_update`` writes that subset back
into an existing manifest and keeps everything the dialog does not show (keywords,
Sentinel-2 acquisitions, reference period, contributors' affiliations...).
"""

from __future__ import annotations

import datetime
from typing import Any

from verite_core.pack import reference

from ..core.i18n import tr
from ..core.pack_file import NewPackParams, build_manifest

METHODS = ("field", "field_photos", "vhr_photointerpretation", "sentinel2_interpretation")
EXPERTISE_LEVELS = ("expert", "professional", "student", "volunteer")
#: Manifest members the dialog owns (written back from the dialog on update).
EDITED_KEYS = (
    "title",
    "description",
    "theme",
    "license",
    "citation",
    "method",
    "contributors",
    "observation_period",
    "positional_accuracy_m",
    "area",
    "nomenclature",
)
DESCRIPTOR_KEYS = ("descriptors", "constraints")


def method_label(method: str) -> str:
    labels = {
        "field": tr("Field survey"),
        "field_photos": tr("Field survey with photos"),
        "vhr_photointerpretation": tr("Very-high-resolution photo-interpretation"),
        "sentinel2_interpretation": tr("Sentinel-2 interpretation"),
    }
    return labels.get(method, method)


def expertise_label(level: str) -> str:
    labels = {
        "expert": tr("Expert"),
        "professional": tr("Professional"),
        "student": tr("Student"),
        "volunteer": tr("Volunteer"),
    }
    return labels.get(level, level)


def bundled_nomenclatures() -> dict[str, dict]:
    return reference.bundled_nomenclatures()


def bundled_descriptor_sets() -> dict[str, dict]:
    return reference.bundled_descriptor_sets()


def spdx_licenses() -> list[str]:
    """Accepted SPDX ids, open licences first (CC-BY-4.0 leading)."""

    def order(lic: str) -> tuple[int, int, str]:
        return (lic != "CC-BY-4.0", lic not in reference.OPEN_LICENSES, lic.lower())

    return sorted(reference.SPDX_DATA_LICENSES, key=order)


def clcplus_classes() -> dict[int, str]:
    return reference.clcplus_classes()


def geojson_to_wkt(geometry: dict[str, Any]) -> str:
    """WKT of a GeoJSON Polygon or MultiPolygon (the manifest's ``area``)."""

    def ring(coords: list) -> str:
        return "(" + ", ".join(f"{p[0]} {p[1]}" for p in coords) + ")"

    def polygon(rings: list) -> str:
        return "(" + ", ".join(ring(r) for r in rings) + ")"

    kind = geometry.get("type")
    if kind == "Polygon":
        return "POLYGON " + polygon(geometry["coordinates"])
    if kind == "MultiPolygon":
        return "MULTIPOLYGON (" + ", ".join(polygon(p) for p in geometry["coordinates"]) + ")"
    raise ValueError(f"area must be a Polygon or MultiPolygon, not {kind!r}")


def descriptor_set_of(manifest: dict[str, Any]) -> str | None:
    """The bundled descriptor set whose keys the manifest's descriptors carry, if any."""
    keys = {d.get("key") for d in manifest.get("descriptors") or []}
    if not keys:
        return None
    for ident, dset in bundled_descriptor_sets().items():
        if keys == {d["key"] for d in dset["descriptors"]}:
            return ident
    return None


def params_from_manifest(manifest: dict[str, Any], crs: str = "EPSG:4326") -> NewPackParams:
    """The dialog's values for an existing manifest (edit mode)."""
    period = manifest.get("observation_period") or {}
    today = datetime.date.today().isoformat()
    return NewPackParams(
        title=manifest.get("title", ""),
        theme=manifest.get("theme", ""),
        license=manifest.get("license", ""),
        method=manifest.get("method", METHODS[0]),
        contributors=tuple(
            (c.get("name", ""), c.get("expertise", "volunteer"))
            for c in manifest.get("contributors") or []
        ),
        observation_start=datetime.date.fromisoformat(period.get("start") or today),
        observation_end=datetime.date.fromisoformat(period.get("end") or today),
        positional_accuracy_m=float(manifest.get("positional_accuracy_m") or 0),
        area_wgs84_wkt=geojson_to_wkt(manifest["area"]) if manifest.get("area") else "",
        nomenclature=manifest.get("nomenclature") or {},
        descriptor_set=descriptor_set_of(manifest),
        description=manifest.get("description", ""),
        citation=manifest.get("citation", ""),
        crs=crs,
    )


def manifest_for_update(
    old: dict[str, Any], params: NewPackParams, keep_descriptors: bool = True
) -> dict[str, Any]:
    """``old`` with the dialog's members replaced by those built from ``params``.

    Raises the ``VtError`` of ``build_manifest`` when the values are invalid. Contributors
    keep their other members (affiliation, role...) when their name is unchanged; the
    descriptor schema is kept as is when ``keep_descriptors``.
    """
    new = build_manifest(params)
    merged = dict(old)
    for key in EDITED_KEYS + (() if keep_descriptors else DESCRIPTOR_KEYS):
        if key in new:
            merged[key] = new[key]
        else:
            merged.pop(key, None)
    previous = {c.get("name"): c for c in old.get("contributors") or []}
    merged["contributors"] = [
        {**previous.get(c["name"], {}), **c} for c in merged.get("contributors") or []
    ]
    return merged
