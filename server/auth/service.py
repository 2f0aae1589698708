"""Account and token operations shared by the routes, the CLI and the tests.

Functions add to / flush `db.session` but never commit: the caller owns the transaction.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from typing import Any

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from server.auth.models import EXPERTISE_LEVELS, ROLES, ApiToken, User
from server.errors import Conflict, Forbidden, Unauthorized, ValidationFailed, problem_item
from server.extensions import db, utcnow

TOKEN_PREFIX = "vt_"
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,79}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 8


@functools.cache
def _dummy_hash() -> str:
    # Checked when the username is unknown, so both failures take about the same time.
    return generate_password_hash("not-a-real-password")


def hash_token(secret: str) -> str:
    """sha256 hex of a token secret: what `api_tokens.token_hash` stores."""
    return hashlib.sha256(secret.encode()).hexdigest()


def registration_problems(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Validation problems of a registration payload (empty list when valid)."""
    problems = []
    username = data.get("username")
    if not isinstance(username, str) or not USERNAME_RE.match(username):
        problems.append(
            problem_item(
                "invalid-username",
                "3-80 characters: letters, digits, '_', '.', '-', starting with a letter or digit",
                field="username",
            )
        )
    password = data.get("password")
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            problem_item(
                "password-too-short",
                f"the password needs at least {MIN_PASSWORD_LENGTH} characters",
                field="password",
            )
        )
    email = data.get("email")
    if email is not None and (not isinstance(email, str) or not EMAIL_RE.match(email)):
        problems.append(problem_item("invalid-email", "not an e-mail address", field="email"))
    expertise = data.get("expertise", "volunteer")
    if expertise not in EXPERTISE_LEVELS:
        problems.append(
            problem_item(
                "invalid-expertise",
                f"expertise must be one of {', '.join(EXPERTISE_LEVELS)}",
                field="expertise",
            )
        )
    return problems


def create_user(
    username: str,
    *,
    password: str | None = None,
    email: str | None = None,
    role: str = "contributor",
    expertise: str = "volunteer",
    expertise_verified: bool = False,
) -> User:
    """Create a user (409 `username-taken` / `email-taken`, 422 on a bad role/expertise).

    Without a password the user cannot log in but can use tokens made by an admin.
    """
    # Hash before touching the database: on SQLite the first query takes the write lock.
    password_hash = generate_password_hash(password) if password else None
    problems = []
    if not USERNAME_RE.match(username):
        problems.append(problem_item("invalid-username", "invalid username", field="username"))
    if role not in ROLES:
        problems.append(problem_item("invalid-role", f"role must be one of {ROLES}", field="role"))
    if expertise not in EXPERTISE_LEVELS:
        problems.append(
            problem_item("invalid-expertise", "unknown expertise level", field="expertise")
        )
    if problems:
        raise ValidationFailed(problems)
    if find_user(username) is not None:
        raise Conflict(f"username {username!r} is taken", code="username-taken")
    if email is not None and db.session.scalar(sa.select(User.id).where(User.email == email)):
        raise Conflict("this e-mail address is already registered", code="email-taken")
    user = User(
        username=username,
        email=email,
        password_hash=password_hash,
        role=role,
        expertise=expertise,
        expertise_verified=expertise_verified,
        created_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def find_user(username: str) -> User | None:
    """The user with this username, or None."""
    return db.session.scalar(sa.select(User).where(User.username == username))


def authenticate(username: str, password: str) -> User:
    """The user whose password matches, else 401 `invalid-credentials`."""
    user = find_user(username) if isinstance(username, str) else None
    stored = user.password_hash if user is not None else None
    ok = check_password_hash(stored or _dummy_hash(), password if isinstance(password, str) else "")
    if user is None or stored is None or not ok:
        raise Unauthorized("unknown username or wrong password", code="invalid-credentials")
    return user


def issue_token(user: User, name: str | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the secret (shown once, never stored)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        prefix=secret[:12],
        created_at=utcnow(),
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(token: ApiToken) -> None:
    """Mark a token revoked (kept for the audit trail)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def verify_expertise(user: User, by: User | None, level: str | None = None) -> User:
    """Mark the user's expertise as verified, optionally changing the level first."""
    if level is not None:
        if level not in EXPERTISE_LEVELS:
            raise ValidationFailed(
                [problem_item("invalid-expertise", "unknown expertise level", field="expertise")]
            )
        user.expertise = level
    user.expertise_verified = True
    user.expertise_verified_by = by
    return user


def set_role(user: User, role: str) -> User:
    """Change a user's role; refuses to demote the last admin (409 `last-admin`)."""
    if role not in ROLES:
        raise ValidationFailed(
            [problem_item("invalid-role", f"role must be one of {', '.join(ROLES)}", field="role")]
        )
    if user.role == "admin" and role != "admin":
        admins = db.session.scalar(sa.select(sa.func.count()).where(User.role == "admin"))
        if admins <= 1:
            raise Conflict("cannot demote the last admin", code="last-admin")
    user.role = role
    return user


def check_can_verify(actor: User, target: User) -> None:
    """Reviewers and admins verify expertise; only an admin may verify their own."""
    if not actor.has_role("reviewer", "admin"):
        raise Forbidden("only reviewers and admins verify expertise", code="role-required")
    if actor.id == target.id and not actor.has_role("admin"):
        raise Forbidden("you cannot verify your own expertise", code="self-verification")
