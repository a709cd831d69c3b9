"""API shapes of deadlines and the worklist."""

from __future__ import annotations

import datetime as dt
import uuid

from regie.api.schemas import OutSchema


class WorklistItemOut(OutSchema):
    case_id: uuid.UUID
    case_number: str
    code: str
    kind: str
    due: dt.date
    label: str
    basis: str
    explanation: str


class WorklistOut(OutSchema):
    on: dt.date
    overdue: list[WorklistItemOut]
    today: list[WorklistItemOut]
    this_week: list[WorklistItemOut]
    flags: list[WorklistItemOut]

    @staticmethod
    def item(row: object) -> WorklistItemOut:
        from .models import CaseDeadline

        assert isinstance(row, CaseDeadline)
        return WorklistItemOut(
            case_id=row.case_id,
            case_number=row.case.number,
            code=row.code,
            kind=row.kind,
            due=row.due,
            label=row.label,
            basis=row.basis,
            explanation=row.explanation,
        )
