"""Intake in batches: the checks, rows and audit records of `case_intake`, written in bulk.

`case_intake_batch` takes many intakes and answers one outcome per intake, in order, exactly as if
each had gone through `case_intake` one after the other:

- every intake is checked by the same `validate_intake`, and by the same model validation;
- a repeat of a recorded (source, source_reference) answers the existing case and writes nothing;
- an intake whose person is new, and that is plain (no name, nationality, language or circumstance
  listed twice, no note), is written in bulk with its segment: persons, names and their search keys,
  nationalities, languages, cases, special circumstances, computed deadlines, duplicate flags, and its
  audit records appended as one block in the order `case_intake` writes them;
- anything else (a person already known by V-number, a V-number or reference that appears twice in
  the batch, a list entry repeated within the intake) goes through `case_intake` itself, in its place.

Writes go in segments of consecutive plain intakes, each segment in one transaction. Should a segment
fail in the database (a concurrent delivery of the same reference wins the race), it is rolled back
and its intakes are done one at a time, so a bad or racing intake never takes others with it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection
from django.db.models import Model
from django.utils import timezone

from regie.accounts.models import Team
from regie.audit.choices import EventType
from regie.audit.services import AuditValues, audit_append_values, audit_values
from regie.core import clock, validation
from regie.core.bulk import insert_rows, insert_values
from regie.core.collector import bulk_work
from regie.core.context import Actor
from regie.core.domain import pick
from regie.core.errors import PermissionDenied, RegieError, ValidationFailed, validation_from_django
from regie.core.transactions import atomic
from regie.deadlines.domain import CaseFacts, Deadline, Rule
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import rules_in_force
from regie.deadlines.services import DEADLINE_COLUMNS, new_case_deadline_values
from regie.people.choices import NameKind, NationalityStatus
from regie.people.domain import name_keys
from regie.people.models import DuplicateCandidate, Language, NameKey, Nationality, Person, PersonName
from regie.people.services import DUPLICATE_REASON, MAX_DUPLICATES_FLAGGED, PERSON_FIELDS, new_person

from . import permissions
from .intake import IntakeData, validate_intake
from .models import Case, SpecialCircumstance
from .numbers import take_numbers
from .services import IntakeResult, _intake_team, case_intake, case_opened_values, new_case, repeat_answers

# Name-and-birth keys per query of the duplicate check on SQLite (batch.py's `duplicates`); PostgreSQL
# takes them all at once as four arrays.
DUPLICATE_KEYS_PER_QUERY = 200

_SAME_NAME_AND_BIRTH = (
    "SELECT p.id, p.created_at, p.name_fold, p.birth_year, p.birth_month, p.birth_day FROM people_person p "
    "JOIN k ON p.name_fold = k.fold AND p.birth_year {same} k.y AND p.birth_month {same} k.m "
    "AND p.birth_day {same} k.d"
)


def _same_name_and_birth(keys: Sequence[tuple[object, ...]]) -> list[tuple[str, list[object]]]:
    """The statements (and their parameters) that find the persons whose (name_fold, birth year, month,
    day) is one of `keys`; NULL matches NULL. On PostgreSQL one statement with the keys as four arrays
    (four parameters, whatever their number: a statement of hundreds of placeholders costs the driver a
    parse every time); on SQLite a list of VALUES per DUPLICATE_KEYS_PER_QUERY keys."""
    if not keys:
        return []
    if connection.vendor == "postgresql":
        columns: list[object] = [list(column) for column in zip(*keys, strict=True)]
        # Fixed words only; the keys are the four parameters.
        arrays = (
            "WITH k(fold, y, m, d) AS (SELECT * FROM unnest(%s::text[], %s::integer[], %s::integer[], %s::integer[])) "
        )
        return [(arrays + _SAME_NAME_AND_BIRTH.format(same="IS NOT DISTINCT FROM"), columns)]
    statements = []
    for start in range(0, len(keys), DUPLICATE_KEYS_PER_QUERY):
        chunk = keys[start : start + DUPLICATE_KEYS_PER_QUERY]
        # Only placeholders and fixed words are put together here; the keys are parameters.
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        sql = "WITH k(fold, y, m, d) AS (VALUES " + values + ") " + _SAME_NAME_AND_BIRTH.format(same="IS")
        statements.append((sql, [v for k in chunk for v in k]))
    return statements


# What one intake became: its result, or the refusal that `case_intake` would have raised.
Outcome = IntakeResult | RegieError | ValidationError | DatabaseError


def _plain(data: IntakeData) -> bool:
    """No entry listed twice: then the per-row services would write exactly one row per entry."""
    names = [(data.family_name.strip(), data.given_names.strip())] + [
        (n.family_name.strip(), n.given_names.strip()) for n in data.other_names
    ]
    nationalities = [(n.country, n.status) for n in data.nationalities]
    languages = [lang.code for lang in data.languages]
    kinds = [c.kind for c in data.special_circumstances]
    return (
        not data.note.strip()
        and not data.assign_to_author
        and all(len(set(values)) == len(values) for values in (names, nationalities, languages, kinds))
    )


# The tables of a plain intake besides its person and case, written as tuples of these columns
# (`core.bulk.insert_values`: no model instance per row), in the order they are inserted.
_TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "names": (PersonName, ("id", "created_at", "updated_at", "person_id", "kind", "given_names", "family_name")),
    "keys": (NameKey, ("person_id", "name_id", "key")),
    "nats": (
        Nationality,
        ("id", "created_at", "updated_at", "person_id", "country", "status", "source", "established_on"),
    ),
    "langs": (Language, ("id", "created_at", "updated_at", "person_id", "code", "interpreter_needed")),
    "circs": (
        SpecialCircumstance,
        ("id", "created_at", "updated_at", "case_id", "kind", "description", "recorded_by_id"),
    ),
    "deadlines": (CaseDeadline, DEADLINE_COLUMNS),
}


@dataclass
class _Rows:
    """The rows of one plain intake besides its person and case, before they are written (see _TABLES)."""

    names: list[tuple[Any, ...]] = field(default_factory=list)
    keys: list[tuple[Any, ...]] = field(default_factory=list)
    nats: list[tuple[Any, ...]] = field(default_factory=list)
    langs: list[tuple[Any, ...]] = field(default_factory=list)
    circs: list[tuple[Any, ...]] = field(default_factory=list)
    deadlines: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class _Planned:
    """The rows and audit records of one plain intake, before they are written."""

    index: int
    data: IntakeData
    person: Person
    case: Case
    countries: set[str]
    rows: _Rows
    events: list[AuditValues]


class _Batch:
    def __init__(self, actor: Actor, rules: Sequence[Rule], today: dt.date) -> None:
        self.actor = actor
        self.rules = rules
        self.today = today  # the batch's day, asked of the clock once (its checks use it too)
        self.teams: dict[str | None, Team | None] = {}
        self.deadlines: dict[CaseFacts, list[Deadline]] = {}  # computed once per distinct facts

    def team(self, team_id: str | None) -> Team | None:
        if team_id not in self.teams:
            self.teams[team_id] = _intake_team(self.actor, team_id)
        return self.teams[team_id]

    def event(self, event_type: EventType, subject: object, **kwargs: object) -> AuditValues:
        # As values, not model instances: the batch never reads its records back (`audit_append_values`).
        return audit_values(actor=self.actor, event_type=event_type, subject=subject, **kwargs)  # type: ignore[arg-type]

    def plan(self, index: int, data: IntakeData) -> _Planned:
        """The rows `case_intake` writes for a plain intake of a new person, and its audit records in order.

        Raises what `case_intake` raises for the same data (unknown team, model validation).
        """
        team = self.team(data.team_id)
        today = self.today
        now = timezone.now()  # what `auto_now` would set
        at = clock.now()  # the time of the intake's records (one transaction)
        rows = _Rows()
        events: list[AuditValues] = []
        given, family = data.given_names.strip(), data.family_name.strip()
        person = new_person(**{**pick(data, *PERSON_FIELDS), "given_names": given, "family_name": family})
        self._name(person, NameKind.PRIMARY, given, family, now, rows)
        events.append(
            self.event(
                EventType.PERSON_CREATED,
                person,
                person_id=person.pk,
                at=at,
                new={k: getattr(person, k) for k in PERSON_FIELDS},
            )
        )
        for other in data.other_names:
            o_given, o_family = other.given_names.strip(), other.family_name.strip()
            check = PersonName(person_id=person.pk, kind=other.kind, given_names=o_given, family_name=o_family)
            validation.clean(check, exclude=("person",))
            name_id = self._name(person, other.kind, o_given, o_family, now, rows)
            events.append(
                self.event(
                    EventType.PERSON_NAME_ADDED,
                    (PersonName, name_id),
                    person_id=person.pk,
                    at=at,
                    new={"kind": other.kind, "given_names": o_given, "family_name": o_family},
                )
            )
        for nat in data.nationalities:
            nat_id = uuid.uuid4()
            established_on = today if nat.status == NationalityStatus.ESTABLISHED else None
            rows.nats.append((nat_id, now, now, person.pk, nat.country, nat.status, nat.source, established_on))
            events.append(
                self.event(
                    EventType.NATIONALITY_RECORDED,
                    (Nationality, nat_id),
                    person_id=person.pk,
                    at=at,
                    new={"country": nat.country, "status": nat.status, "source": nat.source},
                )
            )
        for lang in data.languages:
            lang_id = uuid.uuid4()
            rows.langs.append((lang_id, now, now, person.pk, lang.code, lang.interpreter_needed))
            events.append(
                self.event(
                    EventType.LANGUAGE_RECORDED,
                    (Language, lang_id),
                    person_id=person.pk,
                    at=at,
                    old={"interpreter_needed": None},
                    new={"code": lang.code, "interpreter_needed": lang.interpreter_needed},
                )
            )
        case = new_case(data, person=person, team=team, rules=self.rules, today=today)
        rows.deadlines.extend(new_case_deadline_values(case, self.rules, self.deadlines, today))
        events.append(
            self.event(
                EventType.CASE_OPENED, case, case_id=case.pk, person_id=person.pk, at=at, new=case_opened_values(case)
            )
        )
        recorded_by = self.actor.user.pk if self.actor.user is not None else None
        for circ in data.special_circumstances:
            circ_id = uuid.uuid4()
            rows.circs.append((circ_id, now, now, case.pk, circ.kind, circ.description, recorded_by))
            events.append(
                self.event(
                    EventType.SPECIAL_CIRCUMSTANCE_RECORDED,
                    (SpecialCircumstance, circ_id),
                    case_id=case.pk,
                    person_id=person.pk,
                    at=at,
                    old={"description": None},
                    new={"kind": circ.kind, "description": "[beschermd]" if circ.description else ""},
                )
            )
        countries = {n.country for n in data.nationalities}
        return _Planned(index, data, person, case, countries, rows, events)

    @staticmethod
    def _name(person: Person, kind: str, given: str, family: str, now: dt.datetime, rows: _Rows) -> uuid.UUID:
        name_id = uuid.uuid4()
        rows.names.append((name_id, now, now, person.pk, kind, given, family))
        rows.keys.extend((person.pk, name_id, k) for k in name_keys(f"{given} {family}"))
        return name_id

    def duplicates(self, planned: list[_Planned]) -> dict[int, list[DuplicateCandidate]]:
        """The flags `duplicates_flag` raises for each new person: earlier persons with the same name,
        date of birth and a shared nationality, most recent first, at most MAX_DUPLICATES_FLAGGED."""

        def key(p: Person) -> tuple[object, ...]:
            return (p.name_fold, p.birth_year, p.birth_month, p.birth_day)

        # Only persons with the same name and date of birth: a common name matches thousands (all of
        # them were read before, a query that grew with the register). The keys are joined as a list of
        # values, null-safe as `duplicates_flag`'s IS NULL; a chunk per query bounds the parameters.
        keys = sorted({key(p.person) for p in planned if p.countries}, key=repr)
        known: list[tuple[Person, set[str]]] = []
        if keys:
            earlier: list[Person] = []
            for sql, params in _same_name_and_birth(keys):
                earlier.extend(Person.objects.raw(sql, params))
            earlier.sort(key=lambda p: p.created_at, reverse=True)
            countries: dict[uuid.UUID, set[str]] = {}
            for person_id, country in Nationality.objects.filter(person__in=earlier).values_list(
                "person_id", "country"
            ):
                countries.setdefault(person_id, set()).add(country)
            known = [(p, countries.get(p.pk, set())) for p in earlier]

        known_by_key: dict[tuple[object, ...], list[tuple[Person, set[str]]]] = {}
        for p, c in known:
            known_by_key.setdefault(key(p), []).append((p, c))
        # Persons of this batch with the same key, in the batch's order (the newest last).
        batch_by_key: dict[tuple[object, ...], list[tuple[Person, set[str]]]] = {}
        flags: dict[int, list[DuplicateCandidate]] = {}
        for item in planned:
            same = batch_by_key.setdefault(key(item.person), [])
            if not item.countries:
                same.append((item.person, item.countries))
                continue
            # Persons of this batch written before it (newest first), then those already in the database.
            candidates = [*reversed(same), *known_by_key.get(key(item.person), ())]
            others = [p for p, c in candidates if c & item.countries]
            same.append((item.person, item.countries))
            flags[item.index] = [
                DuplicateCandidate(person=item.person, other=other, reason=DUPLICATE_REASON)
                for other in others[:MAX_DUPLICATES_FLAGGED]
            ]
        return flags

    @staticmethod
    def number(planned: list[_Planned]) -> None:
        """Give the batch's cases their numbers, one block per year, in the batch's order; the audit
        record of each opened case carries it."""
        by_year: dict[int, list[_Planned]] = {}
        for item in planned:
            by_year.setdefault(item.case.opened_on.year, []).append(item)
        for year, items in by_year.items():
            for item, number in zip(items, take_numbers(year, len(items)), strict=True):
                item.case.number = number
                for event in item.events:
                    if event.event_type == EventType.CASE_OPENED:
                        event.new_values["number"] = number  # the same dict the hash will read

    def write(self, planned: list[_Planned]) -> dict[int, IntakeResult]:
        """Write the planned intakes in one transaction; their records appended as one block, in order."""
        with atomic():
            flags = self.duplicates(planned)
            events: list[AuditValues] = []
            for item in planned:
                events.extend(item.events)
                for candidate in flags.get(item.index, []):
                    events.append(
                        self.event(
                            EventType.DUPLICATE_FLAGGED,
                            candidate,
                            person_id=item.person.pk,
                            new={"other": candidate.other_id, "reason": candidate.reason},
                        )
                    )
            self.number(planned)
            insert_rows([p.person for p in planned])
            for name in ("names", "keys", "nats", "langs"):
                _bulk(name, planned)
            insert_rows([p.case for p in planned])
            for name in ("circs", "deadlines"):
                _bulk(name, planned)
            insert_rows([c for found in flags.values() for c in found])
            audit_append_values(events)
        return {
            p.index: IntakeResult(
                case=p.case, created=True, person_created=True, duplicates=tuple(flags.get(p.index, ()))
            )
            for p in planned
        }


def _bulk(name: str, planned: list[_Planned]) -> None:
    """Insert the rows called `name` of every planned intake, in their order."""
    model, columns = _TABLES[name]
    insert_values(model, columns, [row for p in planned for row in getattr(p.rows, name)])


def _one(actor: Actor, data: IntakeData) -> Outcome:
    try:
        return case_intake(actor=actor, data=data)
    except (RegieError, ValidationError, DatabaseError) as exc:
        return exc


def case_intake_batch(*, actor: Actor, items: Sequence[IntakeData]) -> list[Outcome]:
    """One outcome per intake, in order: an `IntakeResult`, or the error `case_intake` would raise."""
    if actor.user is not None and not permissions.can_deliver(actor.user):
        raise PermissionDenied("U mag geen dossiers aanmelden.")
    with bulk_work():  # thousands of rows and records: the collector set for it (decision 0026)
        return _intake_batch(actor, items)


def _intake_batch(actor: Actor, items: Sequence[IntakeData]) -> list[Outcome]:
    today = clock.today()
    batch = _Batch(actor, rules_in_force(), today)
    outcomes: list[Outcome | None] = [None] * len(items)
    for index, data in enumerate(items):
        errors = validate_intake(data, today=today)
        if errors:
            outcomes[index] = ValidationFailed(errors)
    valid = [i for i, o in enumerate(outcomes) if o is None]
    references = {items[i].source_reference for i in valid}
    # By source and reference, the leading columns of `case_source_reference_once`: by the reference
    # alone the index could not be used (a scan of every case: 100 ms a batch at a million cases).
    # The two lists give a superset of the pairs asked; `recorded` is looked up by the exact pair.
    sources = {items[i].source for i in valid}
    recorded = {
        (c.source, c.source_reference): c
        for c in Case.objects.filter(source__in=sources, source_reference__in=references).select_related("person")
    }
    known_v_numbers = set(
        Person.objects.filter(v_number__in={items[i].v_number for i in valid}).values_list("v_number", flat=True)
    )
    repeats = repeat_answers(
        actor,
        [
            recorded[key]
            for key in dict.fromkeys((items[i].source, items[i].source_reference) for i in valid)
            if key in recorded
        ],
    )
    seen_keys: set[tuple[str, str]] = set()
    seen_v_numbers: set[str] = set()
    pending: list[_Planned] = []

    def flush() -> None:
        if not pending:
            return
        try:
            written: dict[int, Outcome] = dict(batch.write(pending))
        except IntegrityError:
            # Someone else delivered one of these meanwhile: do them one at a time, each its own answer.
            written = {p.index: _one(actor, p.data) for p in pending}
        for index, outcome in written.items():
            outcomes[index] = outcome
        pending.clear()

    for index in valid:
        data = items[index]
        key = (data.source, data.source_reference)
        if key in recorded:
            outcomes[index] = repeats[recorded[key].pk]
            continue
        simple = (
            key not in seen_keys
            and data.v_number not in known_v_numbers
            and data.v_number not in seen_v_numbers
            and _plain(data)
        )
        seen_keys.add(key)
        seen_v_numbers.add(data.v_number)
        if not simple:
            flush()
            outcomes[index] = _one(actor, data)
            continue
        try:
            pending.append(batch.plan(index, data))
        except ValidationError as exc:
            outcomes[index] = validation_from_django(exc)
        except RegieError as exc:
            outcomes[index] = exc
    flush()
    assert all(o is not None for o in outcomes)
    return outcomes  # type: ignore[return-value]
