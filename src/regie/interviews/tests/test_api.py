"""The interviews endpoints: behaviour, visibility per role, access records, errors as problem+json."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.core.context import Actor
from regie.interviews.models import DeparturePlanVersion, Interview
from regie.interviews.services import interview_plan
from regie.testing.fixtures import ApiClient, assert_problem

from .conftest import NOW

pytestmark = [pytest.mark.django_db]

CHECKS = {c: {"result": "not_present"} for c in ("medical", "trafficking", "minors", "vulnerability")}


def report_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "heldAt": "2026-12-01T09:30:00+01:00",
        "participants": "regievoerder, tolk",
        "summary": "Gesprek over terugkeer; synthetisch.",
        "stance": "cooperates",
        "checks": CHECKS,
    }
    body.update(overrides)
    return body


@pytest.fixture
def planned(assigned: Case, case_manager: User) -> Interview:
    return interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW, place="Ter Apel")


ENDPOINTS = [
    ("GET", "/cases/{case}/interviews"),
    ("POST", "/cases/{case}/interviews"),
    ("POST", "/cases/{case}/held-interviews"),
    ("POST", "/cases/{case}/interviews/{interview}/report"),
    ("POST", "/cases/{case}/interviews/{interview}/cancellation"),
    ("GET", "/cases/{case}/departure-plan"),
    ("POST", "/cases/{case}/departure-plan/versions"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_needs_credentials(method: str, path: str, api_as: Callable[..., ApiClient], planned) -> None:
    response = api_as().request(method, path.format(case=planned.case_id, interview=planned.pk), {})
    assert_problem(response, 401)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_a_case_of_another_team_is_not_found(
    method: str, path: str, api_as: Callable[..., ApiClient], planned, other_case_manager: User
) -> None:
    body = {"reason": "cancelled", "version": 1, "strategy": "x", **report_body(), "plannedAt": "2026-12-02T10:00:00Z"}
    response = api_as(other_case_manager).request(method, path.format(case=planned.case_id, interview=planned.pk), body)
    # Bodies that do not fit the operation answer 400 before the case is looked up; never 2xx.
    assert response.status_code in (400, 404), response.content
    assert not AccessRecord.objects.exists()
    assert Interview.objects.get().status == "planned" and not DeparturePlanVersion.objects.exists()


def test_plan_record_and_list(api_as: Callable[..., ApiClient], assigned: Case, case_manager: User) -> None:
    api = api_as(case_manager)
    created = api.post(
        f"/cases/{assigned.pk}/interviews",
        {"plannedAt": "2026-12-03T10:00:00+01:00", "place": "Ter Apel", "interpreterLanguage": "ti"},
    )
    assert created.status_code == 201, created.content
    interview = created.json()
    assert interview["status"] == "planned" and interview["interpreterLanguage"] == "ti" and interview["version"] == 1
    assert interview["checks"] == [
        {"circumstance": c, "result": None, "note": ""} for c in ("medical", "trafficking", "minors", "vulnerability")
    ]
    assert AuditEvent.objects.filter(event_type=EventType.INTERVIEW_PLANNED, channel="api").count() == 1

    checks = {**CHECKS, "minors": {"result": "not_checked"}, "medical": {"result": "present", "note": "synthetisch"}}
    held = api.post(f"/cases/{assigned.pk}/interviews/{interview['id']}/report", report_body(checks=checks, version=1))
    assert held.status_code == 200, held.content
    held_body = held.json()
    assert held_body["status"] == "held" and held_body["rank"] == 1 and held_body["unchecked"] == ["minors"]
    assert held_body["place"] == "Ter Apel" and held_body["conductedBy"] == case_manager.username
    assert held_body["version"] == 2 and held_body["stance"] == "cooperates"

    listed = api.get(f"/cases/{assigned.pk}/interviews")
    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert next(c for c in item["checks"] if c["circumstance"] == "medical")["note"] == "synthetisch"
    [record] = AccessRecord.objects.filter(purpose=AccessPurpose.API_READ)
    assert record.person_id == assigned.person_id and record.special_categories


def test_checks_hidden_from_a_colleague_not_assigned(
    api_as: Callable[..., ApiClient], planned: Interview, make_user: Callable[..., User], team: Any
) -> None:
    colleague = make_user("case_manager", team)
    response = api_as(colleague).get(f"/cases/{planned.case_id}/interviews")
    assert response.status_code == 200
    assert response.json()["items"][0]["checks"] is None
    assert not AccessRecord.objects.get().special_categories


def test_an_unplanned_interview_is_recorded_directly(
    api_as: Callable[..., ApiClient], assigned: Case, case_manager
) -> None:
    response = api_as(case_manager).post(
        f"/cases/{assigned.pk}/held-interviews", report_body(place="Detentiecentrum", interpreterLanguage="ar")
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "held" and response.json()["place"] == "Detentiecentrum"


def test_refusals_name_the_field_as_sent(api_as: Callable[..., ApiClient], assigned: Case, case_manager) -> None:
    api = api_as(case_manager)
    url = f"/cases/{assigned.pk}/held-interviews"
    missing = assert_problem(api.post(url, report_body(checks={"medical": {"result": "not_present"}})), 400)
    names = {p["name"] for p in missing["invalidParams"]}
    assert names == {"checks.trafficking", "checks.minors", "checks.vulnerability"}
    assert "checks.minors:" in missing["detail"]
    no_stance = assert_problem(api.post(url, {k: v for k, v in report_body().items() if k != "stance"}), 400)
    assert [p["name"] for p in no_stance["invalidParams"]] == ["stance"]
    future = assert_problem(api.post(url, report_body(heldAt="2026-12-02T10:00:00Z")), 400)
    assert [p["name"] for p in future["invalidParams"]] == ["heldAt"]
    naive = assert_problem(api.post(url, report_body(heldAt="2026-12-01T09:00:00")), 400)
    assert [p["name"] for p in naive["invalidParams"]] == ["heldAt"]
    far = assert_problem(api.post(url, report_body(heldAt="0001-01-01T00:00:00+23:59")), 400)
    assert [p["name"] for p in far["invalidParams"]] == ["heldAt"]
    bad_result = assert_problem(api.post(url, report_body(checks={**CHECKS, "medical": {"result": "x"}})), 400)
    assert [p["name"] for p in bad_result["invalidParams"]] == ["checks.medical.result"]
    unknown = assert_problem(api.post(url, report_body(checks={**CHECKS, "pregnancy": {"result": "present"}})), 400)
    assert [p["name"] for p in unknown["invalidParams"]] == ["checks.pregnancy"]
    language = assert_problem(
        api.post(
            f"/cases/{assigned.pk}/interviews", {"plannedAt": "2026-12-03T10:00:00Z", "interpreterLanguage": "zz9"}
        ),
        400,
    )
    assert [p["name"] for p in language["invalidParams"]] == ["interpreterLanguage"]
    assert not Interview.objects.exists()


def test_cancel_no_show_and_stale_versions(api_as: Callable[..., ApiClient], planned: Interview, case_manager) -> None:
    api = api_as(case_manager)
    base = f"/cases/{planned.case_id}/interviews/{planned.pk}"
    stale = assert_problem(api.post(f"{base}/cancellation", {"reason": "no_show", "version": 7}), 409)
    assert stale["detail"].startswith("version:")
    response = api.post(f"{base}/cancellation", {"reason": "no_show", "version": 1})
    assert response.status_code == 200 and response.json()["status"] == "no_show"
    again = assert_problem(api.post(f"{base}/cancellation", {"reason": "cancelled", "version": 2}), 409)
    assert again["detail"].startswith("status:")
    assert_problem(api.post(f"{base}/report", report_body(version=2)), 409)
    assert AuditEvent.objects.filter(event_type=EventType.INTERVIEW_NO_SHOW).count() == 1


def test_an_interview_of_another_case_is_not_found(
    api_as: Callable[..., ApiClient], planned: Interview, team_lead: User, make_intake: Callable[..., Any]
) -> None:
    from regie.cases.services import case_intake

    other = case_intake(actor=Actor(user=team_lead), data=make_intake()).case
    response = api_as(team_lead).post(
        f"/cases/{other.pk}/interviews/{planned.pk}/cancellation", {"reason": "cancelled", "version": 1}
    )
    assert_problem(response, 404)


def test_departure_plan_versions(api_as: Callable[..., ApiClient], assigned: Case, case_manager, team_lead) -> None:
    url = f"/cases/{assigned.pk}/departure-plan"
    empty = api_as(case_manager).get(url).json()
    assert empty == {"version": 0, "upToDate": False, "maxAgeDays": 90, "versions": []}
    first = api_as(case_manager).post(f"{url}/versions", {"strategy": "Zelfstandig vertrek", "version": 0})
    assert first.status_code == 201, first.content
    assert first.json()["number"] == 1 and first.json()["author"] == case_manager.username
    conflict = assert_problem(
        api_as(team_lead).post(f"{url}/versions", {"strategy": "Gedwongen", "changeNote": "x", "version": 0}), 409
    )
    assert conflict["invalidParams"] == [{"name": "version", "reason": conflict["detail"].removeprefix("version: ")}]
    no_note = assert_problem(api_as(team_lead).post(f"{url}/versions", {"strategy": "Gedwongen", "version": 1}), 400)
    assert [p["name"] for p in no_note["invalidParams"]] == ["changeNote"]
    second = api_as(team_lead).post(
        f"{url}/versions",
        {"strategy": "Zelfstandig vertrek", "nextSteps": "IOM", "changeNote": "Stappen", "version": 1},
    )
    assert second.status_code == 201 and second.json()["changed"] == ["nextSteps"]
    plan = api_as(case_manager).get(url).json()
    assert plan["version"] == 2 and plan["upToDate"] is True
    assert [(v["number"], v["author"]) for v in plan["versions"]] == [
        (2, team_lead.username),
        (1, case_manager.username),
    ]
    assert AccessRecord.objects.filter(purpose=AccessPurpose.API_READ).count() == 2


def test_openapi_documents_the_operations_in_camel_case(api_as: Callable[..., ApiClient], client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for path in (
        "/cases/{caseId}/interviews",
        "/cases/{caseId}/held-interviews",
        "/cases/{caseId}/interviews/{interviewId}/report",
        "/cases/{caseId}/interviews/{interviewId}/cancellation",
        "/cases/{caseId}/departure-plan",
        "/cases/{caseId}/departure-plan/versions",
    ):
        assert path in paths
    schemas = doc["components"]["schemas"]
    assert {"plannedAt", "interpreterLanguage"} <= set(schemas["InterviewPlanIn"]["properties"])
    assert set(schemas["ChecksIn"]["properties"]) == {"medical", "trafficking", "minors", "vulnerability"}
    assert schemas["InterviewOut"]["properties"]["checks"]
    for operations in (paths[p] for p in paths if "interview" in p or "departure-plan" in p):
        for method, operation in operations.items():
            assert operation["tags"] == ["interviews"]
            if method == "post":
                assert "409" in operation["responses"]


def test_problem_detail_is_english_on_request(api_as: Callable[..., ApiClient], assigned: Case, case_manager) -> None:
    body = report_body(stance="cooperates", checks={"medical": {"result": "not_present"}})
    english = assert_problem(
        api_as(case_manager).post(f"/cases/{assigned.pk}/held-interviews", body, **{"Accept-Language": "en"}), 400
    )
    assert english["title"] == "Invalid input"
    assert "checks.minors: Record whether this was discussed" in english["detail"]
