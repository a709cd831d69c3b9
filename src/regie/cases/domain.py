"""Pure rules of the dossier: the phase machine, outcome categories, the departure term."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from regie.core.domain import Refusal

from .choices import Outcome, OutcomeCategory, Phase

ALLOWED: dict[str, frozenset[str]] = {
    Phase.INTAKE: frozenset({Phase.IN_PROGRESS, Phase.ON_HOLD, Phase.CLOSED}),
    Phase.IN_PROGRESS: frozenset({Phase.DEPARTURE_PREPARED, Phase.ON_HOLD, Phase.CLOSED}),
    Phase.DEPARTURE_PREPARED: frozenset({Phase.IN_PROGRESS, Phase.ON_HOLD, Phase.CLOSED}),
    # Leaving "on hold" returns to the phase the case was in before (checked below).
    Phase.ON_HOLD: frozenset({Phase.INTAKE, Phase.IN_PROGRESS, Phase.DEPARTURE_PREPARED, Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
}

OUTCOME_CATEGORY: dict[str, str] = {
    Outcome.INDEPENDENT_VERIFIED: OutcomeCategory.DEMONSTRABLE,
    Outcome.FORCED: OutcomeCategory.DEMONSTRABLE,
    Outcome.DUBLIN: OutcomeCategory.DEMONSTRABLE,
    Outcome.UNSUPERVISED: OutcomeCategory.NOT_DEMONSTRABLE,
    Outcome.PERMIT_GRANTED: OutcomeCategory.OTHER,
    Outcome.NEW_PROCEDURE: OutcomeCategory.OTHER,
    Outcome.NO_FAULT_PERMIT: OutcomeCategory.OTHER,
    Outcome.DECEASED: OutcomeCategory.OTHER,
    Outcome.TRANSFERRED: OutcomeCategory.OTHER,
}

STANDARD_DEPARTURE_TERM_DAYS = 28


def transition_refusal(
    *,
    current: str,
    target: str,
    phase_before_hold: str | None = None,
    hold_reason: str | None = None,
    outcome: str | None = None,
    has_case_manager: bool = True,
) -> Refusal | None:
    """None if `current -> target` is allowed with these facts, else the reason it is not."""
    if target not in ALLOWED:
        return Refusal("phase", f"Onbekende fase '{target}'.")
    if current == target:
        return Refusal("phase", f"Het dossier is al in fase '{Phase(current).label}'.")
    if target not in ALLOWED[current]:
        if current == Phase.CLOSED:
            return Refusal(
                "phase",
                gettext_noop("Een afgesloten dossier kan niet meer van fase veranderen; open een nieuw dossier."),
            )
        return Refusal(
            "phase",
            f"Van fase '{Phase(current).label}' naar '{Phase(target).label}' is niet toegestaan.",
        )
    if current == Phase.ON_HOLD and target != Phase.CLOSED and phase_before_hold and target != phase_before_hold:
        return Refusal(
            "phase",
            f"Een aangehouden dossier gaat terug naar de fase van daarvoor ('{Phase(phase_before_hold).label}').",
        )
    if target == Phase.ON_HOLD and not hold_reason:
        return Refusal("hold_reason", gettext_noop("Geef de reden waarom het dossier wordt aangehouden."))
    if target == Phase.CLOSED:
        if not outcome:
            return Refusal("outcome", gettext_noop("Afsluiten kan alleen met een uitkomst."))
        if outcome not in OUTCOME_CATEGORY:
            return Refusal("outcome", f"Onbekende uitkomst '{outcome}'.")
    if target in (Phase.IN_PROGRESS, Phase.DEPARTURE_PREPARED) and not has_case_manager:
        return Refusal("assigned_to", gettext_noop("Wijs eerst een regievoerder toe."))
    return None


def outcome_category(outcome: str) -> str:
    return OUTCOME_CATEGORY[outcome]


def term_reason_required(term_days: int, standard: int = STANDARD_DEPARTURE_TERM_DAYS) -> bool:
    """A departure term shorter than the standard needs a recorded reason (art. 62 lid 2 Vw)."""
    return term_days < standard
