"""Planetary Computer signed asset URLs.

Its blobs are readable with a SAS token appended to the href (``href?st=...&sig=...``).
Tokens come from ``{sas_url}/{collection}`` (``/api/sas/v1/token/sentinel-2-l2a``), last
about an hour and need no account. ``SasSigner`` caches one token per collection until
shortly before it expires; the fetcher is pluggable, so tests (or a proxy-aware QGIS
adapter) can supply their own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from .errors import AuthenticationRefused, CatalogUnavailable

#: collection id -> (token, expiry or None)
TokenFetcher = Callable[[str], tuple[str, dt.datetime | None]]
_MARGIN = dt.timedelta(minutes=5)


def http_token_fetcher(sas_url: str, timeout: float = 30.0) -> TokenFetcher:
    """A fetcher that asks ``{sas_url}/{collection}`` (the Planetary Computer answer:
    ``{"token": "...", "msft:expiry": "2024-06-12T11:46:19Z"}``)."""

    def fetch(collection: str) -> tuple[str, dt.datetime | None]:
        import requests

        url = f"{sas_url.rstrip('/')}/{collection}"
        try:
            response = requests.get(url, timeout=timeout)
        except requests.RequestException as exc:
            raise CatalogUnavailable(
                f"The token service {url} cannot be reached.", str(exc)
            ) from None
        if response.status_code in (401, 403):
            raise AuthenticationRefused(f"The token service {url} refused the request.")
        if not response.ok:
            raise CatalogUnavailable(
                f"The token service {url} answered HTTP {response.status_code}.",
                response.text[:500],
            )
        body = response.json()
        expiry = body.get("msft:expiry")
        when = dt.datetime.fromisoformat(expiry.replace("Z", "+00:00")) if expiry else None
        return str(body["token"]), when

    return fetch


class SasSigner:
    """Appends a collection's SAS token to hrefs; one token per collection, reused until
    five minutes before it expires."""

    def __init__(self, fetch: TokenFetcher) -> None:
        self._fetch = fetch
        self._tokens: dict[str, tuple[str, dt.datetime | None]] = {}
        self._lock = threading.Lock()

    def token(self, collection: str) -> str:
        with self._lock:
            cached = self._tokens.get(collection)
            now = dt.datetime.now(dt.UTC)
            if cached is None or (cached[1] is not None and cached[1] - _MARGIN <= now):
                cached = self._fetch(collection)
                self._tokens[collection] = cached
            return cached[0]

    def sign(self, href: str, collection: str) -> str:
        """The href with the token appended (unchanged when not HTTP or already signed)."""
        if not href.startswith(("http://", "https://")) or "sig=" in href:
            return href
        token = self.token(collection).lstrip("?")
        return f"{href}{'&' if '?' in href else '?'}{token}"
