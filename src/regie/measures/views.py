"""The measures page of a dossier: reporting duty, VBL and detention. Thin: services and selectors do the work.

One page shows the measures with their deadlines and, for who may act, the forms that fit the state
(impose or end; place, review or end; start, record, extend or end). Showing it logs the read
(`selectors.measures_read`). A successful write redirects to the dossier's measures section; a
refusal shows the page again with each message next to its field (400), or, on a conflict, the
current state with the user's input kept (409).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regie.cases.models import Case
from regie.cases.selectors import case_get
from regie.web.helpers import arguments, current_user, dossier_submitter, error_summary, web_actor, web_errors

from . import selectors, services
from .forms import (
    DetentionAppealForm,
    DetentionCourtForm,
    DetentionEndForm,
    DetentionExtendForm,
    DetentionProposeForm,
    DetentionStartForm,
    ProposalApproveForm,
    ProposalRefuseForm,
    ReportingDutyEndForm,
    ReportingDutyImposeForm,
    VblEndForm,
    VblPlaceForm,
    VblReviewForm,
)
from .models import Detention, ReportingDuty, VblPlacement

SECTION = "maatregelen"


def _forms(measures: selectors.CaseMeasures, bound: dict[str, BaseForm]) -> dict[str, BaseForm | None]:
    """The forms that fit the current state, for a user who may act; `bound` replaces the one that failed."""
    forms: dict[str, BaseForm | None] = {}
    if measures.can_work:
        duty, vbl, detention = measures.active_reporting_duty, measures.active_vbl, measures.active_detention
        if duty is None:
            forms["duty_impose"] = ReportingDutyImposeForm()
        else:
            forms["duty_end"] = ReportingDutyEndForm(measure=duty)
        if vbl is None:
            if detention is None:
                forms["vbl_place"] = VblPlaceForm()
        else:
            forms["vbl_review"] = VblReviewForm(measure=vbl.placement)
            forms["vbl_end"] = VblEndForm(measure=vbl.placement)
        if detention is None:
            if measures.can_start_detention:
                forms["detention_start"] = DetentionStartForm(case=measures.case)
            if measures.proposal is None:
                forms["detention_propose"] = DetentionProposeForm()
            elif measures.decides_proposal:
                forms["proposal_approve"] = ProposalApproveForm(measure=measures.proposal)
                forms["proposal_refuse"] = ProposalRefuseForm(measure=measures.proposal)
        else:
            d = detention.detention
            if d.appealed_on is None:
                forms["detention_appeal"] = DetentionAppealForm(measure=d)
            if d.court_notified_on is None:
                forms["detention_court"] = DetentionCourtForm(measure=d)
            if d.extended_on is None and not d.family_or_minor:
                forms["detention_extend"] = DetentionExtendForm(measure=d)
            forms["detention_end"] = DetentionEndForm(measure=d)
    forms.update(bound)
    return forms


def _render(
    request: HttpRequest, case_id: uuid.UUID, *, bound: dict[str, BaseForm] | None = None, status: int = 200
) -> HttpResponse:
    measures = selectors.measures_read(actor=web_actor(request), case_id=case_id)
    forms = _forms(measures, bound or {})
    context = {
        "case": measures.case,
        "person": measures.case.person,
        "section": {"case": measures.case, "measures": measures, "on_page": True},
        "measures": measures,
        "forms": forms,
        "errors": error_summary(*forms.values()),
    }
    return render(request, "measures/measures.html", context, status=status)


# Success: back to the dossier's section; a refusal: this page again with the errors.
_submit = dossier_submitter(SECTION, _render)


@login_required
@require_GET
@web_errors
def measures_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _render(request, case_id)


def _keep_input(form_class: Callable[..., BaseForm], measure: Any) -> Callable[[Any], BaseForm]:
    """After a conflict: the user's input on the measure's current version (saving again is then deliberate)."""

    def build(data: Any) -> BaseForm:
        measure.refresh_from_db()
        form = form_class(measure=measure)
        data[form.add_prefix("version")] = str(measure.version)
        return form_class(data, measure=measure)

    return build


def _case(request: HttpRequest, case_id: uuid.UUID) -> Case:
    return case_get(user=current_user(request), case_id=case_id)


# --- reporting duty --------------------------------------------------------------------------------


@login_required
@require_POST
@web_errors
def reporting_duty_impose(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = ReportingDutyImposeForm(request.POST)
    return _submit(
        request,
        case.pk,
        "duty_impose",
        form,
        lambda d: services.reporting_duty_impose(actor=web_actor(request), case=case, **arguments(d)),
        _("De meldplicht is opgelegd."),
    )


@login_required
@require_POST
@web_errors
def reporting_duty_end(request: HttpRequest, case_id: uuid.UUID, duty_id: uuid.UUID) -> HttpResponse:
    duty: ReportingDuty = selectors.reporting_duty_get(user=current_user(request), case_id=case_id, duty_id=duty_id)
    form = ReportingDutyEndForm(request.POST, measure=duty)
    return _submit(
        request,
        duty.case_id,
        "duty_end",
        form,
        lambda d: services.reporting_duty_end(actor=web_actor(request), duty=duty, **arguments(d)),
        _("De meldplicht is beëindigd."),
        _keep_input(ReportingDutyEndForm, duty),
    )


# --- VBL -------------------------------------------------------------------------------------------


@login_required
@require_POST
@web_errors
def vbl_place(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = VblPlaceForm(request.POST)
    return _submit(
        request,
        case.pk,
        "vbl_place",
        form,
        lambda d: services.vbl_place(actor=web_actor(request), case=case, **arguments(d)),
        _("De plaatsing in de VBL is vastgelegd."),
    )


@login_required
@require_POST
@web_errors
def vbl_review(request: HttpRequest, case_id: uuid.UUID, placement_id: uuid.UUID) -> HttpResponse:
    placement: VblPlacement = selectors.vbl_placement_get(
        user=current_user(request), case_id=case_id, placement_id=placement_id
    )
    form = VblReviewForm(request.POST, measure=placement)
    return _submit(
        request,
        placement.case_id,
        "vbl_review",
        form,
        lambda d: services.vbl_review(actor=web_actor(request), placement=placement, **arguments(d)),
        _("De beoordeling van het verblijf is vastgelegd."),
        _keep_input(VblReviewForm, placement),
    )


@login_required
@require_POST
@web_errors
def vbl_end(request: HttpRequest, case_id: uuid.UUID, placement_id: uuid.UUID) -> HttpResponse:
    placement: VblPlacement = selectors.vbl_placement_get(
        user=current_user(request), case_id=case_id, placement_id=placement_id
    )
    form = VblEndForm(request.POST, measure=placement)
    return _submit(
        request,
        placement.case_id,
        "vbl_end",
        form,
        lambda d: services.vbl_end(actor=web_actor(request), placement=placement, **arguments(d)),
        _("Het verblijf in de VBL is beëindigd."),
        _keep_input(VblEndForm, placement),
    )


# --- detention -------------------------------------------------------------------------------------


@login_required
@require_POST
@web_errors
def detention_start(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = DetentionStartForm(request.POST, case=case)
    return _submit(
        request,
        case.pk,
        "detention_start",
        form,
        lambda d: services.detention_start(actor=web_actor(request), case=case, **arguments(d)),
        _("De bewaring is gestart."),
    )


def _detention(request: HttpRequest, case_id: uuid.UUID, detention_id: uuid.UUID) -> Detention:
    return selectors.detention_get(user=current_user(request), case_id=case_id, detention_id=detention_id)


@login_required
@require_POST
@web_errors
def detention_appeal(request: HttpRequest, case_id: uuid.UUID, detention_id: uuid.UUID) -> HttpResponse:
    detention = _detention(request, case_id, detention_id)
    form = DetentionAppealForm(request.POST, measure=detention)
    return _submit(
        request,
        detention.case_id,
        "detention_appeal",
        form,
        lambda d: services.detention_record_appeal(actor=web_actor(request), detention=detention, **arguments(d)),
        _("Het beroep is vastgelegd."),
        _keep_input(DetentionAppealForm, detention),
    )


@login_required
@require_POST
@web_errors
def detention_court(request: HttpRequest, case_id: uuid.UUID, detention_id: uuid.UUID) -> HttpResponse:
    detention = _detention(request, case_id, detention_id)
    form = DetentionCourtForm(request.POST, measure=detention)
    return _submit(
        request,
        detention.case_id,
        "detention_court",
        form,
        lambda d: services.detention_court_notified(actor=web_actor(request), detention=detention, **arguments(d)),
        _("Vastgelegd: de rechter is geïnformeerd."),
        _keep_input(DetentionCourtForm, detention),
    )


@login_required
@require_POST
@web_errors
def detention_extend(request: HttpRequest, case_id: uuid.UUID, detention_id: uuid.UUID) -> HttpResponse:
    detention = _detention(request, case_id, detention_id)
    form = DetentionExtendForm(request.POST, measure=detention)
    return _submit(
        request,
        detention.case_id,
        "detention_extend",
        form,
        lambda d: services.detention_extend(actor=web_actor(request), detention=detention, **arguments(d)),
        _("De bewaring is verlengd."),
        _keep_input(DetentionExtendForm, detention),
    )


@login_required
@require_POST
@web_errors
def detention_end(request: HttpRequest, case_id: uuid.UUID, detention_id: uuid.UUID) -> HttpResponse:
    detention = _detention(request, case_id, detention_id)
    form = DetentionEndForm(request.POST, measure=detention)
    return _submit(
        request,
        detention.case_id,
        "detention_end",
        form,
        lambda d: services.detention_end(actor=web_actor(request), detention=detention, **arguments(d)),
        _("De bewaring is beëindigd."),
        _keep_input(DetentionEndForm, detention),
    )


# --- detention proposals ------------------------------------------------------------------------------


@login_required
@require_POST
@web_errors
def detention_propose(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = DetentionProposeForm(request.POST)
    return _submit(
        request,
        case.pk,
        "detention_propose",
        form,
        lambda d: services.detention_propose(actor=web_actor(request), case=case, **d),
        _("De bewaring is voorgesteld; een teamleider beslist."),
    )


def _proposal(request: HttpRequest, case_id: uuid.UUID, proposal_id: uuid.UUID) -> Any:
    return selectors.detention_proposal_get(user=current_user(request), case_id=case_id, proposal_id=proposal_id)


@login_required
@require_POST
@web_errors
def proposal_approve(request: HttpRequest, case_id: uuid.UUID, proposal_id: uuid.UUID) -> HttpResponse:
    proposal = _proposal(request, case_id, proposal_id)
    form = ProposalApproveForm(request.POST, measure=proposal)
    return _submit(
        request,
        proposal.case_id,
        "proposal_approve",
        form,
        lambda d: services.detention_proposal_approve(actor=web_actor(request), proposal=proposal, **arguments(d)),
        _("Akkoord: de bewaring is gestart."),
    )


@login_required
@require_POST
@web_errors
def proposal_refuse(request: HttpRequest, case_id: uuid.UUID, proposal_id: uuid.UUID) -> HttpResponse:
    proposal = _proposal(request, case_id, proposal_id)
    form = ProposalRefuseForm(request.POST, measure=proposal)
    return _submit(
        request,
        proposal.case_id,
        "proposal_refuse",
        form,
        lambda d: services.detention_proposal_refuse(actor=web_actor(request), proposal=proposal, **arguments(d)),
        _("Het voorstel tot bewaring is afgewezen."),
    )
