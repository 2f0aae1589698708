"""The plugin's widgets in real, headless QGIS (offscreen Qt): the pack dialog (new and
edit), the validation dock, the browse dock, publishing in one click, the settings dialog,
the message-bar error display, and the plugin's menu/toolbar/docks lifecycle.

Widgets get a real ``QgsMapCanvas`` and ``QgsMessageBar`` (no QgisInterface), except the
plugin lifecycle test, which needs a small interface substitute around a real main window.
"""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest
import requests
from packfactory import build_pack
from plugin_helpers import FOREST, add_plot, bowtie_wkt, forest_params, six_plots, square_wkt

from verite_core.pack.demo import ORIGIN

pytestmark = pytest.mark.qgis

SPATIALITE_ONLY = pytest.mark.parametrize("db_backend", ["spatialite"], indirect=True)
REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PACK = REPO / "docs" / "examples" / "fontainebleau-forest.gpkg"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def plugin_settings(qgis_app, tmp_path):
    """Settings private to the test (the profile is a throw-away one: plugin_helpers)."""
    from qgis_plugin import settings

    settings.CACHE_DIR.set(str(tmp_path / "cache"))
    settings.SERVER_URL.set(closed_url())
    yield settings
    for setting in (settings.CACHE_DIR, settings.SERVER_URL, settings.SHOW_S2_GRID):
        setting.reset()


@pytest.fixture(autouse=True)
def close_windows(qgis_app):
    """Deletes the windows the test opened (docks, dialogs), so that none of their timers
    or slots outlives it; the canvas, bar and project fixtures call it first."""
    from qgis.PyQt import sip
    from qgis.PyQt.QtWidgets import QApplication

    before = set(QApplication.topLevelWidgets())

    def close() -> None:
        for widget in set(QApplication.topLevelWidgets()) - before:
            # Popups and dialogs with a parent go with it (which may be deleted already).
            if not sip.isdeleted(widget) and widget.parent() is None:
                dispose(widget)  # the canvas and bar of the test too

    yield close
    close()


@pytest.fixture
def project(qgis_app, close_windows):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject

    project = QgsProject.instance()
    project.clear()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    yield project
    close_windows()
    project.clear()


@pytest.fixture
def canvas(qgis_app, close_windows):
    """A map canvas in Lambert-93 over 3 km around the example pack's origin."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
    from qgis.gui import QgsMapCanvas

    canvas = QgsMapCanvas()
    canvas.resize(600, 400)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    x, y = ORIGIN
    canvas.setExtent(QgsRectangle(x - 1500, y - 1500, x + 1500, y + 1500))
    yield canvas
    close_windows()  # the docks and dialogs using it, and the canvas itself


@pytest.fixture
def bar(qgis_app, close_windows):
    from qgis.gui import QgsMessageBar

    bar = QgsMessageBar()
    yield bar
    close_windows()


def dispose(widget) -> None:
    """Delete a widget now (its timers must not outlive the test)."""
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    if not sip.isdeleted(widget):
        widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def closed_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def wait_until(predicate, timeout: float = 60) -> None:
    """Process Qt events until ``predicate()`` (background tasks finish in the main loop)."""
    from qgis.PyQt.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def bar_messages(bar) -> list[dict]:
    from qgis.PyQt.QtWidgets import QPushButton

    return [
        {
            "level": item.level(),
            "title": item.title(),
            "text": item.text(),
            "buttons": {b.text(): b for b in item.findChildren(QPushButton)},
        }
        for item in bar.items()
    ]


def pack_layer(path, project):
    from qgis_plugin.core.pack_file import open_plots_layer

    layer = open_plots_layer(str(path))
    project.addMapLayer(layer)
    return layer


# --------------------------------------------------------------------------- new pack


def fill_new_pack(dialog, path) -> None:
    """What a user types in the dialog for a forest pack."""
    from qgis.PyQt.QtCore import QDate

    dialog.titleEdit.setText("Forest plots, Fontainebleau (dialog test)")
    dialog.descriptionEdit.setPlainText("Plots digitised in the dialog test.")
    dialog.themeEdit.setText("forest-structure")
    dialog.licenseCombo.setCurrentText("CC-BY-4.0")
    dialog.methodCombo.setCurrentIndex(dialog.methodCombo.findData("field_photos"))
    dialog.contributorsTable.item(0, 0).setText("Camille Martin")
    expertise = dialog.contributorsTable.cellWidget(0, 1)
    expertise.setCurrentIndex(expertise.findData("expert"))
    dialog.add_contributor("Louis Bernard", "student")
    dialog.startDate.setDate(QDate(2024, 5, 1))
    dialog.endDate.setDate(QDate(2024, 7, 31))
    dialog.accuracySpin.setValue(5)
    dialog.areaCanvasRadio.setChecked(True)
    dialog.select_nomenclature("bundled:eagle-forest")
    dialog.descriptorCombo.setCurrentIndex(dialog.descriptorCombo.findData("forest-structure"))
    dialog.fileWidget.setFilePath(str(path))


def test_new_pack_dialog_builds_params_and_creates_the_pack(project, canvas, tmp_path):
    import datetime as dt

    from qgis.core import QgsEditFormConfig, QgsGeometry, QgsPointXY
    from qgis.PyQt.QtWidgets import QDialog

    from qgis_plugin.core.pack_file import NewPackParams
    from qgis_plugin.gui.layers import extent_polygon_wkt
    from qgis_plugin.gui.new_pack_dialog import NewPackDialog
    from verite_core.pack import nomenclature

    dialog = NewPackDialog(canvas, project=project)
    assert dialog.contributorsTable.rowCount() == 1  # one row to start with
    assert not dialog.areaKeepRadio.isVisibleTo(dialog)  # only when editing a pack
    assert dialog.crsWidget.crs().authid() == "EPSG:2154"  # the project's CRS
    fill_new_pack(dialog, tmp_path / "new-pack")  # no suffix: .gpkg is added

    params = dialog.params()

    area = extent_polygon_wkt(canvas.extent(), canvas.mapSettings().destinationCrs())
    assert params == NewPackParams(
        title="Forest plots, Fontainebleau (dialog test)",
        theme="forest-structure",
        license="CC-BY-4.0",
        method="field_photos",
        contributors=(("Camille Martin", "expert"), ("Louis Bernard", "student")),
        observation_start=dt.date(2024, 5, 1),
        observation_end=dt.date(2024, 7, 31),
        positional_accuracy_m=5.0,
        area_wgs84_wkt=area,
        nomenclature=nomenclature("eagle-forest"),
        descriptor_set="forest-structure",
        description="Plots digitised in the dialog test.",
        citation="",
        crs="EPSG:2154",
    )
    polygon = QgsGeometry.fromWkt(params.area_wgs84_wkt)
    assert polygon.contains(QgsPointXY(2.6347, 48.3924))  # the origin, in lon/lat
    assert 0.03 < polygon.boundingBox().width() < 0.06  # 3 km of longitude

    dialog.show()
    dialog.accept()

    assert dialog.result() == QDialog.Accepted and not dialog.isVisible()
    path = tmp_path / "new-pack.gpkg"
    assert path.is_file()
    layer = dialog.created_layer
    assert project.mapLayer(layer.id()) is layer
    assert layer.featureCount() == 0 and layer.crs().authid() == "EPSG:2154"
    form = layer.editFormConfig()
    assert form.layout() == QgsEditFormConfig.TabLayout
    tabs = form.tabs()
    assert [t.name() for t in tabs][0] == "Plot" and len(tabs) == 2
    assert "pct_deciduous" in [c.name() for c in tabs[1].children()]  # the descriptor tab
    assert layer.renderer().classAttribute() == "class_code"
    assert len(layer.renderer().categories()) == 7


def test_invalid_input_keeps_the_dialog_open_with_the_inputs(project, canvas, tmp_path):
    from qgis.core import Qgis
    from qgis.PyQt.QtCore import QDate
    from qgis.PyQt.QtWidgets import QDialog

    from qgis_plugin.gui.new_pack_dialog import NewPackDialog

    path = tmp_path / "pack.gpkg"
    dialog = NewPackDialog(canvas, project=project)
    fill_new_pack(dialog, path)
    dialog.titleEdit.setText("ab")
    dialog.themeEdit.setText("Forêt claire")
    dialog.licenseCombo.setCurrentText("NOT-A-LICENCE")
    dialog.startDate.setDate(QDate(2024, 9, 1))  # after the end
    dialog.tabs.setCurrentIndex(3)
    dialog.show()

    dialog.accept()

    assert dialog.isVisible() and dialog.result() != QDialog.Accepted
    assert not path.exists() and not project.mapLayers()
    (message,) = bar_messages(dialog.messageBar)
    assert message["level"] == Qgis.Warning
    assert "problem(s)" in message["text"] and "Details" in message["buttons"]
    marked = {
        name
        for name in ("titleEdit", "themeEdit", "licenseCombo", "startDate", "accuracySpin")
        if getattr(dialog, name).property("vtInvalid")
    }
    assert marked == {"titleEdit", "themeEdit", "licenseCombo", "startDate"}
    assert "at least 3 characters" in dialog.titleEdit.toolTip()
    assert dialog.tabs.currentIndex() == 0  # the tab of the first marked widget
    assert dialog.themeEdit.text() == "Forêt claire"  # inputs kept

    dialog.fileWidget.setFilePath("")
    dialog.accept()
    assert dialog.isVisible()
    assert "Choose where to save" in bar_messages(dialog.messageBar)[0]["text"]

    dialog.fileWidget.setFilePath(str(path))
    dialog.titleEdit.setText("Forest plots, corrected")
    dialog.themeEdit.setText("forest-structure")
    dialog.licenseCombo.setCurrentText("CC0-1.0")
    dialog.startDate.setDate(QDate(2024, 5, 1))
    dialog.accept()

    assert dialog.result() == QDialog.Accepted and path.is_file()
    assert not dialog.titleEdit.property("vtInvalid") and dialog.titleEdit.toolTip() == ""


def test_an_existing_file_is_replaced_only_when_confirmed(project, canvas, tmp_path):
    from qgis.PyQt.QtWidgets import QDialog

    from qgis_plugin.gui.new_pack_dialog import NewPackDialog

    path = tmp_path / "pack.gpkg"
    path.write_bytes(b"not a pack")
    answers = []
    dialog = NewPackDialog(canvas, project=project)
    dialog.confirm = lambda title, text: answers.append(text) or False
    fill_new_pack(dialog, path)

    dialog.accept()
    assert dialog.result() != QDialog.Accepted and path.read_bytes() == b"not a pack"
    assert str(path) in answers[0]

    dialog.confirm = lambda title, text: True
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    assert path.read_bytes().startswith(b"SQLite format 3\0")

    again = NewPackDialog(canvas, project=project)  # the file is now open in the project
    again.confirm = lambda title, text: True
    fill_new_pack(again, path)
    again.accept()
    assert again.result() != QDialog.Accepted
    assert "open in the project" in bar_messages(again.messageBar)[0]["text"]


def test_edit_mode_round_trips_the_manifest(project, canvas, tmp_path):
    from qgis.PyQt.QtWidgets import QDialog

    from qgis_plugin.core.pack_file import read_manifest
    from qgis_plugin.gui import manifest_form as mf
    from qgis_plugin.gui.new_pack_dialog import FROM_PACK, KEEP, NewPackDialog

    path = tmp_path / "pack.gpkg"
    shutil.copy(EXAMPLE_PACK, path)
    original = read_manifest(str(path))
    layer = pack_layer(path, project)

    dialog = NewPackDialog(canvas, edit_path=str(path), project=project)
    assert dialog.windowTitle() == "Edit pack manifest"
    assert dialog.titleEdit.text() == original["title"]
    assert dialog.contributors() == (("Camille Martin", "expert"), ("Louis Bernard", "student"))
    assert dialog.startDate.date().toString("yyyy-MM-dd") == original["observation_period"]["start"]  # fmt: skip
    assert dialog.methodCombo.currentData() == "field_photos"
    assert dialog.nomenclatureCombo.currentData() == FROM_PACK
    assert dialog.classesTable.rowCount() == len(original["nomenclature"]["classes"])
    assert dialog.descriptorCombo.currentData() == KEEP
    assert dialog.areaKeepRadio.isChecked()
    assert dialog.crsWidget.crs().authid() == "EPSG:2154" and not dialog.crsWidget.isEnabled()
    assert mf.manifest_for_update(original, dialog.params()) == original  # nothing lost
    mtime = path.stat().st_mtime_ns

    dialog.accept()  # unchanged: nothing written
    assert dialog.result() == QDialog.Accepted
    assert read_manifest(str(path)) == original and path.stat().st_mtime_ns == mtime

    dialog = NewPackDialog(canvas, edit_path=str(path), project=project)
    dialog.titleEdit.setText("Forest structure plots, Fontainebleau (edited)")
    dialog.add_contributor("Ana Lopez", "volunteer")
    dialog.accept()

    assert dialog.result() == QDialog.Accepted
    saved = read_manifest(str(path))
    assert saved["title"] == "Forest structure plots, Fontainebleau (edited)"
    assert saved["contributors"] == original["contributors"] + [
        {"name": "Ana Lopez", "expertise": "volunteer"}
    ]  # affiliation and role of the others kept
    unchanged = {k: v for k, v in original.items() if k not in ("title", "contributors")}
    assert {k: v for k, v in saved.items() if k not in ("title", "contributors")} == unchanged
    assert layer.renderer().classAttribute() == "class_code"  # style reloaded from the file

    geojson = tmp_path / "pack.geojson"
    build_pack(geojson, fmt="geojson")
    dialog = NewPackDialog(canvas, edit_path=str(geojson), project=project)
    dialog.accept()  # GeoJSON packs cannot be updated in place: said, dialog stays
    assert dialog.result() != QDialog.Accepted
    assert "GeoPackage" in bar_messages(dialog.messageBar)[0]["text"]


@SPATIALITE_ONLY
def test_nomenclatures_from_the_server_and_custom_classes(project, canvas, live_server):
    from qgis.PyQt.QtWidgets import QAbstractItemView

    from qgis_plugin import settings
    from qgis_plugin.gui.new_pack_dialog import CUSTOM, NewPackDialog

    settings.SERVER_URL.set(live_server())
    dialog = NewPackDialog(canvas, project=project)
    dialog.fetch_nomenclatures()
    assert not dialog.fetchButton.isEnabled()
    wait_until(dialog.fetchButton.isEnabled)
    assert "2 fetched" in bar_messages(dialog.messageBar)[0]["text"]
    dialog.select_nomenclature("server:eagle-forest")
    assert dialog.nomenclatureCombo.currentText() == "EAGLE-guided forest structure (server)"
    assert dialog.classesTable.rowCount() == 7
    assert dialog.classesTable.editTriggers() == QAbstractItemView.NoEditTriggers
    assert dialog.nomenclature()["id"] == "eagle-forest"

    dialog.select_nomenclature(CUSTOM)  # starts from the classes shown
    assert dialog.classesTable.rowCount() == 7 and dialog.addClassButton.isEnabled()
    for _ in range(5):
        dialog.classesTable.selectRow(2)
        dialog.removeClassButton.click()
    dialog.add_class_row("wet_meadow", "Wet meadow", "#00aaff", 6)
    dialog.customNameEdit.setText("My forest legend")
    doc = dialog.params().nomenclature
    assert doc["name"] == "My forest legend"
    assert [(c["code"], c.get("clcplus")) for c in doc["classes"]] == [
        ("needleleaved_forest", 2),
        ("broadleaved_deciduous_forest", 3),
        ("wet_meadow", 6),
    ]
    assert doc["classes"][2]["color"] == "#00aaff"


# --------------------------------------------------------------------------- validation dock


def bad_pack_layer(tmp_path, project):
    """A pack layer with an invalid, a too small, an overlapping, an outside and an
    incomplete plot (saved)."""
    from qgis_plugin.core.pack_file import create_pack_file

    path = create_pack_file(str(tmp_path / "bad.gpkg"), forest_params())
    layer = pack_layer(path, project)
    layer.startEditing()
    add_plot(layer, "OK1", "shrubland", square_wkt(0, 0, 40))
    add_plot(layer, "OVER", "shrubland", square_wkt(30, 0, 40))
    add_plot(layer, "TINY", "shrubland", square_wkt(600, 0, 2))
    add_plot(layer, "FAR", "shrubland", square_wkt(50_000, 0, 40))
    add_plot(layer, "NOCLASS", None, square_wkt(1200, 0, 40))
    add_plot(layer, "BOWTIE", "shrubland", bowtie_wkt(1800, 0, 40))
    add_plot(layer, "FOREST", "needleleaved_forest", square_wkt(2400, 0, 40), **FOREST)
    assert layer.commitChanges(), layer.commitErrors()
    return layer


def test_validation_dock_lists_problems_by_kind_and_selects_plots(project, canvas, bar, tmp_path):
    from qgis_plugin.gui.validation_dock import IDS_ROLE, ValidationDock

    layer = bad_pack_layer(tmp_path, project)
    ids = {f["plot_id"]: f.id() for f in layer.getFeatures()}
    dock = ValidationDock(canvas, bar, project=project)
    assert not dock.checkButton.isEnabled()
    dock.set_layer(layer)
    assert dock.layerCombo.currentLayer() is layer and dock.publishButton.isEnabled()

    assert dock.check() is False

    tree = dock.problemsTree
    groups = {tree.topLevelItem(i).data(0, IDS_ROLE): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}  # fmt: skip
    assert {"invalid", "too_small", "overlapping", "out_of_area", "incomplete"} <= set(groups)
    plots = {kind: {g.child(i).text(0) for i in range(g.childCount())} for kind, g in groups.items()}  # fmt: skip
    assert "BOWTIE" in plots["invalid"] and plots["too_small"] == {"TINY"}
    assert plots["out_of_area"] == {"FAR"} and "NOCLASS" in plots["incomplete"]
    assert "OVER" in plots["overlapping"]
    assert "error(s) to fix before publishing" in dock.statusLabel.text()

    dock.kindCombo.setCurrentIndex(dock.kindCombo.findData("too_small"))
    assert [not g.isHidden() for k, g in groups.items()] == [k == "too_small" for k in groups]

    tiny = groups["too_small"].child(0)
    tree.setCurrentItem(tiny)
    assert layer.selectedFeatureIds() == [ids["TINY"]]
    overlap = groups["overlapping"].child(0)
    tree.setCurrentItem(overlap)  # both plots of the pair
    assert sorted(layer.selectedFeatureIds()) == sorted([ids["OVER"], ids["OK1"]])

    tree.itemDoubleClicked.emit(groups["out_of_area"].child(0), 0)
    far = next(layer.getFeatures([ids["FAR"]])).geometry().boundingBox()
    assert canvas.extent().contains(far)
    assert layer.selectedFeatureIds() == [ids["FAR"]]

    # Saving edits checks again: the layer is fixed, the list empties.
    layer.startEditing()
    for plot in ("OVER", "TINY", "FAR", "NOCLASS", "BOWTIE"):
        layer.deleteFeature(ids[plot])
    assert layer.commitChanges()
    assert tree.topLevelItemCount() == 0
    assert dock.statusLabel.text() == "No problems: the pack can be published."


def test_validation_dock_shows_server_and_local_failures(project, canvas, bar, tmp_path):
    from qgis_plugin.core.errors import LocalValidationFailed, ServerProblem
    from qgis_plugin.gui.validation_dock import ValidationDock
    from verite_core.pack import Problem

    layer = bad_pack_layer(tmp_path, project)
    ids = {f["plot_id"]: f.id() for f in layer.getFeatures()}
    dock = ValidationDock(canvas, bar, project=project)
    dock.set_layer(layer)
    error = ServerProblem(
        422,
        {
            "code": "invalid-pack",
            "detail": "The pack was refused",
            "problems": [
                {"code": "geometry.too_small", "message": "area below 5000 m²",
                 "field": "geometry", "plot_id": "OK1", "severity": "error"},
                {"code": "geometry.too_small", "message": "area below 5000 m²",
                 "field": "geometry", "plot_id": "FOREST", "severity": "error"},
                {"code": "manifest.license", "message": "not open enough",
                 "field": "manifest.license", "plot_id": None, "severity": "warning"},
            ],
        },
    )  # fmt: skip

    selected = dock.show_server_problem(error)

    assert sorted(selected) == sorted(layer.selectedFeatureIds()) == sorted([ids["OK1"], ids["FOREST"]])  # fmt: skip
    assert [r.kind for r in dock.rows] == ["too_small", "too_small", "pack"]

    dock.show_local_failure(LocalValidationFailed([Problem("geometry.invalid", "self-intersection", "geometry", "BOWTIE")]))  # fmt: skip
    assert [(r.kind, r.plot_id, r.feature_ids) for r in dock.rows] == [("invalid", "BOWTIE", (ids["BOWTIE"],))]  # fmt: skip


def test_sentinel2_grid_checkbox(project, canvas, bar):
    from qgis.core import Qgis, QgsRectangle

    from qgis_plugin import settings
    from qgis_plugin.gui.layers import TEMPORARY_PROPERTY, remove_temporary_layers
    from qgis_plugin.gui.validation_dock import ValidationDock

    x, y = ORIGIN
    canvas.setExtent(QgsRectangle(x - 300, y - 300, x + 300, y + 300))
    dock = ValidationDock(canvas, bar, project=project)

    dock.gridCheck.setChecked(True)

    grid = project.mapLayer(dock.grid_layer_id)
    assert grid is not None and grid.customProperty(TEMPORARY_PROPERTY)
    assert grid.crs().authid() == "EPSG:32631" and grid.featureCount() > 100
    assert settings.SHOW_S2_GRID.get() is True

    canvas.setExtent(QgsRectangle(x - 200_000, y - 200_000, x + 200_000, y + 200_000))
    assert dock.refresh_grid(explicit=True) is False  # too far out: said, not raised
    assert dock.grid_layer_id is None and not project.mapLayers()
    message = bar_messages(bar)[0]
    assert message["title"] == "Zoom in to see the Sentinel-2 grid"
    assert message["level"] == Qgis.Critical and "too large" in message["text"]

    canvas.setExtent(QgsRectangle(x - 300, y - 300, x + 300, y + 300))
    assert dock.refresh_grid() is True and len(project.mapLayers()) == 1
    dock.gridCheck.setChecked(False)
    assert not project.mapLayers() and settings.SHOW_S2_GRID.get() is False

    dock.gridCheck.setChecked(True)
    assert remove_temporary_layers(project) == 1 and not project.mapLayers()


# --------------------------------------------------------------------------- browse dock


def publish_file(base: str, headers: dict, path: Path, pack_id: str | None = None) -> dict:
    url = f"{base}/api/v1/packs" + (f"/{pack_id}/versions" if pack_id else "")
    with open(path, "rb") as fh:
        resp = requests.post(url, files={"file": (path.name, fh)}, headers=headers, timeout=60)
    assert resp.status_code in (200, 201), resp.text
    return resp.json()


@SPATIALITE_ONLY
def test_browse_dock_searches_downloads_and_offers_updates(
    project, canvas, bar, auth, live_server, tmp_path
):
    from qgis_plugin import settings
    from qgis_plugin.core.errors import NetworkError
    from qgis_plugin.core.tasks import (
        DownloadParams,
        DownloadTask,
        SearchTask,
        TaskFailed,
        run_task_blocking,
    )
    from qgis_plugin.gui.browse_dock import BrowseDock

    base = live_server()
    settings.SERVER_URL.set(base)
    headers = auth.headers("camille", expertise="expert", verified=True)
    published = publish_file(base, headers, build_pack(tmp_path / "pack.gpkg"))
    pack_id = published["id"]
    dock = BrowseDock(canvas, bar, project=project)

    params = dock.search_params()
    assert params.server_url == base
    lon0, lat0, lon1, lat1 = params.bbox
    assert lon0 < 2.6347 < lon1 and lat0 < 48.3924 < lat1
    run_task_blocking(SearchTask(params, dock.show_results))  # the server's real answer

    table = dock.resultsTable
    assert table.rowCount() == 1 and dock.statusLabel.text() == "1 pack(s)."
    texts = [table.item(0, c).text() for c in range(table.columnCount())]
    quality = published["quality"]
    assert texts == [
        published["title"],
        "forest-structure",
        f"{quality['level']} ({quality['score']:.1f})",
        "10",
        "CC-BY-4.0",
        "1",
        "",
    ]
    assert not dock.downloadButton.isEnabled()
    table.selectRow(0)
    assert dock.selected_pack_id() == pack_id and dock.downloadButton.text() == "Download"

    run_task_blocking(DownloadTask(DownloadParams(base, pack_id), dock.download_done))

    (layer,) = project.mapLayers().values()
    assert layer.name() == f"{published['title']} (v1)" and layer.featureCount() == 10
    assert layer.renderer().classAttribute() == "class_code"  # style from the GeoPackage
    assert table.item(0, 6).text() == "v1, up to date"
    assert dock.downloadButton.text() == "Open local copy"

    publish_file(base, headers, build_pack(tmp_path / "v2.gpkg", lambda m: m.update(title="Forest plots v2")), pack_id)  # fmt: skip
    run_task_blocking(SearchTask(dock.search_params(), dock.show_results))
    assert table.item(0, 0).text() == "Forest plots v2" and table.item(0, 5).text() == "2"
    assert table.item(0, 6).text() == "v1, newer version available"
    assert dock.selected_pack_id() == pack_id  # the selection survives a refresh
    assert dock.downloadButton.text() == "Update to version 2"

    dock.themeEdit.setText("wetlands")
    run_task_blocking(SearchTask(dock.search_params(), dock.show_results))
    assert table.rowCount() == 0 and not dock.downloadButton.isEnabled()

    dock.show_results(TaskFailed(NetworkError("The server cannot be reached", ["refused"])))
    assert dock.statusLabel.text() == "The search failed."
    assert {"Details", "Retry"} <= set(bar_messages(bar)[0]["buttons"])
    dock.cleanup()


# --------------------------------------------------------------------------- publishing


class Answers:
    """Scripted answers to the publisher's questions, recording what was asked."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked: list[tuple[str, list[str]]] = []

    def __call__(self, title, text, choices):
        self.asked.append((title, [key for key, _label in choices]))
        return self.answers.pop(0)


def new_pack_with_plots(tmp_path, project, small_half=None):
    from qgis_plugin.core.pack_file import create_pack_file

    path = create_pack_file(str(tmp_path / "fontainebleau.gpkg"), forest_params())
    layer = pack_layer(path, project)
    assert layer.startEditing()
    six_plots(layer, small_half)
    return path, layer


def pack_total(base: str) -> int:
    return requests.get(f"{base}/api/v1/packs", timeout=30).json()["total"]


@SPATIALITE_ONLY
def test_publish_in_one_click_then_as_a_new_version(
    project, canvas, bar, auth, live_server, tmp_path, monkeypatch
):
    from qgis.core import Qgis

    from qgis_plugin import settings
    from qgis_plugin.gui.publish import Publisher
    from qgis_plugin.gui.validation_dock import ValidationDock

    base = live_server()
    settings.SERVER_URL.set(base)
    token = auth.token("camille", expertise="expert", verified=True)
    monkeypatch.setattr(settings, "api_token", lambda: token)  # auth DB: test_plugin_core
    path, layer = new_pack_with_plots(tmp_path, project)
    dock = ValidationDock(canvas, bar, project=project)
    ask = Answers(None, "save", "save", "version")
    publisher = Publisher(bar, lambda: dock, ask=ask, project=project)

    assert publisher.publish(layer) is None  # unsaved edits, the user cancels
    assert ask.asked == [("Unsaved edits", ["save"])]
    assert layer.isModified() and pack_total(base) == 0  # never saved silently

    dock.publish_requested.connect(publisher.publish)
    dock.set_layer(layer)
    dock.publishButton.click()  # "Save and publish"
    assert not layer.isModified() and layer.isEditable()  # saved, still editing
    wait_until(lambda: not publisher.tasks)

    message = bar_messages(bar)[0]
    assert message["level"] == Qgis.Success and message["title"] == "Pack published: version 1"
    pack_id = publisher.published.get(path, base)
    assert pack_id and f'href="{base}/packs/{pack_id}"' in message["text"]
    assert "quality level" in message["text"]
    from qgis_plugin import settings

    assert settings.PUBLISHED_PACKS.get().count(pack_id) == 1  # in the user's settings
    assert project.readEntry("VeriteTerrain", "published_packs")[0] == ""  # not in the project

    layer.changeAttributeValue(next(layer.getFeatures()).id(), layer.fields().indexOf("notes"), "Checked again")  # fmt: skip
    task = publisher.publish(layer)  # asks to save, then: already published → new version
    assert task is not None
    assert ask.asked[-2:] == [
        ("Unsaved edits", ["save"]),
        ("Already published", ["version", "new"]),
    ]
    wait_until(lambda: not publisher.tasks)
    assert bar_messages(bar)[0]["title"] == "Pack published: version 2"
    assert pack_total(base) == 1
    detail = requests.get(f"{base}/api/v1/packs/{pack_id}", timeout=30).json()
    assert detail["latest_version"] == 2


@SPATIALITE_ONLY
def test_publishing_failures_show_where_and_what_to_do(
    project, canvas, bar, auth, live_server, tmp_path, monkeypatch
):
    from qgis.core import QgsProject

    from qgis_plugin import settings
    from qgis_plugin.gui.publish import Publisher
    from qgis_plugin.gui.validation_dock import ValidationDock

    strict = live_server(env={"VT_MIN_PLOT_AREA_M2": "4000"})
    token = auth.token("camille", expertise="expert", verified=True)
    tokens = {"value": "not-a-valid-token"}
    monkeypatch.setattr(settings, "api_token", lambda: tokens["value"])
    path, layer = new_pack_with_plots(tmp_path, project, small_half=30)  # P5, P6: 3600 m²
    assert layer.commitChanges(False)
    ids = {f["plot_id"]: f.id() for f in layer.getFeatures()}
    dock = ValidationDock(canvas, bar, project=project)
    opened = []
    publisher = Publisher(bar, lambda: dock, ask=Answers(), open_settings=lambda: opened.append(1))

    def publish_and_wait():
        publisher.publish(layer)
        wait_until(lambda: not publisher.tasks)
        return bar_messages(bar)[0]

    # A refused token: the message offers the settings.
    settings.SERVER_URL.set(strict)
    message = publish_and_wait()
    assert message["title"] == "Publishing failed" and "401" in message["text"]
    message["buttons"]["Settings…"].click()
    assert opened == [1] and "Retry" not in message["buttons"]

    # The server refuses plots its own rule finds too small: they are selected and listed.
    tokens["value"] = token
    message = publish_and_wait()
    assert "422" in message["text"]
    assert sorted(layer.selectedFeatureIds()) == sorted([ids["P5"], ids["P6"]])
    assert {r.plot_id for r in dock.rows if r.severity == "error"} == {"P5", "P6"}
    assert dock.layer is layer

    # Unreachable server: "Retry" runs the same upload again.
    settings.SERVER_URL.set(closed_url())
    message = publish_and_wait()
    assert "cannot be reached" in message["text"]
    message["buttons"]["Retry"].click()
    assert publisher.tasks
    wait_until(lambda: not publisher.tasks)
    assert "cannot be reached" in bar_messages(bar)[0]["text"]

    # A plot the shared contract refuses: nothing sent, the problems in the dock.
    add_plot(layer, "P7", "shrubland", bowtie_wkt(2600, 0, 40))
    assert layer.commitChanges(False)
    message = publish_and_wait()
    assert "must be fixed before publishing" in message["text"]
    assert [(r.kind, r.plot_id) for r in dock.rows if r.severity == "error"][0] == ("invalid", "P7")  # fmt: skip
    assert QgsProject.instance().readEntry("VeriteTerrain", "published_packs")[0] in ("", "{}")


# --------------------------------------------------------------------------- messages


def test_show_error_displays_every_error_class(bar):
    from qgis.core import Qgis, QgsApplication

    from qgis_plugin.core import errors
    from qgis_plugin.gui.messages import show_error
    from verite_core.pack import Problem

    problem = Problem("geometry.invalid", "self-intersection", "geometry", "P1")
    problem_body = {"code": "invalid-pack", "detail": "Refused", "problems": [
        {"code": "geometry.overlap", "message": "overlaps P2", "plot_id": "P1", "severity": "error"}]}  # fmt: skip
    try:
        raise ValueError("boom")
    except ValueError as exc:
        bug = exc
    cases = [
        (errors.VtError("Plain", ["a detail"]), Qgis.Critical, False),
        (errors.NetworkError("The server cannot be reached", ["refused"]), Qgis.Critical, True),
        (errors.ServerProblem(422, problem_body), Qgis.Critical, False),
        (errors.AuthRefused(401, {"code": "no-token", "detail": "Log in"}), Qgis.Critical, False),
        (errors.ServerError(503, {"detail": "Down"}), Qgis.Critical, True),
        (errors.LocalValidationFailed([problem]), Qgis.Critical, False),
        (errors.InvalidManifest("Bad manifest", [problem]), Qgis.Warning, False),
        (errors.PackFileError("Unreadable"), Qgis.Critical, False),
        (errors.PackFileExists("Exists"), Qgis.Warning, False),
        (errors.Canceled("Canceled"), Qgis.Info, False),
        (errors.UnexpectedError(bug), Qgis.Critical, False),
    ]
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda m, tag, level: logged.append((tag, m)))  # fmt: skip
    retried = []
    for error, level, retryable in cases:
        item = show_error(bar, error, retry=lambda: retried.append(1))
        message = bar_messages(bar)[0]
        assert bar.currentItem() is item
        assert message["level"] == level, type(error)
        assert message["text"] == error.message and message["title"] == "Vérité Terrain"
        assert ("Details" in message["buttons"]) == bool(error.details), type(error)
        assert ("Retry" in message["buttons"]) == retryable, type(error)
    assert "[plot P1] overlaps P2" in cases[2][0].details

    count = len(bar.items())
    show_error(bar, errors.NetworkError("Offline"), retry=lambda: retried.append(1))
    bar_messages(bar)[0]["buttons"]["Retry"].click()
    assert retried == [1] and len(bar.items()) == count  # the message went away

    show_error(bar, bug)  # not a VtError: a bug, with its traceback in the log
    message = bar_messages(bar)[0]
    assert message["title"] == "Unexpected error (a bug)" and message["level"] == Qgis.Critical
    assert message["text"] == "ValueError: boom" and "Details" in message["buttons"]
    assert any(tag == "Vérité Terrain" and "Traceback" in m and "boom" in m for tag, m in logged)


# --------------------------------------------------------------------------- settings


@SPATIALITE_ONLY
def test_settings_dialog_saves_and_logs_in(qgis_app, auth, live_server):
    from plugin_helpers import MASTER_PASSWORD
    from qgis.core import QgsApplication
    from qgis.PyQt.QtWidgets import QDialog

    from qgis_plugin import settings
    from qgis_plugin.core.auth import load_token
    from qgis_plugin.gui.settings_dialog import SettingsDialog

    assert QgsApplication.authManager().setMasterPassword(MASTER_PASSWORD, True)
    base = live_server()
    auth.user("ana", password="correct horse battery", expertise="student")
    try:
        dialog = SettingsDialog()
        dialog.serverEdit.setText("ftp://nowhere")
        dialog.accept()
        assert dialog.result() != QDialog.Accepted
        assert "http://" in bar_messages(dialog.messageBar)[0]["text"]

        dialog.serverEdit.setText(base + "/")
        dialog.usernameEdit.setText("ana")
        dialog.passwordEdit.setText("wrong password")
        dialog.log_in()
        wait_until(dialog.loginButton.isEnabled)
        assert "401" in bar_messages(dialog.messageBar)[0]["text"]
        assert not settings.AUTH_CONFIG_ID.get()

        dialog.passwordEdit.setText("correct horse battery")
        dialog.log_in()
        wait_until(dialog.loginButton.isEnabled)
        assert bar_messages(dialog.messageBar)[0]["title"] == "Logged in"
        token = load_token(settings.AUTH_CONFIG_ID.get())
        me = requests.get(f"{base}/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)  # fmt: skip
        assert me.json()["username"] == "ana"
        assert dialog.passwordEdit.text() == "" and "token is stored" in dialog.authStatusLabel.text()  # fmt: skip

        dialog.timeoutSpin.setValue(30)
        dialog.accept()
        assert dialog.result() == QDialog.Accepted
        assert settings.server_url() == base and settings.REQUEST_TIMEOUT_S.get() == 30

        dialog = SettingsDialog()
        dialog.forget_token()
        assert not settings.AUTH_CONFIG_ID.get() and load_token(token) is None
    finally:
        settings.AUTH_CONFIG_ID.reset()
        settings.REQUEST_TIMEOUT_S.reset()


# --------------------------------------------------------------------------- plugin


class FakeIface:
    """The part of QgisInterface the plugin uses, around a real main window."""

    def __init__(self):
        from qgis.core import QgsProject
        from qgis.gui import QgsMapCanvas, QgsMessageBar
        from qgis.PyQt.QtCore import QObject, pyqtSignal
        from qgis.PyQt.QtWidgets import QMainWindow

        class Signals(QObject):
            currentLayerChanged = pyqtSignal(object)

        self.signals = Signals()
        self.currentLayerChanged = self.signals.currentLayerChanged
        self.window = QMainWindow()
        self.canvas = QgsMapCanvas(self.window)
        self.window.setCentralWidget(self.canvas)
        self.bar = QgsMessageBar(self.window)
        self.menus = {}
        self.active = None
        self.project = QgsProject.instance()

    def mainWindow(self):  # noqa: N802
        return self.window

    def mapCanvas(self):  # noqa: N802
        return self.canvas

    def messageBar(self):  # noqa: N802
        return self.bar

    def addToolBar(self, name):  # noqa: N802
        return self.window.addToolBar(name)

    def addPluginToMenu(self, name, action):  # noqa: N802
        if name not in self.menus:
            self.menus[name] = self.window.menuBar().addMenu(name)
        self.menus[name].addAction(action)

    def removePluginMenu(self, name, action):  # noqa: N802
        menu = self.menus[name]
        menu.removeAction(action)
        if not menu.actions():
            self.window.menuBar().removeAction(menu.menuAction())
            menu.deleteLater()
            del self.menus[name]

    def addDockWidget(self, area, dock):  # noqa: N802
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock):  # noqa: N802
        self.window.removeDockWidget(dock)

    def activeLayer(self):  # noqa: N802
        return self.active

    def setActiveLayer(self, layer):  # noqa: N802
        self.active = layer
        self.currentLayerChanged.emit(layer)
        return True


def test_plugin_adds_menu_toolbar_docks_and_removes_them_all(project, tmp_path):
    from qgis.core import QgsRectangle
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    from qgis.PyQt.QtWidgets import QAction, QDockWidget, QToolBar

    import qgis_plugin

    iface = FakeIface()
    x, y = ORIGIN
    iface.canvas.setDestinationCrs(project.crs())
    iface.canvas.setExtent(QgsRectangle(x - 300, y - 300, x + 300, y + 300))
    plugin = qgis_plugin.classFactory(iface)
    plugin.initGui()

    (menu,) = iface.menus.values()
    assert [a.text() for a in menu.actions()] == [
        "New pack…",
        "Edit pack manifest…",
        "Check pack",
        "Publish pack",
        "Browse packs",
        "Check a pack file…",
        "Map sealed surfaces…",
        "Get Sentinel-2 for this area…",
        "Check model dependencies",
        "Settings…",
    ]
    (toolbar,) = iface.window.findChildren(QToolBar)
    assert toolbar.objectName() == "VeriteTerrainToolbar"
    assert [a.text() for a in toolbar.actions()] == ["New pack…", "Check pack", "Publish pack", "Browse packs", "Get Sentinel-2 for this area…"]  # fmt: skip

    path = tmp_path / "pack.gpkg"
    shutil.copy(EXAMPLE_PACK, path)
    layer = pack_layer(path, project)
    iface.setActiveLayer(layer)
    plugin.check_pack()  # shows the dock on the active pack layer and checks it
    dock = plugin.validation_dock
    assert dock.layer is layer and dock.isVisibleTo(iface.window)
    assert dock.statusLabel.text() == "No problems: the pack can be published."
    dock.gridCheck.setChecked(True)
    assert len(project.mapLayers()) == 2  # the pack and the temporary grid
    plugin.show_browse_dock()
    plugin.publish_active()  # no token: the server is asked nothing, the bar says why
    wait_until(lambda: not plugin.publisher.tasks)
    assert bar_messages(iface.bar)[0]["title"] == "Publishing failed"
    assert len(iface.window.findChildren(QDockWidget)) == 2

    plugin.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)

    assert not iface.menus and not iface.window.menuBar().actions()
    assert not iface.window.findChildren(QToolBar)
    assert not iface.window.findChildren(QDockWidget)
    assert not [a for a in iface.window.findChildren(QAction) if a.objectName().startswith("VeriteTerrain")]  # fmt: skip
    assert list(project.mapLayers().values()) == [layer]  # the grid went, the user's pack stays
    iface.window.deleteLater()


def test_published_pack_ids_are_kept_per_server_and_file(project, tmp_path):
    from qgis_plugin.gui.publish import PublishedPacks

    store = PublishedPacks()
    store.remember(str(tmp_path / "a.gpkg"), "http://one/", "abc123")
    assert store.get(str(tmp_path / "a.gpkg"), "http://one") == "abc123"
    assert store.get(str(tmp_path / "a.gpkg"), "http://two") is None
    assert store.get(str(tmp_path / "b.gpkg"), "http://one") is None
    assert (
        PublishedPacks().get(str(tmp_path / "a.gpkg"), "http://one") == "abc123"
    )  # survives, no project
    store.forget(str(tmp_path / "a.gpkg"), "http://one")
    assert store.get(str(tmp_path / "a.gpkg"), "http://one") is None
