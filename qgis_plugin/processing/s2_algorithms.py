"""Sentinel-2 access as Processing algorithms (group "Sentinel-2"), for batch runs and
models: search a STAC catalogue (footprints), build a stack from it, and open a local SAFE
or THEIA product as a stack. The provider adds ``s2_algorithms()``.

The work is the plugin's (``core/s2_tasks.py``, itself ``verite_core.s2access``); these
classes only turn parameters into its inputs and errors into ``QgsProcessingException``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime

from ..core.errors import VtError
from ..core.i18n import tr
from ..core.s2_tasks import (
    COMPOSITES,
    DEFAULT_BANDS,
    LEVELS,
    Credentials,
    S2LocalParams,
    check_bbox,
    check_dates,
    credentials_from_auth_config,
    open_local,
    require_s2_packages,
    s2_error,
    scene_feature,
    scene_fields,
    stack_success,
)
from .common import VtAlgorithm, engine_callbacks, raise_if_canceled, remove_files

#: Catalogue choices: the presets of ``verite_core.s2access.catalogs`` then "URL below".
CATALOG_IDS = ("earth-search", "cdse", "planetary-computer")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def vt_exception(error: VtError) -> QgsProcessingException:
    return QgsProcessingException("\n".join([error.message, *error.details]))


def parse_bands(text: Any) -> tuple[str, ...]:
    """``"B02,B03 B04"`` → band names (default: the ten 10 m and 20 m bands)."""
    from verite_core.sentinel2 import check_band_names

    parts = [p for p in str(text or "").replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts:
        return DEFAULT_BANDS
    try:
        return check_band_names(parts)
    except ValueError as exc:
        raise QgsProcessingException(str(exc)) from None


class S2Algorithm(VtAlgorithm):
    """Group and the catalogue/area/date parameters the STAC algorithms share."""

    EXTENT = "EXTENT"
    START = "START"
    END = "END"
    MAX_CLOUD = "MAX_CLOUD"
    LEVEL = "LEVEL"
    CATALOG = "CATALOG"
    CATALOG_URL = "CATALOG_URL"
    AUTH = "AUTH"
    TOKEN = "TOKEN"
    LIMIT = "LIMIT"

    def group(self) -> str:
        return tr("Sentinel-2")

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return "sentinel2"

    def add_search_parameters(self) -> None:
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, tr("Area")))
        today = QDate.currentDate()
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.START,
                tr("From"),
                QgsProcessingParameterDateTime.Date,
                defaultValue=today.addDays(-30),
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.END, tr("To"), QgsProcessingParameterDateTime.Date, defaultValue=today
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_CLOUD,
                tr("Maximum cloud cover of a scene (%)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=30.0,
                minValue=0.0,
                maxValue=100.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.LEVEL, tr("Level"), options=list(LEVELS), defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.CATALOG,
                tr("Catalogue"),
                options=[
                    tr("Earth Search (Element 84, AWS)"),
                    tr("Copernicus Data Space Ecosystem (token)"),
                    tr("Microsoft Planetary Computer"),
                    tr("Another STAC API (URL below)"),
                ],
                defaultValue=0,
            )
        )
        advanced = [
            QgsProcessingParameterString(
                self.CATALOG_URL, tr("STAC API URL (for another catalogue)"), optional=True
            ),
            QgsProcessingParameterAuthConfig(
                self.AUTH,
                tr("Token or account from the QGIS authentication database"),
                optional=True,
            ),
            QgsProcessingParameterString(self.TOKEN, tr("Or: token"), optional=True),
            QgsProcessingParameterNumber(
                self.LIMIT,
                tr("Scenes at most"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=50,
                minValue=1,
                maxValue=500,
            ),
        ]
        for parameter in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)

    # ------------------------------------------------------------------ inputs

    def catalog_of(self, parameters, context) -> str:
        choice = self.parameterAsEnum(parameters, self.CATALOG, context)
        if choice < len(CATALOG_IDS):
            return CATALOG_IDS[choice]
        url = self.parameterAsString(parameters, self.CATALOG_URL, context).strip()
        if not url.startswith(("http://", "https://")):
            raise QgsProcessingException(tr("Give the STAC API URL (http:// or https://)"))
        return url

    def credentials_of(self, parameters, context) -> Credentials:
        token = self.parameterAsString(parameters, self.TOKEN, context).strip()
        if token:
            return Credentials(token=token)
        config_id = self.parameterAsString(parameters, self.AUTH, context)
        try:
            return credentials_from_auth_config(config_id)
        except VtError as exc:
            raise vt_exception(exc) from None

    def bbox_of(self, parameters, context) -> tuple[float, float, float, float]:
        rect = self.parameterAsExtent(parameters, self.EXTENT, context, WGS84)
        try:
            return check_bbox((rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum()))
        except VtError as exc:
            raise vt_exception(exc) from None

    def dates_of(self, parameters, context) -> tuple[dt.date, dt.date]:
        def day(name: str) -> dt.date:
            value = self.parameterAsDateTime(parameters, name, context)
            if not isinstance(value, QDateTime) or not value.isValid():
                raise QgsProcessingException(tr("A date is missing"))
            d = value.date()
            return dt.date(d.year(), d.month(), d.day())

        start, end = day(self.START), day(self.END)
        try:
            check_dates(start, end)
        except VtError as exc:
            raise vt_exception(exc) from None
        return start, end

    def search(self, parameters, context, feedback, rank_by_area: bool) -> tuple[list, str | None]:
        """(scenes best first, the token used); QgsProcessingException on failure."""
        try:
            require_s2_packages()
        except VtError as exc:
            raise vt_exception(exc) from None
        from verite_core.s2access import catalogs, errors
        from verite_core.s2access.search import SearchQuery, search

        start, end = self.dates_of(parameters, context)
        query = SearchQuery(
            self.bbox_of(parameters, context),
            start,
            end,
            self.parameterAsDouble(parameters, self.MAX_CLOUD, context),
            LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)],
            self.parameterAsInt(parameters, self.LIMIT, context),
        )
        credentials = self.credentials_of(parameters, context)
        try:
            catalog = catalogs.catalog(self.catalog_of(parameters, context))
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from None
        token = None
        try:
            token = credentials.resolve(catalog)
            feedback.pushInfo(tr("Searching {url}").format(url=catalog.url))
            scenes = search(
                catalog, query, token, rank_by_area=rank_by_area, is_canceled=feedback.isCanceled
            )
        except errors.NoSceneFound:
            scenes = []
        except errors.S2AccessError as exc:
            raise_if_canceled(feedback)
            raise vt_exception(s2_error(exc)) from None
        raise_if_canceled(feedback)
        return list(scenes), token


class S2Search(S2Algorithm):
    OUTPUT = "OUTPUT"
    RANK_BY_AREA = "RANK_BY_AREA"

    def name(self) -> str:
        return "s2search"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Search Sentinel-2 scenes")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Searches a STAC catalogue for Sentinel-2 scenes over an area and a date range, "
            "under a cloud limit, and writes their footprints with id, date, level, scene "
            "cloud cover, cloud cover over the area (from the scene classification, when "
            "ranked by area), processing baseline and quicklook URL. Scenes are ranked best "
            "first (attribute rank). Copernicus Data Space needs a token."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.add_search_parameters()
        rank = QgsProcessingParameterBoolean(
            self.RANK_BY_AREA, tr("Rank by cloud cover over the area (reads a small window)"),
            defaultValue=False,
        )  # fmt: skip
        rank.setFlags(rank.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(rank)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Sentinel-2 footprints"), QgsProcessing.TypeVectorPolygon
            )
        )
        self.addOutput(QgsProcessingOutputNumber("COUNT", tr("Scenes found")))

    def processAlgorithm(self, parameters, context, feedback) -> dict[str, Any]:  # noqa: N802
        rank = self.parameterAsBoolean(parameters, self.RANK_BY_AREA, context)
        scenes, _ = self.search(parameters, context, feedback, rank_by_area=rank)
        fields = scene_fields()
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, WGS84
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for i, scene in enumerate(scenes):
            raise_if_canceled(feedback)
            sink.addFeature(scene_feature(scene, fields, i + 1), QgsFeatureSink.FastInsert)
            feedback.setProgress(100 * (i + 1) / max(1, len(scenes)))
        if not scenes:
            feedback.reportError(tr("No scene matches: widen the dates or raise the cloud limit"))
        return {self.OUTPUT: dest, "COUNT": len(scenes)}


class S2BuildStack(S2Algorithm):
    COMPOSITE = "COMPOSITE"
    MAX_SCENES = "MAX_SCENES"
    BANDS = "BANDS"
    MASK_CLOUDS = "MASK_CLOUDS"
    CACHE_DIR = "CACHE_DIR"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "s2buildstack"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Build a Sentinel-2 stack")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Searches a STAC catalogue like 'Search Sentinel-2 scenes', then writes a 10 m "
            "GeoTIFF of the area with one band per Sentinel-2 band (named B02, B03…), ready "
            "for the segmentation model: the best scene (composite none, ranked by cloud "
            "cover over the area) or the median of the best scenes. Only the needed window "
            "of each band is downloaded; clouds and their shadows (scene classification) "
            "become no data when masking is on."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.add_search_parameters()
        self.addParameter(
            QgsProcessingParameterEnum(
                self.COMPOSITE,
                tr("Composite"),
                options=[tr("none: the best scene"), tr("median of the best scenes")],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.MASK_CLOUDS, tr("Clouds and shadows as no data"), defaultValue=True
            )
        )
        advanced = [
            QgsProcessingParameterNumber(
                self.MAX_SCENES,
                tr("Scenes in a median at most"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=5,
                minValue=1,
                maxValue=50,
            ),
            QgsProcessingParameterString(
                self.BANDS, tr("Bands (default: B02…B12, ten bands)"), optional=True
            ),
            QgsProcessingParameterFile(
                self.CACHE_DIR,
                tr("Cache folder for downloaded windows"),
                QgsProcessingParameterFile.Folder,
                optional=True,
            ),
        ]
        for parameter in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Sentinel-2 stack"))
        )
        self.addOutput(QgsProcessingOutputString("PRODUCT_IDS", tr("Scenes used")))

    def processAlgorithm(self, parameters, context, feedback) -> dict[str, Any]:  # noqa: N802
        from verite_core.s2access import errors
        from verite_core.s2access.stack import StackRequest, build_stack

        composite = COMPOSITES[self.parameterAsEnum(parameters, self.COMPOSITE, context)]
        bands = parse_bands(self.parameterAsString(parameters, self.BANDS, context))
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        bbox = self.bbox_of(parameters, context)
        feedback.setProgress(1)
        scenes, token = self.search(parameters, context, feedback, rank_by_area=True)
        if not scenes:
            raise QgsProcessingException(
                tr("No Sentinel-2 scene matches: widen the dates or raise the cloud limit")
            )
        count = (
            1 if composite == "none" else self.parameterAsInt(parameters, self.MAX_SCENES, context)
        )
        chosen = scenes[:count]
        feedback.pushInfo(tr("Scenes: {ids}").format(ids=", ".join(s.id for s in chosen)))
        request = StackRequest(
            bbox=bbox,
            bands=bands,
            composite=composite,
            mask_clouds=self.parameterAsBoolean(parameters, self.MASK_CLOUDS, context),
        )
        progress, is_canceled = engine_callbacks(feedback, 10, 100)
        cache = self.parameterAsFile(parameters, self.CACHE_DIR, context) or None
        try:
            os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
            path = build_stack(
                chosen,
                request,
                output,
                cache_dir=cache,
                progress=progress,
                is_canceled=is_canceled,
                token=token,
            )
        except errors.S2AccessError as exc:
            remove_files(output)
            raise_if_canceled(feedback)
            raise vt_exception(s2_error(exc)) from None
        raise_if_canceled(feedback)
        success = stack_success(path)
        return {self.OUTPUT: path, "PRODUCT_IDS": ",".join(success.product_ids)}


class S2OpenLocal(S2Algorithm):
    """Base of the SAFE and THEIA openers (``KIND``)."""

    KIND = "safe"
    INPUT = "INPUT"
    FOLDER = "FOLDER"
    BANDS = "BANDS"
    MASK_CLOUDS = "MASK_CLOUDS"
    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.input_label(),
                QgsProcessingParameterFile.File,
                fileFilter=tr("Products (*.zip *.xml);;All files (*.*)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.FOLDER,
                tr("Or: the product folder"),
                QgsProcessingParameterFile.Folder,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterExtent(self.EXTENT, tr("Only this extent"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.MASK_CLOUDS, tr("Clouds and shadows as no data"), defaultValue=True
            )
        )
        bands = QgsProcessingParameterString(
            self.BANDS, tr("Bands (default: B02…B12, ten bands)"), optional=True
        )
        bands.setFlags(bands.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(bands)
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Sentinel-2 stack"))
        )

    def input_label(self) -> str:
        raise NotImplementedError

    def checkParameterValues(self, parameters, context):  # noqa: N802 - QGIS API
        given = [n for n in (self.INPUT, self.FOLDER) if parameters.get(n) not in (None, "")]
        if len(given) != 1:
            return False, tr("Give the product: its file (.zip or .xml) or its folder")
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback) -> dict[str, Any]:  # noqa: N802
        path = self.parameterAsFile(parameters, self.INPUT, context) or self.parameterAsFile(
            parameters, self.FOLDER, context
        )
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        bbox = None
        if parameters.get(self.EXTENT) not in (None, ""):
            bbox = self.bbox_of(parameters, context)
        params = S2LocalParams(
            kind=self.KIND,
            path=path,
            output=output,
            bands=parse_bands(self.parameterAsString(parameters, self.BANDS, context)),
            mask_clouds=self.parameterAsBoolean(parameters, self.MASK_CLOUDS, context),
            bbox=bbox,
        )
        progress, is_canceled = engine_callbacks(feedback)
        try:
            written = open_local(params, progress, is_canceled)
        except VtError as exc:
            remove_files(output)
            raise vt_exception(exc) from None
        feedback.setProgress(100)
        return {self.OUTPUT: written}


class S2OpenSafe(S2OpenLocal):
    KIND = "safe"

    def name(self) -> str:
        return "s2opensafe"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Open a Sentinel-2 SAFE product as a stack")

    def input_label(self) -> str:
        return tr("SAFE product (.zip, or the MTD_MSI*.xml of a .SAFE folder)")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Writes a 10 m stack (bands named B02, B03…, ready for the model) from a "
            "Sentinel-2 L1C or L2A product in SAFE format: its .zip, its .SAFE folder or the "
            "MTD_MSI*.xml inside. 20 m bands are resampled to 10 m; for L2A, the scene "
            "classification masks clouds and shadows. The DN offset of the product's "
            "processing baseline is recorded in the stack."
        )


class S2OpenTheia(S2OpenLocal):
    KIND = "theia"

    def name(self) -> str:
        return "s2opentheia"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Open a THEIA Sentinel-2 product as a stack")

    def input_label(self) -> str:
        return tr("THEIA L2A product (.zip, or the *_MTD_ALL.xml of its folder)")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Writes a 10 m stack (bands named B02, B03…, ready for the model) from a THEIA "
            "(MAJA) Sentinel-2 L2A product: its .zip, its folder or the *_MTD_ALL.xml inside. "
            "Surface reflectance (FRE) bands are used; the cloud mask (CLM) and the "
            "edge mask (EDG) turn clouds, shadows and product edges into no data."
        )


def s2_algorithms() -> list:
    """The Sentinel-2 algorithms, for the provider's ``loadAlgorithms``."""
    return [S2Search(), S2BuildStack(), S2OpenSafe(), S2OpenTheia()]
