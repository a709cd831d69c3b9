"""The documents API: multipart upload, list, details, download and withdrawal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regie.accounts.models import User
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.documents.models import Document
from regie.testing.fixtures import ApiClient, assert_problem

from .conftest import EXE, PDF, image, stored_files, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case()


def post_file(client: ApiClient, case: Case, content: bytes, name: str = "scan.pdf", **fields: Any) -> Any:
    data = {"file": upload(content, name), "kind": "passport", **fields}
    return client.client.post(f"/api/v1/cases/{case.pk}/documents", data, headers=client.headers)


def test_upload_list_read_download_and_withdraw(
    case: Case, case_manager: User, api_as: Callable[..., ApiClient]
) -> None:
    client = api_as(case_manager)
    created = post_file(
        client, case, image("JPEG"), name="paspoort.pdf", description="Voorkant", documentDate="2026-11-02"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["contentType"] == "image/jpeg" and body["documentDate"] == "2026-11-02" and body["version"] == 1
    document_id = body["id"]

    listed = client.get(f"/cases/{case.pk}/documents").json()["items"]
    assert [d["id"] for d in listed] == [document_id]
    before = AccessRecord.objects.filter(person_id=case.person_id).count()
    content = client.get(f"/cases/{case.pk}/documents/{document_id}/content")
    assert content.status_code == 200 and content["Content-Type"] == "image/jpeg"
    assert content["Content-Disposition"].startswith('attachment; filename="passport-')
    assert b"".join(content.streaming_content) == image("JPEG")
    assert AccessRecord.objects.filter(person_id=case.person_id).count() == before + 1

    stale = client.post(f"/cases/{case.pk}/documents/{document_id}/withdrawal", {"version": 5, "reason": "Dubbel"})
    assert_problem(stale, 409)
    withdrawn = client.post(f"/cases/{case.pk}/documents/{document_id}/withdrawal", {"version": 1, "reason": "Dubbel"})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True
    assert client.get(f"/cases/{case.pk}/documents").json()["items"] == []
    assert client.get(f"/cases/{case.pk}/documents/{document_id}").json()["withdrawnReason"] == "Dubbel"


@pytest.mark.parametrize(("content", "name"), [(EXE, "besluit.pdf"), (b"", "leeg.pdf")])
def test_a_refused_file_is_a_problem_naming_the_field(
    case: Case, case_manager: User, api_as: Callable[..., ApiClient], media_root: Path, content: bytes, name: str
) -> None:
    problem = assert_problem(post_file(api_as(case_manager), case, content, name=name), 400)
    assert problem["detail"].startswith("file:")
    assert [p["name"] for p in problem["invalidParams"]] == ["file"]
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_an_oversize_file_is_refused(
    case: Case, case_manager: User, api_as: Callable[..., ApiClient], settings: Any, media_root: Path
) -> None:
    settings.REGIE_MAX_UPLOAD_BYTES = 64
    problem = assert_problem(post_file(api_as(case_manager), case, PDF), 400)
    assert problem["detail"].startswith("file:") and stored_files(media_root) == []


def test_another_team_gets_404_and_no_content(
    case: Case, case_manager: User, other_case_manager: User, api_as: Callable[..., ApiClient]
) -> None:
    document_id = post_file(api_as(case_manager), case, PDF).json()["id"]
    before = AccessRecord.objects.count()
    response = api_as(other_case_manager).get(f"/cases/{case.pk}/documents/{document_id}/content")
    assert_problem(response, 404)
    assert b"%PDF" not in response.content and AccessRecord.objects.count() == before


@pytest.mark.parametrize(("content", "reason"), [("", "Het bestand is leeg."), ("gewone tekst", None)])
def test_a_file_part_without_a_filename_is_judged_as_the_file(
    case: Case,
    case_manager: User,
    api_as: Callable[..., ApiClient],
    media_root: Path,
    content: str,
    reason: str | None,
) -> None:
    """OpenAPI does not require a filename on a binary part; Django files such a part as a plain field. It is
    still the file: refused for what it holds (empty, not a PDF or image), not as a missing field."""
    boundary = "grens"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npassport\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\n{content}\r\n--{boundary}--\r\n'
    ).encode()
    client = api_as(case_manager)
    answer = client.client.generic(
        "POST",
        f"/api/v1/cases/{case.pk}/documents",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers=client.headers,
    )
    problem = assert_problem(answer, 400)
    assert problem["type"].endswith("/problems/validation")
    assert [p["name"] for p in problem["invalidParams"]] == ["file"]
    if reason:
        assert problem["invalidParams"][0]["reason"] == reason
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_an_unknown_part_is_refused_naming_it(
    case: Case, case_manager: User, api_as: Callable[..., ApiClient], media_root: Path
) -> None:
    client = api_as(case_manager)
    answer = client.client.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"kind": "passport", "file": SimpleUploadedFile("p.pdf", PDF), "stempel": "ja"},
        headers=client.headers,
    )
    problem = assert_problem(answer, 400)
    assert problem["type"].endswith("/problems/request")
    assert [p["name"] for p in problem["invalidParams"]] == ["stempel"]
    assert not Document.objects.exists() and stored_files(media_root) == []
