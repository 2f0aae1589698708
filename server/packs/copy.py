"""PostgreSQL ``COPY`` of plot rows, in the session's own transaction.

A 50,000-plot pack took ~5 s as multi-row INSERTs (server-side parsing of huge VALUES
lists and bytea literals) and ~2 s as COPY (see docs/benchmarks.md, Ingest). The rows are
those ``_insert_plots`` builds for the executemany path; values are encoded as that path's
drivers would store them (JSON via ``json.dumps``, a Python ``None`` in a JSON column as
JSON ``null``, as SQLAlchemy's ``JSON`` type does).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

#: Table columns, in COPY order, and how each row value is encoded.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("pack_version_id", "plain"),
    ("plot_id", "text"),
    ("class_code", "text"),
    ("clcplus_code", "plain"),
    ("observed_on", "text"),
    ("collector", "text"),
    ("descriptors", "json"),
    ("photos", "json"),
    ("notes", "text"),
    ("area_m2", "plain"),
    ("geom", "geometry"),
    ("geom_original_wkb", "bytea"),
    ("original_crs", "text"),
    ("quality_score", "plain"),
    ("quality_level", "text"),
    ("quality", "json"),
)
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_BATCH_ROWS = 5000  # bounded buffer: ~1-2 MB of text per COPY call for typical plots


def _field(value: Any, kind: str) -> str:
    """One value in COPY's text format (\\N is NULL)."""
    if kind == "json":
        return json.dumps(value).translate(_ESCAPES)
    if value is None:
        return "\\N"
    if kind == "geometry":  # row["wkb"]: ISO WKB in EPSG:4326; PostGIS parses SRID=n;HEX
        return "SRID=4326;" + bytes(value).hex()
    if kind == "bytea":
        return "\\\\x" + bytes(value).hex()  # the text \x... once COPY unescapes it
    if kind == "text":
        return str(value).translate(_ESCAPES)
    return str(value)


def copy_plots(connection: sa.Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """COPY ``rows`` (dicts with the ``plots`` columns, ``wkb`` for the geometry) into
    ``plots`` through ``connection``'s DBAPI connection (psycopg2), in its transaction."""
    names = ", ".join(name for name, _ in _COLUMNS)
    sql = f"COPY plots ({names}) FROM STDIN"
    dbapi = connection.connection.dbapi_connection
    buffer = io.StringIO()
    with dbapi.cursor() as cursor:
        for n, row in enumerate(rows, 1):
            buffer.write(
                "\t".join(
                    _field(row["wkb" if name == "geom" else name], kind) for name, kind in _COLUMNS
                )
            )
            buffer.write("\n")
            if n % _BATCH_ROWS == 0:
                _send(cursor, sql, buffer)
        _send(cursor, sql, buffer)


def _send(cursor: Any, sql: str, buffer: io.StringIO) -> None:
    if buffer.tell():
        buffer.seek(0)
        cursor.copy_expert(sql, buffer)
        buffer.seek(0)
        buffer.truncate()
