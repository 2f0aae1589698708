"""Labels on an image grid: CLC+ reprojection (EPSG:3035 -> UTM) and pack plots (EPSG:2154
-> UTM), checked pixel by pixel against an independent computation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from osgeo import ogr, osr
from packfactory import build_pack, square_wkb, with_plot_changes
from training_data import UTM31, srs_wkt, write_raster

from training.classes import IGNORE_INDEX
from training.labels import clcplus_labels, pack_labels
from training.rasters import Grid
from verite_core.pack import read_pack, validate_pack
from verite_core.pack.demo import ORIGIN
from verite_core.pack.gdal_env import srs_from_user_input, transformer, wgs84

TODAY = dt.date(2026, 1, 1)


def _to(epsg_from: int, epsg_to: int, x: float, y: float) -> tuple[float, float]:
    t = transformer(
        srs_from_user_input(f"EPSG:{epsg_from}"), srs_from_user_input(f"EPSG:{epsg_to}")
    )
    return t.TransformPoint(x, y)[:2]


def _utm_grid_around(x: float, y: float, half_m: float) -> Grid:
    x0, y0 = round(x - half_m, -1), round(y + half_m, -1)
    n = int(2 * half_m / 10)
    return Grid(srs_wkt(UTM31), (x0, 10.0, 0.0, y0, 0.0, -10.0), n, n)


def _pixel(grid: Grid, x: float, y: float) -> tuple[int, int]:
    gt = grid.transform
    return int((y - gt[3]) / gt[5]), int((x - gt[0]) / gt[1])


# ------------------------------------------------------------------------------- CLC+


@pytest.fixture()
def clcplus_3035(tmp_path):
    """A 10 m EPSG:3035 raster near Fontainebleau: permanent herbaceous (6) everywhere, a
    200 m sealed (1) square at a known point, columns of 253 / 254 / 255, and nodata 0."""
    cx, cy = _to(2154, 3035, *ORIGIN)
    x0, y0 = round(cx - 1000, -1), round(cy + 1000, -1)
    data = np.full((200, 200), 6, np.uint8)
    r, c = int((y0 - cy) / 10), int((cx - x0) / 10)
    data[r - 10 : r + 10, c - 10 : c + 10] = 1
    data[:, 10:30], data[:, 30:50], data[:, 50:70] = 253, 254, 255
    data[180:, 150:] = 0  # declared nodata
    path = write_raster(
        tmp_path / "clc3035.tif", data, (x0, 10.0, 0.0, y0, 0.0, -10.0), 3035, nodata=0
    )
    return path, (x0, y0)


def test_clcplus_reprojected_with_nearest_neighbour(clcplus_3035):
    path, (x0, y0) = clcplus_3035
    ux, uy = _to(2154, UTM31, *ORIGIN)
    grid = _utm_grid_around(ux, uy, 1500)  # larger than the CLC+ raster: edges are outside
    sealed = clcplus_labels(path, grid, "sealed")
    classes = clcplus_labels(path, grid, "clcplus")
    r, c = _pixel(grid, ux, uy)
    assert sealed[r, c] == 1 and classes[r, c] == 0  # CLC+ class 1 -> index 0 of 11
    assert set(np.unique(classes)) == {0, 5, IGNORE_INDEX}  # only classes 1, 6 and ignore
    # The sealed square is 20 x 20 px in EPSG:3035; UTM pixels are rotated by ~2 degrees.
    assert 370 <= int((sealed == 1).sum()) <= 430
    # Technical values and nodata are ignored, as is everything outside the raster.
    for col3035, value in ((20, 253), (40, 254), (60, 255)):
        px = _pixel(grid, *_to(3035, UTM31, x0 + col3035 * 10 + 5, y0 - 1000))
        assert sealed[px] == IGNORE_INDEX, value
    assert sealed[_pixel(grid, *_to(3035, UTM31, x0 + 1900, y0 - 1950))] == IGNORE_INDEX
    assert (sealed[:, :20] == IGNORE_INDEX).all() and (sealed[-20:, :] == IGNORE_INDEX).all()
    # Nearest neighbour never invents values: every valid pixel is 0 (class 6) or 1.
    assert set(np.unique(sealed)) == {0, 1, IGNORE_INDEX}


# ------------------------------------------------------------------------------- packs


def _centre_inside(grid: Grid, geom_wgs84: ogr.Geometry) -> np.ndarray:
    """Independent reference: pixel centres near the geometry transformed to WGS84 and
    tested one by one with OGR's point-in-polygon."""
    to_ll = transformer(grid.srs(), wgs84())
    local = geom_wgs84.Clone()
    local.Transform(transformer(wgs84(), grid.srs()))
    minx, maxx, miny, maxy = local.GetEnvelope()
    gt = grid.transform
    c0, c1 = max(0, int((minx - gt[0]) / 10) - 2), min(grid.width, int((maxx - gt[0]) / 10) + 3)
    r0, r1 = max(0, int((gt[3] - maxy) / 10) - 2), min(grid.height, int((gt[3] - miny) / 10) + 3)
    out = np.zeros((grid.height, grid.width), bool)
    for r in range(r0, r1):
        for c in range(c0, c1):
            lon, lat, _ = to_ll.TransformPoint(gt[0] + (c + 0.5) * 10, gt[3] - (r + 0.5) * 10)
            pt = ogr.Geometry(ogr.wkbPoint)
            pt.AddPoint_2D(lon, lat)
            out[r, c] = geom_wgs84.Contains(pt)
    return out


def _near(mask: np.ndarray, px: int = 3) -> np.ndarray:
    """The bounding box of a mask grown by px pixels."""
    rows, cols = np.nonzero(mask)
    out = np.zeros_like(mask)
    out[
        max(0, rows.min() - px) : rows.max() + px + 1, max(0, cols.min() - px) : cols.max() + px + 1
    ] = True
    return out


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory):
    path = build_pack(tmp_path_factory.mktemp("pack") / "forest.gpkg")
    report = validate_pack(read_pack(path), today=TODAY)
    assert report.ok
    ux, uy = _to(2154, UTM31, ORIGIN[0] + 1950, ORIGIN[1])
    return path, report, _utm_grid_around(ux, uy, 2400)


def test_pack_plot_cores_burnt_with_their_clcplus_class(example_pack):
    path, report, grid = example_pack
    labels, stats = pack_labels([path], grid, "clcplus", "core", today=TODAY)
    by_id = {p.plot_id: p for p in report.plots}
    assert stats[0].plots == 10 and stats[0].no_clcplus == 3  # mixed forest x2, non-forest
    assert stats[0].burnt == 7
    for pid, index in (("FTB-001", 2), ("FTB-003", 1), ("FTB-008", 4), ("FTB-009", 5)):
        core = ogr.CreateGeometryFromWkb(by_id[pid].shape.inner_wkb_wgs84)
        expected = _centre_inside(grid, core)
        got = (labels == index) & _near(expected)
        # Same pixels as the independent point-in-polygon test (a boundary tie at most).
        assert int((got ^ expected).sum()) <= 1, pid
        # About area / 100 m² pixels.
        assert (
            abs(expected.sum() - by_id[pid].shape.inner_area_m2 / 100) <= 0.25 * expected.sum() + 4
        )
    # Plots without a CLC+ class and everything outside plots are ignored.
    mixed = ogr.CreateGeometryFromWkb(by_id["FTB-005"].shape.wkb_wgs84)
    assert (labels[_centre_inside(grid, mixed)] == IGNORE_INDEX).all()
    labelled = int((labels != IGNORE_INDEX).sum())
    cores = sum(by_id[p].shape.inner_area_m2 for p in by_id if by_id[p].clcplus is not None) / 100
    assert abs(labelled - cores) < 0.15 * cores
    assert labelled < 0.01 * labels.size


def test_whole_plots_and_the_sealed_target(example_pack):
    path, report, grid = example_pack
    core, _ = pack_labels([path], grid, "sealed", "core", today=TODAY)
    whole, _ = pack_labels([path], grid, "sealed", "plot", today=TODAY)
    # Forest plots are "not sealed" (0) in the binary target; nothing is sealed.
    assert set(np.unique(core)) == {0, IGNORE_INDEX} == set(np.unique(whole))
    assert (whole == 0).sum() > 1.3 * (core == 0).sum()
    assert ((core == 0) <= (whole == 0)).all()  # cores lie inside their plots


def test_overlapping_plots_of_different_classes_are_ignored(tmp_path):
    overlap = square_wkb(ORIGIN[0] + 50, ORIGIN[1], 40)  # needle-leaved over broadleaved FTB-001
    plots = with_plot_changes({}, {2: overlap})
    path = build_pack(tmp_path / "overlap.gpkg", plots=plots)
    report = validate_pack(read_pack(path), today=TODAY)
    assert report.ok and any(p.code == "geometry.overlap" for p in report.warnings)
    ux, uy = _to(2154, UTM31, *ORIGIN)
    grid = _utm_grid_around(ux, uy, 300)
    labels, stats = pack_labels([path], grid, "clcplus", "plot", today=TODAY)
    by_id = {p.plot_id: p for p in report.plots}
    a = _centre_inside(grid, ogr.CreateGeometryFromWkb(by_id["FTB-001"].shape.wkb_wgs84))
    b = _centre_inside(grid, ogr.CreateGeometryFromWkb(by_id["FTB-003"].shape.wkb_wgs84))
    assert (a & b).sum() > 10
    assert (labels[a & b] == IGNORE_INDEX).all()
    assert (labels[a & ~b] == 2).mean() > 0.97 and (labels[b & ~a] == 1).mean() > 0.97
    assert stats[0].conflict_px == int((a & b).sum())


def test_invalid_pack_is_refused_in_strict_mode(tmp_path):
    path = build_pack(tmp_path / "bad.gpkg", edit_manifest=lambda m: m.pop("license"))
    grid = _utm_grid_around(*_to(2154, UTM31, *ORIGIN), 300)
    with pytest.raises(ValueError, match="does not validate"):
        pack_labels([path], grid, "sealed", today=TODAY)
    labels, _ = pack_labels([path], grid, "sealed", strict=False, today=TODAY)
    assert (labels == 0).any()


def test_srs_axis_order_is_lon_lat():
    """Packs store WGS84 as lon/lat; a lat/lon mix-up would put plots in the sea."""
    srs = srs_from_user_input("EPSG:4326")
    assert srs.GetAxisMappingStrategy() == osr.OAMS_TRADITIONAL_GIS_ORDER


def test_pack_labels_override_clcplus_where_they_exist():
    from training.labels import merge_labels

    dense = np.array([[1, 0, IGNORE_INDEX], [0, 0, 1]], np.uint8)
    sparse = np.array([[IGNORE_INDEX, 1, 0], [IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX]], np.uint8)
    np.testing.assert_array_equal(merge_labels(dense, sparse), [[1, 1, 0], [0, 0, 1]])
    assert merge_labels(None, sparse) is sparse and merge_labels(dense, None) is dense


def test_scene_with_clcplus_and_packs_combined(tmp_path, clcplus_3035, example_pack):
    """Dataset A + B on one image: plot cores override CLC+, CLC+ elsewhere."""
    from training_data import BANDS, synthetic_scene, to_dn

    from training.config import DataConfig, SceneConfig
    from training.scenes import load_scene

    clc_path, _ = clcplus_3035
    pack_path, _, _ = example_pack
    ux, uy = _to(2154, UTM31, *ORIGIN)
    grid = _utm_grid_around(ux, uy, 640)
    refl, _ = synthetic_scene(5, grid.width)
    image = write_raster(tmp_path / "s2.tif", to_dn(refl, -1000), grid.transform, UTM31, BANDS)
    scene_cfg = SceneConfig("a+b", str(image), level="L2A", processing_baseline="05.10",
                            clcplus=str(clc_path), packs=[str(pack_path)])  # fmt: skip
    scene = load_scene(scene_cfg, DataConfig(target="clcplus", scenes=[scene_cfg]))
    assert scene.source == "clcplus+packs" and scene.scaling.offset_dn == -1000
    r, c = _pixel(grid, ux, uy)
    assert scene.labels[r, c] == 2  # FTB-001 (broadleaved deciduous, CLC+ 3) over CLC+ sealed
    assert scene.labels[r + 8, c + 8] == 0  # 80 m away: outside the plot, CLC+ sealed square
    assert scene.labels[r + 30, c + 30] == 5  # CLC+ permanent herbaceous (6)
    np.testing.assert_allclose(scene.reflectance((c, r, 1, 1))[:, 0, 0], refl[:, r, c], atol=1e-4)
