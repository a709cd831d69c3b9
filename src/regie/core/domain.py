"""Pure shapes that every app's domain shares (no Django ORM, no web)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

# Field name -> messages for a person: what ValidationFailed carries and forms and the API show.
ErrorMap = dict[str, list[str]]


class JsonText(str):
    """A value already encoded as JSON: the bulk writers store it in a JSON column as it is
    (`core.bulk.insert_values`) instead of having the column encode the value again (the audit trail's
    old and new values, encoded once for the hash and the column: `audit.services.AuditValues`)."""

    __slots__ = ()


@dataclass(frozen=True)
class Refusal:
    """Why something is refused: the field at fault and a message for a person (never personal data
    that was typed in)."""

    field: str
    message: str


# -- messages for people, once (Dutch first; they name no personal data) ------------------------------
# Services and domain functions raise messages as plain Dutch text; where a message is shown (a form,
# an API problem) `regie.core.i18n.translate` renders it in the reader's language. Every text is marked
# with gettext_noop, so `python3 dev.py messages` finds it. A message built from parameters comes from a
# registered template, which `translate` recognises with its parameters.
NOT_ALLOWED = gettext_noop("U mag dit dossier niet wijzigen.")
REQUIRED = gettext_noop("Dit veld is verplicht.")
CLOSED_CASE = gettext_noop("Een afgesloten dossier kan niet meer worden gewijzigd.")

MESSAGE_TEMPLATES: list[str] = []


def message_template(text: str) -> str:
    """Register a message text with %(name)s parameters (mark `text` with gettext_noop at the call)."""
    MESSAGE_TEMPLATES.append(text)
    return text


MAX_CHARS = message_template(gettext_noop("Maximaal %(n)s tekens."))
CHOOSE_ONE = message_template(gettext_noop("Kies een van: %(choices)s."))
YEAR_RANGE = message_template(gettext_noop("Geef een tijdstip tussen %(first)s en %(last)s."))
STALE = message_template(
    gettext_noop(
        "Iemand anders heeft %(what)s intussen gewijzigd. Laad de pagina opnieuw en voer uw wijziging opnieuw in."
    )
)


def max_chars(n: int) -> str:
    return MAX_CHARS % {"n": n}


def choose_one(values: Iterable[str]) -> str:
    """ "Kies een van: a, b, c." for the codes a field accepts."""
    return CHOOSE_ONE % {"choices": ", ".join(values)}


def stale_message(what: str) -> str:
    """The refusal of an edit whose version is stale: `what` names the thing ("dit vertrek"; mark it
    with gettext_noop so it is translated too)."""
    return STALE % {"what": what}


def pick(obj: object, *names: str) -> dict[str, Any]:
    """The named attributes of `obj`, as keyword arguments for building the next object from it."""
    return {name: getattr(obj, name) for name in names}
