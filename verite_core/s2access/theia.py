"""THEIA MAJA L2A products (CNES/THEIA "MUSCATE" format) as a ``ProductSource``.

Layout: ``SENTINEL2B_20240612-104619-000_L2A_T31UDP_C_V3-1/`` (folder, or a zip holding
it) with ``<name>_FRE_B2.tif`` ... ``<name>_FRE_B12.tif`` (flat reflectance, slope
corrected) and ``<name>_SRE_<band>.tif`` (surface reflectance), 10 m for B2 B3 B4 B8 and
20 m for B5 B6 B7 B8A B11 B12, int16 reflectance x 10000 with no offset and no data
-10000; ``MASKS/<name>_CLM_R1.tif`` (clouds and shadows, a bit field: any bit set = bad)
and ``MASKS/<name>_EDG_R1.tif`` (1 = outside the swath), R1 = 10 m, R2 = 20 m;
``<name>_MTD_ALL.xml`` (PRODUCT_ID, ACQUISITION_DATE, REFLECTANCE_QUANTIFICATION_VALUE).

Into the stack: DN = reflectance x 10000 with offset 0 (``S2_OFFSET_DN`` 0); no data
becomes 0; negative reflectances (a few, in shadows and water) become DN 1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from verite_core.sentinel2 import QUANTIFICATION_VALUE

from .errors import ProductError
from .gdalio import Grid
from .layers import Layer, ProductSource
from .local import ProductTree, native_grid, xml_text

_NAME = re.compile(r"(SENTINEL2[ABCD]_(\d{8})-\d{6}-\d{3}_L2A_T\w{5}_\w_V\d+-\d+)", re.I)
_BAND_10M = ("B02", "B03", "B04", "B08")


def theia_band(band: str) -> str:
    """Our band name as THEIA writes it: B02 -> B2, B8A -> B8A, B11 -> B11."""
    return re.sub(r"^B0(\d)$", r"B\1", band)


def read_theia(
    tree: ProductTree, bands: Sequence[str], reflectance: str = "FRE"
) -> tuple[ProductSource, Grid]:
    kind = reflectance.upper()
    if kind not in ("FRE", "SRE"):
        raise ValueError(f"reflectance must be 'FRE' or 'SRE', not {reflectance!r}")
    mtd = tree.find(r"_MTD_ALL\.xml$")
    if not mtd:
        raise ProductError(f"{tree.path} is not a THEIA MAJA L2A product: it has no *_MTD_ALL.xml.")
    xml = tree.read_xml(mtd[0])
    folder = mtd[0].rsplit("/", 1)[0] + "/" if "/" in mtd[0] else ""
    match = _NAME.search(mtd[0])
    product_id = xml_text(xml, "PRODUCT_ID") or (match[1] if match else mtd[0])
    when = xml_text(xml, "ACQUISITION_DATE")
    if when:
        date = dt.date.fromisoformat(when[:10])
    elif match:
        date = dt.datetime.strptime(match[2], "%Y%m%d").date()
    else:
        raise ProductError(f"{product_id}: no ACQUISITION_DATE in its metadata.")
    quantification = xml_text(xml, "REFLECTANCE_QUANTIFICATION_VALUE")
    if quantification and float(quantification) != QUANTIFICATION_VALUE:
        raise ProductError(f"{product_id}: unexpected quantification value {quantification}.")

    files: dict[str, str] = {}
    for band in bands:
        names = tree.find(f"^{re.escape(folder)}[^/]+_{kind}_{theia_band(band)}\\.tif$")
        if names:
            files[band] = names[0]
    missing = [b for b in bands if b not in files]
    if missing:
        raise ProductError(f"{product_id} has no {kind} file for band {', '.join(missing)}.")
    masks = tuple(
        Layer(tree.gdal_path(names[0]), "bits")
        for names in (
            tree.find(r"MASKS/[^/]+_CLM_R1\.tif$"),
            tree.find(r"MASKS/[^/]+_EDG_R1\.tif$"),
        )
        if names
    )
    finest = next((b for b in bands if b in _BAND_10M), bands[0])
    grid = native_grid(tree.gdal_path(files[finest]), f"{finest} of {product_id}")
    product = ProductSource(
        product_id=product_id,
        date=date,
        level="L2A",
        baseline=None,
        offset_dn=0,
        bands={b: Layer(tree.gdal_path(files[b]), "theia") for b in bands},
        masks=masks,
        mask_name="clm" if masks else "none",
    )
    return product, grid
