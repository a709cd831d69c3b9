"""Administrators keep the rule table in the admin: new versions from today on, versions in use only
ended, never overlapping, every save audited; a deadline that started under a rule never moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.cases.services import case_deadlines_recompute
from regie.core.context import system_actor
from regie.deadlines.models import CaseDeadline, DeadlineRule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _add(client: Client, **values: object) -> object:
    data = {"code": "reception_end", "variant": "", "label": "Opvang eindigt", "basis": "COA", "unit": "days"}
    data.update({k: str(v) for k, v in values.items()})
    return client.post(reverse("admin:deadlines_deadlinerule_add"), data)


def test_a_new_version_from_today_and_the_running_deadline_stays(
    administrator: User, web_as: Callable[[User], Client], make_case: Callable[..., Case], now: dt.datetime
) -> None:
    today = now.date()
    case = make_case(target_group="rejected_asylum", return_decision_date=today - dt.timedelta(days=3))
    before = CaseDeadline.objects.get(case=case, code="reception_end").due
    client = web_as(administrator)
    old = DeadlineRule.objects.get(code="reception_end")

    # A version that would start in the past is refused; one overlapping the current version too.
    assert _add(client, amount=14, valid_from=today - dt.timedelta(days=1)).status_code == 200
    assert _add(client, amount=14, valid_from=today).status_code == 200  # the old version still runs
    # End the current version (yesterday is refused: it would move what started since), then add.
    change = reverse("admin:deadlines_deadlinerule_change", args=[old.pk])
    refused = client.post(change, {"valid_until": str(today - dt.timedelta(days=1))})
    assert refused.status_code == 200 and DeadlineRule.objects.get(pk=old.pk).valid_until is None
    assert client.post(change, {"valid_until": str(today)}).status_code == 302
    assert _add(client, amount=14, valid_from=today + dt.timedelta(days=1)).status_code == 302

    assert DeadlineRule.objects.filter(code="reception_end").count() == 2
    saved = AuditEvent.objects.filter(event_type=EventType.DEADLINE_RULE_SAVED).order_by("id")
    assert [e.new_values["amount"] for e in saved] == [old.amount, 14]
    assert saved[0].old_values["valid_until"] is None and saved[0].new_values["valid_until"] == today.isoformat()

    # The case's reception period started under the old rule: recomputing does not move it.
    case_deadlines_recompute(actor=system_actor(), case_ids=[case.pk])
    assert CaseDeadline.objects.get(case=case, code="reception_end").due == before


def test_a_version_in_use_cannot_be_changed(administrator: User, web_as: Callable[[User], Client]) -> None:
    rule = DeadlineRule.objects.get(code="departure_term")
    page = web_as(administrator).get(reverse("admin:deadlines_deadlinerule_change", args=[rule.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="valid_until"' in html and 'name="amount"' not in html


def test_only_administrators(team_lead: User, web_as: Callable[[User], Client]) -> None:
    response = web_as(team_lead).get(reverse("admin:deadlines_deadlinerule_changelist"))
    assert response.status_code in (302, 403)
