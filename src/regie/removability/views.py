"""The removability page of a dossier: pending procedures, medical postponement, 'removable now?'.

Thin: services and selectors do the work. One page shows the answer with its reasons and, for who may
act, the forms that fit (record a procedure or end one; record a postponement or end it early).
Showing it logs the read (`selectors.removability_read`). A successful write redirects to the
dossier's removability section; a refusal shows the page again with each message next to its field
(400, or 409 when the step was already taken).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regie.cases.selectors import case_get
from regie.web.helpers import arguments, current_user, dossier_submitter, error_summary, web_actor, web_errors

from . import selectors, services
from .forms import (
    PostponementEarlyEndForm,
    PostponementRecordForm,
    ProcedureEndForm,
    ProcedureRecordForm,
)

SECTION = "verwijderbaarheid"


def _forms(section: selectors.RemovabilitySection, bound: dict[str, BaseForm]) -> dict[str, Any]:
    """The forms that fit, for a user who may act; `bound` replaces the one that failed."""
    forms: dict[str, Any] = {"procedure_end": {}, "postponement_end": {}}
    if section.can_work:
        forms["procedure_record"] = ProcedureRecordForm()
        for p in section.procedures:
            if p.ends_on is None:
                forms["procedure_end"][p.pk] = ProcedureEndForm(procedure=p)
        if section.special_categories_visible:
            forms["postponement_record"] = PostponementRecordForm()
            for row in section.postponements:
                if row.current:
                    forms["postponement_end"][row.postponement.pk] = PostponementEarlyEndForm(
                        postponement=row.postponement
                    )
    for key, form in bound.items():
        if ":" in key:
            group, pk = key.split(":", 1)
            forms[group][uuid.UUID(pk)] = form
        else:
            forms[key] = form
    return forms


def _all_forms(forms: dict[str, Any]) -> list[BaseForm]:
    found: list[BaseForm] = []
    for value in forms.values():
        found.extend(value.values() if isinstance(value, dict) else [value])
    return found


def _render(
    request: HttpRequest, case_id: uuid.UUID, *, bound: dict[str, BaseForm] | None = None, status: int = 200
) -> HttpResponse:
    section = selectors.removability_read(actor=web_actor(request), case_id=case_id)
    shown: selectors.RemovabilitySection = section["removability"]
    forms = _forms(shown, bound or {})
    case = section["case"]
    context = {
        "case": case,
        "person": case.person,
        "section": {**section, "on_page": True},
        "removability": shown,
        "forms": forms,
        "procedure_rows": [(p, forms["procedure_end"].get(p.pk)) for p in shown.procedures],
        "postponement_rows": [(row, forms["postponement_end"].get(row.postponement.pk)) for row in shown.postponements],
        "errors": error_summary(*_all_forms(forms)),
    }
    return render(request, "removability/removability.html", context, status=status)


# Success: back to the dossier's section; a refusal: this page again with the errors.
_submit = dossier_submitter(SECTION, _render)


@login_required
@require_GET
@web_errors
def removability_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _render(request, case_id)


@login_required
@require_POST
@web_errors
def procedure_record(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    return _submit(
        request,
        case.pk,
        "procedure_record",
        ProcedureRecordForm(request.POST),
        lambda d: services.procedure_record(actor=web_actor(request), case=case, **arguments(d)),
        _("De procedure is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def procedure_end(request: HttpRequest, case_id: uuid.UUID, procedure_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    procedure = selectors.procedure_get(user=current_user(request), case=case, procedure_id=procedure_id)
    return _submit(
        request,
        case.pk,
        f"procedure_end:{procedure.pk}",
        ProcedureEndForm(request.POST, procedure=procedure),
        lambda d: services.procedure_end(actor=web_actor(request), procedure=procedure, **arguments(d)),
        _("Het einde van de procedure is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def postponement_record(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    return _submit(
        request,
        case.pk,
        "postponement_record",
        PostponementRecordForm(request.POST),
        lambda d: services.postponement_record(actor=web_actor(request), case=case, **arguments(d)),
        _("Het uitstel van vertrek is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def postponement_end_early(request: HttpRequest, case_id: uuid.UUID, postponement_id: uuid.UUID) -> HttpResponse:
    case = case_get(user=current_user(request), case_id=case_id)
    postponement = selectors.postponement_get(user=current_user(request), case=case, postponement_id=postponement_id)
    return _submit(
        request,
        case.pk,
        f"postponement_end:{postponement.pk}",
        PostponementEarlyEndForm(request.POST, postponement=postponement),
        lambda d: services.postponement_end_early(
            actor=web_actor(request), postponement=postponement, ended_early_on=d["ended_early_on"]
        ),
        _("Het uitstel van vertrek is eerder beëindigd."),
    )
