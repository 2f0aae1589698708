"""Search a STAC API for Sentinel-2 scenes with pystac-client, and rank them by the cloud
cover over the area itself.

Filters: area (lon/lat bbox), date range, maximum scene cloud cover (``eo:cloud_cover``,
sent as the query extension or a CQL2 filter, whichever the API conforms to, and checked
again here), product level (the level's collection). Ranking: when a scene has an SCL
asset, its classes are read over the bbox only (a coarse window of the COG, a few range
requests) and the scene's *clear share of the area* — pixels with data that are not
cloud, cloud shadow or cirrus — decides; otherwise ``100 - eo:cloud_cover`` stands in.
Ties go to the lower scene-wide cloud cover, then the most recent date.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from osgeo import gdal

from .catalogs import Catalog
from .errors import (
    AuthenticationRefused,
    Canceled,
    CatalogUnavailable,
    NoSceneFound,
    S2AccessError,
)
from .gdalio import checked, gdal_path, same_site, transform_bounds, with_retries
from .items import Scene, scene_from_item
from .signing import SasSigner, TokenFetcher, http_token_fetcher

log = logging.getLogger(__name__)

#: Seconds to wait for the STAC API; connection retries (with backoff) before giving up.
TIMEOUT_S = 30.0
API_RETRIES = 2
SCL_CLOUDY = (3, 8, 9, 10)  # cloud shadows, clouds (medium, high probability), cirrus


@dataclass(frozen=True)
class SearchQuery:
    bbox: tuple[float, float, float, float]  # lon/lat (EPSG:4326)
    start: dt.date
    end: dt.date
    max_cloud: float = 30.0  # percent, scene-wide eo:cloud_cover
    level: str = "L2A"
    limit: int = 50

    def __post_init__(self) -> None:
        x0, y0, x1, y1 = self.bbox
        if not (-180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90):
            raise ValueError(f"bbox {self.bbox} is not (west, south, east, north) in degrees")
        if self.start > self.end:
            raise ValueError(f"the start date {self.start} is after the end date {self.end}")
        if self.level not in ("L1C", "L2A"):
            raise ValueError(f"level must be L1C or L2A, not {self.level!r}")
        if not 1 <= self.limit <= 10000:
            raise ValueError("limit must be between 1 and 10000")


def search(
    catalog: Catalog,
    query: SearchQuery,
    token: str | None = None,
    rank_by_area: bool = True,
    is_canceled: Callable[[], bool] | None = None,
    token_fetcher: TokenFetcher | None = None,
) -> list[Scene]:
    """Scenes matching the query, best first (see the module docstring for the ranking)."""
    collection = catalog.collections.get(query.level)
    if collection is None:
        raise S2AccessError(f"{catalog.name} has no {query.level} collection.")
    signer = None
    if catalog.auth == "planetary_computer":
        fetch = token_fetcher or http_token_fetcher(catalog.sas_url or "", TIMEOUT_S)
        signer = SasSigner(fetch)
    items = _search_items(catalog, query, collection, token)
    scenes = [
        scene_from_item(item, catalog, query.level, collection, signer)
        for item in items
        if (item.get("properties", {}).get("eo:cloud_cover") or 0.0) <= query.max_cloud
    ]
    if not scenes:
        raise NoSceneFound(
            f"No {query.level} scene in {catalog.name} over {list(query.bbox)} from "
            f"{query.start} to {query.end} with at most {query.max_cloud:g}% cloud cover. "
            "Widen the dates, raise the cloud limit or check the area."
        )
    if rank_by_area:
        scenes = [_with_area_cover(s, query.bbox, token, is_canceled) for s in scenes]
    return sorted(scenes, key=_rank_key)


def _rank_key(scene: Scene) -> tuple:
    clear = scene.area_clear_share
    if clear is None:
        clear = 100.0 - (scene.cloud_cover if scene.cloud_cover is not None else 100.0)
    cloud = scene.cloud_cover if scene.cloud_cover is not None else 101.0
    return (-round(clear, 3), cloud, -scene.datetime.timestamp())


# ---------------------------------------------------------------------- STAC


def _search_items(
    catalog: Catalog, query: SearchQuery, collection: str, token: str | None
) -> list[dict[str, Any]]:
    from pystac_client import Client
    from pystac_client.conformance import ConformanceClasses
    from pystac_client.exceptions import APIError
    from pystac_client.stac_api_io import StacApiIO
    from pystac_client.warnings import PystacClientWarning
    from urllib3 import Retry

    retry = Retry(  # POST searches are idempotent: retry them too
        total=API_RETRIES,
        backoff_factor=0.3,
        status_forcelist=(502, 503, 504),
        allowed_methods=None,
    )
    headers = {"Authorization": f"Bearer {token}"} if token else None
    params: dict[str, Any] = {
        "collections": [collection],
        "bbox": list(query.bbox),
        "datetime": f"{query.start.isoformat()}/{query.end.isoformat()}",
        "max_items": query.limit,
        "limit": min(query.limit, 100),
    }
    stac_io = StacApiIO(max_retries=retry, timeout=TIMEOUT_S)
    try:
        with warnings.catch_warnings():
            # conformance notices: the filters sent below follow the advertised conformance
            warnings.simplefilter("ignore", PystacClientWarning)
            client = Client.open(
                catalog.url,
                headers=headers,
                stac_io=stac_io,
                timeout=TIMEOUT_S,
            )
            methods = {
                str(link.extra_fields.get("method", "GET")).upper()
                for link in client.get_links("search")
            }
            params["method"] = method = "GET" if methods == {"GET"} else "POST"
            if client.conforms_to(ConformanceClasses.QUERY):
                params["query"] = {"eo:cloud_cover": {"lte": query.max_cloud}}
            elif client.conforms_to(ConformanceClasses.FILTER) and method == "POST":
                params["filter"] = {
                    "op": "<=",
                    "args": [{"property": "eo:cloud_cover"}, query.max_cloud],
                }
                params["filter_lang"] = "cql2-json"
            elif client.conforms_to(ConformanceClasses.FILTER):
                params["filter"] = f"eo:cloud_cover <= {query.max_cloud:g}"
                params["filter_lang"] = "cql2-text"
            return list(client.search(**params).items_as_dicts())
    except APIError as exc:
        raise _api_error(exc, catalog, token) from None
    except NotImplementedError as exc:
        raise CatalogUnavailable(f"{catalog.url} does not offer item search.", str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:  # not STAC JSON
        raise CatalogUnavailable(f"{catalog.url} is not a STAC API.", str(exc)) from None
    finally:
        stac_io.session.close()


def _api_error(exc: Exception, catalog: Catalog, token: str | None) -> S2AccessError:
    status = getattr(exc, "status_code", None)
    details = str(exc)[:1000]
    if status in (401, 403):
        hint = "the token was refused" if token else "this catalog needs a token"
        return AuthenticationRefused(
            f"{catalog.name} refused the request (HTTP {status}): {hint}.", details
        )
    if status is None:
        return CatalogUnavailable(
            f"{catalog.name} ({catalog.url}) cannot be reached: check the address, the "
            "network and the proxy, or try again later.",
            details,
        )
    return CatalogUnavailable(f"{catalog.name} answered HTTP {status}.", details)


# ---------------------------------------------------------------------- SCL over the area


def _with_area_cover(
    scene: Scene,
    bbox: tuple[float, float, float, float],
    token: str | None,
    is_canceled: Callable[[], bool] | None,
) -> Scene:
    if is_canceled is not None and is_canceled():
        raise Canceled("Search canceled.")
    href = scene.assets.get("SCL")
    if href is None:
        return scene
    try:
        token = token if same_site(href, scene.catalog_url) else None
        cloud, data = area_cloud_cover(href, bbox, token, scene.gdal_options, is_canceled)
    except Canceled:
        raise
    except S2AccessError as exc:
        log.warning("No area cloud cover for %s: %s (%s)", scene.id, exc.message, exc.details)
        return scene
    return replace(scene, area_cloud_cover=cloud, area_data_cover=data)


def area_cloud_cover(
    scl_href: str,
    bbox: tuple[float, float, float, float],
    token: str | None = None,
    options: dict[str, str] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> tuple[float | None, float]:
    """(percent of the bbox's data pixels that are cloud/shadow/cirrus or None when no
    data, percent of the bbox with data), from the SCL read over the bbox only, at 60 m
    (20 m for areas under 600 m) so COG overviews keep the download small."""
    path = gdal_path(scl_href)

    def read(messages: list[str]) -> np.ndarray:
        src = checked(gdal.Open(path), messages)
        x0, y0, x1, y1 = transform_bounds(bbox, "EPSG:4326", src.GetProjection())
        res = 60.0 if min(x1 - x0, y1 - y0) >= 600 else 20.0
        ds = gdal.Warp(
            "",
            src,
            format="MEM",
            outputBounds=(x0, y0, x1, y1),
            width=max(1, round((x1 - x0) / res)),
            height=max(1, round((y1 - y0) / res)),
            resampleAlg="near",
            srcNodata=0,
            dstNodata=0,
        )
        return checked(checked(ds, messages).ReadAsArray(), messages)

    scl = with_retries(
        read,
        "the scene classification",
        retries=1,
        token=token,
        options=options,
        is_canceled=is_canceled,
        clear_prefix=path,
    )
    data = int(np.count_nonzero(scl))
    data_pct = 100.0 * data / max(scl.size, 1)
    if data == 0:
        return None, 0.0
    return 100.0 * int(np.isin(scl, SCL_CLOUDY).sum()) / data, data_pct
