"""Write a stack from products on a 10 m grid (stage 2, shared by remote scenes and local
SAFE/THEIA products; stage 1, the layers on the grid, is ``layers.py``).

By strips of rows (bounded memory): DN 0 in any band, or a bad mask class (grown by one
pixel) → no data; DN offsets harmonised to one value; one product, or the per-pixel
median over the products; written to a hidden temporary file next to ``output`` and
renamed to it at the very end, so that a failure or a cancel never leaves a half-written
stack (and an older stack at that path stays as it was).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Callable, Sequence

import numpy as np
from osgeo import gdal

from verite_core.sentinel2 import BASELINE_0400_OFFSET_DN, QUANTIFICATION_VALUE

from .errors import Canceled, ProductError, S2AccessError
from .gdalio import Grid, checked, gdal_session
from .layers import THEIA_NODATA, Layer, ProductSource, Progress, open_layers

#: SCL classes masked: 0 no data, 1 saturated or defective, 3 cloud shadows,
#: 8 and 9 clouds (medium, high probability), 10 thin cirrus.
SCL_MASKED = (0, 1, 3, 8, 9, 10)
MEMORY_BUDGET = 128 * 1024 * 1024  # bytes of arrays per strip
_OUTPUT = [
    "TILED=YES",
    "COMPRESS=DEFLATE",
    "BIGTIFF=IF_SAFER",
    "PREDICTOR=2",
    "BLOCKXSIZE=256",
    "BLOCKYSIZE=256",
]


def write_stack(
    products: Sequence[ProductSource],
    bands: Sequence[str],
    grid: Grid,
    output: str,
    *,
    composite: str = "none",
    mask_clouds: bool = True,
    source: str = "",
    cache_dir: str | None = None,
    retries: int = 3,
    token: str | None = None,
    progress: Progress | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> str:
    """Write the stack of ``products`` on ``grid`` to ``output`` (replaced atomically)."""
    _check(products, bands, composite)
    if composite == "none":
        products = products[:1]  # the first (best ranked) product
    report = _monotonic(progress)
    target_offset = _target_offset(products)
    output = os.path.abspath(output)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="vt-s2-")
    folder, name = os.path.split(output)
    partial = os.path.join(folder, f".{name}.{uuid.uuid4().hex}.part")
    layers = out = None
    try:
        layers = open_layers(
            products,
            bands,
            grid,
            mask_clouds,
            cache_dir or workdir,
            retries,
            token,
            lambda f: report(0.85 * f),
            is_canceled,
        )
        with gdal_session() as messages:
            try:
                out = checked(_create(partial, grid, bands), messages)
                _compose(
                    products,
                    bands,
                    layers,
                    out,
                    grid,
                    mask_clouds,
                    target_offset,
                    lambda f: report(0.85 + 0.1 * f),
                    is_canceled,
                    messages,
                )
                out.SetMetadata(
                    _metadata(products, bands, composite, mask_clouds, target_offset, source)
                )
                _finish(out, grid, target_offset, messages)
            except RuntimeError as exc:
                raise S2AccessError(
                    f"Writing the stack failed: {exc}", " | ".join(messages)
                ) from None
        out = layers = None
        if is_canceled is not None and is_canceled():
            raise Canceled("Canceled: no stack was written.")
        os.replace(partial, output)
        report(1.0)
        return output
    finally:
        out = layers = None  # close every dataset before removing files
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        shutil.rmtree(workdir, ignore_errors=True)


def _monotonic(progress: Progress | None) -> Progress:
    """Progress that never goes back (a retried download restarts its own count)."""
    done = [0.0]

    def report(fraction: float) -> None:
        if fraction >= done[0]:
            done[0] = fraction
            if progress is not None:
                progress(fraction)

    return report


# ---------------------------------------------------------------------- checks


def _check(products: Sequence[ProductSource], bands: Sequence[str], composite: str) -> None:
    if not products:
        raise S2AccessError("No product to build the stack from.")
    if composite not in ("none", "median"):
        raise ValueError(f"composite must be 'none' or 'median', not {composite!r}")
    levels = sorted({p.level for p in products})
    if len(levels) > 1:
        raise S2AccessError(f"Cannot stack products of different levels ({', '.join(levels)}).")
    for p in products:
        missing = [b for b in bands if b not in p.bands]
        if missing:
            raise ProductError(f"{p.product_id} has no band {', '.join(missing)}.")


def _target_offset(products: Sequence[ProductSource]) -> int:
    """One offset for the stack: the products' own when they agree, else the 04.00 one
    (adding 1000 to older DN loses nothing; the reverse would clip negative reflectance)."""
    offsets = {p.offset_dn for p in products}
    return offsets.pop() if len(offsets) == 1 else BASELINE_0400_OFFSET_DN


# ---------------------------------------------------------------------- stage 2: compose


def _create(path: str, grid: Grid, bands: Sequence[str]) -> gdal.Dataset | None:
    driver = gdal.GetDriverByName("GTiff")
    ds = driver.Create(path, grid.width, grid.height, len(bands), gdal.GDT_UInt16, _OUTPUT)
    if ds is None:
        return None
    ds.SetGeoTransform(grid.geotransform)
    ds.SetProjection(grid.crs_wkt)
    for i, name in enumerate(bands, start=1):
        band = ds.GetRasterBand(i)
        band.SetDescription(name)
        band.SetNoDataValue(0)
    return ds


def _strip_rows(n_products: int, n_bands: int, width: int, height: int) -> int:
    per_row = width * n_products * (n_bands * 2 + 4 + 2)  # DN, a float band, masks
    return max(16, min(height, MEMORY_BUDGET // max(per_row, 1)))


def _read(
    ds: gdal.Dataset, top: int, rows: int, messages: list[str], what: str, p: ProductSource
) -> np.ndarray:
    try:
        return checked(ds.ReadAsArray(0, top, ds.RasterXSize, rows), messages)
    except RuntimeError as exc:
        error = S2AccessError if p.remote else ProductError
        details = " | ".join(messages)
        raise error(f"Cannot read {what} of {p.product_id}: {exc}", details) from None


def _dn(array: np.ndarray, layer: Layer) -> np.ndarray:
    if layer.kind == "theia":  # reflectance x 10000, no offset, nodata -10000 -> DN, nodata 0
        nodata = array == THEIA_NODATA
        array = np.clip(array, 1, None).astype(np.uint16)
        array[nodata] = 0
    return array


def _mask_ok(array: np.ndarray, layer: Layer) -> np.ndarray:
    """Where the mask says the pixel is usable, grown by one pixel around bad ones: the
    bilinear resampling of 20 m bands spreads a cloud's values one 10 m pixel around it."""
    if layer.kind == "scl":
        ok = ~np.isin(array, SCL_MASKED)
    elif layer.kind == "classi":  # band 1 opaque clouds, band 2 cirrus
        ok = (array[0] == 0) & (array[1] == 0)
    else:
        ok = array == 0
    padded = np.pad(ok, 1, mode="edge")
    grown = ok.copy()
    for dy in range(3):
        for dx in range(3):
            grown &= padded[dy : dy + ok.shape[0], dx : dx + ok.shape[1]]
    return grown


def _compose(
    products: Sequence[ProductSource],
    bands: Sequence[str],
    layers: dict,
    out: gdal.Dataset,
    grid: Grid,
    mask_clouds: bool,
    target_offset: int,
    report: Progress,
    is_canceled: Callable[[], bool] | None,
    messages: list[str],
) -> None:
    width, height, n = grid.width, grid.height, len(products)
    rows = _strip_rows(n, len(bands), width, height)
    for y0 in range(0, height, rows):
        if is_canceled is not None and is_canceled():
            raise Canceled("Canceled: no stack was written.")
        h = min(rows, height - y0)
        dn = np.empty((n, len(bands), h, width), np.uint16)
        valid = np.empty((n, h, width), bool)
        for i, p in enumerate(products):
            for j, b in enumerate(bands):
                dn[i, j] = _dn(_read(layers[i, b], y0, h, messages, b, p), p.bands[b])
            valid[i] = (dn[i] != 0).all(axis=0)
            if mask_clouds:
                top, bottom = max(0, y0 - 1), min(height, y0 + h + 1)  # one row around
                for m, layer in enumerate(p.masks):
                    array = _read(layers[i, m], top, bottom - top, messages, "the cloud mask", p)
                    valid[i] &= _mask_ok(array, layer)[y0 - top : y0 - top + h]
            shift = p.offset_dn - target_offset
            if shift:
                dn[i] = np.clip(dn[i].astype(np.int32) + shift, 1, 65535).astype(np.uint16)
        for j in range(len(bands)):
            if n == 1:
                result = np.where(valid[0], dn[0, j], 0).astype(np.uint16)
            else:
                values = dn[:, j].astype(np.float32)
                values[~valid] = np.nan
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN pixels
                    median = np.nanmedian(values, axis=0)
                result = np.where(np.isnan(median), 0, np.rint(median)).astype(np.uint16)
            if out.GetRasterBand(j + 1).WriteArray(result, 0, y0) != 0:
                raise RuntimeError(messages[-1] if messages else "cannot write")
        report(min(1.0, (y0 + h) / height))


def _metadata(products, bands, composite, mask_clouds, target_offset, source) -> dict[str, str]:
    kinds = {p.mask_name for p in products} if mask_clouds else {"none"}
    mask = kinds.pop() if len(kinds) == 1 else "partial"
    return {
        "S2_LEVEL": products[0].level,
        "S2_PRODUCT_IDS": ",".join(p.product_id for p in products),
        "S2_DATES": ",".join(p.date.isoformat() for p in products),
        "S2_PROCESSING_BASELINES": ",".join(p.baseline or "unknown" for p in products),
        "S2_OFFSET_DN": str(target_offset),
        "S2_QUANTIFICATION_VALUE": str(QUANTIFICATION_VALUE),
        "S2_COMPOSITE": "median" if composite == "median" and len(products) > 1 else "none",
        "S2_CLOUD_MASK": mask,
        "S2_BANDS": ",".join(bands),
        "S2_SOURCE": source,
    }


def _finish(ds: gdal.Dataset, grid: Grid, offset: int, messages: list[str]) -> None:
    """Overviews (for display) and each band's scale/offset: GDAL's unscaled value is the
    reflectance, ``DN / 10000 + S2_OFFSET_DN / 10000``."""
    factors, f = [], 2
    while min(grid.width, grid.height) // f >= 256:
        factors.append(f)
        f *= 2
    if factors and ds.BuildOverviews("AVERAGE", factors) != 0:
        raise RuntimeError(messages[-1] if messages else "cannot build overviews")
    for i in range(1, ds.RasterCount + 1):
        ds.GetRasterBand(i).SetScale(1.0 / QUANTIFICATION_VALUE)
        ds.GetRasterBand(i).SetOffset(offset / QUANTIFICATION_VALUE)
    if ds.FlushCache() not in (None, 0):
        raise RuntimeError(messages[-1] if messages else "cannot write")
