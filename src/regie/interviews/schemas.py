"""The JSON shapes of the interviews API (requests in, representations out), in lowerCamelCase.

Requests check shape and bounds; the rules (a stance, the checks of the first three interviews, the
interpreter's ISO 639 language, times in the past or ahead) stay in `interviews.domain` and the services,
where the web form uses them too, so both channels name the same field with the same words.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import AwareDatetime, Field, field_validator

from regie.api.errors import api_field
from regie.api.schemas import InSchema, OutSchema, no_default
from regie.core.domain import YEAR_RANGE

from .choices import CheckResult, InterviewStatus, Stance
from .domain import (
    MAX_CHANGE_NOTE,
    MAX_CHECK_NOTE,
    MAX_INTERPRETER_NAME,
    MAX_PARTICIPANTS,
    MAX_PLACE,
    MAX_TEXT,
    CheckInput,
)
from .models import DeparturePlanVersion
from .selectors import InterviewView, PlanHistoryEntry

MAX_INT32 = 2**31 - 1
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _in_range(value: dt.datetime | None) -> dt.datetime | None:
    # Far-off years overflow when converted to UTC for storage: refuse them as input, not as a 500.
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(YEAR_RANGE % {"first": EARLIEST_YEAR, "last": LATEST_YEAR})
    return value


LANGUAGE_DESCRIPTION = "The interpreter's language: ISO 639-1 or 639-3 code, lower case (e.g. `ar`, `ti`, `fas`)."


# --- requests ----------------------------------------------------------------------------------


class InterviewPlanIn(InSchema):
    planned_at: AwareDatetime = Field(description="When, with a time zone; from about now up to a year ahead.")
    place: str = Field("", max_length=MAX_PLACE)
    interpreter_language: str = Field("", max_length=3, description=LANGUAGE_DESCRIPTION, examples=["ti"])
    interpreter_name: str = Field("", max_length=MAX_INTERPRETER_NAME, description="Needs `interpreterLanguage`.")

    _range = field_validator("planned_at")(_in_range)


class CheckIn(InSchema):
    result: CheckResult = Field(
        description="`not_present`: discussed, does not apply; `present`: discussed, applies; "
        "`not_checked`: not discussed (the case is then flagged on the worklist)."
    )
    note: str = Field("", max_length=MAX_CHECK_NOTE, description="Special-category data (GDPR art. 9).")


class ChecksIn(InSchema):
    """One member per special circumstance. Each of the first three held interviews must give all four
    (`not_checked` is allowed, and flags the case); later interviews may leave any out."""

    medical: CheckIn | None = Field(None, json_schema_extra=no_default)
    trafficking: CheckIn | None = Field(None, json_schema_extra=no_default)
    minors: CheckIn | None = Field(None, json_schema_extra=no_default)
    vulnerability: CheckIn | None = Field(None, json_schema_extra=no_default)

    def to_checks(self) -> dict[str, CheckInput]:
        given = {name: getattr(self, name) for name in type(self).model_fields}
        return {name: CheckInput(check.result, check.note) for name, check in given.items() if check is not None}


class _RecordFields(InSchema):
    held_at: AwareDatetime = Field(description="When it took place, with a time zone; not in the future.")
    participants: str = Field("", max_length=MAX_PARTICIPANTS, description="Who took part besides the person.")
    summary: str = Field(min_length=1, max_length=MAX_TEXT, description="The report of the interview.")
    stance: Stance = Field(description="The person's stance: `cooperates`, `partly` or `does_not`.")
    checks: ChecksIn = Field(default_factory=lambda: ChecksIn.model_validate({}))

    _range = field_validator("held_at")(_in_range)


class InterviewReportIn(_RecordFields):
    """The report of a planned interview. Place and interpreter left out keep what was planned."""

    place: str | None = Field(None, max_length=MAX_PLACE, json_schema_extra=no_default)
    interpreter_language: str | None = Field(
        None, max_length=3, description=LANGUAGE_DESCRIPTION, json_schema_extra=no_default
    )
    interpreter_name: str | None = Field(None, max_length=MAX_INTERPRETER_NAME, json_schema_extra=no_default)
    version: int = Field(ge=1, le=MAX_INT32, description="The interview's version as read; a newer one answers 409.")


class HeldInterviewIn(_RecordFields):
    """An interview that took place without being planned in Regie."""

    place: str = Field("", max_length=MAX_PLACE)
    interpreter_language: str = Field("", max_length=3, description=LANGUAGE_DESCRIPTION, examples=["ti"])
    interpreter_name: str = Field("", max_length=MAX_INTERPRETER_NAME)


class InterviewCancellationIn(InSchema):
    reason: Literal["cancelled", "no_show"] = Field(
        description="`cancelled`: called off; `no_show`: the person did not appear."
    )
    version: int = Field(ge=1, le=MAX_INT32, description="The interview's version as read; a newer one answers 409.")


class PlanVersionIn(InSchema):
    """The next version of the departure plan."""

    strategy: str = Field(min_length=1, max_length=MAX_TEXT, description="The strategy towards departure.")
    next_steps: str = Field("", max_length=MAX_TEXT, description="The next steps agreed.")
    change_note: str = Field(
        "", max_length=MAX_CHANGE_NOTE, description="What changed and why; required after the first version."
    )
    version: int = Field(
        ge=0, le=MAX_INT32, description="The plan's `version` as read (0 when there was none); a newer one answers 409."
    )


# --- representations ---------------------------------------------------------------------------


class CheckOut(OutSchema):
    circumstance: str = Field(examples=["medical"])
    result: CheckResult | None = Field(description="Null when this interview recorded nothing for it.")
    note: str


class InterviewOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    status: InterviewStatus
    planned_at: dt.datetime
    held_at: dt.datetime | None
    place: str
    interpreter_language: str
    interpreter_name: str
    participants: str
    summary: str
    stance: Stance | None
    conducted_by: str | None = Field(description="Username of who recorded the held interview.")
    rank: int = Field(description="Place among the case's held interviews (1 is the first); 0 when not held.")
    checks_required: bool = Field(description="Whether every special circumstance must be checked (first three).")
    unchecked: list[str] = Field(description="Circumstances not checked in one of the first three interviews.")
    checks: list[CheckOut] | None = Field(
        description="Per special circumstance; null for callers who may not see special-category data."
    )
    version: int

    @classmethod
    def from_view(cls, view: InterviewView) -> InterviewOut:
        i = view.interview
        return cls.of(
            i,
            stance=i.stance or None,
            conducted_by=i.conducted_by.username if i.conducted_by else None,
            rank=view.rank,
            checks_required=view.checks_required,
            unchecked=list(view.unchecked),
            checks=None
            if view.checks is None
            else [
                CheckOut(circumstance=c.circumstance, result=CheckResult(c.result) if c.result else None, note=c.note)
                for c in view.checks
            ],
        )


class InterviewList(OutSchema):
    items: list[InterviewOut] = Field(description="In planned order.")


class PlanVersionOut(OutSchema):
    number: int
    strategy: str
    next_steps: str
    change_note: str
    author: str | None = Field(description="Username of who wrote this version.")
    created_at: dt.datetime
    changed: list[str] = Field(description="What this version changed: `strategy`, `nextSteps`.")

    @classmethod
    def from_version(cls, version: DeparturePlanVersion, changed: tuple[str, ...]) -> PlanVersionOut:
        return cls(
            number=version.number,
            strategy=version.strategy,
            next_steps=version.next_steps,
            change_note=version.change_note,
            author=version.author.username if version.author else None,
            created_at=version.created_at,
            changed=[api_field(name) or name for name in changed],
        )

    @classmethod
    def from_entry(cls, entry: PlanHistoryEntry) -> PlanVersionOut:
        return cls.from_version(entry.version, entry.changed)


class DeparturePlanOut(OutSchema):
    version: int = Field(description="The current version's number (0: no plan yet); send it with the next version.")
    up_to_date: bool = Field(description="Whether the latest version is recent enough (a VBL placement needs that).")
    max_age_days: int = Field(description="How old the latest version may be and still be up to date.")
    versions: list[PlanVersionOut] = Field(description="Newest first.")
