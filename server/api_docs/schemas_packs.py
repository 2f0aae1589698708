"""Schemas of packs, versions, quality reports, plots and reviews.

They mirror `server.packs.views` (pack summary / detail / version entries),
`verite_core.pack.quality` (quality reports) and `server.packs.reviews` (plots, reviews).
"""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import array, boolean, integer, nullable, number, obj, ref, string

QUALITY_LEVELS = ["A", "B", "C", "D"]
DATETIME = string("ISO 8601 date-time (UTC)", format="date-time")
DATE = string("ISO 8601 date", format="date")
URL = string(format="uri")
#: Anything JSON: free-form members copied from the pack manifest.
ANY: dict[str, Any] = {"description": "Any JSON value (copied from the pack manifest)."}


def _pack_schemas() -> dict[str, Any]:
    links = obj(
        {name: URL for name in ("self", "html", "gpkg", "geojson", "original", "ogc_items")},
        ["self", "gpkg", "geojson", "original", "ogc_items"],
        "Where to fetch the pack (versioned links in a detail or version entry).",
    )
    summary = obj(
        {
            "id": string("Public id of the pack (a UUID).", format="uuid"),
            "title": string(),
            "theme": nullable(string()),
            "license": nullable(string("SPDX identifier.", example="CC-BY-4.0")),
            "owner": string("Username of the owner."),
            "version": integer("The version described."),
            "plot_count": integer(),
            "quality": ref("QualitySummary"),
            "bbox": array(
                number(), "minlon, minlat, maxlon, maxlat (EPSG:4326).", minItems=4, maxItems=4
            ),
            "observation_period": obj({"start": nullable(DATE), "end": nullable(DATE)}),
            "classes": array(
                obj(
                    {
                        "code": string(),
                        "name": nullable(string()),
                        "clcplus": nullable(integer(minimum=1, maximum=11)),
                    }
                )
            ),
            "updated_at": nullable(DATETIME),
            "links": ref("PackLinks"),
        },
        ["id", "title", "owner", "version", "plot_count", "quality", "bbox", "links"],
        "Catalogue entry of a pack (its latest version).",
    )
    detail_extra = obj(
        {
            "latest_version": integer(),
            "description": nullable(string()),
            "method": nullable(string(example="field")),
            "positional_accuracy_m": nullable(number()),
            "contributors": array(obj({}, additionalProperties=True)),
            "keywords": array(string()),
            "sentinel2_acquisitions": array(obj({}, additionalProperties=True)),
            "reference_period": nullable(obj({"start": DATE, "end": DATE})),
            "area": ANY,
            "crs": nullable(string("CRS of the uploaded file.", example="EPSG:2154")),
            "nomenclature": ANY,
            "descriptors": array(obj({}, additionalProperties=True)),
            "constraints": array(obj({}, additionalProperties=True)),
            "class_counts": obj(
                {}, description="Plots per class code.", additionalProperties=integer()
            ),
            "quality": nullable(ref("Quality")),
            "citation": string("How to cite this version."),
            "versions": array(ref("VersionSummary"), "All versions, oldest first."),
            "manifest": obj(
                {},
                description="The manifest as uploaded (see the pack schema).",
                additionalProperties=True,
            ),
            "created": boolean(
                "Only in upload responses: false when the same file was already published."
            ),
        },
        ["latest_version", "versions", "manifest", "citation"],
    )
    version = obj(
        {
            "version": integer(),
            "label": nullable(string("The manifest's own version label.")),
            "created_at": nullable(DATETIME),
            "content_hash": string("sha256 of the uploaded file.", pattern="^[0-9a-f]{64}$"),
            "file_format": string(enum=["gpkg", "geojson"]),
            "size_bytes": integer(),
            "plot_count": integer(),
            "quality_score": number(minimum=0, maximum=100),
            "quality_level": nullable(string(enum=QUALITY_LEVELS)),
            "links": ref("PackLinks"),
        },
        ["version", "content_hash", "file_format", "size_bytes", "plot_count", "links"],
        "One immutable version of a pack.",
    )
    page_links = obj({"self": URL, "next": URL, "prev": URL}, ["self"])
    return {
        "PackLinks": links,
        "PackSummary": summary,
        "PackDetail": {
            "allOf": [ref("PackSummary"), detail_extra],
            "description": "A pack version with its full metadata, quality report and version list.",
        },
        "VersionSummary": version,
        "PackPage": obj(
            {
                "items": array(ref("PackSummary")),
                "page": integer(minimum=1),
                "per_page": integer(minimum=1),
                "total": integer("Packs matching the filters."),
                "links": page_links,
            },
            ["items", "page", "per_page", "total", "links"],
        ),
        "PackDocument": obj(
            {
                "type": string(enum=["FeatureCollection"]),
                "manifest": obj({}, additionalProperties=True),
                "features": array(ref("PlotFeature")),
            },
            ["type", "manifest", "features"],
            "A pack in its GeoJSON encoding; its full JSON Schema is served at /api/v1/schema/pack.",
            externalDocs={"description": "Pack JSON Schema", "url": "/api/v1/schema/pack"},
        ),
    }


def _quality_schemas() -> dict[str, Any]:
    components = obj(
        {
            "A": number("Collector reliability."),
            "R": nullable(number("Agreement with a reference map (null: no reference).")),
            "M": number("Method."),
            "T": number("Timeliness."),
            "C": number("Completeness."),
            "G": number("Geometry gate."),
        },
        description="Score components, each in 0..1.",
    )
    return {
        "QualitySummary": obj(
            {
                "score": number(minimum=0, maximum=100),
                "level": nullable(string(enum=QUALITY_LEVELS)),
            },
            ["score", "level"],
            "Quality score and level (A >= 80, B >= 65, C >= 50, else D).",
        ),
        "Quality": obj(
            {
                "score": number(minimum=0, maximum=100),
                "level": string(enum=QUALITY_LEVELS),
                "components": components,
                "weights": obj({}, additionalProperties=number()),
                "formula": string(
                    example="Q = 100 * G * (0.35*A + 0.20*R + 0.15*M + 0.15*T + 0.15*C)"
                ),
                "reference_available": boolean(),
                "plot_levels": obj(
                    {}, description="Plots per quality level.", additionalProperties=integer()
                ),
                "notes": array(string()),
            },
            ["score", "level", "components"],
            "Quality report of a pack version.",
        ),
        "PlotQuality": obj(
            {"score": number(), "level": string(enum=QUALITY_LEVELS), "components": components},
            ["score", "level"],
        ),
    }


def _plot_schemas() -> dict[str, Any]:
    review = obj(
        {
            "verdict": string(enum=["confirm", "correct"]),
            "corrected_class": nullable(string()),
            "reviewer": string(),
            "created_at": DATETIME,
        }
    )
    props = obj(
        {
            "plot_id": string(),
            "class_code": string(),
            "clcplus": nullable(integer(minimum=1, maximum=11)),
            "observed_on": nullable(DATE),
            "collector": nullable(string()),
            "photos": array(string()),
            "notes": nullable(string()),
            "area_m2": number(),
            "quality": nullable(ref("PlotQuality")),
            "reviews": array(review),
        },
        ["plot_id", "class_code"],
        "Plot attributes; the pack's descriptors are further members.",
        additionalProperties=True,
    )
    return {
        "PlotFeature": obj(
            {
                "type": string(enum=["Feature"]),
                "id": string(),
                "geometry": ref("Geometry"),
                "properties": props,
            },
            ["type", "geometry", "properties"],
            "A plot as a GeoJSON Feature in EPSG:4326.",
        ),
        "PlotPage": obj(
            {
                "type": string(enum=["FeatureCollection"]),
                "features": array(ref("PlotFeature")),
                "page": integer(minimum=1),
                "per_page": integer(minimum=1),
                "total": integer("Plots in the version."),
            },
            ["type", "features", "page", "per_page", "total"],
        ),
        "ReviewRequest": obj(
            {
                "verdict": string(enum=["confirm", "correct"]),
                "corrected_class": string(
                    "Required with `correct`: one of the version's class codes."
                ),
                "comment": string(),
            },
            ["verdict"],
        ),
        "ReviewResult": obj(
            {
                "plot_id": string(),
                "verdict": string(enum=["confirm", "correct"]),
                "corrected_class": nullable(string()),
                "reviewer": string(),
                "collector": obj(
                    {
                        "username": string(),
                        "reviewed_plots": integer(),
                        "confirmed_plots": integer(),
                        "reliability": obj(
                            {},
                            description="Reliability A per expertise level.",
                            additionalProperties=number(),
                        ),
                    }
                ),
            },
            ["plot_id", "verdict", "reviewer", "collector"],
        ),
    }


def pack_schemas() -> dict[str, Any]:
    """Pack, quality and plot schemas for `components/schemas`."""
    return {**_pack_schemas(), **_quality_schemas(), **_plot_schemas()}
