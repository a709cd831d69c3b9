"""The JSON shapes of the access-log API."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils.translation import gettext_noop
from pydantic import Field, model_validator

from regie.api.schemas import OutSchema, PageOut, PageQuery

from .choices import AccessPurpose
from .models import AccessRecord


class AccessLogSearchIn(PageQuery):
    # A body, not a query string: even an internal person id stays out of URLs and proxy logs.
    model_config = PageQuery.model_config | {"extra": "forbid"}
    from_query_string = False

    person_id: uuid.UUID | None = Field(
        None, description="The person whose access records to list; or give `vNumber` instead."
    )
    v_number: str | None = Field(
        None, pattern=r"^[0-9]{10}$", description="The person's V-number (10 digits), instead of `personId`."
    )

    @model_validator(mode="after")
    def _one_way_to_name_the_person(self) -> AccessLogSearchIn:
        if (self.person_id is None) == (self.v_number is None):
            raise ValueError(gettext_noop("Geef personId of vNumber (precies één van beide)."))
        return self


class AccessRecordOut(OutSchema):
    occurred_at: dt.datetime
    username: str
    role: str = Field(description="The role the user had at the time.")
    purpose: AccessPurpose
    channel: str
    case_id: uuid.UUID | None
    special_categories: bool = Field(description="Medical data or special circumstances were shown.")
    request_id: str

    @classmethod
    def from_record(cls, record: AccessRecord) -> AccessRecordOut:
        return cls.of(record, username=record.user.username)


class AccessRecordPage(PageOut):
    items: list[AccessRecordOut] = Field(description="Newest first.")
