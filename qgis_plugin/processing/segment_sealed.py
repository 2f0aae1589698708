"""``verite_terrain:segmentsealed``: run a segmentation model (ONNX, Vérité Terrain
metadata contract) on a Sentinel-2 image and write the class map (and the sealed
probability)."""

from __future__ import annotations

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..core.dependencies import MissingDependencies
from ..core.errors import VtError
from ..core.i18n import tr
from ..core.inference_tasks import (
    class_table,
    default_model_path,
    image_path_of_source,
    load_model,
    model_note,
    provider_label,
)
from .common import (
    VtAlgorithm,
    check_crs,
    engine_callbacks,
    raise_if_canceled,
    raster_path,
    remove_files,
    style_on_load,
    union_wkb,
)

#: OFFSET and LEVEL choices → ``open_image`` arguments (None: from the product).
OFFSETS = (None, 0, -1000)
LEVELS = (None, "L1C", "L2A")


def vt_exception(error: VtError) -> QgsProcessingException:
    """A Processing error with the plugin error's message and details."""
    return QgsProcessingException("\n".join([error.message, *error.details]))


class SegmentSealed(VtAlgorithm):
    INPUT = "INPUT"
    BAND_FILES = "BAND_FILES"
    PRODUCT = "PRODUCT"
    BAND_NAMES = "BAND_NAMES"
    MODEL = "MODEL"
    EXTENT = "EXTENT"
    MASK = "MASK"
    BATCH_SIZE = "BATCH_SIZE"
    OFFSET = "OFFSET"
    LEVEL = "LEVEL"
    OUTPUT_CLASSES = "OUTPUT_CLASSES"
    OUTPUT_PROBABILITY = "OUTPUT_PROBABILITY"

    def name(self) -> str:
        return "segmentsealed"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Segment sealed surfaces")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Runs a Vérité Terrain segmentation model (an ONNX file carrying its bands, "
            "scaling and classes) on a Sentinel-2 image and writes a class map with the "
            "model's colours, and optionally the probability of the sealed class "
            "(0-250, 250 = certain). The image is one of: a multi-band raster whose bands "
            "are named B02, B03... (or named in the advanced parameters), per-band files, or a "
            "Sentinel-2 SAFE product (folder, zip or its MTD xml file). Reflectance offsets "
            "follow the product's processing baseline unless set. The extent and the mask "
            "polygons limit the area mapped (outside the mask: no data). Needs onnxruntime: "
            "Plugins › Vérité Terrain › Check model dependencies. Read the model card's note "
            "in the log: the shipped model is a proxy trained on pseudo-labels."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(
            QgsProcessingParameterRasterLayer(
                self.INPUT, tr("Sentinel-2 image (bands named B02, B03…)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                self.BAND_FILES,
                tr("Or: one file per band (names containing B02, B8A…)"),
                QgsProcessing.TypeRaster,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PRODUCT,
                tr("Or: Sentinel-2 product (SAFE folder, .zip or MTD_MSI*.xml)"),
                QgsProcessingParameterFile.File,
                optional=True,
                fileFilter=tr("Sentinel-2 products (*.zip *.xml);;All files (*.*)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.MODEL,
                tr("Model (ONNX)"),
                QgsProcessingParameterFile.File,
                extension="onnx",
                defaultValue=default_model_path() or None,
                optional=True,  # left out: the shipped model (3.22 checks no default)
            )
        )
        self.addParameter(
            QgsProcessingParameterExtent(self.EXTENT, tr("Only this extent"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.MASK,
                tr("Only inside these polygons"),
                [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BATCH_SIZE,
                tr("Tiles per batch"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=4,
                minValue=1,
                maxValue=64,
            )
        )
        advanced = [
            QgsProcessingParameterString(
                self.BAND_NAMES,
                tr("Band names in the raster's band order (when its bands are not named)"),
                optional=True,
            ),
            QgsProcessingParameterEnum(
                self.OFFSET,
                tr("Reflectance offset of the DN"),
                options=[
                    tr("From the product (processing baseline or metadata)"),
                    tr("0 (baseline before 04.00, before 2022-01-25)"),
                    tr("-1000 (baseline 04.00 or later)"),
                ],
                defaultValue=0,
                optional=True,
            ),
            QgsProcessingParameterEnum(
                self.LEVEL,
                tr("Product level"),
                options=[
                    tr("From the product (name or metadata)"),
                    tr("L1C (top of atmosphere)"),
                    tr("L2A (surface reflectance)"),
                ],
                defaultValue=0,
                optional=True,
            ),
        ]
        for parameter in advanced:
            parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_CLASSES, tr("Class map"))
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(
                self.OUTPUT_PROBABILITY,
                tr("Sealed probability"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputString("EXECUTION_PROVIDER", tr("Execution provider")))
        self.addOutput(QgsProcessingOutputString("MODEL_NOTE", tr("Model card note")))
        self.addOutput(QgsProcessingOutputNumber("TILES", tr("Tiles processed")))

    # ------------------------------------------------------------------ inputs

    def _given(self, parameters, name: str) -> bool:
        value = parameters.get(name)
        return value not in (None, "", [])

    def checkParameterValues(self, parameters, context):  # noqa: N802 - QGIS API
        given = [
            n for n in (self.INPUT, self.BAND_FILES, self.PRODUCT) if self._given(parameters, n)
        ]
        if len(given) != 1:
            return False, tr(
                "Give exactly one image: a raster layer, per-band files or a Sentinel-2 product"
            )
        return super().checkParameterValues(parameters, context)

    def _image(self, parameters, context) -> str | list[str]:
        if self._given(parameters, self.INPUT):
            layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
            raster_path(layer, tr("Sentinel-2 image"))  # a GDAL raster, or an error
            return image_path_of_source(layer.source())
        if self._given(parameters, self.BAND_FILES):
            layers = self.parameterAsLayerList(parameters, self.BAND_FILES, context)
            return [raster_path(layer, tr("Band files")) for layer in layers]
        path = self.parameterAsFile(parameters, self.PRODUCT, context)
        if os.path.basename(path).upper().startswith("MTD_MSI") and path.lower().endswith(".xml"):
            path = os.path.dirname(path)
        if not os.path.exists(path):
            raise QgsProcessingException(tr("{path} does not exist").format(path=path))
        return path

    def _band_map(self, parameters, context) -> dict[str, int] | None:
        text = self.parameterAsString(parameters, self.BAND_NAMES, context).strip()
        if not text:
            return None
        names = [n.strip().upper() for n in text.replace(";", ",").split(",") if n.strip()]
        return {name: i + 1 for i, name in enumerate(names) if name not in ("", "-", "_")}

    # ------------------------------------------------------------------ run

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        try:
            path = self.parameterAsFile(parameters, self.MODEL, context) or default_model_path()
            if not path:
                raise QgsProcessingException(tr("No model: choose an ONNX model file"))
            model = load_model(path)
        except MissingDependencies as exc:
            raise QgsProcessingException(
                "\n".join(
                    [
                        exc.message,
                        tr("Install it with Plugins › Vérité Terrain › Check model dependencies."),
                        *exc.details,
                    ]
                )
            ) from None
        except VtError as exc:
            raise vt_exception(exc) from None
        from verite_core.inference import RunOptions, check_image, open_image, run

        info = model.info
        note = model_note(info)
        feedback.pushInfo(
            tr("Model: {name} {version}").format(name=info.name, version=info.version)
        )
        if note:
            feedback.pushWarning(note)
        image_input = self._image(parameters, context)
        offset = OFFSETS[self.parameterAsEnum(parameters, self.OFFSET, context)]
        level = LEVELS[self.parameterAsEnum(parameters, self.LEVEL, context)]
        try:
            image = open_image(
                image_input,
                band_map=self._band_map(parameters, context),
                level=level,
                offset_dn=offset,
            )
            warnings = check_image(info, image)
        except ValueError as exc:  # SourceError: missing bands, unreadable files
            raise QgsProcessingException(
                tr("The image cannot be used with this model: {error}").format(error=exc)
            ) from None
        for warning in warnings:
            feedback.pushWarning(warning)
        crs = QgsCoordinateReferenceSystem.fromWkt(image.crs_wkt)
        check_crs(crs, tr("The image"))
        extent = None
        if self._given(parameters, self.EXTENT):
            rect = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
            if not rect.isNull() and not rect.isEmpty():
                extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
        mask = None
        mask_source = self.parameterAsSource(parameters, self.MASK, context)
        if mask_source is not None:
            mask = union_wkb(mask_source, crs, context, feedback)
        raise_if_canceled(feedback)
        classes_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_CLASSES, context)
        probability_path = (
            self.parameterAsOutputLayer(parameters, self.OUTPUT_PROBABILITY, context) or None
        )
        for path in (classes_path, probability_path):
            if path and not path.lower().endswith((".tif", ".tiff")):
                raise QgsProcessingException(
                    tr("Outputs are GeoTIFF files: {path} must end with .tif").format(path=path)
                )
        progress, is_canceled = engine_callbacks(feedback)
        try:
            options = RunOptions(
                output_classes=classes_path,
                output_probability=probability_path,
                extent=extent,
                mask_wkb=mask,
                batch_size=self.parameterAsInt(parameters, self.BATCH_SIZE, context),
            )
            result = run(model, image, options, progress=progress, is_canceled=is_canceled)
        except Exception as exc:
            if feedback.isCanceled():
                remove_files(classes_path, probability_path)
                raise QgsProcessingException(tr("Canceled")) from None
            if isinstance(exc, ValueError):
                raise QgsProcessingException(
                    tr("The model could not run on this image: {error}").format(error=exc)
                ) from None
            raise
        if feedback.isCanceled():
            remove_files(classes_path, probability_path)
            raise QgsProcessingException(tr("Canceled"))
        label = provider_label(result.providers)
        feedback.pushInfo(
            tr("{tiles} tile(s), {width} x {height} px in {seconds:.1f} s on {provider}").format(
                tiles=result.tiles,
                width=result.width,
                height=result.height,
                seconds=result.seconds,
                provider=label,
            )
        )
        style_on_load(context, result.output_classes, class_table(info.classes))
        return {
            self.OUTPUT_CLASSES: result.output_classes,
            self.OUTPUT_PROBABILITY: result.output_probability,
            "EXECUTION_PROVIDER": label,
            "MODEL_NOTE": note,
            "TILES": result.tiles,
        }
