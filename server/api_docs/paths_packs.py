"""Paths of `server.packs.routes` (/api/v1): publishing, search, download, plots, reviews,
and the reference data (pack schema, nomenclatures, descriptor sets)."""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import (
    GEOJSON,
    GPKG,
    MULTIPART,
    header,
    integer,
    json_body,
    operation,
    path_param,
    query,
    ref,
    response,
    string,
)
from server.api_docs.schemas_packs import QUALITY_LEVELS

PACKS = "Packs"
PLOTS = "Plots and reviews"
REFERENCE = "Reference data"
SCHEMA_URL = "/api/v1/schema/pack"

_PUBLIC_ID = path_param(
    "public_id",
    "Public id of the pack.",
    string(format="uuid"),
    example="0b6f0c52-8a34-4c7e-9a4e-3d1c2b1a9f00",
)
_VERSION = query("version", "Version number (default: the latest).", integer(minimum=1), example=1)


def _page(default: int, maximum: int) -> list[dict[str, Any]]:
    return [
        query("page", "Page number, from 1.", integer(minimum=1, default=1)),
        query(
            "per_page",
            f"Items per page; values above {maximum} are reduced to {maximum}.",
            integer(minimum=1, maximum=maximum, default=default),
        ),
    ]


def _upload_body() -> dict[str, Any]:
    return {
        "required": True,
        "description": f"The pack file as the `file` part: a GeoPackage (.gpkg, with the manifest in "
        f"gpkg_metadata and a `plots` layer) or a GeoJSON pack following the JSON Schema at "
        f"{SCHEMA_URL}.",
        "content": {
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": string("GeoPackage or GeoJSON pack file.", format="binary"),
                    },
                },
                "encoding": {"file": {"contentType": f"{GPKG}, {GEOJSON}, application/json"}},
            }
        },
    }


def _published() -> dict[str, Any]:
    location = {"Location": header("URL of the pack.", string(format="uri"))}
    return {
        "201": response("Published: the new version.", ref("PackDetail"), headers=location),
        "200": response(
            "This exact file was already published (`created: false`); nothing changed.",
            ref("PackDetail"),
            headers=location,
        ),
    }


def _search_parameters(page_size_max: int) -> list[dict[str, Any]]:
    bbox = query(
        "bbox",
        "Packs whose area intersects this box: minlon,minlat,maxlon,maxlat (EPSG:4326).",
        {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
        style="form",
        explode=False,
        example=[2.2, 48.8, 2.5, 48.9],
    )
    return [
        bbox,
        query("theme", "Exact theme.", example="forest"),
        query("class", "Packs having a class with this code.", example="needleleaved_forest"),
        query(
            "clcplus",
            "Packs having a class mapped to this CLC+ Backbone class.",
            integer(minimum=1, maximum=11),
        ),
        query(
            "eagle",
            "Packs having a class with this EAGLE code or one of its children.",
            example="LCC-2_1",
        ),
        query(
            "min_quality",
            "Quality level at least this good (A best).",
            string(enum=QUALITY_LEVELS),
            example="B",
        ),
        query("license", "Exact licence (SPDX identifier).", example="CC-BY-4.0"),
        query(
            "contributor", "Owner's username, or part of a contributor's name (case-insensitive)."
        ),
        query(
            "observed_from",
            "Observed on or after this date.",
            string(format="date"),
            example="2021-01-01",
        ),
        query(
            "observed_to",
            "Observed on or before this date.",
            string(format="date"),
            example="2021-12-31",
        ),
        query("q", "Text in the title or description (case-insensitive).", example="Landes"),
        *_page(20, page_size_max),
    ]


def _download() -> dict[str, Any]:
    headers = {
        "Content-Disposition": header('`attachment; filename="<title>-v<version>.<ext>"`'),
        "X-Pack-Version": header("The version served.", integer()),
        "X-Content-SHA256": header("sha256 of the file for `format=original`, else empty."),
    }
    binary = string(format="binary")
    return {
        "description": "The version as a file (GeoPackage, GeoJSON or the original upload).",
        "headers": headers,
        "content": {GPKG: {"schema": binary}, GEOJSON: {"schema": ref("PackDocument")}},
    }


def pack_paths(page_size_max: int) -> dict[str, Any]:
    """Packs, plots and reviews; `page_size_max` is the app's PAGE_SIZE_MAX."""
    return {
        "/api/v1/packs": {
            "get": operation(
                "listPacks",
                PACKS,
                "Search the catalogue",
                {
                    "200": response(
                        "One page of matching packs (latest versions), newest first.",
                        ref("PackPage"),
                    )
                },
                description="All filters combine (AND). `links.next` / `links.prev` carry the same filters.",
                parameters=_search_parameters(page_size_max),
                errors=(400,),
            ),
            "post": operation(
                "createPack",
                PACKS,
                "Publish a new pack",
                _published(),
                description="The file is read, validated and scored before anything is stored: an "
                "invalid pack answers 422 with every problem found. Re-uploading the same file is "
                "idempotent.",
                body=_upload_body(),
                errors=(400, 409, 413, 415, 422),
                secured=True,
            ),
        },
        "/api/v1/packs/{public_id}": {
            "get": operation(
                "getPack",
                PACKS,
                "A pack version in full",
                {
                    "200": response(
                        "Metadata, quality report, class counts and versions.", ref("PackDetail")
                    )
                },
                parameters=[_PUBLIC_ID, _VERSION],
                errors=(400, 404),
            )
        },
        "/api/v1/packs/{public_id}/versions": {
            "post": operation(
                "createPackVersion",
                PACKS,
                "Publish a new version of one's own pack",
                _published(),
                description="Older versions stay downloadable. Only the owner may publish (403 "
                "`not-pack-owner`).",
                parameters=[_PUBLIC_ID],
                body=_upload_body(),
                errors=(400, 403, 404, 409, 413, 415, 422),
                secured=True,
            )
        },
        "/api/v1/packs/{public_id}/download": {
            "get": operation(
                "downloadPack",
                PACKS,
                "Download a pack version",
                {"200": _download()},
                description="`gpkg` embeds the QGIS style and attribute form; `geojson` is the GeoJSON "
                "encoding; `original` is the uploaded file byte for byte.",
                parameters=[
                    _PUBLIC_ID,
                    _VERSION,
                    query(
                        "format",
                        "File format.",
                        string(enum=["gpkg", "geojson", "original"], default="gpkg"),
                        example="gpkg",
                    ),
                ],
                errors=(400, 404),
            )
        },
        "/api/v1/packs/{public_id}/plots": {
            "get": operation(
                "listPlots",
                PLOTS,
                "Plots of a pack version, with their quality and reviews",
                {
                    "200": response(
                        "One page of plots as GeoJSON features (EPSG:4326).", ref("PlotPage")
                    )
                },
                parameters=[_PUBLIC_ID, _VERSION, *_page(100, 1000)],
                errors=(400, 404),
            )
        },
        "/api/v1/packs/{public_id}/plots/{plot_id}/reviews": {
            "post": operation(
                "reviewPlot",
                PLOTS,
                "Review a plot: confirm or correct its class (reviewers and admins)",
                {
                    "201": response(
                        "The review and the collector's updated record.", ref("ReviewResult")
                    )
                },
                description="Each verdict updates the uploader's review record, hence the reliability "
                "component (A) of their future packs.",
                parameters=[
                    _PUBLIC_ID,
                    path_param("plot_id", "The plot's `plot_id`.", example="P001"),
                    _VERSION,
                ],
                body=json_body(
                    ref("ReviewRequest"),
                    {
                        "verdict": "correct",
                        "corrected_class": "mixed_forest",
                        "comment": "Beech under the pines.",
                    },
                ),
                errors=(403, 404, 422),
                secured=True,
            )
        },
    }


def reference_paths() -> dict[str, Any]:
    """The pack schema and the bundled nomenclatures and descriptor sets."""
    return {
        SCHEMA_URL: {
            "get": operation(
                "getPackSchema",
                REFERENCE,
                "The pack JSON Schema",
                {
                    "200": response(
                        "JSON Schema (draft 2020-12) of the GeoJSON encoding; `$defs.manifest` is the manifest.",
                        {"type": "object"},
                        "application/schema+json",
                    )
                },
            )
        },
        "/api/v1/nomenclatures": {
            "get": operation(
                "listNomenclatures",
                REFERENCE,
                "Recommended nomenclatures, with EAGLE and CLC+ Backbone mappings",
                {"200": response("The bundled nomenclatures.", ref("NomenclatureList"))},
            )
        },
        "/api/v1/nomenclatures/{ident}": {
            "get": operation(
                "getNomenclature",
                REFERENCE,
                "One nomenclature",
                {"200": response("The nomenclature.", ref("Nomenclature"))},
                parameters=[path_param("ident", "Nomenclature id.", example="clcplus-backbone")],
                errors=(404,),
            )
        },
        "/api/v1/descriptor-sets": {
            "get": operation(
                "listDescriptorSets",
                REFERENCE,
                "Recommended descriptor sets (plot attributes beyond the class)",
                {"200": response("The bundled descriptor sets.", ref("DescriptorSetList"))},
            )
        },
    }
