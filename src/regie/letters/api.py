"""The letters API: thin endpoints over letters.services and letters.selectors.

Cases are loaded through `cases.selectors.case_get`, so a case the caller may not see is 404. Every read
of a letter (the list, one letter, its PDF) writes an access record for the person it is addressed to.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases.models import Case
from regie.cases.selectors import case_get

from . import selectors, services
from .models import Letter
from .schemas import LetterIssueIn, LetterListOut, LetterOut

router = Router(tags=["letters"], by_alias=True)

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The letter as issued (PDF).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _read(request: HttpRequest, case: Case) -> None:
    access_record(
        actor=actor_for(request),
        person_ids=[case.person_id],
        purpose=AccessPurpose.API_READ,
        case_ids={case.person_id: case.pk},
    )


def _letter(request: HttpRequest, case_id: uuid.UUID, letter_id: uuid.UUID) -> Letter:
    user = caller(request)
    case = case_get(user=user, case_id=case_id)
    letter = selectors.letter_get(user=user, case=case, letter_id=letter_id)
    _read(request, case)
    return letter


@router.get("/cases/{caseId}/letters", response=LetterListOut, summary="List the letters of a case")
def letter_list(request: HttpRequest, caseId: uuid.UUID) -> LetterListOut:
    """Every letter issued to the case's person, newest first. Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    letters = list(selectors.letter_list(user=user, case=case))
    _read(request, case)
    return LetterListOut(items=[LetterOut.from_letter(letter) for letter in letters])


@router.post(
    "/cases/{caseId}/letters",
    response={201: LetterOut},
    summary="Issue a letter",
    openapi_extra=problems(409),
)
def letter_issue(request: HttpRequest, caseId: uuid.UUID, payload: LetterIssueIn) -> Status:
    """Compose the letter from the template in force today and the dossier's facts, render it to PDF,
    store it on the dossier with its SHA-256 and put it on the timeline. Issuing a kind again makes a
    new version. Refused (400) naming each placeholder the dossier cannot fill (`interview.date`, ...),
    or `language` when no template is in force; 403 for who may not work on the case."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    letter = services.letter_issue(actor=actor_for(request), case=case, kind=payload.kind, language=payload.language)
    return Status(201, LetterOut.from_letter(letter))


@router.get("/cases/{caseId}/letters/{letterId}", response=LetterOut, summary="Read one letter")
def letter_detail(request: HttpRequest, caseId: uuid.UUID, letterId: uuid.UUID) -> LetterOut:
    """A letter's kind, languages, version, reference and SHA-256. Recorded in the access log."""
    return LetterOut.from_letter(_letter(request, caseId, letterId))


@router.get(
    "/cases/{caseId}/letters/{letterId}/content",
    summary="Read a letter's PDF",
    openapi_extra=PDF_RESPONSE,
)
def letter_content(request: HttpRequest, caseId: uuid.UUID, letterId: uuid.UUID) -> HttpResponse:
    """The PDF as issued (its SHA-256 is in the letter's metadata). Recorded in the access log."""
    letter = _letter(request, caseId, letterId)
    response = HttpResponse(selectors.letter_content(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.reference.replace("/", "-")}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
