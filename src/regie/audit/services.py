"""Writing the audit trail and the access log. Called inside the calling service's transaction."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from regie.core import clock, transactions
from regie.core.bulk import insert_rows, insert_values
from regie.core.context import Actor
from regie.core.domain import JsonText

from . import checkpoints
from .checkpoints import Checkpoint
from .choices import SEALING_EVENTS, AccessPurpose, EventType
from .domain import (
    GENESIS_HASH,
    SEALS_KEY,
    canonical_json,
    chain_hash,
    redact,
    redact_values,
    to_jsonable,
    values_chain_hash,
)
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


def _subject(subject: Any) -> tuple[str, str]:
    """The (type, id) a record names: a model instance, or `(model, pk)` for a row written without one."""
    if type(subject) is tuple:
        return subject[0]._meta.label_lower, str(subject[1])
    # `__class__`, not `type()`: a lazy object (request.user) reports the class it wraps.
    subject_type = subject.__class__._meta.label_lower if hasattr(subject, "_meta") else str(type(subject))
    return subject_type, str(getattr(subject, "pk", subject))


def audit_event(
    *,
    actor: Actor,
    event_type: EventType,
    subject: Any,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    case_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
) -> AuditEvent:
    """One record, not yet chained nor saved: `audit_append` does both (batch writers build many first).

    `subject` is a model instance, or `(model, pk)` for a row a batch writes without an instance.
    """
    record = audit_values(
        actor=actor, event_type=event_type, subject=subject, old=old, new=new, case_id=case_id, person_id=person_id
    )
    values = {"id": None, **dict(zip(HASHED_FIELDS, record.content, strict=True)), "prev_hash": "", "hash": ""}
    # Positional, as Django builds a row it read (`Model.from_db`): much cheaper than keyword arguments,
    # which look up every field's default and descriptor; a batch builds thousands of these.
    event = AuditEvent(*[values[name] for name in _event_columns()])  # type: ignore[misc]
    if actor.user is not None:
        AuditEvent.actor.field.set_cached_value(event, actor.user)  # as `actor=user` would: no query to read it back
    return event


# The columns of a record given as values (`AuditValues.chained`): its content, then its place in the chain.
VALUE_COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")

_PLAIN_ID = frozenset({int, str, type(None)})


@dataclass(slots=True)
class AuditValues:
    """One audit record as values, for the bulk writers (the batch intake, the demo): no model instance.

    `content` holds what `event_content` would read from the record, in the order of HASHED_FIELDS (its
    old and new values redacted, so JSON-ready). A value added to `new_values` before the record is
    chained is hashed and stored with it: the content is encoded only when it is chained.
    """

    content: tuple[Any, ...]

    @property
    def event_type(self) -> str:
        return self.content[5]

    @property
    def new_values(self) -> dict[str, Any]:
        return self.content[11]

    def chained(self, prev_hash: str) -> tuple[tuple[Any, ...], str]:
        """The row to insert (in VALUE_COLUMNS' order) after the record whose hash is `prev_hash`, and its hash.

        The old and new values are encoded once: the hash reads those bytes, and the row carries them as
        `JsonText`, which the JSON columns store as they are (`core.bulk.insert_values`).
        """
        at, actor_id, label, channel, request_id, event_type, subject_type, subject_id, case_id, person_id, old, new = (
            self.content
        )
        head = {
            "occurred_at": _iso(at),
            "actor_id": actor_id if type(actor_id) in _PLAIN_ID else to_jsonable(actor_id),
            "actor_label": label,
            "channel": channel,
            "request_id": request_id,
            "event_type": event_type,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "case_id": None if case_id is None else str(case_id),
            "person_id": None if person_id is None else str(person_id),
        }
        old_json, new_json = JsonText(canonical_json(old)), JsonText(canonical_json(new))
        hash_ = values_chain_hash(prev_hash, head, old_json, new_json)
        return (*self.content[:10], old_json, new_json, prev_hash, hash_), hash_


# The last time converted by `_iso`, with its text: a bulk writer gives the records of one change the
# same time. One tuple, replaced whole (threads never see a time with another's text).
_last_iso: tuple[Any, str] = (None, "")


def _iso(at: dt.datetime) -> str:
    """`to_jsonable(at)`, remembered for the last `at` asked."""
    global _last_iso
    last = _last_iso
    if last[0] is not at:
        last = _last_iso = (at, to_jsonable(at))
    return last[1]


def audit_values_of(
    *,
    at: dt.datetime,
    actor_id: Any,
    actor_label: str,
    channel: str,
    request_id: str,
    event_type: EventType,
    subject_type: str,
    subject_id: Any,
    case_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> AuditValues:
    """A record's content in the order of HASHED_FIELDS, redacted (the one place it is put together:
    `audit_event` and `audit_values` build theirs here)."""
    return AuditValues(
        (
            at,
            actor_id,
            actor_label,
            channel,
            request_id,
            # The closed list: an unknown type is a programming error.
            event_type.value if type(event_type) is EventType else EventType(event_type).value,
            subject_type,
            str(subject_id),
            case_id,
            person_id,
            redact(old) if old else {},
            redact(new) if new else {},
        )
    )


def audit_values(
    *,
    actor: Actor,
    event_type: EventType,
    subject: Any,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    case_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> AuditValues:
    """`audit_event` as values (`audit_append_values` chains and writes them); `at` defaults to now."""
    subject_type, subject_id = _subject(subject)
    user = actor.user
    return audit_values_of(
        at=at or clock.now(),
        actor_id=user.pk if user is not None else None,
        actor_label=actor.label,
        channel=actor.channel,
        request_id=actor.request_id,
        event_type=event_type,
        subject_type=subject_type,
        subject_id=subject_id,
        case_id=case_id,
        person_id=person_id,
        old=old,
        new=new,
    )


@functools.cache
def _event_columns() -> tuple[str, ...]:
    """The columns of an audit record in the model's order (a column added to the model must be given)."""
    return tuple(f.attname for f in AuditEvent._meta.concrete_fields)


CaseActionListener = Callable[[list[uuid.UUID]], object]
_case_action_listeners: list[CaseActionListener] = []


def after_case_actions(listener: CaseActionListener) -> None:
    """Have `listener` called with the ids of the cases that a transaction's records of a person or system
    (records with an actor) act upon: inside a service's `atomic()` once, at its end, just before its
    records are appended (it sees them in `audit_pending`, and takes its locks before the chain's); outside
    one right after they are appended. The deadline engine registers one: the due-speed signal of a
    detention counts from the case's last recorded action, whichever service recorded it."""
    if listener not in _case_action_listeners:
        _case_action_listeners.append(listener)


def acted_upon(events: Iterable[AuditEvent]) -> list[uuid.UUID]:
    """The case of each record that acts upon one (a record of a person or system), in order: what a
    case's last recorded action counts (`after_case_actions`)."""
    return [
        e.case_id
        for e in events
        if e.case_id is not None and e.actor_id is not None and e.event_type != EventType.DEADLINES_RECOMPUTED
    ]


def _hold_for_listeners(acted: list[uuid.UUID]) -> bool:
    """Hold `acted` for every listener (before the records: held first, flushed first); False outside `atomic()`."""
    return all([transactions.hold(listener, acted) for listener in _case_action_listeners])


def audit_append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Chain `events` in their order onto the trail, in the transaction of the change they record.

    Inside a service's `regie.core.transactions.atomic()` they are held, after the records held before
    them, and appended at its end (decision 0024): their ids and hashes are set then. Outside one they
    are appended at once. Either way one lock, one read of the newest hash and one insert per block.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit records must be written inside the transaction of the change they record")
    acted = acted_upon(events)
    if _hold_for_listeners(acted) and transactions.hold(_append_now, events):
        return events
    appended = _append_now(events)
    if acted:
        for listener in _case_action_listeners:
            listener(acted)
    return appended


@dataclass(slots=True)
class _ValuesBlock:
    """Records given as values, held in their place among the records of the transaction."""

    records: list[AuditValues]


def audit_append_values(records: list[AuditValues]) -> None:
    """`audit_append` for records given as values (`audit_values`): the same chain, the same rows, in
    their place among the transaction's other records; no ids are handed back (bulk writers need none)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit records must be written inside the transaction of the change they record")
    block = _ValuesBlock(list(records))
    # Records given as values open cases (the batch intake): nothing counts from an action yet. The
    # listeners are held all the same (with nothing), so they keep their place before the records.
    if not (_hold_for_listeners([]) and transactions.hold(_append_now, [block])):
        _append_now([block])


def _append_now(items: list[Any]) -> list[AuditEvent]:
    """Lock the chain, read its newest hash, chain the records onto it in order and insert them (held to
    commit). `items` are `AuditEvent`s and blocks of records given as values, in the order they came."""
    if not items:
        return []
    chain_lock()
    prev_hash = chain_tail_hash()
    events: list[AuditEvent] = []
    run: list[AuditEvent] = []  # consecutive instances, inserted together
    for item in items:
        if type(item) is _ValuesBlock:
            _insert_events(run)
            run = []
            rows = []
            for record in item.records:
                row, prev_hash = record.chained(prev_hash)
                rows.append(row)
            insert_values(AuditEvent, VALUE_COLUMNS, rows)  # the database advances the chain head
            continue
        item.prev_hash = prev_hash
        item.hash = prev_hash = chain_hash(prev_hash, event_content(item))
        run.append(item)
        events.append(item)
    _insert_events(run)
    return events


def _insert_events(events: list[AuditEvent]) -> None:
    if len(events) == 1:
        events[0].save(force_insert=True)
    elif events:
        insert_rows(events)


def audit_pending() -> list[AuditEvent]:
    """The records of the current transaction not yet appended (held to its end), in order: a read of the
    trail inside a service that must also see what the service itself recorded (the measures' facts).
    Records given as values (the batch intake's) are not among them."""
    return [e for e in transactions.held(_append_now) if type(e) is not _ValuesBlock]


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
    """Record one change. Must run inside the transaction of the change it records; inside a service's
    `atomic()` the record is held and appended at its end (then it has its id), otherwise at once."""
    event = audit_event(
        actor=actor, event_type=event_type, subject=subject, old=old, new=new, case_id=case_id, person_id=person_id
    )
    return audit_append([event])[0]


# A constant key for PostgreSQL's advisory lock that serialises appends to the chain ("REGIE").
CHAIN_LOCK_KEY = 0x5245474945


def chain_lock() -> None:
    """Hold the chain until the current transaction ends, so records are chained in commit order.

    The same cost at the first and the millionth record of a transaction: PostgreSQL takes a
    transaction-level advisory lock (re-entrant; released at commit or rollback); SQLite has one
    writer at a time anyway, since Regie begins every transaction IMMEDIATE (settings.py).
    Callers that append records themselves (the demo's bulk path) call this before `chain_tail_hash`.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def chain_tail_hash() -> str:
    """The hash of the newest record (by primary key: one index probe), or the genesis hash."""
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH


def _chain_head() -> AuditChainHead | None:
    """The head row as the database keeps it: a trigger per inserted block of records (migrations 0005,
    0008), so it is current at the end of every insert, inside the transaction too."""
    return AuditChainHead.objects.filter(id=1).first()


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


def audit_redact(*, events: Iterable[AuditEvent], keep: Callable[[AuditEvent, str], bool]) -> dict[str, str]:
    """Anonymise the values of `events` in place: each member that `keep(event, key)` refuses becomes the
    anonymised marker. Inside the transaction of the change that needs it (the retention job).

    A record's hash is not touched, so the chain still links. Returns the seals: record id -> the hash of
    the record's content after redaction. The caller appends them in its own record (an event type of
    `SEALING_EVENTS`, under `SEALS_KEY`), which is chained in turn; `audit_verify` accepts a redacted record
    only when a later, intact sealing record holds that hash (decision 0018).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a redaction must run inside the transaction that seals it")
    seals: dict[str, str] = {}
    for event in events:
        old = redact_values(event.old_values, lambda k, e=event: keep(e, k))  # type: ignore[misc]
        new = redact_values(event.new_values, lambda k, e=event: keep(e, k))  # type: ignore[misc]
        if (old, new) == (event.old_values, event.new_values):
            continue
        event.old_values, event.new_values = old, new
        AuditEvent.objects.filter(pk=event.pk).update(old_values=old, new_values=new)
        seals[str(event.pk)] = chain_hash(event.prev_hash, event_content(event))
    return seals


def archived_through(before_id: int | None = None) -> dict[str, Any] | None:
    """Where the chain continues after the archived months: the newest `audit.months_archived` record's
    values (through_id, through_hash, through_count), or, with `before_id`, the newest one that archived
    records before that id. None when nothing was archived."""
    archives = AuditEvent.objects.filter(event_type=EventType.AUDIT_MONTHS_ARCHIVED).values_list(
        "new_values", flat=True
    )
    candidates = [
        values
        for values in archives
        if values.get("through_id") and (before_id is None or values["through_id"] < before_id)
    ]
    return max(candidates, key=lambda values: values["through_id"], default=None)


class ChainBroken(Exception):
    def __init__(self, event_id: int, reason: str) -> None:
        super().__init__(f"audit record #{event_id}: {reason}")
        self.event_id, self.reason = event_id, reason


def audit_verify(
    *, batch_size: int = 5000, signed: Sequence[Checkpoint] | None = None, until: int | None = None
) -> int:
    """Walk the chain in order; raise ChainBroken at the first record that does not fit. Returns the count.

    Given the `signed` checkpoints (their signatures checked by the caller: `audit_checkpoints_verify`),
    the record at each checkpoint must exist with the signed hash and the signed number of records up to
    it, and the chain must reach the newest checkpoint: a chain rewritten from some record on, with every
    later hash recomputed, fails at the first checkpoint after that record; a removed tail fails too.
    And each checkpoint the trail records must be among them (none was removed from the files).

    `until` (a restored backup: its manifest's chain head) says the chain ends at that record: it must,
    and checkpoints signed after it are not matched against records (their signatures still hold).

    When the oldest months were archived (detached partitions on PostgreSQL), the walk starts after the
    last archived record, with its hash and number as the archive record holds them; checkpoints up to it
    are checked against the archive, not here (docs/operations.md, "Archiving a month").
    """
    prev_hash, count, last_id, at = GENESIS_HASH, 0, 0, 0
    # The oldest months archived (regie.audit.partitions, PostgreSQL): the chain continues from the record
    # that the newest `audit.months_archived` record names; that record is itself checked further on.
    first = AuditEvent.objects.order_by("id").values_list("id", "prev_hash").first()
    if first is not None and first[1] != GENESIS_HASH and (archived := archived_through(before_id=first[0])):
        prev_hash, count, last_id = archived["through_hash"], archived["through_count"], archived["through_id"]
    pending = sorted(
        (c for c in signed or () if c.last_id > last_id and (until is None or c.last_id <= until)),
        key=lambda c: (c.last_id, c.seq),
    )
    recorded: dict[int, tuple[int, str]] = {}  # seq -> (record id, signature) of checkpoints in the trail
    # Records whose content no longer matches their hash: redacted ones are vouched for by a later sealing
    # record (audit_redact, the retention job); any left at the end were altered.
    unsealed: dict[int, str] = {}
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev_hash:
                raise ChainBroken(event.pk, "does not link to the record before it (a record was removed or altered)")
            content_hash = chain_hash(prev_hash, event_content(event))
            if content_hash != event.hash:
                unsealed[event.pk] = content_hash
            elif event.event_type in SEALING_EVENTS:
                for sealed_id, sealed_hash in (event.new_values.get(SEALS_KEY) or {}).items():
                    # A seal of an earlier redaction of the same record is superseded by a later one.
                    if unsealed.get(int(sealed_id)) == sealed_hash:
                        del unsealed[int(sealed_id)]
            prev_hash, last_id, count = event.hash, event.pk, count + 1
            while at < len(pending) and pending[at].last_id <= event.pk:
                _match_checkpoint(pending[at], event, count)
                at += 1
            if event.event_type == EventType.AUDIT_CHECKPOINTED:
                recorded[event.new_values.get("seq")] = (event.pk, event.new_values.get("signature"))
    if until is not None and last_id != until:
        raise ChainBroken(last_id, f"the chain ends here, not at record #{until}")
    if at < len(pending):
        raise ChainBroken(
            pending[at].last_id,
            f"missing, yet signed {pending[at].name} covers the chain up to it (records were removed from the end)",
        )
    in_files = {c.seq: c.signature for c in signed or ()}
    for seq, (event_id, signature) in sorted(recorded.items()) if signed is not None else ():
        if in_files.get(seq) != signature:
            raise ChainBroken(
                event_id, f"records checkpoint #{seq}, which is not in the checkpoint files (it was removed from them)"
            )
    if unsealed:
        raise ChainBroken(min(unsealed), "content does not match its hash (the record was altered)")
    head = _chain_head()
    if head is None:
        if count:
            raise ChainBroken(last_id, "the chain's head row is missing (it was removed)")
    elif (head.last_id, head.last_hash) != (last_id, prev_hash):
        raise ChainBroken(head.last_id, "the newest record is missing (the end of the chain was removed)")
    return count


def _match_checkpoint(checkpoint: Checkpoint, event: AuditEvent, count: int) -> None:
    if checkpoint.last_id < event.pk:
        raise ChainBroken(
            checkpoint.last_id, f"missing, yet signed in {checkpoint.name} (the chain was rewritten before it)"
        )
    if event.hash != checkpoint.last_hash:
        raise ChainBroken(
            event.pk,
            f"its hash differs from the one signed in {checkpoint.name} (the chain was rewritten at or before it)",
        )
    if count != checkpoint.count:
        raise ChainBroken(
            event.pk, f"is record {count} of the chain, but {checkpoint.count} in {checkpoint.name} (records removed)"
        )


def audit_checkpoints_verify() -> list[Checkpoint]:
    """The checkpoints in the checkpoint directory, each signature checked and each one following the one
    before. Raises CheckpointError (also when there are checkpoints and no key to check them with)."""
    found = checkpoints.read_all()
    if not found:
        return found
    public_key = checkpoints.verify_key()
    if public_key is None:
        raise checkpoints.CheckpointKeyError(
            f"{len(found)} checkpoint(s) in {checkpoints.checkpoint_dir()} and no key to verify them: "
            "set REGIE_AUDIT_VERIFY_KEY to the public key"
        )
    checkpoints.check_sequence(found, public_key)
    return found


def audit_checkpoint(*, actor: Actor) -> Checkpoint:
    """Sign the head of the chain and append it to the checkpoint files; record that in the trail.

    Under the chain lock (writers wait; on SQLite the IMMEDIATE transaction holds the database), so the
    newest record and the count belong together. The checkpoint covers the chain before its own record.
    The line is written before the commit: if the commit fails, the line still signs committed records.
    """
    key = checkpoints.signing_key()
    with transaction.atomic():
        chain_lock()
        head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first() or (0, GENESIS_HASH)
        previous = checkpoints.latest()
        if previous is None:
            count = AuditEvent.objects.count()
        else:
            checkpoints.check_signature(previous, key.public_key())
            if (
                previous.last_id
                and not AuditEvent.objects.filter(id=previous.last_id, hash=previous.last_hash).exists()
            ):
                raise checkpoints.CheckpointError(
                    f"record #{previous.last_id} no longer has the hash signed in {previous.name}: "
                    "the chain was changed; run `regie audit verify`"
                )
            # Counted on from the previous checkpoint along the key: the lock is held for a day's records,
            # not for a scan of the whole trail.
            count = previous.count + AuditEvent.objects.filter(id__gt=previous.last_id, id__lte=head[0]).count()
        checkpoint = checkpoints.sign(
            key, previous=previous, at=clock.now(), last_id=head[0], last_hash=head[1], count=count
        )
        # Appended at once, right after the head it signs (not held to the end of an enclosing block).
        event = audit_event(
            actor=actor,
            event_type=EventType.AUDIT_CHECKPOINTED,
            # The subject is the record at the head (an unsaved instance only names it).
            subject=AuditEvent(pk=checkpoint.last_id),
            new={
                "seq": checkpoint.seq,
                "last_id": checkpoint.last_id,
                "last_hash": checkpoint.last_hash,
                "count": checkpoint.count,
                "signature": checkpoint.signature,
            },
        )
        _append_now([event])
        checkpoints.append(checkpoint)
    return checkpoint
