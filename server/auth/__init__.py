"""Accounts, roles and API tokens."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Mount /api/v1/auth and the token bookkeeping."""
    from server.auth import permissions
    from server.auth.routes import bp

    app.register_blueprint(bp)
    permissions.init_app(app)
