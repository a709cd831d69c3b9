"""Every write of removability: pending procedures and medical postponement (art. 64 Vw).

One transaction each, the acting user passed in, an audit record each. A postponement is a fact the
deadline engine reads, so its services refresh the case's deadlines in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_noop

from regie.audit.choices import EventType
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.work import lock_open_case, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import choose_one
from regie.core.errors import IllegalTransition, ValidationFailed
from regie.core.services import clean, require
from regie.core.transactions import atomic

from . import domain
from .choices import PostponementGround, ProcedureKind
from .models import MedicalPostponement, PendingProcedure
from .selectors import max_postponement_months

# Written instead of the value in the audit trail: the ground of a postponement and the expected
# date of birth are health data (GDPR art. 9); the trail records that they were given.
PROTECTED = "[beschermd]"
NO_RULE = gettext_noop(
    "Voor deze datum staat geen regel voor de maximale duur van uitstel in de regeltabel (in maanden of jaren)."
)


def _not_in_future(errors: dict[str, list[str]], name: str, value: dt.date | None) -> None:
    if value is not None and value > clock.today():
        errors.setdefault(name, []).append("De datum ligt in de toekomst.")


# --- pending procedures --------------------------------------------------------------------------


def procedure_record(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    suspensive: bool,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    reference: str = "",
) -> PendingProcedure:
    """Record a procedure (appeal, new application ...) and whether removal must wait for its outcome."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case))
    errors: dict[str, list[str]] = {}
    if kind not in ProcedureKind.values:
        errors["kind"] = [choose_one(ProcedureKind.values)]
    _not_in_future(errors, "starts_on", starts_on)
    _not_in_future(errors, "ends_on", ends_on)
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = ["De einddatum ligt vóór de begindatum."]
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        case = lock_open_case(case)
        procedure = PendingProcedure(
            case=case,
            kind=kind,
            suspensive=suspensive,
            starts_on=starts_on,
            ends_on=ends_on,
            reference=reference.strip(),
            recorded_by=actor.user,
        )
        clean(procedure, exclude=["case", "recorded_by"])
        procedure.save(force_insert=True)
        record_change(
            actor=actor,
            event_type=EventType.PROCEDURE_RECORDED,
            case=case,
            subject=procedure,
            new={
                "kind": kind,
                "suspensive": suspensive,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "reference": procedure.reference,
            },
        )
        # A suspensive procedure stops a planned removal: the deadlines (and the worklist) follow.
        return procedure


def procedure_end(
    *, actor: Actor, procedure: PendingProcedure, ends_on: dt.date, outcome_note: str = ""
) -> PendingProcedure:
    """Record that a procedure ended (its last day) and, briefly, how."""
    assert actor.user is not None
    case = procedure.case
    require(permissions.can_work_on(actor.user, case))
    with atomic():
        case = lock_open_case(case)
        procedure = PendingProcedure.objects.select_for_update().get(pk=procedure.pk)
        if procedure.ends_on is not None:
            raise IllegalTransition("Deze procedure is al beëindigd.", field="ends_on")
        errors: dict[str, list[str]] = {}
        if ends_on < procedure.starts_on:
            errors["ends_on"] = ["De einddatum ligt vóór de begindatum."]
        _not_in_future(errors, "ends_on", ends_on)
        if errors:
            raise ValidationFailed(errors)
        procedure.ends_on, procedure.outcome_note = ends_on, outcome_note.strip()
        clean(procedure, exclude=["case", "recorded_by"])
        procedure.save(update_fields=["ends_on", "outcome_note", "updated_at"])
        record_change(
            actor=actor,
            event_type=EventType.PROCEDURE_ENDED,
            case=case,
            subject=procedure,
            old={"ends_on": None},
            new={"ends_on": ends_on, "outcome_note": procedure.outcome_note},
        )
        # The end of a suspensive procedure lifts what it held up: the deadlines follow.
        return procedure


# --- medical postponement (art. 64 Vw) -----------------------------------------------------------


def postponement_record(
    *,
    actor: Actor,
    case: Case,
    ground: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    expected_birth_on: dt.date | None = None,
    bma_reference: str = "",
) -> MedicalPostponement:
    """Record a postponement of removal on medical grounds; the case's deadlines follow.

    Pregnancy: the period is computed from the expected date of birth (six weeks either side), and
    dates given by hand must agree. Otherwise the end lies at most one year after the start.
    Health data: only the assigned case manager and the team lead may record it.
    """
    assert actor.user is not None
    require(
        permissions.can_see_special_categories(actor.user, case),
        "Alleen de toegewezen regievoerder en de teamleider kunnen medisch uitstel vastleggen.",
    )
    max_months = max_postponement_months(starts_on or clock.today())
    if max_months is None:
        raise ValidationFailed({"starts_on": [NO_RULE]})
    period, problems = domain.postponement_problems(
        ground=ground,
        starts_on=starts_on,
        ends_on=ends_on,
        expected_birth_on=expected_birth_on,
        bma_reference=bma_reference,
        max_months=max_months,
        today=clock.today(),
    )
    if period is not None and not problems and max_postponement_months(period.starts_on) is None:
        # The deadline engine computes from the rule in force on the start date: there must be one.
        field = "expected_birth_on" if ground == PostponementGround.PREGNANCY else "starts_on"
        problems = {field: "Voor deze datum is geen regel voor medisch uitstel bekend."}
    if problems or period is None:
        raise ValidationFailed({name: [message] for name, message in problems.items()})
    with atomic():
        case = lock_open_case(case)
        postponement = MedicalPostponement(
            case=case,
            ground=ground,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            expected_birth_on=expected_birth_on,
            bma_reference=bma_reference.strip(),
            recorded_by=actor.user,
        )
        clean(postponement, exclude=["case", "recorded_by"])
        postponement.save(force_insert=True)
        record_change(
            actor=actor,
            event_type=EventType.POSTPONEMENT_RECORDED,
            case=case,
            subject=postponement,
            new={
                "ground": PROTECTED,
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "expected_birth_on": PROTECTED if expected_birth_on else None,
                "bma_reference": postponement.bma_reference,
            },
        )
        return postponement


def postponement_end_early(
    *, actor: Actor, postponement: MedicalPostponement, ended_early_on: dt.date
) -> MedicalPostponement:
    """End a postponement before its planned end: `ended_early_on` is the last day it still applies.

    The day may lie ahead (the BMA advises that travel is responsible again from a later date).
    """
    assert actor.user is not None
    case = postponement.case
    require(
        permissions.can_see_special_categories(actor.user, case),
        "Alleen de toegewezen regievoerder en de teamleider kunnen medisch uitstel beëindigen.",
    )
    with atomic():
        case = lock_open_case(case)
        postponement = MedicalPostponement.objects.select_for_update().get(pk=postponement.pk)
        if postponement.ended_early_on is not None:
            raise IllegalTransition("Dit uitstel is al eerder beëindigd.", field="ended_early_on")
        problem = domain.early_end_problem(
            starts_on=postponement.starts_on,
            ends_on=postponement.ends_on,
            ended_early_on=postponement.ended_early_on,
            on=ended_early_on,
        )
        if problem:
            raise ValidationFailed({"ended_early_on": [problem]})
        old: dict[str, Any] = {"ended_early_on": None}
        postponement.ended_early_on = ended_early_on
        postponement.save(update_fields=["ended_early_on", "updated_at"])
        record_change(
            actor=actor,
            event_type=EventType.POSTPONEMENT_ENDED_EARLY,
            case=case,
            subject=postponement,
            old=old,
            new={"ended_early_on": ended_early_on},
        )
        return postponement
