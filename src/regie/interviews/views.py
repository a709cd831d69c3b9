"""The interview and departure-plan pages. Thin: services and selectors do the work.

Each page that shows the person's data logs the read (`selectors.interviews_case_read`). Successful
writes redirect to the dossier's interview section; refusals show the form again with each message
next to its field (400), or, on a conflict, the current state with the user's input kept (409).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.selectors import case_get
from regie.core.domain import CLOSED_CASE, NOT_ALLOWED
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.web.helpers import add_errors, arguments, current_user, error_summary, web_actor, web_errors

from . import selectors, services
from .choices import FIRST_INTERVIEWS_TO_CHECK, InterviewStatus
from .forms import DeparturePlanForm, InterviewEndForm, InterviewPlanForm, InterviewRecordForm
from .models import Interview


def _require_work(request: HttpRequest, case: Case) -> None:
    if not permissions.can_work_on(current_user(request), case):
        raise PermissionDenied(NOT_ALLOWED)
    if not case.is_open:
        raise PermissionDenied(CLOSED_CASE)


def _to_section(case_id: uuid.UUID) -> HttpResponse:
    return redirect(reverse("cases:dossier", kwargs={"case_id": case_id}) + "#vertrekgesprekken")


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def interview_plan(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.interviews_case_read(actor=web_actor(request), case_id=case_id)
    _require_work(request, case)
    form = InterviewPlanForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.interview_plan(actor=web_actor(request), case=case, **arguments(d))
            except ValidationFailed as exc:
                add_errors(form, exc.errors)
            else:
                messages.success(request, _("Het vertrekgesprek is gepland."))
                return _to_section(case.pk)
    context = {"case": case, "person": case.person, "form": form, "errors": error_summary(form)}
    return render(request, "interviews/plan.html", context, status=status)


def _record_initial(interview: Interview | None) -> dict[str, Any]:
    if interview is None:
        return {}
    return {
        "version": interview.version,
        "held_at": interview.planned_at,
        "place": interview.place,
        "interpreter_language": interview.interpreter_language,
        "interpreter_name": interview.interpreter_name,
    }


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def interview_record(request: HttpRequest, case_id: uuid.UUID, interview_id: uuid.UUID | None = None) -> HttpResponse:
    """Record a held interview: a planned one (`interview_id`), or one that was not planned."""
    user = current_user(request)
    case = selectors.interviews_case_read(actor=web_actor(request), case_id=case_id)
    _require_work(request, case)
    interview = None
    if interview_id is not None:
        interview = selectors.interview_get(user=user, case_id=case.pk, interview_id=interview_id)
    if interview is not None and interview.status != InterviewStatus.PLANNED:
        messages.error(request, _("Dit gesprek is niet meer gepland en kan niet meer worden vastgelegd."))
        return _to_section(case.pk)
    form = InterviewRecordForm(
        request.POST if request.method == "POST" else None,
        initial=_record_initial(interview),
        planned=interview is not None,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.interview_record(
                    actor=web_actor(request),
                    case=case,
                    interview=interview,
                    expected_version=d["version"] if interview is not None else None,
                    held_at=d["held_at"],
                    participants=d["participants"],
                    summary=d["summary"],
                    stance=d["stance"],
                    checks=form.checks(),
                    place=d["place"],
                    interpreter_language=d["interpreter_language"],
                    interpreter_name=d["interpreter_name"],
                )
            except ConcurrentEdit as exc:
                # Keep what was typed; submitting again is then a deliberate choice over the newer state.
                assert interview is not None
                interview.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(interview.version)
                form = InterviewRecordForm(data, initial=_record_initial(interview), planned=True)
                form.is_valid()
                form.add_error(None, _(exc.message))
                status = 409
            except IllegalTransition as exc:
                messages.error(request, _(exc.message))
                return _to_section(case.pk)
            except ValidationFailed as exc:
                add_errors(form, exc.errors)
            else:
                messages.success(request, _("Het vertrekgesprek is vastgelegd."))
                return _to_section(case.pk)
    held_count = Interview.objects.filter(case=case, status=InterviewStatus.HELD).count()
    context = {
        "case": case,
        "person": case.person,
        "interview": interview,
        "form": form,
        "errors": error_summary(form),
        "checks_required": held_count < FIRST_INTERVIEWS_TO_CHECK,
        "first_interviews_to_check": FIRST_INTERVIEWS_TO_CHECK,
    }
    return render(request, "interviews/record.html", context, status=status)


@login_required
@require_POST
@web_errors
def interview_end(request: HttpRequest, case_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    """Cancel a planned interview or record a no-show (buttons in the dossier's interview section)."""
    user = current_user(request)
    case = case_get(user=user, case_id=case_id)
    interview = selectors.interview_get(user=user, case_id=case.pk, interview_id=interview_id)
    form = InterviewEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Het gesprek is niet gewijzigd: laad de pagina opnieuw en probeer het nog eens."))
        return _to_section(case.pk)
    end = (
        services.interview_no_show
        if form.cleaned_data["reason"] == InterviewStatus.NO_SHOW
        else services.interview_cancel
    )
    try:
        end(actor=web_actor(request), interview=interview, expected_version=form.cleaned_data["version"])
    except (ConcurrentEdit, IllegalTransition) as exc:
        messages.error(request, _(exc.message))
    else:
        if form.cleaned_data["reason"] == InterviewStatus.NO_SHOW:
            messages.success(request, _("Vastgelegd: de persoon is niet verschenen."))
        else:
            messages.success(request, _("Het gesprek is vervallen."))
    return _to_section(case.pk)


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def departure_plan(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The departure plan with its versions; case workers write the next version here."""
    user = current_user(request)
    case = selectors.interviews_case_read(actor=web_actor(request), case_id=case_id)
    history = selectors.plan_history(user=user, case_id=case.pk)
    current = history[0].version if history else None
    number = current.number if current else 0
    can_work = permissions.can_work_on(user, case) and case.is_open
    initial: dict[str, Any] = {"version": number}
    if current is not None:
        initial.update(strategy=current.strategy, next_steps=current.next_steps)
    form = None
    status = 200
    if request.method == "POST":
        _require_work(request, case)
        status = 400
        form = DeparturePlanForm(request.POST, initial=initial)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.departure_plan_update(actor=web_actor(request), case=case, **arguments(d))
            except ConcurrentEdit as exc:
                data = request.POST.copy()
                data["version"] = str(number)
                form = DeparturePlanForm(data, initial=initial)
                form.is_valid()
                form.add_error(None, _(exc.message))
                status = 409
            except ValidationFailed as exc:
                add_errors(form, exc.errors)
            else:
                messages.success(request, _("Het vertrekplan is opgeslagen."))
                return _to_section(case.pk)
    elif can_work:
        form = DeparturePlanForm(initial=initial)
    context = {
        "case": case,
        "person": case.person,
        "form": form,
        "errors": error_summary(form),
        "history": history,
        "current": current,
        "plan_current": selectors.departure_plan_current(case),
        "plan_max_age_days": selectors.plan_max_age_days(),
    }
    return render(request, "interviews/departure_plan.html", context, status=status)
