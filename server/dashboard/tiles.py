"""XYZ map tiles (EPSG:3857, 256 x 256 PNG) rendered from the registered rasters.

Each tile warps just its own window of the raster (GDAL Warp, nearest neighbour; GDAL
picks the COG overview that matches the zoom) into a small in-memory dataset. Pixels are
classified with the analytics' own readers (`ClassBand` for a sealed mask, `ChangePair`
for gained / lost / stable), so the map shows exactly what the numbers count. PNGs are
encoded with GDAL's PNG driver (MEM → /vsimem/): no imaging library needed.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from osgeo import gdal

from server.dashboard.analysis import RasterRef, change_ignore
from server.errors import BadRequest
from verite_core.analytics.change import (
    CODES,
    GAINED,
    LOST,
    OUTPUT,
    STABLE_SEALED,
    ChangePair,
)
from verite_core.analytics.masks import ClassBand

TILE = 256
MAX_ZOOM = 24
#: Half the side of the EPSG:3857 square (metres).
ORIGIN = 20037508.342789244
MAX_LAT = 85.0511287798066
SEALED_RGBA = (200, 30, 45, 220)
#: Change colours: the analytics' palette; stable-not-sealed and nodata stay transparent.
CHANGE_RGBA = {code: CODES[code][1][:3] + (230,) for code in (GAINED, LOST, STABLE_SEALED)}
WEB_MERCATOR = "EPSG:3857"


def tile_address(z: str, x: str, y: str) -> tuple[int, int, int]:
    """Checked integer (z, x, y); 400 for anything that is not a tile of the XYZ grid."""
    try:
        zi, xi, yi = int(z), int(x), int(y)
    except ValueError:
        raise BadRequest(
            "z, x and y must be integers", code="invalid-tile", z=z, x=x, y=y
        ) from None
    if not 0 <= zi <= MAX_ZOOM:
        raise BadRequest(f"z must be between 0 and {MAX_ZOOM}", code="invalid-tile", z=z)
    if not (0 <= xi < 2**zi and 0 <= yi < 2**zi):
        raise BadRequest(
            f"x and y must be between 0 and {2**zi - 1} at zoom {zi}", code="invalid-tile"
        )
    return zi, xi, yi


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of a tile in EPSG:3857 metres."""
    size = 2 * ORIGIN / 2**z
    min_x = -ORIGIN + x * size
    max_y = ORIGIN - y * size
    return min_x, max_y - size, min_x + size, max_y


def mercator_bounds(bounds_wgs84: Sequence[float]) -> tuple[float, float, float, float]:
    """A lon/lat box in EPSG:3857 (latitudes clamped to the Web Mercator limit)."""
    west, south, east, north = bounds_wgs84

    def y_of(lat: float) -> float:
        lat = max(-MAX_LAT, min(MAX_LAT, lat))
        return ORIGIN / math.pi * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    return west * ORIGIN / 180, y_of(south), east * ORIGIN / 180, y_of(north)


def overlaps(tile: Sequence[float], box: Sequence[float]) -> bool:
    return tile[0] < box[2] and tile[2] > box[0] and tile[1] < box[3] and tile[3] > box[1]


def _warp(path: str, bounds: Sequence[float], destination: str, fmt: str) -> gdal.Dataset:
    """The tile window of a raster on the tile grid; pixels outside it are masked (alpha)."""
    return gdal.Warp(
        destination,
        path,
        format=fmt,
        outputBounds=tuple(bounds),
        width=TILE,
        height=TILE,
        dstSRS=WEB_MERCATOR,
        resampleAlg="near",
        dstAlpha=True,
        multithread=False,
    )


def sealed_tile(raster: RasterRef, z: int, x: int, y: int, bounds_wgs84) -> bytes:
    """PNG of the raster's sealed pixels in tile z/x/y (transparent elsewhere)."""
    bounds = tile_bounds(z, x, y)
    if bounds_wgs84 is None or not overlaps(bounds, mercator_bounds(bounds_wgs84)):
        return transparent_png()
    ds = _warp(raster.path, bounds, "", "MEM")
    band = ClassBand(ds, 1, raster.ignore_values, [raster.sealed_values])
    sealed = band.table[band.read(0, 0, TILE, TILE)][:, :, 1]  # channels: valid, sealed
    rgba = np.zeros((4, TILE, TILE), np.uint8)
    rgba[:, sealed.astype(bool)] = np.asarray(SEALED_RGBA, np.uint8)[:, None]
    return encode_png(rgba)


def change_tile(
    before: RasterRef, after: RasterRef, z: int, x: int, y: int, boxes: Sequence
) -> bytes:
    """PNG of gained / lost / stable sealed pixels from `before` to `after` in tile z/x/y."""
    bounds = tile_bounds(z, x, y)
    if any(b is None or not overlaps(bounds, mercator_bounds(b)) for b in boxes):
        return transparent_png()
    stem = f"/vsimem/vt-tile-{uuid.uuid4().hex}"
    paths = (f"{stem}-before.tif", f"{stem}-after.tif")
    try:
        for path, raster in zip(paths, (before, after), strict=True):
            _warp(raster.path, bounds, path, "GTiff").FlushCache()
        pair = ChangePair(
            paths[0],
            paths[1],
            before.sealed_values,
            after.sealed_values,
            change_ignore(before, after),
        )
        codes = OUTPUT[pair.read(0, 0, TILE, TILE)]  # 0..3, or NODATA
        pair = None
    finally:
        for path in paths:
            _unlink(path)
    rgba = np.zeros((4, TILE, TILE), np.uint8)
    for code, colour in CHANGE_RGBA.items():
        rgba[:, codes == code] = np.asarray(colour, np.uint8)[:, None]
    return encode_png(rgba)


def encode_png(rgba: np.ndarray) -> bytes:
    """PNG bytes of a (4, h, w) uint8 RGBA array, through GDAL's PNG driver."""
    bands, height, width = rgba.shape
    mem = gdal.GetDriverByName("MEM").Create("", width, height, bands, gdal.GDT_Byte)
    for i in range(bands):
        mem.GetRasterBand(i + 1).WriteArray(rgba[i])
    mem.GetRasterBand(4).SetColorInterpretation(gdal.GCI_AlphaBand)
    path = f"/vsimem/vt-png-{uuid.uuid4().hex}.png"
    try:
        gdal.GetDriverByName("PNG").CreateCopy(path, mem, options=["ZLEVEL=6"])
        handle = gdal.VSIFOpenL(path, "rb")
        try:
            gdal.VSIFSeekL(handle, 0, 2)
            size = gdal.VSIFTellL(handle)
            gdal.VSIFSeekL(handle, 0, 0)
            return bytes(gdal.VSIFReadL(1, size, handle))
        finally:
            gdal.VSIFCloseL(handle)
    finally:
        _unlink(path)


@lru_cache(maxsize=1)
def transparent_png() -> bytes:
    return encode_png(np.zeros((4, TILE, TILE), np.uint8))


def _unlink(path: str) -> None:
    for name in (path, path + ".aux.xml"):
        if gdal.VSIStatL(name) is not None:
            gdal.Unlink(name)
