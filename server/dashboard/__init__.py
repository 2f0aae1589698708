"""Sealed-surface dashboard: rasters per year, boundary layers, analyses, tiles, STAC items.

Settings (defaults below, override in config or VT_* env): DASHBOARD_MAX_AREA_KM2 and
DASHBOARD_MAX_VERTICES bound an analysed area, DASHBOARD_MAX_PAIRS the changes asked in one
analysis, DASHBOARD_TILE_MAX_AGE the seconds browsers may cache a tile.
"""

from __future__ import annotations

from flask import Flask

DEFAULTS = {
    "DASHBOARD_MAX_AREA_KM2": 50_000,
    "DASHBOARD_MAX_VERTICES": 100_000,
    "DASHBOARD_MAX_PAIRS": 20,
    "DASHBOARD_TILE_MAX_AGE": 86_400,
}


def register(app: Flask) -> None:
    """Attach the dashboard API (/api/v1/dashboard, /api/v1/packs/<id>/stac) and its CLI."""
    from server.dashboard import cli, models, routes  # noqa: F401  (models: complete metadata)

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(routes.bp)
    cli.register(app)
