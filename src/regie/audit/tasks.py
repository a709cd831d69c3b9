"""Background jobs of the audit trail, run by `regie worker` (django-tasks with the database backend)."""

from __future__ import annotations

from django_tasks import task

from regie.core.context import Channel, system_actor

from .partitions import partitions_ensure
from .services import audit_checkpoint


@task()
def audit_checkpoint_sign() -> dict[str, int]:
    """Sign the head of the chain (queued daily by the worker when a signing key is configured)."""
    checkpoint = audit_checkpoint(actor=system_actor(Channel.JOB))
    return {"seq": checkpoint.seq, "last_id": checkpoint.last_id, "count": checkpoint.count}


@task()
def audit_partitions_ensure() -> dict[str, list[str]]:
    """Create the coming months' partitions of the audit trail and the access log (PostgreSQL; queued daily
    by the worker; nothing to do on SQLite)."""
    return {"created": partitions_ensure()}
