"""What the process apps contribute to the deadline engine, registered in their `AppConfig.ready`.

`deadlines` owns the concept (the facts of a case, the rules, the engine); the apps that hold the facts
(measures, travel documents, departures, ...) tell it how to read them, so this app imports none of them.
A reader takes a case and returns some fields of `CaseFacts` (plain values, no model instances).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

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


# -- where the work behind a worklist row is done -----------------------------------------------------
@dataclass(frozen=True)
class Task:
    """What a deadline or signal asks, where it is done, and what the worklist may do with its row.

    `url_name` names a view that takes `case_id` (the page with the form), `anchor` the form's heading
    on it. `done_outside`: the action is not recorded in Regie (a phone call, a check with the
    municipality), so the row may be marked done with a reason; otherwise only recording the action
    removes it. `legal_maximum`: a row that may never be snoozed past its own date.
    """

    action: str
    url_name: str = "cases:dossier"
    anchor: str = "h-termijn"
    done_outside: bool = False
    legal_maximum: bool = False


_tasks: dict[str, Task] = {}
_UNKNOWN_TASK = Task(action=gettext_noop("Dossier bekijken"))


def register_tasks(tasks: Mapping[str, Task]) -> None:
    """Tell the worklist what the codes in `tasks` ask and where (again for a code: replaced)."""
    _tasks.update(tasks)


def task_for(code: str) -> Task:
    return _tasks.get(code, _UNKNOWN_TASK)


# -- the agenda: appointments the process apps hold ---------------------------------------------------
@dataclass(frozen=True)
class AgendaItem:
    """An appointment of a case: when, what, where, and the page that holds it."""

    at: Any  # an aware datetime
    what: str
    where: str
    case: Any  # the Case
    url: str


AgendaReader = Callable[[Any, Any, Any], list[AgendaItem]]  # (open cases queryset, start, end)
_agenda: dict[str, AgendaReader] = {}


def register_agenda(app_label: str, reader: AgendaReader) -> None:
    """`reader(cases, start, end)`: the app's appointments of those cases from `start` up to `end`."""
    _agenda[app_label] = reader


def agenda_readers() -> list[AgendaReader]:
    return list(_agenda.values())
