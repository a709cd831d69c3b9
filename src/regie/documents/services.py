"""Every write of documents: upload and withdrawal. One transaction each, with its audit record.

An upload writes the file first (outside the transaction, so a large file does not hold the database), then
the row and its audit record in one transaction; on any failure the stored file is removed again, so a
failed upload leaves nothing behind. The trail records what the file is (kind, type, size, SHA-256), never
its content, description or name. A medical advice is special-category data: only who may see that data
uploads or withdraws it, under event types that the timeline hides from others.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.utils.translation import gettext_noop

from regie.audit.choices import EventType
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.work import lock_open_case, may_work, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import REQUIRED, max_chars
from regie.core.errors import IllegalTransition, ValidationFailed
from regie.core.services import CLOSED_CASE, choice, lock_version, refuse, require, save_versioned
from regie.core.transactions import atomic

from . import domain, storage
from .choices import SPECIAL_CATEGORY_KINDS, DossierFileKind
from .models import Document

PROTECTED = "[beschermd]"
SPECIAL_NOT_ALLOWED = gettext_noop("Alleen wie bijzondere persoonsgegevens van dit dossier mag zien, kan dit doen.")
ALREADY_WITHDRAWN = gettext_noop("Dit document is al ingetrokken.")
MAX_DESCRIPTION = 300
MAX_REASON = 2000


def _may_handle(actor: Actor, case: Case, kind: str) -> None:
    user = may_work(actor, case)
    if kind in SPECIAL_CATEGORY_KINDS:
        require(permissions.can_see_special_categories(user, case), SPECIAL_NOT_ALLOWED)


def _refuse_input(*, kind: str, description: str, document_date: dt.date | None, file: Any, size: int | None) -> None:
    errors: dict[str, str] = {**choice("kind", kind, DossierFileKind)}
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = max_chars(MAX_DESCRIPTION)
    if document_date is not None and document_date > clock.today():
        errors["document_date"] = domain.FUTURE_DATE
    if file is None:
        errors["file"] = domain.FILE_MISSING
    elif size == 0:
        errors["file"] = domain.FILE_EMPTY
    elif size is not None and size > settings.REGIE_MAX_UPLOAD_BYTES:
        errors["file"] = domain.too_large_message(settings.REGIE_MAX_UPLOAD_BYTES)
    refuse(errors)


def document_upload(
    *,
    actor: Actor,
    case: Case,
    file: IO[bytes] | File[Any] | None,
    kind: str,
    description: str = "",
    document_date: dt.date | None = None,
) -> Document:
    """Add a scan or file to the dossier. Refused (400, naming the field) when the kind is unknown, the
    date is in the future, or the file is missing, empty, over `REGIE_MAX_UPLOAD_BYTES` or not a PDF,
    JPEG, PNG, TIFF or WebP by its content (its name and declared type are ignored). A medical advice needs
    the right to see special-category data (403). Nothing is stored when the upload is refused or fails."""
    _may_handle(actor, case, kind)
    require(case.is_open, CLOSED_CASE)
    description = (description or "").strip()
    declared = getattr(file, "size", None) if file is not None else None
    _refuse_input(kind=kind, description=description, document_date=document_date, file=file, size=declared)
    assert file is not None
    found = storage.inspect(file)
    _refuse_input(kind=kind, description=description, document_date=document_date, file=file, size=found.size)
    if found.content_type is None:
        raise ValidationFailed({"file": [domain.FILE_TYPE]})
    name = storage.store(file)
    try:
        with atomic():
            locked = lock_open_case(case)
            document = Document(
                case=locked,
                kind=kind,
                description=description,
                document_date=document_date,
                special_category=kind in SPECIAL_CATEGORY_KINDS,
                storage_name=name,
                content_type=found.content_type,
                size=found.size,
                sha256=found.sha256,
                uploaded_at=clock.now(),
                uploaded_by=actor.user,
            )
            save_versioned(document, created=True)
            record_change(
                actor=actor,
                event_type=EventType.MEDICAL_DOCUMENT_UPLOADED
                if document.special_category
                else EventType.DOCUMENT_UPLOADED,
                case=locked,
                subject=document,
                new={
                    "kind": kind,
                    "document_date": document_date,
                    "content_type": found.content_type,
                    "size": found.size,
                    "sha256": found.sha256,
                    "description": PROTECTED if description else "",
                },
                refresh_deadlines=False,
            )
    except BaseException:
        storage.remove(name)
        raise
    return document


def document_withdraw(
    *, actor: Actor, document: Document, reason: str, expected_version: int | None = None
) -> Document:
    """Withdraw a wrong upload: hidden from the list (shown under "ingetrokken" to who may see it), kept
    until retention deletes it. A reason is required; a stale version answers 409, a second withdrawal too."""
    case = document.case
    _may_handle(actor, case, document.kind)
    reason = (reason or "").strip()
    if not reason:
        refuse({"reason": REQUIRED})
    if len(reason) > MAX_REASON:
        refuse({"reason": max_chars(MAX_REASON)})
    with atomic():
        locked_case = lock_open_case(case)
        locked = lock_version(Document.objects.all(), document.pk, expected_version)
        if locked.withdrawn:
            raise IllegalTransition(ALREADY_WITHDRAWN, field="reason")
        locked.withdrawn_at = clock.now()
        locked.withdrawn_by = actor.user
        locked.withdrawn_reason = reason
        save_versioned(locked, fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        record_change(
            actor=actor,
            event_type=EventType.MEDICAL_DOCUMENT_WITHDRAWN
            if locked.special_category
            else EventType.DOCUMENT_WITHDRAWN,
            case=locked_case,
            subject=locked,
            old={"withdrawn": False},
            new={"withdrawn": True, "kind": locked.kind, "reason": PROTECTED},
            refresh_deadlines=False,
        )
    return locked
