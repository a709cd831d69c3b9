"""On the dossier, a term that has passed is a fact, a signal says since when, and a case on hold shows
its terms as suspended: only real tasks look late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.services import case_transition
from regie.core.context import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _dossier(client: Client, case: Case) -> str:
    return client.get(reverse("cases:dossier", kwargs={"case_id": case.pk})).content.decode()


def test_an_expired_departure_term_is_a_fact_not_an_overdue_task(
    make_case: Callable[..., Case], case_manager: User, web_as: Callable[[User], Client], now: dt.datetime
) -> None:
    case = make_case(return_decision_date=now.date() - dt.timedelta(days=100))
    page = _dossier(web_as(case_manager), case)
    assert "verstreken op" in page and "regie-deadline--passed" in page
    assert "dagen verlopen" not in page.split('id="h-termijn"')[1].split("</section>")[0]


def test_a_case_on_hold_shows_its_terms_as_suspended(
    make_case: Callable[..., Case],
    case_manager: User,
    team_lead: User,
    web_as: Callable[[User], Client],
    now: dt.datetime,
) -> None:
    case = make_case(return_decision_date=now.date())
    case_transition(actor=Actor(user=team_lead), case=case, phase="on_hold", hold_reason="other", expected_version=None)
    page = _dossier(web_as(case_manager), case)
    assert "opgeschort: het dossier is aangehouden" in page


def test_the_badge_says_what_a_date_means(now: dt.datetime) -> None:
    from regie.web.templatetags.regie_web import deadline_badge

    past = now.date() - dt.timedelta(days=3)
    assert "3 dagen verlopen" in deadline_badge(past)  # a task that is late
    signal = deadline_badge(past, kind="flag")
    assert "signaal sinds" in signal and "verlopen" not in signal
    assert "verstreken op" in deadline_badge(past, code="departure_term")
    assert "opgeschort" in deadline_badge(now.date() + dt.timedelta(days=3), suspended=True)
