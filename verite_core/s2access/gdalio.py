"""GDAL plumbing for Sentinel-2 rasters: ``/vsicurl/`` settings scoped to the calling
thread, hrefs to GDAL paths, errors turned into ``S2AccessError``, retries with backoff,
and the 10 m target grid.

The settings are *thread-local* configuration options, so a QGIS task reading with a
token never leaks its ``Authorization`` header to another thread, and nothing is left
set in the process afterwards. GDAL's exception mode is process-wide: it is left as it
is (a long download must not hold ``gdal_exceptions``' lock against the QGIS main
thread), so every GDAL result goes through ``checked``, which raises ``RuntimeError``
with GDAL's message whether exceptions are on or off.
"""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from osgeo import gdal

from verite_core.pack.gdal_env import gdal_exceptions, srs_from_user_input, transformer

from .errors import (
    AuthenticationRefused,
    Canceled,
    DownloadInterrupted,
    S2AccessError,
)

T = TypeVar("T")

#: GDAL settings for HTTP reads. ``CPL_VSIL_CURL_ALLOWED_EXTENSIONS`` is deliberately not
#: set: signed and OData hrefs end with a query string or ``$value``, not ``.tif``.
HTTP_OPTIONS: dict[str, str] = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",  # no directory listing per open
    "GDAL_HTTP_MAX_RETRY": "3",  # GDAL's own retries on HTTP 429/5xx
    "GDAL_HTTP_RETRY_DELAY": "0.5",
    "GDAL_HTTP_CONNECTTIMEOUT": "15",
    "GDAL_HTTP_TIMEOUT": "120",
    "GDAL_HTTP_MERGE_CONSECUTIVE_RANGES": "YES",
    "GDAL_INGESTED_BYTES_AT_OPEN": "32768",  # a COG header in one request
    "VSI_CACHE": "TRUE",
}
#: First pause between two attempts of ``with_retries`` (seconds); doubles each time.
RETRY_BACKOFF_S = 1.0

_AUTH_RE = re.compile(r"(HTTP (response|error) code ?:? ?(401|403))|AccessDenied", re.I)
_NOT_FOUND_RE = re.compile(r"HTTP (response|error) code ?:? ?404|does not exist|No such file", re.I)


def gdal_path(href: str) -> str:
    """The GDAL path of an asset href: ``/vsicurl/`` for HTTP(S), ``/vsis3/`` for S3."""
    if href.startswith("/vsi"):
        return href
    if href.startswith(("http://", "https://")):
        return "/vsicurl/" + href
    if href.startswith("s3://"):
        return "/vsis3/" + href[len("s3://") :]
    if href.startswith("file://"):
        return href[len("file://") :]
    return href


def same_site(href: str, base_url: str | None) -> bool:
    """Whether a bearer token meant for ``base_url`` may go with a request for ``href``:
    the same host, or a host under the same domain (``download.dataspace.copernicus.eu``
    for ``stac.dataspace.copernicus.eu``). A token never goes to another provider."""
    if not base_url or not href.startswith(("http://", "https://")):
        return False
    host = (urlsplit(href).hostname or "").lower()
    base = (urlsplit(base_url).hostname or "").lower()
    if not host or not base:
        return False
    if host == base:
        return True
    labels = base.split(".")
    if len(labels) < 2 or all(label.isdigit() for label in labels):
        return False  # an IP address: the host only
    return host.endswith("." + ".".join(labels[-2:]))


@contextlib.contextmanager
def gdal_session(
    token: str | None = None, options: Mapping[str, str] | None = None
) -> Iterator[list[str]]:
    """HTTP settings (and a bearer token) for this thread only; yields the list that
    collects GDAL's error messages in this thread inside the block."""
    values = {**HTTP_OPTIONS, **(options or {})}
    if token:
        values["GDAL_HTTP_HEADERS"] = f"Authorization: Bearer {token}"
    previous = {key: gdal.GetThreadLocalConfigOption(key, None) for key in values}
    messages: list[str] = []

    def collect(_cls: int, _no: int, msg: str) -> None:
        messages.append(str(msg))

    for key, value in values.items():
        gdal.SetThreadLocalConfigOption(key, value)
    gdal.PushErrorHandler(collect)  # the handler stack is per thread too
    try:
        yield messages
    finally:
        gdal.PopErrorHandler()
        for key, value in previous.items():
            gdal.SetThreadLocalConfigOption(key, value)


def checked(value: T | None, messages: list[str]) -> T:
    """``value``, or RuntimeError with GDAL's last message when it is None (a failure
    with exceptions off; with exceptions on, GDAL has raised already)."""
    if value is None:
        raise RuntimeError(messages[-1] if messages else "GDAL failed without a message")
    return value


def _reason(messages: list[str], exc: BaseException) -> str:
    texts = list(dict.fromkeys([*messages, str(exc)]))
    return " | ".join(t.strip() for t in texts if t.strip())[:1000]


def classify(messages: list[str], exc: BaseException, what: str) -> S2AccessError:
    """An ``S2AccessError`` for a failed GDAL read of ``what`` (e.g. 'B04 of S2B_...')."""
    reason = _reason(messages, exc)
    if "AWS_SECRET_ACCESS_KEY" in reason or "credentials" in reason:
        return AuthenticationRefused(
            f"Reading {what} needs S3 credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY (see docs/sentinel2.md for each catalog).",
            reason,
        )
    if _AUTH_RE.search(reason):
        return AuthenticationRefused(
            f"The server refused access to {what} (HTTP 401/403): the token is missing, "
            "wrong or expired, or the signed URL has expired (search again).",
            reason,
        )
    if _NOT_FOUND_RE.search(reason):
        return S2AccessError(f"{what} was not found at its address.", reason)
    return DownloadInterrupted(f"Reading {what} failed: {_short(reason)}", reason)


def _short(reason: str) -> str:
    if "Couldn't connect" in reason or "Failed to connect" in reason:
        return "the server cannot be reached"
    if re.search(r"failed with response_code|transfer closed|Read error|IReadBlock", reason):
        return "the connection was interrupted during the transfer"
    if "Timeout" in reason or "timed out" in reason:
        return "the server did not answer in time"
    match = re.search(r"HTTP (response|error) code ?:? ?(\d+)", reason)
    if match:
        return f"the server answered HTTP {match[2]}"
    return reason[:200]


def retryable(error: S2AccessError) -> bool:
    return isinstance(error, DownloadInterrupted)


def with_retries(
    action: Callable[[list[str]], T],
    what: str,
    *,
    retries: int = 3,
    token: str | None = None,
    options: Mapping[str, str] | None = None,
    is_canceled: Callable[[], bool] | None = None,
    clear_prefix: str | None = None,
) -> T:
    """Run ``action(messages)`` in a GDAL session; on network errors clear GDAL's cache of
    the file, wait (backoff doubling from ``RETRY_BACKOFF_S``) and try again, ``retries``
    times. The action passes GDAL results through ``checked(result, messages)``."""
    for attempt in range(retries + 1):
        if is_canceled is not None and is_canceled():
            raise Canceled("Canceled.")
        with gdal_session(token, options) as messages:
            try:
                return action(messages)
            except RuntimeError as exc:
                if "User terminated" in str(exc) or (is_canceled is not None and is_canceled()):
                    raise Canceled("Canceled.") from None
                error = classify(messages, exc, what)
        if clear_prefix:
            gdal.VSICurlPartialClearCache(clear_prefix)
        if not retryable(error):
            raise error
        if attempt == retries:
            error.message = (
                f"Download interrupted: reading {what} failed after {retries + 1} attempts "
                f"({_short(error.details)})."
            )
            error.args = (error.message,)
            raise error
        time.sleep(RETRY_BACKOFF_S * 2**attempt)
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------- grids


@dataclass(frozen=True)
class Grid:
    """A north-up pixel grid: upper-left corner, size and pixel size, in ``crs_wkt``."""

    crs_wkt: str
    x_min: float
    y_max: float
    width: int
    height: int
    res: float = 10.0

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        r = self.res
        return (self.x_min, self.y_max - self.height * r, self.x_min + self.width * r, self.y_max)

    @property
    def geotransform(self) -> tuple[float, ...]:
        return (self.x_min, self.res, 0.0, self.y_max, 0.0, -self.res)


def transform_bounds(
    bbox: tuple[float, float, float, float], src: str, dst_wkt: str
) -> tuple[float, float, float, float]:
    """A bbox in ``src`` (e.g. 'EPSG:4326', lon/lat order) as bounds in ``dst_wkt``."""
    ct = transformer(srs_from_user_input(src), srs_from_user_input(dst_wkt))
    with gdal_exceptions():
        return tuple(ct.TransformBounds(*bbox, 21))  # type: ignore[return-value]


def grid_for_bbox(
    bbox: tuple[float, float, float, float],
    bbox_crs: str,
    crs_wkt: str,
    res: float = 10.0,
    origin: tuple[float, float] = (0.0, 0.0),
) -> Grid:
    """The grid covering the bbox, snapped outward to ``res`` multiples from ``origin``
    (Sentinel-2 tiles lie on whole 10 m multiples, so 10 m bands are copied unresampled)."""
    x0, y0, x1, y1 = transform_bounds(bbox, bbox_crs, crs_wkt)
    ox, oy = origin
    x_min = ox + math.floor(round((x0 - ox) / res, 6)) * res
    x_max = ox + math.ceil(round((x1 - ox) / res, 6)) * res
    y_min = oy + math.floor(round((y0 - oy) / res, 6)) * res
    y_max = oy + math.ceil(round((y1 - oy) / res, 6)) * res
    width, height = round((x_max - x_min) / res), round((y_max - y_min) / res)
    if width < 1 or height < 1:
        raise ValueError(f"the area {bbox} is empty")
    return Grid(srs_from_user_input(crs_wkt).ExportToWkt(), x_min, y_max, width, height, res)


def crop_grid(grid: Grid, bbox: tuple[float, float, float, float], bbox_crs: str) -> Grid:
    """The part of ``grid`` inside the bbox, on the same pixels."""
    inner = grid_for_bbox(bbox, bbox_crs, grid.crs_wkt, grid.res, (grid.x_min, grid.y_max))
    gx0, gy0, gx1, gy1 = grid.bounds
    ix0, iy0, ix1, iy1 = inner.bounds
    x0, y0, x1, y1 = max(gx0, ix0), max(gy0, iy0), min(gx1, ix1), min(gy1, iy1)
    if x1 <= x0 or y1 <= y0:
        raise S2AccessError("The area does not overlap the product.")
    width, height = round((x1 - x0) / grid.res), round((y1 - y0) / grid.res)
    return Grid(grid.crs_wkt, x0, y1, width, height, grid.res)
