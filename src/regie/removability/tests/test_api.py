"""The removability endpoints: behaviour, health data per role, access records, problem+json errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import Team, User
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.removability.models import MedicalPostponement, PendingProcedure
from regie.testing.fixtures import ApiClient, assert_problem

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(NOW)]

PROBLEM = "application/problem+json"


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager` (shared `make_case`)."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


@pytest.fixture
def cm(api_as: Callable[..., ApiClient], case_manager: User) -> ApiClient:
    return api_as(case_manager)


def test_removability_answer_with_reasons_and_access_record(cm: ApiClient, case: Case) -> None:
    response = cm.get(f"/cases/{case.pk}/removability")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["on"] == "2026-05-04" and body["removable"] is False
    assert body["reasons"] == [
        "Geen geldig reisdocument (paspoort of laissez-passer) en geen overdracht aan de grens afgesproken."
    ]
    assert body["procedures"] == [] and body["postponements"] == [] and body["specialCategoriesVisible"] is True
    (record,) = AccessRecord.objects.all()
    assert record.person_id == case.person_id and not record.special_categories  # no ground shown


def test_procedure_record_and_end(cm: ApiClient, case: Case) -> None:
    created = cm.post(
        f"/cases/{case.pk}/procedures",
        {"kind": "appeal", "suspensive": True, "startsOn": "2026-04-01", "reference": "AWB 26/1"},
    )
    assert created.status_code == 201, created.content
    procedure = created.json()
    assert procedure["kind"] == "appeal" and procedure["endsOn"] is None
    answer = cm.get(f"/cases/{case.pk}/removability?on=2026-04-15").json()
    assert answer["on"] == "2026-04-15" and not answer["removable"]
    assert answer["reasons"][0] == "Procedure met schorsende werking loopt: Beroep (sinds 01-04-2026)."
    ended = cm.post(
        f"/cases/{case.pk}/procedures/{procedure['id']}/end", {"endsOn": "2026-04-30", "outcomeNote": "ongegrond"}
    )
    assert ended.status_code == 200 and ended.json()["endsOn"] == "2026-04-30"
    body = assert_problem(cm.post(f"/cases/{case.pk}/procedures/{procedure['id']}/end", {"endsOn": "2026-05-01"}), 409)
    assert body["detail"].startswith("endsOn:")
    assert AuditEvent.objects.filter(event_type="removability.procedure_ended", channel="api").count() == 1


def test_removability_on_a_given_day(cm: ApiClient, case: Case) -> None:
    response = cm.request("GET", f"/cases/{case.pk}/removability?on=2026-01-01")
    assert response.status_code == 200 and response.json()["on"] == "2026-01-01"
    assert_problem(cm.request("GET", f"/cases/{case.pk}/removability?on=gisteren"), 400)


def test_procedure_errors_name_the_field(cm: ApiClient, case: Case) -> None:
    body = assert_problem(
        cm.post(f"/cases/{case.pk}/procedures", {"kind": "appeal", "suspensive": True, "startsOn": "2026-06-01"}), 400
    )
    assert body["detail"].startswith("startsOn:")
    body = assert_problem(cm.post(f"/cases/{case.pk}/procedures", {"kind": "lawsuit", "startsOn": "2026-04-01"}), 400)
    assert {p["name"] for p in body["invalidParams"]} == {"kind", "suspensive"}
    assert not PendingProcedure.objects.exists()


def test_pregnancy_postponement_and_early_end(cm: ApiClient, case: Case) -> None:
    created = cm.post(f"/cases/{case.pk}/postponements", {"ground": "pregnancy", "expectedBirthOn": "2026-06-15"})
    assert created.status_code == 201, created.content
    post = created.json()
    assert (post["startsOn"], post["endsOn"], post["ground"]) == ("2026-05-04", "2026-07-27", "pregnancy")
    answer = cm.get(f"/cases/{case.pk}/removability").json()
    assert "Uitstel van vertrek (art. 64 Vw) tot en met 27-07-2026." in answer["reasons"]
    ended = cm.post(f"/cases/{case.pk}/postponements/{post['id']}/early-end", {"endedEarlyOn": "2026-06-30"})
    assert ended.status_code == 200 and ended.json()["endedEarlyOn"] == "2026-06-30"
    assert_problem(
        cm.post(f"/cases/{case.pk}/postponements/{post['id']}/early-end", {"endedEarlyOn": "2026-06-01"}), 409
    )


def test_postponement_errors_name_the_field(cm: ApiClient, case: Case) -> None:
    body = assert_problem(
        cm.post(
            f"/cases/{case.pk}/postponements",
            {"ground": "hospital", "startsOn": "2026-05-01", "endsOn": "2027-05-02"},
        ),
        400,
    )
    assert body["detail"].startswith("endsOn:") and "ten hoogste een jaar" in body["detail"]
    body = assert_problem(
        cm.post(
            f"/cases/{case.pk}/postponements",
            {"ground": "pregnancy", "expectedBirthOn": "2026-06-15", "startsOn": "2026-05-01"},
        ),
        400,
    )
    assert body["detail"].startswith("startsOn:")
    assert not MedicalPostponement.objects.exists()


def test_ground_is_hidden_from_a_colleague_and_writes_are_refused(
    api_as: Callable[..., ApiClient], cm: ApiClient, case: Case, make_user: Callable[..., User], team: Team
) -> None:
    cm.post(
        f"/cases/{case.pk}/postponements", {"ground": "tuberculosis", "startsOn": "2026-05-01", "endsOn": "2026-08-01"}
    )
    colleague = api_as(make_user("case_manager", team))
    body = colleague.get(f"/cases/{case.pk}/removability").json()
    assert body["specialCategoriesVisible"] is False
    # The postponement is health data, its period too: the colleague gets none of it.
    assert body["postponements"] == [] and "2026-08-01" not in json.dumps(body)
    assert "tuberculosis" not in json.dumps(body) and "Tuberculose" not in json.dumps(body)
    assert (
        not AccessRecord.objects.filter(special_categories=True, user__role="case_manager")
        .exclude(user=case.assigned_to)
        .exists()
    )
    assert_problem(
        colleague.post(
            f"/cases/{case.pk}/postponements", {"ground": "hospital", "startsOn": "2026-05-01", "endsOn": "2026-06-01"}
        ),
        403,
    )


def test_other_team_and_anonymous(api_as: Callable[..., ApiClient], other_case_manager: User, case: Case) -> None:
    other = api_as(other_case_manager)
    assert_problem(other.get(f"/cases/{case.pk}/removability"), 404)
    assert_problem(
        other.post(f"/cases/{case.pk}/procedures", {"kind": "appeal", "suspensive": True, "startsOn": "2026-04-01"}),
        404,
    )
    anonymous = api_as()
    for method, path in [
        ("GET", f"/cases/{case.pk}/removability"),
        ("POST", f"/cases/{case.pk}/procedures"),
        ("POST", f"/cases/{case.pk}/procedures/{case.pk}/end"),
        ("POST", f"/cases/{case.pk}/postponements"),
        ("POST", f"/cases/{case.pk}/postponements/{case.pk}/early-end"),
    ]:
        assert_problem(anonymous.request(method, path, {}), 401)
    assert not AccessRecord.objects.exists()


def test_openapi_document_lists_the_routes(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    mine = {
        p: ops for p, ops in doc["paths"].items() if "removability" in p or "procedures" in p or "postponements" in p
    }
    assert set(mine) == {
        "/cases/{caseId}/removability",
        "/cases/{caseId}/procedures",
        "/cases/{caseId}/procedures/{procedureId}/end",
        "/cases/{caseId}/postponements",
        "/cases/{caseId}/postponements/{postponementId}/early-end",
    }
    for operations in mine.values():
        for operation in operations.values():
            assert operation["tags"] == ["removability"]
            for status, response_doc in operation["responses"].items():
                if status[0] in "45":
                    assert list(response_doc["content"]) == [PROBLEM]
