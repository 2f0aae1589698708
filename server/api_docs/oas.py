"""Small builders for OpenAPI 3.0 objects, so the path modules read like a table.

Every builder returns plain dicts (the document is JSON); nothing here knows the routes.
"""

from __future__ import annotations

from typing import Any

JSON = "application/json"
GEOJSON = "application/geo+json"
GPKG = "application/geopackage+sqlite3"
PROBLEM = "application/problem+json"
MULTIPART = "multipart/form-data"

#: Status → name of the shared problem response in `components/responses`.
ERROR_RESPONSES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
    422: "ValidationFailed",
}

BEARER = [{"bearerAuth": []}]


def ref(name: str, kind: str = "schemas") -> dict[str, str]:
    """A `$ref` to `#/components/<kind>/<name>`."""
    return {"$ref": f"#/components/{kind}/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0 spelling of 'this or null' (a `$ref` cannot carry siblings)."""
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def string(description: str = "", **extra: Any) -> dict[str, Any]:
    return _described({"type": "string", **extra}, description)


def integer(description: str = "", **extra: Any) -> dict[str, Any]:
    return _described({"type": "integer", **extra}, description)


def number(description: str = "", **extra: Any) -> dict[str, Any]:
    return _described({"type": "number", **extra}, description)


def boolean(description: str = "") -> dict[str, Any]:
    return _described({"type": "boolean"}, description)


def array(items: dict[str, Any], description: str = "", **extra: Any) -> dict[str, Any]:
    return _described({"type": "array", "items": items, **extra}, description)


def obj(
    properties: dict[str, Any],
    required: tuple[str, ...] | list[str] = (),
    description: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """An object schema; `required` lists the members always present."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return _described(schema, description)


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    if description:
        schema["description"] = description
    return schema


def param(
    name: str,
    where: str,
    description: str,
    schema: dict[str, Any] | None = None,
    *,
    required: bool = False,
    example: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """A parameter object (`where`: path | query | header); path parameters are required."""
    found: dict[str, Any] = {
        "name": name,
        "in": where,
        "description": description,
        "required": required or where == "path",
        "schema": schema or {"type": "string"},
    }
    if example is not None:
        found["example"] = example
    found.update(extra)
    return found


def path_param(
    name: str, description: str, schema: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    return param(name, "path", description, schema, **kw)


def query(
    name: str, description: str, schema: dict[str, Any] | None = None, **kw: Any
) -> dict[str, Any]:
    return param(name, "query", description, schema, **kw)


def content(schema: dict[str, Any], media_type: str = JSON, example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {media_type: media}


def response(
    description: str,
    schema: dict[str, Any] | None = None,
    media_type: str = JSON,
    *,
    headers: dict[str, Any] | None = None,
    example: Any = None,
) -> dict[str, Any]:
    """A response object; without a schema it has no body (e.g. 204)."""
    found: dict[str, Any] = {"description": description}
    if schema is not None:
        found["content"] = content(schema, media_type, example)
    if headers:
        found["headers"] = headers
    return found


def header(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "schema": schema or {"type": "string"}}


def json_body(
    schema: dict[str, Any], example: Any = None, *, required: bool = True
) -> dict[str, Any]:
    """A JSON request body; its example is what the curl samples send."""
    return {"required": required, "content": content(schema, JSON, example)}


def operation(
    operation_id: str,
    tag: str,
    summary: str,
    responses: dict[str, Any],
    *,
    description: str = "",
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    errors: tuple[int, ...] = (),
    secured: bool = False,
) -> dict[str, Any]:
    """An operation: success `responses` plus the shared problem responses of `errors`.

    A `secured` operation needs a bearer token and may answer 401; a JSON body may be
    refused with 400 (malformed) or 415 (not JSON) by `server.errors.json_object`.
    """
    statuses = set(errors)
    if secured:
        statuses.add(401)
    if body is not None and JSON in body.get("content", {}):
        statuses.update((400, 415))
    op: dict[str, Any] = {"operationId": operation_id, "tags": [tag], "summary": summary}
    if description:
        op["description"] = description
    if parameters:
        op["parameters"] = parameters
    if body is not None:
        op["requestBody"] = body
    all_responses = dict(responses)
    for status in sorted(statuses):
        all_responses[str(status)] = ref(ERROR_RESPONSES[status], "responses")
    op["responses"] = all_responses
    if secured:
        op["security"] = BEARER
    return op
