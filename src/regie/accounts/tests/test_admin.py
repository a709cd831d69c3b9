"""Administration: only administrators get in; every change is audited; tokens are stored hashed."""

from __future__ import annotations

import io

from django.core.management import call_command

from regie.accounts.models import ApiToken, Team, hash_token
from regie.audit.models import AuditEvent


def test_only_administrators_reach_admin(client, administrator, case_manager) -> None:
    client.force_login(case_manager)
    assert client.get("/admin/").status_code == 302
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/cases/case/").status_code == 404


def test_admin_change_is_audited(client, administrator) -> None:
    client.force_login(administrator)
    response = client.post("/admin/accounts/team/add/", {"name": "Team Oost", "region": "Oost"})
    assert response.status_code == 302
    team = Team.objects.get(name="Team Oost")
    event = AuditEvent.objects.get(event_type="account.changed", subject_id=str(team.pk))
    assert event.actor == administrator and event.channel == "admin"
    assert event.new_values == {"fields": ["name", "region"], "created": True}


def test_token_command_stores_only_the_hash(system_user) -> None:
    out = io.StringIO()
    call_command("token", "create", "--user", system_user.username, "--name", "IND koppeling", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert raw.startswith("rg_") and token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert AuditEvent.objects.filter(event_type="account.api_token_issued").count() == 1
