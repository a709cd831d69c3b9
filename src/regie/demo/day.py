"""A realistic day for the demo case manager (`regievoerder`), recorded through the services.

The generated history (interviews, LP requests, support, detentions and departures behind the cases)
lies in the past. So that the caseload, the worklist and the notifications have something to direct on
the first login, the demo case manager's
open cases get, each at a plausible moment in the past: a forced departure tomorrow with its 48-hour
check still open, a detention close to its maximum, a laissez-passer request near its decision point,
departure interviews planned this week, and a reintegration grant waiting for the team lead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef

from regie.accounts.models import User
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.services import appointment_plan
from regie.core import clock
from regie.core.context import Actor, Channel
from regie.core.errors import ValidationFailed
from regie.deadlines.domain import add_months
from regie.deadlines.services import next_deadlines_update, reminders_create
from regie.departures.choices import DepartureStatus
from regie.departures.models import Departure
from regie.departures.services import departure_plan
from regie.interviews.services import interview_plan
from regie.measures.models import Detention
from regie.measures.services import detention_court_notified, detention_start
from regie.support.services import support_grant_apply
from regie.travel_documents.choices import LpStatus
from regie.travel_documents.models import LpRequest
from regie.travel_documents.services import (
    document_record,
    lp_request_prepare,
    lp_request_send,
    lp_request_sign,
)

TZ = ZoneInfo("Europe/Amsterdam")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def _working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _candidates(case_manager: User) -> Iterator[Case]:
    """The demo case manager's open cases that are being worked on, oldest intake first, each with a
    return decision and a nationality (a country to return to), and none of what the day starts
    already under way: a laissez-passer request, a detention or a planned departure (the generated
    history leaves some running, and the services refuse a second one)."""
    running = (
        Exists(LpRequest.objects.filter(case=OuterRef("pk")).exclude(status=LpStatus.CLOSED))
        | Exists(Detention.objects.filter(case=OuterRef("pk"), ends_on__isnull=True))
        | Exists(Departure.objects.filter(case=OuterRef("pk"), status=DepartureStatus.PLANNED))
    )
    yield from (
        Case.objects.filter(
            assigned_to=case_manager,
            phase__in=[Phase.IN_PROGRESS, Phase.DEPARTURE_PREPARED],
            return_decision_date__isnull=False,
            person__nationalities__isnull=False,
        )
        .exclude(running)
        .select_related("person")
        .distinct()
        .order_by("opened_on", "number")
    )


def demo_day(*, case_manager: User, team_lead: User) -> list[str]:
    """Record the demo case manager's day; returns what was recorded, in words (for the summary)."""
    today = clock.today()
    me, lead = Actor(user=case_manager, channel=Channel.WEB), Actor(user=team_lead, channel=Channel.WEB)
    cases = list(_candidates(case_manager))
    done: list[str] = []

    def country(case: Case) -> str:
        return case.person.nationalities.order_by("country").values_list("country", flat=True).first() or "MA"

    def take(older_than: dt.date | None = None) -> Case | None:
        for i, case in enumerate(cases):
            decided = case.return_decision_date
            if older_than is None or (case.opened_on <= older_than and decided is not None and decided <= older_than):
                return cases.pop(i)
        return None

    # A laissez-passer request sent eleven and a half months ago: its decision point comes in two weeks.
    sent = add_months(today, -11) - dt.timedelta(days=15)
    lp_case = take(older_than=sent - dt.timedelta(days=14))
    if lp_case is not None:
        with clock.frozen(_at(sent - dt.timedelta(days=14), 10)):
            lp = lp_request_prepare(actor=me, case=lp_case, country=country(lp_case), reference="LP-DEMO-1")
        with clock.frozen(_at(sent - dt.timedelta(days=7), 11)):
            lp = lp_request_sign(actor=me, lp=lp, expected_version=None)
        with clock.frozen(_at(sent, 9, 30)):
            lp_request_send(actor=me, lp=lp, expected_version=None)
        with clock.frozen(_at(_working_day(today - dt.timedelta(days=4)), 11)):
            appointment_plan(
                actor=me,
                case=lp_case,
                kind="embassy",
                at=_at(_working_day(today + dt.timedelta(days=2)), 11),
                place="Ambassade, Den Haag",
                note="Presentatie voor het LP (synthetisch)",
            )
        done.append(f"{lp_case.number}: LP-aanvraag nadert het beslismoment; presentatie op de ambassade deze week")

    # A detention that started five months and three weeks ago: the six-month maximum is ten days away.
    detained_since = add_months(today, -5) - dt.timedelta(days=21)
    detained = take(older_than=detained_since)
    if detained is not None:
        with clock.frozen(_at(detained_since, 14)):
            detention = detention_start(
                actor=lead,
                case=detained,
                basis="art59",
                place="Detentiecentrum Rotterdam",
                grounds="Risico op onttrekking: geen vaste woon- of verblijfplaats (synthetisch).",
                starts_on=detained_since,
                proposed_by=case_manager,
            )
        with clock.frozen(_at(detained_since + dt.timedelta(days=9), 10)):
            detention_court_notified(
                actor=me,
                detention=detention,
                court_notified_on=detained_since + dt.timedelta(days=9),
                expected_version=None,
            )
        done.append(f"{detained.number}: bewaring nadert de maximale duur")

    # A forced departure tomorrow morning; the passport is at hand, the 48-hour check is not yet done.
    flight_case = take()
    if flight_case is not None:
        planned = _working_day(today - dt.timedelta(days=10))
        with clock.frozen(_at(planned, 10)):
            document_record(
                actor=me,
                case=flight_case,
                kind="passport",
                issuing_country=country(flight_case),
                number="P-DEMO-1",
                valid_until=add_months(today, 36),
                held_by_service=True,
            )
            departure_plan(
                actor=me,
                case=flight_case,
                kind="forced",
                departs_at=_at(today + dt.timedelta(days=1), 7, 15),
                flight_number="KL1565",
                from_airport="AMS",
                to_airport="CMN",
                destination_country=country(flight_case),
                escort="kmar",
            )
        done.append(f"{flight_case.number}: gedwongen vertrek morgen, controle vóór vertrek open")

    # Departure interviews this week, planned last week.
    for offset, hour in ((1, 10), (3, 14)):
        interview_case = take()
        if interview_case is None:
            break
        with clock.frozen(_at(_working_day(today - dt.timedelta(days=5)), 9)):
            interview_plan(
                actor=me,
                case=interview_case,
                planned_at=_at(_working_day(today + dt.timedelta(days=offset)), hour),
                place="Kantoor DT&V Zevenaar",
            )
        done.append(f"{interview_case.number}: vertrekgesprek gepland deze week")

    # A reintegration grant above the approval threshold, applied for yesterday: it waits for the lead.
    # Reintegration support is for the countries on the rule's list: the first case that qualifies.
    for support_case in list(cases):
        try:
            with transaction.atomic(), clock.frozen(_at(_working_day(today - dt.timedelta(days=3)), 15)):
                support_grant_apply(actor=me, case=support_case, programme="reintegration")
        except ValidationFailed:
            continue
        done.append(f"{support_case.number}: ondersteuning wacht op akkoord teamleider")
        break

    # As after the night's sweep: the next deadlines of today, and the reminders as notifications.
    next_deadlines_update()
    reminders_create(actor=Actor(user=None, channel=Channel.JOB))
    return done
