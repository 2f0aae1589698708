"""Model inference in the plugin, in real headless QGIS: the dependency check (detection,
the interpreter and pip command chosen on each platform, a real pip install of a local
wheel into a target folder), the inference task on a small Sentinel-2-like GeoTIFF with the
shipped model (class map styled with the model's colours, the model card's note, the
execution provider), its failures and cancel, and the dialog's map-extent parameters."""

from __future__ import annotations

import base64
import hashlib
import os
import sys
import zipfile
from pathlib import Path

import pytest
from training_data import write_scene

pytestmark = pytest.mark.qgis

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "onnx_models" / "verite-sealed-proxy-dw-l1c-b0.onnx"


def run_task(task_class, params):
    from qgis_plugin.core.tasks import run_task_blocking

    results = []
    task = task_class(params, results.append)
    run_task_blocking(task, timeout_s=120)
    assert len(results) == 1
    return results[0]


# ----------------------------------------------------------------------- dependencies


def test_dependencies_found_in_this_qgis(qgis_app):
    from qgis_plugin.core.dependencies import check_dependencies

    report = check_dependencies()
    assert report.ok, report.details()
    versions = dict(report.versions)
    assert set(versions) == {"numpy", "onnxruntime"}
    assert versions["onnxruntime"] != "?"
    assert "onnxruntime" in report.message()


def test_missing_package_is_reported_with_what_to_install(qgis_app):
    from qgis_plugin.core.dependencies import (
        MissingDependencies,
        Requirement,
        check_dependencies,
        packages_to_install,
    )

    report = check_dependencies(
        (Requirement("numpy", "numpy"), Requirement("vt_no_such_module", "vt-no-such-package"))
    )
    assert not report.ok
    (missing,) = report.missing
    assert missing.pip_name == "vt-no-such-package"
    assert "ModuleNotFoundError" in missing.error
    assert "vt-no-such-package" in report.message()
    assert "vt_no_such_module: ModuleNotFoundError" in report.details()[0]
    # numpy is pinned to QGIS's own version, so pip picks wheels built for it.
    import numpy

    assert packages_to_install(report) == ["vt-no-such-package", f"numpy=={numpy.__version__}"]
    error = MissingDependencies(report)
    assert error.level == "warning" and error.details == report.details()


def test_dependencies_dir_is_in_the_profile_and_activating_it_makes_packages_importable(
    qgis_app, tmp_path, monkeypatch
):
    from qgis.core import QgsApplication

    from qgis_plugin.core.dependencies import (
        Requirement,
        activate_dependencies_dir,
        check_dependencies,
        dependencies_dir,
    )

    assert dependencies_dir() == os.path.join(
        QgsApplication.qgisSettingsDirPath(), "python", "dependencies"
    )
    assert dependencies_dir("/p") == "/p/python/dependencies"
    monkeypatch.setattr(sys, "path", list(sys.path))
    folder = tmp_path / "deps"
    assert not activate_dependencies_dir(str(folder))  # not there yet: nothing added
    (folder / "vt_probe_pkg").mkdir(parents=True)
    (folder / "vt_probe_pkg" / "__init__.py").write_text("__version__ = '1.2'\n")
    assert activate_dependencies_dir(str(folder))
    assert sys.path[-1] == str(folder)  # appended: QGIS's packages keep precedence
    assert activate_dependencies_dir(str(folder)) and sys.path.count(str(folder)) == 1
    report = check_dependencies([Requirement("vt_probe_pkg", "vt-probe")], activate=False)
    assert report.ok and report.versions == (("vt_probe_pkg", "1.2"),)
    sys.modules.pop("vt_probe_pkg", None)


@pytest.mark.parametrize(
    ("executable", "exec_prefix", "prefix", "platform", "expected_first"),
    [
        # OSGeo4W: sys.executable is QGIS itself; Python lives in apps/Python39.
        (r"C:\OSGeo4W\bin\qgis-bin.exe", r"C:\OSGeo4W\apps\Python39", r"C:\OSGeo4W\apps\qgis",
         "win32", r"C:\OSGeo4W\apps\Python39\python.exe"),
        # macOS bundle: QGIS.app/Contents/MacOS/QGIS, python3 in Contents/MacOS/bin.
        ("/Applications/QGIS.app/Contents/MacOS/QGIS",
         "/Applications/QGIS.app/Contents/Frameworks/Python.framework/Versions/3.9",
         "/Applications/QGIS.app/Contents/MacOS", "darwin",
         "/Applications/QGIS.app/Contents/MacOS/bin/python3.9"),
        # Linux packages: sys.executable may be /usr/bin/qgis; Python is the system one.
        ("/usr/bin/qgis", "/usr", "/usr", "linux", "/usr/bin/python3.9"),
        # A real Python (a venv, or QGIS started from Python): itself first.
        ("/work/.venv/bin/python", "/usr", "/usr", "linux", "/work/.venv/bin/python"),
    ],
)  # fmt: skip
def test_interpreter_candidates_per_platform(
    executable, exec_prefix, prefix, platform, expected_first
):
    from qgis_plugin.core.dependencies import interpreter_candidates

    found = interpreter_candidates(
        executable, exec_prefix, prefix, (3, 9), platform, which=lambda name: None
    )
    assert found[0] == expected_first
    assert len(found) == len(set(found))
    assert not any(c.endswith(("qgis-bin.exe", "QGIS", "/qgis")) for c in found)


def test_find_python_takes_the_first_candidate_that_exists():
    from qgis_plugin.core.dependencies import find_python

    def which(name):
        return {"python3": "/opt/bin/python3"}.get(name)

    common = {"executable": "/usr/bin/qgis", "exec_prefix": "/usr", "prefix_path": "/usr",
              "version": (3, 11), "platform": "linux", "which": which}  # fmt: skip
    assert find_python(exists=lambda p: p == "/usr/bin/python3", **common) == "/usr/bin/python3"
    assert find_python(exists=lambda p: p == "/opt/bin/python3", **common) == "/opt/bin/python3"
    assert find_python(exists=lambda p: False, **common) is None
    # In this test process (a venv's Python), this very interpreter is found.
    assert find_python(prefix_path="/nonexistent") == os.path.normpath(sys.executable)


def test_install_command_targets_the_folder_with_pip_of_that_python():
    from qgis_plugin.core.dependencies import install_command, version_command

    command = install_command("/usr/bin/python3", ["onnxruntime", "numpy==1.26.4"], "/p/deps")
    assert command[:4] == ["/usr/bin/python3", "-m", "pip", "install"]
    assert command[command.index("--target") + 1] == "/p/deps"
    assert command[-2:] == ["onnxruntime", "numpy==1.26.4"]
    assert "--no-input" in command and "--user" not in command
    assert version_command("py")[:2] == ["py", "-c"]


def _tiny_wheel(folder: Path) -> Path:
    """A minimal pure-Python wheel, so the real pip install runs offline."""
    name, version = "vt_dummy_pkg", "0.1"
    files = {
        f"{name}/__init__.py": b"VALUE = 42\n__version__ = '0.1'\n",
        f"{name}-{version}.dist-info/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
        ),
        f"{name}-{version}.dist-info/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{name}-{version}.dist-info/RECORD,,")
    files[f"{name}-{version}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return wheel


def test_install_task_runs_pip_into_the_target_folder(qgis_app, tmp_path, monkeypatch):
    from qgis_plugin.core.dependencies import (
        InstallParams,
        InstallSuccess,
        InstallTask,
        Requirement,
        check_dependencies,
        find_python,
    )

    monkeypatch.setattr(sys, "path", list(sys.path))
    target = tmp_path / "profile" / "python" / "dependencies"
    params = InstallParams(
        python=find_python(prefix_path="/nonexistent"),
        packages=(str(_tiny_wheel(tmp_path)),),
        target=str(target),
        extra_args=("--no-index",),  # offline: the local wheel only
    )
    result = run_task(InstallTask, params)
    assert isinstance(result, InstallSuccess), getattr(result, "error", None)
    assert (target / "vt_dummy_pkg" / "__init__.py").is_file()
    assert "Successfully installed vt_dummy_pkg" in result.output.replace("-", "_")
    assert result.command[result.command.index("--target") + 1] == str(target)
    # The task put the folder on sys.path when it finished: the package imports now.
    assert str(target) in sys.path
    assert check_dependencies([Requirement("vt_dummy_pkg", "x")], activate=False).ok
    sys.modules.pop("vt_dummy_pkg", None)


def test_install_task_refuses_a_python_of_another_version(qgis_app, tmp_path):
    from qgis_plugin.core.dependencies import InstallParams, InstallTask
    from qgis_plugin.core.tasks import TaskFailed

    params = InstallParams(
        python=sys.executable, packages=("x",), target=str(tmp_path / "t"), expected_version="2.7"
    )
    result = run_task(InstallTask, params)
    assert isinstance(result, TaskFailed)
    assert "QGIS runs Python 2.7" in result.error.message
    assert not (tmp_path / "t").exists()


# ----------------------------------------------------------------------- inference task


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    """A 10-band uint16 GeoTIFF with band descriptions B02..B12 (UTM 31N)."""
    image, _ = write_scene(tmp_path_factory.mktemp("scene"), "scene", seed=3, size=160)
    return image


def test_shipped_model_is_found_first(qgis_app):
    from qgis_plugin.core.inference_tasks import available_models, default_model_path

    assert default_model_path() == str(SHIPPED)
    assert available_models()[0] == str(SHIPPED)


def test_inference_task_writes_styled_classes_and_reports_the_model_card(qgis_app, scene, tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsProject

    from qgis_plugin.core.inference_tasks import (
        InferenceParams,
        InferenceSuccess,
        InferenceTask,
    )
    from qgis_plugin.gui.inference_dialog import add_result_layers, result_message
    from verite_core.model_metadata import read_metadata

    params = InferenceParams(
        image=str(scene), model_path=str(SHIPPED), output_dir=str(tmp_path / "out"), name="scene"
    )
    result = run_task(InferenceTask, params)
    assert isinstance(result, InferenceSuccess), getattr(result, "error", None)
    assert result.classes_path == str(tmp_path / "out" / "scene_classes.tif")
    assert result.probability_path == str(tmp_path / "out" / "scene_sealed_probability.tif")
    assert (result.width, result.height) == (160, 160)
    assert sum(result.class_pixel_counts.values()) == 160 * 160
    assert result.providers and result.provider_label == "CPU"
    meta = read_metadata(SHIPPED)
    assert result.note.startswith(meta["model_description"])
    assert "PROXY" in result.note
    message = result_message(result)
    assert "CPU" in message and meta["model_name"] in message and "PROXY" in message

    project = QgsProject.instance()
    layers = add_result_layers(result, project)
    try:
        classes_layer = layers[-1]
        renderer = classes_layer.renderer()
        assert isinstance(renderer, QgsPalettedRasterRenderer)
        got = {c.value: (c.color.name(), c.label) for c in renderer.classes()}
        assert got == {c["code"]: (c["color"], c["name"]) for c in meta["classes"]}
        assert {layer.id() for layer in layers} <= set(project.mapLayers())
    finally:
        project.removeMapLayers([layer.id() for layer in layers])

    # A second run into the same folder keeps the first outputs.
    again = run_task(InferenceTask, params)
    assert again.classes_path == str(tmp_path / "out" / "scene_classes_2.tif")


def test_inference_task_failures_are_clear(qgis_app, scene, tmp_path):
    from training_data import write_raster

    from qgis_plugin.core.inference_tasks import InferenceParams, InferenceTask
    from qgis_plugin.core.tasks import TaskFailed

    missing = run_task(
        InferenceTask,
        InferenceParams(str(scene), str(tmp_path / "none.onnx"), str(tmp_path), "x"),
    )
    assert isinstance(missing, TaskFailed)
    assert "does not exist" in missing.error.message

    not_a_model = tmp_path / "bad.onnx"
    not_a_model.write_bytes(b"not onnx")
    bad = run_task(InferenceTask, InferenceParams(str(scene), str(not_a_model), str(tmp_path), "x"))
    assert isinstance(bad, TaskFailed) and "bad.onnx" in bad.error.message

    import numpy as np

    unnamed = write_raster(
        tmp_path / "unnamed.tif", np.full((3, 64, 64), 1000, np.uint16),
        (450_560.0, 10, 0, 5_400_320.0, 0, -10), 32631,
    )  # fmt: skip
    wrong = run_task(InferenceTask, InferenceParams(str(unnamed), str(SHIPPED), str(tmp_path), "u"))
    assert isinstance(wrong, TaskFailed)
    assert "cannot be used as a Sentinel-2 image" in wrong.error.message
    assert wrong.error.details
    assert not list(tmp_path.glob("u_*.tif"))


def test_inference_task_canceled(qgis_app, scene, tmp_path):
    from qgis_plugin.core.inference_tasks import InferenceParams, InferenceTask
    from qgis_plugin.core.tasks import TaskCanceled, run_task_blocking

    results = []
    task = InferenceTask(
        InferenceParams(str(scene), str(SHIPPED), str(tmp_path / "out"), "c"), results.append
    )
    task.cancel()
    run_task_blocking(task)
    assert isinstance(results[0], TaskCanceled)
    assert not list((tmp_path).rglob("*.tif"))


def test_source_of_sentinel2_layers_maps_to_the_product():
    from qgis_plugin.core.inference_tasks import image_path_of_source

    assert image_path_of_source("/d/x.tif") == "/d/x.tif"
    assert image_path_of_source("/d/x.tif|layername=a") == "/d/x.tif"
    safe = "SENTINEL2_L2A:/d/S2A_X.SAFE/MTD_MSIL2A.xml:10m:EPSG_32631"
    assert image_path_of_source(safe) == "/d/S2A_X.SAFE"
    zipped = "SENTINEL2_L1C:/vsizip//d/S2B_X.zip/S2B_X.SAFE/MTD_MSIL1C.xml:10m:EPSG_32618"
    assert image_path_of_source(zipped) == "/d/S2B_X.zip"


def test_dialog_builds_params_for_the_map_extent(qgis_app, scene, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer, QgsRectangle
    from qgis.gui import QgsMapCanvas

    from qgis_plugin.core.errors import VtError
    from qgis_plugin.gui.inference_dialog import InferenceDialog

    layer = QgsRasterLayer(str(scene), "my scene", "gdal")
    QgsProject.instance().addMapLayer(layer)
    canvas = QgsMapCanvas()
    dialog = InferenceDialog(canvas, None, layer)
    try:
        canvas.setDestinationCrs(layer.crs())
        full = layer.extent()
        canvas.setExtent(QgsRectangle(full.xMinimum() - 500, full.yMinimum() + 200,
                                      full.xMinimum() + 600, full.yMinimum() + 700))  # fmt: skip
        dialog.outputWidget.setFilePath(str(tmp_path))
        params = dialog.build_params()
        assert params.extent is None and params.image == str(scene)
        assert params.model_path == str(SHIPPED) and params.name == "my_scene"
        assert "PROXY" in dialog.modelNoteLabel.text()
        dialog.mapExtentRadio.setChecked(True)
        shown = canvas.extent()  # the canvas widens the box to its aspect ratio
        expected = shown.intersect(full)  # cut to the layer
        assert shown.xMinimum() < full.xMinimum() and expected.width() < full.width()
        assert dialog.build_params().extent == pytest.approx(
            (expected.xMinimum(), expected.yMinimum(), expected.xMaximum(), expected.yMaximum())
        )
        # A map in another CRS, away from the layer: refused with a clear message.
        canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        canvas.setExtent(QgsRectangle(100, 10, 101, 11))
        with pytest.raises(VtError, match="does not overlap"):
            dialog.build_params()
    finally:
        dialog.deleteLater()
        canvas.deleteLater()
        QgsProject.instance().removeMapLayer(layer.id())
