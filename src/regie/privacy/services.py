"""Every write of retention and of the person's rights: one transaction, its audit record.

Retention removes, per kind of data whose period has passed, what every app registered about the person
(`cases.registry.held_data`) and redacts the same values in the audit trail, sealing the redacted records
in its own record so that `regie audit verify` still passes (decision 0018).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
from django.utils.translation import gettext_noop

from regie.audit.choices import SEALING_EVENTS, SPECIAL_CATEGORY_EVENTS, AccessPurpose, EventType
from regie.audit.domain import SEALS_KEY
from regie.audit.models import AuditEvent
from regie.audit.services import access_record, audit_record, audit_redact
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.registry import HeldData, held_data
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import Refusal
from regie.core.errors import IllegalTransition
from regie.core.services import REQUIRED, choice, lock, lock_version, refuse, require, save_versioned
from regie.core.transactions import atomic
from regie.people.choices import NameKind
from regie.people.models import DuplicateCandidate, FamilyLink, Language, NameKey, Nationality, Person, PersonName

from .choices import DataKind, ExportFormat, SubjectRequestKind, SubjectRequestStatus
from .domain import ANONYMISED_NAME, KEPT_AUDIT_KEYS, may_move
from .models import RetentionApplied, RetentionRun, SubjectRequest
from .selectors import (
    DuePerson,
    person_audit_events,
    persons_due,
    require_privacy_officer,
    retention_periods,
    subject_access_data,
)

ONLY_THE_JOB = gettext_noop("Alleen de bewaartermijnentaak verwijdert gegevens.")

# The identity of the person on their own row: names, identifiers, day and month of birth, place of birth.
# Kept for statistics: year of birth, sex, nationality (country and status).
PERSON_IDENTITY = ("v_number", "given_names", "family_name", "birth_month", "birth_day", "place_of_birth")


# -- retention -------------------------------------------------------------------------------------------------
def _cleared(model: Any, name: str) -> Any:
    field = model._meta.get_field(name)
    return None if field.null else ""


def _clear_held(item: HeldData, kind: str, person: Person) -> Counter[str]:
    """Clear (or delete) what `item` registered under `kind` for the person. Counts rows, never values."""
    counts: Counter[str] = Counter()
    rows = item.model._default_manager.filter(**{item.person_path: person})
    if item.delete_when == kind:
        counts[f"{item.key}.deleted"] += _delete(item, rows)
        return counts
    for due_kind, where in item.delete_rows_when:
        if due_kind == kind:
            counts[f"{item.key}.deleted"] += _delete(item, rows.filter(**where))
    names = item.fields_of(kind)
    if not names:
        return counts
    plain = {n: _cleared(item.model, n) for n in names if n not in item.unique_fields}
    # Only rows that still hold something: a second run changes nothing.
    holding = rows.filter(_holds_any(item, names))
    for obj in holding.only("pk"):
        values = dict(plain)
        for name in names:
            if name in item.unique_fields:
                # A unique field keeps the constraint valid with a placeholder that names only the row.
                values[name] = f"anon-{obj.pk.hex if isinstance(obj.pk, uuid.UUID) else obj.pk}"
        item.model._default_manager.filter(pk=obj.pk).update(**values)
        counts[f"{item.key}.cleared"] += 1
    return counts


def _delete(item: HeldData, rows: Any) -> int:
    """Delete the rows, and through the model's hook what they point to outside the database."""
    if item.on_delete is not None:
        item.on_delete(rows)
    deleted: int = rows.delete()[0]
    return deleted


def _holds_any(item: HeldData, names: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for name in names:
        if _cleared(item.model, name) is None:
            condition |= Q(**{f"{name}__isnull": False})
        elif name in item.unique_fields:
            condition |= ~Q(**{f"{name}__startswith": "anon-"})
        else:
            condition |= ~Q(**{name: ""})
    return condition


def _anonymise_person(person: Person) -> Counter[str]:
    """The person's own identity: a neutral name, no V-number, no name variants or search keys, no day and
    month of birth, no place of birth; no languages, family links of their own or duplicate flags."""
    counts: Counter[str] = Counter()
    counts["people.personname.deleted"] += (
        PersonName.objects.filter(person=person).exclude(kind=NameKind.PRIMARY).delete()[0]
    )
    NameKey.objects.filter(person=person).delete()
    PersonName.objects.filter(person=person, kind=NameKind.PRIMARY).update(given_names="", family_name=ANONYMISED_NAME)
    counts["people.language.deleted"] += Language.objects.filter(person=person).delete()[0]
    counts["people.familylink.deleted"] += FamilyLink.objects.filter(person=person).delete()[0]
    counts["people.duplicatecandidate.deleted"] += DuplicateCandidate.objects.filter(
        Q(person=person) | Q(other=person)
    ).delete()[0]
    Nationality.objects.filter(person=person).update(source="")
    Person.objects.filter(pk=person.pk).update(
        v_number="",
        given_names="",
        family_name=ANONYMISED_NAME,
        name_fold="",
        birth_month=None,
        birth_day=None,
        place_of_birth="",
        household=None,
        anonymised_at=clock.now(),
    )
    counts["people.person.anonymised"] += 1
    return counts


def _audit_keep(kinds: list[str]) -> Any:
    """Which members of the trail's values survive the kinds removed now (see decision 0018)."""
    items = held_data()
    removed = {name for kind in kinds for item in items for name in item.fields_of(kind)}

    def keep(event: AuditEvent, key: str) -> bool:
        if event.event_type in SEALING_EVENTS:
            return True  # counts and seals only; a seal must never be redacted
        if DataKind.IDENTITY in kinds:
            return key in KEPT_AUDIT_KEYS
        if DataKind.SPECIAL_CATEGORY in kinds and event.event_type in SPECIAL_CATEGORY_EVENTS:
            return False
        return key not in removed

    return keep


def retention_apply(*, actor: Actor, due: DuePerson) -> dict[str, int] | None:
    """Remove the person's data of the kinds in `due` and redact them in the trail; one audit record (counts
    and seals, no personal data). Refuses when a case of the person opened or closed since `due` was read:
    returns None and changes nothing (the next run decides again)."""
    require(actor.user is None, ONLY_THE_JOB)
    with atomic():
        person = lock(Person.objects.all(), due.person_id)
        cases = Case.objects.filter(person=person)
        last_closed_on = cases.aggregate(last=Max("closed_on"))["last"]
        if cases.exclude(phase=Phase.CLOSED).exists() or last_closed_on != due.last_closed_on:
            return None
        counts: Counter[str] = Counter()
        for kind in due.kinds:
            if kind == DataKind.IDENTITY:
                counts += _anonymise_person(person)
            for item in held_data():
                counts += _clear_held(item, kind, person)
        seals = audit_redact(events=person_audit_events(person.pk), keep=_audit_keep(due.kinds))
        counts["audit.auditevent.redacted"] += len(seals)
        now = clock.now()
        for kind in due.kinds:
            RetentionApplied.objects.update_or_create(
                person=person, kind=kind, defaults={"covers_closed_on": due.last_closed_on, "applied_at": now}
            )
        audit_record(
            actor=actor,
            event_type=EventType.RETENTION_APPLIED,
            subject=person,
            person_id=person.pk,
            new={"kinds": sorted(due.kinds), "counts": dict(sorted(counts.items())), SEALS_KEY: seals},
        )
        return dict(counts)


@dataclass
class RetentionSummary:
    on: dt.date
    dry_run: bool
    persons: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)


def retention_run(*, actor: Actor, on: dt.date | None = None, dry_run: bool = False) -> RetentionSummary:
    """Apply the retention rules to every person who is due: each in its own transaction, then one summary
    record. `dry_run` counts who is due, per kind, and writes nothing. Running it twice changes nothing."""
    require(actor.user is None, ONLY_THE_JOB)
    on = on or clock.today()
    summary = RetentionSummary(on=on, dry_run=dry_run)
    for due in persons_due(on=on, periods=retention_periods()):
        if dry_run:
            summary.persons += 1
            summary.by_kind.update(due.kinds)
            continue
        counts = retention_apply(actor=actor, due=due)
        if counts is not None:
            summary.persons += 1
            summary.by_kind.update(due.kinds)
            summary.counts.update(counts)
    if not dry_run and summary.persons:
        with atomic():
            run = RetentionRun.objects.create(
                ran_on=on, persons=summary.persons, counts={**summary.by_kind, **summary.counts}
            )
            audit_record(
                actor=actor,
                event_type=EventType.RETENTION_RUN,
                subject=run,
                new={"persons": summary.persons, "kinds": dict(summary.by_kind), "counts": dict(summary.counts)},
            )
    return summary


# -- the subject access export -----------------------------------------------------------------------------
def subject_access_export(*, actor: Actor, person: Person, file_format: str) -> dict[str, Any]:
    """Everything Regie holds about the person, for the privacy officer answering an access request
    (GDPR art. 15). The read is logged (special-category data included) and the export audited."""
    require_privacy_officer(actor.user)
    refuse(choice("format", file_format, ExportFormat))
    with atomic():
        data = subject_access_data(person)
        access_record(actor=actor, person_ids=[person.pk], purpose=AccessPurpose.EXPORT, special_categories=True)
        audit_record(
            actor=actor,
            event_type=EventType.SUBJECT_ACCESS_EXPORTED,
            subject=person,
            person_id=person.pk,
            new={"format": file_format, "cases": len(data["cases"]), "access_records": len(data["accessLog"])},
        )
    return data


# -- the person's requests (GDPR art. 12-21) ----------------------------------------------------------------------
REQUEST_FIELDS = ("kind", "received_on", "status", "decision_reason", "decided_on")


def subject_request_record(
    *, actor: Actor, person: Person, kind: str, received_on: dt.date, description: str = ""
) -> SubjectRequest:
    """Record a request of the person (received on a day, not in the future). Audited without its text."""
    user = require_privacy_officer(actor.user)
    errors: dict[str, str] = {**choice("kind", kind, SubjectRequestKind)}
    if received_on > clock.today():
        errors["received_on"] = gettext_noop("Deze datum ligt in de toekomst.")
    refuse(errors)
    with atomic():
        request = SubjectRequest(
            person=person, kind=kind, received_on=received_on, description=description.strip(), recorded_by=user
        )
        save_versioned(request, created=True)
        audit_record(
            actor=actor,
            event_type=EventType.SUBJECT_REQUEST_RECORDED,
            subject=request,
            person_id=person.pk,
            new={"kind": kind, "received_on": received_on, "status": request.status},
        )
        return request


def subject_request_decide(
    *,
    actor: Actor,
    request_id: uuid.UUID,
    status: str,
    expected_version: int | None,
    decision_reason: str = "",
) -> SubjectRequest:
    """Move a request on: received -> in handling -> done, or refused with a reason. Done and refused are
    final and dated today; who handled it is recorded. A stale version is refused (409)."""
    user = require_privacy_officer(actor.user)
    refuse(choice("status", status, SubjectRequestStatus))
    reason = decision_reason.strip()
    if status == SubjectRequestStatus.REFUSED and not reason:
        refuse(Refusal("decision_reason", REQUIRED))
    with atomic():
        request = lock_version(SubjectRequest.objects.all(), request_id, expected_version)
        if not may_move(request.status, status):
            raise IllegalTransition(
                gettext_noop("Deze stap is niet mogelijk vanuit de huidige status van het verzoek."), field="status"
            )
        old = {f: getattr(request, f) for f in REQUEST_FIELDS}
        request.status = status
        request.handled_by = user
        if reason:
            request.decision_reason = reason
        if status in (SubjectRequestStatus.DONE, SubjectRequestStatus.REFUSED):
            request.decided_on = clock.today()
        save_versioned(request)
        audit_record(
            actor=actor,
            event_type=EventType.SUBJECT_REQUEST_DECIDED,
            subject=request,
            person_id=request.person_id,
            old={**old, "decision_reason": bool(old["decision_reason"])},
            new={**{f: getattr(request, f) for f in REQUEST_FIELDS}, "decision_reason": bool(reason)},
        )
        return request
