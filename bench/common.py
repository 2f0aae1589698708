"""Shared helpers of the hand-run benchmarks: throw-away databases, timing, reporting.

- `PostgresCluster`: a private PostgreSQL 15 + PostGIS cluster (initdb + pg_ctl in a temp
  dir under /tmp, on a free loopback port, run as `postgres` when we are root), removed
  on `stop()`. Same approach as tests/conftest.py, without pytest.
- `migrated_app(url, instance)`: `create_app` + `server.migrate.upgrade` on a database.
- `spatialite_url(path)`, `Stopwatch`, `summary`, `print_table`, `write_results`.

Run the benchmarks from the repository root, e.g. `.venv/bin/python -m bench.bench_ingest`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
from flask import Flask

REPO = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO / "bench" / "results"
PG_BIN = Path(os.environ.get("VT_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "vt"


# --------------------------------------------------------------------------- PostgreSQL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """A throw-away PostgreSQL cluster; use as a context manager (started, then removed).

    `settings` are extra `-c name=value` server options. The defaults are PostgreSQL's own
    (durable: fsync on), except a bigger `max_wal_size` so that bulk loads do not spend
    their time in forced checkpoints.
    """

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        # Under /tmp: the `postgres` user must reach it, and socket paths must stay short.
        self.dir = Path(tempfile.mkdtemp(prefix="vt-bench-pg-", dir="/tmp"))
        self.port = 0
        self.settings = {"max_wal_size": "4GB", **(settings or {})}
        self._names = itertools.count(1)

    def __enter__(self) -> PostgresCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _argv(self, *cmd: str) -> list[str]:
        argv = [str(PG_BIN / cmd[0]), *cmd[1:]]
        if os.geteuid() == 0:  # postgres refuses to run as root
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return argv

    def _run(self, *cmd: str) -> None:
        proc = subprocess.run(self._argv(*cmd), capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.dir / "server.log"
            tail = log.read_text()[-3000:] if log.exists() else ""
            raise RuntimeError(f"{cmd[0]} failed:\n{proc.stdout}\n{proc.stderr}\n{tail}")

    def start(self) -> None:
        missing = [b for b in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / b).exists()]
        if missing:
            raise SystemExit(f"PostgreSQL 15 is not installed in {PG_BIN} (missing {missing})")
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        extra = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        for attempt in range(3):  # the free port may be taken before postgres binds it
            self.port = free_port()
            options = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 {extra}"
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

    def ogr_dsn(self, dbname: str) -> str:
        """The connection string ogr2ogr's PostgreSQL driver takes (after `PG:`)."""
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user={PG_USER}"

    def connect(self, dbname: str = "postgres") -> psycopg2.extensions.connection:
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname=dbname)

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        conn = self.connect(dbname)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def create_database(self, template: str | None = None, name: str | None = None) -> str:
        """A new database (a copy of `template` if given); returns its name."""
        name = name or f"vt_bench_{next(self._names)}"
        suffix = f" TEMPLATE {template} STRATEGY file_copy" if template else ""
        self.execute(f"CREATE DATABASE {name}{suffix}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def server_version(self, dbname: str = "postgres") -> str:
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW server_version")
                return str(cur.fetchone()[0])
        finally:
            conn.close()


# --------------------------------------------------------------------------- app / databases


def spatialite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_app(url: str, instance: Path, **config: Any) -> Flask:
    """The server app on `url` (no migration)."""
    from server import create_app

    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(instance),
            **config,
        }  # fmt: skip
    )


def migrated_app(url: str, instance: Path, **config: Any) -> Flask:
    """The server app on `url`, after migrating that database to the head revision."""
    from server import migrate

    app = make_app(url, instance, **config)
    migrate.upgrade(app)
    return app


def dispose(app: Flask) -> None:
    """Close the app's pooled connections (PostgreSQL cannot drop/copy a DB in use)."""
    from server.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def migrated_spatialite_template(folder: Path) -> Path:
    """A migrated SpatiaLite file (WAL checkpointed into it), to copy per measurement."""
    path = folder / "template.sqlite"
    app = migrated_app(spatialite_url(path), folder / "instance")
    dispose(app)
    return path


def create_bench_user(app: Flask, username: str = "bench", expertise: str = "expert") -> int:
    """A contributor account, committed; returns its id."""
    from server.auth import service
    from server.extensions import db

    with app.app_context():
        existing = service.find_user(username)
        if existing is not None:
            return existing.id
        user = service.create_user(username, role="contributor", expertise=expertise)
        db.session.commit()
        return user.id


# --------------------------------------------------------------------------- timing


class Stopwatch:
    """Accumulates wall-clock seconds under names: `with sw("read"): ...`."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.totals[name] = self.totals.get(name, 0.0) + time.perf_counter() - start


@contextmanager
def timed() -> Iterator[list[float]]:
    """`with timed() as t: ...` then `t[0]` holds the elapsed seconds."""
    out: list[float] = []
    start = time.perf_counter()
    try:
        yield out
    finally:
        out.append(time.perf_counter() - start)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between closest ranks."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def summary(values: Sequence[float]) -> dict[str, float]:
    """n, min, p50, p95, p99, max, mean of a list of numbers."""
    return {
        "n": len(values),
        "min": min(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


# --------------------------------------------------------------------------- reporting


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> str:
    """Print (and return) a Markdown table; floats get 3 significant decimals."""

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:,.1f}" if abs(v) >= 100 else f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"
        if isinstance(v, int) and not isinstance(v, bool):
            return f"{v:,}"
        return str(v)

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for r in cells:
        lines.append("| " + " | ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) + " |")
    text = (f"\n{title}\n" if title else "\n") + "\n".join(lines)
    print(text, flush=True)
    return text


def machine_info() -> dict[str, Any]:
    """Where the numbers come from: CPU, OS, library versions."""
    from osgeo import gdal

    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "gdal": gdal.__version__,
        "sqlite": sqlite3.sqlite_version,
        "loadavg": os.getloadavg(),  # others' jobs on the machine skew the timings
    }
    try:
        con = sqlite3.connect(":memory:")
        con.enable_load_extension(True)
        con.load_extension("mod_spatialite")
        info["spatialite"] = con.execute("SELECT spatialite_version()").fetchone()[0]
        con.close()
    except (sqlite3.Error, AttributeError):
        info["spatialite"] = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            model = next((ln.split(":", 1)[1].strip() for ln in fh if "model name" in ln), "")
        info["cpu_model"] = model
        with open("/etc/debian_version", encoding="utf-8") as fh:
            info["debian"] = fh.read().strip()
    except OSError:
        pass
    return info


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write `data` (plus the date and machine) as bench/results/<name>-<timestamp>.json."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    path = RESULTS_DIR / f"{name}-{now:%Y%m%dT%H%M%SZ}.json"
    doc = {"benchmark": name, "date": now.isoformat(timespec="seconds"), "machine": machine_info()}
    doc.update(data)
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nresults written to {path.relative_to(REPO)}", flush=True)
    return path
