"""The shape of an intake (a dossier delivered by IND, police, KMar or typed in) and its validation.

Pure: no ORM. The web form, the API and the importer all build an `IntakeData` and hand it to
`cases.services.case_intake`, so the same rules apply whichever way a dossier arrives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from regie.core.domain import REQUIRED, choose_one, max_chars
from regie.people.choices import NameKind, NationalityStatus, Sex
from regie.people.domain import PartialDate, is_country, is_language, is_valid_v_number, name_problem, name_text

from .choices import Source, SpecialCircumstanceKind, TargetGroup
from .domain import term_reason_required

# The closed lists' values, built once (Django's `Choices.values` builds a new list on every use: five
# per intake, thousands per import).
_SEXES = frozenset(Sex.values)
_SOURCES = frozenset(Source.values)
_TARGET_GROUPS = frozenset(TargetGroup.values)
_NATIONALITY_STATUSES = frozenset(NationalityStatus.values)
_CIRCUMSTANCE_KINDS = frozenset(SpecialCircumstanceKind.values)


def _normalise_names(data: object, *names: str) -> None:
    """The names of a frozen intake shape in NFC, whichever way they arrived (form, API, import)."""
    for name in names:
        value = getattr(data, name)
        if isinstance(value, str):
            object.__setattr__(data, name, name_text(value))


@dataclass(frozen=True)
class NameIn:
    family_name: str
    given_names: str = ""
    kind: str = NameKind.ALIAS

    def __post_init__(self) -> None:
        _normalise_names(self, "family_name", "given_names")


@dataclass(frozen=True)
class NationalityIn:
    country: str
    status: str = NationalityStatus.CLAIMED
    source: str = ""


@dataclass(frozen=True)
class LanguageIn:
    code: str
    interpreter_needed: bool = False


@dataclass(frozen=True)
class CircumstanceIn:
    kind: str
    description: str = ""


@dataclass(frozen=True)
class IntakeData:
    v_number: str
    family_name: str
    source: str
    source_reference: str
    target_group: str
    given_names: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    place_of_birth: str = ""
    sex: str = Sex.UNKNOWN
    other_names: tuple[NameIn, ...] = ()
    nationalities: tuple[NationalityIn, ...] = ()
    languages: tuple[LanguageIn, ...] = ()
    return_decision_reference: str = ""
    return_decision_date: dt.date | None = None
    return_decision_authority: str = ""
    departure_term_days: int = 28
    departure_term_reason: str = ""
    current_location: str = ""
    medical_background: str = ""
    special_circumstances: tuple[CircumstanceIn, ...] = ()
    team_id: str | None = None
    # The person recording the intake takes the case (a case manager or team lead of its team); else it
    # waits in the team's queue for the team lead to assign.
    assign_to_author: bool = False
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _normalise_names(self, *NAME_FIELDS)


# The fields of an intake that hold a name (of a person or a place), held to `name_problems`.
NAME_FIELDS = ("family_name", "given_names", "place_of_birth")
# The longest free text an intake takes (the API's limit too).
MAX_TEXT = 20_000


def name_problems(values: dict[str, str]) -> dict[str, list[str]]:
    """Field name -> the message for each name that holds a character a name may not (bidi controls,
    zero-width and control characters: `people.domain.name_problem`). The one rule for intake (web form,
    API, import) and the correction of a person."""
    return {name: [problem] for name, value in values.items() if value and (problem := name_problem(value))}


def _require(errors: dict[str, list[str]], name: str, value: str, max_length: int) -> None:
    if not (value or "").strip():
        errors.setdefault(name, []).append(REQUIRED)
    elif len(value) > max_length:
        errors.setdefault(name, []).append(max_chars(max_length))


def _max(errors: dict[str, list[str]], name: str, value: str, max_length: int) -> None:
    if value and len(value) > max_length:
        errors.setdefault(name, []).append(max_chars(max_length))


# The Aliens Act 2000 (and the deadline rules seeded from it) applies from this date.
EARLIEST_DECISION_DATE = dt.date(2001, 4, 1)


def return_decision_problems(decision_date: dt.date | None, *, today: dt.date) -> dict[str, str]:
    if decision_date is None:
        return {}
    if decision_date > today:
        return {"return_decision_date": gettext_noop("De datum van het terugkeerbesluit ligt in de toekomst.")}
    if decision_date < EARLIEST_DECISION_DATE:
        return {
            "return_decision_date": "Een terugkeerbesluit van vóór 1 april 2001 (Vw 2000) kan niet worden vastgelegd."
        }
    return {}


def term_problems(term_days: int, reason: str) -> dict[str, str]:
    if not 0 <= term_days <= 28:
        return {"departure_term_days": gettext_noop("De vertrektermijn ligt tussen 0 en 28 dagen.")}
    if term_reason_required(term_days) and not reason.strip():
        return {
            "departure_term_reason": gettext_noop(
                "Een verkorte vertrektermijn vraagt een reden (bijv. risico op onttrekking)."
            )
        }
    return {}


def validate_intake(data: IntakeData, *, today: dt.date) -> dict[str, list[str]]:
    """Field name -> messages; empty when the intake may be recorded. Messages hold no input values."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not is_valid_v_number(data.v_number):
        add("v_number", gettext_noop("Een V-nummer bestaat uit precies 10 cijfers."))
    _require(errors, "family_name", data.family_name, 200)
    _max(errors, "given_names", data.given_names, 200)
    _max(errors, "place_of_birth", data.place_of_birth, 200)
    for name, messages in name_problems({name: getattr(data, name) for name in NAME_FIELDS}).items():
        errors.setdefault(name, []).extend(messages)
    for name, message in PartialDate(data.birth_year, data.birth_month, data.birth_day).problems(today=today).items():
        add(name, message)
    if data.sex not in _SEXES:
        add("sex", choose_one(Sex.values))
    if data.source not in _SOURCES:
        add("source", choose_one(Source.values))
    _require(errors, "source_reference", data.source_reference, 64)
    if data.target_group not in _TARGET_GROUPS:
        add("target_group", choose_one(TargetGroup.values))
    _max(errors, "return_decision_reference", data.return_decision_reference, 64)
    _max(errors, "return_decision_authority", data.return_decision_authority, 100)
    for name, message in return_decision_problems(data.return_decision_date, today=today).items():
        add(name, message)
    for name, message in term_problems(data.departure_term_days, data.departure_term_reason).items():
        add(name, message)
    _max(errors, "departure_term_reason", data.departure_term_reason, 300)
    _max(errors, "current_location", data.current_location, 200)
    _max(errors, "medical_background", data.medical_background, MAX_TEXT)
    _max(errors, "note", data.note, MAX_TEXT)
    for i, other in enumerate(data.other_names):
        _require(errors, f"other_names[{i}].family_name", other.family_name, 200)
        _max(errors, f"other_names[{i}].given_names", other.given_names, 200)
        other_values = {
            f"other_names[{i}].family_name": other.family_name,
            f"other_names[{i}].given_names": other.given_names,
        }
        for name, messages in name_problems(other_values).items():
            errors.setdefault(name, []).extend(messages)
        if other.kind not in (NameKind.VARIANT, NameKind.ALIAS):
            add(f"other_names[{i}].kind", gettext_noop("Kies 'variant' of 'alias'."))
    seen_nat: set[tuple[str, str]] = set()
    for i, nat in enumerate(data.nationalities):
        if not is_country(nat.country):
            add(
                f"nationalities[{i}].country",
                gettext_noop("Gebruik een landcode uit ISO 3166-1 (twee letters, bijv. SY)."),
            )
        _max(errors, f"nationalities[{i}].source", nat.source, 200)
        if nat.status not in _NATIONALITY_STATUSES:
            add(f"nationalities[{i}].status", gettext_noop("Kies 'claimed' (gesteld) of 'established' (vastgesteld)."))
        if nat.status == NationalityStatus.ESTABLISHED and not nat.source.strip():
            add(
                f"nationalities[{i}].source",
                gettext_noop("Een vastgestelde nationaliteit vraagt de bron van de vaststelling."),
            )
        if (nat.country, nat.status) in seen_nat:
            add(f"nationalities[{i}].country", gettext_noop("Deze nationaliteit staat er al."))
        seen_nat.add((nat.country, nat.status))
    seen_lang: set[str] = set()
    for i, lang in enumerate(data.languages):
        if not is_language(lang.code):
            add(f"languages[{i}].code", gettext_noop("Gebruik een taalcode uit ISO 639 (bijv. ar, ti of fas)."))
        if lang.code in seen_lang:
            add(f"languages[{i}].code", gettext_noop("Deze taal staat er al."))
        seen_lang.add(lang.code)
    seen_kind: set[str] = set()
    for i, circ in enumerate(data.special_circumstances):
        if circ.kind not in _CIRCUMSTANCE_KINDS:
            add(
                f"special_circumstances[{i}].kind",
                choose_one(SpecialCircumstanceKind.values),
            )
        if circ.kind in seen_kind:
            add(f"special_circumstances[{i}].kind", gettext_noop("Deze omstandigheid staat er al."))
        seen_kind.add(circ.kind)
        _max(errors, f"special_circumstances[{i}].description", circ.description, MAX_TEXT)
    return errors
