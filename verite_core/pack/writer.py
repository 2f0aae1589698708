"""Write pack files: a GeoPackage (plots layer + manifest + QGIS style) or GeoJSON.

Files are written to a temporary name beside the target and renamed at the end, so a
failure never leaves a half-written pack (nor destroys an existing one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osgeo import ogr

from .fileformat import MANIFEST_MIME, MANIFEST_STANDARD_URI, PLOTS_LAYER
from .gdal_env import gdal_exceptions, srs_from_user_input, transformer, wgs84
from .qml import plots_style_qml

_OGR_TYPES = {
    "category": (ogr.OFTString, ogr.OFSTNone),
    "text": (ogr.OFTString, ogr.OFSTNone),
    "integer": (ogr.OFTInteger, ogr.OFSTNone),
    "decimal": (ogr.OFTReal, ogr.OFSTNone),
    "percent": (ogr.OFTReal, ogr.OFSTNone),
    "boolean": (ogr.OFTInteger, ogr.OFSTBoolean),
    "date": (ogr.OFTDate, ogr.OFSTNone),
}
_CORE = [
    ("plot_id", ogr.OFTString, ogr.OFSTNone),
    ("class_code", ogr.OFTString, ogr.OFSTNone),
    ("observed_on", ogr.OFTDate, ogr.OFSTNone),
    ("collector", ogr.OFTString, ogr.OFSTNone),
    ("photos", ogr.OFTString, ogr.OFSTNone),  # JSON array of links
    ("notes", ogr.OFTString, ogr.OFSTNone),
]


@dataclass
class PlotRecord:
    """A plot to write: attributes (core + descriptors) and geometry as WKB in ``crs``."""

    properties: Mapping[str, Any]
    wkb: bytes


def plot_fields(manifest: Mapping) -> list[tuple[str, int, int]]:
    """(name, OGR type, OGR subtype) of the plots layer, in order."""
    fields = list(_CORE)
    for desc in manifest.get("descriptors") or []:
        kind, sub = _OGR_TYPES.get(desc.get("type"), (ogr.OFTString, ogr.OFSTNone))
        fields.append((desc["key"], kind, sub))
    return fields


@contextlib.contextmanager
def _atomic_target(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # OGR wants to create the file itself
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm", tmp + "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


def write_gpkg(
    path: str | os.PathLike, manifest: Mapping, plots: Iterable[PlotRecord], crs: str = "EPSG:4326"
) -> Path:
    """Write a pack GeoPackage atomically; returns the path."""
    target = Path(path)
    with _atomic_target(target) as tmp:
        _write_plots_layer(tmp, manifest, plots, crs)
        with contextlib.closing(sqlite3.connect(tmp)) as con:
            _store_manifest(con, manifest)
            _store_style(con, manifest)
            con.commit()
    return target


def _write_plots_layer(
    path: Path, manifest: Mapping, plots: Iterable[PlotRecord], crs: str
) -> None:
    fields = plot_fields(manifest)
    with gdal_exceptions():
        driver = ogr.GetDriverByName("GPKG")
        ds = driver.CreateDataSource(str(path))
        layer = ds.CreateLayer(
            PLOTS_LAYER,
            srs_from_user_input(crs),
            ogr.wkbMultiPolygon,
            ["GEOMETRY_NAME=geom", "FID=fid", f"DESCRIPTION={manifest.get('title', '')}"],
        )
        for name, kind, sub in fields:
            fdef = ogr.FieldDefn(name, kind)
            fdef.SetSubType(sub)
            layer.CreateField(fdef)
        defn = layer.GetLayerDefn()
        layer.StartTransaction()
        for plot in plots:
            feat = ogr.Feature(defn)
            for name, kind, _sub in fields:
                _set_field(feat, name, kind, plot.properties.get(name))
            geom = ogr.CreateGeometryFromWkb(plot.wkb)
            feat.SetGeometry(ogr.ForceToMultiPolygon(geom))
            layer.CreateFeature(feat)
        layer.CommitTransaction()
        ds = None  # noqa: F841 - flush and close before sqlite3 opens the file


def _set_field(feat: ogr.Feature, name: str, kind: int, value: Any) -> None:
    if value is None or value == "":
        feat.SetFieldNull(name)
    elif name == "photos":
        feat.SetField(
            name, json.dumps(list(value)) if isinstance(value, list | tuple) else str(value)
        )
    elif kind == ogr.OFTDate:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        feat.SetField(name, day.year, day.month, day.day, 0, 0, 0, 0)
    elif kind == ogr.OFTInteger:
        feat.SetField(name, int(value))
    elif kind == ogr.OFTReal:
        feat.SetField(name, float(value))
    else:
        feat.SetField(name, str(value))


def _store_manifest(con: sqlite3.Connection, manifest: Mapping) -> None:
    con.executescript(
        """
        CREATE TABLE IF NOT EXISTS gpkg_metadata (
          id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,
          md_scope TEXT NOT NULL DEFAULT 'dataset',
          md_standard_uri TEXT NOT NULL,
          mime_type TEXT NOT NULL DEFAULT 'text/xml',
          metadata TEXT NOT NULL DEFAULT '');
        CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (
          reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
          timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
          CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
          CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
        CREATE TABLE IF NOT EXISTS gpkg_extensions (
          table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
          scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        """
    )
    for table in ("gpkg_metadata", "gpkg_metadata_reference"):
        con.execute(
            "INSERT OR IGNORE INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', "
            "'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')",
            (table,),
        )
    old = [
        r[0]
        for r in con.execute(
            "SELECT id FROM gpkg_metadata WHERE md_standard_uri = ?", (MANIFEST_STANDARD_URI,)
        )
    ]
    for md_id in old:
        con.execute("DELETE FROM gpkg_metadata_reference WHERE md_file_id = ?", (md_id,))
        con.execute("DELETE FROM gpkg_metadata WHERE id = ?", (md_id,))
    cur = con.execute(
        "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', ?, ?, ?)",
        (MANIFEST_STANDARD_URI, MANIFEST_MIME, json.dumps(manifest, ensure_ascii=False, indent=1)),
    )
    con.execute(
        "INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', ?)",
        (cur.lastrowid,),
    )


def _store_style(con: sqlite3.Connection, manifest: Mapping) -> None:
    """The plots style and form in QGIS's ``layer_styles`` table (the default style)."""
    names = ["fid"] + [
        row[1]
        for row in con.execute(f"PRAGMA table_info({PLOTS_LAYER})")
        if row[1] not in ("fid", "geom")
    ]
    qml = plots_style_qml(dict(manifest), names)
    con.executescript(
        """
        CREATE TABLE IF NOT EXISTS layer_styles (
          id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
          f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
          styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
          update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
        INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, last_change)
          VALUES ('layer_styles', 'attributes', 'layer_styles', strftime('%Y-%m-%dT%H:%M:%fZ','now'));
        """
    )
    con.execute(
        "DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?",
        (PLOTS_LAYER, "verite-terrain"),
    )
    con.execute(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
        "styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '')",
        (PLOTS_LAYER, "verite-terrain", qml, "Class colours and descriptor form (Vérité Terrain)"),
    )


def update_manifest(path: str | os.PathLike, manifest: Mapping) -> None:
    """Replace the manifest (and the derived style) of an existing pack GeoPackage in place,
    in one SQLite transaction: either all of it changes or nothing does."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        with con:
            _store_manifest(con, manifest)
            _store_style(con, manifest)


def to_geojson(manifest: Mapping, plots: Iterable[PlotRecord], crs: str = "EPSG:4326") -> dict:
    """The GeoJSON encoding (RFC 7946: coordinates always in EPSG:4326)."""
    to_lonlat = None if crs == "EPSG:4326" else transformer(srs_from_user_input(crs), wgs84())
    features = []
    for plot in plots:
        geom = ogr.CreateGeometryFromWkb(plot.wkb)
        if to_lonlat is not None:
            geom.Transform(to_lonlat)
        props = {
            k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in plot.properties.items()
        }
        features.append(
            {
                "type": "Feature",
                "id": str(props.get("plot_id")),
                "properties": props,
                "geometry": json.loads(geom.ExportToJson(["COORDINATE_PRECISION=8"])),
            }
        )
    return {"type": "FeatureCollection", "manifest": dict(manifest), "features": features}


def write_geojson(
    path: str | os.PathLike, manifest: Mapping, plots: Iterable[PlotRecord], crs: str = "EPSG:4326"
) -> Path:
    """Write the GeoJSON encoding atomically."""
    target = Path(path)
    doc = to_geojson(manifest, plots, crs)
    with _atomic_target(target) as tmp:
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target
