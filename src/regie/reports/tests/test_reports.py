"""The analyst's figures: counted in the database, every category listed, no names; analysts only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from regie.accounts.models import User
from regie.cases import services
from regie.cases.intake import IntakeData
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import PermissionDenied
from regie.reports.selectors import caseload_figures, closed_years
from regie.testing.fixtures import closed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 28, 10, 0)


@pytest.fixture
def cases(
    frozen: dt.datetime, case_manager: User, team_lead: User, make_intake: Callable[..., IntakeData]
) -> dict[str, Any]:
    """Three open cases (two from IND, one from KMar at the border) and three closed: forced in 2025,
    forced and unsupervised in 2026."""
    cm, lead = Actor(user=case_manager), Actor(user=team_lead)
    opened = [
        services.case_intake(actor=cm, data=make_intake(family_name="Zichtbaarniet")).case,
        services.case_intake(actor=cm, data=make_intake()).case,
        services.case_intake(actor=cm, data=make_intake(source="kmar", target_group="border_refusal")).case,
    ]
    services.case_transition(actor=lead, case=opened[1], phase="on_hold", hold_reason="other", expected_version=None)
    closing = [services.case_intake(actor=cm, data=make_intake()).case for _ in range(3)]
    with clock.frozen(dt.datetime(2025, 12, 30, 9, 0)):
        closed_case(closing[0], "forced", lead.user)
    closed_case(closing[1], "forced", lead.user)
    closed_case(closing[2], "unsupervised", lead.user)
    return {"open": opened, "closed": closing}


def _counts(figures: list[Any]) -> dict[str, int]:
    return {f.code: f.count for f in figures if f.count}


def test_figures_match_a_hand_count(analyst: User, cases: dict[str, Any]) -> None:
    figures = caseload_figures(user=analyst)
    assert figures.open_total == 3 and figures.closed_total == 3
    assert _counts(figures.open_by_phase) == {"intake": 2, "on_hold": 1}
    assert _counts(figures.open_by_source) == {"ind": 2, "kmar": 1}
    assert _counts(figures.open_by_target_group) == {"rejected_asylum": 2, "border_refusal": 1}
    assert _counts(figures.closed_by_outcome) == {"forced": 2, "unsupervised": 1}
    by_category = _counts(figures.closed_by_outcome_category)
    assert sum(by_category.values()) == 3 and len(by_category) == 2
    # Every category is listed, zero included, so periods compare; the closed phase is not an open one.
    assert len(figures.closed_by_outcome) > 3 and "closed" not in {f.code for f in figures.open_by_phase}


def test_a_year_counts_the_cases_closed_in_it(analyst: User, cases: dict[str, Any]) -> None:
    assert closed_years() == [2026, 2025]
    assert caseload_figures(user=analyst, closed_year=2025).closed_total == 1
    this_year = caseload_figures(user=analyst, closed_year=2026)
    assert this_year.closed_total == 2 and this_year.open_total == 3  # the open caseload is not by year


def test_only_analysts_and_team_leads(case_manager: User, privacy_officer: User) -> None:
    for user in (case_manager, privacy_officer):
        with pytest.raises(PermissionDenied):
            caseload_figures(user=user)


def test_a_team_lead_gets_the_figures_of_their_own_teams(
    team_lead: User, make_user: Callable[..., User], other_team: Any, cases: dict[str, Any]
) -> None:
    mine = caseload_figures(user=team_lead)
    assert mine.open_total == 3 and mine.closed_total == 3
    assert _counts(mine.open_by_source) == {"ind": 2, "kmar": 1}
    other = caseload_figures(user=make_user("team_lead", other_team))
    assert other.open_total == 0 and other.closed_total == 0


def test_labels_in_the_readers_language(analyst: User, cases: dict[str, Any]) -> None:
    with translation.override("en"):
        labels = {f.code: f.label for f in caseload_figures(user=analyst).open_by_phase}
    assert labels["on_hold"] != "Aangehouden" and labels["on_hold"]


def test_the_page_shows_figures_and_no_names(
    analyst: User, case_manager: User, web_as: Callable[[User], Client], cases: dict[str, Any]
) -> None:
    page = web_as(analyst).get(reverse("reports:dashboard"))
    body = page.content.decode()
    assert page.status_code == 200
    first = cases["open"][0]
    assert "Zichtbaarniet" not in body and first.number not in body and first.person.v_number not in body
    assert "Aantoonbaar vertrek" in body and "Open dossiers (3)" in body and "Afgesloten dossiers (3)" in body
    one_year = web_as(analyst).get(reverse("reports:dashboard"), {"jaar": 2025}).content.decode()
    assert "Afgesloten dossiers (1)" in one_year
    assert web_as(case_manager).get(reverse("reports:dashboard")).status_code == 403
