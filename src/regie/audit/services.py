"""Writing the audit trail and the access log. Called inside the calling service's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from regie.core import clock
from regie.core.context import Actor

from .choices import AccessPurpose, EventType
from .domain import GENESIS_HASH, chain_hash, redact
from .models import AccessRecord, AuditChainHead, AuditEvent

HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "channel",
    "request_id",
    "event_type",
    "subject_type",
    "subject_id",
    "case_id",
    "person_id",
    "old_values",
    "new_values",
)


def event_content(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def audit_record(
    *,
    actor: Actor,
    event_type: EventType,
    subject: Any,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    case_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Append one record to the chain. Must run inside the transaction of the change it records."""
    event_type = EventType(event_type)  # the closed list: an unknown type is a programming error
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    event = AuditEvent(
        occurred_at=clock.now(),
        actor=actor.user,
        actor_label=actor.label,
        channel=actor.channel,
        request_id=actor.request_id,
        event_type=event_type,
        subject_type=type(subject)._meta.label_lower if hasattr(subject, "_meta") else str(type(subject)),
        subject_id=str(getattr(subject, "pk", subject)),
        case_id=case_id,
        person_id=person_id,
        old_values=redact(old or {}),
        new_values=redact(new or {}),
        prev_hash=head.last_hash or GENESIS_HASH,
    )
    # Round-trip the content through the database types before hashing (microseconds, uuids).
    event.hash = chain_hash(event.prev_hash, event_content(event))
    event.save(force_insert=True)
    head.last_hash, head.last_id = event.hash, event.pk
    head.save(update_fields=["last_hash", "last_id"])
    return event


def access_record(
    *,
    actor: Actor,
    person_ids: Iterable[uuid.UUID],
    purpose: AccessPurpose,
    case_ids: Mapping[uuid.UUID, uuid.UUID | None] | None = None,
    special_categories: bool = False,
) -> int:
    """Log one record per person read by `actor`. Returns how many were written."""
    assert actor.user is not None, "reads are always by a person or a system account"
    at = clock.now()
    rows = [
        AccessRecord(
            occurred_at=at,
            user=actor.user,
            role=getattr(actor.user, "role", ""),
            person_id=pid,
            case_id=(case_ids or {}).get(pid),
            purpose=purpose,
            channel=actor.channel,
            request_id=actor.request_id,
            special_categories=special_categories,
        )
        for pid in dict.fromkeys(person_ids)
    ]
    AccessRecord.objects.bulk_create(rows)
    return len(rows)


class ChainBroken(Exception):
    def __init__(self, event_id: int, reason: str) -> None:
        super().__init__(f"audit record #{event_id}: {reason}")
        self.event_id, self.reason = event_id, reason


def audit_verify(*, batch_size: int = 5000) -> int:
    """Walk the chain in order; raise ChainBroken at the first record that does not fit. Returns the count."""
    prev_hash, count, last_id = GENESIS_HASH, 0, 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev_hash:
                raise ChainBroken(event.pk, "does not link to the record before it (a record was removed or altered)")
            if chain_hash(prev_hash, event_content(event)) != event.hash:
                raise ChainBroken(event.pk, "content does not match its hash (the record was altered)")
            prev_hash, last_id, count = event.hash, event.pk, count + 1
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_id, head.last_hash) != (last_id, prev_hash):
        raise ChainBroken(head.last_id, "the newest record is missing (the end of the chain was removed)")
    return count
