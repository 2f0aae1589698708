"""API documentation: the OpenAPI 3.0 document and a browsable page built from it.

- GET /api/v1/openapi.json (`api_docs.openapi`): the document, also the OGC landing
  page's `service-desc`.
- GET /api/v1/docs (`api_docs.browse`): a self-contained HTML page (no CDN, no script).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for

from server.api_docs.render import docs_model
from server.api_docs.spec import OPENAPI_MEDIA_TYPE, get_spec

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1", template_folder="templates")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI document (cached per app)."""
    body = current_app.json.dumps(get_spec(current_app), sort_keys=False)
    resp = Response(body, content_type=OPENAPI_MEDIA_TYPE)
    resp.add_etag()
    return resp.make_conditional(request)


@bp.get("/docs")
def browse() -> str:
    """The document as a web page: operations by tag, schemas, curl examples."""
    model = docs_model(get_spec(current_app), request.url_root)
    return render_template("api_docs/browse.html", openapi_url=url_for("api_docs.openapi"), **model)


def register(app: Flask) -> None:
    """Mount the documentation routes under /api/v1."""
    app.register_blueprint(bp)
