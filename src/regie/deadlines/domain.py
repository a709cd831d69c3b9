"""Deadline arithmetic: pure functions that compute a date from facts and explain it in words.

Rules are data with a validity period: the rule in force on the start date applies, so a change in
the law does not silently move deadlines of cases that started under the old rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    basis: str
    amount: int
    unit: str  # "days" | "weeks" | "months" | "hours"
    valid_from: dt.date
    valid_until: dt.date | None = None
    variant: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due: dt.date
    basis: str
    explanation: str  # in Dutch, as stored and sent by the API; `texts.explanation` renders `params`
    source_id: str = ""
    kind: str = "deadline"  # "deadline" or "flag"
    # What the explanation says, as a template key and plain values (dates ISO), so it can be rendered
    # in the reader's language (`deadlines.texts`).
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months; a day that does not exist in the target month becomes its last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add(start: dt.date, amount: int, unit: str) -> dt.date:
    if unit == "days":
        return start + dt.timedelta(days=amount)
    if unit == "weeks":
        return start + dt.timedelta(weeks=amount)
    if unit == "months":
        return add_months(start, amount)
    raise ValueError(f"unknown unit {unit!r}")


UNIT_WORDS = {
    "days": ("dag", "dagen"),
    "weeks": ("week", "weken"),
    "months": ("maand", "maanden"),
    "hours": ("uur", "uur"),
}


def amount_in_words(amount: int, unit: str) -> str:
    singular, plural = UNIT_WORDS[unit]
    return f"{amount} {singular if amount == 1 else plural}"


def nl_date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def rule_in_force(rules: Sequence[Rule], code: str, on: dt.date, variant: str = "") -> Rule:
    for rule in rules:
        if rule.code == code and rule.variant == variant and rule.in_force(on):
            return rule
    raise LookupError(f"no rule {code!r}/{variant!r} in force on {on.isoformat()}")


_START = dt.date(2001, 4, 1)  # Vw 2000 in force; seeded rules start here and can be versioned later

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("departure_term", "Vertrektermijn eindigt", "art. 62 Vw", 4, "weeks", _START),
    Rule("reception_end", "Opvang eindigt na afwijzing", "COA-praktijk", 28, "days", _START),
    Rule("vbl_review", "Verblijf VBL beoordelen", "art. 56 Vw", 12, "weeks", _START),
    Rule(
        "departure_plan_max_age",
        "Vertrekplan actueel",
        "art. 56 Vw: plaatsing in een VBL vraagt een actueel vertrekplan",
        90,
        "days",
        _START,
    ),
    Rule("detention_court_notification", "Rechter informeren over bewaring", "art. 94 Vw", 4, "weeks", _START),
    Rule(
        "detention_maximum",
        "Maximale duur bewaring",
        "art. 59 Vw; Terugkeerrichtlijn art. 15",
        6,
        "months",
        _START,
        variant="standard",
    ),
    Rule(
        "detention_maximum",
        "Maximale duur bewaring (verlengd)",
        "art. 59 lid 6 Vw; Terugkeerrichtlijn art. 15 lid 6",
        18,
        "months",
        _START,
        variant="extended",
    ),
    Rule(
        "detention_maximum",
        "Maximale duur bewaring gezin/minderjarige",
        "art. 59c Vw",
        14,
        "days",
        _START,
        variant="family",
    ),
    Rule("lp_withdrawal_decision", "Besluiten over intrekken LP-aanvraag", "DT&V-werkwijze", 12, "months", _START),
    Rule(
        "dublin_transfer",
        "Dublinoverdracht uiterlijk",
        "Dublinverordening art. 29",
        6,
        "months",
        _START,
        variant="standard",
    ),
    Rule(
        "dublin_transfer",
        "Dublinoverdracht uiterlijk (detentie)",
        "Dublinverordening art. 29 lid 2",
        12,
        "months",
        _START,
        variant="imprisoned",
    ),
    Rule(
        "dublin_transfer",
        "Dublinoverdracht uiterlijk (onttrokken)",
        "Dublinverordening art. 29 lid 2",
        18,
        "months",
        _START,
        variant="absconded",
    ),
    Rule("medical_postponement_max", "Medisch uitstel uiterlijk", "art. 64 Vw", 12, "months", _START),
    Rule("pre_departure_checks", "Controle vóór vertrek", "Vc A4", 48, "hours", _START),
    Rule("detention_inactivity", "Geen actie tijdens bewaring", "voortvarendheid (jurisprudentie)", 14, "days", _START),
)


def departure_term_end(
    *,
    decision_date: dt.date,
    term_days: int | None = None,
    rules: Sequence[Rule],
) -> Deadline:
    """End of the departure term: return decision + 4 weeks, or the shortened term recorded."""
    rule = rule_in_force(rules, "departure_term", decision_date)
    standard = add(decision_date, rule.amount, rule.unit)
    # `term_days` is given only for a shortened term (art. 62 lid 2 Vw, with a recorded reason); it can
    # never lengthen the term.
    if term_days is None or term_days >= (standard - decision_date).days:
        due, term = standard, amount_in_words(rule.amount, rule.unit)
        params = term_params(rule, due, decision_date, "terugkeerbesluit")
    else:
        due, term = decision_date + dt.timedelta(days=term_days), f"{term_days} dagen (verkort)"
        params = {**term_params(rule, due, decision_date, "terugkeerbesluit"), "amount": term_days, "unit": "days"}
        params["shortened"] = True
    explanation = f"{rule.label} {nl_date(due)}: terugkeerbesluit {nl_date(decision_date)} + {term}, {rule.basis}"
    return Deadline(rule.code, rule.label, due, rule.basis, explanation, params=params)


# --- The whole engine: facts of a case in, pending deadlines and flags out. -------------------------


@dataclass(frozen=True)
class DetentionFact:
    id: str
    starts_on: dt.date
    family_or_minor: bool = False
    appealed_on: dt.date | None = None
    court_notified_on: dt.date | None = None
    extended: bool = False
    ends_on: dt.date | None = None
    last_action_on: dt.date | None = None


@dataclass(frozen=True)
class VblFact:
    id: str
    starts_on: dt.date
    reviewed_on: dt.date | None = None
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class LpFact:
    id: str
    sent_on: dt.date | None
    closed: bool = False


@dataclass(frozen=True)
class DublinFact:
    id: str
    accepted_on: dt.date
    imprisoned: bool = False
    absconded: bool = False
    done: bool = False


@dataclass(frozen=True)
class PostponementFact:
    id: str
    starts_on: dt.date
    ends_on: dt.date
    ended_early_on: dt.date | None = None


@dataclass(frozen=True)
class FlightFact:
    id: str
    departs_at: dt.datetime
    checklist_complete: bool = False
    forced: bool = True
    # Removal is suspended on the flight's date (a suspensive procedure, a medical postponement) since:
    suspended_since: dt.date | None = None


@dataclass(frozen=True)
class InterviewFact:
    id: str
    held_on: dt.date
    unchecked: tuple[str, ...] = ()  # special circumstances not checked in this interview


@dataclass(frozen=True)
class CaseFacts:
    """Everything the deadline rules look at, as plain values (built by deadlines.selectors.case_facts)."""

    closed: bool = False
    target_group: str = ""
    return_decision_date: dt.date | None = None
    departure_term_days: int | None = None
    detentions: tuple[DetentionFact, ...] = ()
    vbls: tuple[VblFact, ...] = ()
    lp_requests: tuple[LpFact, ...] = ()
    dublin: tuple[DublinFact, ...] = ()
    postponements: tuple[PostponementFact, ...] = ()
    flights: tuple[FlightFact, ...] = ()
    first_interviews: tuple[InterviewFact, ...] = ()  # the first three held interviews, oldest first


def term_params(rule: Rule, due: dt.date, start: dt.date, what: str) -> dict[str, Any]:
    """The explanation of a term as values: "<label> <due>: <what> <start> + <amount> <unit>, <basis>"."""
    return {
        "text": "term",
        "label": rule.label,
        "due": due.isoformat(),
        "what": what,
        "start": start.isoformat(),
        "amount": rule.amount,
        "unit": rule.unit,
        "basis": rule.basis,
    }


def _term(rule: Rule, start: dt.date, what: str, source_id: str = "", kind: str = "deadline") -> Deadline:
    due = add(start, rule.amount, rule.unit) if rule.unit != "hours" else start
    explanation = f"{rule.label} {nl_date(due)}: {what} {nl_date(start)} + {amount_in_words(rule.amount, rule.unit)}, {rule.basis}"
    return Deadline(
        rule.code, rule.label, due, rule.basis, explanation, source_id, kind, term_params(rule, due, start, what)
    )


# Terms that, once passed, are facts of the dossier rather than tasks: the person's departure term
# ended, the reception ended. Shown as "verstreken op", never as an overdue task, and never the case's
# next actionable deadline once passed.
FACT_CODES = frozenset({"departure_term", "reception_end"})

# Counted from the case's last recorded action, whichever service recorded it: the due-speed signal of a
# detention. Any action on a case that has one moves it (`services.deadlines_follow_actions`).
COUNTED_FROM_LAST_ACTION = frozenset({"detention_inactivity"})


def next_actionable(deadlines: Sequence[Deadline], *, today: dt.date) -> Deadline | None:
    """The deadline that comes first among the things to do: dated terms (not signals), leaving out a
    fact of the dossier that has passed (FACT_CODES). None when nothing is to be done."""
    tasks = [d for d in deadlines if d.kind == "deadline" and not (d.code in FACT_CODES and d.due < today)]
    return min(tasks, key=lambda d: (d.due, d.code), default=None)


def compute_deadlines(facts: CaseFacts, rules: Sequence[Rule]) -> list[Deadline]:
    """All pending deadlines and flags of a case, each with its legal basis and arithmetic in words.

    A deadline that has been met (the court was notified, the VBL stay reviewed, the LP request
    answered) is not pending and is left out. A closed case has none.
    """
    if facts.closed:
        return []
    out: list[Deadline] = []
    if facts.return_decision_date:
        out.append(
            departure_term_end(
                decision_date=facts.return_decision_date, term_days=facts.departure_term_days, rules=rules
            )
        )
        if facts.target_group == "rejected_asylum":
            rule = rule_in_force(rules, "reception_end", facts.return_decision_date)
            out.append(_term(rule, facts.return_decision_date, "afwijzing"))
    for vbl in facts.vbls:
        if vbl.ends_on is None and vbl.reviewed_on is None:
            out.append(_term(rule_in_force(rules, "vbl_review", vbl.starts_on), vbl.starts_on, "start VBL", vbl.id))
    for det in facts.detentions:
        if det.ends_on is not None:
            continue
        variant = "family" if det.family_or_minor else ("extended" if det.extended else "standard")
        maximum = _term(
            rule_in_force(rules, "detention_maximum", det.starts_on, variant), det.starts_on, "start bewaring", det.id
        )
        if det.appealed_on is None and det.court_notified_on is None:
            rule = rule_in_force(rules, "detention_court_notification", det.starts_on)
            notification = _term(rule, det.starts_on, "start bewaring", det.id)
            # Not pending when the detention must have ended before it falls due (14 days for a family).
            if notification.due <= maximum.due:
                out.append(notification)
        out.append(maximum)
        last = det.last_action_on or det.starts_on
        rule = rule_in_force(rules, "detention_inactivity", det.starts_on)
        out.append(_term(rule, last, "laatste vastgelegde actie", det.id, kind="flag"))
    for lp in facts.lp_requests:
        if lp.sent_on is not None and not lp.closed:
            out.append(
                _term(
                    rule_in_force(rules, "lp_withdrawal_decision", lp.sent_on),
                    lp.sent_on,
                    "LP-aanvraag verzonden",
                    lp.id,
                )
            )
    for dub in facts.dublin:
        if not dub.done:
            variant = "absconded" if dub.absconded else ("imprisoned" if dub.imprisoned else "standard")
            out.append(
                _term(
                    rule_in_force(rules, "dublin_transfer", dub.accepted_on, variant),
                    dub.accepted_on,
                    "claim aanvaard",
                    dub.id,
                )
            )
    for post in facts.postponements:
        end = post.ended_early_on or post.ends_on
        rule = rule_in_force(rules, "medical_postponement_max", post.starts_on)
        latest = add(post.starts_on, rule.amount, rule.unit)
        due = min(end, latest)
        explanation = (
            f"Medisch uitstel eindigt {nl_date(due)}: uitstel van {nl_date(post.starts_on)} tot {nl_date(end)}"
            + (f", begrensd op {amount_in_words(rule.amount, rule.unit)}" if latest < end else "")
            + f", {rule.basis}"
        )
        params = {
            "text": "postponement",
            "due": due.isoformat(),
            "start": post.starts_on.isoformat(),
            "end": end.isoformat(),
            "capped": latest < end,
            "amount": rule.amount,
            "unit": rule.unit,
            "basis": rule.basis,
        }
        out.append(
            Deadline(
                "medical_postponement_end",
                "Medisch uitstel eindigt",
                due,
                rule.basis,
                explanation,
                post.id,
                params=params,
            )
        )
    for flight in facts.flights:
        if flight.suspended_since is not None:
            # Recorded after the departure was planned: the flight cannot go ahead; a signal, not a term.
            out.append(
                Deadline(
                    "departure_suspended",
                    "Gepland vertrek kan niet doorgaan",
                    flight.suspended_since,
                    "art. 64 Vw; schorsende werking van een procedure",
                    f"Vertrek {flight.departs_at.strftime('%d-%m-%Y %H:%M')} kan niet doorgaan: uitzetting is "
                    f"opgeschort sinds {nl_date(flight.suspended_since)}. Pas het vertrek aan of annuleer het.",
                    flight.id,
                    kind="flag",
                    params={
                        "text": "suspended",
                        "departs": flight.departs_at.strftime("%d-%m-%Y %H:%M"),
                        "since": flight.suspended_since.isoformat(),
                    },
                )
            )
            continue
        if flight.checklist_complete:
            continue
        rule = rule_in_force(rules, "pre_departure_checks", flight.departs_at.date())
        # Elapsed hours, not wall-clock hours: across a summer-time change 48 hours are 48 real hours.
        departs = flight.departs_at
        moment = (
            (departs.astimezone(dt.UTC) - dt.timedelta(hours=rule.amount)).astimezone(departs.tzinfo)
            if departs.tzinfo is not None
            else departs - dt.timedelta(hours=rule.amount)
        )
        explanation = (
            f"{rule.label} uiterlijk {moment.strftime('%d-%m-%Y %H:%M')}: vertrek {flight.departs_at.strftime('%d-%m-%Y %H:%M')}"
            f" − {rule.amount} uur, {rule.basis}"
        )
        params = {
            "text": "flight_check",
            "label": rule.label,
            "moment": moment.strftime("%d-%m-%Y %H:%M"),
            "departs": flight.departs_at.strftime("%d-%m-%Y %H:%M"),
            "amount": rule.amount,
            "basis": rule.basis,
        }
        out.append(Deadline(rule.code, rule.label, moment.date(), rule.basis, explanation, flight.id, params=params))
    for i, interview in enumerate(facts.first_interviews[:3], start=1):
        if interview.unchecked:
            out.append(
                Deadline(
                    "special_circumstances_unchecked",
                    "Bijzondere omstandigheden niet nagevraagd",
                    interview.held_on,
                    "Inspectie JenV 2022: na te vragen in de eerste drie vertrekgesprekken",
                    f"Vertrekgesprek {i} ({nl_date(interview.held_on)}): niet nagevraagd: {', '.join(interview.unchecked)}",
                    interview.id,
                    kind="flag",
                    params={
                        "text": "unchecked",
                        "n": i,
                        "held": interview.held_on.isoformat(),
                        "unchecked": list(interview.unchecked),
                    },
                )
            )
    return sorted(out, key=lambda d: (d.due, d.code, d.source_id))
