"""HTTP client of the server's API, through QgsNetworkAccessManager (QGIS proxy and SSL
settings apply). Blocking calls meant for QgsTask workers; no widgets here."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from qgis.core import QgsBlockingNetworkRequest, QgsFeedback
from qgis.PyQt.QtCore import QByteArray, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from .cancel_watch import cancel_watch
from .errors import Canceled, NetworkError, VtError, from_reply
from .i18n import tr

#: Called with (bytes done, bytes total) while a request sends or receives data.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise VtError(
                tr("The server's answer is not valid JSON"), [self.body[:200].decode("latin-1")]
            ) from None


class ApiClient:
    """Calls ``{base_url}/api/v1/...``; raises typed ``VtError``s for every failure."""

    def __init__(self, base_url: str, token: str | None = None, timeout_s: int = 120):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_ms = timeout_s * 1000

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return f"{self.base_url}{path}" + (f"?{urlencode(query)}" if query else "")

    def _request(self, url: str, content_type: str | None = None) -> QNetworkRequest:
        request = QNetworkRequest(QUrl(url))
        request.setRawHeader(b"Accept", b"application/json, application/problem+json, */*")
        request.setRawHeader(b"User-Agent", b"verite-terrain-qgis")
        if self.token:
            request.setRawHeader(b"Authorization", f"Bearer {self.token}".encode())
        if content_type:
            request.setHeader(QNetworkRequest.ContentTypeHeader, content_type)
        if hasattr(request, "setTransferTimeout"):  # Qt >= 5.15
            request.setTransferTimeout(self.timeout_ms)
        return request

    @staticmethod
    def _blocking(progress: Progress | None) -> QgsBlockingNetworkRequest:
        blocking = QgsBlockingNetworkRequest()
        if progress is not None:
            blocking.downloadProgress.connect(progress)
            if hasattr(blocking, "uploadProgress"):  # QGIS >= 3.22
                blocking.uploadProgress.connect(progress)
        return blocking

    @staticmethod
    def _check_canceled(feedback: QgsFeedback | None) -> None:
        if feedback is not None and feedback.isCanceled():
            raise Canceled(tr("Canceled"))

    def _finish(
        self, blocking: QgsBlockingNetworkRequest, code: int, feedback: QgsFeedback | None
    ) -> Response:
        self._check_canceled(feedback)
        reply = blocking.reply()
        status = reply.attribute(QNetworkRequest.HttpStatusCodeAttribute) or 0
        headers = {
            bytes(k).decode().lower(): bytes(reply.rawHeader(k)).decode()
            for k in reply.rawHeaderList()
        }
        body = bytes(reply.content())
        if status == 0 or (code == QgsBlockingNetworkRequest.NetworkError and not status):
            raise NetworkError(
                tr("The server {url} cannot be reached").format(url=self.base_url),
                [
                    blocking.errorMessage() or tr("no answer"),
                    tr("Check the server URL, your connection and proxy settings."),
                ],
            )
        if status >= 400:
            raise from_reply(int(status), headers.get("content-type", ""), body)
        return Response(int(status), headers.get("content-type", ""), body, headers)

    def get(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        feedback: QgsFeedback | None = None,
        progress: Progress | None = None,
    ) -> Response:
        blocking = self._blocking(progress)
        with cancel_watch(feedback, blocking):
            code = blocking.get(self._request(self.url(path, params)), True, feedback)
        return self._finish(blocking, code, feedback)

    def get_json(
        self, path: str, params: dict[str, Any] | None = None, feedback: QgsFeedback | None = None
    ) -> Any:
        return self.get(path, params, feedback).json()

    def post_json(
        self, path: str, payload: dict[str, Any], feedback: QgsFeedback | None = None
    ) -> Any:
        blocking = QgsBlockingNetworkRequest()
        data = QByteArray(json.dumps(payload).encode())
        request = self._request(self.url(path), "application/json")
        with cancel_watch(feedback, blocking):
            code = blocking.post(request, data, True, feedback)
        return self._finish(blocking, code, feedback).json()

    def post_file(
        self,
        path: str,
        file_path: str,
        feedback: QgsFeedback | None = None,
        progress: Progress | None = None,
    ) -> Response:
        """POST a file as multipart/form-data part 'file' (the file is only read)."""
        boundary = f"vt-{uuid.uuid4().hex}"
        with open(file_path, "rb") as fh:
            content = fh.read()
        name = os.path.basename(file_path).replace('"', "")
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        body = head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
        blocking = self._blocking(progress)
        request = self._request(self.url(path), f"multipart/form-data; boundary={boundary}")
        with cancel_watch(feedback, blocking):
            code = blocking.post(request, QByteArray(body), True, feedback)
        return self._finish(blocking, code, feedback)

    def download(
        self,
        path: str,
        params: dict[str, Any],
        target: str,
        feedback: QgsFeedback | None = None,
        progress: Progress | None = None,
    ) -> Response:
        """GET into ``target`` atomically (a temporary file renamed at the end)."""
        response = self.get(path, params, feedback, progress)
        folder = os.path.dirname(os.path.abspath(target))
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".download-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(response.body)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return response


__all__ = ["ApiClient", "Response", "QNetworkReply"]
