"""Who is calling, and may they? Helpers for every domain's routes.

- `current_user()`: the user of the `Authorization: Bearer <token>` header, or None when
  there is no header; a wrong, unknown or revoked token is a 401 (never silently anonymous).
- `require_user()`: same, but 401 when anonymous.
- `require_role(user, *roles)`: 403 unless the user has one of the roles.
- `login_required` / `role_required(*roles)`: decorator forms.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Flask, g, request

from server.auth.models import ApiToken, User
from server.auth.service import hash_token
from server.errors import Forbidden, Unauthorized
from server.extensions import db, utcnow

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
_UNSET = object()
# last_used_at is informative; writing it on every request would cost a write per read.
TOUCH_INTERVAL = timedelta(minutes=1)


def current_user() -> User | None:
    """The authenticated user, None if no Authorization header; 401 on a bad token."""
    cached = g.get("_vt_user", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    header = request.headers.get("Authorization")
    if not header:
        g._vt_user = None
        return None
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise Unauthorized("use 'Authorization: Bearer <token>'", code="invalid-authorization")
    row = db.session.execute(
        sa.select(ApiToken, User)
        .join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(secret))
    ).first()
    if row is None:
        raise Unauthorized("unknown API token", code="invalid-token")
    token, user = row
    if token.revoked_at is not None:
        raise Unauthorized("this API token has been revoked", code="token-revoked")
    if token.last_used_at is None or utcnow() - token.last_used_at > TOUCH_INTERVAL:
        g._vt_touch_token_id = token.id
    g._vt_user = user
    g._vt_token_id = token.id
    return user


def current_token_id() -> int | None:
    """Id of the API token used by this request (after `current_user()`), or None."""
    current_user()
    return g.get("_vt_token_id")


def require_user() -> User:
    """The authenticated user, or 401 `authentication-required`."""
    user = current_user()
    if user is None:
        raise Unauthorized("this endpoint needs an API token", code="authentication-required")
    return user


def require_role(user: User, *roles: str) -> User:
    """Return `user` if their role is one of `roles`, else 403 `role-required`."""
    if not user.has_role(*roles):
        raise Forbidden(
            f"requires role {' or '.join(roles)}", code="role-required", roles=list(roles)
        )
    return user


def login_required(view: F) -> F:
    """Decorator: 401 unless the request carries a valid token."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        require_user()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[F], F]:
    """Decorator: 401 if anonymous, 403 unless the user has one of `roles`."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_role(require_user(), *roles)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _touch_token(_exc: BaseException | None) -> None:
    """Record last_used_at after the request, in its own short transaction.

    The request's session is closed first: on SQLite a second connection writing while
    this thread's session still holds the write lock would wait on itself.
    """
    token_id = g.pop("_vt_touch_token_id", None)
    if token_id is None:
        return
    try:
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow())
            )
    except Exception:  # informative only: never turn a served request into an error
        log.warning("could not update last_used_at of token %s", token_id, exc_info=True)


def init_app(app: Flask) -> None:
    """Install the after-request token bookkeeping."""
    app.teardown_appcontext(_touch_token)
