"""The daily jobs (the deadline sweep; the signed audit checkpoint; the coming months' partitions; the retention run): queued once a day by the worker
process itself, so no cron is needed."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from regie.core import clock

logger = logging.getLogger(__name__)

SWEEP_TASK_PATH = "regie.deadlines.tasks.deadlines_sweep"
CHECKPOINT_TASK_PATH = "regie.audit.tasks.audit_checkpoint_sign"
PARTITIONS_TASK_PATH = "regie.audit.tasks.audit_partitions_ensure"


def queued_today(task_path: str, on: dt.date) -> bool:
    from django_tasks_db.models import DBTaskResult

    start = timezone.make_aware(dt.datetime.combine(on, dt.time.min))
    return DBTaskResult.objects.filter(task_path=task_path, enqueued_at__gte=start).exists()


def sweep_queued_today(on: dt.date) -> bool:
    return queued_today(SWEEP_TASK_PATH, on)


def enqueue_daily_sweep_if_due(*, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue today's sweep when the time of day has passed and none was queued today. Idempotent."""
    from .tasks import deadlines_sweep

    now = timezone.localtime(now or clock.now())
    if now.time() < at or sweep_queued_today(now.date()):
        return False
    deadlines_sweep.enqueue()
    logger.info("daily deadline sweep queued")
    return True


def enqueue_daily_checkpoint_if_due(*, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue today's signed audit checkpoint (after the sweep, so it covers the sweep's records) when a
    signing key is configured, the time of day has passed and none was queued today. Idempotent."""
    from regie.audit.tasks import audit_checkpoint_sign

    now = timezone.localtime(now or clock.now())
    if not settings.REGIE_AUDIT_SIGNING_KEY or now.time() < at or queued_today(CHECKPOINT_TASK_PATH, now.date()):
        return False
    audit_checkpoint_sign.enqueue()
    logger.info("daily audit checkpoint queued")
    return True


def enqueue_daily_partitions_if_due(*, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue today's run that creates the coming months' partitions of the audit trail and the access log
    (PostgreSQL only: on SQLite there is nothing to partition) when the time of day has passed and none was
    queued today. Idempotent."""
    from django.db import connection

    from regie.audit.tasks import audit_partitions_ensure

    now = timezone.localtime(now or clock.now())
    if connection.vendor != "postgresql" or now.time() < at or queued_today(PARTITIONS_TASK_PATH, now.date()):
        return False
    audit_partitions_ensure.enqueue()
    logger.info("daily partitions run queued")
    return True


# The retention job (privacy): named by its path, so deadlines does not import the app that holds it.
RETENTION_TASK_PATH = "regie.privacy.tasks.retention_daily"


def enqueue_daily_retention_if_due(*, at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue today's retention run when the time of day has passed and none was queued today. Idempotent."""
    now = timezone.localtime(now or clock.now())
    if now.time() < at or queued_today(RETENTION_TASK_PATH, now.date()):
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
            try:  # one job failing to queue does not keep the others from their turn
                enqueue_daily_checkpoint_if_due(at=at)
            except Exception:
                logger.exception("daily audit checkpoint scheduling failed")
            try:
                enqueue_daily_partitions_if_due(at=at)
            except Exception:
                logger.exception("daily partitions scheduling failed")
            if retention_at is not None:
                try:
                    enqueue_daily_retention_if_due(at=retention_at)
                except Exception:
                    logger.exception("daily retention scheduling failed")
            close_old_connections()
            stop.wait(poll_seconds)

    threading.Thread(target=loop, name="regie-scheduler", daemon=True).start()
    return stop
