"""Bundled reference data: CLC+ Backbone legend, EAGLE codes, recommended nomenclatures
and descriptor sets, and the SPDX licence ids packs may use."""

from __future__ import annotations

import copy
import csv
import json
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

EAGLE_VERSION = "3.1.2"

#: CLC+ Backbone class colours (RGB hex), as in the product's published colour table.
CLCPLUS_COLORS = {
    1: "#ff0100",
    2: "#238b23",
    3: "#80ff00",
    4: "#00ff00",
    5: "#804000",
    6: "#ccf24d",
    7: "#feff80",
    8: "#ff81ff",
    9: "#bfbfbf",
    10: "#0080ff",
    11: "#00ffff",
}
#: Technical values in CLC+ rasters that are not land cover (ignored in agreement and training).
CLCPLUS_TECHNICAL_VALUES = (253, 254, 255)

#: SPDX ids suited to data. ``LicenseRef-...`` ids are accepted too (documented custom terms).
SPDX_DATA_LICENSES = frozenset(
    {
        "CC0-1.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-NC-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-3.0",
        "CC-BY-SA-3.0",
        "ODbL-1.0",
        "ODC-By-1.0",
        "PDDL-1.0",
        "etalab-2.0",
        "DL-DE-BY-2.0",
        "DL-DE-ZERO-2.0",
        "OGL-UK-3.0",
        "NLOD-2.0",
        "CDLA-Permissive-2.0",
        "CDLA-Sharing-1.0",
        "EUPL-1.2",
        "MIT",
        "Apache-2.0",
    }
)
#: Licences that allow redistribution and reuse for training without further permission.
OPEN_LICENSES = SPDX_DATA_LICENSES - {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0"}


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def eagle_codes() -> dict[str, str]:
    """EAGLE code -> label, from the bundled excerpt (LCC and LCH blocks)."""
    return {row["code"]: row["label"] for row in _read_csv("eagle_excerpt.csv")}


@lru_cache(maxsize=1)
def sentinel2_bands() -> dict[str, dict]:
    """Sentinel-2 band name -> {wavelength_nm, resolution_m, name}."""
    return {
        row["band"]: {
            "wavelength_nm": int(row["central_wavelength_nm"]),
            "resolution_m": int(row["resolution_m"]),
            "name": row["name"],
        }
        for row in _read_csv("sentinel2_bands.csv")
    }


@lru_cache(maxsize=1)
def _clcplus_nomenclature() -> dict:
    classes = []
    for row in _read_csv("clcplus_backbone.csv"):
        code = int(row["code"])
        if code in CLCPLUS_TECHNICAL_VALUES:
            continue
        split = lambda v: [c for c in v.split(";") if c]  # noqa: E731
        classes.append(
            {
                "code": str(code),
                "name": row["name"],
                "color": CLCPLUS_COLORS[code],
                "clcplus": code,
                "eagle": {"lcc": split(row["eagle_lcc"]), "lch": split(row["eagle_lch"])},
            }
        )
    return {
        "id": "clcplus-backbone",
        "name": "CLC+ Backbone",
        "version": "2018-2023",
        "eagle_version": EAGLE_VERSION,
        "description": "The 11 land-cover classes of the Copernicus CLC+ Backbone raster, "
        "with their EAGLE land-cover components and characteristics.",
        "classes": classes,
    }


def clcplus_classes() -> dict[int, str]:
    """CLC+ Backbone code -> class name (technical values excluded)."""
    return {c["clcplus"]: c["name"] for c in _clcplus_nomenclature()["classes"]}


@cache
def _load_json(kind: str, ident: str) -> dict:
    path = DATA_DIR / kind / f"{ident}.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def bundled_nomenclatures() -> dict[str, dict]:
    """Recommended nomenclatures by id (copies; safe to modify)."""
    found = {"clcplus-backbone": _clcplus_nomenclature()}
    for path in sorted((DATA_DIR / "nomenclatures").glob("*.json")):
        found[path.stem] = _load_json("nomenclatures", path.stem)
    return copy.deepcopy(found)


def nomenclature(ident: str) -> dict:
    """One bundled nomenclature by id; KeyError names the known ids."""
    known = bundled_nomenclatures()
    if ident not in known:
        raise KeyError(f"unknown nomenclature {ident!r}; bundled: {', '.join(sorted(known))}")
    return known[ident]


def bundled_descriptor_sets() -> dict[str, dict]:
    """Recommended descriptor sets by id (copies; safe to modify)."""
    return {
        path.stem: copy.deepcopy(_load_json("descriptor_sets", path.stem))
        for path in sorted((DATA_DIR / "descriptor_sets").glob("*.json"))
    }


def descriptors_for(set_id: str, nomenclature_doc: dict) -> tuple[list[dict], list[dict]]:
    """The descriptors and constraints of a bundled set, bound to a nomenclature's codes.

    Each descriptor and constraint gets ``applies_to``: the nomenclature's class codes the
    set is meant for (by CLC+ mapping or by code), so forest descriptors only apply to
    forest classes.
    """
    dset = bundled_descriptor_sets()[set_id]
    by_clc = set(dset.get("applies_to_clcplus", []))
    by_code = set(dset.get("applies_to_codes", []))
    codes = [
        c["code"]
        for c in nomenclature_doc["classes"]
        if c["code"] in by_code or (c.get("clcplus") is not None and c["clcplus"] in by_clc)
    ]
    descriptors = [{**d, "applies_to": codes} for d in dset["descriptors"]]
    constraints = [{**c, "applies_to": codes} for c in dset.get("constraints", [])]
    return descriptors, constraints
