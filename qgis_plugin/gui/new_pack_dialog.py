"""The pack dialog: create a new pack file, or edit the manifest of an existing one.

Widgets → ``NewPackParams`` (frozen) → ``create_pack_file`` / ``update_manifest``. A
``VtError`` is shown in the dialog's own message bar and the dialog stays open with its
inputs kept.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsMapLayer,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsRectangle,
    QgsTask,
)
from qgis.gui import QgsColorButton, QgsFileWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from .. import settings
from ..core.errors import PackFileExists, VtError
from ..core.i18n import tr
from ..core.pack_file import (
    NewPackParams,
    create_pack_file,
    custom_nomenclature,
    open_plots_layer,
    read_manifest,
    update_manifest,
)
from . import manifest_form as mf
from .layers import extent_polygon_wkt, layers_of_file, to_wgs84
from .messages import show_error, show_success
from .uiloader import load_ui

FORM, BASE = load_ui("new_pack_dialog")

CUSTOM = "custom"  # nomenclature combo: the class table, edited by hand
FROM_PACK = "pack"  # nomenclature combo (edit mode): keep the pack's nomenclature
KEEP = "keep"  # descriptor combo (edit mode): keep the pack's descriptor schema
NO_DESCRIPTORS = ""
INVALID_STYLE = "{cls} {{ border: 1px solid #d7191c; }}"
#: Manifest members (problem ``field`` prefixes) and the widgets that show them.
FIELD_WIDGETS = (
    ("manifest.title", ("titleEdit",)),
    ("manifest.description", ("descriptionEdit",)),
    ("manifest.theme", ("themeEdit",)),
    ("manifest.license", ("licenseCombo",)),
    ("manifest.citation", ("citationEdit",)),
    ("manifest.method", ("methodCombo",)),
    ("manifest.contributors", ("contributorsTable",)),
    ("manifest.observation_period", ("startDate", "endDate")),
    ("manifest.positional_accuracy_m", ("accuracySpin",)),
    ("manifest.area", ("areaLabel",)),
    ("manifest.nomenclature", ("classesTable",)),
    ("manifest.descriptors", ("descriptorCombo",)),
    ("manifest.constraints", ("descriptorCombo",)),
)


class NewPackDialog(BASE, FORM):
    """New pack (``edit_path`` None) or "edit manifest" of the pack file ``edit_path``."""

    def __init__(
        self,
        canvas,
        parent: QWidget | None = None,
        *,
        edit_path: str | None = None,
        project: QgsProject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.canvas = canvas
        self.project = project or QgsProject.instance()
        self.edit_path = os.path.abspath(edit_path) if edit_path else None
        self.manifest: dict[str, Any] | None = None  # the edited pack's manifest
        self.created_layer: QgsMapLayer | None = None
        self._docs: dict[str, dict] = {}  # nomenclature combo key -> document
        self._fetch_task: QgsTask | None = None
        self._tooltips: dict[QWidget, str] = {}  # marked widgets -> their own tooltip
        self._setup_widgets()
        if self.edit_path:
            self._load_for_edit(self.edit_path)
        else:
            self._set_defaults()
        self._nomenclature_changed()
        self._update_area_label()

    # ------------------------------------------------------------------ setup

    def _setup_widgets(self) -> None:
        self.licenseCombo.addItems(mf.spdx_licenses())
        for method in mf.METHODS:
            self.methodCombo.addItem(mf.method_label(method), method)
        for table in (self.contributorsTable, self.classesTable):
            table.verticalHeader().setVisible(False)
        self.contributorsTable.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        header = self.classesTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.addContributorButton.clicked.connect(lambda: self.add_contributor("", "volunteer"))
        self.removeContributorButton.clicked.connect(
            lambda: self._remove_selected_rows(self.contributorsTable)
        )
        self.addClassButton.clicked.connect(lambda: self.add_class_row("", "", None, None))
        self.removeClassButton.clicked.connect(
            lambda: self._remove_selected_rows(self.classesTable)
        )
        for ident, doc in mf.bundled_nomenclatures().items():
            label = tr("{name} (bundled)").format(name=doc["name"])
            self._add_nomenclature(f"bundled:{ident}", doc, label)
        self.nomenclatureCombo.addItem(tr("Custom classes (table below)"), CUSTOM)
        self.nomenclatureCombo.currentIndexChanged.connect(self._nomenclature_changed)
        self.fetchButton.clicked.connect(self.fetch_nomenclatures)
        self.descriptorCombo.addItem(tr("None"), NO_DESCRIPTORS)
        for ident, dset in mf.bundled_descriptor_sets().items():
            self.descriptorCombo.addItem(dset.get("name", ident), ident)
        for radio in (self.areaKeepRadio, self.areaCanvasRadio, self.areaLayerRadio):
            radio.toggled.connect(self._update_area_label)
        self.areaLayerCombo.setFilters(
            QgsMapLayerProxyModel.HasGeometry | QgsMapLayerProxyModel.RasterLayer
        )
        self.areaLayerCombo.layerChanged.connect(self._area_layer_chosen)
        self.fileWidget.setStorageMode(QgsFileWidget.SaveFile)
        self.fileWidget.setFilter(tr("GeoPackage (*.gpkg)"))
        self.fileWidget.setDialogTitle(tr("Save the new pack as"))
        self.buttonBox.accepted.connect(self.accept)

    def _set_defaults(self) -> None:
        today = QDate.currentDate()
        self.startDate.setDate(today.addMonths(-1))
        self.endDate.setDate(today)
        self.add_contributor("", "volunteer")
        self.areaKeepRadio.hide()
        crs = self.project.crs()
        self.crsWidget.setCrs(crs if crs.isValid() else QgsCoordinateReferenceSystem("EPSG:4326"))
        self.licenseCombo.setCurrentText("CC-BY-4.0")

    def _load_for_edit(self, path: str) -> None:
        self.manifest = read_manifest(path)
        params = mf.params_from_manifest(self.manifest)
        self.setWindowTitle(tr("Edit pack manifest"))
        self.fileWidget.setFilePath(path)
        self.fileWidget.setReadOnly(True)
        layers = layers_of_file(path, self.project)
        if layers:
            self.crsWidget.setCrs(layers[0].crs())
        self.crsWidget.setEnabled(False)
        self.areaKeepRadio.setChecked(True)
        self._add_nomenclature(
            FROM_PACK,
            params.nomenclature,
            tr("The pack's nomenclature: {name}").format(name=params.nomenclature.get("name", "")),
            first=True,
        )
        self.descriptorCombo.insertItem(0, tr("Keep the pack's descriptors"), KEEP)
        self.set_values(params)
        self.descriptorCombo.setCurrentIndex(0)

    def set_values(self, params: NewPackParams) -> None:
        """Fill the widgets from ``params`` (edit mode, or tests)."""
        self.titleEdit.setText(params.title)
        self.descriptionEdit.setPlainText(params.description)
        self.themeEdit.setText(params.theme)
        self.licenseCombo.setCurrentText(params.license)
        self.citationEdit.setText(params.citation)
        self.methodCombo.setCurrentIndex(max(0, self.methodCombo.findData(params.method)))
        self.contributorsTable.setRowCount(0)
        for name, expertise in params.contributors:
            self.add_contributor(name, expertise)
        self.startDate.setDate(QDate(params.observation_start))
        self.endDate.setDate(QDate(params.observation_end))
        self.accuracySpin.setValue(params.positional_accuracy_m)
        index = self.descriptorCombo.findData(params.descriptor_set or NO_DESCRIPTORS)
        self.descriptorCombo.setCurrentIndex(max(0, index))

    # ------------------------------------------------------------------ tables

    def add_contributor(self, name: str, expertise: str) -> int:
        row = self.contributorsTable.rowCount()
        self.contributorsTable.insertRow(row)
        self.contributorsTable.setItem(row, 0, QTableWidgetItem(name))
        combo = QComboBox()
        for level in mf.EXPERTISE_LEVELS:
            combo.addItem(mf.expertise_label(level), level)
        combo.setCurrentIndex(max(0, combo.findData(expertise)))
        self.contributorsTable.setCellWidget(row, 1, combo)
        return row

    def contributors(self) -> tuple[tuple[str, str], ...]:
        rows = []
        for row in range(self.contributorsTable.rowCount()):
            item = self.contributorsTable.item(row, 0)
            name = (item.text() if item else "").strip()
            rows.append((name, self.contributorsTable.cellWidget(row, 1).currentData()))
        return tuple(rows)

    def add_class_row(self, code: str, name: str, color: str | None, clcplus: int | None) -> int:
        table = self.classesTable
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(code))
        table.setItem(row, 1, QTableWidgetItem(name))
        button = QgsColorButton()
        button.setShowNoColor(True)
        if color:
            button.setColor(QColor(color))
        else:
            button.setToNoColor()
        table.setCellWidget(row, 2, button)
        combo = QComboBox()
        combo.addItem("—", None)
        for number, label in mf.clcplus_classes().items():
            combo.addItem(f"{number} · {label}", number)
        combo.setCurrentIndex(max(0, combo.findData(clcplus)) if clcplus is not None else 0)
        table.setCellWidget(row, 3, combo)
        return row

    def custom_classes(self) -> list[tuple[str, str, str | None, int | None]]:
        """The class table as (code, name, colour, CLC+ class) rows."""
        table, rows = self.classesTable, []
        for row in range(table.rowCount()):
            code, name = (
                table.item(row, c).text().strip() if table.item(row, c) else "" for c in (0, 1)
            )
            color = table.cellWidget(row, 2).color()
            clcplus = table.cellWidget(row, 3).currentData()
            rows.append(
                (code, name, color.name() if color.isValid() and color.alpha() else None, clcplus)
            )
        return rows

    def _remove_selected_rows(self, table) -> None:
        for row in sorted({i.row() for i in table.selectionModel().selectedRows()}, reverse=True):
            table.removeRow(row)

    # ------------------------------------------------------------------ nomenclature

    def _add_nomenclature(self, key: str, doc: dict, label: str, first: bool = False) -> None:
        self._docs[key] = doc
        index = self.nomenclatureCombo.findData(key)
        if index >= 0:
            self.nomenclatureCombo.setItemText(index, label)
        elif first:
            self.nomenclatureCombo.insertItem(0, label, key)
            self.nomenclatureCombo.setCurrentIndex(0)
        else:
            custom = self.nomenclatureCombo.findData(CUSTOM)
            self.nomenclatureCombo.insertItem(
                custom if custom >= 0 else self.nomenclatureCombo.count(), label, key
            )

    def select_nomenclature(self, key: str) -> None:
        self.nomenclatureCombo.setCurrentIndex(self.nomenclatureCombo.findData(key))

    def _nomenclature_changed(self) -> None:
        key = self.nomenclatureCombo.currentData()
        custom = key == CUSTOM
        if not custom and key in self._docs:
            self.classesTable.setRowCount(0)
            for c in self._docs[key].get("classes", []):
                self.add_class_row(c["code"], c["name"], c.get("color"), c.get("clcplus"))
        elif custom and not self.customNameEdit.text():
            self.customNameEdit.setText(tr("Custom classes"))
        triggers = QAbstractItemView.AllEditTriggers if custom else QAbstractItemView.NoEditTriggers
        self.classesTable.setEditTriggers(triggers)
        for row in range(self.classesTable.rowCount()):
            for column in (2, 3):  # read-only but legible: colours stay visible
                widget = self.classesTable.cellWidget(row, column)
                widget.setAttribute(Qt.WA_TransparentForMouseEvents, not custom)
                widget.setFocusPolicy(Qt.StrongFocus if custom else Qt.NoFocus)
        for widget in (
            self.addClassButton,
            self.removeClassButton,
            self.customNameEdit,
            self.customNameLabel,
        ):
            widget.setEnabled(custom)

    def nomenclature(self) -> dict:
        key = self.nomenclatureCombo.currentData()
        if key == CUSTOM:
            return custom_nomenclature(self.custom_classes(), self.customNameEdit.text().strip())
        return self._docs[key]

    def fetch_nomenclatures(self) -> QgsTask:
        """GET /api/v1/nomenclatures in a background task; results fill the combo."""
        from ..core.client import ApiClient

        client = ApiClient(settings.server_url(), timeout_s=int(settings.REQUEST_TIMEOUT_S.get()))

        def work(_task):  # worker thread: no widgets here
            return client.get_json("/api/v1/nomenclatures")

        task = QgsTask.fromFunction(
            tr("Fetching nomenclatures"),
            work,
            on_finished=self._nomenclatures_fetched,
        )
        self._fetch_task = task
        self.fetchButton.setEnabled(False)
        QgsApplication.taskManager().addTask(task)
        return task

    def _nomenclatures_fetched(self, exception: BaseException | None, result=None) -> None:
        if sip.isdeleted(self) or self._fetch_task is None:  # closed meanwhile
            return
        self._fetch_task = None
        self.fetchButton.setEnabled(True)
        if exception is not None:
            show_error(self.messageBar, exception)
        elif result is not None:
            self.apply_server_nomenclatures(result)

    def apply_server_nomenclatures(self, payload: dict) -> int:
        """Add the server's nomenclatures (``{"items": [...]}``) to the choices."""
        items = [i for i in payload.get("items", []) if isinstance(i, dict) and i.get("id")]
        for doc in items:
            label = tr("{name} (server)").format(name=doc.get("name", doc["id"]))
            self._add_nomenclature(f"server:{doc['id']}", doc, label)
        show_success(
            self.messageBar,
            tr("Nomenclatures"),
            tr("{n} fetched from the server").format(n=len(items)),
            duration=5,
        )
        return len(items)

    # ------------------------------------------------------------------ area

    def _area_layer_chosen(self) -> None:
        if self.areaLayerCombo.currentLayer() is not None:
            self.areaLayerRadio.setChecked(True)
        self._update_area_label()

    def area_source(self) -> tuple[QgsRectangle, QgsCoordinateReferenceSystem] | None:
        """The extent chosen for the area and its CRS; None to keep the pack's area."""
        if self.manifest is not None and self.areaKeepRadio.isChecked():
            return None
        if self.areaLayerRadio.isChecked():
            layer = self.areaLayerCombo.currentLayer()
            if layer is None:
                raise VtError(tr("Choose the layer whose extent is the pack area"))
            return layer.extent(), layer.crs()
        return self.canvas.extent(), self.canvas.mapSettings().destinationCrs()

    def area_wkt(self) -> str:
        source = self.area_source()
        if source is None:
            return mf.geojson_to_wkt(self.manifest["area"])
        return extent_polygon_wkt(*source)

    def _update_area_label(self) -> None:
        try:
            source = self.area_source()
            if source is None:
                text = tr("The area stays as it is in the pack.")
            else:
                box = to_wgs84(*source)
                text = tr("Longitude {x0:.5f} to {x1:.5f}, latitude {y0:.5f} to {y1:.5f}").format(
                    x0=box.xMinimum(), x1=box.xMaximum(), y0=box.yMinimum(), y1=box.yMaximum()
                )
        except VtError as err:
            text = err.message
        self.areaLabel.setText(text)

    # ------------------------------------------------------------------ result

    def target_path(self) -> str:
        path = self.fileWidget.filePath().strip()
        if not path:
            raise VtError(
                tr("Choose where to save the pack file"),
                [tr("Pack file: a new GeoPackage (.gpkg).")],
            )
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return os.path.abspath(path)

    def params(self) -> NewPackParams:
        """The frozen parameters the widgets describe; VtError when something is missing."""
        descriptor_set = self.descriptorCombo.currentData()
        crs = self.crsWidget.crs()
        return NewPackParams(
            title=self.titleEdit.text().strip(),
            theme=self.themeEdit.text().strip(),
            license=self.licenseCombo.currentText().strip(),
            method=self.methodCombo.currentData(),
            contributors=self.contributors(),
            observation_start=_date(self.startDate.date()),
            observation_end=_date(self.endDate.date()),
            positional_accuracy_m=float(self.accuracySpin.value()),
            area_wgs84_wkt=self.area_wkt(),
            nomenclature=self.nomenclature(),
            descriptor_set=descriptor_set if descriptor_set not in (NO_DESCRIPTORS, KEEP) else None,
            description=self.descriptionEdit.toPlainText().strip(),
            citation=self.citationEdit.text().strip(),
            crs=crs.authid() if crs.isValid() and crs.authid() else "EPSG:4326",
        )

    def accept(self) -> None:
        """Create or update the pack file; stays open (inputs kept) on any error."""
        self.messageBar.clearWidgets()
        self.clear_marks()
        try:
            if self.edit_path:
                self.save_manifest()
            else:
                self.create_pack()
        except Exception as err:  # noqa: BLE001 - VtError or bug, both shown; dialog stays
            self.mark_problems(getattr(err, "problems", None) or [])
            show_error(self.messageBar, err)
            return
        super().accept()

    def create_pack(self) -> QgsMapLayer:
        """Write the new pack file and add its plots layer to the project."""
        path = self.target_path()
        params = self.params()
        try:
            create_pack_file(path, params)
        except PackFileExists:
            if layers_of_file(path, self.project):
                raise VtError(
                    tr("This file is open in the project"),
                    [tr("Choose another file name, or remove its layers first."), path],
                ) from None
            question = tr("{path} exists. Replace it with an empty pack?").format(path=path)
            if not self.confirm(tr("Replace the file?"), question):
                raise VtError(tr("Choose another file name"), [path]) from None
            create_pack_file(path, params, overwrite=True)
        layer = open_plots_layer(path, params.title)
        self.project.addMapLayer(layer)
        self.created_layer = layer
        return layer

    def save_manifest(self) -> dict:
        params = self.params()
        keep = self.descriptorCombo.currentData() == KEEP
        manifest = mf.manifest_for_update(self.manifest, params, keep_descriptors=keep)
        update_manifest(self.edit_path, manifest)
        for layer in layers_of_file(self.edit_path, self.project):
            layer.loadDefaultStyle()  # the style and form are derived from the manifest
            layer.triggerRepaint()
        self.manifest = manifest
        return manifest

    # ------------------------------------------------------------------ inline marks

    def field_widgets(self, field: str | None) -> list[QWidget]:
        """The widgets showing a manifest member (``manifest.contributors[0].name`` ...)."""
        for prefix, names in FIELD_WIDGETS:
            if field and (field == prefix or field.startswith((prefix + ".", prefix + "["))):
                return [getattr(self, name) for name in names]
        return []

    def mark_problems(self, problems: list) -> list[QWidget]:
        """Outline the widgets the problems are about, with the reasons as tooltips."""
        reasons: dict[QWidget, list[str]] = {}
        for problem in problems:
            for widget in self.field_widgets(getattr(problem, "field", None)):
                reasons.setdefault(widget, []).append(problem.message)
        for widget, messages in reasons.items():
            self._tooltips.setdefault(widget, widget.toolTip())
            widget.setProperty("vtInvalid", True)
            widget.setStyleSheet(INVALID_STYLE.format(cls=type(widget).__name__))
            widget.setToolTip("\n".join(messages))
        marked = list(reasons)
        if marked:
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(marked[0]):
                    self.tabs.setCurrentIndex(index)
                    break
        return marked

    def clear_marks(self) -> None:
        for widget, tooltip in self._tooltips.items():
            widget.setProperty("vtInvalid", False)
            widget.setStyleSheet("")
            widget.setToolTip(tooltip)
        self._tooltips.clear()

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        answer = QMessageBox.question(
            self, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No
        )
        return answer == QMessageBox.Yes

    def done(self, result: int) -> None:
        task, self._fetch_task = self._fetch_task, None
        if task is not None and not sip.isdeleted(task):
            task.cancel()
        super().done(result)


def _date(qdate: QDate) -> datetime.date:
    return datetime.date(qdate.year(), qdate.month(), qdate.day())
