"""Where each Sentinel-2 band of an image is: ``open_image`` and ``ImageSource``.

An image is one of:

* a multi-band raster whose band descriptions are band names (``B02``, ``B8A``, also
  GDAL's ``B2, central wavelength …``), or with an explicit ``band_map`` {name: band number};
* a folder, or a list of files, with one band per file named like ``s2_B02.jp2`` or
  ``T31UDP_20240612T104619_B8A_20m.jp2`` (``band_map`` {name: path} adds or overrides);
* a Sentinel-2 L1C/L2A SAFE product: the ``.SAFE`` folder, its ``MTD_MSIL*.xml`` or the
  ``.zip`` (read through ``/vsizip/``).

The image grid is the finest band's (10 m for Sentinel-2); coarser bands are resampled
onto it when read (``reader.py``). Nothing is read here but headers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from osgeo import gdal

from verite_core.pack.gdal_env import gdal_exceptions
from verite_core.sentinel2 import band_names, check_band_names, offset_for, parse_product_id

from .errors import SourceError
from .safe import band_in_name, is_safe, pick_band_files, read_safe

_DESCRIPTION = re.compile(r"^\s*B0?(\d{1,2}|8A)\b", re.I)
_PRODUCT = re.compile(r"S2[A-D]_MSIL(?:1C|2A)_\d{8}T\d{6}_N\d{4}[^/\\]*?(?=\.SAFE|\.zip|[/\\]|$)")


@dataclass(frozen=True)
class BandSource:
    """One Sentinel-2 band in some raster (``band_index`` counts from 1, like GDAL)."""

    path: str
    band_index: int
    name: str


@dataclass(frozen=True)
class ImageSource:
    """The image grid (the finest band's) and where each band is."""

    bands: dict[str, BandSource]
    width: int
    height: int
    geotransform: tuple
    crs_wkt: str
    level: str | None  # "L1C" / "L2A" when known
    offset_dn: int | None  # 0 or -1000 when known (processing baseline 04.00 rule)
    product_id: str | None

    @property
    def resolution(self) -> float:
        return abs(float(self.geotransform[1]))

    def missing(self, names: Sequence[str]) -> list[str]:
        """Those of ``names`` the image lacks."""
        return [n for n in names if n not in self.bands]


def band_from_description(text: str) -> str | None:
    """'B02', 'b8a', 'B2, central wavelength 490 nm' -> 'B02' / 'B8A'; else None."""
    match = _DESCRIPTION.match(text or "")
    if not match:
        return None
    name = "B8A" if match[1].upper() == "8A" else f"B{int(match[1]):02d}"
    return name if name in band_names() else None


def _open(path: str) -> gdal.Dataset:
    try:
        with gdal_exceptions():
            ds = gdal.Open(path, gdal.GA_ReadOnly)
    except RuntimeError as exc:
        raise SourceError(f"{path}: GDAL cannot open it ({exc})") from None
    if ds is None:
        raise SourceError(f"{path}: GDAL cannot open it")
    return ds


def _bands_of_file(path: str, ds: gdal.Dataset) -> dict[str, BandSource]:
    """A single-band file named after its band, or the bands its descriptions name."""
    name_band = band_in_name(path)
    if ds.RasterCount == 1 and name_band:
        return {name_band: BandSource(path, 1, name_band)}
    found: dict[str, BandSource] = {}
    for i in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(i)
        name = band_from_description(band.GetDescription()) or band_from_description(
            band.GetMetadataItem("BANDNAME") or ""
        )
        if name and name not in found:
            found[name] = BandSource(path, i, name)
    return found


def _folder_files(folder: Path) -> dict[str, str]:
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return {b: str(folder / n) for b, n in pick_band_files(names).items()}


def _apply_band_map(
    bands: dict[str, BandSource], band_map: Mapping[str, str | int], single: str | None, base: Path
) -> None:
    try:
        names = check_band_names(band_map)
    except ValueError as exc:
        raise SourceError(f"band_map: {exc}") from None
    for name, value in zip(names, band_map.values(), strict=True):
        if isinstance(value, int) and not isinstance(value, bool):
            if single is None:
                raise SourceError(
                    f"band_map[{name!r}] = {value}: a band number needs a single raster; "
                    "give a file path for per-band files"
                )
            bands[name] = BandSource(single, int(value), name)
        else:
            path = Path(str(value))
            path = path if path.is_absolute() or str(value).startswith("/vsi") else base / path
            bands[name] = BandSource(str(path), 1, name)


def _grid(ds: gdal.Dataset, path: str) -> tuple[tuple, str, int, int]:
    gt = tuple(ds.GetGeoTransform(can_return_null=True) or ())
    if not gt or gt[2] != 0 or gt[4] != 0 or gt[5] >= 0:
        raise SourceError(f"{path}: needs a north-up geotransform (georeferenced raster)")
    if not ds.GetProjection():
        raise SourceError(f"{path}: raster has no CRS")
    return gt, ds.GetProjection(), ds.RasterXSize, ds.RasterYSize


def _stack_metadata(path: str, ds: gdal.Dataset) -> tuple[str | None, str | None, int | None]:
    """Product ids, level and DN offset of a stack written by ``verite_core.s2access``
    (``S2_PRODUCT_IDS``, ``S2_LEVEL``, ``S2_OFFSET_DN``: authoritative, a composite's DN were
    harmonised to one offset)."""
    md = ds.GetMetadata() or {}
    offset = md.get("S2_OFFSET_DN")
    try:
        offset_dn = int(float(offset)) if offset not in (None, "") else None
    except ValueError:
        raise SourceError(f"{path}: S2_OFFSET_DN is not a number: {offset!r}") from None
    level = md.get("S2_LEVEL") or None
    return md.get("S2_PRODUCT_IDS") or None, level, offset_dn


def _product_from_paths(paths: Sequence[str]) -> str | None:
    for p in paths:
        match = _PRODUCT.search(p)
        if match:
            return match[0]
    return None


def open_image(
    path_or_paths: str | os.PathLike | Sequence[str | os.PathLike],
    band_map: Mapping[str, str | int] | None = None,
    level: str | None = None,
    offset_dn: int | None = None,
) -> ImageSource:
    """Find the bands of an image (see the module docstring); SourceError when unusable.

    ``level`` ("L1C"/"L2A") and ``offset_dn`` (0 or -1000) beat what the product's name or
    metadata say; without either the engine warns and assumes what it must.
    """
    many = not isinstance(path_or_paths, str | os.PathLike)
    paths = [str(p) for p in path_or_paths] if many else [str(path_or_paths)]  # type: ignore[union-attr]
    if not paths:
        raise SourceError("no input raster given")
    product_id, found_level, found_offset, single = None, None, None, None
    base = Path(paths[0]) if Path(paths[0]).is_dir() else Path(paths[0]).parent
    bands: dict[str, BandSource] = {}
    if not many and not paths[0].startswith("/vsi") and not Path(paths[0]).exists():
        raise SourceError(f"{paths[0]}: no such file or folder")
    if not many and not paths[0].startswith("/vsi") and is_safe(Path(paths[0])):
        safe = read_safe(Path(paths[0]))
        product_id, found_level, found_offset = safe.product_id, safe.level, safe.offset_dn
        bands = {b: BandSource(p, 1, b) for b, p in safe.band_files.items()}
    elif not many and Path(paths[0]).is_dir():
        bands = {b: BandSource(p, 1, b) for b, p in _folder_files(Path(paths[0])).items()}
    else:
        for p in paths:
            ds = _open(p)
            for name, src in _bands_of_file(p, ds).items():
                bands.setdefault(name, src)
            stack = _stack_metadata(p, ds)  # a stack from verite_core.s2access
            product_id = product_id or stack[0]
            found_level = found_level or stack[1]
            found_offset = found_offset if found_offset is not None else stack[2]
        single = paths[0] if len(paths) == 1 else None
    if band_map:
        _apply_band_map(bands, band_map, single, base)
    if not bands:
        raise SourceError(
            f"{', '.join(paths)}: no Sentinel-2 band found (name files like *_B02.tif, "
            "set band descriptions B02… or give band_map)"
        )
    grids = {}
    for path in sorted({b.path for b in bands.values()}):
        ds = _open(path)
        grids[path] = _grid(ds, path)
        for b in (b for b in bands.values() if b.path == path):
            if not 1 <= b.band_index <= ds.RasterCount:
                raise SourceError(f"{path}: no band {b.band_index} for {b.name}")
    order = {n: i for i, n in enumerate(band_names())}
    ref = min(bands.values(), key=lambda b: (abs(grids[b.path][0][1]), order[b.name]))
    gt, crs, width, height = grids[ref.path]
    product_id = product_id or _product_from_paths([b.path for b in bands.values()] + paths)
    if product_id and (found_level is None or found_offset is None):
        try:
            info = parse_product_id(product_id)
        except ValueError:
            info = None
        if info:
            found_level = found_level or info.level
            found_offset = found_offset if found_offset is not None else offset_for(info.baseline)
    level = level or found_level
    if level is not None and level not in ("L1C", "L2A"):
        raise SourceError(f"level must be 'L1C' or 'L2A', not {level!r}")
    offset = offset_dn if offset_dn is not None else found_offset
    if offset not in (None, 0, -1000):
        raise SourceError(f"offset_dn must be 0 or -1000, not {offset}")
    ordered = dict(sorted(bands.items(), key=lambda kv: order[kv[0]]))
    return ImageSource(ordered, width, height, gt, crs, level, offset, product_id)
