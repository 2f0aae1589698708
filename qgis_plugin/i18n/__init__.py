"""The plugin's translations: the translator the plugin installs when QGIS runs in a
language we ship (``verite_terrain_<lang>.ts`` / ``.qm`` in this folder).

Strings are marked with ``core.i18n.tr("...")`` (one context for the whole plugin,
``VeriteTerrain``), ``QCoreApplication.translate("VeriteTerrain", "...")``, ``self.tr()``
in a QObject subclass (context: the class name), or in Designer ``.ui`` files.
``make translations`` extracts them with pylupdate5 (which files a bare ``tr("...")`` under
``@default``; the build script moves those into ``VeriteTerrain``) and compiles the ``.qm``.
"""

from __future__ import annotations

import os

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CATALOGUE = "verite_terrain"  # i18n/verite_terrain_<lang>.qm


def qgis_locale() -> str:
    """The locale of QGIS's interface, e.g. ``fr`` or ``fr_FR``: the user's override
    (Settings › Options › General, or ``qgis --lang``) or else the system locale."""
    settings = QgsSettings()
    locale = str(settings.value("locale/userLocale", "") or "")
    if not locale:
        locale = QgsApplication.locale() or QLocale.system().name()
    return locale


def install_translator(plugin_dir: str, locale: str | None = None) -> QTranslator | None:
    """Install the plugin's translator for the QGIS locale; None when no catalogue fits
    (English, or a language we do not ship). Keep the result and hand it to
    ``remove_translator`` on unload."""
    locale = (locale or qgis_locale()).replace("-", "_")
    if not locale or locale.split("_")[0] in {"en", "C"}:
        return None
    translator = QTranslator()
    # QTranslator.load tries verite_terrain_fr_FR.qm, then verite_terrain_fr.qm.
    if not translator.load(f"{CATALOGUE}_{locale}", os.path.join(plugin_dir, "i18n")):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
