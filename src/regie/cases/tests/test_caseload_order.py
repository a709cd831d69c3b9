"""The caseload directs the day: it sorts by the next actionable deadline and names it. A departure term
or reception end that has passed is a fact of the dossier, not a task; a signal is not a dated
deadline; a case on hold has its terms suspended; a closed case has none."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.selectors import CaseFilters, case_list
from regie.cases.services import case_transition
from regie.core.context import Actor
from regie.testing.fixtures import closed_case, plan_forced_flight, start_detention

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def day(make_case: Callable[..., Case], case_manager: User, team_lead: User) -> dict[str, Case]:
    me = Actor(user=case_manager)
    expired = make_case(target_group="supervision", return_decision_date=dt.date(2025, 1, 6))
    term_ahead = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    flight = make_case(target_group="supervision", return_decision_date=dt.date(2025, 3, 3))
    plan_forced_flight(case_manager, flight, dt.datetime(2026, 12, 2, 7, 15, tzinfo=AMS))
    detained = make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 1))
    start_detention(team_lead, detained, dt.date(2026, 11, 1))
    on_hold = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 25))
    case_transition(actor=me, case=on_hold, phase="on_hold", hold_reason="pending_procedure", expected_version=None)
    closed = closed_case(make_case(return_decision_date=dt.date(2026, 11, 27)), "unsupervised", case_manager)
    return {
        "expired": expired,
        "term_ahead": term_ahead,
        "flight": flight,
        "detained": detained,
        "on_hold": on_hold,
        "closed": closed,
    }


def test_the_caseload_order_is_the_next_actionable_deadline(day: dict[str, Case], case_manager: User) -> None:
    # By hand: the court must hear of the detention by 29-11 (start 1-11 + 4 weeks); the forced flight of
    # 2-12 07:15 needs its checks by 30-11; the departure term of the decision of 20-11 ends 18-12. The
    # long-expired term, the case on hold and the closed case have nothing to do by a date.
    expected = [
        ("detained", dt.date(2026, 11, 29), "detention_court_notification"),
        ("flight", dt.date(2026, 11, 30), "pre_departure_checks"),
        ("term_ahead", dt.date(2026, 12, 18), "departure_term"),
        ("expired", None, ""),
        ("on_hold", None, ""),
    ]
    rows = list(case_list(user=case_manager, filters=CaseFilters(assigned_to_me=True)))
    names = {c.pk: name for name, c in day.items()}
    got = [(names[c.pk], c.next_deadline, c.next_deadline_code) for c in rows]
    assert got[:3] == expected[:3]
    assert sorted(got[3:]) == sorted(expected[3:])
    assert day["closed"].pk not in {c.pk for c in rows}
    assert Case.objects.get(pk=day["flight"].pk).next_deadline_label  # named, as the dossier names it


def test_the_caseload_page_names_the_deadline_and_shows_the_term_as_a_fact(
    day: dict[str, Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    page = web_as(case_manager).get(reverse("cases:caseload")).content.decode()
    assert "Rechter informeren over bewaring" in page
    assert "verstreken op" in page  # the expired departure term: a fact, not "... dagen verlopen"
    assert "dagen verlopen" not in page
    # One's own caseload does not repeat the team and case manager on every row.
    assert 'header-cell">Regievoerder</th>' not in page and 'header-cell">Team</th>' not in page


def test_a_departure_term_stops_being_the_next_deadline_the_day_after_it_passes(
    make_case: Callable[..., Case],
) -> None:
    from regie.cases.services import case_deadlines_recompute
    from regie.core import clock
    from regie.core.context import system_actor

    case = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 1))  # ends 29-11
    assert (case.next_deadline, case.next_deadline_code) == (dt.date(2026, 11, 29), "departure_term")
    with clock.frozen(dt.datetime(2026, 11, 29, 10, 0)):  # the last day: still the thing to watch
        case_deadlines_recompute(actor=system_actor(), case_ids=[case.pk])
        assert Case.objects.get(pk=case.pk).next_deadline == dt.date(2026, 11, 29)
    with clock.frozen(dt.datetime(2026, 11, 30, 2, 0)):  # the daily sweep after it passed: a fact now
        case_deadlines_recompute(actor=system_actor(), case_ids=[case.pk])
        fresh = Case.objects.get(pk=case.pk)
        assert (fresh.next_deadline, fresh.next_deadline_code, fresh.next_deadline_label) == (None, "", "")


def test_the_caseload_starts_with_what_is_late_today_and_this_week(
    day: dict[str, Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    from regie.deadlines.selectors import worklist_counts, worklist_for

    # 28-11: the court notification (29-11) and the flight's checks (30-11) fall this week; the departure
    # term that passed long ago is not "late": it is a fact of the dossier.
    counts = worklist_counts(user=case_manager)
    assert (counts["overdue"], counts["today"], counts["this_week"]) == (0, 0, 2)
    assert not any(row.code == "departure_term" for row in worklist_for(user=case_manager).overdue)
    page = web_as(case_manager).get(reverse("cases:caseload")).content.decode()
    assert "Wat moet er gebeuren" in page and f"{reverse('deadlines:worklist')}#wl-this-week" in page
    assert "<strong>2</strong> deze week" in page
