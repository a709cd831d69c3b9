"""The interviews' facts for the deadline engine (registered in `InterviewsConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from regie.cases.models import Case
from regie.deadlines.domain import InterviewFact
from regie.deadlines.registry import Task

from .choices import CHECKED_CIRCUMSTANCES, CIRCUMSTANCE_LABELS, FIRST_INTERVIEWS_TO_CHECK, CheckResult
from .models import Interview


def interviews_facts(case: Case) -> dict[str, Any]:
    interviews = []
    held = Interview.objects.filter(case=case, status="held").order_by("held_at").prefetch_related("checks")
    for interview in held[:FIRST_INTERVIEWS_TO_CHECK]:
        checked = {c.circumstance for c in interview.checks.all() if c.result != CheckResult.NOT_CHECKED}
        # Labels, not codes: the flag's explanation is read by people (stored in Dutch, like all explanations).
        with translation.override("nl"):
            unchecked = tuple(str(CIRCUMSTANCE_LABELS[c]).lower() for c in CHECKED_CIRCUMSTANCES if c not in checked)
        assert interview.held_at is not None
        interviews.append(
            InterviewFact(id=str(interview.pk), held_on=timezone.localdate(interview.held_at), unchecked=unchecked)
        )
    return {"first_interviews": tuple(interviews)}


interviews_tasks = {
    "special_circumstances_unchecked": Task(
        gettext_noop("Bijzondere omstandigheden nagaan"), "interviews:plan", "", done_outside=True
    ),
}
