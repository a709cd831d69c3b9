"""`regie.core.transactions.atomic`: held work is flushed once, in order, at the outermost exit, inside the
transaction; a block that rolls back takes its held work with it (decision 0024)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from regie.core.transactions import atomic, depth, held, hold

flushed: list[list[Any]] = []


def collect(items: list[Any]) -> None:
    assert transaction.get_connection().in_atomic_block, "flushed inside the transaction"
    assert depth() == 0
    flushed.append(items)


@pytest.fixture(autouse=True)
def _clean() -> None:
    flushed.clear()


@pytest.mark.django_db
def test_outside_atomic_nothing_is_held() -> None:
    assert hold(collect, [1]) is False
    with transaction.atomic():  # a plain block (a test's own wrapping too) does not hold
        assert hold(collect, [1]) is False
    assert flushed == []


@pytest.mark.django_db
def test_held_work_is_flushed_once_in_order_at_the_outermost_exit() -> None:
    with atomic():
        assert hold(collect, [1, 2])
        with atomic():
            assert depth() == 2
            hold(collect, [3])
        assert flushed == []  # the inner exit does not flush
        assert held(collect) == [1, 2, 3]
        hold(collect, [4])
    assert flushed == [[1, 2, 3, 4]]
    assert held(collect) == [] and depth() == 0


@pytest.mark.django_db
def test_a_rolled_back_inner_block_drops_only_what_it_held() -> None:
    with atomic():
        hold(collect, ["before"])
        try:
            with atomic():
                hold(collect, ["inside"])
                with atomic():
                    hold(collect, ["deeper"])
                raise ValueError
        except ValueError:
            pass
        hold(collect, ["after"])
    assert flushed == [["before", "after"]]


@pytest.mark.django_db
def test_an_exception_at_the_outermost_block_drops_everything() -> None:
    with pytest.raises(ValueError), atomic():
        hold(collect, [1])
        raise ValueError
    assert flushed == [] and held(collect) == []
    with atomic():
        hold(collect, [2])
    assert flushed == [[2]]


@pytest.mark.django_db
def test_a_plain_savepoint_that_rolls_back_inside_is_not_an_outer_exit() -> None:
    with atomic():
        with transaction.atomic():
            hold(collect, [1])
        assert flushed == []
    assert flushed == [[1]]


@pytest.mark.django_db
def test_as_a_decorator_it_is_reentrant() -> None:
    @atomic()
    def step(n: int) -> None:
        hold(collect, [n])
        if n:
            step(n - 1)

    step(2)
    assert flushed == [[2, 1, 0]]


@pytest.mark.django_db
def test_a_failing_flush_rolls_the_transaction_back() -> None:
    from django.contrib.auth.models import Group

    def fail(items: list[Any]) -> None:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError), atomic():
        Group.objects.create(name="Weg")
        hold(fail, [1])
    assert not Group.objects.filter(name="Weg").exists()
    assert depth() == 0


@pytest.mark.django_db
def test_a_row_locked_in_the_block_is_known_until_the_block_or_its_savepoint_ends() -> None:
    """`core.services.lock` notes the row; a refresh of a case's deadlines then does not lock it again.
    A block that rolls back (its savepoint releases the lock) forgets it, and so does the block's end."""
    from django.contrib.auth.models import Group

    from regie.core.services import lock
    from regie.core.transactions import row_locked

    group = Group.objects.create(name="vergrendeld")
    lock(Group.objects.all(), group.pk)
    assert not row_locked(Group, group.pk)  # outside atomic(): nothing remembered
    with atomic():
        assert not row_locked(Group, group.pk)
        with pytest.raises(RuntimeError), atomic():
            lock(Group.objects.all(), group.pk)
            assert row_locked(Group, group.pk)
            raise RuntimeError("rolled back")
        assert not row_locked(Group, group.pk)
        lock(Group.objects.all(), group.pk)
        assert row_locked(Group, group.pk) and not row_locked(Group, group.pk + 1)
    assert not row_locked(Group, group.pk)
