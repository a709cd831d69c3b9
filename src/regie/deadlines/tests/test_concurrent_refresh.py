"""Two writers on the same case at once: each refreshes its deadlines, and neither fails nor leaves the
case with a missing or doubled row (the load benchmark met a deadlock and a duplicate `case_deadline_once`
on PostgreSQL when a note and an interview were written to one case together)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.services import case_note_add
from regie.core.context import Actor
from regie.deadlines.domain import compute_deadlines
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import case_facts, rules_in_force
from regie.testing.concurrency import at_once

WRITERS, EACH = 4, 8


@pytest.mark.django_db(transaction=True)
def test_writers_on_one_case_refresh_its_deadlines_one_at_a_time(case_manager: User, make_case: Callable) -> None:
    case = make_case()
    expected = sorted((d.code, d.due) for d in compute_deadlines(case_facts(case), rules_in_force()))
    assert expected

    def write(n: int) -> None:
        for i in range(EACH):
            # A fresh copy per request, as each web request loads the case itself.
            case_note_add(actor=Actor(user=case_manager), case=Case.objects.get(pk=case.pk), text=f"{n}/{i}")

    failures = at_once(write, WRITERS)
    assert not failures, failures
    stored = sorted(CaseDeadline.objects.filter(case=case).values_list("code", "due"))
    assert stored == expected
