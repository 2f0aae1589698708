"""The Sentinel-2 10 m pixel grid as lines, to digitise plots that follow whole pixels.

Sentinel-2 L1C/L2A tiles are in UTM (WGS 84) and their corners lie on multiples of 10 m,
so the 10 m pixel edges are the UTM lines at multiples of 10 m.
"""

from __future__ import annotations

import math

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsLineSymbol,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from .errors import VtError
from .i18n import tr

PIXEL_M = 10


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the UTM zone (WGS 84) Sentinel-2 tiles use at a point.

    The MGRS exceptions (south-west Norway, Svalbard) are those of the tiling grid.
    """
    zone = min(int((lon + 180) // 6) + 1, 60)
    if 56 <= lat < 64 and 3 <= lon < 12:
        zone = 32
    elif 72 <= lat < 84 and lon >= 0:
        for east_edge, exception in ((9, 31), (21, 33), (33, 35), (42, 37)):
            if lon < east_edge:
                zone = exception
                break
    return (32600 if lat >= 0 else 32700) + zone


def _check_extent(extent: tuple[float, float, float, float]) -> tuple[float, ...]:
    try:
        minx, miny, maxx, maxy = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise VtError(tr("The grid extent must be four numbers")) from None
    if not (-180 <= minx < maxx <= 180 and -80 <= miny < maxy <= 84):
        raise VtError(
            tr("The grid extent must be a longitude/latitude box within the UTM latitudes"),
            [str(tuple(extent))],
        )
    return minx, miny, maxx, maxy


def sentinel2_grid_layer(
    extent_wgs84: tuple[float, float, float, float], max_lines: int = 4000
) -> QgsVectorLayer:
    """A memory layer of the 10 m pixel edges over a lon/lat extent, in the UTM zone of
    its centre; VtError when more than ``max_lines`` lines would be needed (zoom in)."""
    minx, miny, maxx, maxy = _check_extent(extent_wgs84)
    epsg = utm_epsg((minx + maxx) / 2, (miny + maxy) / 2)
    utm = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    to_utm = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), utm, QgsProject.instance()
    )
    box = to_utm.transformBoundingBox(QgsRectangle(minx, miny, maxx, maxy))
    x0 = math.floor(box.xMinimum() / PIXEL_M) * PIXEL_M
    x1 = math.ceil(box.xMaximum() / PIXEL_M) * PIXEL_M
    y0 = math.floor(box.yMinimum() / PIXEL_M) * PIXEL_M
    y1 = math.ceil(box.yMaximum() / PIXEL_M) * PIXEL_M
    columns, rows = (x1 - x0) // PIXEL_M + 1, (y1 - y0) // PIXEL_M + 1
    if columns + rows > max_lines:
        raise VtError(
            tr(
                "The area is too large for a 10 m grid ({count} lines; the limit is {limit})"
            ).format(count=columns + rows, limit=max_lines),
            [tr("Zoom in to show the Sentinel-2 pixel grid.")],
        )
    zone = f"{epsg % 100}{'N' if epsg < 32700 else 'S'}"
    layer = QgsVectorLayer(
        f"LineString?crs=EPSG:{epsg}&field=axis:string(1)&field=coordinate_m:integer",
        tr("Sentinel-2 10 m grid (UTM {zone})").format(zone=zone),
        "memory",
    )
    features = []
    for i in range(columns):
        x = x0 + i * PIXEL_M
        features.append(_line(layer, "x", x, [QgsPointXY(x, y0), QgsPointXY(x, y1)]))
    for j in range(rows):
        y = y0 + j * PIXEL_M
        features.append(_line(layer, "y", y, [QgsPointXY(x0, y), QgsPointXY(x1, y)]))
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    symbol = QgsLineSymbol.createSimple({"color": "90,90,90,160", "width": "0.1"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setReadOnly(True)  # a guide, not data
    return layer


def _line(layer: QgsVectorLayer, axis: str, value: int, points: list[QgsPointXY]) -> QgsFeature:
    feature = QgsFeature(layer.fields())
    feature.setAttributes([axis, int(value)])
    feature.setGeometry(QgsGeometry.fromPolylineXY(points))
    return feature
