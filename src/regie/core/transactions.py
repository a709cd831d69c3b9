"""The transaction of a service, with work held until just before it commits (decision 0024).

Django has no hook that runs inside a transaction just before its commit (`on_commit` runs after it).
`atomic()` is Django's `transaction.atomic` that also counts its own depth per connection: work handed
to `hold()` inside it is kept, in order, and handed to its flush function once, at the exit of the
outermost `atomic()` without an exception — still inside the transaction, so it commits or rolls back
with the change. Work held inside a block that rolls back (an exception leaving it, also an inner block
whose savepoint is rolled back while the outer one goes on) is dropped with it.

The depth is this module's own, not Django's `in_atomic_block`: a test's wrapping transaction (or any
plain `transaction.atomic` around a service) does not postpone the flush past the service's end.
Outside `atomic()` `hold()` refuses (returns False), and the caller does the work at once: nothing is
lost on a path that still uses a plain `transaction.atomic`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from contextlib import ContextDecorator
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

Flush = Callable[[list[Any]], object]


class _State:
    """Per connection (so per thread): the open `atomic()` blocks and the work held for the commit."""

    __slots__ = ("blocks", "held")

    def __init__(self) -> None:
        # Each open block: Django's atomic and how much was held per flush function when it began.
        self.blocks: list[tuple[transaction.Atomic, dict[Flush, int]]] = []
        self.held: dict[Flush, list[Any]] = {}

    def drop_since(self, marks: dict[Flush, int]) -> None:
        for flush, items in self.held.items():
            del items[marks.get(flush, 0) :]


def _state(using: str | None) -> _State:
    conn: BaseDatabaseWrapper = transaction.get_connection(using)
    state = getattr(conn, "_regie_held", None)
    if state is None:
        state = _State()
        conn._regie_held = state  # type: ignore[attr-defined]
    return state


class atomic(ContextDecorator):
    """`with atomic():` / `@atomic()`: a transaction (or a savepoint inside one), flushing held work at
    the end of the outermost one. Re-entrant and safe as a decorator (the state lives on the connection).

    `savepoint=False`: nested, the block is part of the enclosing one (no SAVEPOINT and RELEASE, two
    statements fewer); an error in it leaves the whole transaction to roll back at the first enclosing
    block that has a savepoint. For steps whose failure fails their caller anyway (an intake's parts)."""

    def __init__(self, using: str | None = None, *, savepoint: bool = True) -> None:
        self.using = using
        self.savepoint = savepoint

    def __enter__(self) -> None:
        state = _state(self.using)
        inner = transaction.atomic(using=self.using, savepoint=self.savepoint)
        inner.__enter__()
        state.blocks.append((inner, {flush: len(items) for flush, items in state.held.items()}))

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        state = _state(self.using)
        conn = transaction.get_connection(self.using)
        inner, marks = state.blocks.pop()
        if exc_type is None and not conn.needs_rollback and not state.blocks:
            try:
                _flush(state)
            except BaseException:
                state.held.clear()
                inner.__exit__(*sys.exc_info())  # rolls the transaction back
                raise
        if exc_type is not None or conn.needs_rollback:
            # This block rolls back (its savepoint, or the whole transaction): what it held goes with it.
            state.drop_since(marks)
        if not state.blocks:
            state.held.clear()
        inner.__exit__(exc_type, exc, tb)


def _flush(state: _State) -> None:
    while any(state.held.values()):
        for flush, items in list(state.held.items()):
            if items:
                state.held[flush] = []
                flush(items)


def hold(flush: Flush, items: Iterable[Any]) -> bool:
    """Keep `items` for `flush` at the end of the outermost `atomic()`; False (nothing kept) outside one."""
    state = _state(None)
    if not state.blocks:
        return False
    state.held.setdefault(flush, []).extend(items)
    return True


def held(flush: Flush) -> list[Any]:
    """What is held for `flush` in the current transaction, in order (a copy)."""
    return list(_state(None).held.get(flush, ()))


def depth() -> int:
    """How many `atomic()` blocks are open on the default connection (0: work is done at once)."""
    return len(_state(None).blocks)


# -- what a transaction notes for itself ----------------------------------------------------------------
class Memo:
    """Something a transaction notes for the rest of the current `atomic()` and looks up while it runs:
    kept like held work (a block that rolls back forgets what it noted), written nowhere at the end."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, items: list[Any]) -> None:
        """The flush at the end of the outermost block: nothing to write."""

    def note(self, *items: Any) -> None:
        """Note `items`; outside `atomic()` nothing is noted."""
        hold(self, items)

    def noted(self) -> list[Any]:
        """What the current transaction noted, in order."""
        return held(self)


_row_locks = Memo("rows locked")


def note_row_lock(model: type, pk: Any) -> None:
    """Remember, for the rest of the current `atomic()`, that the row (`model`, `pk`) is locked. A block
    that rolls back (its savepoint releases the lock) forgets it; outside `atomic()` nothing is remembered."""
    _row_locks.note((model, pk))


def row_locked(model: type, pk: Any) -> bool:
    """Whether this transaction locked the row (`model`, `pk`) inside the current `atomic()`
    (`core.services.lock`); False when it cannot tell (then lock it again: re-entrant, one statement)."""
    return (model, pk) in _state(None).held.get(_row_locks, ())
