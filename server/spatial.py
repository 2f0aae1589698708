"""Make one code base run on SpatiaLite and PostGIS.

- `install_engine_hooks(engine)`: per-connection SQLite setup (mod_spatialite, WAL,
  busy timeout, foreign keys) and explicit transaction begins, see `_sqlite_begin`.
- `bbox_intersects(geom, ...)`: a bbox filter that really uses the spatial index on both
  backends (SpatiaLite never uses its R*Tree implicitly).
- `geometry_value(wkb)`: assign WKB to a Geometry column on both backends.
- `ST_MakeEnvelope` is mapped to SpatiaLite's `BuildMbr`, which takes the same arguments.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from geoalchemy2 import WKTElement
from geoalchemy2.admin.dialects.sqlite import register_sqlite_mapping
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement

register_sqlite_mapping({"ST_MakeEnvelope": "BuildMbr"})

EWKB_SRID_FLAG = 0x20000000

SQLITE_BUSY_TIMEOUT_MS = 30_000
SPATIALITE_MODULE = "mod_spatialite"
# Requests with these methods only read; their SQLite transactions begin DEFERRED so
# that readers never wait for a writer (WAL gives them a consistent snapshot).
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def install_engine_hooks(engine: sa.Engine) -> None:
    """Attach the SQLite/SpatiaLite connection hooks; a no-op for other dialects."""
    if engine.dialect.name != "sqlite":
        return
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # pysqlite opens transactions lazily and on its own terms; switch that off so
    # `_sqlite_begin` decides (this is SQLAlchemy's documented pysqlite recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # busy_timeout first: the journal_mode switch below may itself have to wait.
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    dbapi_conn.enable_load_extension(True)
    dbapi_conn.load_extension(SPATIALITE_MODULE)
    dbapi_conn.enable_load_extension(False)
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    """Begin IMMEDIATE (take the write lock now) unless this is a read-only request.

    A DEFERRED transaction that reads and later writes fails at once with "database is
    locked" when another connection wrote in between; the busy timeout cannot help. Taking
    the lock at BEGIN makes concurrent writers queue (up to the busy timeout) instead.
    Consequence: in POST/PUT/PATCH/DELETE requests, CLI commands and scripts, the first
    query holds SQLite's single write lock until commit/rollback, so do heavy parsing
    before it (or `db.session.rollback()` first when nothing is pending).
    """
    mode = "IMMEDIATE"
    if has_request_context() and request.method in READ_ONLY_METHODS:
        mode = "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


class _BBoxIntersects(ColumnElement[bool]):
    """Compiled per dialect, see `bbox_intersects`."""

    type = sa.Boolean()
    inherit_cache = False  # holds plain Python attributes, not cacheable members
    # Already a predicate: keeps SQLAlchemy from appending "= 1" on SQLite.
    _is_implicitly_boolean = True

    def __init__(
        self, geom: ColumnElement[Any], bbox: tuple[float, float, float, float], srid: int
    ):
        self.geom = geom
        self.bbox = tuple(float(v) for v in bbox)
        self.srid = srid

    def envelope(self) -> ColumnElement[Any]:
        return sa.func.ST_MakeEnvelope(*self.bbox, self.srid)


@compiles(_BBoxIntersects)
def _compile_bbox_default(element: _BBoxIntersects, compiler: Any, **kw: Any) -> str:
    # PostGIS: ST_Intersects inlines the `&&` operator, which uses the GiST index.
    return compiler.process(sa.func.ST_Intersects(element.geom, element.envelope()), **kw)


@compiles(_BBoxIntersects, "sqlite")
def _compile_bbox_sqlite(element: _BBoxIntersects, compiler: Any, **kw: Any) -> str:
    # SpatiaLite: pre-filter row ids through the R*Tree virtual table idx_<table>_<col>.
    column = element.geom
    table = column.table
    pk_cols = list(table.primary_key.columns)
    if len(pk_cols) != 1:
        raise ValueError(f"bbox_intersects needs a single-column primary key on {table.name}")
    min_x, min_y, max_x, max_y = element.bbox
    rtree = sa.table(
        f"idx_{table.name}_{column.name}",
        *(sa.column(c) for c in ("pkid", "xmin", "xmax", "ymin", "ymax")),
    )
    candidates = sa.select(rtree.c.pkid).where(
        rtree.c.xmin <= max_x, rtree.c.xmax >= min_x, rtree.c.ymin <= max_y, rtree.c.ymax >= min_y
    )
    expr = sa.and_(
        pk_cols[0].in_(candidates),
        sa.func.ST_Intersects(column, element.envelope()),
    )
    return f"({compiler.process(expr, **kw)})"  # parenthesised: safe under NOT / OR


def bbox_intersects(
    geom: Any, min_x: float, min_y: float, max_x: float, max_y: float, srid: int = 4326
) -> ColumnElement[bool]:
    """WHERE clause: `geom` intersects the box, using the spatial index on both backends.

    `geom` is a mapped geometry attribute (e.g. `Plot.geom`) or a table column whose table
    has a single integer primary key (SpatiaLite's R*Tree is keyed by rowid).
    """
    column = getattr(geom, "expression", geom)
    return _BBoxIntersects(column, (min_x, min_y, max_x, max_y), srid)


def geometry_value(wkb: bytes, srid: int = 4326) -> WKTElement:
    """A value for a Geometry column that works on both backends, from (E)WKB bytes.

    geoalchemy2 binds a `WKBElement` on SQLite through Shapely (not installed here), so
    plain WKB cannot be assigned there. WKT goes through `GeomFromEWKT` on both. Z/M are
    dropped: the columns are 2D and both backends reject 3D values. OGR writes 15
    significant digits (about 1e-13 degree).
    """
    from osgeo import ogr  # lazy: GDAL is heavy and only needed when writing geometries

    try:
        geom = ogr.CreateGeometryFromWkb(bytes(wkb))
    except RuntimeError as exc:  # raised instead of None once ogr.UseExceptions() ran
        raise ValueError(f"invalid WKB geometry: {exc}") from exc
    if geom is None:
        raise ValueError("invalid WKB geometry")
    geom.FlattenTo2D()
    return WKTElement(geom.ExportToIsoWkt(), srid=srid)


def spatial_index_exists(conn: sa.Connection, table: str, column: str) -> bool:
    """Whether the spatial index of `table.column` exists (and is enabled)."""
    if conn.dialect.name == "sqlite":
        row = conn.execute(
            sa.text(
                "SELECT spatial_index_enabled FROM geometry_columns "
                "WHERE f_table_name = :t AND f_geometry_column = :c"
            ),
            {"t": table.lower(), "c": column.lower()},
        ).first()
        return bool(row and row[0] == 1)
    row = conn.execute(
        sa.text("SELECT indexdef FROM pg_indexes WHERE tablename = :t AND indexname = :i"),
        {"t": table, "i": f"idx_{table}_{column}"},
    ).first()
    return bool(row and "gist" in row[0].lower())


def wkb_of(element: Any) -> bytes:
    """Plain (ISO/OGC) WKB of a geometry value read from either backend.

    geoalchemy2 hands back a `WKBElement` whose data is EWKB bytes (PostGIS) or a hex
    string (SpatiaLite); OGR wants plain WKB, so the SRID of EWKB is stripped here.
    """
    data = getattr(element, "data", element)
    raw = bytes.fromhex(data) if isinstance(data, str) else bytes(data)
    order = "<" if raw[0] == 1 else ">"
    (kind,) = struct.unpack(order + "I", raw[1:5])
    if kind & EWKB_SRID_FLAG:
        return raw[:1] + struct.pack(order + "I", kind & ~EWKB_SRID_FLAG) + raw[9:]
    return raw
