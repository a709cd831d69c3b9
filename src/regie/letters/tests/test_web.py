"""The letter pages, the API and the admin: preview, issue, download; every read on the access log."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from regie.audit.choices import EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.letters.models import Letter, LetterTemplate
from regie.testing.fixtures import assert_problem, case_url

pytestmark = pytest.mark.django_db


def test_compose_preview_issue_and_download(full_dossier, case_manager, web_as) -> None:
    client = web_as(case_manager)
    url = case_url("letters:compose", full_dossier)
    assert client.get(url).status_code == 200
    before = AccessRecord.objects.count()
    preview = client.get(url, {"kind": "vbl_placement", "language": "ar"})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'lang="ar" dir="rtl"' in page and "VBL Ter Apel" in page
    assert AccessRecord.objects.count() == before + 1

    issued = client.post(case_url("letters:issue", full_dossier), {"kind": "vbl_placement", "language": "ar"})
    assert issued.status_code == 302 and issued["Location"].endswith("#h-brieven")
    letter = Letter.objects.get()
    dossier = client.get(reverse("cases:dossier", kwargs={"case_id": full_dossier.pk})).content.decode()
    assert (
        letter.reference in dossier
        and reverse("letters:download", kwargs={"case_id": full_dossier.pk, "letter_id": letter.pk}) in dossier
    )
    assert "Brief verstuurd" in dossier  # the timeline

    before = AccessRecord.objects.count()
    download = client.get(case_url("letters:download", full_dossier, letter_id=letter.pk))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download["Content-Disposition"] == f'attachment; filename="{letter.reference.replace("/", "-")}.pdf"'
    assert download["Cache-Control"] == "no-store" and "Haddad" not in download["Content-Disposition"]
    assert AccessRecord.objects.count() == before + 1


def test_a_gap_in_the_dossier_is_named_above_the_form(case, case_manager, web_as) -> None:
    response = web_as(case_manager).get(case_url("letters:compose", case), {"kind": "departure_notice"})
    assert response.status_code == 400
    assert "{{ departure.date }}" in response.content.decode()
    refused = web_as(case_manager).post(case_url("letters:issue", case), {"kind": "departure_notice"})
    assert refused.status_code == 400 and not Letter.objects.exists()


def test_outsiders_neither_compose_nor_download(full_dossier, case_manager, other_case_manager, web_as) -> None:
    from regie.core.context import Actor
    from regie.letters.services import letter_issue

    letter = letter_issue(actor=Actor(user=case_manager), case=full_dossier, kind="plan_summary", language="en")
    outsider = web_as(other_case_manager)
    assert outsider.get(case_url("letters:compose", full_dossier)).status_code == 404
    assert outsider.get(case_url("letters:download", full_dossier, letter_id=letter.pk)).status_code == 404


def test_the_api_issues_lists_and_reads_letters(full_dossier, case_manager, api_as) -> None:
    api = api_as(case_manager)
    base = f"/cases/{full_dossier.pk}/letters"
    created = api.post(base, {"kind": "support_refused", "language": "en"})
    assert created.status_code == 201, created.content
    body = json.loads(created.content)
    assert body["reference"].endswith("/B05-v1") and body["languages"] == ["en"] and len(body["sha256"]) == 64
    listed = json.loads(api.get(base).content)
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert json.loads(api.get(f"{base}/{body['id']}").content)["kindLabel"]
    assert body["contentUrl"] == f"/api/v1{base}/{body['id']}/content"
    content = api.get(f"{base}/{body['id']}/content")
    assert content.status_code == 200 and content["Content-Type"] == "application/pdf"
    assert content.content.startswith(b"%PDF")


def test_the_api_names_the_placeholder_the_dossier_cannot_fill(case, case_manager, api_as) -> None:
    gap = api_as(case_manager).post(f"/cases/{case.pk}/letters", {"kind": "interview_invitation", "language": "fr"})
    problem = assert_problem(gap, 400)
    assert "interview.date" in json.dumps(problem) and not Letter.objects.exists()


def test_the_admin_refuses_a_template_with_an_unknown_placeholder(administrator, web_as) -> None:
    client = web_as(administrator)
    count = LetterTemplate.objects.count()
    response = client.post(
        reverse("admin:letters_lettertemplate_add"),
        {
            "kind": "plan_summary",
            "language": "nl",
            "subject": "Uw plan",
            "body": "Beste {{ person.family_name }}, uw {{ person.bank_account }}.",
            "valid_from": "2027-01-01",
        },
    )
    assert response.status_code == 200
    assert "Onbekende plaatshouder: {{ person.bank_account }}." in response.content.decode()
    assert LetterTemplate.objects.count() == count
    # The version in force is ended first (versions never overlap), then the new one is saved.
    LetterTemplate.objects.filter(kind="plan_summary", language="nl").update(valid_until="2026-12-31")
    saved = client.post(
        reverse("admin:letters_lettertemplate_add"),
        {
            "kind": "plan_summary",
            "language": "nl",
            "subject": "Uw plan",
            "body": "Beste {{ person.family_name }}.",
            "valid_from": "2027-01-01",
        },
    )
    assert saved.status_code == 302
    assert AuditEvent.objects.filter(event_type=EventType.LETTER_TEMPLATE_SAVED).count() == 1


def test_issued_letters_are_listed_with_the_documents(full_dossier, case_manager, other_case_manager, web_as) -> None:
    """One list of the dossier's files: the scans and the letters Regie wrote (issue 11, item 2)."""
    from regie.core.context import Actor
    from regie.letters.services import letter_issue

    letter = letter_issue(actor=Actor(user=case_manager), case=full_dossier, kind="plan_summary", language="fr")
    download = reverse("letters:download", kwargs={"case_id": full_dossier.pk, "letter_id": letter.pk})
    page = web_as(case_manager).get(case_url("documents:page", full_dossier)).content.decode()
    assert letter.reference in page and download in page
    assert web_as(other_case_manager).get(case_url("documents:page", full_dossier)).status_code == 404
