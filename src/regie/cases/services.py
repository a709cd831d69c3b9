"""Every write to a dossier. One transaction each, the acting user passed in, an audit record each."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import QueryDict
from django.utils.translation import gettext_noop

from regie.accounts.choices import Role
from regie.accounts.models import Team, User
from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.core import clock, validation
from regie.core.context import Actor
from regie.core.domain import CLOSED_CASE, REQUIRED, choose_one, max_chars, pick, stale_message
from regie.core.errors import (
    IllegalTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    validation_from_django,
)
from regie.core.services import STALE_CASE, choice, lock_version, refuse, require, required_text, save_versioned
from regie.core.transactions import atomic
from regie.deadlines.domain import Rule, departure_term_end
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import rules_in_force
from regie.deadlines.services import case_deadlines_refresh, new_case_deadlines
from regie.people import services as people_services
from regie.people.choices import NationalityStatus, Sex
from regie.people.domain import PartialDate, is_language, name_text
from regie.people.models import DuplicateCandidate, FamilyLink, Language, Nationality, Person

from . import permissions
from .choices import AppointmentKind, Phase
from .domain import transition_refusal
from .intake import NAME_FIELDS, IntakeData, name_problems, return_decision_problems, term_problems, validate_intake
from .models import Appointment, Case, CaseNote, SavedFilter, SpecialCircumstance
from .numbers import take_numbers
from .selectors import caseload_parameters
from .work import lock_open_case, may_work, record_change

EDITABLE_FIELDS = (
    "target_group",
    "return_decision_reference",
    "return_decision_date",
    "return_decision_authority",
    "departure_term_days",
    "departure_term_reason",
    "current_location",
)


@dataclass(frozen=True)
class IntakeResult:
    case: Case
    created: bool
    person_created: bool
    duplicates: tuple[DuplicateCandidate, ...] = ()


def _deadlines_refresh(case: Case, rules: Sequence[Rule] | None = None) -> None:
    """The end of the departure term, derived from the case's own facts (before saving).

    All other deadlines come from the engine (`case_deadlines_refresh`) once the row is saved.
    """
    if case.return_decision_date:
        case.departure_term_ends = departure_term_end(
            decision_date=case.return_decision_date,
            term_days=case.departure_term_days if case.departure_term_reason else None,
            rules=rules if rules is not None else rules_in_force(),
        ).due
    else:
        case.departure_term_ends = None


def _snapshot(case: Case, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(case, f) for f in fields}


def _lock(case: Case, expected_version: int | None) -> Case:
    """Lock the row and refuse when someone else saved it since the caller read it."""
    return lock_version(
        Case.objects.all(),
        case.pk,
        expected_version,
        not_found=gettext_noop("Dossier niet gevonden."),
        stale=STALE_CASE,
    )


def _save(case: Case, fields: list[str]) -> None:
    save_versioned(case, fields=fields, exclude=["person", "team", "assigned_to"])


def case_intake(*, actor: Actor, data: IntakeData) -> IntakeResult:
    """Record a delivered dossier: find or create the person, open the case.

    Guarantees: all or nothing; the same (source, source_reference) twice opens one case; the same
    V-number is the same person; equal name, birth date and nationality is flagged, never merged.
    """
    if actor.user is not None:
        require(permissions.can_deliver(actor.user), gettext_noop("U mag geen dossiers aanmelden."))
    errors = validate_intake(data, today=clock.today())
    if errors:
        raise ValidationFailed(errors)
    existing = _delivered(data)
    if existing is None:
        team = _intake_team(actor, data.team_id)
        try:
            with atomic():
                return _case_intake(actor=actor, data=data, team=team)
        except (IntegrityError, ValidationFailed):
            # A concurrent delivery of the same reference won the race, committed after the look-up above:
            # its reference (`case_source_reference_once`) or its person's V-number is taken, or its open
            # case refuses a second one. Everything of this attempt is rolled back, and the delivery is
            # answered as a repeat. (The look-up is not made again inside the transaction: the unique
            # reference answers the race on both databases, and the common intake saves a statement.)
            existing = _delivered(data)
            if existing is None:
                raise
    return repeat_answer(actor, existing)


def _delivered(data: IntakeData) -> Case | None:
    """The case a delivery of this (source, source_reference) opened, if one did (committed)."""
    return Case.objects.filter(source=data.source, source_reference=data.source_reference).first()


ALREADY_DELIVERED = gettext_noop("Dit kenmerk is al aangeleverd; het dossier is niet zichtbaar voor dit account.")


def repeat_answer(actor: Actor, existing: Case) -> IntakeResult:
    """A repeat delivery answers the case delivered the first time, to whom may know of it: the account
    that delivered it, or someone who may see the case. Anyone else learns only that the reference is
    taken (field `source_reference`), nothing of the case: a guessed reference discloses nothing."""
    answer = repeat_answers(actor, [existing])[existing.pk]
    if isinstance(answer, ValidationFailed):
        raise answer
    return answer


def repeat_answers(actor: Actor, cases: Sequence[Case]) -> dict[uuid.UUID, IntakeResult | ValidationFailed]:
    """`repeat_answer` for many repeats at once (the batch intake): two queries, not two per case."""
    from regie.audit.models import AuditEvent

    from .selectors import case_visibility

    user = actor.user
    refused: set[uuid.UUID] = set()
    if user is not None and cases:
        ids = [c.pk for c in cases]
        delivered_by: dict[uuid.UUID, int | None] = {}
        # The first CASE_OPENED record of each case (the lowest id) names the account that delivered it.
        for case_id, actor_id in (
            AuditEvent.objects.filter(case_id__in=ids, event_type=EventType.CASE_OPENED)
            .order_by("-id")
            .values_list("case_id", "actor_id")
        ):
            if case_id is not None:
                delivered_by[case_id] = actor_id
        visible = set(Case.objects.filter(case_visibility(user), pk__in=ids).values_list("pk", flat=True))
        refused = {pk for pk in ids if delivered_by.get(pk) != user.pk and pk not in visible}
    return {
        c.pk: ValidationFailed({"source_reference": [ALREADY_DELIVERED]})
        if c.pk in refused
        else IntakeResult(case=c, created=False, person_created=False)
        for c in cases
    }


def _intake_team(actor: Actor, team_id: str | None) -> Team | None:
    if team_id:
        try:
            return Team.objects.get(pk=uuid.UUID(str(team_id)))
        except (ValueError, Team.DoesNotExist):
            raise ValidationFailed({"team_id": [gettext_noop("Onbekend team.")]}) from None
    user = actor.user
    if user is not None and user.role in (Role.CASE_MANAGER, Role.TEAM_LEAD):
        teams = list(user.teams.all()[:2])
        if len(teams) == 1:
            return teams[0]
    return None


def new_case(
    data: IntakeData, *, person: Person, team: Team | None, rules: Sequence[Rule], today: dt.date | None = None
) -> Case:
    """The case an intake opens (not saved): its facts, the end of its departure term. Its number is
    taken by the caller, as late as possible (`numbers.take_numbers`: one per intake, a block per batch).
    `today`: the day it is opened (default the clock's; a batch asks the clock once).

    Raises ValidationFailed when the model's own validation refuses it (the database enforces the
    uniqueness and check constraints; `validate_intake` checked them with messages for people).
    """
    case_id = uuid.uuid4()
    case = Case(
        id=case_id,
        person_id=person.pk,
        source=data.source,
        source_reference=data.source_reference,
        target_group=data.target_group,
        return_decision_reference=data.return_decision_reference,
        return_decision_date=data.return_decision_date,
        return_decision_authority=data.return_decision_authority,
        departure_term_days=data.departure_term_days,
        departure_term_reason=data.departure_term_reason,
        current_location=data.current_location,
        medical_background=data.medical_background,
        team_id=team.pk if team is not None else None,
        opened_on=today or clock.today(),
        phase=Phase.INTAKE,
    )
    # By key, the related rows cached as `person=`, `team=` would (without the router's relation check for
    # each: a batch opens thousands of cases).
    Case.person.field.set_cached_value(case, person)
    Case.team.field.set_cached_value(case, team)
    _deadlines_refresh(case, rules)
    try:
        validation.clean(case, exclude=("person", "team", "number"))
    except ValidationError as exc:
        raise validation_from_django(exc) from None
    return case


def case_opened_values(case: Case) -> dict[str, Any]:
    """What the audit record of an opened case holds (the single and the batch intake write the same)."""
    return {
        "number": case.number,
        "source": case.source,
        "source_reference": case.source_reference,
        "target_group": case.target_group,
        "team": case.team_id,
        "return_decision_date": case.return_decision_date,
        "departure_term_days": case.departure_term_days,
        "medical_background": case.medical_background,
    }


TAKE_OWN_INTAKE = gettext_noop(
    "Alleen een regievoerder of teamleider van het team van het dossier kan het dossier zelf nemen."
)


def _case_intake(*, actor: Actor, data: IntakeData, team: Team | None) -> IntakeResult:
    author = actor.user
    if data.assign_to_author and not (
        author is not None
        and author.role in (Role.CASE_MANAGER, Role.TEAM_LEAD)
        and team is not None
        and team.pk in permissions.team_ids(author)
    ):
        raise ValidationFailed({"assign_to_author": [TAKE_OWN_INTAKE]})
    person = Person.objects.filter(v_number=data.v_number).first()
    person_created = person is None
    if person is None:
        person = people_services.person_create(
            actor=actor,
            **{
                **pick(data, *people_services.PERSON_FIELDS),
                "given_names": data.given_names.strip(),
                "family_name": data.family_name.strip(),
            },
        )
    else:
        if Case.objects.filter(person=person).exclude(phase=Phase.CLOSED).exists():
            raise ValidationFailed({"v_number": [gettext_noop("Voor deze persoon loopt al een dossier.")]})
        if (person.given_names, person.family_name) != (data.given_names.strip(), data.family_name.strip()):
            people_services.person_name_add(
                actor=actor,
                person=person,
                family_name=data.family_name.strip(),
                given_names=data.given_names.strip(),
                kind="variant",
            )
    other_names = [(name.family_name.strip(), name.given_names.strip(), name.kind) for name in data.other_names]
    if person_created:
        people_services.new_person_names(actor=actor, person=person, names=other_names)
        people_services.new_person_details(
            actor=actor,
            person=person,
            nationalities=[(nat.country, nat.status, nat.source) for nat in data.nationalities],
            languages=[(lang.code, lang.interpreter_needed) for lang in data.languages],
        )
    else:
        for family_name, given_names, kind in other_names:
            people_services.person_name_add(
                actor=actor, person=person, family_name=family_name, given_names=given_names, kind=kind
            )
        for nat in data.nationalities:
            people_services.nationality_record(
                actor=actor, person=person, country=nat.country, status=nat.status, source=nat.source
            )
        for lang in data.languages:
            people_services.language_record(
                actor=actor, person=person, code=lang.code, interpreter_needed=lang.interpreter_needed
            )
    rules = rules_in_force()
    case = new_case(data, person=person, team=team, rules=rules)
    case.number = take_numbers(case.opened_on.year)[0]
    deadlines = new_case_deadlines(case, rules)  # its next deadline set before the row is written
    case.save(force_insert=True)
    CaseDeadline.objects.bulk_create(deadlines)
    audit_record(
        actor=actor,
        event_type=EventType.CASE_OPENED,
        subject=case,
        case_id=case.pk,
        person_id=person.pk,
        new=case_opened_values(case),
    )
    if data.assign_to_author and author is not None and team is not None:
        # The author takes the case: recorded as an assignment, as the team lead's would be.
        Case.objects.filter(pk=case.pk).update(assigned_to=author)
        case.assigned_to = author
        audit_record(
            actor=actor,
            event_type=EventType.CASE_ASSIGNED,
            subject=case,
            case_id=case.pk,
            person_id=person.pk,
            old={"team": team.pk, "assigned_to": None},
            new={"team": team.pk, "assigned_to": author.pk},
        )
    for circ in data.special_circumstances:
        _circumstance_add(actor=actor, case=case, kind=circ.kind, description=circ.description, new_case=True)
    if data.note.strip():
        _note_add(actor=actor, case=case, text=data.note.strip())
    duplicates = (
        people_services.duplicates_flag(actor=actor, person=person, countries=[n.country for n in data.nationalities])
        if person_created
        else []
    )
    return IntakeResult(case=case, created=True, person_created=person_created, duplicates=tuple(duplicates))


def case_update(*, actor: Actor, case: Case, expected_version: int | None, **changes: Any) -> Case:
    """Change the facts of a case; deadlines follow. Refused if someone else saved in between."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            {name: [gettext_noop("Dit veld kan hier niet worden gewijzigd.")] for name in sorted(unknown)}
        )
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case))
    with atomic():
        case = _lock(case, expected_version)
        require(case.is_open, CLOSED_CASE)
        old = _snapshot(case, tuple(changes))
        for name, value in changes.items():
            setattr(case, name, value)
        problems = {
            **return_decision_problems(case.return_decision_date, today=clock.today()),
            **term_problems(case.departure_term_days, case.departure_term_reason),
        }
        if problems:
            raise ValidationFailed({name: [message] for name, message in problems.items()})
        _deadlines_refresh(case)
        _save(case, [*changes, "departure_term_ends"])
        record_change(
            actor=actor,
            event_type=EventType.CASE_UPDATED,
            case=case,
            subject=case,
            old=old,
            new=_snapshot(case, tuple(changes)),
        )
        return case


def case_assign(
    *, actor: Actor, case: Case, team: Team, assigned_to: User | None, expected_version: int | None
) -> Case:
    """A team lead assigns (or reassigns) a case to a team and a case manager in that team."""
    assert actor.user is not None
    require(permissions.can_assign(actor.user, case), gettext_noop("Alleen de teamleider kan dit dossier toewijzen."))
    if assigned_to is not None:
        if assigned_to.role not in (Role.CASE_MANAGER, Role.TEAM_LEAD) or not assigned_to.is_active:
            raise ValidationFailed({"assigned_to": [gettext_noop("Kies een actieve regievoerder.")]})
        if not assigned_to.teams.filter(pk=team.pk).exists():
            raise ValidationFailed({"assigned_to": [gettext_noop("Deze regievoerder zit niet in het gekozen team.")]})
    with atomic():
        case = _lock(case, expected_version)
        require(case.is_open, gettext_noop("Een afgesloten dossier kan niet meer worden toegewezen."))
        old = {"team": case.team_id, "assigned_to": case.assigned_to_id}
        case.team, case.assigned_to = team, assigned_to
        _save(case, ["team", "assigned_to"])
        record_change(
            actor=actor,
            event_type=EventType.CASE_ASSIGNED,
            case=case,
            subject=case,
            old=old,
            new={"team": team.pk, "assigned_to": getattr(assigned_to, "pk", None)},
            refresh_deadlines=False,
        )
        return case


def case_transition(
    *,
    actor: Actor,
    case: Case,
    phase: str,
    expected_version: int | None,
    hold_reason: str = "",
    hold_note: str = "",
    outcome: str = "",
) -> Case:
    """Move a case through the phase machine (cases.domain): on hold, back, onwards.

    Closing is not done here: each outcome has conditions that the service recording it checks
    (`cases.closing`), so a close through this generic step is refused naming those ways.
    """
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case))
    if phase == Phase.CLOSED:
        raise IllegalTransition(CLOSE_ELSEWHERE, field="phase")
    with atomic():
        case = _lock(case, expected_version)
        return apply_phase_change(
            actor=actor, case=case, phase=phase, hold_reason=hold_reason, hold_note=hold_note, outcome=outcome
        )


# Where a case is closed instead (the generic transition names them when asked to close).
CLOSE_ELSEWHERE = gettext_noop(
    "Een dossier sluit u af met een uitkomst, en elke uitkomst heeft haar eigen voorwaarden: bevestig het "
    "vertrek (gedwongen, zelfstandig aantoonbaar, Dublin; pagina Vertrek, of POST "
    "/api/v1/cases/{caseId}/departures/{departureId}/confirmation), of sluit af zonder vertrek (pagina "
    "Vertrek, of POST /api/v1/cases/{caseId}/closure-without-departure)."
)


def apply_phase_change(
    *, actor: Actor, case: Case, phase: str, hold_reason: str = "", hold_note: str = "", outcome: str = ""
) -> Case:
    """The phase change itself, on a case the caller locked; the conditions of an outcome are the caller's
    (see `cases.closing`). Refused when the phase machine does not allow it."""
    refusal = transition_refusal(
        current=case.phase,
        target=phase,
        phase_before_hold=case.phase_before_hold or None,
        hold_reason=hold_reason or None,
        outcome=outcome or None,
        has_case_manager=case.assigned_to_id is not None,
    )
    if refusal is not None:
        raise IllegalTransition(refusal.message, field=refusal.field)
    old = _snapshot(case, ("phase", "hold_reason", "outcome"))
    if phase == Phase.ON_HOLD:
        case.phase_before_hold, case.hold_reason, case.hold_note = case.phase, hold_reason, hold_note
    elif case.phase == Phase.ON_HOLD:
        case.phase_before_hold, case.hold_reason, case.hold_note = "", "", ""
    case.phase = phase
    if phase == Phase.CLOSED:
        case.outcome, case.closed_on = outcome, clock.today()
    _save(case, ["phase", "phase_before_hold", "hold_reason", "hold_note", "outcome", "closed_on"])
    record_change(
        actor=actor,
        event_type=EventType.CASE_CLOSED if phase == Phase.CLOSED else EventType.CASE_PHASE_CHANGED,
        case=case,
        subject=case,
        old=old,
        new=_snapshot(case, ("phase", "hold_reason", "outcome")),
    )
    return case


def _note_add(*, actor: Actor, case: Case, text: str) -> CaseNote:
    note = CaseNote(case=case, author=actor.user, text=text)
    validation.clean(note, exclude=("case", "author"))  # its fields; not a read for its new key's uniqueness
    note.save(force_insert=True)
    record_change(
        actor=actor,
        event_type=EventType.CASE_NOTE_ADDED,
        case=case,
        subject=note,
        new={"length": len(text)},
        refresh_deadlines=False,
    )
    return note


def case_note_add(*, actor: Actor, case: Case, text: str) -> CaseNote:
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case))
    if not text.strip():
        raise ValidationFailed({"text": [REQUIRED]})
    with atomic():
        # A recorded action restarts the due-speed count during detention: the note's record does
        # (`deadlines.services.deadlines_follow_actions`); a note changes no other fact.
        return _note_add(actor=actor, case=case, text=text.strip())


def _circumstance_add(
    *, actor: Actor, case: Case, kind: str, description: str, new_case: bool = False
) -> SpecialCircumstance:
    """Record the circumstance of `kind`, or its new description. `new_case`: the case was opened in this
    transaction and its intake holds each kind once (`validate_intake`), so there is none to look up."""
    if new_case:
        circ = SpecialCircumstance(case=case, kind=kind, description=description, recorded_by=actor.user)
        circ.save(force_insert=True)
        created = True
    else:
        circ, created = SpecialCircumstance.objects.get_or_create(
            case=case, kind=kind, defaults={"description": description, "recorded_by": actor.user}
        )
    old = {"description": None if created else circ.description}
    if not created:
        circ.description = description
        circ.save(update_fields=["description", "updated_at"])
    record_change(
        actor=actor,
        event_type=EventType.SPECIAL_CIRCUMSTANCE_RECORDED,
        case=case,
        subject=circ,
        old=old,
        new={"kind": kind, "description": "[beschermd]" if description else ""},
        refresh_deadlines=False,
    )
    return circ


def special_circumstance_record(*, actor: Actor, case: Case, kind: str, description: str = "") -> SpecialCircumstance:
    from .choices import SpecialCircumstanceKind

    assert actor.user is not None
    require(permissions.can_see_special_categories(actor.user, case), SPECIAL_ONLY)
    if kind not in SpecialCircumstanceKind.values:
        raise ValidationFailed({"kind": [choose_one(SpecialCircumstanceKind.values)]})
    with atomic():
        return _circumstance_add(actor=actor, case=case, kind=kind, description=description.strip())


def medical_background_update(*, actor: Actor, case: Case, text: str, expected_version: int | None) -> Case:
    assert actor.user is not None
    require(
        permissions.can_see_special_categories(actor.user, case),
        "Alleen de toegewezen regievoerder en de teamleider kunnen de medische achtergrond wijzigen.",
    )
    with atomic():
        case = _lock(case, expected_version)
        old = {"medical_background": case.medical_background}
        case.medical_background = text.strip()
        _save(case, ["medical_background"])
        record_change(
            actor=actor,
            event_type=EventType.MEDICAL_BACKGROUND_UPDATED,
            case=case,
            subject=case,
            old=old,
            new={"medical_background": case.medical_background},
            refresh_deadlines=False,
        )
        return case


# -- corrections of the person after intake --------------------------------------------------------
PERSON_CORRECTABLE = ("given_names", "family_name", "birth_year", "birth_month", "birth_day", "place_of_birth", "sex")
STALE_PERSON = stale_message(gettext_noop("deze persoonsgegevens"))
NOT_CORRECTABLE = gettext_noop("Dit gegeven wordt hier niet gecorrigeerd.")
PERSON_NOT_FOUND = gettext_noop("Persoon niet gevonden.")


def person_correct(*, actor: Actor, case: Case, expected_version: int | None, **changes: Any) -> Person:
    """Correct who the person is after intake (name, date of birth, sex, place of birth): for those who
    may work on an open case of the person, against the version of the person they saw.

    Each field is checked as at intake (a date of birth known only to the month is refused when that
    month lies ahead). A changed name keeps the earlier spelling as a variant. The deadlines follow
    (the date of birth decides who is a minor). One audit record with the old and new values.
    """
    unknown = sorted(set(changes) - set(PERSON_CORRECTABLE))
    if unknown:
        raise ValidationFailed({name: [NOT_CORRECTABLE] for name in unknown})
    values = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    values.update({k: name_text(v) for k, v in values.items() if k in NAME_FIELDS and isinstance(v, str)})
    may_work(actor, case)
    with atomic():
        case = lock_open_case(case)
        person = lock_version(
            Person.objects.all(), case.person_id, expected_version, not_found=PERSON_NOT_FOUND, stale=STALE_PERSON
        )
        merged = {**pick(person, *PERSON_CORRECTABLE), **values}
        errors: dict[str, list[str]] = {}
        if not merged["family_name"]:
            errors["family_name"] = [REQUIRED]
        for name in NAME_FIELDS:
            if len(merged[name] or "") > 200:
                errors.setdefault(name, []).append(max_chars(200))
        for name, messages in name_problems({name: values[name] for name in NAME_FIELDS if name in values}).items():
            errors.setdefault(name, []).extend(messages)
        birth = PartialDate(merged["birth_year"], merged["birth_month"], merged["birth_day"])
        for name, message in birth.problems(today=clock.today()).items():
            errors.setdefault(name, []).append(message)
        if merged["sex"] not in Sex.values:
            errors["sex"] = [choose_one(Sex.values)]
        if errors:
            raise ValidationFailed(errors)
        changed = [name for name in PERSON_CORRECTABLE if merged[name] != getattr(person, name)]
        if not changed:
            return person
        old = pick(person, *changed)
        if {"given_names", "family_name"} & set(changed):
            people_services.person_rename(
                actor=actor, person=person, given_names=merged["given_names"], family_name=merged["family_name"]
            )
        for name in changed:
            setattr(person, name, merged[name])
        save_versioned(person, fields=[*changed, "name_fold"], exclude=["household"])
        record_change(
            actor=actor,
            event_type=EventType.PERSON_UPDATED,
            case=case,
            subject=person,
            old=old,
            new=pick(person, *changed),
        )
        return person


def nationality_establish(
    *, actor: Actor, case: Case, nationality_id: Any, source: str, established_on: dt.date | None
) -> Nationality:
    """A claimed nationality of the case's person becomes established: with the source of the finding
    (a passport, the embassy's answer, a language analysis) and its date, not in the future."""
    errors: dict[str, list[str]] = {}
    source = (source or "").strip()
    if not source:
        errors["source"] = [REQUIRED]
    elif len(source) > 200:
        errors["source"] = [max_chars(200)]
    if established_on is None:
        errors["established_on"] = [REQUIRED]
    elif established_on > clock.today():
        errors["established_on"] = [gettext_noop("Deze datum ligt in de toekomst.")]
    if errors:
        raise ValidationFailed(errors)
    assert established_on is not None
    may_work(actor, case)
    with atomic():
        case = lock_open_case(case)
        nationality = Nationality.objects.filter(person_id=case.person_id, pk=nationality_id).first()
        if nationality is None:
            raise NotFound(gettext_noop("Nationaliteit niet gevonden."))
        if nationality.status == NationalityStatus.ESTABLISHED:
            raise IllegalTransition(gettext_noop("Deze nationaliteit is al vastgesteld."), field="status")
        established = people_services.nationality_establish(
            actor=actor, nationality=nationality, source=source, established_on=established_on
        )
        case_deadlines_refresh(case=case)
        return established


SPECIAL_ONLY = gettext_noop(
    "Alleen de toegewezen regievoerder en de teamleider kunnen bijzondere omstandigheden vastleggen."
)


def special_circumstance_remove(*, actor: Actor, case: Case, kind: str) -> None:
    """A special circumstance recorded by mistake (or no longer so) is removed: audited, the deadlines
    follow (an unaccompanied minor decides the detention maximum)."""
    assert actor.user is not None
    require(permissions.can_see_special_categories(actor.user, case), SPECIAL_ONLY)
    with atomic():
        case = lock_open_case(case)
        circumstance = SpecialCircumstance.objects.filter(case=case, kind=kind).first()
        if circumstance is None:
            raise NotFound(gettext_noop("Deze bijzondere omstandigheid staat niet in het dossier."))
        record_change(
            actor=actor,
            event_type=EventType.SPECIAL_CIRCUMSTANCE_REMOVED,
            case=case,
            subject=circumstance,
            old={"kind": kind, "description": "[beschermd]" if circumstance.description else ""},
            refresh_deadlines=False,
        )
        circumstance.delete()
        case_deadlines_refresh(case=case)


def language_set(*, actor: Actor, case: Case, code: str, interpreter_needed: bool) -> Language:
    """A language the person speaks (ISO 639), and whether an interpreter is needed: added, or its
    interpreter need changed. For those who may work on the open case; audited."""
    may_work(actor, case)
    code = (code or "").strip().lower()
    if not is_language(code):
        raise ValidationFailed({"code": [gettext_noop("Geef een taalcode volgens ISO 639 (bijvoorbeeld ti, ar, fa).")]})
    with atomic():
        case = lock_open_case(case)
        language, created = Language.objects.get_or_create(
            person_id=case.person_id, code=code, defaults={"interpreter_needed": interpreter_needed}
        )
        if not created and language.interpreter_needed == interpreter_needed:
            return language
        old = {} if created else {"interpreter_needed": language.interpreter_needed}
        language.interpreter_needed = interpreter_needed
        language.save(update_fields=["interpreter_needed", "updated_at"])
        record_change(
            actor=actor,
            event_type=EventType.LANGUAGE_RECORDED,
            case=case,
            subject=language,
            old=old,
            new={"code": code, "interpreter_needed": interpreter_needed},
            refresh_deadlines=False,
        )
        return language


def language_remove(*, actor: Actor, case: Case, code: str) -> None:
    """A language recorded by mistake is removed; audited."""
    may_work(actor, case)
    with atomic():
        case = lock_open_case(case)
        language = Language.objects.filter(person_id=case.person_id, code=code).first()
        if language is None:
            raise NotFound(gettext_noop("Deze taal staat niet bij de persoon."))
        record_change(
            actor=actor,
            event_type=EventType.LANGUAGE_REMOVED,
            case=case,
            subject=language,
            old={"code": code, "interpreter_needed": language.interpreter_needed},
            refresh_deadlines=False,
        )
        language.delete()


NO_VISIBLE_PERSON = gettext_noop("Geen persoon met dit V-nummer in de dossiers die u mag zien.")


def family_link_add(*, actor: Actor, case: Case, relative_v_number: str, relation: str) -> FamilyLink:
    """Link the case's person to a relative, found by V-number among the persons of cases the actor may
    see (the same answer whether or not the number exists elsewhere). Both ways; the deadlines follow
    (a detained family decides the detention maximum); audited."""
    from .selectors import case_visibility

    user = may_work(actor, case)
    relative = (
        Person.objects.filter(
            v_number=(relative_v_number or "").strip(), cases__in=Case.objects.filter(case_visibility(user))
        )
        .distinct()
        .first()
    )
    if relative is None:
        raise ValidationFailed({"relative_v_number": [NO_VISIBLE_PERSON]})
    with atomic():
        case = lock_open_case(case)
        link = people_services.family_link_record(actor=actor, person=case.person, relative=relative, relation=relation)
        case_deadlines_refresh(case=case)
        return link


def family_link_remove(*, actor: Actor, case: Case, relative_id: Any) -> None:
    """Remove a family link of the case's person (both ways); the deadlines follow; audited."""
    may_work(actor, case)
    with atomic():
        case = lock_open_case(case)
        people_services.family_link_remove(actor=actor, person=case.person, relative_id=relative_id)
        case_deadlines_refresh(case=case)


def case_deadlines_recompute(*, actor: Actor, case_ids: list[uuid.UUID], rules: Sequence[Rule] | None = None) -> int:
    """Recompute the derived deadline dates of these cases from their facts; audit only real changes.

    Idempotent: a second run over the same cases changes nothing and writes nothing.
    """
    changed = 0
    for case_id in case_ids:
        with atomic():
            case = Case.objects.select_for_update().filter(pk=case_id).first()
            if case is None:
                continue
            old = _snapshot(case, ("departure_term_ends", "next_deadline"))
            old_rows = set(case.deadlines.values_list("code", "source_id", "due"))
            _deadlines_refresh(case, rules)
            # Derived dates are not an edit by a person: no version bump, so nobody's form goes stale.
            Case.objects.filter(pk=case.pk).update(departure_term_ends=case.departure_term_ends)
            case_deadlines_refresh(case=case, rules=rules)
            new = _snapshot(case, ("departure_term_ends", "next_deadline"))
            if old == new and old_rows == set(case.deadlines.values_list("code", "source_id", "due")):
                continue
            record_change(
                actor=actor,
                event_type=EventType.DEADLINES_RECOMPUTED,
                case=case,
                subject=case,
                old=old,
                new=new,
                refresh_deadlines=False,
            )
            changed += 1
    return changed


# -- saved caseload filters ------------------------------------------------------------------------------
_CODE = re.compile(r"^[A-Za-z0-9_-]{0,40}$")
SAVED_FILTER_EMPTY = gettext_noop("Kies eerst een of meer filters; een lege selectie hoeft niet bewaard.")
SAVED_FILTER_CODES = gettext_noop("Een bewaard filter bevat alleen codes van de filters van de werkvoorraad.")
SAVED_FILTERS_MAX = 20


def saved_filter_save(*, actor: Actor, name: str, query: str) -> SavedFilter:
    """Keep the caseload's current filters under a name (the same name again: replaced). Only the known
    parameters with code values are kept, so no personal data can be stored in it."""
    user = actor.user
    require(user is not None)
    assert user is not None
    name = name.strip()
    refuse(required_text(name=name) or ({"name": max_chars(60)} if len(name) > 60 else None))
    params = QueryDict(query)
    allowed = set(caseload_parameters())
    kept = QueryDict(mutable=True)
    for key in params:
        if key == "pagina":
            continue
        values = params.getlist(key)
        if key not in allowed or not all(_CODE.match(v) for v in values):
            refuse({"query": SAVED_FILTER_CODES})
        kept.setlist(key, [v for v in values if v])
    refuse(None if any(kept.getlist(k) for k in kept) else {"query": SAVED_FILTER_EMPTY})
    with atomic():
        existing = SavedFilter.objects.filter(user=user)
        refuse(
            {"name": gettext_noop("U hebt al 20 bewaarde filters; verwijder er eerst een.")}
            if existing.count() >= SAVED_FILTERS_MAX and not existing.filter(name=name).exists()
            else None
        )
        saved, _created = SavedFilter.objects.update_or_create(
            user=user, name=name, defaults={"query": kept.urlencode(), "created_at": clock.now()}
        )
    return saved


def saved_filter_delete(*, actor: Actor, saved_filter_id: int) -> None:
    """Remove one of the user's own saved filters (another user's: not found)."""
    require(actor.user is not None)
    deleted, _rows = SavedFilter.objects.filter(user=actor.user, pk=saved_filter_id).delete()
    if not deleted:
        raise NotFound(gettext_noop("Bewaard filter niet gevonden."))


# -- reassignment in bulk ----------------------------------------------------------------------------------
BULK_MAX = 500


def case_assign_many(*, actor: Actor, cases: Sequence[Case], assigned_to: User) -> list[Case]:
    """A team lead reassigns several cases at once to one case manager (the cases stay in, or come to,
    that case manager's team among the lead's teams). All or none: a case that cannot be assigned is
    refused by its number, and nothing changes. One audit record per case (`case_assign`)."""
    user = actor.user
    require(
        user is not None and user.role == Role.TEAM_LEAD, gettext_noop("Alleen de teamleider kan dossiers toewijzen.")
    )
    assert user is not None
    refuse(None if cases else {"cases": gettext_noop("Kies een of meer dossiers.")})
    refuse(None if len(cases) <= BULK_MAX else {"cases": gettext_noop("Hoogstens 500 dossiers tegelijk.")})
    lead_teams = permissions.team_ids(user)
    their_teams = [t for t in assigned_to.teams.all() if t.pk in lead_teams]
    refuse(None if their_teams else {"assigned_to": gettext_noop("Deze regievoerder zit niet in een team van u.")})
    done = []
    with atomic():
        for case in cases:
            team = next((t for t in their_teams if t.pk == case.team_id), their_teams[0])
            try:
                done.append(
                    case_assign(actor=actor, case=case, team=team, assigned_to=assigned_to, expected_version=None)
                )
            except (ValidationFailed, PermissionDenied) as exc:
                raise ValidationFailed({"cases": [f"{case.number}: {exc}"]}) from None
    return done


# -- appointments (the embassy, the court): in the agenda ---------------------------------------------
APPOINTMENT_IN_PAST = gettext_noop("Een afspraak plant u vanaf nu, hoogstens een jaar vooruit.")


def appointment_plan(
    *, actor: Actor, case: Case, kind: str, at: dt.datetime, place: str = "", note: str = ""
) -> Appointment:
    """Plan an appointment of the case (a presentation at the embassy, a court hearing), from now up to a
    year ahead, by who may work on the case; audited, in the agenda."""
    user = may_work(actor, case)
    now = clock.now()
    refusals = choice("kind", kind, AppointmentKind)
    if not (now - dt.timedelta(hours=1) <= at <= now + dt.timedelta(days=366)):
        refusals["at"] = APPOINTMENT_IN_PAST
    refuse(refusals)
    with atomic():
        case = lock_open_case(case)
        appointment = Appointment(case=case, kind=kind, at=at, place=place.strip(), note=note.strip(), planned_by=user)
        appointment.full_clean(exclude=["case", "planned_by"])
        appointment.save(force_insert=True)
        record_change(
            actor=actor,
            event_type=EventType.APPOINTMENT_PLANNED,
            case=case,
            subject=appointment,
            new={"kind": kind, "at": at, "place": appointment.place},
            refresh_deadlines=False,
        )
    return appointment


def appointment_cancel(*, actor: Actor, case: Case, appointment_id: Any) -> Appointment:
    """Cancel a planned appointment of the case (it stays on the trail); once."""
    may_work(actor, case)
    with atomic():
        case = lock_open_case(case)
        appointment = Appointment.objects.filter(case=case, pk=appointment_id, cancelled_at__isnull=True).first()
        if appointment is None:
            raise NotFound(gettext_noop("Afspraak niet gevonden."))
        appointment.cancelled_at = clock.now()
        appointment.save(update_fields=["cancelled_at", "updated_at"])
        record_change(
            actor=actor,
            event_type=EventType.APPOINTMENT_CANCELLED,
            case=case,
            subject=appointment,
            old={"at": appointment.at},
            new={"cancelled": True},
            refresh_deadlines=False,
        )
    return appointment
