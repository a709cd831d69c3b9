"""What the process apps contribute to the deadline engine, registered in their `AppConfig.ready`.

`deadlines` owns the concept (the facts of a case, the rules, the engine); the apps that hold the facts
(measures, travel documents, departures, ...) tell it how to read them, so this app imports none of them.
A reader takes a case and returns some fields of `CaseFacts` (plain values, no model instances).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

from .domain import CaseFacts

if TYPE_CHECKING:
    from regie.cases.models import Case

FactsReader = Callable[["Case"], Mapping[str, Any]]

# The fields a process app may supply: everything but what the case row itself holds.
_OWN_FIELDS = frozenset({"closed", "target_group", "return_decision_date", "departure_term_days"})
_FACT_FIELDS = frozenset(f.name for f in fields(CaseFacts)) - _OWN_FIELDS
_readers: dict[str, FactsReader] = {}


def register_facts(app_label: str, reader: FactsReader) -> None:
    """Let the engine read `app_label`'s facts of a case with `reader` (again for the same app: replaced)."""
    _readers[app_label] = reader


def registered_facts(case: Case) -> dict[str, Any]:
    """The fields of `CaseFacts` that the registered apps read for `case`."""
    values: dict[str, Any] = {}
    for label, reader in _readers.items():
        for name, value in reader(case).items():
            if name not in _FACT_FIELDS:
                raise ImproperlyConfigured(f"{label} supplies '{name}', which is not a fact a process app holds")
            if name in values:
                raise ImproperlyConfigured(f"two apps supply the fact '{name}'")
            values[name] = value
    return values
