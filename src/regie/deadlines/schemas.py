"""API shapes of deadlines and the worklist."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.utils.translation import gettext
from pydantic import Field

from regie.api.schemas import InSchema, OutSchema, QuerySchema, no_default


class WorklistItemOut(OutSchema):
    case_id: uuid.UUID
    case_number: str
    code: str
    source_id: str = Field(description="The measure, request or flight the item belongs to (empty: the case).")
    kind: str
    due: dt.date
    days_left: int = Field(description="Days until `due`; negative when overdue.")
    label: str
    basis: str
    explanation: str
    action: str = Field(description="What to do, in words.")
    done_outside: bool = Field(description="The action is not recorded in Regie: the item may be marked done.")
    legal_maximum: bool = Field(description="A legal maximum: it can be snoozed at most to its own date.")


WorklistSection = Literal["overdue", "today", "thisWeek", "later", "flags"]


class WorklistQuery(QuerySchema):
    section: WorklistSection = Field(
        None,  # type: ignore[arg-type]
        json_schema_extra=no_default,
        description="Page through this section alone; without it, the first `pageSize` items of every section.",
    )
    page: int = Field(1, ge=1, le=100_000, description="Page of `section`, from 1 (without `section`: 1 only).")
    page_size: int = Field(50, ge=1, le=100, description="Items per section, at most 100.")

    def selected(self) -> str | None:
        """The section as the selector names it (`this_week`), or None."""
        return None if self.section is None else {"thisWeek": "this_week"}.get(self.section, self.section)


class WorklistCountsOut(OutSchema):
    """How many items each section holds in all (not only on this page)."""

    overdue: int
    today: int
    this_week: int
    later: int
    flags: int


class WorklistOut(OutSchema):
    """The caller's worklist: per section the items of this page, most urgent first, and every section's
    whole count."""

    on: dt.date
    counts: WorklistCountsOut
    overdue: list[WorklistItemOut]
    today: list[WorklistItemOut]
    this_week: list[WorklistItemOut]
    later: list[WorklistItemOut]
    flags: list[WorklistItemOut]

    @staticmethod
    def item(row: object) -> WorklistItemOut:
        from . import texts
        from .models import CaseDeadline

        assert isinstance(row, CaseDeadline)
        task = row.task  # type: ignore[attr-defined]
        return WorklistItemOut(
            case_id=row.case_id,
            case_number=row.case.number,
            code=row.code,
            source_id=row.source_id,
            kind=row.kind,
            due=row.due,
            days_left=row.days_left,  # type: ignore[attr-defined]
            label=texts.label(row),
            basis=row.basis,
            explanation=texts.explanation(row),
            action=gettext(task.action),
            done_outside=task.done_outside,
            legal_maximum=task.legal_maximum,
        )


class WorklistMarkIn(InSchema):
    """Mark a worklist item done (only where `doneOutside`) or snooze it to `until`, with a reason."""

    case_id: uuid.UUID
    code: str = Field(max_length=40)
    source_id: str = Field("", max_length=40)
    due: dt.date
    kind: Literal["done", "snoozed"]
    until: dt.date | None = None
    reason: str = Field(max_length=400)


class WorklistMarkOut(OutSchema):
    id: int
    case_id: uuid.UUID
    code: str
    source_id: str
    due: dt.date
    kind: str
    until: dt.date | None
    reason: str
    marked_at: dt.datetime
