"""Ground-truth packs: upload, versions, search, downloads, plots, reviews."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the packs API (/api/v1) and its CLI commands."""
    from server.packs import cli, routes

    app.register_blueprint(routes.bp)
    cli.register(app)
