"""The travel-documents API: thin endpoints over travel_documents.services and .selectors.

Cases are loaded through `cases.selectors.case_get`, so a case the caller may not see answers 404.
Responses that show the person's documents or LP requests write one access record. Document
numbers travel only in bodies.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from regie.api import reads
from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.cases.selectors import case_get

from . import selectors, services
from .choices import LpStatus
from .models import LpRequest
from .schemas import (
    CountryLpOverviewList,
    CountryLpOverviewOut,
    CountryRequirementIn,
    CountryRequirementList,
    CountryRequirementOut,
    DocumentIn,
    DocumentList,
    DocumentOut,
    LpInFlightOut,
    LpInFlightPersonOut,
    LpOutcomeIn,
    LpPrepareIn,
    LpPresentIn,
    LpRefuseSigningIn,
    LpRequestList,
    LpRequestOut,
    LpSendIn,
    LpSignIn,
)

router = Router(tags=["travel-documents"], by_alias=True)


# --- documents -----------------------------------------------------------------------------------


@router.get("/cases/{caseId}/identity-documents", response=DocumentList, summary="List the person's documents")
def document_list(request: HttpRequest, caseId: uuid.UUID) -> DocumentList:
    """Passports, ID cards, laissez-passers and other documents of the case's person, expired ones
    included, longest valid first. Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    documents = list(selectors.documents_for(user=user, case=case))
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return DocumentList(items=[DocumentOut.from_document(d) for d in documents])


@router.post("/cases/{caseId}/identity-documents", response={201: DocumentOut}, summary="Record a document")
def document_record(request: HttpRequest, caseId: uuid.UUID, payload: DocumentIn) -> Status:
    """A document the person holds or held. A passport or laissez-passer needs `validUntil`."""
    case = case_get(user=caller(request), case_id=caseId)
    document = services.document_record(actor=actor_for(request), case=case, **payload.model_dump(by_alias=False))
    return Status(201, DocumentOut.from_document(document))


# --- LP requests ---------------------------------------------------------------------------------


@router.get("/cases/{caseId}/lp-requests", response=LpRequestList, summary="List the LP requests of a case")
def lp_request_list(request: HttpRequest, caseId: uuid.UUID) -> LpRequestList:
    """Newest first, each with its status, dates, the steps it allows now and, while sent and
    unanswered, the day to decide on withdrawal. Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    items = list(selectors.lp_requests_for(user=user, case=case))
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return LpRequestList(items=[LpRequestOut.from_lp(lp) for lp in items])


@router.post("/cases/{caseId}/lp-requests", response={201: LpRequestOut}, summary="Prepare an LP request")
def lp_request_prepare(request: HttpRequest, caseId: uuid.UUID, payload: LpPrepareIn) -> Status:
    """Start a request for a laissez-passer to the authorities of `country`; one open request per
    country per case."""
    case = case_get(user=caller(request), case_id=caseId)
    lp = services.lp_request_prepare(actor=actor_for(request), case=case, **payload.model_dump(by_alias=False))
    return Status(201, LpRequestOut.from_lp(lp))


@router.get("/cases/{caseId}/lp-requests/{lpRequestId}", response=LpRequestOut, summary="Read an LP request")
def lp_request_detail(request: HttpRequest, caseId: uuid.UUID, lpRequestId: uuid.UUID) -> LpRequestOut:
    """One LP request of the case. Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    lp = selectors.lp_request_get(user=user, case=case, lp_request_id=lpRequestId)
    reads.record_api_reads(actor=actor_for(request), cases=[case])
    return LpRequestOut.from_lp(lp)


def _lp(request: HttpRequest, case_id: uuid.UUID, lp_request_id: uuid.UUID) -> LpRequest:
    user = caller(request)
    case = case_get(user=user, case_id=case_id)
    return selectors.lp_request_get(user=user, case=case, lp_request_id=lp_request_id)


# Every step of the life cycle answers the request as it is now, or 409 (illegal step, stale version).
STEP: dict[str, Any] = {"response": LpRequestOut, "openapi_extra": problems(409)}


@router.post("/cases/{caseId}/lp-requests/{lpRequestId}/signature", summary="Record that the person signed", **STEP)
def lp_request_sign(request: HttpRequest, caseId: uuid.UUID, lpRequestId: uuid.UUID, payload: LpSignIn) -> LpRequestOut:
    """From `prepared` or `signing_refused`. A step the life cycle does not allow answers 409 naming
    `status`; a stale `version` answers 409 naming `version`."""
    lp = services.lp_request_sign(actor=actor_for(request), lp=_lp(request, caseId, lpRequestId), **payload.arguments())
    return LpRequestOut.from_lp(lp)


@router.post(
    "/cases/{caseId}/lp-requests/{lpRequestId}/signature-refusal",
    summary="Record that the person refused to sign",
    **STEP,
)
def lp_request_refuse_signing(
    request: HttpRequest, caseId: uuid.UUID, lpRequestId: uuid.UUID, payload: LpRefuseSigningIn
) -> LpRequestOut:
    """From `prepared`. The request may still be sent; the refusal weighs in the assessment of cooperation."""
    lp = services.lp_request_refuse_signing(
        actor=actor_for(request), lp=_lp(request, caseId, lpRequestId), **payload.arguments()
    )
    return LpRequestOut.from_lp(lp)


@router.post("/cases/{caseId}/lp-requests/{lpRequestId}/dispatch", summary="Record that the request was sent", **STEP)
def lp_request_send(request: HttpRequest, caseId: uuid.UUID, lpRequestId: uuid.UUID, payload: LpSendIn) -> LpRequestOut:
    """From `signed` or `signing_refused`. Puts the withdrawal decision (sent + 12 months) on the worklist."""
    lp = services.lp_request_send(actor=actor_for(request), lp=_lp(request, caseId, lpRequestId), **payload.arguments())
    return LpRequestOut.from_lp(lp)


@router.post(
    "/cases/{caseId}/lp-requests/{lpRequestId}/presentation",
    summary="Record the presentation at the embassy",
    **STEP,
)
def lp_request_present(
    request: HttpRequest, caseId: uuid.UUID, lpRequestId: uuid.UUID, payload: LpPresentIn
) -> LpRequestOut:
    """From `sent`."""
    lp = services.lp_request_present(
        actor=actor_for(request), lp=_lp(request, caseId, lpRequestId), **payload.arguments()
    )
    return LpRequestOut.from_lp(lp)


@router.post("/cases/{caseId}/lp-requests/{lpRequestId}/outcome", summary="Record the outcome of an LP request", **STEP)
def lp_request_close(
    request: HttpRequest, caseId: uuid.UUID, lpRequestId: uuid.UUID, payload: LpOutcomeIn
) -> LpRequestOut:
    """The answer of the authorities (after sending), or `withdrawn` at any time. `issued` needs
    `lpValidUntil` and records the LP as a document of the person too."""
    lp = services.lp_request_close(
        actor=actor_for(request), lp=_lp(request, caseId, lpRequestId), **payload.arguments()
    )
    return LpRequestOut.from_lp(lp)


# --- country requirements (reference data) -------------------------------------------------------


@router.get("/country-requirements", response=CountryRequirementList, summary="List country requirements")
def country_requirement_list(request: HttpRequest) -> CountryRequirementList:
    """Per country of origin: forms, photos, translations, presentation in person, typical response
    time and the embassy. For case managers, team leads and administrators. No personal data."""
    items = list(selectors.country_requirement_list(user=caller(request)))
    return CountryRequirementList(items=[CountryRequirementOut.from_requirement(r) for r in items])


@router.get("/country-requirements/{country}", response=CountryRequirementOut, summary="Read a country's requirements")
def country_requirement_detail(request: HttpRequest, country: str) -> CountryRequirementOut:
    """`country` is an ISO 3166-1 alpha-2 code."""
    return CountryRequirementOut.from_requirement(
        selectors.country_requirement_get(user=caller(request), country=country)
    )


@router.put(
    "/country-requirements/{country}",
    response={200: CountryRequirementOut, 201: CountryRequirementOut},
    summary="Create or replace a country's requirements",
    openapi_extra=problems(409),
)
def country_requirement_put(request: HttpRequest, country: str, payload: CountryRequirementIn) -> Status:
    """The country specialist, team leads and administrators. Creating: leave `version` out (201). Replacing: send the
    `version` you read (200); a newer one, or none for an existing country, answers 409."""
    requirement = services.country_requirement_save(
        actor=actor_for(request), country=country, expected_version=payload.version or 0, **payload.values()
    )
    # A new record starts at version 1; every change of an existing one raises it.
    created = requirement.version == 1
    return Status(201 if created else 200, CountryRequirementOut.from_requirement(requirement))


# --- the country specialist's overview -----------------------------------------------------------


@router.get(
    "/lp-requests-per-country",
    response=CountryLpOverviewList,
    summary="LP requests in flight per country, with the median response time",
)
def lp_overview_per_country(request: HttpRequest) -> CountryLpOverviewList:
    """For the country and document specialist only: every team's LP requests sent and not yet answered, per
    country, oldest first, with their age in days and the identity the request carries (name, date of birth,
    nationalities, V-number); per country the median days to an answer. One access record per person shown."""
    countries = selectors.lp_overview_per_country(actor=actor_for(request))
    return CountryLpOverviewList(
        items=[
            CountryLpOverviewOut(
                country=c.country,
                median_response_days=c.median_response_days,
                answered=c.answered,
                in_flight=[_in_flight(row) for row in c.in_flight],
            )
            for c in countries
        ]
    )


def _in_flight(row: selectors.LpInFlight) -> LpInFlightOut:
    person = row.lp.case.person
    assert row.lp.sent_on is not None
    return LpInFlightOut(
        lp_request_id=row.lp.pk,
        case_id=row.lp.case_id,
        status=LpStatus(row.lp.status),
        sent_on=row.lp.sent_on,
        age_days=row.age_days,
        person=LpInFlightPersonOut.of(person, nationalities=[n.country for n in person.nationalities.all()]),
    )
