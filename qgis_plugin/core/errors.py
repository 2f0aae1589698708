"""One exception base for the plugin: a user message, details, and a message-bar level.

Everything the plugin shows to users as an error is a ``VtError``; anything else reaching
the display function is a bug and is shown as such (see ``gui/messages.py``).
"""

from __future__ import annotations

import json
import traceback
from typing import Any

from .i18n import tr


class VtError(Exception):
    """Base of user-facing errors: ``message`` (one line), ``details`` (list of lines)."""

    level = "critical"  # message-bar level: info | warning | critical
    retryable = False

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])


class NetworkError(VtError):
    """The server could not be reached (connection refused, DNS, TLS, timeout)."""

    retryable = True


class ServerProblem(VtError):
    """The server answered with an ``application/problem+json`` error."""

    retryable = False

    def __init__(self, status: int, body: dict[str, Any]):
        self.status = status
        self.body = body
        self.code = str(body.get("code") or "")
        self.problems: list[dict[str, Any]] = list(body.get("problems") or [])
        title = body.get("detail") or body.get("title") or f"HTTP {status}"
        details = [_problem_line(p) for p in self.problems]
        super().__init__(f"{title} (HTTP {status}, {self.code})" if self.code else title, details)

    def failing_plot_ids(self) -> list[str]:
        """Plot ids named by blocking problems, in order, without repeats."""
        seen: dict[str, None] = {}
        for p in self.problems:
            if p.get("plot_id") and p.get("severity", "error") == "error":
                seen.setdefault(str(p["plot_id"]), None)
        return list(seen)


class AuthRefused(ServerProblem):
    """401/403: missing, wrong or revoked token, or not allowed."""


class ServerError(ServerProblem):
    """5xx: the server failed; retrying later may help."""

    retryable = True


class LocalValidationFailed(VtError):
    """The pack does not pass the shared contract's checks; nothing was sent."""

    def __init__(self, problems: list[Any]):
        self.problems = problems
        errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
        super().__init__(
            tr("{count} problem(s) must be fixed before publishing").format(count=len(errors)),
            [str(p) for p in errors],
        )

    def failing_plot_ids(self) -> list[str]:
        """Plot ids named by blocking problems (same meaning as ``ServerProblem``'s)."""
        seen: dict[str, None] = {}
        for p in self.problems:
            pid = getattr(p, "plot_id", None)
            if pid and getattr(p, "severity", "error") == "error":
                seen.setdefault(str(pid), None)
        return list(seen)


class InvalidManifest(VtError):
    """A pack description (manifest or nomenclature) breaks the pack contract.

    ``problems`` are ``verite_core`` Problems; their ``field`` names the manifest member
    (``manifest.title``, ``manifest.nomenclature.classes[2].code``) for the form to mark.
    """

    level = "warning"

    def __init__(self, message: str, problems: list[Any]):
        self.problems = list(problems)
        super().__init__(message, [str(p) for p in self.problems])


class PackFileError(VtError):
    """A pack file is missing, unreadable, not a pack, or cannot be written."""


class PackFileExists(PackFileError):
    """Creating a pack would replace an existing file (ask, then pass ``overwrite=True``)."""

    level = "warning"


class Canceled(VtError):
    level = "info"


class UnexpectedError(VtError):
    """A bug of ours caught in a worker thread; ``cause`` is the original exception."""

    def __init__(self, cause: BaseException):
        self.cause = cause
        lines = traceback.format_exception(type(cause), cause, cause.__traceback__)
        super().__init__(
            tr("Unexpected error, please report it: {error}").format(
                error=f"{type(cause).__name__}: {cause}"
            ),
            "".join(lines).splitlines(),
        )


def _problem_line(p: dict[str, Any]) -> str:
    where = ", ".join(
        x for x in (f"plot {p['plot_id']}" if p.get("plot_id") else "", p.get("field") or "") if x
    )
    return f"[{where}] {p.get('message', '')}" if where else str(p.get("message", ""))


def from_reply(status: int, content_type: str, body: bytes) -> VtError:
    """The typed error for an HTTP error answer (problem+json or not)."""
    data: dict[str, Any] = {}
    if "json" in (content_type or ""):
        try:
            parsed = json.loads(body.decode("utf-8", "replace"))
            data = parsed if isinstance(parsed, dict) else {}
        except ValueError:
            data = {}
    if not data:
        data = {"title": f"HTTP {status}", "detail": body[:200].decode("utf-8", "replace")}
    if status in (401, 403):
        return AuthRefused(status, data)
    if status >= 500:
        return ServerError(status, data)
    return ServerProblem(status, data)
