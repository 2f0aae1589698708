"""What the Vérité Terrain algorithms share: the base class, value lists, raster paths,
polygons moved into a raster's CRS, the bridge from Processing feedback to the engines'
callbacks, and class colours applied when QGIS loads an output."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayer,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
)
from qgis.PyQt.QtGui import QIcon

from ..core.i18n import tr
from ..core.inference_tasks import style_paletted

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICON_PATH = os.path.join(PLUGIN_DIR, "icon.svg")


class VtAlgorithm(QgsProcessingAlgorithm):
    """Group, icon and instance creation common to the provider's algorithms."""

    def group(self) -> str:
        return tr("Sealed surfaces")

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return "sealed"

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def createInstance(self):  # noqa: N802 - QGIS API
        return type(self)()


# ----------------------------------------------------------------------------- values


def parse_values(text: Any, what: str) -> tuple[int, ...]:
    """``"1"``, ``"1,2"``, ``"253 254 255"`` or ``"1-3"`` → integer raster values."""
    values: list[int] = []
    for part in re.split(r"[,;\s]+", str(text or "").strip()):
        if not part:
            continue
        bounds = re.fullmatch(r"(-?\d+)-(-?\d+)", part)
        try:
            if bounds:
                low, high = int(bounds.group(1)), int(bounds.group(2))
                if high < low or high - low > 65535:
                    raise ValueError(part)
                values += range(low, high + 1)
            else:
                values.append(int(part))
        except ValueError:
            raise QgsProcessingException(
                tr("{what}: {text!r} is not a list of whole numbers such as 1,2 or 253-255").format(
                    what=what, text=str(text)
                )
            ) from None
    return tuple(dict.fromkeys(values))


def raster_path(layer: QgsRasterLayer | None, what: str) -> str:
    """The file GDAL reads for a raster layer; an error for other providers (WMS...)."""
    if layer is None:
        raise QgsProcessingException(tr("{what}: no raster layer given").format(what=what))
    if layer.providerType() != "gdal":
        raise QgsProcessingException(
            tr("{what}: {name} is not a raster file GDAL can read (provider {provider})").format(
                what=what, name=layer.name(), provider=layer.providerType()
            )
        )
    return layer.source().split("|")[0]


def crs_wkt(crs: QgsCoordinateReferenceSystem) -> str:
    return crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL)


def check_crs(crs: QgsCoordinateReferenceSystem, what: str) -> None:
    if not crs.isValid():
        raise QgsProcessingException(
            tr("{what} has no coordinate reference system: set one first").format(what=what)
        )


def geometries_in_crs(
    source: QgsProcessingFeatureSource,
    target: QgsCoordinateReferenceSystem,
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
) -> tuple[list[Any], list[tuple[int, QgsGeometry]]]:
    """(features, [(position, geometry in ``target``)]): every feature of ``source`` in
    order, and the geometries that exist, reprojected with the project's transformation
    settings. Features without a geometry, or that cannot be reprojected, get none (the
    latter with a warning)."""
    check_crs(source.sourceCrs(), tr("The polygon layer"))
    transform = None
    if source.sourceCrs() != target:
        transform = QgsCoordinateTransform(source.sourceCrs(), target, context.transformContext())
    features, geometries = [], []
    for feature in source.getFeatures(QgsFeatureRequest()):
        if feedback.isCanceled():
            break
        position = len(features)
        features.append(feature)
        geometry = QgsGeometry(feature.geometry())
        if geometry.isNull() or geometry.isEmpty():
            continue
        if transform is not None:
            try:
                geometry.transform(transform)
            except QgsCsException:
                feedback.reportError(
                    tr("Feature {fid} cannot be moved into the raster's CRS: skipped").format(
                        fid=feature.id()
                    )
                )
                continue
        geometries.append((position, geometry))
    return features, geometries


def zones_in_crs(
    source: QgsProcessingFeatureSource,
    target: QgsCoordinateReferenceSystem,
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
) -> tuple[list[Any], list[tuple[int, bytes]]]:
    """Like ``geometries_in_crs``, with the geometries as WKB (the analytics' zones)."""
    features, geometries = geometries_in_crs(source, target, context, feedback)
    return features, [(position, bytes(g.asWkb())) for position, g in geometries]


def union_wkb(
    source: QgsProcessingFeatureSource,
    target: QgsCoordinateReferenceSystem,
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
) -> bytes:
    """All polygons of ``source`` merged into one geometry in ``target`` (WKB)."""
    _, geometries = geometries_in_crs(source, target, context, feedback)
    if not geometries:
        raise QgsProcessingException(tr("The mask layer has no polygon"))
    union = QgsGeometry.unaryUnion([g for _, g in geometries])
    if union.isNull() or union.isEmpty():
        raise QgsProcessingException(tr("The mask polygons cannot be merged (invalid geometry?)"))
    return bytes(union.asWkb())


# ----------------------------------------------------------------------------- feedback


def engine_callbacks(
    feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0
) -> tuple[Callable[[float], None], Callable[[], bool]]:
    """(progress, is_canceled) for the engines, mapping their 0..1 onto ``start..end`` %."""
    from ..core.inference_tasks import engine_fraction

    def progress(value: float) -> None:
        feedback.setProgress(start + (end - start) * engine_fraction(value))

    return progress, feedback.isCanceled


def raise_if_canceled(feedback: QgsProcessingFeedback) -> None:
    if feedback.isCanceled():
        raise QgsProcessingException(tr("Canceled"))


def remove_files(*paths: str | None) -> None:
    """Delete outputs a canceled or failed run left (with their side-car files)."""
    for path in paths:
        if not path:
            continue
        for candidate in (path, path + ".aux.xml", path + ".ovr"):
            try:
                os.remove(candidate)
            except FileNotFoundError:
                pass
            except OSError:
                pass


# ----------------------------------------------------------------------------- styling

#: Post-processors must outlive processAlgorithm (QGIS keeps a C++ pointer only).
_KEEP_ALIVE: list[QgsProcessingLayerPostProcessorInterface] = []


class PalettedStyle(QgsProcessingLayerPostProcessorInterface):
    """Gives a loaded output a paletted renderer ``{value: (color or None, label)}``."""

    def __init__(self, table: Mapping[int, tuple[str | None, str]], name: str | None = None):
        super().__init__()
        self.table = dict(table)
        self.name = name

    def postProcessLayer(self, layer: QgsMapLayer, context, feedback) -> None:  # noqa: N802
        if isinstance(layer, QgsRasterLayer) and layer.isValid():
            style_paletted(layer, self.table)
            if self.name:
                layer.setName(self.name)


def style_on_load(
    context: QgsProcessingContext,
    path: str,
    table: Mapping[int, tuple[str | None, str]],
    name: str | None = None,
) -> None:
    """Style ``path`` with ``table`` when Processing loads it into the project."""
    if path and context.willLoadLayerOnCompletion(path):
        styler = PalettedStyle(table, name)
        _KEEP_ALIVE.append(styler)
        del _KEEP_ALIVE[:-500]
        context.layerToLoadOnCompletionDetails(path).setPostProcessor(styler)
