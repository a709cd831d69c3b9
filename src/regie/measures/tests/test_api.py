"""The measures endpoints: behaviour, roles, access records, refusals as problem+json naming the field."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.accounts.services import api_token_issue
from regie.audit.models import AccessRecord
from regie.cases.models import Case
from regie.core.context import Channel, system_actor
from regie.measures.models import Detention
from regie.testing.fixtures import ApiClient

from .conftest import on

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def api_as(db: Any) -> Callable[..., ApiClient]:
    """A JSON client with a bearer token for `user` (none: unauthenticated), as in regie/api/tests."""

    def make(user: User | None = None, **headers: str) -> ApiClient:
        token = api_token_issue(actor=system_actor(Channel.CLI), user=user, name="test") if user else None
        return ApiClient(token, **headers)

    return make


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status and {"type", "title", "detail", "instance"} <= set(body)
    return body


def names(body: dict[str, Any]) -> set[str]:
    return {p["name"] for p in body.get("invalidParams", [])}


def detention_body(day: dt.date, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "basis": "art59",
        "place": "Detentiecentrum Rotterdam",
        "grounds": "Risico op onttrekking",
        "startsOn": day.isoformat(),
    }
    body.update(overrides)
    return body


def test_measures_need_credentials(api_as, case, today) -> None:
    problem(api_as().get(f"/cases/{case.pk}/measures"), 401)
    problem(api_as().post(f"/cases/{case.pk}/detentions", detention_body(today)), 401)
    assert not AccessRecord.objects.exists() and not Detention.objects.exists()


def test_reporting_duty_through_the_api(api_as, case, case_manager, today) -> None:
    api = api_as(case_manager)
    created = api.post(
        f"/cases/{case.pk}/reporting-duties",
        {"startsOn": today.isoformat(), "frequency": "wekelijks", "location": "AVIM Amsterdam"},
    )
    assert created.status_code == 201, created.content
    duty = created.json()
    assert duty["active"] is True and duty["endReason"] is None and duty["version"] == 1
    again = problem(
        api.post(
            f"/cases/{case.pk}/reporting-duties", {"startsOn": today.isoformat(), "frequency": "x", "location": "y"}
        ),
        409,
    )
    assert again["detail"].startswith("startsOn: ")
    path = f"/cases/{case.pk}/reporting-duties/{duty['id']}/ending"
    stale = problem(api.post(path, {"endsOn": today.isoformat(), "endReason": "completed", "version": 5}), 409)
    assert names(stale) == {"version"}
    ended = api.post(path, {"endsOn": today.isoformat(), "endReason": "completed", "version": 1})
    assert ended.status_code == 200, ended.content
    assert ended.json()["active"] is False and ended.json()["endReason"] == "completed"
    listed = api.get(f"/cases/{case.pk}/measures").json()
    assert [d["id"] for d in listed["reportingDuties"]] == [duty["id"]]
    assert AccessRecord.objects.filter(user=case_manager, person_id=case.person_id, purpose="api_read").count() == 3


def test_vbl_entry_without_an_lp_request_names_the_field(api_as, case, case_manager, today, vbl_ready) -> None:
    vbl_ready(case, lp_sent_on=None)
    api = api_as(case_manager)
    body = {"location": "VBL Ter Apel", "startsOn": today.isoformat()}
    refused = problem(api.post(f"/cases/{case.pk}/vbl-placements", body), 400)
    assert names(refused) == {"lpRequest"} and refused["detail"].startswith("lpRequest: ")
    vbl_ready(case, plan_on=None, lp_sent_on=today)
    placed = api.post(f"/cases/{case.pk}/vbl-placements", body)
    assert placed.status_code == 201, placed.content
    placement = placed.json()
    (review,) = placement["deadlines"]
    assert review["code"] == "vbl_review" and review["due"] == "2027-01-25" and "12 weken" in review["explanation"]
    reviewed = api.post(
        f"/cases/{case.pk}/vbl-placements/{placement['id']}/review",
        {"reviewedOn": today.isoformat(), "reviewNote": "Voortzetten", "version": 1},
    )
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["deadlines"] == [] and reviewed.json()["reviewedOn"] == today.isoformat()
    ended = api.post(
        f"/cases/{case.pk}/vbl-placements/{placement['id']}/ending",
        {"endsOn": today.isoformat(), "endReason": "absconded", "version": 2},
    )
    assert ended.status_code == 200 and ended.json()["endReason"] == "absconded"


def test_detention_is_started_by_the_team_lead(api_as, case, case_manager, team_lead, today) -> None:
    body = detention_body(today, proposedBy=case_manager.pk)
    denied = problem(api_as(case_manager).post(f"/cases/{case.pk}/detentions", body), 403)
    assert "teamleider" in denied["detail"]
    started = api_as(team_lead).post(f"/cases/{case.pk}/detentions", body)
    assert started.status_code == 201, started.content
    detention = started.json()
    assert detention["proposedBy"] == case_manager.pk and detention["approvedBy"] == team_lead.pk
    assert detention["maximum"] == "2027-05-02" and "6 maanden" in detention["maximumExplanation"]
    codes = {d["code"]: d for d in detention["deadlines"]}
    assert codes["detention_court_notification"]["due"] == "2026-11-30"
    assert codes["detention_inactivity"]["kind"] == "flag" and detention["inactivityFlagRaised"] is False
    with on(today + dt.timedelta(days=14)):
        listed = api_as(case_manager).get(f"/cases/{case.pk}/measures").json()
    assert listed["detentions"][0]["inactivityFlagRaised"] is True
    unknown = problem(
        api_as(team_lead).post(f"/cases/{case.pk}/detentions", detention_body(today, proposedBy=999999)), 400
    )
    assert names(unknown) == {"proposedBy"}


def test_the_api_needs_another_person_as_proposer(api_as, case, team_lead, today) -> None:
    missing = problem(api_as(team_lead).post(f"/cases/{case.pk}/detentions", detention_body(today)), 400)
    assert names(missing) == {"proposedBy"}
    own = problem(
        api_as(team_lead).post(f"/cases/{case.pk}/detentions", detention_body(today, proposedBy=team_lead.pk)), 400
    )
    assert names(own) == {"proposedBy"} and "Vier ogen" in str(own)


def test_family_detention_and_detention_beyond_its_maximum(api_as, case, case_manager, team_lead, today) -> None:
    started = api_as(team_lead).post(
        f"/cases/{case.pk}/detentions", detention_body(today, familyOrMinor=True, proposedBy=case_manager.pk)
    )
    detention = started.json()
    assert detention["maximum"] == "2026-11-16" and "14 dagen" in detention["maximumExplanation"]
    api = api_as(case_manager)
    base = f"/cases/{case.pk}/detentions/{detention['id']}"
    extension = {
        "extendedOn": today.isoformat(),
        "extensionReason": "non_cooperation",
        "extensionGrounds": "werkt niet mee",
        "version": 1,
    }
    assert names(problem(api.post(f"{base}/extension", extension), 400)) == {"familyOrMinor"}
    with on(dt.date(2026, 11, 20)):
        beyond = problem(
            api.post(f"{base}/ending", {"endsOn": "2026-11-20", "endReason": "departed", "version": 1}), 400
        )
        assert names(beyond) == {"endsOn"} and "16-11-2026" in beyond["detail"]
        ended = api.post(f"{base}/ending", {"endsOn": "2026-11-16", "endReason": "maximum_reached", "version": 1})
    assert ended.status_code == 200, ended.content
    assert ended.json()["active"] is False and ended.json()["deadlines"] == []


def test_appeal_court_notification_and_extension(api_as, case, case_manager, team_lead, today) -> None:
    detention = (
        api_as(team_lead).post(f"/cases/{case.pk}/detentions", detention_body(today, proposedBy=case_manager.pk)).json()
    )
    api = api_as(case_manager)
    base = f"/cases/{case.pk}/detentions/{detention['id']}"
    notified = api.post(f"{base}/court-notification", {"courtNotifiedOn": today.isoformat(), "version": 1})
    assert notified.status_code == 200, notified.content
    assert "detention_court_notification" not in {d["code"] for d in notified.json()["deadlines"]}
    appeal = api.post(f"{base}/appeal", {"appealedOn": today.isoformat(), "version": 2})
    assert appeal.status_code == 200 and appeal.json()["appealedOn"] == today.isoformat()
    missing = problem(api.post(f"{base}/extension", {"extendedOn": today.isoformat(), "version": 3}), 400)
    assert {"extensionReason", "extensionGrounds"} <= names(missing)
    extended = api.post(
        f"{base}/extension",
        {
            "extendedOn": today.isoformat(),
            "extensionReason": "documents_awaited",
            "extensionGrounds": "Ambassade heeft gesprek toegezegd",
            "version": 3,
        },
    )
    assert extended.status_code == 200, extended.content
    assert extended.json()["maximum"] == "2028-05-02" and extended.json()["extensionReason"] == "documents_awaited"


def test_other_team_sees_nothing_and_errors_echo_no_input(api_as, case, other_case_manager, team_lead, today) -> None:
    detention = (
        api_as(team_lead)
        .post(f"/cases/{case.pk}/detentions", detention_body(today, proposedBy=case.assigned_to_id))
        .json()
    )
    other = api_as(other_case_manager)
    problem(other.get(f"/cases/{case.pk}/measures"), 404)
    problem(
        other.post(
            f"/cases/{case.pk}/detentions/{detention['id']}/ending",
            {"endsOn": today.isoformat(), "endReason": "departed", "version": 1},
        ),
        404,
    )
    problem(api_as(team_lead).get(f"/cases/{detention['id']}/measures"), 404)
    bad = problem(
        api_as(team_lead).post(
            f"/cases/{case.pk}/detentions",
            detention_body(today, basis="art60", place="Geheim-Adres-123", proposedBy=case.assigned_to_id),
        ),
        400,
    )
    assert names(bad) == {"basis"} and "Geheim-Adres-123" not in json.dumps(bad)
    assert not AccessRecord.objects.filter(user=other_case_manager).exists()
    assert Case.objects.get(pk=case.pk).detentions.count() == 1
