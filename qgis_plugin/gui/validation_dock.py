"""The validation dock: check the active pack layer, list its problems by kind, select and
zoom to the plots concerned, publish, and show the Sentinel-2 10 m grid.

It works on a map canvas and a message bar given explicitly (no QgisInterface needed).
Publishing is not done here: "Publish pack" emits ``publish_requested(layer)``.
"""

from __future__ import annotations

from qgis.core import QgsApplication, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QCursor
from qgis.PyQt.QtWidgets import QApplication, QTreeWidgetItem, QWidget

from .. import settings
from ..core.errors import LocalValidationFailed, ServerProblem, VtError
from ..core.i18n import tr
from . import problem_rows as pr
from .layers import add_temporary_layer, canvas_extent_wgs84, pack_path_of
from .messages import show_error
from .uiloader import load_ui

FORM, _BASE = load_ui("validation_dock")
IDS_ROLE = Qt.UserRole
ICONS = {"error": "/mIconCritical.svg", "warning": "/mIconWarning.svg"}


class ValidationDock(QgsDockWidget, FORM):
    publish_requested = pyqtSignal(object)  # QgsVectorLayer

    def __init__(
        self, canvas, message_bar, parent: QWidget | None = None, project: QgsProject | None = None
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("VeriteTerrainValidationDock")
        self.canvas = canvas
        self.bar = message_bar
        self.project = project or QgsProject.instance()
        self.layer: QgsVectorLayer | None = None
        self.pack_path: str | None = None
        self.rows: list[pr.ProblemRow] = []
        self.grid_layer_id: str | None = None
        self._grid_box: tuple[float, float, float, float] | None = None
        self._grid_timer = QTimer(self)
        self._grid_timer.setSingleShot(True)
        self._grid_timer.setInterval(600)
        self._grid_timer.timeout.connect(lambda: self.refresh_grid(explicit=False))

        self.layerCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.layerCombo.setAllowEmptyLayer(True)
        self.layerCombo.setLayer(None)
        self.layerCombo.layerChanged.connect(self.set_layer)
        self.checkButton.clicked.connect(self.check)
        self.publishButton.clicked.connect(self._publish_clicked)
        self.kindCombo.addItem(tr("All problems"), "")
        for kind in pr.KINDS:
            self.kindCombo.addItem(pr.kind_label(kind), kind)
        self.kindCombo.currentIndexChanged.connect(self._apply_filter)
        self.problemsTree.header().setStretchLastSection(True)
        self.problemsTree.itemSelectionChanged.connect(self._select_features)
        self.problemsTree.itemDoubleClicked.connect(self._zoom_to_item)
        self.gridCheck.setChecked(bool(settings.SHOW_S2_GRID.get()))
        self.gridCheck.toggled.connect(self._grid_toggled)
        self.canvas.extentsChanged.connect(self._extent_changed)
        self.set_layer(None)
        if self.gridCheck.isChecked():
            self._grid_timer.start()

    # ------------------------------------------------------------------ layer

    def set_layer(self, layer) -> None:
        """Show ``layer`` (any layer; only pack layers can be checked and published)."""
        if layer is not None and layer is self.layer:
            return  # keep the problems listed
        if self.layer is not None and not sip.isdeleted(self.layer):
            try:
                self.layer.afterCommitChanges.disconnect(self._after_commit)
            except TypeError:
                pass
        self.layer = layer if isinstance(layer, QgsVectorLayer) else None
        self.pack_path = pack_path_of(self.layer)
        if self.layerCombo.currentLayer() is not self.layer and (
            self.layer is None or self.project.mapLayer(self.layer.id()) is not None
        ):
            self.layerCombo.blockSignals(True)
            self.layerCombo.setLayer(self.layer)
            self.layerCombo.blockSignals(False)
        if self.layer is not None:
            self.layer.afterCommitChanges.connect(self._after_commit)
        for button in (self.checkButton, self.publishButton):
            button.setEnabled(self.pack_path is not None)
        self.show_rows([], summary=False)
        if self.layer is None:
            text = tr("Choose a pack layer.")
        elif self.pack_path is None:
            text = tr("This layer is not a Vérité Terrain pack (no manifest in its GeoPackage).")
        else:
            text = tr("Not checked yet.")
        self.statusLabel.setText(text)

    def _after_commit(self) -> None:
        if self.autoCheck.isChecked() and self.pack_path is not None:
            self.check()

    def _publish_clicked(self) -> None:
        if self.layer is not None:
            self.publish_requested.emit(self.layer)

    # ------------------------------------------------------------------ problems

    def check(self) -> bool | None:
        """Check the layer's current features (edits included); None if not possible."""
        from ..core.layer_check import check_layer

        if self.layer is None or self.pack_path is None:
            return None
        QApplication.setOverrideCursor(QCursor(Qt.WaitCursor))
        try:
            ok, problems = check_layer(self.layer)
        except Exception as err:  # noqa: BLE001 - VtError or bug, both shown
            show_error(self.bar, err)
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.show_rows([pr.from_layer_problem(p) for p in problems])
        return ok

    def show_local_failure(self, error: LocalValidationFailed) -> None:
        """The contract's problems found before an upload (nothing was sent)."""
        self.show_rows([pr.from_contract_problem(p, self._ids_for_plot) for p in error.problems])

    def show_server_problem(self, error: ServerProblem) -> list[int]:
        """The server's reasons; selects the failing plots and returns their feature ids."""
        from ..core.layer_check import feature_ids_for_plots

        self.show_rows([pr.from_server_problem(p, self._ids_for_plot) for p in error.problems])
        ids: list[int] = []
        if self.layer is not None and error.failing_plot_ids():
            ids = feature_ids_for_plots(self.layer, error.failing_plot_ids())
            self.layer.selectByIds(ids)
        return ids

    def _ids_for_plot(self, plot_id: str) -> list[int]:
        from ..core.layer_check import feature_ids_for_plots

        return feature_ids_for_plots(self.layer, [plot_id]) if self.layer is not None else []

    def show_rows(self, rows: list[pr.ProblemRow], summary: bool = True) -> None:
        """List ``rows`` grouped by kind; with ``summary``, say what they mean."""
        self.rows = list(rows)
        tree = self.problemsTree
        tree.blockSignals(True)
        tree.clear()
        for kind in pr.KINDS:
            members = [r for r in self.rows if r.kind == kind]
            if not members:
                continue
            group = QTreeWidgetItem([f"{pr.kind_label(kind)} ({len(members)})"])
            group.setData(0, IDS_ROLE, kind)
            group.setFirstColumnSpanned(True)
            for row in members:
                item = QTreeWidgetItem([row.plot_id or "", row.field or "", row.message])
                item.setIcon(
                    0, QgsApplication.getThemeIcon(ICONS.get(row.severity, ICONS["error"]))
                )
                item.setToolTip(2, f"{row.severity}: {row.code}\n{row.message}")
                item.setData(0, IDS_ROLE, list(row.feature_ids))
                group.addChild(item)
            tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
        tree.blockSignals(False)
        self._apply_filter()
        errors = sum(r.severity == "error" for r in self.rows)
        warnings = len(self.rows) - errors
        if not summary:
            return
        if not self.rows:
            text = tr("No problems: the pack can be published.")
        elif errors:
            text = tr("{errors} error(s) to fix before publishing, {warnings} warning(s).").format(
                errors=errors, warnings=warnings
            )
        else:
            text = tr("Publishable, with {warnings} warning(s).").format(warnings=warnings)
        self.statusLabel.setText(text)

    def _apply_filter(self) -> None:
        wanted = self.kindCombo.currentData()
        for i in range(self.problemsTree.topLevelItemCount()):
            group = self.problemsTree.topLevelItem(i)
            group.setHidden(bool(wanted) and group.data(0, IDS_ROLE) != wanted)

    def selected_feature_ids(self) -> list[int]:
        return _feature_ids(self.problemsTree.selectedItems())

    def _select_features(self) -> None:
        if self.layer is not None and not sip.isdeleted(self.layer):
            self.layer.selectByIds(self.selected_feature_ids())

    def _zoom_to_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """Double-click: select and zoom to the plots of a row (or of a whole group)."""
        ids = _feature_ids([item])
        if self.layer is not None and ids:
            self.layer.selectByIds(ids)
            self.canvas.zoomToFeatureIds(self.layer, ids)
            self.canvas.flashFeatureIds(self.layer, ids)

    # ------------------------------------------------------------------ grid

    def _grid_toggled(self, on: bool) -> None:
        settings.SHOW_S2_GRID.set(bool(on))
        if on:
            self.refresh_grid(explicit=True)
        else:
            self.remove_grid()

    def _extent_changed(self) -> None:
        if self.gridCheck.isChecked():
            self._grid_timer.start()

    def refresh_grid(self, explicit: bool = True) -> bool:
        """(Re)build the grid layer for the canvas extent; False when too zoomed out."""
        from ..core.grid import sentinel2_grid_layer

        box = canvas_extent_wgs84(self.canvas)
        if self.grid_layer_id and self._grid_box and _inside(box, self._grid_box):
            return True
        self.remove_grid()
        try:
            layer = sentinel2_grid_layer(box)
        except VtError as err:
            if explicit:
                show_error(
                    self.bar, err, title=tr("Zoom in to see the Sentinel-2 grid"), duration=8
                )
            return False
        add_temporary_layer(layer, self.project)
        self.grid_layer_id = layer.id()
        self._grid_box = box
        return True

    def remove_grid(self) -> None:
        if self.grid_layer_id and self.project.mapLayer(self.grid_layer_id) is not None:
            self.project.removeMapLayer(self.grid_layer_id)
        self.grid_layer_id = None
        self._grid_box = None

    def cleanup(self) -> None:
        """Before deletion: stop timers, drop connections and the temporary grid."""
        self._grid_timer.stop()
        try:
            self.canvas.extentsChanged.disconnect(self._extent_changed)
        except TypeError:
            pass
        self.set_layer(None)
        self.remove_grid()


def _feature_ids(items: list[QTreeWidgetItem]) -> list[int]:
    """Feature ids of rows; a group row stands for all its rows."""
    ids: set[int] = set()
    for item in items:
        for leaf in [item.child(i) for i in range(item.childCount())] or [item]:
            value = leaf.data(0, IDS_ROLE)
            if isinstance(value, list):
                ids.update(int(v) for v in value)
    return sorted(ids)


def _inside(inner: tuple, outer: tuple) -> bool:
    return all(inner[i] >= outer[i] for i in (0, 1)) and all(inner[i] <= outer[i] for i in (2, 3))
