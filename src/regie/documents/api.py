"""The documents API: thin endpoints over documents.services and .selectors.

A case or document the caller may not see answers 404 (a medical advice too, for who may not see
special-category data). Lists, reads and downloads write an access record. The upload is multipart.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status
from ninja.errors import ValidationError as RequestInvalid
from ninja.files import UploadedFile

from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.cases.selectors import case_get

from . import domain, selectors, services
from .schemas import DocumentUploadIn, DocumentWithdrawalIn, DossierDocumentList, DossierDocumentOut
from .views import attachment

router = Router(tags=["documents"], by_alias=True)

DOWNLOAD_RESPONSES = {
    "responses": {
        200: {
            "description": "The file, as an attachment, in the type found in its bytes at upload.",
            "content": {mime: {"schema": {"type": "string", "format": "binary"}} for mime in sorted(domain.ACCEPTED)},
        }
    }
}


@router.get("/cases/{caseId}/documents", response=DossierDocumentList, summary="List the documents of a case")
def case_document_list(request: HttpRequest, caseId: uuid.UUID) -> DossierDocumentList:
    """Uploaded scans and files, newest first, withdrawn ones left out. A medical advice only for who may see
    special-category data. Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    documents = list(selectors.documents_for(user=user, case=case))
    selectors.documents_shown(actor=actor_for(request), case=case, documents=documents)
    return DossierDocumentList(items=[DossierDocumentOut.from_document(d) for d in documents])


# The parts of an upload; the document declares no others (`additionalProperties: false`).
UPLOAD_PARTS = frozenset({"file", "kind", "description", "documentDate"})


@router.post(
    "/cases/{caseId}/documents",
    response={201: DossierDocumentOut},
    summary="Upload a document",
    openapi_extra=problems(409),
)
def case_document_upload(
    request: HttpRequest, caseId: uuid.UUID, file: File[UploadedFile], details: Form[DocumentUploadIn]
) -> Status:
    """multipart/form-data: `file` (PDF, JPEG, PNG, TIFF or WebP, judged by its bytes; not empty; at most
    `REGIE_MAX_UPLOAD_BYTES`, 20 MiB by default) and the fields `kind`, `description`, `documentDate`. A
    refused file answers 400 naming `file`; nothing is stored. Any other part is refused, naming it."""
    unknown = sorted((set(request.POST) | set(request.FILES)) - UPLOAD_PARTS)
    if unknown:
        raise RequestInvalid([{"loc": ("form", name), "type": "extra_forbidden"} for name in unknown])
    case = case_get(user=caller(request), case_id=caseId)
    document = services.document_upload(actor=actor_for(request), case=case, file=file, **details.arguments())
    return Status(201, DossierDocumentOut.from_document(document))


@router.get("/cases/{caseId}/documents/{documentId}", response=DossierDocumentOut, summary="Read a document's details")
def case_document_read(request: HttpRequest, caseId: uuid.UUID, documentId: uuid.UUID) -> DossierDocumentOut:
    """One document of the case (withdrawn ones too, for who may work on the case). Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    document = selectors.document_get(user=user, case=case, document_id=documentId)
    selectors.documents_shown(actor=actor_for(request), case=case, documents=[document])
    return DossierDocumentOut.from_document(document)


@router.get(
    "/cases/{caseId}/documents/{documentId}/content", summary="Download a document", openapi_extra=DOWNLOAD_RESPONSES
)
def case_document_content(request: HttpRequest, caseId: uuid.UUID, documentId: uuid.UUID) -> FileResponse:
    """The stored file as an attachment (`Content-Disposition`, no personal data in its name), in the type
    found at upload, never cached. Recorded in the access log."""
    return attachment(selectors.document_download(actor=actor_for(request), case_id=caseId, document_id=documentId))


@router.post(
    "/cases/{caseId}/documents/{documentId}/withdrawal",
    response=DossierDocumentOut,
    summary="Withdraw a document",
    openapi_extra=problems(409),
)
def case_document_withdraw(
    request: HttpRequest, caseId: uuid.UUID, documentId: uuid.UUID, payload: DocumentWithdrawalIn
) -> DossierDocumentOut:
    """A wrong upload is withdrawn with a `reason`, never deleted: it leaves the list and stays until the
    retention rules delete it. A stale `version`, or a document already withdrawn, answers 409."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    document = selectors.document_get(user=user, case=case, document_id=documentId)
    withdrawn = services.document_withdraw(actor=actor_for(request), document=document, **payload.arguments())
    return DossierDocumentOut.from_document(withdrawn)
