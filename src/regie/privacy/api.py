"""The subject-requests API: requests of data subjects and their handling, for the privacy officer (FG)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Query, Router, Status

from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.api.schemas import paginate
from regie.core.errors import NotFound

from . import selectors, services
from .schemas import (
    SubjectRequestIn,
    SubjectRequestOut,
    SubjectRequestPage,
    SubjectRequestQuery,
    SubjectRequestStatusChangeIn,
)

router = Router(tags=["subject-requests"], by_alias=True)


@router.get("/subject-requests", response=SubjectRequestPage, summary="Requests of data subjects")
def subject_requests_list(request: HttpRequest, query: Query[SubjectRequestQuery]) -> SubjectRequestPage:
    """Privacy officers only: requests for access, rectification, restriction or objection, oldest receipt
    first, each with the date by which it must be answered. Each person listed is recorded as a read."""
    qs = selectors.subject_requests(user=caller(request))
    if query.status is not None:
        qs = qs.filter(status=query.status)
    page, position = paginate(qs, query)
    selectors.subject_requests_shown(actor=actor_for(request), requests=page)
    return SubjectRequestPage(items=[SubjectRequestOut.from_request(r) for r in page], **position)


@router.post(
    "/subject-requests",
    response={201: SubjectRequestOut},
    summary="Record a request of a data subject",
    openapi_extra=problems(404),
)
def subject_request_create(request: HttpRequest, payload: SubjectRequestIn) -> Status:
    """Privacy officers only. The person by `personId` or `vNumber` (an unknown person answers 404)."""
    selectors.require_privacy_officer(caller(request))
    person = selectors.person_for_request(person_id=payload.person_id, v_number=payload.v_number)
    if person is None:
        raise NotFound(gettext_noop("Er is geen persoon met dit V-nummer of deze id."))
    created = services.subject_request_record(
        actor=actor_for(request),
        person=person,
        kind=payload.kind,
        received_on=payload.received_on,
        description=payload.description,
    )
    return Status(201, SubjectRequestOut.from_request(created))


@router.get("/subject-requests/{requestId}", response=SubjectRequestOut, summary="One request of a data subject")
def subject_request_read(request: HttpRequest, requestId: uuid.UUID) -> SubjectRequestOut:
    """Privacy officers only; recorded as a read of the person's data."""
    return SubjectRequestOut.from_request(selectors.subject_request(actor=actor_for(request), request_id=requestId))


@router.post(
    "/subject-requests/{requestId}/status-changes",
    response=SubjectRequestOut,
    summary="Take the next step in handling a request",
    openapi_extra=problems(404, 409),
)
def subject_request_status_change(
    request: HttpRequest, requestId: uuid.UUID, payload: SubjectRequestStatusChangeIn
) -> SubjectRequestOut:
    """received -> in_handling -> done, or refused with `decisionReason`. `version` is the version read: a
    stale one answers 409, as does a step the current status does not allow."""
    changed = services.subject_request_decide(actor=actor_for(request), request_id=requestId, **payload.arguments())
    return SubjectRequestOut.from_request(changed)
