"""The JSON shapes of the letters API, in lowerCamelCase. A letter's text is not in them: the PDF is
read at `/content`."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import Field

from regie.api.schemas import InSchema, OutSchema

from .choices import LetterKind
from .models import Letter

LanguageCode = Literal["nl", "en", "fr", "ar", "nl,en"]


class LetterIssueIn(InSchema):
    """Issue a letter: composed from the template in force today and the dossier's facts."""

    kind: LetterKind = Field(description="Which letter.")
    language: LanguageCode | None = Field(
        None,
        description="`nl`, `en`, `fr`, `ar` or `nl,en` (Dutch with English). Default: the person's first "
        "language that has a template, else Dutch with English.",
    )


class LetterOut(OutSchema):
    """A letter issued to the person: what, in which languages, which version, when, and its PDF's SHA-256."""

    id: uuid.UUID
    kind: LetterKind
    kind_label: str = Field(description="The kind in words (Dutch).")
    languages: list[str] = Field(description="The languages of the letter, in their order in the PDF.")
    version: int = Field(description="1 for the first letter of this kind in the case; a re-issue adds one.")
    reference: str = Field(description="The letter's reference: case number, kind code and version.")
    letter_date: dt.date
    issued_at: dt.datetime
    issued_by: int = Field(description="User id of who issued it.")
    sha256: str = Field(description="SHA-256 of the PDF as stored, in hex.")
    content_url: str = Field(description="Where the PDF is read (API).")

    @classmethod
    def from_letter(cls, letter: Letter) -> LetterOut:
        return cls.of(
            letter,
            kind_label=str(letter.get_kind_display()),
            languages=letter.language_list,
            issued_by=letter.issued_by_id,
            content_url=f"/api/v1/cases/{letter.case_id}/letters/{letter.pk}/content",
        )


class LetterListOut(OutSchema):
    items: list[LetterOut] = Field(description="Newest first.")
