"""The Processing provider ``verite_terrain`` ("Vérité Terrain")."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.i18n import tr
from .common import ICON_PATH
from .sealed_change import SealedChange
from .sealed_share import SealedShare
from .segment_sealed import SegmentSealed

PROVIDER_ID = "verite_terrain"


class VeriteTerrainProvider(QgsProcessingProvider):
    """Registered by the plugin (``initProcessing``); algorithms are created on load."""

    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return "Vérité Terrain"

    def longName(self) -> str:  # noqa: N802 - QGIS API
        return tr("Vérité Terrain: sealed surfaces from Sentinel-2")

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def svgIconPath(self) -> str:  # noqa: N802 - QGIS API
        return ICON_PATH

    def loadAlgorithms(self) -> None:  # noqa: N802 - QGIS API
        from .s2_algorithms import s2_algorithms  # group "Sentinel-2"

        for algorithm in (SegmentSealed(), SealedShare(), SealedChange(), *s2_algorithms()):
            self.addAlgorithm(algorithm)

    def supportedOutputRasterLayerExtensions(self) -> list[str]:  # noqa: N802 - QGIS API
        return ["tif"]
