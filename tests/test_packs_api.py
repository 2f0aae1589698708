"""Packs API through the Flask test client, on SpatiaLite and PostGIS."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
import sqlalchemy as sa
from packfactory import build_pack, near_origin, square_wkb, with_plot_changes

from server.extensions import db
from server.packs.models import Pack, PackFile, PackVersion, Plot
from verite_core.pack import read_pack_bytes, validate_pack

PROBLEM = "application/problem+json"


def upload(client, headers, path, url="/api/v1/packs", name=None):
    data = {"file": (io.BytesIO(path.read_bytes()), name or path.name)}
    return client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def counts(app) -> tuple[int, int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (Pack, PackVersion, PackFile, Plot)
        )


@pytest.fixture
def example(tmp_path):
    return build_pack(tmp_path / "fontainebleau.gpkg")


def test_publish_search_detail_download(client, auth, example, tmp_path, app):
    headers = auth.headers("camille", expertise="expert", verified=True)
    resp = upload(client, headers, example)
    assert resp.status_code == 201, resp.json
    body = resp.json
    pid = body["id"]
    assert resp.headers["Location"].endswith(f"/api/v1/packs/{pid}")
    assert body["version"] == 1 and body["plot_count"] == 10 and body["created"] is True
    assert body["quality"]["level"] == "A"
    assert set(body["quality"]["components"]) == {"A", "R", "M", "T", "C", "G"}
    assert (
        body["quality"]["components"]["R"] is None
        and body["quality"]["reference_available"] is False
    )
    assert body["class_counts"]["mixed_forest"] == 2
    assert "Version 1" in body["citation"] and pid in body["citation"]
    assert body["crs"] == "EPSG:2154"

    # The same file again: detected by content hash, no new version.
    again = upload(client, headers, example)
    assert again.status_code == 200 and again.json["created"] is False and again.json["id"] == pid
    assert counts(app)[1] == 1

    detail = client.get(f"/api/v1/packs/{pid}").json
    assert [v["version"] for v in detail["versions"]] == [1]

    gpkg = client.get(f"/api/v1/packs/{pid}/download?format=gpkg")
    assert gpkg.status_code == 200 and gpkg.mimetype == "application/geopackage+sqlite3"
    content = read_pack_bytes(gpkg.data)
    assert content.crs == "EPSG:2154" and len(content.plots) == 10
    report = validate_pack(content)
    assert report.ok
    original = read_pack_bytes(example.read_bytes())
    by_id = {p.plot_id: p for p in original.plots}
    for plot in content.plots:
        src = by_id[plot.plot_id]
        assert plot.wkb == src.wkb  # original geometry and CRS preserved byte for byte
        assert {k: v for k, v in plot.properties.items() if v is not None} == {
            k: v for k, v in src.properties.items() if v is not None
        }
    saved = tmp_path / "downloaded.gpkg"
    saved.write_bytes(gpkg.data)
    with sqlite3.connect(saved) as con:
        style = con.execute(
            "SELECT styleQML, useAsDefault FROM layer_styles WHERE f_table_name='plots'"
        ).fetchone()
    assert style[1] == 1 and 'type="ValueMap"' in style[0] and "categorizedSymbol" in style[0]

    geojson = client.get(f"/api/v1/packs/{pid}/download?format=geojson")
    doc = json.loads(geojson.data)
    assert doc["manifest"]["title"] == detail["title"] and len(doc["features"]) == 10
    orig = client.get(f"/api/v1/packs/{pid}/download?format=original")
    assert orig.data == example.read_bytes()


def test_versions_owner_only_and_older_versions_stay(client, auth, tmp_path):
    owner = auth.headers("owner", expertise="expert", verified=True)
    pid = upload(client, owner, build_pack(tmp_path / "v1.gpkg")).json["id"]
    v2 = build_pack(
        tmp_path / "v2.gpkg",
        lambda m: m.update(version="2024.2"),
        plots=with_plot_changes({0: {"undergrowth_type": "shrubs"}}),
    )
    other = auth.headers("mallory")
    refused = upload(client, other, v2, url=f"/api/v1/packs/{pid}/versions")
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    resp = upload(client, owner, v2, url=f"/api/v1/packs/{pid}/versions")
    assert resp.status_code == 201 and resp.json["version"] == 2
    assert [v["version"] for v in resp.json["versions"]] == [1, 2]
    same = upload(client, owner, v2, url=f"/api/v1/packs/{pid}/versions")
    assert same.status_code == 200 and same.json["version"] == 2
    old = client.get(f"/api/v1/packs/{pid}/download?format=geojson&version=1").json
    new = client.get(f"/api/v1/packs/{pid}/download?format=geojson").json
    assert old["features"][0]["properties"]["undergrowth_type"] == "herbaceous"
    assert new["features"][0]["properties"]["undergrowth_type"] == "shrubs"
    assert client.get(f"/api/v1/packs/{pid}?version=7").status_code == 404
    assert client.post("/api/v1/packs/nope/versions", headers=owner).status_code == 404


def test_search_filters(client, auth, tmp_path):
    headers = auth.headers("camille", expertise="expert", verified=True)
    forest = upload(client, headers, build_pack(tmp_path / "a.gpkg")).json["id"]

    def clc_pack(m):
        from verite_core.pack import nomenclature

        m.update(
            title="Sealed surfaces",
            theme="urban-sealing",
            license="CC0-1.0",
            descriptors=[],
            constraints=[],
            nomenclature=nomenclature("clcplus-backbone"),
            contributors=[{"name": "Zoé Volunteer", "expertise": "volunteer"}],
            observation_period={"start": "2021-03-01", "end": "2021-04-01"},
        )

    plots = [
        type(p)({"plot_id": p.properties["plot_id"], "class_code": "1"}, p.wkb)
        for p in with_plot_changes({})
    ]
    sealed = upload(
        client, auth.headers("zoe"), build_pack(tmp_path / "b.gpkg", clc_pack, plots=plots)
    ).json["id"]

    def ids(query: str) -> list[str]:
        resp = client.get(f"/api/v1/packs?{query}")
        assert resp.status_code == 200, resp.json
        return sorted(item["id"] for item in resp.json["items"])

    both = sorted([forest, sealed])
    assert ids("") == both
    assert ids("theme=urban-sealing") == [sealed]
    assert ids("class=mixed_forest") == [forest]
    assert ids("clcplus=1") == [sealed]
    assert ids("clcplus=3") == [forest]
    assert ids("eagle=LCH-3_2_2") == [forest]
    assert ids("eagle=LCC-1_1_1") == [sealed]
    assert ids("eagle=LCC-2_1") == [forest]  # hierarchy: trees (LCC-2_1_1) and shrubs (LCC-2_1_2)
    assert ids("eagle=LCC-1") == [sealed]  # sealed surfaces are LCC-1_1_1
    assert ids("clcplus=5") == [forest]  # shrubland plots map to CLC+ 5
    assert ids("eagle=LCC-2_1_") == []  # not a code
    assert ids("license=CC0-1.0") == [sealed]
    assert ids("contributor=camille") == [forest]
    assert ids("contributor=Zoé") == [sealed]
    assert ids("min_quality=A") == [forest]
    assert ids("observed_from=2024-01-01") == [forest]
    assert ids("observed_to=2022-01-01") == [sealed]
    assert ids("bbox=2.6,48.3,2.8,48.5") == both
    assert ids("bbox=-5,40,-4,41") == []
    assert ids("q=sealed") == [sealed]
    page = client.get("/api/v1/packs?per_page=1").json
    assert page["total"] == 2 and len(page["items"]) == 1 and "next" in page["links"]
    page2 = client.get(page["links"]["next"]).json
    assert page2["page"] == 2 and page2["items"][0]["id"] != page["items"][0]["id"]
    for bad in (
        "bbox=1,2,3",
        "bbox=a,b,c,d",
        "clcplus=12",
        "min_quality=Z",
        "observed_from=yesterday",
        "page=0",
        "per_page=-1",
    ):
        resp = client.get(f"/api/v1/packs?{bad}")
        assert resp.status_code == 400 and resp.mimetype == PROBLEM, bad


BAD_UPLOADS = {
    "not-a-pack": (b"\x89PNG\r\n\x1a\n....", 415, "unsupported-pack-format"),
    "corrupt-gpkg": (None, 422, "unreadable-pack"),
    "geojson-no-manifest": (b'{"type":"FeatureCollection","features":[]}', 422, "unreadable-pack"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_unreadable_uploads_are_refused(client, auth, example, app, case):
    data, status, code = BAD_UPLOADS[case]
    if data is None:
        raw = example.read_bytes()
        data = raw[:1024] + b"\xff" * (len(raw) - 1024)
    before = counts(app)
    resp = client.post(
        "/api/v1/packs",
        data={"file": (io.BytesIO(data), "x.gpkg")},
        headers=auth.headers(),
        content_type="multipart/form-data",
    )
    assert resp.status_code == status and resp.mimetype == PROBLEM
    assert resp.json["code"] == code
    assert counts(app) == before


def test_invalid_pack_lists_every_problem_and_stores_nothing(client, auth, tmp_path, app):
    plots = with_plot_changes(
        {
            1: {"class_code": "palm_grove"},
            2: {"pct_deciduous": "lots"},
            4: {"observed_on": "2099-01-01"},
        },
        geometry={
            3: square_wkb(*near_origin(50_000, 0), 60),
            5: square_wkb(*near_origin(0, 900), 5),
        },
    )
    # GeoJSON: a GeoPackage's typed columns could not even hold the wrong-typed value.
    path = build_pack(
        tmp_path / "bad.geojson",
        lambda m: m.update(description="<img src=x onerror=alert(1)>"),
        plots=plots,
        fmt="geojson",
    )
    before = counts(app)
    resp = upload(client, auth.headers(), path)
    assert resp.status_code == 422 and resp.mimetype == PROBLEM
    found = {(p["code"], p["plot_id"], p["field"]) for p in resp.json["problems"]}
    assert ("plot.class_unknown", "FTB-002", "class_code") in found
    assert ("plot.descriptor_value", "FTB-003", "pct_deciduous") in found
    assert ("geometry.outside_area", "FTB-004", "geometry") in found
    assert ("plot.date_range", "FTB-005", "observed_on") in found
    assert ("geometry.too_small", "FTB-006", "geometry") in found
    assert ("text.html", None, "manifest.description") in found
    assert "nothing was stored" in resp.json["detail"]
    assert counts(app) == before


def test_request_errors(client, auth, example, make_app):
    assert upload(client, {}, example).status_code == 401
    bad_token = upload(client, {"Authorization": "Bearer nope"}, example)
    assert bad_token.status_code == 401 and bad_token.mimetype == PROBLEM
    raw = client.post(
        "/api/v1/packs",
        data=example.read_bytes(),
        headers=auth.headers(),
        content_type="application/geopackage+sqlite3",
    )
    assert raw.status_code == 415 and raw.json["code"] == "multipart-required"
    nofile = client.post(
        "/api/v1/packs",
        data={"other": "x"},
        headers=auth.headers(),
        content_type="multipart/form-data",
    )
    assert nofile.status_code == 400 and nofile.json["code"] == "file-missing"
    small = make_app(MAX_CONTENT_LENGTH=10_000).test_client()
    too_big = upload(small, auth.headers(), example)
    assert too_big.status_code == 413 and too_big.mimetype == PROBLEM
    assert client.get("/api/v1/packs/unknown").status_code == 404
    assert client.get("/api/v1/packs/unknown/download").json["code"] == "pack-not-found"


def test_review_updates_collector_reliability(client, auth, example, app):
    pid = upload(client, auth.headers("camille", expertise="expert", verified=True), example).json[
        "id"
    ]
    plots = client.get(f"/api/v1/packs/{pid}/plots?per_page=5").json
    assert plots["total"] == 10 and len(plots["features"]) == 5
    assert plots["features"][0]["properties"]["quality"]["components"]["A"] == 0.9
    url = f"/api/v1/packs/{pid}/plots/FTB-001/reviews"
    assert (
        client.post(url, json={"verdict": "confirm"}, headers=auth.headers("camille")).status_code
        == 403
    )
    reviewer = auth.headers("rita", role="reviewer")
    ok = client.post(
        url, json={"verdict": "confirm", "comment": "seen in the field"}, headers=reviewer
    )
    assert ok.status_code == 201
    assert ok.json["collector"]["reliability"]["expert"] == pytest.approx(
        (0.9 * 10 + 1) / 11, abs=1e-4
    )
    wrong = client.post(
        f"/api/v1/packs/{pid}/plots/FTB-002/reviews",
        json={"verdict": "correct", "corrected_class": "mixed_forest"},
        headers=reviewer,
    )
    assert (
        wrong.json["collector"]["reviewed_plots"] == 2
        and wrong.json["collector"]["confirmed_plots"] == 1
    )
    bad = client.post(
        url, json={"verdict": "correct", "corrected_class": "banana"}, headers=reviewer
    )
    assert bad.status_code == 422 and bad.json["problems"][0]["field"] == "corrected_class"
    assert (
        client.post(
            f"/api/v1/packs/{pid}/plots/NOPE/reviews", json={"verdict": "confirm"}, headers=reviewer
        ).status_code
        == 404
    )
    feature = client.get(f"/api/v1/packs/{pid}/plots?per_page=1").json["features"][0]
    assert feature["properties"]["reviews"][0]["verdict"] == "confirm"


def test_schema_and_nomenclatures(client):
    schema = client.get("/api/v1/schema/pack")
    assert schema.status_code == 200 and schema.json["$defs"]["manifest"]["properties"]["license"]
    noms = {n["id"]: n for n in client.get("/api/v1/nomenclatures").json["items"]}
    assert len(noms["clcplus-backbone"]["classes"]) == 11
    assert noms["clcplus-backbone"]["classes"][0]["eagle"]["lcc"] == ["LCC-1_1_1"]
    assert client.get("/api/v1/nomenclatures/eagle-forest").json["eagle_version"] == "3.1.2"
    sets = client.get("/api/v1/descriptor-sets").json["items"]
    assert sets[0]["constraints"][0]["keys"] == ["pct_deciduous", "pct_evergreen"]


def _gpkg_without(tmp_path, sql: list[str]):
    path = build_pack(tmp_path / "edited.gpkg")
    con = sqlite3.connect(path)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()
    return path


MORE_BAD = {
    "no-plots-layer": (
        [
            "ALTER TABLE plots RENAME TO parcels",
            "UPDATE gpkg_contents SET table_name='parcels' WHERE table_name='plots'",
            "UPDATE gpkg_geometry_columns SET table_name='parcels' WHERE table_name='plots'",
        ],
        "file.no_plots_layer",
    ),
    "no-crs": (
        ["UPDATE gpkg_geometry_columns SET srs_id = -1 WHERE table_name='plots'"],
        "file.crs",
    ),
    "no-manifest": (
        ["DELETE FROM gpkg_metadata_reference", "DELETE FROM gpkg_metadata"],
        "file.no_manifest",
    ),
}


@pytest.mark.parametrize("case", sorted(MORE_BAD))
def test_more_bad_packs_leave_the_database_unchanged(client, auth, tmp_path, app, case):
    sql, code = MORE_BAD[case]
    before = counts(app)
    resp = upload(client, auth.headers(), _gpkg_without(tmp_path, sql))
    assert resp.status_code == 422 and resp.mimetype == PROBLEM
    assert code in {p["code"] for p in resp.json["problems"]}
    assert counts(app) == before
    assert client.get("/api/v1/packs").status_code == 200  # still serving


def test_sql_in_plot_text_is_refused(client, auth, tmp_path, app):
    plots = with_plot_changes({3: {"notes": "x'; DROP TABLE plots; --"}})
    before = counts(app)
    resp = upload(client, auth.headers(), build_pack(tmp_path / "sql.gpkg", plots=plots))
    assert resp.status_code == 422
    assert ("text.sql", "FTB-004", "notes") in {
        (p["code"], p["plot_id"], p["field"]) for p in resp.json["problems"]
    }
    assert counts(app) == before


def test_reference_raster_gives_agreement(client, auth, runner, tmp_path, app):
    from test_pack_agreement import make_reference

    raster = make_reference(tmp_path / "clcplus2024.tif", 3, {2: 2, 3: 2})
    result = runner.invoke(
        args=["references", "add", raster, "--name", "clcplus-test", "--year", "2024"]
    )
    assert result.exit_code == 0, result.output
    assert "clcplus-test" in runner.invoke(args=["references", "list"]).output
    duplicate = runner.invoke(
        args=["references", "add", raster, "--name", "clcplus-test", "--year", "2024"]
    )
    assert duplicate.exit_code != 0 and "exists already" in duplicate.output
    body = upload(
        client,
        auth.headers("camille", expertise="expert", verified=True),
        build_pack(tmp_path / "p.gpkg"),
    ).json
    assert body["quality"]["reference_available"] is True
    plots = {
        f["id"]: f["properties"]["quality"]["components"]
        for f in client.get(f"/api/v1/packs/{body['id']}/plots").json["features"]
    }
    assert plots["FTB-001"]["R"] == 1.0 and plots["FTB-003"]["R"] == 1.0  # needle-leaved on 2
    assert plots["FTB-005"]["R"] is None  # mixed forest: no CLC+ class


def test_plot_rows_are_stored_exactly_whatever_the_insert_path(client, auth, tmp_path, app):
    """Text with tabs, newlines, backslashes and non-ASCII, JSON and binary columns are
    stored as given: by COPY on PostGIS (compared with the executemany path, column by
    column, on the same rows) and by executemany on SpatiaLite."""
    from server.packs.ingest import Uploader, insert_plot_rows, plot_rows, prepare

    tricky = 'tab\there\nnew line \\N back\\slash \r «çà» 🌳 l\'orée "x"'
    changes = {0: {"notes": tricky, "collector": "Zoë\tO'Brien\\"}, 1: {"notes": "\\."}}
    pack = build_pack(tmp_path / "tricky.gpkg", plots=with_plot_changes(changes))
    headers = auth.headers("camille", expertise="expert", verified=True)
    resp = upload(client, headers, pack)
    assert resp.status_code == 201, resp.json
    columns = [c for c in Plot.__table__.columns.keys() if c not in ("id", "pack_version_id")]
    with app.app_context():
        version = db.session.scalar(sa.select(PackVersion))
        content = read_pack_bytes(pack.read_bytes())
        by_id = {p.properties["plot_id"]: p for p in content.plots}

        def stored(version_id: int) -> dict[str, tuple]:
            table = Plot.__table__
            query = sa.select(
                *[table.c[c] for c in columns if c != "geom"],
                sa.func.ST_AsBinary(table.c.geom),
                sa.func.ST_SRID(table.c.geom),
            ).where(table.c.pack_version_id == version_id)
            return {r.plot_id: tuple(r) for r in db.session.execute(query)}

        first = stored(version.id)
        assert set(first) == set(by_id)
        plots = {
            p.plot_id: p for p in db.session.scalars(sa.select(Plot).filter_by(pack_version_id=version.id))
        }  # fmt: skip
        for plot_id, record in by_id.items():
            plot = plots[plot_id]
            assert plot.notes == record.properties.get("notes")
            assert plot.collector == record.properties.get("collector")
            assert bytes(plot.geom_original_wkb) == bytes(record.wkb)
            assert first[plot_id][-1] == 4326
            assert isinstance(plot.descriptors, dict) and isinstance(plot.quality, dict)
        assert plots["FTB-001"].notes == tricky and plots["FTB-002"].notes == "\\."

        if db.engine.dialect.name == "postgresql":
            from server.auth.models import User

            user = db.session.get(User, version.uploaded_by_id)
            prepared = prepare(pack.read_bytes(), pack.name, Uploader.of(user))
            rows = plot_rows(version.id, prepared)
            db.session.execute(sa.delete(Plot).where(Plot.pack_version_id == version.id))
            insert_plot_rows(rows)
            assert stored(version.id) == first
            db.session.rollback()
