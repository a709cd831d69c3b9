"""Two writers on the same case at once: each refreshes its deadlines, and neither fails nor leaves the
case with a missing or doubled row (the load benchmark met a deadlock and a duplicate `case_deadline_once`
on PostgreSQL when a note and an interview were written to one case together)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.services import case_note_add
from regie.core.context import Actor
from regie.deadlines.domain import compute_deadlines
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import case_facts, rules_in_force

WRITERS, EACH = 4, 8


@pytest.mark.django_db(transaction=True)
def test_writers_on_one_case_refresh_its_deadlines_one_at_a_time(case_manager: User, make_case: Callable) -> None:
    case = make_case()
    expected = sorted((d.code, d.due) for d in compute_deadlines(case_facts(case), rules_in_force()))
    assert expected
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                # A fresh copy per request, as each web request loads the case itself.
                case_note_add(actor=Actor(user=case_manager), case=Case.objects.get(pk=case.pk), text=f"{n}/{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    stored = sorted(CaseDeadline.objects.filter(case=case).values_list("code", "due"))
    assert stored == expected
