"""The interviews API: thin endpoints over interviews.services and interviews.selectors.

Cases are loaded through `cases.selectors.case_get` (not visible: 404). Reads of interviews and of the
departure plan show the person's data and write one access record each; the checks of special
circumstances are shown, and logged as special-category reads, only to those who may see them.
Everything that carries personal data in the request is a POST body.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from regie.accounts.models import User
from regie.api import reads
from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.selectors import case_get

from . import selectors, services
from .schemas import (
    DeparturePlanOut,
    HeldInterviewIn,
    InterviewCancellationIn,
    InterviewList,
    InterviewOut,
    InterviewPlanIn,
    InterviewReportIn,
    PlanVersionIn,
    PlanVersionOut,
)

router = Router(tags=["interviews"], by_alias=True)


def _out(user: User, case: Case, interview_id: uuid.UUID) -> InterviewOut:
    return InterviewOut.from_view(selectors.interview_view(user=user, case=case, interview_id=interview_id))


@router.get("/cases/{caseId}/interviews", response=InterviewList, summary="List the departure interviews of a case")
def interview_list(request: HttpRequest, caseId: uuid.UUID) -> InterviewList:
    """Planned, held, cancelled and missed interviews, in planned order, with their rank among the held
    ones and which special circumstances one of the first three did not check. The checks themselves
    (result and note) only for the assigned case manager and the team lead (else null). Recorded in
    the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    views = selectors.interview_views(user=user, case=case)
    special = permissions.can_see_special_categories(user, case)
    reads.record_api_reads(actor=actor_for(request), cases=[case], special_categories=special)
    return InterviewList(items=[InterviewOut.from_view(v) for v in views])


@router.post(
    "/cases/{caseId}/interviews",
    response={201: InterviewOut},
    summary="Plan a departure interview",
    openapi_extra=problems(409),
)
def interview_plan(request: HttpRequest, caseId: uuid.UUID, payload: InterviewPlanIn) -> Status:
    """When, where, and the interpreter. For case managers and team leads of the case's team."""
    case = case_get(user=caller(request), case_id=caseId)
    interview = services.interview_plan(actor=actor_for(request), case=case, **payload.arguments())
    return Status(201, _out(caller(request), case, interview.pk))


@router.post(
    "/cases/{caseId}/interviews/{interviewId}/report",
    response=InterviewOut,
    summary="Record a planned interview as held",
    openapi_extra=problems(409),
)
def interview_report(
    request: HttpRequest, caseId: uuid.UUID, interviewId: uuid.UUID, payload: InterviewReportIn
) -> InterviewOut:
    """The report: when it took place, who took part, the summary, the person's stance, and a check per
    special circumstance (all four in each of the first three held interviews; `not_checked` flags the
    case). Send the interview's `version`: 409 if it changed since, or if it is no longer planned."""
    case = case_get(user=caller(request), case_id=caseId)
    interview = selectors.interview_get(user=caller(request), case_id=case.pk, interview_id=interviewId)
    services.interview_record(
        actor=actor_for(request), case=case, interview=interview, **payload.arguments(checks=payload.checks.to_checks())
    )
    return _out(caller(request), case, interview.pk)


@router.post(
    "/cases/{caseId}/held-interviews",
    response={201: InterviewOut},
    summary="Record an interview that was not planned",
    openapi_extra=problems(409),
)
def interview_held(request: HttpRequest, caseId: uuid.UUID, payload: HeldInterviewIn) -> Status:
    """An interview that took place without being planned in Regie (for instance in detention), with the
    same report and checks as a planned one."""
    case = case_get(user=caller(request), case_id=caseId)
    interview = services.interview_record(
        actor=actor_for(request), case=case, **payload.arguments(checks=payload.checks.to_checks())
    )
    return Status(201, _out(caller(request), case, interview.pk))


@router.post(
    "/cases/{caseId}/interviews/{interviewId}/cancellation",
    response=InterviewOut,
    summary="Cancel a planned interview or record a no-show",
    openapi_extra=problems(409),
)
def interview_cancellation(
    request: HttpRequest, caseId: uuid.UUID, interviewId: uuid.UUID, payload: InterviewCancellationIn
) -> InterviewOut:
    """`cancelled` (called off) or `no_show` (the person did not appear). Final: plan a new interview
    if one is still needed. 409 if the interview changed since it was read or is no longer planned."""
    case = case_get(user=caller(request), case_id=caseId)
    interview = selectors.interview_get(user=caller(request), case_id=case.pk, interview_id=interviewId)
    end = services.interview_no_show if payload.reason == "no_show" else services.interview_cancel
    end(actor=actor_for(request), interview=interview, expected_version=payload.version)
    return _out(caller(request), case, interview.pk)


@router.get("/cases/{caseId}/departure-plan", response=DeparturePlanOut, summary="Read the departure plan")
def departure_plan(request: HttpRequest, caseId: uuid.UUID) -> DeparturePlanOut:
    """The departure plan with all its versions, newest first: who wrote each, when, and what it changed;
    and whether it is up to date. Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    history = selectors.plan_history(user=user, case_id=case.pk)
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return DeparturePlanOut(
        version=history[0].version.number if history else 0,
        up_to_date=selectors.departure_plan_current(case),
        max_age_days=selectors.plan_max_age_days(),
        versions=[PlanVersionOut.from_entry(e) for e in history],
    )


@router.post(
    "/cases/{caseId}/departure-plan/versions",
    response={201: PlanVersionOut},
    summary="Write the next version of the departure plan",
    openapi_extra=problems(409),
)
def departure_plan_update(request: HttpRequest, caseId: uuid.UUID, payload: PlanVersionIn) -> Status:
    """Send the plan's `version` as read (0 when there is none yet): 409 if someone else wrote a version
    since. After the first version, say in `changeNote` what changed."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    version = services.departure_plan_update(actor=actor_for(request), case=case, **payload.arguments())
    entry = next(e for e in selectors.plan_history(user=user, case_id=case.pk) if e.version.pk == version.pk)
    return Status(201, PlanVersionOut.from_entry(entry))
