"""Output GeoTIFFs written top to bottom in bounded memory, atomically.

Each output is a tiled (256 x 256), DEFLATE-compressed GeoTIFF written under a hidden
temporary name next to the final one. Its internal overviews (x2, x4 ... until under 256
px) are created empty up front and filled as the rows come, from the same rows: nearest
(top-left pixel, as GDAL's NEAREST) for classes, the mean of the valid pixels for
probabilities, so nothing is read back. Every level is written in whole block rows (a
partial tile is never flushed, then rewritten) and GDAL's cache is flushed after each
write. ``commit`` renames the file (and its ``.aux.xml``) into place, ``discard`` removes
everything: a failed or canceled run leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from osgeo import gdal

from verite_core.pack.gdal_env import gdal_exceptions

from .model import ModelInfo

BLOCK = 256
CLASS_NODATA = 255
PROBABILITY_NODATA = 255
PROBABILITY_MAX = 250  # uint8 probability: round(p * 250); 251..254 unused, 255 no data
_SIDECARS = (".aux.xml", ".ovr", ".msk")
_TYPES = {np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.float32): gdal.GDT_Float32}


def overview_factors(width: int, height: int) -> list[int]:
    """2, 4, ... while the level is at least a block wide (at most x256)."""
    factors, f = [], 2
    while f <= BLOCK and -(-max(width, height) // f) >= BLOCK:
        factors.append(f)
        f *= 2
    return factors


def _sum2x2(a: np.ndarray) -> np.ndarray:
    """Sums of 2 x 2 blocks (a missing last row or column counts as 0)."""
    h, w = a.shape
    if h % 2 or w % 2:
        padded = np.zeros((h + h % 2, w + w % 2), a.dtype)
        padded[:h, :w] = a
        a = padded
    rows = a[0::2] + a[1::2]
    return rows[:, 0::2] + rows[:, 1::2]


def pyramid(rows: np.ndarray, levels: int, average: bool, nodata: float) -> list[np.ndarray]:
    """Overview levels x2, x4 ... of some rows: the top-left pixel (as GDAL's NEAREST), or
    the mean of the valid pixels. Each level is reduced from the one above (sums and
    counts of valid pixels carried along), so the whole pyramid costs ~1.3 passes over
    the rows instead of one pass per level."""
    if not average:
        return [rows[:: 2**k, :: 2**k] for k in range(1, levels + 1)]
    valid = ~np.isnan(rows) if np.isnan(nodata) else rows != nodata
    total = np.where(valid, rows, 0).astype(np.float32)
    count = valid.astype(np.float32)
    out = []
    for _ in range(levels):
        total, count = _sum2x2(total), _sum2x2(count)
        mean = total / np.maximum(count, 1)
        if rows.dtype == np.uint8:
            mean = np.floor(mean + 0.5)
        out.append(np.where(count > 0, mean, nodata).astype(rows.dtype))
    return out


class _Level:
    """Rows waiting to be written to one band (full resolution or an overview)."""

    def __init__(self, band: gdal.Band, dtype: np.dtype):
        self.band, self.row, self.height = band, 0, band.YSize
        self.pending = np.zeros((0, band.XSize), dtype)

    def add(self, rows: np.ndarray) -> np.ndarray | None:
        """Queue rows; write whole block rows (or the last rows). Returns what was written."""
        self.pending = np.concatenate([self.pending, rows])
        n = self.pending.shape[0]
        full = n if self.row + n >= self.height else n // BLOCK * BLOCK
        if not full:
            return None
        written, self.pending = self.pending[:full], self.pending[full:].copy()
        with gdal_exceptions():
            self.band.WriteArray(written, 0, self.row)
        self.row += full
        return written


class OutputRaster:
    """One single-band output GeoTIFF on a north-up grid."""

    def __init__(
        self,
        path: str,
        width: int,
        height: int,
        geotransform: Sequence[float],
        crs_wkt: str,
        dtype: type,
        nodata: float,
        metadata: Mapping[str, str],
        description: str,
        average: bool = False,
    ):
        self.final = Path(path)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.final.with_name(f".{self.final.stem}.partial-{uuid.uuid4().hex[:8]}.tif")
        self.width, self.height, self.row = width, height, 0
        self.dtype, self.nodata, self.average = np.dtype(dtype), float(nodata), average
        self.factors = overview_factors(width, height)
        options = ["TILED=YES", f"BLOCKXSIZE={BLOCK}", f"BLOCKYSIZE={BLOCK}", "COMPRESS=DEFLATE",
                   "BIGTIFF=IF_SAFER"]  # fmt: skip
        if self.dtype == np.float32:
            options.append("PREDICTOR=3")
        with gdal_exceptions():
            self.ds = gdal.GetDriverByName("GTiff").Create(
                str(self.tmp), width, height, 1, _TYPES[self.dtype], options
            )
            self.ds.SetGeoTransform(tuple(geotransform))
            self.ds.SetProjection(crs_wkt)
            self.ds.SetMetadata(dict(metadata))
            self.band = self.ds.GetRasterBand(1)
            self.band.SetNoDataValue(self.nodata)
            self.band.SetDescription(description)
            if self.factors:  # empty overview levels, filled by write_rows
                self.ds.BuildOverviews("NONE", self.factors)
            bands = [self.band] + [self.band.GetOverview(i) for i in range(len(self.factors))]
        self._levels = [_Level(b, self.dtype) for b in bands]

    def set_classes(self, classes: Sequence[Mapping]) -> None:
        """Colour table and category names, indexed by class code."""
        table = gdal.ColorTable()
        for value in range(256):
            table.SetColorEntry(value, (0, 0, 0, 0))
        names = [""] * (max(int(c["code"]) for c in classes) + 1)
        for c in classes:
            color = str(c["color"]).lstrip("#")
            rgb = tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))
            table.SetColorEntry(int(c["code"]), (*rgb, 255))
            names[int(c["code"])] = str(c["name"])
        with gdal_exceptions():
            self.band.SetColorTable(table)
            self.band.SetColorInterpretation(gdal.GCI_PaletteIndex)
            self.band.SetCategoryNames(names)

    def set_scale(self, scale: float) -> None:
        with gdal_exceptions():
            self.band.SetScale(scale)
            self.band.SetOffset(0.0)

    def write_rows(self, rows: np.ndarray) -> None:
        """Append rows (n, width) below those already written (and to the overviews)."""
        written = self._levels[0].add(rows.astype(self.dtype, copy=False))
        if written is None:
            return
        reduced = pyramid(written, len(self.factors), self.average, self.nodata)
        for level, level_rows in zip(self._levels[1:], reduced, strict=True):
            level.add(level_rows)
        with gdal_exceptions():
            self.ds.FlushCache()
        self.row = self._levels[0].row

    def finish(self) -> None:
        """Check that every row was written and close the file."""
        if self._levels[0].row != self.height:
            raise RuntimeError(f"{self.final}: {self._levels[0].row} of {self.height} rows written")
        self.close()

    def close(self) -> None:
        if getattr(self, "ds", None) is not None:
            with gdal_exceptions():
                self.ds.FlushCache()
            self._levels = []
            self.band = self.ds = None

    def commit(self) -> None:
        """Rename into place, replacing the old file and its side-cars."""
        self.close()
        for suffix in _SIDECARS:
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(self.final) + suffix)
        os.replace(self.tmp, self.final)
        aux = Path(str(self.tmp) + ".aux.xml")
        if aux.exists():
            os.replace(aux, str(self.final) + ".aux.xml")

    def discard(self) -> None:
        """Remove the temporary file and its side-cars (after an error or a cancel)."""
        with contextlib.suppress(Exception):
            self.close()
        for path in [str(self.tmp)] + [str(self.tmp) + s for s in _SIDECARS]:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)


def output_metadata(info: ModelInfo, extra: Mapping[str, object]) -> dict[str, str]:
    """Dataset metadata: the model and its classes, and how the input was read."""
    meta = {
        "VERITE_MODEL": f"{info.name} {info.version}",
        "VERITE_CLASSES": json.dumps(list(info.classes), ensure_ascii=False),
    }
    meta.update({f"VERITE_{k.upper()}": str(v) for k, v in extra.items()})
    return meta
