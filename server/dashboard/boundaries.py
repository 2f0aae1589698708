"""Boundary layers (communes, districts ...): import with OGR, and the numbers of every
unit over every registered raster, precomputed with `verite_core.analytics`.

Units are stored in EPSG:4326; the precomputation reads them back from the database, so
that a precomputed answer is the on-the-fly answer of the very same stored polygon.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations

import sqlalchemy as sa
from osgeo import ogr, osr

from server.dashboard.analysis import RasterRef, compute_changes, compute_shares
from server.dashboard.areas import geodesic_area_m2
from server.dashboard.models import BoundaryLayer, BoundaryUnit, UnitChange, UnitStat
from server.dashboard.rasters import all_rasters
from server.extensions import db
from server.spatial import geometry_value, wkb_of
from verite_core.pack.gdal_env import srs_identifier, transformer, wgs84

BATCH = 2000  # rows written per flush


class BoundaryError(ValueError):
    """A boundary file that cannot be imported, with a message for the operator."""


@dataclass(frozen=True)
class ImportReport:
    layer: BoundaryLayer
    units: int
    skipped: list[str]


def import_layer(
    path: str,
    *,
    name: str,
    id_field: str,
    name_field: str | None = None,
    layer_name: str | None = None,
    source_crs: str | None = None,
) -> ImportReport:
    """Read a vector file's polygons into a new boundary layer (not committed).

    Units whose geometry is empty or not polygonal are skipped (reported); invalid polygons
    are repaired with MakeValid; a duplicate id or a missing field is a BoundaryError.
    """
    if db.session.scalar(sa.select(BoundaryLayer.id).where(BoundaryLayer.name == name)):
        raise BoundaryError(f"a boundary layer named {name!r} exists already")
    try:
        ds = ogr.Open(path)
    except RuntimeError as exc:
        raise BoundaryError(f"{path} is not a vector file OGR can read: {exc}") from exc
    if ds is None:
        raise BoundaryError(f"{path} is not a vector file OGR can read")
    layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    if layer is None:
        raise BoundaryError(f"{path} has no layer {layer_name!r}")
    fields = [layer.GetLayerDefn().GetFieldDefn(i).GetName()
              for i in range(layer.GetLayerDefn().GetFieldCount())]  # fmt: skip
    for wanted in (id_field, name_field):
        if wanted and wanted not in fields:
            raise BoundaryError(f"no field {wanted!r} in {path}; fields: {', '.join(fields)}")
    srs = _source_srs(layer, source_crs, path)
    to_wgs84 = None if srs.IsSame(wgs84()) else transformer(srs, wgs84())
    boundary = BoundaryLayer(
        name=name,
        id_field=id_field,
        name_field=name_field,
        source=os.path.abspath(path),
        crs=_short(srs_identifier(srs)),
    )
    db.session.add(boundary)
    db.session.flush()
    seen: set[str] = set()
    skipped: list[str] = []
    count = 0
    for feature in layer:
        unit_id = feature.GetField(id_field)
        if unit_id is None or str(unit_id).strip() == "":
            raise BoundaryError(f"feature {feature.GetFID()} has no {id_field}")
        unit_id = str(unit_id).strip()
        if unit_id in seen:
            raise BoundaryError(f"{id_field} {unit_id!r} appears twice")
        seen.add(unit_id)
        geom = _polygon(feature.GetGeometryRef(), to_wgs84)
        if geom is None:
            skipped.append(unit_id)
            continue
        label = feature.GetField(name_field) if name_field else None
        db.session.add(
            BoundaryUnit(
                layer_id=boundary.id,
                unit_id=unit_id[:120],
                name=str(label)[:300] if label is not None else None,
                geom=geometry_value(bytes(geom.ExportToIsoWkb())),
                area_m2=geodesic_area_m2(geom),
            )
        )
        count += 1
        if count % BATCH == 0:
            db.session.flush()
    if count == 0:
        raise BoundaryError(f"{path} has no polygon features")
    boundary.unit_count = count
    db.session.flush()
    return ImportReport(boundary, count, skipped)


def _short(text: str) -> str | None:
    return text if len(text) <= 64 else None


def _source_srs(layer: ogr.Layer, source_crs: str | None, path: str) -> osr.SpatialReference:
    if source_crs:
        srs = osr.SpatialReference()
        srs.SetFromUserInput(source_crs)
    else:
        srs = layer.GetSpatialRef()
        if srs is None:
            raise BoundaryError(f"{path} has no CRS; give it with --crs (e.g. EPSG:2154)")
        srs = srs.Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _polygon(
    geom: ogr.Geometry | None, to_wgs84: osr.CoordinateTransformation | None
) -> ogr.Geometry | None:
    if geom is None or geom.IsEmpty():
        return None
    geom = geom.Clone()
    geom.FlattenTo2D()
    if ogr.GT_Flatten(geom.GetGeometryType()) in (ogr.wkbCurvePolygon, ogr.wkbMultiSurface):
        geom = geom.GetLinearGeometry()
    if not geom.IsValid():
        geom = geom.MakeValid()
    geom = ogr.ForceToMultiPolygon(geom)
    if geom is None or geom.IsEmpty() or geom.GetGeometryCount() == 0:
        return None
    if ogr.GT_Flatten(geom.GetGeometryType()) != ogr.wkbMultiPolygon:
        return None
    if geom.GetGeometryCount() == 1:
        geom = geom.GetGeometryRef(0).Clone()
    if to_wgs84 is not None:
        geom.Transform(to_wgs84)
    geom.AssignSpatialReference(None)
    return geom


def unit_zones(layer: BoundaryLayer) -> Iterator[tuple[int, bytes]]:
    """(boundary_units.id, WKB in EPSG:4326) of every unit of the layer, by id."""
    rows = db.session.execute(
        sa.select(BoundaryUnit.id, BoundaryUnit.geom)
        .where(BoundaryUnit.layer_id == layer.id)
        .order_by(BoundaryUnit.id)
        .execution_options(yield_per=BATCH)
    )
    for pk, geom in rows:
        yield pk, wkb_of(geom)


@dataclass(frozen=True)
class PrecomputeReport:
    rasters: int
    pairs: int
    rows: int


def precompute(
    layer: BoundaryLayer,
    *,
    force: bool = False,
    echo: Callable[[str], None] | None = None,
) -> PrecomputeReport:
    """Fill `unit_stats` for every raster and `unit_changes` for every pair of rasters
    (earlier → later) not yet computed for this layer (all of them with `force`)."""
    rasters = [RasterRef.of(r) for r in all_rasters()]
    unit_ids = sa.select(BoundaryUnit.id).where(BoundaryUnit.layer_id == layer.id)
    zones = list(unit_zones(layer))
    rows = 0
    done_rasters = 0
    for raster in rasters:
        have = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(UnitStat)
            .where(UnitStat.raster_id == raster.id, UnitStat.unit_id.in_(unit_ids))
        )
        if have == len(zones) and not force:
            continue
        if echo:
            echo(f"  {layer.name} x {raster.name}: shares of {len(zones)} units")
        db.session.execute(
            sa.delete(UnitStat).where(
                UnitStat.raster_id == raster.id, UnitStat.unit_id.in_(unit_ids)
            )
        )
        results = compute_shares(raster, zones)
        for chunk in _chunks(results):
            db.session.execute(
                sa.insert(UnitStat),
                [
                    {
                        "unit_id": r.zone_id,
                        "raster_id": raster.id,
                        "sealed_m2": r.sealed_m2,
                        "valid_m2": r.valid_m2,
                        "zone_m2": r.zone_m2,
                    }
                    for r in chunk
                ],
            )
        rows += len(results)
        done_rasters += 1
    done_pairs = 0
    for before, after in combinations(rasters, 2):  # rasters are in time order
        have = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(UnitChange)
            .where(
                UnitChange.from_raster_id == before.id,
                UnitChange.to_raster_id == after.id,
                UnitChange.unit_id.in_(unit_ids),
            )
        )
        if have == len(zones) and not force:
            continue
        if echo:
            echo(f"  {layer.name} x {before.name} → {after.name}: change of {len(zones)} units")
        db.session.execute(
            sa.delete(UnitChange).where(
                UnitChange.from_raster_id == before.id,
                UnitChange.to_raster_id == after.id,
                UnitChange.unit_id.in_(unit_ids),
            )
        )
        results = compute_changes(before, after, zones)
        for chunk in _chunks(results):
            db.session.execute(
                sa.insert(UnitChange),
                [
                    {
                        "unit_id": c.zone_id,
                        "from_raster_id": before.id,
                        "to_raster_id": after.id,
                        "gained_m2": c.gained_m2,
                        "lost_m2": c.lost_m2,
                        "stable_sealed_m2": c.stable_sealed_m2,
                        "net_m2": c.net_m2,
                        "valid_m2": c.valid_m2,
                    }
                    for c in chunk
                ],
            )
        rows += len(results)
        done_pairs += 1
    return PrecomputeReport(done_rasters, done_pairs, rows)


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
