"""The removability API: thin endpoints over removability.services and removability.selectors.

Cases are loaded through `cases.selectors.case_get`, so a case the caller may not see answers 404.
Responses about the person write one access record (with the special-category flag when the
ground of a postponement is shown).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Query, Router, Status

from regie.api import reads
from regie.api.auth import actor_for, caller
from regie.api.openapi import problems
from regie.cases import permissions
from regie.cases.selectors import case_get

from . import selectors, services
from .schemas import (
    PostponementEarlyEndIn,
    PostponementIn,
    PostponementOut,
    ProcedureEndIn,
    ProcedureIn,
    ProcedureOut,
    RemovabilityOut,
    RemovabilityQuery,
)

router = Router(tags=["removability"], by_alias=True)


@router.get("/cases/{caseId}/removability", response=RemovabilityOut, summary="Is the person removable?")
def removability_read(request: HttpRequest, caseId: uuid.UUID, query: Query[RemovabilityQuery]) -> RemovabilityOut:
    """Whether removal may go ahead on `on` (default today), every reason why not (suspensive procedure,
    medical postponement, no travel document), and the procedures and postponements behind it. A medical
    postponement (its ground and its dates) only for the assigned case manager and the team lead; anyone
    else reads "removal suspended (details restricted)". Recorded in the access log."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    special = permissions.can_see_special_categories(user, case)
    answer = selectors.removability_for(case=case, on=query.on, medical_visible=special)
    # Postponements are health data, their dates too: only for who may see them.
    postponements = list(selectors.postponements_for(user=user, case=case)) if special else []
    # Flagged as a read of special-category data when a medical ground is in the answer.
    reads.record_api_reads(actor=actor_for(request), cases=[case], special_categories=special and bool(postponements))
    return RemovabilityOut.build(
        answer,
        procedures=list(selectors.procedures_for(user=user, case=case)),
        postponements=postponements,
        special=special,
    )


@router.post("/cases/{caseId}/procedures", response={201: ProcedureOut}, summary="Record a pending procedure")
def procedure_record(request: HttpRequest, caseId: uuid.UUID, payload: ProcedureIn) -> Status:
    """An appeal, new application or other procedure, and whether it suspends removal. For case managers
    and team leads of the case's team."""
    case = case_get(user=caller(request), case_id=caseId)
    procedure = services.procedure_record(actor=actor_for(request), case=case, **payload.model_dump(by_alias=False))
    return Status(201, ProcedureOut.from_procedure(procedure))


@router.post(
    "/cases/{caseId}/procedures/{procedureId}/end",
    response=ProcedureOut,
    summary="Record the end of a procedure",
    openapi_extra=problems(409),
)
def procedure_end(
    request: HttpRequest, caseId: uuid.UUID, procedureId: uuid.UUID, payload: ProcedureEndIn
) -> ProcedureOut:
    """The last day the procedure applied. A procedure ends once: a second end answers 409."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    procedure = selectors.procedure_get(user=user, case=case, procedure_id=procedureId)
    procedure = services.procedure_end(actor=actor_for(request), procedure=procedure, **payload.arguments())
    return ProcedureOut.from_procedure(procedure)


@router.post("/cases/{caseId}/postponements", response={201: PostponementOut}, summary="Record a medical postponement")
def postponement_record(request: HttpRequest, caseId: uuid.UUID, payload: PostponementIn) -> Status:
    """Art. 64 Vw, at most one year; pregnancy from six weeks before to six weeks after the expected date
    of birth (computed). Health data: for the assigned case manager and the team lead only."""
    case = case_get(user=caller(request), case_id=caseId)
    postponement = services.postponement_record(
        actor=actor_for(request), case=case, **payload.model_dump(by_alias=False)
    )
    return Status(201, PostponementOut.from_postponement(postponement, special=True))


@router.post(
    "/cases/{caseId}/postponements/{postponementId}/early-end",
    response=PostponementOut,
    summary="End a medical postponement early",
    openapi_extra=problems(409),
)
def postponement_end_early(
    request: HttpRequest, caseId: uuid.UUID, postponementId: uuid.UUID, payload: PostponementEarlyEndIn
) -> PostponementOut:
    """`endedEarlyOn` is the last day the postponement still applies. Ends once: again answers 409."""
    user = caller(request)
    case = case_get(user=user, case_id=caseId)
    postponement = selectors.postponement_get(user=user, case=case, postponement_id=postponementId)
    postponement = services.postponement_end_early(
        actor=actor_for(request), postponement=postponement, ended_early_on=payload.ended_early_on
    )
    return PostponementOut.from_postponement(postponement, special=True)
