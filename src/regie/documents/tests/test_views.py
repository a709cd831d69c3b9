"""The documents page, the upload form, withdrawal and downloads in the web UI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.core.context import Actor
from regie.documents import services
from regie.documents.models import Document
from regie.testing.fixtures import case_url

from .conftest import EXE, PDF, stored_files, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case()


def add(user: User, case: Case, **kwargs: Any) -> Document:
    return services.document_upload(
        actor=Actor(user=user), case=case, file=upload(PDF), **{"kind": "passport", **kwargs}
    )


def download_url(document: Document) -> str:
    return reverse("documents:download", kwargs={"case_id": document.case_id, "document_id": document.pk})


def test_the_page_has_an_accessible_multipart_upload_form(
    case: Case, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    response = web_as(case_manager).get(case_url("documents:page", case))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert '<label class="utrecht-form-label" for="id_upload-file">' in html
    assert 'accept="application/pdf,image/jpeg,image/png,image/tiff,image/webp"' in html
    assert AccessRecord.objects.filter(user=case_manager, person_id=case.person_id).exists()


def test_an_upload_through_the_form_goes_to_the_dossier_section(
    case: Case, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    client = web_as(case_manager)
    data = {
        "upload-file": upload(PDF, "uitspraak.jpg"),
        "upload-kind": "court_decision",
        "upload-description": "Uitspraak",
    }
    response = client.post(case_url("documents:upload", case), data)
    assert response.status_code == 302 and response["Location"].endswith("#documenten")
    document = Document.objects.get()
    assert (document.kind, document.content_type) == ("court_decision", "application/pdf")
    dossier = client.get(case_url("cases:dossier", case)).content.decode()
    assert 'id="h-documenten"' in dossier and "Uitspraak" in dossier and download_url(document) in dossier


def test_a_wrong_file_is_shown_next_to_the_field(
    case: Case, case_manager: User, web_as: Callable[[User], Client], media_root: Path
) -> None:
    data = {"upload-file": upload(EXE, "besluit.pdf"), "upload-kind": "passport"}
    response = web_as(case_manager).post(case_url("documents:upload", case), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_upload-file-error"' in html and "alleen PDF, JPEG, PNG, TIFF of WebP" in html
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_a_download_is_an_attachment_that_is_logged(
    case: Case, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    document = add(case_manager, case)
    before = AccessRecord.objects.filter(person_id=case.person_id).count()
    response = web_as(case_manager).get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="passport-{str(document.pk)[:8]}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert AccessRecord.objects.filter(person_id=case.person_id).count() == before + 1


def test_a_download_by_another_team_is_404_without_content_or_record(
    case: Case, case_manager: User, other_case_manager: User, web_as: Callable[[User], Client]
) -> None:
    document = add(case_manager, case)
    before = AccessRecord.objects.count()
    response = web_as(other_case_manager).get(download_url(document))
    assert response.status_code == 404
    assert PDF not in response.content and b"%PDF" not in response.content
    assert AccessRecord.objects.count() == before


def test_a_medical_advice_is_not_even_listed_for_who_may_not_see_it(
    case: Case, case_manager: User, make_user: Callable[..., User], team: Any, web_as: Callable[[User], Client]
) -> None:
    document = add(case_manager, case, kind="medical_advice", description="Advies BMA")
    colleague = make_user("case_manager", team)
    html = web_as(colleague).get(case_url("documents:page", case)).content.decode()
    assert "Advies BMA" not in html and download_url(document) not in html
    assert 'value="medical_advice"' not in html  # not offered as a kind either
    assert web_as(colleague).get(download_url(document)).status_code == 404
    own = web_as(case_manager).get(case_url("documents:page", case)).content.decode()
    assert "Advies BMA" in own and 'value="medical_advice"' in own


def test_a_withdrawn_document_is_hidden_behind_the_toggle(
    case: Case, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    document = add(case_manager, case, description="Verkeerde scan")
    client = web_as(case_manager)
    url = reverse("documents:withdraw", kwargs={"case_id": case.pk, "document_id": document.pk})
    assert client.get(url).status_code == 200
    refused = client.post(url, {"withdraw-version": 1, "withdraw-reason": ""})
    assert refused.status_code == 400 and 'id="id_withdraw-reason-error"' in refused.content.decode()
    response = client.post(url, {"withdraw-version": 1, "withdraw-reason": "Verkeerd dossier"})
    assert response.status_code == 302
    html = client.get(case_url("documents:page", case)).content.decode()
    assert "Toon ingetrokken (1)" in html
    hidden = html.split("Toon ingetrokken")[0]
    assert "Verkeerde scan" not in hidden and "Verkeerde scan" in html


def test_files_of_other_apps_join_the_list(
    case: Case, case_manager: User, web_as: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Letters (another app) register a reader; their rows show in the same list, newest date first."""
    import datetime as dt

    from django.utils import timezone

    from regie.cases import registry

    add(case_manager, case, description="Paspoort", document_date=dt.date(2026, 11, 1))
    letter = registry.DossierFile(
        app_label="letters",
        key="1",
        kind_label="Brief",
        title="Uitnodiging vertrekgesprek",
        date=dt.date(2026, 11, 20),
        created_at=timezone.now(),
        size=2048,
        content_type="application/pdf",
        download_url="/brieven/1/",
    )
    monkeypatch.setitem(registry._file_readers, "letters", lambda user, c: [letter] if c.pk == case.pk else [])
    html = web_as(case_manager).get(case_url("cases:dossier", case)).content.decode()
    section = html.split('id="documenten"')[1]
    assert section.index("Uitnodiging vertrekgesprek") < section.index("Paspoort")
    assert 'href="/brieven/1/"' in section
