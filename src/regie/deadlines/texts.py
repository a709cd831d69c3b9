"""Deadline labels and explanations in the reader's language.

The engine (`deadlines.domain`) stores each deadline with its Dutch text and with `params`: a template
key and plain values. Here they are rendered through the translation catalogue, so an English reader
reads "Departure term ends 18-12-2026: return decision 20-11-2026 + 4 weeks, art. 62 Vw". A row
without params (computed before they were kept), or a rule whose label an administrator wrote and that
the catalogue does not know, keeps its stored text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop, ngettext

from .domain import nl_date

# The labels of the rules Regie ships (deadlines.domain.DEFAULT_RULES) and of the computed signals,
# and the events a term counts from: in the catalogue so they can be shown in the reader's language.
LABELS = (
    gettext_noop("Vertrektermijn eindigt"),
    gettext_noop("Einde opvang"),
    gettext_noop("Beoordeling verblijf VBL"),
    gettext_noop("Rechter informeren over bewaring"),
    gettext_noop("Maximale duur bewaring"),
    gettext_noop("Maximale duur bewaring (verlengd)"),
    gettext_noop("Maximale duur bewaring gezin/minderjarige"),
    gettext_noop("Besluiten over intrekken LP-aanvraag"),
    gettext_noop("Dublinoverdracht uiterlijk"),
    gettext_noop("Dublinoverdracht uiterlijk (detentie)"),
    gettext_noop("Dublinoverdracht uiterlijk (onttrokken)"),
    gettext_noop("Medisch uitstel uiterlijk"),
    gettext_noop("Medisch uitstel eindigt"),
    gettext_noop("Controle vóór vertrek"),
    gettext_noop("Geen actie tijdens bewaring"),
    gettext_noop("Gepland vertrek kan niet doorgaan"),
    gettext_noop("Bijzondere omstandigheden niet nagevraagd"),
)
EVENTS = (
    gettext_noop("terugkeerbesluit"),
    gettext_noop("afwijzing"),
    gettext_noop("start VBL"),
    gettext_noop("start bewaring"),
    gettext_noop("laatste vastgelegde actie"),
    gettext_noop("LP-aanvraag verzonden"),
    gettext_noop("claim aanvaard"),
)


def _date(iso: str) -> str:
    return nl_date(dt.date.fromisoformat(iso))


def _amount(n: int, unit: str) -> str:
    texts = {
        "days": ngettext("%(n)s dag", "%(n)s dagen", n),
        "weeks": ngettext("%(n)s week", "%(n)s weken", n),
        "months": ngettext("%(n)s maand", "%(n)s maanden", n),
        "hours": ngettext("%(n)s uur", "%(n)s uur", n),
    }
    return texts.get(unit, "%(n)s " + unit) % {"n": n}


def label(row: Any) -> str:
    """The deadline's label in the active language (the stored one when the catalogue has none)."""
    return gettext(row.label) if row.label else ""


def explanation(row: Any) -> str:
    """The deadline's explanation in the active language, from its params; else the stored text."""
    params: Mapping[str, Any] = getattr(row, "params", None) or {}
    try:
        return _render(params) or row.explanation
    except (KeyError, ValueError, TypeError):
        return str(row.explanation)


def _render(p: Mapping[str, Any]) -> str:
    kind = p.get("text")
    if kind == "term":
        amount = _amount(int(p["amount"]), p["unit"])
        if p.get("shortened"):
            amount = gettext("%(amount)s (verkort)") % {"amount": amount}
        return gettext("%(label)s %(due)s: %(what)s %(start)s + %(amount)s, %(basis)s") % {
            "label": gettext(p["label"]),
            "due": _date(p["due"]),
            "what": gettext(p["what"]),
            "start": _date(p["start"]),
            "amount": amount,
            "basis": p["basis"],
        }
    if kind == "postponement":
        text = gettext("Medisch uitstel eindigt %(due)s: uitstel van %(start)s tot %(end)s") % {
            "due": _date(p["due"]),
            "start": _date(p["start"]),
            "end": _date(p["end"]),
        }
        if p.get("capped"):
            text += gettext(", begrensd op %(amount)s") % {"amount": _amount(int(p["amount"]), p["unit"])}
        return f"{text}, {p['basis']}"
    if kind == "flight_check":
        return gettext("%(label)s uiterlijk %(moment)s: vertrek %(departs)s − %(n)s uur, %(basis)s") % {
            "label": gettext(p["label"]),
            "moment": p["moment"],
            "departs": p["departs"],
            "n": p["amount"],
            "basis": p["basis"],
        }
    if kind == "suspended":
        return gettext(
            "Vertrek %(departs)s kan niet doorgaan: uitzetting is opgeschort sinds %(since)s. "
            "Pas het vertrek aan of annuleer het."
        ) % {"departs": p["departs"], "since": _date(p["since"])}
    if kind == "unchecked":
        return gettext("Vertrekgesprek %(n)s (%(held)s): niet nagevraagd: %(unchecked)s") % {
            "n": p["n"],
            "held": _date(p["held"]),
            "unchecked": ", ".join(gettext(u) for u in p["unchecked"]),
        }
    return ""
