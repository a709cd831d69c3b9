"""Shared view helpers: the acting user, errors that become 403/404 pages, htmx detection."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from regie.core.context import Actor, Channel
from regie.core.errors import NotFound, PermissionDenied


def web_actor(request: HttpRequest) -> Actor:
    """The logged-in user acting through the web UI, with the request id for the audit trail."""
    return Actor(
        user=request.user,  # type: ignore[arg-type]
        channel=Channel.WEB,
        request_id=getattr(request, "request_id", "") or Actor(user=None).request_id,
    )


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Fragment and full page share a URL: caches must keep them apart."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def web_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn domain errors into Django's: PermissionDenied -> 403 page, NotFound -> 404 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from None
        except NotFound as exc:
            raise Http404(exc.message) from None

    return wrapper


def error_summary(*forms: BaseForm | None) -> list[dict[str, str]]:
    """Every error of these forms, in page order, for the summary above a form (GOV.UK pattern).

    Each entry links to its field; errors that belong to no field link to the form itself.
    """
    entries: list[dict[str, str]] = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        entries.extend({"label": "", "message": str(m), "anchor": ""} for m in form.non_field_errors())
        for bound in form:  # fields in page order
            entries.extend(
                {"label": str(bound.label), "message": str(m), "anchor": bound.auto_id or ""} for m in bound.errors
            )
    return entries
