"""The medical postponements for the deadline engine (registered in `RemovabilityConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from regie.cases.models import Case
from regie.deadlines.domain import PostponementFact
from regie.deadlines.registry import Task


def removability_facts(case: Case) -> dict[str, Any]:
    return {
        "postponements": tuple(
            PostponementFact(str(p.pk), p.starts_on, p.ends_on, p.ended_early_on) for p in case.postponements.all()
        )
    }


removability_tasks = {
    "medical_postponement_end": Task(
        gettext_noop("Nieuw medisch advies of einde uitstel beoordelen"),
        "removability:page",
        "h-vastleggen",
        done_outside=True,
    ),
}
