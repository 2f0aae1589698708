"""Background work as QgsTasks: publish a pack, search the catalogue, download a pack.

Each task takes a frozen params dataclass and an ``on_done(result)`` callback that runs in
the main thread with a Success object, ``TaskFailed`` or ``TaskCanceled``. ``run`` (worker
thread) never touches widgets nor lets an exception escape; errors are kept as attributes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from verite_core.pack import PackError, read_pack, validate_pack
from verite_core.pack.fileformat import GPKG_MAGIC

from .. import settings
from .cache import atomic_write_bytes, check_pack_id, pack_file_path, record_download
from .client import ApiClient
from .errors import AuthRefused, LocalValidationFailed, PackFileError, VtError
from .i18n import tr
from .pack_file import read_manifest
from .task_base import TaskCanceled, TaskFailed, VtTask, run_task_blocking

__all__ = [
    "UploadParams",
    "UploadSuccess",
    "UploadTask",
    "SearchParams",
    "SearchSuccess",
    "SearchTask",
    "DownloadParams",
    "DownloadSuccess",
    "DownloadTask",
    "TaskFailed",
    "TaskCanceled",
    "run_task_blocking",
    "consistent_copy",
    "bbox_parameter",
]


# --------------------------------------------------------------------------- upload


@dataclass(frozen=True)
class UploadParams:
    pack_path: str
    server_url: str
    token: str | None
    pack_id: str | None = None  # set: publish a new version of this pack


@dataclass(frozen=True)
class UploadSuccess:
    pack_id: str
    version: int
    created: bool  # False: the server already had this exact file
    quality_level: str
    quality_score: float
    page_url: str
    api_url: str


@contextlib.contextmanager
def consistent_copy(path: str) -> Iterator[str]:
    """The path of a file holding exactly what SQLite readers of ``path`` see.

    A GeoPackage in WAL mode keeps recent commits in ``-wal`` beside it: its bytes alone
    are stale. Then a snapshot is made with SQLite's backup API (read-only, ``path`` is
    never written); otherwise ``path`` itself is given.
    """
    wal = path + "-wal"
    if not (os.path.exists(wal) and os.path.getsize(wal) > 0):
        yield path
        return
    folder = tempfile.mkdtemp(prefix="vt-upload-")
    try:
        copy = os.path.join(folder, os.path.basename(path))
        source = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # a plain single file
        finally:
            target.close()
            source.close()
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class UploadTask(VtTask):
    """Checks the pack file with the shared contract, then publishes it; never writes it."""

    def __init__(self, params: UploadParams, on_done: Callable[[Any], None]):
        super().__init__(tr("Publishing {name}").format(name=Path(params.pack_path).name), on_done)
        self.params = params

    def work(self) -> UploadSuccess:
        p = self.params
        if not os.path.isfile(p.pack_path):
            raise PackFileError(tr("The pack file {path} does not exist").format(path=p.pack_path))
        with consistent_copy(p.pack_path) as sent:
            try:
                report = validate_pack(read_pack(sent))
            except PackError as exc:
                raise LocalValidationFailed(exc.problems) from None
            if not report.ok:
                raise LocalValidationFailed(report.problems)
            self._check_canceled()
            self.setProgress(15)
            if not p.token:
                detail = tr("No API token: add yours in the plugin settings")
                raise AuthRefused(401, {"code": "no-token", "detail": detail})
            path = "/api/v1/packs"
            if p.pack_id:
                path = f"/api/v1/packs/{quote(check_pack_id(p.pack_id))}/versions"
            client = ApiClient(p.server_url, p.token, self.timeout_s)
            response = client.post_file(path, sent, self.feedback, self._progress(15, 95))
        body = response.json()
        try:
            quality = body.get("quality") or {}
            return UploadSuccess(
                pack_id=str(body["id"]),
                version=int(body["version"]),
                created=bool(body.get("created", True)),
                quality_level=str(quality["level"]),
                quality_score=float(quality["score"]),
                page_url=str(body["links"]["html"]),
                api_url=str(body["links"]["self"]),
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            raise _unexpected_answer(body) from None


def _unexpected_answer(body: Any) -> VtError:
    return VtError(tr("The server's answer is not the one expected"), [str(body)[:300]])


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchParams:
    server_url: str
    bbox: tuple[float, float, float, float] | None  # lon/lat: min_x, min_y, max_x, max_y
    theme: str = ""
    class_code: str = ""
    clcplus: int | None = None
    min_quality: str = ""
    license: str = ""
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class SearchSuccess:
    items: tuple[dict, ...]
    total: int


def bbox_parameter(bbox: tuple[float, float, float, float]) -> str:
    """``"minx,miny,maxx,maxy"`` in lon/lat; VtError when it is not such a box."""
    try:
        minx, miny, maxx, maxy = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise VtError(tr("The search area must be four numbers")) from None
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise VtError(
            tr("The search area must be a longitude/latitude box with min <= max"),
            [str(tuple(bbox))],
        )
    return ",".join(repr(v) for v in (minx, miny, maxx, maxy))


class SearchTask(VtTask):
    """One page of the catalogue (latest version of each pack) matching the filters."""

    def __init__(self, params: SearchParams, on_done: Callable[[Any], None]):
        super().__init__(tr("Searching packs"), on_done)
        self.params = params

    def work(self) -> SearchSuccess:
        p = self.params
        query = {
            "bbox": bbox_parameter(p.bbox) if p.bbox is not None else None,
            "theme": p.theme,
            "class": p.class_code,
            "clcplus": p.clcplus,
            "min_quality": p.min_quality,
            "license": p.license,
            "page": p.page,
            "per_page": p.per_page,
        }
        client = ApiClient(p.server_url, None, self.timeout_s)
        body = client.get_json("/api/v1/packs", query, self.feedback)
        items = body.get("items") if isinstance(body, dict) else None
        total = body.get("total") if isinstance(body, dict) else None
        if not isinstance(items, list) or not isinstance(total, int):
            raise _unexpected_answer(body)
        return SearchSuccess(tuple(items), total)


# --------------------------------------------------------------------------- download


@dataclass(frozen=True)
class DownloadParams:
    server_url: str
    pack_id: str
    version: int | None = None  # None: the latest


@dataclass(frozen=True)
class DownloadSuccess:
    pack_id: str
    version: int
    path: str
    title: str


def _check_download(path: str) -> None:
    with open(path, "rb") as fh:
        if not fh.read(16).startswith(GPKG_MAGIC):
            raise VtError(tr("The server did not send a GeoPackage"))
    read_manifest(path)


class DownloadTask(VtTask):
    """Downloads a version (GeoPackage with style and form) into the cache, atomically."""

    def __init__(self, params: DownloadParams, on_done: Callable[[Any], None]):
        super().__init__(tr("Downloading pack {pack_id}").format(pack_id=params.pack_id), on_done)
        self.params = params
        self.cache_dir = settings.cache_dir()

    def work(self) -> DownloadSuccess:
        p = self.params
        pack_id = quote(check_pack_id(p.pack_id))
        client = ApiClient(p.server_url, None, self.timeout_s)
        detail = client.get_json(f"/api/v1/packs/{pack_id}", {"version": p.version}, self.feedback)
        try:
            version, title = int(detail["version"]), str(detail["title"])
        except (KeyError, TypeError, ValueError):
            raise _unexpected_answer(detail) from None
        self.setProgress(5)
        response = client.get(
            f"/api/v1/packs/{pack_id}/download",
            {"format": "gpkg", "version": version},
            self.feedback,
            self._progress(5, 95),
        )
        self._check_canceled()
        target = pack_file_path(p.pack_id, version, self.cache_dir)
        try:
            atomic_write_bytes(target, response.body, check=_check_download)
        except OSError as exc:
            raise PackFileError(
                tr("The pack could not be saved to {path}").format(path=target), [str(exc)]
            ) from None
        return DownloadSuccess(p.pack_id, version, target, title)

    def _finish(self, success: DownloadSuccess) -> DownloadSuccess:
        record_download(success)  # main thread: one writer of the index
        return success
