"""Sentinel-2 acquisitions related to a pack, from a STAC catalogue (optional domain).

When ``STAC_URL`` is configured, every newly published pack version is looked up in the
catalogue in a background thread (``lookup.py``): same area, dates around its observations,
low cloud. The few best acquisitions are stored (``pack_acquisitions``), served at
``GET /api/v1/packs/<id>/acquisitions`` and listed on the pack page. A catalogue that is
down, slow or refusing never blocks nor fails an upload: the lookup is time-boxed and its
failure is logged and recorded (``pack_acquisition_lookups``).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the acquisitions API, the after-publish lookup, the page helper and CLI."""
    from server.sentinel2 import cli, lookup, routes

    app.register_blueprint(routes.bp)
    lookup.install(app)
    routes.install_template_helper(app)
    cli.register(app)
