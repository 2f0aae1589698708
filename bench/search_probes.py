"""Probe: SQL compilation cost of the bbox queries (no database needed).

    .venv/bin/python -m bench.search_probes [--rounds 300]

`server.spatial._BBoxIntersects` sets `inherit_cache = False`, so any statement that
contains `bbox_intersects(...)` has no cache key and SQLAlchemy compiles it again on
every request. This measures, per dialect, the compile time of the statements the
pack search and the OGC items endpoint build, against the same statements written with
a cacheable `ST_Intersects(geom, ST_MakeEnvelope(:p1, :p2, :p3, :p4, 4326))` whose
compiled form SQLAlchemy would reuse (a cache hit costs a cache-key lookup only).
Nothing in server/ is changed; writes bench/results/search-probes-*.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `server` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.dialects import postgresql, sqlite  # noqa: E402

from bench.common import print_table, write_results  # noqa: E402

BBOX = (3.8, 47.8, 4.3, 48.2)


def cacheable_bbox(geom: Any, *bbox: float, srid: int = 4326) -> Any:
    """PostGIS form of bbox_intersects with the coordinates as bound parameters."""
    column = getattr(geom, "expression", geom)
    coords = (sa.literal(float(v), sa.Float) for v in bbox)
    return sa.func.ST_Intersects(column, sa.func.ST_MakeEnvelope(*coords, srid))


def statements(bbox_fn: Callable[..., Any]) -> dict[str, Callable[[], Any]]:
    from server.packs.models import Pack, PackVersion, Plot

    def items() -> Any:
        return sa.select(Plot).where(Plot.pack_version_id == 3, bbox_fn(Plot.geom, *BBOX))

    def packs() -> Any:
        return (
            sa.select(Pack, PackVersion)
            .join(
                PackVersion,
                sa.and_(PackVersion.pack_id == Pack.id, PackVersion.version == Pack.latest_version),
            )
            .where(bbox_fn(PackVersion.footprint, *BBOX))
        )

    return {
        "items: count": lambda: sa.select(sa.func.count()).select_from(items().subquery()),
        "items: page": lambda: items().order_by(Plot.id).limit(100),
        "packs: count": lambda: sa.select(sa.func.count()).select_from(packs().subquery()),
        "packs: page": lambda: packs().order_by(Pack.updated_at.desc()).limit(20),
    }


def compile_ms(build: Callable[[], Any], dialect: sa.Dialect, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        build().compile(dialect=dialect)
    return (time.perf_counter() - start) * 1000 / rounds


def cache_key_ms(build: Callable[[], Any], rounds: int) -> float:
    """What a cache hit costs instead of a compile: building the cache key."""
    start = time.perf_counter()
    for _ in range(rounds):
        build()._generate_cache_key()
    return (time.perf_counter() - start) * 1000 / rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args(argv)
    from server.spatial import bbox_intersects

    dialects = {"postgresql": postgresql.psycopg2.dialect(), "sqlite": sqlite.pysqlite.dialect()}
    current = statements(bbox_intersects)
    cacheable = statements(cacheable_bbox)
    rows, out = [], []
    for name, build in current.items():
        for dname, dialect in dialects.items():
            entry = {
                "statement": name,
                "dialect": dname,
                "has_cache_key": build()._generate_cache_key() is not None,
                "compile_ms": compile_ms(build, dialect, args.rounds),
            }
            if dname == "postgresql":
                alt = cacheable[name]
                entry["cacheable_has_cache_key"] = alt()._generate_cache_key() is not None
                entry["cacheable_cache_key_ms"] = cache_key_ms(alt, args.rounds)
            out.append(entry)
            rows.append(
                [name, dname, "yes" if entry["has_cache_key"] else "no", entry["compile_ms"],
                 entry.get("cacheable_cache_key_ms", "")]
            )  # fmt: skip
    print_table(
        ["statement", "dialect", "cached?", "build + compile ms (now, every request)",
         "build + cache key ms (cacheable variant)"],
        rows,
        "SQL compilation per request of the bbox queries",
    )  # fmt: skip
    write_results("search-probes", {"rounds": args.rounds, "probes": out})
    return 0


if __name__ == "__main__":
    sys.exit(main())
