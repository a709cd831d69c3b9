"""The departures API: thin endpoints over departures.services and departures.selectors.

Cases are loaded through `cases.selectors.case_get` (not visible: 404), departures through the
case. Reads show the person's data and write one access record each (flagged as special-category
when the caller may see the medical facts of the handover). Writes carry the departure's `version`.
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
from regie.cases.schemas import CaseOut
from regie.cases.selectors import case_get

from . import selectors, services
from .models import Departure
from .schemas import (
    CloseWithoutDepartureIn,
    DepartureCancellationIn,
    DepartureCheckIn,
    DepartureConfirmationIn,
    DepartureHandoverIn,
    DepartureList,
    DepartureOut,
    DeparturePlanIn,
    DepartureUpdateIn,
)

router = Router(tags=["departures"], by_alias=True)


def _load(request: HttpRequest, case_id: uuid.UUID, departure_id: uuid.UUID) -> tuple[User, Case, Departure]:
    user = caller(request)
    case = case_get(user=user, case_id=case_id)
    return user, case, selectors.departure_get(user=user, case=case, departure_id=departure_id)


def _out(user: User, departure: Departure) -> DepartureOut:
    return DepartureOut.from_view(selectors.departure_view(user=user, departure=departure))


@router.get("/cases/{caseId}/departures", response=DepartureList, summary="List the departures of a case")
def departure_list(request: HttpRequest, caseId: uuid.UUID) -> DepartureList:
    """The planned departure and earlier (confirmed or cancelled) ones, newest first, each with its
    checklist, handover and deadlines. Medical facts only for the assigned case manager and the team
    lead (else null). Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    views = selectors.departure_views(user=user, case=case)
    reads.record_api_reads(
        actor=actor_for(request), cases=[case], special_categories=permissions.can_see_special_categories(user, case)
    )
    return DepartureList(items=[DepartureOut.from_view(v) for v in views])


@router.post(
    "/cases/{caseId}/departures",
    response={201: DepartureOut},
    summary="Plan a departure",
    openapi_extra=problems(409),
)
def departure_new(request: HttpRequest, caseId: uuid.UUID, payload: DeparturePlanIn) -> Status:
    """Independent, forced or Dublin transfer: one planned departure per case (409 when there is one).
    A forced departure puts the pre-departure checks (flight − 48 hours) on the worklist; a Dublin
    transfer its transfer term. A case in progress moves to 'departure prepared'."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    departure = services.departure_plan(actor=actor_for(request), case=case, **payload.values())
    return Status(201, _out(user, departure))


@router.get("/cases/{caseId}/departures/{departureId}", response=DepartureOut, summary="Read a departure")
def departure_detail(request: HttpRequest, caseId: uuid.UUID, departureId: uuid.UUID) -> DepartureOut:
    """One departure with its checklist, handover and deadlines. Recorded in the access log."""
    user, case, departure = _load(request, caseId, departureId)
    reads.record_api_reads(
        actor=actor_for(request), cases=[case], special_categories=permissions.can_see_special_categories(user, case)
    )
    return _out(user, departure)


@router.patch(
    "/cases/{caseId}/departures/{departureId}",
    response=DepartureOut,
    summary="Change a planned departure",
    openapi_extra=problems(409),
)
def departure_change(
    request: HttpRequest, caseId: uuid.UUID, departureId: uuid.UUID, payload: DepartureUpdateIn
) -> DepartureOut:
    """Time, flight, route, escort or Dublin facts of a planned departure. Send the `version` you read:
    409 if it changed since, or if the departure is no longer planned."""
    user, _, departure = _load(request, caseId, departureId)
    departure = services.departure_update(
        actor=actor_for(request), departure=departure, expected_version=payload.version, **payload.changes()
    )
    return _out(user, departure)


@router.post(
    "/cases/{caseId}/departures/{departureId}/checks",
    response=DepartureOut,
    summary="Tick an item of the pre-departure checklist",
    openapi_extra=problems(409),
)
def departure_checklist_tick(
    request: HttpRequest, caseId: uuid.UUID, departureId: uuid.UUID, payload: DepartureCheckIn
) -> DepartureOut:
    """Tick (or, with `checked: false`, untick) one item. Ticking what is ticked changes nothing."""
    user, _, departure = _load(request, caseId, departureId)
    departure = services.departure_check(actor=actor_for(request), departure=departure, **payload.arguments())
    return _out(user, departure)


@router.post(
    "/cases/{caseId}/departures/{departureId}/handover",
    response=DepartureOut,
    summary="Record the handover to the escort",
    openapi_extra=problems(409),
)
def departure_handover_record(
    request: HttpRequest, caseId: uuid.UUID, departureId: uuid.UUID, payload: DepartureHandoverIn
) -> DepartureOut:
    """Belongings, physical features, and the medical facts the escort needs. Writing `medical` is for
    the assigned case manager and the team lead only (403 for others)."""
    user, _, departure = _load(request, caseId, departureId)
    departure = services.departure_handover(actor=actor_for(request), departure=departure, **payload.arguments())
    return _out(user, departure)


@router.post(
    "/cases/{caseId}/departures/{departureId}/confirmation",
    response=DepartureOut,
    summary="Confirm the departure and close the case",
    openapi_extra=problems(409),
)
def departure_confirmation(
    request: HttpRequest, caseId: uuid.UUID, departureId: uuid.UUID, payload: DepartureConfirmationIn
) -> DepartureOut:
    """From the border message, entered by hand. Closes the case with outcome `independent_verified`,
    `forced` or `dublin`. A forced departure with an incomplete checklist (400, `checklist` naming the
    items) or a forced or escorted departure without a complete handover (400, `handover`) is refused."""
    user, _, departure = _load(request, caseId, departureId)
    departure = services.departure_confirm(actor=actor_for(request), departure=departure, **payload.arguments())
    return _out(user, departure)


@router.post(
    "/cases/{caseId}/departures/{departureId}/cancellation",
    response=DepartureOut,
    summary="Cancel a planned departure",
    openapi_extra=problems(409),
)
def departure_cancellation(
    request: HttpRequest, caseId: uuid.UUID, departureId: uuid.UUID, payload: DepartureCancellationIn
) -> DepartureOut:
    """With the reason (refused boarding, medical, a procedure ...). Its deadlines go; plan anew if needed."""
    user, _, departure = _load(request, caseId, departureId)
    departure = services.departure_cancel(actor=actor_for(request), departure=departure, **payload.arguments())
    return _out(user, departure)


@router.post(
    "/cases/{caseId}/closure-without-departure",
    response=CaseOut,
    summary="Close a case without a departure",
    openapi_extra=problems(409),
)
def case_close_without_departure(request: HttpRequest, caseId: uuid.UUID, payload: CloseWithoutDepartureIn) -> CaseOut:
    """Absconded, a new procedure, a permit after all, a no-fault permit, deceased, transferred. A
    planned departure is cancelled. Send the case's `version`: 409 if it changed since."""
    case = case_get(user=caller(request), case_id=caseId)
    case = services.case_close_without_departure(actor=actor_for(request), case=case, **payload.arguments())
    return CaseOut.from_case(case)
