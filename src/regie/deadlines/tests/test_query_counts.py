"""How many statements the worklist takes: a bound that does not grow with its rows
(`regie.testing.statements`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from regie.accounts.models import User
from regie.cases.models import Case
from regie.testing.statements import same_bound_with_more_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]  # 28 November 2026, 10:00

FEW, MANY = 3, 40
WORKLIST_MAX = 6


@pytest.mark.parametrize("who", ["case_manager", "team_lead"])
def test_worklist_statements_do_not_grow_with_rows(
    who: str, make_case: Callable[..., Case], request: Any, web_as: Any, django_assert_max_num_queries: Any
) -> None:
    """Every case made here has its departure term ending within the worklist's 30 days: one row each."""
    user: User = request.getfixturevalue(who)
    for _ in range(FEW):
        make_case()
    client = web_as(user)
    same_bound_with_more_rows(
        django_assert_max_num_queries,
        WORKLIST_MAX,
        lambda: client.get(reverse("deadlines:worklist")),
        lambda: [make_case() for _ in range(MANY - FEW)],
    )
    assert client.get(reverse("deadlines:worklist")).content.count(b'class="utrecht-table__row') > MANY
