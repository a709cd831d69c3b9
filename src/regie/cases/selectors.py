"""Every read of cases that depends on who asks. Visibility is a queryset filter, never a later check."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_noop

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.choices import SPECIAL_CATEGORY_EVENTS, AccessPurpose
from regie.audit.models import AuditEvent
from regie.audit.services import access_record
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound
from regie.people.domain import fold, name_keys
from regie.people.models import DuplicateCandidate, NameKey, Nationality, Person

from . import permissions
from .choices import Phase
from .models import Case, SpecialCircumstance
from .registry import case_filters


def case_visibility(user: User) -> Q:
    """The cases `user` may see, as a filter. Anything not listed here sees nothing."""
    if not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.CASE_MANAGER:
        return Q(team_id__in=permissions.team_ids(user))
    if user.role == Role.TEAM_LEAD:
        return Q(team_id__in=permissions.team_ids(user)) | Q(team__isnull=True)
    # Partners see referred cases (a later issue); analysts read aggregates in reports; privacy
    # officers read the access log; administrators manage users and reference data.
    return Q(pk__in=[])


@dataclass(frozen=True)
class CaseFilters:
    phase: str | None = None
    include_closed: bool = False
    assigned_to_me: bool = False
    unassigned: bool = False
    assigned_to_id: int | None = None
    team_id: uuid.UUID | None = None
    source: str | None = None
    target_group: str | None = None
    nationality: str | None = None
    overdue_on: dt.date | None = None
    # Filters registered by process apps (`cases.registry.register_case_filter`): (key, code) pairs.
    registered: tuple[tuple[str, str], ...] = ()
    order: str = "actie"


# The caseload's sort orders (a column and its direction, `-` for descending); ties by case number.
ORDERS: dict[str, tuple[Any, ...]] = {
    "actie": (F("next_deadline").asc(nulls_last=True), "opened_on"),
    "dossier": ("number",),
    "naam": ("person__family_name", "person__given_names"),
    "fase": ("phase", F("next_deadline").asc(nulls_last=True)),
    "vertrektermijn": (F("departure_term_ends").asc(nulls_last=True),),
}


def caseload_parameters() -> list[str]:
    """The caseload's GET parameters (codes only): its own filters, the sort order, and the filters the
    process apps registered."""
    own = ["fase", "toewijzing", "regievoerder", "team", "bron", "doelgroep", "nationaliteit", "sortering"]
    return [*own, *(cf.key for cf in case_filters())]


def _order_by(order: str) -> list[Any]:
    descending = order.startswith("-")
    fields = ORDERS.get(order.lstrip("-"), ORDERS["actie"])
    if not descending:
        return [*fields, "id"]
    flipped: list[Any] = []
    for f in fields:
        if isinstance(f, str):
            flipped.append(f"-{f}")
        else:
            flipped.append(F(f.expression.name).desc(nulls_last=True))
    return [*flipped, "id"]


def case_list(*, user: User, filters: CaseFilters | None = None, on: dt.date | None = None) -> QuerySet[Case]:
    """Visible cases, open ones by default, in `filters.order` (default: the next actionable deadline
    first, none last)."""
    f = filters or CaseFilters()
    on = on or clock.today()
    qs = Case.objects.filter(case_visibility(user)).select_related("person", "team", "assigned_to")
    if f.phase:
        qs = qs.filter(phase=f.phase)
    elif not f.include_closed:
        qs = qs.exclude(phase=Phase.CLOSED)
    if f.assigned_to_me:
        qs = qs.filter(assigned_to=user)
    if f.unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    if f.assigned_to_id:
        qs = qs.filter(assigned_to_id=f.assigned_to_id)
    if f.team_id:
        qs = qs.filter(team_id=f.team_id)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.target_group:
        qs = qs.filter(target_group=f.target_group)
    if f.nationality:
        qs = qs.filter(Exists(Nationality.objects.filter(person=OuterRef("person_id"), country=f.nationality)))
    if f.overdue_on:
        qs = qs.filter(next_deadline__lt=f.overdue_on)
    registered = {cf.key: cf for cf in case_filters()}
    for key, value in f.registered:
        if key in registered and value:
            qs = qs.filter(registered[key].condition(value, on))
    return qs.order_by(*_order_by(f.order))


def case_get(*, user: User, case_id: uuid.UUID | str) -> Case:
    try:
        return Case.objects.select_related("person", "team", "assigned_to").get(
            case_visibility(user), pk=uuid.UUID(str(case_id))
        )
    except (ValueError, Case.DoesNotExist):
        raise NotFound("Dossier niet gevonden.") from None


@dataclass
class Dossier:
    """What one user may see of one case. Special categories are None when not allowed."""

    case: Case
    person: Person
    names: list[Any]
    nationalities: list[Any]
    languages: list[Any]
    family: list[Any]
    earlier_cases: list[Case]
    special_categories_visible: bool
    medical_background: str | None
    special_circumstances: list[SpecialCircumstance] | None
    notes: list[Any] = field(default_factory=list)
    # The deadlines and signals as the engine computed them (stored, recomputed with every fact and
    # daily); medical ones only for who may see special categories.
    deadlines: list[Any] = field(default_factory=list)
    # Possible duplicates of the person, to be decided by a team lead (the reason; nothing of the other).
    duplicate_candidates: list[DuplicateCandidate] = field(default_factory=list)


def dossier_read(*, actor: Actor, case_id: uuid.UUID | str, purpose: str = AccessPurpose.DOSSIER_VIEW) -> Dossier:
    """Load a dossier for `actor` and log the read of the person's data (one access record)."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    person = case.person
    special = permissions.can_see_special_categories(actor.user, case)
    dossier = Dossier(
        case=case,
        person=person,
        names=list(person.names.order_by("kind", "family_name")),
        nationalities=list(person.nationalities.order_by("-status", "country")),
        languages=list(person.languages.order_by("code")),
        family=list(person.family_links.select_related("relative")),
        earlier_cases=list(
            Case.objects.filter(case_visibility(actor.user), person=person).exclude(pk=case.pk).order_by("-opened_on")
        ),
        special_categories_visible=special,
        medical_background=case.medical_background if special else None,
        special_circumstances=list(case.special_circumstances.order_by("kind")) if special else None,
        deadlines=case_deadlines(case=case, special_categories=special),
        notes=list(case.notes.select_related("author")[:50]),
        duplicate_candidates=list(
            DuplicateCandidate.objects.filter(Q(person_id=person.pk) | Q(other_id=person.pk)).order_by("created_at")
        ),
    )
    access_record(
        actor=actor,
        person_ids=[person.pk],
        purpose=AccessPurpose(purpose),
        case_ids={person.pk: case.pk},
        special_categories=special,
    )
    return dossier


def case_timeline(*, user: User, case: Case, limit: int = 200) -> list[AuditEvent]:
    """Everything that happened to the case and its person, newest first; `case` is already visible.

    Events about special-category data are left out for users who may not see that data.
    """
    events = AuditEvent.objects.filter(Q(case_id=case.pk) | Q(person_id=case.person_id, case_id__isnull=True))
    if not permissions.can_see_special_categories(user, case):
        events = events.exclude(event_type__in=SPECIAL_CATEGORY_EVENTS)
    return list(events.select_related("actor").order_by("-id")[:limit])


@dataclass(frozen=True)
class SearchHit:
    case: Case
    matched_name: str
    score: float


def person_search(*, user: User, query: str, limit: int = 25) -> list[SearchHit]:
    """Find visible open cases by V-number, name or alias, tolerant of spelling variants."""
    from rapidfuzz import fuzz

    query = (query or "").strip()
    visible = Case.objects.filter(case_visibility(user)).select_related("person", "team", "assigned_to")
    if query.isdigit():
        return [SearchHit(c, c.person.full_name, 100.0) for c in visible.filter(person__v_number=query)[:limit]]
    keys = name_keys(query)
    if not keys:
        return []
    person_ids = NameKey.objects.filter(key__in=keys).values("person_id")
    candidates = list(visible.filter(person_id__in=person_ids).prefetch_related("person__names")[:500])
    folded = fold(query)
    hits = []
    for case in candidates:
        best_name, best = "", 0.0
        for name in case.person.names.all():
            score = fuzz.token_set_ratio(folded, fold(name.full_name))
            if score > best:
                best_name, best = name.full_name, score
        hits.append(SearchHit(case, best_name, best))
    hits.sort(key=lambda h: (-h.score, h.case.phase == Phase.CLOSED, h.case.number))
    return hits[:limit]


def record_cases_shown(*, actor: Actor, cases: Iterable[Case], purpose: str, special_categories: bool = False) -> int:
    """One access record per person a page, list or response shows (Logboek Dataverwerkingen): lists and
    search results too, not only the dossier. Returns how many were written."""
    case_by_person = {case.person_id: case.pk for case in cases}
    if not case_by_person:
        return 0
    return access_record(
        actor=actor,
        person_ids=list(case_by_person),
        purpose=AccessPurpose(purpose),
        case_ids=case_by_person,
        special_categories=special_categories,
    )


# Deadlines whose date tells of health data (the end of a medical postponement, art. 64 Vw).
MEDICAL_DEADLINE_CODES = frozenset({"medical_postponement_end"})


def case_deadlines(*, case: Case, special_categories: bool) -> list[Any]:
    """The case's stored deadlines and signals (the engine's output), nearest first; the medical ones
    only when the reader may see special categories."""
    rows = list(case.deadlines.order_by("due", "code"))  # type: ignore[attr-defined]
    return rows if special_categories else [r for r in rows if r.code not in MEDICAL_DEADLINE_CODES]


def duplicate_candidate_get(*, case: Case, candidate_id: uuid.UUID | str) -> DuplicateCandidate:
    """A possible duplicate of the person of `case` (already visible to the caller); 404 otherwise."""
    candidate = (
        DuplicateCandidate.objects.filter(pk=candidate_id)
        .filter(Q(person_id=case.person_id) | Q(other_id=case.person_id))
        .first()
    )
    if candidate is None:
        raise NotFound(gettext_noop("Mogelijke dubbele persoon niet gevonden."))
    return candidate
