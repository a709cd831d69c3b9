"""A real worker process (`regie worker --batch`) picks up a queued sweep and changes the database."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.db import connection

from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.models import Case
from regie.cases.services import case_intake
from regie.core import clock
from regie.core.context import Actor
from regie.deadlines.tasks import deadlines_sweep


def worker_env() -> dict[str, str]:
    """Point the child process at the test database this test runs on."""
    env = dict(os.environ)
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        env["REGIE_SQLITE_PATH"] = settings["NAME"]
        env.pop("DATABASE_URL", None)
    else:
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        env["DATABASE_URL"] = f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    return env


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_process_runs_the_sweep(case_manager, make_intake) -> None:
    # The worker runs on the real clock: a return decision of last week, its departure term still running
    # (the default intake's fixed date had the term pass on 1 December 2026, and the sweep rightly dropped it).
    decided = clock.today() - dt.timedelta(days=7)
    cases = [
        case_intake(actor=Actor(user=case_manager), data=make_intake(return_decision_date=decided)).case
        for _ in range(3)
    ]
    # Derived dates gone stale (as after a rule change): the sweep must put them right, once.
    Case.objects.filter(pk__in=[c.pk for c in cases[:2]]).update(next_deadline=None)
    deadlines_sweep.enqueue()
    deadlines_sweep.enqueue()
    result = subprocess.run(
        [sys.executable, "-m", "regie.cli", "worker", "--batch", "--interval", "0.1"],
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    from django_tasks_db.models import DBTaskResult

    outcomes = [(r.status, (getattr(r, "traceback", "") or "")[-1500:]) for r in DBTaskResult.objects.all()]
    failed = [trace for status, trace in outcomes if status != "SUCCESSFUL"]
    assert not failed, "\n\n".join(failed)
    for case in cases:
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.next_deadline == case.departure_term_ends is not None
    swept = AuditEvent.objects.filter(event_type="case.deadlines_recomputed")
    assert swept.count() == 2 and {e.channel for e in swept} == {"job"}
    assert audit_verify() == AuditEvent.objects.count()
