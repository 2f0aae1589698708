"""OGC API – Features (Part 1: Core, GeoJSON) for published packs, under /ogc.

Every pack is a collection (its latest version); items are its plots in CRS84. QGIS's
OAPIF provider, GDAL's OAPIF driver and any conformant client can open them.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from server.ogc.routes import bp

    app.register_blueprint(bp)
