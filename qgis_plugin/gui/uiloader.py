"""Designer forms from ``qgis_plugin/ui`` loaded at run time with ``loadUiType``."""

from __future__ import annotations

import os
from functools import cache

from qgis.PyQt.uic import loadUiType

UI_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ui")


@cache
def load_ui(name: str) -> tuple[type, type]:
    """(form class, Qt base class) of ``ui/<name>.ui``; parsed once per session."""
    return loadUiType(os.path.join(UI_DIR, f"{name}.ui"))
