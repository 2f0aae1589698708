"""Server-rendered HTML pages: the pack catalog, one page per pack, the contributor page
and the imperviousness dashboard, in French and English.

Jinja2 templates (autoescaped) in `templates/web/`, a plain stylesheet in `static/`, and
the maps and charts bundled from `frontend/` (npm: Leaflet, Chart.js) into `static/dist/`
at set-up time (`make frontend`). Every page reads without JavaScript; the scripts add the
maps, charts and the dashboard's interactivity, all from this server (no CDN).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the `web` blueprint (`/`, `/packs/<public_id>`, `/contribute`, `/dashboard`)."""
    from server.web import contribute, dashboard  # noqa: F401  (they add their views to bp)
    from server.web.routes import bp

    app.register_blueprint(bp)
