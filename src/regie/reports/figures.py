"""The statistics: each figure a table computed in the database, for analysts and team leads, without names.

Every figure function takes the user (whose scope filters the rows: analysts see all teams, team leads
their own teams, everyone else is refused) and a `Period`, and returns a `Table` of aggregate rows. The
counting is done by the database (`values().annotate()` with GROUP BY, `TruncMonth`/`TruncQuarter`,
conditional `Count`, `Exists`); medians and 90th percentiles are nearest-rank percentiles computed with
window functions (`ROW_NUMBER` and `COUNT` over a partition), the same SQL on SQLite and PostgreSQL, so
both give the same answer (decision 0021). No function loads a case into Python.

Small-cell suppression happens when a table is shown (`Table.cell`), never in the figure: counts 1 to 4
are shown as "< 5", a share is suppressed when a count it derives from is, a duration when fewer than
5 cases lie behind it. Where a row's counts add up to a total shown beside them (`Table.sums`), a lone
suppressed cell would follow from the others, so the smallest other part is suppressed too (secondary
suppression, within the row).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case as When_,
)
from django.db.models import (
    CharField,
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth, TruncQuarter
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.cases import permissions
from regie.cases.choices import Outcome, OutcomeCategory, Phase, Source, TargetGroup
from regie.cases.domain import OUTCOME_CATEGORY
from regie.cases.models import Case
from regie.core import clock
from regie.core.errors import PermissionDenied
from regie.core.replica import on_replica
from regie.measures.choices import DetentionEndReason
from regie.measures.models import Detention
from regie.people.choices import NationalityStatus
from regie.people.models import Nationality
from regie.removability.selectors import removable_filter
from regie.support.choices import Programme, SupportStatus
from regie.support.models import SupportGrant
from regie.travel_documents.choices import LpOutcome
from regie.travel_documents.models import LpRequest

SMALL = 5  # counts below this (and above 0) are suppressed
SUPPRESSED = "< 5"
STATISTICS_ROLES = (Role.ANALYST, Role.TEAM_LEAD)


class Grouping:
    MONTH = "month"
    QUARTER = "quarter"
    CHOICES = ((MONTH, _("Maand")), (QUARTER, _("Kwartaal")))


class Breakdown:
    NONE = "none"
    SOURCE = "source"
    TARGET_GROUP = "target_group"
    NATIONALITY = "nationality"
    TEAM = "team"
    CHOICES = (
        (NONE, _("Geen")),
        (SOURCE, _("Instroom")),
        (TARGET_GROUP, _("Doelgroep")),
        (NATIONALITY, _("Nationaliteit")),
        (TEAM, _("Team")),
    )


@dataclass(frozen=True)
class Period:
    """The months from `start` to `end` (both the first of a month, inclusive), grouped by month or quarter,
    optionally broken down."""

    start: dt.date
    end: dt.date
    grouping: str = Grouping.MONTH
    breakdown: str = Breakdown.NONE

    @classmethod
    def last_year(cls, today: dt.date | None = None, **kw: Any) -> Period:
        today = today or clock.today()
        end = today.replace(day=1)
        start = _add_months(end, -11)
        return cls(start=start, end=end, **kw)

    @property
    def until(self) -> dt.date:
        """The first day after the period."""
        return _add_months(self.end, 1)

    def label(self, day: dt.date | dt.datetime | None) -> str:
        if day is None:
            return ""
        if self.grouping == Grouping.QUARTER:
            return f"{day.year}-K{(day.month - 1) // 3 + 1}"
        return f"{day.year}-{day.month:02d}"

    def trunc(self, field_name: str) -> Expression:
        return TruncQuarter(field_name) if self.grouping == Grouping.QUARTER else TruncMonth(field_name)

    def last_days(self) -> dict[str, dt.date]:
        """Per period label its last day, or today for the period that is running."""
        today = clock.today()
        days: dict[str, dt.date] = {}
        month = self.start
        while month <= self.end:
            days[self.label(month)] = min(_add_months(month, 1) - dt.timedelta(days=1), today)
            month = _add_months(month, 1)
        return days

    def periods(self) -> list[str]:
        """Every period label from start to end, so a period without events still shows (as 0)."""
        labels: list[str] = []
        month = self.start
        while month <= self.end:
            label = self.label(month)
            if label not in labels:
                labels.append(label)
            month = _add_months(month, 1)
        return labels


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Column:
    """A column of a figure. `kind`: text, count, days (a duration: suppressed when `basis`, the count of
    cases behind it, is under 5) or share (a percentage of `basis` = (numerator, denominator))."""

    key: str
    label: str | Promise
    kind: str = "count"
    basis: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    value: int | float | str | None
    display: str
    suppressed: bool


@dataclass(frozen=True)
class Chart:
    """How the table is drawn: `kind` bar, stacked or line; the x axis from the text columns, one series
    per column in `series`."""

    kind: str
    series: tuple[str, ...]
    y_title: str | Promise = ""


@dataclass
class Table:
    code: str
    title: str | Promise
    description: str | Promise  # the chart's text alternative: what it shows
    columns: list[Column]
    rows: list[dict[str, Any]]
    chart: Chart
    notes: list[str | Promise] = field(default_factory=list)
    # Counts of a row that add up: (the total's key, the keys of its parts). A single suppressed cell of
    # such a group could be recomputed from the others, so a second one is suppressed with it.
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def text_columns(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "text"]

    def hidden(self, row: dict[str, Any]) -> frozenset[str]:
        """The count keys of `row` not to show: the small ones, and per sum the smallest part besides a lone
        suppressed one (secondary suppression: a total minus the shown parts would give it away)."""
        counts = {c.key for c in self.columns if c.kind == "count"}
        hidden = {k for k in counts if _count_suppressed(row.get(k))}
        for total, parts in self.sums:
            group = [k for k in (total, *parts) if k in counts]
            if sum(1 for k in group if k in hidden) != 1:
                continue
            # One hidden cell in a group that adds up: hide the smallest shown non-zero part as well.
            candidates = sorted((row.get(k) or 0, k) for k in parts if k in counts and k not in hidden and row.get(k))
            if candidates:
                hidden.add(candidates[0][1])
        return frozenset(hidden)

    def cell(self, row: dict[str, Any], column: Column) -> Cell:
        return cell(row, column, self.hidden(row))

    def cells(self, row: dict[str, Any]) -> list[Cell]:
        hidden = self.hidden(row)
        return [cell(row, c, hidden) for c in self.columns]

    def shown(self) -> list[list[Cell]]:
        """The rows as they may be shown: suppressed where needed."""
        return [self.cells(row) for row in self.rows]


def _count_suppressed(value: int | None) -> bool:
    return value is not None and 0 < value < SMALL


def cell(row: dict[str, Any], column: Column, hidden: frozenset[str] | None = None) -> Cell:
    """One value as it may be shown (page, chart, CSV, XLSX, API): the suppression rules in one place.
    `hidden`: the row's counts suppressed in the table (`Table.hidden`); by default the small ones."""
    value = row.get(column.key)
    if hidden is None:
        hidden = frozenset(k for k, v in row.items() if isinstance(v, int) and _count_suppressed(v))
    if column.kind == "text":
        return Cell(value, str(value or ""), False)
    if column.kind == "count":
        if column.key in hidden or _count_suppressed(value):
            return Cell(None, SUPPRESSED, True)
        return Cell(value or 0, str(value or 0), False)
    if column.kind == "days":
        n = row.get(column.basis[0], 0) if column.basis else SMALL
        if (n and n < SMALL) or (column.basis and column.basis[0] in hidden):
            return Cell(None, SUPPRESSED, True)
        if value is None:
            return Cell(None, "–", False)
        return Cell(value, str(value), False)
    # share: suppressed when a count it derives from is
    numerator, denominator = (row.get(k) for k in column.basis)
    if _count_suppressed(numerator) or _count_suppressed(denominator) or any(k in hidden for k in column.basis):
        return Cell(None, SUPPRESSED, True)
    if not denominator:
        return Cell(None, "–", False)
    share = round(100 * (numerator or 0) / denominator, 1)
    return Cell(share, f"{share:.1f} %".replace(".", ","), False)


# --- scope ------------------------------------------------------------------------------------------------
def require_statistics(user: User) -> None:
    if not user.is_active or user.role not in STATISTICS_ROLES:
        raise PermissionDenied("Alleen analisten en teamleiders kunnen de cijfers inzien.")


def scoped_cases(user: User) -> QuerySet[Case]:
    """The cases whose figures `user` may see: all for analysts, their teams' for team leads."""
    require_statistics(user)
    cases = Case.objects.all()
    if user.role == Role.TEAM_LEAD:
        cases = cases.filter(team_id__in=permissions.team_ids(user))
    return cases


def _scoped(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    """Rows of a case's child (LP request, detention) within the user's scope."""
    require_statistics(user)
    if user.role == Role.TEAM_LEAD:
        qs = qs.filter(case__team_id__in=permissions.team_ids(user))
    return qs


# --- breakdowns -----------------------------------------------------------------------------------------
def _nationality() -> Subquery:
    """The person's nationality for statistics: the established one if any, else the first claimed."""
    first = (
        Nationality.objects.filter(person_id=OuterRef("person_id"))
        .annotate(rank=When_(When(status=NationalityStatus.ESTABLISHED, then=Value(0)), default=Value(1)))
        .order_by("rank", "country")
        .values("country")[:1]
    )
    return Subquery(first, output_field=CharField())


def _breakdown_expression(breakdown: str) -> Any:
    return {
        Breakdown.SOURCE: F("source"),
        Breakdown.TARGET_GROUP: F("target_group"),
        Breakdown.NATIONALITY: _nationality(),
        Breakdown.TEAM: F("team__name"),
    }.get(breakdown)


def _breakdown_label(breakdown: str) -> Callable[[Any], str]:
    labels: dict[str, Any] = {}
    if breakdown == Breakdown.SOURCE:
        labels = dict(Source.choices)
    elif breakdown == Breakdown.TARGET_GROUP:
        labels = dict(TargetGroup.choices)

    def label(value: Any) -> str:
        if value in (None, ""):
            return str(_("Onbekend")) if breakdown == Breakdown.NATIONALITY else str(_("Geen team"))
        return str(labels.get(value, value))

    return label


def _breakdown_column(period: Period) -> list[Column]:
    if period.breakdown == Breakdown.NONE:
        return []
    return [Column("group", dict(Breakdown.CHOICES)[period.breakdown], "text")]


def _outcome_category() -> When_:
    by_category: dict[str, list[str]] = {}
    for outcome, category in OUTCOME_CATEGORY.items():
        by_category.setdefault(str(category), []).append(str(outcome))
    return When_(
        *(When(outcome__in=outcomes, then=Value(category)) for category, outcomes in by_category.items()),
        default=Value(OutcomeCategory.OTHER.value),
        output_field=CharField(),
    )


DEMONSTRABLE = [o for o, c in OUTCOME_CATEGORY.items() if c == OutcomeCategory.DEMONSTRABLE]


# --- percentiles ----------------------------------------------------------------------------------------
def percentiles(
    qs: QuerySet[Any], *, partition: Any, value: Any, fractions: Iterable[float] = (0.5, 0.9)
) -> dict[Any, dict[Any, Any]]:
    """Nearest-rank percentiles of `value` per `partition`, computed with window functions.

    Each row is numbered within its partition in order of `value` (`ROW_NUMBER`), next to the
    partition's size (`COUNT(*) OVER`); the database returns only the rows whose number is the rank of a
    wanted fraction, ceil(p * n). The p-th percentile is that row's value: for a median of an even count
    the lower of the two middle values. One query, the same on SQLite and PostgreSQL.
    """
    fractions = tuple(fractions)
    ranked = (
        qs.annotate(
            part=partition,
            v=value,
        )
        .filter(v__isnull=False)
        .annotate(
            rn=Window(RowNumber(), partition_by=[F("part")], order_by=[F("v").asc(), F("pk").asc()]),
            n=Window(Count("pk"), partition_by=[F("part")]),
        )
    )
    # rn = ceil(p * n) <=> rn >= p * n > rn - 1, in integers with p = k / 100.
    wanted = Q()
    for p in fractions:
        k = round(p * 100)
        wanted |= Q(rn100__gte=F("n") * k, rn100m__lt=F("n") * k)
    rows = (
        ranked.annotate(rn100=F("rn") * 100, rn100m=(F("rn") - 1) * 100)
        .filter(wanted)
        .values_list("part", "v", "rn", "n")
    )
    result: dict[Any, dict[Any, Any]] = {}
    for part, v, rn, n in rows:
        for p in fractions:
            if rn == max(1, math.ceil(p * n - 1e-9)):
                result.setdefault(part, {})[p] = v
        result.setdefault(part, {})["n"] = n
    return result


def _days(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return value.days
    return int(value)


def _in_period(qs: QuerySet[Any], field_name: str, period: Period) -> QuerySet[Any]:
    return qs.filter(**{f"{field_name}__gte": period.start, f"{field_name}__lt": period.until})


# --- the figures ----------------------------------------------------------------------------------------
def outcomes(*, user: User, period: Period) -> Table:
    """Closed cases per period (of closing) in the official outcome categories, optionally broken down."""
    closed = _in_period(scoped_cases(user).filter(phase=Phase.CLOSED), "closed_on", period)
    keys: dict[str, Any] = {"p": period.trunc("closed_on"), "category": _outcome_category()}
    group = _breakdown_expression(period.breakdown)
    if group is not None:
        keys["g"] = group
    rows = closed.annotate(**keys).values(*keys).annotate(n=Count("id")).order_by()
    label = _breakdown_label(period.breakdown)
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (period.label(row["p"]), label(row.get("g")) if group is not None else "")
        entry = table.setdefault(key, {"period": key[0], "group": key[1]})
        entry[row["category"]] = entry.get(row["category"], 0) + row["n"]
    if group is None:
        for p in period.periods():
            table.setdefault((p, ""), {"period": p, "group": ""})
    categories = [c.value for c in OutcomeCategory]
    result = []
    for key in sorted(table):
        entry = table[key]
        for c in categories:
            entry.setdefault(c, 0)
        entry["total"] = sum(entry[c] for c in categories)
        result.append(entry)
    return Table(
        code="outcomes",
        title=_("Afgesloten dossiers per uitkomstcategorie"),
        description=_("Gestapelde staafgrafiek: per periode van afsluiten het aantal dossiers per uitkomstcategorie."),
        columns=[
            Column("period", _("Periode"), "text"),
            *_breakdown_column(period),
            *(Column(c.value, c.label) for c in OutcomeCategory),
            Column("total", _("Totaal")),
            Column("share", _("Aandeel aantoonbaar"), "share", (OutcomeCategory.DEMONSTRABLE.value, "total")),
        ],
        rows=result,
        chart=Chart("stacked", tuple(c.value for c in OutcomeCategory), _("Dossiers")),
        sums=(("total", tuple(c.value for c in OutcomeCategory)),),
    )


def caseload(*, user: User, period: Period) -> Table:
    """The open caseload at the end of each period: opened and closed in it, open at its end."""
    cases = scoped_cases(user)
    before = cases.filter(opened_on__lt=period.start).exclude(closed_on__lt=period.start).count()
    opened = {
        period.label(r["p"]): r["n"]
        for r in _in_period(cases, "opened_on", period)
        .annotate(p=period.trunc("opened_on"))
        .values("p")
        .annotate(n=Count("id"))
        .order_by()
    }
    closed = {
        period.label(r["p"]): r["n"]
        for r in _in_period(cases.filter(closed_on__isnull=False), "closed_on", period)
        .annotate(p=period.trunc("closed_on"))
        .values("p")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = []
    running = before
    last_days = period.last_days()
    for p in period.periods():
        # A running sum over the aggregated periods (a dozen rows), not over cases.
        running += opened.get(p, 0) - closed.get(p, 0)
        rows.append(
            {
                "period": p,
                "opened": opened.get(p, 0),
                "closed": closed.get(p, 0),
                "open": running,
                "removable": _removable_on(cases, last_days[p]),
            }
        )
    return Table(
        code="caseload",
        title=_("Open werkvoorraad door de tijd"),
        description=_(
            "Lijngrafiek: per periode het aantal open dossiers aan het eind en hoeveel daarvan verwijderbaar waren, "
            "en de instroom en uitstroom."
        ),
        columns=[
            Column("period", _("Periode"), "text"),
            Column("opened", _("Instroom")),
            Column("closed", _("Afgesloten")),
            Column("open", _("Open aan het eind")),
            Column("removable", _("Waarvan verwijderbaar")),
            Column("share", _("Aandeel verwijderbaar"), "share", ("removable", "open")),
        ],
        rows=rows,
        chart=Chart("line", ("open", "removable", "opened", "closed"), _("Dossiers")),
        notes=[
            _(
                "Verwijderbaar op de laatste dag van de periode (of vandaag): geen schorsende procedure of medisch "
                "uitstel, en een reisdocument dat toen in het dossier stond (of een afgesproken overdracht aan de grens)."
            )
        ],
    )


def _removable_on(cases: QuerySet[Case], day: dt.date) -> int:
    """Of `cases`, how many were open at the end of `day` and removable on it: one COUNT in the database."""
    open_then = cases.filter(opened_on__lte=day).exclude(closed_on__lte=day)
    return open_then.filter(removable_filter("ja", day, as_recorded_then=True)).count()


def removable(*, user: User, period: Period) -> Table:
    """The open caseload today and the share of it that is removable now, optionally broken down."""
    today = clock.today()
    open_cases = scoped_cases(user).exclude(phase=Phase.CLOSED)
    keys: dict[str, Any] = {}
    group = _breakdown_expression(period.breakdown)
    if group is not None:
        keys["g"] = group
    counted = open_cases.annotate(**keys).values(*keys) if keys else open_cases.annotate(g=Value("")).values("g")
    rows = counted.annotate(open=Count("id"), removable=Count("id", filter=removable_filter("ja", today))).order_by()
    label = _breakdown_label(period.breakdown)
    result = sorted(
        (
            {
                "group": label(r["g"]) if group is not None else str(_("Alle")),
                "open": r["open"],
                "removable": r["removable"],
            }
            for r in rows
        ),
        key=lambda r: r["group"],
    )
    if not result and group is None:
        result = [{"group": str(_("Alle")), "open": 0, "removable": 0}]
    return Table(
        code="removable",
        title=_("Open werkvoorraad en verwijderbaar aandeel (vandaag)"),
        description=_("Staafgrafiek: het aantal open dossiers en het aantal dat vandaag verwijderbaar is."),
        columns=[
            Column("group", dict(Breakdown.CHOICES)[period.breakdown] if group is not None else _("Groep"), "text"),
            Column("open", _("Open")),
            Column("removable", _("Nu verwijderbaar")),
            Column("share", _("Aandeel verwijderbaar"), "share", ("removable", "open")),
        ],
        rows=result,
        chart=Chart("bar", ("open", "removable"), _("Dossiers")),
        notes=[_("Verwijderbaar: geen schorsende procedure of medisch uitstel, en een reisdocument beschikbaar.")],
    )


def durations(*, user: User, period: Period) -> Table:
    """Days from intake to closing of the cases closed in the period: median and 90th percentile by outcome."""
    closed = _in_period(scoped_cases(user).filter(phase=Phase.CLOSED, closed_on__isnull=False), "closed_on", period)
    found = percentiles(closed, partition=F("outcome"), value=F("closed_on") - F("opened_on"))
    rows = []
    for outcome in Outcome:
        got = found.get(outcome.value, {})
        rows.append(
            {
                "outcome": str(outcome.label),
                "n": got.get("n", 0),
                "median": _days(got.get(0.5)),
                "p90": _days(got.get(0.9)),
            }
        )
    return Table(
        code="durations",
        title=_("Doorlooptijd van intake tot afsluiten per uitkomst"),
        description=_("Staafgrafiek: per uitkomst de mediane doorlooptijd en het 90e percentiel in dagen."),
        columns=[
            Column("outcome", _("Uitkomst"), "text"),
            Column("n", _("Afgesloten")),
            Column("median", _("Mediaan (dagen)"), "days", ("n",)),
            Column("p90", _("90e percentiel (dagen)"), "days", ("n",)),
        ],
        rows=rows,
        chart=Chart("bar", ("median", "p90"), _("Dagen")),
    )


LP_ISSUED = [LpOutcome.ISSUED, LpOutcome.BORDER_HANDOVER]
LP_REFUSED = [LpOutcome.NOT_RECOGNISED, LpOutcome.INSUFFICIENT_INFORMATION]


def lp_requests(*, user: User, period: Period) -> Table:
    """LP requests prepared in the period, per country: issued, refused, withdrawn, open, and the median
    number of days from sending to the answer."""
    requests = _in_period(_scoped(LpRequest.objects.all(), user), "prepared_on", period)
    counts = (
        requests.values("country")
        .annotate(
            total=Count("id"),
            issued=Count("id", filter=Q(outcome__in=LP_ISSUED)),
            refused=Count("id", filter=Q(outcome__in=LP_REFUSED)),
            withdrawn=Count("id", filter=Q(outcome=LpOutcome.WITHDRAWN)),
            open=Count("id", filter=Q(outcome="")),
        )
        .order_by("country")
    )
    answered = requests.filter(outcome__in=[*LP_ISSUED, *LP_REFUSED], sent_on__isnull=False, outcome_on__isnull=False)
    times = percentiles(answered, partition=F("country"), value=F("outcome_on") - F("sent_on"), fractions=(0.5,))
    rows = []
    for r in counts:
        got = times.get(r["country"], {})
        rows.append({**r, "answered": got.get("n", 0), "median": _days(got.get(0.5))})
    return Table(
        code="lp-requests",
        title=_("LP-aanvragen per land"),
        description=_("Gestapelde staafgrafiek: per land het aantal LP-aanvragen naar uitkomst."),
        columns=[
            Column("country", _("Land"), "text"),
            Column("total", _("Aanvragen")),
            Column("issued", _("Afgegeven")),
            Column("refused", _("Geweigerd")),
            Column("withdrawn", _("Ingetrokken")),
            Column("open", _("Open")),
            Column("answered", _("Beantwoord")),
            Column("median", _("Mediane antwoordtijd (dagen)"), "days", ("answered",)),
        ],
        rows=rows,
        chart=Chart("stacked", ("issued", "refused", "withdrawn", "open"), _("Aanvragen")),
        sums=(("total", ("issued", "refused", "withdrawn", "open")),),
    )


GRANTED = [SupportStatus.APPROVED, SupportStatus.REFERRED, SupportStatus.DELIVERED]


def support(*, user: User, period: Period) -> Table:
    """Cases closed in the period by the support they received, and the share that departed demonstrably."""
    closed = _in_period(scoped_cases(user).filter(phase=Phase.CLOSED), "closed_on", period)
    grants = SupportGrant.objects.filter(case_id=OuterRef("pk"), status__in=GRANTED)
    kind = When_(
        When(Exists(grants.filter(programme=Programme.REINTEGRATION)), then=Value("reintegration")),
        When(Exists(grants.filter(programme=Programme.BASIC)), then=Value("basic")),
        default=Value("none"),
        output_field=CharField(),
    )
    keys: dict[str, Any] = {"kind": kind}
    group = _breakdown_expression(period.breakdown)
    if group is not None:
        keys["g"] = group
    rows = (
        closed.annotate(**keys)
        .values(*keys)
        .annotate(closed=Count("id"), demonstrable=Count("id", filter=Q(outcome__in=DEMONSTRABLE)))
        .order_by()
    )
    labels = {
        "reintegration": str(_("Herintegratieondersteuning toegekend")),
        "basic": str(_("Alleen basisvertrekondersteuning")),
        "none": str(_("Geen ondersteuning")),
    }
    order = list(labels)
    label = _breakdown_label(period.breakdown)
    result = [
        {
            "support": labels[r["kind"]],
            "group": label(r.get("g")) if group is not None else "",
            "closed": r["closed"],
            "demonstrable": r["demonstrable"],
            "_order": (label(r.get("g")) if group is not None else "", order.index(r["kind"])),
        }
        for r in rows
    ]
    if group is None:
        present = {r["support"] for r in result}
        for i, k in enumerate(order):
            if labels[k] not in present:
                result.append({"support": labels[k], "group": "", "closed": 0, "demonstrable": 0, "_order": ("", i)})
    result.sort(key=lambda r: r["_order"])
    for r in result:
        del r["_order"]
    return Table(
        code="support",
        title=_("Ondersteuning en aantoonbaar vertrek"),
        description=_(
            "Staafgrafiek: per soort ondersteuning het aantal afgesloten dossiers en het aantal met aantoonbaar vertrek."
        ),
        columns=[
            Column("support", _("Ondersteuning"), "text"),
            *_breakdown_column(period),
            Column("closed", _("Afgesloten")),
            Column("demonstrable", _("Aantoonbaar vertrokken")),
            Column("share", _("Aandeel aantoonbaar"), "share", ("demonstrable", "closed")),
        ],
        rows=result,
        chart=Chart("bar", ("closed", "demonstrable"), _("Dossiers")),
    )


def detentions(*, user: User, period: Period) -> Table:
    """Detentions that ended in the period, by reason: how many, how long (median, 90th percentile), and
    the releases without departure."""
    ended = _in_period(_scoped(Detention.objects.filter(ends_on__isnull=False), user), "ends_on", period)
    counts = dict(ended.values("end_reason").annotate(n=Count("id")).order_by().values_list("end_reason", "n"))
    found = percentiles(ended, partition=F("end_reason"), value=F("ends_on") - F("starts_on"))
    everything = percentiles(ended, partition=Value(1), value=F("ends_on") - F("starts_on"))
    rows = []
    for reason in DetentionEndReason:
        got = found.get(reason.value, {})
        rows.append(
            {
                "reason": str(reason.label),
                "n": counts.get(reason.value, 0),
                "released": counts.get(reason.value, 0) if reason != DetentionEndReason.DEPARTED else 0,
                "median": _days(got.get(0.5)),
                "p90": _days(got.get(0.9)),
            }
        )
    total = everything.get(1, {})
    rows.append(
        {
            "reason": str(_("Totaal")),
            "n": sum(counts.values()),
            "released": sum(n for r, n in counts.items() if r != DetentionEndReason.DEPARTED),
            "median": _days(total.get(0.5)),
            "p90": _days(total.get(0.9)),
        }
    )
    return Table(
        code="detentions",
        title=_("Beëindigde bewaring: duur en invrijheidstelling zonder vertrek"),
        description=_("Staafgrafiek: per reden van beëindiging de mediane duur en het 90e percentiel in dagen."),
        columns=[
            Column("reason", _("Reden einde"), "text"),
            Column("n", _("Beëindigd")),
            Column("released", _("Vrijgelaten zonder vertrek")),
            Column("median", _("Mediane duur (dagen)"), "days", ("n",)),
            Column("p90", _("90e percentiel (dagen)"), "days", ("n",)),
        ],
        rows=rows,
        chart=Chart("bar", ("median", "p90"), _("Dagen")),
    )


FIGURES: dict[str, Callable[..., Table]] = {
    "outcomes": outcomes,
    "caseload": caseload,
    "removable": removable,
    "durations": durations,
    "lp-requests": lp_requests,
    "support": support,
    "detentions": detentions,
}


@on_replica
def figure(code: str, *, user: User, period: Period) -> Table:
    """One figure, read from the streaming replica when one is configured (regie.core.replica)."""
    return FIGURES[code](user=user, period=period)
