"""Building 10 m stacks from STAC scenes served by the loopback API (COGs over HTTP)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import numpy as np
import pytest
from osgeo import gdal
from s2_fixtures import (
    CLOUD_DN,
    EPSG,
    X0,
    Y0,
    SceneSpec,
    add_stac_scene,
    fast_loopback,
    reflectance_dn,
    utm_bbox,
)
from stac_server import StacServer

from verite_core.s2access import (
    PRESETS,
    AuthenticationRefused,
    Canceled,
    DownloadInterrupted,
    NoSceneFound,
    S2AccessError,
    SearchQuery,
    StackRequest,
    build_stack,
)
from verite_core.s2access.search import search
from verite_core.sentinel2 import DEFAULT_BANDS

JUNE = (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
WHOLE = (-10.0, 40.0, 10.0, 60.0)  # search area: the whole test tile and more
# three dates: A cloudy on the left, B on the right, C (baseline 03.01: no DN offset)
# cloudy at the top; the first 20 rows have no data in A and B and clouds in C
A = SceneSpec("2024-06-12", cloud_cover=5, clouds=(0, 384, 0, 192), nodata=(0, 20, 0, 384))
B = SceneSpec("2024-06-22", cloud_cover=30, clouds=(0, 384, 192, 384), nodata=(0, 20, 0, 384))
C = SceneSpec("2024-06-02", baseline="03.01", cloud_cover=20, clouds=(0, 100, 0, 384))
CLEAR = SceneSpec("2024-06-07", cloud_cover=1)
WINDOW = utm_bbox(130, 140, 210, 260)  # rows 130..209, cols 140..259 of the tile
TILE = utm_bbox(0, 0, 384, 384)
UTM = f"EPSG:{EPSG}"


@pytest.fixture(scope="module")
def cogs(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("cogs"))


@pytest.fixture
def server(monkeypatch):
    fast_loopback(monkeypatch)
    srv = StacServer()
    srv.start()
    yield srv
    srv.stop()
    gdal.VSICurlClearCache()


def scenes_of(server, cogs, *specs, token=None, size10=384):
    for spec in specs:
        add_stac_scene(server, cogs, spec, size10=size10)
    cat = dataclasses.replace(PRESETS["earth-search"], url=server.url)
    query = SearchQuery(WHOLE, *JUNE, max_cloud=90)
    return search(cat, query, rank_by_area=False, token=token)


def read(path):
    ds = gdal.Open(path)
    return ds, ds.ReadAsArray()


def expected(band, ds, offset=1000):
    """The ground truth (+ the DN offset) on the stack's pixels."""
    x0, _, _, y0, _, _ = ds.GetGeoTransform()
    c0, r0 = round((x0 - X0) / 10), round((Y0 - y0) / 10)
    rows, cols = np.mgrid[r0 : r0 + ds.RasterYSize, c0 : c0 + ds.RasterXSize]
    return reflectance_dn(band, rows, cols) + offset


def partials(folder):
    return [n for n in os.listdir(folder) if n.endswith(".part")]


def test_one_scene_window_at_10m(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR, A)
    assert scenes[0].id == CLEAR.item_id
    request = StackRequest(WINDOW, bbox_crs=UTM)
    out = build_stack(scenes, request, str(tmp_path / "stack.tif"))
    ds, a = read(out)
    assert (ds.RasterXSize, ds.RasterYSize) == (120, 80)
    assert ds.GetGeoTransform() == (X0 + 1400, 10.0, 0.0, Y0 - 1300, 0.0, -10.0)
    assert ds.GetSpatialRef().GetAuthorityCode(None) == str(EPSG)
    assert a.dtype == np.uint16
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    assert tuple(names) == DEFAULT_BANDS
    for i, band in enumerate(DEFAULT_BANDS):  # 10 m copied, 20 m bilinear: exact here
        assert np.array_equal(a[i], expected(band, ds)), band
        b = ds.GetRasterBand(i + 1)
        assert b.GetNoDataValue() == 0
        assert (b.GetScale(), b.GetOffset()) == (0.0001, -0.1)  # unscaled = reflectance
    assert ds.GetMetadata() | {} == ds.GetMetadata() and {
        k: v for k, v in ds.GetMetadata().items() if k.startswith("S2_")
    } == {
        "S2_LEVEL": "L2A",
        "S2_PRODUCT_IDS": CLEAR.product_id,
        "S2_DATES": "2024-06-07",
        "S2_PROCESSING_BASELINES": "05.10",
        "S2_OFFSET_DN": "-1000",
        "S2_QUANTIFICATION_VALUE": "10000",
        "S2_COMPOSITE": "none",
        "S2_CLOUD_MASK": "scl",
        "S2_BANDS": ",".join(DEFAULT_BANDS),
        "S2_SOURCE": "stac",
    }
    assert partials(tmp_path) == []


def test_reads_only_the_needed_bands_and_windows(server, cogs, tmp_path):
    noisy = SceneSpec("2024-06-07", noise=True)  # 768 px of noise: about 1 MB per band
    scenes = scenes_of(server, cogs, noisy, size10=768)
    server.log.clear()
    small = utm_bbox(10, 10, 60, 60)  # inside the first 128 px block of the COGs
    request = StackRequest(small, bbox_crs=UTM, bands=("B04", "B11"))
    build_stack(scenes, request, str(tmp_path / "s.tif"))
    asked = {r.path.rsplit("_", 1)[-1] for r in server.file_requests()}
    assert asked == {"B04.tif", "B11.tif", "SCL.tif"}  # no other band is touched
    for band in ("B04", "B11"):
        name = next(n for n in server.files if n.endswith(f"_{band}.tif"))
        sent = sum(r.sent for r in server.file_requests(name))
        assert 0 < sent < 0.5 * os.path.getsize(server.files[name]), band


def test_median_composite_masks_clouds_and_harmonises_offsets(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, A, B, C)
    request = StackRequest(TILE, bbox_crs=UTM, composite="median", bands=("B03", "B8A"))
    out = build_stack(scenes, request, str(tmp_path / "median.tif"))
    ds, a = read(out)
    meta = ds.GetMetadata()
    assert meta["S2_COMPOSITE"] == "median" and meta["S2_OFFSET_DN"] == "-1000"
    assert meta["S2_DATES"].split(",") == ["2024-06-12", "2024-06-02", "2024-06-22"]
    assert meta["S2_PROCESSING_BASELINES"] == "05.10,03.01,05.10"
    assert meta["S2_PRODUCT_IDS"].split(",") == [A.product_id, C.product_id, B.product_id]
    # no date left: the first rows (no data in A and B, clouds in C) and, under C's
    # clouds, the columns where A's and B's clouds meet; masks are grown by one pixel
    nothing = np.zeros(a.shape[1:], bool)
    nothing[:21] = True
    nothing[21:101, 191:193] = True
    for i, band in enumerate(("B03", "B8A")):
        truth = np.where(nothing, 0, expected(band, ds))  # C got +1000: all dates agree
        inner = np.s_[:, :] if band == "B03" else np.s_[:-1, 1:-1]  # 20 m: not the tile edge
        assert np.array_equal(a[i][inner], truth[inner]), band


def test_clouds_stay_when_not_masked(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, A)
    request = StackRequest(TILE, bbox_crs=UTM, bands=("B04",), mask_clouds=False)
    ds, a = read(build_stack(scenes, request, str(tmp_path / "raw.tif")))
    assert ds.GetMetadataItem("S2_CLOUD_MASK") == "none"
    assert (a[30:, :190] == CLOUD_DN).all()
    assert (a[:20] == 0).all()  # no data stays no data


def test_old_baseline_alone_keeps_its_offset(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, C)
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B02", "B12"))
    ds, a = read(build_stack(scenes, request, str(tmp_path / "old.tif")))
    assert ds.GetMetadataItem("S2_OFFSET_DN") == "0"
    assert ds.GetRasterBand(1).GetOffset() == 0.0
    assert np.array_equal(a[0], expected("B02", ds, offset=0))


def test_target_crs_reprojects(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR)
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04",), target_crs="EPSG:3035")
    ds, a = read(build_stack(scenes, request, str(tmp_path / "laea.tif")))
    assert ds.GetSpatialRef().GetAuthorityCode(None) == "3035"
    assert ds.GetGeoTransform()[1] == 10.0 and (a > 0).mean() > 0.9


def test_cache_serves_the_second_build(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR)
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04", "B05"))
    cache = tmp_path / "cache"
    first = build_stack(scenes, request, str(tmp_path / "1.tif"), cache_dir=str(cache))
    assert sorted(n.rsplit("_", 2)[1] for n in os.listdir(cache)) == ["B04", "B05", "mask1"]
    server.log.clear()
    second = build_stack(scenes, request, str(tmp_path / "2.tif"), cache_dir=str(cache))
    assert server.file_requests() == []
    assert np.array_equal(read(first)[1], read(second)[1])


def test_network_errors_are_retried(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR)
    server.fail_next = 3  # HTTP 503: GDAL retries these itself
    server.drop_next = 2  # connection cut mid-body: our retry loop
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04", "B05"))
    ds, a = read(build_stack(scenes, request, str(tmp_path / "retry.tif"), retries=4))
    assert np.array_equal(a[0], expected("B04", ds))
    statuses = [r.status for r in server.file_requests()]
    assert 503 in statuses and server.drop_next == 0


def test_interrupted_download_leaves_nothing(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR)
    output = tmp_path / "stack.tif"
    output.write_bytes(b"previous stack")
    cache = tmp_path / "cache"
    server.drop_next = 10**6  # every transfer is cut
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04",))
    with pytest.raises(DownloadInterrupted) as info:
        build_stack(scenes, request, str(output), cache_dir=str(cache), retries=2)
    message = info.value.message
    assert "Download interrupted" in message and "B04" in message and "3 attempts" in message
    assert "interrupted during the transfer" in message
    assert output.read_bytes() == b"previous stack"  # the old file is untouched
    assert partials(tmp_path) == [] and os.listdir(cache) == []


def test_server_gone_during_build(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR)
    server.stop()
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04",))
    with pytest.raises(DownloadInterrupted, match="cannot be reached"):
        build_stack(scenes, request, str(tmp_path / "s.tif"), retries=1)
    assert os.listdir(tmp_path) == []


def test_asset_authentication(server, cogs, tmp_path):
    server.token = "s3cret"
    scenes = scenes_of(server, cogs, CLEAR, token="s3cret")
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04",))
    with pytest.raises(AuthenticationRefused, match="401/403"):
        build_stack(scenes, request, str(tmp_path / "s.tif"))
    assert os.listdir(tmp_path) == []
    gdal.VSICurlClearCache()
    out = build_stack(scenes, request, str(tmp_path / "s.tif"), token="s3cret")
    assert gdal.Open(out).RasterCount == 1


def test_token_not_sent_to_another_host(server, cogs, tmp_path):
    server.token = "s3cret"
    item = add_stac_scene(server, cogs, CLEAR)
    for asset in item["assets"].values():  # same server, but not the catalog's host name
        asset["href"] = asset["href"].replace("127.0.0.1", "localhost")
    cat = dataclasses.replace(PRESETS["earth-search"], url=server.url)
    scenes = search(cat, SearchQuery(WHOLE, *JUNE), rank_by_area=False, token="s3cret")
    request = StackRequest(WINDOW, bbox_crs=UTM, bands=("B04",))
    with pytest.raises(AuthenticationRefused):
        build_stack(scenes, request, str(tmp_path / "s.tif"), token="s3cret")
    refused = server.file_requests()
    assert refused and {r.status for r in refused} == {401}


def test_cancel_and_progress(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, A, B)
    request = StackRequest(TILE, bbox_crs=UTM, composite="median", bands=("B04", "B05"))
    seen = []
    build_stack(scenes, request, str(tmp_path / "ok.tif"), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5
    calls = []
    with pytest.raises(Canceled):
        build_stack(
            scenes,
            request,
            str(tmp_path / "no.tif"),
            progress=calls.append,
            is_canceled=lambda: len(calls) > 2,
        )
    assert not (tmp_path / "no.tif").exists() and partials(tmp_path) == []


def test_area_too_large(server, cogs, tmp_path):
    scenes = scenes_of(server, cogs, CLEAR)
    with pytest.raises(S2AccessError, match="too large"):
        build_stack(scenes, StackRequest(WHOLE), str(tmp_path / "huge.tif"))
    assert os.listdir(tmp_path) == []


def test_bad_requests():
    with pytest.raises(NoSceneFound):
        build_stack([], StackRequest(WHOLE), "x.tif")
    with pytest.raises(ValueError, match="unknown Sentinel-2 bands"):
        StackRequest(WHOLE, bands=("B99",))
    with pytest.raises(ValueError, match="composite"):
        StackRequest(WHOLE, composite="mean")


def test_mixed_levels_are_refused(server, cogs, tmp_path):
    l2a = scenes_of(server, cogs, CLEAR)
    l1c = dataclasses.replace(l2a[0], level="L1C")
    with pytest.raises(S2AccessError, match="different levels"):
        build_stack([l2a[0], l1c], StackRequest(TILE, composite="median"), str(tmp_path / "x.tif"))


def test_the_inference_engine_reads_the_stack(server, cogs, tmp_path):
    sources = pytest.importorskip("verite_core.inference.sources")
    scenes = scenes_of(server, cogs, CLEAR)
    out = build_stack(scenes, StackRequest(WINDOW, bbox_crs=UTM), str(tmp_path / "s.tif"))
    image = sources.open_image(out)
    assert tuple(image.bands) == DEFAULT_BANDS
    assert [b.band_index for b in image.bands.values()] == list(range(1, 11))
    assert (image.width, image.height) == (120, 80)
