"""Raster I/O with GDAL: pixel grids, Sentinel-2 bands by name, warping onto a grid.

A Sentinel-2 image is either one multi-band GeoTIFF whose band descriptions are band names
(``B02`` ...), a multi-band file with an explicit ``band_order``, or a folder with one file
per band (``*_B02.jp2``, ``T31UDQ_..._B8A_20m.tif`` ...). Bands coarser than the reference
grid (the first requested band with the finest pixel) are resampled onto it bilinearly,
through their georeferencing (20 m grids are not always aligned with 10 m ones).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

from verite_core.pack.gdal_env import gdal_exceptions, srs_from_user_input, transformer, wgs84

Window = tuple[int, int, int, int]  # x0, y0, width, height in pixels
_BAND_IN_NAME = re.compile(r"(?:^|[_\-.])(B(?:0[1-9]|1[0-2]|8A))(?=[_\-.]|$)", re.I)


@dataclass(frozen=True)
class Grid:
    """A north-up pixel grid: CRS (WKT), GDAL geotransform and size."""

    crs_wkt: str
    transform: tuple[float, float, float, float, float, float]
    width: int
    height: int

    @property
    def res(self) -> float:
        return abs(self.transform[1])

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """xmin, ymin, xmax, ymax."""
        return self.window_bounds((0, 0, self.width, self.height))

    def window_bounds(self, window: Window) -> tuple[float, float, float, float]:
        x0, y0, w, h = window
        gt = self.transform
        xa, xb = gt[0] + x0 * gt[1], gt[0] + (x0 + w) * gt[1]
        ya, yb = gt[3] + y0 * gt[5], gt[3] + (y0 + h) * gt[5]
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)

    def sub(self, window: Window) -> Grid:
        x0, y0, w, h = window
        gt = self.transform
        return Grid(
            self.crs_wkt, (gt[0] + x0 * gt[1], gt[1], 0.0, gt[3] + y0 * gt[5], 0.0, gt[5]), w, h
        )

    def srs(self) -> osr.SpatialReference:
        return srs_from_user_input(self.crs_wkt)

    def footprint_lonlat(self, window: Window) -> ogr.Geometry:
        """The window's outline as a lon/lat polygon (corners and edge midpoints)."""
        xmin, ymin, xmax, ymax = self.window_bounds(window)
        xs = (xmin, (xmin + xmax) / 2, xmax, xmax, xmax, (xmin + xmax) / 2, xmin, xmin, xmin)
        ys = (ymin, ymin, ymin, (ymin + ymax) / 2, ymax, ymax, ymax, (ymin + ymax) / 2, ymin)
        ring = ogr.Geometry(ogr.wkbLinearRing)
        to_ll = transformer(self.srs(), wgs84())
        for x, y in zip(xs, ys, strict=True):
            lon, lat, _ = to_ll.TransformPoint(x, y)
            ring.AddPoint_2D(lon, lat)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        return poly


def grid_of(ds: gdal.Dataset) -> Grid:
    gt = tuple(ds.GetGeoTransform())
    if gt[2] != 0 or gt[4] != 0 or gt[5] >= 0:
        raise ValueError(f"{ds.GetDescription()}: only north-up rasters are supported")
    if not ds.GetProjection():
        raise ValueError(f"{ds.GetDescription()}: raster has no CRS")
    return Grid(ds.GetProjection(), gt, ds.RasterXSize, ds.RasterYSize)  # type: ignore[arg-type]


def open_raster(path: str | Path) -> gdal.Dataset:
    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such file")
    with gdal_exceptions():
        return gdal.Open(str(path), gdal.GA_ReadOnly)


def warp_to_grid(
    src: str | gdal.Dataset,
    grid: Grid,
    resample: str = "near",
    bands: Sequence[int] | None = None,
    nodata: float | None = None,
    init: float | None = None,
) -> np.ndarray:
    """Read ``src`` resampled onto ``grid``: (bands, height, width), or (height, width)."""
    options = {
        "format": "MEM",
        "outputBounds": grid.bounds,
        "width": grid.width,
        "height": grid.height,
        "dstSRS": grid.crs_wkt,
        "resampleAlg": resample,
        "multithread": False,
    }
    if nodata is not None:
        options["dstNodata"] = nodata
    if init is not None:
        options["warpOptions"] = [f"INIT_DEST={init}"]
    with gdal_exceptions():
        if bands is not None:  # GDAL < 3.7 has no srcBands: select bands through a VRT
            src = gdal.Translate("", src, format="VRT", bandList=list(bands))
        out = gdal.Warp("", src if isinstance(src, gdal.Dataset) else str(src), **options)
    return out.ReadAsArray()


def band_files(folder: str | Path) -> dict[str, Path]:
    """Band name -> file in a folder of per-band rasters (names like ``*_B8A*.jp2``)."""
    found: dict[str, Path] = {}
    for path in sorted(Path(folder).iterdir()):
        match = _BAND_IN_NAME.search(path.stem)
        if match and path.is_file():
            found.setdefault(match[1].upper(), path)
    return found


def read_bands(
    image: str | Path,
    bands: Sequence[str],
    band_order: Sequence[str] | None = None,
    window: Window | None = None,
) -> tuple[np.ndarray, Grid]:
    """The requested bands as DN (bands, height, width, uint16) and their common grid."""
    image = Path(image)
    if not image.exists():
        raise FileNotFoundError(f"{image}: no such image file or band folder")
    if image.is_dir():
        return _read_band_folder(image, bands, window)
    ds = open_raster(image)
    names = list(band_order) if band_order else _descriptions(ds)
    missing = [b for b in bands if b not in names]
    if missing:
        raise ValueError(
            f"{image}: bands {missing} not found (file bands: {names}); "
            "set band descriptions or give band_order"
        )
    grid = grid_of(ds)
    win = _clip_window(window, grid)
    arr = np.stack(
        [ds.GetRasterBand(names.index(b) + 1).ReadAsArray(*win).astype(np.uint16) for b in bands]
    )
    return arr, grid.sub(win)


def _descriptions(ds: gdal.Dataset) -> list[str]:
    return [
        (ds.GetRasterBand(i + 1).GetDescription() or "").strip().upper()
        for i in range(ds.RasterCount)
    ]


def _clip_window(window: Window | None, grid: Grid) -> Window:
    if window is None:
        return (0, 0, grid.width, grid.height)
    x0, y0, w, h = window
    x0, y0 = max(0, x0), max(0, y0)
    w, h = min(w, grid.width - x0), min(h, grid.height - y0)
    if w <= 0 or h <= 0:
        raise ValueError(f"window {window} lies outside the {grid.width}x{grid.height} image")
    return (x0, y0, w, h)


def _read_band_folder(
    folder: Path, bands: Sequence[str], window: Window | None
) -> tuple[np.ndarray, Grid]:
    files = band_files(folder)
    missing = [b for b in bands if b not in files]
    if missing:
        raise ValueError(f"{folder}: no files for bands {missing} (found {sorted(files)})")
    datasets = {b: open_raster(files[b]) for b in bands}
    grids = {b: grid_of(ds) for b, ds in datasets.items()}
    ref = min(bands, key=lambda b: grids[b].res)  # first band at the finest resolution
    grid = grids[ref]
    grid = grid.sub(_clip_window(window, grid))
    out = np.empty((len(bands), grid.height, grid.width), dtype=np.uint16)
    for i, b in enumerate(bands):
        same = grids[b].res == grid.res and grids[b].crs_wkt == grid.crs_wkt
        if same and _aligned(grids[b], grid):
            x0 = round((grid.transform[0] - grids[b].transform[0]) / grid.res)
            y0 = round((grid.transform[3] - grids[b].transform[3]) / -grid.res)
            out[i] = datasets[b].ReadAsArray(x0, y0, grid.width, grid.height)
        else:
            out[i] = warp_to_grid(datasets[b], grid, "bilinear", nodata=0)
    return out, grid


def _aligned(src: Grid, dst: Grid) -> bool:
    """dst lies on src's pixel lattice and inside it."""
    dx = (dst.transform[0] - src.transform[0]) / src.res
    dy = (src.transform[3] - dst.transform[3]) / src.res
    return (
        abs(dx - round(dx)) < 1e-6
        and abs(dy - round(dy)) < 1e-6
        and round(dx) >= 0
        and round(dy) >= 0
        and round(dx) + dst.width <= src.width
        and round(dy) + dst.height <= src.height
    )


def write_geotiff(path: str | Path, data: np.ndarray, grid: Grid, descriptions=None) -> None:
    """Write (bands, h, w) or (h, w) to a DEFLATE GeoTIFF on ``grid``."""
    arr = data[None] if data.ndim == 2 else data
    kind = gdal_array_type(arr.dtype)
    with gdal_exceptions():
        ds = gdal.GetDriverByName("GTiff").Create(
            str(path), grid.width, grid.height, arr.shape[0], kind, ["COMPRESS=DEFLATE"]
        )
        ds.SetGeoTransform(grid.transform)
        ds.SetProjection(grid.crs_wkt)
        for i, band in enumerate(arr):
            rb = ds.GetRasterBand(i + 1)
            rb.WriteArray(band)
            if descriptions:
                rb.SetDescription(descriptions[i])
        ds.FlushCache()
    ds = None


def gdal_array_type(dtype: np.dtype) -> int:
    return {
        np.dtype(np.uint8): gdal.GDT_Byte,
        np.dtype(np.uint16): gdal.GDT_UInt16,
        np.dtype(np.int16): gdal.GDT_Int16,
        np.dtype(np.float32): gdal.GDT_Float32,
    }[np.dtype(dtype)]
