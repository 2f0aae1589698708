"""HTTP API of accounts and tokens, mounted at /api/v1/auth."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify, request

from server.auth import service
from server.auth.models import ApiToken, User
from server.auth.permissions import login_required, require_role, require_user
from server.errors import NotFound, ValidationFailed, json_object, problem_item
from server.extensions import db

bp = Blueprint("auth", __name__, url_prefix="/api/v1/auth")


def _user_or_404(username: str) -> User:
    user = service.find_user(username)
    if user is None:
        raise NotFound(f"no user {username!r}", code="user-not-found")
    return user


def _token_response(token: ApiToken, secret: str, status: int) -> tuple[Response, int]:
    body: dict[str, Any] = {"token": secret, "token_type": "Bearer", **token.to_dict()}
    return jsonify(body), status


@bp.post("/register")
def register() -> tuple[Response, int]:
    """Create a contributor account: {username, password, email?, expertise?}."""
    data = json_object()
    problems = service.registration_problems(data)
    if problems:
        raise ValidationFailed(problems)
    user = service.create_user(
        data["username"],
        password=data["password"],
        email=data.get("email"),
        expertise=data.get("expertise", "volunteer"),
    )
    db.session.commit()
    return jsonify(user.to_dict(private=True)), 201


@bp.post("/login")
def login() -> tuple[Response, int]:
    """Exchange username + password for a new API token (shown once)."""
    data = json_object()
    user = service.authenticate(data.get("username"), data.get("password"))
    name = data.get("token_name") or "login"
    token, secret = service.issue_token(user, name=str(name)[:80])
    db.session.commit()
    return _token_response(token, secret, 200)


@bp.get("/me")
@login_required
def me() -> Response:
    """The caller's own account."""
    return jsonify(require_user().to_dict(private=True))


@bp.get("/tokens")
def list_tokens() -> Response:
    """The caller's tokens (never their secrets), newest first."""
    user = require_user()
    tokens = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    )
    return jsonify({"items": [t.to_dict() for t in tokens]})


@bp.post("/tokens")
def create_token() -> tuple[Response, int]:
    """Create a named token for the caller: {name?}; the secret is in this response only."""
    user = require_user()
    data = json_object()
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 80):
        raise ValidationFailed(
            [problem_item("invalid-name", "name: a string of at most 80 characters", field="name")]
        )
    token, secret = service.issue_token(user, name=name)
    db.session.commit()
    return _token_response(token, secret, 201)


@bp.delete("/tokens/<int:token_id>")
def revoke_token(token_id: int) -> tuple[str, int]:
    """Revoke one of the caller's tokens (admins: anyone's). 404 hides others' tokens."""
    user = require_user()
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != user.id and not user.has_role("admin")):
        raise NotFound(f"no token {token_id}", code="token-not-found")
    service.revoke_token(token)
    db.session.commit()
    return "", 204


@bp.post("/users/<username>/verify-expertise")
def verify_expertise(username: str) -> Response:
    """Reviewer/admin: mark a user's expertise verified, optionally setting {expertise}."""
    actor = require_user()
    require_role(actor, "reviewer", "admin")
    target = _user_or_404(username)
    service.check_can_verify(actor, target)
    data = json_object() if _has_body() else {}
    service.verify_expertise(target, actor, data.get("expertise"))
    db.session.commit()
    return jsonify(target.to_dict(private=actor.has_role("admin")))


@bp.patch("/users/<username>")
def update_user(username: str) -> Response:
    """Admin: change a user's {role}."""
    actor = require_role(require_user(), "admin")
    target = _user_or_404(username)
    data = json_object()
    if "role" not in data:
        raise ValidationFailed([problem_item("missing-field", "role is required", field="role")])
    service.set_role(target, data["role"])
    db.session.commit()
    return jsonify(target.to_dict(private=actor.has_role("admin")))


def _has_body() -> bool:
    return bool(request.content_length) or request.is_json
