"""The installable plugin: `make plugin`'s zip, its French translation, and the real QGIS
desktop application loading, starting and unloading it from a fresh profile."""

from __future__ import annotations

import configparser
import hashlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_plugin  # noqa: E402
import qgis_desktop  # noqa: E402

TOP = f"{build_plugin.PLUGIN_NAME}/"
TS = build_plugin.I18N / "verite_terrain_fr.ts"
QM = build_plugin.I18N / "verite_terrain_fr.qm"
EXAMPLE_PACK = REPO / "docs" / "examples" / "fontainebleau-forest.gpkg"
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}]*)?\}|%\d+|%n")


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_plugin.build(tmp_path_factory.mktemp("dist") / "verite_terrain.zip")


def _repo_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


# ------------------------------------------------------------------------------ the zip


def test_zip_has_one_top_folder_with_the_plugin_and_its_vendored_core(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        files = {n[len(TOP) :]: zf.read(n) for n in names if not n.endswith("/")}
    assert all(n.startswith(TOP) for n in names)
    for required in build_plugin.REQUIRED_FILES:
        assert required in files, required
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".ts"))]
    # Every plugin source file is there, byte for byte (plugin.py, gui/, ui/*.ui, ...).
    for rel, data in _repo_files(build_plugin.PLUGIN_SRC).items():
        if not rel.endswith(".ts"):
            assert files.get(rel) == data, rel
    # The shared pack contract, data files included, is a faithful copy.
    core = _repo_files(REPO / "verite_core")
    assert {"data/pack.schema.json", "data/descriptor_sets/forest-structure.json"} <= set(core)
    vendored = {
        k[len("vendor/verite_core/") :]: v for k, v in files.items() if k.startswith("vendor/")
    }
    assert vendored == core
    assert files["metadata.txt"] == (REPO / "metadata.txt").read_bytes()
    assert files["icon.svg"].lstrip().startswith(b"<svg")


def test_metadata_has_every_field_qgis_and_the_plugin_site_need(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        text = zf.read(TOP + "metadata.txt").decode("utf-8")
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    meta = parser["general"]
    for key in build_plugin.REQUIRED_METADATA:
        assert meta.get(key, "").strip(), key
    assert meta["qgisMinimumVersion"] == "3.22"
    assert re.fullmatch(r"\d+\.\d+\.\d+", meta["version"])
    assert "@" in meta["email"]
    for key in ("repository", "tracker", "homepage"):
        assert meta[key].startswith(("https://", "http://")), key
    assert meta["hasProcessingProvider"] in {"yes", "no"}
    assert meta["version"] in meta["changelog"]
    assert build_plugin.metadata_problems(text, {"icon.svg"}) == []
    assert "'tracker' is missing" in " ".join(
        build_plugin.metadata_problems(text.replace("tracker=", "tracker_old="))
    )


def test_zip_is_deterministic(plugin_zip, tmp_path):
    again = build_plugin.build(tmp_path / "again.zip")
    assert again.read_bytes() == plugin_zip.read_bytes()
    with zipfile.ZipFile(again) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {build_plugin.ZIP_DATE}


def test_plugin_sources_import_their_package_relatively():
    assert build_plugin.source_problems(build_plugin.plugin_entries()) == []


@pytest.fixture
def plugin_copy(tmp_path, monkeypatch) -> Path:
    """A copy of qgis_plugin/ the build reads instead of the real one."""
    copy = tmp_path / "qgis_plugin"
    shutil.copytree(build_plugin.PLUGIN_SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_plugin, "PLUGIN_SRC", copy)
    monkeypatch.setattr(build_plugin, "I18N", copy / "i18n")
    return copy


def test_build_fails_when_a_required_file_is_missing(plugin_copy, tmp_path):
    (plugin_copy / "i18n" / "verite_terrain_fr.qm").unlink()
    (plugin_copy / "icon.svg").unlink()
    with pytest.raises(build_plugin.BuildError) as err:
        build_plugin.build(tmp_path / "out.zip")
    message = str(err.value)
    assert "i18n/verite_terrain_fr.qm" in message and "icon.svg" in message
    assert "make translations" in message
    assert not (tmp_path / "out.zip").exists()


def test_build_refuses_an_import_by_the_repository_package_name(plugin_copy, tmp_path):
    (plugin_copy / "gui" / "broken.py").write_text("from qgis_plugin.core import errors\n")
    with pytest.raises(build_plugin.BuildError, match="gui/broken.py: imports 'qgis_plugin'"):
        build_plugin.build(tmp_path / "out.zip")


def test_make_plugin_builds_dist_zip():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    proc = subprocess.run(
        [make, "-s", "plugin"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(REPO / "dist" / "verite_terrain.zip") as zf:
        assert TOP + "vendor/verite_core/pack/__init__.py" in zf.namelist()


# ------------------------------------------------------------------------- translations


def _ts_messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(TS).getroot()
    assert root.get("language") == "fr"
    return [
        (context.findtext("name"), message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_french_ts_is_complete_and_keeps_placeholders():
    messages = _ts_messages()
    assert len(messages) >= 5
    assert build_plugin.unfinished(TS) == []
    for _, message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation.get("type") is None, source
        assert (translation.text or "").strip(), source
        # A lost or renamed {placeholder} would raise KeyError in .format() at run time.
        assert sorted(PLACEHOLDER.findall(translation.text)) == sorted(
            PLACEHOLDER.findall(source)
        ), source
        assert source.endswith("…") == translation.text.endswith("…"), source


def test_plugin_strings_use_the_context_the_build_files_them_under():
    text = (build_plugin.PLUGIN_SRC / "core" / "i18n.py").read_text(encoding="utf-8")
    assert f'CONTEXT = "{build_plugin.PLUGIN_CONTEXT}"' in text


def _lrelease() -> str:
    try:
        return build_plugin.lrelease_path()
    except build_plugin.BuildError as exc:
        pytest.fail(str(exc))


def test_ts_lists_every_string_of_the_current_sources(tmp_path, monkeypatch):
    """`make translations` was run after the last change to a user-facing string."""
    if shutil.which("pylupdate5") is None:
        pytest.fail("pylupdate5 not found: run `scripts/setup-system.sh test`")
    copy = tmp_path / "i18n"
    shutil.copytree(build_plugin.I18N, copy)
    monkeypatch.setattr(build_plugin, "I18N", copy)
    build_plugin.update_translations()
    fresh = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(copy / TS.name).getroot().iter("context")
        for m in c.iter("message")
    }
    shipped = {(context, m.findtext("source")) for context, m in _ts_messages()}
    assert fresh - shipped == set(), "new strings: run `make translations` and translate them"
    assert shipped - fresh == set(), "vanished strings: run `make translations`"


def test_qm_is_compiled_from_the_ts(tmp_path):
    assert QM.exists(), "run `make translations`"
    rebuilt = tmp_path / "check.qm"
    subprocess.run([_lrelease(), "-silent", str(TS), "-qm", str(rebuilt)], check=True)
    assert hashlib.sha256(rebuilt.read_bytes()).digest() == hashlib.sha256(QM.read_bytes()).digest()


def test_qm_translates_every_string_of_the_ts(qgis_app):
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    assert QCoreApplication.installTranslator(translator)
    try:
        for context, message in _ts_messages():
            source = message.findtext("source")
            french = message.find("translation").text
            assert QCoreApplication.translate(context, source) == french, source
        assert QCoreApplication.translate("VeriteTerrain", "no such string") == "no such string"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_install_translator_follows_the_qgis_locale(qgis_app):
    from qgis.PyQt.QtCore import QCoreApplication

    sys.path.insert(0, str(REPO))
    try:
        from qgis_plugin.i18n import install_translator, remove_translator
    finally:
        sys.path.remove(str(REPO))
    context, (source, french) = build_plugin.PLUGIN_CONTEXT, _probe()
    assert install_translator(str(build_plugin.PLUGIN_SRC), locale="en_GB") is None
    assert install_translator(str(build_plugin.PLUGIN_SRC), locale="de_DE") is None
    translator = install_translator(str(build_plugin.PLUGIN_SRC), locale="fr_CA")
    try:
        assert translator is not None
        assert QCoreApplication.translate(context, source) == french
    finally:
        remove_translator(translator)
    assert QCoreApplication.translate(context, source) == source


# ------------------------------------------------------------------ real QGIS desktop

LIFECYCLE = r"""
import os, sys, time
import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QTimer
from qgis.PyQt.QtWidgets import QAction, QApplication, QDialog, QDockWidget, QMenu, QToolBar

NAME = "verite_terrain"
ENV = os.environ


def _menu_paths(menu, path):
    out = []
    for action in menu.actions():
        here = f"{path} > {'---' if action.isSeparator() else action.text()}"
        out.append(here)
        if action.menu() is not None:
            out += _menu_paths(action.menu(), here)
    return out


def _counted(action):
    # False for what QGIS's own removePluginMenu leaves behind: the detached separator
    # and the detached, empty submenu of a plugin menu (QGIS hides them, never deletes them).
    if action.associatedWidgets():
        return True
    submenu = action.menu()
    return not (action.isSeparator() or (submenu is not None and not submenu.actions()))


def snapshot():
    mw = iface.mainWindow()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    menus = []
    for action in mw.menuBar().actions():
        if action.menu() is not None:
            menus += _menu_paths(action.menu(), action.text())
    toolbars = mw.findChildren(QToolBar)
    return {
        "menus": sorted(menus),
        "toolbars": sorted(f"{t.objectName()}|{t.windowTitle()}" for t in toolbars),
        "toolbar_actions": sorted(f"{t.objectName()} > {a.text()}" for t in toolbars for a in t.actions()),
        "docks": sorted(f"{d.objectName()}|{d.windowTitle()}" for d in mw.findChildren(QDockWidget)),
        "actions": sorted(f"{a.objectName()}|{a.text()}" for a in mw.findChildren(QAction) if _counted(a)),
        # By class and object name: QGIS updates some titles (Plugin Manager: "All (7)").
        "dialogs": sorted(f"{type(d).__name__}|{d.objectName()}" for d in mw.findChildren(QDialog)),
        "windows": sorted(
            f"{type(w).__name__}|{w.objectName()}" for w in QApplication.topLevelWidgets() if w.isVisible()
        ),
        "processing_providers": sorted(p.id() for p in QgsApplication.processingRegistry().providers()),
        "layers": sorted(layer.name() for layer in QgsProject.instance().mapLayers().values()),
        "canvas_items": len(iface.mapCanvas().scene().items()),
    }


def _dismiss_modal(result):
    widget = QApplication.activeModalWidget()
    if widget is not None:
        result.setdefault("dismissed", []).append(f"{type(widget).__name__}|{widget.windowTitle()}")
        widget.reject() if isinstance(widget, QDialog) else widget.close()


def before(result):
    result["locale"] = str(QgsSettings().value("locale/userLocale"))
    result["before"] = snapshot()


def install(result):
    if ENV.get("VT_INSTALL_ZIP"):  # Plugins > Manage and Install > Install from ZIP
        import pyplugin_installer

        pyplugin_installer.instance().installFromZipFile(ENV["VT_INSTALL_ZIP"])
        result["loaded"] = NAME in sys.modules
        result["started"] = NAME in qgis.utils.active_plugins
    else:
        result["loaded"] = qgis.utils.loadPlugin(NAME)
        result["started"] = qgis.utils.startPlugin(NAME)
    result["plugin_file"] = sys.modules[NAME].__file__
    result["plugin_class"] = type(qgis.utils.plugins[NAME]).__name__
    result["started_snapshot"] = snapshot()


def use(result):
    # The vendored pack contract works inside QGIS: check the example pack offline.
    contract = __import__(f"{NAME}.core.contract", fromlist=["check_pack_file"])
    ok, messages = contract.check_pack_file(ENV["VT_EXAMPLE_PACK"])
    result["example_pack"] = {"publishable": ok, "messages": messages[:3]}
    result["verite_core_file"] = sys.modules["verite_core"].__file__
    result["repo_on_path"] = any(os.path.abspath(p) == ENV["VT_REPO"] for p in sys.path if p)
    result["translated_probe"] = QCoreApplication.translate("VeriteTerrain", ENV["VT_PROBE"])
    # Trigger every action the plugin added, dismissing any modal dialog it opens, so
    # that docks and dialogs created on demand exist before unloading.
    new = set(result["started_snapshot"]["actions"]) - set(result["before"]["actions"])
    dismiss = QTimer()
    dismiss.timeout.connect(lambda: _dismiss_modal(result))
    dismiss.start(200)
    result["triggered"] = []
    for action in iface.mainWindow().findChildren(QAction):
        if f"{action.objectName()}|{action.text()}" in new and action.isEnabled() and action.menu() is None:
            result["triggered"].append(action.text())
            action.trigger()
            QCoreApplication.processEvents()
    dismiss.stop()
    for _ in range(50):  # let tasks the actions queued finish (5 s at most)
        if not QgsApplication.taskManager().countActiveTasks():
            break
        QCoreApplication.processEvents()
        time.sleep(0.1)
    result["used_snapshot"] = snapshot()


def unload(result):
    result["unloaded"] = qgis.utils.unloadPlugin(NAME)


def after(result):
    result["after"] = snapshot()
    result["plugin_modules_left"] = sorted(m for m in sys.modules if m == NAME or m.startswith(NAME + "."))
    result["still_active"] = NAME in qgis.utils.active_plugins or NAME in qgis.utils.plugins
    result["verite_core_left"] = "verite_core" in sys.modules
    result["translated_probe_after"] = QCoreApplication.translate("VeriteTerrain", ENV["VT_PROBE"])


STEPS = [before, install, use, unload, after]
"""


def _probe() -> tuple[str, str]:
    """A plugin string and its French translation, to see which language is active."""
    for context, message in _ts_messages():
        translation = message.find("translation")
        if context == build_plugin.PLUGIN_CONTEXT and translation.get("type") is None:
            return message.findtext("source"), translation.text
    pytest.fail("no string in the plugin's context")


def _run_lifecycle(tmp: Path, *, zip_to_install: Path | None = None, unzip: Path | None = None,
                   args: tuple[str, ...] = ()) -> dict:  # fmt: skip
    if qgis_desktop.missing_tools():
        pytest.fail(f"missing {qgis_desktop.missing_tools()}: {qgis_desktop.SETUP_HINT}")
    profiles = tmp / "profiles"
    plugins = qgis_desktop.plugins_dir(profiles)
    plugins.mkdir(parents=True)
    if unzip is not None:
        with zipfile.ZipFile(unzip) as zf:
            zf.extractall(plugins)
    example = tmp / "example.gpkg"
    shutil.copy(EXAMPLE_PACK, example)
    env = {
        "VT_EXAMPLE_PACK": str(example),
        "VT_REPO": str(REPO),
        "VT_PROBE": _probe()[0],
        "VT_INSTALL_ZIP": str(zip_to_install or ""),
    }
    run = qgis_desktop.run_in_qgis(LIFECYCLE, profiles, args=args, env=env, timeout=90)
    assert run.result is not None, run.describe()
    assert run.errors == [], run.describe()
    assert run.result["steps_done"] == 5, run.describe()
    assert run.returncode == 0, run.describe()
    result = run.result
    result["plugins_dir"] = str(plugins)
    result["seconds"] = run.seconds
    return result


def _added(result: dict, key: str, stage: str = "started_snapshot") -> list[str]:
    before = list(result["before"][key])
    added = []
    for item in result[stage][key]:
        if item in before:
            before.remove(item)
        else:
            added.append(item)
    return added


def _assert_clean_lifecycle(result: dict) -> None:
    plugins = result["plugins_dir"]
    assert result["loaded"] and result["started"]
    assert result["plugin_class"] == "VeriteTerrainPlugin"
    assert result["plugin_file"].startswith(plugins + "/verite_terrain/")
    # The pack contract came from the zip's vendor folder, not from the repository.
    assert result["verite_core_file"].startswith(plugins + "/verite_terrain/vendor/verite_core/")
    assert not result["repo_on_path"]
    assert result["example_pack"]["publishable"], result["example_pack"]
    menu_entries = [m for m in _added(result, "menus") if "Vérité Terrain" in m.replace("&", "")]
    assert menu_entries, result["started_snapshot"]["menus"]
    assert result["triggered"]
    assert result["unloaded"] and not result["still_active"]
    # (Modules left in sys.modules are QGIS's business: qgis.utils.unloadPlugin removes the
    # ones its import hook saw, not intermediate packages; not asserted.)
    # Nothing left behind: every menu entry, action, toolbar, dock, dialog, window,
    # processing provider and layer is as it was before the plugin started.
    for key in result["before"]:
        assert result["after"][key] == result["before"][key], (key, _added(result, key, "after"))


@pytest.fixture(scope="module")
def english_run(plugin_zip, tmp_path_factory) -> dict:
    return _run_lifecycle(tmp_path_factory.mktemp("qgis-en"), unzip=plugin_zip)


@pytest.mark.qgis
def test_qgis_desktop_loads_starts_and_unloads_the_unzipped_plugin(english_run):
    _assert_clean_lifecycle(english_run)
    source, _ = _probe()
    assert english_run["translated_probe"] == source  # English QGIS: no translator
    assert english_run["seconds"] < 60


@pytest.mark.qgis
def test_qgis_desktop_in_french_installs_from_zip_with_the_translation(
    plugin_zip, english_run, tmp_path
):
    result = _run_lifecycle(tmp_path, zip_to_install=plugin_zip, args=("--lang", "fr"))
    _assert_clean_lifecycle(result)
    assert result["locale"].startswith("fr")
    source, french = _probe()
    assert result["translated_probe"] == french
    assert result["translated_probe_after"] == source  # translator removed on unload
    english = sorted(m.replace("&", "") for m in _added(english_run, "menus"))
    translated = sorted(m.replace("&", "") for m in _added(result, "menus"))
    assert len(translated) == len(english)
    leaves = {m.rsplit(" > ", 1)[-1] for m in english} & {
        m.rsplit(" > ", 1)[-1] for m in translated
    }
    assert leaves <= {"Vérité Terrain", "---"}, f"menu entries left in English: {leaves}"
