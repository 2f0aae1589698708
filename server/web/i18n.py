"""French and English for the HTML pages: language choice, message lookup, number format.

The language comes from `?lang=fr|en` (remembered in a cookie), else the cookie, else the
browser's Accept-Language, else English. Messages are keyed by their English text (as
with gettext): `t("Catalog")` is the English text itself, or its French translation from
`messages_fr.FR`. A test checks that every `t("...")` of the templates has a French entry,
so a changed English sentence cannot silently fall back to English on French pages.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, request

from server.web.messages_fr import FR

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
COOKIE = "vt_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "fr": FR}
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def requested_language() -> str | None:
    """The language asked for with `?lang=`, if it is one we have."""
    value = request.args.get("lang", "")
    return value if value in LANGUAGES else None


def select_language() -> str:
    """The page language for this request (see the module docstring)."""
    chosen = requested_language()
    if chosen:
        return chosen
    cookie = request.cookies.get(COOKIE, "")
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def current_language() -> str:
    if "web_lang" not in g:
        g.web_lang = select_language()
    return g.web_lang


def translate(text: str, **values: Any) -> str:
    """`text` in the page language, with `{name}` placeholders filled from `values`."""
    message = CATALOGUES[current_language()].get(text, text)
    return message.format(**values) if values else message


def format_number(value: float | int | None, digits: int = 0) -> str:
    """A number with `digits` decimals, grouped and punctuated for the page language."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    if current_language() == "fr":
        # 1,234.5 -> 1 234,5 (narrow no-break space between thousands, comma for decimals)
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def remember_language(resp: Response) -> Response:
    """Store an explicit `?lang=` choice; tell caches the page depends on the language."""
    chosen = requested_language()
    if chosen and request.cookies.get(COOKIE) != chosen:
        resp.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    if resp.mimetype == "text/html":
        resp.vary.add("Accept-Language")
        resp.vary.add("Cookie")
    return resp
