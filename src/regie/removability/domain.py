"""Pure rules of removability: medical postponement (art. 64 Vw) and the answer 'removable now?'.

No ORM, no request: plain values in, plain values out, so hypothesis can test them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_noop

from regie.core.domain import REQUIRED, choose_one, message_template
from regie.deadlines.domain import add_months, nl_date

from .choices import AUTOMATIC_GROUNDS, PostponementGround, ProcedureKind

# Art. 64 Vw, Vc A3/7: pregnancy postpones removal from six weeks before to six weeks after the
# expected date of birth. Fixed by the circular, not a term the deadline table versions.
PREGNANCY_WEEKS = 6
# The standard maximum length of a postponement; the service passes the version of the rule
# (deadline rule `medical_postponement_max`) in force on the start date.
# How far ahead a postponement can sensibly be recorded: a start at most a year ahead, a birth at
# most a full pregnancy (42 weeks) ahead. Keeps typing errors (2206 for 2026) out of the deadlines.
MAX_START_AHEAD = dt.timedelta(days=366)
MAX_BIRTH_AHEAD = dt.timedelta(weeks=42)
# Dates outside these years are typing errors; refusing them keeps the date arithmetic in range.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
OUT_OF_RANGE = "Geef een datum tussen 1900 en 2999."


@dataclass(frozen=True)
class Procedure:
    kind: str
    suspensive: bool
    starts_on: dt.date
    ends_on: dt.date | None = None  # inclusive; None while pending

    def active_on(self, on: dt.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


@dataclass(frozen=True)
class Postponement:
    ground: str
    starts_on: dt.date
    ends_on: dt.date  # inclusive
    ended_early_on: dt.date | None = None  # inclusive: the last day it still applied
    # The legal maximum in months (the rule `medical_postponement_max` in force on the start date).
    max_months: int | None = None

    @property
    def last_day(self) -> dt.date:
        """The last day removal is postponed: the planned end, or the early end, never past the legal maximum."""
        last = self.ends_on if self.ended_early_on is None else min(self.ends_on, self.ended_early_on)
        return last if self.max_months is None else min(last, latest_end(self.starts_on, self.max_months))

    def active_on(self, on: dt.date) -> bool:
        return self.starts_on <= on <= self.last_day


@dataclass(frozen=True)
class Removability:
    """The answer to 'may removal go ahead on this date?' and, when not, every reason why not."""

    on: dt.date
    removable: bool
    reasons: list[str]


NO_TRAVEL_DOCUMENT = gettext_noop(
    "Geen geldig reisdocument (paspoort of laissez-passer) en geen overdracht aan de grens afgesproken."
)
PROCEDURE_RUNNING = message_template(
    gettext_noop("Procedure met schorsende werking loopt: %(procedure)s (sinds %(since)s).")
)
POSTPONED_UNTIL = message_template(gettext_noop("Uitstel van vertrek (art. 64 Vw) tot en met %(last)s."))
# For who may not see health data: that removal is suspended, not why nor until when.
POSTPONED_RESTRICTED = gettext_noop("Uitzetting opgeschort (details afgeschermd).")


def removable_on(
    on: dt.date,
    procedures: Iterable[Procedure],
    postponements: Iterable[Postponement],
    has_valid_travel_document: bool,
    medical_visible: bool = True,
) -> Removability:
    """Removable on `on` unless a suspensive procedure or a postponement is active, or there is no travel document.

    Reasons never name a medical ground. A postponement (art. 64 Vw) is health data: for a reader who may
    not see special-category data (`medical_visible=False`) it says only that removal is suspended.
    """
    reasons: list[str] = []
    for proc in sorted(procedures, key=lambda p: (p.starts_on, p.kind)):
        if proc.suspensive and proc.active_on(on):
            # The reasons are Dutch sentences (stored and shown as such): the label in Dutch too.
            with translation.override("nl"):
                label = str(ProcedureKind(proc.kind).label) if proc.kind in ProcedureKind.values else proc.kind
            reasons.append(PROCEDURE_RUNNING % {"procedure": label, "since": nl_date(proc.starts_on)})
    active = [p for p in sorted(postponements, key=lambda p: (p.starts_on, p.last_day, p.ends_on)) if p.active_on(on)]
    if active and not medical_visible:
        reasons.append(POSTPONED_RESTRICTED)
    elif active:
        reasons.extend(POSTPONED_UNTIL % {"last": nl_date(post.last_day)} for post in active)
    if not has_valid_travel_document:
        reasons.append(NO_TRAVEL_DOCUMENT)
    return Removability(on=on, removable=not reasons, reasons=reasons)


# --- medical postponement ------------------------------------------------------------------------


def latest_end(starts_on: dt.date, max_months: int) -> dt.date:
    """The last day a postponement starting on `starts_on` may run: at most `max_months` (one year)."""
    return add_months(starts_on, max_months)


@dataclass(frozen=True)
class Period:
    starts_on: dt.date
    ends_on: dt.date


def pregnancy_period(expected_birth_on: dt.date) -> Period:
    """Six weeks before to six weeks after the expected date of birth."""
    weeks = dt.timedelta(weeks=PREGNANCY_WEEKS)
    return Period(expected_birth_on - weeks, expected_birth_on + weeks)


def postponement_problems(
    *,
    ground: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    expected_birth_on: dt.date | None = None,
    bma_reference: str = "",
    max_months: int,
    today: dt.date | None = None,
) -> tuple[Period | None, dict[str, str]]:
    """The period of a new postponement, or what is wrong with the input, by field name.

    Pregnancy: the period follows from the expected date of birth; dates typed in must agree with it.
    Other grounds: the dates are given, the end at most `max_months` after the start. Advice of the
    BMA needs the reference of that advice. With `today`, dates too far ahead are refused.
    """
    errors: dict[str, str] = {}
    given = {"starts_on": starts_on, "ends_on": ends_on, "expected_birth_on": expected_birth_on}
    for name, value in given.items():
        if value is not None and not EARLIEST <= value <= LATEST:
            errors[name] = OUT_OF_RANGE
    if errors:
        return None, errors
    if today is not None:
        if expected_birth_on is not None and expected_birth_on > today + MAX_BIRTH_AHEAD:
            errors["expected_birth_on"] = "De uitgerekende datum ligt te ver in de toekomst."
        if starts_on is not None and starts_on > today + MAX_START_AHEAD:
            errors["starts_on"] = "De begindatum ligt meer dan een jaar in de toekomst."
        if errors:
            return None, errors
    if ground not in PostponementGround.values:
        errors["ground"] = choose_one(PostponementGround.values)
        return None, errors
    if ground == PostponementGround.PREGNANCY:
        if expected_birth_on is None:
            errors["expected_birth_on"] = "Bij zwangerschap is de uitgerekende datum verplicht."
            return None, errors
        period = pregnancy_period(expected_birth_on)
        if starts_on is not None and starts_on != period.starts_on:
            errors["starts_on"] = (
                f"Bij zwangerschap begint het uitstel zes weken vóór de uitgerekende datum: {nl_date(period.starts_on)}."
            )
        if ends_on is not None and ends_on != period.ends_on:
            errors["ends_on"] = (
                f"Bij zwangerschap eindigt het uitstel zes weken na de uitgerekende datum: {nl_date(period.ends_on)}."
            )
        return (None if errors else period), errors
    if expected_birth_on is not None:
        errors["expected_birth_on"] = "Een uitgerekende datum hoort alleen bij zwangerschap."
    if ground == PostponementGround.BMA_ADVICE and not bma_reference.strip():
        errors["bma_reference"] = "Uitstel op advies van het BMA vraagt het kenmerk van dat advies."
    if starts_on is None:
        errors["starts_on"] = REQUIRED
    if ends_on is None:
        errors["ends_on"] = REQUIRED
    if starts_on is not None and ends_on is not None:
        if ends_on < starts_on:
            errors["ends_on"] = "De einddatum ligt vóór de begindatum."
        elif ends_on > latest_end(starts_on, max_months):
            errors["ends_on"] = (
                f"Uitstel van vertrek duurt ten hoogste {_months(max_months)}: uiterlijk tot en met "
                f"{nl_date(latest_end(starts_on, max_months))}."
            )
    if errors or starts_on is None or ends_on is None:
        return None, errors
    return Period(starts_on, ends_on), errors


def _months(n: int) -> str:
    return "een jaar" if n == 12 else f"{n} maanden"


def early_end_problem(
    *, starts_on: dt.date, ends_on: dt.date, ended_early_on: dt.date | None, on: dt.date
) -> str | None:
    """Why `on` cannot be the last day of a postponement ended early, or None when it can."""
    if ended_early_on is not None:
        return "Dit uitstel is al eerder beëindigd."
    if on < starts_on:
        return "De datum ligt vóór het begin van het uitstel."
    if on >= ends_on:
        return "Het uitstel loopt dan al af; eerder beëindigen kan alleen vóór de einddatum."
    return None


def is_automatic(ground: str) -> bool:
    """TB, hospital admission and pregnancy postpone removal by law; other grounds need the BMA's advice."""
    return ground in AUTOMATIC_GROUNDS
