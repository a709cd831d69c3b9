"""The worklist API: what is due for the caller, and marking an item done or snoozed. No personal data:
case numbers and deadlines only."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Query, Router, Status

from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.audit.choices import AccessPurpose
from regie.cases.selectors import case_get, record_cases_shown
from regie.core import clock
from regie.core.errors import ValidationFailed

from . import services
from .schemas import WorklistCountsOut, WorklistMarkIn, WorklistMarkOut, WorklistOut, WorklistQuery
from .selectors import worklist_for

router = Router(tags=["deadlines"], by_alias=True)


@router.get("/worklist", response=WorklistOut, summary="What is due for the caller")
def worklist(request: HttpRequest, query: Query[WorklistQuery]) -> WorklistOut:
    """Overdue deadlines, those due today, this week and later (30 days ahead), and flags (e.g. special
    circumstances not checked in the first three interviews, no recorded action during detention). A
    case manager gets their own cases, a team lead their teams' cases. Items marked done, or snoozed to
    a later date, are left out; so is a departure term that has passed (a fact, not a task). Most urgent
    first; each section holds at most `pageSize` items, `counts` the whole number of each; `section` with
    `page` pages through one section (the other sections then come empty)."""
    on = clock.today()
    if query.section is None and query.page != 1:
        raise ValidationFailed({"page": [gettext_noop("Zonder section is er alleen pagina 1.")]})
    found = worklist_for(
        user=caller(request), on=on, section=query.selected(), page=query.page, page_size=query.page_size
    )
    # Case numbers and what is due: about persons, so logged as the web worklist is.
    record_cases_shown(actor=actor_for(request), cases=[r.case for r in found.rows()], purpose=AccessPurpose.WORKLIST)
    return WorklistOut(
        on=on,
        counts=WorklistCountsOut(**found.counts),
        overdue=[WorklistOut.item(r) for r in found.overdue],
        today=[WorklistOut.item(r) for r in found.today],
        this_week=[WorklistOut.item(r) for r in found.this_week],
        later=[WorklistOut.item(r) for r in found.later],
        flags=[WorklistOut.item(r) for r in found.flags],
    )


@router.post(
    "/worklist-marks",
    response={201: WorklistMarkOut},
    summary="Mark a worklist item done or snooze it",
    openapi_extra=problems(404),
)
def worklist_mark(request: HttpRequest, payload: WorklistMarkIn) -> Status:
    """Done: only for an item whose action is not recorded in Regie (`doneOutside`); otherwise recording
    the action removes it. Snoozed: to `until` (after today, at most 90 days; a legal maximum at most to
    its own date). The item is named by `caseId`, `code`, `sourceId` and `due` as the worklist gave them;
    an item no longer on the worklist is refused naming `due`. Audited."""
    case = case_get(user=caller(request), case_id=payload.case_id)
    arguments = payload.arguments(case=case)
    del arguments["case_id"]
    mark = services.worklist_mark(actor=actor_for(request), **arguments)
    return Status(201, WorklistMarkOut.of(mark))
