"""The /api/v1 NinjaAPI: authentication, problem+json errors, the API-Version header, the OpenAPI document.

Each domain app contributes a `router` from its own `api.py` (found automatically); this module only
assembles them and adds what every endpoint shares.
"""

from __future__ import annotations

import copy
from importlib import import_module
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.parser import Parser
from pydantic.alias_generators import to_camel

from . import errors
from .auth import SessionAuth, TokenAuth
from .openapi import finish
from .schemas import Health
from .versioning import API_VERSION, with_api_version

DESCRIPTION = """\
Regie directs the departure of foreign nationals who have no right to stay. This API lets systems
(IND, police, KMar) deliver dossiers, and case workers read and work on the cases they may see.

* **Authentication**: `Authorization: Bearer <token>` for systems; the browser session (with the
  CSRF token for unsafe methods) for the web UI.
* **Versioning**: the major version is in the path (`/api/v1`); every response carries the full
  version in the `API-Version` header.
* **Errors**: RFC 9457 `application/problem+json`; `detail` names the field(s) at fault, in Dutch,
  or in English with `Accept-Language: en`. Invalid input answers 400, whether the JSON does not
  fit the schema or the facts break a rule (for instance a V-number that is not ten digits).
* **Privacy**: no personal data in URLs or query strings: searching by V-number or name is a POST.
  Every response that shows a person's data is recorded in the access log, one record per person.
* **Concurrency**: writes to a case carry the `version` the client read; a newer version answers 409.
"""

TAGS = [
    {"name": "cases", "description": "Dossiers: delivery (intake), caseload, dossier, assignment, phase, notes."},
    {"name": "persons", "description": "Finding a person's case by V-number or (variant of a) name."},
    {"name": "access-log", "description": "Who saw whose data, for the privacy officer (FG)."},
    {"name": "health", "description": "Liveness for load balancers."},
]


# The multipart parts that the document declares as files (`format: binary`).
FILE_PARTS = frozenset({"file"})


class RegieParser(Parser):
    """ninja's parser, except that a file part sent without a filename still counts as the file.

    Django files a multipart part under `request.FILES` only when its header names a filename; without one
    the part is an ordinary field. OpenAPI does not require a filename, so such a part is the file the
    document asks for: its content is taken as the upload (and judged like any other: empty, wrong type,
    too large), instead of answering that the file is missing."""

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        if data is getattr(request, "_files", None):
            for name in FILE_PARTS - result.keys():
                if name in request.POST:
                    result[name] = SimpleUploadedFile(name, request.POST[name].encode("utf-8"))
        return result


class RegieAPI(NinjaAPI):
    """NinjaAPI with Regie's conventions built in, so no endpoint has to remember them."""

    _schema_cache: dict[str, Any] | None = None

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        # Paths are relative to the server URL, which already ends in /api/v1.
        if self._schema_cache is None:
            self._schema_cache = finish(super().get_openapi_schema(path_prefix="", path_params=path_params))
        return cast(OpenAPISchema, copy.deepcopy(self._schema_cache))

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return to_camel(operation.view_func.__name__)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        patterns = [*patterns, re_path(r"^.*$", _unknown_route, name="unknown-route")]
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    # ninja's root view raises a bare Http404 outside its error handling.
                    pattern.callback = _unknown_route
                pattern.callback = with_api_version(pattern.callback)
        return patterns, app_name, namespace


@csrf_exempt
def _unknown_route(request: HttpRequest) -> HttpResponse:
    return errors.not_found(request)


api = RegieAPI(
    title="Regie API",
    version=API_VERSION,
    description=DESCRIPTION,
    urls_namespace="api",
    servers=[{"url": settings.REGIE_API_SERVER_URL, "description": "This installation"}],
    auth=[TokenAuth(), SessionAuth()],
    parser=RegieParser(),
    openapi_extra={"info": {"contact": dict(settings.REGIE_API_CONTACT)}, "tags": TAGS},
)
errors.install(api)


@api.get("/health", auth=None, response=Health, tags=["health"], summary="Liveness", by_alias=True)
def health(request: HttpRequest) -> Health:
    """`ok` while the application answers; needs no credentials and reads no data."""
    return Health(status="ok")


def _register_routers() -> None:
    """Each Regie app's `api.py` contributes its `router`, in INSTALLED_APPS order (like admin.py)."""
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("regie.") or app_config.name == __package__:
            continue
        module_name = f"{app_config.name}.api"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("", router)


_register_routers()
