"""Labels on an image grid: CLC+ Backbone rasters (dataset A) and packs (dataset B).

CLC+ rasters come in EPSG:3035 (or any CRS): they are reprojected onto the image grid with
nearest neighbour, never interpolated; technical values 253/254/255, the raster's no-data
and pixels outside it become ``IGNORE_INDEX``.

Packs go through ``verite_core.pack`` (``read_pack`` + ``validate_pack``), so the pack
contract exists in one place. Each valid plot whose class maps to a CLC+ class is burnt
with that class; everything else stays ``IGNORE_INDEX`` (sparse labels). By default the
plot's **core** is burnt (``shape.inner_wkb_wgs84``: the plot shrunk inward by 10 m): edge
pixels of a 10 m grid mix the plot with its neighbours, and plots carry up to ~10 m of
positional error, so the core keeps only pixels whose whole footprint is likely inside the
plot. It is also the area on which the quality score's agreement R is measured, so labels
and quality describe the same pixels. ``geometry = "plot"`` burns the whole plot instead.
Pixels are taken when their centre falls inside. Where plots of different classes overlap,
the overlap is ignored.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from osgeo import gdal, ogr

from verite_core.pack import read_pack, validate_pack
from verite_core.pack.gdal_env import gdal_exceptions, transformer, wgs84

from .classes import IGNORE_INDEX, clcplus_lookup, clcplus_to_index
from .config import Target
from .rasters import Grid, warp_to_grid

PackGeometry = Literal["core", "plot"]


def clcplus_labels(path: str | Path, grid: Grid, target: Target) -> np.ndarray:
    """CLC+ classes on ``grid`` (nearest neighbour), as class indices (H, W) uint8."""
    if not Path(path).exists():
        raise FileNotFoundError(f"{path}: no such CLC+ raster")
    raw = warp_to_grid(str(path), grid, "near", bands=[1], nodata=255)
    return clcplus_lookup(target)[raw.astype(np.uint8)]


@dataclass
class PackLabelStats:
    """What happened to a pack's plots when rasterized."""

    pack: str
    plots: int = 0
    burnt: int = 0
    no_clcplus: int = 0
    no_core: int = 0
    outside: int = 0
    conflict_px: int = 0  # pixels ignored because plots of different classes overlap
    pixels: dict[int, int] = field(default_factory=dict)


def pack_labels(
    packs: Iterable[str | Path],
    grid: Grid,
    target: Target,
    geometry: PackGeometry = "core",
    strict: bool = True,
    today: dt.date | None = None,
) -> tuple[np.ndarray, list[PackLabelStats]]:
    """Sparse labels (H, W) uint8 from pack plots; IGNORE_INDEX outside plots."""
    labels = np.full((grid.height, grid.width), IGNORE_INDEX, dtype=np.uint8)
    written = np.zeros(labels.shape, dtype=bool)
    conflict = np.zeros(labels.shape, dtype=bool)
    to_grid = transformer(wgs84(), grid.srs())
    all_stats = []
    for pack in packs:
        report = validate_pack(read_pack(pack), today=today)
        if strict and not report.ok:
            details = "; ".join(f"{p.code}: {p}" for p in report.errors[:5])
            raise ValueError(
                f"{pack}: pack does not validate ({len(report.errors)} errors): {details}"
            )
        stats = PackLabelStats(str(pack), plots=len(report.plots))
        conflicts_before = int(conflict.sum())
        for plot in report.plots:
            index = clcplus_to_index(plot.clcplus, target)
            if index is None:
                stats.no_clcplus += 1
                continue
            wkb = plot.shape.inner_wkb_wgs84 if geometry == "core" else plot.shape.wkb_wgs84
            if wkb is None:
                stats.no_core += 1
                continue
            geom = ogr.CreateGeometryFromWkb(wkb)
            geom.Transform(to_grid)
            placed = _burn(geom, grid, index, labels, written, conflict)
            if placed:
                stats.burnt += 1
                stats.pixels[index] = stats.pixels.get(index, 0) + placed
            else:
                stats.outside += 1
        stats.conflict_px = int(conflict.sum()) - conflicts_before
        all_stats.append(stats)
    labels[conflict] = IGNORE_INDEX
    return labels, all_stats


def _burn(
    geom: ogr.Geometry,
    grid: Grid,
    index: int,
    labels: np.ndarray,
    written: np.ndarray,
    conflict: np.ndarray,
) -> int:
    """Burn one plot into the window it covers; returns the number of pixels burnt."""
    gt = grid.transform
    minx, maxx, miny, maxy = geom.GetEnvelope()
    c0 = max(0, int(math.floor((minx - gt[0]) / gt[1])))
    c1 = min(grid.width, int(math.ceil((maxx - gt[0]) / gt[1])))
    r0 = max(0, int(math.floor((maxy - gt[3]) / gt[5])))
    r1 = min(grid.height, int(math.ceil((miny - gt[3]) / gt[5])))
    if c1 <= c0 or r1 <= r0:
        return 0
    mask = rasterize_mask(geom, grid.sub((c0, r0, c1 - c0, r1 - r0)))
    sub = labels[r0:r1, c0:c1]
    seen = written[r0:r1, c0:c1]
    conflict[r0:r1, c0:c1] |= mask & seen & (sub != index)
    sub[mask] = index
    seen |= mask
    return int(mask.sum())


def rasterize_mask(geom: ogr.Geometry, grid: Grid) -> np.ndarray:
    """Pixels of ``grid`` whose centre lies inside ``geom`` (already in the grid's CRS)."""
    with gdal_exceptions():
        mem = gdal.GetDriverByName("MEM").Create("", grid.width, grid.height, 1, gdal.GDT_Byte)
        mem.SetGeoTransform(grid.transform)
        mem.SetProjection(grid.crs_wkt)
        vec = ogr.GetDriverByName("Memory").CreateDataSource("")
        layer = vec.CreateLayer("plot", geom_type=ogr.wkbMultiPolygon)
        feat = ogr.Feature(layer.GetLayerDefn())
        feat.SetGeometry(geom)
        layer.CreateFeature(feat)
        gdal.RasterizeLayer(mem, [1], layer, burn_values=[1])
    return mem.GetRasterBand(1).ReadAsArray().astype(bool)


def merge_labels(dense: np.ndarray | None, sparse: np.ndarray | None) -> np.ndarray:
    """Pack labels (sparse, field-checked) override CLC+ (dense) where they exist."""
    if dense is None and sparse is None:
        raise ValueError("no label source")
    if dense is None:
        return sparse  # type: ignore[return-value]
    if sparse is None:
        return dense
    return np.where(sparse != IGNORE_INDEX, sparse, dense).astype(np.uint8)
