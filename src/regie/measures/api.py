"""The measures API: thin endpoints over measures.services and measures.selectors.

Cases are loaded through `cases.selectors.case_get` and measures only through a visible case (else
404). Every answer shows the person's measures, so each writes one access record. Everything that
carries data about the person travels in a POST body; paths hold only ids.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from regie.accounts.models import User
from regie.api import reads
from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.cases.models import Case
from regie.cases.selectors import case_get
from regie.core.errors import ValidationFailed

from . import selectors, services
from .schemas import (
    DetentionAppealIn,
    DetentionCourtNotificationIn,
    DetentionEndIn,
    DetentionExtensionIn,
    DetentionOut,
    DetentionProposalIn,
    DetentionProposalOut,
    DetentionStartIn,
    MeasuresOut,
    ProposalApprovalIn,
    ProposalRefusalIn,
    ReportingDutyEndIn,
    ReportingDutyIn,
    ReportingDutyOut,
    VblEndIn,
    VblPlacementIn,
    VblPlacementOut,
    VblReviewIn,
)

router = Router(tags=["measures"], by_alias=True)


def _shown(request: HttpRequest, case: Case) -> selectors.CaseMeasures:
    """The measures of `case` as the caller sees them now; the read is recorded in the access log."""
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return selectors.case_measures(user=caller(request), case=case)


def _proposer(user_id: int | None) -> User | None:
    # An unknown id answers like a user from another team: the API does not reveal which ids exist.
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ValidationFailed({"proposed_by": [services.PROPOSER_REFUSED]})
    return user


def _vbl(request: HttpRequest, case: Case, placement_id: uuid.UUID) -> VblPlacementOut:
    return VblPlacementOut.from_view(_shown(request, case).vbl_view(placement_id))


def _detention(request: HttpRequest, case: Case, detention_id: uuid.UUID) -> DetentionOut:
    return DetentionOut.from_view(_shown(request, case).detention_view(detention_id))


@router.get("/cases/{caseId}/measures", response=MeasuresOut, summary="Read the measures of a case")
def measures_list(request: HttpRequest, caseId: uuid.UUID) -> MeasuresOut:
    """Reporting duties, VBL stays and detentions, newest first, each with its pending deadlines and
    their explanation (VBL review, court notification, detention maximum, due-speed flag).
    Recorded in the access log."""
    case = case_get(user=caller(request), case_id=caseId)
    return MeasuresOut.from_measures(_shown(request, case))


# --- reporting duty (art. 54 Vw) -----------------------------------------------------------------


@router.post(
    "/cases/{caseId}/reporting-duties",
    response={201: ReportingDutyOut},
    summary="Impose a reporting duty",
    openapi_extra=problems(409),
)
def reporting_duty_impose(request: HttpRequest, caseId: uuid.UUID, payload: ReportingDutyIn) -> Status:
    """Art. 54 Vw: where and how often the person reports. One active duty per case (409 otherwise)."""
    case = case_get(user=caller(request), case_id=caseId)
    duty = services.reporting_duty_impose(actor=actor_for(request), case=case, **payload.arguments())
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return Status(201, ReportingDutyOut.from_duty(duty))


@router.post(
    "/cases/{caseId}/reporting-duties/{reportingDutyId}/ending",
    response=ReportingDutyOut,
    summary="End a reporting duty",
    openapi_extra=problems(409),
)
def reporting_duty_end(
    request: HttpRequest, caseId: uuid.UUID, reportingDutyId: uuid.UUID, payload: ReportingDutyEndIn
) -> ReportingDutyOut:
    """With a reason. Send the duty's `version`: 409 if it changed since it was read or already ended."""
    duty = selectors.reporting_duty_get(user=caller(request), case_id=caseId, duty_id=reportingDutyId)
    duty = services.reporting_duty_end(actor=actor_for(request), duty=duty, **payload.arguments())
    reads.record_api_reads(actor=actor_for(request), cases=[duty.case])
    return ReportingDutyOut.from_duty(duty)


# --- VBL (art. 56 Vw) ------------------------------------------------------------------------------


@router.post(
    "/cases/{caseId}/vbl-placements",
    response={201: VblPlacementOut},
    summary="Place the person in a freedom-restricting location (VBL)",
    openapi_extra=problems(409),
)
def vbl_place(request: HttpRequest, caseId: uuid.UUID, payload: VblPlacementIn) -> Status:
    """Art. 56 Vw. Refused (400) unless the departure plan is up to date and an LP request has been filed:
    `detail` names `departurePlan` and/or `lpRequest`. 409 during detention or another VBL stay."""
    case = case_get(user=caller(request), case_id=caseId)
    placement = services.vbl_place(actor=actor_for(request), case=case, **payload.arguments())
    return Status(201, _vbl(request, case, placement.pk))


@router.post(
    "/cases/{caseId}/vbl-placements/{placementId}/review",
    response=VblPlacementOut,
    summary="Record the review of a VBL stay",
    openapi_extra=problems(409),
)
def vbl_review(
    request: HttpRequest, caseId: uuid.UUID, placementId: uuid.UUID, payload: VblReviewIn
) -> VblPlacementOut:
    """The stay is reviewed after 12 weeks; once recorded, the review deadline is met."""
    placement = selectors.vbl_placement_get(user=caller(request), case_id=caseId, placement_id=placementId)
    placement = services.vbl_review(actor=actor_for(request), placement=placement, **payload.arguments())
    return _vbl(request, placement.case, placement.pk)


@router.post(
    "/cases/{caseId}/vbl-placements/{placementId}/ending",
    response=VblPlacementOut,
    summary="End a VBL stay",
    openapi_extra=problems(409),
)
def vbl_end(request: HttpRequest, caseId: uuid.UUID, placementId: uuid.UUID, payload: VblEndIn) -> VblPlacementOut:
    """With a reason; `absconded` records departure to an unknown destination (closing the case is a
    separate step)."""
    placement = selectors.vbl_placement_get(user=caller(request), case_id=caseId, placement_id=placementId)
    placement = services.vbl_end(actor=actor_for(request), placement=placement, **payload.arguments())
    return _vbl(request, placement.case, placement.pk)


# --- detention (art. 59 / 59a / 59b Vw) ------------------------------------------------------------


@router.post(
    "/cases/{caseId}/detention-proposals",
    response={201: DetentionProposalOut},
    summary="Propose a detention",
    openapi_extra=problems(409),
)
def detention_propose(request: HttpRequest, caseId: uuid.UUID, payload: DetentionProposalIn) -> Status:
    """By who may work on the case. A team lead of the case's team who did not propose it approves it
    (the detention starts, with every check of starting one) or refuses it with a reason. One pending
    proposal per case, none while a detention runs (409)."""
    case = case_get(user=caller(request), case_id=caseId)
    proposal = services.detention_propose(actor=actor_for(request), case=case, **payload.arguments())
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return Status(201, DetentionProposalOut.from_proposal(proposal))


@router.post(
    "/cases/{caseId}/detention-proposals/{proposalId}/approval",
    response={201: DetentionOut},
    summary="Approve a detention proposal: the detention starts",
    openapi_extra=problems(409),
)
def detention_proposal_approve(
    request: HttpRequest, caseId: uuid.UUID, proposalId: uuid.UUID, payload: ProposalApprovalIn
) -> Status:
    """For a team lead of the case's team who did not propose it (403 otherwise). Send the proposal's
    `version` (409 when it changed or was decided)."""
    proposal = selectors.detention_proposal_get(user=caller(request), case_id=caseId, proposal_id=proposalId)
    detention = services.detention_proposal_approve(actor=actor_for(request), proposal=proposal, **payload.arguments())
    return Status(201, _detention(request, proposal.case, detention.pk))


@router.post(
    "/cases/{caseId}/detention-proposals/{proposalId}/refusal",
    response=DetentionProposalOut,
    summary="Refuse a detention proposal, with a reason",
    openapi_extra=problems(409),
)
def detention_proposal_refuse(
    request: HttpRequest, caseId: uuid.UUID, proposalId: uuid.UUID, payload: ProposalRefusalIn
) -> DetentionProposalOut:
    """For a team lead of the case's team who did not propose it (403 otherwise)."""
    proposal = selectors.detention_proposal_get(user=caller(request), case_id=caseId, proposal_id=proposalId)
    proposal = services.detention_proposal_refuse(actor=actor_for(request), proposal=proposal, **payload.arguments())
    reads.record_api_reads(actor=actor_for(request), cases=[proposal.case])
    return DetentionProposalOut.from_proposal(proposal)


@router.post(
    "/cases/{caseId}/detentions",
    response={201: DetentionOut},
    summary="Start a detention",
    openapi_extra=problems(409),
)
def detention_start(request: HttpRequest, caseId: uuid.UUID, payload: DetentionStartIn) -> Status:
    """Team leads only (403 for others): starting a detention approves the proposal of `proposedBy`.
    The answer carries the maximum (6 months; 14 days for families and unaccompanied minors) and the
    court notification deadline. One active detention per case (409 otherwise)."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    detention = services.detention_start(
        actor=actor_for(request), case=case, **payload.arguments(proposed_by=_proposer(payload.proposed_by))
    )
    return Status(201, _detention(request, case, detention.pk))


@router.post(
    "/cases/{caseId}/detentions/{detentionId}/appeal",
    response=DetentionOut,
    summary="Record an appeal against a detention",
    openapi_extra=problems(409),
)
def detention_appeal(
    request: HttpRequest, caseId: uuid.UUID, detentionId: uuid.UUID, payload: DetentionAppealIn
) -> DetentionOut:
    """The person appealed: the court reviews the detention, so the notification deadline lapses."""
    detention = selectors.detention_get(user=caller(request), case_id=caseId, detention_id=detentionId)
    detention = services.detention_record_appeal(actor=actor_for(request), detention=detention, **payload.arguments())
    return _detention(request, detention.case, detention.pk)


@router.post(
    "/cases/{caseId}/detentions/{detentionId}/court-notification",
    response=DetentionOut,
    summary="Record that the court was notified of a detention",
    openapi_extra=problems(409),
)
def detention_court_notification(
    request: HttpRequest, caseId: uuid.UUID, detentionId: uuid.UUID, payload: DetentionCourtNotificationIn
) -> DetentionOut:
    """Art. 94 Vw: the court is notified at the latest after 4 weeks when the person did not appeal."""
    detention = selectors.detention_get(user=caller(request), case_id=caseId, detention_id=detentionId)
    detention = services.detention_court_notified(actor=actor_for(request), detention=detention, **payload.arguments())
    return _detention(request, detention.case, detention.pk)


@router.post(
    "/cases/{caseId}/detentions/{detentionId}/extension",
    response=DetentionOut,
    summary="Extend a detention",
    openapi_extra=problems(409),
)
def detention_extension(
    request: HttpRequest, caseId: uuid.UUID, detentionId: uuid.UUID, payload: DetentionExtensionIn
) -> DetentionOut:
    """To the extended maximum (18 months), when the person does not cooperate or documents are awaited,
    on recorded grounds. Refused (400, naming the field) for families and unaccompanied minors, a second
    time, or once the maximum has passed (`detail` says the maximum date)."""
    detention = selectors.detention_get(user=caller(request), case_id=caseId, detention_id=detentionId)
    detention = services.detention_extend(actor=actor_for(request), detention=detention, **payload.arguments())
    return _detention(request, detention.case, detention.pk)


@router.post(
    "/cases/{caseId}/detentions/{detentionId}/ending",
    response=DetentionOut,
    summary="End a detention",
    openapi_extra=problems(409),
)
def detention_end(
    request: HttpRequest, caseId: uuid.UUID, detentionId: uuid.UUID, payload: DetentionEndIn
) -> DetentionOut:
    """With a reason. An end date after the maximum is refused (400 naming `endsOn`, with the maximum)."""
    detention = selectors.detention_get(user=caller(request), case_id=caseId, detention_id=detentionId)
    detention = services.detention_end(actor=actor_for(request), detention=detention, **payload.arguments())
    return _detention(request, detention.case, detention.pk)
