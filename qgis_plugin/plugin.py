"""The plugin object QGIS loads: the "Vérité Terrain" menu and toolbar, the docks, and
nothing left behind on unload.

Widgets and core modules are imported when first used, so loading QGIS stays fast.
"""

from __future__ import annotations

import os

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction, QFileDialog

from .core.i18n import tr

MENU = "&Vérité Terrain"
PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))


class VeriteTerrainPlugin:
    """Registers actions and docks; the work itself lives in ``gui`` and ``core``."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.actions: list[QAction] = []
        self.toolbar = None
        self.translator = None
        self.validation_dock = None
        self.browse_dock = None
        self.publisher = None
        self.processing_provider = None
        self.sealed_mapper = None
        self.s2_dialog = None

    # ------------------------------------------------------------------ lifecycle

    def initProcessing(self) -> None:  # noqa: N802 - QGIS API (also called by qgis_process)
        from .processing.provider import VeriteTerrainProvider

        if self.processing_provider is None:
            self.processing_provider = VeriteTerrainProvider()
            QgsApplication.processingRegistry().addProvider(self.processing_provider)

    def initGui(self) -> None:  # noqa: N802 - QGIS API
        from .i18n import install_translator

        self.translator = install_translator(PLUGIN_DIR)
        self.toolbar = self.iface.addToolBar(tr("Vérité Terrain"))
        self.toolbar.setObjectName("VeriteTerrainToolbar")
        self._add_action(
            "NewPack",
            tr("New pack…"),
            "/mActionNewGeoPackageLayer.svg",
            self.new_pack,
            toolbar=True,
        )
        self._add_action(
            "EditManifest",
            tr("Edit pack manifest…"),
            "/mActionPropertiesWidget.svg",
            self.edit_manifest,
        )
        self._add_action(
            "CheckPack",
            tr("Check pack"),
            "/algorithms/mAlgorithmCheckGeometry.svg",
            self.check_pack,
            toolbar=True,
        )
        self._add_action(
            "PublishPack",
            tr("Publish pack"),
            "/mActionSharingExport.svg",
            self.publish_active,
            toolbar=True,
        )
        self._add_action(
            "BrowsePacks",
            tr("Browse packs"),
            "/mActionAddOgrLayer.svg",
            self.show_browse_dock,
            toolbar=True,
        )
        self._add_action(
            "CheckPackFile",
            tr("Check a pack file…"),
            "/mActionFileOpen.svg",
            self.check_pack_dialog,
        )
        self._add_action(
            "MapSealed",
            tr("Map sealed surfaces…"),
            "/mActionAddRasterLayer.svg",
            self.map_sealed_surfaces,
        )
        self._add_action(
            "Sentinel2",
            tr("Get Sentinel-2 for this area…"),
            "/mActionAddXyzLayer.svg",
            self.open_sentinel2,
            toolbar=True,
        )
        self._add_action(
            "CheckModelDependencies",
            tr("Check model dependencies"),
            "/mActionShowPluginManager.svg",
            self.check_model_dependencies,
        )
        self._add_action("Settings", tr("Settings…"), "/mActionOptions.svg", self.open_settings)
        self.initProcessing()
        self.iface.currentLayerChanged.connect(self._current_layer_changed)

    def open_sentinel2(self) -> None:
        """The "Get Sentinel-2 for this area" dialog (one instance: its tasks outlive a hide)."""
        if self.s2_dialog is None:
            from .gui.s2_dialog import S2Dialog

            self.s2_dialog = S2Dialog(self.iface.mapCanvas(), self.iface.mainWindow())
        self.s2_dialog.show()
        self.s2_dialog.raise_()
        self.s2_dialog.activateWindow()

    def _add_action(self, name, text, icon, callback, toolbar: bool = False) -> QAction:
        action = QAction(QgsApplication.getThemeIcon(icon), text, self.iface.mainWindow())
        action.setObjectName(f"VeriteTerrain{name}")
        action.triggered.connect(callback)
        self.iface.addPluginToMenu(MENU, action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def unload(self) -> None:
        """Remove every action, the toolbar, the docks, temporary layers and the translator."""
        from .i18n import remove_translator

        try:
            self.iface.currentLayerChanged.disconnect(self._current_layer_changed)
        except TypeError:
            pass
        if self.publisher is not None:
            self.publisher.cancel_all()
            self.publisher = None
        if self.sealed_mapper is not None:
            self.sealed_mapper.cleanup()
            self.sealed_mapper = None
        if self.processing_provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.processing_provider)
            self.processing_provider = None
        for dock in (self.validation_dock, self.browse_dock):
            if dock is not None:
                dock.cleanup()
                self.iface.removeDockWidget(dock)
                dock.deleteLater()
        self.validation_dock = self.browse_dock = None
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        from .gui.layers import remove_temporary_layers

        if self.s2_dialog is not None:
            self.s2_dialog.cleanup()  # cancels tasks, gives the map tool back, removes footprints
            self.s2_dialog.close()
            self.s2_dialog.deleteLater()
            self.s2_dialog = None
        remove_temporary_layers()
        remove_translator(self.translator)
        _forget_vendored_modules()
        self.translator = None

    # ------------------------------------------------------------------ docks

    def _validation_dock(self):
        if self.validation_dock is None:
            from .gui.validation_dock import ValidationDock

            dock = ValidationDock(
                self.iface.mapCanvas(), self.iface.messageBar(), self.iface.mainWindow()
            )
            dock.publish_requested.connect(self.publish_layer)
            self.iface.addDockWidget(Qt.RightDockWidgetArea, dock)
            self.validation_dock = dock
        return self.validation_dock

    def _publisher(self):
        if self.publisher is None:
            from .gui.publish import Publisher

            self.publisher = Publisher(
                self.iface.messageBar(),
                self._show_validation_dock,
                parent=self.iface.mainWindow(),
                open_settings=self.open_settings,
            )
        return self.publisher

    def _show_validation_dock(self):
        dock = self._validation_dock()
        dock.show()
        dock.raise_()
        return dock

    def show_browse_dock(self) -> None:
        if self.browse_dock is None:
            from .gui.browse_dock import BrowseDock

            dock = BrowseDock(
                self.iface.mapCanvas(), self.iface.messageBar(), self.iface.mainWindow()
            )
            self.iface.addDockWidget(Qt.RightDockWidgetArea, dock)
            self.browse_dock = dock
        self.browse_dock.show()
        self.browse_dock.raise_()

    def _current_layer_changed(self, layer) -> None:
        """The validation dock follows the active layer when it is a pack layer."""
        if self.validation_dock is None or layer is None:
            return
        from .gui.layers import pack_path_of

        if pack_path_of(layer) is not None:
            self.validation_dock.set_layer(layer)

    # ------------------------------------------------------------------ actions

    def new_pack(self) -> None:
        from .gui.new_pack_dialog import NewPackDialog

        dialog = NewPackDialog(self.iface.mapCanvas(), self.iface.mainWindow())
        try:
            if dialog.exec_() and dialog.created_layer is not None:
                self.iface.setActiveLayer(dialog.created_layer)
                self.iface.messageBar().pushSuccess(
                    tr("Vérité Terrain"),
                    tr(
                        "Pack created: digitise plots in layer {name}, then check and publish."
                    ).format(name=dialog.created_layer.name()),
                )
        finally:
            dialog.deleteLater()

    def edit_manifest(self) -> None:
        """Edit the manifest of the active pack layer's file (or of a file chosen)."""
        from .gui.layers import pack_path_of

        path = pack_path_of(self.iface.activeLayer())
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.iface.mainWindow(), tr("Pack file"), "", tr("GeoPackage packs (*.gpkg)")
            )
        if not path:
            return
        from .gui.messages import show_error
        from .gui.new_pack_dialog import NewPackDialog

        try:
            dialog = NewPackDialog(self.iface.mapCanvas(), self.iface.mainWindow(), edit_path=path)
        except Exception as err:  # noqa: BLE001 - VtError (not a pack) or bug, both shown
            show_error(self.iface.messageBar(), err)
            return
        try:
            if dialog.exec_():
                self.iface.messageBar().pushSuccess(
                    tr("Vérité Terrain"), tr("Manifest saved in {path}").format(path=path)
                )
        finally:
            dialog.deleteLater()

    def check_pack(self) -> None:
        """Show the validation dock on the active layer, and check it when it is a pack."""
        dock = self._show_validation_dock()
        layer = self.iface.activeLayer()
        from .gui.layers import pack_path_of

        if pack_path_of(layer) is not None:
            dock.set_layer(layer)
        if dock.pack_path is not None:
            dock.check()

    def publish_active(self) -> None:
        layer = self.iface.activeLayer()
        if self.validation_dock is not None and self.validation_dock.layer is not None:
            from .gui.layers import pack_path_of

            if pack_path_of(layer) is None:
                layer = self.validation_dock.layer
        self.publish_layer(layer)

    def publish_layer(self, layer) -> None:
        self._publisher().publish(layer)

    def _sealed_mapper(self):
        if self.sealed_mapper is None:
            from .gui.inference_dialog import SealedSurfaceMapper

            self.sealed_mapper = SealedSurfaceMapper(self.iface)
        return self.sealed_mapper

    def map_sealed_surfaces(self) -> None:
        self._sealed_mapper().open_dialog()

    def check_model_dependencies(self) -> None:
        self._sealed_mapper().check_dependencies()

    def open_settings(self) -> None:
        from .gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.iface.mainWindow())
        try:
            dialog.exec_()
        finally:
            dialog.deleteLater()

    def check_pack_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.iface.mainWindow(), tr("Pack file"), "", tr("Packs (*.gpkg *.geojson *.json)")
        )
        if path:
            self.show_check(path)

    def show_check(self, path: str) -> bool:
        """Check a pack file offline and report in the message bar; returns publishable."""
        from .core.contract import check_pack_file

        ok, messages = check_pack_file(path)
        level = Qgis.Success if ok else Qgis.Critical
        title = tr("Pack is publishable") if ok else tr("Pack has problems")
        self.iface.messageBar().pushMessage(
            title, "; ".join(messages[:5]), level=level, duration=10
        )
        return ok


def _forget_vendored_modules() -> None:
    """Drop the vendored verite_core from sys.modules, so that reinstalling a newer zip
    without restarting QGIS imports the new contract (vendor/ stays on sys.path)."""
    import sys

    vendor = os.path.join(PLUGIN_DIR, "vendor") + os.sep
    for name in [m for m in sys.modules if m == "verite_core" or m.startswith("verite_core.")]:
        if (getattr(sys.modules[name], "__file__", None) or "").startswith(vendor):
            del sys.modules[name]
