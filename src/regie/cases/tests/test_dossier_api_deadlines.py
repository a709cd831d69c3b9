"""The dossier in the API carries every deadline and signal as the engine computes them, from the rule
table as it stands, and no medical date for who may not see health data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.services import case_deadlines_recompute
from regie.core.context import Actor, system_actor
from regie.deadlines.domain import compute_deadlines
from regie.deadlines.models import DeadlineRule
from regie.deadlines.selectors import case_facts, rules_in_force
from regie.testing.fixtures import ApiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _engine(case: Case) -> list[dict[str, Any]]:
    case = Case.objects.get(pk=case.pk)
    return [
        {"code": d.code, "kind": d.kind, "due": d.due.isoformat(), "explanation": d.explanation}
        for d in compute_deadlines(case_facts(case), rules_in_force())
    ]


def _api(api: ApiClient, case: Case) -> list[dict[str, Any]]:
    body = api.get(f"/cases/{case.pk}").json()
    return [{k: d[k] for k in ("code", "kind", "due", "explanation")} for d in body["deadlines"]]


def test_the_dossier_gives_the_engines_deadlines_also_after_a_rule_is_edited(
    make_case: Callable[..., Case], api_as: Callable[..., ApiClient], case_manager: User, now: dt.datetime
) -> None:
    case = make_case(target_group="rejected_asylum", return_decision_date=now.date() - dt.timedelta(days=3))
    api = api_as(case_manager)
    assert _api(api, case) == _engine(case) and {d["code"] for d in _api(api, case)} >= {
        "departure_term",
        "reception_end",
    }
    # The administrator shortens the reception period from the decision's date on (a new rule version).
    rule = DeadlineRule.objects.get(code="reception_end")
    decided = now.date() - dt.timedelta(days=3)
    DeadlineRule.objects.filter(pk=rule.pk).update(valid_until=decided - dt.timedelta(days=1))
    DeadlineRule.objects.create(
        code="reception_end", label=rule.label, basis=rule.basis, amount=14, unit="days", valid_from=decided
    )
    case_deadlines_recompute(actor=system_actor(), case_ids=[case.pk])
    reception = [d for d in _api(api, case) if d["code"] == "reception_end"]
    assert reception[0]["due"] == (decided + dt.timedelta(days=14)).isoformat()
    assert _api(api, case) == _engine(case)


def test_a_medical_date_only_for_who_may_see_health_data(
    make_case: Callable[..., Case],
    api_as: Callable[..., ApiClient],
    case_manager: User,
    team_lead: User,
    make_user: Callable[..., Any],
    team: Any,
    now: dt.datetime,
) -> None:
    from regie.accounts.choices import Role
    from regie.removability.services import postponement_record

    case = make_case(return_decision_date=now.date())
    postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground="hospital",
        starts_on=now.date(),
        ends_on=now.date() + dt.timedelta(days=20),
    )
    assigned = {d["code"] for d in _api(api_as(case_manager), case)}
    colleague = make_user(Role.CASE_MANAGER, team)
    seen_by_colleague = {d["code"] for d in _api(api_as(colleague), case)}
    assert "medical_postponement_end" in assigned and "medical_postponement_end" not in seen_by_colleague
