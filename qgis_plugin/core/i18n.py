"""Translation of user-facing text (one context for the whole plugin).

Strings are literals inside ``tr(...)`` so the translation tools can extract them;
variable parts go in ``{name}`` placeholders filled with ``.format()`` after translation.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "VeriteTerrain"


def tr(text: str) -> str:
    """The translation of ``text`` in the user's QGIS language (``text`` when none)."""
    return QCoreApplication.translate(CONTEXT, text)
