"""The plugin's main scenario against a real server process: create a pack, digitise plots
through the layer's edit buffer, check, publish, download into a fresh project and find
the same plots, values and form; then each way publishing can fail."""

from __future__ import annotations

import socket

import pytest
import requests
from plugin_helpers import CRS, add_plot, bowtie_wkt, forest_params, run, sha256, six_plots

pytestmark = pytest.mark.qgis

SPATIALITE_ONLY = pytest.mark.parametrize("db_backend", ["spatialite"], indirect=True)
FONTAINEBLEAU = (2.6, 48.3, 2.8, 48.5)


@pytest.fixture
def cache_dir(qgis_app, tmp_path):
    from qgis_plugin import settings

    settings.CACHE_DIR.set(str(tmp_path / "cache"))
    yield tmp_path / "cache"
    settings.CACHE_DIR.reset()


def _pack_with_plots(folder, small_half: float | None = None):
    """A new pack file with six plots digitised through the edit buffer, and its layer."""
    from qgis_plugin.core.pack_file import create_pack_file, open_plots_layer

    path = create_pack_file(str(folder / "fontainebleau.gpkg"), forest_params())
    layer = open_plots_layer(path)
    assert layer.startEditing()
    six_plots(layer, small_half)
    assert layer.commitChanges(), layer.commitErrors()
    return path, layer


def _pack_count(base: str) -> int:
    return requests.get(f"{base}/api/v1/packs", timeout=30).json()["total"]


def _form(layer) -> dict:
    """What a user sees of the form and the map style, comparable between two layers."""
    fields = layer.fields()
    config = layer.editFormConfig()
    return {
        "widgets": {
            name: (
                layer.editorWidgetSetup(fields.indexOf(name)).type(),
                layer.editorWidgetSetup(fields.indexOf(name)).config(),
            )
            for name in ("class_code", "pct_deciduous", "tree_height_class", "observed_on")
        },
        "layout": config.layout(),
        "tabs": [
            (
                tab.name(),
                [child.name() for child in tab.children()],
                tab.visibilityExpression().data().expression(),
            )
            for tab in config.tabs()
        ],
        "constraint": fields.field("pct_deciduous").constraints().constraintExpression(),
        "aliases": [layer.attributeAlias(i) for i in range(fields.count())],
        "categories": [
            (c.value(), c.label(), c.symbol().color().name()) for c in layer.renderer().categories()
        ],
    }


def _plots(layer) -> dict:
    from qgis_plugin.core.layer_check import python_value

    plots = {}
    for feature in layer.getFeatures():
        values = {
            f.name(): python_value(feature[f.name()]) for f in layer.fields() if f.name() != "fid"
        }
        # The server keeps photos as a list, so an empty one comes back as "[]".
        values["photos"] = values["photos"] or "[]"
        plots[values["plot_id"]] = (values, feature.geometry())
    return plots


def test_create_digitise_publish_download_round_trip(
    qgis_app, auth, live_server, tmp_path, cache_dir
):
    from qgis.core import QgsProject

    from qgis_plugin.core import cache
    from qgis_plugin.core.layer_check import check_layer
    from qgis_plugin.core.pack_file import open_plots_layer
    from qgis_plugin.core.tasks import (
        DownloadParams,
        DownloadSuccess,
        DownloadTask,
        SearchParams,
        SearchSuccess,
        SearchTask,
        UploadParams,
        UploadSuccess,
        UploadTask,
    )

    base = live_server()
    token = auth.token("camille", expertise="expert", verified=True)
    path, layer = _pack_with_plots(tmp_path)
    ok, problems = check_layer(layer)
    assert ok, [p.message for p in problems if p.severity == "error"]
    before = sha256(path)

    published = run(UploadTask, UploadParams(path, base, token))

    assert isinstance(published, UploadSuccess), published
    assert published.created and published.version == 1
    assert published.quality_level in "ABCD" and 0 < published.quality_score <= 100
    assert published.api_url.startswith(f"{base}/api/v1/packs/{published.pack_id}")
    assert requests.get(published.page_url, timeout=30).status_code == 200
    assert sha256(path) == before  # publishing never writes the pack

    found = run(SearchTask, SearchParams(base, FONTAINEBLEAU, class_code="mixed_forest"))
    assert isinstance(found, SearchSuccess) and found.total == 1
    assert found.items[0]["id"] == published.pack_id
    nothing = run(SearchTask, SearchParams(base, (-10.0, 40.0, -9.0, 41.0)))
    assert isinstance(nothing, SearchSuccess) and nothing.total == 0

    downloaded = run(DownloadTask, DownloadParams(base, published.pack_id))
    assert isinstance(downloaded, DownloadSuccess), downloaded
    assert (downloaded.version, downloaded.title) == (1, forest_params().title)
    assert downloaded.path == str(cache_dir / published.pack_id / "v1.gpkg")
    assert cache.cached_version(published.pack_id) == 1

    project = QgsProject()
    copy = open_plots_layer(downloaded.path)
    project.addMapLayer(copy)
    assert copy.isValid() and copy.crs().authid() == CRS
    local, remote = _plots(layer), _plots(copy)
    assert sorted(remote) == sorted(local) == ["P1", "P2", "P3", "P4", "P5", "P6"]
    for pid, (values, geom) in local.items():
        assert remote[pid][0] == values, pid
        assert remote[pid][1].isGeosEqual(geom), pid
    assert _form(copy) == _form(layer)
    assert check_layer(copy)[0]

    # A second version by the owner: the cached first one is now outdated.
    assert layer.startEditing()
    add_plot(
        layer,
        "P7",
        "shrubland",
        "POLYGON((673700 6810500, 673760 6810500, 673760 6810560, 673700 6810560, 673700 6810500))",
    )
    assert layer.commitChanges()
    second = run(UploadTask, UploadParams(path, base, token, pack_id=published.pack_id))
    assert isinstance(second, UploadSuccess) and (second.pack_id, second.version) == (
        published.pack_id,
        2,
    )
    latest = requests.get(published.api_url, timeout=30).json()["latest_version"]
    assert latest == 2 and cache.newer_version(published.pack_id, latest)
    again = run(UploadTask, UploadParams(path, base, token, pack_id=published.pack_id))
    assert isinstance(again, UploadSuccess) and not again.created and again.version == 2
    project.removeAllMapLayers()


@SPATIALITE_ONLY
def test_publishing_failures_are_typed(qgis_app, auth, live_server, tmp_path):
    from qgis_plugin.core.errors import AuthRefused, LocalValidationFailed, NetworkError
    from qgis_plugin.core.tasks import TaskCanceled, TaskFailed, UploadParams, UploadTask

    base = live_server()
    token = auth.token("camille", expertise="expert", verified=True)
    path, layer = _pack_with_plots(tmp_path)

    # (d) a wrong token
    refused = run(UploadTask, UploadParams(path, base, "vt_not-a-real-token"))
    assert isinstance(refused, TaskFailed) and isinstance(refused.error, AuthRefused)
    assert refused.error.status == 401 and not refused.error.retryable
    no_token = run(UploadTask, UploadParams(path, base, None))
    assert isinstance(no_token.error, AuthRefused)

    # (c) no server listening
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    down = run(UploadTask, UploadParams(path, closed, token))
    assert isinstance(down, TaskFailed) and isinstance(down.error, NetworkError)
    assert down.error.retryable

    # canceled before it ran
    canceled: list = []
    task = UploadTask(UploadParams(path, base, token), canceled.append)
    task.cancel()
    from qgis_plugin.core.tasks import run_task_blocking

    run_task_blocking(task)
    assert canceled == [TaskCanceled()]

    # (a) a plot the shared contract refuses: nothing is sent
    assert layer.startEditing()
    add_plot(layer, "BOWTIE", "shrubland", bowtie_wkt(3000, 0, 40))
    assert layer.commitChanges()
    before = sha256(path)
    local = run(UploadTask, UploadParams(path, base, token))
    assert isinstance(local, TaskFailed) and isinstance(local.error, LocalValidationFailed)
    assert local.error.failing_plot_ids() == ["BOWTIE"]
    assert any("self-intersecting" in line for line in local.error.details)
    assert _pack_count(base) == 0 and sha256(path) == before


@SPATIALITE_ONLY
def test_server_only_rule_names_the_failing_plots(qgis_app, auth, live_server, tmp_path):
    from qgis_plugin.core.errors import ServerProblem
    from qgis_plugin.core.layer_check import check_layer, feature_ids_for_plots
    from qgis_plugin.core.tasks import TaskFailed, UploadParams, UploadTask

    base = live_server(env={"VT_MIN_PLOT_AREA_M2": "5000"})
    token = auth.token("camille", expertise="expert", verified=True)
    path, layer = _pack_with_plots(tmp_path, small_half=30)  # P5, P6: 3600 m²
    assert check_layer(layer)[0]  # fine for the plugin's default limits

    result = run(UploadTask, UploadParams(path, base, token))

    assert isinstance(result, TaskFailed) and type(result.error) is ServerProblem
    assert result.error.status == 422 and result.error.code == "invalid-pack"
    assert result.error.failing_plot_ids() == ["P5", "P6"]
    ids = {f["plot_id"]: f.id() for f in layer.getFeatures()}
    assert sorted(feature_ids_for_plots(layer, result.error.failing_plot_ids())) == sorted(
        [ids["P5"], ids["P6"]]
    )
    assert _pack_count(base) == 0
