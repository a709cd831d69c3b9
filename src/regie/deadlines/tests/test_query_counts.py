"""How many statements the worklist takes: a bound that does not grow with its rows
(`regie.testing.statements`)."""

from __future__ import annotations

import datetime as dt
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


@pytest.mark.parametrize("one_section", [False, True])
@pytest.mark.parametrize("who", ["case_manager", "team_lead"])
def test_worklist_statements_do_not_grow_with_rows(
    who: str,
    one_section: bool,
    make_case: Callable[..., Case],
    request: Any,
    web_as: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """Every case made here has its departure term ending within the worklist's 30 days: one row each.
    The whole worklist (first page of each section) and the page of the section that holds them."""
    user: User = request.getfixturevalue(who)
    from regie.deadlines.selectors import SECTIONS, worklist_counts

    for _ in range(FEW):
        make_case()
    counts = worklist_counts(user=user)
    section = {"onderdeel": max(SECTIONS, key=counts.__getitem__).replace("_", "-")} if one_section else {}
    client = web_as(user)
    same_bound_with_more_rows(
        django_assert_max_num_queries,
        WORKLIST_MAX + one_section,  # a section's page counts the sections in a statement of its own
        lambda: client.get(reverse("deadlines:worklist"), section),
        lambda: [make_case() for _ in range(MANY - FEW)],
    )
    assert client.get(reverse("deadlines:worklist"), section).content.count(b'class="utrecht-table__row') > MANY


def test_the_rule_table_is_read_once_per_version(django_assert_num_queries: Any) -> None:
    """Read again within RULES_CHECK_SECONDS: no statement; later: one cheap look at the version, and the
    table itself only when a rule changed (saved here: at once; elsewhere: at the next look)."""
    from regie.deadlines import selectors
    from regie.deadlines.models import DeadlineRule

    selectors.rules_cache_clear()
    with django_assert_num_queries(2):  # the version and the table
        first = selectors.rules_in_force()
    with django_assert_num_queries(0):
        assert selectors.rules_in_force() is first
    selectors._rules_cache["checked"] -= selectors.RULES_CHECK_SECONDS
    with django_assert_num_queries(1):  # the version only: nothing changed
        assert selectors.rules_in_force() is first
    rule = DeadlineRule.objects.get(code="departure_term", variant="")
    rule.amount = 21
    rule.save()  # through the admin, say: the cache is emptied
    with django_assert_num_queries(2):
        assert next(r for r in selectors.rules_in_force() if r.code == "departure_term" and not r.variant).amount == 21
    # Changed by another process (a save there bumps `updated_at`): seen at the next look at the version.
    DeadlineRule.objects.filter(pk=rule.pk).update(amount=14, updated_at=rule.updated_at + dt.timedelta(seconds=1))
    selectors._rules_cache["checked"] -= selectors.RULES_CHECK_SECONDS
    with django_assert_num_queries(2):
        assert next(r for r in selectors.rules_in_force() if r.code == "departure_term" and not r.variant).amount == 14
