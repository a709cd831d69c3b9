"""The JSON shapes of the removability API, in lowerCamelCase.

Requests check shape and bounds; the rules (one year at most, pregnancy six weeks either side of the
expected date of birth) stay in `removability.domain` where the web form uses them too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import Field

from regie.api.schemas import InSchema, OutSchema, QuerySchema
from regie.core.i18n import translate

from .choices import PostponementGround, ProcedureKind
from .domain import Removability
from .models import MedicalPostponement, PendingProcedure

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def date_field(description: str = "", **kwargs: Any) -> Any:
    """A calendar date within sane bounds (typing errors such as year 20260 stay out)."""
    return Field(ge=EARLIEST, le=LATEST, description=description, **kwargs)


# --- requests ------------------------------------------------------------------------------------


class ProcedureIn(InSchema):
    kind: ProcedureKind
    suspensive: bool = Field(description="Whether removal must wait for the outcome (suspensive effect).")
    starts_on: dt.date = date_field("Day the procedure started; not in the future.")
    ends_on: dt.date | None = date_field("Last day, when already ended.", default=None)
    reference: str = Field("", max_length=64, description="Court or IND reference.")


class ProcedureEndIn(InSchema):
    ends_on: dt.date = date_field("Last day the procedure applied; not in the future.")
    outcome_note: str = Field("", max_length=300)


class PostponementIn(InSchema):
    """Pregnancy: give `expectedBirthOn`; the period (six weeks either side) is computed, and dates
    sent along must agree with it. Other grounds: `startsOn` and `endsOn`, at most one year apart."""

    ground: PostponementGround
    starts_on: dt.date | None = date_field(default=None)
    ends_on: dt.date | None = date_field("Last day (inclusive).", default=None)
    expected_birth_on: dt.date | None = date_field("Only for `pregnancy`.", default=None)
    bma_reference: str = Field("", max_length=64, description="Required for `bma_advice`.")


class PostponementEarlyEndIn(InSchema):
    ended_early_on: dt.date = date_field("The last day the postponement still applies; before its planned end.")


# --- representations -----------------------------------------------------------------------------


class ProcedureOut(OutSchema):
    id: uuid.UUID
    kind: ProcedureKind
    suspensive: bool
    starts_on: dt.date
    ends_on: dt.date | None
    reference: str
    outcome_note: str

    @classmethod
    def from_procedure(cls, p: PendingProcedure) -> ProcedureOut:
        return cls.of(p)


class PostponementOut(OutSchema):
    """The period is for everyone on the case; the ground, expected date of birth and BMA reference are
    health data, null unless the caller may see special categories (`specialCategoriesVisible`)."""

    id: uuid.UUID
    starts_on: dt.date
    ends_on: dt.date
    ended_early_on: dt.date | None
    ground: PostponementGround | None
    expected_birth_on: dt.date | None
    bma_reference: str | None

    @classmethod
    def from_postponement(cls, p: MedicalPostponement, *, special: bool) -> PostponementOut:
        return cls.of(
            p,
            ground=PostponementGround(p.ground) if special else None,
            expected_birth_on=p.expected_birth_on if special else None,
            bma_reference=p.bma_reference if special else None,
        )


class RemovabilityOut(OutSchema):
    on: dt.date = Field(description="The day the answer is about.")
    removable: bool
    reasons: list[str] = Field(
        description="Why not, in the `Accept-Language` language (Dutch by default); empty when removable. Never names a medical ground."
    )
    special_categories_visible: bool
    procedures: list[ProcedureOut]
    postponements: list[PostponementOut]

    @classmethod
    def build(
        cls,
        answer: Removability,
        *,
        procedures: list[PendingProcedure],
        postponements: list[MedicalPostponement],
        special: bool,
    ) -> RemovabilityOut:
        return cls(
            on=answer.on,
            removable=answer.removable,
            reasons=[translate(r) for r in answer.reasons],
            special_categories_visible=special,
            procedures=[ProcedureOut.from_procedure(p) for p in procedures],
            postponements=[PostponementOut.from_postponement(p, special=special) for p in postponements],
        )


class RemovabilityQuery(QuerySchema):
    on: dt.date | None = date_field("Day to answer for; today when left out.", default=None)
