"""Small Sentinel-2 products for the tests: STAC scenes of COGs, SAFE folders and zips
(L1C, L2A) and THEIA MAJA L2A products, with the real file naming and metadata XML.

Every product shows the same ground: a reflectance that is a linear ramp,
``reflectance_dn(band, row, col) = base(band) + 4 col + 2 row + 3`` (x 10000, at 10 m
pixel (row, col) of the tile), so 20 m bands resampled bilinearly to 10 m give the 10 m
values back exactly away from the edges, and the expected stack is known pixel by pixel.
Products of baseline 04.00 or later add 1000 DN; clouds are very bright (8000 DN) and
flagged in SCL / CLM, so a stack that does not mask them is visibly wrong.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zipfile
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, osr

EPSG = 32631
X0, Y0 = 399960.0, 5500020.0  # upper-left corner of MGRS tile 31UDP
TILE = "31UDP"
BANDS_10M = ("B02", "B03", "B04", "B08")
BANDS_20M = ("B05", "B06", "B07", "B8A", "B11", "B12")
CLOUD_DN = 8000


def base(band: str) -> int:
    order = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12")
    return 300 + 150 * order.index(band)


def reflectance_dn(band: str, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The ground truth (reflectance x 10000) at 10 m pixels (rows, cols) of the tile."""
    return base(band) + 4 * cols + 2 * rows + 3


def _native(band: str, size10: int, res: int) -> np.ndarray:
    """The truth at a band's native resolution: pixel centres of a ``res`` m grid."""
    n = size10 * 10 // res
    r, c = np.mgrid[0:n, 0:n].astype(np.float64)
    x, y = (c + 0.5) * res / 10 - 0.5, (r + 0.5) * res / 10 - 0.5  # in 10 m pixel units
    return np.rint(base(band) + 4 * x + 2 * y + 3).astype(np.int32)


def srs_wkt(epsg: int = EPSG) -> str:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def write_raster(
    path: str,
    array: np.ndarray,
    res: float,
    driver: str = "GTiff",
    nodata: float | None = None,
    options: list[str] | None = None,
) -> str:
    """A raster on the tile's grid at ``res`` metres, written with ``driver``."""
    arrays = array if array.ndim == 3 else array[None]
    dtype = {"uint16": gdal.GDT_UInt16, "int16": gdal.GDT_Int16, "uint8": gdal.GDT_Byte}
    mem = gdal.GetDriverByName("MEM").Create(
        "", arrays.shape[2], arrays.shape[1], arrays.shape[0], dtype[str(arrays.dtype)]
    )
    mem.SetGeoTransform((X0, res, 0, Y0, 0, -res))
    mem.SetProjection(srs_wkt())
    for i, a in enumerate(arrays, start=1):
        mem.GetRasterBand(i).WriteArray(a)
        if nodata is not None:
            mem.GetRasterBand(i).SetNoDataValue(nodata)
    out = gdal.GetDriverByName(driver).CreateCopy(path, mem, options=options or [])
    out.FlushCache()
    del out  # closes the file
    return path


def lonlat_bbox(row0: int, col0: int, row1: int, col1: int) -> tuple[float, ...]:
    """A lon/lat bbox strictly inside 10 m pixels [row0, row1) x [col0, col1) of the tile
    (shrunk by a metre so that snapping outward gives exactly these pixels back)."""
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(EPSG)
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    x0, x1 = X0 + col0 * 10 + 1, X0 + col1 * 10 - 1
    y0, y1 = Y0 - row1 * 10 + 1, Y0 - row0 * 10 - 1
    return tuple(ct.TransformBounds(x0, y0, x1, y1, 21))


def utm_bbox(row0: int, col0: int, row1: int, col1: int) -> tuple[float, float, float, float]:
    """The UTM (EPSG:32631) bbox of 10 m pixels [row0, row1) x [col0, col1), shrunk by 1 m."""
    return (X0 + col0 * 10 + 1, Y0 - row1 * 10 + 1, X0 + col1 * 10 - 1, Y0 - row0 * 10 - 1)


# ---------------------------------------------------------------------- STAC scenes


def fast_loopback(monkeypatch) -> None:
    """Loopback never through a proxy; short pauses between retries (GDAL's and ours)."""
    from verite_core.s2access import gdalio, search

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setitem(gdalio.HTTP_OPTIONS, "GDAL_HTTP_RETRY_DELAY", "0.01")
    monkeypatch.setattr(gdalio, "RETRY_BACKOFF_S", 0.01)
    monkeypatch.setattr(search, "API_RETRIES", 1)


@dataclass(frozen=True)
class SceneSpec:
    date: str  # YYYY-MM-DD
    baseline: str = "05.10"
    cloud_cover: float = 10.0  # scene-wide eo:cloud_cover
    clouds: tuple[int, int, int, int] | None = None  # 10 m rows/cols [r0, r1) x [c0, c1)
    nodata: tuple[int, int, int, int] | None = None
    level: str = "L2A"
    platform: str = "S2B"
    noise: bool = False  # add random DN 0..255: files that do not compress to nothing

    @property
    def product_id(self) -> str:
        day = self.date.replace("-", "")
        n = self.baseline.replace(".", "")
        return f"{self.platform}_MSI{self.level}_{day}T104619_N{n}_R051_T{TILE}_{day}T131201"

    @property
    def item_id(self) -> str:
        return f"{self.platform}_{TILE}_{self.date.replace('-', '')}_0_{self.level}"

    @property
    def offset(self) -> int:
        return 1000 if self.baseline >= "04.00" else 0


def _region(shape: int, res: int, box: tuple[int, int, int, int] | None) -> np.ndarray:
    """A boolean mask at ``res`` of a 10 m pixel box."""
    mask = np.zeros((shape, shape), bool)
    if box is not None:
        f = res // 10
        mask[box[0] // f : -(-box[1] // f), box[2] // f : -(-box[3] // f)] = True
    return mask


def band_array(spec: SceneSpec, band: str, size10: int, res: int) -> np.ndarray:
    truth = _native(band, size10, res) + spec.offset
    n = truth.shape[0]
    truth[_region(n, res, spec.clouds)] = CLOUD_DN
    truth[_region(n, res, spec.nodata)] = 0
    if spec.noise:
        truth += np.random.default_rng(res).integers(0, 256, truth.shape) * (truth > 0)
    return truth.astype(np.uint16)


def scl_array(spec: SceneSpec, size10: int) -> np.ndarray:
    n = size10 // 2
    scl = np.full((n, n), 4, np.uint8)  # vegetation
    scl[_region(n, 20, spec.clouds)] = 9  # cloud, high probability
    scl[_region(n, 20, spec.nodata)] = 0
    return scl


EARTH_SEARCH_KEYS = {
    "B02": "blue",
    "B03": "green",
    "B04": "red",
    "B05": "rededge1",
    "B06": "rededge2",
    "B07": "rededge3",
    "B08": "nir",
    "B8A": "nir08",
    "B11": "swir16",
    "B12": "swir22",
    "SCL": "scl",
}


def add_stac_scene(
    server,
    folder: str,
    spec: SceneSpec,
    size10: int = 384,
    keys: dict[str, str] | None = None,
    collection: str | None = None,
) -> dict:
    """COGs of every 10/20 m band (and SCL for L2A) served by ``server`` and an Earth
    Search v1-like item (``keys``: band -> asset key) registered in its collection. The
    COGs are written once per ``folder`` and spec (pass a session-wide folder)."""
    keys = keys or EARTH_SEARCH_KEYS
    collection = collection or f"sentinel-2-{spec.level.lower()}"
    if collection not in server.collections:
        server.add_collection(collection)
    cog = ["BLOCKSIZE=128", "COMPRESS=DEFLATE", "OVERVIEWS=AUTO"]
    tag = hashlib.sha1(repr((spec, size10)).encode()).hexdigest()[:8]
    assets = {}
    for band in (*BANDS_10M, *BANDS_20M, *(("SCL",) if spec.level == "L2A" else ())):
        res = 10 if band in BANDS_10M else 20
        path = os.path.join(folder, f"{spec.item_id}_{tag}_{band}.tif")
        if not os.path.exists(path):  # same spec, same files: reused across tests
            array = (
                scl_array(spec, size10) if band == "SCL" else band_array(spec, band, size10, res)
            )
            write_raster(path, array, res, "COG", nodata=0, options=cog)
        asset = {
            "href": server.serve_file(path),
            "type": "image/tiff; application=geotiff; profile=cloud-optimized",
            "roles": ["data"],
            "gsd": res,
        }
        if band != "SCL":
            offset = -0.1 if spec.offset else 0.0
            asset["raster:bands"] = [{"nodata": 0, "scale": 0.0001, "offset": offset}]
        assets[keys[band]] = asset
    x1, y1 = X0 + size10 * 10, Y0 - size10 * 10
    src = osr.SpatialReference()
    src.ImportFromEPSG(EPSG)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon0, lat0, lon1, lat1 = osr.CoordinateTransformation(src, dst).TransformBounds(
        X0, y1, x1, Y0, 21
    )
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    item = {
        "type": "Feature",
        "stac_version": "1.0.0",
        "stac_extensions": [],
        "id": spec.item_id,
        "collection": collection,
        "bbox": [lon0, lat0, lon1, lat1],
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {
            "datetime": f"{spec.date}T10:56:19.024000Z",
            "platform": f"sentinel-2{spec.platform[-1].lower()}",
            "constellation": "sentinel-2",
            "eo:cloud_cover": spec.cloud_cover,
            "proj:epsg": EPSG,
            "s2:processing_baseline": spec.baseline,
            "s2:product_uri": f"{spec.product_id}.SAFE",
        },
        "assets": assets,
        "links": [],
    }
    server.add_item(item)
    return item


# ---------------------------------------------------------------------- SAFE


def _xml_offsets(level: str, baseline: str) -> str:
    if baseline < "04.00":
        return ""
    tag, outer = (
        ("BOA_ADD_OFFSET", "BOA_ADD_OFFSET_VALUES_LIST")
        if level == "L2A"
        else ("RADIO_ADD_OFFSET", "Radiometric_Offset_List")
    )
    values = "".join(f'<{tag} band_id="{i}">-1000</{tag}>' for i in range(13))
    return f"<{outer}>{values}</{outer}>"


def safe_xml(spec: SceneSpec) -> str:
    level = spec.level
    quant = (
        '<QUANTIFICATION_VALUES_LIST><BOA_QUANTIFICATION_VALUE unit="none">10000'
        "</BOA_QUANTIFICATION_VALUE></QUANTIFICATION_VALUES_LIST>"
        if level == "L2A"
        else '<QUANTIFICATION_VALUE unit="none">10000</QUANTIFICATION_VALUE>'
    )
    root = f"Level-{level[1:]}_User_Product"
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:{root} xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_{root[:8]}.xsd">
  <n1:General_Info>
    <Product_Info>
      <PRODUCT_START_TIME>{spec.date}T10:46:19.024Z</PRODUCT_START_TIME>
      <PRODUCT_STOP_TIME>{spec.date}T10:46:19.024Z</PRODUCT_STOP_TIME>
      <PRODUCT_URI>{spec.product_id}.SAFE</PRODUCT_URI>
      <PROCESSING_LEVEL>Level-{level[1:]}</PROCESSING_LEVEL>
      <PRODUCT_TYPE>S2MSI{level[1:]}</PRODUCT_TYPE>
      <PROCESSING_BASELINE>{spec.baseline}</PROCESSING_BASELINE>
      <GENERATION_TIME>{spec.date}T13:12:01.000000Z</GENERATION_TIME>
      <Datatake datatakeIdentifier="G{spec.platform}_{spec.date.replace("-", "")}T104619_037841_N{spec.baseline}">
        <SPACECRAFT_NAME>Sentinel-2{spec.platform[-1]}</SPACECRAFT_NAME>
        <SENSING_ORBIT_NUMBER>51</SENSING_ORBIT_NUMBER>
      </Datatake>
    </Product_Info>
    <Product_Image_Characteristics>
      <Special_Values><SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT><SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX></Special_Values>
      {quant}
      {_xml_offsets(level, spec.baseline)}
    </Product_Image_Characteristics>
  </n1:General_Info>
</n1:{root}>
"""


def make_safe(folder: str, spec: SceneSpec, size10: int = 120, as_zip: bool = False) -> str:
    """A SAFE product (real JPEG 2000 when GDAL's JP2OpenJPEG driver can write, otherwise
    GeoTIFF content under the .jp2 names), as a folder or a zip of it."""
    safe = os.path.join(folder, f"{spec.product_id}.SAFE")
    day = spec.date.replace("-", "")
    granule = os.path.join(safe, "GRANULE", f"{spec.level}_T{TILE}_A037841_{day}T104620")
    prefix = f"T{TILE}_{day}T104619"
    os.makedirs(os.path.join(granule, "QI_DATA"), exist_ok=True)
    with open(os.path.join(safe, f"MTD_MSI{spec.level}.xml"), "w") as f:
        f.write(safe_xml(spec))
    with open(os.path.join(granule, "MTD_TL.xml"), "w") as f:
        f.write('<?xml version="1.0"?><n1:Level-1C_Tile_ID xmlns:n1="x"/>')
    jp2 = gdal.GetDriverByName("JP2OpenJPEG")
    driver, options = ("JP2OpenJPEG", ["REVERSIBLE=YES", "QUALITY=100"]) if jp2 else ("GTiff", [])

    def put(rel: str, array: np.ndarray, res: int) -> None:
        path = os.path.join(granule, "IMG_DATA", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_raster(path, array, res, driver, options=options)
        for extra in (path + ".aux.xml",):
            if os.path.exists(extra):
                os.remove(extra)

    for band in (*BANDS_10M, *BANDS_20M):
        res = 10 if band in BANDS_10M else 20
        array = band_array(spec, band, size10, res)
        if spec.level == "L2A":
            put(f"R{res}m/{prefix}_{band}_{res}m.jp2", array, res)
        else:
            put(f"{prefix}_{band}.jp2", array, res)
    if spec.level == "L2A":
        put(f"R20m/{prefix}_SCL_20m.jp2", scl_array(spec, size10), 20)
        # the 20 m version of a 10 m band exists too; it must not be used (wrong on purpose)
        put(f"R20m/{prefix}_B02_20m.jp2", np.full((size10 // 2,) * 2, 1, np.uint16), 20)
    elif spec.baseline >= "04.00":
        classi = np.zeros((3, size10 // 6, size10 // 6), np.uint8)  # 60 m
        classi[0] = _region(size10 // 6, 60, spec.clouds)
        write_raster(
            os.path.join(granule, "QI_DATA", "MSK_CLASSI_B00.jp2"),
            classi,
            60,
            driver,
            options=options,
        )
    return _zip(safe, os.path.join(folder, f"{spec.product_id}.zip")) if as_zip else safe


def _zip(folder: str, path: str) -> str:
    root = os.path.dirname(folder)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                full = os.path.join(dirpath, name)
                z.write(full, os.path.relpath(full, root))
    return path


# ---------------------------------------------------------------------- THEIA


def theia_name(date: str = "2024-06-12", platform: str = "SENTINEL2B") -> str:
    return f"{platform}_{date.replace('-', '')}-104619-000_L2A_T{TILE}_C_V3-1"


def make_theia(
    folder: str,
    date: str = "2024-06-12",
    size10: int = 120,
    clouds: tuple[int, int, int, int] | None = (0, 30, 0, 30),
    edge: tuple[int, int, int, int] | None = (90, 120, 0, 120),
    as_zip: bool = False,
) -> str:
    """A THEIA MAJA L2A product: FRE and SRE bands (int16 reflectance x 10000, nodata
    -10000; one pixel slightly negative), MASKS/ CLM and EDG at R1 (10 m) and R2 (20 m),
    and the MTD_ALL.xml."""
    name = theia_name(date)
    root = os.path.join(folder, name)
    os.makedirs(os.path.join(root, "MASKS"), exist_ok=True)
    for band in (*BANDS_10M, *BANDS_20M):
        res = 10 if band in BANDS_10M else 20
        n = size10 * 10 // res
        values = _native(band, size10, res).astype(np.int16)
        values[_region(n, res, clouds)] = CLOUD_DN
        values[_region(n, res, edge)] = -10000
        values[n // 2, n // 2] = -35  # slightly negative reflectance exists in MAJA output
        theia_band = band.replace("B0", "B")
        for kind in ("FRE", "SRE"):
            write_raster(
                os.path.join(root, f"{name}_{kind}_{theia_band}.tif"), values, res, nodata=-10000
            )
    for r, res in (("R1", 10), ("R2", 20)):
        n = size10 * 10 // res
        write_raster(
            os.path.join(root, "MASKS", f"{name}_CLM_{r}.tif"),
            (_region(n, res, clouds) * 3).astype(np.uint8),
            res,
        )
        write_raster(
            os.path.join(root, "MASKS", f"{name}_EDG_{r}.tif"),
            _region(n, res, edge).astype(np.uint8),
            res,
        )
    with open(os.path.join(root, f"{name}_MTD_ALL.xml"), "w") as f:
        f.write(theia_xml(name, date))
    return _zip(root, os.path.join(folder, f"{name}.zip")) if as_zip else root


def theia_xml(name: str, date: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Muscate_Metadata_Document>
  <Metadata_Identification>
    <METADATA_FORMAT metadata_profile="USER" metadata_information="EXPERT" version="1.16">METADATA_MUSCATE</METADATA_FORMAT>
  </Metadata_Identification>
  <Dataset_Identification>
    <IDENTIFIER>{name}</IDENTIFIER>
    <AUTHORITY>THEIA</AUTHORITY>
    <PRODUCER>MUSCATE</PRODUCER>
    <PROJECT>SENTINEL2</PROJECT>
  </Dataset_Identification>
  <Product_Characteristics>
    <PRODUCT_ID>{name}</PRODUCT_ID>
    <ACQUISITION_DATE>{date}T10:46:19.000Z</ACQUISITION_DATE>
    <PRODUCTION_DATE>{dt.date.fromisoformat(date) + dt.timedelta(days=2)}T04:12:33.215Z</PRODUCTION_DATE>
    <PRODUCT_VERSION>3.1</PRODUCT_VERSION>
    <PRODUCT_LEVEL>L2A</PRODUCT_LEVEL>
    <PLATFORM>SENTINEL2B</PLATFORM>
    <SPECTRAL_CONTENT>XS</SPECTRAL_CONTENT>
  </Product_Characteristics>
  <Radiometric_Informations>
    <REFLECTANCE_QUANTIFICATION_VALUE>10000</REFLECTANCE_QUANTIFICATION_VALUE>
    <Special_Values_List>
      <SPECIAL_VALUE name="nodata">-10000</SPECIAL_VALUE>
      <SPECIAL_VALUE name="water_vapor_content_nodata">0</SPECIAL_VALUE>
      <SPECIAL_VALUE name="aerosol_optical_thickness_nodata">0</SPECIAL_VALUE>
    </Special_Values_List>
  </Radiometric_Informations>
</Muscate_Metadata_Document>
"""
