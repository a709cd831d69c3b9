"""Background jobs for deadlines, run by `regie worker` (django-tasks with the database backend)."""

from __future__ import annotations

from django_tasks import task

from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.services import case_deadlines_recompute
from regie.core.context import Channel, system_actor

from .selectors import rules_in_force
from .services import reminders_create

BATCH = 1000


@task()
def deadlines_sweep() -> dict[str, int]:
    """Recompute the deadlines of every open case, then create reminders once. Safe to run twice."""
    actor = system_actor(Channel.JOB)
    rules = rules_in_force()
    changed, last = 0, None
    while True:
        qs = Case.objects.exclude(phase=Phase.CLOSED).order_by("id")
        if last is not None:
            qs = qs.filter(id__gt=last)
        ids = list(qs.values_list("id", flat=True)[:BATCH])
        if not ids:
            return {"changed": changed, "reminders": reminders_create(actor=actor)}
        changed += case_deadlines_recompute(actor=actor, case_ids=ids, rules=rules)
        last = ids[-1]
