"""Facts for the deadline engine, the rules in force, and the worklist per user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone, translation

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.selectors import case_visibility
from regie.core import clock

from .domain import (
    CaseFacts,
    DetentionFact,
    DublinFact,
    FlightFact,
    InterviewFact,
    LpFact,
    PostponementFact,
    Rule,
    VblFact,
)
from .models import CaseDeadline, DeadlineRule


def rules_in_force() -> tuple[Rule, ...]:
    """The rule table as plain values (all versions: the engine picks by start date)."""
    return tuple(
        Rule(r.code, r.label, r.basis, r.amount, r.unit, r.valid_from, r.valid_until, r.variant)
        for r in DeadlineRule.objects.all()
    )


def case_facts(case: Case) -> CaseFacts:
    """Read what the rules need from every app, as plain values."""
    from regie.departures.choices import DepartureKind, DepartureStatus
    from regie.interviews.choices import (
        CHECKED_CIRCUMSTANCES,
        CIRCUMSTANCE_LABELS,
        FIRST_INTERVIEWS_TO_CHECK,
        CheckResult,
    )
    from regie.interviews.models import Interview

    detentions = []
    for det in case.detentions.all():
        last_action = (
            AuditEvent.objects.filter(case_id=case.pk, actor__isnull=False)
            .exclude(event_type="case.deadlines_recomputed")
            .aggregate(last=Max("occurred_at"))["last"]
        )
        last_on = timezone.localdate(last_action) if last_action else None
        detentions.append(
            DetentionFact(
                id=str(det.pk),
                starts_on=det.starts_on,
                family_or_minor=det.family_or_minor,
                appealed_on=det.appealed_on,
                court_notified_on=det.court_notified_on,
                extended=det.extended_on is not None,
                ends_on=det.ends_on,
                last_action_on=max(last_on, det.starts_on) if last_on else det.starts_on,
            )
        )
    flights, dublin = [], []
    for dep in case.departures.all():
        if dep.status == DepartureStatus.PLANNED and dep.departs_at and dep.kind == DepartureKind.FORCED:
            complete = all(getattr(dep, f"check_{item}_on") for item in _checklist_items())
            flights.append(
                FlightFact(id=str(dep.pk), departs_at=timezone.localtime(dep.departs_at), checklist_complete=complete)
            )
        if dep.kind == DepartureKind.DUBLIN and dep.dublin_accepted_on and dep.status == DepartureStatus.PLANNED:
            dublin.append(
                DublinFact(
                    id=str(dep.pk),
                    accepted_on=dep.dublin_accepted_on,
                    imprisoned=dep.dublin_imprisoned,
                    absconded=dep.dublin_absconded,
                )
            )
    interviews = []
    held = Interview.objects.filter(case=case, status="held").order_by("held_at").prefetch_related("checks")
    for interview in held[:FIRST_INTERVIEWS_TO_CHECK]:
        checked = {c.circumstance for c in interview.checks.all() if c.result != CheckResult.NOT_CHECKED}
        # Labels, not codes: the flag's explanation is read by people (stored in Dutch, like all explanations).
        with translation.override("nl"):
            unchecked = tuple(str(CIRCUMSTANCE_LABELS[c]).lower() for c in CHECKED_CIRCUMSTANCES if c not in checked)
        assert interview.held_at is not None
        interviews.append(
            InterviewFact(id=str(interview.pk), held_on=timezone.localdate(interview.held_at), unchecked=unchecked)
        )
    return CaseFacts(
        closed=case.phase == Phase.CLOSED,
        target_group=case.target_group,
        return_decision_date=case.return_decision_date,
        # A term counts as shortened only when a reason was recorded; otherwise the rule's standard term.
        departure_term_days=case.departure_term_days if case.departure_term_reason else None,
        detentions=tuple(detentions),
        vbls=tuple(VblFact(str(v.pk), v.starts_on, v.reviewed_on, v.ends_on) for v in case.vbl_placements.all()),
        lp_requests=tuple(LpFact(str(lp.pk), lp.sent_on, not lp.is_open) for lp in case.lp_requests.all()),
        dublin=tuple(dublin),
        postponements=tuple(
            PostponementFact(str(p.pk), p.starts_on, p.ends_on, p.ended_early_on) for p in case.postponements.all()
        ),
        flights=tuple(flights),
        first_interviews=tuple(interviews),
    )


def _checklist_items() -> tuple[str, ...]:
    from regie.departures.choices import CHECKLIST_ITEMS

    return CHECKLIST_ITEMS


@dataclass
class Worklist:
    overdue: list[CaseDeadline] = field(default_factory=list)
    today: list[CaseDeadline] = field(default_factory=list)
    this_week: list[CaseDeadline] = field(default_factory=list)
    flags: list[CaseDeadline] = field(default_factory=list)


def worklist_for(*, user: User, on: dt.date | None = None, limit: int = 500) -> Worklist:
    """What is due for this user: their own cases (case manager) or their teams' cases (team lead)."""
    on = on or clock.today()
    visible = Case.objects.filter(case_visibility(user)).exclude(phase=Phase.CLOSED)
    if user.role == Role.CASE_MANAGER:
        visible = visible.filter(assigned_to=user)
    rows = (
        CaseDeadline.objects.filter(case__in=visible.values("pk"))
        .filter(Q(kind="flag", due__lte=on) | Q(kind="deadline", due__lte=on + dt.timedelta(days=7)))
        .select_related("case", "case__person", "case__assigned_to")
        .order_by("due", "code")[:limit]
    )
    result = Worklist()
    for row in rows:
        if row.kind == "flag":
            result.flags.append(row)
        elif row.due < on:
            result.overdue.append(row)
        elif row.due == on:
            result.today.append(row)
        else:
            result.this_week.append(row)
    return result
