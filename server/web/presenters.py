"""Display-ready values for the HTML templates, built from packs and their manifests.

No HTML is produced here: templates autoescape everything these functions return. The
manifest was validated at upload, but it is still data from anyone, so every reader here
tolerates missing or oddly typed members, and values that end up in attributes (colours,
licence ids) are checked against a strict pattern first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from server.packs.models import PackClass, PackVersion
from verite_core.pack.reference import clcplus_classes

LEVELS = ("A", "B", "C", "D")
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_SPDX_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]{0,63}")

METHOD_LABELS = {
    "field": "Field visit",
    "field_photos": "Field visit with photos",
    "vhr_photointerpretation": "Photo-interpretation of very high resolution imagery",
    "sentinel2_interpretation": "Interpretation of Sentinel-2 imagery only",
}

#: Quality components in display order: key, name, what it measures.
QUALITY_COMPONENTS = (
    ("A", "Collector reliability",
     "Prior from each contributor's expertise level (expert 0.90, professional 0.85, "
     "student 0.80, volunteer 0.65), updated by the record on reviewed plots."),
    ("R", "Reference agreement",
     "Share of CLC+ Backbone pixels inside the plot (shrunk inward by 10 m) that match "
     "the plot's mapped CLC+ class."),
    ("M", "Observation method",
     "Field visit 1.0, field with photos 0.85, very high resolution photo-interpretation "
     "0.75, Sentinel-2 only 0.55."),
    ("T", "Timeliness",
     "How close the observations are to the reference period or Sentinel-2 acquisitions."),
    ("C", "Completeness", "Share of required descriptors that the plots fill in."),
    ("G", "Geometry gate",
     "Multiplies the score: 0 for invalid, unlocated, outside or too small plots; 0.8 when "
     "positional accuracy is worse than 10 m; 1 otherwise."),
)  # fmt: skip


def text(value: Any) -> str | None:
    """A short display string, or None for missing/empty/structured values."""
    if value is None or isinstance(value, (dict, list)):
        return None
    result = str(value).strip()
    return result or None


def safe_color(value: Any) -> str | None:
    """A CSS hex colour fit for an SVG `fill` attribute, else None."""
    return value if isinstance(value, str) and _COLOR.fullmatch(value) else None


def safe_level(value: Any) -> str | None:
    """A quality level letter (A-D), else None (used in CSS class names)."""
    return value if value in LEVELS else None


def license_url(license_id: str | None) -> str | None:
    """The SPDX licence page; None for custom `LicenseRef-` terms or odd ids."""
    if not license_id or license_id.startswith("LicenseRef-") or not _SPDX_ID.fullmatch(license_id):
        return None
    return f"https://spdx.org/licenses/{license_id}.html"


def method_label(method: str | None) -> str | None:
    return METHOD_LABELS.get(method or "", method)


def clcplus_options() -> list[tuple[int, str]]:
    """CLC+ Backbone classes 1..11 as (code, name) for the catalog filter."""
    return sorted(clcplus_classes().items())


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def contributors(manifest: Mapping[str, Any]) -> list[dict[str, str | None]]:
    return [
        {key: text(person.get(key)) for key in ("name", "expertise", "affiliation", "role")}
        for person in _dicts(manifest.get("contributors"))
    ]


def acquisitions(manifest: Mapping[str, Any]) -> list[dict[str, str | None]]:
    return [
        {key: text(item.get(key)) for key in ("date", "level", "cloud_cover", "product_id")}
        for item in _dicts(manifest.get("sentinel2_acquisitions"))
    ]


def _strings(value: Any) -> list[str]:
    """Non-empty strings of a list (or of a ';'-separated string)."""
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list):
        return []
    return [item for item in map(text, value) if item]


def _eagle_codes(value: Any) -> list[str]:
    if isinstance(value, Mapping):  # {"lcc": [...], "lch": [...]}
        return _strings(value.get("lcc")) + _strings(value.get("lch"))
    return _strings(value)


def class_rows(version: PackVersion, counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """The legend: one row per class of the nomenclature, with its plot count.

    From the manifest's nomenclature (it keeps EAGLE components and characteristics
    apart), else from the stored legend; codes that plots use but the legend lacks last.
    """
    names = clcplus_classes()
    nomenclature = version.manifest.get("nomenclature")
    raw = _dicts(nomenclature.get("classes")) if isinstance(nomenclature, Mapping) else []
    if not raw:
        raw = [_stored_class(c) for c in version.classes]
    rows = []
    for item in raw:
        code = text(item.get("code"))
        if code is None:
            continue
        clcplus = item.get("clcplus")
        clcplus = clcplus if type(clcplus) is int and clcplus in names else None
        rows.append(
            {
                "code": code,
                "name": text(item.get("name")),
                "color": safe_color(item.get("color")),
                "clcplus": clcplus,
                "clcplus_name": names.get(clcplus) if clcplus else None,
                "eagle": _eagle_codes(item.get("eagle")),
                "count": int(counts.get(code, 0)),
            }
        )
    known = {row["code"] for row in rows}
    for code in sorted(set(counts) - known):
        rows.append(
            {"code": code, "name": None, "color": None, "clcplus": None, "clcplus_name": None,
             "eagle": [], "count": int(counts[code])}
        )  # fmt: skip
    return rows


def _stored_class(c: PackClass) -> dict[str, Any]:
    return {"code": c.code, "name": c.name, "color": c.color, "clcplus": c.clcplus_code,
            "eagle": c.eagle_codes or ""}  # fmt: skip


def nomenclature_info(manifest: Mapping[str, Any]) -> dict[str, str | None]:
    nom = manifest.get("nomenclature")
    nom = nom if isinstance(nom, Mapping) else {}
    return {
        key: text(nom.get(key)) for key in ("id", "name", "version", "eagle_version", "description")
    }


def descriptor_rows(manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The descriptor schema, one row per descriptor."""
    rows = []
    for d in _dicts(manifest.get("descriptors")):
        values = []
        allowed = d.get("values") if isinstance(d.get("values"), list) else []
        for v in allowed:
            if isinstance(v, Mapping):
                value, label = text(v.get("value")), text(v.get("label"))
                values.append(f"{label} ({value})" if label and label != value else value or "")
            else:
                values.append(text(v) or "")
        low, high = text(d.get("min")), text(d.get("max"))
        rows.append(
            {
                "key": text(d.get("key")),
                "label": text(d.get("label")),
                "type": text(d.get("type")),
                "unit": text(d.get("unit")),
                "range": f"{low or '…'} – {high or '…'}" if low or high else None,
                "allowed": [v for v in values if v],
                "required": bool(d.get("required")),
                "applies_to": _strings(d.get("applies_to")),
                "eagle": text(d.get("eagle")),
            }
        )
    return rows


def _count(value: Any) -> int:
    return int(value) if isinstance(value, (int, float)) else 0


def quality_view(version: PackVersion) -> dict[str, Any]:
    """The pack's quality with every component named and explained (None = not available)."""
    q = version.quality if isinstance(version.quality, Mapping) else {}
    comps = q.get("components") if isinstance(q.get("components"), Mapping) else {}
    weights = q.get("weights") if isinstance(q.get("weights"), Mapping) else {}
    rows = []
    for key, name, meaning in QUALITY_COMPONENTS:
        value = comps.get(key)
        weight = weights.get(key)
        rows.append(
            {
                "key": key,
                "name": name,
                "meaning": meaning,
                "value": float(value) if isinstance(value, (int, float)) else None,
                "weight": float(weight) if isinstance(weight, (int, float)) else None,
            }
        )
    plot_levels = q.get("plot_levels") if isinstance(q.get("plot_levels"), Mapping) else {}
    score = q.get("score", version.quality_score)
    notes = q.get("notes")
    return {
        "score": float(score) if isinstance(score, (int, float)) else None,
        "level": safe_level(q.get("level", version.quality_level)),
        "components": rows,
        "formula": text(q.get("formula")),
        "reference_available": bool(q.get("reference_available")),
        "plot_levels": [(level, _count(plot_levels.get(level))) for level in LEVELS],
        "notes": _strings(notes) if isinstance(notes, list) else [],
    }
