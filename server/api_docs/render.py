"""Turn the OpenAPI document into what the HTML page shows (the template only loops).

Types are rendered as a list of parts, ("text", "array of ") or ("ref", "PackSummary"),
so that the template can link schema names to their section without building HTML here.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from server.api_docs.oas import JSON, MULTIPART

METHOD_ORDER = ("get", "post", "put", "patch", "delete")
TypeParts = list[tuple[str, str]]
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


@dataclass
class PropertyView:
    name: str
    type: TypeParts
    required: bool
    description: Markup


@dataclass
class ParamView:
    name: str
    location: str
    required: bool
    type: TypeParts
    description: Markup


@dataclass
class MediaView:
    media_type: str
    type: TypeParts
    fields: list[PropertyView] = field(default_factory=list)  # members of an inline object


@dataclass
class ResponseView:
    status: str
    description: Markup
    media: list[MediaView]
    headers: list[str]


@dataclass
class OperationView:
    anchor: str
    method: str
    path: str
    summary: str
    description: Markup
    secured: bool
    parameters: list[ParamView]
    body_required: bool
    body_description: Markup
    body: list[MediaView]
    responses: list[ResponseView]
    curl: str


@dataclass
class TagView:
    anchor: str
    name: str
    description: Markup
    operations: list[OperationView] = field(default_factory=list)


@dataclass
class SchemaView:
    anchor: str
    name: str
    description: Markup
    type: TypeParts
    extends: list[str]
    properties: list[PropertyView]


def inline_markdown(text: str | None) -> Markup:
    """Escape, then render `code` and **bold**; blank lines separate paragraphs."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        if not block:
            continue
        html = str(escape(" ".join(block.split())))
        html = _CODE.sub(r"<code>\1</code>", html)
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        paragraphs.append(f"<p>{html}</p>")
    return Markup("\n".join(paragraphs))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _ref_name(node: dict[str, Any]) -> str:
    return node["$ref"].rsplit("/", 1)[-1]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/components/...`) to its target."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def type_parts(schema: dict[str, Any] | None) -> TypeParts:
    """A short human description of a schema's type, e.g. array of PackSummary."""
    if not schema:
        return [("text", "any")]
    if "$ref" in schema:
        return [("ref", _ref_name(schema))]
    suffix: TypeParts = [("text", " or null")] if schema.get("nullable") else []
    for key, joiner in (("allOf", " and "), ("oneOf", " or "), ("anyOf", " or ")):
        if key in schema:
            parts: TypeParts = []
            for i, sub in enumerate(schema[key]):
                if i:
                    parts.append(("text", joiner))
                parts.extend(type_parts(sub))
            return parts + suffix
    kind = schema.get("type")
    if kind == "array":
        return [("text", "array of ")] + type_parts(schema.get("items")) + suffix
    if (
        kind == "object"
        and not schema.get("properties")
        and isinstance(schema.get("additionalProperties"), dict)
    ):
        return [("text", "map of ")] + type_parts(schema["additionalProperties"]) + suffix
    label = kind or "any"
    if "format" in schema:
        label += f" ({schema['format']})"
    if "enum" in schema:
        label += ": " + " | ".join(str(v) for v in schema["enum"])
    limits = [
        f"{word} {schema[key]}"
        for key, word in (("minimum", "min"), ("maximum", "max"), ("default", "default"))
        if key in schema
    ]
    if limits:
        label += f" [{', '.join(limits)}]"
    return [("text", label)] + suffix


def _properties(schema: dict[str, Any]) -> list[PropertyView]:
    required = set(schema.get("required", []))
    return [
        PropertyView(
            name, type_parts(sub), name in required, inline_markdown(sub.get("description"))
        )
        for name, sub in schema.get("properties", {}).items()
    ]


def _media(content: dict[str, Any]) -> list[MediaView]:
    found = []
    for media_type, media in content.items():
        schema = media.get("schema") or {}
        fields = _properties(schema) if "$ref" not in schema else []
        found.append(MediaView(media_type, type_parts(schema), fields))
    return found


def _example_value(param: dict[str, Any]) -> str | None:
    example = param.get("example", param.get("schema", {}).get("default"))
    if example is None:
        return None
    if isinstance(example, list):
        return ",".join(str(v) for v in example)
    return str(example)


def curl_example(
    base_url: str, method: str, path: str, op: dict[str, Any], params: list[dict[str, Any]]
) -> str:
    """A copy-pasteable curl command; `$TOKEN` stands for the caller's API token."""
    url_path = path
    query = []
    for param in params:
        value = _example_value(param)
        if param["in"] == "path":
            url_path = url_path.replace("{" + param["name"] + "}", value or param["name"].upper())
        elif param["in"] == "query" and "example" in param and len(query) < 2:
            query.append(f"{param['name']}={value}")
    url = base_url.rstrip("/") + url_path + ("?" + "&".join(query) if query else "")
    lines = ["curl"]
    if method != "get":
        lines[0] += f" -X {method.upper()}"
    if _is_download(op):
        lines[0] += " -OJ"  # save under the server's file name
    if op.get("security"):
        lines.append('-H "Authorization: Bearer $TOKEN"')
    content = op.get("requestBody", {}).get("content", {})
    if MULTIPART in content:
        lines.append("-F 'file=@pack.gpkg'")
    elif JSON in content:
        example = content[JSON].get("example", {})
        lines.append("-H 'Content-Type: application/json'")
        lines.append("-d " + shlex.quote(json.dumps(example, ensure_ascii=False)))
    lines.append(shlex.quote(url))
    return " ".join(lines) if len(lines) == 2 else " \\\n  ".join(lines)


def _is_download(op: dict[str, Any]) -> bool:
    """True when the success response is a file (binary) rather than a JSON document."""
    media = op["responses"].get("200", {}).get("content", {})
    return any(m.get("schema", {}).get("format") == "binary" for m in media.values())


def _operation(
    spec: dict[str, Any], base_url: str, path: str, method: str, op: dict[str, Any]
) -> OperationView:
    params = [resolve(spec, p) for p in op.get("parameters", [])]
    body = resolve(spec, op.get("requestBody", {}))
    responses = []
    for status, resp in op["responses"].items():
        resp = resolve(spec, resp)
        responses.append(
            ResponseView(
                status,
                inline_markdown(resp.get("description")),
                _media(resp.get("content", {})),
                sorted(resp.get("headers", {})),
            )
        )
    return OperationView(
        anchor=f"op-{op['operationId']}",
        method=method,
        path=path,
        summary=op.get("summary", ""),
        description=inline_markdown(op.get("description")),
        secured=bool(op.get("security")),
        parameters=[
            ParamView(
                p["name"],
                p["in"],
                bool(p.get("required")),
                type_parts(p.get("schema")),
                inline_markdown(p.get("description")),
            )
            for p in params
        ],
        body_required=bool(body.get("required")),
        body_description=inline_markdown(body.get("description")),
        body=_media(body.get("content", {})),
        responses=sorted(responses, key=lambda r: r.status),
        curl=curl_example(base_url, method, path, op, params),
    )


def _schema(name: str, schema: dict[str, Any]) -> SchemaView:
    parts = schema.get("allOf", [schema])
    extends = [_ref_name(p) for p in parts if "$ref" in p]
    properties = [prop for part in parts for prop in _properties(part)]
    kind = [("text", "object")] if properties or extends else type_parts(schema)
    return SchemaView(
        f"schema-{name}",
        name,
        inline_markdown(schema.get("description")),
        kind,
        extends,
        properties,
    )


def docs_model(spec: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Everything the template needs: info, tags with their operations, and schemas."""
    tags = {
        t["name"]: TagView(
            f"tag-{slug(t['name'])}", t["name"], inline_markdown(t.get("description"))
        )
        for t in spec.get("tags", [])
    }
    for path, item in spec["paths"].items():
        for method in METHOD_ORDER:
            if method not in item:
                continue
            op = item[method]
            name = (op.get("tags") or ["Other"])[0]
            tag = tags.setdefault(name, TagView(f"tag-{slug(name)}", name, Markup("")))
            tag.operations.append(_operation(spec, base_url, path, method, op))
    schemas = [
        _schema(name, s) for name, s in spec.get("components", {}).get("schemas", {}).items()
    ]
    return {
        "info": spec["info"],
        "description": inline_markdown(spec["info"].get("description")),
        "tags": [t for t in tags.values() if t.operations],
        "schemas": schemas,
    }
