"""R: agreement of plots with a reference land-cover raster (e.g. CLC+ Backbone).

For each plot, the share of the raster's pixels inside the plot shrunk inward by 10 m
(``CheckedPlot.shape.inner_wkb_wgs84``) whose class equals the plot's mapped CLC+ class.
Pixels are taken when their centre falls inside; technical values and nodata are ignored.
Reads only the window around each plot, so a national raster is fine.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable

import numpy as np
from osgeo import gdal, ogr, osr

from .gdal_env import gdal_exceptions, transformer, wgs84
from .reference import CLCPLUS_TECHNICAL_VALUES
from .validation import CheckedPlot


def reference_agreement(
    raster_path: str | os.PathLike, plots: Iterable[CheckedPlot]
) -> dict[str, float | None]:
    """plot id -> R in 0..1, or None where the plot has no CLC+ class, the raster does not
    cover it or has no valid pixel there."""
    with gdal_exceptions():
        ds = gdal.Open(str(raster_path), gdal.GA_ReadOnly)
        band = ds.GetRasterBand(1)
        srs = osr.SpatialReference(wkt=ds.GetProjection())
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        to_raster = transformer(wgs84(), srs)
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0:
        raise ValueError("rotated rasters are not supported as references")
    nodata = band.GetNoDataValue()
    ignore = set(CLCPLUS_TECHNICAL_VALUES) | ({int(nodata)} if nodata is not None else set())
    out: dict[str, float | None] = {}
    for plot in plots:
        if plot.clcplus is None or plot.shape.inner_wkb_wgs84 is None:
            out[plot.plot_id] = None
            continue
        geom = ogr.CreateGeometryFromWkb(plot.shape.inner_wkb_wgs84)
        geom.Transform(to_raster)
        out[plot.plot_id] = _share(ds, band, gt, geom, plot.clcplus, ignore)
    return out


def _share(
    ds: gdal.Dataset, band: gdal.Band, gt: tuple, geom: ogr.Geometry, code: int, ignore: set[int]
) -> float | None:
    minx, maxx, miny, maxy = geom.GetEnvelope()
    col0 = max(0, int(math.floor((minx - gt[0]) / gt[1])))
    col1 = min(ds.RasterXSize, int(math.ceil((maxx - gt[0]) / gt[1])))
    row0 = max(0, int(math.floor((maxy - gt[3]) / gt[5])))
    row1 = min(ds.RasterYSize, int(math.ceil((miny - gt[3]) / gt[5])))
    if col1 <= col0 or row1 <= row0:
        return None
    values = band.ReadAsArray(col0, row0, col1 - col0, row1 - row0)
    mask = _rasterize(geom, gt, col0, row0, col1 - col0, row1 - row0, ds.GetProjection())
    valid = mask & ~np.isin(values, list(ignore))
    n = int(valid.sum())
    if n == 0:
        return None
    return float((values[valid] == code).sum()) / n


def _rasterize(
    geom: ogr.Geometry, gt: tuple, col0: int, row0: int, width: int, height: int, wkt: str
) -> np.ndarray:
    mem = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((gt[0] + col0 * gt[1], gt[1], 0, gt[3] + row0 * gt[5], 0, gt[5]))
    mem.SetProjection(wkt)
    vec = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = vec.CreateLayer("plot", geom_type=ogr.wkbMultiPolygon)
    feat = ogr.Feature(layer.GetLayerDefn())
    feat.SetGeometry(geom)
    layer.CreateFeature(feat)
    gdal.RasterizeLayer(mem, [1], layer, burn_values=[1])
    return mem.GetRasterBand(1).ReadAsArray().astype(bool)
