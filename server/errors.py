"""Errors as RFC 9457 `application/problem+json`, raised as typed exceptions.

Routes raise a `ProblemError` subclass; `register(app)` renders it, and also renders
werkzeug HTTP errors (unknown route, 405, 413 ...) and unexpected exceptions the same
way, so clients only ever parse one error shape. Body members: `type` (`/problems/<code>`),
`code`, `title`, `status`, `detail`, `instance` and any `extra` fields.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from typing import Any

from flask import Flask, Request, Response, json, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"
# Headers worth keeping from werkzeug's own error responses.
_KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


class ProblemError(Exception):
    """Base of all API errors; subclasses set `status`, `code` and `title`."""

    status: int = 500
    code: str = "internal-error"
    title: str = "Internal Server Error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        if code is not None:
            self.code = code  # a more specific stable slug, e.g. "username-taken"
        self.headers = dict(headers or {})
        self.extra: dict[str, Any] = extra

    def to_dict(self) -> dict[str, Any]:
        """The problem document (without `instance`, added at render time)."""
        body: dict[str, Any] = {
            "type": f"/problems/{self.code}",
            "code": self.code,
            "title": self.title,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        body.update(self.extra)
        return body


class BadRequest(ProblemError):
    status, code, title = 400, "bad-request", "Bad Request"


class Unauthorized(ProblemError):
    status, code, title = 401, "unauthorized", "Unauthorized"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        super().__init__(detail, **kw)
        self.headers.setdefault("WWW-Authenticate", 'Bearer realm="verite-terrain"')


class Forbidden(ProblemError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(ProblemError):
    status, code, title = 404, "not-found", "Not Found"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "Conflict"


class PayloadTooLarge(ProblemError):
    status, code, title = 413, "payload-too-large", "Payload Too Large"


class UnsupportedMediaType(ProblemError):
    status, code, title = 415, "unsupported-media-type", "Unsupported Media Type"


class ValidationFailed(ProblemError):
    """422 with a `problems` list, see `problem_item` for one entry's shape."""

    status, code, title = 422, "validation-failed", "Validation Failed"

    def __init__(
        self, problems: list[dict[str, Any]], detail: str | None = None, **kw: Any
    ) -> None:
        errors = sum(1 for p in problems if p.get("severity", "error") == "error")
        super().__init__(detail or f"{errors} error(s) found", problems=problems, **kw)
        self.problems = problems


def problem_item(
    code: str,
    message: str,
    *,
    field: str | None = None,
    plot_id: str | None = None,
    severity: str = "error",
) -> dict[str, Any]:
    """One entry of `ValidationFailed.problems` (severity: error | warning | info)."""
    return {
        "code": code,
        "message": message,
        "field": field,
        "plot_id": plot_id,
        "severity": severity,
    }


def problem_response(
    body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> Response:
    """Render a problem document with the right media type."""
    body = dict(body)
    if "instance" not in body:
        try:
            body["instance"] = request.path
        except RuntimeError:  # no request context (e.g. rendering from a CLI)
            pass
    resp = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


class ApiRequest(Request):
    """Request whose JSON failures are problems instead of werkzeug HTML errors."""

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        if e is None:
            raise UnsupportedMediaType(
                "expected a JSON body with Content-Type: application/json",
                code="json-required",
            )
        raise BadRequest(f"malformed JSON body: {e}", code="malformed-json")


def json_object() -> dict[str, Any]:
    """The request body as a JSON object; 415 if not JSON, 400 if malformed or not an object."""
    data = request.get_json()
    if not isinstance(data, dict):
        raise BadRequest("the JSON body must be an object", code="json-object-required")
    return data


def uploaded_file(what: str = "the file", default_name: str = "file") -> tuple[bytes, str]:
    """The bytes and name of the multipart part 'file'; 415 if the body is not multipart,
    400 if the part is missing or empty."""
    if not request.content_type or not request.content_type.startswith("multipart/form-data"):
        raise UnsupportedMediaType(
            f"send {what} as multipart/form-data with a 'file' part", code="multipart-required"
        )
    upload = request.files.get("file")
    if upload is None:
        raise BadRequest("the multipart body has no 'file' part", code="file-missing", field="file")
    data = upload.read()
    if not data:
        raise BadRequest("the uploaded file is empty", code="file-empty", field="file")
    return data, upload.filename or default_name


def fingerprint(exc: BaseException) -> str:
    """Short stable id of an unexpected error: same bug, same fingerprint in the logs."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = "|".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.name}:{f.lineno}" for f in frames[-5:])
    return hashlib.sha1(f"{type(exc).__qualname__}|{where}".encode()).hexdigest()[:10]


# werkzeug names whose slug would differ from our own class for the same status.
_HTTP_CODES = {413: PayloadTooLarge.code}


def _http_code(exc: HTTPException) -> str:
    if exc.code in _HTTP_CODES:
        return _HTTP_CODES[exc.code]
    return (exc.name or "error").lower().replace(" ", "-").replace("'", "")


def register(app: Flask) -> None:
    """Install the problem+json error handlers and the JSON-aware request class."""
    app.request_class = ApiRequest

    @app.errorhandler(ProblemError)
    def _problem(exc: ProblemError) -> Response:
        return problem_response(exc.to_dict(), exc.status, exc.headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        if exc.response is not None:  # abort(response): already a full response
            return exc.response  # type: ignore[return-value]
        status = exc.code or 500
        body: dict[str, Any] = {
            "type": f"/problems/{_http_code(exc)}",
            "code": _http_code(exc),
            "title": exc.name,
            "status": status,
            "detail": exc.description,
        }
        if status == 413 and app.config.get("MAX_CONTENT_LENGTH"):
            body["max_bytes"] = app.config["MAX_CONTENT_LENGTH"]
        headers = {k: v for k, v in exc.get_headers() if k in _KEPT_HEADERS}
        return problem_response(body, status, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        fp = fingerprint(exc)
        log.error("unhandled error [%s] on %s %s", fp, request.method, request.path, exc_info=exc)
        body = {
            "type": "/problems/internal-error",
            "code": "internal-error",
            "title": "Internal Server Error",
            "status": 500,
            "detail": f"Unexpected server error; please report fingerprint {fp}.",
            "fingerprint": fp,
        }
        return problem_response(body, 500)
