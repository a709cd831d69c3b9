"""`validation.clean` refuses exactly what `full_clean(validate_unique=False, validate_constraints=False)`
refuses, with the same errors, and converts the values it accepts the same way."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.core import validation
from regie.people.models import Person, PersonName


def _errors(call: object) -> dict[str, list[str]] | None:
    try:
        call()  # type: ignore[operator]
    except ValidationError as exc:
        return exc.message_dict
    return None


PERSONS = [
    {},
    {"family_name": ""},
    {"family_name": "x" * 201},
    {"given_names": "y" * 201, "family_name": ""},
    {"sex": "Q"},
    {"sex": ""},
    {"v_number": "12"},
    {"v_number": ""},
    {"birth_year": -1},
    {"birth_month": "vijf"},
    {"place_of_birth": "z" * 200},
    {"place_of_birth": "z" * 201},
    {"name_fold": "f" * 401},
]


@pytest.mark.parametrize("change", PERSONS)
def test_a_person_is_refused_or_accepted_as_full_clean_does(change: dict[str, object]) -> None:
    fields = {
        "id": uuid.uuid4(),
        "v_number": "1234567890",
        "given_names": "Amal",
        "family_name": "Haddad",
        "sex": "f",
        **change,
    }
    quick, full = Person(**fields), Person(**fields)
    assert _errors(lambda: validation.clean(quick)) == _errors(
        lambda: full.full_clean(validate_unique=False, validate_constraints=False)
    )
    assert {f.attname: getattr(quick, f.attname) for f in Person._meta.fields} == {
        f.attname: getattr(full, f.attname) for f in Person._meta.fields
    }


@pytest.mark.parametrize(
    "change",
    [{}, {"kind": "bijnaam"}, {"kind": ""}, {"family_name": ""}, {"given_names": "g" * 201}, {"kind": None}],
)
def test_a_name_is_refused_or_accepted_as_full_clean_does(change: dict[str, object]) -> None:
    fields = {"kind": "alias", "given_names": "A.", "family_name": "Haddad", **change}
    quick, full = PersonName(**fields), PersonName(**fields)
    assert _errors(lambda: validation.clean(quick, exclude=("person",))) == _errors(
        lambda: full.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
    )


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"source": "fax"},
        {"source_reference": ""},
        {"source_reference": "r" * 65},
        {"target_group": "?"},
        {"departure_term_days": -3},
        {"return_decision_date": "gisteren"},
        {"current_location": "c" * 201},
        {"phase": "weg"},
    ],
)
def test_a_case_is_refused_or_accepted_as_full_clean_does(change: dict[str, object]) -> None:
    fields = {
        "id": uuid.uuid4(),
        "source": "ind",
        "source_reference": "REF-1",
        "target_group": "supervision",
        "opened_on": dt.date(2026, 11, 30),
        "phase": Phase.INTAKE,
        "return_decision_date": dt.date(2026, 11, 1),
        **change,
    }
    quick, full = Case(**fields), Case(**fields)
    exclude = ("person", "team", "number")
    assert _errors(lambda: validation.clean(quick, exclude=exclude)) == _errors(
        lambda: full.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    )
