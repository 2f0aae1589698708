"""Areas to analyse: GeoJSON or GeoPackage in, one valid lon/lat (multi)polygon out.

Every failure is a problem document that says what is wrong: 400 for something that is
not a geometry at all, 422 (`ValidationFailed`) for a geometry that is not acceptable
(not a polygon, invalid, too big, too many vertices, coordinates not in lon/lat).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app
from osgeo import gdal, ogr, osr

from server.errors import BadRequest, ValidationFailed, problem_item
from verite_core.pack.gdal_env import local_equal_area, transformer, wgs84

SQLITE_MAGIC = b"SQLite format 3\x00"
_POLYGONAL = (ogr.wkbPolygon, ogr.wkbMultiPolygon)
GEOJSON_TYPES = (
    "Feature",
    "FeatureCollection",
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


@dataclass(frozen=True)
class AreaLimits:
    max_area_m2: float
    max_vertices: int

    @classmethod
    def from_config(cls) -> AreaLimits:
        cfg = current_app.config
        return cls(
            max_area_m2=float(cfg["DASHBOARD_MAX_AREA_KM2"]) * 1e6,
            max_vertices=int(cfg["DASHBOARD_MAX_VERTICES"]),
        )


def _invalid(code: str, message: str, field: str = "geometry") -> ValidationFailed:
    return ValidationFailed([problem_item(code, message, field=field)], detail=message)


def geodesic_area_m2(geom: ogr.Geometry) -> float:
    """Area of a lon/lat geometry in m², in an equal-area projection centred on it."""
    min_x, max_x, min_y, max_y = geom.GetEnvelope()
    metric = geom.Clone()
    metric.AssignSpatialReference(None)
    metric.Transform(
        transformer(wgs84(), local_equal_area((min_x + max_x) / 2, (min_y + max_y) / 2))
    )
    return float(metric.GetArea())


def vertex_count(geom: ogr.Geometry) -> int:
    if geom.GetGeometryCount() == 0:
        return geom.GetPointCount()
    return sum(vertex_count(geom.GetGeometryRef(i)) for i in range(geom.GetGeometryCount()))


def checked_area(geom: ogr.Geometry, limits: AreaLimits, field: str = "geometry") -> ogr.Geometry:
    """The geometry as a 2D lon/lat (multi)polygon once every check passed; else 422."""
    if geom is None or geom.IsEmpty():
        raise _invalid("empty-geometry", "the area is empty", field)
    geom = geom.Clone()
    geom.FlattenTo2D()
    if ogr.GT_Flatten(geom.GetGeometryType()) in (ogr.wkbCurvePolygon, ogr.wkbMultiSurface):
        geom = geom.GetLinearGeometry()
    if ogr.GT_Flatten(geom.GetGeometryType()) == ogr.wkbGeometryCollection:
        geom = _polygons_of(geom, field)
    if ogr.GT_Flatten(geom.GetGeometryType()) not in _POLYGONAL:
        raise _invalid(
            "not-a-polygon",
            f"the area must be a Polygon or MultiPolygon, not a {geom.GetGeometryName()}",
            field,
        )
    min_x, max_x, min_y, max_y = geom.GetEnvelope()
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise _invalid(
            "coordinates-not-lonlat",
            "coordinates must be longitude/latitude in degrees (EPSG:4326); got a bounding "
            f"box of [{min_x:.6g}, {min_y:.6g}, {max_x:.6g}, {max_y:.6g}]",
            field,
        )
    vertices = vertex_count(geom)
    if vertices > limits.max_vertices:
        raise _invalid(
            "too-many-vertices",
            f"the area has {vertices} vertices; the limit is {limits.max_vertices} "
            "(simplify it first)",
            field,
        )
    if not geom.IsValid():
        raise _invalid(
            "invalid-geometry",
            "the polygon is not valid (self-intersecting ring, overlapping parts or a "
            "misplaced hole); repair it first (e.g. QGIS 'Fix geometries')",
            field,
        )
    area = geodesic_area_m2(geom)
    if area <= 0:
        raise _invalid("empty-geometry", "the area has no surface", field)
    if area > limits.max_area_m2:
        raise _invalid(
            "area-too-large",
            f"the area covers {area / 1e6:,.0f} km²; the limit is "
            f"{limits.max_area_m2 / 1e6:,.0f} km²",
            field,
        )
    return geom


def _polygons_of(geom: ogr.Geometry, field: str) -> ogr.Geometry:
    parts = [geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount())]
    return union_of_polygons(parts, field)


def union_of_polygons(parts: list[ogr.Geometry], field: str = "geometry") -> ogr.Geometry:
    """The union of the polygonal `parts` (other geometry types are refused)."""
    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    for part in parts:
        if part is None or part.IsEmpty():
            continue
        part = part.Clone()
        part.FlattenTo2D()
        kind = ogr.GT_Flatten(part.GetGeometryType())
        if kind in (ogr.wkbCurvePolygon, ogr.wkbMultiSurface):
            part = part.GetLinearGeometry()
            kind = ogr.GT_Flatten(part.GetGeometryType())
        if kind == ogr.wkbPolygon:
            multi.AddGeometry(part)
        elif kind == ogr.wkbMultiPolygon:
            for i in range(part.GetGeometryCount()):
                multi.AddGeometry(part.GetGeometryRef(i))
        else:
            raise _invalid(
                "not-a-polygon",
                f"the area must be made of polygons; found a {part.GetGeometryName()}",
                field,
            )
    if multi.GetGeometryCount() == 0:
        raise _invalid("empty-geometry", "the area holds no polygon", field)
    if multi.GetGeometryCount() == 1:
        return multi.GetGeometryRef(0).Clone()
    try:
        return multi.UnionCascaded()
    except RuntimeError as exc:
        raise _invalid(
            "invalid-geometry", f"the polygons cannot be merged ({exc}); repair them first", field
        ) from exc


def geometry_from_geojson(obj: Any, limits: AreaLimits, field: str = "geometry") -> ogr.Geometry:
    """A checked lon/lat area from a GeoJSON geometry, Feature or FeatureCollection."""
    if not isinstance(obj, dict) or obj.get("type") not in GEOJSON_TYPES:
        raise BadRequest(
            f"'{field}' must be a GeoJSON geometry (Polygon, MultiPolygon), Feature or "
            "FeatureCollection",
            code="invalid-geometry-json",
            field=field,
        )
    kind = obj["type"]
    if kind == "Feature":
        return geometry_from_geojson(obj.get("geometry"), limits, field)
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list) or not features:
            raise _invalid("empty-geometry", "the FeatureCollection has no features", field)
        parts = [_geojson_geometry(f.get("geometry") if isinstance(f, dict) else None, field)
                 for f in features]  # fmt: skip
        return checked_area(union_of_polygons(parts, field), limits, field)
    return checked_area(_geojson_geometry(obj, field), limits, field)


def _geojson_geometry(obj: Any, field: str) -> ogr.Geometry:
    if not isinstance(obj, dict):
        raise BadRequest(
            f"'{field}' holds a feature without a geometry",
            code="invalid-geometry-json",
            field=field,
        )
    try:
        geom = ogr.CreateGeometryFromJson(json.dumps(obj))
    except (RuntimeError, TypeError, ValueError) as exc:
        raise BadRequest(
            f"'{field}' is not a readable GeoJSON geometry: {exc}",
            code="invalid-geometry-json",
            field=field,
        ) from exc
    if geom is None:
        raise BadRequest(
            f"'{field}' is not a readable GeoJSON geometry",
            code="invalid-geometry-json",
            field=field,
        )
    return geom


def geometry_from_upload(data: bytes, filename: str, limits: AreaLimits) -> ogr.Geometry:
    """A checked lon/lat area from an uploaded GeoPackage or GeoJSON file."""
    if data.startswith(SQLITE_MAGIC):
        return checked_area(_gpkg_area(data), limits, "file")
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(
            f"{filename} is neither a GeoPackage nor a GeoJSON file ({exc})",
            code="unsupported-area-file",
            field="file",
        ) from exc
    crs = obj.get("crs") if isinstance(obj, dict) else None
    if crs is not None:  # pre-RFC 7946 "crs" member: reproject with OGR
        return checked_area(_vector_area(data, ".geojson"), limits, "file")
    return geometry_from_geojson(obj, limits, "file")


def _gpkg_area(data: bytes) -> ogr.Geometry:
    return _vector_area(data, ".gpkg")


def _vector_area(data: bytes, suffix: str) -> ogr.Geometry:
    """Union of the polygons of the first polygon layer of a vector file, in lon/lat."""
    path = f"/vsimem/vt-area-{uuid.uuid4().hex}{suffix}"
    gdal.FileFromMemBuffer(path, data)
    try:
        try:
            ds = ogr.Open(path)
        except RuntimeError as exc:
            raise BadRequest(
                f"the file cannot be read: {exc}", code="unsupported-area-file", field="file"
            ) from exc
        if ds is None:
            raise BadRequest("the file cannot be read", code="unsupported-area-file", field="file")
        layer = _first_polygon_layer(ds)
        to_wgs84 = _to_wgs84(layer.GetSpatialRef())
        parts = []
        for feature in layer:
            geom = feature.GetGeometryRef()
            if geom is None or geom.IsEmpty():
                continue
            geom = geom.Clone()
            if to_wgs84 is not None:
                geom.Transform(to_wgs84)
            parts.append(geom)
        ds = None
    finally:
        gdal.Unlink(path)
    area = union_of_polygons(parts, "file")
    area.AssignSpatialReference(None)
    return area


def _first_polygon_layer(ds: ogr.DataSource) -> ogr.Layer:
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayerByIndex(i)
        kind = ogr.GT_Flatten(layer.GetGeomType())
        if kind in (*_POLYGONAL, ogr.wkbCurvePolygon, ogr.wkbMultiSurface) or (
            kind in (ogr.wkbUnknown, ogr.wkbGeometryCollection) and layer.GetFeatureCount() > 0
        ):
            return layer
    raise ValidationFailed(
        [problem_item("no-polygon-layer", "the file has no polygon layer", field="file")],
        detail="the file has no polygon layer",
    )


def _to_wgs84(srs: osr.SpatialReference | None) -> osr.CoordinateTransformation | None:
    if srs is None:
        return None  # taken as lon/lat; checked_area refuses coordinates outside it
    srs = srs.Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs.IsSame(wgs84()):
        return None
    return transformer(srs, wgs84())


def geometry_json(geom: ogr.Geometry, precision: int = 9) -> dict[str, Any]:
    """GeoJSON geometry object of a lon/lat geometry."""
    return json.loads(geom.ExportToJson([f"COORDINATE_PRECISION={precision}"]))
