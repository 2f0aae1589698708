"""Plugin logic without widgets (pure Python on top of ``verite_core``).

The plugin zip carries a copy of ``verite_core`` in ``vendor/`` next to this package
(``make plugin``); it is put on ``sys.path`` here, before any core module imports it. A
development checkout finds ``verite_core`` on ``sys.path`` already.
"""

from __future__ import annotations

import os
import sys

_VENDOR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vendor")
if os.path.isdir(_VENDOR) and _VENDOR not in sys.path:
    sys.path.insert(0, _VENDOR)
