"""Process apps register what they add to the dossier and the deadline engine; cases imports none."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie.cases import registry
from regie.deadlines import registry as deadline_registry
from regie.deadlines.selectors import case_facts

PROCESS_APPS = [
    "interviews",
    "removability",
    "travel_documents",
    "documents",
    "support",
    "measures",
    "departures",
    "letters",
]


def test_every_process_app_adds_its_dossier_section_in_the_order_of_the_process() -> None:
    sections = registry.dossier_sections()
    assert [s.app_label for s in sections] == PROCESS_APPS
    assert all(s.template == f"{s.app_label}/_dossier_section.html" for s in sections)


def test_the_engine_reads_the_facts_of_every_app_that_holds_some() -> None:
    assert set(deadline_registry._readers) == {
        "interviews",
        "removability",
        "travel_documents",
        "measures",
        "departures",
    }
    assert registry.running_measure_readers() and registry.departure_effects()


@pytest.mark.django_db
def test_case_facts_come_from_the_registered_readers(case_manager: Any, make_intake: Any, monkeypatch: Any) -> None:
    from regie.cases.services import case_intake
    from regie.core.context import Actor

    case = case_intake(actor=Actor(user=case_manager), data=make_intake()).case
    facts = case_facts(case)
    assert facts.detentions == () and facts.lp_requests == () and facts.first_interviews == ()

    readers = dict(deadline_registry._readers)
    monkeypatch.setattr(deadline_registry, "_readers", {**readers, "rogue": lambda c: {"closed": True}})
    with pytest.raises(ImproperlyConfigured, match="rogue supplies 'closed'"):
        case_facts(case)
    monkeypatch.setattr(deadline_registry, "_readers", {**readers, "twice": lambda c: {"detentions": ()}})
    with pytest.raises(ImproperlyConfigured, match="two apps supply the fact 'detentions'"):
        case_facts(case)
