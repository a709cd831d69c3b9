"""The team lead runs the team: each case manager's workload (open cases, overdue items, people in
detention, departures this week), an inbox of what waits for the lead's decision, reassignment of
several cases at once (one audit record per case), and the team's own figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import Team, User
from regie.audit.models import AuditEvent
from regie.cases import services
from regie.cases.models import Case
from regie.cases.selectors import team_overview
from regie.core.context import Actor
from regie.core.errors import PermissionDenied, ValidationFailed
from regie.support.services import support_grant_apply
from regie.testing.fixtures import AMSTERDAM, closed_case, plan_forced_flight, start_detention

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00


@pytest.fixture
def team_day(make_case: Callable[..., Case], case_manager: User, team_lead: User) -> dict[str, Any]:
    flight = make_case(target_group="supervision", return_decision_date=dt.date(2025, 3, 3))
    plan_forced_flight(case_manager, flight, dt.datetime(2026, 12, 2, 7, 15, tzinfo=AMSTERDAM))
    detained = make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 1))
    start_detention(team_lead, detained, dt.date(2026, 10, 20))  # court notification overdue on 17 November
    quiet = [make_case(target_group="supervision") for _ in range(3)]
    grant = support_grant_apply(actor=Actor(user=case_manager), case=quiet[0], programme="reintegration")
    return {"flight": flight, "detained": detained, "quiet": quiet, "grant": grant}


def test_the_team_page_shows_each_case_managers_workload(
    team_day: dict[str, Any], case_manager: User, team_lead: User
) -> None:
    rows, figures, unassigned = team_overview(user=team_lead)
    mine = next(r for r in rows if r.user == case_manager)
    assert mine.open_cases == 5 and mine.overdue == 1  # the court notification
    assert mine.figures == {"in_detention": 1, "departures_this_week": 1}
    assert {f.key for f in figures} == {"in_detention", "departures_this_week"} and unassigned == 0
    with pytest.raises(PermissionDenied):
        team_overview(user=case_manager)


def test_the_inbox_holds_what_waits_for_the_leads_decision_but_not_their_own_request(
    team_day: dict[str, Any],
    team_lead: User,
    make_user: Callable[..., User],
    team: Team,
    web_as: Callable[[User], Client],
) -> None:
    page = web_as(team_lead).get(reverse("cases:team")).content.decode()
    grant = team_day["grant"]
    assert team_day["quiet"][0].number in page and "Herintegratieondersteuning" in page
    assert reverse("support:grant", kwargs={"case_id": grant.case_id, "grant_id": grant.pk}) in page
    # A grant the lead applied for goes to another lead (four eyes).
    own = support_grant_apply(actor=Actor(user=team_lead), case=team_day["quiet"][1], programme="reintegration")
    assert team_day["quiet"][1].number not in web_as(team_lead).get(reverse("cases:team")).content.decode()
    second = make_user("team_lead", team)
    assert own.case.number in web_as(second).get(reverse("cases:team")).content.decode()
    assert web_as(second).get(reverse("cases:caseload")).status_code == 200


def test_several_cases_are_reassigned_at_once_with_a_record_each(
    team_day: dict[str, Any],
    case_manager: User,
    team_lead: User,
    make_user: Callable[..., User],
    team: Team,
    web_as: Callable[[User], Client],
) -> None:
    colleague = make_user("case_manager", team)
    chosen = team_day["quiet"]
    before = AuditEvent.objects.filter(event_type="case.assigned").count()
    response = web_as(team_lead).post(
        reverse("cases:bulk_assign"),
        {"bulk-dossiers": [str(c.pk) for c in chosen], "bulk-assigned_to": str(colleague.pk), "query": "fase=intake"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?fase=intake")
    assert all(Case.objects.get(pk=c.pk).assigned_to == colleague for c in chosen)
    assert AuditEvent.objects.filter(event_type="case.assigned").count() == before + 3


def test_bulk_reassignment_is_all_or_nothing_and_for_team_leads_only(
    team_day: dict[str, Any], case_manager: User, team_lead: User, other_case_manager: User
) -> None:
    chosen = team_day["quiet"]
    with pytest.raises(PermissionDenied):
        services.case_assign_many(actor=Actor(user=case_manager), cases=chosen, assigned_to=case_manager)
    with pytest.raises(ValidationFailed) as refused:
        services.case_assign_many(actor=Actor(user=team_lead), cases=chosen, assigned_to=other_case_manager)
    assert "assigned_to" in refused.value.errors
    closed_case(chosen[2], "unsupervised", case_manager)  # a closed case is refused by its number
    colleague_cases = [Case.objects.get(pk=c.pk) for c in chosen]
    with pytest.raises(ValidationFailed) as refused:
        services.case_assign_many(actor=Actor(user=team_lead), cases=colleague_cases, assigned_to=team_lead)
    assert chosen[2].number in str(refused.value.errors["cases"])
    assert all(Case.objects.get(pk=c.pk).assigned_to == case_manager for c in chosen)


def test_the_assignment_form_shows_each_case_managers_workload(
    team_day: dict[str, Any], team_lead: User, case_manager: User, web_as: Callable[[User], Client]
) -> None:
    page = web_as(team_lead).get(reverse("cases:dossier", kwargs={"case_id": team_day["flight"].pk})).content.decode()
    assert f"{case_manager.display_name} (5 open)" in page
