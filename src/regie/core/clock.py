"""The one place Regie asks what time it is, so tests can freeze it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Freeze the clock (tests): `with clock.frozen(datetime(...)):`."""
    global _frozen
    previous, _frozen = _frozen, at if timezone.is_aware(at) else timezone.make_aware(at)
    try:
        yield
    finally:
        _frozen = previous
