"""Access to the shared pack contract from inside QGIS.

The vendored copy of ``verite_core`` in the plugin zip is put on ``sys.path`` by this
package's ``__init__``; a development checkout finds it on ``sys.path`` instead.
"""

from __future__ import annotations

from verite_core.pack import PackError, read_pack, score_pack, validate_pack

from .i18n import tr

__all__ = ["read_pack", "validate_pack", "check_pack_file"]


def check_pack_file(path: str) -> tuple[bool, list[str]]:
    """(publishable, messages) for a pack file, with the server's own rules."""
    try:
        report = validate_pack(read_pack(path))
    except PackError as exc:
        return False, [str(p) for p in exc.problems]
    messages = [f"{p.severity}: {p}" for p in report.problems]
    if report.ok:
        quality = score_pack(report)
        messages.insert(
            0,
            tr("Publishable. Offline quality estimate: {score} (level {level}).").format(
                score=f"{quality.score:.1f}", level=quality.level
            ),
        )
    return report.ok, messages
