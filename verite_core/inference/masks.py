"""The processing window (extent and mask) and the mask rasterised strip by strip."""

from __future__ import annotations

import math

import numpy as np
from osgeo import gdal, ogr, osr

from verite_core.pack.gdal_env import gdal_exceptions

from .errors import SourceError
from .sources import ImageSource

Window = tuple[int, int, int, int]


def mask_geometry(wkb: bytes) -> ogr.Geometry:
    """Polygon(s) from WKB; SourceError when it is not an areal geometry."""
    try:
        with gdal_exceptions():
            geom = ogr.CreateGeometryFromWkb(bytes(wkb))
    except RuntimeError as exc:
        raise SourceError(f"mask: not a WKB geometry ({exc})") from None
    if geom is None or geom.IsEmpty() or geom.GetDimension() != 2:
        raise SourceError("mask: needs a non-empty polygon or multipolygon")
    return geom


def processing_window(
    image: ImageSource,
    extent: tuple[float, float, float, float] | None,
    mask: ogr.Geometry | None,
) -> Window:
    """Image pixels covering the image ∩ extent ∩ the mask's envelope (snapped outward)."""
    gt = image.geotransform
    xmin, xmax = gt[0], gt[0] + image.width * gt[1]
    ymax, ymin = gt[3], gt[3] + image.height * gt[5]
    boxes = []
    if extent is not None:
        ex0, ey0, ex1, ey1 = (float(v) for v in extent)
        if ex0 >= ex1 or ey0 >= ey1:
            raise SourceError(f"extent {extent}: expected (xmin, ymin, xmax, ymax)")
        boxes.append((ex0, ey0, ex1, ey1))
    if mask is not None:
        mx0, mx1, my0, my1 = mask.GetEnvelope()
        boxes.append((mx0, my0, mx1, my1))
    for bx0, by0, bx1, by1 in boxes:
        xmin, ymin, xmax, ymax = max(xmin, bx0), max(ymin, by0), min(xmax, bx1), min(ymax, by1)
    col0 = max(0, math.floor((xmin - gt[0]) / gt[1] + 1e-6))
    col1 = min(image.width, math.ceil((xmax - gt[0]) / gt[1] - 1e-6))
    row0 = max(0, math.floor((ymax - gt[3]) / gt[5] + 1e-6))
    row1 = min(image.height, math.ceil((ymin - gt[3]) / gt[5] - 1e-6))
    if col1 <= col0 or row1 <= row0:
        raise SourceError("the extent / mask does not overlap the image")
    return col0, row0, col1 - col0, row1 - row0


class MaskRasterizer:
    """Rasterises the mask (pixel centres inside) for strips of the image grid."""

    def __init__(self, geom: ogr.Geometry, image: ImageSource):
        self.image = image
        self._srs = osr.SpatialReference()
        self._srs.ImportFromWkt(image.crs_wkt)
        self._ds = ogr.GetDriverByName("Memory").CreateDataSource("mask")
        self._layer = self._ds.CreateLayer("mask", self._srs, ogr.wkbUnknown)
        feature = ogr.Feature(self._layer.GetLayerDefn())
        feature.SetGeometry(geom)
        self._layer.CreateFeature(feature)

    def strip(self, window: Window) -> np.ndarray:
        """(h, w) bool: inside the mask."""
        x0, y0, w, h = window
        gt = self.image.geotransform
        with gdal_exceptions():
            ds = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Byte)
            ds.SetGeoTransform((gt[0] + x0 * gt[1], gt[1], 0.0, gt[3] + y0 * gt[5], 0.0, gt[5]))
            ds.SetProjection(self.image.crs_wkt)
            gdal.RasterizeLayer(ds, [1], self._layer, burn_values=[1])
            return ds.ReadAsArray().astype(bool)
