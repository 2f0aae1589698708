"""Paths of `server.auth.routes` (/api/v1/auth): accounts, login and API tokens."""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import (
    integer,
    json_body,
    operation,
    path_param,
    ref,
    response,
)

TAG = "Accounts and tokens"
PREFIX = "/api/v1/auth"

_USERNAME = path_param("username", "The account's username.", example="alice")


def _user(description: str) -> dict[str, Any]:
    return {"200": response(description, ref("User"))}


def auth_paths() -> dict[str, Any]:
    token_created = response(
        "The new token; its secret is in this response only.",
        ref("Token"),
        example={
            "token": "vt_3fQx8aZkq1V5d0mK2yWc8bNnR7sTuLpE9hGjA4oXiY",
            "token_type": "Bearer",
            "id": 7,
            "name": "qgis",
            "prefix": "vt_3fQx8aZk",
            "created_at": "2025-05-01T10:00:00+00:00",
            "last_used_at": None,
            "revoked_at": None,
        },
    )
    return {
        f"{PREFIX}/register": {
            "post": operation(
                "register",
                TAG,
                "Create a contributor account",
                {"201": response("The account (with its e-mail).", ref("User"))},
                description="Open registration: the account gets the `contributor` role; the declared "
                "expertise counts fully once a reviewer verifies it.",
                body=json_body(
                    ref("RegisterRequest"),
                    {
                        "username": "alice",
                        "password": "correct horse",
                        "email": "alice@example.org",
                        "expertise": "professional",
                    },
                ),
                errors=(409, 422),
            )
        },
        f"{PREFIX}/login": {
            "post": operation(
                "login",
                TAG,
                "Log in: exchange username and password for a new API token",
                {"200": token_created},
                body=json_body(
                    ref("LoginRequest"),
                    {"username": "alice", "password": "correct horse", "token_name": "qgis"},
                ),
                errors=(401,),
            )
        },
        f"{PREFIX}/me": {
            "get": operation(
                "getMe", TAG, "The caller's own account", _user("The account."), secured=True
            )
        },
        f"{PREFIX}/tokens": {
            "get": operation(
                "listTokens",
                TAG,
                "List the caller's tokens (without secrets), newest first",
                {"200": response("The tokens, revoked ones included.", ref("TokenList"))},
                secured=True,
            ),
            "post": operation(
                "createToken",
                TAG,
                "Create a named token for the caller",
                {"201": token_created},
                body=json_body(ref("TokenRequest"), {"name": "training-laptop"}),
                errors=(422,),
                secured=True,
            ),
        },
        f"{PREFIX}/tokens/{{token_id}}": {
            "delete": operation(
                "revokeToken",
                TAG,
                "Revoke a token",
                {"204": response("Revoked (kept for the audit trail).")},
                description="Users revoke their own tokens, admins anyone's; another user's token "
                "answers 404, not 403, so that token ids are not disclosed.",
                parameters=[path_param("token_id", "The token's id.", integer(), example=7)],
                errors=(404,),
                secured=True,
            )
        },
        f"{PREFIX}/users/{{username}}/verify-expertise": {
            "post": operation(
                "verifyExpertise",
                TAG,
                "Verify a user's declared expertise (reviewers and admins)",
                _user("The updated account (e-mail shown to admins only)."),
                description="Marks the expertise verified, optionally changing its level first. "
                "Only an admin may verify their own expertise. The JSON body is optional.",
                parameters=[_USERNAME],
                body=json_body(
                    ref("VerifyExpertiseRequest"), {"expertise": "expert"}, required=False
                ),
                errors=(403, 404, 422),
                secured=True,
            )
        },
        f"{PREFIX}/users/{{username}}": {
            "patch": operation(
                "updateUser",
                TAG,
                "Change a user's role (admins)",
                _user("The updated account."),
                description="Refuses to demote the last admin (409 `last-admin`).",
                parameters=[_USERNAME],
                body=json_body(ref("UserUpdateRequest"), {"role": "reviewer"}),
                errors=(403, 404, 409, 422),
                secured=True,
            )
        },
    }
