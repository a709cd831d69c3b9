"""Every read of travel documents. What depends on who asks is a queryset filter on visible cases.

`valid_travel_document_on`, `lp_request_filed` and `border_handover_agreed` answer other apps
(removability, departures, measures) about a case or person they have already loaded for a user;
they take no user.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AuditEvent
from regie.audit.services import access_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.registry import SummaryItem, dossier_reads_open, read_once
from regie.cases.selectors import case_get, case_visibility
from regie.core import clock
from regie.core.context import Actor
from regie.core.errors import NotFound, PermissionDenied
from regie.deadlines.domain import Rule, rule_in_force
from regie.deadlines.selectors import rules_in_force

from . import domain
from .choices import LpOutcome, LpStatus
from .models import CountryRequirement, IdentityDocument, LpRequest

if TYPE_CHECKING:
    from regie.people.models import Person

# Who reads the country requirements (reference data, no personal data): the people who prepare
# LP requests and those who keep the table.
REQUIREMENT_READERS = frozenset({Role.CASE_MANAGER, Role.TEAM_LEAD, Role.ADMINISTRATOR, Role.COUNTRY_SPECIALIST})


def _visible_cases(user: User) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(user))


def documents_for(*, user: User, case: Case) -> QuerySet[IdentityDocument]:
    """The documents of the case's person, if the user may see the case; longest valid first."""
    visible_person = _visible_cases(user).filter(pk=case.pk).values("person_id")
    return IdentityDocument.objects.filter(person_id__in=visible_person).order_by("-valid_until", "kind", "-created_at")


def lp_requests_for(*, user: User, case: Case) -> QuerySet[LpRequest]:
    """The LP requests of a case, newest first, if the user may see the case."""
    return LpRequest.objects.filter(case__in=_visible_cases(user).filter(pk=case.pk)).order_by(
        "-prepared_on", "-created_at"
    )


def lp_request_get(*, user: User, case: Case, lp_request_id: uuid.UUID | str) -> LpRequest:
    """One LP request of a visible case; NotFound for anything else (also for another case's request)."""
    try:
        return (
            LpRequest.objects.select_related("case")
            .filter(case__in=_visible_cases(user))
            .get(pk=uuid.UUID(str(lp_request_id)), case_id=case.pk)
        )
    except (ValueError, LpRequest.DoesNotExist):
        raise NotFound("LP-aanvraag niet gevonden.") from None


def _requirement_visibility(user: User) -> Q:
    if user.is_active and user.role in REQUIREMENT_READERS:
        return Q()
    return Q(pk__in=[])


def country_requirement_list(*, user: User) -> QuerySet[CountryRequirement]:
    return CountryRequirement.objects.filter(_requirement_visibility(user)).order_by("country")


def country_requirement_get(*, user: User, country: str) -> CountryRequirement:
    found = country_requirement_list(user=user).filter(country=(country or "").upper()).first()
    if found is None:
        raise NotFound("Geen landeneisen voor dit land.")
    return found


# Who maintains the country requirements (reference data for every team).
REQUIREMENT_KEEPERS = frozenset({Role.TEAM_LEAD, Role.ADMINISTRATOR, Role.COUNTRY_SPECIALIST})


def can_keep_requirements(user: User) -> bool:
    return user.is_active and user.role in REQUIREMENT_KEEPERS


def country_requirement_history(*, user: User, requirement: CountryRequirement) -> list[AuditEvent]:
    """Every saved change of one country's requirements and embassy contact, newest first: the audit
    trail is their history (each record holds the changed fields, old and new). Reference data, no
    personal data; for whoever may read the requirements."""
    if not (user.is_active and user.role in REQUIREMENT_READERS):
        return []
    return list(
        AuditEvent.objects.filter(
            event_type=EventType.COUNTRY_REQUIREMENT_SAVED,
            subject_type=CountryRequirement._meta.label_lower,
            subject_id=str(requirement.pk),
        )
        .select_related("actor")
        .order_by("-id")
    )


# --- the country and document specialist: LP requests in flight per country ---------------------

# What the specialist reads of a person in an LP request: what the request itself carries to the
# authorities (name, date of birth, nationality, V-number). Never medical data, never the dossier.
LP_OVERVIEW_READERS = frozenset({Role.COUNTRY_SPECIALIST})


@dataclass(frozen=True)
class LpInFlight:
    lp: LpRequest
    age_days: int  # days since it was sent


@dataclass
class CountryLpOverview:
    country: str
    in_flight: list[LpInFlight] = field(default_factory=list)
    median_response_days: float | None = None
    answered: int = 0  # closed with an answer of the authorities, the base of the median


def lp_overview_per_country(*, actor: Actor, on: dt.date | None = None) -> list[CountryLpOverview]:
    """LP requests of every team sent to the authorities and not yet closed, per country, oldest first,
    with their age in days; and per country the median days from sending to the authorities' answer
    (requests closed with an outcome other than withdrawal). For the country and document specialist
    only; one access record per person shown."""
    user = actor.user
    assert user is not None
    if not (user.is_active and user.role in LP_OVERVIEW_READERS):
        raise PermissionDenied("Alleen de land- en documentspecialist ziet de LP-aanvragen per land.")
    on = on or clock.today()
    open_sent = (
        LpRequest.objects.exclude(status=LpStatus.CLOSED)
        .filter(sent_on__isnull=False)
        .select_related("case__person")
        .prefetch_related("case__person__nationalities")
        .order_by("country", "sent_on", "id")
    )
    countries: dict[str, CountryLpOverview] = {}
    for lp in open_sent:
        assert lp.sent_on is not None
        countries.setdefault(lp.country, CountryLpOverview(lp.country)).in_flight.append(
            LpInFlight(lp=lp, age_days=(on - lp.sent_on).days)
        )
    answered: dict[str, list[int]] = {}
    closed = (
        LpRequest.objects.filter(status=LpStatus.CLOSED, sent_on__isnull=False, outcome_on__isnull=False)
        .exclude(outcome=LpOutcome.WITHDRAWN)
        .values_list("country", "sent_on", "outcome_on")
    )
    for country, sent_on, outcome_on in closed:
        if sent_on is not None and outcome_on is not None:
            answered.setdefault(country, []).append((outcome_on - sent_on).days)
    for country, days in answered.items():
        overview = countries.setdefault(country, CountryLpOverview(country))
        overview.median_response_days, overview.answered = statistics.median(days), len(days)
    shown = {row.lp.case.person_id: row.lp.case_id for c in countries.values() for row in c.in_flight}
    if shown:
        access_record(actor=actor, person_ids=list(shown), purpose=AccessPurpose.WORKLIST, case_ids=shown)
    return [countries[c] for c in sorted(countries)]


# --- answers for other apps ----------------------------------------------------------------------


# On the dossier page the section, the summary and the removability facts ask about the same few rows: there
# each table is read once, whole (a case has a handful of LP requests, a person a handful of documents), and
# the narrow questions are answered from those rows. Elsewhere each question stays its own small query.
def _dossier_documents(person: Person) -> list[IdentityDocument]:
    """The person's documents, longest valid first, read once per dossier page (`cases.registry.read_once`)."""
    return read_once(
        person,
        "travel_documents.documents",
        lambda: list(
            IdentityDocument.objects.filter(person_id=person.pk).order_by("-valid_until", "kind", "-created_at")
        ),
    )


def _dossier_lp_requests(case: Case) -> list[LpRequest]:
    """The case's LP requests, newest first, read once per dossier page (`cases.registry.read_once`)."""
    return read_once(
        case,
        "travel_documents.lp_requests",
        lambda: list(LpRequest.objects.filter(case_id=case.pk).order_by("-prepared_on", "-created_at")),
    )


def valid_travel_document_on(person: Person, on: dt.date | None = None) -> IdentityDocument | None:
    """The person's passport or laissez-passer valid on `on` that stays valid longest, or None."""
    on = on or clock.today()
    if dossier_reads_open(person):
        valid = [
            d
            for d in _dossier_documents(person)
            if d.kind in domain.TRAVEL_DOCUMENT_KINDS and d.valid_until is not None and d.valid_until >= on
        ]
        return max(valid, key=lambda d: (d.valid_until, d.created_at), default=None)
    return (
        IdentityDocument.objects.filter(
            person_id=person.pk, kind__in=list(domain.TRAVEL_DOCUMENT_KINDS), valid_until__gte=on
        )
        .order_by("-valid_until", "-created_at")
        .first()
    )


def lp_request_filed(case: Case) -> bool:
    """An LP request of this case has been sent (or presented) and is still open, or was answered with an LP."""
    if dossier_reads_open(case):
        return any(
            lp.status in (LpStatus.SENT, LpStatus.PRESENTED)
            or (lp.status == LpStatus.CLOSED and lp.outcome == LpOutcome.ISSUED)
            for lp in _dossier_lp_requests(case)
        )
    return LpRequest.objects.filter(
        Q(status__in=[LpStatus.SENT, LpStatus.PRESENTED]) | Q(status=LpStatus.CLOSED, outcome=LpOutcome.ISSUED),
        case_id=case.pk,
    ).exists()


def border_handover_agreed(case: Case) -> bool:
    """The authorities agreed to take the person over at the border: removal needs no travel document."""
    if dossier_reads_open(case):
        return any(
            lp.status == LpStatus.CLOSED and lp.outcome == LpOutcome.BORDER_HANDOVER
            for lp in _dossier_lp_requests(case)
        )
    return LpRequest.objects.filter(case_id=case.pk, status=LpStatus.CLOSED, outcome=LpOutcome.BORDER_HANDOVER).exists()


# --- the dossier section -------------------------------------------------------------------------


def _withdrawal_months(sent_on: dt.date, rules: Sequence[Rule] | None = None) -> int:
    try:
        rule = rule_in_force(rules if rules is not None else rules_in_force(), "lp_withdrawal_decision", sent_on)
    except LookupError:
        return 12
    return rule.amount if rule.unit == "months" else 12


def lp_withdrawal_decision_on(lp: LpRequest, rules: Sequence[Rule] | None = None) -> dt.date | None:
    """While sent and unanswered: the day to decide on withdrawal (the rule in force on the day of sending)."""
    if not lp.is_open or lp.sent_on is None:
        return None
    return domain.withdrawal_decision_on(lp.sent_on, _withdrawal_months(lp.sent_on, rules))


@dataclass
class LpRow:
    lp: LpRequest
    actions: list[str]
    decision_on: dt.date | None
    decision_due: bool
    requirement: CountryRequirement | None


@dataclass
class DocumentRow:
    document: IdentityDocument
    travel_document: bool
    valid: bool


@dataclass
class TravelDocumentsSection:
    documents: list[DocumentRow] = field(default_factory=list)
    lp_requests: list[LpRow] = field(default_factory=list)
    can_work: bool = False


def travel_documents_dossier_section(*, user: User, case: Case, on: dt.date | None = None) -> dict[str, Any]:
    """The context of `travel_documents/_dossier_section.html` (as `section`): the case and what the
    dossier shows of its documents and LP requests, for a `case` already loaded as visible to `user`.

    The dossier page already wrote the access record for the person; this adds no record.
    """
    on = on or clock.today()
    can_work = permissions.can_work_on(user, case) and case.is_open
    # On the dossier page (the case loaded as visible to `user`) the rows the summary and removability read too.
    in_dossier = dossier_reads_open(case)
    documents = [
        DocumentRow(
            document=d,
            travel_document=d.kind in domain.TRAVEL_DOCUMENT_KINDS,
            valid=domain.is_valid_travel_document(domain.Document(d.kind, d.valid_until), on),
        )
        for d in (_dossier_documents(case.person) if in_dossier else documents_for(user=user, case=case))
    ]
    lps = _dossier_lp_requests(case) if in_dossier else list(lp_requests_for(user=user, case=case))
    requirements = {
        r.country: r for r in country_requirement_list(user=user).filter(country__in={lp.country for lp in lps})
    }
    rules = rules_in_force() if any(lp.sent_on and lp.is_open for lp in lps) else ()
    rows = []
    for lp in lps:
        decision_on = lp_withdrawal_decision_on(lp, rules)
        rows.append(
            LpRow(
                lp=lp,
                actions=domain.next_actions(lp.status) if can_work else [],
                decision_on=decision_on,
                decision_due=decision_on is not None and on >= decision_on,
                requirement=requirements.get(lp.country),
            )
        )
    return {
        "case": case,
        "travel_documents": TravelDocumentsSection(documents=documents, lp_requests=rows, can_work=can_work),
    }


def travel_documents_read(*, actor: Actor, case_id: uuid.UUID | str) -> dict[str, Any]:
    """Load the documents and LP requests of a visible case for `actor` (the section's context) and log
    the read of the person's data."""
    assert actor.user is not None
    case = case_get(user=actor.user, case_id=case_id)
    section = travel_documents_dossier_section(user=actor.user, case=case)
    access_record(
        actor=actor,
        person_ids=[case.person_id],
        purpose=AccessPurpose.DOSSIER_VIEW,
        case_ids={case.person_id: case.pk},
    )
    return section


def travel_document_available(on: dt.date, *, as_recorded_then: bool = False) -> Q:
    """A filter on Case: the person holds a passport or laissez-passer valid on `on`, or the country
    agreed to a handover at the border (what `valid_travel_document_on` and `border_handover_agreed`
    answer for one case).

    `as_recorded_then` (a day in the past, for figures over time): only a document recorded in the dossier
    by `on`, and only a handover agreed by `on`; otherwise what the dossier holds now."""
    document = IdentityDocument.objects.filter(
        person_id=OuterRef("person_id"), kind__in=list(domain.TRAVEL_DOCUMENT_KINDS), valid_until__gte=on
    )
    border = LpRequest.objects.filter(case=OuterRef("pk"), status=LpStatus.CLOSED, outcome=LpOutcome.BORDER_HANDOVER)
    if as_recorded_then:
        document = document.filter(created_at__lt=_day_after(on))
        border = border.filter(outcome_on__lte=on)
    return Q(Exists(document)) | Q(Exists(border))


def _day_after(day: dt.date) -> dt.datetime:
    """The first moment after `day` in the service's time zone (created_at is an aware timestamp)."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def travel_documents_summary(user: User, case: Case) -> list[SummaryItem]:
    """The dossier summary's travel document status: a valid document, else the latest LP request."""
    document = valid_travel_document_on(case.person)
    if document is not None:
        value = f"{document.get_kind_display()} {gettext_lazy('geldig tot')} {document.valid_until:%d-%m-%Y}"
    else:
        if dossier_reads_open(case):
            lp = next(iter(_dossier_lp_requests(case)), None)
        else:
            lp = LpRequest.objects.filter(case_id=case.pk).order_by("-prepared_on", "-created_at").first()
        value = f"{gettext_lazy('LP-aanvraag')}: {lp.get_status_display()}" if lp else str(gettext_lazy("geen"))
    return [SummaryItem(50, gettext_lazy("Reisdocument"), value, "h-reisdocumenten")]
