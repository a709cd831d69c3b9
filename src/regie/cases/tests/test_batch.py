"""`case_intake_batch` answers, writes and audits exactly what `case_intake` does row by row."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from regie.accounts.models import Team
from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.batch import case_intake_batch
from regie.cases.importing import parse_row
from regie.cases.intake import CircumstanceIn, IntakeData, LanguageIn, NameIn, NationalityIn
from regie.cases.models import Case, SpecialCircumstance
from regie.cases.services import IntakeResult, case_intake
from regie.core import clock
from regie.core.context import Actor, Channel
from regie.core.errors import PermissionDenied, RegieError
from regie.deadlines.models import CaseDeadline
from regie.demo.generate import import_rows
from regie.people.models import DuplicateCandidate, Language, NameKey, Nationality, Person, PersonName

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(dt.datetime(2026, 11, 30, 10, 0))


def _items(team: Team) -> list[IntakeData]:
    """Demo rows plus every shape that the batch must hand to the per-row path or refuse."""
    teams = {team.name.casefold(): str(team.pk)}
    rows = [{**row, "team": ""} for row in import_rows(rows=120, seed=21, today=AT.date())]
    items = [parse_row(row, teams=teams)[0] for row in rows]
    first = items[0]
    twin = dataclasses.replace(
        first,
        v_number="5000000001",
        source_reference="TWIN-1",
        nationalities=(NationalityIn(first.nationalities[0].country if first.nationalities else "SY"),),
    )
    first = dataclasses.replace(first, nationalities=twin.nationalities)
    items[0] = first
    return [
        *items[:40],
        twin,  # same name, birth date and nationality as the first: flagged, never merged
        dataclasses.replace(twin, v_number="5000000002", source_reference="TWIN-2"),  # flagged against both
        dataclasses.replace(items[3]),  # the same delivery twice in one batch: a repeat
        dataclasses.replace(items[5], source_reference="AGAIN-5"),  # same V-number, open case: refused
        dataclasses.replace(items[6], v_number="123"),  # not a V-number
        dataclasses.replace(items[7], v_number="5000000003", source_reference="T-1", team_id=str(team.pk)),
        dataclasses.replace(items[8], v_number="5000000004", source_reference="T-2", team_id="no-such-team"),
        dataclasses.replace(
            items[9],
            v_number="5000000005",
            source_reference="LIST-1",
            languages=(LanguageIn("ar", True), LanguageIn("ar", False)),  # listed twice: per-row path
            other_names=(NameIn("Haddad", "Mo"), NameIn("Haddad", "Mo")),
            special_circumstances=(CircumstanceIn("medical", "zie dossier"),),
            note="Afgeleverd met medisch advies.",
        ),
        dataclasses.replace(items[10], v_number="5000000006", source_reference="LONG-1", place_of_birth="x" * 201),
        *items[40:],
    ]


def _plain(values: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    return {k: ids.get(str(v), v) if not isinstance(v, dict) else _plain(v, ids) for k, v in values.items()}


def _state() -> tuple[Any, ...]:
    """Everything intake writes, keyed by what the data say (uuids differ between runs)."""
    ids: dict[str, str] = {str(p.pk): f"person:{p.v_number}" for p in Person.objects.all()}
    ids |= {str(c.pk): f"case:{c.source}/{c.source_reference}" for c in Case.objects.all()}

    def rows(model: Any, *fields: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(ids.get(str(v), str(v)) for v in row) for row in model.objects.values_list(*fields))

    names = {str(n.pk): f"name:{n.person.v_number}/{n.given_names}/{n.family_name}" for n in PersonName.objects.all()}
    trail = [
        (
            e.occurred_at,
            e.event_type,
            e.subject_type,
            ids.get(e.subject_id, names.get(e.subject_id, e.subject_type)),
            ids.get(str(e.case_id)),
            ids.get(str(e.person_id)),
            e.actor_label,
            e.channel,
            e.request_id,
            _plain(e.old_values, ids),
            {k: v for k, v in _plain(e.new_values, ids).items() if k != "number"},
        )
        for e in AuditEvent.objects.order_by("id")
    ]
    person_fields = [f.name for f in Person._meta.concrete_fields if f.name not in ("id", "created_at", "updated_at")]
    case_fields = [
        f.attname for f in Case._meta.concrete_fields if f.name not in ("id", "number", "created_at", "updated_at")
    ]
    return (
        rows(Person, *person_fields),
        rows(PersonName, "person", "kind", "given_names", "family_name"),
        sorted((ids[str(k.person_id)], names[str(k.name_id)], k.key) for k in NameKey.objects.all()),
        rows(Nationality, "person", "country", "status", "source", "established_on"),
        rows(Language, "person", "code", "interpreter_needed"),
        rows(Case, *case_fields),
        rows(SpecialCircumstance, "case", "kind", "description", "recorded_by"),
        rows(CaseDeadline, "case", "code", "kind", "source_id", "due", "label", "basis", "explanation"),
        rows(DuplicateCandidate, "person", "other", "reason", "status"),
        trail,
    )


def _answer(outcome: object) -> object:
    if isinstance(outcome, IntakeResult):
        return ("created" if outcome.created else "present", outcome.case.source_reference, len(outcome.duplicates))
    if isinstance(outcome, RegieError):
        return (type(outcome).__name__, getattr(outcome, "errors", None) or outcome.message)
    return type(outcome).__name__


def _wipe() -> None:
    CaseDeadline.objects.all().delete()
    Case.objects.all().delete()
    Person.objects.all().delete()
    AuditEvent.objects.all().delete()


def test_the_batch_writes_what_the_services_write_row_by_row(team: Team) -> None:
    items = _items(team)
    actor = Actor(user=None, channel=Channel.IMPORT, request_id="import-equal")
    _wipe()

    with clock.frozen(AT):
        one_by_one = []
        for data in items:
            try:
                one_by_one.append(_answer(case_intake(actor=actor, data=data)))
            except RegieError as exc:
                one_by_one.append(_answer(exc))
    single = _state()
    assert audit_verify() == len(single[-1])

    _wipe()
    with clock.frozen(AT):
        batched = [_answer(o) for o in case_intake_batch(actor=actor, items=items)]

    assert batched == one_by_one
    assert {a[0] for a in batched if isinstance(a, tuple)} >= {"created", "present", "ValidationFailed"}
    assert any(a[0] == "created" and a[2] == 2 for a in batched if isinstance(a, tuple))  # the second twin
    assert _state() == single
    assert audit_verify() == len(single[-1])


def test_a_repeat_writes_nothing_and_answers_the_recorded_case(team: Team) -> None:
    items = _items(team)[:30]
    actor = Actor(user=None, channel=Channel.IMPORT)
    first = case_intake_batch(actor=actor, items=items)
    events = AuditEvent.objects.count()

    again = case_intake_batch(actor=actor, items=items)

    assert AuditEvent.objects.count() == events
    for before, after in zip(first, again, strict=True):
        assert isinstance(before, IntakeResult) and isinstance(after, IntakeResult)
        assert (after.created, after.case.pk) == (False, before.case.pk)


def test_an_account_that_may_not_deliver_is_refused(partner: Any, team: Team) -> None:
    with pytest.raises(PermissionDenied):
        case_intake_batch(actor=Actor(user=partner), items=_items(team)[:2])
    assert not Case.objects.exists()


def test_duplicates_are_flagged_against_the_register_by_name_and_full_date_of_birth(team: Team) -> None:
    """Earlier persons of the register: only the same name, the same (partial) date of birth and a shared
    nationality are flagged, as `duplicates_flag` does; an unknown month or day matches only unknown."""
    base = _items(team)[0]
    country = base.nationalities[0].country if base.nationalities else "SY"

    def person(n: int, *, year: int | None, month: int | None, day: int | None, nation: str = country) -> IntakeData:
        return dataclasses.replace(
            base,
            v_number=f"51000000{n:02d}",
            source_reference=f"DUP-{n}",
            birth_year=year,
            birth_month=month,
            birth_day=day,
            nationalities=(NationalityIn(nation),),
        )

    register = [
        person(1, year=1990, month=3, day=4),  # the match of 11
        person(2, year=1990, month=3, day=5),  # another day
        person(3, year=1990, month=None, day=None),  # only the year: the match of 12
        person(4, year=1990, month=3, day=4, nation="XX" if country != "XX" else "YY"),  # other nationality
        person(5, year=None, month=None, day=None),  # nothing known: the match of 13
    ]
    arriving = [
        person(11, year=1990, month=3, day=4),
        person(12, year=1990, month=None, day=None),
        person(13, year=None, month=None, day=None),
        person(14, year=1991, month=3, day=4),  # nobody
    ]
    actor = Actor(user=None, channel=Channel.IMPORT, request_id="dup-register")

    def run(batch: bool) -> tuple[Any, ...]:
        _wipe()
        with clock.frozen(AT):
            for data in register:
                case_intake(actor=actor, data=data)
            if batch:
                answers = [_answer(o) for o in case_intake_batch(actor=actor, items=arriving)]
            else:
                answers = [_answer(case_intake(actor=actor, data=data)) for data in arriving]
        return answers, _state()

    single = run(batch=False)
    batched = run(batch=True)

    assert [a[2] for a in single[0]] == [1, 1, 1, 0]  # type: ignore[index]
    assert batched == single
