"""Four eyes on access to case data (issue 10, item 3): an administrator cannot give themself, or an account
they created, access to dossiers without a second administrator; role and team changes are audited with
their old and new values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from regie.accounts import services
from regie.accounts.models import AccessGrant, GrantStatus, Team, User
from regie.audit.models import AuditEvent
from regie.core.context import Actor
from regie.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture
def second_admin(make_user: Callable[..., User]) -> User:
    return make_user("administrator")


def admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_case_manager(admin: User, team: Team, username: str = "nieuwe.regievoerder") -> User:
    response = admin_client(admin).post(
        "/admin/accounts/user/add/",
        {
            "username": username,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "case_manager",
            "teams": [team.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(username=username)


def test_an_account_an_admin_creates_waits_for_a_second_admin(
    administrator: User, second_admin: User, team: Team
) -> None:
    created = create_case_manager(administrator, team)
    assert not created.is_active and list(created.teams.all()) == []
    grant = AccessGrant.objects.get(user=created)
    assert grant.status == GrantStatus.PENDING and grant.requested_by == administrator
    assert grant.role == "case_manager" and grant.team_ids == [str(team.pk)]
    requested = AuditEvent.objects.get(event_type="account.access_grant_requested")
    assert requested.new_values["teams"] == [str(team.pk)] and requested.old_values["is_active"] is False

    with pytest.raises(PermissionDenied):
        services.access_grant_confirm(actor=Actor(user=administrator), grant=grant)
    page = admin_client(administrator).post(
        "/admin/accounts/accessgrant/", {"action": "confirm", "_selected_action": [str(grant.pk)]}, follow=True
    )
    assert "Vier ogen" in page.content.decode()
    created.refresh_from_db()
    assert not created.is_active

    admin_client(second_admin).post(
        "/admin/accounts/accessgrant/", {"action": "confirm", "_selected_action": [str(grant.pk)]}
    )
    created.refresh_from_db()
    grant.refresh_from_db()
    assert created.is_active and list(created.teams.all()) == [team]
    assert grant.status == GrantStatus.CONFIRMED and grant.decided_by == second_admin
    confirmed = AuditEvent.objects.get(event_type="account.access_grant_confirmed")
    assert confirmed.actor == second_admin
    assert confirmed.old_values["is_active"] is False and confirmed.new_values["teams"] == [str(team.pk)]


def test_an_admin_does_not_give_themself_case_data(administrator: User, team: Team) -> None:
    response = admin_client(administrator).post(
        f"/admin/accounts/user/{administrator.pk}/change/",
        {
            "username": administrator.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "role": "team_lead",
            "teams": [team.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    administrator.refresh_from_db()
    assert administrator.role == "administrator" and list(administrator.teams.all()) == []
    assert AccessGrant.objects.get(user=administrator).role == "team_lead"


def test_other_changes_apply_and_are_audited_with_old_and_new(
    second_admin: User, case_manager: User, team: Team, other_team: Team
) -> None:
    before = sorted(str(pk) for pk in case_manager.teams.values_list("pk", flat=True))
    response = admin_client(second_admin).post(
        f"/admin/accounts/user/{case_manager.pk}/change/",
        {
            "username": case_manager.username,
            "first_name": case_manager.first_name,
            "last_name": case_manager.last_name,
            "email": case_manager.email,
            "role": "team_lead",
            "teams": [other_team.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case_manager.refresh_from_db()
    assert case_manager.role == "team_lead" and list(case_manager.teams.all()) == [other_team]
    assert not AccessGrant.objects.exists()
    changed = AuditEvent.objects.get(event_type="account.access_changed")
    assert changed.actor == second_admin
    assert changed.old_values == {
        "role": "case_manager",
        "teams": before,
        "partner_organisation": None,
        "is_active": True,
    }
    assert changed.new_values["role"] == "team_lead" and changed.new_values["teams"] == [str(other_team.pk)]


def test_narrowing_access_needs_no_second_admin(administrator: User, second_admin: User, team: Team) -> None:
    created = create_case_manager(administrator, team)
    grant = AccessGrant.objects.get(user=created)
    services.access_grant_confirm(actor=Actor(user=second_admin), grant=grant)
    admin_client(administrator).post(
        f"/admin/accounts/user/{created.pk}/change/",
        {"username": created.username, "role": "case_manager", "teams": [], "is_active": "on"},
    )
    created.refresh_from_db()
    assert list(created.teams.all()) == [] and AccessGrant.objects.filter(status=GrantStatus.PENDING).count() == 0
    with pytest.raises(PermissionDenied):
        services.access_grant_refuse(actor=Actor(user=second_admin), grant=grant)  # decided already


def test_an_account_an_admin_created_stays_under_four_eyes(
    administrator: User, second_admin: User, team: Team, other_team: Team
) -> None:
    created = create_case_manager(administrator, team)
    services.access_grant_confirm(actor=Actor(user=second_admin), grant=AccessGrant.objects.get(user=created))
    admin_client(administrator).post(
        f"/admin/accounts/user/{created.pk}/change/",
        {"username": created.username, "role": "case_manager", "teams": [team.pk, other_team.pk], "is_active": "on"},
    )
    created.refresh_from_db()
    assert list(created.teams.all()) == [team]
    pending = AccessGrant.objects.get(user=created, status=GrantStatus.PENDING)
    assert sorted(pending.team_ids) == sorted([str(team.pk), str(other_team.pk)])
