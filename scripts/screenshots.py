#!/usr/bin/env python3
"""Screenshots of the QGIS plugin for docs/plugin.md, taken from the real QGIS desktop.

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--lang fr]

1. builds the plugin zip and unzips it into a fresh QGIS profile (as "Install from ZIP");
2. starts a Vérité Terrain server on a free loopback port with a temporary SpatiaLite
   database: the demo pack plus two more packs uploaded with a token;
3. runs QGIS under Xvfb (``tests/qgis_desktop.py``) with a script that loads the plugin,
   fills the new-pack dialog, creates a forest-structure pack, digitizes plots (some of
   them wrong on purpose), checks them in the validation dock, opens a plot's attribute
   form, lists the server's packs in the browse dock, and grabs each widget to PNG.

Needs the test system packages (``scripts/setup-system.sh test``: qgis, xvfb, xauth).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

import build_plugin  # noqa: E402
import qgis_desktop  # noqa: E402

SERVING_RE = re.compile(r"serving on (http://[\d.]+:\d+)/")

IN_QGIS = r"""
import datetime as dt
import json
import os
import sys
import time

import qgis.utils
from qgis.core import (
    QgsApplication, QgsCoordinateReferenceSystem, QgsFeature, QgsGeometry, QgsPointXY,
    QgsProject, QgsRectangle,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate, Qt
from qgis.PyQt.QtWidgets import QDockWidget, QTabWidget

NAME = "verite_terrain"
OUT = os.environ["VT_IMG_DIR"]
WORK = os.environ["VT_WORK"]
SERVER = os.environ["VT_SERVER"]
SUFFIX = os.environ.get("VT_SUFFIX", "")  # e.g. "-fr"
ONLY = set(filter(None, os.environ.get("VT_ONLY", "").split(",")))
SHOWN_PATH = "/home/camille/packs/fontainebleau-2025.gpkg"  # the path the dialog shows
ORIGIN = (671000.0, 6810500.0)  # Lambert-93, in the Forêt de Fontainebleau
AREA = "POLYGON((2.600 48.371, 2.670 48.371, 2.670 48.418, 2.600 48.418, 2.600 48.371))"
state = {}


def pump(seconds=0.3):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def wait_until(condition, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        QCoreApplication.processEvents()
        time.sleep(0.05)
    return False


def save(widget, name, result):
    name = name.replace(".png", SUFFIX + ".png")
    if ONLY and name.replace(".png", "") not in ONLY:
        return
    pump(0.4)
    path = os.path.join(OUT, name)
    assert widget.grab().save(path, "PNG"), path
    result.setdefault("images", []).append(name)


def module(name):
    return __import__(f"{NAME}.{name}", fromlist=["_"])


def start(result):
    mw = iface.mainWindow()
    mw.resize(1500, 940)
    mw.move(0, 0)
    for dock in mw.findChildren(QDockWidget):  # room for the layers panel
        if dock.objectName() == "Browser":
            dock.hide()
    QgsProject.instance().setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    assert qgis.utils.loadPlugin(NAME) and qgis.utils.startPlugin(NAME)
    settings = module("settings")
    settings.SERVER_URL.set(SERVER)
    # A token in the QGIS authentication database, as the settings dialog stores it.
    assert QgsApplication.authManager().setMasterPassword("screenshots", True)
    settings.set_api_token(os.environ["VT_TOKEN"])
    state["plugin"] = qgis.utils.plugins[NAME]
    canvas = iface.mapCanvas()
    canvas.setExtent(QgsRectangle(ORIGIN[0] - 250, ORIGIN[1] - 250, ORIGIN[0] + 450, ORIGIN[1] + 350))
    canvas.refresh()
    result["plugin_file"] = sys.modules[NAME].__file__


def params():
    pack_file = module("core.pack_file")
    mf = module("gui.manifest_form")
    return pack_file.NewPackParams(
        title="Forest structure plots, Forêt de Fontainebleau 2025",
        theme="forest-structure",
        license="CC-BY-4.0",
        method="field_photos",
        contributors=(("Camille Martin", "expert"), ("Louis Bernard", "student")),
        observation_start=dt.date(2025, 5, 5),
        observation_end=dt.date(2025, 7, 25),
        positional_accuracy_m=5.0,
        area_wgs84_wkt=AREA,
        nomenclature=mf.bundled_nomenclatures()["eagle-forest"],
        descriptor_set="forest-structure",
        description=(
            "Leaf type, height and canopy cover of forest stands, surveyed on foot with a "
            "GNSS receiver; one photo per plot."
        ),
        citation="Martin C., Bernard L. (2025). Forest structure plots, Forêt de Fontainebleau.",
        crs="EPSG:2154",
    )


def new_pack_dialog(result):
    NewPackDialog = module("gui.new_pack_dialog").NewPackDialog
    dialog = NewPackDialog(iface.mapCanvas(), iface.mainWindow())
    dialog.set_values(params())
    index = dialog.nomenclatureCombo.findData("bundled:eagle-forest")
    dialog.nomenclatureCombo.setCurrentIndex(max(0, index))
    dialog.areaCanvasRadio.setChecked(True)
    dialog.fileWidget.setFilePath(SHOWN_PATH)
    dialog.resize(860, 560)
    dialog.show()
    tabs = dialog.tabs
    for i, name in enumerate(("new-pack-dialog.png", "new-pack-observation.png",
                              "new-pack-area.png", "new-pack-classes.png")):
        tabs.setCurrentIndex(i)
        save(dialog, name, result)
    dialog.reject()
    dialog.deleteLater()


def square(cx, cy, half):
    x, y = ORIGIN[0] + cx, ORIGIN[1] + cy
    return QgsGeometry.fromPolygonXY([[QgsPointXY(x - half, y - half), QgsPointXY(x + half, y - half),
                                       QgsPointXY(x + half, y + half), QgsPointXY(x - half, y + half)]])


PLOTS = [
    # plot_id, class, centre (m from ORIGIN), half side (m), descriptors
    ("FTB-101", "broadleaved_deciduous_forest", (0, 0), 40,
     dict(tree_height_class="20_30", pct_deciduous=90, pct_evergreen=10, undergrowth_type="shrubs", canopy_cover_pct=85)),
    ("FTB-102", "needleleaved_forest", (150, 0), 40,
     dict(tree_height_class="10_20", pct_deciduous=5, pct_evergreen=95, undergrowth_type="none", canopy_cover_pct=70)),
    ("FTB-103", "mixed_forest", (300, 0), 40,
     dict(mixed_forest=True, tree_height_class="20_30", pct_deciduous=55, pct_evergreen=45, undergrowth_type="mixed", canopy_cover_pct=80)),
    ("FTB-104", "clearcut", (0, 150), 35, {}),
    ("FTB-105", "broadleaved_deciduous_forest", (150, 150), 12,  # too small
     dict(tree_height_class="10_20", pct_deciduous=100, pct_evergreen=0, undergrowth_type="herbaceous", canopy_cover_pct=60)),
    ("FTB-106", "mixed_forest", (40, 40), 40,  # overlaps FTB-101
     dict(mixed_forest=True, tree_height_class="10_20", pct_deciduous=50, pct_evergreen=50, undergrowth_type="shrubs", canopy_cover_pct=75)),
    ("FTB-107", "needleleaved_forest", (300, 150), 40,  # height class missing
     dict(pct_deciduous=0, pct_evergreen=100, undergrowth_type="none", canopy_cover_pct=65)),
    ("FTB-108", "broadleaved_deciduous_forest", (0, 300), 40,  # shares sum to 90 %
     dict(tree_height_class="gt30", pct_deciduous=70, pct_evergreen=20, undergrowth_type="regeneration", canopy_cover_pct=90)),
    ("FTB-109", "shrubland", (150, 300), 40, {}),
]


def create_pack(result):
    pack_file = module("core.pack_file")
    path = pack_file.create_pack_file(os.path.join(WORK, "fontainebleau-2025.gpkg"), params())
    layer = pack_file.open_plots_layer(path, "Fontainebleau 2025 plots")
    iface.mapCanvas().setExtent(QgsRectangle(ORIGIN[0] - 90, ORIGIN[1] - 80, ORIGIN[0] + 390, ORIGIN[1] + 390))
    QgsProject.instance().addMapLayer(layer)
    fields = layer.fields()
    layer.startEditing()
    for plot_id, code, (cx, cy), half, values in PLOTS:
        feature = QgsFeature(fields)
        feature.setGeometry(square(cx, cy, half))
        feature["plot_id"] = plot_id
        feature["class_code"] = code
        feature["observed_on"] = QDate(2025, 6, 12)
        feature["collector"] = "Camille Martin"
        for key, value in values.items():
            feature[key] = value
        layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    iface.setActiveLayer(layer)
    state["layer"] = layer
    result["plots"] = layer.featureCount()


def show_problems(dock):
    dock.check()
    dock.problemsTree.expandAll()
    for column in (0, 1):
        dock.problemsTree.resizeColumnToContents(column)


def validation_dock(result):
    plugin = state["plugin"]
    plugin.check_pack()
    dock = plugin.validation_dock
    iface.mainWindow().resizeDocks([dock], [600], Qt.Horizontal)
    dock.gridCheck.setChecked(True)
    pump(1.5)  # the grid layer is built (and rebuilt once the dock has its width)
    show_problems(dock)  # the rows' columns sized to their contents
    assert dock.problemsTree.topLevelItemCount() > 0
    result["problems"] = dock.statusLabel.text()
    save(dock, "validation-dock.png", result)


def attribute_form(result):
    layer = state["layer"]
    feature = next(f for f in layer.getFeatures() if f["plot_id"] == "FTB-101")
    layer.startEditing()
    form = iface.getFeatureForm(layer, feature)
    form.resize(680, 520)
    form.show()
    pump(0.2)
    form.setFocus()
    tabs = form.findChildren(QTabWidget)
    result["form_tabs"] = [tabs[0].tabText(i) for i in range(tabs[0].count())] if tabs else []
    save(form, "attribute-form.png", result)
    if tabs and tabs[0].count() > 1:
        tabs[0].setCurrentIndex(1)
        save(form, "attribute-form-descriptors.png", result)
    form.reject()
    layer.rollBack()


def browse_dock(result):
    plugin = state["plugin"]
    plugin.show_browse_dock()
    dock = plugin.browse_dock
    iface.mainWindow().tabifyDockWidget(plugin.validation_dock, dock)
    dock.show()
    dock.raise_()
    dock.extentCheck.setChecked(False)
    dock.refresh()
    assert wait_until(lambda: dock.resultsTable.rowCount() > 0), dock.statusLabel.text()
    table = dock.resultsTable
    result["packs"] = table.rowCount()
    # Download one pack: it opens as a layer, and the table shows the local copy.
    before = set(QgsProject.instance().mapLayers())
    table.selectRow(table.rowCount() - 1)
    dock.download_selected()
    assert wait_until(lambda: set(QgsProject.instance().mapLayers()) - before, 60)
    downloaded = [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]
    result["downloaded"] = [layer.name() for layer in downloaded]
    table.selectRow(table.rowCount() - 1)
    iface.mainWindow().resizeDocks([dock], [820], Qt.Horizontal)  # room for the titles
    pump(0.3)
    table.horizontalScrollBar().setValue(0)
    save(dock, "browse-dock.png", result)
    iface.mainWindow().resizeDocks([dock], [600], Qt.Horizontal)
    QgsProject.instance().removeMapLayers([layer.id() for layer in downloaded])
    iface.messageBar().clearWidgets()


def label_plots(layer):
    # Plot ids on the map (in the project only), so that the problems can be found.
    from qgis.core import QgsPalLayerSettings, QgsTextFormat, QgsVectorLayerSimpleLabeling

    labels = QgsPalLayerSettings()
    labels.fieldName = "plot_id"
    labels.placement = QgsPalLayerSettings.OverPoint
    text = QgsTextFormat()
    text.setSize(9)
    buffer = text.buffer()
    buffer.setEnabled(True)
    text.setBuffer(buffer)
    labels.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def window(result):
    dock = state["plugin"].validation_dock
    dock.raise_()
    iface.setActiveLayer(state["layer"])
    label_plots(state["layer"])
    show_problems(dock)
    tree = dock.problemsTree
    for i in range(tree.topLevelItemCount()):  # select the overlapping plot's row
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            if group.child(j).text(0) == "FTB-106":
                tree.setCurrentItem(group.child(j))
    result["selected_plots"] = state["layer"].selectedFeatureCount()
    iface.mapCanvas().refresh()  # (refreshAllLayers would reload the layer: no selection)
    pump(2.0)
    save(iface.mainWindow(), "qgis-window.png", result)


def wait_for_message(before):
    bar = iface.messageBar()
    assert wait_until(lambda: bar.currentItem() is not None and bar.currentItem() is not before, 60)
    pump(0.5)
    return bar.currentItem()


def hide_docks():
    # The message bar spans the map canvas: make it wide.
    for dock in (state["plugin"].validation_dock, state["plugin"].browse_dock):
        dock.hide()
    pump(0.3)


def publish(result):
    plugin, layer = state["plugin"], state["layer"]
    bar = iface.messageBar()
    bar.clearWidgets()
    plugin.publish_layer(layer)  # refused: checked locally first, nothing is sent
    item = wait_for_message(None)
    result["publish_refused"] = f"{item.title()} | {item.text()}"
    hide_docks()  # (the refusal showed the problems in the validation dock)
    save(bar, "publish-refused.png", result)
    bar.clearWidgets()
    bad = [f.id() for f in layer.getFeatures() if f["plot_id"] in ("FTB-105", "FTB-106", "FTB-107", "FTB-108")]
    layer.startEditing()
    layer.deleteFeatures(bad)
    assert layer.commitChanges(), layer.commitErrors()
    plugin.publish_layer(layer)
    item = wait_for_message(None)
    result["published"] = f"{item.title()} | {item.text()}"
    hide_docks()
    save(bar, "publish-success.png", result)
    bar.clearWidgets()


def settings_dialog(result):
    SettingsDialog = module("gui.settings_dialog").SettingsDialog
    module("settings").SERVER_URL.set("https://verite-terrain.example.org")
    dialog = SettingsDialog(iface.mainWindow())
    dialog.resize(560, dialog.sizeHint().height())
    dialog.show()
    save(dialog, "settings-dialog.png", result)
    dialog.reject()
    dialog.deleteLater()


def finish(result):
    qgis.utils.unloadPlugin(NAME)


STEPS = [start, new_pack_dialog, create_pack, validation_dock, attribute_form, browse_dock,
         window, publish, settings_dialog, finish]
"""


def _flask(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "server", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def _more_packs(work: Path) -> list[Path]:
    """Two packs besides the demo one: other titles, methods and contributors."""
    from verite_core.pack import write_gpkg
    from verite_core.pack.demo import CRS, example_manifest, example_plots

    variants = [
        {
            "title": "Canopy gaps after the 2022 drought, Fontainebleau",
            "theme": "forest-disturbance",
            "method": "vhr_photointerpretation",
            "contributors": [{"name": "Inès Moreau", "expertise": "professional"}],
            "positional_accuracy_m": 8,
        },
        {
            "title": "School survey: woodland around Avon",
            "theme": "forest-structure",
            "method": "field",
            "contributors": [
                {"name": "Collège de la Vallée, class 4B", "expertise": "student"},
                {"name": "Jeanne Petit", "expertise": "volunteer"},
            ],
            "positional_accuracy_m": 15,
        },
    ]
    paths = []
    for i, changes in enumerate(variants):
        manifest = example_manifest()
        manifest.update(changes)
        manifest["citation"] = changes["title"]
        path = work / f"pack-{i}.gpkg"
        write_gpkg(path, manifest, example_plots(), CRS)
        paths.append(path)
    return paths


def start_server(work: Path) -> tuple[subprocess.Popen, str, str]:
    """A server on a free loopback port with the demo pack and two uploaded packs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VT_")}
    env.update(
        DATABASE_URL=f"sqlite:///{work / 'verite.sqlite'}",
        VT_INSTANCE_PATH=str(work / "instance"),
        VT_SECRET_KEY="screenshots",
        PYTHONUNBUFFERED="1",
    )
    _flask(env, "db", "upgrade")
    _flask(env, "demo", "load")
    _flask(env, "users", "create", "camille", "--expertise", "expert", "--verified")
    token = _flask(env, "tokens", "create", "camille").strip().splitlines()[-1]
    log = work / "server.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "server", "serve",
             "--host", "127.0.0.1", "--port", "0", "--threads", "4"],
            cwd=REPO, env=env, stdout=fh, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (match := SERVING_RE.search(log.read_text(errors="replace"))):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)
    base = match.group(1)
    for path in _more_packs(work):
        with open(path, "rb") as fh:
            resp = requests.post(
                f"{base}/api/v1/packs",
                files={"file": (path.name, fh)},
                headers={"Authorization": f"Bearer {token}"},
                timeout=60,
            )
        if resp.status_code not in (200, 201):
            proc.kill()
            raise RuntimeError(f"upload of {path.name} failed: {resp.status_code} {resp.text}")
    return proc, base, token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    parser.add_argument("--lang", default="en", help="QGIS interface language, e.g. fr")
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="image names to save (without .png), e.g. qgis-window-fr",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vt-shots-") as tmp:
        work = Path(tmp)
        zip_path = build_plugin.build(work / "verite_terrain.zip")
        profiles = work / "profiles"
        plugins = qgis_desktop.plugins_dir(profiles)
        plugins.mkdir(parents=True)
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(plugins)
        server, base, token = start_server(work)
        try:
            run = qgis_desktop.run_in_qgis(
                IN_QGIS,
                profiles,
                args=("--lang", args.lang),
                env={
                    "VT_IMG_DIR": str(args.out.resolve()),
                    "VT_WORK": str(work),
                    "VT_SERVER": base,
                    "VT_TOKEN": token,
                    "VT_SUFFIX": "" if args.lang == "en" else f"-{args.lang}",
                    "VT_ONLY": ",".join(args.only),
                },
                timeout=240,
                screen="1600x1000x24",
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    if run.result is None or run.errors:
        print(run.describe(), file=sys.stderr)
        return 1
    summary = {k: v for k, v in run.result.items() if k not in {"log", "errors"}}
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    print(f"{len(summary.get('images', []))} images in {args.out} ({run.seconds:.0f} s in QGIS)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
