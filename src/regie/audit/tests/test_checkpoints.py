"""Signed checkpoints: a chain rewritten from some record on, a removed tail and an edited or removed
checkpoint line are found; the hash chain alone finds none of the first two."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from regie.audit import checkpoints
from regie.audit.checkpoints import CheckpointError
from regie.audit.choices import EventType
from regie.audit.domain import chain_hash
from regie.audit.models import AuditChainHead, AuditEvent
from regie.audit.services import (
    ChainBroken,
    audit_checkpoint,
    audit_checkpoints_verify,
    audit_verify,
    event_content,
)
from regie.audit.tasks import audit_checkpoint_sign
from regie.cases.services import case_intake
from regie.core import clock
from regie.core.context import Actor, Channel, system_actor


@pytest.fixture
def intake(case_manager: Any, make_intake: Any) -> Any:
    """intake(n): n dossiers opened through the intake service (records on the chain)."""

    def make(n: int = 1) -> None:
        for _ in range(n):
            case_intake(actor=Actor(user=case_manager), data=make_intake())

    return make


def rewrite_chain_from(event_id: int, **new_values: Any) -> None:
    """The attacker with write access to the database: change one record's values, then recompute the
    hash of that record and of every later one with the chain's own hashing, and move the head row with
    them. Every link holds afterwards (the caller has verified the chain once, so on PostgreSQL the head
    row's deferred trigger has fired and does not undo the edit)."""
    prev_hash = AuditEvent.objects.get(pk=event_id).prev_hash
    for event in AuditEvent.objects.filter(id__gte=event_id).order_by("id"):
        if event.pk == event_id:
            event.new_values = {**event.new_values, **new_values}
        event.prev_hash, event.hash = prev_hash, chain_hash(prev_hash, event_content(event))
        AuditEvent.objects.filter(pk=event.pk).update(
            new_values=event.new_values, prev_hash=event.prev_hash, hash=event.hash
        )
        prev_hash = event.hash
    AuditChainHead.objects.filter(id=1).update(last_hash=prev_hash)


def cut_tail_from(event_id: int) -> None:
    """The attacker removes every record from `event_id` on and moves the head row back."""
    AuditEvent.objects.filter(id__gte=event_id).delete()
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    AuditChainHead.objects.filter(id=1).update(last_id=last.pk, last_hash=last.hash)


def lines(settings: Any) -> list[str]:
    return [
        line
        for path in sorted(Path(settings.REGIE_AUDIT_CHECKPOINT_DIR).glob("checkpoints-*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def write_lines(settings: Any, new_lines: list[str]) -> None:
    (path,) = Path(settings.REGIE_AUDIT_CHECKPOINT_DIR).glob("checkpoints-*.jsonl")
    path.write_text("".join(line + "\n" for line in new_lines))


def test_keygen_writes_a_private_key_for_its_owner_only_and_never_overwrites(tmp_path, capsys) -> None:
    out = tmp_path / "keys" / "audit.key"  # its folder is made, for its owner only
    call_command("audit", "keygen", "--out", str(out))
    public = Path(str(out) + ".pub")
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(public)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and stat.S_IMODE(out.parent.stat().st_mode) == 0o700
    assert b"PRIVATE KEY" in out.read_bytes() and b"PUBLIC KEY" in public.read_bytes()
    before = out.read_bytes()
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("audit", "keygen", "--out", str(out))
    assert out.read_bytes() == before


def test_checkpoint_refuses_without_a_key(intake) -> None:
    intake()
    with pytest.raises(CommandError, match="no signing key: set REGIE_AUDIT_SIGNING_KEY"):
        call_command("audit", "checkpoint")
    assert not AuditEvent.objects.filter(event_type=EventType.AUDIT_CHECKPOINTED).exists()


def test_checkpoints_sign_the_head_and_chain_onto_each_other(signing_key, settings, intake, capsys) -> None:
    intake(2)
    head = AuditEvent.objects.order_by("-id").first()
    assert head is not None
    call_command("audit", "checkpoint")
    assert "Signed checkpoint #1" in capsys.readouterr().out
    intake()
    second = audit_checkpoint_sign.call()  # the worker's daily job, called directly

    first_line, second_line = (json.loads(line) for line in lines(settings))
    assert (first_line["seq"], first_line["last_id"], first_line["last_hash"]) == (1, head.pk, head.hash)
    assert first_line["count"] == AuditEvent.objects.filter(id__lte=head.pk).count() and first_line["prev"] == ""
    assert second == {"seq": 2, "last_id": second_line["last_id"], "count": second_line["count"]}
    assert second_line["prev"] == first_line["signature"] and second_line["last_id"] > head.pk
    recorded = AuditEvent.objects.filter(event_type=EventType.AUDIT_CHECKPOINTED).order_by("id")
    assert [(e.channel, e.new_values["seq"], e.new_values["signature"]) for e in recorded] == [
        ("cli", 1, first_line["signature"]),
        ("job", 2, second_line["signature"]),
    ]
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"Audit trail intact: {AuditEvent.objects.count()} records verified." in out
    assert "Checkpoints intact: 2 verified" in out


def test_a_chain_rewritten_from_some_record_on_is_found_by_the_next_checkpoint(signing_key, intake) -> None:
    intake(2)
    signed = audit_checkpoint(actor=system_actor(Channel.CLI))
    intake(2)  # records after the checkpoint, rewritten too
    # The second dossier's opening, signed in the checkpoint: rewritten with every record after it.
    victim = AuditEvent.objects.filter(event_type=EventType.CASE_OPENED, id__lte=signed.last_id).order_by("id").last()
    assert victim is not None and victim.pk < signed.last_id
    assert audit_verify() == AuditEvent.objects.count()

    rewrite_chain_from(victim.pk, family_name="Anders")

    # The hash chain alone cannot tell: every link holds.
    assert audit_verify() == AuditEvent.objects.count()
    with pytest.raises(ChainBroken) as broken:
        audit_verify(signed=audit_checkpoints_verify())
    assert broken.value.event_id == signed.last_id and "checkpoint #1" in broken.value.reason
    with pytest.raises(CommandError, match=rf"BROKEN at record #{signed.last_id}: .*signed in checkpoint #1 \("):
        call_command("audit", "verify")


def test_a_removed_tail_is_found_by_the_checkpoint(signing_key, intake) -> None:
    intake(3)
    signed = audit_checkpoint(actor=system_actor(Channel.CLI))
    assert audit_verify() == AuditEvent.objects.count()
    first_of_last_intake = AuditEvent.objects.filter(event_type=EventType.CASE_OPENED).order_by("id").last()
    assert first_of_last_intake is not None

    cut_tail_from(first_of_last_intake.pk)

    assert audit_verify() == AuditEvent.objects.count()
    with pytest.raises(
        CommandError, match=rf"record #{signed.last_id}: missing, .*checkpoint #1 .*removed from the end"
    ):
        call_command("audit", "verify")


def test_an_edited_or_forged_checkpoint_line_is_found(signing_key, settings, intake) -> None:
    intake()
    audit_checkpoint(actor=system_actor(Channel.CLI))
    intake()
    audit_checkpoint(actor=system_actor(Channel.CLI))
    original = lines(settings)
    assert len(audit_checkpoints_verify()) == 2

    edited = json.loads(original[1])
    edited["count"] += 1  # to cover up removed records, say
    write_lines(settings, [original[0], json.dumps(edited)])
    with pytest.raises(CommandError, match=r"checkpoint #2 \(checkpoints-.*line 2.*signature does not match"):
        call_command("audit", "verify")

    # A line signed with another key (someone's own): it names the key.
    other = checkpoints.sign(
        Ed25519PrivateKey.generate(), previous=None, at=clock.now(), last_id=1, last_hash="0" * 64, count=1
    )
    write_lines(settings, [other.line().strip(), original[1]])
    with pytest.raises(CheckpointError, match=r"checkpoint #1 .* is signed by key"):
        audit_checkpoints_verify()

    write_lines(settings, [original[1]])
    with pytest.raises(
        CheckpointError, match=r"checkpoint #2 .*the first one found: checkpoints before it were removed"
    ):
        audit_checkpoints_verify()

    write_lines(settings, ["not json"])
    with pytest.raises(CheckpointError, match="line 1 is not a checkpoint"):
        audit_checkpoints_verify()


def test_a_removed_newest_checkpoint_is_found_by_its_record_in_the_trail(signing_key, settings, intake) -> None:
    intake()
    audit_checkpoint(actor=system_actor(Channel.CLI))
    audit_checkpoint(actor=system_actor(Channel.CLI))
    first, _second = lines(settings)
    write_lines(settings, [first])
    recorded = AuditEvent.objects.filter(event_type=EventType.AUDIT_CHECKPOINTED).order_by("id").last()
    assert recorded is not None
    with pytest.raises(CommandError, match=rf"record #{recorded.pk}: records checkpoint #2, which is not in the"):
        call_command("audit", "verify")


def test_verify_refuses_checkpoints_it_cannot_check(signing_key, settings, intake) -> None:
    intake()
    audit_checkpoint(actor=system_actor(Channel.CLI))
    settings.REGIE_AUDIT_SIGNING_KEY = ""
    with pytest.raises(
        CommandError, match=r"not verified: 1 checkpoint\(s\) in .* no key to verify them: set REGIE_AUDIT_VERIFY_KEY"
    ):
        call_command("audit", "verify")
    settings.REGIE_AUDIT_VERIFY_KEY = str(signing_key) + ".pub"  # the public key alone suffices
    call_command("audit", "verify")


def test_a_checkpoint_is_not_signed_over_a_changed_chain(signing_key, intake) -> None:
    intake(2)
    signed = audit_checkpoint(actor=system_actor(Channel.CLI))
    assert audit_verify() == AuditEvent.objects.count()
    before_head = AuditEvent.objects.filter(id__lt=signed.last_id).order_by("id").last()
    assert before_head is not None
    rewrite_chain_from(before_head.pk, family_name="Anders")
    with pytest.raises(CommandError, match=rf"record #{signed.last_id} no longer has the hash signed"):
        call_command("audit", "checkpoint")


def test_the_worker_queues_the_checkpoint_daily_only_with_a_key(db, settings, tmp_path) -> None:
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from regie.deadlines.schedule import CHECKPOINT_TASK_PATH, enqueue_daily_checkpoint_if_due

    at = dt.time(2, 0)
    later = timezone.make_aware(dt.datetime(2026, 11, 28, 3, 0))
    assert enqueue_daily_checkpoint_if_due(at=at, now=later) is False  # no key configured
    settings.REGIE_AUDIT_SIGNING_KEY = str(tmp_path / "audit.key")
    assert enqueue_daily_checkpoint_if_due(at=at, now=later - dt.timedelta(hours=2)) is False  # too early
    with clock.frozen(later):
        assert enqueue_daily_checkpoint_if_due(at=at, now=later) is True
        assert enqueue_daily_checkpoint_if_due(at=at, now=later) is False
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [CHECKPOINT_TASK_PATH]


def test_until_record_matches_only_the_checkpoints_up_to_it_and_the_chain_must_end_there(signing_key, intake) -> None:
    intake()
    first = audit_checkpoint(actor=system_actor(Channel.CLI))
    intake()
    audit_checkpoint(actor=system_actor(Channel.CLI))
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest is not None
    # The chain goes on past `until`: that is not the chain of the backup said to be restored.
    with pytest.raises(ChainBroken, match=rf"the chain ends here, not at record #{first.last_id}"):
        audit_verify(signed=audit_checkpoints_verify(), until=first.last_id)
    assert audit_verify(signed=audit_checkpoints_verify(), until=newest.pk) == AuditEvent.objects.count()
