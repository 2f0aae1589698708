"""Related Sentinel-2 acquisitions of a pack (server.sentinel2), on SpatiaLite and PostGIS:
the lookup after upload against the loopback STAC API, a catalogue that is down or never
answers (the upload is never affected), the API endpoint and the pack page."""

from __future__ import annotations

import datetime as dt
import io
import logging
import socket
import time

import pytest
import sqlalchemy as sa
from packfactory import build_pack
from s2_fixtures import SceneSpec, add_stac_scene
from stac_server import StacServer

from server.extensions import db
from server.packs.models import AcquisitionLookup, PackAcquisition
from server.sentinel2.lookup import wait_for_lookups
from server.sentinel2.selection import (
    Candidate,
    observations,
    rank,
    search_windows,
)

D = dt.date
#: The example pack (Fontainebleau): its plots were observed 2024-05-13 ... 2024-07-18.
PACK_BBOX = [2.59, 48.36, 2.68, 48.42]
LOOKUP = "server.sentinel2.lookup"


def _upload(client, headers, path):
    data = {"file": (io.BytesIO(path.read_bytes()), path.name)}
    return client.post(
        "/api/v1/packs", data=data, headers=headers, content_type="multipart/form-data"
    )


def _scene(server: StacServer, folder, date: str, cloud: float, **kw) -> dict:
    """A loopback scene whose footprint covers the example pack's area."""
    item = add_stac_scene(server, str(folder), SceneSpec(date, cloud_cover=cloud, **kw), 40)
    w, s, e, n = PACK_BBOX
    item["bbox"] = [w - 0.1, s - 0.1, e + 0.1, n + 0.1]
    ring = [[w - 0.1, s - 0.1], [e + 0.1, s - 0.1], [e + 0.1, n + 0.1], [w - 0.1, n + 0.1]]
    item["geometry"] = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
    return item


@pytest.fixture
def stac(tmp_path):
    server = StacServer()
    server.start()
    folder = tmp_path / "cogs"
    folder.mkdir()
    # Plot dates 05-13 ... 07-18, window 15 days: searched 04-28 ... 08-02.
    _scene(server, folder, "2024-06-12", 5.0)  # 1 day from 06-11
    _scene(server, folder, "2024-06-20", 2.0)  # on an observation day
    _scene(server, folder, "2024-07-14", 15.0)  # 1 day, cloudier step
    _scene(server, folder, "2024-05-14", 60.0)  # too cloudy
    _scene(server, folder, "2024-03-01", 1.0)  # outside the window
    _scene(server, folder, "2024-06-15", 4.0, platform="S2A")  # 1 day from 06-14
    yield server
    server.stop()


# --------------------------------------------------------------------------- selection


def test_observations_are_plot_dates_else_the_period() -> None:
    assert observations([D(2024, 6, 2), None, D(2024, 6, 1), D(2024, 6, 2)], (None, None)) == [
        (D(2024, 6, 1), D(2024, 6, 1)),
        (D(2024, 6, 2), D(2024, 6, 2)),
    ]
    period = (D(2024, 5, 1), D(2024, 7, 31))
    assert observations([None], period) == [period]
    assert observations([], (D(2024, 5, 1), None)) == [(D(2024, 5, 1), D(2024, 5, 1))]
    assert observations([], (None, None)) == []


def test_search_windows_merge_close_observations_and_cap_their_number() -> None:
    days = [(D(2024, 5, 1), D(2024, 5, 1)), (D(2024, 5, 20), D(2024, 5, 20))]
    assert search_windows(days, 10) == [(D(2024, 4, 21), D(2024, 5, 30))]
    apart = [(D(2024, m, 1), D(2024, m, 1)) for m in (1, 4, 7, 10)]
    assert len(search_windows(apart, 5)) == 4
    capped = search_windows(apart, 5, max_windows=2)
    assert len(capped) == 2 and capped[0][0] == D(2023, 12, 27) and capped[-1][1] == D(2024, 10, 6)


def test_rank_prefers_little_cloud_then_nearness() -> None:
    observed = [(D(2024, 6, 10), D(2024, 6, 10))]

    def c(item: str, day: int, cloud: float | None) -> Candidate:
        return Candidate(item, dt.datetime(2024, 6, day, 10, tzinfo=dt.UTC), "L2A", cloud)

    ranked = rank(
        [
            c("on-the-day-cloudy", 10, 25.0),
            c("far-clear", 20, 1.0),
            c("near-clear", 12, 8.0),
            c("too-cloudy", 10, 40.0),
            c("unknown-cover", 10, None),
            c("near-clear", 12, 8.0),  # the same item from another search window
        ],
        observed,
        max_cloud=30,
        keep=4,
    )
    assert [(r.candidate.item_id, r.rank, r.days_from_observation) for r in ranked] == [
        ("near-clear", 1, 2),
        ("far-clear", 2, 10),
        ("on-the-day-cloudy", 3, 0),
        ("unknown-cover", 4, 0),
    ]


# --------------------------------------------------------------------------- lookup


def test_upload_looks_up_related_acquisitions(make_app, auth, stac, tmp_path) -> None:
    app = make_app(STAC_URL=stac.url, STAC_MAX_ACQUISITIONS=3)
    client = app.test_client()
    headers = auth.headers("camille", expertise="expert", verified=True)
    pack = build_pack(tmp_path / "forest.gpkg")
    resp = _upload(client, headers, pack)
    assert resp.status_code == 201, resp.json
    pid = resp.json["id"]
    assert wait_for_lookups(app, 60)

    body = client.get(f"/api/v1/packs/{pid}/acquisitions").json
    assert body["status"] == "done", body
    assert (body["searched_from"], body["searched_to"]) == ("2024-04-28", "2024-08-02")
    assert body["detail"] == "3 kept of 4 found"  # 05-14 (60 %) was refused by the search
    items = body["items"]
    assert [i["item_id"] for i in items] == [
        "S2B_31UDP_20240620_0_L2A",  # 2 %, on an observation day
        "S2A_31UDP_20240615_0_L2A",  # 4 %, 1 day
        "S2B_31UDP_20240612_0_L2A",  # 5 %, 1 day
    ]
    first = items[0]
    assert first["rank"] == 1 and first["cloud_cover"] == 2.0 and first["level"] == "L2A"
    assert first["days_from_observation"] == 0 and first["processing_baseline"] == "05.10"
    assert first["product_id"].startswith("S2B_MSIL2A_20240620T")
    assert first["stac_item"] == (
        f"{stac.url}/collections/sentinel-2-l2a/items/S2B_31UDP_20240620_0_L2A"
    )
    assert body["links"]["self"].endswith(f"/api/v1/packs/{pid}/acquisitions?version=1")

    page = client.get(f"/packs/{pid}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Related Sentinel-2 acquisitions" in html
    assert html.index("S2B_MSIL2A_20240620T") < html.index("S2A_MSIL2A_20240615T")
    assert "S2B_31UDP_20240714_0_L2A" not in html  # not kept (cloudier step)

    # A re-upload of the same file is no new version: no second lookup.
    again = _upload(client, headers, pack)
    assert again.status_code == 200 and wait_for_lookups(app, 5)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AcquisitionLookup)) == 1


def test_catalog_down_never_blocks_the_upload(make_app, auth, tmp_path, caplog) -> None:
    server = StacServer()
    url = server.start()
    server.stop()  # the port is closed: connections are refused
    app = make_app(STAC_URL=url)
    client = app.test_client()
    caplog.set_level(logging.WARNING, logger=LOOKUP)
    resp = _upload(client, auth.headers(), build_pack(tmp_path / "forest.gpkg"))
    assert resp.status_code == 201, resp.json
    assert wait_for_lookups(app, 60)
    pid = resp.json["id"]
    body = client.get(f"/api/v1/packs/{pid}/acquisitions").json
    assert body["status"] == "failed" and body["items"] == []
    assert "CatalogUnavailable" in body["detail"]
    assert any(
        r.name == LOOKUP and r.levelno == logging.WARNING and "failed" in r.getMessage()
        for r in caplog.records
    )
    html = client.get(f"/packs/{pid}").get_data(as_text=True)
    assert "could not be searched" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PackAcquisition)) == 0


def test_a_catalog_that_never_answers_is_time_boxed(make_app, auth, tmp_path, caplog) -> None:
    silent = socket.socket()  # accepts connections (backlog), never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        app = make_app(STAC_URL=f"http://127.0.0.1:{silent.getsockname()[1]}", STAC_TIMEOUT_S=1)
        client = app.test_client()
        caplog.set_level(logging.WARNING, logger=LOOKUP)
        started = time.monotonic()
        resp = _upload(client, auth.headers(), build_pack(tmp_path / "forest.gpkg"))
        assert resp.status_code == 201
        assert time.monotonic() - started < 20  # the upload does not wait for the catalogue
        assert wait_for_lookups(app, 30)
        body = client.get(f"/api/v1/packs/{resp.json['id']}/acquisitions").json
        assert body["status"] == "failed" and "within 1 s" in body["detail"]
        assert any("did not answer" in r.getMessage() for r in caplog.records)
    finally:
        silent.close()


def test_without_catalog_nothing_is_looked_up(app, client, auth, tmp_path) -> None:
    resp = _upload(client, auth.headers(), build_pack(tmp_path / "forest.gpkg"))
    assert resp.status_code == 201
    assert wait_for_lookups(app, 5)
    body = client.get(f"/api/v1/packs/{resp.json['id']}/acquisitions").json
    assert body["status"] == "not-configured" and body["items"] == []
    assert "no Sentinel-2 catalogue configured" in client.get(f"/packs/{resp.json['id']}").get_data(
        as_text=True
    )
    missing = client.get("/api/v1/packs/00000000-0000-0000-0000-000000000000/acquisitions")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    bad = client.get(f"/api/v1/packs/{resp.json['id']}/acquisitions?version=x")
    assert bad.status_code == 400


def test_cli_reruns_a_failed_lookup(make_app, auth, stac, tmp_path) -> None:
    down = StacServer()
    url = down.start()
    down.stop()
    app = make_app(STAC_URL=url)
    resp = _upload(app.test_client(), auth.headers(), build_pack(tmp_path / "forest.gpkg"))
    assert wait_for_lookups(app, 60)
    app.config["STAC_URL"] = stac.url  # the catalogue is back
    result = app.test_cli_runner().invoke(args=["s2", "lookup", "--missing"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(": done")
    body = app.test_client().get(f"/api/v1/packs/{resp.json['id']}/acquisitions").json
    assert body["status"] == "done" and len(body["items"]) == 4


def test_documented_response_matches(make_app, auth, stac, tmp_path) -> None:
    from openapi_schema_validator import OAS30Validator

    from server.sentinel2.api_docs import ACQUISITIONS, acquisition_paths

    app = make_app(STAC_URL=stac.url)
    client = app.test_client()
    resp = _upload(client, auth.headers(), build_pack(tmp_path / "forest.gpkg"))
    assert wait_for_lookups(app, 60)
    body = client.get(f"/api/v1/packs/{resp.json['id']}/acquisitions").json
    OAS30Validator(ACQUISITIONS).validate(body)
    assert body["items"]
    operation = acquisition_paths()["/api/v1/packs/{public_id}/acquisitions"]["get"]
    assert operation["operationId"] == "getPackAcquisitions"


def test_interrupted_lookup_shows_as_failed_and_is_rerun(make_app, auth, stac, tmp_path) -> None:
    from server.extensions import utcnow

    app = make_app()  # no catalogue at upload time
    client = app.test_client()
    resp = _upload(client, auth.headers(), build_pack(tmp_path / "forest.gpkg"))
    pid = resp.json["id"]
    runner = app.test_cli_runner()
    assert "STAC_URL is not configured" in runner.invoke(args=["s2", "lookup", pid]).output
    with app.app_context():
        version_id = db.session.scalar(sa.select(sa.func.max(AcquisitionLookup.id)))
        assert version_id is None
        from server.packs.models import PackVersion

        version_id = db.session.scalar(sa.select(PackVersion.id))
        db.session.add(
            AcquisitionLookup(
                pack_version_id=version_id,
                status="pending",
                catalog_url=stac.url,
                collection="sentinel-2-l2a",
                started_at=utcnow() - dt.timedelta(hours=2),
            )
        )
        db.session.commit()
    body = client.get(f"/api/v1/packs/{pid}/acquisitions").json
    assert body["status"] == "failed" and body["detail"].startswith("interrupted")

    app.config["STAC_URL"] = stac.url
    result = runner.invoke(args=["s2", "lookup", pid, "--version", "1"])
    assert result.exit_code == 0 and result.output.strip().endswith(": done"), result.output
    assert client.get(f"/api/v1/packs/{pid}/acquisitions").json["status"] == "done"
    assert runner.invoke(args=["s2", "lookup", pid, "--version", "9"]).exit_code != 0
