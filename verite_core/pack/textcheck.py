"""Free-text checks: packs are redistributed and shown on web pages, so text fields must
not carry markup or injection payloads (they are escaped anyway; refusing them early tells
the contributor what is wrong instead of publishing garbage)."""

from __future__ import annotations

import re

from .problems import Problem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:|&#x?[0-9a-f]+;", re.IGNORECASE)
_SQL = re.compile(
    r"""(?:['";]\s*(?:drop|delete|insert|update|alter|truncate|exec(?:ute)?)\s+\w"""
    r"""|\bunion\s+(?:all\s+)?select\b"""
    r"""|'\s*or\s+'?\w+'?\s*=\s*'?\w+"""
    r"""|;\s*--)""",
    re.IGNORECASE,
)


def text_problems(value: str, field: str, plot_id: str | None = None) -> list[Problem]:
    """Problems with one free-text value (control characters, HTML, SQL injection)."""
    out = []
    if _CONTROL.search(value):
        out.append(Problem("text.control_chars", "contains control characters", field, plot_id))
    if _HTML.search(value):
        out.append(Problem("text.html", "contains HTML markup; use plain text", field, plot_id))
    if _SQL.search(value):
        out.append(
            Problem(
                "text.sql", "looks like an SQL injection attempt; use plain text", field, plot_id
            )
        )
    return out
