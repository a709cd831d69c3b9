"""The /api/v1 endpoints: behaviour, visibility per role, access records, errors as problem+json."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from regie.accounts.models import ApiToken, User
from regie.audit.choices import AccessPurpose
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.cases.services import case_assign, special_circumstance_record
from regie.core import clock
from regie.core.context import Actor
from regie.testing.fixtures import ApiClient, assert_problem, closed_case

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
PERSONAL_PATH_PARAMETERS = {"vNumber", "name", "familyName", "givenNames", "birthDate", "query"}


def intake_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vNumber": "2000000001",
        "familyName": "Tesfaye",
        "givenNames": "Selam",
        "birthYear": 1996,
        "birthMonth": 7,
        "source": "ind",
        "sourceReference": "IND-API-1",
        "targetGroup": "rejected_asylum",
        "returnDecisionDate": "2026-01-05",
        "returnDecisionReference": "BES-API-1",
        "nationalities": [{"country": "ER", "status": "claimed"}],
        "languages": [{"code": "ti", "interpreterNeeded": True}],
        "otherNames": [{"familyName": "Tesfay", "kind": "variant"}],
        "specialCircumstances": [{"kind": "vulnerability", "description": "synthetisch"}],
        "medicalBackground": "synthetische medische achtergrond",
    }
    body.update(overrides)
    return body


def access_records(**filters: Any) -> list[AccessRecord]:
    return list(AccessRecord.objects.filter(**filters).order_by("id"))


@pytest.fixture
def assigned_case(open_case: Callable[..., Case], team_lead: User, case_manager: User, team: Any) -> Case:
    """A case of `team` assigned to `case_manager`, with special-category data on it."""
    case = open_case(team_lead, medical_background="synthetische diagnose")
    case = case_assign(
        actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=case.version
    )
    special_circumstance_record(actor=Actor(user=team_lead), case=case, kind="medical", description="synthetisch")
    return case


# --- the document, versioning, unknown routes ----------------------------------------------------


def test_openapi_document_is_public_and_versioned(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["API-Version"] == "1.0.0"
    doc = response.json()
    assert doc["openapi"].startswith("3.1") and doc["info"]["version"] == "1.0.0"
    assert doc["servers"][0]["url"].endswith("/api/v1")
    assert set(doc["info"]["contact"]) == {"name", "email", "url"}
    assert "/cases" in doc["paths"] and "/persons/search" in doc["paths"]
    for path, operations in doc["paths"].items():
        assert not path.endswith("/")
        # No V-number, name or other personal data in paths (ids and codes only).
        assert not set(re.findall(r"{([^}]+)}", path)) & PERSONAL_PATH_PARAMETERS, path
        for operation in operations.values():
            for status, response_doc in operation["responses"].items():
                assert "API-Version" in response_doc["headers"], (path, status)
                if status[0] in "45":
                    assert list(response_doc["content"]) == [PROBLEM]
    assert set(doc["components"]["schemas"]["Problem"]["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "instance",
    }


def test_health_needs_no_credentials(client: Client) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["API-Version"] == "1.0.0"


def test_unknown_route_and_method_are_problems(api_as: Callable[..., ApiClient], team_lead: User) -> None:
    api = api_as(team_lead)
    body = assert_problem(api.get("/no-such-thing/1234567890"), 404)
    assert "1234567890" not in json.dumps(body)
    assert_problem(api.get("/cases/"), 404)  # no trailing slashes
    assert_problem(api.get("/"), 404)
    response = api.request("DELETE", "/cases")
    assert_problem(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


# --- authentication ------------------------------------------------------------------------------

ENDPOINTS = [
    ("GET", "/cases"),
    ("POST", "/cases"),
    ("GET", "/cases/{id}"),
    ("PATCH", "/cases/{id}"),
    ("GET", "/cases/{id}/timeline"),
    ("POST", "/cases/{id}/assignment"),
    ("POST", "/cases/{id}/phase-transitions"),
    ("POST", "/cases/{id}/notes"),
    ("POST", "/persons/search"),
    ("POST", "/access-log/search"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_needs_credentials(
    method: str, path: str, api_as: Callable[..., ApiClient], assigned_case: Case
) -> None:
    response = api_as().request(method, path.format(id=assigned_case.pk), {})
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["title"] == "Niet aangemeld"
    assert not AccessRecord.objects.exists()


def test_revoked_unknown_and_inactive_tokens_are_refused(
    issue_token: Callable[[User], str], team_lead: User, case_manager: User
) -> None:
    assert_problem(ApiClient("rg_not-a-real-token").get("/cases"), 401)
    revoked = issue_token(team_lead)
    ApiToken.objects.filter(user=team_lead).update(revoked_at=clock.now())
    assert_problem(ApiClient(revoked).get("/cases"), 401)
    inactive = issue_token(case_manager)
    User.objects.filter(pk=case_manager.pk).update(is_active=False)
    assert_problem(ApiClient(inactive).get("/cases"), 401)


def test_token_last_used_is_written_at_most_once_a_minute(issue_token: Callable[[User], str], team_lead: User) -> None:
    api = ApiClient(issue_token(team_lead))
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with clock.frozen(start):
        api.get("/cases")
    token = ApiToken.objects.get(user=team_lead)
    assert token.last_used_at == start
    with clock.frozen(start + dt.timedelta(seconds=30)):
        api.get("/cases")
    token.refresh_from_db()
    assert token.last_used_at == start
    with clock.frozen(start + dt.timedelta(seconds=61)):
        api.get("/cases")
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)


def test_browser_session_works_and_unsafe_methods_need_csrf(team_lead: User, assigned_case: Case) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(team_lead)
    assert browser.get("/api/v1/cases").status_code == 200
    note = {"text": "Gesprek ingepland."}
    url = f"/api/v1/cases/{assigned_case.pk}/notes"
    body = assert_problem(browser.post(url, note, content_type="application/json"), 403)
    assert "CSRF" in body["detail"]
    csrf_value = "k" * 32  # what the web UI reads from the csrftoken cookie
    browser.cookies["csrftoken"] = csrf_value
    response = browser.post(url, note, content_type="application/json", headers={"X-CSRFToken": csrf_value})
    assert response.status_code == 201, response.content


# --- intake --------------------------------------------------------------------------------------


def test_system_delivers_a_dossier_and_a_repeat_answers_the_same_case(
    api_as: Callable[..., ApiClient], system_user: User
) -> None:
    api = api_as(system_user)
    first = api.post("/cases", intake_body())
    assert first.status_code == 201, first.content
    assert first["API-Version"] == "1.0.0"
    case = first.json()
    assert case["phase"] == "intake" and case["number"].startswith("RG-")
    assert case["personCreated"] is True and case["sourceReference"] == "IND-API-1"
    assert case["departureTermEnds"] == "2026-02-02" and case["version"] == 1
    # The answer to a system holds no personal data, so delivering writes no access record.
    assert "Tesfaye" not in first.content.decode() and "2000000001" not in first.content.decode()
    assert not AccessRecord.objects.exists()
    stored = Case.objects.get(pk=case["id"])
    assert stored.person.nationalities.get().country == "ER"
    assert stored.person.names.filter(kind="variant", family_name="Tesfay").exists()

    repeat = api.post("/cases", intake_body())
    assert repeat.status_code == 200, repeat.content
    assert repeat.json()["id"] == case["id"] and repeat.json()["personCreated"] is False
    assert Case.objects.count() == 1


def test_a_repeat_by_someone_who_may_not_see_the_case_discloses_nothing(
    api_as: Callable[..., ApiClient],
    case_manager: User,
    other_case_manager: User,
    make_user: Callable[..., Any],
    team: Any,
) -> None:
    from regie.accounts.choices import Role

    first = api_as(case_manager).post("/cases", intake_body())  # lands in Team Noord
    assert first.status_code == 201
    case = first.json()
    # Another team's case manager, or another system, guessing the reference: told only that it is taken.
    for stranger in (other_case_manager, make_user(Role.SYSTEM)):
        answer = api_as(stranger).post("/cases", intake_body())
        body = assert_problem(answer, 400)
        assert [p["name"] for p in body["invalidParams"]] == ["sourceReference"]
        text = answer.content.decode()
        assert case["id"] not in text and case["number"] not in text and "Noord" not in text
    # Who delivered it, and who may see the case, get the case as before.
    assert api_as(case_manager).post("/cases", intake_body()).json()["id"] == case["id"]
    colleague = make_user(Role.TEAM_LEAD, team)
    assert api_as(colleague).post("/cases", intake_body()).json()["id"] == case["id"]
    assert Case.objects.count() == 1


def test_case_manager_delivery_lands_in_own_team(
    api_as: Callable[..., ApiClient], case_manager: User, team: Any
) -> None:
    response = api_as(case_manager).post("/cases", intake_body())
    assert response.status_code == 201 and response.json()["teamId"] == str(team.pk)


@pytest.mark.parametrize("role_fixture", ["analyst", "partner", "privacy_officer"])
def test_other_roles_may_not_deliver(role_fixture: str, request: Any, api_as: Callable[..., ApiClient]) -> None:
    body = assert_problem(api_as(request.getfixturevalue(role_fixture)).post("/cases", intake_body()), 403)
    assert body["title"] == "Geen toegang"
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"vNumber": "12345"}, "vNumber"),
        ({"vNumber": "١٢٣٤٥٦٧٨٩٠"}, "vNumber"),  # Arabic-Indic digits are not a V-number
        ({"familyName": ""}, "familyName"),
        ({"familyName": None}, "familyName"),
        ({"nationalities": [{"country": "sy"}]}, "nationalities[0].country"),
        ({"nationalities": [{"country": "QQ"}]}, "nationalities[0].country"),
        ({"nationalities": [{"country": "SY", "status": "established"}]}, "nationalities[0].source"),
        ({"languages": [{"code": "zz"}]}, "languages[0].code"),
        ({"otherNames": [{"familyName": "   "}]}, "otherNames[0].familyName"),
        ({"birthMonth": 13}, "birthMonth"),
        ({"returnDecisionDate": "1990-01-01"}, "returnDecisionDate"),
        ({"departureTermDays": 7}, "departureTermReason"),
        ({"targetGroup": "tourists"}, "targetGroup"),
        ({"v_number": "2000000001"}, "v_number"),  # only the documented camelCase names
    ],
)
def test_invalid_intake_names_the_field_as_sent(
    overrides: dict[str, Any], field: str, api_as: Callable[..., ApiClient], system_user: User
) -> None:
    body = intake_body(**overrides)
    if field == "familyName" and overrides["familyName"] is None:
        del body["familyName"]
    response = api_as(system_user).post("/cases", body)
    problem = assert_problem(response, 400)
    names = [p["name"] for p in problem["invalidParams"]]
    assert field in names, problem
    assert problem["detail"].startswith(f"{field}: ") or f" {field}: " in problem["detail"]
    # Never echo what was sent: no names, no V-numbers.
    for value in ("Tesfaye", "Selam", "2000000001", "12345"):
        assert value not in problem["detail"]
    assert not Case.objects.exists()


def test_problem_detail_is_english_on_request(api_as: Callable[..., ApiClient], system_user: User) -> None:
    api = api_as(system_user)
    dutch = assert_problem(api.post("/cases", intake_body(vNumber="1")), 400)
    assert dutch["detail"] == "vNumber: Een V-nummer bestaat uit precies 10 cijfers."
    english = assert_problem(api.post("/cases", intake_body(vNumber="1"), **{"Accept-Language": "en"}), 400)
    assert english["title"] == "Invalid input"
    assert english["detail"] == "vNumber: A V-number consists of exactly 10 digits."
    domain = assert_problem(
        api.post("/cases", intake_body(nationalities=[{"country": "QQ"}]), **{"Accept-Language": "en"}), 400
    )
    assert domain["detail"] == "nationalities[0].country: Use an ISO 3166-1 country code (two letters, e.g. SY)."


def test_malformed_json_is_a_problem(api_as: Callable[..., ApiClient], system_user: User) -> None:
    api = api_as(system_user)
    response = api.client.post("/api/v1/cases", data="{not json", content_type="application/json", headers=api.headers)
    assert_problem(response, 400)
    assert_problem(api.post("/cases", ["a", "list"]), 400)


def test_a_server_error_is_a_problem_without_internals(
    api_as: Callable[..., ApiClient], team_lead: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(**kwargs: Any) -> None:
        raise RuntimeError("secret internals 2000000001")

    monkeypatch.setattr("regie.cases.selectors.case_list", explode)
    response = api_as(team_lead).get("/cases", HTTP_X_REQUEST_ID="req-12345678")
    body = assert_problem(response, 500)
    assert "secret" not in response.content.decode() and "2000000001" not in response.content.decode()
    assert body["instance"] == f"urn:regie:request:{response['X-Request-Id']}"


# --- caseload ------------------------------------------------------------------------------------


@pytest.mark.frozen_at(dt.datetime(2026, 11, 28, 10, 0))  # the order depends on the day
def test_caseload_lists_visible_cases_and_logs_one_access_per_person(
    api_as: Callable[..., ApiClient],
    open_case: Callable[..., Case],
    team_lead: User,
    case_manager: User,
    other_case_manager: User,
) -> None:
    ours = [open_case(team_lead, return_decision_date=dt.date(2026, 11, d)) for d in (20, 5, 12)]
    theirs = open_case(other_case_manager)
    response = api_as(case_manager).get("/cases")
    assert response.status_code == 200 and response["API-Version"] == "1.0.0"
    page = response.json()
    assert page["totalItems"] == 3 and page["page"] == 1 and page["pageSize"] == 25 and page["totalPages"] == 1
    listed = [item["id"] for item in page["items"]]
    assert listed == [str(ours[1].pk), str(ours[2].pk), str(ours[0].pk)]  # nearest deadline first
    assert str(theirs.pk) not in listed
    assert page["items"][0]["vNumber"] == ours[1].person.v_number and page["items"][0]["personName"]
    records = access_records(user=case_manager)
    assert sorted(r.person_id for r in records) == sorted(c.person_id for c in ours)
    assert {r.purpose for r in records} == {AccessPurpose.API_READ} and {r.channel for r in records} == {"api"}
    assert len({r.request_id for r in records}) == 1 and records[0].request_id == response["X-Request-Id"]


def test_caseload_pages_and_filters(
    api_as: Callable[..., ApiClient], open_case: Callable[..., Case], team_lead: User, case_manager: User, team: Any
) -> None:
    cases = [open_case(team_lead) for _ in range(3)]
    case_assign(actor=Actor(user=team_lead), case=cases[0], team=team, assigned_to=case_manager, expected_version=1)
    api = api_as(case_manager)
    second = api.get("/cases?page=2&pageSize=2").json()
    assert second["totalItems"] == 3 and second["totalPages"] == 2 and len(second["items"]) == 1
    assert len(access_records(user=case_manager)) == 1  # only the person shown on this page
    mine = api.get("/cases?assignedToMe=true").json()
    assert [i["id"] for i in mine["items"]] == [str(cases[0].pk)]
    assert api.get("/cases?phase=closed").json()["totalItems"] == 0
    assert api.get("/cases?source=kmar").json()["totalItems"] == 0
    assert_problem(api.get("/cases?pageSize=1000"), 400)


@pytest.mark.parametrize("role_fixture", ["analyst", "partner", "system_user", "privacy_officer"])
def test_roles_without_caseload_see_nothing(
    role_fixture: str, request: Any, api_as: Callable[..., ApiClient], assigned_case: Case
) -> None:
    api = api_as(request.getfixturevalue(role_fixture))
    assert api.get("/cases").json()["items"] == []
    assert_problem(api.get(f"/cases/{assigned_case.pk}"), 404)
    assert api.post("/persons/search", {"query": assigned_case.person.v_number}).json()["items"] == []
    assert not AccessRecord.objects.exists()


# --- dossier -------------------------------------------------------------------------------------


def test_assigned_case_manager_reads_the_whole_dossier(
    api_as: Callable[..., ApiClient], assigned_case: Case, case_manager: User
) -> None:
    response = api_as(case_manager).get(f"/cases/{assigned_case.pk}")
    assert response.status_code == 200 and response["API-Version"] == "1.0.0"
    dossier = response.json()
    assert dossier["person"]["vNumber"] == assigned_case.person.v_number
    assert dossier["person"]["birth"] == {"year": 1991, "month": 3, "day": None}
    assert dossier["person"]["nationalities"][0]["country"] == "SY"
    assert dossier["person"]["languages"] == [{"code": "ar", "interpreterNeeded": True}]
    assert dossier["specialCategoriesVisible"] is True
    assert dossier["medicalBackground"] == "synthetische diagnose"
    assert dossier["specialCircumstances"] == [{"kind": "medical", "description": "synthetisch"}]
    deadline = dossier["deadlines"][0]
    assert deadline["due"] == "2026-11-30" and "art. 62 Vw" in deadline["explanation"]
    assert dossier["version"] == assigned_case.version and dossier["assignedTo"] == case_manager.pk
    (record,) = access_records(user=case_manager)
    assert record.person_id == assigned_case.person_id and record.case_id == assigned_case.pk
    assert record.purpose == AccessPurpose.API_READ and record.special_categories is True


def test_special_categories_hidden_from_a_colleague_not_assigned(
    api_as: Callable[..., ApiClient], assigned_case: Case, make_user: Callable[..., User], team: Any
) -> None:
    colleague = make_user("case_manager", team)
    dossier = api_as(colleague).get(f"/cases/{assigned_case.pk}").json()
    assert dossier["specialCategoriesVisible"] is False
    assert dossier["medicalBackground"] is None and dossier["specialCircumstances"] is None
    assert "synthetische diagnose" not in json.dumps(dossier)
    (record,) = access_records(user=colleague)
    assert record.special_categories is False


def test_case_of_another_team_is_not_found(
    api_as: Callable[..., ApiClient], assigned_case: Case, other_case_manager: User
) -> None:
    api = api_as(other_case_manager)
    body = assert_problem(api.get(f"/cases/{assigned_case.pk}"), 404)
    assert body["detail"] == "Dossier niet gevonden."
    assert_problem(api.get(f"/cases/{assigned_case.pk}/timeline"), 404)
    assert_problem(api.post(f"/cases/{assigned_case.pk}/notes", {"text": "x"}), 404)
    assert api.post("/persons/search", {"query": assigned_case.person.v_number}).json()["items"] == []
    assert not AccessRecord.objects.exists()


def test_malformed_case_id_is_a_problem(api_as: Callable[..., ApiClient], team_lead: User) -> None:
    body = assert_problem(api_as(team_lead).get("/cases/not-a-uuid"), 400)
    assert body["invalidParams"][0]["name"] == "caseId"


# --- timeline ------------------------------------------------------------------------------------


def test_timeline_shows_events_and_hides_special_categories_from_colleagues(
    api_as: Callable[..., ApiClient],
    assigned_case: Case,
    case_manager: User,
    make_user: Callable[..., User],
    team: Any,
) -> None:
    events = api_as(case_manager).get(f"/cases/{assigned_case.pk}/timeline").json()["items"]
    types = [e["type"] for e in events]
    assert types[0] == "case.special_circumstance_recorded" and "case.opened" in types
    opened = next(e for e in events if e["type"] == "case.opened")
    assert opened["label"] == "Dossier geopend" and opened["channel"] == "web"
    fields = {c["field"]: c for c in opened["changes"]}
    assert fields["sourceReference"]["new"] and fields["medicalBackground"]["new"] != "synthetische diagnose"
    (record,) = access_records(user=case_manager)
    assert record.special_categories is True

    colleague = make_user("case_manager", team)
    hidden = api_as(colleague).get(f"/cases/{assigned_case.pk}/timeline", **{"Accept-Language": "en"}).json()
    assert "case.special_circumstance_recorded" not in [e["type"] for e in hidden["items"]]
    opened = next(e for e in hidden["items"] if e["type"] == "case.opened")
    assert opened["label"] == "Case opened"
    assert "medicalBackground" not in {c["field"] for c in opened["changes"]}


# --- writes --------------------------------------------------------------------------------------


def test_team_lead_assigns_and_a_stale_version_conflicts(
    api_as: Callable[..., ApiClient], open_case: Callable[..., Case], team_lead: User, case_manager: User, team: Any
) -> None:
    case = open_case(team_lead)
    api = api_as(team_lead)
    body = {"teamId": str(team.pk), "assignedTo": case_manager.pk, "version": case.version}
    response = api.post(f"/cases/{case.pk}/assignment", body)
    assert response.status_code == 200, response.content
    assert response.json()["assignedTo"] == case_manager.pk and response.json()["version"] == case.version + 1
    stale = assert_problem(api.post(f"/cases/{case.pk}/assignment", body), 409)
    assert stale["detail"].startswith("version: ") and stale["invalidParams"] == [
        {"name": "version", "reason": stale["detail"].removeprefix("version: ")}
    ]
    forbidden = api_as(case_manager).post(f"/cases/{case.pk}/assignment", {**body, "version": case.version + 1})
    assert_problem(forbidden, 403)
    unknown = {**body, "teamId": "00000000-0000-4000-8000-000000000000", "version": case.version + 1}
    assert (
        assert_problem(api.post(f"/cases/{case.pk}/assignment", unknown), 400)["invalidParams"][0]["name"] == "teamId"
    )


def test_phase_transitions_follow_the_machine(
    api_as: Callable[..., ApiClient],
    assigned_case: Case,
    case_manager: User,
    open_case: Callable[..., Case],
    team_lead: User,
) -> None:
    api = api_as(case_manager)
    url = f"/cases/{assigned_case.pk}/phase-transitions"
    moved = api.post(url, {"phase": "in_progress", "version": assigned_case.version})
    assert moved.status_code == 200 and moved.json()["phase"] == "in_progress"
    version = moved.json()["version"]
    no_reason = assert_problem(api.post(url, {"phase": "on_hold", "version": version}), 409)
    assert no_reason["detail"].startswith("holdReason: ")
    # Closing is recorded where its outcome's conditions are checked; the generic step names those ways.
    for body in (
        {"phase": "closed"},
        {"phase": "closed", "outcome": "forced"},
        {"phase": "closed", "outcome": "no_fault_permit"},
    ):
        elsewhere = assert_problem(api.post(url, {**body, "version": version}), 409)
        assert elsewhere["detail"].startswith("phase: ") and "/confirmation" in elsewhere["detail"]
    assert Case.objects.get(pk=assigned_case.pk).phase == "in_progress"
    closed_case(assigned_case, "unsupervised", case_manager)
    again = assert_problem(api.post(url, {"phase": "in_progress", "version": version + 1}), 409)
    assert again["detail"].startswith("phase: ") and again["title"] == "Niet toegestaan in deze fase"
    unassigned = open_case(team_lead)
    needs_manager = api_as(team_lead).post(
        f"/cases/{unassigned.pk}/phase-transitions", {"phase": "in_progress", "version": 1}
    )
    assert assert_problem(needs_manager, 409)["detail"].startswith("assignedTo: ")
    bad_phase = assert_problem(api.post(url, {"phase": "gone", "version": 1}), 400)
    assert bad_phase["detail"].startswith("phase: Kies een van: intake")


def test_update_changes_facts_and_refuses_a_stale_version(
    api_as: Callable[..., ApiClient], assigned_case: Case, case_manager: User
) -> None:
    api = api_as(case_manager)
    url = f"/cases/{assigned_case.pk}"
    version = assigned_case.version
    updated = api.patch(
        url, {"version": version, "returnDecisionDate": "2026-02-10", "currentLocation": "AZC Ter Apel"}
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["departureTermEnds"] == "2026-03-10" and updated.json()["version"] == version + 1
    assigned_case.refresh_from_db()
    assert assigned_case.current_location == "AZC Ter Apel" and assigned_case.target_group == "rejected_asylum"
    stale = assert_problem(api.patch(url, {"version": version, "currentLocation": "elders"}), 409)
    assert stale["detail"].startswith("version: ") and stale["title"] == "Tegelijk gewijzigd"
    short = assert_problem(api.patch(url, {"version": version + 1, "departureTermDays": 7}), 400)
    assert short["detail"].startswith("departureTermReason: ")
    future = assert_problem(api.patch(url, {"version": version + 1, "returnDecisionDate": "2999-01-01"}), 400)
    assert future["invalidParams"][0]["name"] == "returnDecisionDate"
    assert_problem(api.patch(url, {"version": version + 1}), 400)  # nothing to change
    assert_problem(api.patch(url, {"version": version + 1, "phase": "closed"}), 400)  # not editable here
    assert_problem(api.patch(url, {"version": version + 1, "targetGroup": None}), 400)


def test_notes_are_added_by_case_workers_only(
    api_as: Callable[..., ApiClient], assigned_case: Case, case_manager: User
) -> None:
    response = api_as(case_manager).post(f"/cases/{assigned_case.pk}/notes", {"text": "Eerste vertrekgesprek gevoerd."})
    assert response.status_code == 201 and response["API-Version"] == "1.0.0"
    assert assigned_case.notes.get().text == "Eerste vertrekgesprek gevoerd."
    assert response.json()["author"] == case_manager.username
    assert_problem(api_as(case_manager).post(f"/cases/{assigned_case.pk}/notes", {"text": ""}), 400)


# --- search and access log -----------------------------------------------------------------------


def test_person_search_is_a_post_and_logs_each_person_found(
    api_as: Callable[..., ApiClient], open_case: Callable[..., Case], team_lead: User
) -> None:
    case = open_case(team_lead, family_name="Mohammed", given_names="Ali")
    open_case(team_lead, family_name="Jansen", given_names="Piet")
    api = api_as(team_lead)
    by_number = api.post("/persons/search", {"query": case.person.v_number}).json()["items"]
    assert [h["caseId"] for h in by_number] == [str(case.pk)] and by_number[0]["score"] == 100
    by_name = api.post("/persons/search", {"query": "Muhammad Ali"}).json()["items"]
    assert by_name and by_name[0]["caseId"] == str(case.pk)
    assert [r.person_id for r in access_records(user=team_lead)] == [case.person_id, case.person_id]
    assert_problem(api.post("/persons/search", {"query": ""}), 400)
    assert_problem(api.get("/persons/search"), 405)


def test_privacy_officer_lists_who_accessed_a_person(
    api_as: Callable[..., ApiClient], assigned_case: Case, case_manager: User, privacy_officer: User
) -> None:
    api_as(case_manager).get(f"/cases/{assigned_case.pk}")
    api_as(case_manager).get("/cases")
    response = api_as(privacy_officer).post("/access-log/search", {"personId": str(assigned_case.person_id)})
    assert response.status_code == 200, response.content
    page = response.json()
    assert page["totalItems"] == 3
    # The privacy officer's own lookup is a read too, recorded like any other.
    own, newest = page["items"][0], page["items"][1]
    assert own["username"] == privacy_officer.username and own["purpose"] == "privacy_review"
    assert newest["username"] == case_manager.username and newest["role"] == "case_manager"
    assert newest["purpose"] == "api_read" and newest["channel"] == "api"
    assert page["items"][2]["specialCategories"] is True
    assert_problem(api_as(case_manager).post("/access-log/search", {"personId": str(assigned_case.person_id)}), 403)


def test_privacy_officer_looks_a_person_up_by_v_number_in_the_body(
    api_as: Callable[..., ApiClient], assigned_case: Case, case_manager: User, privacy_officer: User
) -> None:
    api_as(case_manager).get(f"/cases/{assigned_case.pk}")
    officer = api_as(privacy_officer)
    page = officer.post("/access-log/search", {"vNumber": assigned_case.person.v_number}).json()
    assert [i["purpose"] for i in page["items"]] == ["privacy_review", "api_read"]
    # An unknown V-number: an empty log, and nothing recorded about anyone.
    before = AccessRecord.objects.count()
    assert officer.post("/access-log/search", {"vNumber": "0000000000"}).json()["totalItems"] == 0
    assert AccessRecord.objects.count() == before
    # Exactly one of personId and vNumber; a V-number is ten digits.
    both = {"vNumber": assigned_case.person.v_number, "personId": str(assigned_case.person_id)}
    assert_problem(officer.post("/access-log/search", both), 400)
    assert_problem(officer.post("/access-log/search", {}), 400)
    assert_problem(officer.post("/access-log/search", {"vNumber": "12345"}), 400)
    assert_problem(api_as(case_manager).post("/access-log/search", {"vNumber": assigned_case.person.v_number}), 403)


# --- strict input, as the document states it --------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/persons/search", {"query": "Haddad", "includeClosed": 0}),  # a number for a boolean
        ("POST", "/persons/search", {"query": "   "}),  # blank required text
        ("POST", "/persons/search", {"query": "Had\u0000dad"}),  # NUL
        ("POST", "/access-log/search", {"vNumber": "1234567890", "page": 1.5}),  # a fraction for an integer
        ("POST", "/access-log/search", {"vNumber": "1234567890", "page": "2"}),  # text for an integer
        ("GET", "/cases?page=1.5", None),
        ("GET", "/cases?includeClosed=1", None),
        ("GET", "/cases/{case}/removability?on=1.4e-46", None),  # a number for a date
        ("GET", "/cases/{case}/removability?on=0", None),
        ("GET", "/cases/{case}/removability?on=1899-12-31", None),  # before the documented years
        ("POST", "/cases/{case}/notes", {"text": " \t\n"}),
    ],
)
def test_input_that_does_not_fit_the_document_is_a_request_problem(
    api_as: Callable[..., ApiClient], team_lead: User, make_case: Callable[..., Case], method: str, path: str, body: Any
) -> None:
    case = make_case()
    response = api_as(team_lead).request(method, path.replace("{case}", str(case.pk)), body)
    problem = assert_problem(response, 400)
    assert problem["type"].endswith("/problems/request"), problem
    assert problem["invalidParams"], problem


def test_input_that_fits_the_document_but_breaks_a_rule_is_a_validation_problem(
    api_as: Callable[..., ApiClient], team_lead: User, make_case: Callable[..., Case]
) -> None:
    case = make_case()
    later = (clock.today() + dt.timedelta(days=30)).isoformat()
    response = api_as(team_lead).patch(f"/cases/{case.pk}", {"version": case.version, "returnDecisionDate": later})
    problem = assert_problem(response, 400)
    assert problem["type"].endswith("/problems/validation"), problem
    assert problem["invalidParams"][0]["name"] == "returnDecisionDate"


def test_integral_numbers_are_integers_and_iso_dates_are_dates(
    api_as: Callable[..., ApiClient], team_lead: User, privacy_officer: User, make_case: Callable[..., Case]
) -> None:
    case = make_case()
    api = api_as(team_lead)
    assert api.get("/cases?page=1&includeClosed=true").status_code == 200
    assert api.get(f"/cases/{case.pk}/removability?on=2026-11-28").status_code == 200
    body = {"vNumber": case.person.v_number, "page": 1.0}  # JSON Schema: 1.0 is an integer
    assert api_as(privacy_officer).post("/access-log/search", body).status_code == 200


def test_the_document_states_the_text_and_date_constraints(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["NoteIn"]["properties"]["text"]["pattern"] == r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
    assert schemas["AppointmentIn"]["properties"]["place"]["pattern"] == r"^[^\u0000]*$"
    assert schemas["AppointmentIn"]["properties"]["at"]["pattern"].startswith("^(19[0-9]{2}|2[0-9]{3})-")
    assert schemas["IntakeIn"]["properties"]["vNumber"]["pattern"] == r"^[0-9]{10}$"
