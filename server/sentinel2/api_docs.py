"""OpenAPI description of this domain's route, for ``server.api_docs.spec.all_paths``."""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import (
    array,
    integer,
    nullable,
    number,
    obj,
    operation,
    path_param,
    query,
    response,
    string,
)

TAG = "Packs"
STATUSES = ["not-configured", "none", "pending", "done", "failed"]

ACQUISITION = obj(
    {
        "rank": integer("1 = the best match.", minimum=1),
        "item_id": string("The STAC item id."),
        "product_id": nullable(string("The ESA product name, when the catalogue gives it.")),
        "datetime": string("Acquisition time (UTC).", format="date-time"),
        "date": string("Acquisition date.", format="date"),
        "level": string("Processing level.", enum=["L1C", "L2A"]),
        "cloud_cover": nullable(number("Cloud cover in percent.", minimum=0, maximum=100)),
        "processing_baseline": nullable(string("e.g. 05.10.")),
        "days_from_observation": integer(
            "Days to the nearest observation date of the pack version (0: inside).", minimum=0
        ),
        "stac_item": nullable(string("The STAC item (JSON) in the catalogue.", format="uri")),
    },
    required=("rank", "item_id", "datetime", "date", "level", "days_from_observation"),
)

ACQUISITIONS = obj(
    {
        "pack_id": string(format="uuid"),
        "version": integer(minimum=1),
        "status": string(
            "not-configured: the server has no STAC catalogue; none: never looked up; "
            "pending, done or failed: the lookup made after upload.",
            enum=STATUSES,
        ),
        "detail": nullable(string("How many were kept, or why the lookup failed.")),
        "catalog": nullable(string("STAC API searched.", format="uri")),
        "collection": nullable(string()),
        "searched_from": nullable(string(format="date")),
        "searched_to": nullable(string(format="date")),
        "finished_at": nullable(string(format="date-time")),
        "items": array(ACQUISITION, "Best first."),
        "links": obj({"self": string(format="uri"), "pack": string(format="uri")}),
    },
    required=("pack_id", "version", "status", "items", "links"),
)


def acquisition_paths() -> dict[str, Any]:
    """``/api/v1/packs/{public_id}/acquisitions``."""
    return {
        "/api/v1/packs/{public_id}/acquisitions": {
            "get": operation(
                "getPackAcquisitions",
                TAG,
                "Sentinel-2 acquisitions related to a pack version",
                {"200": response("The lookup's state and its acquisitions.", ACQUISITIONS)},
                description="When the server has a STAC catalogue, each new version is looked "
                "up after upload: acquisitions over the pack's bounding box, near its "
                "observation dates, with low cloud cover (best first: cloud cover by 10 % "
                "steps, then days from an observation). The catalogue's failures never affect "
                "uploads; they show here as `status: failed`.",
                parameters=[
                    path_param("public_id", "Public id of the pack.", string(format="uuid")),
                    query("version", "Version number (default: the latest).", integer(minimum=1)),
                ],
                errors=(400, 404),
            )
        }
    }
