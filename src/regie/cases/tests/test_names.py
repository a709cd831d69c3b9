"""Names in one form: NFC, and no invisible or control characters, by web form, API, import and correction."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from regie.accounts.models import User
from regie.cases.importing import HAS_NUL
from regie.cases.intake import NAME_FIELDS, NameIn, validate_intake
from regie.cases.models import Case
from regie.cases.services import case_intake, person_correct
from regie.cases.tests.test_views import _intake_post
from regie.core.context import Actor
from regie.core.domain import REQUIRED
from regie.core.errors import ValidationFailed
from regie.demo.generate import IMPORT_COLUMNS
from regie.people.domain import (
    BIDI_CONTROLS,
    NAME_HAS_BIDI_CONTROL,
    NAME_HAS_CONTROL,
    NAME_HAS_ZERO_WIDTH,
    ZERO_WIDTH,
    name_problem,
)
from regie.people.models import PersonName
from regie.testing.fixtures import ApiClient, assert_problem, intake_data, logged_in

TODAY = dt.date(2026, 11, 28)
# "Zoë" decomposed (e + COMBINING DIAERESIS) and composed.
NFD_NAME, NFC_NAME = "Zoe\u0308", "Zo\u00eb"
FORBIDDEN = [*sorted(BIDI_CONTROLS | ZERO_WIDTH), "\x00", "\t", "\n", "\r", "\x1b", "\x85", "\u2028"]


def _refused(value: str) -> bool:
    return any(
        c in BIDI_CONTROLS or c in ZERO_WIDTH or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in value
    )


def test_each_kind_of_character_has_its_own_message() -> None:
    assert name_problem("Al\u202eHaddad") == NAME_HAS_BIDI_CONTROL
    assert name_problem("\u2066Haddad\u2069") == NAME_HAS_BIDI_CONTROL
    assert name_problem("Had\u200bdad") == NAME_HAS_ZERO_WIDTH
    assert name_problem("\ufeffHaddad") == NAME_HAS_ZERO_WIDTH
    assert name_problem("Had\x00dad") == NAME_HAS_CONTROL
    assert name_problem("Haddad\nBenali") == NAME_HAS_CONTROL
    for char in FORBIDDEN:
        assert name_problem(f"A{char}B") is not None, hex(ord(char))
    # Allowed: ZERO WIDTH NON-JOINER inside a Persian name, Arabic, Ge'ez, Cyrillic, apostrophes and hyphens.
    for name in (
        "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627",
        "\u062d\u062f\u0627\u062f",
        "ሰላም",
        "Ірина",
        "N'Diaye",
        "Al-Amin",
    ):
        assert name_problem(name) is None, name


@pytest.mark.parametrize("field", NAME_FIELDS)
def test_every_name_field_is_held_to_the_rule(field: str) -> None:
    errors = validate_intake(intake_data(**{field: "Ha\u200fdad"}), today=TODAY)
    assert errors == {field: [NAME_HAS_BIDI_CONTROL]}
    names = (NameIn(family_name="Had\u200ddad"), NameIn(family_name="Haddad", given_names="Mo\x07"))
    errors = validate_intake(intake_data(other_names=names), today=TODAY)
    assert errors == {
        "other_names[0].family_name": [NAME_HAS_ZERO_WIDTH],
        "other_names[1].given_names": [NAME_HAS_CONTROL],
    }


@given(st.text(max_size=30))
@example("Zoe\u0308")
@example("Ha\u202eddad")
@example("\u200b")
@example("A\x00")
def test_any_text_is_accepted_in_nfc_without_forbidden_characters_or_refused_naming_the_field(text: str) -> None:
    data = intake_data(family_name=text, other_names=(NameIn(family_name="Haddad", given_names=text),))
    errors = validate_intake(data, today=TODAY)
    for field, value in (
        ("family_name", data.family_name),
        ("other_names[0].given_names", data.other_names[0].given_names),
    ):
        if field in errors:
            # Refused naming the field, with a message of the rule (never the value itself).
            assert set(errors[field]) <= {REQUIRED, NAME_HAS_BIDI_CONTROL, NAME_HAS_ZERO_WIDTH, NAME_HAS_CONTROL}
        else:
            assert value == unicodedata.normalize("NFC", text)
            assert not _refused(value)
    assert set(errors) <= {"family_name", "other_names[0].given_names"}


@pytest.mark.django_db
def test_a_decomposed_name_is_stored_composed(case_manager: User) -> None:
    data = intake_data(family_name=NFD_NAME, given_names=NFD_NAME, place_of_birth=NFD_NAME)
    case = case_intake(actor=Actor(user=case_manager), data=data).case
    person = case.person
    assert (person.family_name, person.given_names, person.place_of_birth) == (NFC_NAME, NFC_NAME, NFC_NAME)
    assert set(PersonName.objects.filter(person=person).values_list("family_name", flat=True)) == {NFC_NAME}


@pytest.mark.django_db
def test_the_web_form_refuses_a_bidi_control_next_to_the_field(case_manager: User) -> None:
    response = logged_in(case_manager).post(reverse("cases:intake"), _intake_post(family_name="Tes\u202efaye"))

    assert response.status_code == 400
    forms = response.context["forms"]
    assert forms.main.errors["family_name"] == [NAME_HAS_BIDI_CONTROL]
    assert "Tes\u202efaye" not in str(forms.main.errors)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_a_zero_width_character_naming_the_field(
    api_as: Callable[..., ApiClient], system_user: User
) -> None:
    from regie.api.tests.test_api import intake_body

    body = intake_body(otherNames=[{"familyName": "Tes\u200bfay", "kind": "variant"}])
    problem = assert_problem(api_as(system_user).post("/cases", body), 400)

    assert problem["invalidParams"] == [{"name": "otherNames[0].familyName", "reason": NAME_HAS_ZERO_WIDTH}]
    assert problem["detail"].startswith("otherNames[0].familyName: ") and "Tes" not in problem["detail"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_api_stores_a_decomposed_name_composed(api_as: Callable[..., ApiClient], system_user: User) -> None:
    from regie.api.tests.test_api import intake_body

    response = api_as(system_user).post("/cases", intake_body(familyName=NFD_NAME))
    assert response.status_code == 201, response.content
    assert Case.objects.get().person.family_name == NFC_NAME


@pytest.mark.django_db
def test_the_import_refuses_control_characters_in_names_and_imports_the_rest(tmp_path: Path) -> None:
    import csv

    from regie.cases.tests.test_import import _rows

    rows = _rows(4, seed=41)
    rows[0]["family_name"] = "Had\x1bdad"
    rows[1]["aliases"] = "Mo\u2066|Haddad"
    rows[3]["given_names"] = "Mo\x00"  # NUL: the web and the API refuse it already; so does the import
    path = tmp_path / "names.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(IMPORT_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import", str(path), "--no-progress", stdout=out)

    assert failed.value.returncode == 1
    text = out.getvalue()
    assert f"row 2: family_name: {NAME_HAS_CONTROL}" in text
    assert f"row 3: aliases: waarde 1: {NAME_HAS_BIDI_CONTROL}" in text
    assert f"row 5: given_names: {HAS_NUL}" in text
    assert "Had" not in text and "\x00" not in text and "\x1b" not in text
    assert list(Case.objects.values_list("source_reference", flat=True)) == [rows[2]["source_reference"]]


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen")
def test_a_correction_is_held_to_the_same_rule(make_case: Callable[..., Case], case_manager: User) -> None:
    case = make_case(family_name="Tesfay")
    actor, version = Actor(user=case_manager), case.person.version
    with pytest.raises(ValidationFailed) as refused:
        person_correct(
            actor=actor, case=case, expected_version=version, given_names="Se\u2060lam", place_of_birth="As\x1bmara"
        )
    assert refused.value.errors == {"given_names": [NAME_HAS_ZERO_WIDTH], "place_of_birth": [NAME_HAS_CONTROL]}

    person = person_correct(actor=actor, case=case, expected_version=version, family_name=NFD_NAME)
    assert person.family_name == NFC_NAME
