"""Pure rules of departure interviews and the departure plan: no ORM, no request.

- The interview's status machine: planned -> held | cancelled | no-show; those three are final.
- Which interviews must record a check of every special circumstance (the first three held ones,
  inspection JenV 2022), and what counts as "not checked" (absent, or explicitly `not_checked`).
- What makes a planning, a record or a new version of the departure plan acceptable: each problem
  as field name -> messages, never repeating what was typed (it may be personal data).
- Whether the departure plan is up to date (a VBL placement needs one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from regie.core.domain import REQUIRED, Refusal, choose_one, max_chars, message_template
from regie.people.domain import is_language

from .choices import CHECKED_CIRCUMSTANCES, FIRST_INTERVIEWS_TO_CHECK, CheckResult, InterviewStatus, Stance

MAX_PLACE = 200
MAX_INTERPRETER_NAME = 200
MAX_PARTICIPANTS = 500
MAX_TEXT = 20_000
MAX_CHECK_NOTE = 5_000
MAX_CHANGE_NOTE = 300

# A client's clock may run a little ahead of ours: "held just now" is not "held in the future".
CLOCK_TOLERANCE = dt.timedelta(minutes=5)
# Planning happens ahead; an interview about to start may still be entered as planned.
PLANNING_GRACE = dt.timedelta(hours=1)
PLANNING_HORIZON = dt.timedelta(days=366)
EARLIEST_INTERVIEW = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

ENDED_STATUS = message_template(
    gettext_noop("Een gesprek met status '%(status)s' kan niet meer worden gewijzigd; plan een nieuw gesprek.")
)
UNKNOWN_CIRCUMSTANCE = message_template(gettext_noop("Onbekende omstandigheid; kies uit: %(choices)s."))
CHECK_REQUIRED = message_template(
    gettext_noop(
        "Leg vast of dit is besproken (verplicht in de eerste %(n)s vertrekgesprekken); "
        "kies 'Niet besproken' als het niet ter sprake kwam."
    )
)


TRANSITIONS: dict[str, frozenset[str]] = {
    InterviewStatus.PLANNED: frozenset({InterviewStatus.HELD, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW}),
    InterviewStatus.HELD: frozenset(),
    InterviewStatus.CANCELLED: frozenset(),
    InterviewStatus.NO_SHOW: frozenset(),
}


@dataclass(frozen=True)
class CheckInput:
    """One special circumstance as checked in one interview: the result and an optional note."""

    result: str
    note: str = ""


@dataclass(frozen=True)
class PlanText:
    """The content of one version of the departure plan."""

    strategy: str
    next_steps: str = ""


Errors = dict[str, list[str]]


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _max(errors: Errors, name: str, value: str, limit: int) -> None:
    if value and len(value) > limit:
        _add(errors, name, max_chars(limit))


def _is_aware(value: dt.datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


# --- the status machine -----------------------------------------------------------------------


def transition_refusal(*, current: str, target: str) -> Refusal | None:
    """None if an interview may go from `current` to `target`, else why not (field `status`)."""
    if target not in TRANSITIONS:
        return Refusal("status", choose_one(InterviewStatus.values))
    if current not in TRANSITIONS:
        return Refusal("status", gettext_noop("Dit gesprek heeft een onbekende status en kan niet worden gewijzigd."))
    if target in TRANSITIONS[current]:
        return None
    if current == InterviewStatus.HELD:
        return Refusal("status", gettext_noop("Dit gesprek is al vastgelegd als gehouden; het verslag ligt vast."))
    if current == target == InterviewStatus.PLANNED:
        return Refusal("status", gettext_noop("Dit gesprek is al gepland."))
    return Refusal("status", ENDED_STATUS % {"status": InterviewStatus(current).label})


# --- the checks of special circumstances -------------------------------------------------------


def interview_rank(held_at: dt.datetime, others_held_at: Iterable[dt.datetime]) -> int:
    """The place (1-based) of an interview held at `held_at` among the case's held interviews.

    Another interview at the very same moment counts as later, so a tie never escapes the checks.
    """
    return 1 + sum(1 for other in others_held_at if other < held_at)


def checks_required(rank: int) -> bool:
    """Every circumstance must have a check row in each of the first three held interviews."""
    return 1 <= rank <= FIRST_INTERVIEWS_TO_CHECK


def unchecked(results: Mapping[str, str]) -> tuple[str, ...]:
    """The circumstances not checked: no row at all, or recorded as `not_checked` (the engine's flag)."""
    return tuple(c for c in CHECKED_CIRCUMSTANCES if results.get(c, CheckResult.NOT_CHECKED) == CheckResult.NOT_CHECKED)


def check_errors(checks: Mapping[str, CheckInput], *, required: bool) -> Errors:
    """Problems with the checks of one interview; `required` for the first three held interviews.

    A circumstance may be recorded as `not_checked` (it then shows on the worklist), but among the first
    three it may not be left out: the record must say, for each, whether it was discussed.
    """
    errors: Errors = {}
    unknown = [key for key in checks if key not in CHECKED_CIRCUMSTANCES]
    if unknown:
        # The unknown key itself is not repeated: it is whatever the client sent.
        _add(errors, "checks", UNKNOWN_CIRCUMSTANCE % {"choices": ", ".join(CHECKED_CIRCUMSTANCES)})
    for circumstance in CHECKED_CIRCUMSTANCES:
        check = checks.get(circumstance)
        if check is None:
            if required:
                _add(
                    errors,
                    f"checks.{circumstance}",
                    CHECK_REQUIRED % {"n": FIRST_INTERVIEWS_TO_CHECK},
                )
            continue
        if check.result not in CheckResult.values:
            _add(errors, f"checks.{circumstance}.result", choose_one(CheckResult.values))
        _max(errors, f"checks.{circumstance}.note", check.note, MAX_CHECK_NOTE)
    return errors


# --- planning and recording --------------------------------------------------------------------


def interpreter_errors(*, interpreter_language: str, interpreter_name: str) -> Errors:
    errors: Errors = {}
    if interpreter_language and not is_language(interpreter_language):
        _add(errors, "interpreter_language", gettext_noop("Gebruik een taalcode uit ISO 639 (bijv. ar, ti of fas)."))
    elif interpreter_name.strip() and not interpreter_language:
        _add(errors, "interpreter_language", gettext_noop("Geef de taal waarin de tolk vertaalt."))
    _max(errors, "interpreter_name", interpreter_name, MAX_INTERPRETER_NAME)
    return errors


def plan_errors(
    *, planned_at: dt.datetime | None, now: dt.datetime, place: str, interpreter_language: str, interpreter_name: str
) -> Errors:
    """Problems with planning an interview: when (from about now up to a year ahead), where, interpreter."""
    errors: Errors = {}
    if planned_at is None:
        _add(errors, "planned_at", REQUIRED)
    elif not _is_aware(planned_at):
        _add(errors, "planned_at", gettext_noop("Geef een tijdstip met tijdzone."))
    elif planned_at < now - PLANNING_GRACE:
        _add(
            errors,
            "planned_at",
            gettext_noop("Dit tijdstip ligt in het verleden; leg een gehouden gesprek vast als verslag."),
        )
    elif planned_at > now + PLANNING_HORIZON:
        _add(errors, "planned_at", gettext_noop("Plan een gesprek hooguit een jaar vooruit."))
    _max(errors, "place", place, MAX_PLACE)
    errors.update(interpreter_errors(interpreter_language=interpreter_language, interpreter_name=interpreter_name))
    return errors


def record_errors(
    *,
    held_at: dt.datetime | None,
    now: dt.datetime,
    participants: str,
    summary: str,
    stance: str,
    place: str = "",
    interpreter_language: str = "",
    interpreter_name: str = "",
) -> Errors:
    """Problems with the record of a held interview, apart from the checks (see `check_errors`)."""
    errors: Errors = {}
    if held_at is None:
        _add(errors, "held_at", REQUIRED)
    elif not _is_aware(held_at):
        _add(errors, "held_at", gettext_noop("Geef een tijdstip met tijdzone."))
    elif held_at > now + CLOCK_TOLERANCE:
        _add(errors, "held_at", gettext_noop("Een gesprek kan niet in de toekomst zijn gehouden."))
    elif held_at < EARLIEST_INTERVIEW:
        _add(errors, "held_at", gettext_noop("Dit tijdstip ligt te ver in het verleden."))
    if not stance:
        _add(
            errors,
            "stance",
            gettext_noop("Leg de houding van de persoon vast: werkt mee, werkt gedeeltelijk mee of werkt niet mee."),
        )
    elif stance not in Stance.values:
        _add(errors, "stance", choose_one(Stance.values))
    _max(errors, "participants", participants, MAX_PARTICIPANTS)
    if not summary.strip():
        _add(errors, "summary", REQUIRED)
    else:
        _max(errors, "summary", summary, MAX_TEXT)
    _max(errors, "place", place, MAX_PLACE)
    errors.update(interpreter_errors(interpreter_language=interpreter_language, interpreter_name=interpreter_name))
    return errors


# --- the departure plan ------------------------------------------------------------------------


def plan_changes(previous: PlanText | None, current: PlanText) -> tuple[str, ...]:
    """Which parts of the plan a version changed (all of them for the first version)."""
    if previous is None:
        return ("strategy", "next_steps") if current.next_steps.strip() else ("strategy",)
    changed = []
    if previous.strategy.strip() != current.strategy.strip():
        changed.append("strategy")
    if previous.next_steps.strip() != current.next_steps.strip():
        changed.append("next_steps")
    return tuple(changed)


def plan_version_errors(*, plan: PlanText, change_note: str, previous: PlanText | None) -> Errors:
    """Problems with a new version of the departure plan; after the first, say what changed and why."""
    errors: Errors = {}
    if not plan.strategy.strip():
        _add(errors, "strategy", REQUIRED)
    else:
        _max(errors, "strategy", plan.strategy, MAX_TEXT)
    _max(errors, "next_steps", plan.next_steps, MAX_TEXT)
    _max(errors, "change_note", change_note, MAX_CHANGE_NOTE)
    if previous is not None and not errors:
        if not plan_changes(previous, plan):
            _add(
                errors,
                "strategy",
                gettext_noop("Het vertrekplan is niet gewijzigd: pas de strategie of de vervolgstappen aan."),
            )
        elif not change_note.strip():
            _add(errors, "change_note", gettext_noop("Geef kort aan wat er is gewijzigd en waarom."))
    return errors


def is_plan_current(latest_plan_date: dt.date | None, on: dt.date, max_age_days: int) -> bool:
    """Whether a departure plan last changed on `latest_plan_date` is up to date on `on`.

    Up to date: it exists, is not dated after `on`, and is at most `max_age_days` old (a VBL placement,
    art. 56 Vw, needs an up-to-date plan; the age is a rule in the rule table, as policy may change).
    """
    if max_age_days < 0:
        raise ValueError("max_age_days must not be negative")
    if latest_plan_date is None or latest_plan_date > on:
        return False
    return (on - latest_plan_date).days <= max_age_days
