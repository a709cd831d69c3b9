"""The JSON shapes of the departures API (requests in, representations out), in lowerCamelCase.

Requests check shape and bounds only (types, lengths, years that date arithmetic can handle); the
rules (codes, the kind's required facts, the Dublin term, the checklist, the handover, the no-fault
permit) stay in `departures.domain` and the services, where the web forms use them too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import AwareDatetime, Field, field_validator

from regie.api.errors import api_field
from regie.api.schemas import ChangesIn, InSchema, OutSchema, no_default
from regie.core.domain import YEAR_RANGE

from .choices import CancelReason, DepartureKind, DepartureStatus, Escort
from .domain import EARLIEST_YEAR, LATEST_YEAR
from .selectors import DepartureView
from .services import HANDOVER_INPUT_OF, NOTE_MAX, TEXT_MAX

MAX_INT32 = 2**31 - 1

ChecklistItem = Literal["ticket", "money", "belongings", "travel_document", "fit_to_fly", "medical_information"]
OutcomeWithoutDeparture = Literal[
    "unsupervised", "new_procedure", "permit_granted", "no_fault_permit", "deceased", "transferred"
]

CODE_HINT = "Spaces and lower case are accepted (`kl 1234` is `KL1234`)."


def optional(**constraints: Any) -> Any:
    """A PATCH member: may be left out (then unchanged)."""
    return Field(None, json_schema_extra=no_default, **constraints)


def _in_range(value: dt.datetime | None) -> dt.datetime | None:
    # Far-off years overflow when converted to UTC for storage: refuse them as input, not as a 500.
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(YEAR_RANGE % {"first": EARLIEST_YEAR, "last": LATEST_YEAR})
    return value


def _version(what: str = "departure") -> Any:
    return Field(ge=1, le=MAX_INT32, description=f"The {what}'s `version` as read; a newer one answers 409.")


# --- requests ----------------------------------------------------------------------------------


class DeparturePlanIn(InSchema):
    """A departure plan. Forced: `departsAt`, `flightNumber` and an escort are required. Dublin:
    `dublinMemberState` and `dublinAcceptedOn` (the destination is the member state)."""

    kind: DepartureKind = Field(description="`independent`, `forced` or `dublin`.")
    destination_country: str = Field(
        "", max_length=4, description="ISO 3166-1 alpha-2; may be left out for a Dublin transfer.", examples=["MA"]
    )
    departs_at: AwareDatetime | None = Field(None, description="The flight's departure, with a time zone.")
    flight_number: str = Field("", max_length=12, description=f"IATA flight number, e.g. `KL1234`. {CODE_HINT}")
    from_airport: str = Field("", max_length=5, description="IATA airport code, e.g. `AMS`.")
    to_airport: str = Field("", max_length=5, description="IATA airport code, e.g. `CMN`.")
    escort: Escort = Field(Escort.NONE, description="`none`, `kmar` (KMar escort) or `partial` (up to boarding).")
    dublin_member_state: str = Field("", max_length=4, description="The responsible member state, e.g. `DE`.")
    dublin_accepted_on: dt.date | None = Field(None, description="When the member state accepted the claim.")
    dublin_imprisoned: bool = Field(False, description="Transfer term 12 months instead of 6.")
    dublin_absconded: bool = Field(False, description="Transfer term 18 months instead of 6.")

    _range = field_validator("departs_at")(_in_range)

    def values(self) -> dict[str, Any]:
        return self.model_dump(by_alias=False)


class DepartureUpdateIn(ChangesIn):
    """Changed facts only (members left out stay as they are), with the `version` that was read.
    Another flight undoes the ticket check; another date the travel document check (unless the
    document is valid then too). The kind cannot change: cancel and plan anew."""

    version: int = _version()
    destination_country: str = optional(max_length=4)
    departs_at: AwareDatetime | None = optional()
    flight_number: str = optional(max_length=12)
    from_airport: str = optional(max_length=5)
    to_airport: str = optional(max_length=5)
    escort: Escort = optional()
    dublin_member_state: str = optional(max_length=4)
    dublin_accepted_on: dt.date | None = optional()
    dublin_imprisoned: bool = optional()
    dublin_absconded: bool = optional()

    _range = field_validator("departs_at")(_in_range)


class DepartureCheckIn(InSchema):
    item: ChecklistItem = Field(
        description="`travel_document` needs a passport or laissez-passer valid on the departure date "
        "(or a handover at the border agreed with the country)."
    )
    checked: bool = Field(True, description="False unticks the item.")
    version: int = _version()


class DepartureHandoverIn(InSchema):
    """What the escort must know. `complete` needs every field filled in (`geen` is an answer)."""

    belongings: str = Field("", max_length=TEXT_MAX, description="Luggage and belongings.")
    physical_features: str = Field("", max_length=TEXT_MAX, description="Physical features.")
    medical: str | None = Field(
        None,
        max_length=TEXT_MAX,
        description="Medical facts the escort needs: special-category data (GDPR art. 9), only for the "
        "assigned case manager and the team lead. Null or left out: unchanged.",
        json_schema_extra=no_default,
    )
    complete: bool = Field(False, description="The handover is complete (false: still in progress).")
    version: int = _version()


class DepartureConfirmationIn(InSchema):
    """The border message, entered by hand. Closes the case with the outcome of the departure's kind."""

    confirmed_on: dt.date = Field(description="The date of departure in the border message; not in the future.")
    border_message_reference: str = Field(min_length=1, max_length=64, description="The border message's reference.")
    version: int = _version()


class DepartureCancellationIn(InSchema):
    reason: CancelReason = Field(description="Why the departure does not go ahead; `other` needs a `note`.")
    note: str = Field("", max_length=NOTE_MAX)
    version: int = _version()


class CloseWithoutDepartureIn(InSchema):
    """Close the case without a departure. `no_fault_permit` needs full cooperation (latest interview),
    no pending procedure, and an established nationality: each unmet condition is named."""

    outcome: OutcomeWithoutDeparture = Field(
        description="`unsupervised` (left without supervision), `new_procedure`, `permit_granted`, "
        "`no_fault_permit`, `deceased` or `transferred`."
    )
    note: str = Field("", max_length=TEXT_MAX, description="Added to the case as a note.")
    version: int = _version("case")


# --- representations ---------------------------------------------------------------------------


class DepartureChecklistItemOut(OutSchema):
    item: ChecklistItem
    label: str
    checked_at: dt.datetime | None = Field(description="Null while not ticked, and for a restricted item.")
    restricted: bool = Field(
        description="A medical check (`fit_to_fly`, `medical_information`) for a caller who may not see medical "
        "facts: whether and when it was ticked is not shown."
    )


class DepartureHandoverOut(OutSchema):
    required: bool = Field(description="Forced and escorted departures need a complete handover to be confirmed.")
    belongings: str
    physical_features: str
    medical: str | None = Field(description="Null for callers who may not see special-category data.")
    medical_visible: bool
    completed_at: dt.datetime | None
    missing: list[str] = Field(description="Fields still empty: `belongings`, `physicalFeatures`, `medical`.")


class DepartureOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: DepartureKind
    status: DepartureStatus
    departs_at: dt.datetime | None
    flight_number: str
    from_airport: str
    to_airport: str
    destination_country: str
    escort: Escort
    dublin_member_state: str | None
    dublin_accepted_on: dt.date | None
    dublin_imprisoned: bool
    dublin_absconded: bool
    dublin_transfer_deadline: dt.date | None = Field(description="Last day of the transfer (Dublin III art. 29).")
    checklist: list[DepartureChecklistItemOut]
    checklist_required: bool = Field(description="A forced departure is confirmed only with the whole checklist.")
    checklist_due_at: dt.datetime | None = Field(description="48 hours before a forced departure (Vc A4).")
    missing_checks: list[ChecklistItem] = Field(
        description="Unticked items; the medical checks only for callers who may see medical facts."
    )
    travel_document_id: uuid.UUID | None = Field(description="The document checked as valid on the departure date.")
    handover: DepartureHandoverOut
    confirmed_on: dt.date | None
    border_message_reference: str
    cancel_reason: CancelReason | None
    cancel_note: str
    cancelled_at: dt.datetime | None
    outcome: str | None = Field(description="The case's outcome once the departure is confirmed.")
    on_hold: list[str] = Field(
        description="Why a planned forced departure or Dublin transfer cannot go ahead on its day as things "
        "stand (a suspensive procedure, a medical postponement; no medical ground). Empty: nothing holds it."
    )
    created_at: dt.datetime
    version: int

    @classmethod
    def from_view(cls, view: DepartureView) -> DepartureOut:
        d = view.departure
        return cls.of(
            d,
            dublin_member_state=d.dublin_member_state or None,
            dublin_transfer_deadline=view.dublin_deadline,
            checklist=[
                DepartureChecklistItemOut(
                    item=row.item,  # type: ignore[arg-type]
                    label=row.label,
                    checked_at=row.checked_at,
                    restricted=row.restricted,
                )  # type: ignore[arg-type]
                for row in view.checklist
            ],
            checklist_required=view.checklist_required,
            checklist_due_at=view.checklist_due,
            missing_checks=list(view.missing_checks),  # type: ignore[arg-type]
            handover=DepartureHandoverOut(
                required=view.handover_required,
                belongings=d.handover_belongings,
                physical_features=d.handover_physical_features,
                medical=view.handover_medical,
                medical_visible=view.medical_visible,
                completed_at=d.handover_completed_on,
                missing=[api_field(HANDOVER_INPUT_OF[f]) or f for f in view.handover_missing],
            ),
            cancel_reason=d.cancel_reason or None,
            cancel_note=d.cancel_note,
            cancelled_at=d.cancelled_at,
            outcome=view.outcome,
            on_hold=list(view.on_hold),
            created_at=d.created_at,
            version=d.version,
        )


class DepartureList(OutSchema):
    items: list[DepartureOut] = Field(description="Newest first: the planned departure, then earlier ones.")
