"""Sentinel-2 from STAC catalogues and local products, as QgsTasks.

``S2SearchParams`` → ``S2SearchTask`` (``verite_core.s2access.search``, then the quicklooks
through ``QgsNetworkAccessManager`` so QGIS's proxy settings apply) → ``S2SearchSuccess``.
``S2StackParams`` → ``S2StackTask`` (``build_stack``: windowed reads of the needed bands,
progress and cancel) → ``S2StackSuccess``; ``open_local`` stacks a SAFE or THEIA product
(``open_safe_as_stack`` / ``open_theia_as_stack``). The stack is a 10 m GeoTIFF with band
names, ready for the model; ``stack_layer`` shows it in natural colours (B04/B03/B02).

The Processing algorithms (``processing/s2_algorithms.py``) reuse the helpers here: error
translation, footprint fields and features, the RGB renderer.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from qgis.core import (
    QgsBlockingNetworkRequest,
    QgsContrastEnhancement,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsMultiBandColorRenderer,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt, QUrl, QVariant
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from .cancel_watch import cancel_watch
from .dependencies import MissingDependencies, Requirement, check_dependencies
from .errors import Canceled, NetworkError, VtError
from .i18n import tr
from .task_base import VtTask

#: What the STAC search needs beyond QGIS (GDAL and numpy come with it).
S2_REQUIREMENTS = (Requirement("pystac_client", "pystac-client"),)
#: The bands of a stack by default: those the models read (10 m and 20 m bands).
DEFAULT_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
LEVELS = ("L2A", "L1C")
COMPOSITES = ("none", "median")
QUICKLOOK_MAX_BYTES = 4 * 1024 * 1024
#: Natural colours: reflectance 0..0.3 stretched over the display range.
RGB_BANDS = ("B04", "B03", "B02")
RGB_MAX_REFLECTANCE_DN = 3000


class S2AccessFailed(VtError):
    """A catalogue or product problem reported by ``verite_core.s2access``."""


class NoScene(VtError):
    level = "warning"


def require_s2_packages() -> None:
    """MissingDependencies when pystac-client does not import in QGIS's Python."""
    report = check_dependencies(S2_REQUIREMENTS)
    if not report.ok:
        raise MissingDependencies(report)


def s2_error(exc: BaseException) -> VtError:
    """The plugin error for an ``s2access`` error (its message for people, its details)."""
    from verite_core.s2access import errors

    message = str(getattr(exc, "message", "") or exc)
    details = [line for line in str(getattr(exc, "details", "") or "").splitlines() if line]
    if isinstance(exc, errors.Canceled):
        return Canceled(tr("Canceled"))
    if isinstance(exc, errors.NoSceneFound):
        return NoScene(message, details)
    if isinstance(exc, errors.AuthenticationRefused):
        hint = tr("Copernicus Data Space needs an account: choose its authentication.")
        return S2AccessFailed(message, [*details, hint])
    if isinstance(exc, errors.CatalogUnavailable | errors.DownloadInterrupted):
        return NetworkError(message, details)
    return S2AccessFailed(message, details)


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """A lon/lat box (min x, min y, max x, max y); VtError when it is not one."""
    try:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise VtError(tr("The area must be four numbers")) from None
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise VtError(tr("The area must be a non-empty longitude/latitude box"), [str(tuple(bbox))])
    return (minx, miny, maxx, maxy)


def check_dates(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise VtError(tr("The end date is before the start date"))
    if start < dt.date(2015, 6, 23):
        raise VtError(tr("Sentinel-2 data start on 2015-06-23"))


# ----------------------------------------------------------------------------- credentials


@dataclass(frozen=True)
class Credentials:
    """A bearer token, or an account (Copernicus Data Space) turned into one when used."""

    token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    def resolve(self, catalog: Any) -> str | None:
        """The token to send (worker thread: an account is exchanged on the network)."""
        if self.token or not (self.username and self.password):
            return self.token or None
        from verite_core.s2access.catalogs import CDSE_TOKEN_URL, fetch_cdse_token

        return fetch_cdse_token(
            self.username, self.password, getattr(catalog, "token_url", None) or CDSE_TOKEN_URL
        )


def credentials_from_auth_config(config_id: str) -> Credentials:
    """From a QGIS authentication configuration (main thread): a "Basic" one saved by the
    plugin holds a token as its password; any other user name is an account."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    from .auth import TOKEN_USER

    if not config_id:
        return Credentials()
    cfg = QgsAuthMethodConfig()
    if not QgsApplication.authManager().loadAuthenticationConfig(config_id, cfg, True):
        raise VtError(
            tr("The authentication configuration {id} cannot be read").format(id=config_id),
            [tr("Unlock the QGIS authentication database (master password) and retry.")],
        )
    user, password = cfg.config("username") or "", cfg.config("password") or ""
    if not password:
        raise VtError(
            tr("The authentication configuration {id} has no password or token").format(
                id=config_id
            )
        )
    if not user or user == TOKEN_USER:
        return Credentials(token=password)
    return Credentials(username=user, password=password)


# ----------------------------------------------------------------------------- search


@dataclass(frozen=True)
class S2SearchParams:
    catalog: str  # preset id (earth-search, cdse, planetary-computer) or STAC API URL
    bbox: tuple[float, float, float, float]  # lon/lat
    start: dt.date
    end: dt.date
    max_cloud: float = 30.0
    level: str = "L2A"
    limit: int = 50
    rank_by_area: bool = True  # cloud over the area from the SCL band (reads a small window)
    quicklooks: int = 12  # quicklooks fetched for the first scenes (0: none)
    credentials: Credentials = field(default_factory=Credentials)


@dataclass(frozen=True)
class S2SearchSuccess:
    params: S2SearchParams
    catalog_url: str
    scenes: tuple[Any, ...]  # verite_core.s2access.Scene, best first
    quicklooks: dict[str, bytes] = field(default_factory=dict, repr=False)  # scene id → image


class S2SearchTask(VtTask):
    """Searches the catalogue, then fetches the first quicklooks."""

    def __init__(self, params: S2SearchParams, on_done: Callable[[Any], None]):
        super().__init__(tr("Searching Sentinel-2 scenes"), on_done)
        self.params = params
        self.token: str | None = None

    def work(self) -> S2SearchSuccess:
        p = self.params
        check_bbox(p.bbox)
        check_dates(p.start, p.end)
        require_s2_packages()
        from verite_core.s2access import catalogs, errors
        from verite_core.s2access.search import SearchQuery, search

        try:
            catalog = catalogs.catalog(p.catalog)
        except ValueError as exc:
            raise VtError(
                tr("Unknown catalogue {name}").format(name=p.catalog), [str(exc)]
            ) from None
        try:
            query = SearchQuery(p.bbox, p.start, p.end, float(p.max_cloud), p.level, int(p.limit))
        except ValueError as exc:
            raise VtError(tr("The search is not valid"), [str(exc)]) from None
        try:
            self.token = p.credentials.resolve(catalog)
            scenes = search(
                catalog, query, self.token, rank_by_area=p.rank_by_area, is_canceled=self.isCanceled
            )
        except errors.S2AccessError as exc:
            self._check_canceled()
            raise s2_error(exc) from None
        self._check_canceled()
        if not scenes:
            raise NoScene(
                tr("No Sentinel-2 scene matches: widen the dates or raise the cloud limit")
            )
        self.setProgress(60)
        quicklooks = self._quicklooks(scenes[: max(0, p.quicklooks)], catalog.url)
        return S2SearchSuccess(p, catalog.url, tuple(scenes), quicklooks)

    def _quicklooks(self, scenes: Sequence[Any], catalog_url: str) -> dict[str, bytes]:
        """Thumbnails by scene id; one that fails is left out (a quicklook is optional)."""
        found: dict[str, bytes] = {}
        for i, scene in enumerate(scenes):
            self._check_canceled()
            url = scene.quicklook_url
            if url and url.startswith(("http://", "https://")):
                data = fetch_bytes(url, self.feedback, self._auth_header(url, catalog_url))
                if data:
                    found[scene.id] = data
            self.setProgress(60 + 40 * (i + 1) / max(1, len(scenes)))
        return found

    def _auth_header(self, url: str, catalog_url: str) -> str | None:
        """The token goes only to the catalogue's own host."""
        if self.token and urlsplit(url).netloc == urlsplit(catalog_url).netloc:
            return f"Bearer {self.token}"
        return None


def fetch_bytes(url: str, feedback=None, authorization: str | None = None) -> bytes | None:
    """GET through QGIS's network manager (proxy, SSL settings); None on any failure."""
    request = QNetworkRequest(QUrl(url))
    if authorization:
        request.setRawHeader(b"Authorization", authorization.encode())
    blocking = QgsBlockingNetworkRequest()  # what QgsNetworkAccessManager.blockingGet does
    try:
        with cancel_watch(feedback, blocking):
            blocking.get(request, False, feedback)
    except Canceled:
        return None
    if feedback is not None and feedback.isCanceled():
        return None
    reply = blocking.reply()
    if reply.error() != QNetworkReply.NoError:
        return None
    data = bytes(reply.content())
    return data if 0 < len(data) <= QUICKLOOK_MAX_BYTES else None


# ----------------------------------------------------------------------------- stack


@dataclass(frozen=True)
class S2StackParams:
    scenes: tuple[Any, ...]  # from a search, best first: "none" uses the first only
    bbox: tuple[float, float, float, float]  # lon/lat
    output: str  # GeoTIFF
    bands: tuple[str, ...] = DEFAULT_BANDS
    composite: str = "none"  # none | median
    mask_clouds: bool = True
    cache_dir: str | None = None
    catalog: str = ""  # where the scenes were found (for its token endpoint)
    credentials: Credentials = field(default_factory=Credentials)  # to read the assets


@dataclass(frozen=True)
class S2StackSuccess:
    path: str
    level: str
    product_ids: tuple[str, ...]
    dates: tuple[str, ...]
    offset_dn: int
    composite: str


class S2StackTask(VtTask):
    """Builds the stack (atomic: nothing left behind when canceled or failed)."""

    def __init__(self, params: S2StackParams, on_done: Callable[[Any], None]):
        super().__init__(
            tr("Building Sentinel-2 stack {name}").format(name=os.path.basename(params.output)),
            on_done,
        )
        self.params = params

    def work(self) -> S2StackSuccess:
        p = self.params
        if not p.scenes:
            raise VtError(tr("Choose at least one scene"))
        if p.composite not in COMPOSITES:
            raise VtError(tr("Unknown composite {name}").format(name=p.composite))
        if not p.output:
            raise VtError(tr("Choose an output file"))
        check_bbox(p.bbox)
        require_s2_packages()
        from verite_core.s2access import catalogs, errors
        from verite_core.s2access.stack import StackRequest, build_stack

        scenes = list(p.scenes[:1] if p.composite == "none" else p.scenes)
        request = StackRequest(
            bbox=p.bbox, bands=tuple(p.bands), composite=p.composite, mask_clouds=p.mask_clouds
        )
        folder = os.path.dirname(os.path.abspath(p.output))
        try:
            catalog = catalogs.catalog(p.catalog) if p.catalog else None
            token = p.credentials.resolve(catalog)
            os.makedirs(folder, exist_ok=True)
            path = build_stack(
                scenes,
                request,
                p.output,
                cache_dir=p.cache_dir,
                progress=self._fraction_progress,
                is_canceled=self.isCanceled,
                token=token,
            )
        except errors.S2AccessError as exc:
            self._check_canceled()
            raise s2_error(exc) from None
        except OSError as exc:
            raise VtError(
                tr("The stack could not be written to {path}").format(path=p.output), [str(exc)]
            ) from None
        self._check_canceled()
        return stack_success(path)

    def _fraction_progress(self, value: float, *_: Any) -> None:
        self.setProgress(100 * max(0.0, min(1.0, float(value))))


def stack_success(path: str) -> S2StackSuccess:
    """What the stack's metadata says (``S2_*`` items written by ``s2access``)."""
    from osgeo import gdal

    ds = gdal.Open(path)
    if ds is None:
        raise VtError(tr("The stack {path} cannot be read").format(path=path))
    meta = ds.GetMetadata() or {}
    ds = None

    def items(key: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in str(meta.get(key, "")).split(",") if v.strip())

    try:
        offset = int(meta.get("S2_OFFSET_DN") or 0)
    except ValueError:
        offset = 0
    return S2StackSuccess(
        path=path,
        level=str(meta.get("S2_LEVEL", "")),
        product_ids=items("S2_PRODUCT_IDS"),
        dates=items("S2_DATES"),
        offset_dn=offset,
        composite=str(meta.get("S2_COMPOSITE", "none")),
    )


# ----------------------------------------------------------------------------- local


@dataclass(frozen=True)
class S2LocalParams:
    kind: str  # safe | theia
    path: str  # SAFE folder or .zip (or its MTD xml); THEIA folder or .zip
    output: str
    bands: tuple[str, ...] = DEFAULT_BANDS
    mask_clouds: bool = True
    bbox: tuple[float, float, float, float] | None = None  # lon/lat


def open_local(
    p: S2LocalParams,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> str:
    """Build the stack of a local product (worker thread or Processing); VtError on failure."""
    from verite_core.s2access import errors
    from verite_core.s2access.local import open_safe_as_stack, open_theia_as_stack

    path = p.path
    if path.lower().endswith(".xml"):
        path = os.path.dirname(path)
    if not os.path.exists(path):
        raise VtError(tr("{path} does not exist").format(path=p.path))
    if p.kind not in ("safe", "theia"):
        raise VtError(tr("Unknown product kind {kind}").format(kind=p.kind))
    opener = open_safe_as_stack if p.kind == "safe" else open_theia_as_stack
    os.makedirs(os.path.dirname(os.path.abspath(p.output)), exist_ok=True)
    try:
        return opener(
            path,
            p.output,
            bands=tuple(p.bands),
            mask_clouds=p.mask_clouds,
            bbox=p.bbox,
            progress=progress,
            is_canceled=is_canceled,
        )
    except errors.S2AccessError as exc:
        raise s2_error(exc) from None
    except (OSError, ValueError, RuntimeError) as exc:  # not a product, GDAL refusing it
        raise VtError(
            tr("{path} cannot be read as a Sentinel-2 product").format(path=p.path),
            [f"{type(exc).__name__}: {exc}"],
        ) from None


# ----------------------------------------------------------------------------- map helpers


def scene_fields() -> QgsFields:
    """Attributes of a footprint: what the dialog's table and Processing's output show."""
    fields = QgsFields()
    for name, kind in (
        ("id", QVariant.String),
        ("datetime", QVariant.String),
        ("date", QVariant.String),
        ("level", QVariant.String),
        ("cloud", QVariant.Double),
        ("area_cloud", QVariant.Double),
        ("baseline", QVariant.String),
        ("quicklook", QVariant.String),
        ("rank", QVariant.Int),
    ):
        fields.append(QgsField(name, kind))
    return fields


def scene_feature(scene: Any, fields: QgsFields, rank: int) -> QgsFeature:
    """A footprint feature (lon/lat, multipolygon) with ``scene_fields`` attributes."""
    feature = QgsFeature(fields)
    geometry = QgsGeometry.fromWkt(scene.footprint_wkt or "")
    if not geometry.isNull():
        geometry.convertToMultiType()
        feature.setGeometry(geometry)
    when = scene.datetime
    feature.setAttributes(
        [
            scene.id,
            when.isoformat(),
            when.date().isoformat(),
            scene.level,
            _number(scene.cloud_cover),
            _number(scene.area_cloud_cover),
            scene.processing_baseline,
            scene.quicklook_url,
            rank,
        ]
    )
    return feature


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def footprints_layer(scenes: Sequence[Any], name: str) -> QgsVectorLayer:
    """A memory layer of the scenes' footprints (best first, attribute ``rank``)."""
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", name, "memory")
    provider = layer.dataProvider()
    fields = scene_fields()
    provider.addAttributes(fields.toList())
    layer.updateFields()
    provider.addFeatures([scene_feature(s, layer.fields(), i + 1) for i, s in enumerate(scenes)])
    layer.updateExtents()
    symbol = layer.renderer().symbol() if layer.renderer() is not None else None
    if symbol is not None:
        symbol.setOpacity(0.6)
        symbol.symbolLayer(0).setBrushStyle(Qt.NoBrush)  # outlines only
    return layer


def band_indices(path: str) -> dict[str, int]:
    """Band name (from the band descriptions) → 1-based band index."""
    from osgeo import gdal

    ds = gdal.Open(path)
    if ds is None:
        return {}
    found = {
        (ds.GetRasterBand(i).GetDescription() or "").upper(): i
        for i in range(1, ds.RasterCount + 1)
    }
    return {k: v for k, v in found.items() if k}


def stack_layer(path: str, name: str | None = None) -> QgsRasterLayer:
    """The stack as a layer in natural colours (B04/B03/B02, reflectance 0-0.3)."""
    layer = QgsRasterLayer(path, name or os.path.splitext(os.path.basename(path))[0], "gdal")
    if not layer.isValid():
        raise VtError(tr("QGIS cannot open {path}").format(path=path))
    indices = band_indices(path)
    if all(b in indices for b in RGB_BANDS):
        offset = stack_success(path).offset_dn
        provider = layer.dataProvider()
        red, green, blue = (indices[b] for b in RGB_BANDS)
        renderer = QgsMultiBandColorRenderer(provider, red, green, blue)
        low, high = -offset, -offset + RGB_MAX_REFLECTANCE_DN
        for band, setter in (
            (red, renderer.setRedContrastEnhancement),
            (green, renderer.setGreenContrastEnhancement),
            (blue, renderer.setBlueContrastEnhancement),
        ):
            enhancement = QgsContrastEnhancement(provider.dataType(band))
            enhancement.setContrastEnhancementAlgorithm(
                QgsContrastEnhancement.StretchToMinimumMaximum
            )
            enhancement.setMinimumValue(max(0, low))
            enhancement.setMaximumValue(high)
            setter(enhancement)
        layer.setRenderer(renderer)
    return layer


def default_stack_name(scenes: Sequence[Any], composite: str) -> str:
    """``S2_L2A_20240612`` or ``S2_L2A_median_20240601-20240630``: a file-name stem."""
    if not scenes:
        return "S2_stack"
    level = scenes[0].level
    if composite == "none" or len(scenes) == 1:
        return f"S2_{level}_{scenes[0].datetime:%Y%m%d}"
    dates = sorted(s.datetime for s in scenes)
    return f"S2_{level}_{composite}_{dates[0]:%Y%m%d}-{dates[-1]:%Y%m%d}"
