"""The worklist API: what is due for the caller. No personal data: case numbers and deadlines only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from regie.api.auth import actor_for, caller
from regie.audit.choices import AccessPurpose
from regie.cases.selectors import record_cases_shown
from regie.core import clock

from .schemas import WorklistOut
from .selectors import worklist_for

router = Router(tags=["deadlines"], by_alias=True)


@router.get("/worklist", response=WorklistOut, summary="What is due for the caller")
def worklist(request: HttpRequest) -> WorklistOut:
    """Overdue deadlines, those due today and this week, and flags (e.g. special circumstances not
    checked in the first three interviews, no recorded action during detention). A case manager gets
    their own cases, a team lead their teams' cases."""
    on = clock.today()
    found = worklist_for(user=caller(request), on=on)
    rows = [*found.overdue, *found.today, *found.this_week, *found.flags]
    # Case numbers and what is due: about persons, so logged as the web worklist is.
    record_cases_shown(actor=actor_for(request), cases=[r.case for r in rows], purpose=AccessPurpose.WORKLIST)
    return WorklistOut(
        on=on,
        overdue=[WorklistOut.item(r) for r in found.overdue],
        today=[WorklistOut.item(r) for r in found.today],
        this_week=[WorklistOut.item(r) for r in found.this_week],
        flags=[WorklistOut.item(r) for r in found.flags],
    )
