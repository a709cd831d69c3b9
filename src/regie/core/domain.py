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
