"""The OpenAPI document and the docs page: valid, complete, and true to the real responses.

These routes never touch the database, so the app here is not migrated (no PostGIS run).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from server import create_app
from server.api_docs.spec import get_spec, openapi_path

METHODS = {"get", "post", "put", "patch", "delete"}
ITEMS = "/ogc/collections/{collection_id}/items"


@pytest.fixture
def docs_app(tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "t.sqlite"),
            "INSTANCE_PATH": str(tmp_path),
        }
    )


@pytest.fixture
def docs_client(docs_app: Flask) -> FlaskClient:
    return docs_app.test_client()


@pytest.fixture
def spec(docs_client: FlaskClient) -> dict[str, Any]:
    resp = docs_client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    assert resp.mimetype == "application/vnd.oai.openapi+json"
    return resp.get_json()


def api_operations(app: Flask) -> set[tuple[str, str]]:
    """(OpenAPI path, method) of every /api and /ogc route, straight from the url_map."""
    found = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule)
        if rule.endpoint != "static" and path.startswith(("/api", "/ogc")):
            found |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        for i, part in enumerate(node["$ref"].removeprefix("#/").split("/")):
            node = (spec if i == 0 else node)[part]
    return node


def check_body(spec: dict[str, Any], resp: Any, schema_name: str) -> None:
    """Validate a real response body against a documented component schema."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    OAS30Validator(schema).validate(resp.get_json())


def test_document_is_valid_openapi_303(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"] == "3.0.3"
    assert spec["servers"] == [{"url": "/", "description": "This server"}]
    bearer = spec["components"]["securitySchemes"]["bearerAuth"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")


def test_every_api_route_is_documented(docs_app: Flask, spec: dict[str, Any]) -> None:
    served = api_operations(docs_app)
    documented = {(p, m) for p, item in spec["paths"].items() for m in item if m in METHODS}
    assert ("/api/v1/packs", "get") in served and (ITEMS, "get") in served  # domains loaded
    assert served - documented == set(), "routes missing from the OpenAPI document"
    assert documented - served == set(), "documented operations the app does not serve"
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_openapi_path_converts_flask_rules() -> None:
    assert openapi_path("/api/v1/auth/tokens/<int:token_id>") == "/api/v1/auth/tokens/{token_id}"
    assert openapi_path("/a/<x>/b/<path:y>") == "/a/{x}/b/{y}"


def test_ogc_items_limit_is_what_qgis_reads(spec: dict[str, Any]) -> None:
    expected = {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}
    params = [resolve(spec, p) for p in spec["paths"][ITEMS]["get"]["parameters"]]
    limit = next(p for p in params if p["name"] == "limit")
    assert (limit["in"], limit["schema"]) == ("query", expected)
    # QGIS's OAPIF provider takes the maximum and default from components/parameters/limit.
    assert spec["components"]["parameters"]["limit"]["schema"] == expected
    assert {p["name"] for p in params} == {"collection_id", "bbox", "limit", "offset"}


def test_pack_search_parameters(spec: dict[str, Any]) -> None:
    names = [p["name"] for p in spec["paths"]["/api/v1/packs"]["get"]["parameters"]]
    assert names == [
        "bbox", "theme", "class", "clcplus", "eagle", "min_quality", "license", "contributor",
        "observed_from", "observed_to", "q", "page", "per_page",
    ]  # fmt: skip


def test_upload_is_multipart_with_file_and_needs_a_token(spec: dict[str, Any]) -> None:
    for path in ("/api/v1/packs", "/api/v1/packs/{public_id}/versions"):
        op = spec["paths"][path]["post"]
        assert op["security"] == [{"bearerAuth": []}]
        media = op["requestBody"]["content"]["multipart/form-data"]
        assert media["schema"]["required"] == ["file"]
        assert "/api/v1/schema/pack" in op["requestBody"]["description"]
        assert {"201", "401", "413", "415", "422"} <= set(op["responses"])


def test_errors_are_problem_json(spec: dict[str, Any]) -> None:
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(problem)
    item = spec["components"]["schemas"]["ProblemItem"]["properties"]
    assert set(item) == {"code", "message", "field", "plot_id", "other_plot_id", "severity"}
    seen = set()
    for item in spec["paths"].values():
        for op in item.values():
            for status, resp in op["responses"].items():
                if status.startswith("4"):
                    seen.add(status)
                    schema = resolve(spec, resp)["content"]["application/problem+json"]["schema"]
                    wanted = "ValidationProblems" if status == "422" else "Problem"
                    assert schema == {"$ref": f"#/components/schemas/{wanted}"}
    assert seen == {"400", "401", "403", "404", "409", "413", "415", "422"}


def test_real_responses_match_their_schemas(docs_client: FlaskClient, spec: dict[str, Any]) -> None:
    check_body(spec, docs_client.get("/api/v1/nomenclatures"), "NomenclatureList")
    check_body(spec, docs_client.get("/api/v1/nomenclatures/clcplus-backbone"), "Nomenclature")
    check_body(spec, docs_client.get("/api/v1/descriptor-sets"), "DescriptorSetList")
    check_body(spec, docs_client.get("/ogc/conformance"), "ConformanceDeclaration")
    missing = docs_client.get("/api/v1/nomenclatures/nope")
    assert (missing.status_code, missing.mimetype) == (404, "application/problem+json")
    check_body(spec, missing, "Problem")
    anonymous = docs_client.get("/api/v1/auth/me")
    assert anonymous.status_code == 401 and "WWW-Authenticate" in anonymous.headers
    check_body(spec, anonymous, "Problem")
    invalid = docs_client.post("/api/v1/auth/register", json={"username": "x", "password": "short"})
    assert invalid.status_code == 422
    check_body(spec, invalid, "ValidationProblems")


def test_ogc_landing_links_to_the_document(docs_client: FlaskClient, spec: dict[str, Any]) -> None:
    landing = docs_client.get("/ogc")
    check_body(spec, landing, "LandingPage")
    links = {link["rel"]: link["href"] for link in landing.get_json()["links"]}
    assert links["service-desc"].endswith("/api/v1/openapi.json")
    assert links["service-doc"].endswith("/api/v1/docs")


def test_document_is_cached_per_app(docs_app: Flask, tmp_path: Path) -> None:
    assert get_spec(docs_app) is get_spec(docs_app)
    other = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "other.sqlite"),
            "INSTANCE_PATH": str(tmp_path / "other"),
            "PAGE_SIZE_MAX": 50,
        }
    )
    per_page = get_spec(other)["paths"]["/api/v1/packs"]["get"]["parameters"][-1]
    assert per_page["schema"]["maximum"] == 50
    assert get_spec(other) is not get_spec(docs_app)


def test_docs_page_renders_every_operation(docs_client: FlaskClient, spec: dict[str, Any]) -> None:
    resp = docs_client.get("/api/v1/docs")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    page = resp.get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>" in page and '<th scope="col">' in page
    for path, item in spec["paths"].items():
        assert f"<code>{path}</code>" in page
        for op in item.values():
            assert f'id="op-{op["operationId"]}"' in page
    for tag in spec["tags"]:
        assert f">{tag['name']}</h2>" in page
    assert page.count("<pre><code>curl") == sum(len(item) for item in spec["paths"].values())
    assert (
        "curl -X POST \\\n  -H &#34;Authorization: Bearer $TOKEN&#34; \\\n  -F &#39;file=@pack.gpkg&#39;"
        in page
    )
    # Self-contained: no script, no external stylesheet or font.
    assert "<script" not in page and "<link" not in page
    assert 'href="#schema-PackDetail"' in page and 'id="schema-PackDetail"' in page
