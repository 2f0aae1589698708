"""OGC API – Features part of the document: /ogc paths, their schemas and parameters.

QGIS's OAPIF provider reads the page size limits from `components/parameters/limit`
(`schema.maximum` and `schema.default`), so that parameter lives there and the items
path refers to it.
"""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import (
    GEOJSON,
    array,
    integer,
    nullable,
    number,
    obj,
    operation,
    param,
    path_param,
    ref,
    response,
    string,
)

TAG = "OGC API Features"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def _limit() -> dict[str, Any]:
    return param(
        "limit",
        "query",
        "Page size: at most this many features. Larger values are reduced to 1000.",
        {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
        style="form",
        explode=False,
    )


def _offset() -> dict[str, Any]:
    return param(
        "offset",
        "query",
        "Features to skip (follow the `next` link rather than computing it).",
        {"type": "integer", "minimum": 0, "default": 0},
        style="form",
        explode=False,
    )


def _bbox() -> dict[str, Any]:
    return param(
        "bbox",
        "query",
        "Only features intersecting this box: minlon,minlat,maxlon,maxlat in CRS84 "
        "(a 6-number 3D box is accepted; heights are ignored).",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        style="form",
        explode=False,
        example=[2.2, 48.8, 2.5, 48.9],
    )


def _collection_id() -> dict[str, Any]:
    return path_param(
        "collection_id",
        "Collection id: the public id of a pack.",
        string(format="uuid"),
        example="0b6f0c52-8a34-4c7e-9a4e-3d1c2b1a9f00",
    )


def ogc_parameters() -> dict[str, Any]:
    """`components/parameters`: where OAPIF clients (QGIS, GDAL) look up the page size limits."""
    return {"limit": _limit(), "offset": _offset(), "bbox": _bbox()}


def ogc_schemas() -> dict[str, Any]:
    link = obj(
        {
            "href": string(format="uri"),
            "rel": string(example="self"),
            "type": string(example="application/geo+json"),
            "title": string(),
        },
        ["href", "rel"],
    )
    links = array(ref("Link"))
    collection = obj(
        {
            "id": string("The pack's public id."),
            "title": string(),
            "description": string(),
            "itemType": string(enum=["feature"]),
            "crs": array(string(), example=[CRS84]),
            "storageCrs": string(example=CRS84),
            "license": nullable(string()),
            "extent": obj(
                {
                    "spatial": obj(
                        {
                            "bbox": array(array(number(), minItems=4, maxItems=4)),
                            "crs": string(example=CRS84),
                        }
                    ),
                    "temporal": obj(
                        {
                            "interval": array(
                                array(nullable(string(format="date")), minItems=2, maxItems=2)
                            )
                        }
                    ),
                }
            ),
            "links": links,
        },
        ["id", "links"],
        "A pack (its latest version) as a feature collection.",
    )
    feature_props = obj(
        {
            "plot_id": string(),
            "class_code": string(),
            "clcplus": nullable(integer()),
            "observed_on": nullable(string(format="date")),
            "collector": nullable(string()),
            "photos": string("Photo references, comma-separated."),
            "notes": nullable(string()),
            "area_m2": number(),
            "quality_score": nullable(number()),
            "quality_level": nullable(string(enum=["A", "B", "C", "D"])),
        },
        description="Flat (scalar) attributes for GIS clients; descriptors are further members.",
        additionalProperties=True,
    )
    geometry = obj(
        {
            "type": string(
                enum=[
                    "Point",
                    "MultiPoint",
                    "LineString",
                    "MultiLineString",
                    "Polygon",
                    "MultiPolygon",
                    "GeometryCollection",
                ]
            ),
            "coordinates": array({}, "Nested arrays of positions (RFC 7946)."),
            "geometries": array(ref("Geometry")),
        },
        ["type"],
        "A GeoJSON geometry (RFC 7946), longitude/latitude.",
    )
    return {
        "Link": link,
        "Geometry": geometry,
        "LandingPage": obj(
            {"title": string(), "description": string(), "links": links},
            ["links"],
            "Entry point: links to the API definition, conformance and collections.",
        ),
        "ConformanceDeclaration": obj({"conformsTo": array(string(format="uri"))}, ["conformsTo"]),
        "Collections": obj(
            {"links": links, "collections": array(ref("Collection"))}, ["links", "collections"]
        ),
        "Collection": collection,
        "Feature": obj(
            {
                "type": string(enum=["Feature"]),
                "id": string(),
                "geometry": ref("Geometry"),
                "properties": feature_props,
                "links": links,
            },
            ["type", "geometry", "properties"],
            "A plot as an OGC API feature (CRS84).",
        ),
        "FeatureCollection": obj(
            {
                "type": string(enum=["FeatureCollection"]),
                "features": array(ref("Feature")),
                "numberMatched": integer(),
                "numberReturned": integer(),
                "links": links,
            },
            ["type", "features", "links"],
            "One page of a collection's features; follow the `next` link for more.",
        ),
    }


def ogc_paths() -> dict[str, Any]:
    """Paths of `server.ogc.routes`."""

    def landing(operation_id: str) -> dict[str, Any]:
        return {
            "get": operation(
                operation_id,
                TAG,
                "Landing page",
                {
                    "200": response(
                        "Links to the API definition, conformance and collections.",
                        ref("LandingPage"),
                    )
                },
                description="Entry point of the OGC API – Features service: give this URL to QGIS "
                "(Layer ▸ Add WFS / OGC API – Features) or to GDAL (`OAPIF:<url>`).",
            )
        }

    return {
        "/ogc": landing("ogcLanding"),
        "/ogc/": landing("ogcLandingSlash"),
        "/ogc/conformance": {
            "get": operation(
                "ogcConformance",
                TAG,
                "Conformance classes",
                {
                    "200": response(
                        "The conformance classes implemented.", ref("ConformanceDeclaration")
                    )
                },
            )
        },
        "/ogc/collections": {
            "get": operation(
                "ogcCollections",
                TAG,
                "List the collections (one per published pack)",
                {"200": response("All collections.", ref("Collections"))},
            )
        },
        "/ogc/collections/{collection_id}": {
            "get": operation(
                "ogcCollection",
                TAG,
                "Describe a collection",
                {"200": response("The collection's metadata and links.", ref("Collection"))},
                parameters=[_collection_id()],
                errors=(404,),
            )
        },
        "/ogc/collections/{collection_id}/items": {
            "get": operation(
                "ogcItems",
                TAG,
                "Features (plots) of a collection",
                {"200": response("A page of features.", ref("FeatureCollection"), GEOJSON)},
                description="Plots of the pack's latest version in CRS84, paged with `limit`/`offset`.",
                parameters=[_collection_id(), _bbox(), _limit(), _offset()],
                errors=(400, 404),
            )
        },
        "/ogc/collections/{collection_id}/items/{item_id}": {
            "get": operation(
                "ogcItem",
                TAG,
                "One feature (plot)",
                {"200": response("The feature.", ref("Feature"), GEOJSON)},
                parameters=[
                    _collection_id(),
                    path_param("item_id", "Feature id: the plot's `plot_id`.", example="P001"),
                ],
                errors=(404,),
            )
        },
    }
