"""Facts for the deadline engine, the rules in force, and the worklist per user."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Case as DjangoCase
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.selectors import MEDICAL_DEADLINE_CODES, case_visibility
from regie.core import clock
from regie.core.errors import NotFound

from .choices import MarkKind
from .domain import FACT_CODES, CaseFacts, Rule
from .models import CaseDeadline, DeadlineRule, Reminder, WorklistMark
from .registry import AgendaItem, agenda_readers, registered_facts, task_for

# The rule table changes rarely (a new version of a term, through the admin) and is read by nearly every
# write and by several sections of each dossier: it is kept per process, under the table's version (how
# many rules, the latest change), which is looked up at most once every RULES_CHECK_SECONDS. A rule saved
# or deleted in this process empties the cache at once (signals, `rules_cache_clear`); another process
# sees the change within RULES_CHECK_SECONDS. A bulk `.update()` changes no `updated_at`: call
# `rules_cache_clear()` after one (tests do).
RULES_CHECK_SECONDS = 1.0
_rules_cache: dict[str, Any] = {}


def rules_cache_clear(**_: Any) -> None:
    _rules_cache.clear()


def rules_version() -> tuple[int, Any]:
    """How many rules there are and when one last changed: cheap, and different after every save."""
    found = DeadlineRule.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return found["n"], found["changed"]


def rules_in_force() -> tuple[Rule, ...]:
    """The rule table as plain values (all versions: the engine picks by start date)."""
    now = time.monotonic()
    cached = _rules_cache.get("rules")
    if cached is not None and now - _rules_cache["checked"] < RULES_CHECK_SECONDS:
        return cast("tuple[Rule, ...]", cached)
    version = rules_version()
    if cached is None or _rules_cache.get("version") != version:
        cached = tuple(
            Rule(r.code, r.label, r.basis, r.amount, r.unit, r.valid_from, r.valid_until, r.variant)
            for r in DeadlineRule.objects.all()
        )
        _rules_cache.update(rules=cached, version=version)
    _rules_cache["checked"] = now
    return cached


def case_facts(case: Case) -> CaseFacts:
    """What the rules need: the case's own facts, and those of every registered process app."""
    return CaseFacts(
        closed=case.phase == Phase.CLOSED,
        target_group=case.target_group,
        return_decision_date=case.return_decision_date,
        # A term counts as shortened only when a reason was recorded; otherwise the rule's standard term.
        departure_term_days=case.departure_term_days if case.departure_term_reason else None,
        **registered_facts(case),
    )


LATER_DAYS = 30  # the worklist looks this far ahead ("later": after this week)


# The sections of a worklist, in the order they are shown; `_section` numbers a row by its index here.
SECTIONS = ("overdue", "today", "this_week", "later", "flags")
# Rows shown per section. A team lead's worklist holds thousands of rows: each section shows its most
# urgent rows first and is paged through on its own; the counts are always of the whole section.
WORKLIST_PAGE_SIZE = 50


@dataclass
class Worklist:
    """One page of a worklist: the rows shown per section, the whole count of each section, and which
    page this is (`section` None: the first page of every section; else `page` of that section alone)."""

    overdue: list[CaseDeadline] = field(default_factory=list)
    today: list[CaseDeadline] = field(default_factory=list)
    this_week: list[CaseDeadline] = field(default_factory=list)
    later: list[CaseDeadline] = field(default_factory=list)
    flags: list[CaseDeadline] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    section: str | None = None
    page: int = 1
    page_size: int = WORKLIST_PAGE_SIZE

    def rows(self) -> list[CaseDeadline]:
        return [*self.overdue, *self.today, *self.this_week, *self.later, *self.flags]

    def pages(self, section: str) -> int:
        """How many pages `section` has (at least one)."""
        return max(1, -(-self.counts[section] // self.page_size))

    def more(self, section: str) -> int:
        """How many rows of `section` come after the ones on this page."""
        before = (self.page - 1) * self.page_size if self.section == section else 0
        return max(0, self.counts[section] - before - len(getattr(self, section)))


def actionable(rows: QuerySet[CaseDeadline], on: dt.date) -> QuerySet[CaseDeadline]:
    """`rows` without what asks nothing now: a departure term or reception end that has passed (a fact
    of the dossier, FACT_CODES), and a row marked done or snoozed past `on` (`WorklistMark`)."""
    marked = WorklistMark.objects.filter(
        case=OuterRef("case"), code=OuterRef("code"), source_id=OuterRef("source_id"), due=OuterRef("due")
    ).filter(Q(kind=MarkKind.DONE) | Q(kind=MarkKind.SNOOZED, until__gt=on))
    return rows.exclude(kind="deadline", code__in=FACT_CODES, due__lt=on).exclude(Exists(marked))


def _on_case(condition: Q) -> Q:
    """`condition` on Case as a condition on a deadline row's case (every lookup under `case__`)."""
    moved = Q(_connector=condition.connector, _negated=condition.negated)
    for child in condition.children:
        if isinstance(child, Q):
            moved.children.append(_on_case(child))
        else:
            lookup, value = cast("tuple[str, Any]", child)
            moved.children.append((f"case__{lookup}", value))
    return moved


def _due_rows(user: User, on: dt.date) -> QuerySet[CaseDeadline]:
    """The stored deadlines and signals that ask something of `user` now: of their own cases (case
    manager) or their teams' (team lead), open ones, due within `LATER_DAYS`; see `actionable`."""
    # The visible open cases joined (not `case_id IN (subquery)`): PostgreSQL then probes each case's rows
    # by the index on the case, where for the semi-join it chose to read the whole deadline table (a team
    # lead's 5,375 open cases among a million: the counts 220 -> 60 ms).
    visible = _on_case(case_visibility(user)) & ~Q(case__phase=Phase.CLOSED)
    if user.role == Role.CASE_MANAGER:
        visible &= Q(case__assigned_to=user)
    rows = CaseDeadline.objects.filter(visible).filter(
        Q(kind="flag", due__lte=on) | Q(kind="deadline", due__lte=on + dt.timedelta(days=LATER_DAYS))
    )
    if user.role != Role.CASE_MANAGER:
        # Medical deadlines only of the reader's own cases (`cases.permissions.can_see_special_categories_in_lists`;
        # a case manager's are all their own): a column of the case already joined. (Not a subquery: a
        # hashed subplan in the filter turned PostgreSQL back to reading the whole table.)
        rows = rows.exclude(Q(code__in=MEDICAL_DEADLINE_CODES) & ~Q(case__assigned_to=user))
    return actionable(rows, on)


def _section(on: dt.date) -> DjangoCase:
    """A due row's section as its index in SECTIONS (the same bounds as `worklist_counts`)."""
    return DjangoCase(
        When(kind="flag", then=Value(SECTIONS.index("flags"))),
        When(due__lt=on, then=Value(SECTIONS.index("overdue"))),
        When(due=on, then=Value(SECTIONS.index("today"))),
        When(due__lte=on + dt.timedelta(days=7), then=Value(SECTIONS.index("this_week"))),
        default=Value(SECTIONS.index("later")),
        output_field=IntegerField(),
    )


def worklist_counts(*, user: User, on: dt.date | None = None) -> dict[str, int]:
    """How many items are overdue, due today, this week, later, and signals: numbers only, no person."""
    on = on or clock.today()
    found = _due_rows(user, on).annotate(section=_section(on))
    return found.aggregate(**{key: Count("pk", filter=Q(section=index)) for index, key in enumerate(SECTIONS)})


def _with_task(row: CaseDeadline, on: dt.date) -> CaseDeadline:
    """`row` with what it asks and where (`task`, from the registry) and `days_left` (negative: late)."""
    row.task = task_for(row.code)  # type: ignore[attr-defined]
    row.days_left = (row.due - on).days  # type: ignore[attr-defined]
    return row


def worklist_for(
    *,
    user: User,
    on: dt.date | None = None,
    section: str | None = None,
    page: int = 1,
    page_size: int | None = None,
) -> Worklist:
    """What is due for this user: their own cases (case manager) or their teams' cases (team lead), most
    urgent first (due date, code, case). Without `section`: the first `page_size` (WORKLIST_PAGE_SIZE)
    rows of every section and every section's count, in one statement (a window over the due rows). With
    `section`: page `page` of that section alone, and the counts of all (two statements). Each row
    carries `task` (what to do and where, from the registry) and `days_left` (negative: late)."""
    on = on or clock.today()
    if section is not None and section not in SECTIONS:
        raise NotFound("Dit onderdeel van de werklijst bestaat niet.")
    page_size = page_size or WORKLIST_PAGE_SIZE
    ordering = ("due", "code", "case_id")
    due = _due_rows(user, on).annotate(section=_section(on))
    result = Worklist(section=section, page=page, page_size=page_size)
    if section is None:
        rows = (
            due.annotate(
                position=Window(RowNumber(), partition_by=F("section"), order_by=[F(name).asc() for name in ordering]),
                in_section=Window(Count("pk"), partition_by=F("section")),
            )
            .filter(position__lte=page_size)
            .select_related("case", "case__person", "case__assigned_to")
            .order_by(*ordering)
        )
        found: list[CaseDeadline] = list(rows)
        for row in found:
            result.counts[SECTIONS[row.section]] = row.in_section  # type: ignore[attr-defined]
    else:
        result.counts = worklist_counts(user=user, on=on)
        start = (page - 1) * page_size
        found = list(
            due.filter(section=SECTIONS.index(section))
            .select_related("case", "case__person", "case__assigned_to")
            .order_by(*ordering)[start : start + page_size]
        )
    for row in found:
        _with_task(row, on)
        getattr(result, SECTIONS[row.section]).append(row)  # type: ignore[attr-defined]
    return result


def worklist_row(
    *, user: User, case_id: uuid.UUID, code: str, source_id: str, due: dt.date, on: dt.date | None = None
) -> CaseDeadline:
    """One row of `user`'s worklist as it stands now, with `task` and `days_left`; 404 otherwise."""
    on = on or clock.today()
    row = (
        _due_rows(user, on)
        .filter(case_id=case_id, code=code, source_id=source_id, due=due)
        .select_related("case", "case__person")
        .first()
    )
    if row is None:
        raise NotFound("Dit punt staat niet (meer) op de werklijst.")
    return _with_task(row, on)


def notifications_for(*, user: User, limit: int = 100) -> list[Reminder]:
    """The reminders the worker addressed to `user`, newest first, unread ones first."""
    return list(
        Reminder.objects.filter(recipient=user, case__in=Case.objects.filter(case_visibility(user)).values("pk"))
        .select_related("case")
        .order_by(F("seen_at").asc(nulls_first=True), "-created_at")[:limit]
    )


def unread_notification_count(user: User) -> int:
    return Reminder.objects.filter(recipient=user, seen_at__isnull=True).count()


def agenda_for(*, user: User, start: dt.date, days: int) -> dict[dt.date, list[AgendaItem]]:
    """The appointments (interviews, flights, ...: what the process apps register) of `user`'s open cases
    (a case manager's own, a team lead's teams') from `start` for `days` days, per local day, in time
    order; every day present, empty or not."""
    from django.utils import timezone

    cases = Case.objects.filter(case_visibility(user)).exclude(phase=Phase.CLOSED)
    if user.role == Role.CASE_MANAGER:
        cases = cases.filter(assigned_to=user)
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=days), dt.time.min))
    items = sorted(
        (item for reader in agenda_readers() for item in reader(cases, begin, end)),
        key=lambda item: (item.at, item.case.number),
    )
    per_day: dict[dt.date, list[AgendaItem]] = {start + dt.timedelta(days=n): [] for n in range(days)}
    for item in items:
        per_day.setdefault(timezone.localtime(item.at).date(), []).append(item)
    return per_day
