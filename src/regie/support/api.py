"""The support API: thin endpoints over support.services and support.selectors.

Cases are loaded through cases.selectors.case_get (via selectors.support_case_get), so a case the
caller may not see is 404; partner organisations read only /referred-cases. Every
response that shows support of a person writes an access record for that person.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.http import HttpRequest
from ninja import Query, Router, Status

from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.api.schemas import PageQuery, paginate
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.core.context import Actor
from regie.core.errors import PermissionDenied

from . import selectors, services
from .models import SupportGrant
from .schemas import (
    AmountRuleListOut,
    AmountRuleOut,
    ConsentIn,
    ConsentWithdrawalIn,
    DeliveryIn,
    GrantListQuery,
    PartnerOrganisationListOut,
    PartnerOrganisationOut,
    PartnerReportIn,
    PartnerReportOut,
    ReferralIn,
    ReferredCaseItem,
    ReferredCaseOut,
    ReferredCasePage,
    RejectionIn,
    SupportApplyIn,
    SupportGrantListOut,
    SupportGrantOut,
    SupportGrantPage,
    VersionIn,
)

router = Router(tags=["support"], by_alias=True)


def _record_reads(actor: Actor, grants: Iterable[SupportGrant]) -> None:
    case_by_person = {g.person_id: g.case_id for g in grants}
    if case_by_person:
        access_record(
            actor=actor, person_ids=list(case_by_person), purpose=AccessPurpose.API_READ, case_ids=case_by_person
        )


def _grant(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> SupportGrant:
    user = caller(request)
    return selectors.grant_get(
        user=user, case=selectors.support_case_get(user=user, case_id=case_id), grant_id=grant_id
    )


@router.get("/cases/{caseId}/support-grants", response=SupportGrantListOut, summary="List the support of a case")
def support_grant_list(request: HttpRequest, caseId: uuid.UUID) -> SupportGrantListOut:
    """Every grant of the case (the person and household members), newest decision first, with the
    calculation in words. Recorded in the access log, one record per person."""
    user = caller(request)
    grants = selectors.grant_list(user=user, case=selectors.support_case_get(user=user, case_id=caseId))
    _record_reads(actor_for(request), grants)
    return SupportGrantListOut(items=[SupportGrantOut.from_grant(g) for g in grants])


@router.post(
    "/cases/{caseId}/support-grants",
    response={201: SupportGrantOut},
    summary="Apply for return or reintegration support",
)
def support_grant_apply(request: HttpRequest, caseId: uuid.UUID, payload: SupportApplyIn) -> Status:
    """Compute the support by the amount rules and record it: `approved`, or `awaiting_approval` above
    the configured threshold. Refused (400, naming the field) when the person received return support
    in the lookback period (`personId`), when no rule applies (`decidedOn`, `country`), or when the
    programme already runs for the person in this case (`programme`)."""
    user = caller(request)
    case = selectors.support_case_get(user=user, case_id=caseId)
    person = selectors.household_member(case=case, person_id=payload.person_id)
    grant = services.support_grant_apply(
        actor=actor_for(request),
        case=case,
        programme=payload.programme,
        person=person,
        decided_on=payload.decided_on,
        cash_requested_cents=payload.cash_requested_cents,
        country=payload.country,
    )
    return Status(201, SupportGrantOut.from_grant(grant))


@router.get("/cases/{caseId}/support-grants/{grantId}", response=SupportGrantOut, summary="Read one grant")
def support_grant_detail(request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID) -> SupportGrantOut:
    """One grant with its calculation. Recorded in the access log."""
    grant = _grant(request, caseId, grantId)
    _record_reads(actor_for(request), [grant])
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/approval",
    response=SupportGrantOut,
    summary="Approve support above the threshold",
    openapi_extra=problems(409),
)
def support_grant_approve(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: VersionIn
) -> SupportGrantOut:
    """For a team lead of the case's team who did not apply for it (four eyes); only a grant `awaiting_approval`."""
    grant = services.support_grant_approve(
        actor=actor_for(request), grant=_grant(request, caseId, grantId), expected_version=payload.version
    )
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/rejection",
    response=SupportGrantOut,
    summary="Reject support above the threshold",
    openapi_extra=problems(409),
)
def support_grant_reject(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: RejectionIn
) -> SupportGrantOut:
    """For a team lead of the case's team who did not apply for it (four eyes); only a grant
    `awaiting_approval`, with a `reason`. Final."""
    grant = services.support_grant_reject(
        actor=actor_for(request), grant=_grant(request, caseId, grantId), **payload.arguments()
    )
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/referral",
    response=SupportGrantOut,
    summary="Refer support to a partner organisation",
    openapi_extra=problems(409),
)
def support_grant_refer(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: ReferralIn
) -> SupportGrantOut:
    """Approved (or already referred) support to IOM or an NGO; basic support only to IOM. With
    `consentToShareOn` the partner also sees the person's name, nationality and languages."""
    grant = _grant(request, caseId, grantId)
    grant = services.support_grant_refer(
        actor=actor_for(request),
        grant=grant,
        partner=selectors.partner_by_id(payload.partner_id),
        consent_to_share_on=payload.consent_to_share_on,
        consent_scope=None if payload.consent_scope is None else [str(c) for c in payload.consent_scope],
        expected_version=payload.version,
    )
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/consent",
    response=SupportGrantOut,
    summary="Record the person's consent to share with the partner",
    openapi_extra=problems(409),
)
def support_consent_record(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: ConsentIn
) -> SupportGrantOut:
    """For referred support: from `consentToShareOn` the partner sees what `consentScope` names
    (`identity`: the name; `origin`: nationalities and languages). Replaces an earlier consent."""
    grant = services.support_consent_record(
        actor=actor_for(request),
        grant=_grant(request, caseId, grantId),
        consent_to_share_on=payload.consent_to_share_on,
        consent_scope=[str(c) for c in payload.consent_scope],
        expected_version=payload.version,
    )
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/consent-withdrawal",
    response=SupportGrantOut,
    summary="Record that the person withdrew consent",
    openapi_extra=problems(409),
)
def support_consent_withdraw(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: ConsentWithdrawalIn
) -> SupportGrantOut:
    """The partner's access to the case ends at once (its list, its pages and the API answer 404); what
    it reported stays in the dossier."""
    grant = services.support_consent_withdraw(
        actor=actor_for(request), grant=_grant(request, caseId, grantId), **payload.arguments()
    )
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/delivery",
    response=SupportGrantOut,
    summary="Record that support was given",
    openapi_extra=problems(409),
)
def support_grant_deliver(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: DeliveryIn
) -> SupportGrantOut:
    """Approved or referred support was given (in kind or cash), also after the case was closed."""
    grant = services.support_grant_deliver(
        actor=actor_for(request), grant=_grant(request, caseId, grantId), **payload.arguments()
    )
    return SupportGrantOut.from_grant(grant)


@router.post(
    "/cases/{caseId}/support-grants/{grantId}/cancellation",
    response=SupportGrantOut,
    summary="Cancel support that will not be given",
    openapi_extra=problems(409),
)
def support_grant_cancel(
    request: HttpRequest, caseId: uuid.UUID, grantId: uuid.UUID, payload: VersionIn
) -> SupportGrantOut:
    """Support awaiting approval, approved or referred that will not be given after all."""
    grant = services.support_grant_cancel(
        actor=actor_for(request), grant=_grant(request, caseId, grantId), expected_version=payload.version
    )
    return SupportGrantOut.from_grant(grant)


@router.get("/support-grants", response=SupportGrantPage, summary="List support in the caller's cases")
def support_grant_search(request: HttpRequest, query: Query[GrantListQuery]) -> SupportGrantPage:
    """Grants in the cases the caller may see, newest decision first; `status=awaiting_approval` is the
    team lead's list of approvals to give. Each person listed is recorded in the access log."""
    page, position = paginate(selectors.grant_search(user=caller(request), status=query.status), query)
    _record_reads(actor_for(request), page)
    return SupportGrantPage(items=[SupportGrantOut.from_grant(g) for g in page], **position)


@router.get("/support-amount-rules", response=AmountRuleListOut, summary="List the amount rules")
def support_amount_rules(request: HttpRequest) -> AmountRuleListOut:
    """Every version of every amount rule, with its validity period: what support amounts are based on."""
    return AmountRuleListOut(items=[AmountRuleOut.from_rule(r) for r in selectors.amount_rule_list()])


@router.get("/partner-organisations", response=PartnerOrganisationListOut, summary="List partner organisations")
def partner_organisation_list(request: HttpRequest) -> PartnerOrganisationListOut:
    """The organisations support can be referred to."""
    return PartnerOrganisationListOut(
        items=[PartnerOrganisationOut(id=p.pk, name=p.name, kind=p.kind) for p in selectors.partners()]
    )


@router.get("/referred-cases", response=ReferredCasePage, summary="List the cases referred to the caller")
def referred_case_list(request: HttpRequest, query: Query[PageQuery]) -> ReferredCasePage:
    """For partner organisations: the cases with support referred to the caller's organisation
    (dossier numbers only)."""
    user = caller(request)
    if not selectors.is_partner(user):
        raise PermissionDenied("Alleen partnerorganisaties zien doorverwezen dossiers.")
    page, position = paginate(selectors.partner_case_list(user=user), query)
    return ReferredCasePage(items=[ReferredCaseItem(case_id=c.pk, number=c.number) for c in page], **position)


@router.get("/referred-cases/{caseId}", response=ReferredCaseOut, summary="Read a case referred to the caller")
def referred_case_detail(request: HttpRequest, caseId: uuid.UUID) -> ReferredCaseOut:
    """For partner organisations: the dossier number and the support referred to them; the person's
    name, nationalities and languages only with their consent. Never medical data. Recorded in the
    access log."""
    view = selectors.partner_case_view(actor=actor_for(request), case_id=caseId, purpose=AccessPurpose.API_READ)
    return ReferredCaseOut.from_partner_case(view)


@router.post(
    "/referred-cases/{caseId}/reports",
    response={201: PartnerReportOut},
    summary="Report back on support referred to the caller",
)
def partner_report_record(request: HttpRequest, caseId: uuid.UUID, payload: PartnerReportIn) -> Status:
    """For partner organisations (people and their organisation's system): counselling held, the
    application received, support delivered (in kind or cash, within the part granted), the departure
    confirmed, the reintegration 6 and 12 months after it. A case not referred to the caller is 404;
    `grantId` naming support not referred to the caller is refused (400, naming `grantId`)."""
    report = services.partner_report_record(
        actor=actor_for(request),
        case_id=caseId,
        grant_id=payload.grant_id,
        kind=str(payload.kind),
        occurred_on=payload.occurred_on,
        support_form=str(payload.support_form or ""),
        amount_cents=payload.amount_cents,
        departure_confirmation=str(payload.departure_confirmation or ""),
        reintegration_status=str(payload.reintegration_status or ""),
        note=payload.note,
    )
    return Status(201, PartnerReportOut.from_report(report))
