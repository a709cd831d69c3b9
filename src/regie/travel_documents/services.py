"""Every write of travel documents: documents held, country requirements, and LP requests.

One transaction each, the acting user passed in, an audit record each. LP requests are facts the
deadline engine reads (the withdrawal decision 12 months after sending), so each LP service
refreshes the case's deadlines in the same transaction.

Document numbers are personal data: the audit trail records that a number was given, never the
number, and no error message repeats one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext_noop

from regie.audit.choices import EventType
from regie.audit.domain import diff
from regie.audit.services import audit_record
from regie.cases import permissions
from regie.cases.models import Case
from regie.cases.work import lock_open_case, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import choose_one, stale_message
from regie.core.errors import (
    ConcurrentEdit,
    IllegalTransition,
    ValidationFailed,
)
from regie.core.services import clean, lock_version, require
from regie.core.transactions import atomic
from regie.deadlines.domain import rule_in_force
from regie.deadlines.selectors import rules_in_force
from regie.people.domain import is_country

from . import domain
from .choices import DocumentKind, LpOutcome, LpStatus
from .models import CountryRequirement, IdentityDocument, LpRequest
from .selectors import can_keep_requirements

PROTECTED = "[beschermd]"
COUNTRY_MESSAGE = gettext_noop("Gebruik een landcode uit ISO 3166-1 (twee letters, bijv. SY).")
REQUIREMENT_FIELDS = (
    "forms",
    "photos",
    "translated_copies",
    "presentation_in_person",
    "typical_response_days",
    "embassy_name",
    "embassy_contact",
    "notes",
)
# Roles that keep the country requirements. There is no country/document specialist role yet:
# team leads and administrators keep this reference data until there is.


def _country_of_issue(value: str) -> str:
    # XX ("unknown or stateless") is a nationality, not an issuing state.
    return value.strip().upper()


def _valid_country(code: str) -> bool:
    return code != "XX" and is_country(code)


# --- documents -----------------------------------------------------------------------------------


def _document_add(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    issuing_country: str,
    number: str,
    valid_until: dt.date | None,
    held_by_service: bool,
    note: str,
) -> IdentityDocument:
    document = IdentityDocument(
        person_id=case.person_id,
        kind=kind,
        number=number,
        issuing_country=issuing_country,
        valid_until=valid_until,
        held_by_service=held_by_service,
        note=note,
    )
    clean(document, exclude=["person"])
    document.save(force_insert=True)
    record_change(
        actor=actor,
        event_type=EventType.DOCUMENT_RECORDED,
        case=case,
        subject=document,
        new={
            "kind": kind,
            "number": PROTECTED if number else "",
            "issuing_country": issuing_country,
            "valid_until": valid_until,
            "held_by_service": held_by_service,
            "note": PROTECTED if note else "",
        },
        refresh_deadlines=False,
    )
    return document


def document_record(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    issuing_country: str,
    number: str = "",
    valid_until: dt.date | None = None,
    held_by_service: bool = False,
    note: str = "",
) -> IdentityDocument:
    """Record a document the person holds (or held: an expired passport still shows identity)."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case))
    issuing_country, number, note = _country_of_issue(issuing_country), number.strip(), note.strip()
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [choose_one(DocumentKind.values)]
    if not _valid_country(issuing_country):
        errors["issuing_country"] = [COUNTRY_MESSAGE]
    if len(number) > IdentityDocument._meta.get_field("number").max_length:  # type: ignore[operator]
        errors["number"] = ["Een documentnummer heeft ten hoogste 40 tekens."]
    if kind in domain.TRAVEL_DOCUMENT_KINDS and valid_until is None:
        errors["valid_until"] = ["Bij een paspoort of laissez-passer is de geldigheidsdatum verplicht."]
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        case = lock_open_case(case)
        return _document_add(
            actor=actor,
            case=case,
            kind=kind,
            issuing_country=issuing_country,
            number=number,
            valid_until=valid_until,
            held_by_service=held_by_service,
            note=note,
        )


# --- country requirements (reference data) -------------------------------------------------------

KEEPERS_ONLY = gettext_noop("Alleen de landenspecialist, teamleiders en beheerders kunnen landeneisen wijzigen.")


def country_requirement_save(
    *, actor: Actor, country: str, expected_version: int | None, **values: Any
) -> CountryRequirement:
    """Create or change the requirements of one country of origin; only the fields given change.

    For the country and document specialist, team leads and administrators. Refused when someone
    else saved the country in between. Each save is audited with the changed fields (the history).
    """
    assert actor.user is not None
    require(can_keep_requirements(actor.user), KEEPERS_ONLY)
    country = country.strip().upper()
    unknown = set(values) - set(REQUIREMENT_FIELDS)
    if unknown:
        raise ValidationFailed(
            {name: [gettext_noop("Dit veld kan hier niet worden gewijzigd.")] for name in sorted(unknown)}
        )
    if not _valid_country(country):
        raise ValidationFailed({"country": [COUNTRY_MESSAGE]})
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    try:
        with atomic():
            return _country_requirement_save(
                actor=actor, country=country, expected_version=expected_version, values=values
            )
    except IntegrityError:
        # Someone created the same country at the same moment: their save stands.
        raise ConcurrentEdit(
            "Iemand anders heeft deze landeneisen intussen vastgelegd. Laad ze opnieuw en voer uw wijziging opnieuw in.",
            field="version",
        ) from None


def _country_requirement_save(
    *, actor: Actor, country: str, expected_version: int | None, values: dict[str, Any]
) -> CountryRequirement:
    requirement = CountryRequirement.objects.select_for_update().filter(country=country).first()
    created = requirement is None
    if requirement is None:
        if expected_version not in (None, 0):
            raise ConcurrentEdit(
                "Deze landeneisen bestaan (nog) niet; laad de pagina opnieuw.",
                field="version",
            )
        requirement = CountryRequirement(country=country)
    elif expected_version is not None and requirement.version != expected_version:
        raise ConcurrentEdit(
            stale_message(gettext_noop("deze landeneisen")),
            field="version",
        )
    old = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS}
    for name, value in values.items():
        setattr(requirement, name, value)
    if not created:
        requirement.version += 1
    clean(requirement, exclude=[])
    if created:
        requirement.save(force_insert=True)
    else:
        requirement.save(update_fields=[*values, "version", "updated_at"])
    new = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS}
    old_changed, new_changed = diff({} if created else old, new)
    audit_record(
        actor=actor,
        event_type=EventType.COUNTRY_REQUIREMENT_SAVED,
        subject=requirement,
        old=old_changed if not created else None,
        new={"country": country, **new_changed} if created else new_changed,
    )
    return requirement


# --- LP requests ---------------------------------------------------------------------------------


def _lock_lp(lp: LpRequest, expected_version: int | None) -> LpRequest:
    return lock_version(
        LpRequest.objects.all(),
        lp.pk,
        expected_version,
        not_found="LP-aanvraag niet gevonden.",
        stale=stale_message(gettext_noop("deze LP-aanvraag")),
    )


def _withdrawal_rule(sent_on: dt.date) -> bool:
    try:
        rule_in_force(rules_in_force(), "lp_withdrawal_decision", sent_on)
    except LookupError:
        return False
    return True


def _state(lp: LpRequest) -> domain.LpState:
    return domain.LpState(
        prepared_on=lp.prepared_on,
        status=lp.status,
        signed_on=lp.signed_on,
        signing_refused_on=lp.signing_refused_on,
        sent_on=lp.sent_on,
        presented_on=lp.presented_on,
        outcome=lp.outcome,
        outcome_on=lp.outcome_on,
        lp_valid_until=lp.lp_valid_until,
    )


STATE_FIELDS = (
    "status",
    "signed_on",
    "signing_refused_on",
    "sent_on",
    "presented_on",
    "outcome",
    "outcome_on",
    "lp_valid_until",
)


def lp_request_prepare(
    *,
    actor: Actor,
    case: Case,
    country: str,
    prepared_on: dt.date | None = None,
    reference: str = "",
    note: str = "",
) -> LpRequest:
    """Start an LP request to the authorities of `country`. One open request per country per case."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, case))
    country = country.strip().upper()
    prepared_on = prepared_on or clock.today()
    errors: dict[str, list[str]] = {}
    if not _valid_country(country):
        errors["country"] = [COUNTRY_MESSAGE]
    if prepared_on > clock.today():
        errors["prepared_on"] = ["De datum ligt in de toekomst."]
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        case = lock_open_case(case)
        if LpRequest.objects.filter(case=case, country=country).exclude(status=LpStatus.CLOSED).exists():
            raise ValidationFailed({"country": ["Voor dit land loopt al een LP-aanvraag in dit dossier."]})
        lp = LpRequest(
            case=case,
            country=country,
            status=LpStatus.PREPARED,
            prepared_on=prepared_on,
            reference=reference.strip(),
            note=note.strip(),
            created_by=actor.user,
        )
        clean(lp, exclude=["case", "created_by"])
        lp.save(force_insert=True)
        record_change(
            actor=actor,
            event_type=EventType.LP_REQUEST_PREPARED,
            case=case,
            subject=lp,
            new={
                "country": country,
                "status": lp.status,
                "prepared_on": prepared_on,
                "reference": lp.reference,
                "note": PROTECTED if lp.note else "",
            },
        )
        return lp


EVENT_OF: dict[str, EventType] = {
    domain.SIGN: EventType.LP_REQUEST_SIGNED,
    domain.REFUSE_SIGNING: EventType.LP_REQUEST_SIGNING_REFUSED,
    domain.SEND: EventType.LP_REQUEST_SENT,
    domain.PRESENT: EventType.LP_REQUEST_PRESENTED,
    domain.CLOSE: EventType.LP_REQUEST_CLOSED,
}


def _lp_step(
    *,
    actor: Actor,
    lp: LpRequest,
    step: domain.Step,
    expected_version: int | None,
    note: str = "",
    document_number: str = "",
) -> LpRequest:
    """Take one step of the life cycle (travel_documents.domain), audited, deadlines refreshed."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, lp.case))
    with atomic():
        case = lock_open_case(lp.case)
        lp = _lock_lp(lp, expected_version)
        result = domain.lp_apply(_state(lp), step, today=clock.today())
        if step.action == domain.SEND and not isinstance(result, domain.Refusal) and not _withdrawal_rule(step.on):
            # The deadline engine computes the decision point from the rule in force on the day of sending.
            result = domain.Refusal("sent_on", "Voor deze datum is geen regel voor de beslistermijn bekend.")
        if isinstance(result, domain.Refusal):
            if result.field == "status":
                raise IllegalTransition(result.message, field="status")
            raise ValidationFailed({result.field: [result.message]})
        old = {name: getattr(lp, name) for name in STATE_FIELDS}
        for name in STATE_FIELDS:
            setattr(lp, name, getattr(result, name))
        changed = [name for name in STATE_FIELDS if old[name] != getattr(lp, name)]
        if note.strip():
            lp.note = f"{lp.note}\n{note.strip()}".strip()
            changed.append("note")
        lp.version += 1
        clean(lp, exclude=["case", "created_by"])
        lp.save(update_fields=[*changed, "version", "updated_at"])
        record_change(
            actor=actor,
            event_type=EVENT_OF[step.action],
            case=case,
            subject=lp,
            old={name: old[name] for name in changed if name != "note"},
            new={
                **{name: getattr(lp, name) for name in changed if name != "note"},
                **({"note": PROTECTED} if "note" in changed else {}),
            },
        )
        if step.action == domain.CLOSE and lp.outcome == LpOutcome.ISSUED:
            # The issued LP is a travel document the person now has: removability and departure read it there.
            _document_add(
                actor=actor,
                case=case,
                kind=DocumentKind.LAISSEZ_PASSER,
                issuing_country=lp.country,
                number=document_number,
                valid_until=lp.lp_valid_until,
                held_by_service=True,
                note="",
            )
        return lp


def lp_request_sign(
    *, actor: Actor, lp: LpRequest, expected_version: int | None, signed_on: dt.date | None = None
) -> LpRequest:
    """The person signed the forms (also after an earlier refusal)."""
    return _lp_step(
        actor=actor, lp=lp, step=domain.Step(domain.SIGN, signed_on or clock.today()), expected_version=expected_version
    )


def lp_request_refuse_signing(
    *,
    actor: Actor,
    lp: LpRequest,
    expected_version: int | None,
    signing_refused_on: dt.date | None = None,
    note: str = "",
) -> LpRequest:
    """The person refused to sign: recorded, because it weighs in the assessment of cooperation."""
    return _lp_step(
        actor=actor,
        lp=lp,
        step=domain.Step(domain.REFUSE_SIGNING, signing_refused_on or clock.today()),
        expected_version=expected_version,
        note=note,
    )


def lp_request_send(
    *, actor: Actor, lp: LpRequest, expected_version: int | None, sent_on: dt.date | None = None
) -> LpRequest:
    """Sent to the authorities: from now on the withdrawal decision falls due 12 months later."""
    return _lp_step(
        actor=actor, lp=lp, step=domain.Step(domain.SEND, sent_on or clock.today()), expected_version=expected_version
    )


def lp_request_present(
    *, actor: Actor, lp: LpRequest, expected_version: int | None, presented_on: dt.date | None = None
) -> LpRequest:
    """The person was presented at the embassy or consulate."""
    return _lp_step(
        actor=actor,
        lp=lp,
        step=domain.Step(domain.PRESENT, presented_on or clock.today()),
        expected_version=expected_version,
    )


def lp_request_close(
    *,
    actor: Actor,
    lp: LpRequest,
    expected_version: int | None,
    outcome: str,
    outcome_on: dt.date | None = None,
    lp_valid_until: dt.date | None = None,
    document_number: str = "",
    note: str = "",
) -> LpRequest:
    """Record the answer of the authorities, or the withdrawal. An issued LP needs its validity date and
    is recorded as a laissez-passer of the person as well."""
    assert actor.user is not None
    require(permissions.can_work_on(actor.user, lp.case))
    document_number = document_number.strip()
    if document_number and outcome != LpOutcome.ISSUED:
        raise ValidationFailed({"document_number": ["Een documentnummer hoort alleen bij een afgegeven LP."]})
    if len(document_number) > IdentityDocument._meta.get_field("number").max_length:  # type: ignore[operator]
        raise ValidationFailed({"document_number": ["Een documentnummer heeft ten hoogste 40 tekens."]})
    return _lp_step(
        actor=actor,
        lp=lp,
        step=domain.Step(domain.CLOSE, outcome_on or clock.today(), outcome=outcome, lp_valid_until=lp_valid_until),
        expected_version=expected_version,
        note=note,
        document_number=document_number,
    )
