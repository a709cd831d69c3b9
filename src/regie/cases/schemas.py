"""The JSON shapes of the cases API (requests in, representations out), in lowerCamelCase.

Requests only check shape and bounds that keep bad input away from the database (types, lengths,
code formats); the rules of the domain (`cases.intake.validate_intake`, the services) stay where
the web form and the importer use them too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field, field_validator

from regie.api.errors import api_field
from regie.api.schemas import ChangesIn, InSchema, OutSchema, PageOut, PageQuery, no_default
from regie.audit.models import AuditEvent
from regie.core import clock
from regie.deadlines.domain import rule_in_force
from regie.deadlines.selectors import rules_in_force
from regie.people.choices import DuplicateStatus, FamilyRelation, NameKind, NationalityStatus, Sex
from regie.people.models import Person

from . import intake
from .choices import AppointmentKind, HoldReason, Outcome, Phase, Source, SpecialCircumstanceKind, TargetGroup
from .models import Case, CaseNote
from .selectors import CaseFilters, Dossier, SearchHit
from .services import IntakeResult

MAX_INT32 = 2**31 - 1
MAX_USER_ID = 2**63 - 1
V_NUMBER_PATTERN = r"^[0-9]{10}$"


def optional(**constraints: Any) -> Any:
    """A PATCH member: may be left out (then unchanged), but not sent as null unless its type allows."""
    return Field(None, json_schema_extra=no_default, **constraints)


def _decision_date_has_rule(value: dt.date | None) -> dt.date | None:
    # A date before any departure-term rule was in force has no deadline to compute.
    if value is not None:
        try:
            rule_in_force(rules_in_force(), "departure_term", value)
        except LookupError:
            raise ValueError("Voor deze datum is geen regel voor de vertrektermijn bekend.") from None
    return value


# --- requests ----------------------------------------------------------------------------------


class OtherNameIn(InSchema):
    family_name: str = Field(max_length=200)
    given_names: str = Field("", max_length=200)
    kind: Literal["variant", "alias"] = Field("alias", description="`variant`: spelling variant; `alias`.")


class NationalityIn(InSchema):
    country: str = Field(
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code, upper case; `XX` for unknown or stateless.",
        examples=["SY"],
    )
    status: NationalityStatus = Field(NationalityStatus.CLAIMED, description="`claimed` or `established`.")
    source: str = Field("", max_length=200, description="Who established it; required when established.")


class LanguageIn(InSchema):
    code: str = Field(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 or 639-3 code, lower case.", examples=["ar"])
    interpreter_needed: bool = False


class CircumstanceIn(InSchema):
    kind: SpecialCircumstanceKind
    description: str = Field("", max_length=20_000)


class IntakeIn(InSchema):
    """A dossier as delivered. (`source`, `sourceReference`) identifies the delivery: sending it again
    answers the case already opened for it (200) instead of opening another (201)."""

    v_number: str = Field(pattern=V_NUMBER_PATTERN, description="V-number: exactly 10 digits.", examples=["1234567890"])
    family_name: str = Field(max_length=200)
    given_names: str = Field("", max_length=200)
    birth_year: int | None = Field(None, ge=1900, le=9999, description="Date of birth may be partly known.")
    birth_month: int | None = Field(None, ge=1, le=12)
    birth_day: int | None = Field(None, ge=1, le=31)
    place_of_birth: str = Field("", max_length=200)
    sex: Sex = Sex.UNKNOWN
    source: Source
    source_reference: str = Field(min_length=1, max_length=64, description="The source's own reference.")
    target_group: TargetGroup
    other_names: list[OtherNameIn] = Field(default_factory=list, max_length=50)
    nationalities: list[NationalityIn] = Field(default_factory=list, max_length=20)
    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)
    return_decision_reference: str = Field("", max_length=64)
    return_decision_date: dt.date | None = None
    return_decision_authority: str = Field("", max_length=100)
    departure_term_days: int = Field(28, ge=0, le=28, description="Shorter than 28 days needs a reason.")
    departure_term_reason: str = Field("", max_length=300)
    current_location: str = Field("", max_length=200)
    medical_background: str = Field("", max_length=20_000, description="Special-category data (GDPR art. 9).")
    special_circumstances: list[CircumstanceIn] = Field(default_factory=list, max_length=10)
    team_id: uuid.UUID | None = Field(None, description="Team to assign to; by default the deliverer's own team.")
    note: str = Field("", max_length=20_000)

    @field_validator("return_decision_date")
    @classmethod
    def _decision_date_known_rule(cls, value: dt.date | None) -> dt.date | None:
        return _decision_date_has_rule(value)

    def to_intake(self) -> intake.IntakeData:
        nested = {"other_names", "nationalities", "languages", "special_circumstances", "team_id"}
        return intake.IntakeData(
            **self.model_dump(by_alias=False, exclude=nested),
            other_names=tuple(intake.NameIn(n.family_name, n.given_names, n.kind) for n in self.other_names),
            nationalities=tuple(intake.NationalityIn(n.country, n.status, n.source) for n in self.nationalities),
            languages=tuple(intake.LanguageIn(lang.code, lang.interpreter_needed) for lang in self.languages),
            special_circumstances=tuple(
                intake.CircumstanceIn(c.kind, c.description) for c in self.special_circumstances
            ),
            team_id=str(self.team_id) if self.team_id else None,
        )


class CaseUpdateIn(ChangesIn):
    """Changed facts only (members left out stay as they are), with the `version` that was read."""

    version: int = Field(ge=1, le=MAX_INT32, description="The case's version as read; a newer one answers 409.")
    target_group: TargetGroup = optional()
    return_decision_reference: str = optional(max_length=64)
    return_decision_date: dt.date | None = optional()
    return_decision_authority: str = optional(max_length=100)
    departure_term_days: int = optional(ge=0, le=28)
    departure_term_reason: str = optional(max_length=300)
    current_location: str = optional(max_length=200)

    @field_validator("return_decision_date")
    @classmethod
    def _decision_date_valid(cls, value: dt.date | None) -> dt.date | None:
        # The same rules as at intake (cases.intake.validate_intake), which case_update does not apply.
        if value is not None and value > clock.today():
            raise ValueError("De datum van het terugkeerbesluit ligt in de toekomst.")
        return _decision_date_has_rule(value)


class AssignmentIn(InSchema):
    team_id: uuid.UUID
    assigned_to: int | None = Field(ge=1, le=MAX_USER_ID, description="User id of the case manager, or null.")
    version: int = Field(ge=1, le=MAX_INT32)


class TransitionIn(InSchema):
    phase: Phase
    hold_reason: HoldReason | None = Field(None, description="Required when `phase` is `on_hold`.")
    hold_note: str = Field("", max_length=300)
    outcome: Outcome | None = Field(
        None,
        description="Not used: closing goes through the departure's confirmation or the closure without "
        "departure, which check the outcome's conditions.",
    )
    version: int = Field(ge=1, le=MAX_INT32)


class NoteIn(InSchema):
    text: str = Field(min_length=1, max_length=20_000)


class AppointmentIn(InSchema):
    kind: AppointmentKind = Field(description="`embassy` (a presentation), `court` (a hearing) or `other`.")
    at: dt.datetime = Field(description="From now up to a year ahead.")
    place: str = Field("", max_length=200)
    note: str = Field("", max_length=500)


class AppointmentOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: AppointmentKind
    at: dt.datetime
    place: str
    note: str
    cancelled_at: dt.datetime | None


class PersonSearchIn(InSchema):
    query: str = Field(
        min_length=1,
        max_length=200,
        description="A V-number (or at least 4 of its digits), a case number (`RG-2026-004217`, or the old "
        "`RG-` and ten hex digits form), or a name or alias (spelling variants match).",
    )
    include_closed: bool = Field(False, description="Also find closed cases (listed after the open ones).")


class CaseListQuery(PageQuery):
    phase: Phase = optional(description="Only cases in this phase.")
    include_closed: bool = Field(False, description="Also list closed cases (when no `phase` is given).")
    assigned_to_me: bool = Field(False, description="Only cases assigned to the caller.")
    source: Source = optional(description="Only cases delivered by this source.")
    target_group: TargetGroup = optional(description="Only cases of this target group.")

    def to_filters(self) -> CaseFilters:
        return CaseFilters(
            phase=self.phase,
            include_closed=self.include_closed,
            assigned_to_me=self.assigned_to_me,
            source=self.source,
            target_group=self.target_group,
        )


# --- representations ---------------------------------------------------------------------------


class CaseOut(OutSchema):
    """A case without personal data: safe to return to the system that delivered it."""

    id: uuid.UUID
    number: str
    person_id: uuid.UUID
    source: Source
    source_reference: str
    target_group: TargetGroup
    phase: Phase
    hold_reason: HoldReason | None
    outcome: Outcome | None
    opened_on: dt.date
    closed_on: dt.date | None
    departure_term_ends: dt.date | None
    next_deadline: dt.date | None = Field(
        description="The next thing to do by a date: the earliest dated term, leaving out a passed departure "
        "term or reception end (facts, not tasks); none while on hold or closed."
    )
    next_deadline_code: str | None = Field(description="Which deadline that is (`pre_departure_checks`, ...).")
    next_deadline_label: str | None = Field(description="Its name, as the dossier shows it.")
    team_id: uuid.UUID | None
    assigned_to: int | None = Field(description="User id of the assigned case manager.")
    version: int

    @staticmethod
    def fields_of(case: Case, *, medical_visible: bool = True) -> dict[str, Any]:
        """The case's fields; its next deadline left out when it is medical (the end of an art. 64
        postponement) and the reader may not see special-category data (`medical_visible=False`)."""
        from .selectors import MEDICAL_DEADLINE_CODES

        hide_next = not medical_visible and case.next_deadline_code in MEDICAL_DEADLINE_CODES
        return {
            "id": case.pk,
            "number": case.number,
            "person_id": case.person_id,
            "source": case.source,
            "source_reference": case.source_reference,
            "target_group": case.target_group,
            "phase": case.phase,
            "hold_reason": case.hold_reason or None,
            "outcome": case.outcome or None,
            "opened_on": case.opened_on,
            "closed_on": case.closed_on,
            "departure_term_ends": case.departure_term_ends,
            "next_deadline": None if hide_next else case.next_deadline,
            "next_deadline_code": None if hide_next else case.next_deadline_code or None,
            "next_deadline_label": None if hide_next else case.next_deadline_label or None,
            "team_id": case.team_id,
            "assigned_to": case.assigned_to_id,
            "version": case.version,
        }

    @classmethod
    def from_case(cls, case: Case) -> CaseOut:
        return cls(**cls.fields_of(case))


class IntakeOut(CaseOut):
    person_created: bool = Field(description="False when the V-number was already known, or on a repeat.")
    possible_duplicates: int = Field(description="Earlier persons flagged as possibly the same person.")

    @classmethod
    def from_result(cls, result: IntakeResult) -> IntakeOut:
        return cls(
            **cls.fields_of(result.case),
            person_created=result.person_created,
            possible_duplicates=len(result.duplicates),
        )


class CaseListItem(CaseOut):
    v_number: str
    person_name: str
    team_name: str | None
    assigned_to_name: str | None

    @classmethod
    def from_listed(cls, case: Case, *, medical_visible: bool = True) -> CaseListItem:
        return cls(
            **cls.fields_of(case, medical_visible=medical_visible),
            v_number=case.person.v_number,
            person_name=case.person.full_name,
            team_name=case.team.name if case.team else None,
            assigned_to_name=case.assigned_to.display_name if case.assigned_to else None,
        )


class CasePage(PageOut):
    items: list[CaseListItem]


class PartialDateOut(OutSchema):
    """A date of birth that may be known only to the year, or to the year and month."""

    year: int | None
    month: int | None
    day: int | None


class NameOut(OutSchema):
    kind: NameKind
    given_names: str
    family_name: str


class NationalityOut(OutSchema):
    id: uuid.UUID = Field(description="To establish a claimed nationality (`.../nationalities/{id}/establishment`).")
    country: str
    status: NationalityStatus
    source: str
    established_on: dt.date | None


class LanguageOut(OutSchema):
    code: str
    interpreter_needed: bool


class PersonOut(OutSchema):
    id: uuid.UUID
    v_number: str
    given_names: str
    family_name: str
    birth: PartialDateOut
    place_of_birth: str
    sex: Sex
    names: list[NameOut] = Field(description="Primary identity, spelling variants and aliases.")
    nationalities: list[NationalityOut]
    languages: list[LanguageOut]
    version: int = Field(description="The person's version: send it with a correction; a newer one answers 409.")

    @classmethod
    def from_person(
        cls, person: Person, *, names: Iterable[Any], nationalities: Iterable[Any], languages: Iterable[Any]
    ) -> PersonOut:
        return cls.of(
            person,
            birth=PartialDateOut(year=person.birth_year, month=person.birth_month, day=person.birth_day),
            names=[NameOut.of(n) for n in names],
            nationalities=[NationalityOut.of(n) for n in nationalities],
            languages=[LanguageOut.of(lang) for lang in languages],
        )


class PersonCorrectionIn(ChangesIn):
    """Corrected facts only (members left out stay as they are), with the person's `version` as read."""

    version: int = Field(ge=1, le=MAX_INT32, description="The person's version as read; a newer one answers 409.")
    given_names: str = optional(max_length=200)
    family_name: str = optional(min_length=1, max_length=200)
    birth_year: int | None = optional(ge=1900, le=2100)
    birth_month: int | None = optional(ge=1, le=12)
    birth_day: int | None = optional(ge=1, le=31)
    place_of_birth: str = optional(max_length=200)
    sex: Sex = optional()


class CircumstanceDescriptionIn(InSchema):
    description: str = Field("", max_length=5000, description="Special-category data (GDPR art. 9).")


class MedicalBackgroundIn(InSchema):
    version: int = Field(ge=1, le=MAX_INT32, description="The case's version as read; a newer one answers 409.")
    text: str = Field(max_length=20_000, description="Special-category data (GDPR art. 9); empty clears it.")


class MedicalBackgroundOut(OutSchema):
    medical_background: str
    version: int = Field(description="The case's version after the change.")


class LanguageNeedIn(InSchema):
    interpreter_needed: bool


class DuplicateResolutionIn(InSchema):
    status: Literal["same", "different"] = Field(description="The same person, or two different persons.")


class DuplicateCandidateOut(OutSchema):
    id: uuid.UUID
    reason: str = Field(description="Why the two records may be one person (no data of the other person).")
    status: DuplicateStatus


class FamilyLinkIn(InSchema):
    relative_v_number: str = Field(
        pattern=r"^[0-9]{10}$", description="The relative's V-number; a person of a case the caller may see."
    )
    relation: FamilyRelation = Field(description="What the relative is to this person (the link is made both ways).")


class FamilyLinkOut(OutSchema):
    relative_id: uuid.UUID
    relation: FamilyRelation


class NationalityEstablishmentIn(InSchema):
    source: str = Field(min_length=1, max_length=200, description="What established it (a passport, the embassy).")
    established_on: dt.date = Field(description="When it was established; not in the future.")


class DeadlineOut(OutSchema):
    code: str
    kind: str = Field(description="`deadline` (a term with a date) or `flag` (a signal, since `due`).")
    label: str
    due: dt.date
    basis: str = Field(description="Legal basis, e.g. art. 62 Vw.")
    explanation: str = Field(description="How the date follows from the facts (in the `Accept-Language` language).")

    @classmethod
    def from_deadline(cls, row: Any) -> DeadlineOut:
        from regie.deadlines import texts

        return cls.of(row, label=texts.label(row), explanation=texts.explanation(row))


class CircumstanceOut(OutSchema):
    kind: SpecialCircumstanceKind
    description: str


class NoteOut(OutSchema):
    id: uuid.UUID
    text: str
    author: str | None
    created_at: dt.datetime

    @classmethod
    def from_note(cls, note: CaseNote) -> NoteOut:
        author = note.author.username if note.author else None
        return cls(id=note.pk, text=note.text, author=author, created_at=note.created_at)


class EarlierCaseOut(OutSchema):
    id: uuid.UUID
    number: str
    phase: Phase
    opened_on: dt.date
    closed_on: dt.date | None
    outcome: Outcome | None


class DossierOut(CaseOut):
    person: PersonOut
    return_decision_reference: str
    return_decision_date: dt.date | None
    return_decision_authority: str
    departure_term_days: int
    departure_term_reason: str
    current_location: str
    hold_note: str
    deadlines: list[DeadlineOut]
    special_categories_visible: bool = Field(
        description="Whether the caller may see medical background and special circumstances (else null)."
    )
    medical_background: str | None
    special_circumstances: list[CircumstanceOut] | None
    notes: list[NoteOut]
    earlier_cases: list[EarlierCaseOut]
    family: list[FamilyLinkOut] = Field(description="The person's relatives (ids and relation).")
    duplicate_candidates: list[DuplicateCandidateOut] = Field(
        description="Possible duplicates of the person; a team lead decides (`.../resolution`)."
    )

    @classmethod
    def from_dossier(cls, dossier: Dossier) -> DossierOut:
        case, person = dossier.case, dossier.person
        deadlines = [DeadlineOut.from_deadline(d) for d in dossier.deadlines]
        circumstances = dossier.special_circumstances
        return cls(
            **cls.fields_of(case, medical_visible=dossier.special_circumstances is not None),
            person=PersonOut.from_person(
                person, names=dossier.names, nationalities=dossier.nationalities, languages=dossier.languages
            ),
            return_decision_reference=case.return_decision_reference,
            return_decision_date=case.return_decision_date,
            return_decision_authority=case.return_decision_authority,
            departure_term_days=case.departure_term_days,
            departure_term_reason=case.departure_term_reason,
            current_location=case.current_location,
            hold_note=case.hold_note,
            deadlines=deadlines,
            special_categories_visible=dossier.special_categories_visible,
            medical_background=dossier.medical_background,
            special_circumstances=None
            if circumstances is None
            else [
                CircumstanceOut(kind=SpecialCircumstanceKind(c.kind), description=c.description) for c in circumstances
            ],
            notes=[NoteOut.from_note(n) for n in dossier.notes],
            duplicate_candidates=[DuplicateCandidateOut.of(c) for c in dossier.duplicate_candidates],
            family=[FamilyLinkOut.of(link) for link in dossier.family],
            earlier_cases=[
                EarlierCaseOut(
                    id=c.pk,
                    number=c.number,
                    phase=Phase(c.phase),
                    opened_on=c.opened_on,
                    closed_on=c.closed_on,
                    outcome=Outcome(c.outcome) if c.outcome else None,
                )
                for c in dossier.earlier_cases
            ],
        )


class ChangeOut(OutSchema):
    field: str = Field(description="The field that changed, as the API names it.")
    old: Any = Field(None, description="Value before; protected content reads as a fixed marker.")
    new: Any = Field(None, description="Value after; protected content reads as a fixed marker.")


class TimelineEventOut(OutSchema):
    id: int
    type: str = Field(description="Event type, e.g. `case.opened`.", examples=["case.opened"])
    label: str
    occurred_at: dt.datetime
    actor: str = Field(description="Username of who did it, or `system`.")
    channel: str
    changes: list[ChangeOut]

    @classmethod
    def from_event(cls, event: AuditEvent, *, hidden_fields: frozenset[str]) -> TimelineEventOut:
        old, new = event.old_values or {}, event.new_values or {}
        names = [n for n in dict.fromkeys([*old, *new]) if n not in hidden_fields]
        return cls.of(
            event,
            type=event.event_type,
            actor=event.actor_label,
            changes=[ChangeOut(field=api_field(n) or n, old=old.get(n), new=new.get(n)) for n in names],
        )


class TimelineOut(OutSchema):
    items: list[TimelineEventOut] = Field(description="Newest first.")


class SearchHitOut(OutSchema):
    case_id: uuid.UUID
    case_number: str
    phase: Phase
    matched_name: str
    score: float = Field(ge=0, le=100, description="100 is an exact match (always so for a V-number).")
    tier: Literal["exact", "variant", "similar"] = Field(
        description="How sure: `exact` (the V-number, case number or name), `variant` (a spelling variant of "
        "the name, or part of a V-number), `similar` (a name that looks alike)."
    )

    @classmethod
    def from_hit(cls, hit: SearchHit) -> SearchHitOut:
        return cls.of(hit, case_id=hit.case.pk, case_number=hit.case.number, phase=Phase(hit.case.phase))


class SearchOut(OutSchema):
    items: list[SearchHitOut] = Field(description="Best match first; at most 25.")


# -- intake in batches (POST /case-batches) ------------------------------------------------------------------
class CaseBatchIn(InSchema):
    """Dossiers delivered together: each one answered as `POST /cases` would answer it, in order."""

    cases: list[IntakeIn] = Field(
        min_length=1,
        description="The dossiers, at most `REGIE_CASE_BATCH_MAX` (1000 by default; more answers 413). "
        "A batch sent again opens nothing twice: each (`source`, `sourceReference`) answers its case.",
    )


class RowProblemOut(OutSchema):
    """Why a dossier of the batch was refused: as `invalidParams` of a problem response."""

    name: str | None = Field(description="The field at fault as sent (e.g. `vNumber`), or none.")
    reason: str


class CaseBatchRowOut(OutSchema):
    index: int = Field(description="The dossier's position in `cases`, from 0.")
    status: Literal["created", "existing", "rejected"] = Field(
        description="`created`: a case was opened (as 201 of `POST /cases`); `existing`: delivered before, "
        "the case opened then (200); `rejected`: nothing written (400), see `problems`."
    )
    case_id: uuid.UUID | None
    case_number: str | None
    person_created: bool = Field(description="False when the V-number was already known, or not created.")
    possible_duplicates: int = Field(description="Earlier persons flagged as possibly the same person.")
    problems: list[RowProblemOut]

    @classmethod
    def from_result(cls, index: int, result: IntakeResult) -> CaseBatchRowOut:
        return cls(
            index=index,
            status="created" if result.created else "existing",
            case_id=result.case.pk,
            case_number=result.case.number,
            person_created=result.person_created,
            possible_duplicates=len(result.duplicates),
            problems=[],
        )

    @classmethod
    def rejected(cls, index: int, problems: Iterable[tuple[str | None, str]]) -> CaseBatchRowOut:
        return cls(
            index=index,
            status="rejected",
            case_id=None,
            case_number=None,
            person_created=False,
            possible_duplicates=0,
            problems=[RowProblemOut(name=name, reason=reason) for name, reason in problems],
        )


class CaseBatchOut(OutSchema):
    created: int
    existing: int
    rejected: int
    results: list[CaseBatchRowOut] = Field(description="One per dossier, in the order sent.")
