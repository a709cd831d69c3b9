"""The worklist can be worked: grouped by overdue / today / this week / later, each row with the person,
what is due, the legal basis and a link to the form where it is done; a row can be marked done (only
where its action is not recorded in Regie) or snoozed with a reason, both audited; recording the action
itself removes the row. Notifications: the worker's reminders in the application, read or unread."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import PermissionDenied, ValidationFailed
from regie.deadlines import services
from regie.deadlines.models import Reminder, WorklistMark
from regie.deadlines.selectors import worklist_for
from regie.measures.models import Detention
from regie.measures.services import detention_court_notified
from regie.testing.fixtures import AMSTERDAM, assert_problem, plan_forced_flight, start_detention

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00


@pytest.fixture
def day(make_case: Callable[..., Case], case_manager: User, team_lead: User) -> dict[str, Case]:
    flight = make_case(target_group="supervision", return_decision_date=dt.date(2025, 3, 3))
    plan_forced_flight(case_manager, flight, dt.datetime(2026, 12, 2, 7, 15, tzinfo=AMSTERDAM))
    detained = make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 1))
    start_detention(team_lead, detained, dt.date(2026, 11, 1))
    term = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
    return {"flight": flight, "detained": detained, "term": term}


def _codes(rows: list[Any]) -> set[str]:
    return {row.code for row in rows}


def _row(user: User, case: Case, code: str) -> Any:
    return next(r for r in worklist_for(user=user).rows() if r.case_id == case.pk and r.code == code)


@dataclasses.dataclass(frozen=True)
class _Row:
    case: Case
    code: str
    source_id: str
    due: dt.date

    @classmethod
    def of(cls, row: Any) -> _Row:
        return cls(row.case, row.code, row.source_id, row.due)


def _mark(user: User, row: Any, **choice: Any) -> Any:
    """Mark `row` (as the worklist gave it) as `user`: kind, reason and until in `choice`."""
    return services.worklist_mark(
        actor=Actor(user=user), case=row.case, code=row.code, source_id=row.source_id, due=row.due, **choice
    )


def test_the_worklist_is_grouped_and_every_row_says_what_to_do_and_where(
    day: dict[str, Case], case_manager: User
) -> None:
    found = worklist_for(user=case_manager)
    # 48-hour check before the flight of 2 December, court notification 4 weeks after 1 November.
    assert {"pre_departure_checks", "detention_court_notification"} <= _codes(found.this_week)
    assert "departure_term" in _codes(found.later)  # 28 days after 20 November: 18 December
    check = _row(case_manager, day["flight"], "pre_departure_checks")
    assert check.days_left == 2 and check.task.url_name == "departures:page" and check.task.anchor == "h-controle"
    assert check.task.legal_maximum and not check.task.done_outside


def test_the_worklist_page_shows_the_person_the_basis_and_links_to_the_form(
    day: dict[str, Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    page = web_as(case_manager).get(reverse("deadlines:worklist")).content.decode()
    flight = day["flight"]
    assert flight.person.full_name in page and "Vc A4" in page  # the name, the legal basis on demand
    assert f"{reverse('departures:page', kwargs={'case_id': flight.pk})}#h-controle" in page
    assert "De controle vóór vertrek afronden" in page and 'id="wl-later"' in page


def test_recording_the_action_itself_removes_the_row(day: dict[str, Case], case_manager: User) -> None:
    detention = Detention.objects.get(case=day["detained"])
    detention_court_notified(
        actor=Actor(user=case_manager),
        detention=detention,
        court_notified_on=dt.date(2026, 11, 27),
        expected_version=None,
    )
    assert "detention_court_notification" not in _codes(worklist_for(user=case_manager).rows())


def test_a_row_whose_action_is_recorded_in_regie_cannot_be_ticked_off(day: dict[str, Case], case_manager: User) -> None:
    row = _row(case_manager, day["flight"], "pre_departure_checks")
    with pytest.raises(ValidationFailed) as refused:
        _mark(case_manager, row, kind="done", reason="Gedaan.")
    assert "kind" in refused.value.errors
    assert not WorklistMark.objects.exists()


def test_a_legal_maximum_is_snoozed_at_most_to_its_own_date(day: dict[str, Case], case_manager: User) -> None:
    row = _row(case_manager, day["flight"], "pre_departure_checks")
    with pytest.raises(ValidationFailed) as refused:
        _mark(case_manager, row, kind="snoozed", until=row.due + dt.timedelta(days=1), reason="Later.")
    assert "until" in refused.value.errors
    _mark(case_manager, row, kind="snoozed", until=row.due, reason="Ticket volgt.")
    assert "pre_departure_checks" not in _codes(worklist_for(user=case_manager).rows())
    # On the day it was snoozed to, it is back.
    with clock.frozen(dt.datetime(2026, 11, 30, 8, 0, tzinfo=AMSTERDAM)):
        assert "pre_departure_checks" in _codes(worklist_for(user=case_manager).today)


def test_done_outside_regie_takes_the_row_away_with_a_reason_on_the_trail(
    day: dict[str, Case], case_manager: User
) -> None:
    row = _row(case_manager, day["term"], "departure_term")
    with pytest.raises(ValidationFailed) as refused:
        _mark(case_manager, row, kind="done", reason="  ")
    assert "reason" in refused.value.errors
    _mark(case_manager, row, kind="done", reason="Gemeente bevestigt vertrek (synthetisch).")
    assert "departure_term" not in _codes(worklist_for(user=case_manager).rows())
    event = AuditEvent.objects.get(event_type="deadline.worklist_item_done")
    assert event.case_id == day["term"].pk and event.new_values["code"] == "departure_term"


def test_a_row_that_moved_or_a_case_of_another_team_is_refused(
    day: dict[str, Case], case_manager: User, other_case_manager: User
) -> None:
    row = _row(case_manager, day["term"], "departure_term")
    moved = dataclasses.replace(_Row.of(row), due=row.due - dt.timedelta(days=1))
    with pytest.raises(ValidationFailed) as refused:
        _mark(case_manager, moved, kind="done", reason="Gedaan.")
    assert "due" in refused.value.errors
    with pytest.raises(PermissionDenied):
        _mark(other_case_manager, row, kind="done", reason="Gedaan.")


def test_the_web_form_snoozes_and_says_what_is_wrong_next_to_the_field(
    day: dict[str, Case], case_manager: User, web_as: Callable[[User], Client]
) -> None:
    client = web_as(case_manager)
    row = _row(case_manager, day["detained"], "detention_court_notification")
    url = (
        f"{reverse('deadlines:worklist_item')}?dossier={row.case_id}&code={row.code}&bron={row.source_id}"
        f"&datum={row.due.isoformat()}"
    )
    page = client.get(url)
    assert page.status_code == 200 and "art. 94 Vw" in page.content.decode()
    assert 'value="done"' not in page.content.decode()  # only recording the notification takes it away
    refused = client.post(url, {"kind": "snoozed", "until": "", "reason": "Wacht op de rechtbank."})
    assert refused.status_code == 400 and "Dit veld is verplicht." in refused.content.decode()
    done = client.post(url, {"kind": "snoozed", "until": "2026-11-29", "reason": "Wacht op de rechtbank."})
    assert done.status_code == 302
    assert "detention_court_notification" not in _codes(worklist_for(user=case_manager).rows())
    assert client.get(url).status_code == 404  # no longer on the worklist


def test_the_api_gives_the_rows_with_what_to_do_and_marks_them(
    day: dict[str, Case], case_manager: User, api_as: Callable[..., Any]
) -> None:
    api = api_as(case_manager)
    body = api.get("/worklist").json()
    item = next(i for i in body["later"] if i["code"] == "departure_term")
    assert item["doneOutside"] is True and item["daysLeft"] == 20 and item["action"]
    mark = {"caseId": item["caseId"], "code": item["code"], "sourceId": item["sourceId"], "due": item["due"]}
    problem = assert_problem(api.post("/worklist-marks", {**mark, "kind": "snoozed", "reason": "Later."}), 400)
    assert "until" in str(problem)
    created = api.post("/worklist-marks", {**mark, "kind": "done", "reason": "Vertrek bevestigd door gemeente."})
    assert created.status_code == 201 and created.json()["kind"] == "done"
    assert not any(i["code"] == "departure_term" for i in api.get("/worklist").json()["later"])


def test_notifications_are_counted_in_the_header_listed_and_read(
    day: dict[str, Case], case_manager: User, system: Actor, web_as: Callable[[User], Client]
) -> None:
    created = services.reminders_create(actor=system)
    assert created and Reminder.objects.filter(recipient=case_manager).count() == created
    client = web_as(case_manager)
    home = client.get(reverse("deadlines:worklist")).content.decode()
    assert f'regie-badge">{created}<' in home
    listed = client.get(reverse("deadlines:notifications")).content.decode()
    assert day["flight"].number in listed and "Ongelezen:" in listed
    one = Reminder.objects.filter(recipient=case_manager).first()
    assert one is not None
    client.post(reverse("deadlines:notifications_read"), {"melding": str(one.pk)})
    assert Reminder.objects.filter(recipient=case_manager, seen_at__isnull=True).count() == created - 1
    client.post(reverse("deadlines:notifications_read"))
    assert not Reminder.objects.filter(recipient=case_manager, seen_at__isnull=True).exists()
    assert 'class="regie-badge"' not in client.get(reverse("deadlines:notifications")).content.decode()
    assert AuditEvent.objects.filter(event_type="deadline.notification_read").count() == 2


def test_the_agenda_shows_interviews_and_flights_by_day_and_week(
    day: dict[str, Case], case_manager: User, other_case_manager: User, web_as: Callable[[User], Client]
) -> None:
    from regie.deadlines.selectors import agenda_for
    from regie.interviews.services import interview_plan

    interview_plan(
        actor=Actor(user=case_manager),
        case=day["term"],
        planned_at=dt.datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM),
        place="Kantoor Zevenaar",
    )
    week = agenda_for(user=case_manager, start=dt.date(2026, 11, 30), days=7)
    assert [i.what for i in week[dt.date(2026, 12, 1)]] == ["Vertrekgesprek"]
    assert [i.case for i in week[dt.date(2026, 12, 2)]] == [day["flight"]]
    assert not any(agenda_for(user=other_case_manager, start=dt.date(2026, 11, 30), days=7).values())
    client = web_as(case_manager)
    page = client.get(reverse("deadlines:agenda"), {"datum": "2026-12-02"}).content.decode()
    assert "Kantoor Zevenaar" in page and day["flight"].number in page and "KL1234" in page
    one_day = client.get(reverse("deadlines:agenda"), {"datum": "2026-12-01", "weergave": "dag"}).content.decode()
    assert "Kantoor Zevenaar" in one_day and day["flight"].number not in one_day


def _ids(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [(r.case_id, r.code, r.source_id, r.due) for r in rows]


@pytest.fixture
def long_worklist(make_case: Callable[..., Case]) -> None:
    """13 departure terms ending today (1), this week (7) and later (5): more than a page of 3 in two sections."""
    for days in range(13):
        make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 31) + dt.timedelta(days=days))


@pytest.mark.usefixtures("long_worklist")
def test_a_long_worklist_shows_each_sections_most_urgent_rows_and_its_whole_count(team_lead: User) -> None:
    from regie.deadlines.selectors import SECTIONS, worklist_counts

    whole = worklist_for(user=team_lead, page_size=1000)
    paged = worklist_for(user=team_lead, page_size=3)
    counts = worklist_counts(user=team_lead)
    assert counts["this_week"] >= 7 and counts["later"] >= 5
    assert paged.counts == counts == {key: len(getattr(whole, key)) for key in SECTIONS}
    for key in SECTIONS:
        assert _ids(getattr(paged, key)) == _ids(getattr(whole, key))[:3]
        assert paged.more(key) == max(0, counts[key] - 3)
    # Paged through one section: every row once, in the order of the whole list, the counts whole.
    for key in ("this_week", "later"):
        collected: list[Any] = []
        for page in range(1, paged.pages(key) + 1):
            part = worklist_for(user=team_lead, section=key, page=page, page_size=3)
            assert part.counts == counts and not any(getattr(part, other) for other in SECTIONS if other != key)
            assert part.more(key) == counts[key] - len(collected) - len(getattr(part, key))
            collected += getattr(part, key)
        assert _ids(collected) == _ids(getattr(whole, key))


@pytest.mark.usefixtures("long_worklist")
def test_the_page_links_to_the_rest_of_a_section_and_pages_through_it(
    team_lead: User, web_as: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from regie.audit.models import AccessRecord
    from regie.deadlines import selectors

    monkeypatch.setattr(selectors, "WORKLIST_PAGE_SIZE", 3)
    counts = selectors.worklist_counts(user=team_lead)
    client = web_as(team_lead)
    first = client.get(reverse("deadlines:worklist")).content.decode()
    assert f'Deze week <span class="regie-count">({counts["this_week"]})</span>' in first
    assert f"Nog {counts['this_week'] - 3} punten in Deze week" in first
    assert "?onderdeel=this-week&amp;pagina=2" in first
    before = AccessRecord.objects.count()
    second = client.get(reverse("deadlines:worklist"), {"onderdeel": "this-week", "pagina": "2"})
    shown = worklist_for(user=team_lead, section="this_week", page=2).this_week
    page = second.content.decode()
    assert second.status_code == 200 and len(shown) == 3
    assert f"Deze week: 4 tot en met 6 van {counts['this_week']}" in page
    assert all(row.case.number in page for row in shown) and "Later <span" not in page
    assert AccessRecord.objects.count() - before == len({row.case_id for row in shown})  # only what is shown
    for bad in ({"onderdeel": "morgen"}, {"onderdeel": "later", "pagina": "99"}, {"pagina": "x"}):
        assert client.get(reverse("deadlines:worklist"), bad).status_code == 404


@pytest.mark.usefixtures("long_worklist")
def test_the_api_pages_through_a_section_and_counts_every_section(team_lead: User, api_as: Callable[..., Any]) -> None:
    from regie.deadlines.selectors import worklist_counts

    counts = worklist_counts(user=team_lead)
    api = api_as(team_lead)
    body = api.get("/worklist?pageSize=3").json()
    assert body["counts"] == {
        "overdue": counts["overdue"],
        "today": counts["today"],
        "thisWeek": counts["this_week"],
        "later": counts["later"],
        "flags": counts["flags"],
    }
    assert len(body["thisWeek"]) == 3 and len(body["later"]) == 3
    pages = [api.get(f"/worklist?section=later&page={n}&pageSize=3").json() for n in (1, 2)]
    assert [len(p["later"]) for p in pages] == [3, counts["later"] - 3] and not pages[1]["thisWeek"]
    assert {i["caseId"] for i in pages[0]["later"]}.isdisjoint({i["caseId"] for i in pages[1]["later"]})
    problem = assert_problem(api.get("/worklist?page=2"), 400)
    assert problem["invalidParams"][0]["name"] == "page"
    assert_problem(api.get("/worklist?section=tomorrow"), 400)
