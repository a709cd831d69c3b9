"""Middleware every response passes: a request id (echoed, carried into audit records) and no-store."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_SAFE_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-Id", "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-Id"] = request.request_id  # type: ignore[attr-defined]
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and API answer that does not say otherwise.

    Pages and API answers hold personal data: no browser, shared computer or proxy may keep a copy.
    Static files (under STATIC_URL) keep their own caching; a response that already has a
    Cache-Control header (a view that decided) is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # STATIC_URL may be relative ("static/"), absolute ("/static/") or another host's URL.
        static_path = urlsplit(settings.STATIC_URL or "").path
        self.static_prefix = "/" + static_path.lstrip("/") if static_path.strip("/") else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        static = self.static_prefix is not None and request.path.startswith(self.static_prefix)
        if "Cache-Control" not in response and not static:
            response["Cache-Control"] = "no-store"
        return response
