"""The errors of Sentinel-2 access: one base class with a message for people.

Adapters (the QGIS dialog, Processing algorithms, training scripts) catch
``S2AccessError`` and show ``message``; ``details`` holds what GDAL or the server said,
for the log. Anything else escaping these modules is a bug.
"""

from __future__ import annotations


class S2AccessError(Exception):
    """A Sentinel-2 search or stack failure that the user can act on."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class CatalogUnavailable(S2AccessError):
    """The STAC API (or the asset server) cannot be reached or answers with an error."""


class AuthenticationRefused(S2AccessError):
    """The server refused the credentials: no token, a wrong or expired token or signature."""


class NoSceneFound(S2AccessError):
    """The search matched no scene (area, dates, cloud limit, level)."""


class DownloadInterrupted(S2AccessError):
    """Reading a remote raster failed, after the retries; nothing was written."""


class Canceled(S2AccessError):
    """The user canceled; nothing was written."""


class ProductError(S2AccessError):
    """A local product (SAFE, THEIA) is not what it should be: layout, missing bands, XML."""
