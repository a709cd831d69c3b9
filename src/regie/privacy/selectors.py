"""Reads of retention and of the person's requests. The subject access export reads what every app holds
through `cases.registry.held_data`, so this app imports no process app."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Max, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from pydantic.alias_generators import to_camel

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.choices import AccessPurpose
from regie.audit.domain import to_jsonable
from regie.audit.models import AccessRecord, AuditEvent
from regie.audit.services import access_record
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.registry import HeldData, SummaryItem, held_data
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound, PermissionDenied
from regie.people.models import FamilyLink, Language, Nationality, Person, PersonName

from .choices import DataKind, SubjectRequestKind, SubjectRequestStatus
from .domain import OPEN_STATUSES, Period, add_months, kinds_due
from .models import RetentionApplied, RetentionRule, SubjectRequest

ONLY_PRIVACY_OFFICER = gettext_noop("Alleen de functionaris gegevensbescherming kan dit doen.")
EXPORT_FORMAT = "regie-subject-access/1"


def require_privacy_officer(user: User | None) -> User:
    if user is None or not user.is_active or user.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied(ONLY_PRIVACY_OFFICER)
    return user


# -- retention ---------------------------------------------------------------------------------------------
def retention_periods() -> list[Period]:
    return [
        Period(kind=r.kind, months=r.months, valid_from=r.valid_from, valid_until=r.valid_until)
        for r in RetentionRule.objects.all()
    ]


@dataclass(frozen=True)
class DuePerson:
    person_id: uuid.UUID
    last_closed_on: dt.date
    kinds: list[str]


def persons_due(*, on: dt.date, periods: list[Period] | None = None) -> list[DuePerson]:
    """Persons whose cases are all closed and whose data of some kind is due for removal on `on`.

    A person with an open case is never due, however old their other cases are.
    """
    periods = retention_periods() if periods is None else periods
    if not periods:
        return []
    # No rule is shorter than the shortest: a closure younger than that is never due.
    cutoff = add_months(on, -min(p.months for p in periods))
    candidates = (
        Person.objects.annotate(
            open_cases=Count("cases", filter=~Q(cases__phase=Phase.CLOSED)),
            last_closed_on=Max("cases__closed_on"),
        )
        .filter(open_cases=0, last_closed_on__lte=cutoff)
        .values_list("id", "last_closed_on")
        .order_by("id")
    )
    applied: dict[uuid.UUID, dict[str, dt.date]] = defaultdict(dict)
    for person_id, kind, covers in RetentionApplied.objects.values_list("person_id", "kind", "covers_closed_on"):
        applied[person_id][kind] = covers
    due = []
    for person_id, last_closed_on in candidates.iterator(chunk_size=2000):
        kinds = kinds_due(last_closed_on=last_closed_on, rules=periods, applied=applied[person_id], on=on)
        if kinds:
            due.append(DuePerson(person_id=person_id, last_closed_on=last_closed_on, kinds=kinds))
    return due


def person_audit_events(person_id: uuid.UUID) -> QuerySet[AuditEvent]:
    """The trail's records about the person: by their id, or by the id of one of their cases."""
    case_ids = list(Case.objects.filter(person_id=person_id).values_list("id", flat=True))
    return AuditEvent.objects.filter(Q(person_id=person_id) | Q(case_id__in=case_ids)).order_by("id")


# -- restriction of processing: visible in the dossier -------------------------------------------------------
def restriction_in_force(person_id: uuid.UUID) -> bool:
    """A restriction request of the person was granted (handled as done): processing is restricted."""
    return SubjectRequest.objects.filter(
        person_id=person_id, kind=SubjectRequestKind.RESTRICTION, status=SubjectRequestStatus.DONE
    ).exists()


def privacy_summary(user: User, case: Case) -> list[SummaryItem]:
    """The dossier's summary line "verwerking beperkt" while a restriction (art. 18 AVG) is in force."""
    if not restriction_in_force(case.person_id):
        return []
    return [SummaryItem(order=5, label=_("Privacy"), value=str(_("verwerking beperkt (art. 18 AVG)")))]


# -- the person's requests --------------------------------------------------------------------------------------
def subject_requests(*, user: User, open_only: bool = False) -> QuerySet[SubjectRequest]:
    """The requests of data subjects, oldest first (their one-month term runs from receipt)."""
    require_privacy_officer(user)
    qs = SubjectRequest.objects.select_related("person", "handled_by")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    return qs.order_by("received_on", "created_at")


def subject_requests_shown(*, actor: Actor, requests: list[SubjectRequest]) -> list[SubjectRequest]:
    """Requests as a page or response shows them (with the person's V-number): each person is a read."""
    access_record(actor=actor, person_ids=[r.person_id for r in requests], purpose=AccessPurpose.PRIVACY_REVIEW)
    return requests


def subject_request(*, actor: Actor, request_id: uuid.UUID) -> SubjectRequest:
    """One request, for the privacy officer; showing it is a read of the person's data."""
    require_privacy_officer(actor.user)
    found = SubjectRequest.objects.select_related("person", "handled_by").filter(pk=request_id).first()
    if found is None:
        raise NotFound(gettext_noop("Dit verzoek bestaat niet."))
    subject_requests_shown(actor=actor, requests=[found])
    return found


def subject_request_version(request_id: uuid.UUID) -> int:
    """The version of a request as it is now (a form rebuilt after a conflict carries it)."""
    return SubjectRequest.objects.values_list("version", flat=True).get(pk=request_id)


def person_for_request(*, person_id: uuid.UUID | None, v_number: str | None) -> Person | None:
    if v_number is not None:
        return person_by_v_number(v_number)
    if person_id is None:
        return None
    return Person.objects.filter(pk=person_id).first()


def person_by_v_number(v_number: str) -> Person | None:
    """The person with this V-number (never an anonymised person: their V-number is gone)."""
    if not v_number:
        return None
    return Person.objects.filter(v_number=v_number).first()


# -- the subject access export -------------------------------------------------------------------------------
def _value(obj: Model, field: Any) -> Any:
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        if related_id is None:
            return None
        if field.related_model is User:
            user = getattr(obj, field.name)
            return {"username": user.username, "name": user.display_name}
        return str(related_id)
    return to_jsonable(getattr(obj, field.attname))


SKIPPED_FIELDS = frozenset({"name_fold", "person", "case"})


def row(obj: Model, *, skip: frozenset[str] = SKIPPED_FIELDS) -> dict[str, Any]:
    """One row as the export shows it: every stored field under its camelCase name (users by name)."""
    return {
        to_camel(f.name): _value(obj, f)
        for f in obj._meta.concrete_fields
        if f.name not in skip and not f.name.startswith("_")
    }


def _case_path(item: HeldData) -> str | None:
    """From a registered row to its case (`case__person` -> `case`), or None for a row of the person."""
    if item.person_path.endswith("case__person"):
        return item.person_path.removesuffix("__person")
    return None


def subject_access_data(person: Person) -> dict[str, Any]:
    """Everything Regie holds about `person`: identity, names, nationalities, languages, family, every case
    with what each app holds about it (through `cases.registry.held_data`), the person's own records
    (documents, requests), the audit trail about them, and the access log: who saw their data, when, why.

    Special-category data is included: it is the person's own. The caller records the read and the export.
    """
    cases = list(Case.objects.filter(person=person).select_related("team", "assigned_to").order_by("opened_on"))
    by_case: dict[uuid.UUID, dict[str, list[dict[str, Any]]]] = {c.pk: defaultdict(list) for c in cases}
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in held_data():
        if item.model is Case:
            continue
        path = _case_path(item)
        qs = item.model._default_manager.filter(**{item.person_path: person})
        if path is None:
            for obj in qs:
                own[item.key].append(row(obj))
        else:
            for obj in qs.annotate(export_case_id=F(path)):
                by_case[obj.export_case_id][item.key].append(row(obj))
    numbers = {c.pk: c.number for c in cases}
    return {
        "format": EXPORT_FORMAT,
        "exportedAt": to_jsonable(clock.now()),
        "person": {"id": str(person.pk), **row(person, skip=frozenset({"name_fold", "id"}))},
        "names": [row(n) for n in PersonName.objects.filter(person=person).order_by("created_at")],
        "nationalities": [row(n) for n in Nationality.objects.filter(person=person).order_by("created_at")],
        "languages": [row(n) for n in Language.objects.filter(person=person).order_by("created_at")],
        "familyLinks": [row(n) for n in FamilyLink.objects.filter(person=person).order_by("created_at")],
        "records": {key: rows for key, rows in sorted(own.items())},
        "cases": [
            {
                **row(c),
                "team": c.team.name if c.team else None,
                "records": {key: rows for key, rows in sorted(by_case[c.pk].items())},
            }
            for c in cases
        ],
        "auditTrail": [
            {
                "occurredAt": to_jsonable(e.occurred_at),
                "eventType": e.event_type,
                "label": str(e.label),
                "actor": e.actor_label,
                "channel": e.channel,
                "caseNumber": numbers.get(e.case_id) if e.case_id else None,
                "oldValues": e.old_values,
                "newValues": e.new_values,
            }
            for e in person_audit_events(person.pk)
        ],
        "accessLog": [
            {
                "occurredAt": to_jsonable(r.occurred_at),
                "user": {"username": r.user.username, "name": r.user.display_name},
                "role": r.role,
                "roleLabel": str(Role(r.role).label) if r.role in Role.values else r.role,
                "purpose": r.purpose,
                "purposeLabel": r.get_purpose_display(),
                "channel": r.channel,
                "caseNumber": numbers.get(r.case_id) if r.case_id else None,
                "specialCategories": r.special_categories,
                "requestId": r.request_id,
            }
            for r in AccessRecord.objects.filter(person=person).select_related("user").order_by("id")
        ],
    }


def retention_kinds() -> list[tuple[str, str]]:
    return [(k.value, str(k.label)) for k in DataKind]
