"""The audit trail is a hash chain: verify passes on real data and finds the first altered row."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from regie.audit.choices import REDACTED, AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.audit.services import ChainBroken, access_record, audit_record, audit_verify
from regie.cases.services import case_intake, medical_background_update
from regie.core.context import Actor


@pytest.fixture
def some_cases(case_manager, make_intake):
    actor = Actor(user=case_manager)
    return [case_intake(actor=actor, data=make_intake()).case for _ in range(3)]


@pytest.mark.django_db(transaction=True)
def test_audit_record_must_be_inside_a_transaction(system) -> None:
    from regie.accounts.models import Team

    team = Team.objects.create(name="Team West")
    with pytest.raises(RuntimeError):
        audit_record(actor=system, event_type=EventType.TEAM_CREATED, subject=team)
    with transaction.atomic():
        event = audit_record(actor=system, event_type=EventType.TEAM_CREATED, subject=team, new={"name": team.name})
    assert event.subject_type == "accounts.team" and event.channel == "cli" and event.actor is None


def test_verify_passes_then_finds_an_altered_row(some_cases) -> None:
    total = AuditEvent.objects.count()
    assert audit_verify() == total > 6
    victim = AuditEvent.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET new_values = %s WHERE id = %s", ['{"family_name": "X"}', victim.pk])
    with pytest.raises(ChainBroken) as broken:
        audit_verify()
    assert broken.value.event_id == victim.pk
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit", "verify")


def test_verify_finds_a_removed_row_and_a_removed_tail(some_cases) -> None:
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    # Verified once, as the daily job would: the head (kept at commit on PostgreSQL) is then current.
    assert audit_verify() == len(ids)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [ids[-1]])
    with pytest.raises(ChainBroken, match="newest record is missing"):
        audit_verify()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [ids[2]])
    with pytest.raises(ChainBroken) as broken:
        audit_verify()
    assert broken.value.event_id == ids[3]


def test_verify_command_reports_success(some_cases, capsys) -> None:
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_restricted_values_never_enter_the_trail(case_manager, team_lead, team, make_intake) -> None:
    from regie.cases.services import case_assign

    case = case_intake(actor=Actor(user=case_manager), data=make_intake(medical_background="tuberculose")).case
    case = case_assign(actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=1)
    medical_background_update(actor=Actor(user=case_manager), case=case, text="diabetes", expected_version=2)
    dumped = " ".join(str(e.old_values) + str(e.new_values) for e in AuditEvent.objects.all())
    assert "tuberculose" not in dumped and "diabetes" not in dumped
    event = AuditEvent.objects.get(event_type=EventType.MEDICAL_BACKGROUND_UPDATED)
    assert event.old_values == {"medical_background": REDACTED} == event.new_values


def test_access_record_one_per_person(case_manager, some_cases) -> None:
    actor = Actor(user=case_manager)
    ids = [c.person_id for c in some_cases]
    assert access_record(actor=actor, person_ids=[*ids, ids[0]], purpose=AccessPurpose.EXPORT) == 3
    assert AccessRecord.objects.filter(purpose=AccessPurpose.EXPORT).count() == 3
    record = AccessRecord.objects.filter(person_id=ids[0]).get()
    assert record.user == case_manager and record.role == "case_manager" and record.request_id == actor.request_id


def test_verify_finds_a_forged_record_inserted_at_the_end(some_cases) -> None:
    assert audit_verify() == AuditEvent.objects.count()
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    forged = AuditEvent.objects.get(pk=last.pk)
    forged.pk, forged.new_values = None, {"family_name": "Y"}  # a copy with other content, the old hashes
    forged.save(force_insert=True)
    with pytest.raises(ChainBroken) as broken:
        audit_verify()
    assert broken.value.event_id == forged.pk


def test_many_records_in_one_transaction_never_touch_the_head_row(db, system) -> None:
    """The append reads the newest record by its key; the head is the database's (a trigger), not a row
    that every append updates: updating one row again and again in one transaction is quadratic on
    PostgreSQL (decision 0003)."""
    from django.test.utils import CaptureQueriesContext

    from regie.accounts.models import Team

    team = Team.objects.create(name="Team West")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for i in range(200):
            audit_record(actor=system, event_type=EventType.TEAM_CREATED, subject=team, new={"i": i})
    assert not [q for q in queries.captured_queries if "auditchainhead" in q["sql"].lower()]
    # At most three statements an append (lock on PostgreSQL, newest hash, insert), whatever the count.
    assert len(queries.captured_queries) <= 3 * 200 + 2
    assert audit_verify() == AuditEvent.objects.count()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_chain_in_commit_order_and_the_head_follows(system) -> None:
    """Four threads, each with its own connection, append and commit; the chain and its head hold."""
    import threading

    from django.db import connections

    from regie.accounts.models import Team
    from regie.audit.models import AuditChainHead

    team = Team.objects.create(name="Team West")
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    audit_record(actor=system, event_type=EventType.TEAM_CREATED, subject=team, new={"n": n, "i": i})
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert audit_verify() == AuditEvent.objects.count() == 60
    head = AuditChainHead.objects.get(id=1)
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest is not None and (head.last_id, head.last_hash) == (newest.pk, newest.hash)
