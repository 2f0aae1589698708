"""Map helpers shared by the widgets: which layers are packs, extents in lon/lat, and the
plugin's temporary layers (removed on unload)."""

from __future__ import annotations

import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsVectorLayer,
)

from ..core.errors import VtError
from ..core.i18n import tr

WGS84 = "EPSG:4326"
#: Custom layer property set on layers the plugin adds for display only (e.g. the S2 grid).
TEMPORARY_PROPERTY = "verite_terrain/temporary"


def layer_file_path(layer: QgsMapLayer | None) -> str | None:
    """The file behind an OGR vector layer's ``plots`` table (or sole layer), else None."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    if parts.get("layerName") not in (None, "", "plots") or not os.path.isfile(path):
        return None
    return os.path.abspath(path)


def pack_path_of(layer: QgsMapLayer | None) -> str | None:
    """The pack file (GeoPackage, or GeoJSON) a layer shows, else None: a layer is a
    pack layer when the manifest of its file reads."""
    from ..core.pack_file import read_manifest

    path = layer_file_path(layer)
    if path is None:
        return None
    try:
        read_manifest(path)
    except VtError:
        return None
    return path


def layers_of_file(path: str, project: QgsProject | None = None) -> list[QgsVectorLayer]:
    """The project's layers showing the file ``path``."""
    project = project or QgsProject.instance()
    target = os.path.abspath(path)
    return [layer for layer in project.mapLayers().values() if layer_file_path(layer) == target]


def to_wgs84(rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """A rectangle's bounding box in lon/lat, clamped to the valid range."""
    target = QgsCoordinateReferenceSystem(WGS84)
    if crs.isValid() and crs != target:
        transform = QgsCoordinateTransform(crs, target, QgsProject.instance())
        rect = transform.transformBoundingBox(rect)
    return QgsRectangle(
        max(rect.xMinimum(), -180.0),
        max(rect.yMinimum(), -90.0),
        min(rect.xMaximum(), 180.0),
        min(rect.yMaximum(), 90.0),
    )


def canvas_extent_wgs84(canvas) -> tuple[float, float, float, float]:
    """The map canvas extent as (min lon, min lat, max lon, max lat)."""
    rect = to_wgs84(canvas.extent(), canvas.mapSettings().destinationCrs())
    return (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())


def extent_polygon_wkt(rect: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> str:
    """The lon/lat polygon (WKT) covering ``rect``; VtError when it is empty."""
    box = to_wgs84(rect, crs)
    if box.isEmpty() or box.width() <= 0 or box.height() <= 0:
        raise VtError(
            tr("The pack area is empty"),
            [tr("Choose a map extent or a layer with features.")],
        )
    x0, y0, x1, y1 = (
        round(v, 7) for v in (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())
    )
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def add_temporary_layer(layer: QgsMapLayer, project: QgsProject | None = None) -> QgsMapLayer:
    """Add a display-only layer, marked so that ``remove_temporary_layers`` finds it."""
    layer.setCustomProperty(TEMPORARY_PROPERTY, True)
    (project or QgsProject.instance()).addMapLayer(layer)
    return layer


def remove_temporary_layers(project: QgsProject | None = None) -> int:
    """Remove every layer the plugin added for display only; returns how many."""
    project = project or QgsProject.instance()
    ids = [
        lid
        for lid, layer in project.mapLayers().items()
        if layer.customProperty(TEMPORARY_PROPERTY, False) in (True, "true")
    ]
    project.removeMapLayers(ids)
    return len(ids)
