"""``verite_terrain:sealedshare``: sealed area and share of each polygon of any layer over a
sealed or class raster (CLC+ Backbone, or a model's class map), with exact pixel fractions
at polygon edges."""

from __future__ import annotations

import math

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBand,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QVariant

from ..core.i18n import tr
from .common import (
    VtAlgorithm,
    check_crs,
    crs_wkt,
    engine_callbacks,
    parse_values,
    raise_if_canceled,
    raster_path,
    zones_in_crs,
)


def added_fields(names: list[str]) -> QgsFields:
    fields = QgsFields()
    for name in names:
        fields.append(QgsField(name, QVariant.Double, "double", 20, 4))
    return fields


def percent(share: float | None) -> float | None:
    return None if share is None or math.isnan(share) else 100.0 * share


class SealedShare(VtAlgorithm):
    INPUT = "INPUT"
    RASTER = "RASTER"
    BAND = "BAND"
    SEALED_VALUES = "SEALED_VALUES"
    IGNORE_VALUES = "IGNORE_VALUES"
    OUTPUT = "OUTPUT"
    FIELDS = ["sealed_m2", "sealed_pct", "valid_pct", "zone_m2"]

    def name(self) -> str:
        return "sealedshare"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Imperviousness share by polygon")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(
            "For each polygon, the sealed area of a class raster (CLC+ Backbone, where class "
            "1 is sealed, or a model's class map): sealed_m2 (m²), sealed_pct (% of the "
            "polygon's valid area), valid_pct (% of the polygon covered by valid pixels) and "
            "zone_m2 (the polygon's area). Pixels cut by a polygon's edge count for the "
            "exact fraction of their area inside it. Polygons in another CRS than the raster "
            "are reprojected to it (with the project's transformations). Pixels with no data "
            "or an ignored value (CLC+: 253, 254, 255) are not valid. Attributes of the "
            "input are kept."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, tr("Polygons"), [QgsProcessing.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterLayer(self.RASTER, tr("Sealed or class raster"))
        )
        # Optional so that scripts may leave it out (QGIS 3.22 checks no default then).
        self.addParameter(
            QgsProcessingParameterBand(self.BAND, tr("Band"), 1, self.RASTER, optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.SEALED_VALUES, tr("Values that are sealed"), defaultValue="1"
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
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Sealed share"), QgsProcessing.TypeVectorPolygon
            )
        )

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from verite_core.analytics import sealed_shares

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        layer = self.parameterAsRasterLayer(parameters, self.RASTER, context)
        path = raster_path(layer, tr("Sealed or class raster"))
        check_crs(layer.crs(), tr("The raster"))
        band = self.parameterAsInt(parameters, self.BAND, context) or 1
        if band > layer.bandCount():
            raise QgsProcessingException(tr("The raster has no band {band}").format(band=band))
        sealed = parse_values(
            self.parameterAsString(parameters, self.SEALED_VALUES, context), tr("Sealed values")
        )
        if not sealed:
            raise QgsProcessingException(tr("Give at least one sealed value"))
        ignore = parse_values(
            self.parameterAsString(parameters, self.IGNORE_VALUES, context), tr("Ignored values")
        )
        if set(sealed) & set(ignore):
            raise QgsProcessingException(tr("A value cannot be both sealed and ignored"))

        fields = QgsProcessingUtils.combineFields(source.fields(), added_fields(self.FIELDS))
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, source.wkbType(), source.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        features, zones = zones_in_crs(source, layer.crs(), context, feedback)
        raise_if_canceled(feedback)
        feedback.setProgress(5)
        progress, is_canceled = engine_callbacks(feedback, 5, 95)
        try:
            found = sealed_shares(
                path,
                zones,
                crs_wkt(layer.crs()),
                sealed_values=sealed,
                ignore_values=ignore,
                band=band,
                progress=progress,
                is_canceled=is_canceled,
            )
        except ValueError as exc:  # AnalyticsError
            raise QgsProcessingException(
                tr("The sealed share cannot be computed: {error}").format(error=exc)
            ) from None
        except Exception:
            raise_if_canceled(feedback)  # AnalyticsCanceled
            raise
        shares = {share.zone_id: share for share in found}

        extra = len(fields) - len(source.fields())
        for position, feature in enumerate(features):
            raise_if_canceled(feedback)
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            share = shares.get(position)
            values = (
                [
                    share.sealed_m2,
                    percent(share.sealed_share),
                    percent(share.valid_share),
                    share.zone_m2,
                ]  # fmt: skip
                if share is not None
                else [None] * extra
            )
            out.setAttributes(list(feature.attributes()) + values)
            if not sink.addFeature(out, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        feedback.setProgress(100)
        return {self.OUTPUT: dest}
