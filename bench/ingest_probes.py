"""Where ingest time goes, and what the obvious alternatives would cost (a probe, not a fix).

    .venv/bin/python -m bench.ingest_probes [--plots 50000]

On one n-plot pack (bench/packgen.py), prints:

- read: `read_pack` (OGR feature loop) vs fetching the same GeoPackage
  table with plain sqlite3 (the lower bound of a reader that parses GPKG blobs itself);
- validate: the time `validate_pack` spends in attribute checks, per-plot geometry checks
  and the overlap sweep (by wrapping those functions);
- store (PostGIS): `ingest._insert_plots` (COPY, `server/packs/copy.py`) vs the
  executemany path of the other backends (multi-row VALUES with ST_GeomFromWKB) on the
  same rows; `PlotQuality.to_dict()` (dataclasses.asdict) for all plots.

Nothing in server/ or verite_core/ is changed; writes bench/results/ingest-probes-*.json.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `server` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    PostgresCluster,
    create_bench_user,
    dispose,
    migrated_app,
    print_table,
    write_results,
)
from bench.packgen import build_big_pack  # noqa: E402


def clock(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def probe_read(pack: Path) -> dict[str, float]:
    from verite_core.pack import read_pack

    ogr_s, _ = clock(lambda: read_pack(pack))

    def raw() -> int:
        con = sqlite3.connect(f"file:{pack}?mode=ro", uri=True)
        try:
            return len(con.execute("SELECT * FROM plots").fetchall())
        finally:
            con.close()

    sqlite_s, _ = clock(raw)
    return {"read_pack (OGR)": ogr_s, "sqlite3 fetch of the same table": sqlite_s}


def probe_validate(pack: Path) -> dict[str, float]:
    from verite_core.pack import plot_geometry, read_pack, validate_pack, validation

    content = read_pack(pack)
    spent: dict[str, float] = {}
    targets = [
        (validation, "check_attributes", "attribute checks"),
        (plot_geometry.PlotGeometryChecker, "check", "geometry checks (per plot)"),
        (validation, "overlap_problems", "overlap sweep"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in targets]

    def wrap(fn: Callable[..., Any], key: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - start

        return timed

    try:
        for (owner, name, fn), (_, _, key) in zip(originals, targets, strict=True):
            setattr(owner, name, wrap(fn, key))
        total, report = clock(lambda: validate_pack(content))
    finally:
        for owner, name, fn in originals:
            setattr(owner, name, fn)
    if not report.ok:
        raise RuntimeError(f"pack is not valid: {report.errors[:3]}")
    spent["rest of validate_pack"] = total - sum(spent.values())
    spent["validate_pack total"] = total
    return spent


def probe_store(data: bytes, n: int, work: Path) -> dict[str, float]:
    import sqlalchemy as sa

    from server.auth.models import User
    from server.extensions import db
    from server.packs import ingest
    from server.packs.models import Plot

    out: dict[str, float] = {}
    with PostgresCluster() as pg:
        app = migrated_app(pg.url(pg.create_database()), work / "instance")
        user_id = create_bench_user(app)
        with app.app_context():
            uploader = ingest.Uploader.of(db.session.get(User, user_id))
            db.session.rollback()
            prepared = ingest.prepare(data, "probe.gpkg", uploader)
            out["PlotQuality.to_dict() x n"], _ = clock(
                lambda: [q.to_dict() for q in prepared.quality.plots.values()]
            )
            timings: dict[str, float] = {}
            original = ingest._insert_plots

            def timed(*args: Any) -> None:
                timings["plots"], _ = clock(lambda: original(*args))

            ingest._insert_plots = timed
            try:
                published = ingest.publish(prepared, uploader)
            finally:
                ingest._insert_plots = original
            out["_insert_plots (COPY, the server's path)"] = timings["plots"]
            version_id = published.version.id
            db.session.execute(sa.delete(Plot).where(Plot.pack_version_id == version_id))
            db.session.commit()

            def executemany() -> None:
                ingest.insert_plot_rows(ingest.plot_rows(version_id, prepared))
                db.session.commit()

            out["executemany of the same rows (+ commit)"], _ = clock(executemany)
            count = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Plot)
                .where(Plot.pack_version_id == version_id)
            )
            db.session.rollback()
            if count != n:
                raise RuntimeError(f"executemany stored {count} plots, expected {n}")
        dispose(app)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plots", type=int, default=50_000)
    args = parser.parse_args(argv)
    from verite_core.pack.gdal_env import use_exceptions_globally

    use_exceptions_globally()  # as the server does
    with tempfile.TemporaryDirectory(prefix="vt-bench-probes-") as tmp:
        work = Path(tmp)
        pack = build_big_pack(work / "pack.gpkg", args.plots)
        results = {
            "read": probe_read(pack),
            "validate": probe_validate(pack),
            "store (PostGIS)": probe_store(pack.read_bytes(), args.plots, work),
        }
    rows = [[part, what, s] for part, timings in results.items() for what, s in timings.items()]
    print_table(["phase", "what", "seconds"], rows, f"Ingest probes ({args.plots:,} plots)")
    write_results("ingest-probes", {"plots": args.plots, "probes": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
