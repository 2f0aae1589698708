"""Alembic migrations, driven from Python (`upgrade(app)`) or `flask --app server db ...`.

The migration scripts live in server/migrations; no alembic.ini is needed: the
configuration is built here and the app's engine connection is handed to env.py.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from geoalchemy2 import alembic_helpers

from server.extensions import db

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any constant works; it only has to be the same for every process migrating this DB.
_PG_MIGRATION_LOCK = 7_265_117
# SpatiaLite's own tables, beyond those geoalchemy2 already leaves out of autogenerate.
_SPATIALITE_TABLES = frozenset(
    {"SpatialIndex", "KNN", "KNN2", "ElementaryGeometries", "data_licenses", "sql_statements_log"}
)


def include_object(obj, name, obj_type, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
    """Autogenerate filter: ignore the spatial extensions' internal tables."""
    if obj_type == "table" and name in _SPATIALITE_TABLES:
        return False
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)


def alembic_config() -> Config:
    """Alembic configuration pointing at server/migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str | None:
    """The newest revision of the migration scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(app: Flask, revision: str = "head") -> None:
    """Migrate the app's database to `revision` in one transaction; idempotent.

    Concurrent callers are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory
    lock), so several processes starting on a fresh database are safe.
    """
    _run(app, lambda cfg: command.upgrade(cfg, revision))


def downgrade(app: Flask, revision: str) -> None:
    """Migrate the app's database down to `revision` ("base" drops everything)."""
    _run(app, lambda cfg: command.downgrade(cfg, revision))


def current_revision(app: Flask) -> str | None:
    """The revision the app's database is at, None if never migrated."""
    with app.app_context(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(app: Flask, action) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config()
    with app.app_context(), db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        action(cfg)
