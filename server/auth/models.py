"""Users and API tokens (tables `users`, `api_tokens`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import UTCDateTime, db, utcnow

ROLES = ("contributor", "reviewer", "admin")
EXPERTISE_LEVELS = ("expert", "professional", "student", "volunteer")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


class User(db.Model):
    """A person who contributes packs, reviews plots or administers the server."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(f"role IN {_in(ROLES)}", name="role"),
        sa.CheckConstraint(f"expertise IN {_in(EXPERTISE_LEVELS)}", name="expertise"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(
        sa.String(16), default="contributor", server_default="contributor"
    )
    expertise: Mapped[str] = mapped_column(
        sa.String(16), default="volunteer", server_default="volunteer"
    )
    expertise_verified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    expertise_verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_plots: Mapped[int] = mapped_column(default=0, server_default="0")
    confirmed_plots: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=sa.func.now()
    )

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    expertise_verified_by: Mapped[User | None] = relationship(remote_side=[id])

    def has_role(self, *roles: str) -> bool:
        """True if the user's role is one of `roles`."""
        return self.role in roles

    def to_dict(self, *, private: bool = False) -> dict[str, Any]:
        """Public JSON view; `private` adds the e-mail (for the user or an admin)."""
        data: dict[str, Any] = {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "expertise": self.expertise,
            "expertise_verified": self.expertise_verified,
            "reviewed_plots": self.reviewed_plots,
            "confirmed_plots": self.confirmed_plots,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }
        if private:
            data["email"] = self.email
        return data

    def __repr__(self) -> str:
        return f"<User {self.username!r} {self.role}>"


class ApiToken(db.Model):
    """A bearer token; only the sha256 of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(sa.String(80))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=sa.func.now()
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        """JSON view without the secret (which is never stored)."""
        return {
            "id": self.id,
            "name": self.name,
            "prefix": self.prefix,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }
