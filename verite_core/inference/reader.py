"""Windowed reading of an image's bands on its grid, in bounded memory.

Each source raster is read top to bottom in whole block rows and only the rows still
needed are kept (``_Rows``), so every block is decoded once (JPEG2000 decoding is slow)
and GDAL's block cache is flushed after each read: memory holds a strip of rows per
band, never the image. Bands on a coarser or shifted grid (the 20 m bands) are resampled
bilinearly onto the image grid through their georeferencing, as ``gdalwarp -r bilinear``
does; a band in another CRS goes through a warped VRT.

No data: DN 0 (and the band's own nodata value) in any band, and pixels outside a band's
extent, make a pixel invalid.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from osgeo import gdal, osr

from verite_core.pack.gdal_env import gdal_exceptions
from verite_core.sentinel2 import NODATA_DN

from .errors import SourceError
from .resample import axis_map, bilinear
from .sources import ImageSource

Window = tuple[int, int, int, int]  # x0, y0, width, height in image pixels
_EPS = 1e-6  # relative tolerance on pixel sizes
_MAX_CHUNK_ROWS = 1024


class _Rows:
    """Rows of some bands of one dataset, read in whole block rows into a buffer that is
    allocated once (grown if a request is taller) and shifted up as the strip moves down."""

    def __init__(self, ds: gdal.Dataset, indexes: list[int], path: str):
        self.ds, self.indexes, self.path = ds, indexes, path
        self.width, self.height = ds.RasterXSize, ds.RasterYSize
        block_rows = ds.GetRasterBand(indexes[0]).GetBlockSize()[1]
        self.chunk = max(64, min(int(block_rows), _MAX_CHUNK_ROWS))
        nodata = [ds.GetRasterBand(i).GetNoDataValue() for i in indexes]
        self.nodata = [v for v in nodata if v is not None and v != NODATA_DN]
        self.y0, self.n = 0, 0  # the buffer holds rows [y0, y0 + n)
        self.buf = np.zeros((len(indexes), 0, self.width), np.uint16)

    def get(self, a: int, b: int) -> np.ndarray:
        """Rows [a, b) (0 <= a < b <= height) of every band: (bands, b - a, width)."""
        if a < self.y0 or a > self.y0 + self.n:  # going back, or a gap: start afresh
            self.y0, self.n = a, 0
        elif a > self.y0:  # drop the rows above a
            d = a - self.y0
            self.buf[:, : self.n - d] = self.buf[:, d : self.n]
            self.y0, self.n = a, self.n - d
        end = self.y0 + self.n
        if end < b:
            stop = min(self.height, -(-b // self.chunk) * self.chunk)
            if stop - self.y0 > self.buf.shape[1]:
                grown = np.zeros((len(self.indexes), stop - self.y0, self.width), np.uint16)
                grown[:, : self.n] = self.buf[:, : self.n]
                self.buf = grown
            try:
                with gdal_exceptions():
                    for k, index in enumerate(self.indexes):
                        self.ds.GetRasterBand(index).ReadAsArray(
                            0,
                            end,
                            self.width,
                            stop - end,
                            buf_obj=self.buf[k, self.n : stop - self.y0],
                        )
                    self.ds.FlushCache()  # the rows are kept here: drop GDAL's copy
            except RuntimeError as exc:
                raise SourceError(f"{self.path}: read failed ({exc})") from None
            self.n = stop - self.y0
        return self.buf[:, a - self.y0 : b - self.y0]


class BandReader:
    """Reads windows of ``bands`` of ``image`` on the image grid: (DN uint16, valid mask)."""

    def __init__(self, image: ImageSource, bands: Sequence[str]):
        missing = image.missing(bands)
        if missing:
            raise SourceError(
                f"the image lacks band(s) {', '.join(missing)} needed by the model "
                f"(found: {', '.join(image.bands) or 'none'})"
            )
        self.image, self.bands = image, list(bands)
        self._keep: list[gdal.Dataset] = []
        by_path: dict[str, list[int]] = {}
        for name in self.bands:
            src = image.bands[name]
            by_path.setdefault(src.path, [])
            if src.band_index not in by_path[src.path]:
                by_path[src.path].append(src.band_index)
        self._rows: dict[str, _Rows] = {}
        self._grids: dict[str, tuple] = {}
        for path, indexes in by_path.items():
            ds = self._open_on_crs(path)
            self._rows[path] = _Rows(ds, indexes, path)
            self._grids[path] = tuple(ds.GetGeoTransform())

    def _open_on_crs(self, path: str) -> gdal.Dataset:
        try:
            with gdal_exceptions():
                ds = gdal.Open(path, gdal.GA_ReadOnly)
                src, ref = osr.SpatialReference(), osr.SpatialReference()
                src.ImportFromWkt(ds.GetProjection())
                ref.ImportFromWkt(self.image.crs_wkt)
                if src.IsSame(ref):
                    return ds
                gt, w, h = self.image.geotransform, self.image.width, self.image.height
                bounds = (gt[0], gt[3] + h * gt[5], gt[0] + w * gt[1], gt[3])
                self._keep.append(ds)  # the warped VRT reads from it
                return gdal.Warp(
                    "", ds, format="VRT", outputBounds=bounds, width=w, height=h,
                    dstSRS=self.image.crs_wkt, resampleAlg="bilinear",
                    srcNodata=NODATA_DN, dstNodata=NODATA_DN,
                )  # fmt: skip
        except RuntimeError as exc:
            raise SourceError(f"{path}: GDAL cannot read it ({exc})") from None

    def read(
        self, window: Window, out: np.ndarray | None = None, workers: int = 1
    ) -> tuple[np.ndarray, np.ndarray]:
        """DN (bands, h, w) uint16 and valid (h, w) bool for a window of the image grid
        (into ``out`` when given: the engine reuses one strip buffer). ``workers`` > 1
        reads the source files in parallel threads (one file is never shared by two)."""
        x0, y0, w, h = window
        if out is None:
            out = np.zeros((len(self.bands), h, w), np.uint16)
        by_path: dict[str, list[int]] = {}
        for i, name in enumerate(self.bands):
            by_path.setdefault(self.image.bands[name].path, []).append(i)

        def read_file(path: str) -> list[np.ndarray]:
            rows, grid = self._rows[path], self._grids[path]
            return [
                self._read_band(
                    rows, rows.indexes.index(self.image.bands[self.bands[i]].band_index),
                    grid, (x0, y0, w, h), out[i],
                )
                for i in by_path[path]
            ]  # fmt: skip

        if workers > 1 and len(by_path) > 1:
            with ThreadPoolExecutor(min(workers, len(by_path))) as pool:
                masks = [m for ms in pool.map(read_file, by_path) for m in ms]
        else:
            masks = [m for path in by_path for m in read_file(path)]
        valid = np.ones((h, w), bool)
        for ok in masks:
            valid &= ok
        return out, valid

    def _read_band(self, rows: _Rows, k: int, sgt: tuple, window: Window, out: np.ndarray):
        x0, y0, w, h = window
        gt = self.image.geotransform
        dx = (gt[0] - sgt[0]) / sgt[1] + x0
        dy = (gt[3] - sgt[3]) / sgt[5] + y0
        same = abs(sgt[1] - gt[1]) < _EPS * abs(gt[1]) and abs(sgt[5] - gt[5]) < _EPS * abs(gt[5])
        if same and abs(dx - round(dx)) < 1e-3 and abs(dy - round(dy)) < 1e-3:
            return self._read_direct(rows, k, int(round(dx)), int(round(dy)), w, h, out)
        cols = axis_map(gt[0] + x0 * gt[1], gt[1], w, sgt[0], sgt[1], rows.width)
        rws = axis_map(gt[3] + y0 * gt[5], gt[5], h, sgt[3], sgt[5], rows.height)
        if not cols.inside.any() or not rws.inside.any():
            out[:] = 0
            return np.zeros((h, w), bool)
        (ca, cb), (ra, rb) = cols.window(rows.width), rws.window(rows.height)
        block = rows.get(ra, rb)[k][:, ca:cb]
        ok = block != NODATA_DN
        for v in rows.nodata:
            ok &= block != v
        vals, valid = bilinear(block, ok, rws, cols, (ra, ca))
        out[:] = vals
        return valid

    @staticmethod
    def _read_direct(rows: _Rows, k: int, sx: int, sy: int, w: int, h: int, out: np.ndarray):
        """Same pixel size and lattice: a plain copy (0 outside the band's extent)."""
        ya, yb = max(0, sy), min(rows.height, sy + h)
        xa, xb = max(0, sx), min(rows.width, sx + w)
        if ya >= yb or xa >= xb:
            return np.zeros((h, w), bool)
        if (ya - sy, yb - sy, xa - sx, xb - sx) != (0, h, 0, w):
            out[:] = 0
        out[ya - sy : yb - sy, xa - sx : xb - sx] = rows.get(ya, yb)[k][:, xa:xb]
        valid = out != NODATA_DN
        for v in rows.nodata:
            valid &= out != v
        return valid

    def close(self) -> None:
        self._rows.clear()
        self._keep.clear()


def read_window(
    image: ImageSource, bands: Sequence[str], window: Window | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """DN (bands, h, w) and valid mask of a window (default: the whole image)."""
    reader = BandReader(image, bands)
    try:
        return reader.read(window or (0, 0, image.width, image.height))
    finally:
        reader.close()
