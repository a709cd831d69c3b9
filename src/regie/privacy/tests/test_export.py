"""The subject access export: everything about the person, the access log included, for the privacy officer only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC))]
URL = "/privacy/inzage/"


def test_the_json_export_holds_the_person_their_cases_with_every_apps_facts_and_the_access_log(
    history: Callable[..., Case], privacy_officer: User, web_as: Callable[[User], Client], case_manager: User
) -> None:
    case = history(close=False)
    response = web_as(privacy_officer).post(URL, {"v_number": case.person.v_number, "file_format": "json"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        case.person.v_number not in response["Content-Disposition"] and "Haddad" not in response["Content-Disposition"]
    )
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert {
        "person",
        "names",
        "nationalities",
        "languages",
        "familyLinks",
        "cases",
        "records",
        "auditTrail",
        "accessLog",
    } <= set(data)
    assert data["person"]["vNumber"] == case.person.v_number and data["person"]["familyName"] == "Haddad"
    assert {n["familyName"] for n in data["names"]} == {"Haddad", "Hadad"}
    [exported] = data["cases"]
    assert exported["number"] == case.number and exported["medicalBackground"] == "Diabetes (synthetisch)."
    records = exported["records"]
    # Process facts from several apps, through the registry.
    assert records["interviews.interview"][0]["interpreterName"] == "Tolk Synthetisch"
    assert records["measures.reportingduty"][0]["location"] == "Zevenaar"
    assert records["removability.medicalpostponement"][0]["ground"] == "hospital"
    assert records["cases.casenote"][0]["text"].startswith("Belde")
    assert records["cases.specialcircumstance"][0]["kind"] == "medical"
    # The access log: who saw the data, with their role and why (the case manager's dossier view).
    seen = [r for r in data["accessLog"] if r["user"]["username"] == case_manager.username]
    assert seen and seen[0]["role"] == "case_manager" and seen[0]["purpose"] == "dossier_view"
    assert seen[0]["caseNumber"] == case.number
    assert any(e["eventType"] == EventType.PERSON_CREATED for e in data["auditTrail"])
    # Producing it is a read of special-category data, and audited.
    read = AccessRecord.objects.filter(user=privacy_officer, person=case.person).latest("id")
    assert read.special_categories and read.purpose == "export"
    exported_event = AuditEvent.objects.get(event_type=EventType.SUBJECT_ACCESS_EXPORTED)
    assert exported_event.person_id == case.person_id and exported_event.new_values["format"] == "json"


def test_the_pdf_export_is_a_pdf(
    history: Callable[..., Case], privacy_officer: User, web_as: Callable[[User], Client]
) -> None:
    case = history(close=False)
    response = web_as(privacy_officer).post(URL, {"v_number": case.person.v_number, "file_format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('.pdf"') and response["Cache-Control"] == "no-store"


def test_an_unknown_v_number_is_named_on_the_field(privacy_officer: User, web_as: Callable[[User], Client]) -> None:
    response = web_as(privacy_officer).post(URL, {"v_number": "9999999999", "file_format": "json"})
    assert response.status_code == 400
    assert "9999999999" not in response.content.decode().split("</form>")[-1]
    assert not AuditEvent.objects.filter(event_type=EventType.SUBJECT_ACCESS_EXPORTED).exists()


@pytest.mark.parametrize("role", ["case_manager", "team_lead", "analyst", "administrator"])
def test_other_roles_get_no_export(
    role: str, history: Callable[..., Case], request: pytest.FixtureRequest, web_as: Callable[[User], Client]
) -> None:
    case = history(close=False)
    user = request.getfixturevalue(role)
    client = web_as(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"v_number": case.person.v_number, "file_format": "json"}).status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.SUBJECT_ACCESS_EXPORTED).exists()
