"""Every read of cases that depends on who asks. Visibility is a queryset filter, never a later check."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy, gettext_noop

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.choices import REDACTED, SPECIAL_CATEGORY_EVENTS, AccessPurpose
from regie.audit.models import AuditEvent
from regie.audit.services import access_record
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound, PermissionDenied
from regie.people.domain import fold, name_keys
from regie.people.models import DuplicateCandidate, NameKey, Nationality, Person, PersonName

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


# What the caseload shows of a case, its person, team and case manager: nothing else is loaded (not the
# medical background, never the case manager's password hash).
CASELOAD_FIELDS = (
    "id",
    "number",
    "phase",
    "person_id",
    "team_id",
    "assigned_to_id",
    "next_deadline",
    "next_deadline_code",
    "next_deadline_label",
    "departure_term_ends",
    "opened_on",
    "person__id",
    "person__family_name",
    "person__given_names",
    "person__v_number",
    "team__id",
    "team__name",
    "assigned_to__id",
    "assigned_to__username",
    "assigned_to__first_name",
    "assigned_to__last_name",
)
# Never needed with a case: the user's secrets and login bookkeeping.
_USER_SECRETS = ("assigned_to__password", "assigned_to__last_login")


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
    qs = qs.defer(*_USER_SECRETS)
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


def caseload_page_cases(*, user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    """`case_list` with only what the caseload shows (`CASELOAD_FIELDS`) and the person's nationalities."""
    from django.db.models import Prefetch

    nationalities = Nationality.objects.only("id", "person_id", "country", "status")
    return (
        case_list(user=user, filters=filters)
        .only(*CASELOAD_FIELDS)
        .prefetch_related(Prefetch("person__nationalities", queryset=nationalities))
    )


def case_get(*, user: User, case_id: uuid.UUID | str) -> Case:
    try:
        return (
            Case.objects.select_related("person", "team", "assigned_to")
            .defer(*_USER_SECRETS)
            .get(case_visibility(user), pk=uuid.UUID(str(case_id)))
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
class Change:
    field: str
    old: str
    new: str


# Fields of the trail shown by their label, and codes shown by the label of their choice.
_CHANGE_LABELS: dict[str, Any] = {
    "phase": gettext_lazy("fase"),
    "hold_reason": gettext_lazy("reden aanhouden"),
    "outcome": gettext_lazy("uitkomst"),
    "target_group": gettext_lazy("doelgroep"),
    "source": gettext_lazy("instroom"),
    "team": gettext_lazy("team"),
    "assigned_to": gettext_lazy("regievoerder"),
    "current_location": gettext_lazy("verblijfplaats"),
    "return_decision_date": gettext_lazy("datum terugkeerbesluit"),
    "departure_term_days": gettext_lazy("vertrektermijn (dagen)"),
    "family_name": gettext_lazy("achternaam"),
    "given_names": gettext_lazy("voornamen"),
    "place_of_birth": gettext_lazy("geboorteplaats"),
    "status": gettext_lazy("status"),
}


def timeline_changes(events: Sequence[AuditEvent]) -> dict[int, list[Change]]:
    """What each event changed, from -> to, for the fields a reader of the timeline may see: restricted
    values (medical) are never in the trail, and only the fields above are shown (codes as labels, the
    team and case manager by name)."""
    from regie.accounts.models import Team

    from .choices import HoldReason, Outcome, Source, TargetGroup

    choices: dict[str, dict[str, Any]] = {
        "phase": dict(Phase.choices),
        "hold_reason": dict(HoldReason.choices),
        "outcome": dict(Outcome.choices),
        "target_group": dict(TargetGroup.choices),
        "source": dict(Source.choices),
    }
    ids = {
        str(v)
        for e in events
        for side in (e.old_values, e.new_values)
        for k, v in side.items()
        if k in ("team", "assigned_to") and v
    }
    teams = {str(t.pk): t.name for t in Team.objects.filter(pk__in=[i for i in ids if "-" in i])}
    named = User.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).only(
        "id", "username", "first_name", "last_name"
    )
    users = {str(u.pk): u.display_name for u in named}

    def shown(name: str, value: Any) -> str:
        if value in (None, ""):
            return "–"
        text = str(value)
        if name in choices:
            return str(choices[name].get(text, text))
        if name == "team":
            return teams.get(text, text)
        if name == "assigned_to":
            return users.get(text, text)
        return text

    result: dict[int, list[Change]] = {}
    for event in events:
        old, new = event.old_values or {}, event.new_values or {}
        if not old:
            continue
        changes = [
            Change(str(_CHANGE_LABELS[k]), shown(k, old.get(k)), shown(k, new.get(k)))
            for k in _CHANGE_LABELS
            if k in new and old.get(k) != new.get(k) and REDACTED not in (old.get(k), new.get(k))
        ]
        if changes:
            result[event.pk] = changes
    return result


@dataclass(frozen=True)
class SearchHit:
    case: Case
    matched_name: str
    score: float
    tier: str = "exact"  # how sure: SEARCH_TIERS


# How sure a hit is, best first: the same V-number, case number or name; a spelling variant of the
# name (or a part of a V-number); a name that only looks alike. Below SEARCH_CUTOFF nothing is shown.
SEARCH_TIERS = {
    "exact": gettext_lazy("Exact"),
    "variant": gettext_lazy("Andere schrijfwijze"),
    "similar": gettext_lazy("Lijkt erop"),
}
VARIANT_SCORE = 85.0
SEARCH_CUTOFF = 60.0
SEARCH_CANDIDATES = 500  # SQLite: persons scored in Python, the ones sharing most name keys with the query
# PostgreSQL ranks the candidates in SQL (shared keys, then trigram similarity of the folded name, pg_trgm)
# and scores fewer in Python; and it adds those whose name only looks alike (no key shared, a typo).
SEARCH_CANDIDATES_RANKED = 100
SEARCH_SIMILAR = 50
# Up to this many visible cases the look-alike names are compared case by case, not through the trigram
# index; TRIGRAM_THRESHOLD is what `%` uses (pg_trgm.similarity_threshold, PostgreSQL's default).
SEARCH_SIMILAR_SCAN = 5000
TRIGRAM_THRESHOLD = 0.3
MIN_V_NUMBER_DIGITS = 4  # a part of a V-number shorter than this would match too many people


def _tier(score: float, exact: bool) -> str:
    if exact:
        return "exact"
    return "variant" if score >= VARIANT_SCORE else "similar"


def _search_candidates(query: str, keys: Iterable[str], visible: QuerySet[Case]) -> list[uuid.UUID]:
    """The persons worth scoring, best first, in SQL with a LIMIT: those who share most name keys with the
    query, then whose folded name is the query's (exact), then with a family name spelt as typed; on
    PostgreSQL then by trigram similarity, and, when no person shares a key, the persons whose name only
    looks alike (a comparison with every name: only when it is needed). The order
    is stable and puts the best match first, so the LIMIT never cuts it off."""
    from django.db import connection
    from django.db.models import Case as Choose
    from django.db.models import IntegerField, Value, When

    from regie.people.domain import name_fold

    folded_name = name_fold("", query)
    spelt = Q()
    for token in query.split():
        spelt |= Q(family_name__iexact=token)
    persons = (
        # The persons with a visible case as a semi-join on the person (a hash of a team's few thousand),
        # not a join through every case of everyone with the key: "Ayari" (4,718 keys in a million
        # persons) 104 -> 22 ms for a case manager.
        NameKey.objects.filter(key__in=list(keys), person_id__in=visible.values("person_id"))
        .values("person_id")
        .annotate(
            shared=Count("key", distinct=True),
            exact=Choose(
                When(person__name_fold=folded_name, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            spelt=Exists(PersonName.objects.filter(spelt, person_id=OuterRef("person_id"))),
        )
    )
    if connection.vendor != "postgresql":
        by_keys = persons.order_by("-shared", "-exact", "-spelt", "person_id")[:SEARCH_CANDIDATES]
        return [row["person_id"] for row in by_keys]
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity

    ranked = list(
        persons.annotate(similarity=TrigramSimilarity("person__name_fold", folded_name)).order_by(
            "-shared", "-exact", "-spelt", "-similarity", "person_id"
        )[:SEARCH_CANDIDATES_RANKED]
    )
    found = [row["person_id"] for row in ranked]
    if found:
        # Persons who share a key are ranked by similarity already (a typo in one name still shares the
        # other's key); the comparison with every name below is for a query that shares no key at all.
        return found
    # A name that only looks alike (a typo changes a key). Most users see a team's cases: their persons
    # are compared one by one (the primary key, then similarity). The `%` operator's GIN trigram index is
    # for those who see more: for a short name it yields a large part of the register to recheck (for
    # "Haque" 120,000 of a million persons, 0.4 s, where a team's 1,900 persons take 20 ms), and the
    # planner, which guesses 99 rows for any `%`, does not see it coming.
    few = list(visible.order_by().values_list("person_id", flat=True)[: SEARCH_SIMILAR_SCAN + 1])
    similar = Person.objects.annotate(similarity=TrigramSimilarity("name_fold", folded_name))
    if len(few) <= SEARCH_SIMILAR_SCAN:
        similar = similar.filter(pk__in=few, similarity__gte=TRIGRAM_THRESHOLD)
    else:
        similar = similar.filter(
            TrigramSimilar(F("name_fold"), Value(folded_name)), Exists(visible.filter(person_id=OuterRef("pk")))
        )
    alike = similar.order_by("-similarity", "pk").values_list("pk", flat=True)[:SEARCH_SIMILAR]
    seen = set(found)
    return found + [pk for pk in alike if pk not in seen]


def person_search(*, user: User, query: str, limit: int = 25, include_closed: bool = False) -> list[SearchHit]:
    """Find visible cases by V-number (or at least four of its digits), case number (either form),
    name or alias, tolerant of spelling variants. Open cases only unless `include_closed`; open cases
    first, then by how sure the match is (`tier`, `score`)."""
    from rapidfuzz import fuzz

    from .numbers import looks_like_a_number

    query = (query or "").strip()
    visible = (
        Case.objects.filter(case_visibility(user)).select_related("person", "team", "assigned_to").defer(*_USER_SECRETS)
    )
    if not include_closed:
        visible = visible.exclude(phase=Phase.CLOSED)

    def ordered(hits: list[SearchHit]) -> list[SearchHit]:
        rank = list(SEARCH_TIERS)
        hits.sort(key=lambda h: (h.case.phase == Phase.CLOSED, rank.index(h.tier), -h.score, h.case.number))
        return hits[:limit]

    if looks_like_a_number(query):
        number = query.upper()
        # The second term repeats the condition of the partial `case_legacy_number_idx`: SQLite uses a
        # partial index only when the query says so (PostgreSQL proves it from the equality).
        found = visible.filter(Q(number=number) | (Q(legacy_number=number) & ~Q(legacy_number="")))
        return ordered([SearchHit(c, c.person.full_name, 100.0) for c in found[:limit]])
    if query.isdigit():
        if len(query) < MIN_V_NUMBER_DIGITS:
            return []
        exact = len(query) == 10
        found = visible.filter(person__v_number=query) if exact else visible.filter(person__v_number__contains=query)
        found = found.order_by("person__v_number", "-opened_on")[: limit * 4]
        return ordered([SearchHit(c, c.person.full_name, 100.0 if exact else 90.0, _tier(90.0, exact)) for c in found])
    keys = name_keys(query)
    if not keys:
        return []
    person_ids = _search_candidates(query, keys, visible)
    candidates = visible.filter(person_id__in=person_ids).prefetch_related("person__names")
    folded = fold(query)
    hits = []
    for case in candidates:
        best_name, best, exact = "", 0.0, False
        for name in case.person.names.all():
            name_folded = fold(name.full_name)
            score = fuzz.token_set_ratio(folded, name_folded)
            same = sorted(folded.split()) == sorted(name_folded.split())
            if (same, score) > (exact, best):
                best_name, best, exact = name.full_name, score, same
        if best >= SEARCH_CUTOFF:
            hits.append(SearchHit(case, best_name, best, _tier(best, exact)))
    return ordered(hits)


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


def next_deadline_visible(user: User, case: Case) -> bool:
    """Whether `user` may read the case's next deadline in a list: a medical one (the end of an art. 64
    postponement) only on their own cases (`permissions.can_see_special_categories_in_lists`)."""
    return case.next_deadline_code not in MEDICAL_DEADLINE_CODES or permissions.can_see_special_categories_in_lists(
        user, case
    )


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


# -- the team page ------------------------------------------------------------------------------------------
@dataclass
class TeamRow:
    """One case manager of the team lead's teams, with their workload (numbers only)."""

    user: User
    open_cases: int = 0
    overdue: int = 0
    figures: dict[str, int] = field(default_factory=dict)


def team_overview(*, user: User, on: dt.date | None = None) -> tuple[list[TeamRow], list[Any], int]:
    """For a team lead: each case manager (and team lead) of their teams with their open cases, overdue
    worklist items and the figures the process apps register (people in detention, departures this
    week); the registered figures' columns; and the open cases nobody is assigned to. Numbers only:
    no person is shown, so no access record."""
    from regie.deadlines.models import CaseDeadline
    from regie.deadlines.selectors import actionable

    from .registry import team_figures

    if user.role != Role.TEAM_LEAD:
        raise PermissionDenied(gettext_noop("Alleen een teamleider ziet de teampagina."))
    on = on or clock.today()
    teams = permissions.team_ids(user)
    members = (
        User.objects.filter(is_active=True, role__in=[Role.CASE_MANAGER, Role.TEAM_LEAD], teams__in=teams)
        .distinct()
        .order_by("role", "last_name", "first_name", "username")
    )
    rows = {m.pk: TeamRow(user=m) for m in members}
    open_cases = Case.objects.filter(team_id__in=teams).exclude(phase=Phase.CLOSED)
    for row in open_cases.filter(assigned_to__in=list(rows)).values("assigned_to").annotate(n=Count("id")).order_by():
        rows[row["assigned_to"]].open_cases = row["n"]
    overdue = actionable(
        CaseDeadline.objects.filter(case__in=open_cases.values("pk"), kind="deadline", due__lt=on), on
    ).exclude(case__phase=Phase.ON_HOLD)
    for late in overdue.values("case__assigned_to").annotate(n=Count("id")).order_by():
        if late["case__assigned_to"] in rows:
            rows[late["case__assigned_to"]].overdue = late["n"]
    figures = team_figures()
    for figure in figures:
        for user_id, n in figure.count(open_cases, on).items():
            if user_id in rows:
                rows[user_id].figures[figure.key] = n
    unassigned = open_cases.filter(assigned_to__isnull=True).count()
    return list(rows.values()), figures, unassigned


def appointments_agenda(cases: QuerySet[Case], start: dt.datetime, end: dt.datetime) -> list[Any]:
    """The agenda's appointments kept on the dossier (the embassy, the court) of `cases` in [start, end)."""
    from django.urls import reverse

    from regie.deadlines.registry import AgendaItem

    from .models import Appointment

    planned = Appointment.objects.filter(
        case__in=cases, cancelled_at__isnull=True, at__gte=start, at__lt=end
    ).select_related("case", "case__person")
    return [
        AgendaItem(
            at=a.at,
            what=str(a.get_kind_display()),
            where=a.place,
            case=a.case,
            url=reverse("cases:dossier", kwargs={"case_id": a.case_id}) + "#h-afspraken",
        )
        for a in planned
    ]


def upcoming_appointments(case: Case) -> list[Any]:
    """The case's planned appointments from today on (for the dossier page)."""
    from .models import Appointment

    start = clock.now() - dt.timedelta(hours=12)
    return list(Appointment.objects.filter(case=case, cancelled_at__isnull=True, at__gte=start).order_by("at"))
