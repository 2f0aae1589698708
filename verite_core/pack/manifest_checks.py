"""Checks of a manifest beyond its JSON Schema: meaning and consistency."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from osgeo import ogr

from .fileformat import CORE_FIELDS
from .gdal_env import gdal_exceptions
from .problems import Problem
from .reference import SPDX_DATA_LICENSES, eagle_codes
from .schema import validate_against
from .textcheck import text_problems

#: Sentinel-2A launch: no Sentinel-2 acquisition can be older.
SENTINEL2_FIRST_DATE = dt.date(2015, 6, 23)
#: Observations older than this are certainly a typo for this service's purpose.
EARLIEST_OBSERVATION = dt.date(1950, 1, 1)


def check_manifest(manifest: dict[str, Any], today: dt.date) -> list[Problem]:
    """All problems of a manifest, fields named as ``manifest.<path>``."""
    problems = validate_against(manifest, "manifest", where="manifest")
    problems += _text_everywhere({k: v for k, v in manifest.items() if k != "area"}, "manifest")
    problems += _check_license(manifest.get("license"))
    problems += _check_dates(manifest, today)
    problems += _check_area(manifest.get("area"))
    nomenclature = manifest.get("nomenclature")
    codes = _check_nomenclature(nomenclature) if isinstance(nomenclature, dict) else set()
    problems += _check_descriptors(manifest, codes)
    return problems


def _text_everywhere(value: Any, where: str) -> list[Problem]:
    """Text rules on every string of the manifest: all of it is shown and redistributed."""
    if isinstance(value, str):
        return text_problems(value, where)
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _text_everywhere(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _text_everywhere(v, f"{where}[{i}]")]
    return []


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _check_license(value: Any) -> list[Problem]:
    if not isinstance(value, str) or value.startswith("LicenseRef-"):
        return []
    if value not in SPDX_DATA_LICENSES:
        return [
            Problem(
                "manifest.license",
                f"{value!r} is not a known SPDX data licence id (e.g. CC-BY-4.0, CC0-1.0, "
                "ODbL-1.0) nor a LicenseRef-… id",
                "manifest.license",
            )
        ]
    return []


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_dates(manifest: dict, today: dt.date) -> list[Problem]:
    out = []
    for key in ("observation_period", "reference_period"):
        period = manifest.get(key)
        if not isinstance(period, dict):
            continue
        start, end = _date(period.get("start")), _date(period.get("end"))
        for name, day in (("start", start), ("end", end)):
            if day is not None and not EARLIEST_OBSERVATION <= day <= today:
                out.append(
                    Problem(
                        "manifest.date_range",
                        f"{day} is outside {EARLIEST_OBSERVATION}..{today}",
                        f"manifest.{key}.{name}",
                    )
                )
        if start and end and start > end:
            out.append(Problem("manifest.period_order", "start is after end", f"manifest.{key}"))
    for i, acq in enumerate(_list(manifest.get("sentinel2_acquisitions"))):
        day = _date(acq.get("date")) if isinstance(acq, dict) else None
        if day is not None and not SENTINEL2_FIRST_DATE <= day <= today:
            out.append(
                Problem(
                    "manifest.date_range",
                    f"{day} is outside the Sentinel-2 era ({SENTINEL2_FIRST_DATE}..{today})",
                    f"manifest.sentinel2_acquisitions[{i}].date",
                )
            )
    return out


def area_geometry(area: Any) -> ogr.Geometry | None:
    """The manifest area as an OGR geometry (lon/lat), or None when unusable."""
    if not isinstance(area, dict):
        return None
    try:
        with gdal_exceptions():
            geom = ogr.CreateGeometryFromJson(json.dumps(area))
    except (RuntimeError, TypeError, ValueError):
        return None
    return geom


def _check_area(area: Any) -> list[Problem]:
    if not isinstance(area, dict):
        return []
    geom = area_geometry(area)
    if geom is None or geom.IsEmpty():
        return [Problem("manifest.area", "area is not a readable GeoJSON polygon", "manifest.area")]
    minx, maxx, miny, maxy = geom.GetEnvelope()
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        return [
            Problem(
                "manifest.area",
                "area coordinates must be longitude/latitude (EPSG:4326)",
                "manifest.area",
            )
        ]
    if not geom.IsValid():
        return [
            Problem(
                "manifest.area",
                "area polygon is invalid (self-intersecting or badly formed)",
                "manifest.area",
            )
        ]
    return []


def _check_nomenclature(nom: dict) -> set[str]:
    codes = set()
    for cls in _list(nom.get("classes")):
        if isinstance(cls, dict) and isinstance(cls.get("code"), str):
            codes.add(cls["code"])
    return codes


def nomenclature_problems(nom: Any) -> list[Problem]:
    """Duplicate class codes, unknown EAGLE codes, text in names."""
    if not isinstance(nom, dict):
        return []
    out, seen = [], set()
    known = eagle_codes()
    for i, cls in enumerate(_list(nom.get("classes"))):
        if not isinstance(cls, dict):
            continue
        where = f"manifest.nomenclature.classes[{i}]"
        code = cls.get("code")
        if code in seen:
            out.append(
                Problem(
                    "manifest.duplicate_class",
                    f"class code {code!r} is used twice",
                    f"{where}.code",
                )
            )
        seen.add(code)
        eagle = cls.get("eagle") if isinstance(cls.get("eagle"), dict) else {}
        for block in ("lcc", "lch"):
            for code_ in _list(eagle.get(block)):
                if isinstance(code_, str) and code_ not in known:
                    out.append(
                        Problem(
                            "manifest.eagle_unknown",
                            f"EAGLE code {code_!r} is not in the bundled EAGLE excerpt; check it",
                            f"{where}.eagle.{block}",
                            severity="warning",
                        )
                    )
    return out


def _check_descriptors(manifest: dict, codes: set[str]) -> list[Problem]:
    out = nomenclature_problems(manifest.get("nomenclature"))
    keys: set[str] = set()
    for i, desc in enumerate(_list(manifest.get("descriptors"))):
        if not isinstance(desc, dict):
            continue
        where = f"manifest.descriptors[{i}]"
        key = desc.get("key")
        if key in keys:
            out.append(
                Problem(
                    "manifest.duplicate_descriptor",
                    f"descriptor key {key!r} is used twice",
                    f"{where}.key",
                )
            )
        if key in CORE_FIELDS:
            out.append(
                Problem(
                    "manifest.reserved_key", f"{key!r} is a reserved plot attribute", f"{where}.key"
                )
            )
        keys.add(key)
        kind = desc.get("type")
        if kind == "category" and not desc.get("values"):
            out.append(
                Problem(
                    "manifest.no_values", "a category descriptor needs 'values'", f"{where}.values"
                )
            )
        lo, hi = desc.get("min"), desc.get("max")
        if isinstance(lo, int | float) and isinstance(hi, int | float) and lo > hi:
            out.append(Problem("manifest.range", f"min {lo} is greater than max {hi}", where))
        if kind == "percent" and (
            (isinstance(lo, int | float) and lo < 0) or (isinstance(hi, int | float) and hi > 100)
        ):
            out.append(Problem("manifest.range", "a percent range must lie within 0..100", where))
        for code in _list(desc.get("applies_to")):
            if codes and code not in codes:
                out.append(
                    Problem(
                        "manifest.unknown_class",
                        f"applies_to names unknown class {code!r}",
                        f"{where}.applies_to",
                    )
                )
    for i, rule in enumerate(_list(manifest.get("constraints"))):
        if not isinstance(rule, dict):
            continue
        for key in _list(rule.get("keys")):
            if key not in keys:
                out.append(
                    Problem(
                        "manifest.unknown_descriptor",
                        f"constraint names unknown descriptor {key!r}",
                        f"manifest.constraints[{i}].keys",
                    )
                )
    return out
