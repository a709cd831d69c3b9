"""`bulk_work`: the collector's setting for bulk work, restored after it, nested or not, and nothing lost."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from regie.core.collector import BULK_THRESHOLD, bulk_work


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def nothing_frozen() -> Iterator[None]:
    """The suite freezes what its collection built (conftest.py); these tests start from a process that
    froze nothing, and leave the suite's freeze as they found it."""
    frozen = gc.get_freeze_count() > 0
    gc.unfreeze()
    yield
    if frozen:
        gc.freeze()


def test_the_setting_holds_inside_and_is_restored_after_nested_blocks(nothing_frozen: None) -> None:
    before = gc.get_threshold()
    with bulk_work():
        assert gc.get_threshold()[0] == max(before[0], BULK_THRESHOLD)
        assert gc.get_freeze_count() > 0
        with bulk_work():
            assert gc.get_threshold()[0] == max(before[0], BULK_THRESHOLD)
        assert gc.get_threshold()[0] == max(before[0], BULK_THRESHOLD)  # the outer block still runs
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_an_error_restores_the_setting(nothing_frozen: None) -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk_work():
        raise RuntimeError("stop")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_someone_elses_freeze_is_left_as_it_is(nothing_frozen: None) -> None:
    kept = Node()
    gc.freeze()
    frozen = gc.get_freeze_count()
    with bulk_work():
        made = [Node() for _ in range(10)]
    # Neither undone (gc.unfreeze) nor grown by the block (a frozen object freed meanwhile leaves the count).
    assert frozen - 100 <= gc.get_freeze_count() <= frozen
    assert made and kept


def test_cycles_made_before_and_during_the_block_are_still_collected(nothing_frozen: None) -> None:
    """Frozen objects are given back at the end: a cycle that was alive before the block, and one made in
    it, are both collected once they are garbage."""
    before = Node()
    before.other = Node()
    before.other.other = before
    gone_before = weakref.ref(before)
    with bulk_work():
        during = Node()
        during.other = during
        gone_during = weakref.ref(during)
        del before, during
    gc.collect()
    assert gone_before() is None and gone_during() is None


def test_threads_share_one_setting_and_the_last_to_leave_restores_it() -> None:
    before = gc.get_threshold()
    inside, leave = threading.Event(), threading.Event()

    def work() -> None:
        with bulk_work():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=work)
    thread.start()
    assert inside.wait(10)
    with bulk_work():
        pass
    assert gc.get_threshold()[0] == max(before[0], BULK_THRESHOLD)  # the other thread is still at work
    leave.set()
    thread.join(10)
    assert gc.get_threshold() == before
