""" "Get Sentinel-2 for this area": catalogue, area (map extent, a layer's extent or a
rectangle drawn with ``QgsMapToolExtent``), dates, cloud limit and level → ``S2SearchTask``;
the scenes in a table (best first) with their footprints on the map (a temporary memory
layer) and quicklooks; "Build stack" → ``S2StackTask`` → the GeoTIFF added in natural
colours, ready for "Map sealed surfaces…".

The dialog is modeless (the map stays usable while it is open) and only collects frozen
params: the tasks do the work, their results come back to ``_search_done`` and
``_build_done`` in the main thread. Errors go through ``show_error``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas, QgsMapToolExtent
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QDialogButtonBox, QTableWidgetItem, QWidget

from .. import settings
from ..core.dependencies import MissingDependencies
from ..core.errors import VtError
from ..core.i18n import tr
from ..core.inference_tasks import unique_path
from ..core.s2_tasks import (
    LEVELS,
    Credentials,
    S2SearchParams,
    S2SearchSuccess,
    S2SearchTask,
    S2StackParams,
    S2StackSuccess,
    S2StackTask,
    check_bbox,
    check_dates,
    credentials_from_auth_config,
    default_stack_name,
    footprints_layer,
    stack_layer,
)
from ..core.task_base import TaskCanceled, TaskFailed
from .layers import add_temporary_layer, to_wgs84
from .messages import show_error, show_success
from .uiloader import load_ui

FORM, BASE = load_ui("s2_dialog")

CUSTOM = ""
#: A stack covers one area of at most this size (a Sentinel-2 tile is 110 km wide).
MAX_STACK_SIDE_KM = 110.0
MEDIAN_DEFAULT_SCENES = 5
COLUMNS = ("date", "id", "cloud", "area_cloud", "baseline")

# Dialog state kept between sessions (QgsSettings under verite_terrain/).
S2_CATALOG = settings.Setting("s2_catalog", "earth-search", str)
S2_CATALOG_URL = settings.Setting("s2_catalog_url", "", str)
S2_AUTH_CONFIG_ID = settings.Setting("s2_auth_config_id", "", str)
S2_MAX_CLOUD = settings.Setting("s2_max_cloud", 30, int)
S2_LEVEL = settings.Setting("s2_level", "L2A", str)


def catalog_choices() -> list[tuple[str, str]]:
    """(catalogue id or CUSTOM, label) in the combo box's order."""
    return [
        ("earth-search", tr("Earth Search (Element 84, AWS): L2A, no account")),
        ("cdse", tr("Copernicus Data Space Ecosystem: account or token")),
        ("planetary-computer", tr("Microsoft Planetary Computer: L2A, no account")),
        (CUSTOM, tr("Another STAC API (URL)")),
    ]


def default_output_dir() -> str:
    """``<QGIS profile>/verite_terrain/sentinel2``."""
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "verite_terrain", "sentinel2")


def box_size_km(bbox: tuple[float, float, float, float]) -> tuple[float, float]:
    """Approximate (width, height) in km of a lon/lat box."""
    minx, miny, maxx, maxy = bbox
    lat = math.radians((miny + maxy) / 2)
    return (maxx - minx) * 111.32 * math.cos(lat), (maxy - miny) * 110.57


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


class S2Dialog(BASE, FORM):
    """Search, show and stack Sentinel-2 scenes for an area of the map."""

    def __init__(
        self,
        canvas: QgsMapCanvas,
        parent: QWidget | None = None,
        project: QgsProject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setWindowModality(Qt.NonModal)
        self.canvas = canvas
        self.project = project or QgsProject.instance()
        self.drawn: tuple[QgsRectangle, QgsCoordinateReferenceSystem] | None = None
        self.search_result: S2SearchSuccess | None = None
        self.footprints: QgsVectorLayer | None = None
        self.search_task: S2SearchTask | None = None
        self.stack_task: S2StackTask | None = None
        self._map_tool: QgsMapToolExtent | None = None
        self._previous_tool = None
        self._installer = None
        self._fill_widgets()
        self._connect()

    # ------------------------------------------------------------------ widgets

    def _fill_widgets(self) -> None:
        for catalog_id, label in catalog_choices():
            self.catalogCombo.addItem(label, catalog_id)
        index = self.catalogCombo.findData(str(S2_CATALOG.get()))
        self.catalogCombo.setCurrentIndex(max(0, index))
        self.urlEdit.setText(str(S2_CATALOG_URL.get()))
        self.authSelect.setConfigId(str(S2_AUTH_CONFIG_ID.get()))
        for level in LEVELS:
            self.levelCombo.addItem(level, level)
        self.levelCombo.setCurrentIndex(max(0, self.levelCombo.findData(str(S2_LEVEL.get()))))
        self.cloudSpin.setValue(int(S2_MAX_CLOUD.get()))
        today = dt.date.today()
        self.endDate.setDate(_qdate(today))
        self.startDate.setDate(_qdate(today - dt.timedelta(days=30)))
        self.compositeCombo.addItem(tr("The best scene (or the first one selected)"), "none")
        self.compositeCombo.addItem(
            tr("Median of the selected scenes (default: the {n} best)").format(
                n=MEDIAN_DEFAULT_SCENES
            ),
            "median",
        )
        self.outputWidget.setStorageMode(self.outputWidget.SaveFile)
        self.outputWidget.setFilter(tr("GeoTIFF (*.tif)"))
        self.outputWidget.lineEdit().setPlaceholderText(
            tr("Default: a new file in {folder}").format(folder=default_output_dir())
        )
        self.resultsTable.setColumnCount(len(COLUMNS))
        self.resultsTable.setHorizontalHeaderLabels(
            [tr("Date"), tr("Scene"), tr("Scene cloud (%)"), tr("Area cloud (%)"), tr("Baseline")]
        )
        self.quicklookLabel.setText(tr("No quicklook"))
        self.progressBar.setRange(0, 100)
        self._catalog_changed()
        self._area_changed()

    def _connect(self) -> None:
        self.catalogCombo.currentIndexChanged.connect(self._catalog_changed)
        for radio in (self.mapExtentRadio, self.layerRadio, self.drawRadio):
            radio.toggled.connect(self._area_changed)
        self.layerCombo.layerChanged.connect(self._area_changed)
        self.canvas.extentsChanged.connect(self._area_changed)
        self.drawButton.clicked.connect(self.start_drawing)
        self.searchButton.clicked.connect(self.search)
        self.buildButton.clicked.connect(self.build)
        self.cancelButton.clicked.connect(self.cancel_tasks)
        self.resultsTable.itemSelectionChanged.connect(self._selection_changed)
        self.buttonBox.button(QDialogButtonBox.Close).clicked.connect(self.close)

    def _catalog_changed(self) -> None:
        custom = self.catalogCombo.currentData() == CUSTOM
        self.urlEdit.setEnabled(custom)
        self.urlLabel.setEnabled(custom)

    def _area_changed(self, *_: Any) -> None:
        if sip.isdeleted(self):
            return
        self.layerCombo.setEnabled(self.layerRadio.isChecked())
        try:
            minx, miny, maxx, maxy = self.area_wgs84()
        except VtError as exc:
            self.areaLabel.setText(exc.message)
            return
        width, height = box_size_km((minx, miny, maxx, maxy))
        self.areaLabel.setText(
            tr("Lon {minx:.4f} to {maxx:.4f}, lat {miny:.4f} to {maxy:.4f} ({w:.1f} × {h:.1f} km)")
            .format(minx=minx, maxx=maxx, miny=miny, maxy=maxy, w=width, h=height)
        )  # fmt: skip

    # ------------------------------------------------------------------ area

    def area_wgs84(self) -> tuple[float, float, float, float]:
        """The chosen area as a lon/lat box; VtError when there is none."""
        if self.drawRadio.isChecked():
            if self.drawn is None:
                raise VtError(tr("Draw a rectangle on the map first"))
            rect, crs = self.drawn
        elif self.layerRadio.isChecked():
            layer = self.layerCombo.currentLayer()
            if layer is None or not layer.isValid():
                raise VtError(tr("Choose a layer"))
            rect, crs = layer.extent(), layer.crs()
        else:
            rect, crs = self.canvas.extent(), self.canvas.mapSettings().destinationCrs()
        if rect.isEmpty():
            raise VtError(tr("The area is empty"))
        box = to_wgs84(rect, crs)
        return check_bbox((box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()))

    def start_drawing(self) -> None:
        """Let the user drag a rectangle on the map (the dialog hides meanwhile)."""
        self._map_tool = QgsMapToolExtent(self.canvas)
        self._map_tool.extentChanged.connect(self.set_drawn_extent)
        self._map_tool.deactivated.connect(self._drawing_abandoned)
        self._previous_tool = self.canvas.mapTool()
        self.canvas.setMapTool(self._map_tool)
        self.hide()

    def _drawing_abandoned(self) -> None:
        """Another map tool was chosen before a rectangle was drawn: show the dialog again."""
        if sip.isdeleted(self) or self._map_tool is None:
            return
        tool, self._map_tool = self._map_tool, None
        tool.deleteLater()
        self.show()
        self.raise_()

    def set_drawn_extent(
        self, rect: QgsRectangle, crs: QgsCoordinateReferenceSystem | None = None
    ) -> None:
        """A rectangle in ``crs`` (default: the map's) becomes the area."""
        self.drawn = (QgsRectangle(rect), crs or self.canvas.mapSettings().destinationCrs())
        self._restore_map_tool()
        self.drawRadio.setChecked(True)
        self._area_changed()
        self.show()
        self.raise_()

    def _restore_map_tool(self) -> None:
        if self._map_tool is None:
            return
        self._map_tool.deactivated.disconnect(self._drawing_abandoned)
        if self.canvas.mapTool() is self._map_tool:
            if self._previous_tool is not None and not sip.isdeleted(self._previous_tool):
                self.canvas.setMapTool(self._previous_tool)
            else:
                self.canvas.unsetMapTool(self._map_tool)
        self._map_tool.deleteLater()
        self._map_tool = None

    # ------------------------------------------------------------------ params

    def catalog_choice(self) -> str:
        catalog = self.catalogCombo.currentData()
        if catalog != CUSTOM:
            return str(catalog)
        url = self.urlEdit.text().strip()
        if not url.startswith(("http://", "https://")):
            raise VtError(tr("Give the STAC API URL (http:// or https://)"))
        return url

    def credentials(self) -> Credentials:
        token = self.tokenEdit.text().strip()
        if token:
            return Credentials(token=token)
        return credentials_from_auth_config(self.authSelect.configId())

    def build_search_params(self) -> S2SearchParams:
        """The form's values; VtError naming what is missing or wrong."""
        start, end = _date(self.startDate.date()), _date(self.endDate.date())
        check_dates(start, end)
        return S2SearchParams(
            catalog=self.catalog_choice(),
            bbox=self.area_wgs84(),
            start=start,
            end=end,
            max_cloud=float(self.cloudSpin.value()),
            level=str(self.levelCombo.currentData()),
            credentials=self.credentials(),
        )

    def selected_scenes(self) -> list:
        """The scenes of the selected rows, best first."""
        if self.search_result is None:
            return []
        rows = sorted({index.row() for index in self.resultsTable.selectedIndexes()})
        return [self.search_result.scenes[r] for r in rows if r < len(self.search_result.scenes)]

    def build_stack_params(self) -> S2StackParams:
        """The scenes to stack and the output; VtError without a search result."""
        if self.search_result is None or not self.search_result.scenes:
            raise VtError(tr("Search first, then choose the scenes to stack"))
        composite = str(self.compositeCombo.currentData())
        scenes = self.selected_scenes()
        if not scenes:
            count = 1 if composite == "none" else MEDIAN_DEFAULT_SCENES
            scenes = list(self.search_result.scenes[:count])
        bbox = self.search_result.params.bbox
        width, height = box_size_km(bbox)
        if max(width, height) > MAX_STACK_SIDE_KM:
            raise VtError(
                tr("The area is too large for a stack ({w:.0f} × {h:.0f} km)").format(
                    w=width, h=height
                ),
                [tr("Zoom in or draw a smaller rectangle (at most {km:.0f} km a side).").format(
                    km=MAX_STACK_SIDE_KM
                )],
            )  # fmt: skip
        output = self.outputWidget.filePath().strip()
        if not output:
            output = unique_path(
                default_output_dir(), default_stack_name(scenes, composite), ".tif"
            )
        elif not output.lower().endswith((".tif", ".tiff")):
            output += ".tif"
        return S2StackParams(
            scenes=tuple(scenes),
            bbox=bbox,
            output=output,
            composite=composite,
            mask_clouds=self.maskCloudsCheck.isChecked(),
            catalog=self.search_result.params.catalog,
            credentials=self.search_result.params.credentials,
        )

    def _remember(self, params: S2SearchParams) -> None:
        catalog = self.catalogCombo.currentData()
        S2_CATALOG.set(catalog)
        if catalog == CUSTOM:
            S2_CATALOG_URL.set(params.catalog)
        S2_AUTH_CONFIG_ID.set(self.authSelect.configId())
        S2_MAX_CLOUD.set(int(params.max_cloud))
        S2_LEVEL.set(params.level)

    # ------------------------------------------------------------------ search

    def make_search_task(self) -> S2SearchTask | None:
        """A search task for the form's values (not started), or None with the error shown."""
        self.messageBar.clearWidgets()
        try:
            params = self.build_search_params()
        except VtError as exc:
            show_error(self.messageBar, exc)
            return None
        self._remember(params)
        task = S2SearchTask(params, self._search_done)
        self.search_task = task
        self._set_busy(True)
        return task

    def search(self) -> S2SearchTask | None:
        task = self.make_search_task()
        if task is not None:
            task.progressChanged.connect(self._progress)
            QgsApplication.taskManager().addTask(task)
        return task

    def _search_done(self, result: Any) -> None:
        if sip.isdeleted(self):
            return
        self.search_task = None
        self._set_busy(False)
        if isinstance(result, TaskCanceled):
            self.messageBar.pushInfo(tr("Sentinel-2"), tr("Search canceled."))
        elif isinstance(result, TaskFailed):
            self._show_failure(result.error, self.search)
        else:
            self.show_results(result)

    def show_results(self, result: S2SearchSuccess) -> None:
        """Fill the table, draw the footprints and show the best scene's quicklook."""
        self.search_result = result
        table = self.resultsTable
        table.clearSelection()
        table.setRowCount(len(result.scenes))
        for row, scene in enumerate(result.scenes):
            values = (
                scene.datetime.strftime("%Y-%m-%d %H:%M"),
                scene.id,
                _percent(scene.cloud_cover),
                _percent(scene.area_cloud_cover),
                scene.processing_baseline or "–",
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col in (2, 3):
                    item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
                table.setItem(row, col, item)
        table.resizeColumnsToContents()
        self._show_footprints(result)
        self.buildButton.setEnabled(bool(result.scenes))
        self._show_quicklook(result.scenes[0] if result.scenes else None)
        self.messageBar.pushSuccess(
            tr("Sentinel-2"),
            tr("{count} scene(s) found in {url}, best first.").format(
                count=len(result.scenes), url=result.catalog_url
            ),
        )

    def _show_footprints(self, result: S2SearchSuccess) -> None:
        self._remove_footprints()
        layer = footprints_layer(result.scenes, tr("Sentinel-2 footprints"))
        add_temporary_layer(layer, self.project)
        self.footprints = layer
        self.layerCombo.setExceptedLayerList([layer])  # not an area to search

    def _remove_footprints(self) -> None:
        layer, self.footprints = self.footprints, None
        if layer is not None and not sip.isdeleted(layer) and self.project.mapLayer(layer.id()):
            self.project.removeMapLayer(layer.id())

    def _selection_changed(self) -> None:
        scenes = self.selected_scenes()
        if self.footprints is not None and not sip.isdeleted(self.footprints):
            ids = {s.id for s in scenes}
            fids = [f.id() for f in self.footprints.getFeatures() if f["id"] in ids]
            self.footprints.selectByIds(fids)
        self._show_quicklook(scenes[0] if scenes else None)

    def _show_quicklook(self, scene: Any) -> None:
        data = self.search_result.quicklooks.get(scene.id) if scene and self.search_result else None
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            size = self.quicklookLabel.size()
            self.quicklookLabel.setPixmap(
                pixmap.scaled(size, Qt.KeepAspectRatio, Qt.SmoothTransformation)
            )
        else:
            self.quicklookLabel.setPixmap(QPixmap())
            self.quicklookLabel.setText(tr("No quicklook"))

    # ------------------------------------------------------------------ stack

    def make_build_task(self) -> S2StackTask | None:
        """A stack task for the chosen scenes (not started), or None with the error shown."""
        self.messageBar.clearWidgets()
        try:
            params = self.build_stack_params()
        except VtError as exc:
            show_error(self.messageBar, exc)
            return None
        task = S2StackTask(params, self._build_done)
        self.stack_task = task
        self._set_busy(True)
        return task

    def build(self) -> S2StackTask | None:
        task = self.make_build_task()
        if task is not None:
            task.progressChanged.connect(self._progress)
            QgsApplication.taskManager().addTask(task)
        return task

    def _build_done(self, result: Any) -> None:
        if sip.isdeleted(self):
            return
        self.stack_task = None
        self._set_busy(False)
        if isinstance(result, TaskCanceled):
            self.messageBar.pushInfo(tr("Sentinel-2"), tr("Stack canceled; nothing was written."))
        elif isinstance(result, TaskFailed):
            self._show_failure(result.error, self.build)
        else:
            self.add_stack(result)

    def add_stack(self, result: S2StackSuccess):
        """The stack as a layer (natural colours) in the project, and a message."""
        try:
            layer = stack_layer(result.path)
        except VtError as exc:
            show_error(self.messageBar, exc)
            return None
        self.project.addMapLayer(layer)
        show_success(
            self.messageBar,
            tr("Sentinel-2 stack added"),
            tr("{path}: {level}, {dates}. Ready for Map sealed surfaces…").format(
                path=result.path, level=result.level, dates=", ".join(result.dates)
            ),
        )
        return layer

    # ------------------------------------------------------------------ common

    def _show_failure(self, error: VtError, retry) -> None:
        if isinstance(error, MissingDependencies):
            from .inference_dependencies import DependencyInstaller

            if self._installer is None:
                self._installer = DependencyInstaller(self.messageBar, self)
            self._installer.show_report(error.report)
            return
        show_error(self.messageBar, error, retry=retry)

    def _progress(self, value: float) -> None:
        if not sip.isdeleted(self):
            self.progressBar.setValue(int(value))

    def _set_busy(self, busy: bool) -> None:
        self.searchButton.setEnabled(not busy)
        self.buildButton.setEnabled(not busy and self.search_result is not None)
        self.cancelButton.setEnabled(busy)
        if not busy:
            self.progressBar.setValue(0)

    def cancel_tasks(self) -> None:
        for task in (self.search_task, self.stack_task):
            if task is not None and not sip.isdeleted(task):
                task.cancel()

    def cleanup(self) -> None:
        """Plugin unload: cancel the tasks, give the map tool back, remove the footprints."""
        self.cancel_tasks()
        self._restore_map_tool()
        self._remove_footprints()
        if self._installer is not None:
            self._installer.cleanup()
        try:
            self.canvas.extentsChanged.disconnect(self._area_changed)
        except TypeError:
            pass
