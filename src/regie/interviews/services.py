"""Every write of departure interviews and the departure plan.

Each service: keyword-only arguments, the acting user passed in, one transaction, one audit record,
and the case's deadlines recomputed from the facts (the engine flags a first-three interview that
did not check every special circumstance). The case row is locked for the duration, so two writes to
one case's interviews or plan never interleave; the case's own `version` is not touched (an interview
does not make someone's open case form stale).

Free text (summary, notes) enters the audit trail only as its length, and the result of a check of a
special circumstance only as checked / not checked: whether a circumstance is present is special-
category data (GDPR art. 9), and the trail is shown to colleagues who may not see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_noop

from regie.audit.choices import EventType
from regie.cases.models import Case
from regie.cases.work import lock_open_case, may_work, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import stale_message
from regie.core.errors import (
    ConcurrentEdit,
    IllegalTransition,
    ValidationFailed,
)
from regie.core.services import clean, lock_version
from regie.core.transactions import atomic

from .choices import CheckResult, InterviewStatus
from .domain import (
    CheckInput,
    PlanText,
    check_errors,
    checks_required,
    interview_rank,
    plan_changes,
    plan_errors,
    plan_version_errors,
    record_errors,
    transition_refusal,
    unchecked,
)
from .models import CircumstanceCheck, DeparturePlanVersion, Interview

STALE_INTERVIEW = stale_message(gettext_noop("dit gesprek"))
STALE_PLAN = stale_message(gettext_noop("het vertrekplan"))


def _lock_interview(case: Case, interview: Interview, expected_version: int | None) -> Interview:
    return lock_version(
        Interview.objects.filter(case_id=case.pk),
        interview.pk,
        expected_version,
        not_found=gettext_noop("Vertrekgesprek niet gevonden."),
        stale=STALE_INTERVIEW,
    )


def _transition(interview: Interview, target: str) -> None:
    refusal = transition_refusal(current=interview.status, target=target)
    if refusal is not None:
        raise IllegalTransition(refusal.message, field=refusal.field)


def _save(obj: Interview | DeparturePlanVersion, *, exclude: list[str], database_checks: bool = True) -> None:
    clean(obj, exclude=exclude, database_checks=database_checks)
    obj.save()


def _interview_values(interview: Interview, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(interview, f) for f in fields}


PLAN_FIELDS = ("status", "planned_at", "place", "interpreter_language", "interpreter_name")


def interview_plan(
    *,
    actor: Actor,
    case: Case,
    planned_at: dt.datetime | None,
    place: str = "",
    interpreter_language: str = "",
    interpreter_name: str = "",
) -> Interview:
    """Plan a departure interview: when, where, and the interpreter (ISO 639 language, name).

    Guarantees: a planned interview from about now up to a year ahead, on an open case the actor works on.
    """
    may_work(actor, case)
    place, interpreter_language, interpreter_name = (
        place.strip(),
        interpreter_language.strip(),
        interpreter_name.strip(),
    )
    errors = plan_errors(
        planned_at=planned_at,
        now=clock.now(),
        place=place,
        interpreter_language=interpreter_language,
        interpreter_name=interpreter_name,
    )
    if errors or planned_at is None:
        raise ValidationFailed(errors)
    with atomic():
        case = lock_open_case(case)
        interview = Interview(
            case=case,
            status=InterviewStatus.PLANNED,
            planned_at=planned_at,
            place=place,
            interpreter_language=interpreter_language,
            interpreter_name=interpreter_name,
        )
        _save(interview, exclude=["case", "conducted_by"])
        record_change(
            actor=actor,
            event_type=EventType.INTERVIEW_PLANNED,
            case=case,
            subject=interview,
            new=_interview_values(interview, PLAN_FIELDS),
        )
        return interview


RECORD_FIELDS = ("status", "held_at", "stance", "participants", "place", "interpreter_language", "interpreter_name")


def interview_record(
    *,
    actor: Actor,
    case: Case,
    interview: Interview | None = None,
    expected_version: int | None = None,
    held_at: dt.datetime | None,
    summary: str,
    stance: str,
    checks: Mapping[str, CheckInput],
    participants: str = "",
    place: str | None = None,
    interpreter_language: str | None = None,
    interpreter_name: str | None = None,
) -> Interview:
    """Record a held interview: a planned one (`interview`, with the `expected_version` read), or one
    that took place without being planned (`interview=None`).

    Guarantees: a held interview has a time in the past, a stance and a summary; each of the case's
    first three held interviews has a check row for every special circumstance (`not_checked` may be
    recorded explicitly, and then shows on the worklist); place and interpreter left None keep what was
    planned. Refused: an interview that is no longer planned, a stale version, a closed case.
    """
    may_work(actor, case)
    summary, participants = summary.strip(), participants.strip()
    checks = {key: CheckInput(c.result, c.note.strip()) for key, c in checks.items()}
    with atomic():
        case = lock_open_case(case)
        if interview is not None:
            interview = _lock_interview(case, interview, expected_version)
            _transition(interview, InterviewStatus.HELD)
            old = _interview_values(interview, RECORD_FIELDS)
        else:
            interview = Interview(case=case, planned_at=held_at or clock.now())
            old = {"status": None}
        place = interview.place if place is None else place.strip()
        language = interview.interpreter_language if interpreter_language is None else interpreter_language.strip()
        name = interview.interpreter_name if interpreter_name is None else interpreter_name.strip()
        errors = record_errors(
            held_at=held_at,
            now=clock.now(),
            participants=participants,
            summary=summary,
            stance=stance,
            place=place,
            interpreter_language=language,
            interpreter_name=name,
        )
        rank = 0
        if held_at is not None and "held_at" not in errors:
            others = Interview.objects.filter(case=case, status=InterviewStatus.HELD).exclude(pk=interview.pk)
            rank = interview_rank(held_at, (h for h in others.values_list("held_at", flat=True) if h is not None))
        # Without a valid time the rank is unknown: ask for every check rather than risk a gap.
        errors.update(check_errors(checks, required=rank == 0 or checks_required(rank)))
        if errors:
            raise ValidationFailed(errors)
        interview.status = InterviewStatus.HELD
        interview.held_at = held_at
        interview.summary, interview.participants, interview.stance = summary, participants, stance
        interview.place, interview.interpreter_language, interview.interpreter_name = place, language, name
        interview.conducted_by = actor.user
        if old["status"] is not None:
            interview.version += 1
        # `record_errors` refused a held interview without a time or a stance (the table's check) with a
        # message per field; a new interview's key is new: the database checks would only ask again.
        _save(interview, exclude=["case", "conducted_by"], database_checks=False)
        CircumstanceCheck.objects.bulk_create(
            CircumstanceCheck(interview=interview, circumstance=key, result=check.result, note=check.note)
            for key, check in checks.items()
        )
        results = {key: check.result for key, check in checks.items()}
        record_change(
            actor=actor,
            event_type=EventType.INTERVIEW_RECORDED,
            case=case,
            subject=interview,
            old=old,
            new={
                **_interview_values(interview, RECORD_FIELDS),
                "summary_length": len(summary),
                "rank": rank,
                "checks": {
                    key: "not_checked" if result == CheckResult.NOT_CHECKED else "checked"
                    for key, result in sorted(results.items())
                },
                "unchecked": list(unchecked(results)) if checks_required(rank) else [],
            },
        )
        return interview


def _interview_end(
    *, actor: Actor, interview: Interview, expected_version: int | None, target: str, event_type: EventType
) -> Interview:
    case = interview.case
    may_work(actor, case)
    with atomic():
        case = lock_open_case(case)
        interview = _lock_interview(case, interview, expected_version)
        _transition(interview, target)
        old = {"status": interview.status}
        interview.status = target
        interview.version += 1
        _save(interview, exclude=["case", "conducted_by"])
        record_change(
            actor=actor,
            event_type=event_type,
            case=case,
            subject=interview,
            old=old,
            new={"status": target, "planned_at": interview.planned_at},
        )
        return interview


def interview_cancel(*, actor: Actor, interview: Interview, expected_version: int | None) -> Interview:
    """A planned interview will not take place (called off). Final: plan a new one if needed."""
    return _interview_end(
        actor=actor,
        interview=interview,
        expected_version=expected_version,
        target=InterviewStatus.CANCELLED,
        event_type=EventType.INTERVIEW_CANCELLED,
    )


def interview_no_show(*, actor: Actor, interview: Interview, expected_version: int | None) -> Interview:
    """The person did not appear for a planned interview. Final: plan a new one if needed."""
    return _interview_end(
        actor=actor,
        interview=interview,
        expected_version=expected_version,
        target=InterviewStatus.NO_SHOW,
        event_type=EventType.INTERVIEW_NO_SHOW,
    )


def departure_plan_update(
    *,
    actor: Actor,
    case: Case,
    strategy: str,
    next_steps: str = "",
    change_note: str = "",
    expected_version: int | None,
) -> DeparturePlanVersion:
    """Write the next version of the departure plan (strategy and agreed next steps); versions are kept.

    `expected_version` is the plan number the author read (0 when there was no plan yet): if someone
    else wrote a version since, the update is refused (ConcurrentEdit on `version`) instead of silently
    replacing their plan. After the first version the change must be real and say what changed.
    """
    may_work(actor, case)
    plan = PlanText(strategy.strip(), next_steps.strip())
    change_note = change_note.strip()
    with atomic():
        case = lock_open_case(case)
        latest = DeparturePlanVersion.objects.filter(case=case).order_by("-number").first()
        number = latest.number if latest is not None else 0
        if expected_version is not None and expected_version != number:
            raise ConcurrentEdit(STALE_PLAN, field="version")
        previous = PlanText(latest.strategy, latest.next_steps) if latest is not None else None
        errors = plan_version_errors(plan=plan, change_note=change_note, previous=previous)
        if errors:
            raise ValidationFailed(errors)
        version = DeparturePlanVersion(
            case=case,
            number=number + 1,
            strategy=plan.strategy,
            next_steps=plan.next_steps,
            author=actor.user,
            change_note=change_note,
        )
        _save(version, exclude=["case", "author"])
        # `created_at` is the moment of the change: take it from the clock like every other time.
        version.created_at = clock.now()
        DeparturePlanVersion.objects.filter(pk=version.pk).update(created_at=version.created_at)
        record_change(
            actor=actor,
            event_type=EventType.DEPARTURE_PLAN_UPDATED,
            case=case,
            subject=version,
            old={"number": number or None},
            new={
                "number": version.number,
                "changed": list(plan_changes(previous, plan)),
                "strategy_length": len(plan.strategy),
                "next_steps_length": len(plan.next_steps),
                "change_note_length": len(change_note),
            },
        )
        return version
