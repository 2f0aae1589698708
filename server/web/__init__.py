"""Server-rendered HTML pages: the pack catalog and one page per pack.

Jinja2 templates (autoescaped) in `templates/web/`, a plain stylesheet in `static/`.
No JavaScript yet: a `<div id="map">` marks where a map library will go; until then the
pack page draws its area and plots as a small inline SVG.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the `web` blueprint (`/` and `/packs/<public_id>`)."""
    from server.web.routes import bp

    app.register_blueprint(bp)
