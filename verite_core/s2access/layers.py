"""The rasters of a product on the target grid (stage 1 of writing a stack).

Remote rasters are warped window-only (``/vsicurl/`` range requests on COGs) into local
GeoTIFFs, with retries; with a ``cache_dir`` they stay there for the next build, keyed by
the href (without its signature), the layer kind and the grid, and a file appears under
its final name only once complete. Local rasters (SAFE, THEIA) are read through in-memory
warped VRTs: nothing is copied. 20 m bands are resampled to 10 m bilinearly, masks with
the nearest neighbour.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from osgeo import gdal

from .errors import ProductError
from .gdalio import Grid, checked, gdal_session, with_retries

LayerKind = Literal["dn", "theia", "scl", "bits", "classi"]
THEIA_NODATA = -10000
_TIFF = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]
_WARP = {  # kind -> (data type, resampling, source nodata, destination nodata, INIT_DEST)
    "dn": (gdal.GDT_UInt16, "bilinear", 0, 0, "0"),
    "theia": (gdal.GDT_Int16, "bilinear", THEIA_NODATA, THEIA_NODATA, str(THEIA_NODATA)),
    "scl": (gdal.GDT_Byte, "near", 0, 0, "0"),
    "bits": (gdal.GDT_Byte, "near", "None", None, "255"),  # outside the product: flagged
    "classi": (gdal.GDT_Byte, "near", "None", None, "0"),
}

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Layer:
    """One raster of a product: a band (``dn``: uint16 DN; ``theia``: int16 reflectance x
    10000) or a mask (``scl`` classes; ``bits``: any bit set = bad; ``classi``: the L1C
    MSK_CLASSI bands 1 opaque clouds and 2 cirrus)."""

    path: str  # GDAL path
    kind: LayerKind = "dn"
    href: str | None = None  # the remote URL (cache key); None for local files


@dataclass(frozen=True)
class ProductSource:
    """One product to stack: its band and mask layers, level, date and DN offset."""

    product_id: str
    date: dt.date
    level: str
    baseline: str | None
    offset_dn: int
    bands: dict[str, Layer]
    masks: tuple[Layer, ...] = ()
    mask_name: str = "none"  # what the masks are, for S2_CLOUD_MASK
    remote: bool = False
    gdal_options: dict[str, str] = field(default_factory=dict)
    send_token: bool = False  # whether the bearer token goes with this product's reads


def open_layers(
    products: Sequence[ProductSource],
    bands: Sequence[str],
    grid: Grid,
    mask_clouds: bool,
    cache_dir: str,
    retries: int,
    token: str | None,
    report: Progress,
    is_canceled: Callable[[], bool] | None,
) -> dict[tuple[int, str | int], gdal.Dataset]:
    """{(product index, band name or mask index): the layer's dataset on the grid}."""
    wanted: list[tuple[int, str | int, Layer]] = []
    for i, p in enumerate(products):
        wanted += [(i, b, p.bands[b]) for b in bands]
        if mask_clouds:
            wanted += [(i, m, layer) for m, layer in enumerate(p.masks)]
    datasets = {}
    for done, (i, key, layer) in enumerate(wanted):
        product = products[i]
        label = key if isinstance(key, str) else f"mask{key + 1}"
        what = f"{label if isinstance(key, str) else 'the cloud mask'} of {product.product_id}"

        def step(f: float, done: int = done) -> None:
            report((done + f) / len(wanted))

        if product.remote:
            name = f"{_safe(product.product_id)}_{label}"
            path = _fetch(
                layer, grid, what, name, cache_dir, retries, token, product, step, is_canceled
            )
            with gdal_session() as messages:
                datasets[i, key] = checked(gdal.Open(path), messages)
        else:
            datasets[i, key] = _warped_vrt(layer, grid, what)
        report((done + 1) / len(wanted))
    return datasets


def _warp_options(layer: Layer, grid: Grid, fmt: str, callback=None) -> gdal.WarpOptions:
    dtype, resampling, src_nodata, dst_nodata, init = _WARP[layer.kind]
    return gdal.WarpOptions(
        format=fmt,
        outputBounds=grid.bounds,
        width=grid.width,
        height=grid.height,
        dstSRS=grid.crs_wkt,
        resampleAlg=resampling,
        outputType=dtype,
        srcNodata=src_nodata,
        dstNodata=dst_nodata,
        warpOptions=[f"INIT_DEST={init}"],
        creationOptions=_TIFF if fmt == "GTiff" else None,
        callback=callback,
    )


def _fetch(
    layer: Layer,
    grid: Grid,
    what: str,
    name: str,
    cache_dir: str,
    retries: int,
    token: str | None,
    product: ProductSource,
    step: Progress,
    is_canceled: Callable[[], bool] | None,
) -> str:
    """The layer warped to the grid in a local GeoTIFF (from the cache when there); the
    file appears under its final name only once complete."""
    key = [(layer.href or layer.path).split("?")[0], layer.kind, grid.crs_wkt, grid.bounds]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:20]
    path = os.path.join(cache_dir, f"{name}_{digest}.tif")
    if os.path.exists(path):
        step(1.0)
        return path
    os.makedirs(cache_dir, exist_ok=True)
    partial = f"{path}.{uuid.uuid4().hex}.part"

    def callback(fraction: float, _msg: object, _data: object) -> int:
        step(fraction)
        return 0 if (is_canceled is not None and is_canceled()) else 1

    def warp(messages: list[str]) -> None:
        src = checked(gdal.Open(layer.path), messages)  # Warp itself takes None badly
        options = _warp_options(layer, grid, "GTiff", callback)
        checked(gdal.Warp(partial, src, options=options), messages).FlushCache()

    try:
        with_retries(
            warp,
            what,
            retries=retries,
            token=token if product.send_token else None,
            options=product.gdal_options,
            is_canceled=is_canceled,
            clear_prefix=layer.path,
        )
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
    return path


def _warped_vrt(layer: Layer, grid: Grid, what: str) -> gdal.Dataset:
    with gdal_session() as messages:
        try:
            src = checked(gdal.Open(layer.path), messages)
            options = _warp_options(layer, grid, "VRT")
            return checked(gdal.Warp("", src, options=options), messages)
        except RuntimeError as exc:
            raise ProductError(f"Cannot read {what}: {exc}", " | ".join(messages)) from None


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:80]
