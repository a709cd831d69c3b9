"""Finishing the generated OpenAPI document so it states what the API does on the wire.

ninja documents the success bodies. This adds what every operation shares: the `API-Version`
header on every response, the problem+json body of every error response, and the error statuses
each operation can answer (400 and 413 when it takes a body, 400 when it takes parameters, 401/403 and
503 when it needs a caller, 404 when its path names a resource, 500 always, plus what the endpoint
declares with `problems(...)`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_noop

from .versioning import API_VERSION, API_VERSION_HEADER

PROBLEM_REF = "#/components/schemas/Problem"
VERSION_HEADER_REF = f"#/components/headers/{API_VERSION_HEADER}"

ERROR_DESCRIPTIONS = {
    400: "Invalid input. `detail` names each field at fault as sent (e.g. `vNumber`); the extension "
    "member `invalidParams` lists them as `{name, reason}`. Type `.../problems/request`: the request does "
    "not fit this document; `.../problems/validation`: it does, and a rule refuses it (an unknown "
    "referenced id, a date in the future, the facts of the case).",
    401: "No valid credentials: send `Authorization: Bearer <token>` (or use a browser session).",
    403: "The caller may not do this (role, team, or a missing CSRF token with a session).",
    404: "Not found, or not visible to the caller: the API does not reveal that a case exists.",
    409: "Conflict: the case changed since it was read (`version`), or the phase does not allow this.",
    413: "The request body is larger than the limit (`REGIE_MAX_BODY_BYTES`, 2.5 MiB by default): the body "
    "is not read.",
    500: "Unexpected error. `detail` gives a request id to quote; no internals are disclosed.",
    503: "Busy: the database could not take this write in time (another write held it). Try again after "
    "the seconds in `Retry-After`; nothing was written.",
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": (
        "RFC 9457 problem details. `detail` is Dutch by default and English with `Accept-Language: en`, "
        "and names the field(s) at fault. Input errors (400) add the extension member "
        "`invalidParams`: an array of `{name, reason}` objects, one per invalid field."
    ),
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": "Identifies the kind of problem.",
            "examples": ["https://regie.example.org/api/v1/problems/validation"],
        },
        "title": {
            "type": "string",
            "description": "Short summary of the kind of problem.",
            "examples": [gettext_noop("Ongeldige invoer")],
        },
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status code."},
        "detail": {
            "type": "string",
            "description": "What went wrong in this occurrence, naming the field(s).",
            "examples": ["vNumber: Een V-nummer bestaat uit precies 10 cijfers."],
        },
        "instance": {
            "type": "string",
            "format": "uri",
            "description": "This occurrence: the request id, also sent in the X-Request-Id header.",
            "examples": ["urn:regie:request:3f2a9c0d1e6b4a58b1f0c2d3e4f5a6b7"],
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}

RETRY_AFTER_HEADER: dict[str, Any] = {
    "description": "Seconds to wait before sending the request again.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "examples": [1]},
}

VERSION_HEADER: dict[str, Any] = {
    "description": "The full semantic version of the API that answered.",
    "required": True,
    "schema": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$", "examples": [API_VERSION]},
}


def problems(*statuses: int) -> dict[str, Any]:
    """`openapi_extra` for an endpoint that can answer these error statuses beyond the shared ones."""
    return {"responses": {status: {"description": ERROR_DESCRIPTIONS[status]} for status in statuses}}


def _error_statuses(path: str, operation: dict[str, Any]) -> set[int]:
    statuses = {500}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.add(400)
    if operation.get("requestBody"):
        statuses.add(413)
    if operation.get("security"):
        # A caller's request writes (the access log, the token's last use): it may meet a busy database.
        statuses.update({401, 403, 503})
    if "{" in path:
        statuses.add(404)
    return statuses


def _used_refs(node: Any) -> set[str]:
    return {ref.rsplit("/", 1)[-1] for ref in _refs(node)}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        for value in node.values():
            found.extend(_refs(value))
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            yield path, operation


def _finish_responses(path: str, operation: dict[str, Any]) -> None:
    responses = {str(status): body for status, body in operation.get("responses", {}).items()}
    for error in _error_statuses(path, operation):
        responses.setdefault(str(error), {"description": ERROR_DESCRIPTIONS[error]})
    for status, response in responses.items():
        response.setdefault("headers", {})[API_VERSION_HEADER] = {"$ref": VERSION_HEADER_REF}
        if status == "503":
            response["headers"]["Retry-After"] = RETRY_AFTER_HEADER
        if status[0] in "45":
            response["content"] = {"application/problem+json": {"schema": {"$ref": PROBLEM_REF}}}
    operation["responses"] = dict(sorted(responses.items()))


def _declare_tags(schema: dict[str, Any]) -> None:
    """Every tag an operation uses is declared (apps add routers without touching the tag list)."""
    tags = schema["tags"] = [dict(tag) for tag in schema.get("tags", [])]
    declared = {tag["name"] for tag in tags}
    for _, operation in _operations(schema):
        for tag in operation.get("tags", []):
            if tag not in declared:
                tags.append({"name": tag, "description": f"Operations on {tag.replace('-', ' ')}."})
                declared.add(tag)


def _drop_property_titles(schema: dict[str, Any]) -> None:
    """pydantic's titles are guesses from the camelCase names ("Vnumber"): noise for readers."""
    for component in schema["components"]["schemas"].values():
        for prop in component.get("properties", {}).values():
            prop.pop("title", None)
    for _, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            parameter.get("schema", {}).pop("title", None)


def _drop_unused_schemas(schema: dict[str, Any]) -> None:
    """ninja registers the models of query parameters as schemas too; unused ones only confuse readers."""
    components = schema["components"]
    while True:
        used = _used_refs({k: v for k, v in schema.items() if k != "components"}) | _used_refs(components)
        unused = [name for name in components["schemas"] if name not in used]
        if not unused:
            return
        for name in unused:
            del components["schemas"][name]


def _closed_forms(operation: dict[str, Any]) -> None:
    """A multipart body has the parts it lists and no others, as JSON bodies have (strict schemas): an
    unknown part is refused by the endpoint (documents.api.UPLOAD_PARTS), so the document says so."""
    content = (operation.get("requestBody") or {}).get("content") or {}
    form = content.get("multipart/form-data")
    if form and form.get("schema", {}).get("type") == "object":
        form["schema"]["additionalProperties"] = False


def finish(schema: dict[str, Any]) -> dict[str, Any]:
    """Add version headers, problem bodies and shared error statuses; tidy; return a plain JSON copy."""
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = copy.deepcopy(PROBLEM_SCHEMA)
    components.setdefault("headers", {})[API_VERSION_HEADER] = copy.deepcopy(VERSION_HEADER)
    for path, operation in _operations(schema):
        _finish_responses(path, operation)
        _closed_forms(operation)
    _declare_tags(schema)
    _drop_property_titles(schema)
    _drop_unused_schemas(schema)
    return json.loads(json.dumps(schema))
