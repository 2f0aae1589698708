"""STAC items of Sentinel-2 products as ``Scene`` objects.

What is read from an item: the asset of each band (the catalog's key, the band name,
``B02_10m``-style keys, or the asset whose ``eo:bands``/``bands`` name is the band; an
``s3://`` href is replaced by its HTTPS ``alternate`` when the catalog reads with a token),
the ESA product name (``s2:product_uri``), the processing baseline
(``s2:processing_baseline``, ``processing:version``, or from the product name), the DN
offset of the pixels, the EPSG code and a quicklook.

The DN offset, in this order: Earth Search's ``earthsearch:boa_offset_applied: true``
means its COGs were already shifted (DN / 10000 = reflectance), so 0 whatever else the
item says (its ``raster:bands`` offset is known to be wrong then); else the assets'
``raster:bands`` scale 0.0001 / offset -0.1 (or 0) when given; else the processing
baseline rule of ``verite_core.sentinel2`` (the sensing date when the baseline is unknown).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from osgeo import ogr

from verite_core.sentinel2 import offset_for, parse_baseline, parse_product_id

from .catalogs import Catalog
from .signing import SasSigner

_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11")
ASSET_BANDS = (*_BANDS, "B12", "SCL")
_QUICKLOOKS = ("thumbnail", "rendered_preview", "preview", "QUICKLOOK", "quicklook")


@dataclass(frozen=True)
class Scene:
    id: str
    datetime: dt.datetime
    level: str
    cloud_cover: float | None  # scene-wide, percent
    area_cloud_cover: float | None  # percent of the bbox's data pixels cloudy (SCL)
    footprint_wkt: str
    quicklook_url: str | None
    processing_baseline: str | None
    assets: dict[str, str]  # band name (and "SCL") -> href (signed when the catalog signs)
    product_id: str | None = None  # the ESA product name when the item gives it
    offset_dn: int | None = None  # DN offset of the assets' pixels (0 or -1000)
    epsg: int | None = None
    collection: str | None = None
    area_data_cover: float | None = None  # percent of the bbox with data (SCL != 0)
    gdal_options: dict[str, str] = field(default_factory=dict)  # to read the assets
    catalog_url: str | None = None  # a token goes only to asset hosts of the same site

    @property
    def area_clear_share(self) -> float | None:
        """Percent of the bbox seen clear: with data, not cloud, shadow or cirrus."""
        if self.area_data_cover is None:
            return None
        if self.area_cloud_cover is None:  # no data over the area
            return 0.0
        return self.area_data_cover * (100.0 - self.area_cloud_cover) / 100.0


def asset_key(assets: dict[str, Any], band: str, mapping: dict[str, str]) -> str | None:
    """The asset holding a band: the catalog's key, the band name, ``B02_10m``-style keys,
    or an asset whose ``eo:bands``/``bands`` name is the band."""
    candidates = [mapping.get(band), band, *(f"{band}_{r}m" for r in (10, 20, 60))]
    for key in candidates:
        if key and key in assets:
            return key
    for key, asset in assets.items():
        listed = asset.get("eo:bands") or asset.get("bands") or []
        if len(listed) == 1 and str(listed[0].get("name", "")).upper() == band:
            return key
    return None


def _href(asset: dict[str, Any], catalog: Catalog) -> str:
    href = str(asset["href"])
    alternate = (asset.get("alternate") or {}).get("https", {}).get("href")
    if href.startswith("s3://") and alternate and catalog.auth == "token":
        return str(alternate)
    return href


def _raster_offset(asset: dict[str, Any]) -> int | None:
    """The DN offset stated by the asset (``raster:bands`` scale 0.0001, offset -0.1)."""
    band = (asset.get("raster:bands") or asset.get("bands") or [{}])[0]
    scale, offset = band.get("scale", asset.get("scale")), band.get("offset", asset.get("offset"))
    if scale is None or offset is None or not np.isclose(scale, 1e-4):
        return None
    dn = round(offset / scale)
    return dn if dn in (0, -1000) else None


def scene_from_item(
    item: dict[str, Any], catalog: Catalog, level: str, collection: str, signer: SasSigner | None
) -> Scene:
    props = item.get("properties", {})
    when = dt.datetime.fromisoformat(str(props["datetime"]).replace("Z", "+00:00"))
    assets: dict[str, str] = {}
    raster_offset = None
    for band in ASSET_BANDS:
        key = asset_key(item.get("assets", {}), band, catalog.band_assets)
        if key is None:
            continue
        href = _href(item["assets"][key], catalog)
        assets[band] = signer.sign(href, collection) if signer else href
        if band != "SCL" and raster_offset is None:
            raster_offset = _raster_offset(item["assets"][key])
    product_id = str(props.get("s2:product_uri") or "").removesuffix(".SAFE") or None
    if product_id is None and item["id"].startswith("S2") and "_MSIL" in item["id"]:
        product_id = item["id"]
    baseline = props.get("s2:processing_baseline") or props.get("processing:version")
    if baseline is None and product_id:
        try:
            major, minor = parse_product_id(product_id).baseline
            baseline = f"{major:02d}.{minor:02d}"
        except ValueError:
            pass
    try:
        parsed = parse_baseline(baseline) if baseline else None
    except ValueError:
        parsed = None
    if props.get("earthsearch:boa_offset_applied") is True:
        offset = 0
    elif raster_offset is not None:
        offset = raster_offset
    else:
        offset = offset_for(parsed, when.date())
    epsg = props.get("proj:epsg") or str(props.get("proj:code", "")).removeprefix("EPSG:")
    geometry = ogr.CreateGeometryFromJson(json.dumps(item.get("geometry") or {}))
    quicklook = next((item["assets"][k]["href"] for k in _QUICKLOOKS if k in item["assets"]), None)
    return Scene(
        id=item["id"],
        datetime=when,
        level=level,
        cloud_cover=props.get("eo:cloud_cover"),
        area_cloud_cover=None,
        footprint_wkt=geometry.ExportToWkt() if geometry is not None else "",
        quicklook_url=quicklook,
        processing_baseline=str(baseline) if baseline else None,
        assets=assets,
        product_id=product_id,
        offset_dn=offset,
        epsg=int(epsg) if str(epsg).isdigit() else None,
        collection=collection,
        gdal_options=dict(catalog.gdal_options),
        catalog_url=catalog.url,
    )
