"""The plugin's core (no widgets) in real, headless QGIS: pack creation and manifest
updates, checking a layer being edited, the Sentinel-2 grid, the download cache, settings
and the token in QGIS's authentication database."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

import pytest
from plugin_helpers import (
    CRS,
    FOREST,
    MASTER_PASSWORD,
    add_plot,
    bowtie_wkt,
    forest_params,
    run,
    sha256,
    six_plots,
    square_wkt,
)

from verite_core.pack import nomenclature, read_pack
from verite_core.pack.manifest_checks import check_manifest
from verite_core.pack.problems import errors_of

pytestmark = pytest.mark.qgis


@pytest.fixture
def cache_dir(qgis_app, tmp_path):
    """The plugin's cache folder, private to the test."""
    from qgis_plugin import settings

    folder = tmp_path / "cache"
    settings.CACHE_DIR.set(str(folder))
    yield folder
    settings.CACHE_DIR.reset()


def _errors(manifest: dict) -> list:
    return errors_of(check_manifest(manifest, dt.date.today()))


# --------------------------------------------------------------------------- manifests


def test_build_manifest_with_bundled_clcplus_nomenclature(qgis_app):
    from qgis_plugin.core.pack_file import build_manifest

    manifest = build_manifest(
        forest_params(nomenclature=nomenclature("clcplus-backbone"), descriptor_set=None)
    )
    assert _errors(manifest) == []
    assert manifest["format"] == "verite-terrain-pack" and manifest["format_version"] == "1.0"
    assert manifest["area"]["type"] == "Polygon"
    assert manifest["observation_period"] == {"start": "2024-05-01", "end": "2024-07-31"}
    assert manifest["contributors"][0] == {"name": "Camille Martin", "expertise": "expert"}
    assert len(manifest["nomenclature"]["classes"]) == 11
    assert "descriptors" not in manifest and "citation" not in manifest


def test_build_manifest_binds_descriptor_set_to_forest_classes(qgis_app):
    from qgis_plugin.core.pack_file import build_manifest

    manifest = build_manifest(forest_params())
    assert _errors(manifest) == []
    keys = [d["key"] for d in manifest["descriptors"]]
    assert {"tree_height_class", "pct_deciduous", "pct_evergreen"} <= set(keys)
    forest = set(manifest["descriptors"][0]["applies_to"])
    assert forest == {
        "needleleaved_forest",
        "broadleaved_deciduous_forest",
        "broadleaved_evergreen_forest",
        "mixed_forest",
    }
    assert manifest["constraints"][0]["keys"] == ["pct_deciduous", "pct_evergreen"]
    assert set(manifest["constraints"][0]["applies_to"]) == forest


def test_custom_nomenclature_in_a_manifest(qgis_app):
    from qgis_plugin.core.pack_file import build_manifest, custom_nomenclature

    nom = custom_nomenclature(
        [
            ("chene", "Chênaie", "#80ff00", 3),
            ("pin", "Pinède", None, 2),
            ("lande", "Lande", None, None),
        ],
        "Forêts de Bière",
    )
    assert nom["id"] == "custom-forets-de-biere"
    assert [c.get("clcplus") for c in nom["classes"]] == [3, 2, None]
    assert all(c["color"].startswith("#") for c in nom["classes"])
    manifest = build_manifest(forest_params(nomenclature=nom))
    assert _errors(manifest) == []
    assert set(manifest["descriptors"][0]["applies_to"]) == {"chene", "pin"}


def test_custom_nomenclature_refuses_bad_classes(qgis_app):
    from qgis_plugin.core.errors import InvalidManifest
    from qgis_plugin.core.pack_file import custom_nomenclature

    with pytest.raises(InvalidManifest) as caught:
        custom_nomenclature([("a b", "Bad code", None, None), ("x", "X", "red", 12)], "Mine")
    fields = {p.field for p in caught.value.problems}
    assert "manifest.nomenclature.classes[0].code" in fields
    assert "manifest.nomenclature.classes[1].color" in fields
    assert "manifest.nomenclature.classes[1].clcplus" in fields
    with pytest.raises(InvalidManifest, match="problem"):
        custom_nomenclature([("x", "X", None, None), ("x", "Again", None, None)], "Dup")
    with pytest.raises(InvalidManifest):
        custom_nomenclature([], "Empty")


def test_build_manifest_lists_every_problem(qgis_app):
    from qgis_plugin.core.errors import InvalidManifest, VtError
    from qgis_plugin.core.pack_file import build_manifest

    with pytest.raises(InvalidManifest) as caught:
        build_manifest(
            forest_params(
                title="x",
                license="All rights reserved",
                observation_start=dt.date(2024, 8, 1),
                positional_accuracy_m=0,
                area_wgs84_wkt="LINESTRING(2 48, 3 49)",
            )
        )
    error = caught.value
    assert isinstance(error, VtError) and error.details
    fields = {p.field for p in error.problems}
    assert {
        "manifest.title",
        "manifest.license",
        "manifest.observation_period",
        "manifest.positional_accuracy_m",
        "manifest.area",
    } <= fields
    assert sum(p.field == "manifest.area" for p in error.problems) == 1  # not also "required"
    with pytest.raises(InvalidManifest, match="problem"):
        build_manifest(forest_params(descriptor_set="no-such-set"))
    with pytest.raises(InvalidManifest):  # a forest set on a legend with no forest class
        build_manifest(
            forest_params(
                nomenclature={
                    **nomenclature("eagle-forest"),
                    "classes": [{"code": "water", "name": "Water"}],
                }
            )
        )
    with pytest.raises(InvalidManifest):
        build_manifest(forest_params(area_wgs84_wkt="POLYGON((not wkt))"))


# --------------------------------------------------------------------------- pack files


def test_create_pack_file_writes_an_empty_styled_pack(qgis_app, tmp_path):
    from qgis.core import QgsEditFormConfig

    from qgis_plugin.core.errors import PackFileError, PackFileExists
    from qgis_plugin.core.pack_file import (
        build_manifest,
        create_pack_file,
        open_plots_layer,
        read_manifest,
    )

    path = str(tmp_path / "new.gpkg")
    assert create_pack_file(path, forest_params()) == path
    assert read_manifest(path) == build_manifest(forest_params())
    assert sorted(os.listdir(tmp_path)) == ["new.gpkg"]  # no temporary file left
    content = read_pack(path)
    assert content.plots == [] and content.crs == CRS
    layer = open_plots_layer(path)
    assert layer.isValid() and layer.featureCount() == 0
    assert layer.name() == forest_params().title and layer.crs().authid() == CRS
    assert layer.renderer().type() == "categorizedSymbol"
    assert len(layer.renderer().categories()) == 7
    assert layer.editFormConfig().layout() == QgsEditFormConfig.TabLayout
    fields = layer.fields()
    assert layer.editorWidgetSetup(fields.indexOf("tree_height_class")).type() == "ValueMap"
    assert layer.editorWidgetSetup(fields.indexOf("pct_deciduous")).type() == "Range"

    before = sha256(path)
    with pytest.raises(PackFileExists):
        create_pack_file(path, forest_params(title="Another title"))
    assert sha256(path) == before
    create_pack_file(path, forest_params(title="Another title"), overwrite=True)
    assert read_manifest(path)["title"] == "Another title"
    with pytest.raises(PackFileError, match=r"\.gpkg"):
        create_pack_file(str(tmp_path / "new.sqlite"), forest_params())
    with pytest.raises(PackFileError, match="coordinate reference system"):
        create_pack_file(str(tmp_path / "crs.gpkg"), forest_params(crs="EPSG:999999"))
    with pytest.raises(PackFileError, match="not a readable pack"):
        (tmp_path / "junk.gpkg").write_bytes(b"not a pack")
        open_plots_layer(str(tmp_path / "junk.gpkg"))
    with pytest.raises(PackFileError, match="does not exist"):
        read_manifest(str(tmp_path / "missing.gpkg"))


def test_update_manifest_is_checked_and_all_or_nothing(qgis_app, tmp_path):
    from qgis_plugin.core.errors import InvalidManifest
    from qgis_plugin.core.pack_file import (
        create_pack_file,
        open_plots_layer,
        read_manifest,
        update_manifest,
    )

    path = create_pack_file(str(tmp_path / "pack.gpkg"), forest_params())
    manifest = read_manifest(path)
    manifest["title"] = "Renamed pack"
    manifest["nomenclature"]["classes"][0]["name"] = "Conifers"
    update_manifest(path, manifest)
    assert read_manifest(path)["title"] == "Renamed pack"
    layer = open_plots_layer(path)  # kept: the renderer dies with its layer
    labels = {c.value(): c.label() for c in layer.renderer().categories()}
    assert labels["needleleaved_forest"] == "Conifers"  # the stored style follows

    before = sha256(path)
    bad = {**manifest, "license": "All rights reserved", "title": ""}
    with pytest.raises(InvalidManifest) as caught:
        update_manifest(path, bad)
    assert {"manifest.license", "manifest.title"} <= {p.field for p in caught.value.problems}
    new_descriptor = {"key": "soil", "label": "Soil", "type": "text"}
    with pytest.raises(InvalidManifest, match="problem") as caught:
        update_manifest(
            path, {**manifest, "descriptors": manifest["descriptors"] + [new_descriptor]}
        )
    assert caught.value.problems[0].code == "manifest.descriptor_column"
    assert sha256(path) == before


# --------------------------------------------------------------------------- layer checks


def test_check_layer_maps_problems_to_edited_features(qgis_app, tmp_path):
    from qgis_plugin.core.layer_check import check_layer, feature_ids_for_plots
    from qgis_plugin.core.pack_file import create_pack_file, open_plots_layer

    path = create_pack_file(str(tmp_path / "pack.gpkg"), forest_params())
    layer = open_plots_layer(path)
    assert layer.startEditing()
    add_plot(layer, "GOOD", "broadleaved_deciduous_forest", square_wkt(0, 0, 40), **FOREST)
    add_plot(layer, "BOWTIE", "shrubland", bowtie_wkt(400, 0, 40))
    add_plot(layer, "TINY", "shrubland", square_wkt(800, 0, 10))
    add_plot(layer, "AWAY", "shrubland", square_wkt(20_000, 0, 40))
    add_plot(layer, "BARE", "needleleaved_forest", square_wkt(1200, 0, 40))  # no descriptors
    add_plot(layer, "LAP1", "shrubland", square_wkt(1600, 0, 40))
    add_plot(layer, "LAP2", "clearcut", square_wkt(1640, 0, 40))
    ids = {f["plot_id"]: f.id() for f in layer.getFeatures()}
    before = sha256(path)

    ok, problems = check_layer(layer)

    assert not ok
    found = {(p.code, p.plot_id): p for p in problems}
    assert found[("geometry.invalid", "BOWTIE")].feature_ids == (ids["BOWTIE"],)
    assert found[("geometry.too_small", "TINY")].feature_ids == (ids["TINY"],)
    assert found[("geometry.outside_area", "AWAY")].feature_ids == (ids["AWAY"],)
    missing = [p for p in problems if p.code == "plot.descriptor_missing"]
    assert missing and all(p.plot_id == "BARE" and p.severity == "warning" for p in missing)
    assert {p.field for p in missing} >= {"tree_height_class", "pct_deciduous"}
    assert all(p.feature_ids == (ids["BARE"],) for p in missing)
    (overlap,) = [p for p in problems if p.code == "geometry.overlap"]
    assert set(overlap.feature_ids) == {ids["LAP1"], ids["LAP2"]}
    assert not [p for p in problems if p.plot_id == "GOOD"]
    assert any(p.code == "layer.unsaved_edits" for p in problems)
    assert sorted(feature_ids_for_plots(layer, ["TINY", "AWAY", "nope"])) == sorted(
        [ids["TINY"], ids["AWAY"]]
    )
    assert sha256(path) == before  # checking never writes the pack

    for pid in ("BOWTIE", "TINY", "AWAY"):
        assert layer.deleteFeature(ids[pid])
    assert layer.commitChanges(), layer.commitErrors()
    ok, problems = check_layer(layer)
    assert ok and {p.severity for p in problems} == {"warning"}


def test_check_layer_reads_values_as_the_pack_reader_does(qgis_app, tmp_path):
    from qgis_plugin.core.layer_check import check_layer, layer_content
    from qgis_plugin.core.pack_file import create_pack_file, open_plots_layer, read_manifest

    path = create_pack_file(str(tmp_path / "pack.gpkg"), forest_params())
    layer = open_plots_layer(path)
    layer.startEditing()
    six_plots(layer)
    assert layer.commitChanges(), layer.commitErrors()
    content, _ids = layer_content(layer, read_manifest(path))
    from_file = {p.plot_id: p.properties for p in read_pack(path).plots}
    from_layer = {p.plot_id: p.properties for p in content.plots}
    assert from_layer == from_file  # dates as ISO text, booleans, NULL as None
    assert (
        from_layer["P3"]["mixed_forest"] is True and from_layer["P1"]["observed_on"] == "2024-06-12"
    )
    assert check_layer(layer)[0]


# --------------------------------------------------------------------------- grid


def test_sentinel2_grid_layer(qgis_app):
    from qgis_plugin.core.errors import VtError
    from qgis_plugin.core.grid import sentinel2_grid_layer, utm_epsg

    layer = sentinel2_grid_layer((2.70, 48.40, 2.705, 48.403))
    assert layer.isValid() and layer.crs().authid() == "EPSG:32631"
    features = list(layer.getFeatures())
    xs = [f["coordinate_m"] for f in features if f["axis"] == "x"]
    ys = [f["coordinate_m"] for f in features if f["axis"] == "y"]
    assert all(v % 10 == 0 for v in xs + ys)
    assert xs == sorted(xs) and set(range(xs[0], xs[-1] + 1, 10)) == set(xs)
    assert 37 <= len(xs) <= 42 and 33 <= len(ys) <= 38  # ~370 m x ~335 m, edges included
    extent = layer.extent()
    assert extent.width() == xs[-1] - xs[0] and extent.height() == ys[-1] - ys[0]

    with pytest.raises(VtError, match="too large"):
        sentinel2_grid_layer((2.0, 48.0, 3.0, 49.0))
    assert sentinel2_grid_layer((2.0, 48.0, 2.01, 48.01), max_lines=400).featureCount() <= 400
    with pytest.raises(VtError):
        sentinel2_grid_layer((3.0, 48.0, 2.0, 49.0))
    assert utm_epsg(-47.9, -15.8) == 32723  # Brasília, southern hemisphere
    assert utm_epsg(5.3, 60.4) == 32632  # Bergen: the Norway exception
    assert utm_epsg(15.6, 78.2) == 32633  # Longyearbyen: the Svalbard exception


# --------------------------------------------------------------------------- cache


def test_cache_index(qgis_app, cache_dir):
    from qgis_plugin.core import cache
    from qgis_plugin.core.errors import VtError
    from qgis_plugin.core.tasks import DownloadSuccess

    assert cache.cached_packs() == [] and cache.cached_version("abc") is None
    paths = {}
    for version in (1, 2):
        paths[version] = cache.pack_file_path("abc", version)
        os.makedirs(os.path.dirname(paths[version]), exist_ok=True)
        open(paths[version], "wb").close()
        cache.record_download(DownloadSuccess("abc", version, paths[version], f"Pack v{version}"))
    cache.record_download(DownloadSuccess("abc", 2, paths[2], "Pack v2, again"))  # replaces
    assert paths[2] == str(cache_dir / "abc" / "v2.gpkg")
    assert [(e["version"], e["title"]) for e in cache.cached_packs()] == [
        (1, "Pack v1"),
        (2, "Pack v2, again"),
    ]
    assert cache.cached_version("abc") == 2
    assert cache.newer_version("abc", 3) and not cache.newer_version("abc", 2)
    assert not cache.newer_version("never-downloaded", 5)
    assert cache.cached_pack_for_path(paths[1])["version"] == 1
    assert sorted(os.listdir(cache_dir)) == ["abc", "index.json"]  # no temporary file left

    os.unlink(paths[2])  # deleted by the user: forgotten
    assert cache.cached_version("abc") == 1
    (cache_dir / "index.json").write_text("{damaged")
    assert cache.cached_packs() == []
    for bad in ("../escape", "", "a/b"):
        with pytest.raises(VtError):
            cache.pack_file_path(bad, 1)


# --------------------------------------------------------------------------- settings, auth


def test_settings_round_trip(qgis_app, tmp_path):
    from qgis_plugin import settings

    values = {
        settings.SERVER_URL: "https://vt.example.org/",
        settings.AUTH_CONFIG_ID: "abc1234",
        settings.CACHE_DIR: str(tmp_path / "packs"),
        settings.REQUEST_TIMEOUT_S: 30,
        settings.SHOW_S2_GRID: True,
    }
    try:
        for setting, value in values.items():
            setting.set(value)
        for setting, value in values.items():
            assert setting.get() == value and type(setting.get()) is setting.kind
        assert settings.server_url() == "https://vt.example.org"
        assert settings.cache_dir() == str(tmp_path / "packs") and (tmp_path / "packs").is_dir()
    finally:
        for setting in values:
            setting.reset()
    assert settings.REQUEST_TIMEOUT_S.get() == 120 and settings.SHOW_S2_GRID.get() is False
    assert settings.server_url() == settings.DEFAULT_SERVER


def test_token_lives_in_the_auth_database_only(qgis_app):
    from qgis.core import QgsApplication, QgsSettings

    from qgis_plugin import settings
    from qgis_plugin.core.auth import load_token, store_token

    manager = QgsApplication.authManager()
    assert manager.setMasterPassword(MASTER_PASSWORD, True)
    token = "vt_test_secret_token_0123456789"
    try:
        config_id = settings.set_api_token(token)
        assert config_id and settings.AUTH_CONFIG_ID.get() == config_id
        assert load_token(config_id) == token and settings.api_token() == token
        assert store_token(token + "-new", config_id=config_id) == config_id  # replaced
        assert load_token(config_id) == token + "-new"
        QgsSettings().sync()
        assert token not in open(QgsSettings().fileName(), encoding="utf-8").read()
        with open(QgsApplication.qgisAuthDatabaseFilePath(), "rb") as fh:
            assert token.encode() not in fh.read()  # encrypted with the master password
        assert load_token("") is None and load_token("nosuch1") is None
    finally:
        settings.AUTH_CONFIG_ID.reset()


# --------------------------------------------------------------------------- tasks, offline


def test_upload_sends_what_sqlite_sees_of_a_wal_pack(qgis_app, tmp_path):
    from qgis_plugin.core.pack_file import create_pack_file, open_plots_layer
    from qgis_plugin.core.tasks import consistent_copy

    path = create_pack_file(str(tmp_path / "pack.gpkg"), forest_params())
    layer = open_plots_layer(path)
    layer.startEditing()
    six_plots(layer)
    assert layer.commitChanges()
    del layer
    writer = sqlite3.connect(path)  # another program keeps the pack open in WAL mode
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        manifest = read_pack(path).manifest
        manifest["title"] = "Edited in WAL"
        writer.execute("UPDATE gpkg_metadata SET metadata = ?", (json.dumps(manifest),))
        writer.commit()
        assert os.path.getsize(path + "-wal") > 0
        assert b"Edited in WAL" not in open(path, "rb").read()  # the file alone is stale
        before = sha256(path)
        with consistent_copy(path) as sent:
            assert sent != path
            copied = read_pack(sent)
            assert copied.manifest["title"] == "Edited in WAL" and len(copied.plots) == 6
        assert sha256(path) == before and not os.path.exists(sent)
    finally:
        writer.close()
    with consistent_copy(path) as sent:  # no WAL left: the file itself
        assert sent == path


def test_tasks_fail_cleanly_without_a_server(qgis_app, cache_dir):
    import socket

    from qgis_plugin.core.errors import NetworkError, VtError
    from qgis_plugin.core.tasks import (
        DownloadParams,
        DownloadTask,
        SearchParams,
        SearchTask,
        TaskFailed,
        run_task_blocking,
    )

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    result = run(SearchTask, SearchParams(closed, (2.6, 48.3, 2.8, 48.5)))
    assert isinstance(result, TaskFailed) and isinstance(result.error, NetworkError)
    assert result.error.retryable
    result = run(SearchTask, SearchParams(closed, (10.0, 48.3, 2.8, 48.5)))
    assert isinstance(result, TaskFailed) and "longitude/latitude" in result.error.message
    result = run(DownloadTask, DownloadParams(closed, "../../etc"))
    assert isinstance(result, TaskFailed) and "not a valid pack id" in result.error.message
    assert not (cache_dir / "index.json").exists()

    def broken_callback(result):
        raise RuntimeError("a GUI bug")

    with pytest.raises(RuntimeError, match="a GUI bug"):
        run_task_blocking(SearchTask(SearchParams(closed, None), broken_callback))
    assert issubclass(NetworkError, VtError)


def test_a_hanging_request_is_canceled_on_timeout(qgis_app):
    import socket
    import time

    from qgis_plugin.core.errors import VtError
    from qgis_plugin.core.tasks import SearchParams, SearchTask, TaskCanceled, run_task_blocking

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        results: list = []
        task = SearchTask(
            SearchParams(f"http://127.0.0.1:{silent.getsockname()[1]}", None), results.append
        )
        start = time.monotonic()
        with pytest.raises(VtError, match="did not finish"):
            run_task_blocking(task, timeout_s=0.5)
    assert results == [TaskCanceled()] and time.monotonic() - start < 10


def test_a_request_canceled_before_it_is_sent_does_not_wait_for_the_timeout(qgis_app, tmp_path):
    """A cancel that lands before QGIS created the reply (a busy machine, a task canceled
    right after it started) must not leave the request running to its transfer timeout."""
    import socket
    import time

    from qgis.core import QgsFeedback

    from qgis_plugin.core.client import ApiClient
    from qgis_plugin.core.errors import Canceled

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        client = ApiClient(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout_s=60)
        feedback = QgsFeedback()
        feedback.cancel()
        pack = tmp_path / "pack.gpkg"
        pack.write_bytes(b"local data")
        start = time.monotonic()
        with pytest.raises(Canceled):
            client.get("/api/v1/packs", feedback=feedback)
        with pytest.raises(Canceled):
            client.post_json("/api/v1/auth/login", {"a": 1}, feedback=feedback)
        with pytest.raises(Canceled):
            client.post_file("/api/v1/packs", str(pack), feedback=feedback)
        assert time.monotonic() - start < 5
    assert pack.read_bytes() == b"local data"


def test_a_cancel_whose_signal_was_missed_still_aborts_the_request(qgis_app):
    """The race seen on CI: the cancel lands while QGIS sets the request up, its signal
    reaches no reply, and the worker waited for an answer that never came. Reproduced by
    cancelling a running task with its feedback's signals blocked: the watchdog in the
    worker must still end the request, and the task must end as canceled."""
    import socket
    import time

    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QEventLoop

    from qgis_plugin import settings
    from qgis_plugin.core.tasks import SearchParams, SearchTask, TaskCanceled

    def wait(seconds: float, until=lambda: False) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not until():
            QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
            time.sleep(0.01)

    before = settings.REQUEST_TIMEOUT_S.get()
    settings.REQUEST_TIMEOUT_S.set(60)  # the task reads it when created
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        results: list = []
        task = SearchTask(
            SearchParams(f"http://127.0.0.1:{silent.getsockname()[1]}", None), results.append
        )
        settings.REQUEST_TIMEOUT_S.set(before)
        manager = QgsApplication.taskManager()
        task_id = manager.addTask(task)
        wait(10, lambda: task.status() == task.Running)
        wait(0.5)  # the request is under way
        task.feedback.blockSignals(True)
        task.cancel()  # sets the flags; the canceled signal is lost
        task.feedback.blockSignals(False)
        start = time.monotonic()
        wait(20, lambda: manager.task(task_id) is None)
        assert results == [TaskCanceled()] and time.monotonic() - start < 10
