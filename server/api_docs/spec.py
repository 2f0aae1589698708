"""The OpenAPI 3.0.3 document of the whole HTTP API, built once per app.

The path modules describe every route by hand (`paths_auth`, `paths_packs`, `paths_ogc`
and the two documentation routes below); `build_spec` keeps only the operations the app
really serves, so an optional domain that is not installed is not advertised, and logs
any served route that nobody documented (tests/test_api_docs.py fails on those).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask

from server.api_docs.oas import operation, response
from server.api_docs.paths_auth import auth_paths
from server.api_docs.paths_ogc import ogc_paths
from server.api_docs.paths_packs import pack_paths, reference_paths
from server.api_docs.schemas import components
from server.dashboard.openapi import TAG as DASHBOARD_TAG
from server.dashboard.openapi import TAG_DESCRIPTION as DASHBOARD_TAG_DESCRIPTION
from server.dashboard.openapi import dashboard_paths
from server.sentinel2.api_docs import acquisition_paths

log = logging.getLogger(__name__)

OPENAPI_VERSION = "3.0.3"
API_VERSION = "1.0.0"
OPENAPI_MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"
DOCS_TAG = "Documentation"
#: Only these URL prefixes form the documented HTTP API (web pages and static files do not).
API_PREFIXES = ("/api", "/ogc")
_EXTENSION_KEY = "api_docs.spec"
_IGNORED_METHODS = {"HEAD", "OPTIONS"}
_RULE_ARG = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")

TAGS = [
    ("Accounts and tokens", "Registration, login and the bearer tokens every write needs."),
    (
        "Packs",
        "Publish, search and download ground-truth packs; every upload is a new immutable version.",
    ),
    ("Plots and reviews", "Plots of a pack version, and reviewers' verdicts on them."),
    (
        "Reference data",
        "The pack JSON Schema and the recommended nomenclatures and descriptor sets.",
    ),
    (
        "OGC API Features",
        "Every pack as an OGC API – Features collection (CRS84), for QGIS and GDAL.",
    ),
    (DASHBOARD_TAG, DASHBOARD_TAG_DESCRIPTION),
    (DOCS_TAG, "This description, as JSON and as a web page."),
]

DESCRIPTION = """\
Open ground truth for Sentinel-2 land cover: publish, find and download plot packs.

**Authentication.** Reads are public. Writes need an API token from
`POST /api/v1/auth/login`, sent as `Authorization: Bearer <token>`. A wrong, unknown or
revoked token is always refused (401), never treated as anonymous.

**Errors.** Every error is an RFC 9457 problem document (`application/problem+json`) with a
stable `code`; validation failures (422) list each finding in `problems`. An unexpected
error answers 500 with a `fingerprint` to quote in bug reports.

**Paging.** Lists take `page`/`per_page` (OGC items: `limit`/`offset`) and return
`next`/`prev` links.
"""


def openapi_path(rule: str) -> str:
    """Flask rule syntax to OpenAPI path syntax: `/packs/<int:id>` → `/packs/{id}`."""
    return _RULE_ARG.sub(r"{\1}", rule)


def served_operations(app: Flask) -> set[tuple[str, str]]:
    """(OpenAPI path, lower-case method) of every API route the app serves."""
    found = set()
    for rule in app.url_map.iter_rules():
        path = openapi_path(rule.rule)
        if rule.endpoint == "static" or not path.startswith(API_PREFIXES):
            continue
        for method in (rule.methods or set()) - _IGNORED_METHODS:
            found.add((path, method.lower()))
    return found


def docs_paths() -> dict[str, Any]:
    """The documentation routes of this package."""
    return {
        "/api/v1/openapi.json": {
            "get": operation(
                "getOpenApi",
                DOCS_TAG,
                "This API description (OpenAPI 3.0)",
                {"200": response("The OpenAPI document.", {"type": "object"}, OPENAPI_MEDIA_TYPE)},
            )
        },
        "/api/v1/docs": {
            "get": operation(
                "browseDocs",
                DOCS_TAG,
                "This API description as a web page",
                {
                    "200": response(
                        "An HTML page: operations by tag, with curl examples.",
                        {"type": "string"},
                        "text/html",
                    )
                },
            )
        },
    }


def all_paths(app: Flask) -> dict[str, dict[str, Any]]:
    """Every documented path, whether or not its domain is installed."""
    return {
        **auth_paths(),
        **pack_paths(int(app.config.get("PAGE_SIZE_MAX", 100))),
        **reference_paths(),
        **ogc_paths(),
        **dashboard_paths(),
        **acquisition_paths(),
        **docs_paths(),
    }


def build_spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of the operations `app` serves."""
    served = served_operations(app)
    paths: dict[str, dict[str, Any]] = {}
    for path, item in all_paths(app).items():
        operations = {method: op for method, op in item.items() if (path, method) in served}
        if operations:
            paths[path] = operations
    documented = {(path, method) for path, item in paths.items() for method in item}
    for path, method in sorted(served - documented):
        log.warning(
            "API route %s %s is not described in the OpenAPI document", method.upper(), path
        )
    used_tags = {op["tags"][0] for item in paths.values() for op in item.values()}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Vérité Terrain API",
            "version": API_VERSION,
            "description": DESCRIPTION,
            "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/en/"},
        },
        "servers": [{"url": "/", "description": "This server"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS if name in used_tags],
        "paths": paths,
        "components": components(),
    }


def get_spec(app: Flask) -> dict[str, Any]:
    """The app's document, built on first use (after every blueprint is registered)."""
    spec = app.extensions.get(_EXTENSION_KEY)
    if spec is None:
        spec = app.extensions[_EXTENSION_KEY] = build_spec(app)
    return spec
