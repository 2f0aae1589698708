"""Command line: `flask --app server <group> <command>`.

db upgrade|current, users create|verify|set-role, tokens create, serve; the packs domain
adds demo load and references add|list.
"""

from __future__ import annotations

import logging
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from server.auth import service
from server.auth.models import EXPERTISE_LEVELS, ROLES, User
from server.errors import ProblemError
from server.extensions import db

db_cli = AppGroup("db", help="Database migrations.")
users_cli = AppGroup("users", help="Manage user accounts.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")
demo_cli = AppGroup("demo", help="Demonstration data.")


def _fail_on_problem(exc: ProblemError) -> click.ClickException:
    return click.ClickException(f"{exc.code}: {exc.detail or exc.title}")


def _get_user(username: str) -> User:
    user = service.find_user(username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    return user


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or migrate the database schema."""
    from server import migrate

    migrate.upgrade(current_app, revision)
    click.echo(f"database at revision {migrate.current_revision(current_app)}")


@db_cli.command("current")
def db_current() -> None:
    """Print the database's revision ("(head)" when up to date)."""
    from server import migrate

    rev = migrate.current_revision(current_app)
    suffix = " (head)" if rev is not None and rev == migrate.head_revision() else ""
    click.echo(f"{rev or 'none (empty database)'}{suffix}")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="contributor", show_default=True)
@click.option(
    "--expertise", type=click.Choice(EXPERTISE_LEVELS), default="volunteer", show_default=True
)
@click.option("--password", default=None, help="Omit for a token-only account.")
@click.option("--email", default=None)
@click.option("--verified", is_flag=True, help="Mark the expertise as verified.")
def users_create(
    username: str,
    role: str,
    expertise: str,
    password: str | None,
    email: str | None,
    verified: bool,
) -> None:
    """Create a user account."""
    try:
        user = service.create_user(
            username,
            password=password,
            email=email,
            role=role,
            expertise=expertise,
            expertise_verified=verified,
        )
    except ProblemError as exc:
        raise _fail_on_problem(exc) from exc
    db.session.commit()
    click.echo(f"created user {user.username} (id {user.id}, {user.role}, {user.expertise})")


@users_cli.command("verify")
@click.argument("username")
@click.option("--expertise", type=click.Choice(EXPERTISE_LEVELS), default=None)
def users_verify(username: str, expertise: str | None) -> None:
    """Mark a user's expertise as verified (optionally changing the level)."""
    user = _get_user(username)
    service.verify_expertise(user, None, expertise)
    db.session.commit()
    click.echo(f"verified {user.username} as {user.expertise}")


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def users_set_role(username: str, role: str) -> None:
    """Change a user's role."""
    user = _get_user(username)
    try:
        service.set_role(user, role)
    except ProblemError as exc:
        raise _fail_on_problem(exc) from exc
    db.session.commit()
    click.echo(f"{user.username} is now {role}")


@tokens_cli.command("create")
@click.argument("username")
@click.option("--name", default="cli", show_default=True)
def tokens_create(username: str, name: str) -> None:
    """Create an API token and print its secret (shown only this once)."""
    user = _get_user(username)
    _token, secret = service.issue_token(user, name=name)
    db.session.commit()
    click.echo(secret)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int, help="0: any free port.")
@click.option("--threads", default=8, show_default=True, type=int)
def serve(host: str, port: int, threads: int) -> None:
    """Migrate the database, then serve the app with waitress."""
    import waitress

    from server import migrate

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    migrate.upgrade(app)
    if app.config.get("SECRET_KEY") == "dev":
        click.echo("warning: SECRET_KEY is 'dev'; set VT_SECRET_KEY in production", err=True)
    server = waitress.create_server(app, host=host, port=port, threads=threads)
    actual_port = server.effective_port  # type: ignore[union-attr]
    click.echo(f"Vérité Terrain serving on http://{host}:{actual_port}/")
    sys.stdout.flush()
    server.run()


def register(app: Flask) -> None:
    """Attach the command groups to `flask --app server`."""
    for command in (db_cli, users_cli, tokens_cli, demo_cli, serve):
        app.cli.add_command(command)
