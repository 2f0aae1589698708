"""Class rasters read in windows as small integer *codes* plus a code → channels table.

The engine sums coverage-weighted areas per *channel* (e.g. "valid", "sealed"); a reader
gives, for a pixel window, uint8 codes and a fixed table ``table[code, k]`` (0/1) that
says which channels a code belongs to. For a byte raster without a mask band the codes are
the raw pixel values, so a window costs one read and one table lookup.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from osgeo import gdal

from verite_core.analytics.grid import AnalyticsError, quiet_gdal

INVALID = 0  # category code of invalid pixels when values are not used as codes
VALID = 1  # valid, in no value set; 1 + k: valid and in value set k


class ClassBand:
    """One band of a class raster (CLC+, a prediction) read as codes.

    Valid: not the band's nodata value, not NaN, not in ``ignore_values``, not masked by a
    per-dataset mask (alpha band, .msk) or by ``mask_band``. ``table[code]`` is
    ``[valid, valid and value in value_sets[0], ...]``; for byte rasters without a mask the
    codes are the pixel values, otherwise the categories INVALID, VALID, 1 + k.
    """

    def __init__(
        self,
        ds: gdal.Dataset,
        band: int,
        ignore_values: Sequence[float],
        value_sets: Sequence[Sequence[float]],
        mask_band: int | None = None,
    ) -> None:
        self.ds = ds  # keeps the dataset alive as long as the band
        if not 1 <= band <= ds.RasterCount:
            raise AnalyticsError(f"{ds.GetDescription()} has no band {band}")
        self.band = ds.GetRasterBand(band)
        nodata = self.band.GetNoDataValue()
        self.invalid = [float(v) for v in ignore_values] + ([nodata] if nodata is not None else [])
        self.sets = [[float(v) for v in values] for values in value_sets]
        flags = self.band.GetMaskFlags()
        if mask_band is not None:
            self.mask = ds.GetRasterBand(mask_band)
        elif flags & gdal.GMF_PER_DATASET and not flags & (gdal.GMF_ALL_VALID | gdal.GMF_NODATA):
            self.mask = self.band.GetMaskBand()
        else:
            self.mask = None
        channels = 1 + len(self.sets)
        self.raw = self.band.DataType == gdal.GDT_Byte and self.mask is None
        if self.raw:  # codes = pixel values
            self.table = np.zeros((256, channels), np.uint8)
            self.table[:, 0] = 1
            self.table[_bytes(self.invalid), 0] = 0
            for k, values in enumerate(self.sets, 1):
                self.table[_bytes(values), k] = 1
                self.table[:, k] &= self.table[:, 0]
        else:  # codes = categories
            self.table = np.zeros((2 + len(self.sets), channels), np.uint8)
            self.table[VALID:, 0] = 1
            for k in range(1, channels):
                self.table[VALID + k, k] = 1

    def read(self, x: int, y: int, width: int, height: int, transposed: bool = False) -> np.ndarray:
        """uint8 codes of a window: (rows, columns), or (columns, rows) when ``transposed``."""
        window = (int(x), int(y), int(width), int(height))
        if self.raw:
            if not transposed:
                return read_window(self.band, window)
            codes = np.empty((window[2], window[3]), np.uint8)
            read_window(self.band, window, codes.T)  # GDAL writes column-major
            return codes
        values = read_window(self.band, window)
        valid = ~np.isin(values, self.invalid)
        if values.dtype.kind == "f":
            valid &= ~np.isnan(values)
        if self.mask is not None:
            valid &= read_window(self.mask, window) > 0
        codes = valid.astype(np.uint8)
        for k, values_k in enumerate(self.sets, 1):  # a value in two sets gets the last
            codes[valid & np.isin(values, values_k)] = VALID + k
        return np.ascontiguousarray(codes.T) if transposed else codes


def read_window(
    band: gdal.Band, window: tuple[int, int, int, int], out: np.ndarray | None = None
) -> np.ndarray:
    """``band.ReadAsArray`` of a window; AnalyticsError when GDAL fails (corrupt tile,
    vanished file), with GDAL's exceptions on or off."""
    try:
        with quiet_gdal():
            values = band.ReadAsArray(*window, buf_obj=out)
    except RuntimeError as exc:
        values, message = None, str(exc)
    else:
        message = gdal.GetLastErrorMsg()
    if values is None:
        raise AnalyticsError(f"cannot read pixels {window} of {band.GetDescription()}: {message}")
    return values


def _bytes(values: Sequence[float]) -> list[int]:
    return [int(v) for v in values if v is not None and 0 <= v <= 255 and v == int(v)]
