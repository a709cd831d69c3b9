"""Pure rules of the departure: the plan, the pre-departure checklist, the handover, confirmation, closing.

No ORM and no request: plain values in, plain values out, so hypothesis can hammer them. Terms (the
48 hours of the checklist, the Dublin transfer periods) come from the deadline rule table, which is
data with a validity period; the service passes the rules in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from regie.cases.choices import Outcome
from regie.core.domain import REQUIRED, Refusal, choose_one, message_template
from regie.deadlines.domain import Rule, add, nl_date, rule_in_force
from regie.people.domain import is_country

from .choices import CHECKLIST_ITEMS, DepartureKind, DepartureStatus, Escort

# Member states bound by the Dublin III regulation besides the Netherlands (EU 27 and the four
# associated states). Reference data that hardly changes; kept here so the rule stays pure.
# fmt: off
DUBLIN_STATES = frozenset([
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "PL", "PT", "RO", "SE", "SI", "SK", "CH", "IS", "LI", "NO",
])
# fmt: on

# IATA flight designator: airline (2 characters, or 3 letters ICAO), 1-4 digits, optional suffix.
FLIGHT_NUMBER = re.compile(r"^(?:[A-Z0-9]{2}|[A-Z]{3})[0-9]{1,4}[A-Z]?$")
AIRPORT = re.compile(r"^[A-Z]{3}$")
# Far enough for any real plan, near enough that date arithmetic can never leave the calendar.
EARLIEST_YEAR, LATEST_YEAR = 2001, 2100

OUTCOME_FOR_KIND: dict[str, str] = {
    DepartureKind.INDEPENDENT: Outcome.INDEPENDENT_VERIFIED,
    DepartureKind.FORCED: Outcome.FORCED,
    DepartureKind.DUBLIN: Outcome.DUBLIN,
}

# The outcomes that close a case without a departure: each is a fact recorded by the case manager.
WITHOUT_DEPARTURE: tuple[str, ...] = (
    Outcome.UNSUPERVISED,
    Outcome.NEW_PROCEDURE,
    Outcome.PERMIT_GRANTED,
    Outcome.NO_FAULT_PERMIT,
    Outcome.DECEASED,
    Outcome.TRANSFERRED,
)

CHECKLIST_WORDS = {
    "ticket": "ticket",
    "money": "geld",
    "belongings": "bagage",
    "travel_document": "reisdocument",
    "fit_to_fly": "fit to fly",
    "medical_information": "medische informatie",
}

HANDOVER_FIELDS = ("handover_belongings", "handover_physical_features", "handover_medical")
HANDOVER_WORDS = {
    "handover_belongings": "bagage en eigendommen",
    "handover_physical_features": "uiterlijke kenmerken",
    "handover_medical": "medische informatie",
}

Errors = dict[str, list[str]]
AddError = Callable[[str, str], None]

BEFORE_FLIGHT = message_template(
    gettext_noop("De datum van vertrek ligt vóór de datum van de geboekte vlucht (%(date)s).")
)


# --- the plan -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a departure plan says, as plain values (the editable fields of `Departure`)."""

    kind: str
    destination_country: str
    departs_at: dt.datetime | None = None
    flight_number: str = ""
    from_airport: str = ""
    to_airport: str = ""
    escort: str = Escort.NONE
    dublin_member_state: str = ""
    dublin_accepted_on: dt.date | None = None
    dublin_imprisoned: bool = False
    dublin_absconded: bool = False


def normalise_code(value: str) -> str:
    """Flight numbers and airport codes as people type them: `kl 1234` is `KL1234`."""
    return re.sub(r"\s+", "", value or "").upper()


def dublin_transfer_deadline(
    *, accepted_on: dt.date, imprisoned: bool = False, absconded: bool = False, rules: Sequence[Rule]
) -> dt.date:
    """The last day of the transfer (Dublin III art. 29): acceptance + 6, 12 (imprisoned) or 18 months (absconded).

    Raises LookupError when no rule was in force on the acceptance date.
    """
    variant = "absconded" if absconded else ("imprisoned" if imprisoned else "standard")
    rule = rule_in_force(rules, "dublin_transfer", accepted_on, variant)
    return add(accepted_on, rule.amount, rule.unit)


def validate_plan(
    plan: Plan,
    *,
    now: dt.datetime,
    today: dt.date,
    rules: Sequence[Rule],
    departs_at_changed: bool = True,
) -> Errors:
    """Field name -> messages for everything wrong with `plan`; empty when it can be saved.

    `departs_at_changed` is False when an update leaves the time as it was: a flight that has
    passed in the meantime is then no reason to refuse another change.
    """
    errors: Errors = {}

    def add_error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if plan.kind not in DepartureKind.values:
        add_error("kind", choose_one(DepartureKind.values))
    if plan.escort not in Escort.values:
        add_error("escort", choose_one(Escort.values))
    if not plan.destination_country:
        add_error("destination_country", REQUIRED)
    elif not is_country(plan.destination_country) or plan.destination_country == "XX":
        add_error("destination_country", "Gebruik een landcode uit ISO 3166-1 (twee letters, bijv. MA).")
    elif plan.destination_country == "NL":
        add_error("destination_country", "Het land van bestemming kan niet Nederland zijn.")
    if plan.flight_number and not FLIGHT_NUMBER.match(plan.flight_number):
        add_error("flight_number", "Gebruik een vluchtnummer als KL1234: maatschappij en 1 tot 4 cijfers.")
    for name, code in (("from_airport", plan.from_airport), ("to_airport", plan.to_airport)):
        if code and not AIRPORT.match(code):
            add_error(name, "Gebruik een IATA-luchthavencode van drie letters, bijv. AMS.")
    if plan.from_airport and plan.from_airport == plan.to_airport:
        add_error("to_airport", "De luchthaven van aankomst is dezelfde als die van vertrek.")
    _validate_departs_at(plan, now=now, changed=departs_at_changed, add_error=add_error)
    if plan.kind == DepartureKind.FORCED:
        if plan.departs_at is None and "departs_at" not in errors:
            add_error("departs_at", "Een gedwongen vertrek vraagt een vertrekmoment.")
        if not plan.flight_number and "flight_number" not in errors:
            add_error("flight_number", "Een gedwongen vertrek vraagt het vluchtnummer van de geboekte vlucht.")
        if plan.escort == Escort.NONE:
            add_error(
                "escort", "Bij gedwongen vertrek begeleidt de KMar: kies KMar-escorte of begeleiding tot aan boord."
            )
    if plan.kind == DepartureKind.DUBLIN:
        _validate_dublin(plan, today=today, rules=rules, errors=errors, add_error=add_error)
    elif plan.kind in DepartureKind.values:
        for name, value in (
            ("dublin_member_state", plan.dublin_member_state),
            ("dublin_accepted_on", plan.dublin_accepted_on),
            ("dublin_imprisoned", plan.dublin_imprisoned),
            ("dublin_absconded", plan.dublin_absconded),
        ):
            if value:
                add_error(name, "Alleen bij een Dublinoverdracht.")
    return errors


def _validate_departs_at(plan: Plan, *, now: dt.datetime, changed: bool, add_error: AddError) -> None:
    at = plan.departs_at
    if at is None:
        return
    if at.tzinfo is None or at.utcoffset() is None:
        add_error("departs_at", "Geef het vertrekmoment met tijdzone, bijv. 2026-12-01T10:30:00+01:00.")
    elif not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
        add_error("departs_at", f"Kies een jaar tussen {EARLIEST_YEAR} en {LATEST_YEAR}.")
    elif changed and at < now:
        add_error("departs_at", "Het vertrekmoment ligt in het verleden.")


def _validate_dublin(plan: Plan, *, today: dt.date, rules: Sequence[Rule], errors: Errors, add_error: AddError) -> None:
    if not plan.dublin_member_state:
        add_error("dublin_member_state", "Een Dublinoverdracht vraagt de verantwoordelijke lidstaat.")
    elif plan.dublin_member_state not in DUBLIN_STATES:
        add_error("dublin_member_state", "Kies een lidstaat die de Dublinverordening toepast (niet Nederland).")
    elif "destination_country" not in errors and plan.destination_country != plan.dublin_member_state:
        add_error("destination_country", "Bij een Dublinoverdracht is de bestemming de verantwoordelijke lidstaat.")
    accepted = plan.dublin_accepted_on
    if accepted is None:
        add_error("dublin_accepted_on", "Een Dublinoverdracht vraagt de datum waarop de lidstaat de claim aanvaardde.")
        return
    if accepted > today:
        add_error("dublin_accepted_on", "De datum van aanvaarding ligt in de toekomst.")
        return
    try:
        deadline = dublin_transfer_deadline(
            accepted_on=accepted, imprisoned=plan.dublin_imprisoned, absconded=plan.dublin_absconded, rules=rules
        )
    except LookupError:
        add_error("dublin_accepted_on", "Voor deze datum is geen regel voor de overdrachtstermijn bekend.")
        return
    if deadline < today:
        add_error(
            "dublin_accepted_on",
            f"De overdrachtstermijn is verstreken op {deadline:%d-%m-%Y}: de overdracht kan niet meer.",
        )
    elif plan.departs_at is not None and "departs_at" not in errors and plan.departs_at.date() > deadline:
        add_error("departs_at", f"Het vertrek ligt na het einde van de overdrachtstermijn ({deadline:%d-%m-%Y}).")


def checks_to_clear(old: Plan, new: Plan, *, document_valid_on_new_date: bool) -> tuple[str, ...]:
    """Checklist items a change of plan undoes: another flight needs another ticket, another date
    needs a travel document valid on that date."""
    cleared = []
    if (old.departs_at, old.flight_number, old.from_airport, old.to_airport) != (
        new.departs_at,
        new.flight_number,
        new.from_airport,
        new.to_airport,
    ):
        cleared.append("ticket")
    old_date = old.departs_at.date() if old.departs_at else None
    new_date = new.departs_at.date() if new.departs_at else None
    if old_date != new_date and not document_valid_on_new_date:
        cleared.append("travel_document")
    return tuple(item for item in CHECKLIST_ITEMS if item in cleared)


# --- the checklist --------------------------------------------------------------------------------


def checklist_due(departs_at: dt.datetime, rules: Sequence[Rule]) -> dt.datetime:
    """When the pre-departure checks must be complete: 48 real hours before the flight (Vc A4).

    Counted in elapsed time (UTC), so a change to or from summer time in between does not give an
    hour more or less; the answer is in the flight's own time zone.
    """
    rule = rule_in_force(rules, "pre_departure_checks", departs_at.date())
    if rule.unit != "hours":
        raise ValueError(f"pre_departure_checks counts hours, not {rule.unit!r}")
    moment = departs_at.astimezone(dt.UTC) - dt.timedelta(hours=rule.amount)
    return moment.astimezone(departs_at.tzinfo)


def missing_checks(ticked: Mapping[str, object]) -> tuple[str, ...]:
    """The checklist items not ticked yet, in checklist order (a falsy value is 'not ticked')."""
    return tuple(item for item in CHECKLIST_ITEMS if not ticked.get(item))


def requires_checklist(kind: str) -> bool:
    """The pre-departure checklist binds a forced departure (Vc A4): the service books and escorts."""
    return kind == DepartureKind.FORCED


def requires_handover(kind: str, escort: str) -> bool:
    """A handover to the escort: for every forced departure, and whenever someone escorts."""
    return kind == DepartureKind.FORCED or escort != Escort.NONE


def handover_missing(values: Mapping[str, str]) -> tuple[str, ...]:
    """Handover fields still empty. Each must be filled to complete it: 'geen' is an answer, blank is not."""
    return tuple(name for name in HANDOVER_FIELDS if not (values.get(name) or "").strip())


# --- the status machine ---------------------------------------------------------------------------

ACTIONS = ("update", "check", "handover", "confirm", "cancel")
ALLOWED: dict[str, frozenset[str]] = {
    DepartureStatus.PLANNED: frozenset(ACTIONS),
    DepartureStatus.CONFIRMED: frozenset(),
    DepartureStatus.CANCELLED: frozenset(),
}
RESULT = {"confirm": DepartureStatus.CONFIRMED, "cancel": DepartureStatus.CANCELLED}


def status_refusal(status: str, action: str) -> Refusal | None:
    """None if `action` may be done on a departure with this status, else why not."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if action in ALLOWED.get(status, frozenset()):
        return None
    if status == DepartureStatus.CONFIRMED:
        return Refusal("status", "Dit vertrek is al bevestigd en kan niet meer worden gewijzigd.")
    if status == DepartureStatus.CANCELLED:
        return Refusal("status", "Dit vertrek is geannuleerd; plan zo nodig een nieuw vertrek.")
    return Refusal("status", "Onbekende status van het vertrek.")


def next_status(status: str, action: str) -> str:
    """The status after `action` (which must be allowed): confirm and cancel end the plan."""
    refusal = status_refusal(status, action)
    if refusal is not None:
        raise ValueError(refusal.message)
    return RESULT.get(action, status)


# --- confirmation ---------------------------------------------------------------------------------


def confirmation_errors(
    *,
    kind: str,
    escort: str,
    missing: Sequence[str],
    handover: Mapping[str, str],
    handover_completed: bool,
    confirmed_on: dt.date | None,
    border_message_reference: str,
    today: dt.date,
    departs_on: dt.date | None = None,
) -> Errors:
    """Why this departure cannot be confirmed yet: field -> messages; empty when it can.

    A forced departure needs the whole checklist; a forced or escorted one a completed handover. A
    departure with a booked flight cannot have happened before the flight's date (`departs_on`).
    """
    errors: Errors = {}
    if not border_message_reference.strip():
        errors["border_message_reference"] = ["Neem het kenmerk van het grensbericht over."]
    if confirmed_on is None:
        errors["confirmed_on"] = [REQUIRED]
    elif confirmed_on > today:
        errors["confirmed_on"] = ["De datum van vertrek ligt in de toekomst."]
    elif confirmed_on.year < EARLIEST_YEAR:
        errors["confirmed_on"] = [f"Kies een datum vanaf {EARLIEST_YEAR}."]
    elif departs_on is not None and confirmed_on < departs_on:
        errors["confirmed_on"] = [BEFORE_FLIGHT % {"date": nl_date(departs_on)}]
    if requires_checklist(kind) and missing:
        words = ", ".join(CHECKLIST_WORDS[item] for item in missing)
        errors["checklist"] = [f"De controle vóór vertrek is niet compleet; nog niet afgevinkt: {words}."]
    if requires_handover(kind, escort) and not handover_completed:
        empty = handover_missing(handover)
        detail = f"; nog leeg: {', '.join(HANDOVER_WORDS[f] for f in empty)}" if empty else ""
        errors["handover"] = [f"De overdracht aan de escorte is niet als compleet vastgelegd{detail}."]
    return errors


# --- closing without departure ----------------------------------------------------------------------


@dataclass(frozen=True)
class NoFaultFacts:
    """What the no-fault permit (buitenschuldvergunning) looks at."""

    latest_stance: str | None  # stance in the latest held departure interview; None if none was held
    active_procedures: int  # pending procedures that have not ended
    nationality_established: bool


def no_fault_permit_unmet(facts: NoFaultFacts) -> Errors:
    """Each unmet condition of the no-fault permit, by condition; empty when all are met.

    Conditions (DOMAIN; Vc B8/4): full cooperation, no pending procedure, identity and nationality
    established.
    """
    errors: Errors = {}
    if facts.latest_stance is None:
        errors["cooperation"] = ["Volledige medewerking is niet gebleken: er is nog geen vertrekgesprek gehouden."]
    elif facts.latest_stance != "cooperates":
        errors["cooperation"] = [
            "Volledige medewerking is niet gebleken: in het laatste vertrekgesprek werkte de vreemdeling niet volledig mee."
        ]
    if facts.active_procedures:
        errors["procedures"] = ["Er loopt nog een procedure: die moet eerst zijn afgerond."]
    if not facts.nationality_established:
        errors["nationality"] = ["Identiteit en nationaliteit zijn niet vastgesteld."]
    return errors


def close_without_departure_errors(outcome: str) -> Errors:
    if outcome in OUTCOME_FOR_KIND.values():
        return {"outcome": ["Een vertrek sluit het dossier af via de bevestiging van dat vertrek."]}
    if outcome not in WITHOUT_DEPARTURE:
        return {"outcome": [choose_one(WITHOUT_DEPARTURE)]}
    return {}
