"""Worker threads for the heavy loops (k-means, silhouette, attention, least squares).

NumPy's ufuncs and BLAS release the GIL, so independent pieces of work run in parallel on threads.
Each worker gets a single-threaded BLAS: on these machines, several workers with one BLAS thread each
beat one worker with a multi-threaded BLAS, because the small products in a chunk do not scale and
the NumPy passes between them (argmin, exp) would otherwise run on one core.
"""
from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover - threadpoolctl is a dependency; fall back to one worker
    ThreadpoolController = None

__all__ = ["guided", "n_workers", "parallel_map", "release_scratch", "scratch", "single_threaded_blas", "split"]

_POOL: ThreadPoolExecutor | None = None
_BLAS_LIBS = None
_LOCAL = threading.local()
_SCRATCH_GENERATION = 0
_SCRATCH_ALIGN = 64  # bytes: each view starts on its own cache line


def n_workers() -> int:
    """How many worker threads :func:`parallel_map` uses: the cores this process may run on, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


def _blas_libraries() -> list:
    """threadpoolctl's controllers of the BLAS libraries loaded now (inspecting libraries is slow: done once)."""
    global _BLAS_LIBS
    if _BLAS_LIBS is None:
        _BLAS_LIBS = [lib for lib in ThreadpoolController().lib_controllers if lib.user_api == "blas"]
    return _BLAS_LIBS


@contextlib.contextmanager
def single_threaded_blas():
    """A context in which BLAS uses one thread, restored after.

    Each BLAS library is asked its thread count and set directly (one call each): threadpoolctl's own
    ``limit()`` first gathers every library's full description, which cost 0.1–0.2 ms per call here.
    """
    if ThreadpoolController is None:  # pragma: no cover - threadpoolctl is a dependency
        yield
        return
    libs = _blas_libraries()
    before = [lib.num_threads for lib in libs]
    for lib, n in zip(libs, before):
        if n != 1:
            lib.set_num_threads(1)
    try:
        yield
    finally:
        for lib, n in zip(libs, before):
            if n != 1:
                lib.set_num_threads(n)


def _run(fn, item):
    outer = getattr(_LOCAL, "inside", False)
    _LOCAL.inside = True
    try:
        return fn(item)
    finally:
        _LOCAL.inside = outer


def parallel_map(fn, items) -> list:
    """``[fn(item) for item in items]``, spread over the worker threads, results in the order of ``items``.

    The items are handed out one at a time, in order, to whichever thread is free, so a core that runs slower
    than the other (on a shared virtual machine they often do) takes fewer of them; pass more items than
    workers for that to help. The calling thread takes items too (fork-join, as OpenMP does): a core that has
    been idle for a while can take a fraction of a millisecond to get going, and the caller need not wait.
    Runs serially when there is one item, one core, or when called from inside a worker (no nesting).
    Every item finishes before an exception is re-raised: the one of the first item (in order) that raised.
    """
    global _POOL
    items = list(items)
    if len(items) < 2 or n_workers() < 2 or ThreadpoolController is None or getattr(_LOCAL, "inside", False):
        return [fn(item) for item in items]
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=n_workers() - 1, thread_name_prefix="mlviz-worker")
    results, errors = [None] * len(items), [None] * len(items)
    order, lock = iter(range(len(items))), threading.Lock()

    def drain():
        while True:
            with lock:
                i = next(order, None)
            if i is None:
                return
            try:
                results[i] = _run(fn, items[i])
            except BaseException as e:  # noqa: BLE001 - re-raised below, after the other items finish
                errors[i] = e

    with single_threaded_blas():
        helpers = [_POOL.submit(drain) for _ in range(min(n_workers(), len(items)) - 1)]
        drain()
        for h in helpers:
            h.result()
    error = next((e for e in errors if e is not None), None)
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


def guided(items, workers: int | None = None) -> list[list]:
    """``items`` cut into contiguous groups that halve toward the end (OpenMP's guided schedule): each group
    takes its share of what is left, ``remaining / workers`` items (at least one).

    The threads of :func:`parallel_map` take groups as they come free: the first, big groups keep the
    hand-outs few (each group costs its worker a fraction of a millisecond of set-up), and the small ones at
    the end let the threads finish together, a slower core taking fewer (64 items, two workers: 32, 16, 8,
    4, 2, 1, 1).
    """
    items, workers = list(items), n_workers() if workers is None else max(1, workers)
    groups, i = [], 0
    while i < len(items):
        size = -(-(len(items) - i) // workers)
        groups.append(items[i:i + size])
        i += size
    return groups or [[]]


def scratch(dtype, *counts: int) -> list:
    """Views of ``counts[0]``, ``counts[1]``, ... elements of ``dtype``, carved from one byte buffer that the
    calling thread keeps for its next calls (growing it when asked for more).

    A fresh multi-megabyte buffer costs a page fault per 4 KB page on first touch (the kernel maps and
    zeroes each one), on every call: measured, 2 of attention's 10 ms at seq 256. Reusing one buffer per
    thread removes that; the memory kept is the largest block a thread has used (a few MB for attention).
    The views are scratch: the caller must not return them or keep them after it returns, and must not
    call ``scratch`` again while using them. :func:`release_scratch` drops every thread's buffer.
    """
    dtype = np.dtype(dtype)
    sizes = [-(-c * dtype.itemsize // _SCRATCH_ALIGN) * _SCRATCH_ALIGN for c in counts]
    buf = getattr(_LOCAL, "scratch", None)
    if buf is None or buf.nbytes < sum(sizes) or getattr(_LOCAL, "generation", None) != _SCRATCH_GENERATION:
        _LOCAL.scratch = None  # let the old buffer go before the new one is allocated
        buf = _LOCAL.scratch = np.empty(sum(sizes), dtype=np.uint8)
        _LOCAL.generation = _SCRATCH_GENERATION
    views, start = [], 0
    for c, size in zip(counts, sizes):
        views.append(buf[start:start + c * dtype.itemsize].view(dtype))
        start += size
    return views


def release_scratch() -> None:
    """Make every thread drop its :func:`scratch` buffer (each takes effect at that thread's next call)."""
    global _SCRATCH_GENERATION
    _SCRATCH_GENERATION += 1
    _LOCAL.scratch = None
