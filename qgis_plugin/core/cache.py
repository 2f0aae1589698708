"""Downloaded packs: ``<cache_dir>/<pack_id>/v<version>.gpkg`` and a JSON index of them.

The index lives in the cache folder (``index.json``) and is always replaced atomically;
it is written from the main thread only (tasks record downloads in ``finished``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import settings
from .errors import VtError
from .i18n import tr

if TYPE_CHECKING:
    from .tasks import DownloadSuccess

INDEX_NAME = "index.json"
_PACK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def atomic_write_bytes(
    path: str, data: bytes, check: Callable[[str], object] | None = None
) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it.

    ``check(temporary_path)`` may raise to refuse the content before ``path`` changes.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".vt-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def check_pack_id(pack_id: str) -> str:
    """The id, if it is one the server gives (it becomes a folder name: no paths)."""
    if not isinstance(pack_id, str) or not _PACK_ID.match(pack_id):
        raise VtError(tr("{pack_id} is not a valid pack id").format(pack_id=pack_id))
    return pack_id


def pack_file_path(pack_id: str, version: int, cache_dir: str | None = None) -> str:
    """Where a downloaded version lives: ``<cache_dir>/<pack_id>/v<version>.gpkg``."""
    check_pack_id(pack_id)
    return os.path.join(cache_dir or settings.cache_dir(), pack_id, f"v{int(version)}.gpkg")


def _index_path() -> str:
    return os.path.join(settings.cache_dir(), INDEX_NAME)


def _entries() -> list[dict[str, Any]]:
    try:
        with open(_index_path(), encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return []  # no index yet, or a damaged one: it is only a cache
    entries = doc.get("entries") if isinstance(doc, dict) else None
    return [
        e
        for e in entries or []
        if isinstance(e, dict)
        and isinstance(e.get("pack_id"), str)
        and isinstance(e.get("version"), int)
    ]


def cached_packs() -> list[dict]:
    """Downloaded versions still on disk: ``[{pack_id, version, path, title}]``."""
    found = [
        {k: e.get(k) for k in ("pack_id", "version", "path", "title")}
        for e in _entries()
        if isinstance(e.get("path"), str) and os.path.isfile(e["path"])
    ]
    return sorted(found, key=lambda e: (e["pack_id"], e["version"]))


def cached_version(pack_id: str) -> int | None:
    """The newest downloaded version of a pack still on disk, or None."""
    versions = [e["version"] for e in cached_packs() if e["pack_id"] == pack_id]
    return max(versions) if versions else None


def cached_pack_for_path(path: str) -> dict | None:
    """The index entry of a downloaded file (e.g. the source of a layer), or None."""
    wanted = os.path.normcase(os.path.abspath(path))
    for entry in cached_packs():
        if os.path.normcase(os.path.abspath(entry["path"])) == wanted:
            return entry
    return None


def record_download(result: DownloadSuccess) -> None:
    """Add (or refresh) a downloaded version in the index."""
    entries = [
        e for e in _entries() if (e["pack_id"], e["version"]) != (result.pack_id, result.version)
    ]
    entries.append(
        {
            "pack_id": result.pack_id,
            "version": result.version,
            "path": os.path.abspath(result.path),
            "title": result.title,
        }
    )
    doc = {"format": 1, "entries": entries}
    try:
        atomic_write_bytes(_index_path(), json.dumps(doc, ensure_ascii=False, indent=1).encode())
    except OSError as exc:
        raise VtError(tr("The download cache index could not be written"), [str(exc)]) from None


def newer_version(pack_id: str, server_latest: int) -> bool:
    """Whether the server has a newer version than the newest one downloaded."""
    cached = cached_version(pack_id)
    return cached is not None and server_latest > cached
