"""Pack files on disk: describe a new pack, create it, read and update its manifest, and
open its plots layer in QGIS with the style and form stored in the file."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osgeo import ogr
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer

from verite_core.pack import (
    FORMAT_NAME,
    FORMAT_VERSION,
    PLOTS_LAYER,
    PackError,
    Problem,
    bundled_descriptor_sets,
    descriptors_for,
    write_gpkg,
)
from verite_core.pack import update_manifest as _write_manifest
from verite_core.pack.gdal_env import gdal_exceptions
from verite_core.pack.manifest_checks import check_manifest
from verite_core.pack.problems import errors_of
from verite_core.pack.reader import read_manifest as contract_read_manifest
from verite_core.pack.reader import sniff_format

from .errors import InvalidManifest, PackFileError, PackFileExists
from .i18n import tr
from .nomenclature import custom_nomenclature

__all__ = [
    "NewPackParams",
    "build_manifest",
    "create_pack_file",
    "read_manifest",
    "update_manifest",
    "custom_nomenclature",
    "open_plots_layer",
]


@dataclass(frozen=True)
class NewPackParams:
    """What the "new pack" dialog collects; ``build_manifest`` turns it into a manifest."""

    title: str
    theme: str
    license: str  # SPDX id
    method: str  # field | field_photos | vhr_photointerpretation | sentinel2_interpretation
    contributors: tuple[tuple[str, str], ...]  # (name, expertise)
    observation_start: dt.date
    observation_end: dt.date
    positional_accuracy_m: float
    area_wgs84_wkt: str  # pack footprint polygon, lon/lat
    nomenclature: dict  # a full nomenclature document
    descriptor_set: str | None = None  # bundled descriptor set id, e.g. "forest-structure"
    description: str = ""
    citation: str = ""
    crs: str = "EPSG:4326"  # CRS of the plots layer (e.g. the project CRS)


def _problem(code: str, message: str, field: str) -> Problem:
    return Problem(code, message, field)


def _area_geojson(wkt: str) -> tuple[dict | None, list[Problem]]:
    """The area as GeoJSON (7 decimals, as the example packs), or the reason it is unusable."""
    try:
        with gdal_exceptions():
            geom = ogr.CreateGeometryFromWkt(wkt)
    except (RuntimeError, TypeError):
        geom = None
    if geom is None or geom.IsEmpty():
        message = tr("The area is not a readable WKT polygon")
        return None, [_problem("manifest.area", message, "manifest.area")]
    geom.FlattenTo2D()
    if geom.GetGeometryName() not in ("POLYGON", "MULTIPOLYGON"):
        message = tr("The area must be a polygon, not {kind}").format(kind=geom.GetGeometryName())
        return None, [_problem("manifest.area", message, "manifest.area")]
    return json.loads(geom.ExportToJson(["COORDINATE_PRECISION=7"])), []


def _descriptors(params: NewPackParams) -> tuple[list[dict], list[dict], list[Problem]]:
    if not params.descriptor_set:
        return [], [], []
    known = bundled_descriptor_sets()
    if params.descriptor_set not in known:
        message = tr("Unknown descriptor set {name}; known sets: {known}").format(
            name=params.descriptor_set, known=", ".join(sorted(known))
        )
        return [], [], [_problem("manifest.descriptor_set", message, "manifest.descriptors")]
    try:
        descriptors, constraints = descriptors_for(params.descriptor_set, params.nomenclature)
    except (KeyError, TypeError, AttributeError):
        return [], [], []  # a malformed nomenclature: check_manifest says what is wrong
    if descriptors and not descriptors[0]["applies_to"]:
        # An empty applies_to means "every class": never what a forest set on a
        # non-forest legend should silently become.
        message = tr(
            "Descriptor set {name} applies to no class of this nomenclature "
            "(map classes to CLC+ Backbone classes, or choose no descriptor set)"
        ).format(name=params.descriptor_set)
        return [], [], [_problem("manifest.descriptor_set", message, "manifest.descriptors")]
    return descriptors, constraints, []


def build_manifest(params: NewPackParams) -> dict:
    """The manifest of a new pack; raises ``InvalidManifest`` listing every problem."""
    area, problems = _area_geojson(params.area_wgs84_wkt)
    descriptors, constraints, found = _descriptors(params)
    problems += found
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "title": params.title.strip(),
        "theme": params.theme.strip(),
        "license": params.license.strip(),
        "contributors": [
            {"name": name.strip(), "expertise": expertise}
            for name, expertise in params.contributors
        ],
        "method": params.method,
        "observation_period": {
            "start": params.observation_start.isoformat(),
            "end": params.observation_end.isoformat(),
        },
        "positional_accuracy_m": params.positional_accuracy_m,
        "area": area,
        "nomenclature": copy.deepcopy(params.nomenclature),
    }
    if params.description.strip():
        manifest["description"] = params.description.strip()
    if params.citation.strip():
        manifest["citation"] = params.citation.strip()
    if descriptors:
        manifest["descriptors"] = descriptors
        manifest["constraints"] = constraints
    found = errors_of(check_manifest(manifest, dt.date.today()))
    if area is None:  # already said why, better than "is required"
        found = [p for p in found if p.field != "manifest.area"]
    problems += found
    if problems:
        raise InvalidManifest(
            tr("The pack description has {count} problem(s)").format(count=len(problems)),
            problems,
        )
    return manifest


def create_pack_file(path: str, params: NewPackParams, *, overwrite: bool = False) -> str:
    """Create an empty pack GeoPackage (plots layer, manifest, style and form); atomic.

    Refuses to replace an existing file unless ``overwrite`` is true. Returns the path.
    """
    manifest = build_manifest(params)
    target = Path(path)
    if target.suffix.lower() != ".gpkg":
        raise PackFileError(tr("A pack file name must end with .gpkg: {path}").format(path=path))
    if target.exists() and not overwrite:
        raise PackFileExists(tr("{path} already exists").format(path=path))
    if not QgsCoordinateReferenceSystem(params.crs).isValid():
        raise PackFileError(tr("Unknown coordinate reference system {crs}").format(crs=params.crs))
    try:
        write_gpkg(target, manifest, [], params.crs)
    except (OSError, RuntimeError, sqlite3.Error) as exc:
        raise PackFileError(
            tr("The pack file {path} could not be written").format(path=path), [str(exc)]
        ) from None
    return str(target)


def read_manifest(path: str) -> dict:
    """The manifest of a pack file (GeoPackage or GeoJSON); ``PackFileError`` otherwise."""
    if not Path(path).is_file():
        raise PackFileError(tr("The pack file {path} does not exist").format(path=path))
    try:
        return contract_read_manifest(path)
    except PackError as exc:
        raise _not_a_pack(path, [str(p) for p in exc.problems]) from None


def _not_a_pack(path: str, details: list[str]) -> PackFileError:
    return PackFileError(tr("{path} is not a readable pack file").format(path=path), details)


def _plot_columns(path: str) -> set[str]:
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {row[1] for row in con.execute(f'PRAGMA table_info("{PLOTS_LAYER}")')}
    finally:
        con.close()


def update_manifest(path: str, manifest: dict) -> None:
    """Replace a pack GeoPackage's manifest (and the style derived from it).

    Checked first; on any problem ``InvalidManifest`` is raised and the file is untouched.
    The plots layer's columns are fixed, so descriptors must match existing columns.
    """
    current = read_manifest(path)  # also proves it is a pack
    with open(path, "rb") as fh:
        if sniff_format(fh.read(100)) != "gpkg":
            raise PackFileError(tr("Only a GeoPackage pack can be updated in place"))
    problems = errors_of(check_manifest(manifest, dt.date.today()))
    try:
        columns = _plot_columns(path)
    except sqlite3.Error as exc:
        raise _not_a_pack(path, [str(exc)]) from None
    for i, desc in enumerate(manifest.get("descriptors") or []):
        key = desc.get("key") if isinstance(desc, dict) else None
        if isinstance(key, str) and key not in columns:
            message = tr(
                "descriptor {key} has no column in the plots layer; create a new pack to add it"
            ).format(key=key)
            where = f"manifest.descriptors[{i}].key"
            problems.append(_problem("manifest.descriptor_column", message, where))
    if problems:
        raise InvalidManifest(
            tr("The pack description has {count} problem(s)").format(count=len(problems)),
            problems,
        )
    if manifest == current:
        return  # nothing to write: keep the file's bytes (and its modification time)
    try:
        _write_manifest(path, manifest)
    except sqlite3.Error as exc:
        raise PackFileError(
            tr("The pack file {path} could not be updated").format(path=path), [str(exc)]
        ) from None


def open_plots_layer(path: str, name: str | None = None) -> QgsVectorLayer:
    """The pack's plots layer (OGR provider) with the style and form stored in the file."""
    manifest = read_manifest(path)
    title = name or str(manifest.get("title") or PLOTS_LAYER)
    options = QgsVectorLayer.LayerOptions(True, False)  # load the default style from the file
    layer = QgsVectorLayer(f"{os.fspath(path)}|layername={PLOTS_LAYER}", title, "ogr", options)
    if not layer.isValid():
        raise _not_a_pack(path, [tr("no readable 'plots' layer")])
    if layer.renderer() is None or layer.renderer().type() != "categorizedSymbol":
        # QGIS normally applies layer_styles' default itself; a file edited by another tool
        # may only have it under a different name.
        layer.loadDefaultStyle()
    return layer
