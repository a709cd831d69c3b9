"""Background jobs of the audit trail, run by `regie worker` (django-tasks with the database backend)."""

from __future__ import annotations

from django_tasks import task

from regie.core.context import Channel, system_actor

from .services import audit_checkpoint


@task()
def audit_checkpoint_sign() -> dict[str, int]:
    """Sign the head of the chain (queued daily by the worker when a signing key is configured)."""
    checkpoint = audit_checkpoint(actor=system_actor(Channel.JOB))
    return {"seq": checkpoint.seq, "last_id": checkpoint.last_id, "count": checkpoint.count}
