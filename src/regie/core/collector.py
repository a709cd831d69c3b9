"""Python's cyclic garbage collector during bulk work (decision 0026).

A batch intake or the demo's bulk loader builds hundreds of thousands of short-lived objects (model
instances, tuples, dicts) that are garbage without cycles: reference counting frees them. The cyclic
collector still runs every 700 allocations (its default first threshold) and, every hundred runs, walks
every object the process holds: Django, the apps, the batch so far. Measured on the batch import, that
was about a fifth of its CPU (docs/performance.md, "the night of 2026-12-02").

`bulk_work()` gives such work a higher first threshold and freezes what the process held before it
(`gc.freeze`: those objects are not walked; `gc.unfreeze` at the end gives them back to the collector,
so nothing is lost, a cycle among them is collected later). When something is frozen already (the test
suite freezes what collection built), it leaves that as it is and only raises the threshold. Nested and
concurrent uses share one setting: the first to enter sets it, the last to leave restores what was
there before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two runs of the collector's youngest generation while bulk work runs (default 700).
BULK_THRESHOLD = 20_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] = (700, 10, 10)
_froze = False


@contextmanager
def bulk_work() -> Iterator[None]:
    """Run the block with the collector set for bulk work (see the module's docstring)."""
    global _depth, _saved, _froze
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            # Freeze only when nothing is frozen: `gc.unfreeze` gives back every frozen object, so freezing
            # on top of someone else's freeze (the test suite's, a server's after preloading) would undo it.
            _froze = _saved[0] != 0 and gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
            if _saved[0]:  # a threshold of 0: the collector is off; leave it so
                gc.set_threshold(max(_saved[0], BULK_THRESHOLD), *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
                if _froze:
                    gc.unfreeze()
