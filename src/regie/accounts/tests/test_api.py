"""GET /api/v1/me and /api/v1/teams: who the caller is, and whom a team lead can assign work to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.choices import Role
from regie.accounts.models import Team, User
from regie.testing.fixtures import ApiClient

pytestmark = pytest.mark.django_db


def test_me_tells_role_teams_and_organisation(
    api_as: Callable[..., ApiClient], case_manager: User, team: Team, partner: User
) -> None:
    response = api_as(case_manager).get("/me")
    assert response.status_code == 200 and response["API-Version"]
    body = response.json()
    assert body["username"] == case_manager.username and body["role"] == "case_manager"
    assert body["teams"] == [{"id": str(team.pk), "name": "Team Noord"}] and body["partnerOrganisation"] is None
    assert body["displayName"] == case_manager.username  # no first or last name given
    assert api_as(partner).get("/me").json()["partnerOrganisation"] == "IOM Nederland"
    assert api_as().get("/me").status_code == 401


def test_teams_with_their_case_managers_for_a_team_lead_only(
    api_as: Callable[..., ApiClient],
    make_user: Callable[..., Any],
    team_lead: User,
    case_manager: User,
    other_case_manager: User,
    team: Team,
) -> None:
    named = make_user(Role.CASE_MANAGER, team, first_name="Sanne", last_name="de Vries")
    make_user(Role.CASE_MANAGER, team, is_active=False)  # left: not offered
    body = api_as(team_lead).get("/teams").json()
    assert [t["name"] for t in body["items"]] == ["Team Noord"]  # not Team Zuid: not the lead's team
    managers = body["items"][0]["caseManagers"]
    assert {m["id"] for m in managers} == {case_manager.pk, named.pk}
    assert {"id": named.pk, "displayName": "Sanne de Vries"} in managers
    assert other_case_manager.pk not in {m["id"] for m in managers}
    for user in (case_manager, other_case_manager):
        assert api_as(user).get("/teams").status_code == 403
