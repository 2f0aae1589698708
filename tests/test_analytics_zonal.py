"""Imperviousness share by zone (verite_core.analytics.zonal) against exactextract.

Rasters are CLC+ Backbone-like (EPSG:3035, 10 m, uint8 classes 1..11, 253/254 ignored,
255 nodata), written with GDAL in temporary folders. Random polygons (concave, with holes,
multipolygons, partly outside the raster, edges on grid lines, in other CRSs) are fed to
both our code and exactextract as the same geometry in the raster CRS; the coverage
fractions, sealed m² and valid m² must agree to 1e-6 (exactextract stores fractions as
float32, ~6e-8).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from verite_core.analytics import (
    AnalyticsCanceled,
    AnalyticsError,
    coverage,
    engine,
    sealed_shares,
)
from verite_core.analytics.coverage import boundary_pieces, coverage_grid
from verite_core.analytics.geometry import zone_rings
from verite_core.analytics.grid import RasterGrid

exactextract = pytest.importorskip("exactextract")

ORIGIN = (3750000.0, 2900000.0)  # EPSG:3035, near Paris (so EPSG:2154 is valid too)
WIDTH, HEIGHT = 400, 300
IGNORE = (253, 254, 255)


def srs(epsg: int) -> osr.SpatialReference:
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write_raster(path, values, epsg=3035, origin=ORIGIN, res=(10.0, -10.0), nodata=255):
    gdal_type = gdal.GDT_Byte if values.dtype == np.uint8 else gdal.GDT_Float32
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), values.shape[1], values.shape[0], 1, gdal_type, ["TILED=YES", "COMPRESS=DEFLATE"]
    )
    ds.SetGeoTransform((origin[0], res[0], 0.0, origin[1], 0.0, res[1]))
    ds.SetProjection(srs(epsg).ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(values)
    ds = None
    return str(path)


def clc_values(rng, shape=(HEIGHT, WIDTH)) -> np.ndarray:
    """Blocky CLC+-like classes 1..11 with 253/254 specks and a nodata (255) corner."""
    coarse = rng.integers(1, 12, (shape[0] // 5 + 1, shape[1] // 5 + 1))
    values = np.kron(coarse, np.ones((5, 5), int))[: shape[0], : shape[1]].astype(np.uint8)
    noise = rng.random(shape)
    values[noise < 0.15] = 1
    values[noise > 0.97] = 253
    values[(noise > 0.95) & (noise <= 0.97)] = 254
    values[: shape[0] // 6, : shape[1] // 5] = 255
    return values


@pytest.fixture(scope="module")
def raster(tmp_path_factory) -> tuple[str, np.ndarray]:
    values = clc_values(np.random.default_rng(7))
    return write_raster(tmp_path_factory.mktemp("zonal") / "clc.tif", values), values


def star(rng, cx, cy, radius, n=None, hole=False) -> list[list[tuple[float, float]]]:
    """A simple (star-shaped) concave ring around (cx, cy), optionally with a hole."""
    n = n or int(rng.integers(8 if hole else 3, 24))
    angles = (np.arange(n) + rng.uniform(0.05, 0.95, n)) * 2 * math.pi / n
    radii = radius * rng.uniform(0.45, 1.0, n)
    ring = [
        (cx + r * math.cos(a), cy + r * math.sin(a)) for r, a in zip(radii, angles, strict=True)
    ]
    rings = [ring + ring[:1]]
    if hole:
        inner = [(cx + 0.2 * radius * math.cos(a), cy - 0.2 * radius * math.sin(a)) for a in angles]
        rings.append(inner + inner[:1])
    return rings


def polygon(parts: list[list[list[tuple[float, float]]]]) -> ogr.Geometry:
    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    for rings in parts:
        poly = ogr.Geometry(ogr.wkbPolygon)
        for ring in rings:
            r = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ring:
                r.AddPoint_2D(x, y)
            poly.AddGeometry(r)
        multi.AddGeometry(poly)
    return multi.GetGeometryRef(0).Clone() if len(parts) == 1 else multi


def random_zones(rng, count: int) -> list[ogr.Geometry]:
    """Polygons in EPSG:3035 over (and around) the raster: every kind we must handle."""
    x0, y1 = ORIGIN
    zones = []
    for i in range(count):
        cx = x0 + rng.uniform(-300, WIDTH * 10 + 300)
        cy = y1 - rng.uniform(-300, HEIGHT * 10 + 300)
        radius = float(np.exp(rng.uniform(math.log(8), math.log(900))))
        kind = i % 4
        if kind == 0:
            zones.append(polygon([star(rng, cx, cy, radius)]))
        elif kind == 1:
            zones.append(polygon([star(rng, cx, cy, radius, hole=True)]))
        elif kind == 2:  # two parts, the second with a hole
            parts = [star(rng, cx, cy, radius), star(rng, cx + 2.5 * radius, cy, radius, hole=True)]
            zones.append(polygon(parts))
        else:  # a rectangle on grid lines and pixel corners
            left, top = x0 + 10 * rng.integers(-5, WIDTH), y1 - 10 * rng.integers(-5, HEIGHT)
            w, h = 10 * rng.integers(1, 40), 10 * rng.integers(1, 40)
            zones.append(
                polygon(
                    [
                        [
                            [
                                (left, top),
                                (left + w, top),
                                (left + w, top - h),
                                (left, top - h),
                                (left, top),
                            ]
                        ]
                    ]
                )
            )
    for zone in zones:
        assert zone.IsValid()
    return zones


def exact(raster_path: str, geometries: list[ogr.Geometry]) -> list[dict]:
    """exactextract's cell ids, coverage fractions and values for each geometry."""
    features = [
        {"type": "Feature", "properties": {"id": i}, "geometry": json.loads(g.ExportToJson())}
        for i, g in enumerate(geometries)
    ]
    out = exactextract.exact_extract(raster_path, features, ["cell_id", "coverage", "values"])
    return [
        {k: np.asarray(f["properties"][k]) for k in ("cell_id", "coverage", "values")} for f in out
    ]


def exact_shares(raster_path, geometries, sealed=(1,), pixel_area=100.0):
    """(sealed m², valid m²) per geometry from exactextract's per-pixel coverage."""
    out = []
    for cells in exact(raster_path, geometries):
        cov, values = cells["coverage"].astype(np.float64), cells["values"]
        valid = ~np.isin(values, IGNORE)
        out.append(
            (cov[valid & np.isin(values, sealed)].sum() * pixel_area, cov[valid].sum() * pixel_area)
        )
    return out


def assert_close(ours, theirs, scale):
    assert abs(ours - theirs) <= 1e-6 * max(scale, 1.0), (ours, theirs)


def test_coverage_fractions_equal_exactextract_per_pixel(raster):
    path, _ = raster
    grid = RasterGrid.of(gdal.Open(path))
    zones = random_zones(np.random.default_rng(1), 60)
    for zone, cells in zip(zones, exact(path, zones), strict=True):
        pieces = boundary_pieces(zone_rings([(0, zone.ExportToWkb())], None, grid))
        coverage = coverage_grid(pieces, 0, 0, WIDTH, HEIGHT).ravel()
        assert np.abs(coverage[cells["cell_id"]] - cells["coverage"]).max(initial=0) < 1e-6
        # ...and no covered pixel that exactextract does not list
        others = np.delete(coverage, cells["cell_id"])
        assert np.abs(others).max(initial=0) < 1e-9
        assert coverage.min() > -1e-9 and coverage.max() < 1 + 1e-9


def test_sealed_shares_equal_exactextract(raster):
    path, _ = raster
    zones = random_zones(np.random.default_rng(2), 200)
    ours = sealed_shares(
        path, [(i, z.ExportToWkb()) for i, z in enumerate(zones)], srs(3035).ExportToWkt()
    )
    assert [s.zone_id for s in ours] == list(range(len(zones)))
    for share, zone, (sealed, valid) in zip(ours, zones, exact_shares(path, zones), strict=True):
        assert_close(share.sealed_m2, sealed, share.zone_m2)
        assert_close(share.valid_m2, valid, share.zone_m2)
        assert_close(share.zone_m2, zone.GetArea(), zone.GetArea())
        if valid > 1e-3:
            assert share.sealed_share == pytest.approx(sealed / valid, rel=1e-6, abs=1e-9)
            assert share.valid_share == pytest.approx(valid / zone.GetArea(), rel=1e-6)
        else:
            assert share.sealed_share is None or valid > 0


@pytest.mark.parametrize("epsg", [2154, 4326])
def test_zones_in_another_crs_are_reprojected(raster, epsg):
    path, _ = raster
    zones = random_zones(np.random.default_rng(epsg), 40)
    to_zone = osr.CoordinateTransformation(srs(3035), srs(epsg))
    to_raster = osr.CoordinateTransformation(srs(epsg), srs(3035))
    given, expected = [], []
    for zone in zones:
        g = zone.Clone()
        g.Transform(to_zone)
        given.append((len(given), g.ExportToWkb()))
        back = g.Clone()  # what exactextract sees: the same OSR transform to the raster CRS
        back.Transform(to_raster)
        expected.append(back)
    ours = sealed_shares(path, given, srs(epsg).ExportToWkt())
    for share, (sealed, valid) in zip(ours, exact_shares(path, expected), strict=True):
        assert_close(share.sealed_m2, sealed, share.zone_m2)
        assert_close(share.valid_m2, valid, share.zone_m2)


def test_batched_and_streamed_paths_agree(raster, monkeypatch):
    """Tiny read windows force big zones through the strip/row-block scan; tiny groups and
    edge chunks split the zones and their boundaries."""
    path, _ = raster
    zones = [(i, z.ExportToWkb()) for i, z in enumerate(random_zones(np.random.default_rng(3), 80))]
    wkt = srs(3035).ExportToWkt()
    reference = sealed_shares(path, zones, wkt)
    monkeypatch.setattr(engine, "MAX_WINDOW", 300)
    monkeypatch.setattr(engine, "GROUP_SIZE", 7)
    monkeypatch.setattr(engine, "GROUP_BYTES", 2000)
    monkeypatch.setattr(engine, "MAX_PIECES", 100)
    monkeypatch.setattr(coverage, "CHUNK_PIECES", 50)
    streamed = sealed_shares(path, zones, wkt)
    for a, b in zip(reference, streamed, strict=True):
        assert_close(a.sealed_m2, b.sealed_m2, a.zone_m2)
        assert_close(a.valid_m2, b.valid_m2, a.zone_m2)


def test_zone_partly_outside_raster_and_empty_zones(raster):
    path, values = raster
    x0, y1 = ORIGIN
    # 20 x 10 pixels, half of them left of the raster; rows 100..109 have no nodata
    half_out = polygon(
        [
            [
                [
                    (x0 - 100, y1 - 1000),
                    (x0 + 100, y1 - 1000),
                    (x0 + 100, y1 - 1100),
                    (x0 - 100, y1 - 1100),
                    (x0 - 100, y1 - 1000),
                ]
            ]
        ]
    )
    far = polygon([star(np.random.default_rng(0), x0 - 50000, y1, 100)])
    zones = [
        ("half", half_out.ExportToWkb()),
        ("far", far.ExportToWkb()),
        ("none", None),
        ("empty", ogr.Geometry(ogr.wkbPolygon).ExportToWkb()),
    ]
    half, outside, none, empty = sealed_shares(path, zones, srs(3035).ExportToWkt())
    window = values[100:110, 0:10]
    valid = ~np.isin(window, IGNORE)
    assert half.zone_m2 == pytest.approx(20000.0)  # the whole polygon, not only its inside part
    assert half.valid_m2 == pytest.approx(valid.sum() * 100.0)
    assert half.sealed_m2 == pytest.approx((window[valid] == 1).sum() * 100.0)
    assert half.valid_share == pytest.approx(valid.sum() / 200.0)
    assert outside.valid_m2 == 0 and outside.sealed_share is None and outside.valid_share == 0
    assert outside.zone_m2 == pytest.approx(far.GetArea())
    for z in (none, empty):
        assert (z.zone_m2, z.valid_m2, z.sealed_share, z.valid_share) == (0, 0, None, 0)


def test_sealed_values_ignore_values_nodata_and_float_rasters(tmp_path):
    values = np.array([[1, 2, 3, 253], [1, 1, 255, 7]], np.uint8)
    x0, y1 = ORIGIN
    whole = polygon([[[(x0, y1), (x0 + 40, y1), (x0 + 40, y1 - 20), (x0, y1 - 20), (x0, y1)]]])
    zones = [(1, whole.ExportToWkb())]
    wkt = srs(3035).ExportToWkt()
    byte = write_raster(tmp_path / "b.tif", values)
    (s,) = sealed_shares(byte, zones, wkt, sealed_values=(1, 2))
    assert (s.sealed_m2, s.valid_m2, s.zone_m2) == pytest.approx((400.0, 600.0, 800.0))
    (s,) = sealed_shares(byte, zones, wkt, ignore_values=())  # 253 valid, 255 still nodata
    assert (s.sealed_m2, s.valid_m2) == pytest.approx((300.0, 700.0))
    floats = values.astype(np.float32)
    floats[1, 2] = np.nan
    path = write_raster(tmp_path / "f.tif", floats, nodata=None)
    (s,) = sealed_shares(path, zones, wkt)
    assert (s.sealed_m2, s.valid_m2, s.sealed_share) == pytest.approx((300.0, 600.0, 0.5))


def test_geographic_raster_areas_on_the_ellipsoid(tmp_path):
    values = np.ones((100, 100), np.uint8)
    path = write_raster(
        tmp_path / "ll.tif", values, epsg=4326, origin=(2.0, 49.0), res=(0.01, -0.01)
    )
    box = polygon([[[(2.1, 48.9), (2.6, 48.9), (2.6, 48.4), (2.1, 48.4), (2.1, 48.9)]]])
    # Reference: the box densified and projected to an equal-area CRS.
    laea = srs(3035)
    dense = box.Clone()
    dense.Segmentize(0.0005)
    dense.Transform(osr.CoordinateTransformation(srs(4326), laea))
    (s,) = sealed_shares(path, [(0, box.ExportToWkb())], srs(4326).ExportToWkt())
    assert s.zone_m2 == pytest.approx(dense.GetArea(), rel=1e-6)
    assert s.sealed_m2 == pytest.approx(dense.GetArea(), rel=1e-6)
    assert s.sealed_share == pytest.approx(1.0)


def test_geographic_raster_fractions_equal_exactextract(tmp_path):
    """Partial pixels on a lon/lat raster: exactextract's fractions x our row areas."""
    values = clc_values(np.random.default_rng(11), (120, 160))
    path = write_raster(
        tmp_path / "ll.tif", values, epsg=4326, origin=(2.0, 49.0), res=(0.001, -0.001)
    )
    rng = np.random.default_rng(12)
    zones = [
        polygon(
            [
                star(
                    rng,
                    2.0 + rng.uniform(0, 0.16),
                    49.0 - rng.uniform(0, 0.12),
                    rng.uniform(0.002, 0.03),
                    hole=i % 2 == 1,
                )
            ]
        )
        for i in range(12)
    ]
    ours = sealed_shares(path, [(i, z.ExportToWkb()) for i, z in enumerate(zones)], "")
    grid = RasterGrid.of(gdal.Open(path))
    for share, cells in zip(ours, exact(path, zones), strict=True):
        area = cells["coverage"] * grid.row_areas(cells["cell_id"] // 160)
        valid = ~np.isin(cells["values"], IGNORE)
        assert_close(share.valid_m2, area[valid].sum(), share.zone_m2)
        assert_close(share.sealed_m2, area[valid & (cells["values"] == 1)].sum(), share.zone_m2)


def test_invalid_polygon_is_made_valid_and_bad_zones_are_named(raster):
    path, _ = raster
    x0, y1 = ORIGIN
    bow_tie = ogr.CreateGeometryFromWkt(
        f"POLYGON(({x0} {y1 - 2000}, {x0 + 100} {y1 - 2100}, {x0 + 100} {y1 - 2000}, "
        f"{x0} {y1 - 2100}, {x0} {y1 - 2000}))"
    )
    (s,) = sealed_shares(path, [(0, bow_tie.ExportToWkb())], "")
    assert s.zone_m2 == pytest.approx(5000.0)  # two triangles, not their signed sum (0)
    line = ogr.CreateGeometryFromWkt(f"LINESTRING({x0} {y1}, {x0 + 10} {y1 - 10})")
    with pytest.raises(AnalyticsError, match="'road'.*not a polygon"):
        sealed_shares(path, [("road", line.ExportToWkb())], "")
    with pytest.raises(AnalyticsError, match="cannot open raster"):
        sealed_shares(path + ".missing", [], "")


def test_progress_and_cancel(raster):
    path, _ = raster
    zones = [(i, z.ExportToWkb()) for i, z in enumerate(random_zones(np.random.default_rng(4), 10))]
    seen: list[float] = []
    sealed_shares(path, zones, "", progress=seen.append)
    assert seen and seen[-1] == 1.0
    with pytest.raises(AnalyticsCanceled):
        sealed_shares(path, zones, "", is_canceled=lambda: True)


def test_alpha_band_masks_pixels_and_missing_band_is_named(tmp_path):
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "rgba.tif"), 4, 2, 2, gdal.GDT_Byte)
    ds.SetGeoTransform((ORIGIN[0], 10.0, 0.0, ORIGIN[1], 0.0, -10.0))
    ds.SetProjection(srs(3035).ExportToWkt())
    ds.GetRasterBand(1).WriteArray(np.array([[1, 1, 2, 2], [1, 1, 2, 2]], np.uint8))
    ds.GetRasterBand(2).SetColorInterpretation(gdal.GCI_AlphaBand)
    ds.GetRasterBand(2).WriteArray(np.array([[255, 0, 255, 0], [255, 255, 255, 255]], np.uint8))
    ds = None
    x0, y1 = ORIGIN
    whole = polygon([[[(x0, y1), (x0 + 40, y1), (x0 + 40, y1 - 20), (x0, y1 - 20), (x0, y1)]]])
    zones = [(1, whole.ExportToWkb())]
    (s,) = sealed_shares(str(tmp_path / "rgba.tif"), zones, "")
    assert (s.sealed_m2, s.valid_m2, s.zone_m2) == pytest.approx((300.0, 600.0, 800.0))
    with pytest.raises(AnalyticsError, match="no band 3"):
        sealed_shares(str(tmp_path / "rgba.tif"), zones, "", band=3)


def test_national_raster_and_department_zone_in_bounded_memory(tmp_path):
    """A 3000 x 3000 km, 10 m raster (sparse GeoTIFF: unwritten tiles read as nodata)
    and an 80 x 80 km zone (64 M pixels): windowed reads, bounded numpy memory."""
    import tracemalloc

    path = str(tmp_path / "national.tif")
    options = ["TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "SPARSE_OK=TRUE", "BIGTIFF=YES"]
    ds = gdal.GetDriverByName("GTiff").Create(path, 300000, 300000, 1, gdal.GDT_Byte, options)
    ds.SetGeoTransform((2600000.0, 10.0, 0.0, 5400000.0, 0.0, -10.0))
    ds.SetProjection(srs(3035).ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(255)
    block = np.full((512, 512), 5, np.uint8)
    block[:256] = 1
    ds.GetRasterBand(1).WriteArray(block, 150016, 150016)
    ds = None
    x, y = 2600000.0 + 10 * 150016, 5400000.0 - 10 * 150016
    department = polygon(
        [
            [
                [
                    (x - 40000, y + 40000),
                    (x + 40000, y + 40000),
                    (x + 40000, y - 40000),
                    (x - 40000, y - 40000),
                    (x - 40000, y + 40000),
                ]
            ]
        ]
    )
    tracemalloc.start()
    try:
        (s,) = sealed_shares(path, [("dept", department.ExportToWkb())], "")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (s.sealed_m2, s.valid_m2, s.zone_m2) == pytest.approx(
        (512 * 256 * 100.0, 512 * 512 * 100.0, 6.4e9)
    )
    assert peak < 200 * 2**20
