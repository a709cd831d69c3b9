"""Pure rules of retention and of the person's requests: periods, due dates, the request's states."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .choices import DataKind, SubjectRequestStatus

# A placeholder for the names of an anonymised person: what pages show instead of a name.
ANONYMISED_NAME = "Geanonimiseerd"

# Members of audit values that say nothing about who the person is: kept when a person is anonymised,
# so the trail still tells what happened to the case (phase, outcome, team, dates of the procedure).
KEPT_AUDIT_KEYS = frozenset(
    {
        "phase",
        "phase_before_hold",
        "hold_reason",
        "outcome",
        "team",
        "assigned_to",
        "source",
        "target_group",
        "status",
        "kind",
        "country",
        "birth_year",
        "sex",
        "programme",
        "beneficiary",
        "amount_cents",
        "cash_cents",
        "in_kind_cents",
        "escort",
        "opened_on",
        "closed_on",
        "starts_on",
        "ends_on",
        "decided_on",
        "length",
        "code",
        "interpreter_needed",
        "cancelled",
        "version",
        "kinds",
        "counts",
    }
)

# GDPR art. 12(3): an answer within one month of receipt (extendable by two months, with reasons).
RESPONSE_MONTHS = 1


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    """A retention rule as the pure rules see it."""

    kind: str
    months: int
    valid_from: dt.date
    valid_until: dt.date | None


def rule_on(rules: Iterable[Period], kind: str, on: dt.date) -> Period | None:
    """The rule for `kind` in force on `on` (the closure date: a later change does not move it)."""
    for rule in rules:
        if rule.kind == kind and rule.valid_from <= on and (rule.valid_until is None or on <= rule.valid_until):
            return rule
    return None


def kinds_due(
    *, last_closed_on: dt.date, rules: Iterable[Period], applied: Mapping[str, dt.date], on: dt.date
) -> list[str]:
    """The kinds of data of a person whose cases are all closed (the last on `last_closed_on`) that are due
    on `on`: closure + the period of the rule in force on the closure date has been reached, and the kind
    was not applied already for that closure (`applied`: kind -> the last closure it covered). A kind
    without a rule is never due: nothing is removed without a rule."""
    rules = list(rules)
    due = []
    for kind in DataKind.values:
        rule = rule_on(rules, kind, last_closed_on)
        if rule is None or add_months(last_closed_on, rule.months) > on:
            continue
        covered = applied.get(kind)
        if covered is not None and covered >= last_closed_on:
            continue
        due.append(kind)
    return due


def response_due(received_on: dt.date) -> dt.date:
    """The date by which a request of the person must be answered (GDPR art. 12(3))."""
    return add_months(received_on, RESPONSE_MONTHS)


# The request's life: received -> in handling -> done or refused (with a reason); done and refused are final.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    SubjectRequestStatus.RECEIVED: frozenset(
        {SubjectRequestStatus.IN_HANDLING, SubjectRequestStatus.DONE, SubjectRequestStatus.REFUSED}
    ),
    SubjectRequestStatus.IN_HANDLING: frozenset({SubjectRequestStatus.DONE, SubjectRequestStatus.REFUSED}),
    SubjectRequestStatus.DONE: frozenset(),
    SubjectRequestStatus.REFUSED: frozenset(),
}
OPEN_STATUSES = (SubjectRequestStatus.RECEIVED, SubjectRequestStatus.IN_HANDLING)


def may_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
