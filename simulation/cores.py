"""Spreading a month's heaviest work over the machine's cores, with the same results.

A compiled per-tie (or per-Gram Panchayat, per-community) loop takes the range of items it
works on. On a large network :func:`spread` cuts that range into contiguous pieces, one per
thread, and runs them at once; the loops release Python's GIL. Every item is still computed
by the same code from the same inputs, so the results are the same to the last bit whatever
the number of threads (tested). Likewise :func:`at_once` runs independent calls together:
the random streams of different processes, the two sides' exponentials, the newcomers'
attribute quantiles (numpy and scipy release the GIL while they fill an array).

The number of threads is ``PHC_THREADS`` if set, else ``OMP_NUM_THREADS`` (which joblib sets
to 1 in each worker of a sweep that runs jobs side by side; the validation's workers set
``PHC_THREADS=1``), else the machine's cores. Small networks (under :data:`SPREAD_FROM`
items) run in the calling thread: there, handing work to threads costs more than it saves.
"""

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba.extending import register_jitable

from simulation.parameters import ConfigError

#: Items (ties, Gram Panchayats, communities) from which a loop is cut across threads.
SPREAD_FROM = 100_000

_pool: ThreadPoolExecutor | None = None
_pool_threads = 0
_pool_lock = threading.Lock()


@register_jitable
def items(start, stop):
    """The items ``start`` to ``stop - 1`` that one piece of a compiled loop works on, as
    unsigned indices: numba then knows no index is negative and skips the wrap-around check
    on every array access (about a third of the engagement loop's time)."""
    return range(np.uint64(start), np.uint64(stop))


def threads() -> int:
    """How many threads a month may use (``PHC_THREADS``, ``OMP_NUM_THREADS`` or the cores)."""
    for name in ("PHC_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name)
        if value:
            if not value.strip().isdigit() or int(value) < 1:
                raise ConfigError(
                    f"environment variable {name}={value!r} is not allowed; allowed: a whole "
                    f"number, 1 or more (threads per run; unset: every core, {os.cpu_count() or 1})"
                )
            return int(value)
    return os.cpu_count() or 1


def one_thread_per_worker() -> None:
    """For the workers of a process pool that shares the cores among its jobs."""
    os.environ["PHC_THREADS"] = "1"


def _forget_pool() -> None:  # a forked child has none of its parent's threads
    global _pool, _pool_threads
    _pool, _pool_threads = None, 0


os.register_at_fork(after_in_child=_forget_pool)


def worth_spreading(items: int) -> bool:
    """Whether work over ``items`` items is large enough to share among threads."""
    return items >= SPREAD_FROM and threads() > 1


def _executor() -> ThreadPoolExecutor:
    global _pool, _pool_threads
    n = threads()
    with _pool_lock:
        if _pool is None or _pool_threads != n:
            if _pool is not None:
                _pool.shutdown()
            _pool, _pool_threads = ThreadPoolExecutor(n, thread_name_prefix="phc"), n
        return _pool


def spread(loop: Callable, size: int, *args) -> None:
    """Run ``loop(start, stop, *args)`` over ``range(size)``: in pieces on every thread when
    that is worth it, else at once in this thread."""
    if not worth_spreading(size):
        loop(0, size, *args)
        return
    n = threads()
    bounds = [size * k // n for k in range(n + 1)]
    pieces = [
        _executor().submit(loop, start, stop, *args) for start, stop in itertools.pairwise(bounds)
    ]
    for piece in pieces:
        piece.result()


def at_once(calls: list[Callable], items: int) -> list:
    """The results of independent ``calls``, made side by side when ``items`` (the work they
    share) is worth spreading, else one after the other."""
    if not worth_spreading(items):
        return [call() for call in calls]
    return [future.result() for future in [_executor().submit(call) for call in calls]]
