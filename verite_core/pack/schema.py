"""The pack JSON Schema and a small validator for the subset of it we use.

The schema file is the single description of the manifest's structure: the server
publishes it, the docs explain it, and this validator applies it offline (QGIS ships no
``jsonschema``). Tests check this validator against the reference ``jsonschema`` package.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import lru_cache
from typing import Any

from .problems import Problem
from .reference import DATA_DIR

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@lru_cache(maxsize=1)
def _schema() -> dict:
    with open(DATA_DIR / "pack.schema.json", encoding="utf-8") as fh:
        return json.load(fh)


def pack_schema() -> dict:
    """The pack JSON Schema (GeoJSON encoding; ``$defs.manifest`` is the manifest)."""
    return copy.deepcopy(_schema())


def _path(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref supported, got {ref}")
        target: Any = _schema()
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _check(value: Any, node: dict, where: str, out: list[Problem]) -> None:
    node = _resolve(node)
    field = where or None
    if "const" in node and value != node["const"]:
        out.append(Problem("schema.const", f"must be {node['const']!r}, got {value!r}", field))
        return
    if "enum" in node and value not in node["enum"]:
        allowed = ", ".join(repr(v) for v in node["enum"])
        out.append(Problem("schema.enum", f"must be one of {allowed}; got {value!r}", field))
        return
    if "type" in node:
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if not any(_TYPES[t](value) for t in types):
            out.append(
                Problem(
                    "schema.type",
                    f"must be of type {' or '.join(types)}, got {type(value).__name__}",
                    field,
                )
            )
            return
    if isinstance(value, str):
        _check_string(value, node, field, out)
    elif _TYPES["number"](value):
        _check_number(value, node, field, out)
    elif isinstance(value, list):
        _check_array(value, node, where, out)
    elif isinstance(value, dict):
        _check_object(value, node, where, out)


def _check_string(value: str, node: dict, field: str | None, out: list[Problem]) -> None:
    if len(value) < node.get("minLength", 0):
        out.append(
            Problem("schema.too_short", f"must have at least {node['minLength']} characters", field)
        )
    if "maxLength" in node and len(value) > node["maxLength"]:
        out.append(
            Problem("schema.too_long", f"must have at most {node['maxLength']} characters", field)
        )
    if "pattern" in node and not re.search(node["pattern"], value):
        out.append(
            Problem("schema.pattern", f"{value[:80]!r} does not match {node['pattern']}", field)
        )
    if node.get("format") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            out.append(Problem("schema.date", f"{value[:40]!r} is not a date (YYYY-MM-DD)", field))


def _check_number(value: float, node: dict, field: str | None, out: list[Problem]) -> None:
    if value != value or value in (float("inf"), float("-inf")):
        out.append(Problem("schema.number", "must be a finite number", field))
    if "minimum" in node and value < node["minimum"]:
        out.append(Problem("schema.minimum", f"must be >= {node['minimum']}, got {value}", field))
    if "maximum" in node and value > node["maximum"]:
        out.append(Problem("schema.maximum", f"must be <= {node['maximum']}, got {value}", field))
    if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
        out.append(
            Problem("schema.minimum", f"must be > {node['exclusiveMinimum']}, got {value}", field)
        )


def _check_array(value: list, node: dict, where: str, out: list[Problem]) -> None:
    field = where or None
    if len(value) < node.get("minItems", 0):
        out.append(
            Problem("schema.too_few", f"must have at least {node['minItems']} item(s)", field)
        )
    if "maxItems" in node and len(value) > node["maxItems"]:
        out.append(Problem("schema.too_many", f"must have at most {node['maxItems']} items", field))
        return
    if "items" in node:
        for i, item in enumerate(value):
            _check(item, node["items"], _path(where, i), out)


def _check_object(value: dict, node: dict, where: str, out: list[Problem]) -> None:
    props = node.get("properties", {})
    for key in node.get("required", []):
        if key not in value or value[key] is None:
            out.append(Problem("schema.required", "is required", _path(where, key)))
    for key, item in value.items():
        if key in props:
            if item is None and key not in node.get("required", []):
                continue  # optional members may be null
            _check(item, props[key], _path(where, key), out)
        elif node.get("additionalProperties") is False:
            out.append(Problem("schema.unknown", "is not a known member", _path(where, str(key))))


def validate_against(value: Any, definition: str | None = None, where: str = "") -> list[Problem]:
    """Check ``value`` against the whole schema or one of its ``$defs`` (e.g. ``manifest``)."""
    node = {"$ref": f"#/$defs/{definition}"} if definition else _schema()
    out: list[Problem] = []
    _check(value, node, where, out)
    return out
