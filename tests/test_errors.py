"""Every error is application/problem+json, including werkzeug's and unexpected ones."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from server import create_app
from server.errors import Conflict, ValidationFailed, problem_item

PROBLEM = "application/problem+json"


def _assert_problem(resp, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert resp.status_code == status
    assert resp.mimetype == PROBLEM
    body = resp.get_json(force=True)
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/problems/{code}"
    assert body["title"]
    return body


def test_unknown_route_is_404_problem(client: FlaskClient) -> None:
    body = _assert_problem(client.get("/api/v1/nothing-here"), 404, "not-found")
    assert body["instance"] == "/api/v1/nothing-here"


def test_wrong_method_is_405_problem_with_allow(client: FlaskClient) -> None:
    resp = client.get("/api/v1/auth/login")
    _assert_problem(resp, 405, "method-not-allowed")
    assert "POST" in resp.headers["Allow"]


def test_oversize_body_is_413_problem(make_app: Callable[..., Flask]) -> None:
    app = make_app(MAX_CONTENT_LENGTH=1024)
    resp = app.test_client().post(
        "/api/v1/auth/register",
        data=b'{"username": "' + b"x" * 4096 + b'"}',
        content_type="application/json",
    )
    body = _assert_problem(resp, 413, "payload-too-large")
    assert body["max_bytes"] == 1024


def test_config_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("VT_MAX_UPLOAD_MB", "2")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "env-instance")})
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env-instance/verite.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@127.0.0.1:1/x")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "env-instance")})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u@127.0.0.1:1/x"


def test_malformed_and_non_json_bodies(client: FlaskClient) -> None:
    resp = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    _assert_problem(resp, 400, "malformed-json")
    resp = client.post("/api/v1/auth/login", data="username=a", content_type="text/plain")
    _assert_problem(resp, 415, "json-required")
    resp = client.post("/api/v1/auth/login", json=["a", "list"])
    _assert_problem(resp, 400, "json-object-required")


def test_unexpected_exception_is_500_with_fingerprint(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app()

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals /etc/passwd")

    with caplog.at_level(logging.ERROR, logger="server.errors"):
        resp = app.test_client().get("/boom")
    body = _assert_problem(resp, 500, "internal-error")
    fp = body["fingerprint"]
    assert len(fp) == 10 and fp in body["detail"]
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text and "secret internals" not in text and "RuntimeError" not in text
    assert any(fp in r.getMessage() and r.exc_info for r in caplog.records)
    # The same bug gives the same fingerprint.
    assert app.test_client().get("/boom").get_json(force=True)["fingerprint"] == fp


def test_typed_problems_carry_extra_members(make_app: Callable[..., Flask]) -> None:
    app = make_app()

    @app.get("/conflict")
    def conflict() -> str:
        raise Conflict("version exists", code="version-exists", existing_version=3)

    @app.get("/invalid")
    def invalid() -> str:
        raise ValidationFailed(
            [
                problem_item("area-too-small", "plot below 900 m²", field="geom", plot_id="p7"),
                problem_item("no-date", "missing date", severity="warning"),
            ]
        )

    client = app.test_client()
    body = _assert_problem(client.get("/conflict"), 409, "version-exists")
    assert body["existing_version"] == 3 and body["detail"] == "version exists"
    body = _assert_problem(client.get("/invalid"), 422, "validation-failed")
    assert body["problems"][0] == {
        "code": "area-too-small",
        "message": "plot below 900 m²",
        "field": "geom",
        "plot_id": "p7",
        "severity": "error",
    }
    assert body["detail"] == "1 error(s) found"
