"""`components` of the OpenAPI document: data schemas, problem responses, security.

The shapes mirror what the views return: `server.errors` (problems), `server.auth.models`
(User, ApiToken) and the bundled reference data here; packs, quality and plots are in
`schemas_packs`, the OGC API Features schemas in `paths_ogc`.
"""

from __future__ import annotations

from typing import Any

from server.api_docs.oas import (
    ERROR_RESPONSES,
    PROBLEM,
    array,
    boolean,
    header,
    integer,
    nullable,
    obj,
    ref,
    response,
    string,
)
from server.api_docs.paths_ogc import ogc_parameters, ogc_schemas
from server.api_docs.schemas_packs import DATETIME, pack_schemas
from server.auth.models import EXPERTISE_LEVELS, ROLES


def _problem_schemas() -> dict[str, Any]:
    item = obj(
        {
            "code": string("Stable machine-readable slug, e.g. `plot.area-too-small`."),
            "message": string("Human-readable explanation."),
            "field": nullable(string("Offending field or manifest path.")),
            "plot_id": nullable(string("Offending plot, when the problem is about one plot.")),
            "other_plot_id": nullable(
                string("The second plot of a pair (e.g. overlapping plots).")
            ),
            "severity": string(enum=["error", "warning", "info"]),
        },
        ["code", "message", "severity"],
        "One finding of a validation.",
    )
    problem = obj(
        {
            "type": string(
                "`/problems/<code>`", format="uri-reference", example="/problems/pack-not-found"
            ),
            "code": string(
                "Stable slug naming the error; switch on this, not on the text.",
                example="pack-not-found",
            ),
            "title": string("Short summary of the HTTP status.", example="Not Found"),
            "status": integer("HTTP status code.", example=404),
            "detail": string("Explanation specific to this occurrence."),
            "instance": string("Path of the request that failed.", format="uri-reference"),
            "field": string("Query parameter or form field at fault (some 400 problems)."),
            "versions": array(integer(), "Existing versions (`version-not-found`)."),
            "roles": array(string(), "Roles that would be allowed (`role-required`)."),
            "max_bytes": integer("Upload size limit (413)."),
            "fingerprint": string("Id of an unexpected error (500) to quote in bug reports."),
        },
        ["type", "code", "title", "status"],
        "RFC 9457 problem document (`application/problem+json`): every error has this shape.",
        additionalProperties=True,
    )
    validation = {
        "allOf": [
            ref("Problem"),
            obj(
                {
                    "problems": array(
                        ref("ProblemItem"), "Every problem found, errors and warnings."
                    ),
                    "truncated": boolean("True when the list was cut after too many problems."),
                },
                ["problems"],
            ),
        ],
        "description": "422 problem with the list of validation findings; nothing was stored.",
    }
    return {"Problem": problem, "ProblemItem": item, "ValidationProblems": validation}


def _auth_schemas() -> dict[str, Any]:
    user = obj(
        {
            "id": integer(),
            "username": string(example="alice"),
            "role": string(enum=list(ROLES)),
            "expertise": string(enum=list(EXPERTISE_LEVELS)),
            "expertise_verified": boolean("A reviewer or admin confirmed the declared expertise."),
            "reviewed_plots": integer("Plots of this user that reviewers judged."),
            "confirmed_plots": integer("Of those, plots whose class was confirmed."),
            "created_at": nullable(DATETIME),
            "email": nullable(
                string("Only shown to the user themself and to admins.", format="email")
            ),
        },
        ["id", "username", "role", "expertise", "expertise_verified"],
        "An account.",
    )
    token_info = obj(
        {
            "id": integer(),
            "name": nullable(string(maxLength=80)),
            "prefix": string(
                "First characters of the secret, to recognise it.", example="vt_3fQx8aZk"
            ),
            "created_at": nullable(DATETIME),
            "last_used_at": nullable(DATETIME),
            "revoked_at": nullable(DATETIME),
        },
        ["id", "prefix"],
        "An API token, without its secret (which the server never stores).",
    )
    token = {
        "allOf": [
            ref("TokenInfo"),
            obj(
                {
                    "token": string(
                        "The secret: send it as `Authorization: Bearer <token>`. Shown once."
                    ),
                    "token_type": string(enum=["Bearer"]),
                },
                ["token", "token_type"],
            ),
        ],
        "description": "A new API token with its secret.",
    }
    expertise = string(enum=list(EXPERTISE_LEVELS))
    return {
        "User": user,
        "TokenInfo": token_info,
        "Token": token,
        "TokenList": obj({"items": array(ref("TokenInfo"))}, ["items"]),
        "RegisterRequest": obj(
            {
                "username": string(
                    "3-80 characters: letters, digits, `_ . -`, starting with a letter or digit.",
                    pattern="^[A-Za-z0-9][A-Za-z0-9_.-]{2,79}$",
                ),
                "password": string(minLength=8, format="password"),
                "email": string(format="email"),
                "expertise": {**expertise, "default": "volunteer"},
            },
            ["username", "password"],
        ),
        "LoginRequest": obj(
            {
                "username": string(),
                "password": string(format="password"),
                "token_name": string("Name of the token created (default `login`).", maxLength=80),
            },
            ["username", "password"],
        ),
        "TokenRequest": obj({"name": string("A label for the token.", maxLength=80)}),
        "VerifyExpertiseRequest": obj(
            {"expertise": {**expertise, "description": "Also set this level."}}
        ),
        "UserUpdateRequest": obj({"role": string(enum=list(ROLES))}, ["role"]),
    }


def _reference_schemas() -> dict[str, Any]:
    klass = obj(
        {
            "code": string(),
            "name": string(),
            "color": string(example="#238b23"),
            "clcplus": nullable(integer(minimum=1, maximum=11)),
            "eagle": obj({"lcc": array(string()), "lch": array(string())}),
        },
        ["code", "name"],
    )
    nomenclature = obj(
        {
            "id": string(example="clcplus-backbone"),
            "name": string(),
            "version": string(),
            "eagle_version": string(),
            "description": string(),
            "classes": array(klass),
        },
        ["id", "name", "classes"],
        "A recommended nomenclature with its EAGLE and CLC+ Backbone mappings.",
        additionalProperties=True,
    )
    descriptor_set = obj(
        {
            "id": string(example="forest-structure"),
            "name": string(),
            "version": string(),
            "applies_to_clcplus": array(integer()),
            "applies_to_codes": array(string()),
            "descriptors": array(obj({}, additionalProperties=True)),
            "constraints": array(obj({}, additionalProperties=True)),
        },
        ["id", "name", "descriptors"],
        "A recommended set of plot descriptors (attributes beyond the class).",
        additionalProperties=True,
    )
    return {
        "Nomenclature": nomenclature,
        "NomenclatureList": obj({"items": array(ref("Nomenclature"))}, ["items"]),
        "DescriptorSet": descriptor_set,
        "DescriptorSetList": obj({"items": array(ref("DescriptorSet"))}, ["items"]),
    }


def _error_responses() -> dict[str, Any]:
    texts = {
        400: "Malformed request: bad query parameter, JSON body or multipart form.",
        401: "Missing, unknown or revoked API token, or wrong credentials.",
        403: "Authenticated, but not allowed (role or ownership).",
        404: "No such resource.",
        409: "Conflicts with the current state (name taken, concurrent publication, last admin).",
        413: "The upload exceeds the server's size limit (`max_bytes`).",
        415: "Wrong media type: JSON or multipart/form-data expected, or not a pack file.",
        422: "Validation failed; `problems` lists every finding and nothing was stored.",
    }
    found = {}
    for status, name in ERROR_RESPONSES.items():
        schema = ref("ValidationProblems" if status == 422 else "Problem")
        headers = (
            {"WWW-Authenticate": header('`Bearer realm="verite-terrain"`')}
            if status == 401
            else None
        )
        found[name] = response(texts[status], schema, PROBLEM, headers=headers)
    return found


def components() -> dict[str, Any]:
    """The whole `components` object (OGC schemas come from `server.api_docs.paths_ogc`)."""
    schemas: dict[str, Any] = {}
    for part in (
        _problem_schemas,
        _auth_schemas,
        pack_schemas,
        _reference_schemas,
        ogc_schemas,
    ):
        schemas.update(part())
    return {
        "schemas": schemas,
        "responses": _error_responses(),
        "parameters": ogc_parameters(),
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "`Authorization: Bearer <token>`: a token from POST /api/v1/auth/login "
                "or POST /api/v1/auth/tokens.",
            }
        },
    }
