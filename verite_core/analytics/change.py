"""Sealed-surface change between two class rasters (CLC+ 2018 vs 2021, or a prediction
vs CLC+): a gained / lost / stable raster, and gained, lost and net sealed area by zone.

Change codes (uint8): 0 stable not sealed, 1 gained, 2 lost, 3 stable sealed, 255 nodata
(either raster nodata or ignored). The ``before`` raster defines the grid; when ``after``
is on another grid (CRS, resolution or origin), it is warped onto ``before``'s grid with
nearest neighbour through a virtual (VRT) warp, read window by window.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from osgeo import gdal

from verite_core.analytics.engine import measure_zones
from verite_core.analytics.grid import (
    AnalyticsCanceled,
    AnalyticsError,
    RasterGrid,
    open_raster,
    quiet_gdal,
)
from verite_core.analytics.masks import ClassBand
from verite_core.pack.gdal_env import gdal_exceptions

STABLE_NOT_SEALED, GAINED, LOST, STABLE_SEALED, NODATA = 0, 1, 2, 3, 255
CODES = {
    STABLE_NOT_SEALED: ("stable not sealed", (235, 235, 225, 255)),
    GAINED: ("gained", (215, 25, 28, 255)),
    LOST: ("lost", (44, 123, 182, 255)),
    STABLE_SEALED: ("stable sealed", (90, 90, 90, 255)),
    NODATA: ("nodata", (0, 0, 0, 0)),
}
BLOCK = 2048  # window side when writing the change raster
CREATION_OPTIONS = [
    "TILED=YES",
    "BLOCKXSIZE=512",
    "BLOCKYSIZE=512",
    "COMPRESS=DEFLATE",
    "BIGTIFF=IF_SAFER",
]


@dataclass(frozen=True)
class ChangeSummary:
    """Sealed change in one zone, in m² (``net_m2 = gained_m2 - lost_m2``); ``valid_m2`` is
    the zone area valid in both rasters."""

    zone_id: Any
    gained_m2: float
    lost_m2: float
    stable_sealed_m2: float
    net_m2: float
    valid_m2: float


class ChangePair:
    """``before`` and ``after`` on ``before``'s grid, read as change masks or codes."""

    def __init__(
        self,
        before: str,
        after: str,
        sealed_values_before: Sequence[int],
        sealed_values_after: Sequence[int],
        ignore_values: Sequence[int],
    ) -> None:
        ds_before, ds_after = open_raster(before), open_raster(after)
        self._sources = (ds_before, ds_after)  # a warped VRT reads its source: keep it open
        self.grid = RasterGrid.of(ds_before)
        self.warped = not self.grid.same_as(RasterGrid.of(ds_after))
        mask_band = None
        if self.warped:
            try:
                with gdal_exceptions():
                    ds_after, mask_band = self._warp(ds_after, before, after), 2
            except RuntimeError as exc:
                raise AnalyticsError(
                    f"cannot warp {after} onto the grid of {before}: {exc}"
                ) from exc
        self.before = ClassBand(ds_before, 1, ignore_values, [sealed_values_before])
        self.after = ClassBand(ds_after, 1, ignore_values, [sealed_values_after], mask_band)
        # before's code + after's code: 2 * sealed before + sealed after, 8 when invalid.
        self.code_before = _change_part(self.before.table, 2)
        self.code_after = _change_part(self.after.table, 1)

    def _warp(self, ds: gdal.Dataset, before: str, after: str) -> gdal.Dataset:
        grid = self.grid
        if not grid.crs_wkt or not ds.GetProjection():
            raise AnalyticsError(f"{after} is not on the grid of {before} and one has no CRS")
        gt = grid.geotransform
        if gt[5] > 0:
            raise AnalyticsError(f"{before}: cannot warp onto a south-up grid")
        bounds = (gt[0], gt[3] + grid.height * gt[5], gt[0] + grid.width * gt[1], gt[3])
        return gdal.Warp(
            "",
            ds,
            format="VRT",
            outputBounds=bounds,
            width=grid.width,
            height=grid.height,
            dstSRS=grid.crs_wkt,
            resampleAlg="near",
            dstAlpha=True,
            multithread=False,
        )

    def read(self, x: int, y: int, width: int, height: int, transposed: bool = False) -> np.ndarray:
        """uint8 change codes of a window: 0..3 when valid in both rasters, else >= 8."""
        codes = self.code_before[self.before.read(x, y, width, height, transposed)]
        codes += self.code_after[self.after.read(x, y, width, height, transposed)]
        return codes


def _change_part(table: np.ndarray, sealed: int) -> np.ndarray:
    """Code table of one raster: 8 invalid, 0 valid not sealed, ``sealed`` valid sealed."""
    return np.where(table[:, 0] == 0, 8, table[:, 1] * sealed).astype(np.uint8)


#: Change code (0..16) → channels [valid, gained, lost, stable sealed].
CHANNELS = np.zeros((17, 4), np.uint8)
CHANNELS[:4, 0] = 1
CHANNELS[GAINED, 1] = CHANNELS[LOST, 2] = CHANNELS[STABLE_SEALED, 3] = 1
#: Change code (0..16) → output pixel value.
OUTPUT = np.full(17, NODATA, np.uint8)
OUTPUT[:4] = np.arange(4)


def change_raster(
    before: str,
    after: str,
    output: str,
    sealed_values_before: Sequence[int] = (1,),
    sealed_values_after: Sequence[int] = (1,),
    ignore_values: Sequence[int] = (253, 254, 255),
    *,
    overviews: bool = True,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> dict:
    """Write the change GeoTIFF (uint8 codes, tiled, DEFLATE, color table, category names,
    overviews) and return its pixel counts and areas.

    Returns ``{"output", "width", "height", "warped", "pixel_counts": {code name: n},
    "areas_m2": {code name: m²}, "gained_m2", "lost_m2", "stable_sealed_m2", "net_m2",
    "valid_m2"}``. The file appears at ``output`` only when complete (written next to it,
    then renamed, with its ``.aux.xml`` holding the category names); on error or cancel
    (``AnalyticsCanceled``) nothing is left behind.
    """
    partial = f"{output}.partial.tif"
    pair = ChangePair(before, after, sealed_values_before, sealed_values_after, ignore_values)
    try:
        counts, areas = _write_codes(pair, partial, progress, is_canceled)
        if overviews:
            _build_overviews(partial, min(pair.grid.width, pair.grid.height))
        # Category names live in the .aux.xml side-car (GDAL PAM): it moves with the file.
        if os.path.exists(f"{partial}.aux.xml"):
            os.replace(f"{partial}.aux.xml", f"{output}.aux.xml")
        os.replace(partial, output)
    except BaseException:
        for path in (partial, f"{partial}.aux.xml"):
            with contextlib.suppress(OSError):
                os.remove(path)
        raise
    names = {code: name.replace(" ", "_") for code, (name, _) in CODES.items()}
    m2 = {names[c]: float(areas[c]) for c in CODES}
    return {
        "output": output,
        "width": pair.grid.width,
        "height": pair.grid.height,
        "warped": pair.warped,
        "pixel_counts": {names[c]: int(counts[c]) for c in CODES},
        "areas_m2": m2,
        "gained_m2": m2["gained"],
        "lost_m2": m2["lost"],
        "stable_sealed_m2": m2["stable_sealed"],
        "net_m2": m2["gained"] - m2["lost"],
        "valid_m2": sum(v for k, v in m2.items() if k != "nodata"),
    }


def _write_codes(
    pair: ChangePair,
    path: str,
    progress: Callable[[float], None] | None,
    is_canceled: Callable[[], bool] | None,
) -> tuple[np.ndarray, np.ndarray]:
    grid = pair.grid
    try:
        with gdal_exceptions():
            ds = gdal.GetDriverByName("GTiff").Create(
                path, grid.width, grid.height, 1, gdal.GDT_Byte, CREATION_OPTIONS
            )
            ds.SetGeoTransform(grid.geotransform)
            ds.SetProjection(grid.crs_wkt)
            band = ds.GetRasterBand(1)
            band.SetNoDataValue(NODATA)
            colors = gdal.ColorTable()
            names = [""] * 256
            for code, (name, rgba) in CODES.items():
                colors.SetColorEntry(code, rgba)
                names[code] = name
            band.SetRasterColorTable(colors)
            band.SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
            band.SetCategoryNames(names)
    except RuntimeError as exc:
        raise AnalyticsError(f"cannot create {path}: {exc}") from exc
    counts, areas = np.zeros(256, np.int64), np.zeros(256)
    windows = [(x, y) for y in range(0, grid.height, BLOCK) for x in range(0, grid.width, BLOCK)]
    try:
        for done, (x, y) in enumerate(windows, 1):
            if is_canceled is not None and is_canceled():
                raise AnalyticsCanceled("canceled")
            width, height = min(BLOCK, grid.width - x), min(BLOCK, grid.height - y)
            codes = OUTPUT[pair.read(x, y, width, height)]
            _checked(f"cannot write {path}", band.WriteArray, codes, x, y)
            rows = np.arange(height)[:, None] * 256
            per_row = np.bincount((codes + rows).ravel(), minlength=256 * height)
            per_row = per_row.reshape(height, 256)
            counts += per_row.sum(axis=0)
            areas += grid.row_areas(np.arange(y, y + height)) @ per_row
            if progress is not None:
                progress(done / len(windows))
    finally:  # close the file now, even on error (a traceback would keep it open)
        band = ds = None
    return counts, areas


def _build_overviews(path: str, side: int) -> None:
    """Nearest-neighbour overviews (2x, 4x, ... down to 256 pixels) inside the file."""
    factors = [f for f in (2, 4, 8, 16, 32, 64, 128, 256) if side // f >= 256]
    if factors:
        ds = gdal.Open(path, gdal.GA_Update)
        _checked(f"cannot build overviews of {path}", ds.BuildOverviews, "NEAREST", factors)
        ds = None


def _checked(what: str, call: Callable[..., int], *args: Any) -> None:
    """Run a GDAL call that returns an error code (0 = fine), GDAL exceptions on or off."""
    try:
        with quiet_gdal():
            failed = call(*args)
    except RuntimeError as exc:
        raise AnalyticsError(f"{what}: {exc}") from exc
    if failed:
        raise AnalyticsError(f"{what}: {gdal.GetLastErrorMsg()}")


def change_by_zone(
    before: str,
    after: str,
    zones: Iterable[tuple[Any, bytes]],
    zones_crs_wkt: str,
    sealed_values_before: Sequence[int] = (1,),
    sealed_values_after: Sequence[int] = (1,),
    ignore_values: Sequence[int] = (253, 254, 255),
    *,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> list[ChangeSummary]:
    """Gained, lost, stable sealed and net sealed m² of every zone, in order, with the
    same exact pixel fractions as ``sealed_shares`` (on ``before``'s grid)."""
    pair = ChangePair(before, after, sealed_values_before, sealed_values_after, ignore_values)
    out = []
    for zone_id, _, sums in measure_zones(
        pair.grid, zones, zones_crs_wkt, pair.read, CHANNELS, progress, is_canceled
    ):
        valid, gained, lost, stable = (max(float(v), 0.0) for v in sums)
        out.append(ChangeSummary(zone_id, gained, lost, stable, gained - lost, valid))
    return out
