"""Shared view helpers: the acting user, errors that become 403/404 pages, htmx detection, and the one
way a form reaches a service (`submit`): validate, write, answer (docs/architecture.md, "Web views")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from regie.accounts.models import User
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from regie.core.i18n import translate


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


def current_user(request: HttpRequest) -> User:
    """The logged-in user (every view that calls this is behind `login_required`)."""
    user = request.user
    assert isinstance(user, User), "behind login_required"
    return user


def to_dossier(case_id: Any, section: str = "") -> HttpResponse:
    """Redirect to the dossier, at one of its sections (the section's id on the page)."""
    url = reverse("cases:dossier", kwargs={"case_id": case_id})
    return redirect(url + (f"#{section}" if section else ""))


def add_errors(form: BaseForm, errors: dict[str, list[str]], *, aliases: Mapping[str, str] | None = None) -> None:
    """Put a service's errors next to the fields they name, in the page's language.

    Where a form names a field otherwise than the service, `aliases` (service name -> form field) or the
    form's own `field_for(name)` maps it. Errors about facts that are not on the form (an entry condition,
    the checklist), about hidden inputs or about unknown names go above the form.
    """
    field_for = getattr(form, "field_for", None)
    for key, found in errors.items():
        field: str | None = (aliases or {}).get(key) or (field_for(key) if field_for else key)
        if field not in form.fields or form.fields[field].widget.is_hidden:
            field = None
        for message in found:
            form.add_error(field, translate(message))


def arguments(data: Mapping[str, Any], **overrides: Any) -> dict[str, Any]:
    """A form's cleaned data as a service's keyword arguments: `version` becomes `expected_version` (the
    version the user saw), and `overrides` replace the fields they name."""
    values = {name: value for name, value in data.items() if name not in overrides}
    if "version" in values:
        values["expected_version"] = values.pop("version")
    return {**values, **overrides}


def with_version(data: QueryDict, form: BaseForm, version: int) -> QueryDict:
    """The user's input again, carrying the version they are about to see (after a conflict)."""
    data = data.copy()
    data[form.add_prefix("version")] = str(version)
    return data


def submit(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    success: Callable[[], HttpResponse],
    failure: Callable[[BaseForm, int], HttpResponse],
    fresh: Callable[[QueryDict], BaseForm] | None = None,
) -> HttpResponse:
    """Submit a form to a service, the one way every view does it.

    Valid input goes to `write(cleaned_data)`. Success: the message `done` and `success()` (a redirect).
    A refusal puts each message next to its field and answers `failure(form, status)`: 400 for invalid
    input, 409 for a conflict or a step the state does not allow. After a conflict, `fresh(data)` rebuilds
    the form from the user's input on the current state (see `with_version`), so submitting again is a
    deliberate choice over the other person's change.
    """
    status = 400
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ConcurrentEdit as exc:
            if fresh is not None:
                form = fresh(request.POST.copy())
                form.is_valid()
            form.add_error(None, translate(exc.message))
            status = 409
        except IllegalTransition as exc:
            add_errors(form, {exc.field or "__all__": [exc.message]})
            status = 409
        except ValidationFailed as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, done)
            return success()
    return failure(form, status)


def dossier_submitter(section: str, render: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The `submit` of a process app whose page records part of the dossier: success goes back to the
    dossier at `section`; a refusal renders the app's page (`render(request, case_id, bound=..., status=...)`)
    with the failed form bound under its key."""

    def submit_to_dossier(
        request: HttpRequest,
        case_id: Any,
        key: str,
        form: BaseForm,
        write: Callable[[dict[str, Any]], Any],
        done: str,
        fresh: Callable[[QueryDict], BaseForm] | None = None,
    ) -> HttpResponse:
        return submit(
            request,
            form,
            write,
            done=done,
            success=lambda: to_dossier(case_id, section),
            failure=lambda failed, status: render(request, case_id, bound={key: failed}, status=status),
            fresh=fresh,
        )

    return submit_to_dossier


# A list renders one address per row: `reverse` once with this marker in place of the case id, then the
# marker replaced per row (`case_url_template`), not a `{% url %}` per row.
ID_MARKER = "00000000-0000-0000-0000-000000000000"


def case_url_template(name: str) -> Callable[[object], str]:
    """`url(case_id)` for the view `name` (which takes a `case_id`), reversed once."""
    pattern = reverse(name, kwargs={"case_id": ID_MARKER})
    return lambda case_id: pattern.replace(ID_MARKER, str(case_id))
