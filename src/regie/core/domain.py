"""Pure shapes that every app's domain shares (no Django ORM, no web)."""

from __future__ import annotations

from dataclasses import dataclass

# Field name -> messages for a person: what ValidationFailed carries and forms and the API show.
ErrorMap = dict[str, list[str]]


@dataclass(frozen=True)
class Refusal:
    """Why something is refused: the field at fault and a message for a person (never personal data
    that was typed in)."""

    field: str
    message: str


# -- messages for people, once (Dutch first; they name no personal data) ------------------------------
NOT_ALLOWED = "U mag dit dossier niet wijzigen."
REQUIRED = "Dit veld is verplicht."
CLOSED_CASE = "Een afgesloten dossier kan niet meer worden gewijzigd."


def stale_message(what: str) -> str:
    """The refusal of an edit whose version is stale: `what` names the thing, e.g. "dit vertrek"."""
    return f"Iemand anders heeft {what} intussen gewijzigd. Laad de pagina opnieuw en voer uw wijziging opnieuw in."
