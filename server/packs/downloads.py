"""Rebuilding a stored version as a pack file (GeoPackage with style and form, or GeoJSON)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import sqlalchemy as sa

from server.extensions import db
from server.packs.models import PackVersion, Plot
from verite_core.pack import PlotRecord, to_geojson, write_gpkg


def plot_records(version: PackVersion) -> Iterator[PlotRecord]:
    """The version's plots in their original CRS and attribute layout."""
    rows = db.session.execute(
        sa.select(
            Plot.plot_id,
            Plot.class_code,
            Plot.observed_on,
            Plot.collector,
            Plot.photos,
            Plot.notes,
            Plot.descriptors,
            Plot.geom_original_wkb,
        )
        .where(Plot.pack_version_id == version.id)
        .order_by(Plot.id)
    )
    for plot_id, code, observed, collector, photos, notes, descriptors, wkb in rows:
        props = {
            "plot_id": plot_id,
            "class_code": code,
            "observed_on": observed,
            "collector": collector,
            "photos": photos or [],
            "notes": notes,
            **(descriptors or {}),
        }
        yield PlotRecord(props, bytes(wkb))


def gpkg_bytes(version: PackVersion) -> bytes:
    """A GeoPackage of the version: plots layer, manifest and the QGIS style/form."""
    fd, path = tempfile.mkstemp(suffix=".gpkg", prefix="vt-download-")
    os.close(fd)
    try:
        write_gpkg(path, version.manifest, plot_records(version), version.crs or "EPSG:4326")
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        os.unlink(path)


def geojson_document(version: PackVersion) -> dict:
    return to_geojson(version.manifest, plot_records(version), version.crs or "EPSG:4326")
