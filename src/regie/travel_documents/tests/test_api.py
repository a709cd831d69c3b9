"""The travel-documents endpoints: behaviour, visibility per role, access records, problem+json errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.deadlines.models import CaseDeadline
from regie.testing.fixtures import ApiClient, assert_problem
from regie.travel_documents.models import IdentityDocument, LpRequest

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(NOW)]

PROBLEM = "application/problem+json"
NUMBER = "AB1234567"


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager` (shared `make_case`)."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


@pytest.fixture
def cm(api_as: Callable[..., ApiClient], case_manager: User) -> ApiClient:
    return api_as(case_manager)


def _prepare(api: ApiClient, case: Case, **body: Any) -> dict[str, Any]:
    response = api.post(f"/cases/{case.pk}/lp-requests", {"country": "DZ", "preparedOn": "2026-01-05", **body})
    assert response.status_code == 201, response.content
    return response.json()


# --- documents -----------------------------------------------------------------------------------


def test_record_and_list_documents(cm: ApiClient, case: Case) -> None:
    body = {
        "kind": "passport",
        "issuingCountry": "SY",
        "number": NUMBER,
        "validUntil": "2029-01-31",
        "heldByService": True,
    }
    created = cm.post(f"/cases/{case.pk}/identity-documents", body)
    assert created.status_code == 201, created.content
    doc = created.json()
    assert doc["number"] == NUMBER and doc["validTravelDocument"] is True and doc["issuingCountry"] == "SY"
    assert not AccessRecord.objects.exists()  # the answer repeats what was sent
    listed = cm.get(f"/cases/{case.pk}/identity-documents")
    assert listed.status_code == 200 and [d["id"] for d in listed.json()["items"]] == [doc["id"]]
    (record,) = AccessRecord.objects.all()
    assert record.person_id == case.person_id and record.purpose == "api_read"


def test_document_errors_name_the_field_and_never_echo_the_number(cm: ApiClient, case: Case) -> None:
    body = assert_problem(
        cm.post(f"/cases/{case.pk}/identity-documents", {"kind": "passport", "issuingCountry": "SY", "number": NUMBER}),
        400,
    )
    assert body["detail"].startswith("validUntil:") and NUMBER not in json.dumps(body)
    body = assert_problem(
        cm.post(f"/cases/{case.pk}/identity-documents", {"kind": "visa", "issuingCountry": "sy", "number": NUMBER}),
        400,
    )
    assert {p["name"] for p in body["invalidParams"]} == {"kind", "issuingCountry"}
    assert NUMBER not in json.dumps(body)
    assert not IdentityDocument.objects.exists()


def test_other_team_gets_404_and_nothing_is_logged(
    api_as: Callable[..., ApiClient],
    other_case_manager: User,
    case: Case,
) -> None:
    other = api_as(other_case_manager)
    assert_problem(other.get(f"/cases/{case.pk}/identity-documents"), 404)
    assert_problem(other.get(f"/cases/{case.pk}/lp-requests"), 404)
    assert_problem(other.post(f"/cases/{case.pk}/lp-requests", {"country": "DZ"}), 404)
    assert not AccessRecord.objects.exists() and not LpRequest.objects.exists()


def test_every_endpoint_needs_credentials(api_as: Callable[..., ApiClient], case: Case) -> None:
    anonymous = api_as()
    lp = f"/cases/{case.pk}/lp-requests/{case.pk}"
    for method, path in [
        ("GET", f"/cases/{case.pk}/identity-documents"),
        ("POST", f"/cases/{case.pk}/identity-documents"),
        ("GET", f"/cases/{case.pk}/lp-requests"),
        ("POST", f"/cases/{case.pk}/lp-requests"),
        ("GET", lp),
        ("POST", f"{lp}/signature"),
        ("POST", f"{lp}/signature-refusal"),
        ("POST", f"{lp}/dispatch"),
        ("POST", f"{lp}/presentation"),
        ("POST", f"{lp}/outcome"),
        ("GET", "/country-requirements"),
        ("GET", "/country-requirements/MA"),
        ("PUT", "/country-requirements/MA"),
    ]:
        assert_problem(anonymous.request(method, path, {}), 401)


# --- LP requests ---------------------------------------------------------------------------------


def test_lp_life_cycle_through_the_api(cm: ApiClient, case: Case) -> None:
    lp = _prepare(cm, case, reference="LP-1")
    assert lp["status"] == "prepared" and lp["version"] == 1
    assert lp["nextSteps"] == ["sign", "refuse_signing", "close"] and lp["withdrawalDecisionOn"] is None
    base = f"/cases/{case.pk}/lp-requests/{lp['id']}"

    refused = cm.post(f"{base}/signature-refusal", {"version": 1, "signingRefusedOn": "2026-01-06", "note": "weigert"})
    assert refused.status_code == 200, refused.content
    assert refused.json()["status"] == "signing_refused"
    sent = cm.post(f"{base}/dispatch", {"version": 2, "sentOn": "2026-01-07"}).json()
    assert sent["status"] == "sent" and sent["withdrawalDecisionOn"] == "2027-01-07"
    assert CaseDeadline.objects.get(case=case, code="lp_withdrawal_decision").due == dt.date(2027, 1, 7)
    presented = cm.post(f"{base}/presentation", {"version": 3}).json()
    assert presented["presentedOn"] == "2026-05-04" and presented["nextSteps"] == ["close"]

    closed = cm.post(
        f"{base}/outcome",
        {"version": 4, "outcome": "issued", "lpValidUntil": "2026-08-01", "documentNumber": NUMBER},
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["outcome"] == "issued" and closed.json()["nextSteps"] == []
    assert IdentityDocument.objects.get(person=case.person).kind == "laissez_passer"
    assert NUMBER not in json.dumps(list(AuditEvent.objects.values_list("new_values", flat=True)))
    detail = cm.get(base)
    assert detail.status_code == 200 and detail.json()["version"] == 5
    assert AuditEvent.objects.filter(event_type=EventType.LP_REQUEST_CLOSED, channel="api").count() == 1


def test_illegal_step_and_stale_version_answer_409_naming_the_field(cm: ApiClient, case: Case) -> None:
    lp = _prepare(cm, case)
    base = f"/cases/{case.pk}/lp-requests/{lp['id']}"
    body = assert_problem(cm.post(f"{base}/dispatch", {"version": 1}), 409)
    assert body["detail"].startswith("status:")
    assert body["invalidParams"][0]["name"] == "status"
    assert cm.post(f"{base}/signature", {"version": 1}).status_code == 200
    body = assert_problem(cm.post(f"{base}/signature-refusal", {"version": 1}), 409)
    assert body["detail"].startswith("version:")


def test_outcome_errors_name_the_field(cm: ApiClient, case: Case) -> None:
    lp = _prepare(cm, case)
    base = f"/cases/{case.pk}/lp-requests/{lp['id']}"
    body = assert_problem(cm.post(f"{base}/outcome", {"version": 1, "outcome": "issued"}), 400)
    assert body["detail"].startswith("outcome:")  # not sent yet: only a withdrawal
    cm.post(f"{base}/signature", {"version": 1})
    cm.post(f"{base}/dispatch", {"version": 2})
    body = assert_problem(
        cm.post(f"{base}/outcome", {"version": 3, "outcome": "issued", "documentNumber": NUMBER}), 400
    )
    assert body["detail"].startswith("lpValidUntil:") and NUMBER not in json.dumps(body)
    body = assert_problem(cm.post(f"{base}/outcome", {"version": 3, "outcome": "lost"}), 400)
    assert body["invalidParams"][0]["name"] == "outcome"
    body = assert_problem(cm.post(f"{base}/signature", {"version": 3, "signedOn": "2026-13-01"}), 400)
    assert body["invalidParams"][0]["name"] == "signedOn"


def test_lp_of_another_case_is_not_found(
    cm: ApiClient, case: Case, open_case: Callable[..., Case], case_manager: User
) -> None:
    lp = _prepare(cm, case)
    elsewhere = open_case(case_manager, return_decision_date=dt.date(2026, 3, 2))
    assert_problem(cm.get(f"/cases/{elsewhere.pk}/lp-requests/{lp['id']}"), 404)
    assert_problem(cm.post(f"/cases/{elsewhere.pk}/lp-requests/{lp['id']}/signature", {"version": 1}), 404)


def test_second_open_request_for_a_country_is_refused(cm: ApiClient, case: Case) -> None:
    _prepare(cm, case)
    body = assert_problem(cm.post(f"/cases/{case.pk}/lp-requests", {"country": "DZ"}), 400)
    assert body["detail"].startswith("country:")
    listed = cm.get(f"/cases/{case.pk}/lp-requests")
    assert len(listed.json()["items"]) == 1


# --- country requirements ------------------------------------------------------------------------


def test_country_requirements_put_create_replace_and_conflict(
    api_as: Callable[..., ApiClient],
    team_lead: User,
    case_manager: User,
    partner: User,
) -> None:
    lead = api_as(team_lead)
    body = {"forms": "Formulier A", "photos": 4, "presentationInPerson": True, "typicalResponseDays": 90}
    created = lead.request("PUT", "/country-requirements/DZ", body)
    assert created.status_code == 201, created.content
    assert created.json()["version"] == 1 and created.json()["photos"] == 4
    replaced = lead.request("PUT", "/country-requirements/DZ", {**body, "photos": 2, "version": 1})
    assert replaced.status_code == 200 and replaced.json()["version"] == 2
    assert_problem(lead.request("PUT", "/country-requirements/DZ", {**body, "version": 1}), 409)
    blind = assert_problem(lead.request("PUT", "/country-requirements/DZ", body), 409)
    assert blind["detail"].startswith("version:")
    assert_problem(api_as(case_manager).request("PUT", "/country-requirements/MA", body), 403)
    bad = assert_problem(lead.request("PUT", "/country-requirements/ZZ", body), 400)
    assert bad["detail"].startswith("country:")

    reader = api_as(case_manager)
    assert [r["country"] for r in reader.get("/country-requirements").json()["items"]] == ["DZ"]
    assert reader.get("/country-requirements/dz").json()["photos"] == 2
    assert_problem(reader.get("/country-requirements/MA"), 404)
    assert api_as(partner).get("/country-requirements").json()["items"] == []
    assert not AccessRecord.objects.exists()  # reference data, no personal data


def test_session_needs_csrf_for_writes(case_manager: User, case: Case) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(case_manager)
    url = f"/api/v1/cases/{case.pk}/lp-requests"
    assert_problem(browser.post(url, {"country": "DZ"}, content_type="application/json"), 403)
    browser.cookies["csrftoken"] = "k" * 32
    ok = browser.post(url, {"country": "DZ"}, content_type="application/json", headers={"X-CSRFToken": "k" * 32})
    assert ok.status_code == 201, ok.content


def test_openapi_document_lists_the_routes(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    mine = {
        p: ops
        for p, ops in doc["paths"].items()
        if re.match(r"/(cases/\{caseId\}/)?(identity-documents|lp-requests|country-requirements)", p)
    }
    assert len(mine) == 11
    assert "/cases/{caseId}/lp-requests/{lpRequestId}/outcome" in mine and "/country-requirements/{country}" in mine
    assert "/lp-requests-per-country" in mine
    for path, operations in mine.items():
        assert re.fullmatch(r"(/([a-z0-9-]+|\{[a-z][A-Za-z]*\}))+", path), path
        for operation in operations.values():
            assert "travel-documents" in operation["tags"]
            for status, response_doc in operation["responses"].items():
                if status[0] in "45":
                    assert list(response_doc["content"]) == [PROBLEM]
