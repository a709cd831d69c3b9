"""The letter pages: compose (kind and language) with a preview, issue, and download. Thin: the services
compose and issue, the selectors read; every page that shows the person writes the access record."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.selectors import case_get
from regie.core.errors import IllegalTransition, PermissionDenied, ValidationFailed
from regie.web.helpers import add_errors, current_user, error_summary, to_dossier, web_actor, web_errors

from . import selectors, services
from .forms import IssueForm, LetterForm
from .services import NOT_ALLOWED, Composition


def _shown(request: HttpRequest, case: Case) -> None:
    access_record(
        actor=web_actor(request),
        person_ids=[case.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={case.person_id: case.pk},
    )


def _page(
    request: HttpRequest, case: Case, form: BaseForm, composition: Composition | None, status: int = 200
) -> HttpResponse:
    issue_form = None
    if composition is not None:
        issue_form = IssueForm(initial={"kind": composition.kind, "language": form.cleaned_data.get("language", "")})
    context: dict[str, Any] = {
        "case": case,
        "form": form,
        "composition": composition,
        "issue_form": issue_form,
        "errors": error_summary(form),
    }
    _shown(request, case)
    return render(request, "letters/compose.html", context, status=status)


def _case(request: HttpRequest, case_id: uuid.UUID) -> Case:
    user = current_user(request)
    case = case_get(user=user, case_id=case_id)
    if not (permissions.can_work_on(user, case) and case.is_open):
        raise PermissionDenied(NOT_ALLOWED)
    return case


@login_required
@require_GET
@web_errors
def compose(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Choose the kind and language; with a choice, the letter's preview (text in the page) and the
    button that issues it. A placeholder the dossier cannot fill is named above the form."""
    case = _case(request, case_id)
    form = LetterForm(request.GET if "kind" in request.GET else None)
    composition, status = None, 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                composition = services.letter_compose(
                    actor=web_actor(request),
                    case=case,
                    kind=form.cleaned_data["kind"],
                    language=form.cleaned_data["language"] or None,
                )
                status = 200
            except ValidationFailed as exc:
                add_errors(form, exc.errors)
    return _page(request, case, form, composition, status)


@login_required
@require_POST
@web_errors
def issue(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Issue the previewed letter: rendered to PDF, stored on the dossier, on the timeline."""
    case = _case(request, case_id)
    form = IssueForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            letter = services.letter_issue(
                actor=web_actor(request),
                case=case,
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"] or None,
            )
        except IllegalTransition as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationFailed as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(
                request, _("De brief is verstuurd met kenmerk %(reference)s.") % {"reference": letter.reference}
            )
            return to_dossier(case.pk, "h-brieven")
    shown = LetterForm(request.POST)
    shown.is_valid()
    for field, errors in form.errors.items():
        for error in errors:
            shown.add_error(field if field in shown.fields else None, error)
    return _page(request, case, shown, None, status)


@login_required
@require_GET
@web_errors
def download(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> HttpResponse:
    """The letter's PDF, for who may see the case; the download is on the access log."""
    user = current_user(request)
    case = case_get(user=user, case_id=case_id)
    letter = selectors.letter_get(user=user, case=case, letter_id=letter_id)
    content = selectors.letter_content(letter)
    _shown(request, case)
    response = HttpResponse(content, content_type="application/pdf")
    # The reference names the dossier and the kind, never the person.
    name = letter.reference.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
