"""The documents page of a dossier (the list, an upload form), the withdrawal of a document, and downloads.

Thin: services and selectors do the work. Every page and every download writes an access record. A download
is an attachment with the type sniffed at upload, `nosniff` and `no-store`, and a file name without
personal data.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.cases import permissions
from regie.cases.selectors import case_get
from regie.core.errors import PermissionDenied
from regie.core.services import NOT_ALLOWED
from regie.web.helpers import current_user, dossier_submitter, error_summary, submit, to_dossier, web_actor, web_errors

from . import selectors, services
from .forms import DocumentUploadForm, DocumentWithdrawForm

SECTION = "documenten"


def _render(
    request: HttpRequest, case_id: uuid.UUID, *, bound: dict[str, BaseForm] | None = None, status: int = 200
) -> HttpResponse:
    user = current_user(request)
    section = selectors.documents_read(actor=web_actor(request), case_id=case_id)
    case = section.case
    form = (bound or {}).get("upload")
    if form is None and section.can_upload:
        form = DocumentUploadForm(kinds=selectors.upload_kinds(user, case))
    context = {
        "case": case,
        "person": case.person,
        "section": section,
        "form": form,
        "errors": error_summary(form),
    }
    return render(request, "documents/documents.html", context, status=status)


_submit = dossier_submitter(SECTION, _render)


@login_required
@require_GET
@web_errors
def documents_page(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _render(request, case_id)


@login_required
@require_POST
@web_errors
def document_upload(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    user = current_user(request)
    case = case_get(user=user, case_id=case_id)
    form = DocumentUploadForm(request.POST, request.FILES, kinds=selectors.upload_kinds(user, case))
    return _submit(
        request,
        case.pk,
        "upload",
        form,
        lambda d: services.document_upload(actor=web_actor(request), case=case, **d),
        _("Het document is toegevoegd."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@web_errors
def document_withdraw(request: HttpRequest, case_id: uuid.UUID, document_id: uuid.UUID) -> HttpResponse:
    user = current_user(request)
    case = case_get(user=user, case_id=case_id)
    document = selectors.document_get(user=user, case=case, document_id=document_id)
    if not (permissions.can_work_on(user, case) and case.is_open) or document.withdrawn:
        raise PermissionDenied(NOT_ALLOWED)
    actor = web_actor(request)

    def page(form: BaseForm, status: int = 200) -> HttpResponse:
        selectors.documents_shown(actor=actor, case=case, documents=[document])
        context = {"case": case, "person": case.person, "document": document, "form": form}
        return render(request, "documents/withdraw.html", {**context, "errors": error_summary(form)}, status=status)

    if request.method == "GET":
        return page(DocumentWithdrawForm(initial={"version": document.version}))
    return submit(
        request,
        DocumentWithdrawForm(request.POST),
        lambda d: services.document_withdraw(
            actor=actor, document=document, reason=d["reason"], expected_version=d["version"]
        ),
        done=_("Het document is ingetrokken."),
        success=lambda: to_dossier(case.pk, SECTION),
        failure=lambda form, status: page(form, status),
    )


@login_required
@require_GET
@web_errors
def document_download(request: HttpRequest, case_id: uuid.UUID, document_id: uuid.UUID) -> HttpResponse:
    found = selectors.document_download(actor=web_actor(request), case_id=case_id, document_id=document_id)
    # A streaming response; `web_errors` only passes it through.
    return cast(HttpResponse, attachment(found))


def attachment(found: selectors.Download) -> FileResponse:
    """The stored file as a download: never shown inline, never sniffed, never cached."""
    response = FileResponse(
        found.file, as_attachment=True, filename=found.filename, content_type=found.document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
