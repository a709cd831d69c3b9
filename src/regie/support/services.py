"""Every write to support grants. One transaction each, the acting user passed in, an audit record each.

Amounts are never typed in: `support_grant_apply` computes them from the amount rule in force on the
decision date (support.domain). None of these facts feeds the deadline engine (deadlines.selectors
.case_facts reads no support data), so no service here recomputes deadlines.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from regie.accounts.choices import Role
from regie.accounts.models import PartnerOrganisation
from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.cases import permissions
from regie.cases.choices import SpecialCircumstanceKind
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import choose_one, stale_message
from regie.core.errors import (
    IllegalTransition,
    ValidationFailed,
    validation_from_django,
)
from regie.core.services import clean, lock_version, refuse, require, save_versioned
from regie.core.transactions import atomic
from regie.people.models import Person

from . import domain
from .choices import ConsentScope, Programme, ReportKind, SupportStatus
from .models import AmountRule, PartnerReport, SupportGrant, SupportSettings
from .selectors import household_for, is_partner, partner_case_get, partner_grants_of_case

REPORT_EVENTS: dict[str, EventType] = {
    ReportKind.COUNSELLING_HELD: EventType.PARTNER_COUNSELLING_HELD,
    ReportKind.APPLICATION_RECEIVED: EventType.PARTNER_APPLICATION_RECEIVED,
    ReportKind.SUPPORT_DELIVERED: EventType.PARTNER_SUPPORT_DELIVERED,
    ReportKind.DEPARTURE_CONFIRMED: EventType.PARTNER_DEPARTURE_CONFIRMED,
    ReportKind.REINTEGRATION_6_MONTHS: EventType.PARTNER_REINTEGRATION_6_MONTHS,
    ReportKind.REINTEGRATION_12_MONTHS: EventType.PARTNER_REINTEGRATION_12_MONTHS,
}

AUDITED_FIELDS = (
    "programme",
    "beneficiary",
    "rule",
    "amount_cents",
    "cash_cents",
    "in_kind_cents",
    "status",
    "decided_on",
    "applied_by",
    "approved_by",
    "decision_reason",
    "partner",
    "consent_to_share_on",
    "share_identity",
    "share_origin",
    "consent_withdrawn_on",
    "delivered_on",
)


def support_settings() -> SupportSettings:
    """The configured limits; the defaults of the model when no row was saved (nothing is written)."""
    return SupportSettings.objects.filter(pk=1).first() or SupportSettings()


def amount_rules(programme: str) -> list[domain.AmountRule]:
    """All versions of the amount rules of a programme, as plain values (the domain picks by date)."""
    return [
        domain.AmountRule(
            id=str(r.pk),
            programme=r.programme,
            beneficiary=r.beneficiary,
            amount_cents=r.amount_cents,
            cash_cap_cents=r.cash_cap_cents,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            countries=domain.parse_countries(r.countries),
            basis=r.basis,
        )
        for r in AmountRule.objects.filter(programme=programme)
    ]


def _snapshot(grant: SupportGrant, fields: tuple[str, ...] = AUDITED_FIELDS) -> dict[str, Any]:
    return {
        f: getattr(grant, f"{f}_id") if f in ("rule", "approved_by", "partner") else getattr(grant, f) for f in fields
    }


def _not_in_future(field: str, value: dt.date, what: str) -> None:
    if value > clock.today():
        raise ValidationFailed({field: [f"{what} ligt in de toekomst."]})


def _lock(grant: SupportGrant, expected_version: int | None) -> SupportGrant:
    """Lock the row and refuse when someone else saved it since the caller read it."""
    return lock_version(
        SupportGrant.objects.select_related("case"),
        grant.pk,
        expected_version,
        not_found="Ondersteuning niet gevonden.",
        stale=stale_message(gettext_noop("deze ondersteuning")),
    )


def _save(grant: SupportGrant, fields: list[str]) -> None:
    save_versioned(grant, fields=fields, exclude=["case", "person", "rule", "approved_by", "partner"])


def _transition(grant: SupportGrant, target: str) -> None:
    refusal = domain.status_refusal(grant.status, target)
    if refusal is not None:
        raise IllegalTransition(refusal.message, field=refusal.field)


def _audit(actor: Actor, event_type: EventType, grant: SupportGrant, old: dict[str, Any] | None) -> None:
    audit_record(
        actor=actor,
        event_type=event_type,
        subject=grant,
        case_id=grant.case_id,
        person_id=grant.person_id,
        old=old,
        new=_snapshot(grant),
    )


def support_grant_apply(
    *,
    actor: Actor,
    case: Case,
    programme: str,
    person: Person | None = None,
    decided_on: dt.date | None = None,
    cash_requested_cents: int | None = None,
    country: str | None = None,
) -> SupportGrant:
    """Grant support to the case's person or a member of their household, computed by the amount rules.

    Guarantees: the amount, cash and in-kind parts come from the rule in force on `decided_on` (today
    by default) for the programme, the person's age group and country of return; a person who received
    support (approved, referred or delivered) in another case within the lookback period is refused
    with that reason, as is a second grant of the same programme for the same person in this case.
    Above the approval threshold the grant waits for the team lead; otherwise it is approved.
    """
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case), "U mag geen ondersteuning aanvragen in dit dossier.")
    require(case.is_open, "In een afgesloten dossier kan geen ondersteuning meer worden aangevraagd.")
    if programme not in Programme.values:
        raise ValidationFailed({"programme": [choose_one(Programme.values)]})
    decided_on = decided_on or clock.today()
    _not_in_future("decided_on", decided_on, "De besluitdatum")
    if cash_requested_cents is not None and cash_requested_cents < 0:
        raise ValidationFailed({"cash_requested_cents": ["Het gevraagde contante bedrag kan niet negatief zijn."]})
    person = person or case.person
    if person.pk not in {p.pk for p in household_for(case)}:
        raise ValidationFailed({"person_id": ["Kies de persoon van dit dossier of iemand uit diens huishouden."]})
    with atomic():
        # One application per person at a time: the lookback below must see the grant made beside it.
        person = Person.objects.select_for_update().get(pk=person.pk)
        nationalities = list(person.nationalities.values_list("country", "status"))
        if country is not None:
            if country not in {c for c, _ in nationalities}:
                raise ValidationFailed({"country": ["Kies een land waarvan deze persoon de nationaliteit heeft."]})
            return_to: str | None = country
        else:
            found = domain.return_country(nationalities)
            if isinstance(found, domain.Refusal):
                raise ValidationFailed({found.field: [found.message]})
            return_to = found
        if SupportGrant.objects.filter(
            case=case, person=person, programme=programme, status__in=domain.ACTIVE
        ).exists():
            raise ValidationFailed(
                {"programme": ["Voor deze persoon loopt in dit dossier al een aanvraag voor dit programma."]}
            )
        limits = support_settings()
        earlier = SupportGrant.objects.filter(person=person, status__in=domain.COUNTS_AS_RECEIVED).exclude(case=case)
        refuse(
            domain.eligibility(
                [delivered or decided for delivered, decided in earlier.values_list("delivered_on", "decided_on")],
                decided_on,
                limits.lookback_years,
            )
        )
        unaccompanied = (
            person.pk == case.person_id
            and case.special_circumstances.filter(kind=SpecialCircumstanceKind.UNACCOMPANIED_MINOR).exists()
        )
        beneficiary = domain.beneficiary_for(person.birth, unaccompanied, decided_on)
        if isinstance(beneficiary, domain.Refusal):
            raise ValidationFailed({"person_id": [beneficiary.message]})
        rule = domain.select_rule(amount_rules(programme), programme, beneficiary, return_to, decided_on)
        if isinstance(rule, domain.Refusal):
            raise ValidationFailed({rule.field: [rule.message]})
        amount = domain.compute_amount(rule, cash_requested_cents, on=decided_on)
        grant = SupportGrant(
            case=case,
            person=person,
            programme=programme,
            beneficiary=beneficiary,
            rule_id=uuid.UUID(rule.id),
            amount_cents=amount.amount_cents,
            cash_cents=amount.cash_cents,
            in_kind_cents=amount.in_kind_cents,
            explanation=amount.explanation,
            status=domain.initial_status(amount.amount_cents, limits.approval_threshold_cents),
            decided_on=decided_on,
            applied_by=actor.user,
        )
        try:
            grant.full_clean(exclude=["case", "person", "rule"])
        except ValidationError as exc:
            raise validation_from_django(exc) from None
        grant.save(force_insert=True)
        _audit(actor, EventType.SUPPORT_GRANT_APPLIED, grant, None)
        return grant


def _is_team_lead_of(actor: Actor, case: Case) -> bool:
    assert actor.user is not None
    return actor.user.role == Role.TEAM_LEAD and permissions.can_work_on(actor.user, case)


FOUR_EYES = gettext_noop(
    "Vier ogen: wie de ondersteuning aanvroeg, beslist er niet zelf over; een andere teamleider van het team beslist."
)
REASON_REQUIRED = gettext_noop(
    "Geef de reden van de afwijzing; die wordt aan de regievoerder en in het dossier getoond."
)


def _other_than_applicant(actor: Actor, grant: SupportGrant) -> None:
    """Four eyes: the team lead who decides on a grant above the threshold did not apply for it."""
    require(grant.applied_by_id is None or grant.applied_by_id != getattr(actor.user, "pk", None), FOUR_EYES)


def support_grant_approve(*, actor: Actor, grant: SupportGrant, expected_version: int | None) -> SupportGrant:
    """The team lead of the case's team approves support above the threshold (not the one who applied)."""
    require(_is_team_lead_of(actor, grant.case), "Alleen de teamleider van dit dossier kan ondersteuning goedkeuren.")
    _other_than_applicant(actor, grant)
    with atomic():
        grant = _lock(grant, expected_version)
        _transition(grant, SupportStatus.APPROVED)
        old = _snapshot(grant)
        grant.status, grant.approved_by = SupportStatus.APPROVED, actor.user
        _save(grant, ["status", "approved_by"])
        _audit(actor, EventType.SUPPORT_GRANT_APPROVED, grant, old)
        return grant


def support_grant_reject(
    *, actor: Actor, grant: SupportGrant, expected_version: int | None, reason: str = ""
) -> SupportGrant:
    """The team lead of the case's team (not the one who applied) rejects support that waits for approval,
    with a reason (final)."""
    require(_is_team_lead_of(actor, grant.case), "Alleen de teamleider van dit dossier kan ondersteuning afwijzen.")
    _other_than_applicant(actor, grant)
    reason = reason.strip()
    refuse(None if reason else {"reason": REASON_REQUIRED})
    with atomic():
        grant = _lock(grant, expected_version)
        _transition(grant, SupportStatus.REJECTED)
        old = _snapshot(grant)
        grant.status, grant.approved_by, grant.decision_reason = SupportStatus.REJECTED, actor.user, reason[:1000]
        _save(grant, ["status", "approved_by", "decision_reason"])
        _audit(actor, EventType.SUPPORT_GRANT_REJECTED, grant, old)
        return grant


def _consent_scope(consent_to_share_on: dt.date | None, scope: list[str] | None) -> tuple[bool, bool]:
    """(share_identity, share_origin) from a scope list; no date shares nothing, no list everything."""
    if consent_to_share_on is None:
        return False, False
    chosen = set(ConsentScope.values if scope is None else scope)
    unknown = chosen - set(ConsentScope.values)
    if unknown:
        raise ValidationFailed({"consent_scope": [choose_one(ConsentScope.values)]})
    if not chosen:
        raise ValidationFailed({"consent_scope": [CONSENT_SCOPE_REQUIRED]})
    return ConsentScope.IDENTITY in chosen, ConsentScope.ORIGIN in chosen


CONSENT_SCOPE_REQUIRED = gettext_noop("Kies wat de persoon toestemt te delen.")


def support_grant_refer(
    *,
    actor: Actor,
    grant: SupportGrant,
    partner: PartnerOrganisation,
    consent_to_share_on: dt.date | None,
    expected_version: int | None,
    consent_scope: list[str] | None = None,
) -> SupportGrant:
    """Refer approved support to a partner organisation (again, to change partner or consent).

    Without `consent_to_share_on` the partner sees only the dossier number and the support itself;
    with it, also what `consent_scope` names (support.choices.ConsentScope; all of it when not given:
    name, nationality and languages; see selectors.partner_case_view). Referring again after consent
    was withdrawn gives the partner access again: a new referral is a new decision.
    """
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, grant.case), "U mag deze ondersteuning niet wijzigen.")
    refuse(domain.partner_refusal(grant.programme, partner.kind))
    if consent_to_share_on is not None:
        _not_in_future("consent_to_share_on", consent_to_share_on, "De datum van de toestemming")
    share_identity, share_origin = _consent_scope(consent_to_share_on, consent_scope)
    with atomic():
        grant = _lock(grant, expected_version)
        _transition(grant, SupportStatus.REFERRED)
        old = _snapshot(grant)
        grant.status, grant.partner, grant.consent_to_share_on = SupportStatus.REFERRED, partner, consent_to_share_on
        grant.share_identity, grant.share_origin, grant.consent_withdrawn_on = share_identity, share_origin, None
        _save(
            grant,
            ["status", "partner", "consent_to_share_on", "share_identity", "share_origin", "consent_withdrawn_on"],
        )
        _audit(actor, EventType.SUPPORT_GRANT_REFERRED, grant, old)
        return grant


def support_grant_deliver(
    *,
    actor: Actor,
    grant: SupportGrant,
    delivered_on: dt.date,
    delivery_note: str = "",
    expected_version: int | None,
) -> SupportGrant:
    """Record that approved (or referred) support was given: when, and what (in kind or cash).

    Allowed after the case is closed: reintegration support is often delivered after arrival.
    """
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, grant.case), "U mag deze ondersteuning niet wijzigen.")
    _not_in_future("delivered_on", delivered_on, "De datum van verstrekking")
    note = (delivery_note or "").strip()
    if len(note) > 300:
        raise ValidationFailed({"delivery_note": [gettext_noop("Maximaal 300 tekens.")]})
    with atomic():
        grant = _lock(grant, expected_version)
        _transition(grant, SupportStatus.DELIVERED)
        if delivered_on < grant.decided_on:
            raise ValidationFailed({"delivered_on": ["De datum van verstrekking ligt vóór de besluitdatum."]})
        old = _snapshot(grant)
        grant.status, grant.delivered_on, grant.delivery_note = SupportStatus.DELIVERED, delivered_on, note
        _save(grant, ["status", "delivered_on", "delivery_note"])
        # The note is free text (it may name goods or places): the trail keeps only that there is one.
        audit_record(
            actor=actor,
            event_type=EventType.SUPPORT_GRANT_DELIVERED,
            subject=grant,
            case_id=grant.case_id,
            person_id=grant.person_id,
            old=old,
            new={**_snapshot(grant), "delivery_note_length": len(note)},
        )
        return grant


def support_grant_cancel(*, actor: Actor, grant: SupportGrant, expected_version: int | None) -> SupportGrant:
    """Support that will not be given after all (the person left without it, or plans changed)."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, grant.case), "U mag deze ondersteuning niet wijzigen.")
    with atomic():
        grant = _lock(grant, expected_version)
        _transition(grant, SupportStatus.CANCELLED)
        old = _snapshot(grant)
        grant.status = SupportStatus.CANCELLED
        _save(grant, ["status"])
        _audit(actor, EventType.SUPPORT_GRANT_CANCELLED, grant, old)
        return grant


# --- consent to share with the partner ----------------------------------------------------------------


def _referred(grant: SupportGrant) -> None:
    if grant.partner_id is None or grant.status not in (SupportStatus.REFERRED, SupportStatus.DELIVERED):
        raise IllegalTransition(NOT_REFERRED, field="status")


NOT_REFERRED = gettext_noop("Deze ondersteuning is niet (meer) naar een partnerorganisatie doorverwezen.")
NOT_WITHDRAWABLE = gettext_noop("Er is geen toestemming die kan worden ingetrokken.")
WITHDRAWN_BEFORE_GIVEN = gettext_noop("De intrekking ligt vóór de datum van de toestemming.")


def support_consent_record(
    *,
    actor: Actor,
    grant: SupportGrant,
    consent_to_share_on: dt.date,
    consent_scope: list[str],
    expected_version: int | None,
) -> SupportGrant:
    """The person consents (again, or more or less) to share what `consent_scope` names with the partner
    their support is referred to, from `consent_to_share_on`. Recorded by the case worker; audited with
    the old and new scope, so the trail is the consent's history."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, grant.case), "U mag deze ondersteuning niet wijzigen.")
    _not_in_future("consent_to_share_on", consent_to_share_on, "De datum van de toestemming")
    share_identity, share_origin = _consent_scope(consent_to_share_on, consent_scope)
    with atomic():
        grant = _lock(grant, expected_version)
        _referred(grant)
        old = _snapshot(grant)
        grant.consent_to_share_on, grant.consent_withdrawn_on = consent_to_share_on, None
        grant.share_identity, grant.share_origin = share_identity, share_origin
        _save(grant, ["consent_to_share_on", "consent_withdrawn_on", "share_identity", "share_origin"])
        _audit(actor, EventType.SUPPORT_CONSENT_RECORDED, grant, old)
        return grant


def support_consent_withdraw(
    *, actor: Actor, grant: SupportGrant, withdrawn_on: dt.date, expected_version: int | None
) -> SupportGrant:
    """The person withdraws consent: from this moment the partner no longer sees the case at all (its
    list, its page and the API answer 404). What the partner reported stays in the dossier for the case
    manager. Referring again (`support_grant_refer`) is a new decision that gives access again."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, grant.case), "U mag deze ondersteuning niet wijzigen.")
    _not_in_future("withdrawn_on", withdrawn_on, "De datum van de intrekking")
    with atomic():
        grant = _lock(grant, expected_version)
        _referred(grant)
        if grant.consent_to_share_on is None or grant.consent_withdrawn_on is not None:
            raise IllegalTransition(NOT_WITHDRAWABLE, field="withdrawn_on")
        if withdrawn_on < grant.consent_to_share_on:
            raise ValidationFailed({"withdrawn_on": [WITHDRAWN_BEFORE_GIVEN]})
        old = _snapshot(grant)
        grant.consent_withdrawn_on = withdrawn_on
        _save(grant, ["consent_withdrawn_on"])
        _audit(actor, EventType.SUPPORT_CONSENT_WITHDRAWN, grant, old)
        return grant


# --- what the partner reports back --------------------------------------------------------------------

PARTNERS_ONLY = gettext_noop("Alleen een partnerorganisatie meldt terug over doorverwezen ondersteuning.")
NOT_YOUR_REFERRAL = gettext_noop("Deze ondersteuning is niet naar uw organisatie doorverwezen.")
CHOOSE_REFERRAL = gettext_noop("Kies over welke doorverwezen ondersteuning u terugmeldt.")


def partner_report_record(
    *,
    actor: Actor,
    case_id: uuid.UUID | str,
    kind: str,
    occurred_on: dt.date,
    grant_id: uuid.UUID | str | None = None,
    support_form: str = "",
    amount_cents: int | None = None,
    departure_confirmation: str = "",
    reintegration_status: str = "",
    note: str = "",
) -> PartnerReport:
    """A partner organisation reports its part on support referred to it: counselling held, the
    application received, support delivered (in kind or cash, within the part granted in that form),
    the departure it confirmed, the reintegration 6 and 12 months after that departure.

    Guarantees: only a partner user on a case referred to their organisation (with consent not
    withdrawn) reaches the case, any other case is not found (404); `grant_id` must name support
    referred to their organisation in that case (refused naming `grant_id` otherwise). The first
    delivery marks a referred grant delivered. One audit record per report (the note as its length),
    so the case manager reads it in the dossier's timeline.
    """
    assert actor.user is not None
    require(is_partner(actor.user), PARTNERS_ONLY)
    case = partner_case_get(user=actor.user, case_id=case_id)
    mine = partner_grants_of_case(user=actor.user, case=case)
    if grant_id is None and len(mine) != 1:
        raise ValidationFailed({"grant_id": [CHOOSE_REFERRAL]})
    chosen = mine[0] if grant_id is None else next((g for g in mine if str(g.pk) == str(grant_id)), None)
    if chosen is None:
        raise ValidationFailed({"grant_id": [NOT_YOUR_REFERRAL]})
    grant_pk = chosen.pk
    text = (note or "").strip()
    if len(text) > 500:
        raise ValidationFailed({"note": [gettext_noop("Maximaal 500 tekens.")]})
    with atomic():
        # One report at a time per referral: the ceiling of deliveries must see the one made beside it.
        grant = SupportGrant.objects.select_for_update().get(pk=grant_pk)
        earlier = list(PartnerReport.objects.filter(grant=grant).values_list("kind", "support_form", "amount_cents"))
        delivered: dict[str, int] = {}
        for k, form, cents in earlier:
            if k == ReportKind.SUPPORT_DELIVERED:
                delivered[form] = delivered.get(form, 0) + (cents or 0)
        departed = (
            PartnerReport.objects.filter(grant=grant, kind=ReportKind.DEPARTURE_CONFIRMED)
            .values_list("occurred_on", flat=True)
            .first()
        )
        report_in = domain.ReportInput(
            kind=kind,
            occurred_on=occurred_on,
            support_form=support_form or "",
            amount_cents=amount_cents,
            departure_confirmation=departure_confirmation or "",
            reintegration_status=reintegration_status or "",
        )
        facts = domain.ReferralFacts(
            decided_on=grant.decided_on,
            cash_cents=grant.cash_cents,
            in_kind_cents=grant.in_kind_cents,
            reported=tuple(k for k, _form, _cents in earlier),
            delivered=delivered,
            departed_on=departed,
        )
        refuse(domain.report_refusals(report_in, facts, clock.today()))
        report = PartnerReport(
            grant=grant,
            case_id=grant.case_id,
            partner=grant.partner,
            kind=kind,
            occurred_on=occurred_on,
            support_form=report_in.support_form,
            amount_cents=amount_cents,
            departure_confirmation=report_in.departure_confirmation,
            reintegration_status=report_in.reintegration_status,
            note=text,
            recorded_by=actor.user,
        )
        clean(report, exclude=["grant", "case", "partner", "recorded_by"])
        report.save(force_insert=True)
        audit_record(
            actor=actor,
            event_type=REPORT_EVENTS[ReportKind(kind)],
            subject=report,
            case_id=grant.case_id,
            person_id=grant.person_id,
            new={
                "grant": str(grant.pk),
                "partner": str(grant.partner_id),
                "kind": kind,
                "occurred_on": occurred_on,
                "support_form": report.support_form,
                "amount_cents": amount_cents,
                "departure_confirmation": report.departure_confirmation,
                "reintegration_status": report.reintegration_status,
                "note_length": len(text),
            },
        )
        if kind == ReportKind.SUPPORT_DELIVERED and grant.status == SupportStatus.REFERRED:
            old = _snapshot(grant)
            grant.status, grant.delivered_on = SupportStatus.DELIVERED, occurred_on
            _save(grant, ["status", "delivered_on"])
            _audit(actor, EventType.SUPPORT_GRANT_DELIVERED, grant, old)
        return report
