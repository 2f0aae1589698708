"""Read a pack file (GeoPackage or GeoJSON) into plain Python values, without judging it.

Structural problems that make the file unreadable raise :class:`PackError`; everything
about the content (manifest fields, geometries, classes) is left to ``validation``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from osgeo import ogr

from .fileformat import (
    GPKG_APPLICATION_IDS,
    GPKG_MAGIC,
    MANIFEST_STANDARD_URI,
    PLOTS_LAYER,
)
from .gdal_env import gdal_exceptions, srs_from_user_input, srs_identifier
from .problems import PackError, Problem

SourceFormat = Literal["gpkg", "geojson"]


@dataclass
class PlotFeature:
    """One plot as found in the file: attributes and geometry (WKB, in the file's CRS)."""

    properties: dict[str, Any]
    wkb: bytes | None
    index: int

    @property
    def plot_id(self) -> str:
        value = self.properties.get("plot_id")
        return f"#{self.index + 1}" if value in (None, "") else str(value)


@dataclass
class PackContent:
    """What a pack file holds, before validation."""

    manifest: dict[str, Any]
    plots: list[PlotFeature]
    crs: str | None
    source_format: SourceFormat
    field_types: dict[str, str] = field(default_factory=dict)


def sniff_format(head: bytes) -> SourceFormat | None:
    """'gpkg' or 'geojson' from the first bytes of a file, or None."""
    if head.startswith(GPKG_MAGIC):
        return "gpkg"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "geojson"
    return None


def read_pack(path: str | os.PathLike, max_plots: int = 200_000) -> PackContent:
    """Read a pack file; raises PackError when it is not a readable pack."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(100)
    kind = sniff_format(head)
    if kind == "gpkg":
        return _read_gpkg(path, head, max_plots)
    if kind == "geojson":
        return read_geojson_text(path.read_bytes(), max_plots)
    raise PackError([Problem("file.format", "not a GeoPackage or GeoJSON file", "file")])


def read_pack_bytes(data: bytes, max_plots: int = 200_000) -> PackContent:
    """Read a pack from bytes (an upload)."""
    kind = sniff_format(data[:100])
    if kind == "geojson":
        return read_geojson_text(data, max_plots)
    if kind != "gpkg":
        raise PackError([Problem("file.format", "not a GeoPackage or GeoJSON file", "file")])
    fd, name = tempfile.mkstemp(suffix=".gpkg", prefix="vt-upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return _read_gpkg(Path(name), data[:100], max_plots)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def read_manifest(path: str | os.PathLike) -> dict[str, Any]:
    """Only the manifest of a pack file (GeoPackage or GeoJSON); PackError if none."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(100)
    kind = sniff_format(head)
    if kind == "gpkg":
        return _read_gpkg_manifest(path)[0]
    if kind == "geojson":
        return read_geojson_text(path.read_bytes(), max_plots=10**9).manifest
    raise PackError([Problem("file.format", "not a GeoPackage or GeoJSON file", "file")])


def _read_gpkg(path: Path, head: bytes, max_plots: int) -> PackContent:
    if head[68:72] not in GPKG_APPLICATION_IDS:
        raise PackError(
            [Problem("file.format", "SQLite file is not a GeoPackage (application_id)", "file")]
        )
    manifest, srs_id = _read_gpkg_manifest(path)
    try:
        with gdal_exceptions():
            ds = ogr.Open(str(path), 0)
    except RuntimeError as exc:
        raise PackError(
            [Problem("file.corrupt", f"GeoPackage cannot be opened: {exc}", "file")]
        ) from None
    layer = ds.GetLayerByName(PLOTS_LAYER)
    if layer is None:
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        raise PackError(
            [
                Problem(
                    "file.no_plots_layer",
                    f"no '{PLOTS_LAYER}' layer (layers: {', '.join(names) or 'none'})",
                    PLOTS_LAYER,
                )
            ]
        )
    srs = layer.GetSpatialRef()
    # srs_id 0 and -1 are the GeoPackage's "undefined" systems: no CRS at all.
    crs = srs_identifier(srs) if srs is not None and srs_id not in (0, -1) else None
    count = layer.GetFeatureCount()
    if count > max_plots:
        raise PackError(
            [
                Problem(
                    "pack.too_many_plots", f"{count} plots; the limit is {max_plots}", PLOTS_LAYER
                )
            ]
        )
    defn = layer.GetLayerDefn()
    kinds = {}
    for i in range(defn.GetFieldCount()):
        fdef = defn.GetFieldDefn(i)
        kind = fdef.GetTypeName()
        if fdef.GetSubType() == ogr.OFSTBoolean:
            kind = "Boolean"
        kinds[fdef.GetName()] = kind
    # Field indexes looked up once: by name per feature cost a third of the reading time.
    fields = [(defn.GetFieldIndex(name), (name, kind)) for name, kind in kinds.items()]
    plots = []
    try:
        with gdal_exceptions():
            for index, feat in enumerate(layer):
                props = {name: _ogr_value(feat, i, kind) for i, (name, kind) in fields}
                geom = feat.GetGeometryRef()
                wkb = bytes(geom.ExportToIsoWkb()) if geom is not None else None
                plots.append(PlotFeature(props, wkb, index))
    except RuntimeError as exc:
        raise PackError(
            [Problem("file.corrupt", f"plots layer cannot be read: {exc}", PLOTS_LAYER)]
        ) from None
    finally:
        ds = None  # noqa: F841 - closes the file before the caller deletes it
    return PackContent(manifest, plots, crs, "gpkg", kinds)


def _ogr_value(feat: ogr.Feature, idx: int, kind: str) -> Any:
    if not feat.IsFieldSetAndNotNull(idx):
        return None
    if kind == "Date":
        y, m, d = feat.GetFieldAsDateTime(idx)[:3]
        return f"{y:04d}-{m:02d}-{d:02d}"
    if kind == "DateTime":
        y, m, d, hh, mm, ss = feat.GetFieldAsDateTime(idx)[:6]
        return dt.datetime(y, m, d, hh, mm, int(ss)).isoformat()
    if kind == "Boolean":
        return bool(feat.GetFieldAsInteger(idx))
    return feat.GetField(idx)


def _read_gpkg_manifest(path: Path) -> tuple[dict[str, Any], int | None]:
    """The manifest and the plots layer's srs_id, read with sqlite3 (OGR hides both)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise PackError(
            [Problem("file.corrupt", f"GeoPackage cannot be opened: {exc}", "file")]
        ) from None
    try:
        srs_row = _first_row(
            con, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (PLOTS_LAYER,)
        )
        row = _first_row(
            con,
            "SELECT metadata FROM gpkg_metadata WHERE md_standard_uri = ? ORDER BY id DESC LIMIT 1",
            (MANIFEST_STANDARD_URI,),
        )
    finally:
        con.close()
    if row is None:
        raise PackError(
            [
                Problem(
                    "file.no_manifest",
                    "no pack manifest in gpkg_metadata "
                    f"(md_standard_uri '{MANIFEST_STANDARD_URI}')",
                    "manifest",
                )
            ]
        )
    return _parse_manifest_json(row[0]), (srs_row[0] if srs_row else None)


def _first_row(con: sqlite3.Connection, sql: str, params: tuple) -> tuple | None:
    """First row of a query; None when the table does not exist; PackError when damaged."""
    try:
        return con.execute(sql, params).fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return None
        raise PackError(
            [Problem("file.corrupt", f"GeoPackage is damaged: {exc}", "file")]
        ) from None


def _parse_manifest_json(text: str | bytes) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise PackError(
            [Problem("manifest.json", f"manifest is not valid JSON: {exc}", "manifest")]
        ) from None
    if not isinstance(value, dict):
        raise PackError([Problem("manifest.json", "manifest must be a JSON object", "manifest")])
    return value


def read_geojson_text(data: bytes | str, max_plots: int = 200_000) -> PackContent:
    """Read the GeoJSON encoding: a FeatureCollection with a 'manifest' member."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PackError([Problem("file.json", f"not valid JSON: {exc}", "file")]) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise PackError(
            [Problem("file.format", "GeoJSON pack must be a FeatureCollection", "type")]
        )
    if not isinstance(doc.get("manifest"), dict):
        raise PackError(
            [Problem("file.no_manifest", "FeatureCollection has no 'manifest' object", "manifest")]
        )
    features = doc.get("features")
    if not isinstance(features, list):
        raise PackError([Problem("file.format", "'features' must be an array", "features")])
    if len(features) > max_plots:
        raise PackError(
            [
                Problem(
                    "pack.too_many_plots",
                    f"{len(features)} plots; the limit is {max_plots}",
                    "features",
                )
            ]
        )
    crs = "EPSG:4326"  # RFC 7946; the 2008 'crs' member is honoured for older files
    legacy = doc.get("crs")
    if legacy is not None:
        name = (legacy.get("properties") or {}).get("name") if isinstance(legacy, dict) else None
        try:
            crs = srs_identifier(srs_from_user_input(str(name)))
        except RuntimeError:
            raise PackError([Problem("file.crs", f"unknown CRS {name!r}", "crs")]) from None
    plots, problems = [], []
    for index, feat in enumerate(features):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            problems.append(
                Problem("plot.not_feature", "is not a GeoJSON Feature", f"features[{index}]")
            )
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
        plot = PlotFeature(dict(props), None, index)
        geom = feat.get("geometry")
        if geom is not None:
            plot.wkb = _geojson_to_wkb(geom)
            if plot.wkb is None:
                problems.append(
                    Problem(
                        "geometry.unreadable",
                        "geometry is not valid GeoJSON",
                        "geometry",
                        plot.plot_id,
                    )
                )
        plots.append(plot)
    if problems:
        raise PackError(problems)
    return PackContent(doc["manifest"], plots, crs, "geojson")


def _geojson_to_wkb(geom: Any) -> bytes | None:
    try:
        with gdal_exceptions():
            g = ogr.CreateGeometryFromJson(json.dumps(geom))
    except (RuntimeError, TypeError, ValueError):
        return None
    return bytes(g.ExportToIsoWkb()) if g is not None else None
