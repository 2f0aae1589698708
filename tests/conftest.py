"""Test fixtures: every app/client test runs on SpatiaLite AND on a real PostGIS.

Fixtures, in dependency order:
- `db_backend`: "spatialite" | "postgis" (parametrized; PostGIS tests get the `postgis` mark).
- `pg_cluster` (session): a private PostgreSQL 15 + PostGIS cluster in a temp dir.
- `database_url`: a fresh, migrated database private to the test (copied from a template
  migrated once per session: a file copy for SpatiaLite, CREATE DATABASE ... TEMPLATE for
  PostgreSQL). `blank_database_url`: an empty, unmigrated one.
- `make_app(**config)` → app on `database_url`; `app` = `make_app()`; `client`; `runner`.
- `auth`: creates users and tokens (`auth.headers("bob", role="reviewer")`).
- `live_server(threads=8, env=None)` → base URL of a real `flask --app server serve`
  process on the same database as `app`.
"""

from __future__ import annotations

import atexit
import itertools
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from server import create_app, migrate
from server.auth import service
from server.extensions import db

REPO = Path(__file__).resolve().parents[1]

# QGIS must never touch the user's real profile (auth database, settings) during tests.
if "QGIS_CUSTOM_CONFIG_PATH" not in os.environ:
    _QGIS_PROFILE = tempfile.mkdtemp(prefix="vt-qgis-profile-")
    os.environ["QGIS_CUSTOM_CONFIG_PATH"] = _QGIS_PROFILE
    atexit.register(shutil.rmtree, _QGIS_PROFILE, True)
PG_BIN = Path(os.environ.get("VT_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "vt"
TEMPLATE_DB = "vt_template"
SETUP_HINT = "run `sudo scripts/setup-system.sh test` (installs postgresql-15 + postgis-3)"
SERVING_RE = re.compile(r"serving on (http://[\d.]+:\d+)/")


# --------------------------------------------------------------------------- backends


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("db_backend") == "postgis":
            item.add_marker(pytest.mark.postgis)


@pytest.fixture(params=["spatialite", "postgis"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return request.param


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dispose_engines(app: Flask) -> None:
    """Close the app's pooled connections (PostgreSQL cannot drop/copy a DB in use)."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def _migrated_template(url: str, instance: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance)})
    migrate.upgrade(app)
    dispose_engines(app)


class PostgresCluster:
    """A throw-away PostgreSQL cluster (initdb + pg_ctl), run as `postgres` when root."""

    def __init__(self) -> None:
        # Under /tmp: the `postgres` user must reach it, and socket paths must stay short.
        self.dir = Path(tempfile.mkdtemp(prefix="vt-pg-", dir="/tmp"))
        self.port = 0
        self._names = itertools.count(1)

    def _run(self, *cmd: str) -> None:
        argv = [str(PG_BIN / cmd[0]), *cmd[1:]]
        if os.geteuid() == 0:  # postgres refuses to run as root
            argv = ["runuser", "-u", "postgres", "--", *argv]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.dir / "server.log"
            tail = log.read_text()[-3000:] if log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed:\n{proc.stdout}\n{proc.stderr}\n{tail}")

    def start(self) -> None:
        if os.geteuid() == 0:
            import pwd

            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail(f"no 'postgres' system user to run PostgreSQL as; {SETUP_HINT}")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        for attempt in range(3):  # the free port may be taken before postgres binds it
            self.port = _free_port()
            options = (
                f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
            )
            try:
                self._run("pg_ctl", "-D", str(data), "-l", str(self.dir / "server.log"), "-w",
                          "-t", "60", "-o", options, "start")  # fmt: skip
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def stop(self) -> None:
        try:
            if (self.dir / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def create_database(self, template: str | None = None) -> str:
        """A new database (a copy of `template` if given); returns its URL."""
        name = f"vt_test_{next(self._names)}"
        suffix = f" TEMPLATE {template} STRATEGY file_copy" if template else ""
        self.execute(f"CREATE DATABASE {name}{suffix}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by `create_database`, even if connections remain."""
        self.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """The session's PostgreSQL cluster, with a migrated template database."""
    missing = [b for b in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / b).exists()]
    if missing or not Path("/usr/share/postgresql/15/extension/postgis.control").exists():
        pytest.fail(f"PostgreSQL 15 / PostGIS not installed ({PG_BIN}); {SETUP_HINT}")
    cluster = PostgresCluster()
    try:
        cluster.start()
        cluster.execute(f"CREATE DATABASE {TEMPLATE_DB}")
        _migrated_template(cluster.url(TEMPLATE_DB), tmp_path_factory.mktemp("pg-instance"))
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def spatialite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SpatiaLite file, copied by every test that needs a database."""
    folder = tmp_path_factory.mktemp("spatialite-template")
    path = folder / "template.sqlite"
    _migrated_template(f"sqlite:///{path}", folder)
    # Disposing checkpointed the WAL into the main file; only that file is copied.
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


@pytest.fixture
def database_url(db_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a migrated database private to this test."""
    if db_backend == "spatialite":
        template: Path = request.getfixturevalue("spatialite_template")
        path = tmp_path / "verite.sqlite"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database(template=TEMPLATE_DB)
    yield url
    cluster.drop_database(url)  # ~9 MB each (spatial_ref_sys): do not pile them up


@pytest.fixture
def blank_database_url(
    db_backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """URL of an empty database (no tables, no spatial extension yet)."""
    if db_backend == "spatialite":
        yield f"sqlite:///{tmp_path / 'blank.sqlite'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


# --------------------------------------------------------------------------- app


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Factory: `make_app(**config)` → a test app on this test's database."""
    apps: list[Flask] = []

    def _make(**config: Any) -> Flask:
        settings = {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            **config,
        }
        app = create_app(settings)
        apps.append(app)
        return app

    yield _make
    for app in apps:
        dispose_engines(app)


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


class AuthActions:
    """Create users and tokens straight through the service layer (fast, no HTTP)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def user(
        self,
        username: str = "alice",
        *,
        role: str = "contributor",
        expertise: str = "volunteer",
        verified: bool = False,
        password: str | None = None,
        email: str | None = None,
    ) -> int:
        """Create the user unless it exists; returns its id."""
        with self.app.app_context():
            existing = service.find_user(username)
            if existing is not None:
                return existing.id
            user = service.create_user(
                username,
                password=password,
                email=email,
                role=role,
                expertise=expertise,
                expertise_verified=verified,
            )
            db.session.commit()
            return user.id

    def token(self, username: str = "alice", **user_kw: Any) -> str:
        """A new API token secret for the user (created first if needed)."""
        self.user(username, **user_kw)
        with self.app.app_context():
            user = service.find_user(username)
            assert user is not None
            _token, secret = service.issue_token(user, name="test")
            db.session.commit()
            return secret

    def headers(self, username: str = "alice", **user_kw: Any) -> dict[str, str]:
        """`{"Authorization": "Bearer ..."}` for the user (created first if needed)."""
        return {"Authorization": f"Bearer {self.token(username, **user_kw)}"}


@pytest.fixture
def auth(app: Flask) -> AuthActions:
    return AuthActions(app)


# --------------------------------------------------------------------------- live server


@pytest.fixture
def live_server(app: Flask, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Factory: start `flask --app server serve` on the test's database; returns its URL."""
    procs: list[subprocess.Popen[bytes]] = []
    counter = itertools.count(1)

    def _start(*, threads: int = 8, env: dict[str, str] | None = None, timeout: float = 60) -> str:
        n = next(counter)
        log_path = tmp_path / f"live-server-{n}.log"
        proc_env = {k: v for k, v in os.environ.items() if not k.startswith("VT_")}
        proc_env.update(
            DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
            VT_INSTANCE_PATH=str(tmp_path / f"live-instance-{n}"),
            VT_SECRET_KEY="test",
            PYTHONUNBUFFERED="1",
            **(env or {}),
        )
        argv = [sys.executable, "-m", "flask", "--app", "server", "serve",
                "--host", "127.0.0.1", "--port", "0", "--threads", str(threads)]  # fmt: skip
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(argv, cwd=REPO, env=proc_env, stdout=log, stderr=log)
        procs.append(proc)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = SERVING_RE.search(log_path.read_text(errors="replace"))
            if match:
                base = match.group(1)
                requests.get(f"{base}/api/v1/auth/me", timeout=10)  # answers (401) when up
                return base
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"live server did not start:\n{log_path.read_text(errors='replace')}")

    yield _start
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------- QGIS


@pytest.fixture(scope="session")
def qgis_app() -> Iterator[Any]:
    """A real, headless QGIS application (offscreen Qt platform), once per session."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="vt-xdg-"))
    from qgis.core import QgsApplication

    app = QgsApplication.instance()
    if app is None:
        app = QgsApplication([], False)
        app.initQgis()
    yield app
