from __future__ import annotations

import datetime as dt

from regie.core import clock


def test_frozen_clock_is_aware_and_restored() -> None:
    with clock.frozen(dt.datetime(2028, 2, 29, 23, 30)):
        assert clock.now().tzinfo is not None
        assert clock.today() == dt.date(2028, 2, 29)
    assert clock.now().year >= 2026
