"""The departures' facts for the deadline engine (registered in `DeparturesConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from regie.cases.models import Case
from regie.deadlines.domain import DublinFact, FlightFact
from regie.deadlines.registry import Task
from regie.removability.selectors import suspended_since

from .choices import CHECKLIST_ITEMS, DepartureKind, DepartureStatus


def departures_facts(case: Case) -> dict[str, Any]:
    flights, dublin = [], []
    for dep in case.departures.all():
        removal = dep.kind in (DepartureKind.FORCED, DepartureKind.DUBLIN)
        if dep.status == DepartureStatus.PLANNED and dep.departs_at and removal:
            departs_at = timezone.localtime(dep.departs_at)
            complete = all(getattr(dep, f"check_{item}_on") for item in CHECKLIST_ITEMS)
            flights.append(
                FlightFact(
                    id=str(dep.pk),
                    departs_at=departs_at,
                    checklist_complete=complete or dep.kind != DepartureKind.FORCED,
                    forced=dep.kind == DepartureKind.FORCED,
                    suspended_since=suspended_since(case, departs_at.date()),
                )
            )
        if dep.kind == DepartureKind.DUBLIN and dep.dublin_accepted_on and dep.status == DepartureStatus.PLANNED:
            dublin.append(
                DublinFact(
                    id=str(dep.pk),
                    accepted_on=dep.dublin_accepted_on,
                    imprisoned=dep.dublin_imprisoned,
                    absconded=dep.dublin_absconded,
                )
            )
    return {"flights": tuple(flights), "dublin": tuple(dublin)}


departures_tasks = {
    "dublin_transfer": Task(gettext_noop("De overdracht plannen"), "departures:page", "h-plannen", legal_maximum=True),
    "pre_departure_checks": Task(
        gettext_noop("De controle vóór vertrek afronden"), "departures:page", "h-controle", legal_maximum=True
    ),
    "departure_suspended": Task(gettext_noop("Het vertrek aanpassen of annuleren"), "departures:page", "h-wijzigen"),
}
