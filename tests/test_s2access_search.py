"""Searching STAC APIs through pystac-client, against the loopback STAC API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import pytest
import requests
from osgeo import gdal
from s2_fixtures import EPSG, SceneSpec, add_stac_scene, fast_loopback, lonlat_bbox
from stac_server import StacServer

from verite_core.s2access import (
    PRESETS,
    AuthenticationRefused,
    Canceled,
    Catalog,
    CatalogUnavailable,
    NoSceneFound,
    SearchQuery,
    catalog,
    fetch_cdse_token,
)
from verite_core.s2access.items import asset_key, scene_from_item
from verite_core.s2access.search import search
from verite_core.s2access.signing import SasSigner

JUNE = (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
LEFT_HALF = lonlat_bbox(20, 20, 180, 170)  # inside columns 0..191 of the 384 px tile
# A: low scene-wide cloud cover, but its clouds sit exactly on the left half (the area).
A = SceneSpec("2024-06-12", cloud_cover=5, clouds=(0, 384, 0, 192))
B = SceneSpec("2024-06-22", cloud_cover=40, clouds=(0, 384, 192, 384))
C = SceneSpec("2024-06-02", cloud_cover=20)
TOO_CLOUDY = SceneSpec("2024-06-17", cloud_cover=80)
LAST_YEAR = SceneSpec("2023-06-12", cloud_cover=1)
L1C = SceneSpec("2024-06-12", level="L1C", cloud_cover=3)


@pytest.fixture
def server(monkeypatch):
    fast_loopback(monkeypatch)
    srv = StacServer()
    srv.start()
    yield srv
    srv.stop()
    gdal.VSICurlClearCache()


@pytest.fixture(scope="module")
def cogs(tmp_path_factory) -> str:
    """One folder of COGs for the module: each spec's files are written once."""
    return str(tmp_path_factory.mktemp("cogs"))


@pytest.fixture
def loopback(server, cogs) -> Catalog:
    """The Earth Search preset pointed at the loopback API, with six scenes."""
    for spec in (A, B, C, TOO_CLOUDY, LAST_YEAR, L1C):
        add_stac_scene(server, cogs, spec)
    return dataclasses.replace(PRESETS["earth-search"], url=server.url)


def test_presets_and_custom_catalogs():
    es = catalog("earth-search")
    assert es.url == "https://earth-search.aws.element84.com/v1"
    assert es.collections == {"L2A": "sentinel-2-l2a", "L1C": "sentinel-2-l1c"}
    assert (es.band_assets["B8A"], es.band_assets["B11"], es.band_assets["SCL"]) == (
        "nir08",
        "swir16",
        "scl",
    )
    cdse = catalog("cdse")
    assert (cdse.url, cdse.auth) == ("https://stac.dataspace.copernicus.eu/v1", "token")
    assert cdse.band_assets["B05"] == "B05_20m" and cdse.token_url
    pc = catalog("planetary-computer")
    assert pc.auth == "planetary_computer" and pc.collections == {"L2A": "sentinel-2-l2a"}
    assert pc.sas_url.endswith("/api/sas/v1/token") and pc.band_assets["B04"] == "B04"
    custom = catalog("https://stac.example.org/api/")
    assert (custom.id, custom.url) == ("custom", "https://stac.example.org/api")
    with pytest.raises(ValueError, match="earth-search"):
        catalog("nope")


def test_search_filters_and_ranks_by_cloud_over_the_area(loopback, server):
    scenes = search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50))
    # the query extension carried the cloud limit to the server, by POST
    sent = server.searches[-1]
    assert sent["method"] == "POST"
    assert sent["query"] == {"eo:cloud_cover": {"lte": 50}}
    assert sent["collections"] == ["sentinel-2-l2a"]
    # C and B are clear over the area (C has fewer clouds elsewhere); A is clouded there,
    # although its scene-wide cloud cover is the lowest
    assert [s.id for s in scenes] == [C.item_id, B.item_id, A.item_id]
    assert [s.area_cloud_cover for s in scenes] == [0.0, 0.0, 100.0]
    assert [s.area_data_cover for s in scenes] == [100.0, 100.0, 100.0]
    assert [s.cloud_cover for s in scenes] == [20, 40, 5]

    best = scenes[0]
    assert best.level == "L2A" and best.epsg == EPSG and best.collection == "sentinel-2-l2a"
    assert best.product_id == C.product_id and best.processing_baseline == "05.10"
    assert best.offset_dn == -1000  # raster:bands offset -0.1 at scale 0.0001
    assert best.datetime == dt.datetime(2024, 6, 2, 10, 56, 19, 24000, tzinfo=dt.UTC)
    assert best.footprint_wkt.startswith("POLYGON")
    assert set(best.assets) == {"B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A"} | {
        "B11",
        "B12",
        "SCL",
    }
    assert C.item_id in best.assets["B8A"] and best.assets["B8A"].endswith("_B8A.tif")

    # without the area ranking: scene-wide cloud cover only, nothing read from SCL
    server.log.clear()
    plain = search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50), rank_by_area=False)
    assert [s.id for s in plain] == [A.item_id, C.item_id, B.item_id]
    assert all(s.area_cloud_cover is None for s in plain)
    assert server.file_requests() == []


def test_area_ranking_reads_only_a_window_of_scl(loopback, server):
    search(loopback, SearchQuery(lonlat_bbox(0, 0, 60, 60), *JUNE, max_cloud=50))
    scl = server.file_requests("_SCL")
    served = sum(r.sent for r in scl)
    size = sum(__import__("os").path.getsize(p) for n, p in server.files.items() if "_SCL" in n)
    assert scl and all(r.status in (200, 206) for r in scl)
    assert served < size  # range requests: not the whole files


def test_level_selects_the_collection(loopback):
    scenes = search(loopback, SearchQuery(LEFT_HALF, *JUNE, level="L1C"))
    assert [s.id for s in scenes] == [L1C.item_id]
    assert scenes[0].level == "L1C" and "SCL" not in scenes[0].assets
    assert scenes[0].area_cloud_cover is None  # no SCL: scene-wide figure only


def test_cql2_filter_by_get_and_paging(server, cogs):
    server.extensions = ("filter",)
    server.search_methods = ("GET",)
    server.page_size = 2
    for spec in (A, B, C, TOO_CLOUDY):
        add_stac_scene(server, cogs, spec)
    cat = Catalog("loop", "Loopback", server.url, {"L2A": "sentinel-2-l2a"})
    scenes = search(cat, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50), rank_by_area=False)
    assert {s.id for s in scenes} == {A.item_id, B.item_id, C.item_id}
    assert len(server.searches) == 2  # two pages, chained by the next link
    assert {s["method"] for s in server.searches} == {"GET"}
    assert server.searches[0]["filter"] == "eo:cloud_cover <= 50"
    assert server.searches[0]["filter-lang"] == "cql2-text"


def test_cql2_json_filter_by_post(server, cogs):
    server.extensions = ("filter",)
    for spec in (A, TOO_CLOUDY):
        add_stac_scene(server, cogs, spec)
    cat = dataclasses.replace(PRESETS["earth-search"], url=server.url)
    scenes = search(cat, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50), rank_by_area=False)
    assert [s.id for s in scenes] == [A.item_id]
    assert server.searches[-1]["filter"] == {
        "op": "<=",
        "args": [{"property": "eo:cloud_cover"}, 50],
    }


def test_limit_caps_the_number_of_scenes(loopback):
    scenes = search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50, limit=2))
    assert len(scenes) == 2


def test_no_scene_found_says_what_was_searched(loopback):
    with pytest.raises(NoSceneFound, match=r"2024-06-01 to 2024-06-30 with at most 2%"):
        search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=2))
    far = (10.0, 40.0, 10.1, 40.1)
    with pytest.raises(NoSceneFound, match="No L2A scene"):
        search(loopback, SearchQuery(far, *JUNE))


def test_catalog_down_is_a_clear_error(server):
    url = server.url
    server.stop()
    cat = catalog(url)
    with pytest.raises(CatalogUnavailable, match="cannot be reached") as info:
        search(cat, SearchQuery(LEFT_HALF, *JUNE))
    assert url in info.value.message


def test_not_a_stac_api(server):
    cat = catalog(server.url + "/files/nothing")
    with pytest.raises(CatalogUnavailable, match="HTTP 404"):
        search(cat, SearchQuery(LEFT_HALF, *JUNE))


def test_authentication_refused_then_accepted(loopback, server):
    server.token = "s3cret"
    with pytest.raises(AuthenticationRefused, match="needs a token"):
        search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50))
    with pytest.raises(AuthenticationRefused, match="token was refused"):
        search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50), token="wrong")
    scenes = search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50), token="s3cret")
    # the SCL windows were read with the bearer token too (GDAL_HTTP_HEADERS)
    assert [s.area_cloud_cover for s in scenes] == [0.0, 0.0, 100.0]


def test_cancel_during_ranking(loopback):
    with pytest.raises(Canceled):
        search(loopback, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50), is_canceled=lambda: True)


# ---------------------------------------------------------------------- Planetary Computer


def test_planetary_computer_hrefs_are_signed(server, cogs):
    server.sas_token = "abc123"
    keys = {b: b for b in ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11")}
    for spec in (A, C):
        add_stac_scene(server, cogs, spec, keys=keys | {"B12": "B12", "SCL": "SCL"})
    pc = dataclasses.replace(
        PRESETS["planetary-computer"], url=server.url, sas_url=f"{server.url}/api/sas/v1/token"
    )
    scenes = search(pc, SearchQuery(LEFT_HALF, *JUNE, max_cloud=50))
    assert [s.id for s in scenes] == [C.item_id, A.item_id]
    href = scenes[0].assets["B04"]
    assert href.endswith("sig=abc123") and "?st=" in href
    assert requests.head(href, timeout=5).status_code == 200
    assert requests.head(href.split("?")[0], timeout=5).status_code == 403
    assert scenes[1].area_cloud_cover == 100.0  # SCL read through the signed URL


def test_planetary_computer_token_fetcher_is_pluggable(server, cogs, caplog):
    server.sas_token = "abc123"
    add_stac_scene(server, cogs, C, keys={b: b for b in _ALL_KEYS})
    calls = []

    def fetcher(collection):
        calls.append(collection)
        return "sig=expired", None

    pc = dataclasses.replace(PRESETS["planetary-computer"], url=server.url)
    with caplog.at_level(logging.WARNING, logger="verite_core.s2access.search"):
        scenes = search(pc, SearchQuery(LEFT_HALF, *JUNE), token_fetcher=fetcher)
    assert calls == ["sentinel-2-l2a"]  # one token per collection, reused for every href
    assert scenes[0].assets["SCL"].endswith("?sig=expired")
    assert scenes[0].area_cloud_cover is None  # refused: ranked by the scene-wide figure
    assert "refused access" in caplog.text


def test_sas_signer_refreshes_expired_tokens():
    now = dt.datetime.now(dt.UTC)
    answers = iter(
        [("sig=1", now + dt.timedelta(minutes=2)), ("sig=2", now + dt.timedelta(hours=1))]
    )
    signer = SasSigner(lambda _c: next(answers))
    assert signer.sign("https://x.blob/a.tif", "c") == "https://x.blob/a.tif?sig=1"
    # the first token expires within the safety margin: a new one is fetched
    assert signer.sign("https://x.blob/b.tif?v=1", "c") == "https://x.blob/b.tif?v=1&sig=2"
    assert signer.sign("https://x.blob/c.tif", "c").endswith("?sig=2")
    assert signer.sign("s3://bucket/key.tif", "c") == "s3://bucket/key.tif"


# ---------------------------------------------------------------------- CDSE token


def test_cdse_token_from_an_account(server):
    server.users = {"ana@example.org": "pw"}
    server.token = "eyJ-access"
    url = f"{server.url}/auth/token"
    assert fetch_cdse_token("ana@example.org", "pw", token_url=url) == "eyJ-access"
    with pytest.raises(AuthenticationRefused, match="user name and password"):
        fetch_cdse_token("ana@example.org", "bad", token_url=url)
    server.stop()
    with pytest.raises(CatalogUnavailable, match="cannot be reached"):
        fetch_cdse_token("ana@example.org", "pw", token_url=url)


# ---------------------------------------------------------------------- items


_ALL_KEYS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12", "SCL")


def test_asset_keys_of_other_catalogs():
    cdse_l2a = {"B02_10m": {}, "B02_20m": {}, "B05_20m": {}, "SCL_20m": {}}
    assert asset_key(cdse_l2a, "B02", {}) == "B02_10m"
    assert asset_key(cdse_l2a, "SCL", {}) == "SCL_20m"
    by_eo_bands = {"band-4": {"eo:bands": [{"name": "B04"}]}, "visual": {"eo:bands": [{}, {}]}}
    assert asset_key(by_eo_bands, "B04", {}) == "band-4"
    assert asset_key(by_eo_bands, "B08", {}) is None


def test_offset_from_baseline_when_no_raster_metadata():
    cat = catalog("cdse")
    item = {
        "id": "S2A_MSIL2A_20210602T104619_N0300_R051_T31UDP_20210602T131201",
        "geometry": None,
        "properties": {"datetime": "2021-06-02T10:46:19Z", "eo:cloud_cover": 3.0},
        "assets": {
            "B04_10m": {
                "href": "s3://eodata/a/B04.jp2",
                "alternate": {"https": {"href": "https://download.example/B04/$value"}},
            }
        },
    }
    scene = scene_from_item(item, cat, "L2A", "sentinel-2-l2a", None)
    assert scene.processing_baseline == "03.00" and scene.offset_dn == 0
    assert scene.product_id == item["id"]
    # CDSE reads with a token: the HTTPS alternate replaces the s3:// href
    assert scene.assets["B04"] == "https://download.example/B04/$value"
    assert scene.gdal_options["AWS_S3_ENDPOINT"] == "eodata.dataspace.copernicus.eu"
    newer = dict(item, id="x", properties={"datetime": "2023-06-02T10:46:19Z"})
    scene = scene_from_item(newer, dataclasses.replace(cat, auth="none"), "L2A", "c", None)
    assert scene.offset_dn == -1000 and scene.processing_baseline is None  # by date
    assert scene.assets["B04"] == "s3://eodata/a/B04.jp2"


def test_tokens_stay_with_their_site():
    from verite_core.s2access.gdalio import same_site

    stac = "https://stac.dataspace.copernicus.eu/v1"
    assert same_site("https://download.dataspace.copernicus.eu/odata/x/$value", stac)
    assert same_site("https://stac.dataspace.copernicus.eu/files/a.tif", stac)
    assert not same_site("https://sentinel2l2a01.blob.core.windows.net/a.tif", stac)
    assert not same_site("https://evil.example/copernicus.eu/a.tif", stac)
    assert not same_site("s3://eodata/a.jp2", stac)
    assert same_site("http://127.0.0.1:8000/files/a.tif", "http://127.0.0.1:9000")
    assert not same_site("http://127.0.0.2/files/a.tif", "http://127.0.0.1:9000")


def test_earth_search_offset_already_applied():
    item = {
        "id": "S2B_31UDP_20240612_0_L2A",
        "geometry": None,
        "properties": {
            "datetime": "2024-06-12T10:56:19Z",
            "s2:processing_baseline": "05.10",
            "earthsearch:boa_offset_applied": True,
        },
        "assets": {"red": {"href": "https://x/B04.tif", "raster:bands": [_MINUS_01]}},
    }
    es = catalog("earth-search")
    assert scene_from_item(item, es, "L2A", "sentinel-2-l2a", None).offset_dn == 0
    item["properties"]["earthsearch:boa_offset_applied"] = False
    assert scene_from_item(item, es, "L2A", "sentinel-2-l2a", None).offset_dn == -1000
    item["assets"]["red"]["raster:bands"] = [{"scale": 0.0001, "offset": 0}]
    assert scene_from_item(item, es, "L2A", "sentinel-2-l2a", None).offset_dn == 0


_MINUS_01 = {"nodata": 0, "data_type": "uint16", "scale": 0.0001, "offset": -0.1}
