"""Alembic environment: the app's metadata and connection (see server/migrate.py).

Run through `server.migrate.upgrade(app)` or `flask --app server db upgrade`. Used
directly by the `alembic` command (e.g. `alembic revision --autogenerate`), it builds the
app from the environment (DATABASE_URL) itself.
"""

from __future__ import annotations

from alembic import context
from geoalchemy2 import alembic_helpers

from server.extensions import db
from server.migrate import include_object


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=db.metadata,
        # SQLite cannot ALTER most things: later migrations use batch mode there.
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _configure_and_run(connection)
else:
    from server import create_app

    app = create_app()
    with app.app_context(), db.engine.begin() as conn:
        _configure_and_run(conn)
