"""The plugin object QGIS loads: menu entries, and nothing left behind on unload."""

from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QAction, QFileDialog

MENU = "&Vérité Terrain"


def tr(text: str) -> str:
    return QCoreApplication.translate("VeriteTerrain", text)


class VeriteTerrainPlugin:
    """Registers the plugin's actions; the work itself lives in ``core``."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.actions: list[QAction] = []

    def initGui(self) -> None:  # noqa: N802 - QGIS API
        action = QAction(tr("Check a pack file…"), self.iface.mainWindow())
        action.triggered.connect(self.check_pack_dialog)
        self.iface.addPluginToMenu(MENU, action)
        self.actions.append(action)

    def unload(self) -> None:
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
            action.deleteLater()
        self.actions.clear()

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
