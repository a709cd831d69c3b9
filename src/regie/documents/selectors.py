"""Every read of documents. Visibility is a queryset filter: the documents of a case the user may see, and of
those the special-category ones (medical advice) only for who may see such data of that case. Withdrawn
documents only for who may work on the case. Every read that shows the documents of a person, and every
download, writes an access record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_noop

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import DossierFile, dossier_files
from regie.cases.selectors import case_get, case_visibility
from regie.core.context import Actor, Channel
from regie.core.errors import NotFound

from . import domain
from .models import Document
from .storage import document_storage

NOT_FOUND = gettext_noop("Document niet gevonden.")


def may_see_special(user: User, case: Case) -> bool:
    return permissions.can_see_special_categories(user, case)


def may_see_withdrawn(user: User, case: Case) -> bool:
    return permissions.can_work_on(user, case)


def documents_for(*, user: User, case: Case, withdrawn: bool = False) -> QuerySet[Document]:
    """The documents of a case the user may see, newest upload first; `withdrawn` adds the withdrawn ones
    for who may see them."""
    qs = Document.objects.filter(case__in=Case.objects.filter(case_visibility(user), pk=case.pk)).select_related(
        "uploaded_by", "withdrawn_by"
    )
    if not may_see_special(user, case):
        qs = qs.filter(special_category=False)
    if not (withdrawn and may_see_withdrawn(user, case)):
        qs = qs.filter(withdrawn_at__isnull=True)
    return qs.order_by("-uploaded_at", "-created_at")


def document_get(*, user: User, case: Case, document_id: uuid.UUID | str) -> Document:
    """One document of a visible case, as `documents_for` lets the user see it (withdrawn included for who
    may see those); NotFound for anything else, also another case's document or a hidden medical advice."""
    try:
        return documents_for(user=user, case=case, withdrawn=True).get(pk=uuid.UUID(str(document_id)))
    except (ValueError, Document.DoesNotExist):
        raise NotFound(NOT_FOUND) from None


def documents_shown(*, actor: Actor, case: Case, documents: list[Document]) -> None:
    """The read of a list or a document of the person: one access record (special when one is shown)."""
    purpose = AccessPurpose.API_READ if actor.channel == Channel.API else AccessPurpose.DOSSIER_VIEW
    access_record(
        actor=actor,
        person_ids=[case.person_id],
        purpose=purpose,
        case_ids={case.person_id: case.pk},
        special_categories=any(d.special_category for d in documents),
    )


@dataclass(frozen=True)
class Download:
    document: Document
    file: IO[bytes]
    filename: str


def document_download(*, actor: Actor, case_id: uuid.UUID | str, document_id: uuid.UUID | str) -> Download:
    """Open a document's stored file for `actor`, after the same visibility rules as the list, and record the
    read. Anything the actor may not see answers NotFound before the storage is touched."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    document = document_get(user=actor.user, case=case, document_id=document_id)
    opened = document_storage().open(document.storage_name, "rb")
    documents_shown(actor=actor, case=case, documents=[document])
    return Download(
        document=document,
        file=opened,
        filename=domain.download_name(document.kind, document.content_type, str(document.pk)),
    )


# -- the dossier: the files of every app in one list -----------------------------------------------------------
def _as_file(document: Document, may_withdraw: bool) -> DossierFile:
    ids = {"case_id": document.case_id, "document_id": document.pk}
    return DossierFile(
        app_label="documents",
        key=str(document.pk),
        kind_label=str(document.get_kind_display()),
        title=document.description,
        date=document.document_date,
        created_at=document.uploaded_at,
        size=document.size,
        content_type=document.content_type,
        download_url=reverse("documents:download", kwargs=ids),
        created_by=document.uploaded_by.display_name,
        special_category=document.special_category,
        withdrawn=document.withdrawn,
        withdraw_url=reverse("documents:withdraw", kwargs=ids) if may_withdraw and not document.withdrawn else "",
    )


def document_files(user: User, case: Case) -> list[DossierFile]:
    """The documents of the case as rows of the dossier's file list (`cases.registry.register_dossier_files`)."""
    may_withdraw = permissions.can_work_on(user, case) and case.is_open
    return [_as_file(d, may_withdraw) for d in documents_for(user=user, case=case, withdrawn=True)]


@dataclass
class DocumentsSection:
    case: Case
    files: list[DossierFile] = field(default_factory=list)
    withdrawn: list[DossierFile] = field(default_factory=list)
    can_upload: bool = False
    on_page: bool = False


def documents_dossier_section(*, user: User, case: Case) -> DocumentsSection:
    """The context of `documents/_dossier_section.html` (as `section`) for a case already loaded as visible to
    `user`: every registered app's files (documents, letters), withdrawn ones apart. The dossier page already
    wrote the access record for the person."""
    files = dossier_files(user, case)
    return DocumentsSection(
        case=case,
        files=[f for f in files if not f.withdrawn],
        withdrawn=[f for f in files if f.withdrawn],
        can_upload=permissions.can_work_on(user, case) and case.is_open,
    )


def documents_read(*, actor: Actor, case_id: uuid.UUID | str) -> DocumentsSection:
    """The documents page of a visible case for `actor`, with the read logged."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    section = documents_dossier_section(user=actor.user, case=case)
    section.on_page = True
    access_record(
        actor=actor,
        person_ids=[case.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={case.person_id: case.pk},
        special_categories=any(f.special_category for f in [*section.files, *section.withdrawn]),
    )
    return section


def upload_kinds(user: User, case: Case) -> list[tuple[str, Any]]:
    """The kinds the user may upload for this case (a medical advice only for who may see such data)."""
    from .choices import SPECIAL_CATEGORY_KINDS, DossierFileKind

    special = may_see_special(user, case)
    return [(v, label) for v, label in DossierFileKind.choices if special or v not in SPECIAL_CATEGORY_KINDS]
