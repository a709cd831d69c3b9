"""`regie demo`: through the services, and the bulk path that must write exactly what the services write."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regie.accounts.models import Team, User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.models import Case
from regie.deadlines.models import CaseDeadline
from regie.demo.accounts import DEMO_PASSWORD
from regie.demo.generate import CLOSED_SHARE, Demo, Staffing, generate
from regie.demo.load import demo_load, demo_load_fast, staff_create
from regie.departures.models import Departure
from regie.interviews.models import CircumstanceCheck
from regie.people.models import Household, Person
from regie.support.models import SupportGrant

pytestmark = pytest.mark.django_db

_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^RG-[0-9A-F]{10}$|^RG-\d{4}-\d{6,}$")


def _cases() -> dict[str, tuple[Any, ...]]:
    rows = Case.objects.select_related("person", "team", "assigned_to").order_by("source_reference")
    return {
        c.source_reference: (
            c.person.v_number,
            c.phase,
            c.phase_before_hold,
            c.hold_reason,
            c.outcome,
            c.closed_on,
            c.opened_on,
            c.team.name if c.team else None,
            c.assigned_to.username if c.assigned_to else None,
            c.version,
            c.departure_term_ends,
            c.next_deadline,
            c.medical_background,
            sorted(c.special_circumstances.values_list("kind", flat=True)),
            sorted(CaseDeadline.objects.filter(case=c).values_list("code", "due")),
            c.person.household.label if c.person.household else None,
            sorted(c.person.names.values_list("kind", "given_names", "family_name")),
            sorted(c.person.family_links.values_list("relative__v_number", "relation")),
            sorted(
                c.lp_requests.values_list(
                    "country",
                    "status",
                    "prepared_on",
                    "signed_on",
                    "signing_refused_on",
                    "sent_on",
                    "outcome",
                    "outcome_on",
                    "lp_valid_until",
                    "version",
                    "created_by__username",
                ),
                key=repr,
            ),
            sorted(
                c.person.documents.values_list("kind", "issuing_country", "valid_until", "held_by_service"), key=repr
            ),
            sorted(CaseDeadline.objects.filter(case=c).values_list("code", "due", "explanation")),
            sorted(
                c.interviews.values_list(
                    "status",
                    "planned_at",
                    "held_at",
                    "place",
                    "interpreter_language",
                    "participants",
                    "summary",
                    "stance",
                    "conducted_by__username",
                    "version",
                ),
                key=repr,
            ),
            sorted(CircumstanceCheck.objects.filter(interview__case=c).values_list("circumstance", "result", "note")),
            sorted(
                c.support_grants.values_list(
                    "person__v_number",
                    "programme",
                    "beneficiary",
                    "rule_id",
                    "amount_cents",
                    "cash_cents",
                    "in_kind_cents",
                    "explanation",
                    "status",
                    "decided_on",
                    "applied_by__username",
                    "approved_by__username",
                    "partner__name",
                    "consent_to_share_on",
                    "share_identity",
                    "share_origin",
                    "delivered_on",
                    "delivery_note",
                    "version",
                ),
                key=repr,
            ),
            sorted(
                c.detentions.values_list(
                    "basis",
                    "place",
                    "grounds",
                    "starts_on",
                    "family_or_minor",
                    "ends_on",
                    "end_reason",
                    "proposed_by__username",
                    "approved_by__username",
                    "version",
                ),
                key=repr,
            ),
            sorted(
                c.reporting_duties.values_list(
                    "starts_on", "ends_on", "frequency", "location", "end_reason", "imposed_by__username", "version"
                ),
                key=repr,
            ),
            sorted(
                c.departures.values_list(
                    "kind",
                    "status",
                    "departs_at",
                    "destination_country",
                    "escort",
                    "dublin_member_state",
                    "dublin_accepted_on",
                    "confirmed_on",
                    "border_message_reference",
                    "planned_by__username",
                    "version",
                ),
                key=repr,
            ),
        )
        for c in rows
    }


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Audit values with generated ids replaced: the two paths make different uuids."""
    return {k: "<id>" if isinstance(v, str) and _ID.match(v) else v for k, v in values.items()}


def _trail(after: int) -> list[tuple[Any, ...]]:
    return [
        (
            e.occurred_at,
            e.event_type,
            e.subject_type,
            e.actor_label,
            e.channel,
            _plain(e.old_values),
            _plain(e.new_values),
        )
        for e in AuditEvent.objects.filter(id__gt=after).exclude(event_type="person.duplicate_flagged").order_by("id")
    ]


def _both_ways(demo: Demo, seed: int) -> None:
    """Load `demo` through the services, then (dossiers and trail removed) in bulk: the same rows and trail."""
    staff = staff_create(staffing=demo.staffing, seed=seed, issue_token=False)
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    demo_load(demo, staff, progress=False)
    through_services, trail = _cases(), _trail(start)
    assert audit_verify() == AuditEvent.objects.count()

    # Remove the loaded dossiers and their trail; keep the staff, then load the same demo in bulk.
    Case.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()
    AuditEvent.objects.filter(id__gt=start).delete()
    demo_load_fast(demo, staff, progress=False)

    assert _cases() == through_services
    assert _trail(start) == trail
    assert audit_verify() == AuditEvent.objects.count()


def test_the_bulk_path_writes_what_the_services_write() -> None:
    # 30 cases of seed 110 include two households, a re-entry under another spelling and the intake queue.
    demo = generate(cases=30, seed=110, today=dt.date(2026, 11, 28))
    assert demo.households and any(p.intake_given_names != p.given_names for p in demo.cases)
    # ... and LP requests: issued, withdrawn and still open (sent, so with a withdrawal decision pending).
    lps = [lp for p in demo.cases for lp in p.lp_requests]
    assert {"issued", "withdrawn", ""} <= {lp.outcome for lp in lps}
    assert any(lp.sent_at and not lp.outcome for lp in lps)
    # ... and the process behind them: interviews, support (delivered, and above the team lead's
    # threshold), detention ended by departure and by release, departures of every kind.
    assert sum(len(p.interviews) for p in demo.cases) > 30
    assert any(s.delivered_at for p in demo.cases for s in p.support)
    reasons = {d.end_reason for p in demo.cases for d in p.detentions}
    assert "departed" in reasons and len(reasons) > 1
    assert {"independent", "dublin", "forced"} <= {d.kind for p in demo.cases for d in p.departures}
    assert {"", "departed", "absconded"} <= {r.end_reason for p in demo.cases for r in p.reporting_duties}
    _both_ways(demo, 110)
    assert SupportGrant.objects.filter(approved_by__isnull=False).exists()
    assert Departure.objects.filter(status="confirmed", kind="dublin").exists()
    assert Departure.objects.filter(status="confirmed", kind="forced", handover_completed_on__isnull=False).exists()
    assert CircumstanceCheck.objects.filter(result="present").exists()


def test_the_bulk_path_writes_forced_departures_on_a_laissez_passer_as_the_services_do() -> None:
    # 8 cases of seed 8: two forced departures, one on the case's laissez-passer, one on a passport.
    demo = generate(cases=8, seed=8, today=dt.date(2026, 11, 28))
    assert {d.lp is not None for p in demo.cases for d in p.departures if d.kind == "forced"} == {True, False}
    _both_ways(demo, 8)
    kinds = set(Departure.objects.filter(kind="forced").values_list("travel_document__kind", flat=True))
    assert kinds == {"laissez_passer", "passport"}


def test_the_bulk_path_writes_what_the_services_write_with_several_teams_a_region() -> None:
    # A large data set's staffing in 40 cases: three teams of two case managers in every region.
    staffing = Staffing(per_team=2, teams_per_region=3)
    demo = generate(cases=40, seed=110, today=dt.date(2026, 11, 28), staffing=staffing)
    assert {p.assigned_team for p in demo.cases if p.case_manager is not None} - set(range(6))
    # Not only the regions' first teams take dossiers in: no team holds a whole region's intake.
    assert {p.team for p in demo.cases if p.team is not None} - set(range(6))
    _both_ways(demo, 110)
    assert Team.objects.count() == 18 and Team.objects.filter(name="Team Noord 3").exists()
    for case in Case.objects.filter(assigned_to__isnull=False).select_related("assigned_to"):
        # A case sits in the team of the case manager it is assigned to.
        assert case.assigned_to.teams.filter(pk=case.team_id).exists()
    assignments = AuditEvent.objects.filter(event_type=EventType.CASE_ASSIGNED).select_related("actor")
    assert assignments.filter(old_values__team__isnull=False).exists()
    for event in assignments:
        # The lead of the team that took the dossier in assigns it (from the queue: a region's first team).
        taken_in_by = event.old_values["team"]
        assert event.actor.role == "team_lead"
        if taken_in_by is not None:
            assert event.actor.teams.filter(pk=taken_in_by).exists()


@pytest.mark.parametrize("cases", [0, 200, 2_000, 30_000, 36_000, 100_000, 1_000_000])
def test_staffing_gives_a_case_manager_about_forty_open_cases_in_teams_of_at_most_fifty(cases: int) -> None:
    staffing = Staffing.for_cases(cases)
    assert 1 <= staffing.per_team <= 50
    open_cases = cases * (1 - CLOSED_SHARE)
    if open_cases > 6 * 3 * 40:
        assert 30 <= open_cases / (6 * staffing.per_region) <= 40
    numbers = [staffing.team(region, unit) for region in range(6) for unit in range(staffing.teams_per_region)]
    assert sorted(numbers) == list(range(staffing.teams))  # every team once, numbered without gaps
    assert numbers[:: staffing.teams_per_region] == list(range(6))  # the regions' first teams come first
    for region in range(6):
        for unit in range(staffing.teams_per_region):
            number = staffing.team(region, unit)
            assert (staffing.region(number), staffing.unit(number)) == (region, unit)
        placed = {staffing.placed(region, cm) for cm in range(staffing.per_region)}
        assert len(placed) == staffing.per_region  # no two of a region's case managers share a place


def test_demo_command_loads_prints_logins_and_then_refuses_to_load_twice() -> None:
    out = io.StringIO()
    call_command("demo", "--cases", "20", "--seed", "2", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "20 cases" in text and DEMO_PASSWORD in text
    for login in ("regievoerder", "teamleider", "analist", "fg", "beheerder", "partner"):
        assert login in text
        assert User.objects.get(username=login).check_password(DEMO_PASSWORD)
    assert re.search(r"Bearer rg_[\w-]+", text)
    assert Case.objects.count() == 20
    assert audit_verify() == AuditEvent.objects.count()

    again = io.StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert "no demo data loaded" in again.getvalue() and "regievoerder" in again.getvalue()
    assert Case.objects.count() == 20
    with pytest.raises(CommandError):
        call_command("demo", "--cases", "10", stdout=io.StringIO())


def test_fast_command_verifies() -> None:
    call_command("demo", "--cases", "300", "--seed", "5", "--fast", "--no-progress", stdout=io.StringIO())
    assert Case.objects.count() == 300
    assert audit_verify() == AuditEvent.objects.count()
    # Team isolation holds in the demo: a case manager sees the cases of their own team only.
    manager = User.objects.get(username="regievoerder")
    from regie.cases.selectors import case_list

    visible = case_list(user=manager)
    assert visible.exists() and set(visible.values_list("team__name", flat=True)) == {"Team Noord"}


def test_the_demo_case_manager_has_a_day_to_work() -> None:
    """The worklist and the notifications have something to direct on the first login: a flight
    tomorrow whose 48-hour check is open, interviews this week, a grant waiting for the team lead (a
    demo of 2,000 cases also has a detention near its maximum and an LP request near its decision point:
    they need cases older than this small demo has)."""
    from regie.deadlines.models import Reminder
    from regie.deadlines.selectors import worklist_for
    from regie.interviews.models import Interview
    from regie.support.models import SupportGrant

    out = io.StringIO()
    call_command("demo", "--cases", "300", "--seed", "5", "--fast", "--no-progress", stdout=out)
    assert "The day of 'regievoerder'" in out.getvalue()
    manager = User.objects.get(username="regievoerder")
    rows = worklist_for(user=manager).rows()
    assert any(r.code == "pre_departure_checks" for r in rows)
    assert Interview.objects.filter(case__assigned_to=manager, held_at__isnull=True).count() == 2
    assert SupportGrant.objects.filter(case__assigned_to=manager, status="awaiting_approval").exists()
    assert Reminder.objects.filter(recipient=manager, seen_at__isnull=True).exists()
    assert audit_verify() == AuditEvent.objects.count()
