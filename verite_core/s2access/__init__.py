"""Sentinel-2 access: search STAC catalogs, build analysis-ready 10 m stacks, open local
SAFE and THEIA products. Contract: ``docs/dev/sentinel2-access-api.md``; user guide:
``docs/sentinel2.md``.

Pure Python (GDAL ``osgeo``, numpy; ``pystac-client`` only when searching), no Qt.

``search`` here is the *module* (``from verite_core.s2access.search import search`` for
the function): re-exporting the function would hide the module of the same name.
"""

from . import search
from .catalogs import PRESETS, Catalog, catalog, fetch_cdse_token
from .errors import (
    AuthenticationRefused,
    Canceled,
    CatalogUnavailable,
    DownloadInterrupted,
    NoSceneFound,
    ProductError,
    S2AccessError,
)
from .local import open_safe_as_stack, open_theia_as_stack
from .search import Scene, SearchQuery
from .stack import StackRequest, build_stack

__all__ = [
    "PRESETS",
    "AuthenticationRefused",
    "Canceled",
    "Catalog",
    "CatalogUnavailable",
    "DownloadInterrupted",
    "NoSceneFound",
    "ProductError",
    "S2AccessError",
    "Scene",
    "SearchQuery",
    "StackRequest",
    "build_stack",
    "catalog",
    "fetch_cdse_token",
    "open_safe_as_stack",
    "open_theia_as_stack",
    "search",
]
