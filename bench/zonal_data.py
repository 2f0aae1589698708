"""Synthetic data of the zonal-statistics benchmark: a CLC+-like 10 m raster and
commune/parcel-like polygons, both deterministic for a given seed.

- ``make_raster(path, size)``: uint8 EPSG:3035 GeoTIFF (tiled 256, DEFLATE), 10 m pixels:
  classes 1..11 in 50 m blocks, ~25 % sealed (class 1) in town-like clusters plus speckle,
  2 % of 254 and 1 % of 253 (ignored), a 255 nodata "sea" in one corner. Written in strips.
- ``make_polygons(count, size, seed)``: polygons (EPSG:3035 ogr geometries) over the raster
  and a little beyond its edges: 70 % parcels (radius 10-150 m, 4-12 vertices),
  25 % blocks/neighbourhoods (150 m-1 km, 16-64 vertices), 5 % communes (1-4 km,
  200-800 vertices); concave star shapes, 10 % with a hole, 5 % in two parts.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

ORIGIN = (3500000.0, 2900000.0)  # EPSG:3035, northern France
RES = 10.0


def srs_3035() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def srs_2154() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def make_raster(path: Path, size: int, seed: int = 42) -> Path:
    """Write the raster unless a complete one of this size is already there."""
    if path.exists():
        ds = gdal.Open(str(path))
        if ds is not None and ds.RasterXSize == size and ds.GetMetadataItem("VT_COMPLETE") == "1":
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    options = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER", "NUM_THREADS=2"]
    ds = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1, gdal.GDT_Byte, options)
    ds.SetGeoTransform((ORIGIN[0], RES, 0.0, ORIGIN[1], 0.0, -RES))
    ds.SetProjection(srs_3035().ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(255)
    block = 5  # 50 m blocks of one class
    towns = rng.random((size // 500 + 2, size // 500 + 2))  # 5 km "town density" field
    strip = 500
    for top in range(0, size, strip):
        rows = min(strip, size - top)
        coarse = rng.integers(2, 12, (rows // block + 1, size // block + 1), dtype=np.uint8)
        density = np.kron(towns[top // 500 : top // 500 + 2, :], np.ones((100, 100)))
        density = density[: rows // block + 1, : size // block + 1]
        coarse[rng.random(coarse.shape) < density * 0.45] = 1
        values = np.repeat(np.repeat(coarse, block, 0), block, 1)[:rows, :size]
        noise = rng.random((rows, size), dtype=np.float32)
        values[noise < 0.05] = 1
        values[noise > 0.98] = 254
        values[(noise > 0.97) & (noise <= 0.98)] = 253
        if top < size // 8:  # the sea
            values[:, : size // 10] = 255
        band.WriteArray(values, 0, top)
    ds.SetMetadataItem("VT_COMPLETE", "1")
    ds = None
    return path


def _star(rng, cx, cy, radius, n, hole):
    angles = (np.arange(n) + rng.uniform(0.1, 0.9, n)) * 2 * math.pi / n
    wobble = 0.75 + 0.25 * np.sin(angles * rng.integers(2, 7) + rng.uniform(0, 6))
    radii = radius * wobble * rng.uniform(0.85, 1.0, n)
    poly = ogr.Geometry(ogr.wkbPolygon)
    rings = [(radii, angles)]
    if hole:
        rings.append((np.full(n, 0.25 * radius), angles[::-1]))
    for r, a in rings:
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in zip(cx + r * np.cos(a), cy + r * np.sin(a), strict=True):
            ring.AddPoint_2D(float(x), float(y))
        ring.CloseRings()
        poly.AddGeometry(ring)
    return poly


def make_polygons(count: int, size: int, seed: int = 42) -> list[ogr.Geometry]:
    rng = np.random.default_rng(seed)
    extent = size * RES
    out = []
    for i in range(count):
        cx = ORIGIN[0] + rng.uniform(-0.01, 1.01) * extent
        cy = ORIGIN[1] - rng.uniform(-0.01, 1.01) * extent
        kind = rng.random()
        if kind < 0.70:
            radius, n = math.exp(rng.uniform(math.log(10), math.log(150))), rng.integers(4, 13)
        elif kind < 0.95:
            radius, n = math.exp(rng.uniform(math.log(150), math.log(1000))), rng.integers(16, 65)
        else:
            radius, n = (
                math.exp(rng.uniform(math.log(1000), math.log(4000))),
                rng.integers(200, 801),
            )
        geom = _star(rng, cx, cy, radius, int(n), hole=n >= 8 and i % 10 == 3)
        if i % 20 == 7:
            multi = ogr.Geometry(ogr.wkbMultiPolygon)
            multi.AddGeometry(geom)
            multi.AddGeometry(_star(rng, cx + 2.5 * radius, cy, radius / 2, int(n), False))
            geom = multi
        out.append(geom)
    return out
