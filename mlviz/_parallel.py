"""Worker threads for the heavy loops (k-means, silhouette, attention).

NumPy's ufuncs and BLAS release the GIL, so independent pieces of work run in parallel on threads.
Each worker gets a single-threaded BLAS: on these machines, several workers with one BLAS thread each
beat one worker with a multi-threaded BLAS, because the small products in a chunk do not scale and
the NumPy passes between them (argmin, exp) would otherwise run on one core.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover - threadpoolctl is a dependency; fall back to one worker
    ThreadpoolController = None

__all__ = ["n_workers", "parallel_map", "split"]

_POOL: ThreadPoolExecutor | None = None
_CONTROLLER = None
_LOCAL = threading.local()


def n_workers() -> int:
    """How many worker threads :func:`parallel_map` uses: the cores this process may run on, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def _single_threaded_blas():
    """A context in which BLAS uses one thread (the controller is built once: inspecting libraries is slow)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


def _run(fn, item):
    outer = getattr(_LOCAL, "inside", False)
    _LOCAL.inside = True
    try:
        return fn(item)
    finally:
        _LOCAL.inside = outer


def parallel_map(fn, items) -> list:
    """``[fn(item) for item in items]``, spread over the worker threads, results in the order of ``items``.

    The calling thread takes the first item itself (fork-join, as OpenMP does): a core that has been idle
    for a while can take milliseconds to get going, so only the other items wait for a woken thread.
    Runs serially when there is one item, one core, or when called from inside a worker (no nesting).
    Every item finishes before an exception is re-raised: the one of the first item (in order) that raised.
    """
    global _POOL
    items = list(items)
    if len(items) < 2 or n_workers() < 2 or ThreadpoolController is None or getattr(_LOCAL, "inside", False):
        return [fn(item) for item in items]
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=n_workers() - 1, thread_name_prefix="mlviz-worker")
    with _single_threaded_blas():
        futures = [_POOL.submit(_run, fn, item) for item in items[1:]]
        results, error = [], None
        try:
            results.append(_run(fn, items[0]))
        except BaseException as e:  # noqa: BLE001 - re-raised below, after the other items finish
            error = e
        for f in futures:
            try:
                results.append(f.result())
            except BaseException as e:  # noqa: BLE001
                error = error or e
    if error is not None:
        raise error
    return results


def split(items, parts: int | None = None) -> list[list]:
    """``items`` cut into ``parts`` (default: one per worker) contiguous groups of near-equal length.

    A worker that takes a whole group can allocate its buffers once: fresh multi-megabyte buffers in
    every chunk cost page faults, and unmapping them interrupts the other core.
    """
    items = list(items)
    parts = max(1, min(len(items), n_workers() if parts is None else parts))
    return [items[g * len(items) // parts:(g + 1) * len(items) // parts] for g in range(parts)]
