"""The daily retention job, run by `regie worker` (queued by its scheduler next to the deadline sweep)."""

from __future__ import annotations

from django_tasks import task

from regie.core.context import Channel, system_actor

from .services import retention_run


@task()
def retention_daily() -> dict[str, int]:
    """Anonymise or delete what is due today. Safe to run twice: what was removed is not removed again."""
    summary = retention_run(actor=system_actor(Channel.JOB))
    return {"persons": summary.persons, **summary.by_kind}
