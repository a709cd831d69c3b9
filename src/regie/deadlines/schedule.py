"""The daily sweep: queued once a day by the worker process itself, so no cron is needed."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from regie.core import clock

logger = logging.getLogger(__name__)

SWEEP_TASK_PATH = "regie.deadlines.tasks.deadlines_sweep"


def sweep_queued_today(on: dt.date) -> bool:
    from django_tasks_db.models import DBTaskResult

    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    return DBTaskResult.objects.filter(task_path=SWEEP_TASK_PATH, enqueued_at__gte=start).exists()


def enqueue_daily_sweep_if_due(*, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue today's sweep when the time of day has passed and none was queued today. Idempotent."""
    from .tasks import deadlines_sweep

    now = timezone.localtime(now or clock.now())
    if now.time() < at or sweep_queued_today(now.date()):
        return False
    deadlines_sweep.enqueue()
    logger.info("daily deadline sweep queued")
    return True


# The retention job (privacy): named by its path, so deadlines does not import the app that holds it.
RETENTION_TASK_PATH = "regie.privacy.tasks.retention_daily"


def enqueue_daily_retention_if_due(*, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue today's retention run when the time of day has passed and none was queued today. Idempotent."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.localtime(now or clock.now())
    start = timezone.make_aware(dt.datetime.combine(now.date(), dt.time.min))
    if now.time() < at or DBTaskResult.objects.filter(task_path=RETENTION_TASK_PATH, enqueued_at__gte=start).exists():
        return False
    import_string(RETENTION_TASK_PATH).enqueue()
    logger.info("daily retention run queued")
    return True


def start_scheduler(*, at: dt.time, retention_at: dt.time | None = None, poll_seconds: float = 60.0) -> threading.Event:
    """A daemon thread that checks once a minute; returns an event that stops it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                enqueue_daily_sweep_if_due(at=at)
            except Exception:  # a scheduler must survive a database hiccup
                logger.exception("daily sweep scheduling failed")
            finally:
                close_old_connections()
            if retention_at is not None:
                try:
                    enqueue_daily_retention_if_due(at=retention_at)
                except Exception:
                    logger.exception("daily retention scheduling failed")
                finally:
                    close_old_connections()
            stop.wait(poll_seconds)

    threading.Thread(target=loop, name="regie-scheduler", daemon=True).start()
    return stop
