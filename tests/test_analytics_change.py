"""Sealed change between two rasters (verite_core.analytics.change) on constructed rasters
with known counts, nodata handling, grids that differ, and per-polygon exact fractions
checked against exactextract run on the change raster."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from verite_core.analytics import (
    AnalyticsCanceled,
    AnalyticsError,
    ChangeSummary,
    change_by_zone,
    change_raster,
)

X0, Y1 = 3750000.0, 2900000.0


def srs(epsg: int) -> osr.SpatialReference:
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write(path, values, origin=(X0, Y1), res=10.0, epsg=3035, nodata=255) -> str:
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), values.shape[1], values.shape[0], 1, gdal.GDT_Byte
    )
    ds.SetGeoTransform((origin[0], res, 0.0, origin[1], 0.0, -res))
    ds.SetProjection(srs(epsg).ExportToWkt())
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(values)
    ds = None
    return str(path)


def box(x0, y1, x1, y0) -> bytes:
    wkt = f"POLYGON(({x0} {y1}, {x1} {y1}, {x1} {y0}, {x0} {y0}, {x0} {y1}))"
    return ogr.CreateGeometryFromWkt(wkt).ExportToWkb()


@pytest.fixture()
def pair(tmp_path) -> tuple[str, str]:
    """40 x 50 pixels, 10 rows per situation:
    rows 0-4 lost (1 → 4), 5-9 stable sealed (1 → 1), 10-19 gained (5 → 1),
    20-29 stable not sealed (5 → 5 / 254 ignored in 2 columns), 30-39 nodata before (255)."""
    before = np.full((40, 50), 5, np.uint8)
    before[:10] = 1
    before[30:] = 255
    after = before.copy()
    after[:5] = 4
    after[10:20] = 1
    after[30:] = 1
    after[20:30, :2] = 254
    return write(tmp_path / "before.tif", before), write(tmp_path / "after.tif", after)


EXPECTED_COUNTS = {
    "stable_not_sealed": 480,
    "gained": 500,
    "lost": 250,
    "stable_sealed": 250,
    "nodata": 520,
}


def test_change_raster_counts_areas_and_file(pair, tmp_path):
    out = str(tmp_path / "change.tif")
    result = change_raster(*pair, out)
    assert result["pixel_counts"] == EXPECTED_COUNTS
    assert result["warped"] is False
    assert (result["gained_m2"], result["lost_m2"], result["stable_sealed_m2"]) == (
        50000.0,
        25000.0,
        25000.0,
    )
    assert result["net_m2"] == 25000.0
    assert result["valid_m2"] == (480 + 500 + 250 + 250) * 100.0
    ds = gdal.Open(out)
    band = ds.GetRasterBand(1)
    codes = band.ReadAsArray()
    assert (codes[:5] == 2).all() and (codes[5:10] == 3).all() and (codes[10:20] == 1).all()
    assert (codes[20:30, 2:] == 0).all() and (codes[20:30, :2] == 255).all()
    assert (codes[30:] == 255).all()
    assert band.GetNoDataValue() == 255
    assert band.GetCategoryNames()[:4] == ["stable not sealed", "gained", "lost", "stable sealed"]
    assert band.GetRasterColorTable().GetColorEntry(1)[:3] == (215, 25, 28)
    assert ds.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE"
    assert band.GetBlockSize() == [512, 512]
    assert ds.GetGeoTransform() == gdal.Open(pair[0]).GetGeoTransform()
    assert not [f for f in os.listdir(tmp_path) if "partial" in f]


def test_windows_and_overviews(pair, tmp_path, monkeypatch):
    from verite_core.analytics import change

    monkeypatch.setattr(change, "BLOCK", 16)  # 3 x 4 windows, ragged at the edges
    assert change_raster(*pair, str(tmp_path / "c.tif"))["pixel_counts"] == EXPECTED_COUNTS
    big = write(tmp_path / "big.tif", np.ones((600, 700), np.uint8))
    change_raster(big, big, str(tmp_path / "big-change.tif"))
    ds = gdal.Open(str(tmp_path / "big-change.tif"))
    band = ds.GetRasterBand(1)
    assert band.GetOverviewCount() == 1  # 2x: 300 x 350
    assert (band.GetOverview(0).ReadAsArray() == 3).all()


def test_change_by_zone_exact_fractions(pair):
    zones = [
        ("all", box(X0, Y1, X0 + 500, Y1 - 400)),
        # half of every pixel of columns 0..9 in rows 0..19: x in [X0 + 5, X0 + 100] ...
        ("half", box(X0 + 5, Y1, X0 + 105, Y1 - 200)),
        ("outside", box(X0 - 1000, Y1, X0 - 900, Y1 - 100)),
    ]
    all_, half, outside = change_by_zone(*pair, zones, srs(3035).ExportToWkt())
    assert all_ == ChangeSummary("all", 50000.0, 25000.0, 25000.0, 25000.0, 148000.0)
    # 10 columns wide (100 m, shifted by half a pixel): rows 0-4 lost, 5-9 stable, 10-19 gained
    assert half.lost_m2 == pytest.approx(5000.0)
    assert half.stable_sealed_m2 == pytest.approx(5000.0)
    assert half.gained_m2 == pytest.approx(10000.0)
    assert half.net_m2 == pytest.approx(5000.0)
    assert half.valid_m2 == pytest.approx(20000.0)
    assert outside == ChangeSummary("outside", 0.0, 0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("grid", ["5m", "shifted", "epsg2154"])
def test_after_on_another_grid_is_warped(pair, tmp_path, grid):
    before, after = pair
    values = gdal.Open(after).ReadAsArray()
    if grid == "5m":  # same area, twice the resolution: nearest gives back the same pixels
        other = write(tmp_path / "a5.tif", np.kron(values, np.ones((2, 2), np.uint8)), res=5.0)
    elif grid == "shifted":  # 3 m to the right: nearest gives back the same pixels
        other = write(tmp_path / "as.tif", values, origin=(X0 + 3.0, Y1))
    else:  # the same pixels, through EPSG:2154: a real reprojection
        other = str(tmp_path / "a2154.tif")
        gdal.Warp(other, after, dstSRS="EPSG:2154", xRes=5, yRes=5, resampleAlg="near")
    result = change_raster(before, other, str(tmp_path / "c.tif"))
    assert result["warped"] is True
    counts = result["pixel_counts"]
    if grid in ("5m", "shifted"):
        assert counts == EXPECTED_COUNTS
    else:
        assert abs(counts["gained"] - 500) <= 30 and abs(counts["lost"] - 250) <= 30
    # per zone on the same warped grid
    (s,) = change_by_zone(before, other, [(1, box(X0, Y1, X0 + 500, Y1 - 400))], "")
    assert s.gained_m2 == pytest.approx(result["gained_m2"])
    assert s.lost_m2 == pytest.approx(result["lost_m2"])
    assert s.valid_m2 == pytest.approx(result["valid_m2"])


def test_change_by_zone_equals_exactextract_on_the_change_raster(tmp_path):
    exactextract = pytest.importorskip("exactextract")
    rng = np.random.default_rng(5)
    before = rng.choice(
        np.array([1, 2, 5, 253, 255], np.uint8), (120, 150), p=[0.3, 0.3, 0.3, 0.05, 0.05]
    )
    after = rng.choice(np.array([1, 3, 8, 254], np.uint8), (120, 150), p=[0.4, 0.3, 0.25, 0.05])
    b, a = write(tmp_path / "b.tif", before), write(tmp_path / "a.tif", after)
    change = str(tmp_path / "c.tif")
    change_raster(b, a, change)
    geoms = []
    for _ in range(40):
        cx, cy = X0 + rng.uniform(-100, 1600), Y1 - rng.uniform(-100, 1300)
        n = int(rng.integers(3, 12))
        t = (np.arange(n) + rng.uniform(0.1, 0.9, n)) * 2 * np.pi / n
        r = rng.uniform(10, 300) * rng.uniform(0.5, 1, n)
        pts = ", ".join(
            f"{cx + ri * np.cos(ti)} {cy + ri * np.sin(ti)}" for ri, ti in zip(r, t, strict=True)
        )
        first = f"{cx + r[0] * np.cos(t[0])} {cy + r[0] * np.sin(t[0])}"
        geoms.append(ogr.CreateGeometryFromWkt(f"POLYGON(({pts}, {first}))"))
    ours = change_by_zone(b, a, [(i, g.ExportToWkb()) for i, g in enumerate(geoms)], "")
    features = [
        {"type": "Feature", "properties": {}, "geometry": json.loads(g.ExportToJson())}
        for g in geoms
    ]
    theirs = exactextract.exact_extract(change, features, ["coverage", "values"])
    for s, f in zip(ours, theirs, strict=True):
        cov = np.asarray(f["properties"]["coverage"], np.float64) * 100.0
        codes = np.asarray(f["properties"]["values"])
        scale = max(cov.sum(), 1.0)
        assert s.gained_m2 == pytest.approx(cov[codes == 1].sum(), abs=1e-6 * scale)
        assert s.lost_m2 == pytest.approx(cov[codes == 2].sum(), abs=1e-6 * scale)
        assert s.stable_sealed_m2 == pytest.approx(cov[codes == 3].sum(), abs=1e-6 * scale)
        assert s.valid_m2 == pytest.approx(cov[codes != 255].sum(), abs=1e-6 * scale)


def test_cancel_and_errors_leave_no_file(pair, tmp_path):
    out = tmp_path / "c.tif"
    with pytest.raises(AnalyticsCanceled):
        change_raster(*pair, str(out), is_canceled=lambda: True)
    assert not [f for f in os.listdir(tmp_path) if f.startswith("c.tif")]
    nocrs = write(tmp_path / "nocrs.tif", np.ones((10, 10), np.uint8), res=20.0)
    ds = gdal.Open(nocrs, gdal.GA_Update)
    ds.SetProjection("")
    ds = None
    with pytest.raises(AnalyticsError, match="no CRS"):
        change_raster(pair[0], nocrs, str(out))
    assert not out.exists()


def test_sealed_values_differ_between_rasters(tmp_path):
    """CLC+ (sealed = 1) before, a binary prediction (sealed = 1, not sealed = 0) after."""
    clc = np.array([[1, 1, 2, 2]], np.uint8)
    pred = np.array([[1, 0, 1, 0]], np.uint8)
    b = write(tmp_path / "b.tif", clc)
    a = write(tmp_path / "a.tif", pred, nodata=None)
    result = change_raster(
        b, a, str(tmp_path / "c.tif"), sealed_values_after=(1,), ignore_values=(253, 254, 255)
    )
    assert result["pixel_counts"]["stable_sealed"] == 1
    assert result["pixel_counts"]["lost"] == 1
    assert result["pixel_counts"]["gained"] == 1
    assert result["pixel_counts"]["stable_not_sealed"] == 1
