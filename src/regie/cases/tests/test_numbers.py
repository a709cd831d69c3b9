"""Dossier numbers a person can read out: `RG-<year>-<n>`, counted per year without collisions, given
in order by the single intake, the batch import and the demo alike; the old form still finds the case;
a part of a V-number (at least four digits) finds its matches."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps as django_apps

from regie.accounts.models import User
from regie.cases.batch import case_intake_batch
from regie.cases.models import Case, CaseNumberSequence
from regie.cases.numbers import take_numbers
from regie.cases.selectors import person_search
from regie.core import clock
from regie.core.context import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00


def test_numbers_count_per_year_in_order(make_case: Callable[..., Case]) -> None:
    first, second = make_case(), make_case()
    assert (first.number, second.number) == ("RG-2026-000001", "RG-2026-000002")
    with clock.frozen(dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC)):
        assert make_case().number == "RG-2027-000001"
    assert take_numbers(2026, 3) == ["RG-2026-000003", "RG-2026-000004", "RG-2026-000005"]
    assert CaseNumberSequence.objects.get(year=2026).last == 5


def test_a_batch_takes_a_block_and_its_audit_records_carry_the_numbers(
    case_manager: User, make_intake: Callable[..., Any]
) -> None:
    from regie.audit.models import AuditEvent

    make_intake_items = [make_intake() for _ in range(3)]
    case_intake_batch(actor=Actor(user=case_manager), items=make_intake_items)
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == ["RG-2026-000001", "RG-2026-000002", "RG-2026-000003"]
    recorded = sorted(e.new_values["number"] for e in AuditEvent.objects.filter(event_type="case.opened"))
    assert recorded == numbers


def test_search_finds_a_case_by_its_number_in_either_form_and_by_part_of_a_v_number(
    make_case: Callable[..., Case], case_manager: User
) -> None:
    case = make_case()
    Case.objects.filter(pk=case.pk).update(legacy_number="RG-0A1B2C3D4E")
    assert [h.case for h in person_search(user=case_manager, query=case.number.lower())] == [case]
    assert [h.case for h in person_search(user=case_manager, query="rg-0a1b2c3d4e")] == [case]
    part = case.person.v_number[3:8]
    assert case in [h.case for h in person_search(user=case_manager, query=part)]
    assert person_search(user=case_manager, query=part[:3]) == []  # too short to say anything


def test_the_migration_renumbers_existing_cases_and_keeps_the_old_number(make_case: Callable[..., Case]) -> None:
    old = [make_case(), make_case()]
    Case.objects.filter(pk=old[0].pk).update(number="RG-AAAAAAAAAA")
    Case.objects.filter(pk=old[1].pk).update(number="RG-BBBBBBBBBB")
    CaseNumberSequence.objects.all().delete()
    migration = importlib.import_module("regie.cases.migrations.0004_readable_numbers")
    migration.renumber(django_apps, None)
    renumbered = {c.legacy_number: c.number for c in Case.objects.all()}
    assert renumbered == {"RG-AAAAAAAAAA": "RG-2026-000001", "RG-BBBBBBBBBB": "RG-2026-000002"}
    assert CaseNumberSequence.objects.get(year=2026).last == 2
