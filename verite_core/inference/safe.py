"""Sentinel-2 SAFE products, as a folder or a .zip: the band files under
``GRANULE/*/IMG_DATA`` and what the product metadata says about the DN (level, processing
baseline, ``BOA_ADD_OFFSET`` / ``RADIO_ADD_OFFSET``).

Band files are opened by GDAL (JP2OpenJPEG), inside zips through ``/vsizip/``; the
metadata XML is parsed with the standard library, so GDAL's SENTINEL2 driver is not needed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from verite_core.sentinel2 import BASELINE_0400_OFFSET_DN, offset_for, parse_product_id

from .errors import SourceError

_MTD = re.compile(r"(?:^|/)MTD_MSI(L1C|L2A)\.xml$", re.I)
_BAND = re.compile(r"(?:^|[_\-.])(B(?:0[1-9]|1[0-2]|8A))(?=[_\-.]|$)", re.I)
_RES = re.compile(r"_(\d{2,3})m$", re.I)
RASTER_SUFFIXES = (".jp2", ".j2k", ".tif", ".tiff", ".vrt", ".img")


def band_in_name(name: str) -> str | None:
    """'T31UDP_20240612T104619_B8A_20m.jp2' -> 'B8A'; 's2_B02.jp2' -> 'B02'; else None."""
    match = _BAND.search(PurePosixPath(name).stem)
    return match[1].upper() if match else None


def resolution_in_name(name: str) -> int | None:
    """The ``_10m`` / ``_20m`` / ``_60m`` suffix of L2A band files."""
    match = _RES.search(PurePosixPath(name).stem)
    return int(match[1]) if match else None


def pick_band_files(names: list[str]) -> dict[str, str]:
    """Band name -> file among ``names``: the finest resolution (by name) when a band has
    several files (L2A: B02 in R10m, R20m and R60m), then the shallowest, then by name."""
    best: dict[str, tuple[int, int, str]] = {}
    for name in names:
        band = band_in_name(name)
        if not band or not name.lower().endswith(RASTER_SUFFIXES):
            continue
        key = (resolution_in_name(name) or 0, name.count("/"), name)
        if band not in best or key < best[band]:
            best[band] = key
    return {band: key[2] for band, key in best.items()}


@dataclass(frozen=True)
class SafeProduct:
    """What a SAFE product holds for the engine."""

    product_id: str | None
    level: str | None
    baseline: str | None
    offset_dn: int | None
    band_files: dict[str, str] = field(default_factory=dict)  # band -> GDAL path


def is_safe(path: Path) -> bool:
    """A SAFE folder, its MTD_MSIL*.xml, or a zip holding one."""
    if path.is_dir():
        return path.suffix.upper() == ".SAFE" or any(path.glob("MTD_MSI*.xml"))
    if _MTD.search(path.name):
        return True
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return any(_MTD.search(n) for n in zf.namelist())
    return False


def read_safe(path: Path) -> SafeProduct:
    """Band files and DN metadata of a SAFE folder or zip (SourceError when unusable)."""
    if path.is_file() and _MTD.search(path.name):
        path = path.parent
    if path.is_dir():
        names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file())
        prefix = path.resolve().as_posix() + "/"

        def read(name: str) -> bytes:
            return (path / name).read_bytes()
    else:
        with zipfile.ZipFile(path) as zf:
            names = sorted(n for n in zf.namelist() if not n.endswith("/"))
        prefix = f"/vsizip/{path.resolve().as_posix()}/"

        def read(name: str) -> bytes:
            with zipfile.ZipFile(path) as zf:
                return zf.read(name)

    mtds = sorted((n for n in names if _MTD.search(n)), key=lambda n: n.count("/"))
    if not mtds:
        raise SourceError(f"{path}: no MTD_MSIL1C.xml / MTD_MSIL2A.xml: not a Sentinel-2 SAFE")
    images = [n for n in names if "/IMG_DATA/" in f"/{n}"]
    granules = {n.split("/IMG_DATA/")[0] for n in images if "/IMG_DATA/" in n}
    if len(granules) > 1:
        raise SourceError(
            f"{path}: {len(granules)} granules; open one granule's IMG_DATA folder instead"
        )
    meta = parse_product_metadata(read(mtds[0]), mtds[0])
    files = {band: prefix + name for band, name in pick_band_files(images).items()}
    if not files:
        raise SourceError(f"{path}: no band files (…_B02….jp2) under GRANULE/*/IMG_DATA")
    if meta.product_id is None:
        match = re.search(r"S2[A-D]_MSIL(?:1C|2A)_[^/]*?(?=\.SAFE|/|$)", prefix + mtds[0])
        meta = SafeProduct(match[0] if match else None, meta.level, meta.baseline, meta.offset_dn)
    return SafeProduct(meta.product_id, meta.level, meta.baseline, meta.offset_dn, files)


def _texts(root: ET.Element, tag: str) -> list[str]:
    return [(e.text or "").strip() for e in root.iter() if e.tag.rsplit("}", 1)[-1] == tag]


def parse_product_metadata(xml: bytes, name: str = "MTD_MSIL2A.xml") -> SafeProduct:
    """Level, product id, baseline and DN offset from a product's MTD_MSIL*.xml."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise SourceError(f"{name}: not valid XML ({exc})") from None
    match = _MTD.search(name)
    level = match[1].upper() if match else None
    uri = next(iter(_texts(root, "PRODUCT_URI")), "") or None
    product_id = uri[: -len(".SAFE")] if uri and uri.upper().endswith(".SAFE") else uri
    baseline = next(iter(_texts(root, "PROCESSING_BASELINE")), "") or None
    offsets = {int(float(v)) for v in _texts(root, "BOA_ADD_OFFSET") + _texts(root, "RADIO_ADD_OFFSET") if v}  # fmt: skip
    if len(offsets) > 1:
        raise SourceError(f"{name}: the bands have different DN offsets {sorted(offsets)}")
    try:
        info = parse_product_id(product_id) if product_id else None
        if offsets:
            offset: int | None = offsets.pop()
            if offset not in (0, BASELINE_0400_OFFSET_DN):
                raise ValueError(f"unexpected DN offset {offset} (0 or -1000)")
        elif baseline:
            offset = offset_for(baseline)
        else:
            offset = offset_for(info.baseline) if info else None
    except ValueError as exc:
        raise SourceError(f"{name}: {exc}") from None
    return SafeProduct(product_id, level or (info.level if info else None), baseline, offset)
