"""The API version: in the URL as the major (`/api/v1`), in full in the `API-Version` response header.

The NL API Design Rules (/core/version-header) ask for the full semantic version on every response,
so clients and logs can tell which minor or patch release answered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

API_VERSION = "1.0.0"
API_VERSION_HEADER = "API-Version"


def with_api_version(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a URL's view: stamp `API-Version` on whatever it answers, and turn a bare 405 into a problem."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/problem"):
            from .errors import method_not_allowed

            response = method_not_allowed(request, response.get("Allow", ""))
        response[API_VERSION_HEADER] = API_VERSION
        return response

    return wrapped
