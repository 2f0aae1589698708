"""OpenAPI description of the dashboard routes, for `server.api_docs` to include.

`server.api_docs.spec` adds these with `**dashboard_paths()` in `all_paths` and
`(TAG, TAG_DESCRIPTION)` in `TAGS`. Schemas are inline (no new components) so that this
module is all it takes.
"""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import (
    GEOJSON,
    JSON,
    MULTIPART,
    PROBLEM,
    array,
    boolean,
    integer,
    json_body,
    nullable,
    number,
    obj,
    operation,
    path_param,
    query,
    ref,
    response,
    string,
)

TAG = "Sealed-surface dashboard"
TAG_DESCRIPTION = (
    "Sealed area and share per year, and change between years, for a drawn or uploaded area, "
    "a pack's area or a unit of a boundary layer; map tiles of the rasters; STAC items of packs."
)

_RASTER = obj(
    {
        "id": integer(),
        "name": string(),
        "year": integer(),
        "kind": string(enum=["clcplus", "prediction"]),
        "caveat": string("Shown with every figure from this raster."),
        "model_name": nullable(string()),
        "crs": nullable(string()),
        "bounds_wgs84": nullable(array(number(), "[west, south, east, north]")),
        "sealed_values": array(integer()),
    },
    ("id", "name", "year", "kind", "caveat"),
)
_LAYER = obj(
    {
        "name": string(),
        "id_field": string(),
        "name_field": nullable(string()),
        "crs": nullable(string()),
        "unit_count": integer(),
        "precomputed_rasters": array(integer(), "Rasters every unit has numbers for."),
        "created_at": nullable(string(format="date-time")),
    },
    ("name", "unit_count"),
)
_YEAR = obj(
    {
        "raster_id": integer(),
        "name": string(),
        "year": integer(),
        "kind": string(),
        "model_name": nullable(string()),
        "caveat": string(),
        "sealed_m2": number(),
        "valid_m2": number("Area with data (not nodata, not ignored)."),
        "zone_m2": number("Area of the zone, also outside the raster."),
        "sealed_share": nullable(number("sealed_m2 / valid_m2; null when nothing valid.")),
        "valid_share": number("valid_m2 / zone_m2."),
    },
    ("raster_id", "year", "sealed_m2", "valid_m2", "zone_m2", "sealed_share", "valid_share"),
)
_CHANGE = obj(
    {
        "from": integer("Raster id (earlier)."),
        "to": integer("Raster id (later)."),
        "from_year": integer(),
        "to_year": integer(),
        "from_name": string(),
        "to_name": string(),
        "gained_m2": number(),
        "lost_m2": number(),
        "stable_sealed_m2": number(),
        "net_m2": number("gained_m2 - lost_m2."),
        "valid_m2": number("Area valid in both rasters."),
        "caveat": string(),
    },
    ("from", "to", "gained_m2", "lost_m2", "stable_sealed_m2", "net_m2"),
)
_ANALYSIS = obj(
    {
        "area_m2": number(),
        "source": obj({"type": string(enum=["geometry", "pack", "boundary"])}, ("type",)),
        "years": array(_YEAR),
        "changes": array(_CHANGE),
        "computed_in_ms": number(),
        "precomputed": boolean("True when every number was read from the precomputed tables."),
    },
    ("area_m2", "source", "years", "changes", "computed_in_ms", "precomputed"),
)
_ANALYZE_BODY = obj(
    {
        "geometry": obj(
            {},
            description="GeoJSON Polygon/MultiPolygon, Feature or "
            "FeatureCollection, longitude/latitude.",
        ),  # fmt: skip
        "pack": string("Pack id (its declared area)."),
        "version": integer("Pack version (default: latest)."),
        "boundary": string("Boundary layer name (with `unit`)."),
        "unit": string("Unit id in that layer."),
        "rasters": array(integer(), "Raster ids (default: all)."),
        "pairs": array(
            array(integer(), minItems=2, maxItems=2),
            "[from, to] raster ids (default: consecutive years, and first → last).",
        ),
        "use_precomputed": boolean("Default true; false recomputes a unit's numbers now."),
    },
    description="Exactly one of `geometry`, `pack` or `boundary` + `unit`.",
)
_ANALYZE_EXAMPLE = {"boundary": "communes", "unit": "77186"}
_UNAVAILABLE = {
    "503": response("A registered raster cannot be read.", ref("Problem"), PROBLEM),
}
_TILE = [
    path_param("z", "Zoom (0-24).", integer(minimum=0, maximum=24)),
    path_param("x", "Column (0 to 2^z - 1).", integer(minimum=0)),
    path_param("y", "Row (0 to 2^z - 1), without the `.png` suffix.", integer(minimum=0)),
]
_PNG = {
    "200": response(
        "256 x 256 RGBA PNG; transparent outside the raster. Cache-Control public, ETag.",
        string(format="binary"),
        "image/png",
    ),
    "304": response("Not modified (If-None-Match matched the ETag)."),
    **_UNAVAILABLE,
}


def _analysis_op(op_id: str, summary: str, ok: dict[str, Any]) -> dict[str, Any]:
    return operation(
        op_id,
        TAG,
        summary,
        {**ok, **_UNAVAILABLE},
        description="Numbers from `verite_core.analytics` (exact pixel fractions at polygon edges, "
        "as in the QGIS Processing algorithms).",
        body=json_body(_ANALYZE_BODY, _ANALYZE_EXAMPLE),
        errors=(400, 404, 415, 422),
    )


def dashboard_paths() -> dict[str, Any]:
    prefix = "/api/v1/dashboard"
    return {
        f"{prefix}/rasters": {
            "get": operation(
                "listSealedRasters",
                TAG,
                "Registered sealed rasters, by year",
                {"200": response("The rasters.", obj({"items": array(_RASTER)}, ("items",)))},
            )  # fmt: skip
        },
        f"{prefix}/boundaries": {
            "get": operation(
                "listBoundaryLayers",
                TAG,
                "Boundary layers (communes ...)",
                {"200": response("The layers.", obj({"items": array(_LAYER)}, ("items",)))},
            )  # fmt: skip
        },
        f"{prefix}/boundaries/{{layer_name}}/units": {
            "get": operation(
                "listBoundaryUnits",
                TAG,
                "Units of a layer (simplified GeoJSON)",
                {
                    "200": response(
                        "Units, by name.",
                        obj({"type": string(), "features": array(obj({}))}),
                        GEOJSON,
                    )
                },  # fmt: skip
                parameters=[
                    path_param("layer_name", "Layer name.", example="communes"),
                    query("q", "Text in the unit's name or id (case-insensitive)."),
                    query("bbox", "min_lon,min_lat,max_lon,max_lat.", example="2.2,48.8,2.5,48.9"),
                    query(
                        "limit",
                        "At most this many units.",
                        integer(minimum=1, maximum=1000, default=100),
                    ),  # fmt: skip
                ],
                errors=(400, 404),
            )
        },
        f"{prefix}/analyze": {
            "post": _analysis_op(
                "analyzeArea",
                "Sealed area and share per year, and change between years",
                {"200": response("The analysis.", _ANALYSIS, JSON)},
            )
        },
        f"{prefix}/analyze.csv": {
            "post": _analysis_op(
                "analyzeAreaCsv",
                "The same analysis as CSV (a row per year and per change)",
                {"200": response("CSV download.", string(), "text/csv")},
            )
        },
        f"{prefix}/analyze.geojson": {
            "post": _analysis_op(
                "analyzeAreaGeojson",
                "The same analysis as GeoJSON (the area with the numbers)",
                {"200": response("GeoJSON download.", obj({}), GEOJSON)},
            )
        },
        f"{prefix}/upload-area": {
            "post": operation(
                "uploadArea",
                TAG,
                "Turn a GeoJSON or GeoPackage file into one checked lon/lat area",
                {
                    "200": response(
                        "The area.",
                        obj(
                            {
                                "geometry": obj({}),
                                "area_m2": number(),
                                "bbox": array(number()),
                                "vertices": integer(),
                            }
                        ),
                    )
                },  # fmt: skip
                description="GeoPackage: the first polygon layer, union of its polygons, "
                "reprojected. Checks: polygonal, valid, area and vertex limits.",
                body={
                    "required": True,
                    "content": {
                        MULTIPART: {
                            "schema": obj(
                                {"file": string("GeoJSON or GeoPackage.", format="binary")},
                                ("file",),
                            )
                        }
                    },
                },  # fmt: skip
                errors=(400, 413, 415, 422),
            )
        },
        f"{prefix}/tiles/{{raster_id}}/{{z}}/{{x}}/{{y}}.png": {
            "get": operation(
                "sealedTile",
                TAG,
                "Sealed pixels of a raster (XYZ, Web Mercator)",
                _PNG,
                parameters=[path_param("raster_id", "Raster id.", integer()), *_TILE],
                errors=(400, 404),
            )  # fmt: skip
        },
        f"{prefix}/change-tiles/{{from_id}}/{{to_id}}/{{z}}/{{x}}/{{y}}.png": {
            "get": operation(
                "changeTile",
                TAG,
                "Gained / lost / stable sealed pixels between two rasters",
                _PNG,
                parameters=[
                    path_param("from_id", "Earlier raster id.", integer()),
                    path_param("to_id", "Later raster id.", integer()),
                    *_TILE,
                ],
                errors=(400, 404),
            )  # fmt: skip
        },
        "/api/v1/packs/{public_id}/stac": {
            "get": operation(
                "getPackStacItem",
                "Packs",
                "STAC Item (label extension) of a pack version",
                {"200": response("STAC 1.0 Item.", obj({}), GEOJSON)},
                parameters=[
                    path_param("public_id", "Public id of the pack.", string(format="uuid")),
                    query("version", "Version number (default: the latest).", integer(minimum=1)),
                ],
                errors=(400, 404),
            )
        },
    }
