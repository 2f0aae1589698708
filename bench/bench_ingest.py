"""Ingest benchmark: publishing a big pack vs ogr2ogr loading the same plots.

    .venv/bin/python -m bench.bench_ingest [--plots 50000] [--backend postgis|spatialite|both]
                                           [--repeat 3]

For each backend, on the same database server and in the same run, `--repeat` times
(fresh migrated database each time, alternating which of the two goes first):

- ours: `server.packs.ingest.prepare()` + `publish()` in an app context, for a real user,
  on the GeoPackage's bytes; time split into read / validate / score / store by wrapping
  the functions `prepare` and `publish` call (`read_pack_bytes`, `validate_pack`,
  `_agreement` + `score_pack`, `_insert_plots`), so the measured path is the real one.
- ogr2ogr: loading the same file's `plots` layer into the same database, reprojected to
  EPSG:4326 with a spatial index (GiST on PostGIS, R*Tree on SpatiaLite).

Reports medians, plots/s and the ratio ours/ogr2ogr (target <= 2.0); writes
bench/results/ingest-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `server` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from bench.common import (  # noqa: E402
    PostgresCluster,
    Stopwatch,
    create_bench_user,
    dispose,
    make_app,
    migrated_app,
    migrated_spatialite_template,
    print_table,
    spatialite_url,
    write_results,
)
from bench.packgen import build_big_pack  # noqa: E402

TARGET_RATIO = 2.0
PHASES = ("read", "validate", "score", "store")


# --------------------------------------------------------------------------- ours


def _wrap(sw: Stopwatch, phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        with sw(phase):
            return fn(*args, **kwargs)

    return timed


def run_ours(app: Flask, user_id: int, data: bytes, n: int) -> dict[str, float]:
    """prepare() + publish() of `data`; seconds per phase and in total."""
    from server.auth.models import User
    from server.extensions import db
    from server.packs import ingest
    from server.packs.models import Plot

    sw = Stopwatch()
    patched = {
        "read_pack_bytes": "read",
        "validate_pack": "validate",
        "_agreement": "score",
        "score_pack": "score",
        "_insert_plots": "store.plots",
    }
    originals = {name: getattr(ingest, name) for name in patched}
    with app.app_context():
        uploader = ingest.Uploader.of(db.session.get(User, user_id))
        db.session.rollback()  # as the route does: no read transaction while validating
        try:
            for name, phase in patched.items():
                setattr(ingest, name, _wrap(sw, phase, originals[name]))
            t0 = time.perf_counter()
            prepared = ingest.prepare(data, "bench-pack.gpkg", uploader)
            t1 = time.perf_counter()
            published = ingest.publish(prepared, uploader)
            t2 = time.perf_counter()
        finally:
            for name, fn in originals.items():
                setattr(ingest, name, fn)
        stored = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Plot)
            .where(Plot.pack_version_id == published.version.id)
        )
        db.session.rollback()
    if not published.created or stored != n:
        raise RuntimeError(f"publish stored {stored} plots, expected {n}")
    t = sw.totals
    prepare_rest = (t1 - t0) - t["read"] - t["validate"] - t["score"]
    return {
        "total": t2 - t0,
        "read": t["read"],
        "validate": t["validate"],
        # sniffing, limits and the content hash are cheap; counted with scoring
        "score": t["score"] + prepare_rest,
        "store": t2 - t1,
        "store.plots": t["store.plots"],
        "plots_per_s": n / (t2 - t0),
    }


# --------------------------------------------------------------------------- ogr2ogr


def run_ogr2ogr(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"ogr2ogr failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed


def ogr2ogr_postgis(pg: PostgresCluster, dbname: str, pack: Path, n: int) -> float:
    argv = ["ogr2ogr", "-f", "PostgreSQL", f"PG:{pg.ogr_dsn(dbname)}", str(pack), "plots",
            "-nln", "ogr_plots", "-t_srs", "EPSG:4326", "-lco", "SPATIAL_INDEX=GIST"]  # fmt: skip
    elapsed = run_ogr2ogr(argv)
    conn = pg.connect(dbname)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM ogr_plots")
            count = cur.fetchone()[0]
            cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'ogr_plots'")
            gist = any("gist" in row[0].lower() for row in cur.fetchall())
    finally:
        conn.close()
    if count != n or not gist:
        raise RuntimeError(f"ogr2ogr loaded {count} rows (gist index: {gist}), expected {n}")
    return elapsed


def ogr2ogr_spatialite(db_path: Path, pack: Path, n: int) -> float:
    argv = ["ogr2ogr", "-f", "SQLite", "-update", str(db_path), str(pack), "plots",
            "-nln", "ogr_plots", "-t_srs", "EPSG:4326", "-lco", "SPATIAL_INDEX=YES"]  # fmt: skip
    elapsed = run_ogr2ogr(argv)
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        count = con.execute("SELECT count(*) FROM ogr_plots").fetchone()[0]
        rtree = con.execute(
            "SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = 'ogr_plots'"
        ).fetchone()
    finally:
        con.close()
    if count != n or not rtree or rtree[0] != 1:
        raise RuntimeError(f"ogr2ogr loaded {count} rows (R*Tree: {rtree}), expected {n}")
    return elapsed


# --------------------------------------------------------------------------- backends


def bench_postgis(pack: Path, data: bytes, n: int, repeat: int, work: Path) -> list[dict]:
    runs = []
    with PostgresCluster() as pg:
        template = pg.create_database(name="vt_bench_template")
        dispose(migrated_app(pg.url(template), work / "instance-pg"))
        version = pg.server_version()
        for rep in range(repeat):
            dbname = pg.create_database(template=template)
            app = make_app(pg.url(dbname), work / "instance-pg")
            user_id = create_bench_user(app)
            run: dict[str, Any] = {"backend": "postgis", "run": rep + 1, "server": version}
            steps = ["ours", "ogr2ogr"] if rep % 2 == 0 else ["ogr2ogr", "ours"]
            for step in steps:
                print(f"postgis run {rep + 1}/{repeat}: {step} ...", flush=True)
                if step == "ours":
                    run["ours"] = run_ours(app, user_id, data, n)
                    dispose(app)
                else:
                    run["ogr2ogr"] = ogr2ogr_postgis(pg, dbname, pack, n)
            run["first"] = steps[0]
            runs.append(run)
            dispose(app)
            pg.drop_database(dbname)
    return runs


def bench_spatialite(pack: Path, data: bytes, n: int, repeat: int, work: Path) -> list[dict]:
    runs = []
    template = migrated_spatialite_template(work)
    for rep in range(repeat):
        path = work / f"spatialite-{rep + 1}.sqlite"
        shutil.copyfile(template, path)
        app = make_app(spatialite_url(path), work / "instance-sl")
        user_id = create_bench_user(app)
        dispose(app)
        run: dict[str, Any] = {"backend": "spatialite", "run": rep + 1}
        steps = ["ours", "ogr2ogr"] if rep % 2 == 0 else ["ogr2ogr", "ours"]
        for step in steps:
            print(f"spatialite run {rep + 1}/{repeat}: {step} ...", flush=True)
            if step == "ours":
                run["ours"] = run_ours(app, user_id, data, n)
                dispose(app)  # closes the connection: ogr2ogr is alone on the file
            else:
                run["ogr2ogr"] = ogr2ogr_spatialite(path, pack, n)
        run["first"] = steps[0]
        runs.append(run)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return runs


# --------------------------------------------------------------------------- report


def medians(runs: list[dict], n: int) -> dict[str, Any]:
    ours = {k: statistics.median(r["ours"][k] for r in runs) for k in runs[0]["ours"]}
    ogr = statistics.median(r["ogr2ogr"] for r in runs)
    return {
        "runs": len(runs),
        "ours": ours,
        "ogr2ogr": ogr,
        "ogr2ogr_plots_per_s": n / ogr,
        "ratio": ours["total"] / ogr,
        "ratio_store_only": ours["store"] / ogr,
        "target_ratio": TARGET_RATIO,
        "meets_target": ours["total"] / ogr <= TARGET_RATIO,
    }


def report(results: dict[str, list[dict]], n: int) -> dict[str, Any]:
    rows = []
    for backend, runs in results.items():
        for r in runs:
            o = r["ours"]
            rows.append(
                [backend, r["run"], r["first"], o["total"], o["read"], o["validate"], o["score"],
                 o["store"], round(o["plots_per_s"]), r["ogr2ogr"], o["total"] / r["ogr2ogr"]]
            )  # fmt: skip
    print_table(
        ["backend", "run", "first", "ours s", "read", "validate", "score", "store", "plots/s",
         "ogr2ogr s", "ours/ogr"],
        rows,
        f"Every run ({n:,} plots; seconds)",
    )  # fmt: skip
    summary = {backend: medians(runs, n) for backend, runs in results.items()}
    rows = []
    for backend, s in summary.items():
        o = s["ours"]
        rows.append(
            [backend, o["total"], o["read"], o["validate"], o["score"], o["store"],
             o["store.plots"], round(o["plots_per_s"]), s["ogr2ogr"],
             round(s["ogr2ogr_plots_per_s"]), s["ratio"], s["ratio_store_only"],
             "yes" if s["meets_target"] else "NO"]
        )  # fmt: skip
    print_table(
        ["backend", "ours s", "read", "validate", "score", "store", "(plots insert)", "plots/s",
         "ogr2ogr s", "ogr plots/s", "ours/ogr", "store/ogr", f"<= {TARGET_RATIO}"],
        rows,
        f"Medians of {max(len(r) for r in results.values())} runs ({n:,} plots; seconds)",
    )  # fmt: skip
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plots", type=int, default=50_000)
    parser.add_argument("--backend", choices=("postgis", "spatialite", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pack", type=Path, help="reuse this pack GeoPackage (else built)")
    args = parser.parse_args(argv)

    load_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="vt-bench-ingest-"))
    try:
        pack = args.pack
        if pack is None:
            start = time.perf_counter()
            pack = build_big_pack(work / "pack.gpkg", args.plots)
            print(f"built {pack} ({args.plots:,} plots, {pack.stat().st_size / 2**20:.1f} MiB) "
                  f"in {time.perf_counter() - start:.1f} s", flush=True)  # fmt: skip
        data = pack.read_bytes()
        results: dict[str, list[dict]] = {}
        if args.backend in ("postgis", "both"):
            results["postgis"] = bench_postgis(pack, data, args.plots, args.repeat, work)
        if args.backend in ("spatialite", "both"):
            results["spatialite"] = bench_spatialite(pack, data, args.plots, args.repeat, work)
        summary = report(results, args.plots)
        write_results(
            "ingest",
            {
                "plots": args.plots,
                "pack_bytes": len(data),
                "loadavg_start": load_start,
                "runs": results,
                "medians": summary,
            },
        )
        return 0 if all(s["meets_target"] for s in summary.values()) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
