"""mlviz._parallel: the worker threads behind k-means, silhouette and attention."""
import threading
import time

import pytest

from mlviz import _parallel as P


def test_split_gives_contiguous_near_equal_groups():
    assert P.split(range(7), 3) == [[0, 1], [2, 3], [4, 5, 6]]
    assert P.split(range(2), 5) == [[0], [1]]          # never an empty group
    assert P.split([], 4) == [[]]
    groups = P.split(range(100))
    assert sum(groups, []) == list(range(100)) and len(groups) == min(P.n_workers(), 100)


def test_guided_groups_halve_toward_the_end():
    groups = P.guided(range(64), 2)
    assert [len(g) for g in groups] == [32, 16, 8, 4, 2, 1, 1]   # remaining / workers, rounded up
    assert sum(groups, []) == list(range(64))
    assert [len(g) for g in P.guided(range(10), 3)] == [4, 2, 2, 1, 1]
    assert P.guided(range(4), 1) == [[0, 1, 2, 3]]                 # one worker: one group
    assert P.guided([], 2) == [[]]
    assert sum(P.guided(range(9)), []) == list(range(9))          # default: one share per worker of this machine


def test_single_threaded_blas_sets_one_thread_and_restores_it():
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    with threadpool_limits(2, user_api="blas"):                 # as on a machine with two or more cores
        with P.single_threaded_blas():
            assert set(blas_threads()) == {1}
            with P.single_threaded_blas():                        # nested: nothing to change, nothing to undo
                assert set(blas_threads()) == {1}
            assert set(blas_threads()) == {1}
        assert set(blas_threads()) == {2}
        with pytest.raises(RuntimeError):
            with P.single_threaded_blas():
                raise RuntimeError("restored all the same")
        assert set(blas_threads()) == {2}


def test_results_come_back_in_order_and_use_several_threads():
    seen = set()

    def work(i):
        seen.add(threading.get_ident())
        time.sleep(0.02 * (5 - i))                      # the later items finish first
        return i * i

    assert P.parallel_map(work, range(5)) == [0, 1, 4, 9, 16]
    if P.n_workers() > 1:  # the calling thread takes the first item, workers the rest
        assert len(seen) > 1 and threading.get_ident() in seen


def test_items_go_to_whichever_thread_is_free():
    """A thread that is held up takes fewer items; the calling thread keeps taking items after its first."""
    if P.n_workers() < 2:
        pytest.skip("one core: parallel_map runs serially")
    threads = []

    def work(i):
        threads.append((i, threading.get_ident()))
        time.sleep(0.3 if i == 0 else 0.02)             # the caller's first item holds it up
        return i

    assert P.parallel_map(work, range(8)) == list(range(8))
    caller = threading.get_ident()
    took = [i for i, t in threads if t == caller]
    assert took[0] == 0 and len(took) <= 2               # old scheme: the caller only ever took item 0
    assert {t for i, t in threads if i in (1, 2, 3, 4)} != {caller}  # the others went to a worker meanwhile

    threads.clear()
    P.parallel_map(lambda i: (threads.append((i, threading.get_ident())), time.sleep(0.03)), range(8))
    assert sum(t == caller for _, t in threads) >= 2    # evenly slow items: the caller takes its share


def test_the_first_failing_item_in_order_is_reported_after_all_finish():
    finished = []

    def work(i):
        if i in (1, 3):
            time.sleep(0.05 if i == 1 else 0.0)         # item 3 fails first in time
            raise ValueError(f"item {i}")
        time.sleep(0.1 if i == 4 else 0.0)
        finished.append(i)
        return i

    with pytest.raises(ValueError, match="item 1"):
        P.parallel_map(work, range(5))
    assert sorted(finished) == [0, 2, 4]                # nothing still running when the error arrives
    with pytest.raises(ZeroDivisionError):
        P.parallel_map(lambda i: 1 / i, range(3))       # the calling thread's own item fails


def test_nested_calls_run_serially_instead_of_deadlocking():
    def outer(i):
        me = threading.get_ident()
        inner_threads = P.parallel_map(lambda j: threading.get_ident(), range(3))
        return all(t == me for t in inner_threads)

    assert all(P.parallel_map(outer, range(P.n_workers() + 1)))


def test_blas_is_single_threaded_inside_workers_only():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads(_):
        return [lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"]

    inside = P.parallel_map(blas_threads, range(2))
    if P.n_workers() > 1:
        assert all(n == 1 for per_item in inside for n in per_item)


def test_scratch_views_are_aligned_separate_and_reused_per_thread():
    import numpy as np

    a, b, c = P.scratch(np.float32, 10, 3, 1)
    assert [x.dtype for x in (a, b, c)] == [np.float32] * 3 and [x.size for x in (a, b, c)] == [10, 3, 1]
    starts = [x.__array_interface__["data"][0] for x in (a, b, c)]
    assert starts[1] - starts[0] == 64 and starts[2] - starts[1] == 64   # each on its own 64-byte line
    a[:], b[:], c[:] = 1.0, 2.0, 3.0
    assert a.sum() == 10 and b.sum() == 6 and c.sum() == 3               # no overlap
    (again,) = P.scratch(np.float64, 4)
    assert again.__array_interface__["data"][0] == starts[0]            # the same buffer, not a new one
    (bigger,) = P.scratch(np.float64, 10_000)
    assert bigger.size == 10_000                                         # grows when asked for more
    other = []
    t = threading.Thread(target=lambda: other.append(P.scratch(np.float64, 4)[0].__array_interface__["data"][0]))
    t.start()
    t.join()
    assert other[0] != bigger.__array_interface__["data"][0]             # another thread, another buffer
    P.release_scratch()
    (fresh,) = P.scratch(np.float64, 10_000)
    assert not np.shares_memory(fresh, bigger)                           # released: allocated afresh
