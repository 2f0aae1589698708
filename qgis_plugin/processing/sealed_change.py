"""``verite_terrain:sealedchange``: where sealing was gained or lost between two rasters
(CLC+ Backbone 2018 and 2021, or a prediction and CLC+), as a raster and per polygon."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..core.i18n import tr
from .common import (
    VtAlgorithm,
    check_crs,
    crs_wkt,
    engine_callbacks,
    parse_values,
    raise_if_canceled,
    raster_path,
    remove_files,
    style_on_load,
    zones_in_crs,
)
from .sealed_share import added_fields


def change_classes() -> dict[int, tuple[str | None, str]]:
    """Codes of the change raster → (colour: the raster's own, label)."""
    return {
        0: (None, tr("Not sealed in both")),
        1: (None, tr("Gained: newly sealed")),
        2: (None, tr("Lost: no longer sealed")),
        3: (None, tr("Sealed in both")),
    }


class SealedChange(VtAlgorithm):
    BEFORE = "BEFORE"
    AFTER = "AFTER"
    SEALED_BEFORE = "SEALED_BEFORE"
    SEALED_AFTER = "SEALED_AFTER"
    IGNORE_VALUES = "IGNORE_VALUES"
    ZONES = "ZONES"
    OUTPUT_CHANGE = "OUTPUT_CHANGE"
    OUTPUT_ZONES = "OUTPUT_ZONES"
    FIELDS = ["gained_m2", "lost_m2", "stable_m2", "net_m2", "valid_m2"]

    def name(self) -> str:
        return "sealedchange"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Sealed change between two rasters")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "Compares two sealed or class rasters (CLC+ Backbone 2018 and 2021, or a "
            "prediction and CLC+) and writes a change raster: 0 not sealed in both, "
            "1 gained (newly sealed), 2 lost (no longer sealed), 3 sealed in both, "
            "255 no data. The second raster is resampled (nearest) to the first one's grid "
            "when they differ. With polygons, also gives each polygon's gained_m2, lost_m2, "
            "stable_m2 (sealed in both), net_m2 (gained - lost) and valid_m2, with exact "
            "pixel fractions at the edges."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterRasterLayer(self.BEFORE, tr("Before")))
        self.addParameter(QgsProcessingParameterRasterLayer(self.AFTER, tr("After")))
        self.addParameter(
            QgsProcessingParameterString(
                self.SEALED_BEFORE, tr("Values that are sealed before"), defaultValue="1"
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.SEALED_AFTER, tr("Values that are sealed after"), defaultValue="1"
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.IGNORE_VALUES,
                tr("Values that are not valid (no data)"),
                defaultValue="253,254,255",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.ZONES, tr("Polygons"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.OUTPUT_CHANGE, tr("Sealed change"))
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_ZONES,
                tr("Sealed change by polygon"),
                QgsProcessing.TypeVectorPolygon,
                optional=True,
                createByDefault=False,
            )
        )

    def _values(self, parameters, name: str, what: str, context) -> tuple[int, ...]:
        return parse_values(self.parameterAsString(parameters, name, context), what)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from verite_core.analytics import change_by_zone, change_raster

        before_layer = self.parameterAsRasterLayer(parameters, self.BEFORE, context)
        after_layer = self.parameterAsRasterLayer(parameters, self.AFTER, context)
        before = raster_path(before_layer, tr("Before"))
        after = raster_path(after_layer, tr("After"))
        check_crs(before_layer.crs(), tr("The raster before"))
        check_crs(after_layer.crs(), tr("The raster after"))
        values = {
            "sealed_values_before": self._values(
                parameters, self.SEALED_BEFORE, tr("Sealed values before"), context
            ),
            "sealed_values_after": self._values(
                parameters, self.SEALED_AFTER, tr("Sealed values after"), context
            ),
            "ignore_values": self._values(
                parameters, self.IGNORE_VALUES, tr("Ignored values"), context
            ),
        }
        if not values["sealed_values_before"] or not values["sealed_values_after"]:
            raise QgsProcessingException(tr("Give at least one sealed value for each raster"))
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT_CHANGE, context)
        if not output.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(
                tr("Outputs are GeoTIFF files: {path} must end with .tif").format(path=output)
            )
        zones_source = self.parameterAsSource(parameters, self.ZONES, context)
        wants_zones = parameters.get(self.OUTPUT_ZONES) not in (None, "")
        if wants_zones and zones_source is None:
            raise QgsProcessingException(tr("Sealed change by polygon needs polygons"))
        if zones_source is not None and not wants_zones:
            feedback.pushInfo(tr("Polygons given but no output by polygon asked for"))
            zones_source = None

        end = 50 if zones_source is not None else 100
        progress, is_canceled = engine_callbacks(feedback, 0, end)
        try:
            change_raster(
                before, after, output, **values, progress=progress, is_canceled=is_canceled
            )
        except Exception as exc:
            remove_files(output)
            raise_if_canceled(feedback)  # AnalyticsCanceled
            if isinstance(exc, ValueError):  # AnalyticsError
                raise QgsProcessingException(
                    tr("The sealed change cannot be computed: {error}").format(error=exc)
                ) from None
            raise
        if feedback.isCanceled():
            remove_files(output)
            raise_if_canceled(feedback)
        style_on_load(context, output, change_classes())
        results = {self.OUTPUT_CHANGE: output, self.OUTPUT_ZONES: None}
        feedback.setProgress(end)
        if zones_source is None:
            return results

        fields = QgsProcessingUtils.combineFields(zones_source.fields(), added_fields(self.FIELDS))
        sink, dest = self.parameterAsSink(
            parameters,
            self.OUTPUT_ZONES,
            context,
            fields,
            zones_source.wkbType(),
            zones_source.sourceCrs(),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_ZONES))
        features, zones = zones_in_crs(zones_source, before_layer.crs(), context, feedback)
        progress, is_canceled = engine_callbacks(feedback, 50, 95)
        try:
            found = change_by_zone(
                before,
                after,
                zones,
                crs_wkt(before_layer.crs()),
                **values,
                progress=progress,
                is_canceled=is_canceled,
            )
        except Exception as exc:
            raise_if_canceled(feedback)  # AnalyticsCanceled
            if isinstance(exc, ValueError):  # AnalyticsError
                raise QgsProcessingException(
                    tr("The sealed change cannot be computed: {error}").format(error=exc)
                ) from None
            raise
        summaries = {s.zone_id: s for s in found}
        extra = len(fields) - len(zones_source.fields())
        for position, feature in enumerate(features):
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            s = summaries.get(position)
            values_out = (
                [s.gained_m2, s.lost_m2, s.stable_sealed_m2, s.net_m2, s.valid_m2]
                if s is not None
                else [None] * extra
            )
            out.setAttributes(list(feature.attributes()) + values_out)
            if not sink.addFeature(out, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(
                    self.writeFeatureError(sink, parameters, self.OUTPUT_ZONES)
                )
        feedback.setProgress(100)
        results[self.OUTPUT_ZONES] = dest
        return results
