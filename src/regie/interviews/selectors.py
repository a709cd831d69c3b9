"""Reads of departure interviews and the departure plan. Visibility is a queryset filter (the case's).

Who sees what: whoever may see the case sees its interviews (when, where, stance, summary) and its plan;
the checks of special circumstances (their result and note) only those who may see special-category
data (`cases.permissions.can_see_special_categories`). That a check is missing is no personal data:
everyone who sees the case sees it, as on the worklist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import dossier_reads_open
from regie.cases.selectors import case_get, case_visibility
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound
from regie.deadlines.domain import add, rule_in_force
from regie.deadlines.registry import AgendaItem
from regie.deadlines.selectors import rules_in_force

from .choices import CHECKED_CIRCUMSTANCES, CIRCUMSTANCE_LABELS, FIRST_INTERVIEWS_TO_CHECK, InterviewStatus
from .domain import PlanText, checks_required, is_plan_current, plan_changes, unchecked
from .models import CircumstanceCheck, DeparturePlanVersion, Interview


def _visible_cases(user: User) -> Q:
    return Q(case_id__in=Case.objects.filter(case_visibility(user)).values("pk"))


def interviews_case_read(*, actor: Actor, case_id: uuid.UUID | str, special_categories: bool = False) -> Case:
    """Load a visible case for an interview or plan page and log the read of the person's data."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    access_record(
        actor=actor,
        person_ids=[case.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={case.person_id: case.pk},
        special_categories=special_categories,
    )
    return case


def interview_list(*, user: User, case_id: uuid.UUID | str) -> QuerySet[Interview]:
    """The case's interviews `user` may see, in planned order, with their checks and who held them."""
    return _with_checks(Interview.objects.filter(_visible_cases(user), case_id=case_id))


def _with_checks(interviews: QuerySet[Interview]) -> QuerySet[Interview]:
    return interviews.select_related("conducted_by").prefetch_related("checks").order_by("planned_at", "created_at")


def interview_get(*, user: User, case_id: uuid.UUID | str, interview_id: uuid.UUID | str) -> Interview:
    """One interview of a visible case; NotFound for anything else (never telling which)."""
    try:
        return Interview.objects.select_related("case", "case__person").get(
            _visible_cases(user), case_id=uuid.UUID(str(case_id)), pk=uuid.UUID(str(interview_id))
        )
    except (ValueError, Interview.DoesNotExist):
        raise NotFound("Vertrekgesprek niet gevonden.") from None


@dataclass(frozen=True)
class CheckView:
    circumstance: str
    label: str
    result: str  # a CheckResult value, or "" when no row was recorded
    result_label: str
    note: str


@dataclass(frozen=True)
class InterviewView:
    """One interview as `user` may see it: `checks` is None when special categories are hidden."""

    interview: Interview
    rank: int  # place among the held interviews (1-based); 0 when not held
    checks_required: bool
    unchecked: tuple[str, ...]  # circumstances not checked, only for the first three held
    checks: list[CheckView] | None

    @property
    def unchecked_labels(self) -> list[str]:
        return [str(CIRCUMSTANCE_LABELS[c]) for c in self.unchecked]


def _check_views(rows: list[CircumstanceCheck]) -> list[CheckView]:
    by_circumstance = {row.circumstance: row for row in rows}
    views = []
    for circumstance in CHECKED_CIRCUMSTANCES:
        row = by_circumstance.get(circumstance)
        views.append(
            CheckView(
                circumstance=circumstance,
                label=str(CIRCUMSTANCE_LABELS[circumstance]),
                result=row.result if row else "",
                result_label=str(row.get_result_display()) if row else "",
                note=row.note if row else "",
            )
        )
    return views


def interview_views(*, user: User, case: Case) -> list[InterviewView]:
    """The interviews of a visible `case` with their rank and the checks as `user` may see them."""
    special = permissions.can_see_special_categories(user, case)
    if dossier_reads_open(case):
        # The dossier page loaded `case` through `dossier_read` (visible to `user`): no second visibility
        # subquery, which SQLite answers by listing every case of the user's teams first.
        interviews = list(_with_checks(Interview.objects.filter(case_id=case.pk)))
    else:
        interviews = list(interview_list(user=user, case_id=case.pk))
    held = sorted(
        (i for i in interviews if i.status == InterviewStatus.HELD and i.held_at is not None),
        key=lambda i: (i.held_at, i.created_at),
    )
    rank_of = {i.pk: n for n, i in enumerate(held, start=1)}
    views = []
    for interview in interviews:
        rows = list(interview.checks.all())
        rank = rank_of.get(interview.pk, 0)
        required = checks_required(rank)
        missing = unchecked({r.circumstance: r.result for r in rows}) if required else ()
        views.append(
            InterviewView(
                interview=interview,
                rank=rank,
                checks_required=required,
                unchecked=missing,
                checks=_check_views(rows) if special else None,
            )
        )
    return views


def interview_view(*, user: User, case: Case, interview_id: uuid.UUID) -> InterviewView:
    """One interview of a visible `case` as `user` may see it (its rank needs the others)."""
    for view in interview_views(user=user, case=case):
        if view.interview.pk == interview_id:
            return view
    raise NotFound("Vertrekgesprek niet gevonden.")


@dataclass(frozen=True)
class PlanHistoryEntry:
    """One version of the departure plan: what it says, who wrote it, when, and what it changed."""

    version: DeparturePlanVersion
    changed: tuple[str, ...]

    @property
    def author_name(self) -> str:
        author = self.version.author
        return author.display_name if author is not None else "systeem"


def plan_history(*, user: User, case_id: uuid.UUID | str) -> list[PlanHistoryEntry]:
    """Every version of a visible case's departure plan, newest first, with who, when and what changed."""
    versions = list(
        DeparturePlanVersion.objects.filter(_visible_cases(user), case_id=case_id)
        .select_related("author")
        .order_by("number")
    )
    entries, previous = [], None
    for version in versions:
        current = PlanText(version.strategy, version.next_steps)
        entries.append(PlanHistoryEntry(version=version, changed=plan_changes(previous, current)))
        previous = current
    return entries[::-1]


def plan_max_age_days(on: dt.date | None = None) -> int:
    """How old a departure plan may be on `on` and still count as up to date: the rule
    `departure_plan_max_age` in force that day (rule table, editable with a validity period)."""
    on = on or clock.today()
    rule = rule_in_force(rules_in_force(), "departure_plan_max_age", on)
    return (add(on, rule.amount, rule.unit) - on).days


def departure_plan_current(case: Case, *, on: dt.date | None = None) -> bool:
    """Whether `case` has an up-to-date departure plan on `on` (default today), as a VBL placement needs.

    Not a read for a person (no user): the measures services call it on a case they already loaded.
    """
    on = on or clock.today()
    latest = (
        DeparturePlanVersion.objects.filter(case_id=case.pk, created_at__date__lte=on)
        .order_by("-number")
        .values_list("created_at", flat=True)
        .first()
    )
    latest_on = timezone.localdate(latest) if latest is not None else None
    return is_plan_current(latest_on, on, plan_max_age_days(on))


def interviews_dossier_section(*, user: User, case: Case) -> dict[str, Any]:
    """What the dossier page shows of interviews and the plan, for a `case` already loaded as visible."""
    views = interview_views(user=user, case=case)
    history = plan_history(user=user, case_id=case.pk)
    latest = history[0].version if history else None
    held = [v for v in views if v.rank]
    # Up to date: as `departure_plan_current`, from the versions read for the history (newest first).
    on = clock.today()
    max_age = plan_max_age_days(on)
    latest_on = next(
        (day for day in (timezone.localdate(e.version.created_at) for e in history) if day <= on),
        None,
    )
    return {
        "case": case,
        "interviews": views,
        "planned": [v for v in views if v.interview.status == InterviewStatus.PLANNED],
        "held_count": len(held),
        "first_interviews_to_check": FIRST_INTERVIEWS_TO_CHECK,
        "missing_checks": [v for v in held if v.unchecked],
        "special_categories_visible": permissions.can_see_special_categories(user, case),
        "plan": latest,
        "plan_history": history,
        "plan_current": is_plan_current(latest_on, on, max_age),
        "plan_max_age_days": max_age,
        "can_work": permissions.can_work_on(user, case) and case.is_open,
    }


def latest_stance(case: Case) -> str | None:
    """The person's stance on return at the latest held interview, or None (for the no-fault permit)."""
    latest = Interview.objects.filter(case_id=case.pk, status=InterviewStatus.HELD).order_by("-held_at").first()
    return latest.stance if latest is not None else None


def interviews_agenda(cases: QuerySet[Case], start: dt.datetime, end: dt.datetime) -> list[AgendaItem]:
    """The agenda's planned departure interviews of `cases` in [start, end)."""
    from django.urls import reverse

    planned = Interview.objects.filter(
        case__in=cases, status=InterviewStatus.PLANNED, planned_at__gte=start, planned_at__lt=end
    ).select_related("case", "case__person")
    return [
        AgendaItem(
            at=i.planned_at,
            what=str(gettext_lazy("Vertrekgesprek")),
            where=i.place,
            case=i.case,
            url=reverse("interviews:record", kwargs={"case_id": i.case_id}),
        )
        for i in planned
    ]
