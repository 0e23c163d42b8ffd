"""mlviz.cluster.kmeans on a Dask array (mlviz.cluster_dask) against the same call in memory.

From the same start: identical labels, centroids and inertia to 1e-10 relative, the same n_iter, whatever
the chunking (rows per chunk 1, 7, 1000, all); weights, empty clusters, k = 1, the init methods; dask-ml's
KMeans from the same start; bad input named; the map/reduce graph; a real LocalCluster (2 worker processes,
127.0.0.1 only, its dashboard served offline, gone afterwards).
Most tests use Dask's threaded scheduler (no cluster): the graph and its tasks are the same.
"""
import re
import subprocess
import sys
import urllib.request

import numpy as np
import pytest

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

from mlviz import cluster as CL  # noqa: E402
from mlviz import cluster_dask as CD  # noqa: E402

X3, _ = CL.make_blobs(300, [[-3, -3], [0, 3], [3, -1]], std=0.9, rng=0)
START3 = np.array([[-1.0, 3.0], [0.0, 4.0], [1.0, 3.0]])  # all in the top blob: 4 iterations to the fixed point
CHUNKS = [1, 7, 1000, "all"]  # rows per chunk


def chunked(X, rows):
    return da.from_array(X, chunks=(len(X) if rows == "all" else rows, -1))


def assert_same_fit(ours, ref, rtol=1e-10):
    """The Dask result against the in-memory one: labels identical, numbers to rtol, the same run."""
    assert isinstance(ours.labels, da.Array)
    np.testing.assert_array_equal(ours.labels.compute(), ref.labels)
    np.testing.assert_allclose(ours.centroids, ref.centroids, rtol=rtol, atol=rtol * np.abs(ref.centroids).max())
    assert ours.inertia == pytest.approx(ref.inertia, rel=rtol)
    assert (ours.n_iter, ours.converged, ours.n_empty_fixed) == (ref.n_iter, ref.converged, ref.n_empty_fixed)


# -- the in-memory path never imports Dask ------------------------------------------------------------
def test_in_memory_kmeans_does_not_import_dask():
    code = ("import sys, numpy as np, mlviz, mlviz.exercises; from mlviz import cluster;"
            "X = np.random.default_rng(0).normal(size=(500, 3));"
            "cluster.kmeans(X, 4, rng=0); cluster.kmeans(X, 4, init='random', n_init=2, rng=0, sample_weight=np.ones(500));"
            "cluster.minibatch_kmeans(X, 4, rng=0); cluster.assign(X, X[:3]);"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'));"
            "print(bad or 'clean')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "clean", out.stdout + out.stderr


# -- equal to the in-memory run ----------------------------------------------------------------------
@pytest.mark.parametrize("rows", CHUNKS)
@pytest.mark.parametrize("tol", [0.0, 1e-4])
def test_same_fit_as_in_memory_whatever_the_chunking(rows, tol):
    ref = CL.kmeans(X3, 3, init=START3, tol=tol, record_history=True)
    ours = CL.kmeans(chunked(X3, rows), 3, init=START3, tol=tol, record_history=True)
    assert_same_fit(ours, ref)
    assert ref.n_iter == 4 or tol > 0  # tol = 0 stops at the fixed point, not at max_iter
    assert [h[0] for h in ours.history] == [h[0] for h in ref.history]
    for (kind, a), (_, b) in zip(ours.history, ref.history):
        if kind == "assign":
            np.testing.assert_array_equal(a.compute(), b)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-10)
    np.testing.assert_allclose(ours.inertia_trace, ref.inertia_trace, rtol=1e-10)


@pytest.mark.parametrize("offset, rows", [(0.0, 1000), (0.0, "all"), (1e6, 7), (1e6, 1000)])
def test_many_iterations_many_clusters_far_from_the_origin(offset, rows):
    X, _ = CL.make_blobs(2500, 8, std=2.5, rng=3)  # more rows than a chunk of 1000
    X = X + offset                                   # the offset must cancel before any square, in every chunk
    C0 = X[:8].copy()                                # a poor start: 22 iterations, many label changes
    ref = CL.kmeans(X, 8, init=C0, tol=0, max_iter=60, record_history=False)
    assert ref.n_iter > 20 and ref.converged
    assert_same_fit(CL.kmeans(chunked(X, rows), 8, init=C0, tol=0, max_iter=60), ref)


@pytest.mark.parametrize("rows", [7, 1000])
def test_weighted_fit_as_in_memory(rows):
    w = np.random.default_rng(1).uniform(0.2, 3.0, len(X3))
    ref = CL.kmeans(X3, 3, init=START3, sample_weight=w, tol=0)
    X = chunked(X3, rows)
    assert_same_fit(CL.kmeans(X, 3, init=START3, sample_weight=da.from_array(w, chunks=(X.chunks[0],)), tol=0), ref)
    assert_same_fit(CL.kmeans(X, 3, init=START3, sample_weight=w, tol=0), ref)  # an in-memory vector is chunked


@pytest.mark.parametrize("rows", [1, 3, 1000])
def test_empty_clusters_by_hand(rows):
    # as in test_cluster: both far centroids win nothing; 5 (4.9 away) goes to cluster 1, 0.25 to cluster 2
    X = np.array([[0.0], [0.1], [0.25], [5.0]])
    init = np.array([[0.1], [100.0], [200.0]])
    ref = CL.kmeans(X, 3, init=init, max_iter=10, record_history=True)
    ours = CL.kmeans(chunked(X, rows), 3, init=init, max_iter=10, record_history=True)
    assert ours.n_empty_fixed == 2
    assert ours.history[1][1].compute().tolist() == [0, 0, 2, 1]  # the assignment with the moves
    assert_same_fit(ours, ref)


@pytest.mark.parametrize("rows", [7, 1000])
def test_empty_clusters_on_blobs_and_ties_to_the_lowest_row(rows):
    far = np.array([[-3.0, -3.0], [0.0, 3.0], [50.0, 50.0]])
    ref = CL.kmeans(X3, 3, init=far)
    assert ref.n_empty_fixed >= 1
    assert_same_fit(CL.kmeans(chunked(X3, rows), 3, init=far), ref)
    X = np.repeat(np.array([[0.0], [1.0], [9.0]]), 4, axis=0)   # equal worst distances: the lowest rows move
    init = np.array([[0.0], [50.0], [60.0]])
    ref = CL.kmeans(X, 3, init=init, tol=0, record_history=True)
    assert ref.n_empty_fixed >= 2                               # 2 in the first step, then 1 more
    assert_same_fit(CL.kmeans(chunked(X, 5), 3, init=init, tol=0, record_history=True), ref)


def test_a_cluster_left_empty_by_duplicates_keeps_its_centroid():
    X = np.repeat(np.array([[1.0, 1.0], [4.0, 4.0]]), 10, axis=0)
    init = np.array([[1.0, 1.0], [1.0, 1.0]])
    assert_same_fit(CL.kmeans(chunked(X, 3), 2, init=init), CL.kmeans(X, 2, init=init))


@pytest.mark.parametrize("rows", [1, 1000])
def test_k_equal_one_is_the_mean(rows):
    res = CL.kmeans(chunked(X3, rows), 1, init=X3[:1])
    np.testing.assert_allclose(res.centroids, X3.mean(axis=0, keepdims=True), rtol=1e-12)
    assert res.inertia == pytest.approx(CL.tss(X3), rel=1e-12) and set(res.labels.compute()) == {0}
    assert_same_fit(res, CL.kmeans(X3, 1, init=X3[:1]))


def test_manhattan_as_in_memory():
    assert_same_fit(CL.kmeans(chunked(X3, 7), 3, init=START3, metric="manhattan"),
                    CL.kmeans(X3, 3, init=START3, metric="manhattan"))


def test_same_fit_as_dask_ml_from_the_same_start():
    KMeans = pytest.importorskip("dask_ml.cluster").KMeans
    X, _ = CL.make_blobs(3000, 6, std=1.5, rng=2)
    C0 = X[:6].copy()
    Xd = chunked(X, 500)
    ours = CL.kmeans(Xd, 6, init=C0, tol=0, max_iter=20)   # dask-ml with tol=0 runs all 20: past a fixed point
    ref = KMeans(6, init=C0, max_iter=20, tol=0).fit(Xd)     # nothing changes any more, so the two must agree
    np.testing.assert_array_equal(ours.labels.compute(), ref.labels_.compute())
    np.testing.assert_allclose(ours.centroids, ref.cluster_centers_, rtol=1e-10, atol=1e-10)
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-10)


# -- initialization ------------------------------------------------------------------------------------
@pytest.mark.parametrize("init", ["random", "forgy", "k-means++"])
@pytest.mark.parametrize("seed", [5, 6])
def test_init_methods_draw_what_memory_draws_from_the_same_rng(init, seed):
    ref = CL.kmeans(X3, 3, init=init, rng=seed, record_history=True)
    ours = CL.kmeans(chunked(X3, 7), 3, init=init, rng=seed, record_history=True)
    np.testing.assert_array_equal(ours.history[0][1], ref.history[0][1])  # the same start, bit for bit
    assert_same_fit(ours, ref)
    # n_init > 1: the same starts; runs that reach the same clustering tie up to rounding, and either may win
    best = CL.kmeans(chunked(X3, 7), 3, init=init, n_init=3, rng=seed)
    assert best.inertia == pytest.approx(CL.kmeans(X3, 3, init=init, n_init=3, rng=seed).inertia, rel=1e-10)


def test_kmeans_plusplus_on_a_sample_is_an_approximation(monkeypatch):
    monkeypatch.setattr(CD, "INIT_SAMPLE", 100)        # fewer rows than X: the seeds come from a sample
    X, _ = CL.make_blobs(2000, [[0, 0], [10, 0], [0, 10], [10, 10]], std=0.8, rng=2)
    res = CL.kmeans(chunked(X, 128), 4, rng=0, record_history=True)
    start = res.history[0][1]
    assert all(np.any(np.all(X == c, axis=1)) for c in start)     # the seeds are rows of X
    assert res.inertia <= 1.01 * CL.kmeans(X, 4, n_init=10, rng=0).inertia    # and lead to the four blobs


def test_random_partition_is_refused():
    with pytest.raises(ValueError, match="init must be 'random', 'forgy', 'k-means\\+\\+' or an array for a Dask"):
        CL.kmeans(chunked(X3, 7), 3, init="random_partition")


# -- bad input names the argument ----------------------------------------------------------------------
@pytest.mark.parametrize("value, shown", [(np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_nan_or_inf_is_found_when_the_chunk_is_computed(value, shown):
    X = X3.copy()
    X[17, 1] = value
    Xd = chunked(X, 7)
    with pytest.raises(ValueError, match=rf"X must contain only finite numbers; got {shown} at index \(17, 1\)"):
        CL.kmeans(Xd, 3, init=START3)
    with pytest.raises(ValueError, match=rf"X must contain only finite numbers; got {shown} at index \(17, 1\)"):
        CL.kmeans(Xd, 3, init=START3, tol=0)       # the same, found by the first step (no tolerance pass)
    with pytest.raises(ValueError, match=rf"X must contain only finite numbers; got {shown} in the rows sampled"):
        CL.kmeans(Xd, 3, rng=0, tol=0)             # k-means++ sees it first, in its sample


def test_extreme_magnitudes_are_refused_naming_x():
    with pytest.raises(ValueError, match="X must have sizes from about 1e-77 to 1e77 .* rows 14 to 20: rescale"):
        CL.kmeans(chunked(np.where(np.arange(300)[:, None] == 17, 1e200, X3), 7), 3, init=START3)


def test_chunks_along_the_columns_are_refused():
    X = da.from_array(np.ones((10, 4)), chunks=(5, 2))
    with pytest.raises(ValueError, match=r"X must be chunked along the rows only, each chunk holding all 4 columns; "
                                         r"got column chunks \(2, 2\): use X.rechunk\(\{1: -1\}\)"):
        CL.kmeans(X, 2, init=np.zeros((2, 4)))


@pytest.mark.parametrize("init, msg", [
    (np.zeros((3, 3)), r"init must be a method name or a \(k, n_features\) = \(3, 2\) array; got \(3, 3\)"),
    (np.zeros((2, 2)), r"init must be a method name or a \(k, n_features\) = \(3, 2\) array; got \(2, 2\)"),
    ([[0.0, np.nan]] * 3, "init must contain only finite numbers"),
    ("kmeans++", "init must be one of 'random', 'forgy', 'random_partition', 'k-means\\+\\+'; got 'kmeans\\+\\+'"),
])
def test_mismatched_or_bad_centroids_are_refused(init, msg):
    with pytest.raises(ValueError, match=msg):
        CL.kmeans(chunked(X3, 7), 3, init=init)


def test_mismatched_centroids_in_one_step():
    with pytest.raises(ValueError, match=r"centroids must have 2 features like X; got shape \(3, 5\)"):
        CD.lloyd_step(chunked(X3, 7), np.zeros((3, 5)))


@pytest.mark.parametrize("X, error, msg", [
    (da.ones(5, chunks=2), ValueError, r"X must be a non-empty 2-D .* got shape \(5,\)"),
    (da.ones((0, 2), chunks=2), ValueError, r"got shape \(0, 2\)"),
    (da.from_array(np.array([["a", "b"]] * 4)), ValueError, "dtype <U1"),
    (da.ones((10, 2))[da.ones(10) > 0], ValueError, "known chunk sizes; got shape \\(nan, 2\\)"),
    ([[1.0, 2.0]], TypeError, "X must be a dask.array.Array here; got list"),
])
def test_bad_x(X, error, msg):
    with pytest.raises(error, match=msg):
        CD.kmeans_dask(X, 1, init=[[0.0, 0.0]])


@pytest.mark.parametrize("k, msg", [(301, r"k must be between 1 and the number of samples \(300\); got 301"),
                                    (0, "k must be a positive integer; got 0")])
def test_k_out_of_range(k, msg):
    with pytest.raises(ValueError, match=msg):
        CL.kmeans(chunked(X3, 7), k)


@pytest.mark.parametrize("make, msg", [
    (lambda X: da.ones(300, chunks=10), r"sample_weight must be a 1-D Dask array chunked like the rows of X"),
    (lambda X: da.from_array(-np.ones(300), chunks=(X.chunks[0],)), "sample_weight must be 300 weights ≥ 0, not all 0"),
    (lambda X: da.from_array(np.zeros(300), chunks=(X.chunks[0],)), "sample_weight must be 300 weights ≥ 0, not all 0"),
    (lambda X: da.from_array(np.r_[np.nan, np.ones(299)], chunks=(X.chunks[0],)), "sample_weight must be 300 weights"),
    (lambda X: np.ones(299), r"sample_weight must be 300 weights ≥ 0, not all 0; got \(299,\)"),
])
def test_bad_sample_weight(make, msg):
    X = chunked(X3, 7)
    with pytest.raises(ValueError, match=msg):
        CL.kmeans(X, 3, init=START3, sample_weight=make(X))


@pytest.mark.parametrize("kwargs, error, msg", [
    ({"max_iter": 0}, ValueError, "max_iter must be a positive integer"),
    ({"n_init": 1.5}, TypeError, "n_init must be a positive integer"),
    ({"tol": -1}, ValueError, "tol must be a number ≥ 0"),
    ({"metric": "cosine"}, ValueError, "metric must be one of 'euclidean', 'manhattan'"),
])
def test_other_parameters_are_checked(kwargs, error, msg):
    with pytest.raises(error, match=msg):
        CL.kmeans(chunked(X3, 7), 3, init=START3, **kwargs)


# -- the graph: a map task per chunk fanning into one reduce ------------------------------------------
def test_one_step_is_a_map_per_chunk_into_one_reduce():
    X = chunked(X3, 50)                                      # 6 chunks
    step = CD.lloyd_step(X, START3)
    graph = dict(step.__dask_graph__())
    deps = {key: set(dask.core.get_dependencies(graph, key)) for key in graph}
    maps = [key for key in graph if str(key).startswith("_map")]
    reduce_key = step.key
    assert len(maps) == 6 and set(deps[reduce_key]) == set(maps)    # the fan-in
    assert all(len(deps[m]) == 1 for m in maps)                     # each map reads one chunk
    sums, counts, inertia, digests = step.compute()
    assert sums.shape == (3, 2) and counts.shape == (3,) and len(digests) == 6 and all(len(d) == 8 for d in digests)
    labels, ref_sums, ref_counts, dist = CL.lloyd_partials(X3, START3)   # the whole array in one block
    np.testing.assert_allclose(sums, ref_sums, rtol=1e-12)
    np.testing.assert_array_equal(counts, ref_counts)
    assert inertia == pytest.approx(dist.sum(), rel=1e-12)


# -- a real LocalCluster ---------------------------------------------------------------------------------
def _children():
    """This process's children, but for multiprocessing's resource tracker: it is started with the first
    worker process, serves the whole session and ends with it (it is no worker)."""
    return {p.pid for p in psutil.Process().children(recursive=True)
            if "multiprocessing.resource_tracker" not in " ".join(p.cmdline())}


def _wait_gone(pids):
    alive = []
    for pid in pids:
        try:
            alive.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=10)


# A worker process holds about 200 MB of Python and libraries before any data. Dask pauses a worker whose
# memory passes 80% of its limit, and a paused worker whose memory does not fall again never runs another
# task: with a limit of 300 MiB, a worker at 265 MB hung this suite. These tests are not about memory, so
# their workers get room; notebook 05 shows a limit at work with its margin measured.
WORKER_MEMORY = "1GiB"


@pytest.fixture(scope="module")
def local_cluster():
    """Two worker processes (the real thing: functions and partials pickled between processes), one thread
    each, on 127.0.0.1 only, the dashboard on a free port of 127.0.0.1 (with ":0" it would listen on every
    interface, which test_local_cluster_binds_to_localhost_only catches); closed at the end, processes gone."""
    before = _children()
    # no work stealing: the scheduler may otherwise move a chunk to an idle worker, in any Dask program, and
    # the bytes moved between workers would no longer be the algorithm's alone
    with dask.config.set({"distributed.scheduler.work-stealing": False}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address="127.0.0.1:0", memory_limit=WORKER_MEMORY, silence_logs=40)
    client = distributed.Client(cluster)
    started = _children() - before
    yield cluster, client, started
    client.close()
    cluster.close()
    _wait_gone(started)
    assert not (_children() - before), "the LocalCluster left processes behind"


def test_local_cluster_binds_to_localhost_only(local_cluster):
    cluster, client, started = local_cluster
    assert len(started) >= 2                                    # the worker processes (and their nannies' own)
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    assert all(a.startswith("tcp://127.0.0.1:") for a in client.scheduler_info()["workers"])
    listening = [c.laddr.ip for pid in started | {psutil.Process().pid}
                 for c in psutil.Process(pid).net_connections("inet") if c.status == psutil.CONN_LISTEN]
    assert listening and set(listening) == {"127.0.0.1"}, listening


def test_the_dashboard_works_offline(local_cluster):
    # every script and style sheet of the status page comes from the scheduler itself (bokeh's own copy)
    _, client, _ = local_cluster
    link = client.dashboard_link
    assert link.startswith("http://127.0.0.1:") and link.endswith("/status")
    html = urllib.request.urlopen(link, timeout=30).read().decode()
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html) + re.findall(r'<link[^>]* href="([^"]+\.css)"', html)
    assert any("bokeh.min.js" in s for s in scripts), scripts
    assert not [s for s in scripts if "://" in s], scripts          # nothing from another host
    base = link.rsplit("/", 1)[0]
    for src in scripts:
        assert urllib.request.urlopen(f"{base}/{src.lstrip('/')}", timeout=30).status == 200, src


def test_same_fit_on_the_local_cluster_and_only_partials_travel(local_cluster):
    _, client, _ = local_cluster
    X, _ = CL.make_blobs(200_000, 6, std=2.0, rng=4)                 # 9.6 MB in 20 chunks
    C0 = X[:6].copy()
    Xd = client.persist(chunked(X, 10_000))
    distributed.wait(Xd)
    client.run(lambda dask_worker: dask_worker.transfer_outgoing_log.clear())
    ours = CL.kmeans(Xd, 6, init=C0, tol=0, max_iter=8, record_history=False)
    sent = client.run(lambda dask_worker: sum(e["total"] for e in dask_worker.transfer_outgoing_log))
    labels = ours.labels.compute()
    assert_same_fit(ours, CL.kmeans(X, 6, init=C0, tol=0, max_iter=8))
    assert ours.n_iter == 8
    # between workers only partials move (a few kB per step), never a 480 kB chunk
    assert sum(sent.values()) < 400_000, sent
    assert len(labels) == len(X)


def test_nan_is_named_on_the_local_cluster(local_cluster):
    X = X3.copy()
    X[123, 0] = np.nan
    with pytest.raises(ValueError, match=r"X must contain only finite numbers; got nan at index \(123, 0\)"):
        CL.kmeans(chunked(X, 50), 3, init=START3)


def test_a_closed_cluster_leaves_no_process():
    before = _children()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", memory_limit=WORKER_MEMORY, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        started = _children() - before
        assert started
        res = CL.kmeans(chunked(X3, 100), 3, init=START3)
        assert client.scheduler_info()["workers"]
    _wait_gone(started)
    assert not (_children() - before)
    assert_same_fit(res, CL.kmeans(X3, 3, init=START3))   # labels computed with the threaded scheduler now
