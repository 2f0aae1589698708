"""Accounts, tokens and roles through the HTTP API and the CLI (both backends)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from server import migrate
from server.auth.models import ApiToken, User
from server.extensions import db

API = "/api/v1/auth"
PROBLEM = "application/problem+json"


def _register(client: FlaskClient, **overrides: Any) -> Any:
    body = {"username": "alice", "password": "correct horse", "email": "alice@example.org"}
    body.update(overrides)
    return client.post(f"{API}/register", json=body)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_register_login_and_me(client: FlaskClient) -> None:
    resp = _register(client, expertise="student")
    assert resp.status_code == 201
    assert resp.json["username"] == "alice"
    assert resp.json["role"] == "contributor"
    assert resp.json["expertise"] == "student"
    assert resp.json["expertise_verified"] is False
    assert "password_hash" not in resp.json

    resp = client.post(f"{API}/login", json={"username": "alice", "password": "correct horse"})
    assert resp.status_code == 200
    assert resp.json["token_type"] == "Bearer"
    token = resp.json["token"]
    assert token.startswith("vt_") and resp.json["prefix"] == token[:12]

    me = client.get(f"{API}/me", headers=_bearer(token))
    assert me.status_code == 200
    assert me.json["username"] == "alice"
    assert me.json["email"] == "alice@example.org"


def test_register_rejects_invalid_and_duplicate(client: FlaskClient) -> None:
    resp = _register(client, username="a b", password="short", expertise="wizard")
    assert resp.status_code == 422
    assert resp.mimetype == PROBLEM
    assert resp.json["type"] == "/problems/validation-failed"
    fields = {p["field"]: p["code"] for p in resp.json["problems"]}
    assert fields == {
        "username": "invalid-username",
        "password": "password-too-short",
        "expertise": "invalid-expertise",
    }
    assert all(p["severity"] == "error" and p["plot_id"] is None for p in resp.json["problems"])

    assert _register(client).status_code == 201
    dup = _register(client, email="other@example.org")
    assert dup.status_code == 409
    assert dup.json["code"] == "username-taken"
    dup_mail = _register(client, username="alice2")
    assert dup_mail.status_code == 409
    assert dup_mail.json["code"] == "email-taken"


def test_login_failures_are_401_problems(client: FlaskClient) -> None:
    _register(client)
    for body in (
        {"username": "alice", "password": "wrong password"},
        {"username": "nobody", "password": "correct horse"},
        {"username": "alice"},
    ):
        resp = client.post(f"{API}/login", json=body)
        assert resp.status_code == 401
        assert resp.mimetype == PROBLEM
        assert resp.json["code"] == "invalid-credentials"
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_and_bad_tokens(client: FlaskClient) -> None:
    resp = client.get(f"{API}/me")
    assert resp.status_code == 401
    assert resp.json["code"] == "authentication-required"
    resp = client.get(f"{API}/me", headers=_bearer("vt_not-a-token"))
    assert resp.status_code == 401
    assert resp.json["code"] == "invalid-token"
    resp = client.get(f"{API}/me", headers={"Authorization": "Basic YWxpY2U6eA=="})
    assert resp.status_code == 401
    assert resp.json["code"] == "invalid-authorization"


def test_named_tokens_list_and_revoke(client: FlaskClient, auth: Any, app: Flask) -> None:
    headers = auth.headers("alice")
    resp = client.post(f"{API}/tokens", json={"name": "qgis laptop"}, headers=headers)
    assert resp.status_code == 201
    new = resp.json
    assert new["name"] == "qgis laptop" and new["token"].startswith("vt_")
    assert client.get(f"{API}/me", headers=_bearer(new["token"])).status_code == 200

    listed = client.get(f"{API}/tokens", headers=headers).json["items"]
    assert [t["name"] for t in listed] == ["qgis laptop", "test"]
    assert all("token" not in t for t in listed)

    # Someone else cannot see or revoke it.
    other = auth.headers("mallory")
    assert client.delete(f"{API}/tokens/{new['id']}", headers=other).status_code == 404

    assert client.delete(f"{API}/tokens/{new['id']}", headers=headers).status_code == 204
    resp = client.get(f"{API}/me", headers=_bearer(new["token"]))
    assert resp.status_code == 401
    assert resp.mimetype == PROBLEM
    assert resp.json["code"] == "token-revoked"
    assert client.get(f"{API}/me", headers=headers).status_code == 200  # others still work

    with app.app_context():
        hashes = db.session.scalars(sa.select(ApiToken.token_hash)).all()
        assert new["token"] not in hashes and all(len(h) == 64 for h in hashes)


def test_last_used_at_is_recorded(client: FlaskClient, auth: Any, app: Flask) -> None:
    headers = auth.headers("alice")
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    with app.app_context():
        token = db.session.scalars(sa.select(ApiToken)).one()
        assert token.last_used_at is not None
        assert token.last_used_at >= token.created_at


def test_verify_expertise_requires_reviewer(client: FlaskClient, auth: Any) -> None:
    auth.user("carol", expertise="student")
    contributor = auth.headers("dave")
    resp = client.post(f"{API}/users/carol/verify-expertise", headers=contributor)
    assert resp.status_code == 403
    assert resp.mimetype == PROBLEM
    assert resp.json["code"] == "role-required"

    reviewer = auth.headers("rita", role="reviewer")
    resp = client.post(
        f"{API}/users/carol/verify-expertise", json={"expertise": "professional"}, headers=reviewer
    )
    assert resp.status_code == 200
    assert resp.json["expertise_verified"] is True
    assert resp.json["expertise"] == "professional"

    assert client.post(f"{API}/users/rita/verify-expertise", headers=reviewer).status_code == 403
    assert client.post(f"{API}/users/nobody/verify-expertise", headers=reviewer).status_code == 404
    bad = client.post(
        f"{API}/users/carol/verify-expertise", json={"expertise": "guru"}, headers=reviewer
    )
    assert bad.status_code == 422


def test_role_change_is_admin_only(client: FlaskClient, auth: Any, app: Flask) -> None:
    auth.user("bob")
    reviewer = auth.headers("rita", role="reviewer")
    admin = auth.headers("root", role="admin")
    assert (
        client.patch(f"{API}/users/bob", json={"role": "reviewer"}, headers=reviewer).status_code
        == 403
    )
    assert client.patch(f"{API}/users/bob", json={"role": "reviewer"}).status_code == 401

    resp = client.patch(f"{API}/users/bob", json={"role": "reviewer"}, headers=admin)
    assert resp.status_code == 200 and resp.json["role"] == "reviewer"
    assert client.patch(f"{API}/users/bob", json={"role": "king"}, headers=admin).status_code == 422
    last = client.patch(f"{API}/users/root", json={"role": "contributor"}, headers=admin)
    assert last.status_code == 409 and last.json["code"] == "last-admin"
    with app.app_context():
        assert db.session.scalar(sa.select(User.role).where(User.username == "bob")) == "reviewer"


def test_cli_users_and_tokens(runner: FlaskCliRunner, client: FlaskClient, app: Flask) -> None:
    result = runner.invoke(
        args=[
            "users",
            "create",
            "erin",
            "--role",
            "reviewer",
            "--expertise",
            "expert",
            "--password",
            "long enough",
            "--email",
            "erin@example.org",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "created user erin" in result.output

    dup = runner.invoke(args=["users", "create", "erin"])
    assert dup.exit_code != 0 and "username-taken" in dup.output

    result = runner.invoke(args=["users", "verify", "erin"])
    assert result.exit_code == 0, result.output

    result = runner.invoke(args=["tokens", "create", "erin", "--name", "script"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    me = client.get(f"{API}/me", headers=_bearer(secret)).json
    assert me["username"] == "erin" and me["role"] == "reviewer" and me["expertise_verified"]

    login = client.post(f"{API}/login", json={"username": "erin", "password": "long enough"})
    assert login.status_code == 200

    assert runner.invoke(args=["tokens", "create", "ghost"]).exit_code != 0
    assert runner.invoke(args=["users", "set-role", "erin", "admin"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(sa.select(User.role).where(User.username == "erin")) == "admin"


def test_cli_db_commands(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0 and result.output.strip() == f"{migrate.head_revision()} (head)"
    assert runner.invoke(args=["demo", "--help"]).exit_code == 0
