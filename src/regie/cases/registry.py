"""What the process apps add to the dossier, registered in their `AppConfig.ready`.

`cases` owns the dossier; an app that records part of the departure process (interviews, measures,
departures, ...) registers its section here, so `cases` imports none of them. A section is a template
and a function that gives the template its context for a user and a case (from the app's selectors,
which apply its own visibility rules and write its access records).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    StrOrPromise = str | _StrPromise
    import datetime as dt

    from regie.accounts.models import User

    from .models import Case


@dataclass(frozen=True)
class DossierSection:
    app_label: str
    order: int  # place on the dossier page, lowest first
    template: str
    context: Callable[[User, Case], Mapping[str, Any]]
    title: Any = ""  # for the dossier's in-page navigation
    anchor: str = ""  # the id of the section's heading


T = TypeVar("T")

_sections: dict[str, DossierSection] = {}

# -- the dossier's loader: each table read once per dossier page ----------------------------------------
# The sections and summary lines of the process apps ask overlapping questions of the same tables (the
# removability section and summary both need the procedures; the summary and the section both the
# measures). While the dossier page is assembled, `dossier_reads_start(case)` opens a memo on that case
# (and its person): the apps' selectors load through `read_once(case, key, load)`, so each table is read
# once and its rows feed every section that needs them. Outside a dossier page (services, jobs, other
# pages) `read_once` simply loads: a write never sees rows read before it.
_READS = "_dossier_reads"


def dossier_reads_start(case: Any) -> None:
    memo: dict[Any, Any] = {}
    case.__dict__[_READS] = memo
    person = case._state.fields_cache.get("person")  # loaded with the case (select_related)
    if person is not None:
        person.__dict__[_READS] = memo


def dossier_reads_open(instance: Any) -> bool:
    """Whether `instance` (a case or its person) belongs to the dossier page being assembled: then a selector
    may answer a narrow question (`exists`, `first`) from the rows the page reads anyway (`read_once`)."""
    return _READS in instance.__dict__


def read_once(instance: Any, key: Any, load: Callable[[], T]) -> T:
    """`load()`, once per dossier page for `instance` (a case or its person) and `key`; see above."""
    memo = instance.__dict__.get(_READS)
    if memo is None:
        return load()
    full_key = (type(instance).__name__, key)
    if full_key not in memo:
        memo[full_key] = load()
    return cast("T", memo[full_key])


def register_dossier_section(section: DossierSection) -> None:
    """Show `section` on every dossier (again for the same app: replaced)."""
    _sections[section.app_label] = section


def dossier_sections() -> list[DossierSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.app_label))


# -- what a departure means for the other apps -------------------------------------------------------
# A confirmed departure ends what still runs for the case (measures: reporting duty, VBL, detention);
# closing a case without a departure is refused while something runs. The apps that hold such things
# register a reader (what runs, in words) and an effect (end it, through their own services).
RunningReader = Callable[["Case"], list[str]]
DepartureEffect = Callable[[Any, "Case", "dt.date"], list[str]]
_running: dict[str, RunningReader] = {}
_effects: dict[str, DepartureEffect] = {}


def register_running_measures(app_label: str, reader: RunningReader) -> None:
    _running[app_label] = reader


def running_measure_readers() -> list[RunningReader]:
    return list(_running.values())


def register_departure_effect(app_label: str, effect: DepartureEffect) -> None:
    """`effect(actor, case, departed_on)` runs inside the confirmation's transaction; it returns what it
    ended (codes, for the audit record) and raises ValidationFailed when it cannot end it on that date."""
    _effects[app_label] = effect


def departure_effects() -> list[DepartureEffect]:
    return list(_effects.values())


# -- caseload filters on what a process app holds -----------------------------------------------------
@dataclass(frozen=True)
class CaseFilter:
    """A caseload filter on facts another app holds (a measure in force, removable now?): a GET
    parameter `key` with code `choices`, and `condition(value, on)`, a filter on `Case` for the chosen
    code on a day (built from the app's own models, e.g. an `Exists` on them)."""

    key: str
    label: StrOrPromise
    choices: tuple[tuple[str, StrOrPromise], ...]
    condition: Callable[[str, dt.date], Any]


_case_filters: dict[str, CaseFilter] = {}


def register_case_filter(case_filter: CaseFilter) -> None:
    _case_filters[case_filter.key] = case_filter


def case_filters() -> list[CaseFilter]:
    return list(_case_filters.values())


# -- the dossier at a glance ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SummaryItem:
    """One line of the summary at the top of the dossier: a label, its value in words, and the id of
    the section on the page that tells more. Never special-category data."""

    order: int
    label: StrOrPromise
    value: str
    anchor: str = ""


_summaries: dict[str, Callable[[User, Case], list[SummaryItem]]] = {}


def register_summary(app_label: str, reader: Callable[[User, Case], list[SummaryItem]]) -> None:
    _summaries[app_label] = reader


def summary_for(user: User, case: Case) -> list[SummaryItem]:
    found = [item for reader in _summaries.values() for item in reader(user, case)]
    return sorted(found, key=lambda item: item.order)


# -- the team page: figures per case manager and what waits for the team lead's decision ------------------
@dataclass(frozen=True)
class TeamFigure:
    """A column of the team page: `count(cases, on)` gives, for the open cases in `cases`, a number
    per case manager id (e.g. people in detention, departures this week)."""

    key: str
    label: StrOrPromise
    count: Callable[[Any, dt.date], Mapping[Any, int]]


@dataclass(frozen=True)
class Approval:
    """Something that waits for a team lead's decision, shown in the team page's inbox."""

    case: Case
    what: str
    detail: str
    requested_by: str
    requested_on: dt.date
    url: str  # the page where it is approved or refused (with a reason)


_team_figures: dict[str, TeamFigure] = {}
_approvals: dict[str, Callable[[User], list[Approval]]] = {}


def register_team_figure(figure: TeamFigure) -> None:
    _team_figures[figure.key] = figure


def team_figures() -> list[TeamFigure]:
    return list(_team_figures.values())


def register_approvals(app_label: str, reader: Callable[[User], list[Approval]]) -> None:
    """`reader(team_lead)`: what waits for that team lead's decision in the app (from its selectors)."""
    _approvals[app_label] = reader


def approvals_for(user: User) -> list[Approval]:
    found = [item for reader in _approvals.values() for item in reader(user)]
    return sorted(found, key=lambda a: (a.requested_on, a.case.number))


class ProcessAppConfig(AppConfig):
    """The config of a process app: `ready` registers what the app contributes, found by the house's names.

    - `<app>.facts.<label>_facts`, when the app has a `facts` module: its facts for the deadline engine,
      and `<app>.facts.<label>_tasks` (if any): what its deadlines ask and on which page (the worklist);
    - `<app>.selectors.<label>_dossier_section`, shown with `<label>/_dossier_section.html` at
      `dossier_order` on the dossier page. The template reads the selector's answer as `section`, or,
      with `section_is_context`, as its whole context;
    - `<app>.selectors.<label>_summary(user, case)` (if any): its lines of the summary at the top of the
      dossier (`SummaryItem`);
    - `<app>.models.HELD_DATA` (if any): what its models hold about a person (`HeldData`), for retention
      and the subject access export.

    An app that contributes more (measures: what runs, what a departure ends) adds it in its own
    `ready` after `super().ready()`.
    """

    dossier_order: int
    dossier_title: Any = ""  # the section's heading, for the dossier's in-page navigation
    dossier_anchor: str = ""  # the id of that heading
    section_is_context = False

    def ready(self) -> None:
        from regie.deadlines.registry import register_facts, register_tasks

        label = self.label
        if importlib.util.find_spec(f"{self.name}.facts") is not None:
            facts = importlib.import_module(f"{self.name}.facts")
            register_facts(label, getattr(facts, f"{label}_facts"))
            register_tasks(getattr(facts, f"{label}_tasks", {}))
        section = getattr(importlib.import_module(f"{self.name}.selectors"), f"{label}_dossier_section")

        def context(user: User, case: Case) -> Mapping[str, Any]:
            value = section(user=user, case=case)
            return value if self.section_is_context else {"section": value}

        register_dossier_section(
            DossierSection(
                app_label=label,
                order=self.dossier_order,
                template=f"{label}/_dossier_section.html",
                context=context,
                title=self.dossier_title,
                anchor=self.dossier_anchor,
            )
        )
        summary = getattr(importlib.import_module(f"{self.name}.selectors"), f"{label}_summary", None)
        if summary is not None:
            register_summary(label, summary)
        register_held_data(*getattr(importlib.import_module(f"{self.name}.models"), "HELD_DATA", ()))


# -- what each app holds about a person: retention and the subject access export ---------------------------
@dataclass(frozen=True)
class HeldData:
    """What an app holds about a person in one model, by kind of data (privacy's retention rules).

    `person_path` leads from a row to the person (`case__person`, `person`). When a kind is due, the
    fields listed under it are cleared ('' or NULL; a field in `unique_fields` gets a placeholder unique to
    its row); `delete_when` names the kind whose due date deletes the rows (special-category rows, such as
    a medical postponement). Every registered row is part of the person's subject access export.
    """

    model: Any  # a Django model class
    person_path: str
    identity: tuple[str, ...] = ()
    special_category: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()
    unique_fields: tuple[str, ...] = ()
    delete_when: str = ""
    # Some rows of a model may be due earlier than the rest: kind -> a filter of the rows that kind's due
    # date deletes (a medical advice among the documents goes with the special category).
    delete_rows_when: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    # Called with the rows about to be deleted, inside the retention's transaction: what the rows point to
    # outside the database (a stored file) goes too (documents remove their files after the commit).
    on_delete: Callable[[Any], None] | None = None

    @property
    def key(self) -> str:
        return str(self.model._meta.label_lower)

    def fields_of(self, kind: str) -> tuple[str, ...]:
        return tuple(getattr(self, kind, ()))


_held: dict[str, HeldData] = {}


def register_held_data(*items: HeldData) -> None:
    """Declare what a model holds about a person (again for the same model: replaced)."""
    for item in items:
        _held[item.key] = item


def held_data() -> list[HeldData]:
    return sorted(_held.values(), key=lambda h: h.key)


# -- the dossier's files: uploaded documents, letters, ... in one list ------------------------------------------
@dataclass(frozen=True)
class DossierFile:
    """One file of the dossier as the documents list shows it, whichever app holds it (an uploaded scan, a
    letter made by Regie). `download_url` is the app's own download, which checks visibility again and writes
    the access record. A reader returns only what the user may see: no special-category rows for who may
    not see them, withdrawn rows only for who may see those (flagged `withdrawn`)."""

    app_label: str
    key: str  # the row's id in its app
    kind_label: str
    title: str
    date: dt.date | None
    created_at: dt.datetime
    size: int
    content_type: str
    download_url: str
    created_by: str = ""  # who uploaded or made it (a user's display name)
    special_category: bool = False
    withdrawn: bool = False
    withdraw_url: str = ""  # where a user who may withdraw it does so (empty: no such action)


_file_readers: dict[str, Callable[[User, Case], list[DossierFile]]] = {}


def register_dossier_files(app_label: str, reader: Callable[[User, Case], list[DossierFile]]) -> None:
    """`reader(user, case)`: the app's files of a case that the user may see (from its selectors)."""
    _file_readers[app_label] = reader


def dossier_files(user: User, case: Case) -> list[DossierFile]:
    """Every registered app's files of the case, newest first (by the document's date, then upload)."""
    found = [f for reader in _file_readers.values() for f in reader(user, case)]
    return sorted(found, key=lambda f: (f.date or f.created_at.date(), f.created_at), reverse=True)
