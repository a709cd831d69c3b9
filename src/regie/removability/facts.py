"""The medical postponements for the deadline engine (registered in `RemovabilityConfig.ready`)."""

from __future__ import annotations

from typing import Any

from regie.cases.models import Case
from regie.deadlines.domain import PostponementFact


def removability_facts(case: Case) -> dict[str, Any]:
    return {
        "postponements": tuple(
            PostponementFact(str(p.pk), p.starts_on, p.ends_on, p.ended_early_on) for p in case.postponements.all()
        )
    }
