"""Deadline arithmetic: pure functions that compute a date from facts and explain it in words.

Rules are data with a validity period: the rule in force on the start date applies, so a change in
the law does not silently move deadlines of cases that started under the old rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    basis: str
    amount: int
    unit: str  # "days" | "weeks" | "months" | "hours"
    valid_from: dt.date
    valid_until: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on < self.valid_until)


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due: dt.date
    basis: str
    explanation: str


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


UNIT_WORDS = {"days": ("dag", "dagen"), "weeks": ("week", "weken"), "months": ("maand", "maanden")}


def amount_in_words(amount: int, unit: str) -> str:
    singular, plural = UNIT_WORDS[unit]
    return f"{amount} {singular if amount == 1 else plural}"


def nl_date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def rule_in_force(rules: Sequence[Rule], code: str, on: dt.date) -> Rule:
    for rule in rules:
        if rule.code == code and rule.in_force(on):
            return rule
    raise LookupError(f"no rule {code!r} in force on {on.isoformat()}")


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("departure_term", "Vertrektermijn eindigt", "art. 62 Vw", 4, "weeks", dt.date(2001, 4, 1)),
)


def departure_term_end(
    *,
    decision_date: dt.date,
    term_days: int | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
) -> Deadline:
    """End of the departure term: return decision + 4 weeks, or the shortened term recorded."""
    rule = rule_in_force(rules, "departure_term", decision_date)
    standard = add(decision_date, rule.amount, rule.unit)
    if term_days is None or dt.timedelta(days=term_days) == standard - decision_date:
        due, term = standard, amount_in_words(rule.amount, rule.unit)
    else:
        due, term = decision_date + dt.timedelta(days=term_days), f"{term_days} dagen (verkort)"
    explanation = f"{rule.label} {nl_date(due)}: terugkeerbesluit {nl_date(decision_date)} + {term}, {rule.basis}"
    return Deadline(rule.code, rule.label, due, rule.basis, explanation)
