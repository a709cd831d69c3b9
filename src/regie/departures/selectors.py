"""Every read of departures. Visibility is the case's: a queryset filter on the cases the user may see.

The medical facts of the handover are special-category data: they are read only for the assigned
case manager and the team lead (`cases.permissions.can_see_special_categories`), else they are None.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

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
from regie.deadlines.registry import AgendaItem
from regie.deadlines.selectors import rules_in_force
from regie.removability.selectors import removal_suspended

from . import domain
from .choices import CHECKLIST_ITEMS, CHECKLIST_LABELS, MEDICAL_CHECKS, DepartureKind, DepartureStatus
from .models import Departure


def departure_visibility(user: User) -> Q:
    """The departures `user` may see, as a filter: those of visible cases."""
    return Q(case__in=Case.objects.filter(case_visibility(user)).values("pk"))


def departure_list(*, user: User, case: Case) -> QuerySet[Departure]:
    """The departures of a case, newest first (planned, then earlier confirmed or cancelled ones)."""
    return Departure.objects.filter(departure_visibility(user), case_id=case.pk).order_by("-created_at")


def departure_get(*, user: User, case: Case, departure_id: uuid.UUID | str) -> Departure:
    try:
        departure = Departure.objects.select_related("case", "case__person").get(
            departure_visibility(user), case_id=case.pk, pk=uuid.UUID(str(departure_id))
        )
    except (ValueError, Departure.DoesNotExist):
        raise NotFound("Vertrek niet gevonden.") from None
    return departure


def departure_planned(*, user: User, case: Case) -> Departure | None:
    return departure_list(user=user, case=case).filter(status=DepartureStatus.PLANNED).first()


@dataclass(frozen=True)
class ChecklistRow:
    item: str
    label: str
    checked_at: dt.datetime | None
    # A medical check for a reader who may not see medical facts: neither its date nor whether it is done.
    restricted: bool = False


@dataclass
class DepartureView:
    """One departure as `user` may see it, with what the rules say about it."""

    departure: Departure
    checklist: list[ChecklistRow]
    # The unticked items the reader may know of (the medical checks only for who may see medical facts).
    missing_checks: tuple[str, ...]
    checklist_required: bool
    checklist_due: dt.datetime | None
    handover_required: bool
    handover_missing: tuple[str, ...]
    medical_visible: bool
    handover_medical: str | None
    dublin_deadline: dt.date | None
    outcome: str | None = None
    # Why a planned removal (forced, Dublin) cannot go ahead on its day as things stand: a suspensive
    # procedure or a medical postponement recorded after planning puts it on hold (no medical ground).
    on_hold: tuple[str, ...] = ()

    @property
    def checklist_complete(self) -> bool:
        return not self.missing_checks

    @property
    def handover_complete(self) -> bool:
        return self.departure.handover_completed_on is not None


def departure_view(*, user: User, departure: Departure, rules: Any = None) -> DepartureView:
    """`departure` must come from a selector above (so it is visible to `user`)."""
    rules = rules if rules is not None else rules_in_force()
    ticked = {item: getattr(departure, f"check_{item}_on") for item in CHECKLIST_ITEMS}
    medical_visible = permissions.can_see_special_categories(user, departure.case)
    due = None
    if departure.departs_at is not None and departure.kind == DepartureKind.FORCED:
        try:
            due = domain.checklist_due(departure.departs_at, rules)
        except LookupError:
            due = None
    dublin_deadline = None
    if departure.kind == DepartureKind.DUBLIN and departure.dublin_accepted_on:
        try:
            dublin_deadline = domain.dublin_transfer_deadline(
                accepted_on=departure.dublin_accepted_on,
                imprisoned=departure.dublin_imprisoned,
                absconded=departure.dublin_absconded,
                rules=rules,
            )
        except LookupError:
            dublin_deadline = None
    handover = {name: getattr(departure, name) for name in domain.HANDOVER_FIELDS}
    return DepartureView(
        departure=departure,
        checklist=[_checklist_row(item, ticked[item], medical_visible) for item in CHECKLIST_ITEMS],
        missing_checks=tuple(
            item for item in domain.missing_checks(ticked) if medical_visible or item not in MEDICAL_CHECKS
        ),
        checklist_required=domain.requires_checklist(departure.kind),
        checklist_due=due,
        handover_required=domain.requires_handover(departure.kind, departure.escort),
        handover_missing=domain.handover_missing(handover),
        medical_visible=medical_visible,
        handover_medical=departure.handover_medical if medical_visible else None,
        dublin_deadline=dublin_deadline,
        outcome=domain.OUTCOME_FOR_KIND[departure.kind] if departure.status == DepartureStatus.CONFIRMED else None,
        on_hold=_on_hold(departure, medical_visible=medical_visible),
    )


def _checklist_row(item: str, checked_at: dt.datetime | None, medical_visible: bool) -> ChecklistRow:
    if item in MEDICAL_CHECKS and not medical_visible:
        return ChecklistRow(item, str(CHECKLIST_LABELS[item]), None, restricted=True)
    return ChecklistRow(item, str(CHECKLIST_LABELS[item]), checked_at)


def _on_hold(departure: Departure, *, medical_visible: bool) -> tuple[str, ...]:
    if departure.status != DepartureStatus.PLANNED or departure.kind == DepartureKind.INDEPENDENT:
        return ()
    day = timezone.localdate(departure.departs_at) if departure.departs_at else clock.today()
    return tuple(removal_suspended(departure.case, day, medical_visible=medical_visible))


def departure_views(*, user: User, case: Case) -> list[DepartureView]:
    rules = rules_in_force()
    if dossier_reads_open(case):
        # The dossier page loaded `case` through `dossier_read` (visible to `user`): no second visibility
        # subquery, which SQLite answers by listing every case of the user's teams first.
        departures = list(Departure.objects.filter(case_id=case.pk).order_by("-created_at"))
    else:
        departures = list(departure_list(user=user, case=case))
    for departure in departures:
        # The case the caller loaded, not a copy joined in: on the dossier page it carries what the page
        # has read already (`cases.registry.read_once`: the removability facts for `on_hold`).
        departure.case = case
    return [departure_view(user=user, departure=d, rules=rules) for d in departures]


def departures_dossier_section(*, user: User, case: Case) -> dict[str, Any]:
    """Context for `departures/_dossier_section.html` on the dossier page (`case` is already visible).

    The dossier page logs the read of the person (with the special-category flag) itself.
    """
    views = departure_views(user=user, case=case)
    planned = next((v for v in views if v.departure.status == DepartureStatus.PLANNED), None)
    can_work = permissions.can_work_on(user, case) and case.is_open
    return {
        "departures_case": case,
        "departure_planned": planned,
        "departures_earlier": [v for v in views if v is not planned],
        "departures_can_work": can_work,
        "departures_can_plan": can_work and planned is None,
    }


@dataclass
class DeparturePage:
    """What one user may see on a case's departure page."""

    case: Case
    planned: DepartureView | None
    earlier: list[DepartureView]
    can_work: bool
    medical_visible: bool


def departures_page_read(*, actor: Actor, case_id: uuid.UUID | str) -> DeparturePage:
    """Load the departure page of a case for `actor` and log the read of the person's data (one access
    record, flagged when the medical facts of the handover were shown)."""
    assert actor.user is not None
    user = actor.user
    case = case_get(user=user, case_id=case_id)
    views = departure_views(user=user, case=case)
    planned = next((v for v in views if v.departure.status == DepartureStatus.PLANNED), None)
    medical_visible = permissions.can_see_special_categories(user, case)
    access_record(
        actor=actor,
        person_ids=[case.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={case.person_id: case.pk},
        special_categories=medical_visible,
    )
    return DeparturePage(
        case=case,
        planned=planned,
        earlier=[v for v in views if v is not planned],
        can_work=permissions.can_work_on(user, case) and case.is_open,
        medical_visible=medical_visible,
    )


def departures_this_week(cases: QuerySet[Case], on: dt.date) -> dict[Any, int]:
    """The team page's figure: per case manager, their cases with a planned departure in the seven days
    from `on` (local dates)."""
    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    end = start + dt.timedelta(days=7)
    planned = Departure.objects.filter(
        case__in=cases.values("pk"), status=DepartureStatus.PLANNED, departs_at__gte=start, departs_at__lt=end
    )
    rows = planned.values("case__assigned_to").annotate(n=Count("case", distinct=True)).order_by()
    return {row["case__assigned_to"]: row["n"] for row in rows}


def departures_agenda(cases: QuerySet[Case], start: dt.datetime, end: dt.datetime) -> list[AgendaItem]:
    """The agenda's planned flights of `cases` in [start, end)."""
    from django.urls import reverse

    planned = Departure.objects.filter(
        case__in=cases, status=DepartureStatus.PLANNED, departs_at__gte=start, departs_at__lt=end
    ).select_related("case", "case__person")
    return [
        AgendaItem(
            at=d.departs_at,
            what=f"{d.get_kind_display()} {d.flight_number}".strip(),
            where=" → ".join(x for x in (d.from_airport, d.to_airport) if x),
            case=d.case,
            url=reverse("departures:page", kwargs={"case_id": d.case_id}),
        )
        for d in planned
    ]
