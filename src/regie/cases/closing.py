"""Closing a case: the one primitive, for the services that own the conditions of each outcome.

A case closes with an outcome, and each outcome has conditions: a departure (forced, independent and
verified, Dublin) closes the case when `departures.services.departure_confirm` confirms it (checklist,
handover, removability, the flight's date); every other outcome (absconded, a new procedure, a permit
after all, the no-fault permit with its three conditions, deceased, transferred) goes through
`departures.services.case_close_without_departure` (nothing may still run; a planned departure is
cancelled). The generic phase transition refuses to close and names those two ways, and an import-linter
contract (pyproject.toml) lets no other module import this one: whatever the way in (web form, API,
import, admin, job), a case closes only through the guard of its outcome.
"""

from __future__ import annotations

from regie.core.context import Actor

from .choices import Phase
from .models import Case
from .services import apply_phase_change


def close_case(*, actor: Actor, case: Case, outcome: str) -> Case:
    """Close `case` (locked by the caller, inside its transaction) with `outcome`; the caller has checked
    the outcome's conditions. Writes the closing's audit record; the deadlines of a closed case go."""
    return apply_phase_change(actor=actor, case=case, phase=Phase.CLOSED, outcome=outcome)
