"""Opening local SAFE (L1C, L2A) and THEIA MAJA L2A products, folders and zips, into stacks."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pytest
from osgeo import gdal
from s2_fixtures import (
    CLOUD_DN,
    EPSG,
    X0,
    Y0,
    SceneSpec,
    make_safe,
    make_theia,
    reflectance_dn,
    theia_name,
    utm_bbox,
)

from verite_core.s2access import ProductError, open_safe_as_stack, open_theia_as_stack
from verite_core.sentinel2 import DEFAULT_BANDS

L2A = SceneSpec("2024-06-12", clouds=(0, 30, 0, 30), nodata=(100, 120, 0, 120))
L1C_OLD = SceneSpec("2021-06-12", baseline="03.01", level="L1C")
L1C_NEW = SceneSpec("2024-06-12", level="L1C", clouds=(0, 30, 0, 30))
SIZE = 120


def read(path):
    ds = gdal.Open(path)
    return ds, ds.ReadAsArray()


def truth(band, offset, rows=slice(0, SIZE), cols=slice(0, SIZE)):
    r, c = np.mgrid[rows, cols]
    return reflectance_dn(band, r, c) + offset


def masked(*boxes):
    """Pixels that must be no data: the boxes, grown by the one-pixel mask margin."""
    out = np.zeros((SIZE, SIZE), bool)
    for r0, r1, c0, c1 in boxes:
        out[max(r0 - 1, 0) : r1 + 1, max(c0 - 1, 0) : c1 + 1] = True
    return out


def check_bands(a, offset, nodata, bands=DEFAULT_BANDS):
    for i, band in enumerate(bands):
        want = np.where(nodata, 0, truth(band, offset))
        if band in ("B02", "B03", "B04", "B08"):
            assert np.array_equal(a[i], want), band
        else:  # 20 m bands: bilinear is exact inside, clamped on the product's edge
            assert np.array_equal(a[i][1:-1, 1:-1], want[1:-1, 1:-1]), band


@pytest.fixture(scope="module")
def products(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("products"))
    return {
        "l2a": make_safe(folder, L2A, SIZE),
        "l2a.zip": make_safe(folder, L2A, SIZE, as_zip=True),
        "l1c-old.zip": make_safe(folder, L1C_OLD, SIZE, as_zip=True),
        "l1c": make_safe(folder, L1C_NEW, SIZE),
        "theia": make_theia(folder, size10=SIZE),
        "theia.zip": make_theia(folder, size10=SIZE, as_zip=True),
    }


def test_safe_l2a_folder(products, tmp_path):
    out = open_safe_as_stack(products["l2a"], str(tmp_path / "l2a.tif"))
    ds, a = read(out)
    assert ds.GetGeoTransform() == (X0, 10.0, 0.0, Y0, 0.0, -10.0)
    assert ds.GetSpatialRef().GetAuthorityCode(None) == str(EPSG)
    assert (ds.RasterXSize, ds.RasterYSize) == (SIZE, SIZE) and a.dtype == np.uint16
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(10)] == list(DEFAULT_BANDS)
    meta = ds.GetMetadata()
    assert meta["S2_LEVEL"] == "L2A" and meta["S2_PRODUCT_IDS"] == L2A.product_id
    assert meta["S2_DATES"] == "2024-06-12" and meta["S2_PROCESSING_BASELINES"] == "05.10"
    assert meta["S2_OFFSET_DN"] == "-1000"  # BOA_ADD_OFFSET in MTD_MSIL2A.xml
    assert (meta["S2_CLOUD_MASK"], meta["S2_SOURCE"]) == ("scl", "safe")
    # B02 comes from R10m, not from the (wrong on purpose) R20m copy
    check_bands(a, 1000, masked((0, 30, 0, 30), (100, 120, 0, 120)))


def test_safe_zip_reads_like_the_folder(products, tmp_path):
    bbox = utm_bbox(40, 50, 90, 110)  # rows 40..89, cols 50..109
    a_zip = read(
        open_safe_as_stack(
            products["l2a.zip"], str(tmp_path / "z.tif"), bbox=bbox, bbox_crs=f"EPSG:{EPSG}"
        )
    )
    a_dir = read(
        open_safe_as_stack(
            products["l2a"], str(tmp_path / "d.tif"), bbox=bbox, bbox_crs=f"EPSG:{EPSG}"
        )
    )
    ds, a = a_zip
    assert ds.GetGeoTransform() == (X0 + 500, 10.0, 0.0, Y0 - 400, 0.0, -10.0)
    assert np.array_equal(a, a_dir[1])
    assert np.array_equal(a[0], truth("B02", 1000, slice(40, 90), slice(50, 110)))


def test_safe_l1c_before_baseline_04(products, tmp_path):
    ds, a = read(open_safe_as_stack(products["l1c-old.zip"], str(tmp_path / "old.tif")))
    meta = ds.GetMetadata()
    assert (meta["S2_LEVEL"], meta["S2_OFFSET_DN"], meta["S2_CLOUD_MASK"]) == ("L1C", "0", "none")
    check_bands(a, 0, np.zeros((SIZE, SIZE), bool))


def test_safe_l1c_with_msk_classi(products, tmp_path):
    ds, a = read(open_safe_as_stack(products["l1c"], str(tmp_path / "new.tif")))
    meta = ds.GetMetadata()
    assert (meta["S2_OFFSET_DN"], meta["S2_CLOUD_MASK"]) == ("-1000", "msk_classi")
    check_bands(a, 1000, masked((0, 30, 0, 30)))


def test_clouds_kept_on_request(products, tmp_path):
    out = open_safe_as_stack(
        products["l2a"], str(tmp_path / "raw.tif"), ("B04",), mask_clouds=False
    )
    ds, a = read(out)
    assert ds.GetMetadataItem("S2_CLOUD_MASK") == "none"
    assert (a[:30, :30] == CLOUD_DN).all() and (a[100:] == 0).all()


def test_theia_folder_and_zip(products, tmp_path):
    ds, a = read(open_theia_as_stack(products["theia"], str(tmp_path / "t.tif")))
    meta = ds.GetMetadata()
    assert meta["S2_PRODUCT_IDS"] == theia_name() and meta["S2_DATES"] == "2024-06-12"
    assert (meta["S2_LEVEL"], meta["S2_OFFSET_DN"], meta["S2_SOURCE"]) == ("L2A", "0", "theia")
    assert meta["S2_CLOUD_MASK"] == "clm"
    assert ds.GetGeoTransform() == (X0, 10.0, 0.0, Y0, 0.0, -10.0)
    nodata = masked((0, 30, 0, 30), (90, 120, 0, 120))  # CLM clouds, EDG edge
    assert np.array_equal(a[0][nodata], np.zeros(nodata.sum()))
    # reflectance x 10000, no offset; the slightly negative pixel becomes DN 1
    assert a[0][60, 60] == 1
    for i, band in enumerate(("B02", "B03", "B04")):
        want = truth(band, 0)
        want[60, 60] = 1
        assert np.array_equal(a[i][~nodata], want[~nodata]), band
    _, a_zip = read(open_theia_as_stack(products["theia.zip"], str(tmp_path / "z.tif")))
    assert np.array_equal(a, a_zip)


def test_theia_sre_and_band_subset(products, tmp_path):
    out = open_theia_as_stack(
        products["theia"], str(tmp_path / "sre.tif"), bands=("B8A", "B11"), reflectance="SRE"
    )
    ds, a = read(out)
    assert ds.GetMetadataItem("S2_BANDS") == "B8A,B11" and a.shape == (2, SIZE, SIZE)
    with pytest.raises(ValueError, match="FRE"):
        open_theia_as_stack(products["theia"], str(tmp_path / "x.tif"), reflectance="TOA")


def test_not_a_product(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ProductError, match="not a Sentinel-2 SAFE product"):
        open_safe_as_stack(str(tmp_path / "empty"), str(tmp_path / "x.tif"))
    with pytest.raises(ProductError, match="not a THEIA MAJA L2A product"):
        open_theia_as_stack(str(tmp_path / "empty"), str(tmp_path / "x.tif"))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ProductError, match="neither a folder nor a zip"):
        open_safe_as_stack(str(tmp_path / "notes.txt"), str(tmp_path / "x.tif"))
    assert not (tmp_path / "x.tif").exists()


def test_missing_band_and_broken_file(tmp_path):
    safe = make_safe(str(tmp_path), L2A, 60)
    b11 = [os.path.join(d, f) for d, _, fs in os.walk(safe) for f in fs if "_B11_20m" in f][0]
    os.remove(b11)
    with pytest.raises(ProductError, match="no image file for band B11"):
        open_safe_as_stack(safe, str(tmp_path / "x.tif"))
    b04 = [os.path.join(d, f) for d, _, fs in os.walk(safe) for f in fs if "_B04_10m" in f][0]
    with open(b04, "r+b") as f:
        f.truncate(300)
    with pytest.raises(ProductError, match="B04"):
        open_safe_as_stack(safe, str(tmp_path / "x.tif"), bands=("B02", "B04"))
    assert sorted(os.listdir(tmp_path)) == [os.path.basename(safe)]  # no stack, no partial


def test_zip_without_the_xml(tmp_path):
    path = tmp_path / "S2B_MSIL2A_20240612T104619_N0510_R051_T31UDP_20240612T131201.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("S2B.SAFE/GRANULE/x/IMG_DATA/R10m/T31UDP_B02_10m.jp2", b"")
    with pytest.raises(ProductError, match="MTD_MSIL1C.xml or MTD_MSIL2A.xml"):
        open_safe_as_stack(str(path), str(tmp_path / "x.tif"))
