"""Sentinel-2 band names and the conversion of digital numbers (DN) to reflectance.

Sentinel-2 L1C (top of atmosphere) and L2A (surface) products store reflectance as
unsigned 16-bit DN with a quantification value of 10000. Since processing baseline 04.00
(in production from 2022-01-25) both levels add an offset of +1000 DN (``RADIO_ADD_OFFSET``
for L1C, ``BOA_ADD_OFFSET`` for L2A, both -1000 in the product metadata), so:

* baseline >= 04.00: reflectance = (DN - 1000) / 10000
* baseline <  04.00: reflectance = DN / 10000

DN 0 is "no data" in both levels.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from verite_core.pack.reference import sentinel2_bands

Level = Literal["L1C", "L2A"]

#: The ten 10 m and 20 m bands (the 60 m atmospheric bands B01, B09, B10 are left out).
DEFAULT_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
QUANTIFICATION_VALUE = 10000
#: DN added to reflectance * 10000 from processing baseline 04.00 on (subtracted here).
BASELINE_0400_OFFSET_DN = -1000
BASELINE_0400 = (4, 0)
BASELINE_0400_DATE = dt.date(2022, 1, 25)
NODATA_DN = 0

_PRODUCT_RE = re.compile(
    r"S2[ABCD]_MSI(?P<level>L1C|L2A)_(?P<date>\d{8})T\d{6}_N(?P<baseline>\d{4})", re.I
)
_BASELINE_RE = re.compile(r"^N?(?P<major>\d{1,2})\.?(?P<minor>\d{2})$")


def band_names() -> tuple[str, ...]:
    """All Sentinel-2 band names, in the order of the bundled band table."""
    return tuple(sentinel2_bands())


def check_band_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names, upper-cased ('b8a' -> 'B8A'); ValueError on unknown or repeated names."""
    known = set(band_names())
    out = tuple(str(n).upper() for n in names)
    unknown = [n for n in out if n not in known]
    if unknown:
        raise ValueError(f"unknown Sentinel-2 bands {unknown}; known: {sorted(known)}")
    if len(set(out)) != len(out):
        raise ValueError(f"repeated bands in {list(out)}")
    if not out:
        raise ValueError("no bands given")
    return out


def parse_baseline(text: str) -> tuple[int, int]:
    """'04.00', '4.00', 'N0400' or '0400' -> (4, 0)."""
    match = _BASELINE_RE.match(str(text).strip())
    if not match:
        raise ValueError(f"not a processing baseline: {text!r} (expected e.g. '04.00' or 'N0400')")
    return int(match["major"]), int(match["minor"])


@dataclass(frozen=True)
class ProductInfo:
    level: Level
    sensing_date: dt.date
    baseline: tuple[int, int]


def parse_product_id(product_id: str) -> ProductInfo:
    """Level, sensing date and baseline from a product name such as
    ``S2B_MSIL2A_20240612T104619_N0510_R051_T31UDP_20240612T131201``."""
    match = _PRODUCT_RE.search(product_id)
    if not match:
        raise ValueError(f"not a Sentinel-2 L1C/L2A product id: {product_id!r}")
    date = dt.datetime.strptime(match["date"], "%Y%m%d").date()
    return ProductInfo(match["level"].upper(), date, parse_baseline(match["baseline"]))  # type: ignore[arg-type]


def offset_for(
    baseline: str | tuple[int, int] | None = None, sensing_date: dt.date | None = None
) -> int:
    """The DN offset (0 or -1000) from the processing baseline, else from the sensing date.

    The baseline is authoritative (reprocessed archives carry 05.xx baselines for old dates);
    the date rule (>= 2022-01-25) is the fallback for products whose baseline is unknown.
    """
    if baseline is not None:
        parsed = parse_baseline(baseline) if isinstance(baseline, str) else baseline
        return BASELINE_0400_OFFSET_DN if parsed >= BASELINE_0400 else 0
    if sensing_date is not None:
        return BASELINE_0400_OFFSET_DN if sensing_date >= BASELINE_0400_DATE else 0
    raise ValueError("the offset needs the processing baseline or the sensing date")


@dataclass(frozen=True)
class ReflectanceScaling:
    """reflectance = (DN + offset_dn) / quantification; DN 0 is no data."""

    level: Level
    offset_dn: int = 0
    quantification: int = QUANTIFICATION_VALUE

    @classmethod
    def for_product(
        cls,
        level: Level | None = None,
        baseline: str | None = None,
        sensing_date: str | dt.date | None = None,
        product_id: str | None = None,
        offset_dn: int | None = None,
    ) -> ReflectanceScaling:
        """Scaling from what is known of a product; explicit values beat the product id."""
        info = parse_product_id(product_id) if product_id else None
        if isinstance(sensing_date, str):
            sensing_date = dt.date.fromisoformat(sensing_date)
        level = level or (info.level if info else None)
        if level not in ("L1C", "L2A"):
            raise ValueError("the product level (L1C or L2A) is not known")
        if offset_dn is None:
            base = baseline if baseline is not None else (info.baseline if info else None)
            date = sensing_date or (info.sensing_date if info else None)
            offset_dn = offset_for(base, date)
        if offset_dn not in (0, BASELINE_0400_OFFSET_DN):
            raise ValueError(f"unexpected DN offset {offset_dn} (0 or -1000)")
        return cls(level, offset_dn)

    def apply(self, dn: np.ndarray) -> np.ndarray:
        """Float32 reflectance; no-data pixels (DN 0) come out as NaN."""
        out = (dn.astype(np.float32) + np.float32(self.offset_dn)) / np.float32(self.quantification)
        out[dn == NODATA_DN] = np.nan
        return out


def ndvi(red: np.ndarray, nir: np.ndarray) -> np.ndarray:
    """(NIR - red) / (NIR + red), 0 where both are 0."""
    red, nir = red.astype(np.float32), nir.astype(np.float32)
    den = nir + red
    return np.divide(nir - red, den, out=np.zeros_like(den), where=den != 0)
