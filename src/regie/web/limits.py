"""Input limits and a busy database, answered in one place: 413 for a body over the limit, 503 with
Retry-After for a write that could not get the database's lock in time. The API answers problem+json
(`api.errors`), the web a page (`413.html`, `503.html`). See docs/security/input.md.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from regie.api import errors as api_errors
from regie.core.errors import is_lock_timeout

API_PREFIX = "/api/"


def body_limit(request: HttpRequest) -> int:
    """The most bytes a request may send: `REGIE_MAX_BODY_BYTES`, plus `REGIE_MAX_UPLOAD_BYTES` for a
    multipart form (a document upload). Django holds the form's other fields to the first limit
    (`DATA_UPLOAD_MAX_MEMORY_SIZE`) and writes files beyond `FILE_UPLOAD_MAX_MEMORY_SIZE` to disk."""
    limit: int = settings.REGIE_MAX_BODY_BYTES
    if request.content_type == "multipart/form-data":
        limit += settings.REGIE_MAX_UPLOAD_BYTES
    return limit


def too_large(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        return api_errors.payload_too_large(request)
    return render(request, "413.html", status=413)


def unavailable(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        return api_errors.service_unavailable(request)
    response = render(request, "503.html", status=503)
    response["Retry-After"] = "1"
    return response


class InputLimitsMiddleware:
    """Refuses a body over the limit from its Content-Length, before anything reads it; turns a lock
    timeout or a body found too big while reading (a view's exception) into 503 or 413."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length > body_limit(request):
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_lock_timeout(exception):
            return unavailable(request)
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        return None


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler400`: a body found too big while a middleware read the form (CSRF) is 413, not 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return defaults.bad_request(request, exception)
