"""The JSON shapes of the subject-requests API (privacy officer)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils.translation import gettext_noop
from pydantic import Field, model_validator

from regie.api.schemas import InSchema, OutSchema, PageOut, PageQuery

from .choices import SubjectRequestKind, SubjectRequestStatus
from .models import SubjectRequest


class SubjectRequestIn(InSchema):
    """A request of a data subject. Name the person by `personId` or by `vNumber` (in the body only)."""

    person_id: uuid.UUID | None = Field(None, description="The person the request is from; or give `vNumber`.")
    v_number: str | None = Field(None, pattern=r"^[0-9]{10}$", description="The person's V-number (10 digits).")
    kind: SubjectRequestKind
    received_on: dt.date = Field(
        ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31), description="Day the request was received; not in the future."
    )
    description: str = Field("", max_length=4000, description="What the person asks (free text).")

    @model_validator(mode="after")
    def _one_way_to_name_the_person(self) -> SubjectRequestIn:
        if (self.person_id is None) == (self.v_number is None):
            raise ValueError(gettext_noop("Geef personId of vNumber (precies één van beide)."))
        return self


class SubjectRequestStatusChangeIn(InSchema):
    """The next step: `in_handling`, `done`, or `refused` (with `decisionReason`)."""

    status: SubjectRequestStatus
    decision_reason: str = Field("", max_length=1000, description="Required when the request is refused.")
    version: int = Field(ge=1, description="The version of the request the caller read (optimistic locking).")


class SubjectRequestQuery(PageQuery):
    status: SubjectRequestStatus | None = Field(None, description="Only requests in this status.")


class SubjectRequestOut(OutSchema):
    id: uuid.UUID
    person_id: uuid.UUID
    kind: SubjectRequestKind
    received_on: dt.date
    respond_by: dt.date = Field(description="One month after receipt (GDPR art. 12(3)).")
    description: str
    status: SubjectRequestStatus
    decision_reason: str
    handled_by: str | None = Field(description="Username of who handled it last.")
    decided_on: dt.date | None
    version: int

    @classmethod
    def from_request(cls, r: SubjectRequest) -> SubjectRequestOut:
        return cls.of(r, handled_by=r.handled_by.username if r.handled_by else None)


class SubjectRequestPage(PageOut):
    items: list[SubjectRequestOut] = Field(description="Oldest receipt first.")
