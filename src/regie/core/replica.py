"""Reads that may come from a streaming read replica: the statistics and the exports (decision 0023).

When `REGIE_REPLICA_URL` is set, settings add a database alias "replica" (a PostgreSQL hot standby of
the primary, kept by PostgreSQL's own replication). Code that only reads and tolerates a few seconds of
replication lag says so explicitly:

    with reading_from_replica():
        table = figure(...)

and `ReplicaRouter` sends the reads inside the block to the replica. Everything else, every write
(access records written by an export included) and every read inside a transaction (which must see its
own writes) goes to "default". Without a replica the block changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("regie_reading_from_replica", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_alias() -> str:
    """The alias a replica-tolerant read uses now: "replica" when one is configured, else "default"."""
    return REPLICA if replica_configured() else DEFAULT_DB_ALIAS


@contextmanager
def reading_from_replica() -> Iterator[str]:
    """Reads inside the block go to the replica (when configured and outside a transaction)."""
    token = _reading_from_replica.set(True)
    try:
        yield replica_alias()
    finally:
        _reading_from_replica.reset(token)


def on_replica(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: the whole function reads from the replica. Its result must be fully evaluated (lists, not
    querysets), or the rest would be read from wherever the caller is."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_from_replica():
            return function(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads inside `reading_from_replica()` go to "replica"; nothing else does."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not _reading_from_replica.get() or not replica_configured():
            return None
        # Inside a transaction on the primary, a read must see the transaction's own writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # The replica is read-only: PostgreSQL replays the primary's migrations onto it.
        return False if db == REPLICA else None
