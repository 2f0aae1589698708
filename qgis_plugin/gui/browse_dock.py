"""The browse dock: packs published on the server around the map extent, with filters;
download one (or update a local copy) and open it in the project.

Widgets → ``SearchParams`` / ``DownloadParams`` → ``SearchTask`` / ``DownloadTask`` on the
QGIS task manager → ``show_results`` / ``download_done`` in the main thread.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from qgis.core import QgsApplication, QgsProject, QgsTask
from qgis.gui import QgsDockWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QHeaderView, QTableWidgetItem, QWidget

from .. import settings
from ..core import cache
from ..core.i18n import tr
from ..core.pack_file import open_plots_layer
from ..core.tasks import (
    DownloadParams,
    DownloadSuccess,
    DownloadTask,
    SearchParams,
    SearchSuccess,
    SearchTask,
    TaskCanceled,
    TaskFailed,
)
from . import manifest_form as mf
from .layers import canvas_extent_wgs84
from .messages import link, show_error, show_success
from .uiloader import load_ui

FORM, _BASE = load_ui("browse_dock")
ID_ROLE = Qt.UserRole
QUALITY_LEVELS = ("A", "B", "C", "D")
COLUMNS = ("title", "theme", "quality", "plots", "license", "version", "local")


class BrowseDock(QgsDockWidget, FORM):
    def __init__(
        self, canvas, message_bar, parent: QWidget | None = None, project: QgsProject | None = None
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("VeriteTerrainBrowseDock")
        self.canvas = canvas
        self.bar = message_bar
        self.project = project or QgsProject.instance()
        self.items: dict[str, dict[str, Any]] = {}  # pack id -> search item
        self.total = 0
        self._tasks: set[QgsTask] = set()
        self._generation = 0
        self._last_error: str | None = None  # the last search failure shown
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(800)
        self._timer.timeout.connect(self.refresh)

        self.clcplusCombo.addItem(tr("Any"), None)
        for number, name in mf.clcplus_classes().items():
            self.clcplusCombo.addItem(f"{number} · {name}", number)
        self.qualityCombo.addItem(tr("Any"), "")
        for level in QUALITY_LEVELS:
            self.qualityCombo.addItem(tr("{level} or better").format(level=level), level)
        self.licenseCombo.addItem("")
        self.licenseCombo.addItems(mf.spdx_licenses())
        self.licenseCombo.lineEdit().setPlaceholderText(tr("any"))
        header = self.resultsTable.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.resultsTable.verticalHeader().setVisible(False)
        self.resultsTable.itemSelectionChanged.connect(self._selection_changed)
        self.resultsTable.itemDoubleClicked.connect(lambda _item: self.download_selected())
        for edit in (self.themeEdit, self.classEdit):
            edit.returnPressed.connect(self._refresh_asked)
        self.refreshButton.clicked.connect(self._refresh_asked)
        self.downloadButton.clicked.connect(self.download_selected)
        self.pageButton.clicked.connect(self.open_page)
        self.canvas.extentsChanged.connect(self._extent_changed)
        self.visibilityChanged.connect(self._visibility_changed)
        self._selection_changed()

    # ------------------------------------------------------------------ search

    def search_params(self) -> SearchParams:
        """The search the widgets describe (bbox: the map extent in lon/lat)."""
        bbox = canvas_extent_wgs84(self.canvas) if self.extentCheck.isChecked() else None
        return SearchParams(
            server_url=settings.server_url(),
            bbox=bbox,
            theme=self.themeEdit.text().strip(),
            class_code=self.classEdit.text().strip(),
            clcplus=self.clcplusCombo.currentData(),
            min_quality=self.qualityCombo.currentData() or "",
            license=self.licenseCombo.currentText().strip(),
        )

    def refresh(self) -> QgsTask:
        """Search in the background; only the latest search's answer is shown."""
        self._timer.stop()
        self._generation += 1
        task = SearchTask(self.search_params(), partial(self._search_done, self._generation))
        self.statusLabel.setText(tr("Searching…"))
        self._start(task)
        return task

    def _refresh_asked(self) -> None:
        self._last_error = None  # asked for: say it again if it fails again
        self.refresh()

    def _search_done(self, generation: int, result) -> None:
        if sip.isdeleted(self) or generation != self._generation:
            return
        self.show_results(result)

    def show_results(self, result) -> None:
        """Main thread: fill the table from a ``SearchSuccess``, or show the failure."""
        if isinstance(result, TaskFailed):
            self.statusLabel.setText(tr("The search failed."))
            if result.error.message != self._last_error:  # not again on every map move
                show_error(self.bar, result.error, retry=self.refresh)
            self._last_error = result.error.message
            return
        self._last_error = None
        if isinstance(result, TaskCanceled) or not isinstance(result, SearchSuccess):
            self.statusLabel.setText(tr("Search canceled."))
            return
        self.items = {str(item["id"]): item for item in result.items}
        self.total = result.total
        self._fill_table(list(result.items))
        if result.total > len(result.items):
            text = tr(
                "{shown} of {total} packs shown: zoom in or add filters to see the others."
            ).format(shown=len(result.items), total=result.total)
        else:
            text = tr("{n} pack(s).").format(n=len(result.items))
        self.statusLabel.setText(text)

    def _fill_table(self, items: list[dict[str, Any]]) -> None:
        table = self.resultsTable
        selected = self.selected_pack_id()
        table.setSortingEnabled(False)
        table.setRowCount(0)
        for item in items:
            row = table.rowCount()
            table.insertRow(row)
            for column, text in enumerate(self.row_texts(item)):
                cell = _cell(text, item.get("plot_count") if COLUMNS[column] == "plots" else None)
                cell.setData(ID_ROLE, str(item["id"]))
                table.setItem(row, column, cell)
            table.item(row, 0).setToolTip(item.get("title", ""))
        table.setSortingEnabled(True)
        if selected:
            self.select_pack(selected)
        self._selection_changed()

    @staticmethod
    def row_texts(item: dict[str, Any]) -> list[str]:
        """The table's texts for one search item (title, theme, quality ... local copy)."""
        quality = item.get("quality") or {}
        score = quality.get("score")
        level = quality.get("level") or "?"
        pack_id, latest = str(item["id"]), int(item.get("version") or 0)
        local = cache.cached_version(pack_id)
        if local is None:
            local_text = ""
        elif cache.newer_version(pack_id, latest):
            local_text = tr("v{local}, newer version available").format(local=local)
        else:
            local_text = tr("v{local}, up to date").format(local=local)
        return [
            str(item.get("title", "")),
            str(item.get("theme", "")),
            f"{level} ({score:.1f})" if isinstance(score, int | float) else level,
            str(item.get("plot_count", "")),
            str(item.get("license", "")),
            str(latest),
            local_text,
        ]

    def select_pack(self, pack_id: str) -> bool:
        for row in range(self.resultsTable.rowCount()):
            if self.resultsTable.item(row, 0).data(ID_ROLE) == pack_id:
                self.resultsTable.selectRow(row)
                return True
        return False

    def selected_pack_id(self) -> str | None:
        rows = self.resultsTable.selectionModel().selectedRows()
        if not rows:
            return None
        return self.resultsTable.item(rows[0].row(), 0).data(ID_ROLE)

    def _selection_changed(self) -> None:
        pack_id = self.selected_pack_id()
        item = self.items.get(pack_id) if pack_id else None
        self.pageButton.setEnabled(bool(item and (item.get("links") or {}).get("html")))
        self.downloadButton.setEnabled(item is not None)
        if item is None:
            self.downloadButton.setText(tr("Download"))
            return
        local, latest = cache.cached_version(pack_id), int(item.get("version") or 0)
        if local is None:
            text = tr("Download")
        elif cache.newer_version(pack_id, latest):
            text = tr("Update to version {v}").format(v=latest)
        else:
            text = tr("Open local copy")
        self.downloadButton.setText(text)

    def _extent_changed(self) -> None:
        if self.autoRefreshCheck.isChecked() and self.isVisible() and self.extentCheck.isChecked():
            self._timer.start()

    def _visibility_changed(self, visible: bool) -> None:
        if visible and not self.items:
            self._timer.start()

    # ------------------------------------------------------------------ download

    def download_selected(self) -> QgsTask | None:
        """Download the selected pack's latest version, or open the up-to-date local copy."""
        pack_id = self.selected_pack_id()
        if pack_id is None or pack_id not in self.items:
            return None
        item = self.items[pack_id]
        latest = int(item.get("version") or 0)
        local = cache.cached_version(pack_id)
        if local is not None and not cache.newer_version(pack_id, latest):
            for entry in cache.cached_packs():
                if entry["pack_id"] == pack_id and int(entry["version"]) == local:
                    self.open_pack(
                        entry["path"], entry.get("title") or item.get("title", ""), local
                    )
                    return None
        return self.download(DownloadParams(server_url=settings.server_url(), pack_id=pack_id))

    def download(self, params: DownloadParams) -> QgsTask:
        task = DownloadTask(params, lambda result: self.download_done(result, params))
        self._start(task)
        return task

    def download_done(self, result, params: DownloadParams | None = None) -> None:
        """Main thread: record the download and add the pack layer to the project."""
        if sip.isdeleted(self):
            return
        if isinstance(result, TaskFailed):
            retry = (lambda: self.download(params)) if params is not None else None
            show_error(self.bar, result.error, retry=retry)
            return
        if not isinstance(result, DownloadSuccess):
            return
        try:  # the task recorded the download in the cache already
            self.open_pack(result.path, result.title, result.version)
        except Exception as err:  # noqa: BLE001 - VtError or bug, both shown
            show_error(self.bar, err)
            return
        self._fill_table(list(self.items.values()))

    def open_pack(self, path: str, title: str, version: int):
        layer = open_plots_layer(
            path, tr("{title} (v{version})").format(title=title, version=version)
        )
        self.project.addMapLayer(layer)
        show_success(
            self.bar,
            tr("Pack opened"),
            tr("{title}, version {version}: {path}").format(
                title=title, version=version, path=link(QUrl.fromLocalFile(path).toString(), path)
            ),
            duration=8,
        )
        return layer

    def open_page(self) -> None:
        item = self.items.get(self.selected_pack_id() or "")
        url = ((item or {}).get("links") or {}).get("html")
        if url:
            QDesktopServices.openUrl(QUrl(url))

    # ------------------------------------------------------------------ tasks

    def _start(self, task: QgsTask) -> None:
        self._tasks.add(task)
        task.taskCompleted.connect(lambda: self._tasks.discard(task))
        task.taskTerminated.connect(lambda: self._tasks.discard(task))
        QgsApplication.taskManager().addTask(task)

    def cleanup(self) -> None:
        """Before deletion: stop the timer, cancel searches and downloads, drop connections."""
        self._timer.stop()
        self._generation += 1
        for task in list(self._tasks):
            if not sip.isdeleted(task):
                task.cancel()
        self._tasks.clear()
        try:
            self.canvas.extentsChanged.disconnect(self._extent_changed)
        except TypeError:
            pass


def _cell(text: str, number: Any = None) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if isinstance(number, int):
        cell.setData(Qt.DisplayRole, number)  # sorts numerically
    return cell
