"""The departures endpoints: behaviour, visibility per role, access records, errors as problem+json."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor
from regie.departures.models import Departure
from regie.departures.schemas import ChecklistItem, OutcomeWithoutDeparture
from regie.departures.services import departure_check, departure_handover
from regie.testing.fixtures import ApiClient, assert_problem
from regie.travel_documents.models import IdentityDocument

from .conftest import FLIGHT

pytestmark = [pytest.mark.django_db]

PROBLEM = "application/problem+json"


def plan_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "forced",
        "departsAt": "2026-12-10T07:15:00+01:00",
        "flightNumber": "KL 1234",
        "fromAirport": "AMS",
        "toAirport": "DAM",
        "destinationCountry": "SY",
        "escort": "kmar",
    }
    body.update(overrides)
    return body


def url(case: Case, departure: Departure | None = None, tail: str = "") -> str:
    base = f"/cases/{case.pk}/departures"
    return f"{base}/{departure.pk}{tail}" if departure is not None else base


def test_schema_literals_follow_the_choices() -> None:
    from typing import get_args

    from regie.departures.choices import CHECKLIST_ITEMS
    from regie.departures.domain import WITHOUT_DEPARTURE

    assert get_args(ChecklistItem) == CHECKLIST_ITEMS
    assert get_args(OutcomeWithoutDeparture) == WITHOUT_DEPARTURE


def test_plan_and_read_a_departure(api_as: Callable[..., ApiClient], case: Case, case_manager: User) -> None:
    api = api_as(case_manager)
    response = api.post(url(case), plan_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "forced" and body["status"] == "planned" and body["flightNumber"] == "KL1234"
    assert body["checklistRequired"] and body["missingChecks"] == list(
        ("ticket", "money", "belongings", "travel_document", "fit_to_fly", "medical_information")
    )
    assert body["checklistDueAt"] == "2026-12-08T07:15:00+01:00"
    assert body["handover"]["required"] and body["handover"]["missing"] == ["belongings", "physicalFeatures", "medical"]
    assert body["version"] == 1
    assert AuditEvent.objects.filter(event_type=EventType.DEPARTURE_PLANNED, channel="api").count() == 1
    listed = api.get(url(case))
    assert listed.status_code == 200 and [d["id"] for d in listed.json()["items"]] == [body["id"]]
    detail = api.get(url(case, Departure.objects.get()))
    assert detail.status_code == 200 and detail.json()["id"] == body["id"]
    reads = AccessRecord.objects.filter(person_id=case.person_id, purpose=AccessPurpose.API_READ)
    assert reads.count() == 2 and all(r.special_categories for r in reads)


def test_plan_refusals_name_the_fields(api_as: Callable[..., ApiClient], case: Case, case_manager: User) -> None:
    api = api_as(case_manager)
    body = assert_problem(api.post(url(case), plan_body(flightNumber="", escort="none", destinationCountry="QQ")), 400)
    names = {p["name"] for p in body["invalidParams"]}
    assert names == {"flightNumber", "escort", "destinationCountry"}
    assert "QQ" not in body["detail"]
    naive = assert_problem(api.post(url(case), plan_body(departsAt="2026-12-10T07:15:00")), 400)
    assert naive["invalidParams"][0]["name"] == "departsAt"
    far = assert_problem(api.post(url(case), plan_body(departsAt="9999-12-31T23:00:00-05:00")), 400)
    assert far["invalidParams"][0]["name"] == "departsAt"
    assert_problem(api.post(url(case), plan_body(kind="train")), 400)
    assert api.post(url(case), plan_body()).status_code == 201
    again = assert_problem(api.post(url(case), plan_body()), 409)
    assert again["detail"].startswith("departure:")


def test_update_with_version(
    api_as: Callable[..., ApiClient], planned: Departure, case: Case, case_manager: User
) -> None:
    api = api_as(case_manager)
    response = api.patch(url(case, planned), {"version": 1, "escort": "partial"})
    assert response.status_code == 200 and response.json()["escort"] == "partial" and response.json()["version"] == 2
    stale = assert_problem(api.patch(url(case, planned), {"version": 1, "escort": "kmar"}), 409)
    assert stale["detail"].startswith("version:")
    assert_problem(api.patch(url(case, planned), {"version": 2}), 400)
    assert_problem(api.patch(url(case, planned), {"version": 2, "kind": "independent"}), 400)
    assert_problem(api.patch(url(case, planned), {"version": 2, "escort": None}), 400)


def test_checklist_and_travel_document(
    api_as: Callable[..., ApiClient], planned: Departure, case: Case, case_manager: User
) -> None:
    api = api_as(case_manager)
    body = assert_problem(api.post(url(case, planned, "/checks"), {"item": "travel_document", "version": 1}), 400)
    assert body["invalidParams"][0]["name"] == "item"
    document = IdentityDocument.objects.create(
        person=case.person, kind="passport", issuing_country="SY", valid_until=FLIGHT.date()
    )
    response = api.post(url(case, planned, "/checks"), {"item": "travel_document", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["travelDocumentId"] == str(document.pk)
    assert "travel_document" not in response.json()["missingChecks"]
    assert_problem(api.post(url(case, planned, "/checks"), {"item": "visa", "version": 2}), 400)


def test_confirm_forced_with_incomplete_checklist_is_refused(
    api_as: Callable[..., ApiClient], planned: Departure, case: Case, case_manager: User
) -> None:
    actor = Actor(user=case_manager)
    departure = departure_handover(
        actor=actor,
        departure=planned,
        belongings="tas",
        physical_features="lang",
        medical="geen",
        complete=True,
        expected_version=1,
    )
    departure = departure_check(actor=actor, departure=departure, item="money", expected_version=2)
    # On the day after the flight, the day of the flight: only the checklist stands in the way.
    with clock.frozen(FLIGHT + dt.timedelta(days=1)):
        body = assert_problem(
            api_as(case_manager).post(
                url(case, planned, "/confirmation"),
                {"confirmedOn": FLIGHT.date().isoformat(), "borderMessageReference": "KMAR-1", "version": 3},
            ),
            400,
        )
    assert body["invalidParams"] == [
        {
            "name": "checklist",
            "reason": "De controle vóór vertrek is niet compleet; nog niet afgevinkt: ticket, bagage, reisdocument, "
            "fit to fly, medische informatie.",
        }
    ]
    assert Case.objects.get(pk=case.pk).is_open


def test_independent_departure_confirmed_closes_the_case(
    api_as: Callable[..., ApiClient], case: Case, case_manager: User
) -> None:
    api = api_as(case_manager)
    created = api.post(url(case), {"kind": "independent", "destinationCountry": "SY"}).json()
    response = api.post(
        f"/cases/{case.pk}/departures/{created['id']}/confirmation",
        {"confirmedOn": "2026-11-27", "borderMessageReference": "KMAR-GB-9", "version": 1},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed" and response.json()["outcome"] == "independent_verified"
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.phase == "closed" and fresh.outcome == "independent_verified"


def test_handover_medical_only_for_assigned_and_lead(
    api_as: Callable[..., ApiClient], planned: Departure, case: Case, make_user: Callable[..., User], team: Any
) -> None:
    colleague = make_user("case_manager", team)
    api = api_as(colleague)
    assert_problem(
        api.post(
            url(case, planned, "/handover"),
            {"belongings": "tas", "physicalFeatures": "lang", "medical": "x", "version": 1},
        ),
        403,
    )
    ok = api.post(url(case, planned, "/handover"), {"belongings": "tas", "physicalFeatures": "lang", "version": 1})
    assert ok.status_code == 200 and ok.json()["handover"]["medical"] is None
    assert ok.json()["handover"]["medicalVisible"] is False
    detail = api.get(url(case, planned))
    assert detail.json()["handover"]["medical"] is None
    record = AccessRecord.objects.filter(user=colleague).get()
    assert not record.special_categories


def test_medical_checks_only_for_assigned_and_lead(
    api_as: Callable[..., ApiClient],
    planned: Departure,
    case: Case,
    case_manager: User,
    make_user: Callable[..., User],
    team: Any,
) -> None:
    """'Fit to fly' is a medical fact: a colleague of the team sees neither whether nor when it was ticked,
    cannot tick it, and the list of missing checks does not give it away."""
    ticked = departure_check(
        actor=Actor(user=case_manager), departure=planned, item="fit_to_fly", expected_version=planned.version
    )
    own = api_as(case_manager).get(url(case, planned)).json()
    fit = next(row for row in own["checklist"] if row["item"] == "fit_to_fly")
    assert fit["checkedAt"] is not None and fit["restricted"] is False
    assert "medical_information" in own["missingChecks"]
    colleague = api_as(make_user("case_manager", team))
    shown = colleague.get(url(case, planned)).json()
    rows = {row["item"]: row for row in shown["checklist"]}
    for item in ("fit_to_fly", "medical_information"):
        assert rows[item]["restricted"] is True and rows[item]["checkedAt"] is None
    assert rows["ticket"]["restricted"] is False
    assert not {"fit_to_fly", "medical_information"} & set(shown["missingChecks"])
    refused = assert_problem(
        colleague.post(url(case, planned, "/checks"), {"item": "medical_information", "version": ticked.version}),
        400,
    )
    assert "afgeschermd" in str(refused)
    untouched = Departure.objects.get(pk=planned.pk)
    assert untouched.check_medical_information_on is None and untouched.check_fit_to_fly_on is not None


def test_cancel_and_close_without_departure(
    api_as: Callable[..., ApiClient], planned: Departure, case: Case, case_manager: User
) -> None:
    api = api_as(case_manager)
    assert_problem(api.post(url(case, planned, "/cancellation"), {"reason": "other", "version": 1}), 400)
    response = api.post(url(case, planned, "/cancellation"), {"reason": "refused_boarding", "version": 1})
    assert response.status_code == 200 and response.json()["cancelReason"] == "refused_boarding"
    refused = assert_problem(
        api.post(f"/cases/{case.pk}/closure-without-departure", {"outcome": "no_fault_permit", "version": 99}),
        409,
    )
    assert refused["detail"].startswith("version:")
    version = Case.objects.get(pk=case.pk).version
    unmet = assert_problem(
        api.post(f"/cases/{case.pk}/closure-without-departure", {"outcome": "no_fault_permit", "version": version}),
        400,
    )
    assert {p["name"] for p in unmet["invalidParams"]} == {"cooperation", "nationality"}
    assert_problem(
        api.post(f"/cases/{case.pk}/closure-without-departure", {"outcome": "forced", "version": version}), 400
    )
    closed = api.post(f"/cases/{case.pk}/closure-without-departure", {"outcome": "unsupervised", "version": version})
    assert closed.status_code == 200 and closed.json()["outcome"] == "unsupervised"


def test_invisible_cases_and_departures_are_not_found(
    api_as: Callable[..., ApiClient], planned: Departure, case: Case, other_case_manager: User, analyst: User
) -> None:
    for user in (other_case_manager, analyst):
        api = api_as(user)
        assert_problem(api.get(url(case)), 404)
        assert_problem(api.get(url(case, planned)), 404)
        assert_problem(api.post(url(case, planned, "/checks"), {"item": "ticket", "version": 1}), 404)
    assert_problem(api_as().get(url(case)), 401)
    assert not AccessRecord.objects.exists()


def test_unknown_departure_of_a_visible_case(api_as: Callable[..., ApiClient], case: Case, case_manager: User) -> None:
    assert_problem(api_as(case_manager).get(f"/cases/{case.pk}/departures/00000000-0000-0000-0000-000000000000"), 404)


def test_openapi_documents_the_departure_endpoints(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = {p for p in doc["paths"] if "/departures" in p or "without-departure" in p}
    assert paths == {
        "/cases/{caseId}/departures",
        "/cases/{caseId}/departures/{departureId}",
        "/cases/{caseId}/departures/{departureId}/checks",
        "/cases/{caseId}/departures/{departureId}/handover",
        "/cases/{caseId}/departures/{departureId}/confirmation",
        "/cases/{caseId}/departures/{departureId}/cancellation",
        "/cases/{caseId}/closure-without-departure",
    }
    for path in paths:
        for operation in doc["paths"][path].values():
            assert operation["tags"] == ["departures"]
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == [PROBLEM]
