"""The privacy officer's pages: the subject access export and the requests of data subjects.

V-numbers travel in POST bodies only, never in a URL; a download carries no personal data in its name.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from regie.core import clock
from regie.web.helpers import arguments, current_user, error_summary, submit, web_actor, web_errors, with_version

from . import selectors, services
from .choices import ExportFormat
from .forms import SubjectAccessForm, SubjectRequestDecisionForm, SubjectRequestForm
from .pdf import export_pdf

NO_PERSON = gettext_noop("Er is geen persoon met dit V-nummer.")


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"inzage-{clock.now():%Y%m%d-%H%M%S}.{extension}"  # no personal data in the name
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@web_errors
def subject_access(request: HttpRequest) -> HttpResponse:
    """Find the person by V-number (POST) and download everything Regie holds about them (JSON or PDF)."""
    selectors.require_privacy_officer(current_user(request))
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_by_v_number(form.cleaned_data["v_number"])
        if person is None:
            form.add_error("v_number", _(NO_PERSON))
        else:
            file_format = form.cleaned_data["file_format"]
            data = services.subject_access_export(actor=web_actor(request), person=person, file_format=file_format)
            if file_format == ExportFormat.PDF:
                return _download(export_pdf(data), "application/pdf", "pdf")
            content = json.dumps(data, ensure_ascii=False, indent=2).encode()
            return _download(content, "application/json", "json")
    status = 400 if form.errors else 200
    return render(request, "privacy/subject_access.html", {"form": form, "errors": error_summary(form)}, status=status)


def _requests_page(request: HttpRequest, *, form: BaseForm | None = None, status: int = 200) -> HttpResponse:
    user = current_user(request)
    found = list(selectors.subject_requests(user=user, open_only=True))
    form = form or SubjectRequestForm(initial={"received_on": clock.today()})
    context: dict[str, Any] = {
        "requests": selectors.subject_requests_shown(actor=web_actor(request), requests=found),
        "form": form,
        "errors": error_summary(form),
        "today": clock.today(),
    }
    return render(request, "privacy/subject_requests.html", context, status=status)


@login_required
@web_errors
def subject_requests(request: HttpRequest) -> HttpResponse:
    """The open requests of data subjects with the date by which each must be answered."""
    return _requests_page(request)


@login_required
@web_errors
@require_POST
def subject_request_record(request: HttpRequest) -> HttpResponse:
    selectors.require_privacy_officer(current_user(request))
    form = SubjectRequestForm(request.POST)
    if form.is_valid() and selectors.person_by_v_number(form.cleaned_data["v_number"]) is None:
        form.add_error("v_number", _(NO_PERSON))

    return submit(
        request,
        form,
        lambda d: services.subject_request_record(
            actor=web_actor(request),
            person=selectors.person_by_v_number(d["v_number"]),  # type: ignore[arg-type]
            kind=d["kind"],
            received_on=d["received_on"],
            description=d["description"],
        ),
        done=_("Het verzoek is vastgelegd."),
        success=lambda: redirect("privacy:subject_requests"),
        failure=lambda failed, status: _requests_page(request, form=failed, status=status),
    )


def _request_page(
    request: HttpRequest, request_id: uuid.UUID, *, form: BaseForm | None = None, status: int = 200
) -> HttpResponse:
    found = selectors.subject_request(actor=web_actor(request), request_id=request_id)
    form = form or SubjectRequestDecisionForm(initial={"version": found.version})
    context = {"item": found, "form": form, "errors": error_summary(form)}
    return render(request, "privacy/subject_request.html", context, status=status)


@login_required
@web_errors
def subject_request(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _request_page(request, request_id)


@login_required
@web_errors
@require_POST
def subject_request_decide(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = selectors.subject_request(actor=web_actor(request), request_id=request_id)
    return submit(
        request,
        SubjectRequestDecisionForm(request.POST),
        lambda d: services.subject_request_decide(actor=web_actor(request), request_id=request_id, **arguments(d)),
        done=_("De behandeling van het verzoek is vastgelegd."),
        success=lambda: redirect(reverse("privacy:subject_request", kwargs={"request_id": request_id})),
        failure=lambda failed, status: _request_page(request, request_id, form=failed, status=status),
        fresh=lambda data: SubjectRequestDecisionForm(
            with_version(data, SubjectRequestDecisionForm(), selectors.subject_request_version(found.pk))
        ),
    )
