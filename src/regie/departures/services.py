"""Every write of the departure: plan, change, checklist, handover, confirmation, cancellation, and
closing a case without a departure. One transaction each, the acting user passed in, an audit record each.

Guarantees: refusals name the field at fault and never repeat what was typed; a stale `expected_version`
raises ConcurrentEdit and changes nothing; every change to a fact the deadline engine reads (the flight,
the checklist, the Dublin acceptance, the status) recomputes the case's deadlines in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from regie.audit.choices import REDACTED, EventType
from regie.cases import permissions
from regie.cases import services as case_services
from regie.cases.choices import Outcome, Phase
from regie.cases.closing import close_case
from regie.cases.domain import transition_refusal
from regie.cases.models import Case
from regie.cases.registry import departure_effects, running_measure_readers
from regie.cases.work import lock_open_case, may_work, record_change
from regie.core import clock
from regie.core.context import Actor
from regie.core.domain import choose_one, max_chars, message_template, stale_message
from regie.core.errors import (
    IllegalTransition,
    ValidationFailed,
)
from regie.core.services import clean, lock_version, require, save_versioned
from regie.core.transactions import atomic
from regie.deadlines.selectors import rules_in_force
from regie.deadlines.services import case_deadlines_refresh

from . import domain
from .choices import CHECKLIST_ITEMS, MEDICAL_CHECKS, CancelReason, DepartureKind, DepartureStatus, Escort
from .models import Departure

PLAN_FIELDS = (
    "kind",
    "departs_at",
    "flight_number",
    "from_airport",
    "to_airport",
    "destination_country",
    "escort",
    "dublin_member_state",
    "dublin_accepted_on",
    "dublin_imprisoned",
    "dublin_absconded",
)
# The kind is not edited: a forced departure instead of an independent one is a new plan.
EDITABLE_FIELDS = PLAN_FIELDS[1:]
CODE_FIELDS = ("flight_number", "from_airport", "to_airport", "destination_country", "dublin_member_state")
TEXT_MAX = 5000
NOTE_MAX = 300

# The handover as the services and forms name it, and as the model stores it.
HANDOVER_INPUTS = {
    "belongings": "handover_belongings",
    "physical_features": "handover_physical_features",
    "medical": "handover_medical",
}
HANDOVER_INPUT_OF = {v: k for k, v in HANDOVER_INPUTS.items()}


# --- helpers (the generic ones are regie.core.services and regie.cases.work) -------------------------

STALE_DEPARTURE = stale_message(gettext_noop("dit vertrek"))
MEDICAL_CHECK_RESTRICTED = gettext_noop(
    "Medische controles legt de toegewezen regievoerder of de teamleider vast: medische gegevens zijn afgeschermd."
)


def _lock(departure: Departure, expected_version: int | None, action: str) -> tuple[Departure, Case]:
    """Lock the case and the departure (in that order, as every service does), check version and status."""
    case = lock_open_case(departure.case)
    locked = lock_version(Departure.objects.all(), departure.pk, expected_version, stale=STALE_DEPARTURE)
    refusal = domain.status_refusal(locked.status, action)
    if refusal is not None:
        raise IllegalTransition(refusal.message, field=refusal.field)
    locked.case = case
    return locked, case


def _full_clean(departure: Departure) -> None:
    clean(departure, exclude=["case", "planned_by", "travel_document"])


def _save(departure: Departure, fields: list[str]) -> None:
    save_versioned(departure, fields=fields, exclude=["case", "planned_by", "travel_document"])


def _values(departure: Departure, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(departure, f) for f in fields}


def _plan_of(departure: Departure) -> domain.Plan:
    return domain.Plan(**_values(departure, PLAN_FIELDS))


def _normalised(changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(changes)
    for name in CODE_FIELDS:
        if name in out:
            out[name] = domain.normalise_code(out[name] or "")
    return out


def _ticked(departure: Departure) -> dict[str, Any]:
    return {item: getattr(departure, f"check_{item}_on") for item in CHECKLIST_ITEMS}


def _local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of a moment here (Europe/Amsterdam): a flight at 00:30 leaves on that date."""
    return timezone.localdate(moment)


REMOVAL_KINDS = (DepartureKind.FORCED, DepartureKind.DUBLIN)
NOT_REMOVABLE = message_template(gettext_noop("Uitzetting kan op deze datum niet doorgaan: %(reasons)s"))


def _removal_not_suspended(case: Case, kind: str, on: dt.date | None, field: str) -> None:
    """A forced departure or a Dublin transfer is refused on a day removal is suspended (a suspensive
    procedure, a medical postponement), with the reasons of "removable now?"; an independent departure
    stays possible."""
    from regie.removability.selectors import removal_suspended

    if kind not in REMOVAL_KINDS or on is None:
        return
    reasons = removal_suspended(case, on)
    if reasons:
        raise ValidationFailed({field: [NOT_REMOVABLE % {"reasons": " ".join(reasons)}]})


def _travel_document_on(case: Case, on: dt.date) -> Any:
    from regie.travel_documents.selectors import valid_travel_document_on

    return valid_travel_document_on(person=case.person, on=on)


def _border_handover_agreed(case: Case) -> bool:
    from regie.travel_documents.selectors import border_handover_agreed

    return border_handover_agreed(case)


def _move_phase(actor: Actor, case: Case, target: str) -> None:
    """Follow the departure with the case's phase when the phase machine allows it; never refuse for it."""
    refusal = transition_refusal(current=case.phase, target=target, has_case_manager=case.assigned_to_id is not None)
    if refusal is None:
        case_services.case_transition(actor=actor, case=case, phase=target, expected_version=None)


def _redacted_handover(values: dict[str, str]) -> dict[str, str]:
    # Handover texts describe the person's body, belongings and health: the trail keeps only that
    # they were filled in or emptied (medical facts are special-category data, GDPR art. 9).
    return {name: (REDACTED if (value or "").strip() else "") for name, value in values.items()}


# --- the plan --------------------------------------------------------------------------------------


def departure_plan(
    *,
    actor: Actor,
    case: Case,
    kind: str,
    destination_country: str = "",
    departs_at: dt.datetime | None = None,
    flight_number: str = "",
    from_airport: str = "",
    to_airport: str = "",
    escort: str = Escort.NONE,
    dublin_member_state: str = "",
    dublin_accepted_on: dt.date | None = None,
    dublin_imprisoned: bool = False,
    dublin_absconded: bool = False,
) -> Departure:
    """Plan a departure of a case: one planned departure per case at a time.

    Moves the case from 'in behandeling' to 'vertrek voorbereid'. Deadlines follow: the pre-departure
    checks (flight - 48 hours) of a forced departure and the Dublin transfer term.
    """
    may_work(actor, case)
    values = _normalised(
        {
            "kind": kind,
            "departs_at": departs_at,
            "flight_number": flight_number,
            "from_airport": from_airport,
            "to_airport": to_airport,
            "destination_country": destination_country,
            "escort": escort,
            "dublin_member_state": dublin_member_state,
            "dublin_accepted_on": dublin_accepted_on,
            "dublin_imprisoned": dublin_imprisoned,
            "dublin_absconded": dublin_absconded,
        }
    )
    if values["kind"] == DepartureKind.DUBLIN and not values["destination_country"]:
        values["destination_country"] = values["dublin_member_state"]
    errors = domain.validate_plan(domain.Plan(**values), now=clock.now(), today=clock.today(), rules=rules_in_force())
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        case = lock_open_case(case)
        departs_on = _local_date(values["departs_at"]) if values["departs_at"] else None
        _removal_not_suspended(case, values["kind"], departs_on, "departs_at")
        if Departure.objects.filter(case=case, status=DepartureStatus.PLANNED).exists():
            raise IllegalTransition("Er is al een vertrek gepland. Wijzig of annuleer dat eerst.", field="departure")
        departure = Departure(case=case, planned_by=actor.user, **values)
        _full_clean(departure)
        departure.save(force_insert=True)
        record_change(
            actor=actor,
            event_type=EventType.DEPARTURE_PLANNED,
            case=case,
            subject=departure,
            new=_values(departure, PLAN_FIELDS),
        )
        if case.phase == Phase.IN_PROGRESS:
            _move_phase(actor, case, Phase.DEPARTURE_PREPARED)
        return departure


def departure_update(*, actor: Actor, departure: Departure, expected_version: int | None, **changes: Any) -> Departure:
    """Change the plan (time, flight, route, escort, Dublin facts). Another flight undoes the ticket
    check; another date undoes the travel document check unless a document is valid then too (or a
    handover at the border was agreed). Changing nothing writes nothing."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            {name: [gettext_noop("Dit veld kan hier niet worden gewijzigd.")] for name in sorted(unknown)}
        )
    may_work(actor, departure.case)
    with atomic():
        departure, case = _lock(departure, expected_version, "update")
        old_plan = _plan_of(departure)
        changes = _normalised(changes)
        new_plan = replace(old_plan, **changes)
        errors = domain.validate_plan(
            new_plan,
            now=clock.now(),
            today=clock.today(),
            rules=rules_in_force(),
            departs_at_changed=new_plan.departs_at != old_plan.departs_at,
        )
        if errors:
            raise ValidationFailed(errors)
        if new_plan.departs_at != old_plan.departs_at and new_plan.departs_at is not None:
            _removal_not_suspended(case, new_plan.kind, _local_date(new_plan.departs_at), "departs_at")
        old = _values(departure, tuple(changes))
        changed = [name for name in changes if old[name] != changes[name]]
        if not changed:
            return departure
        # The travel document check stands on another date only with a document valid then too.
        document, document_valid = departure.travel_document, True
        moved = new_plan.departs_at is not None and (
            old_plan.departs_at is None or _local_date(new_plan.departs_at) != _local_date(old_plan.departs_at)
        )
        if departure.check_travel_document_on and moved:
            assert new_plan.departs_at is not None
            document = _travel_document_on(case, _local_date(new_plan.departs_at))
            document_valid = document is not None or _border_handover_agreed(case)
        cleared = [
            item
            for item in domain.checks_to_clear(old_plan, new_plan, document_valid_on_new_date=document_valid)
            if getattr(departure, f"check_{item}_on")
        ]
        for name, value in changes.items():
            setattr(departure, name, value)
        if departure.check_travel_document_on:
            departure.travel_document = document
        for item in cleared:
            setattr(departure, f"check_{item}_on", None)
            if item == "travel_document":
                departure.travel_document = None
        _save(departure, [*changes, *(f"check_{item}_on" for item in cleared), "travel_document"])
        case_deadlines_refresh(case=case)
        new = _values(departure, tuple(changes))
        record_change(
            actor=actor,
            event_type=EventType.DEPARTURE_UPDATED,
            case=case,
            subject=departure,
            old={name: old[name] for name in changed},
            new={**{name: new[name] for name in changed}, **({"checks_cleared": cleared} if cleared else {})},
            refresh_deadlines=False,
        )
        return departure


# --- the checklist ---------------------------------------------------------------------------------


def departure_check(
    *, actor: Actor, departure: Departure, item: str, checked: bool = True, expected_version: int | None
) -> Departure:
    """Tick (or untick) one item of the pre-departure checklist.

    'travel_document' can only be ticked when the person holds a passport or laissez-passer valid on
    the departure date (it is linked to the departure), or when the country agreed to a handover at
    the border. Ticking what is ticked already changes nothing.
    """
    if item not in CHECKLIST_ITEMS:
        raise ValidationFailed({"item": [choose_one(CHECKLIST_ITEMS)]})
    user = may_work(actor, departure.case)
    if item in MEDICAL_CHECKS and not permissions.can_see_special_categories(user, departure.case):
        raise ValidationFailed({"item": [MEDICAL_CHECK_RESTRICTED]})
    with atomic():
        departure, case = _lock(departure, expected_version, "check")
        field = f"check_{item}_on"
        if bool(getattr(departure, field)) == checked:
            return departure
        if checked:
            _may_tick(case, departure, item)
        document = None
        if checked and item == "travel_document":
            if departure.departs_at is None:
                raise ValidationFailed(
                    {"item": ["Vul eerst het vertrekmoment in: het reisdocument moet op die datum geldig zijn."]}
                )
            document = _travel_document_on(case, _local_date(departure.departs_at))
            if document is None and not _border_handover_agreed(case):
                raise ValidationFailed(
                    {"item": ["Er is geen paspoort of laissez-passer vastgelegd dat geldig is op de vertrekdatum."]}
                )
        setattr(departure, field, clock.now() if checked else None)
        if item == "travel_document":
            departure.travel_document = document
        _save(departure, [field, "travel_document"])
        case_deadlines_refresh(case=case)
        new: dict[str, Any] = {"item": item, "checked": checked}
        if item == "travel_document" and checked:
            new["travel_document"] = document.pk if document is not None else "border_handover"
        record_change(
            actor=actor,
            event_type=EventType.DEPARTURE_CHECKED,
            case=case,
            subject=departure,
            old={"item": item, "checked": not checked},
            new=new,
            refresh_deadlines=False,
        )
        return departure


# --- the handover ----------------------------------------------------------------------------------


def departure_handover(
    *,
    actor: Actor,
    departure: Departure,
    belongings: str,
    physical_features: str,
    medical: str | None = None,
    complete: bool = False,
    expected_version: int | None,
) -> Departure:
    """Record what the escort must know: belongings, physical features and medical facts.

    Medical facts are special-category data: only the assigned case manager and the team lead may
    write them (`medical=None` leaves them as they are). Complete means every field filled in ('geen'
    is an answer, blank is not). The audit trail keeps only which fields were filled in, never the text.
    """
    assert actor.user is not None
    may_work(actor, departure.case)
    may_see_medical = permissions.can_see_special_categories(actor.user, departure.case)
    if medical is not None:
        require(
            may_see_medical,
            "Alleen de toegewezen regievoerder en de teamleider kunnen medische informatie vastleggen.",
        )
    texts = {"belongings": belongings, "physical_features": physical_features, "medical": medical}
    errors = {name: [max_chars(TEXT_MAX)] for name, text in texts.items() if text and len(text) > TEXT_MAX}
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        departure, case = _lock(departure, expected_version, "handover")
        stored = tuple(HANDOVER_INPUTS.values())
        old = _values(departure, stored)
        old_completed = departure.handover_completed_on
        for name, text in texts.items():
            if text is not None:
                setattr(departure, HANDOVER_INPUTS[name], text.strip())
        if complete:
            missing = domain.handover_missing(_values(departure, stored))
            if missing:
                raise ValidationFailed(
                    {HANDOVER_INPUT_OF[f]: [_handover_missing_message(f, may_see_medical)] for f in missing}
                )
        new = _values(departure, stored)
        changed = [f for f in stored if old[f] != new[f]]
        if not changed and bool(old_completed) == complete:
            return departure
        # Amended after completion: complete again as of now.
        departure.handover_completed_on = clock.now() if complete else None
        _save(departure, [*stored, "handover_completed_on"])
        record_change(
            actor=actor,
            event_type=EventType.DEPARTURE_HANDOVER_RECORDED,
            case=case,
            subject=departure,
            old={**_redacted_handover({f: old[f] for f in changed}), "handover_completed": old_completed is not None},
            new={**_redacted_handover({f: new[f] for f in changed}), "handover_completed": complete},
            refresh_deadlines=False,
        )
        return departure


def _handover_missing_message(field: str, may_see_medical: bool) -> str:
    if field == "handover_medical" and not may_see_medical:
        return "De medische informatie ontbreekt nog; de toegewezen regievoerder of de teamleider vult die in."
    return "Vul dit in om de overdracht compleet te maken ('geen' is ook een antwoord)."


# --- measures that a departure or closing ends -------------------------------------------------------


def _running_measures(case: Case) -> list[str]:
    """What still runs for this case (in words), as the registered apps report it (cases.registry)."""
    return [word for reader in running_measure_readers() for word in reader(case)]


def _end_measures_on_departure(actor: Actor, case: Case, on: dt.date) -> list[str]:
    """A confirmed departure ends what still runs (reason: departed, on the day of departure), through
    the services of the apps that registered an effect of a departure (measures: so the detention
    register never shows someone who has left). Returns the kinds ended."""
    ended: list[str] = []
    for effect in departure_effects():
        ended.extend(effect(actor, case, on))
    return ended


# --- confirmation and cancellation ------------------------------------------------------------------


def _may_tick(case: Case, departure: Departure, item: str) -> None:
    """No check of a removal while removal is suspended on its date; no 'fit to fly' during a medical
    postponement (whatever the kind of departure: the doctor's advice stands)."""
    from regie.removability.selectors import postponed_on

    on = _local_date(departure.departs_at) if departure.departs_at else clock.today()
    if item == "fit_to_fly" and (postponed_on(case, clock.today()) or postponed_on(case, on)):
        raise ValidationFailed(
            {"item": [gettext_noop("Tijdens uitstel van vertrek (art. 64 Vw) kan 'fit to fly' niet worden afgevinkt.")]}
        )
    _removal_not_suspended(case, departure.kind, on, "item")


def departure_confirm(
    *,
    actor: Actor,
    departure: Departure,
    confirmed_on: dt.date | None,
    border_message_reference: str,
    expected_version: int | None,
) -> Departure:
    """Confirm the departure from the border message (entered by hand) and close the case with its outcome.

    Refused for a forced departure whose checklist is incomplete (field `checklist`, naming the items)
    and for a forced or escorted departure whose handover is not complete (field `handover`). Measures
    still running (reporting duty, VBL, detention) end on the day of departure with reason 'departed'.
    """
    may_work(actor, departure.case)
    reference = (border_message_reference or "").strip()
    if len(reference) > 64:
        raise ValidationFailed({"border_message_reference": [gettext_noop("Maximaal 64 tekens.")]})
    with atomic():
        departure, case = _lock(departure, expected_version, "confirm")
        _removal_not_suspended(case, departure.kind, confirmed_on, "confirmed_on")
        errors = domain.confirmation_errors(
            kind=departure.kind,
            escort=departure.escort,
            missing=domain.missing_checks(_ticked(departure)),
            handover=_values(departure, tuple(HANDOVER_INPUTS.values())),
            handover_completed=departure.handover_completed_on is not None,
            confirmed_on=confirmed_on,
            border_message_reference=reference,
            today=clock.today(),
            departs_on=_local_date(departure.departs_at) if departure.departs_at else None,
        )
        if errors:
            raise ValidationFailed(errors)
        departure.status = domain.next_status(departure.status, "confirm")
        departure.confirmed_on = confirmed_on
        departure.border_message_reference = reference
        _save(departure, ["status", "confirmed_on", "border_message_reference"])
        outcome = domain.OUTCOME_FOR_KIND[departure.kind]
        assert confirmed_on is not None
        ended = _end_measures_on_departure(actor, case, confirmed_on)
        record_change(
            actor=actor,
            event_type=EventType.DEPARTURE_CONFIRMED,
            case=case,
            subject=departure,
            old={"status": DepartureStatus.PLANNED},
            new={
                "status": departure.status,
                "confirmed_on": confirmed_on,
                "border_message_reference": reference,
                "outcome": outcome,
                **({"measures_ended": ended} if ended else {}),
            },
            refresh_deadlines=False,
        )
        # Closing recomputes the deadlines (a closed case has none) and writes its own record.
        departure.case = close_case(actor=actor, case=case, outcome=outcome)
        return departure


def departure_cancel(
    *, actor: Actor, departure: Departure, reason: str, note: str = "", expected_version: int | None
) -> Departure:
    """Cancel a planned departure with its reason (refused boarding, medical, a procedure ...).

    Its deadlines go; a case in 'vertrek voorbereid' goes back to 'in behandeling'.
    """
    may_work(actor, departure.case)
    errors = _cancel_errors(reason, note)
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        departure, case = _lock(departure, expected_version, "cancel")
        _cancel(actor=actor, departure=departure, case=case, reason=reason, note=note)
        if case.phase == Phase.DEPARTURE_PREPARED:
            _move_phase(actor, case, Phase.IN_PROGRESS)
        return departure


def _cancel_errors(reason: str, note: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if reason not in CancelReason.values:
        errors["reason"] = [choose_one(CancelReason.values)]
    if len(note or "") > NOTE_MAX:
        errors["note"] = [max_chars(NOTE_MAX)]
    if reason == CancelReason.OTHER and not (note or "").strip():
        errors["note"] = ["Licht toe waarom het vertrek niet doorgaat."]
    return errors


def _cancel(*, actor: Actor, departure: Departure, case: Case, reason: str, note: str) -> None:
    departure.status = domain.next_status(departure.status, "cancel")
    departure.cancel_reason, departure.cancel_note = reason, (note or "").strip()
    departure.cancelled_at = clock.now()
    _save(departure, ["status", "cancel_reason", "cancel_note", "cancelled_at"])
    record_change(
        actor=actor,
        event_type=EventType.DEPARTURE_CANCELLED,
        case=case,
        subject=departure,
        old={"status": DepartureStatus.PLANNED},
        new={"status": departure.status, "cancel_reason": reason, "note_length": len(departure.cancel_note)},
    )


# --- closing without departure ----------------------------------------------------------------------


def no_fault_facts(case: Case) -> domain.NoFaultFacts:
    """The facts the no-fault permit looks at, read through the interviews' and removability's selectors."""
    from regie.interviews.selectors import latest_stance
    from regie.people.choices import NationalityStatus
    from regie.removability.selectors import active_procedure_count

    return domain.NoFaultFacts(
        latest_stance=latest_stance(case),
        active_procedures=active_procedure_count(case, clock.today()),
        nationality_established=case.person.nationalities.filter(status=NationalityStatus.ESTABLISHED).exists(),
    )


def case_close_without_departure(
    *, actor: Actor, case: Case, outcome: str, expected_version: int | None, note: str = ""
) -> Case:
    """Close a case without a departure: absconded (vertrek zonder toezicht), a new procedure, a permit
    after all, a no-fault permit, deceased, transferred.

    A no-fault permit is refused, naming each unmet condition (`cooperation`, `procedures`,
    `nationality`). Refused while a measure runs (`measures`): ending it needs its own reason (absconded
    from the VBL, released by the court ...). A planned departure is cancelled on the way. The note, if
    any, is added to the case.
    """
    may_work(actor, case)
    errors = domain.close_without_departure_errors(outcome)
    if len(note or "") > TEXT_MAX:
        errors["note"] = [max_chars(TEXT_MAX)]
    if errors:
        raise ValidationFailed(errors)
    with atomic():
        case = lock_open_case(case, expected_version)
        running = _running_measures(case)
        if running:
            words = ", ".join(running)
            raise ValidationFailed(
                {"measures": [f"Beëindig eerst wat nog loopt ({words}), met de reden die past bij deze uitkomst."]}
            )
        conditions: dict[str, Any] = {}
        if outcome == Outcome.NO_FAULT_PERMIT:
            facts = no_fault_facts(case)
            unmet = domain.no_fault_permit_unmet(facts)
            if unmet:
                raise ValidationFailed(unmet)
            conditions = {
                "latest_stance": facts.latest_stance,
                "active_procedures": facts.active_procedures,
                "nationality_established": facts.nationality_established,
            }
        planned = Departure.objects.select_for_update().filter(case=case, status=DepartureStatus.PLANNED).first()
        if planned is not None:
            planned.case = case
            _cancel(actor=actor, departure=planned, case=case, reason=CancelReason.CASE_CLOSED, note="")
        if (note or "").strip():
            case_services.case_note_add(actor=actor, case=case, text=note)
        record_change(
            actor=actor,
            event_type=EventType.CASE_CLOSED_WITHOUT_DEPARTURE,
            case=case,
            subject=case,
            new={
                "outcome": outcome,
                **({"conditions": conditions} if conditions else {}),
                **({"departure_cancelled": planned.pk} if planned is not None else {}),
            },
            refresh_deadlines=False,
        )
        return close_case(actor=actor, case=case, outcome=outcome)
