"""Search benchmark: bbox queries on a catalogue of 1,000,000 plots.

    .venv/bin/python -m bench.bench_search [--plots 1000000] [--queries 500]
                                           [--backend postgis|spatialite|both]
                                           [--spatialite-plots 1000000]

Fills a migrated database directly (this measures search, not ingest): `--versions` pack
versions (default 1000; a fifth of the packs have two versions, so the "latest version"
join matters) spread over mainland France, each with a footprint of commune to
department size, and their plots (~50 m squares inside the footprint, EPSG:4326, with
attributes, descriptors and quality like published ones). Ten "big" packs hold 40 % of
the plots (40,000 each at 1M), the others share the rest. PostGIS: plots by
`INSERT ... SELECT generate_series`, secondary indexes rebuilt after the load, then
`ANALYZE`. SpatiaLite: plots by executemany with `BuildMbr` (R*Tree kept by its
triggers), then `ANALYZE`.

Then, through the Flask test client, with random bboxes (fixed seed):

- `GET /api/v1/packs?bbox=...`: pack search, bboxes of commune size (~0.06 x 0.04°,
  ~4.5 km) and department size (~1.1 x 0.8°, ~90 km) anywhere in France;
- `GET /ogc/collections/<big pack>/items?bbox=...`: the plot-level bbox query (count
  for numberMatched + the first page of 100 plots as GeoJSON), commune-size bboxes
  inside a big pack's footprint, and department-size ones (half its footprint).

Reports p50/p95/p99 latency in ms (target: p95 <= 50 ms on PostGIS), the share spent in
the database (cursor execute time), and the query plans (EXPLAIN ANALYZE on PostGIS,
EXPLAIN QUERY PLAN on SpatiaLite); writes bench/results/search-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `server` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from bench.common import (  # noqa: E402
    PostgresCluster,
    create_bench_user,
    dispose,
    migrated_app,
    migrated_spatialite_template,
    print_table,
    spatialite_url,
    summary,
    write_results,
)

TARGET_P95_MS = 50.0
# Mainland France, roughly (lon/lat).
FRANCE = (-4.5, 42.6, 7.5, 50.8)
PLOT_W, PLOT_H = 0.0007, 0.00045  # ~50 x 50 m at 46°N
COMMUNE = (0.06, 0.04)  # ~4.5 x 4.5 km, a typical French commune (~15-20 km²)
DEPARTMENT = (1.1, 0.8)  # ~85 x 90 km
BIG_PACKS = 10
BIG_SHARE = 0.4
CLASSES = ["needleleaved_forest", "broadleaved_deciduous_forest", "mixed_forest", "shrubland"]
CLCPLUS = [2, 3, 3, 4]
THEMES = ["forest-structure", "crop-types", "urban-fabric", "wetlands"]
DESCRIPTORS = {
    "mixed_forest": False,
    "tree_height_class": "20_30",
    "pct_deciduous": 95.0,
    "pct_evergreen": 5.0,
    "undergrowth_type": "herbaceous",
    "canopy_cover_pct": 71.0,
}
PLOT_QUALITY = {
    "score": 88.44,
    "level": "A",
    "components": {"A": 0.8, "R": None, "M": 0.85, "T": 1.0, "C": 1.0, "G": 1.0},
}


# --------------------------------------------------------------------------- catalogue


def plan_catalogue(plots: int, versions: int, seed: int) -> list[dict[str, Any]]:
    """Packs with their versions (footprint, plot count); big packs first, one version each."""
    rng = random.Random(seed)
    multi = versions // 5  # packs with two versions
    n_packs = versions - multi
    big = min(BIG_PACKS, n_packs)
    big_plots = int(plots * BIG_SHARE) // big if big else 0
    rest_versions = versions - big
    rest = plots - big * big_plots
    base, extra = divmod(rest, rest_versions) if rest_versions else (0, 0)
    packs, k = [], 0
    for i in range(n_packs):
        is_big = i < big
        w = rng.uniform(0.9, 1.3) if is_big else rng.uniform(0.03, 0.35)
        h = w * 0.7
        cx = rng.uniform(FRANCE[0] + w / 2, FRANCE[2] - w / 2)
        cy = rng.uniform(FRANCE[1] + h / 2, FRANCE[3] - h / 2)
        n_versions = 2 if big <= i < big + multi else 1
        pack_versions = []
        for _v in range(n_versions):
            if is_big:
                count = big_plots
            else:
                count = base + (1 if k < extra else 0)
                k += 1
            pack_versions.append({"plot_count": count})
        packs.append(
            {
                "index": i,
                "big": is_big,
                "bbox": (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2),
                "theme": THEMES[i % len(THEMES)],
                "versions": pack_versions,
            }
        )
    return packs


def insert_catalogue(app: Flask, owner_id: int, packs: list[dict[str, Any]]) -> None:
    """Packs, versions and their classes through SQLAlchemy Core (both backends).

    Fills each version's "id" and each pack's "public_id" in `packs`.
    """
    from server.extensions import db
    from server.packs.models import Pack, PackClass, PackVersion
    from server.spatial import geometry_value

    now = dt.datetime.now(dt.UTC)
    with app.app_context(), db.engine.begin() as conn:
        pack_rows = []
        for p in packs:
            p["public_id"] = str(uuid.UUID(int=random.Random(p["index"]).getrandbits(128)))
            pack_rows.append(
                {
                    "public_id": p["public_id"],
                    "owner_id": owner_id,
                    "title": f"Benchmark pack {p['index']}",
                    "theme": p["theme"],
                    "license": "CC-BY-4.0",
                    "latest_version": len(p["versions"]),
                    "created_at": now - dt.timedelta(hours=p["index"]),
                    "updated_at": now - dt.timedelta(minutes=p["index"]),
                }
            )
        conn.execute(sa.insert(Pack.__table__), pack_rows)
        ids = dict(conn.execute(sa.select(Pack.public_id, Pack.id)).all())
        for p in packs:
            minx, miny, maxx, maxy = p["bbox"]
            wkt = f"MULTIPOLYGON((({minx} {miny},{maxx} {miny},{maxx} {maxy},{minx} {maxy},{minx} {miny})))"
            footprint = geometry_value(_wkb_of_wkt(wkt))
            for number, v in enumerate(p["versions"], start=1):
                row = {
                    "pack_id": ids[p["public_id"]],
                    "version": number,
                    "content_hash": uuid.uuid4().hex * 2,
                    "uploaded_by_id": owner_id,
                    "file_format": "gpkg",
                    "filename": "bench.gpkg",
                    "size_bytes": 300 * v["plot_count"],
                    "manifest": {"title": f"Benchmark pack {p['index']}"},
                    "title": f"Benchmark pack {p['index']}",
                    "description": "Synthetic pack for the search benchmark.",
                    "theme": p["theme"],
                    "license": "CC-BY-4.0",
                    "contributors": "Bench Collector",
                    "method": "field_photos",
                    "observed_from": dt.date(2024, 5, 1),
                    "observed_to": dt.date(2024, 7, 31),
                    "positional_accuracy_m": 5.0,
                    "footprint": footprint,
                    "min_x": minx,
                    "min_y": miny,
                    "max_x": maxx,
                    "max_y": maxy,
                    "plot_count": v["plot_count"],
                    "quality_score": 88.44,
                    "quality_level": "A",
                    "quality": {"score": 88.44, "level": "A"},
                    "crs": "EPSG:2154",
                }
                v["id"] = conn.execute(
                    sa.insert(PackVersion.__table__).returning(PackVersion.id), row
                ).scalar_one()
        class_rows = [
            {
                "pack_version_id": v["id"],
                "code": code,
                "name": code.replace("_", " "),
                "clcplus_code": clc,
                "eagle_codes": ";LCC-1;",
                "color": "#228b22",
            }
            for p in packs
            for v in p["versions"]
            for code, clc in zip(CLASSES, CLCPLUS, strict=True)
        ]
        conn.execute(sa.insert(PackClass.__table__), class_rows)


def _wkb_of_wkt(wkt: str) -> bytes:
    from osgeo import ogr

    return bytes(ogr.CreateGeometryFromWkt(wkt).ExportToIsoWkb())


PLOT_COLUMNS = (
    "pack_version_id, plot_id, class_code, clcplus_code, observed_on, collector, notes, "
    "descriptors, photos, area_m2, geom, geom_original_wkb, original_crs, quality_score, "
    "quality_level, quality"
)


def fill_plots_postgis(pg: PostgresCluster, dbname: str, seed: int) -> dict[str, float]:
    """All versions' plots with one INSERT ... SELECT; secondary indexes rebuilt after."""
    timings = {}
    conn = pg.connect(dbname)
    try:
        with conn.cursor() as cur:
            cur.execute(
                """
                SELECT i.relname, pg_get_indexdef(i.oid)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = 'plots'::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
                """
            )
            indexes = cur.fetchall()
            for name, _ in indexes:
                cur.execute(f'DROP INDEX "{name}"')
            start = time.perf_counter()
            cur.execute("SELECT setseed(%s)", (seed / 1000.0 % 1,))
            classes = "ARRAY[" + ",".join(f"'{c}'" for c in CLASSES) + "]"
            clcplus = "ARRAY[" + ",".join(str(c) for c in CLCPLUS) + "]"
            cur.execute(
                f"""
                INSERT INTO plots ({PLOT_COLUMNS})
                SELECT v.id, 'P' || lpad(p.g::text, 7, '0'),
                       ({classes})[1 + p.g %% 4], ({clcplus})[1 + p.g %% 4],
                       date '2024-05-02' + (p.g %% 90), 'Bench Collector', NULL,
                       %(descriptors)s::json, '[]'::json, 2500.0,
                       p.geom, ST_AsBinary(p.geom), 'EPSG:2154',
                       80 + (p.g %% 20), 'A', %(quality)s::json
                FROM pack_versions v
                CROSS JOIN LATERAL (
                    SELECT g, ST_MakeEnvelope(x, y, x + {PLOT_W}, y + {PLOT_H}, 4326) AS geom
                    FROM (
                        SELECT g,
                               v.min_x + random() * (v.max_x - v.min_x - {PLOT_W}) AS x,
                               v.min_y + random() * (v.max_y - v.min_y - {PLOT_H}) AS y
                        FROM generate_series(1, v.plot_count) AS g
                    ) AS r
                ) AS p
                """,  # noqa: S608 - constants only; values are bound
                {"descriptors": json.dumps(DESCRIPTORS), "quality": json.dumps(PLOT_QUALITY)},
            )
            conn.commit()
            timings["insert_s"] = time.perf_counter() - start
            start = time.perf_counter()
            for _name, definition in indexes:
                cur.execute(definition)
            conn.commit()
            timings["indexes_s"] = time.perf_counter() - start
        conn.autocommit = True
        with conn.cursor() as cur:
            start = time.perf_counter()
            cur.execute("VACUUM ANALYZE")
            timings["analyze_s"] = time.perf_counter() - start
    finally:
        conn.close()
    return timings


def fill_plots_spatialite(app: Flask, packs: list[dict[str, Any]], seed: int) -> dict[str, float]:
    """All versions' plots by executemany (the R*Tree triggers keep the index), then ANALYZE."""
    from server.extensions import db

    rng = random.Random(seed)
    descriptors, quality = json.dumps(DESCRIPTORS), json.dumps(PLOT_QUALITY)
    sql = (
        f"INSERT INTO plots ({PLOT_COLUMNS}) VALUES (?, ?, ?, ?, ?, 'Bench Collector', NULL, ?, "  # noqa: S608
        "'[]', 2500.0, BuildMbr(?, ?, ?, ?, 4326), "
        "AsBinary(BuildMbr(?, ?, ?, ?, 4326)), 'EPSG:2154', ?, 'A', ?)"
    )
    start = time.perf_counter()
    with app.app_context(), db.engine.begin() as conn:
        for p in packs:
            minx, miny, maxx, maxy = p["bbox"]
            for v in p["versions"]:
                rows = []
                for g in range(1, v["plot_count"] + 1):
                    x = minx + rng.random() * (maxx - minx - PLOT_W)
                    y = miny + rng.random() * (maxy - miny - PLOT_H)
                    box = (x, y, x + PLOT_W, y + PLOT_H)
                    day = dt.date(2024, 5, 2) + dt.timedelta(days=g % 90)
                    rows.append(
                        (v["id"], f"P{g:07d}", CLASSES[g % 4], CLCPLUS[g % 4], day.isoformat(),
                         descriptors, *box, *box, 80.0 + g % 20, quality)
                    )  # fmt: skip
                conn.exec_driver_sql(sql, rows)
    timings = {"insert_s": time.perf_counter() - start}
    start = time.perf_counter()
    with app.app_context(), db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    timings["analyze_s"] = time.perf_counter() - start
    return timings


# --------------------------------------------------------------------------- queries


class QueryLog:
    """Statements a request ran and the time spent in cursor.execute (engine events)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.statements: list[tuple[str, Any]] = []
        self.db_s = 0.0
        self._start = 0.0
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self._start = time.perf_counter()
        self.statements.append((statement, parameters))

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self.db_s += time.perf_counter() - self._start

    def reset(self) -> None:
        self.statements, self.db_s = [], 0.0

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._before)
        sa.event.remove(self.engine, "after_cursor_execute", self._after)


def random_box(rng: random.Random, size: tuple[float, float], within: tuple) -> tuple:
    w, h = size
    minx, miny, maxx, maxy = within
    x = rng.uniform(minx, max(minx, maxx - w))
    y = rng.uniform(miny, max(miny, maxy - h))
    return (round(x, 5), round(y, 5), round(x + w, 5), round(y + h, 5))


def make_queries(packs: list[dict[str, Any]], n: int, seed: int) -> dict[str, list[tuple]]:
    """(kind, url) lists: pack search and OGC items, half commune-, half department-size."""
    rng = random.Random(seed)
    big = [p for p in packs if p["big"]] or packs[:1]
    out: dict[str, list[tuple]] = {"packs": [], "items": []}
    for i in range(n):
        size_name, size = ("commune", COMMUNE) if i % 2 == 0 else ("department", DEPARTMENT)
        box = random_box(rng, size, FRANCE)
        out["packs"].append((size_name, "/api/v1/packs?bbox=" + ",".join(map(str, box))))
        p = big[i % len(big)]
        minx, miny, maxx, maxy = p["bbox"]
        if size_name == "commune":
            box = random_box(rng, COMMUNE, p["bbox"])
        else:  # half the pack's footprint: thousands of matching plots to count
            box = random_box(rng, ((maxx - minx) / 2, (maxy - miny) / 2), p["bbox"])
        url = f"/ogc/collections/{p['public_id']}/items?bbox=" + ",".join(map(str, box))
        out["items"].append((size_name, url))
    return out


def run_queries(app: Flask, queries: dict[str, list[tuple]], warmup: int = 20) -> dict[str, Any]:
    from server.extensions import db

    client = app.test_client()
    with app.app_context():
        engine = db.engine
    log = QueryLog(engine)
    results: dict[str, Any] = {}
    try:
        for endpoint, items in queries.items():
            for _size, url in items[:warmup]:  # warm caches and SQLAlchemy's statement cache
                assert client.get(url).status_code == 200
            samples: dict[str, list[float]] = {}
            db_share: dict[str, list[float]] = {}
            matched: dict[str, list[int]] = {}
            for size, url in items:
                log.reset()
                start = time.perf_counter()
                resp = client.get(url)
                elapsed = time.perf_counter() - start
                if resp.status_code != 200:
                    raise RuntimeError(f"{url}: {resp.status_code} {resp.get_data(as_text=True)}")
                body = resp.get_json()
                found = body.get("numberMatched", body.get("total", 0))
                for key in (size, "all"):
                    samples.setdefault(key, []).append(elapsed * 1000)
                    matched.setdefault(key, []).append(found)
                    db_share.setdefault(key, []).append(log.db_s / elapsed)
            results[endpoint] = {
                "latency_ms": {k: summary(v) for k, v in samples.items()},
                # sqlite3 runs a query lazily while rows are fetched: only PostgreSQL's
                # cursor.execute time is the database's time.
                "db_share_median": {k: statistics.median(v) for k, v in db_share.items()}
                if engine.dialect.name == "postgresql"
                else None,
                "matched_median": {k: round(statistics.median(v)) for k, v in matched.items()},
                "matched_max": {k: max(v) for k, v in matched.items()},
            }
            # one request of each size again, to capture its statements for the plans
            results[endpoint]["statements"] = {}
            for size in ("commune", "department"):
                url = next(u for s, u in items if s == size)
                log.reset()
                client.get(url)
                results[endpoint]["statements"][size] = {"url": url, "sql": list(log.statements)}
    finally:
        log.close()
    return results


def explain(app: Flask, statements: list[tuple[str, Any]]) -> list[str | None]:
    """Query plans of the SELECTs a request ran (EXPLAIN ANALYZE on PostgreSQL)."""
    from server.extensions import db

    plans = []
    with app.app_context(), db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        cur = raw.cursor()
        for statement, params in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                plans.append(None)
                continue
            if conn.dialect.name == "postgresql":
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            else:
                cur.execute("EXPLAIN QUERY PLAN " + statement, params)
            rows = cur.fetchall()
            plans.append("\n".join(" | ".join(str(c) for c in r) for r in rows))
        cur.close()
    return plans


# --------------------------------------------------------------------------- backends


def bench_backend(
    backend: str, args: argparse.Namespace, work: Path, pg: PostgresCluster | None
) -> dict[str, Any]:
    plots = args.plots if backend == "postgis" else args.spatialite_plots
    versions = (
        args.versions if backend == "postgis" else max(10, args.versions * plots // args.plots)
    )
    packs = plan_catalogue(plots, versions, args.seed)
    print(f"{backend}: filling {plots:,} plots in {versions:,} versions ...", flush=True)
    start = time.perf_counter()
    if backend == "postgis":
        assert pg is not None
        dbname = pg.create_database()
        app = migrated_app(pg.url(dbname), work / "instance-pg")
    else:
        template = migrated_spatialite_template(work)
        path = work / "search.sqlite"
        shutil.move(template, path)
        app = migrated_app(spatialite_url(path), work / "instance-sl")
    owner = create_bench_user(app)
    insert_catalogue(app, owner, packs)
    if backend == "postgis":
        dispose(app)
        fill = fill_plots_postgis(pg, dbname, args.seed)  # type: ignore[union-attr]
    else:
        fill = fill_plots_spatialite(app, packs, args.seed)
    fill["total_s"] = time.perf_counter() - start
    print(f"{backend}: filled in {fill['total_s']:.1f} s {fill}", flush=True)
    queries = make_queries(packs, args.queries, args.seed + 1)
    print(f"{backend}: {args.queries} pack searches + {args.queries} item queries ...", flush=True)
    start = time.perf_counter()
    results = run_queries(app, queries)
    query_s = time.perf_counter() - start
    for endpoint in results.values():
        for captured in endpoint["statements"].values():
            captured["plans"] = explain(app, captured["sql"])
            captured["sql"] = [s for s, _ in captured["sql"]]
    dispose(app)
    return {"plots": plots, "versions": versions, "fill": fill, "query_s": query_s, **results}


def report(all_results: dict[str, Any]) -> None:
    rows = []
    for backend, res in all_results.items():
        for endpoint in ("packs", "items"):
            for size in ("commune", "department", "all"):
                s = res[endpoint]["latency_ms"][size]
                shares = res[endpoint]["db_share_median"]
                share = None if shares is None else shares[size]
                target = (
                    "" if backend != "postgis" else ("yes" if s["p95"] <= TARGET_P95_MS else "NO")
                )
                name = "GET /api/v1/packs?bbox" if endpoint == "packs" else "OGC items?bbox"
                rows.append(
                    [backend, f"{res['plots']:,}", name, size, s["n"], s["p50"], s["p95"],
                     s["p99"], s["max"], "n/a" if share is None else f"{share:.0%}",
                     res[endpoint]["matched_median"][size], target]
                )  # fmt: skip
    print_table(
        ["backend", "plots", "query", "bbox", "n", "p50 ms", "p95 ms", "p99 ms", "max ms",
         "DB share", "matched (median)", f"p95 <= {TARGET_P95_MS:g}"],
        rows,
        "Search latency (Flask test client, one request at a time)",
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plots", type=int, default=1_000_000)
    parser.add_argument("--versions", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--backend", choices=("postgis", "spatialite", "both"), default="both")
    parser.add_argument("--spatialite-plots", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--show-plans", action="store_true", help="print the query plans")
    args = parser.parse_args(argv)

    load_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="vt-bench-search-"))
    all_results: dict[str, Any] = {}
    try:
        if args.backend in ("postgis", "both"):
            with PostgresCluster() as pg:
                all_results["postgis"] = bench_backend("postgis", args, work, pg)
                all_results["postgis"]["server"] = pg.server_version()
        if args.backend in ("spatialite", "both"):
            all_results["spatialite"] = bench_backend("spatialite", args, work, None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(all_results)
    if args.show_plans:
        for backend, res in all_results.items():
            for endpoint in ("packs", "items"):
                for size, captured in res[endpoint]["statements"].items():
                    print(f"\n--- {backend} {endpoint} {size}: {captured['url']}")
                    for sql, plan in zip(captured["sql"], captured["plans"], strict=False):
                        print(sql.strip()[:300], "\n", plan, "\n")
    write_results(
        "search", {"args": vars(args), "loadavg_start": load_start, "results": all_results}
    )
    pg_res = all_results.get("postgis")
    ok = pg_res is None or all(
        pg_res[e]["latency_ms"]["all"]["p95"] <= TARGET_P95_MS for e in ("packs", "items")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
