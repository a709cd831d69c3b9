"""The worker queues the retention run once a day, next to (not instead of) the deadline sweep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from regie.core import clock
from regie.deadlines.schedule import RETENTION_TASK_PATH, enqueue_daily_retention_if_due, enqueue_daily_sweep_if_due


@pytest.mark.django_db
def test_the_retention_run_is_queued_once_a_day_beside_the_sweep() -> None:
    from django_tasks_db.models import DBTaskResult

    at = dt.time(3, 0)
    early = timezone.make_aware(dt.datetime(2026, 11, 28, 2, 30))
    later = timezone.make_aware(dt.datetime(2026, 11, 28, 3, 30))
    with clock.frozen(later):
        assert enqueue_daily_sweep_if_due(at=dt.time(2, 0), now=later) is True
        assert enqueue_daily_retention_if_due(at=at, now=early) is False
        assert enqueue_daily_retention_if_due(at=at, now=later) is True
        assert enqueue_daily_retention_if_due(at=at, now=later) is False
    assert DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH).count() == 1
    assert DBTaskResult.objects.count() == 2
