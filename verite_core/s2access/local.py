"""Open local Sentinel-2 products into the same stack as ``build_stack``: SAFE folders or
zips (L1C and L2A) and THEIA MAJA L2A folders or zips.

Zips are read in place through GDAL's ``/vsizip/`` (nothing is extracted). The stack is on
the product's own 10 m grid (its UTM zone), cropped to ``bbox`` when given.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Sequence
from xml.etree import ElementTree

from osgeo import gdal

from verite_core.sentinel2 import DEFAULT_BANDS, check_band_names

from .compose import write_stack
from .errors import ProductError
from .gdalio import Grid, checked, crop_grid, gdal_session
from .layers import ProductSource


class ProductTree:
    """The files of a product folder or zip: relative names, text, GDAL paths."""

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(path)
        if os.path.isdir(self.path):
            self.is_zip = False
            self.names = sorted(
                os.path.relpath(os.path.join(d, f), self.path).replace(os.sep, "/")
                for d, _dirs, files in os.walk(self.path)
                for f in files
            )
        elif zipfile.is_zipfile(self.path):
            self.is_zip = True
            with zipfile.ZipFile(self.path) as z:
                self.names = sorted(n for n in z.namelist() if not n.endswith("/"))
        else:
            raise ProductError(f"{path} is neither a folder nor a zip file.")

    def find(self, pattern: str) -> list[str]:
        """Names matching a regular expression (searched anywhere in the name)."""
        regex = re.compile(pattern, re.I)
        return [n for n in self.names if regex.search(n)]

    def read_xml(self, name: str) -> ElementTree.Element:
        try:
            if self.is_zip:
                with zipfile.ZipFile(self.path) as z:
                    data = z.read(name)
            else:
                with open(os.path.join(self.path, name), "rb") as f:
                    data = f.read()
            return ElementTree.fromstring(data)
        except (OSError, KeyError, ElementTree.ParseError) as exc:
            raise ProductError(f"Cannot read {name} in {self.path}: {exc}") from None

    def gdal_path(self, name: str) -> str:
        if self.is_zip:
            return f"/vsizip/{self.path}/{name}"
        return os.path.join(self.path, name)


def xml_text(root: ElementTree.Element, tag: str) -> str | None:
    """The text of the first element named ``tag`` (any namespace)."""
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == tag and element.text:
            return element.text.strip()
    return None


def xml_texts(root: ElementTree.Element, tag: str) -> list[str]:
    return [e.text.strip() for e in root.iter() if e.tag.rsplit("}", 1)[-1] == tag and e.text]


def native_grid(path: str, what: str) -> Grid:
    """The 10 m grid covering a raster (a 20 m raster gives twice as many pixels)."""
    with gdal_session() as messages:
        try:
            ds = checked(gdal.Open(path), messages)
        except RuntimeError as exc:
            raise ProductError(f"Cannot open {what}: {exc}", " | ".join(messages)) from None
        x0, rx, _, y0, _, ry = ds.GetGeoTransform()
        width = round(ds.RasterXSize * rx / 10.0)
        height = round(ds.RasterYSize * -ry / 10.0)
        return Grid(ds.GetProjection(), x0, y0, width, height, 10.0)


def _write(
    product: ProductSource,
    grid: Grid,
    output: str,
    bands: Sequence[str],
    mask_clouds: bool,
    bbox: tuple[float, float, float, float] | None,
    bbox_crs: str,
    source: str,
    progress: Callable[[float], None] | None,
    is_canceled: Callable[[], bool] | None,
) -> str:
    if bbox is not None:
        grid = crop_grid(grid, bbox, bbox_crs)
    return write_stack(
        [product],
        bands,
        grid,
        output,
        mask_clouds=mask_clouds,
        source=source,
        retries=0,
        progress=progress,
        is_canceled=is_canceled,
    )


def open_safe_as_stack(
    path: str,
    output: str,
    bands: Sequence[str] = DEFAULT_BANDS,
    mask_clouds: bool = True,
    bbox: tuple[float, float, float, float] | None = None,
    bbox_crs: str = "EPSG:4326",
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> str:
    """Stack a SAFE product (folder or zip, L1C or L2A). L2A is masked with SCL; L1C with
    MSK_CLASSI (opaque clouds, cirrus; baseline 04.00 on) when present."""
    from .safe import read_safe

    bands = check_band_names(bands)
    product, grid = read_safe(ProductTree(path), bands)
    return _write(
        product, grid, output, bands, mask_clouds, bbox, bbox_crs, "safe", progress, is_canceled
    )


def open_theia_as_stack(
    path: str,
    output: str,
    bands: Sequence[str] = DEFAULT_BANDS,
    mask_clouds: bool = True,
    bbox: tuple[float, float, float, float] | None = None,
    bbox_crs: str = "EPSG:4326",
    reflectance: str = "FRE",
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> str:
    """Stack a THEIA MAJA L2A product (folder or zip): ``FRE`` (slope-corrected, default)
    or ``SRE`` reflectance, masked with CLM (clouds, shadows) and EDG (edges). THEIA
    reflectance x 10000 becomes DN with offset 0 (``S2_OFFSET_DN`` 0), no data 0."""
    from .theia import read_theia

    bands = check_band_names(bands)
    product, grid = read_theia(ProductTree(path), bands, reflectance)
    return _write(
        product, grid, output, bands, mask_clouds, bbox, bbox_crs, "theia", progress, is_canceled
    )
