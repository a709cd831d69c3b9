"""Statement counts of a read: a bound that must not grow with the rows a page or response shows.

    same_bound_with_more_rows(django_assert_max_num_queries, 12, read, add_rows)

runs `read` once (not counted: what happens once in a while, a session or a token's last use), counts
its statements with a few rows, calls `add_rows`, and counts again: both within the bound, and equal.
A count, never a time (timed assertions are flaky on a shared machine).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any


def counted(assert_max: Any, bound: int, read: Callable[[], Any]) -> int:
    """The statements `read` runs (at most `bound`); `REGIE_SHOW_STATEMENTS=1` prints them."""
    with assert_max(bound) as captured:
        response = read()
        assert response.status_code == 200, response.content[:500]
    if os.environ.get("REGIE_SHOW_STATEMENTS"):
        print("\n".join(q["sql"][:200] for q in captured.captured_queries), f"\n==== {len(captured.captured_queries)}")
    return len(captured.captured_queries)


def same_bound_with_more_rows(
    assert_max: Any, bound: int, read: Callable[[], Any], add_rows: Callable[[], Any]
) -> tuple[int, int]:
    read()
    few = counted(assert_max, bound, read)
    add_rows()
    many = counted(assert_max, bound, read)
    assert many == few, f"{few} statements with a few rows, {many} with many: the count grows with the rows"
    return few, many
