"""Sentinel-2 SAFE products (L1C and L2A) as a ``ProductSource``.

Layouts read (ESA Product Specification Document, PSD 14.x):

* ``<name>.SAFE/MTD_MSIL2A.xml`` and ``GRANULE/L2A_<tile>_.../IMG_DATA/R10m|R20m|R60m/
  T<tile>_<time>_<band>_<res>m.jp2`` (SCL in R20m); the finest resolution of each band is
  used.
* ``<name>.SAFE/MTD_MSIL1C.xml`` and ``GRANULE/L1C_<tile>_.../IMG_DATA/T<tile>_<time>_<band>.jp2``;
  clouds from ``QI_DATA/MSK_CLASSI_B00.jp2`` (baseline 04.00 on) when present.

The DN offset is the product's own ``BOA_ADD_OFFSET`` (L2A) / ``RADIO_ADD_OFFSET`` (L1C)
when listed, else the processing-baseline rule of ``verite_core.sentinel2``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from verite_core.sentinel2 import QUANTIFICATION_VALUE, offset_for, parse_product_id

from .errors import ProductError
from .gdalio import Grid
from .layers import Layer, ProductSource
from .local import ProductTree, native_grid, xml_text, xml_texts

_BAND_10M = ("B02", "B03", "B04", "B08")
_L2A = re.compile(r"IMG_DATA/R(?:10|20|60)m/[^/]+_(B\d\d|B8A|SCL)_(10|20|60)m\.jp2$", re.I)
_L1C = re.compile(r"IMG_DATA/[^/]+_(B\d\d|B8A)\.jp2$", re.I)


def read_safe(tree: ProductTree, bands: Sequence[str]) -> tuple[ProductSource, Grid]:
    mtd = tree.find(r"(^|/)MTD_MSIL(1C|2A)\.xml$")
    if not mtd:
        raise ProductError(
            f"{tree.path} is not a Sentinel-2 SAFE product: it has no MTD_MSIL1C.xml or "
            "MTD_MSIL2A.xml."
        )
    name = min(mtd, key=len)
    level = "L2A" if name.upper().endswith("2A.XML") else "L1C"
    prefix = name[: -len("MTD_MSIL2A.xml")]
    xml = tree.read_xml(name)
    product_id = (xml_text(xml, "PRODUCT_URI") or prefix.rstrip("/")).removesuffix(".SAFE")
    baseline = xml_text(xml, "PROCESSING_BASELINE")
    date = _sensing_date(xml_text(xml, "PRODUCT_START_TIME"), product_id)
    l2a = level == "L2A"
    quantification = xml_text(xml, "BOA_QUANTIFICATION_VALUE" if l2a else "QUANTIFICATION_VALUE")
    if quantification and float(quantification) != QUANTIFICATION_VALUE:
        raise ProductError(f"{product_id}: unexpected quantification value {quantification}.")
    offsets = xml_texts(xml, "BOA_ADD_OFFSET" if l2a else "RADIO_ADD_OFFSET")
    offset = _offset(offsets, baseline, date, product_id)

    images = tree.find(f"^{re.escape(prefix)}GRANULE/[^/]+/IMG_DATA/")
    granules = {n.split("/IMG_DATA/")[0] for n in images}
    if len(granules) != 1:
        raise ProductError(
            f"{product_id}: expected one granule with IMG_DATA, found {len(granules)}."
        )
    found: dict[str, tuple[int, str]] = {}  # band -> (resolution, name)
    for n in images:
        match = (_L2A if l2a else _L1C).search(n)
        if match is None:
            continue
        band = match[1].upper()
        res = int(match[2]) if l2a else (10 if band in _BAND_10M else 20)
        if band not in found or res < found[band][0]:
            found[band] = (res, n)
    missing = [b for b in bands if b not in found]
    if missing:
        raise ProductError(f"{product_id} has no image file for band {', '.join(missing)}.")

    layers = {b: Layer(tree.gdal_path(found[b][1])) for b in bands}
    masks: tuple[Layer, ...] = ()
    mask_name = "none"
    if l2a and "SCL" in found:
        masks, mask_name = (Layer(tree.gdal_path(found["SCL"][1]), "scl"),), "scl"
    classi = tree.find(r"QI_DATA/MSK_CLASSI_B00\.jp2$")
    if not l2a and classi:
        masks, mask_name = (Layer(tree.gdal_path(classi[0]), "classi"),), "msk_classi"
    finest = min(bands, key=lambda b: found[b][0])
    grid = native_grid(tree.gdal_path(found[finest][1]), f"{finest} of {product_id}")
    product = ProductSource(
        product_id=product_id,
        date=date,
        level=level,
        baseline=baseline,
        offset_dn=offset,
        bands=layers,
        masks=masks,
        mask_name=mask_name,
    )
    return product, grid


def _sensing_date(start: str | None, product_id: str) -> dt.date:
    if start:
        return dt.date.fromisoformat(start[:10])
    try:
        return parse_product_id(product_id).sensing_date
    except ValueError:
        raise ProductError(f"{product_id}: no sensing date (PRODUCT_START_TIME).") from None


def _offset(values: list[str], baseline: str | None, date: dt.date, product_id: str) -> int:
    if values:
        offsets = sorted({round(float(v)) for v in values})
        if len(offsets) != 1 or offsets[0] not in (0, -1000):
            raise ProductError(f"{product_id}: unsupported radiometric offsets {offsets}.")
        return offsets[0]
    try:
        return offset_for(baseline, date)
    except ValueError:
        return offset_for(None, date)
