"""The JSON shapes of the travel-documents API, in lowerCamelCase.

Requests check shape and bounds; the life cycle of an LP request stays in
`travel_documents.domain`. Document numbers travel only in bodies, never in paths or queries.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import Field

from regie.api.schemas import InSchema, OutSchema
from regie.core import clock

from . import domain
from .choices import DocumentKind, LpOutcome, LpStatus
from .models import CountryRequirement, IdentityDocument, LpRequest
from .selectors import lp_withdrawal_decision_on

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
MAX_INT32 = 2**31 - 1
COUNTRY_PATTERN = r"^[A-Z]{2}$"


def date_field(description: str = "", **kwargs: Any) -> Any:
    """A calendar date within sane bounds (typing errors such as year 20260 stay out)."""
    return Field(ge=EARLIEST, le=LATEST, description=description, **kwargs)


def version_field() -> Any:
    return Field(ge=1, le=MAX_INT32, description="The LP request's version as read; a newer one answers 409.")


# --- requests ------------------------------------------------------------------------------------


class DocumentIn(InSchema):
    kind: DocumentKind
    issuing_country: str = Field(
        pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-2, upper case.", examples=["MA"]
    )
    number: str = Field("", max_length=40, description="Personal data: only ever sent in a body.")
    valid_until: dt.date | None = date_field("Required for a passport or laissez-passer.", default=None)
    held_by_service: bool = Field(False, description="The service keeps the original.")
    note: str = Field("", max_length=300)


class LpPrepareIn(InSchema):
    country: str = Field(pattern=COUNTRY_PATTERN, description="Country whose authorities are asked.", examples=["DZ"])
    prepared_on: dt.date | None = date_field("Today when left out; not in the future.", default=None)
    reference: str = Field("", max_length=64)
    note: str = Field("", max_length=5000)


class LpSignIn(InSchema):
    version: int = version_field()
    signed_on: dt.date | None = date_field("Today when left out.", default=None)


class LpRefuseSigningIn(InSchema):
    version: int = version_field()
    signing_refused_on: dt.date | None = date_field("Today when left out.", default=None)
    note: str = Field("", max_length=5000, description="What the person said, briefly.")


class LpSendIn(InSchema):
    version: int = version_field()
    sent_on: dt.date | None = date_field(
        "Today when left out. The withdrawal decision falls due 12 months later.", default=None
    )


class LpPresentIn(InSchema):
    version: int = version_field()
    presented_on: dt.date | None = date_field("Today when left out.", default=None)


class LpOutcomeIn(InSchema):
    version: int = version_field()
    outcome: LpOutcome = Field(description="Before sending only `withdrawn`.")
    outcome_on: dt.date | None = date_field("Today when left out.", default=None)
    lp_valid_until: dt.date | None = date_field("Required when `issued`.", default=None)
    document_number: str = Field("", max_length=40, description="Number of the issued LP, when `issued`.")
    note: str = Field("", max_length=5000)


class CountryRequirementIn(InSchema):
    """The whole record of one country (PUT replaces it). Send the `version` you read to change an
    existing record; leave it out to create one."""

    version: int | None = Field(None, ge=1, le=MAX_INT32, description="Version as read; omit to create.")
    forms: str = Field("", max_length=5000)
    photos: int = Field(0, ge=0, le=99, description="Number of passport photos.")
    translated_copies: bool = False
    presentation_in_person: bool = Field(False, description="The person must be presented at the embassy.")
    typical_response_days: int | None = Field(None, ge=0, le=3650)
    embassy_name: str = Field("", max_length=200)
    embassy_contact: str = Field("", max_length=5000)
    notes: str = Field("", max_length=5000)

    def values(self) -> dict[str, Any]:
        return self.model_dump(by_alias=False, exclude={"version"})


# --- representations -----------------------------------------------------------------------------


class DocumentOut(OutSchema):
    id: uuid.UUID
    kind: DocumentKind
    number: str
    issuing_country: str
    valid_until: dt.date | None
    held_by_service: bool
    note: str
    valid_travel_document: bool = Field(description="A passport or laissez-passer valid today.")

    @classmethod
    def from_document(cls, d: IdentityDocument) -> DocumentOut:
        valid = domain.is_valid_travel_document(domain.Document(d.kind, d.valid_until), clock.today())
        return cls.of(d, valid_travel_document=valid)


class DocumentList(OutSchema):
    items: list[DocumentOut]


class LpRequestOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    country: str
    status: LpStatus
    prepared_on: dt.date
    signed_on: dt.date | None
    signing_refused_on: dt.date | None
    sent_on: dt.date | None
    presented_on: dt.date | None
    outcome: LpOutcome | None
    outcome_on: dt.date | None
    lp_valid_until: dt.date | None
    reference: str
    note: str
    withdrawal_decision_on: dt.date | None = Field(
        description="While sent and unanswered: the day (sent + 12 months) to decide whether to withdraw it."
    )
    next_steps: list[str] = Field(
        description="Steps the life cycle allows now: `sign`, `refuse_signing`, `send`, `present`, `close`."
    )
    version: int

    @classmethod
    def from_lp(cls, lp: LpRequest) -> LpRequestOut:
        return cls.of(
            lp,
            outcome=lp.outcome or None,
            withdrawal_decision_on=lp_withdrawal_decision_on(lp),
            next_steps=domain.next_actions(lp.status),
        )


class LpRequestList(OutSchema):
    items: list[LpRequestOut]


class CountryRequirementOut(OutSchema):
    country: str
    forms: str
    photos: int
    translated_copies: bool
    presentation_in_person: bool
    typical_response_days: int | None
    embassy_name: str
    embassy_contact: str
    notes: str
    version: int

    @classmethod
    def from_requirement(cls, r: CountryRequirement) -> CountryRequirementOut:
        return cls.of(r)


class CountryRequirementList(OutSchema):
    items: list[CountryRequirementOut]


class LpInFlightPersonOut(OutSchema):
    """What an LP request carries to the authorities of a person: name, date of birth (parts may be
    unknown), nationalities and V-number. Nothing else of the dossier."""

    full_name: str
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    v_number: str | None
    nationalities: list[str] = Field(description="ISO 3166-1 alpha-2 codes.")


class LpInFlightOut(OutSchema):
    lp_request_id: uuid.UUID
    case_id: uuid.UUID
    status: LpStatus
    sent_on: dt.date
    age_days: int = Field(description="Days since the request was sent to the authorities.")
    person: LpInFlightPersonOut


class CountryLpOverviewOut(OutSchema):
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    median_response_days: float | None = Field(
        description="Median days from sending to the authorities' answer (withdrawn requests left out)."
    )
    answered: int = Field(description="Requests answered by the authorities: the base of the median.")
    in_flight: list[LpInFlightOut] = Field(description="Sent and not yet answered, oldest first.")


class CountryLpOverviewList(OutSchema):
    items: list[CountryLpOverviewOut]
