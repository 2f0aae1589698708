"""Access to the shared pack contract from inside QGIS.

The plugin zip carries a copy of ``verite_core`` next to this package (``make plugin``);
a development checkout finds it on ``sys.path`` instead.
"""

from __future__ import annotations

import os
import sys

_BUNDLED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vendor")
if os.path.isdir(_BUNDLED) and _BUNDLED not in sys.path:
    sys.path.insert(0, _BUNDLED)

from verite_core.pack import read_pack, validate_pack  # noqa: E402

__all__ = ["read_pack", "validate_pack", "check_pack_file"]


def check_pack_file(path: str) -> tuple[bool, list[str]]:
    """(publishable, messages) for a pack file, with the server's own rules."""
    from verite_core.pack import PackError, score_pack

    try:
        report = validate_pack(read_pack(path))
    except PackError as exc:
        return False, [str(p) for p in exc.problems]
    messages = [f"{p.severity}: {p}" for p in report.problems]
    if report.ok:
        quality = score_pack(report)
        messages.insert(
            0,
            f"Publishable. Offline quality estimate: {quality.score:.1f} (level {quality.level}).",
        )
    return report.ok, messages
