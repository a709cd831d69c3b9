"""The JSON shapes of the measures API, in lowerCamelCase.

Requests check shape and bounds only; the rules (dates, maxima, entry conditions) are the services'
and the domain's, shared with the web forms. Member names follow the service arguments, so an error
the service names (`ends_on`) reaches the client as the member it sent (`endsOn`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import Field

from regie.api.schemas import InSchema, OutSchema
from regie.deadlines.models import CaseDeadline

from .choices import DetentionBasis, DetentionEndReason, DetentionExtensionReason, MeasureEndReason
from .models import ReportingDuty
from .selectors import CaseMeasures, DetentionView, VblView

MAX_INT32 = 2**31 - 1
MAX_USER_ID = 2**63 - 1


def _version() -> Any:
    return Field(ge=1, le=MAX_INT32, description="The measure's `version` as read; a newer one answers 409.")


# --- requests ----------------------------------------------------------------------------------


class ReportingDutyIn(InSchema):
    starts_on: dt.date = Field(description="From this day; may lie ahead (at most a year).")
    frequency: str = Field(min_length=1, max_length=100, examples=["wekelijks op maandag"])
    location: str = Field(min_length=1, max_length=200, description="Where the person reports.")


class ReportingDutyEndIn(InSchema):
    ends_on: dt.date = Field(description="Not in the future, not before the start.")
    end_reason: MeasureEndReason
    version: int = _version()


class VblPlacementIn(InSchema):
    """Entry needs an up-to-date departure plan and a filed LP request (art. 56 Vw); when either is
    missing the answer is 400 naming `departurePlan` and/or `lpRequest`."""

    location: str = Field(min_length=1, max_length=200)
    starts_on: dt.date = Field(description="Not in the future.")


class VblReviewIn(InSchema):
    reviewed_on: dt.date = Field(description="Not in the future, not before the start of the stay.")
    review_note: str = Field(min_length=1, max_length=300, description="The outcome of the review.")
    version: int = _version()


class VblEndIn(InSchema):
    ends_on: dt.date
    end_reason: MeasureEndReason = Field(description="`absconded`: left for an unknown destination.")
    version: int = _version()


class DetentionStartIn(InSchema):
    """For team leads of the case's team: starting a detention approves the proposal of `proposedBy`."""

    basis: DetentionBasis
    place: str = Field(min_length=1, max_length=200)
    grounds: str = Field(min_length=1, max_length=20_000)
    starts_on: dt.date = Field(description="Not in the future; the maximum may not have passed already.")
    family_or_minor: bool = Field(
        False,
        description="A family or a minor: at most 14 days. Derived from the dossier (age at the start, an "
        "unaccompanied minor, a detained minor in the household); `true` can only make it stricter.",
    )
    proposed_by: int = Field(
        ge=1,
        le=MAX_USER_ID,
        description="User id of the case manager (or another team lead) who proposed it: not the caller (four eyes).",
    )


class DetentionProposalIn(InSchema):
    """Propose a detention; a team lead of the case's team who did not propose it decides (four eyes)."""

    basis: DetentionBasis
    place: str = Field(min_length=1, max_length=200)
    grounds: str = Field(min_length=1, max_length=20_000)
    starts_on: dt.date = Field(description="The proposed start; not in the future.")


class ProposalApprovalIn(InSchema):
    version: int = _version()
    starts_on: dt.date | None = Field(None, description="Start on another day than proposed (not in the future).")


class ProposalRefusalIn(InSchema):
    version: int = _version()
    reason: str = Field(
        min_length=1, max_length=1000, description="Why not; shown to the case manager and in the dossier."
    )


class DetentionAppealIn(InSchema):
    appealed_on: dt.date
    version: int = _version()


class DetentionCourtNotificationIn(InSchema):
    court_notified_on: dt.date
    version: int = _version()


class DetentionExtensionIn(InSchema):
    """Extends to the extended maximum (18 months), once, before the standard maximum passes; not for
    families and unaccompanied minors."""

    extended_on: dt.date
    extension_reason: DetentionExtensionReason
    extension_grounds: str = Field(min_length=1, max_length=20_000)
    version: int = _version()


class DetentionEndIn(InSchema):
    ends_on: dt.date = Field(description="Never after the detention's maximum.")
    end_reason: DetentionEndReason
    version: int = _version()


# --- representations ---------------------------------------------------------------------------


class MeasureDeadlineOut(OutSchema):
    code: str
    kind: str = Field(description="`deadline`, or `flag` for a signal such as no recorded action during detention.")
    label: str
    due: dt.date
    basis: str = Field(description="Legal basis, e.g. art. 59 Vw.")
    explanation: str = Field(description="How the date follows from the facts (in the `Accept-Language` language).")

    @classmethod
    def from_row(cls, row: CaseDeadline) -> MeasureDeadlineOut:
        from regie.deadlines import texts

        return cls.of(row, label=texts.label(row), explanation=texts.explanation(row))


class ReportingDutyOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    starts_on: dt.date
    ends_on: dt.date | None
    end_reason: MeasureEndReason | None
    frequency: str
    location: str
    active: bool
    version: int

    @classmethod
    def from_duty(cls, duty: ReportingDuty) -> ReportingDutyOut:
        return cls.of(
            duty,
            end_reason=MeasureEndReason(duty.end_reason) if duty.end_reason else None,
            active=duty.ends_on is None,
        )


class VblPlacementOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    location: str
    starts_on: dt.date
    ends_on: dt.date | None
    end_reason: MeasureEndReason | None
    reviewed_on: dt.date | None
    review_note: str
    active: bool
    deadlines: list[MeasureDeadlineOut] = Field(description="Pending while the stay runs: its review after 12 weeks.")
    version: int

    @classmethod
    def from_view(cls, view: VblView) -> VblPlacementOut:
        p = view.placement
        return cls.of(
            p,
            end_reason=p.end_reason or None,
            active=view.active,
            deadlines=[MeasureDeadlineOut.from_row(r) for r in view.deadlines],
        )


class DetentionOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    basis: DetentionBasis
    place: str
    grounds: str
    starts_on: dt.date
    family_or_minor: bool
    appealed_on: dt.date | None
    court_notified_on: dt.date | None
    extended_on: dt.date | None
    extension_reason: DetentionExtensionReason | None
    extension_grounds: str
    ends_on: dt.date | None
    end_reason: DetentionEndReason | None
    maximum: dt.date | None = Field(description="The last day the detention may last.")
    maximum_explanation: str | None = Field(description="How the maximum follows from the facts, with its legal basis.")
    proposed_by: int | None = Field(description="User id of who proposed the detention.")
    approved_by: int | None = Field(description="User id of the team lead who started (approved) it.")
    active: bool
    inactivity_flag_raised: bool = Field(
        description="True when the configured number of days passed without a recorded action (due speed)."
    )
    deadlines: list[MeasureDeadlineOut] = Field(
        description="Pending while it runs: court notification, maximum, and the due-speed flag."
    )
    version: int

    @classmethod
    def from_view(cls, view: DetentionView) -> DetentionOut:
        d = view.detention
        return cls.of(
            d,
            extension_reason=d.extension_reason or None,
            end_reason=d.end_reason or None,
            maximum=view.maximum.due if view.maximum else None,
            maximum_explanation=view.maximum.explanation if view.maximum else None,
            proposed_by=d.proposed_by_id,
            approved_by=d.approved_by_id,
            active=view.active,
            inactivity_flag_raised=view.inactivity_raised,
            deadlines=[MeasureDeadlineOut.from_row(r) for r in view.deadlines],
        )


class MeasuresOut(OutSchema):
    reporting_duties: list[ReportingDutyOut] = Field(description="Newest first; at most one active.")
    vbl_placements: list[VblPlacementOut] = Field(description="Newest first; at most one active.")
    detentions: list[DetentionOut] = Field(description="Newest first; at most one active.")

    @classmethod
    def from_measures(cls, measures: CaseMeasures) -> MeasuresOut:
        return cls(
            reporting_duties=[ReportingDutyOut.from_duty(d) for d in measures.reporting_duties],
            vbl_placements=[VblPlacementOut.from_view(v) for v in measures.vbl_placements],
            detentions=[DetentionOut.from_view(v) for v in measures.detentions],
        )


class DetentionProposalOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    basis: DetentionBasis
    place: str
    grounds: str
    starts_on: dt.date
    status: str = Field(description="`pending`, `approved` (the detention started) or `refused`.")
    proposed_by: int
    decided_by: int | None
    decided_on: dt.date | None
    decision_reason: str
    detention_id: uuid.UUID | None
    version: int

    @classmethod
    def from_proposal(cls, proposal: Any) -> DetentionProposalOut:
        return cls.of(proposal, proposed_by=proposal.proposed_by_id, decided_by=proposal.decided_by_id)
