"""Administrators keep the support tables in the admin: amount rules as versions with a validity period
and a country list (checked codes), the approval threshold and lookback; every save audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.support.models import AmountRule, SupportSettings
from regie.support.seed import amount_rules_seed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _add(client: Client, **values: object) -> object:
    data = {
        "programme": "basic",
        "beneficiary": "adult",
        "countries": "",
        "amount_cents": 50000,
        "cash_cap_cents": 20000,
        "basis": "Regeling (synthetisch)",
    }
    data.update(values)
    return client.post(reverse("admin:support_amountrule_add"), {k: str(v) for k, v in data.items()})


def test_amount_rule_versions_with_a_checked_country_list(
    administrator: User, web_as: Callable[[User], Client], now: dt.datetime
) -> None:
    amount_rules_seed()
    today = now.date()
    client = web_as(administrator)
    before = AmountRule.objects.count()

    unknown = _add(client, countries="sy, QQ", valid_from=today)
    assert unknown.status_code == 200 and "QQ" in unknown.content.decode()
    past = _add(client, countries="SY", valid_from=today - dt.timedelta(days=1))
    assert past.status_code == 200
    assert _add(client, countries="sy, iq", valid_from=today).status_code == 302
    assert _add(client, countries="IQ,SY", valid_from=today + dt.timedelta(days=5)).status_code == 200  # overlaps

    rule = AmountRule.objects.get(countries="IQ,SY")
    assert AmountRule.objects.count() == before + 1 and rule.amount_cents == 50000
    (saved,) = AuditEvent.objects.filter(event_type=EventType.SUPPORT_RULE_SAVED)
    assert saved.actor == administrator and saved.new_values["countries"] == "IQ,SY" and saved.old_values == {}

    # A version in use is only ended, from today on; the amount cannot be changed.
    change = reverse("admin:support_amountrule_change", args=[rule.pk])
    client.post(change, {"valid_until": str(today + dt.timedelta(days=30)), "amount_cents": "1"})
    rule.refresh_from_db()
    assert rule.amount_cents == 50000 and rule.valid_until == today + dt.timedelta(days=30)


def test_settings_changes_are_audited_and_only_for_administrators(
    administrator: User, team_lead: User, web_as: Callable[[User], Client]
) -> None:
    SupportSettings.objects.get_or_create(pk=1)
    change = reverse("admin:support_supportsettings_change", args=[1])
    assert web_as(team_lead).get(change).status_code == 302  # to the admin login: not theirs
    response = web_as(administrator).post(change, {"approval_threshold_cents": "200000", "lookback_years": "5"})
    assert response.status_code == 302
    (saved,) = AuditEvent.objects.filter(event_type=EventType.SUPPORT_RULE_SAVED)
    assert saved.old_values["approval_threshold_cents"] == 150000
    assert saved.new_values["approval_threshold_cents"] == 200000
