""" "Map sealed surfaces…": a small dialog (raster layer or its part in the map extent,
model, output folder) → ``InferenceParams`` → ``InferenceTask`` on the QGIS task manager →
the class map added with the model's colours, and a message with the model card's note
and the execution provider (CPU or GPU) that ran.

Before the dialog opens, the packages the model needs are checked; when one is missing,
the message bar offers to install it (``inference_dependencies``).
"""

from __future__ import annotations

import os
import re

from qgis.core import (
    QgsApplication,
    QgsCoordinateTransform,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRasterLayer,
)
from qgis.gui import QgsFileWidget, QgsMapCanvas, QgsMessageBar
from qgis.PyQt.QtWidgets import QWidget

from ..core.dependencies import check_dependencies
from ..core.errors import VtError
from ..core.i18n import tr
from ..core.inference_tasks import (
    InferenceParams,
    InferenceSuccess,
    InferenceTask,
    class_layer,
    default_model_path,
    image_path_of_source,
    model_note,
)
from ..core.tasks import TaskCanceled, TaskFailed
from .inference_dependencies import DependencyInstaller
from .messages import show_error, show_success
from .uiloader import load_ui

FORM, BASE = load_ui("inference_dialog")


def default_output_dir() -> str:
    """``<QGIS profile>/verite_terrain/predictions``."""
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "verite_terrain", "predictions")


def output_name(layer_name: str) -> str:
    """A file-name-safe stem from a layer name."""
    stem = re.sub(r"[^\w.-]+", "_", layer_name, flags=re.UNICODE).strip("._")
    return stem[:80] or "image"


class InferenceDialog(BASE, FORM):
    """Collects ``InferenceParams``; runs nothing itself."""

    def __init__(
        self, canvas: QgsMapCanvas, parent: QWidget | None = None, layer=None, model: str = ""
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.canvas = canvas
        self.params: InferenceParams | None = None
        self.layerCombo.setFilters(QgsMapLayerProxyModel.RasterLayer)
        if isinstance(layer, QgsRasterLayer):
            self.layerCombo.setLayer(layer)
        self.modelWidget.setStorageMode(QgsFileWidget.GetFile)
        self.modelWidget.setFilter(tr("ONNX models (*.onnx)"))
        self.modelWidget.setFilePath(model or default_model_path())
        self.outputWidget.setStorageMode(QgsFileWidget.GetDirectory)
        self.outputWidget.setFilePath(default_output_dir())
        self.buttonBox.accepted.connect(self.accept)
        self.modelWidget.fileChanged.connect(self.show_model_note)
        self.show_model_note(self.modelWidget.filePath())

    def show_model_note(self, path: str) -> None:
        """The model card's note under the form (or why the file cannot be used)."""
        if not path or not os.path.isfile(path):
            self.modelNoteLabel.setText("")
            return
        try:
            from verite_core.inference import load_model_info

            info = load_model_info(path)
        except Exception as exc:  # noqa: BLE001 - ModelError, or not an ONNX file at all
            self.modelNoteLabel.setText(tr("This model cannot be used: {error}").format(error=exc))
            return
        self.modelNoteLabel.setText(
            tr("{name} {version} ({level}, {bands}): {note}").format(
                name=info.name,
                version=info.version,
                level=info.level,
                bands=" ".join(info.bands),
                note=model_note(info),
            )
        )

    def build_params(self) -> InferenceParams:
        """The dialog's values; VtError naming what is missing or wrong."""
        layer = self.layerCombo.currentLayer()
        if not isinstance(layer, QgsRasterLayer) or not layer.isValid():
            raise VtError(tr("Choose a Sentinel-2 raster layer"))
        if layer.providerType() != "gdal":
            raise VtError(tr("{name} is not a raster file").format(name=layer.name()))
        model = self.modelWidget.filePath().strip()
        if not model or not os.path.isfile(model):
            raise VtError(tr("Choose a model file (.onnx)"))
        output = self.outputWidget.filePath().strip()
        if not output:
            raise VtError(tr("Choose an output folder"))
        extent = None
        if self.mapExtentRadio.isChecked():
            extent = self.map_extent_in(layer)
        return InferenceParams(
            image=image_path_of_source(layer.source()),
            model_path=model,
            output_dir=output,
            name=output_name(layer.name()),
            extent=extent,
            probability=self.probabilityCheck.isChecked(),
        )

    def map_extent_in(self, layer: QgsRasterLayer) -> tuple[float, float, float, float]:
        """The map extent in the layer's CRS, cut to the layer; VtError when outside it."""
        transform = QgsCoordinateTransform(
            self.canvas.mapSettings().destinationCrs(), layer.crs(), QgsProject.instance()
        )
        rect = transform.transformBoundingBox(self.canvas.extent()).intersect(layer.extent())
        if rect.isEmpty():
            raise VtError(tr("The map extent does not overlap {name}").format(name=layer.name()))
        return (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())

    def accept(self) -> None:
        try:
            self.params = self.build_params()
        except VtError as exc:
            self.messageBar.pushWarning(tr("Map sealed surfaces"), exc.message)
            return
        super().accept()


def add_result_layers(success: InferenceSuccess, project: QgsProject | None = None) -> list:
    """The class map (model colours) and the probability added to the project."""
    project = project or QgsProject.instance()
    name = os.path.splitext(os.path.basename(success.classes_path))[0]
    layers = [class_layer(success.classes_path, name, success.classes)]
    if success.probability_path:
        probability = QgsRasterLayer(
            success.probability_path,
            os.path.splitext(os.path.basename(success.probability_path))[0],
            "gdal",
        )
        if probability.isValid():
            layers.insert(0, probability)
    for layer in layers:
        project.addMapLayer(layer)
    return layers


def result_message(success: InferenceSuccess) -> str:
    text = tr("{model} ran on {provider} in {seconds:.0f} s. Model card: {note}").format(
        model=success.model_name,
        provider=success.provider_label,
        seconds=success.seconds,
        note=success.note or tr("(no description)"),
    )
    if success.warnings:
        text += " " + tr("Warnings: {warnings}").format(warnings="; ".join(success.warnings))
    return text


class SealedSurfaceMapper:
    """Opens the dialog, runs the tasks, shows their results; ``cleanup`` cancels them."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.bar: QgsMessageBar = iface.messageBar()
        self.installer = DependencyInstaller(self.bar, iface.mainWindow())
        self.tasks: list[InferenceTask] = []
        self.closed = False

    def open_dialog(self) -> None:
        report = check_dependencies()
        if not report.ok:
            self.installer.show_report(report)
            return
        dialog = InferenceDialog(
            self.iface.mapCanvas(), self.iface.mainWindow(), self.iface.activeLayer()
        )
        try:
            if dialog.exec_() and dialog.params is not None:
                self.run(dialog.params)
        finally:
            dialog.deleteLater()

    def check_dependencies(self) -> None:
        self.installer.show_report(check_dependencies(), quiet_when_ok=False)

    def run(self, params: InferenceParams) -> InferenceTask:
        task = InferenceTask(params, lambda result: self._done(task, result))
        self.tasks.append(task)
        QgsApplication.taskManager().addTask(task)
        return task

    def _done(self, task: InferenceTask, result) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if self.closed:  # the plugin was unloaded meanwhile
            return
        if isinstance(result, TaskCanceled):
            self.bar.pushInfo(tr("Map sealed surfaces"), tr("Canceled."))
        elif isinstance(result, TaskFailed):
            show_error(self.bar, result.error, title=tr("Mapping sealed surfaces failed"))
        else:
            try:
                add_result_layers(result)
            except VtError as exc:
                show_error(self.bar, exc)
                return
            show_success(self.bar, tr("Sealed surfaces mapped"), result_message(result))

    def cleanup(self) -> None:
        self.closed = True
        for task in list(self.tasks):
            task.cancel()
        self.tasks.clear()
        self.installer.cleanup()
