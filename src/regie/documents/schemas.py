"""The JSON shapes of the documents API, in lowerCamelCase. The upload is multipart/form-data: the file
and these fields as form fields."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import Field, model_validator

from regie.api.schemas import DATE_PATTERN, InSchema, OutSchema

from .choices import DossierFileKind
from .models import Document

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
MAX_INT32 = 2**31 - 1


class DocumentUploadIn(InSchema):
    kind: DossierFileKind = Field(description="`medical_advice` is special-category data: only for who may see it.")
    description: str = Field("", max_length=300, description="What the document is, briefly.")
    document_date: dt.date | None = Field(
        None,
        ge=EARLIEST,
        le=LATEST,
        description="The date of the document itself; not in the future. Empty (a form field left blank): none.",
        json_schema_extra={
            "anyOf": [
                {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                {"type": "string", "maxLength": 0},
            ]  # no null: a multipart field has no null; leave it out or blank for "no date"
        },
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_date_is_none(cls, data: Any) -> Any:
        # A multipart form sends a field left blank as "": that is no date, as the document says. (Before
        # the fields are checked, so the strict date check of InSchema sees no date rather than "".)
        if isinstance(data, dict) and data.get("documentDate") == "":
            return {**data, "documentDate": None}
        return data


class DocumentWithdrawalIn(InSchema):
    version: int = Field(ge=1, le=MAX_INT32, description="The document's version as read; a newer one answers 409.")
    reason: str = Field(min_length=1, max_length=2000, description="Why the document is withdrawn.")


class DossierDocumentOut(OutSchema):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: DossierFileKind
    description: str
    document_date: dt.date | None
    special_category: bool = Field(description="Special-category data (GDPR art. 9): a medical advice.")
    content_type: str = Field(description="The type found in the file's bytes at upload (not its name).")
    size: int = Field(description="In bytes.")
    sha256: str = Field(description="SHA-256 of the stored file, hexadecimal.")
    uploaded_at: dt.datetime
    uploaded_by: str = Field(description="The username of who uploaded it.")
    withdrawn: bool
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    version: int

    @classmethod
    def from_document(cls, d: Document) -> DossierDocumentOut:
        return cls.of(d, uploaded_by=d.uploaded_by.username)


class DossierDocumentList(OutSchema):
    items: list[DossierDocumentOut]
