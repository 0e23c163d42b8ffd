"""mlviz.cluster: hand-computed cases, the map step and its row blocks, properties, bad input.

scikit-learn comparisons are in test_cluster_reference.py, offsets in test_cluster_offsets.py."""
import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from mlviz import cluster as CL
from mlviz._validation import scale_exponent

SQUARE = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])


# -- hand-computed --------------------------------------------------------------------------------
def test_lloyd_by_hand():
    res = CL.kmeans(SQUARE, 2, init=np.array([[0.0, 0.0], [10.0, 0.0]]))
    np.testing.assert_allclose(res.centroids, [[0.0, 0.5], [10.0, 0.5]])
    assert res.labels.tolist() == [0, 0, 1, 1] and res.inertia == pytest.approx(1.0)   # 4 × 0.5²
    assert res.converged and res.n_iter == 2
    kinds = [h[0] for h in res.history]
    assert kinds == ["init", "assign", "update", "assign", "update"]
    np.testing.assert_array_equal(res.history[0][1], [[0.0, 0.0], [10.0, 0.0]])
    assert res.inertia_trace == pytest.approx([2.0, 1.0])  # 0 + 1 + 0 + 1 from the start, then 4 × 0.5²


def test_tol_zero_stops_at_the_fixed_point():
    # with tol = 0 the run ends when no point changes cluster; the centroids' rounding must not keep it going
    X, _ = CL.make_blobs(300, [[-3, -3], [0, 3], [3, -1]], std=0.9, rng=0)
    res = CL.kmeans(X, 3, init=np.array([[-1.0, 3.0], [0.0, 4.0], [1.0, 3.0]]), tol=0, record_history=True)
    assert res.converged and res.n_iter == 4
    np.testing.assert_array_equal(res.history[-2][1], res.history[-4][1])   # the last two assignments agree
    X = np.random.default_rng(1).normal(size=(2000, 3)) + 1e6    # no clusters, far from the origin
    assert CL.kmeans(X, 5, rng=0, tol=0).converged


def test_centroid_is_the_mean_not_the_midpoint():
    x = np.array([[0.0], [1.0], [2.0], [10.0]])
    c = CL.update_centroids(x, np.zeros(4, int), 1)[0, 0]
    assert c == 3.25 and c != (0 + 10) / 2
    # the mean minimises the sum of squared distances; the median the sum of absolute distances
    grid = np.linspace(0, 10, 10001)
    assert grid[np.argmin([np.sum((x - g) ** 2) for g in grid])] == pytest.approx(3.25)
    assert 1.0 <= grid[np.argmin([np.sum(np.abs(x - g)) for g in grid])] <= 2.0


def test_update_centroids_weighted_and_empty_by_hand():
    X = np.array([[0.0], [4.0], [10.0]])
    C = CL.update_centroids(X, [0, 0, 2], 3, sample_weight=[3.0, 1.0, 2.0])
    assert C[0, 0] == 1.0 and C[2, 0] == 10.0      # (3·0 + 1·4) / 4
    assert np.isnan(C[1, 0])                       # an empty cluster is a NaN row, on purpose


def test_metrics_by_hand():
    lab = np.array([0, 0, 1, 1])
    assert CL.wcss(SQUARE, lab) == pytest.approx(1.0)
    assert CL.bcss(SQUARE, lab) == pytest.approx(4 * 25.0)
    assert CL.tss(SQUARE) == pytest.approx(CL.wcss(SQUARE, lab) + CL.bcss(SQUARE, lab))
    # a = 1 (the other point of its pair), b = mean(10, √101): s = 1 − a/b
    b = (10 + np.sqrt(101)) / 2
    np.testing.assert_allclose(CL.silhouette_samples(SQUARE, lab), 1 - 1 / b)
    # s = 0.5 in each cluster, centroids 10 apart: (0.5 + 0.5) / 10
    assert CL.davies_bouldin(SQUARE, lab) == pytest.approx(0.1)
    assert CL.wcss(SQUARE, lab, [[0.0, 0.0], [10.0, 0.0]]) == 2.0  # given centroids: 0 + 1 + 0 + 1


def test_empty_cluster_takes_the_worst_served_point_by_hand():
    # Step 1: every point is nearest 0.1, so clusters 1 and 2 are empty. The worst-served point, 5 (4.9 away),
    # goes to cluster 1, the next, 0.25 (0.15 away), to cluster 2.
    X = np.array([[0.0], [0.1], [0.25], [5.0]])
    res = CL.kmeans(X, 3, init=np.array([[0.1], [100.0], [200.0]]), max_iter=10, record_history=True)
    assert res.n_empty_fixed == 2
    assert res.history[1][0] == "assign" and res.history[1][1].tolist() == [0, 0, 2, 1]
    np.testing.assert_allclose(res.history[2][1], [[0.05], [5.0], [0.25]])
    np.testing.assert_allclose(res.centroids, [[0.05], [5.0], [0.25]])
    assert res.labels.tolist() == [0, 0, 2, 1] and res.inertia == pytest.approx(2 * 0.05 ** 2)
    # without a history, the distances are not computed in each step, only when a cluster is empty: same fit
    quiet = CL.kmeans(X, 3, init=np.array([[0.1], [100.0], [200.0]]), max_iter=10, record_history=False)
    assert quiet.n_empty_fixed == 2 and quiet.labels.tolist() == [0, 0, 2, 1] and quiet.history == []
    np.testing.assert_array_equal(quiet.centroids, res.centroids)


def test_a_cluster_left_empty_by_duplicates_keeps_its_centroid():
    X = np.repeat(np.array([[1.0, 1.0], [4.0, 4.0]]), 10, axis=0)
    res = CL.kmeans(X, 2, init=np.array([[1.0, 1.0], [1.0, 1.0]]))
    assert res.converged and np.all(np.isfinite(res.centroids)) and res.inertia == pytest.approx(0.0)
    assert CL.kmeans(np.ones((5, 2)), 2, rng=0).inertia == 0.0
    assert np.all(np.isfinite(CL.kmeans_plusplus(np.ones((5, 2)), 3, rng=0)))


def test_online_kmeans_with_count_rate_gives_the_exact_mean():
    g = np.random.default_rng(0)
    X = g.normal(size=(200, 2)) + [5, 5]
    res = CL.online_kmeans(X, 1, init=np.array([[0.0, 0.0]]), rng=0)
    # the starting point counts as one sample: the centroid is the mean of it and all 200 points
    np.testing.assert_allclose(res.centroids[0], (X.sum(axis=0) + [0, 0]) / 201)


def test_initializations():
    X, _ = CL.make_blobs(300, 4, rng=1)
    for method in CL.INITS:
        C = CL.init_centroids(X, 4, method, rng=0)
        assert C.shape == (4, 2) and np.all(np.isfinite(C))
        np.testing.assert_array_equal(C, CL.init_centroids(X, 4, method, rng=0))
    forgy = CL.init_centroids(X, 4, "forgy", rng=0)
    assert all(any(np.array_equal(c, x) for x in X) for c in forgy)
    rand = CL.init_centroids(X, 4, "random", rng=0)
    assert np.all(rand >= X.min(0)) and np.all(rand <= X.max(0))
    part = CL.init_centroids(X, 4, "random_partition", rng=0)
    assert np.linalg.norm(part - X.mean(0), axis=1).max() < 3   # bunched near the overall mean


def test_variants_run_and_are_sensible():
    X, y = CL.make_blobs(600, 3, std=0.5, rng=3)
    lloyd = CL.kmeans(X, 3, n_init=3, rng=0)
    mb = CL.minibatch_kmeans(X, 3, batch_size=64, max_iter=50, rng=0)
    assert mb.inertia < 1.1 * lloyd.inertia
    f = CL.fuzzy_cmeans(X, 3, m=2.0, rng=0)
    np.testing.assert_allclose(f.memberships.sum(axis=1), 1.0)
    crisp, soft = CL.fuzzy_cmeans(X, 3, m=1.1, rng=0), CL.fuzzy_cmeans(X, 3, m=4.0, rng=0)
    assert crisp.memberships.max(axis=1).mean() > soft.memberships.max(axis=1).mean()
    med = CL.kmedoids(X[:200], 3, rng=0)
    assert all(any(np.array_equal(c, x) for x in X[:200]) for c in med.centroids)
    kmed = CL.kmedians(X, 3, rng=0)
    assert kmed.converged
    for j in range(3):
        np.testing.assert_allclose(kmed.centroids[j], np.median(X[kmed.labels == j], axis=0))


def test_weighted_kmeans_equals_repeating_points():
    X = np.array([[0.0], [1.0], [10.0]])
    w = np.array([1.0, 3.0, 2.0])
    res = CL.kmeans(X, 1, init=np.array([[0.0]]), sample_weight=w)
    assert res.centroids[0, 0] == pytest.approx((0 + 3 + 20) / 6)
    rep = CL.kmeans(np.repeat(X, [1, 3, 2], axis=0), 1, init=np.array([[0.0]]))
    assert res.inertia == pytest.approx(rep.inertia)


def test_manhattan_assigns_by_l1_and_reports_l1_inertia():
    X = np.array([[0.0, 0.0], [3.0, 0.0], [2.0, 2.0]])
    C = np.array([[3.0, 0.0], [2.0, 2.0]])
    # (0, 0) is 3 from c0 and 4 from c1 in L1, but 9 and 8 in squared L2
    assert CL.assign(X, C, "manhattan").tolist() == [0, 0, 1]
    assert CL.assign(X, C).tolist() == [1, 0, 1]
    res = CL.kmeans(X, 2, init=C, metric="manhattan", max_iter=1)
    np.testing.assert_allclose(res.centroids, [[1.5, 0.0], [2.0, 2.0]])   # updated with the mean
    assert res.labels.tolist() == [0, 0, 1] and res.inertia == 3.0       # L1: 1.5 + 1.5 + 0


# -- the map step, its row blocks and the reduce ------------------------------------------------------
def test_lloyd_partials_by_hand():
    X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [12.0, 0.0]])
    labels, sums, counts, sq = CL.lloyd_partials(X, [[0.0, 1.0], [9.0, 0.0]], sample_weight=[1.0, 1.0, 2.0, 0.0])
    assert labels.tolist() == [0, 0, 1, 1]
    np.testing.assert_array_equal(sums, [[0.0, 2.0], [20.0, 0.0]])   # 2·(10, 0) + 0·(12, 0)
    np.testing.assert_array_equal(counts, [2.0, 2.0])
    np.testing.assert_array_equal(sq, [1.0, 1.0, 1.0, 9.0])           # unweighted, each point's own term
    _, _, _, l1 = CL.lloyd_partials(X, [[0.0, 1.0], [9.0, 0.0]], metric="manhattan")
    np.testing.assert_array_equal(l1, [1.0, 1.0, 1.0, 3.0])


def test_ties_go_to_the_lowest_index():
    C = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 0.0]])  # centroids 1 and 3 coincide
    X = np.array([[1.0, 0.0], [2.0, 0.1], [1.0, 1.0], [0.0, 1.9], [5.0, 0.0]])
    # (1,0) is 1 from c0 and c1: c0; (1,1) is √2 from c0, c1, c2: c0; (5,0) is nearest to c1 = c3: c1
    labels, _, _, sq = CL.lloyd_partials(X, C)
    assert labels.tolist() == [0, 1, 0, 2, 1]
    np.testing.assert_allclose(sq, [1.0, 0.01, 2.0, 0.01, 9.0])
    assert CL.assign(X, C).tolist() == [0, 1, 0, 2, 1]


@given(st.integers(1, 12), st.integers(0, 1000))
@settings(max_examples=40, deadline=None)
def test_exact_ties_on_a_grid_go_to_the_lowest_index(k, seed):
    g = np.random.default_rng(seed)
    C = g.integers(-2, 3, size=(k, 3)).astype(float)
    C[0] += -C.sum(axis=0) % k  # a whole-number mean too: the shift, the products and the scores are exact
    X = g.integers(-3, 4, size=(200, 3)).astype(float)
    D = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)   # many exact ties
    labels, _, _, sq = CL.lloyd_partials(X, C)
    np.testing.assert_array_equal(labels, D.argmin(axis=1))
    np.testing.assert_array_equal(sq, D.min(axis=1))


@given(st.integers(20, 300), st.integers(1, 6), st.lists(st.floats(0, 1), max_size=5), st.integers(0, 1000),
       st.booleans())
@settings(max_examples=60, deadline=None)
def test_partials_over_any_row_split_add_up_to_the_whole(n, k, cuts, seed, weighted):
    g = np.random.default_rng(seed)
    X = g.normal(size=(n, 3)) * [1.0, 5.0, 0.1] + 1e6   # far from the origin, too
    C = X[g.choice(n, size=k, replace=False)] + g.normal(size=(k, 3))
    w = g.uniform(0, 2, n) if weighted else None
    whole = CL.lloyd_partials(X, C, sample_weight=w)
    bounds = [0, *sorted({int(c * n) for c in cuts} - {0, n}), n]
    parts = [CL.lloyd_partials(X[a:b], C, sample_weight=None if w is None else w[a:b])
             for a, b in zip(bounds, bounds[1:])]
    np.testing.assert_array_equal(np.concatenate([p[0] for p in parts]), whole[0])
    np.testing.assert_allclose(sum(p[1] for p in parts), whole[1], rtol=1e-13)
    np.testing.assert_allclose(sum(p[2] for p in parts), whole[2], rtol=1e-14)
    # BLAS may round a row's product differently in a block of another size: equal to the last bit or two
    np.testing.assert_allclose(np.concatenate([p[3] for p in parts]), whole[3], rtol=1e-14, atol=1e-14)
    reduced = sum(p[1] for p in parts) / np.maximum(sum(p[2] for p in parts), 1e-300)[:, None]
    np.testing.assert_allclose(reduced[whole[2] > 0], CL.update_centroids(X, whole[0], k, w)[whole[2] > 0],
                               rtol=1e-13)


def test_small_row_blocks_give_the_same_fit_and_silhouette(monkeypatch):
    X, _ = CL.make_blobs(5000, 6, rng=4)
    C0 = CL.init_centroids(X, 6, "forgy", rng=0)
    one_block = CL.kmeans(X, 6, init=C0, max_iter=20, tol=0)
    sil = CL.silhouette_samples(X[:2000], one_block.labels[:2000])
    monkeypatch.setattr(CL, "_BLOCK_FLOATS", 333 * 6)  # blocks of 333 rows for k = 6; 1 row for the silhouette
    blocks = CL.kmeans(X, 6, init=C0, max_iter=20, tol=0)
    np.testing.assert_array_equal(blocks.labels, one_block.labels)
    np.testing.assert_allclose(blocks.centroids, one_block.centroids, rtol=1e-13)
    assert blocks.inertia == pytest.approx(one_block.inertia, rel=1e-13)
    np.testing.assert_allclose(CL.silhouette_samples(X[:2000], one_block.labels[:2000]), sil, atol=1e-12)
    np.testing.assert_allclose(sil, _naive_silhouette(X[:2000], one_block.labels[:2000]), atol=1e-12)


def test_float16_data_gives_the_float64_answer():
    X, _ = CL.make_blobs(300, 3, std=0.5, rng=2)
    X16 = X.astype(np.float16)
    C0 = X16[[0, 1, 2]]
    half = CL.kmeans(X16, 3, init=C0)
    full = CL.kmeans(X16.astype(np.float64), 3, init=C0.astype(np.float64))
    assert half.n_iter == full.n_iter > 1 and half.inertia == full.inertia
    np.testing.assert_array_equal(half.labels, full.labels)
    assert half.centroids.dtype == np.float64


@pytest.mark.parametrize("block_rows", [None, 7])
def test_silhouette_matches_scikit_learn_to_rounding(monkeypatch, block_rows):
    silhouette_reference = pytest.importorskip("sklearn.metrics").silhouette_samples
    X, _ = CL.make_blobs(700, 4, rng=11)
    lab = CL.kmeans(X, 4, rng=0).labels
    lab[0] = lab.max() + 1  # a singleton cluster: 0 in both
    if block_rows:  # blocks of 7 rows: each block's own distances sit off its first column
        monkeypatch.setattr(CL, "_SIL_FLOATS", block_rows * len(X))
    ref = silhouette_reference(X, lab)
    # a point's distance to itself is 0, not the root of a rounding error (1e-8‖x‖), which put 2e-9 into a
    np.testing.assert_allclose(CL.silhouette_samples(X, lab), ref, rtol=0, atol=1e-12)
    for e in (-1000, 1000):  # 1e±300: brought back into range by a power of two, which is exact
        np.testing.assert_allclose(CL.silhouette_samples(np.ldexp(X, e), lab), ref, rtol=0, atol=1e-12)


def _naive_silhouette(X, lab):
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    s = []
    for i in range(len(X)):
        own = lab == lab[i]
        a = D[i, own].sum() / (own.sum() - 1)
        b = min(D[i, lab == j].mean() for j in np.unique(lab) if j != lab[i])
        s.append((b - a) / max(a, b))
    return np.array(s)


# -- extreme magnitudes ------------------------------------------------------------------------------
VARIANTS = {
    "kmeans": lambda X, **kw: CL.kmeans(X, 3, rng=0, **kw),
    "online": lambda X, **kw: CL.online_kmeans(X, 3, rng=0, **kw),
    "minibatch": lambda X, **kw: CL.minibatch_kmeans(X, 3, batch_size=50, max_iter=20, rng=0, **kw),
    "fuzzy": lambda X, **kw: CL.fuzzy_cmeans(X, 3, rng=0, **kw),
    "kmedoids": lambda X, **kw: CL.kmedoids(X, 3, rng=0, **kw),
    "kmedians": lambda X, **kw: CL.kmedians(X, 3, rng=0, **kw),
}


@pytest.mark.parametrize("e", [-700, -300, 300, 700])
@pytest.mark.parametrize("name", VARIANTS)
def test_clustering_refuses_entries_whose_squares_leave_the_float_range(name, e):
    X, _ = CL.make_blobs(240, 3, rng=6)
    with pytest.raises(ValueError, match=r"^X must have sizes from about 1e-77 to 1e77 \(squares in the float "
                                         r"range\); got \S+: rescale$"):
        VARIANTS[name](np.ldexp(X, e))
    if e > 0:  # a tiny start is fine next to data of size 1: its squares only vanish beside theirs
        with pytest.raises(ValueError, match=r"^X and init must have sizes from about 1e-77 to 1e77 \(squares in "
                                             r"the float range\); got \S+: rescale$"):
            VARIANTS[name](X, init=np.ldexp(X[[0, 100, 200]], e))
    assert np.all(np.isfinite(VARIANTS[name](np.ldexp(X, e // 10)).centroids))  # 1e±60 is fine


@pytest.mark.parametrize("e", [-700, 700])
def test_scale_free_answers_at_any_magnitude(e):
    X, truth = CL.make_blobs(240, 3, rng=6)
    C = X[[0, 100, 200]]
    np.testing.assert_array_equal(CL.assign(np.ldexp(X, e), np.ldexp(C, e)), CL.assign(X, C))
    np.testing.assert_array_equal(CL.assign(np.ldexp(X, e), np.ldexp(C, e), "manhattan"), CL.assign(X, C, "manhattan"))
    assert CL.silhouette_score(np.ldexp(X, e), truth) == pytest.approx(CL.silhouette_score(X, truth), rel=1e-12)
    assert CL.davies_bouldin(np.ldexp(X, e), truth) == pytest.approx(CL.davies_bouldin(X, truth), rel=1e-12)
    np.testing.assert_array_equal(CL.update_centroids(np.ldexp(X, e), truth, 3),
                                  np.ldexp(CL.update_centroids(X, truth, 3), e))


def test_sums_of_squares_beyond_the_float_range_are_refused():
    X = SQUARE * 1e300
    for f in (lambda: CL.wcss(X, [0, 0, 1, 1]), lambda: CL.tss(X), lambda: CL.bcss(X, [0, 0, 1, 1])):
        with pytest.raises(ValueError, match=r"X has entries so large that the (WCSS|TSS|BCSS) is beyond the float "
                                             r"range \(about 1.8e308\); got inf: rescale X"):
            f()
    assert CL.tss(SQUARE * 1e-300) == 0.0   # 1e-600 rounds to 0: the nearest float


# -- properties -------------------------------------------------------------------------------------
pts = arrays(np.float64, st.tuples(st.integers(6, 40), st.just(2)),
             elements=st.floats(-50, 50, allow_nan=False, allow_subnormal=False))


@given(pts, st.integers(1, 4), st.integers(0, 100))
@settings(max_examples=60, deadline=None)
def test_lloyd_never_increases_wcss(X, k, seed):
    assume(scale_exponent(X) == 0)  # data of size 1e-77 or less is refused (tested above)
    res = CL.kmeans(X, k, rng=seed, max_iter=50, tol=0, record_history=True)
    trace = np.array(res.inertia_trace + [res.inertia])
    assert np.all(np.diff(trace) <= 1e-9 * (1 + trace[:-1]))


@given(st.integers(6, 60), st.integers(0, 10_000))
@settings(max_examples=40, deadline=None)
def test_labels_invariant_to_permuting_the_data(n, seed):
    g = np.random.default_rng(seed)
    X = g.normal(size=(n, 2)) * [1.0, 3.0]        # points in general position: no ties to break
    C0 = CL.init_centroids(X, 3, "forgy", rng=seed)
    perm = g.permutation(n)
    a = CL.kmeans(X, 3, init=C0, tol=0)
    b = CL.kmeans(X[perm], 3, init=C0, tol=0)
    np.testing.assert_array_equal(b.labels, a.labels[perm])


@given(pts, st.floats(1.1, 5.0))
@settings(max_examples=40, deadline=None)
def test_fuzzy_memberships_sum_to_one(X, m):
    assume(scale_exponent(X) == 0)
    f = CL.fuzzy_cmeans(X, 2, m=m, rng=0, max_iter=30)
    np.testing.assert_allclose(f.memberships.sum(axis=1), 1.0)
    assert np.all(f.memberships >= 0)


# -- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize("k, error, msg", [
    (5, ValueError, r"k must be between 1 and the number of samples \(4\); got 5"),
    (0, ValueError, r"k must be a positive integer; got 0"),
    (-1, ValueError, r"k must be a positive integer; got -1"),
    (2.0, TypeError, r"k must be a positive integer; got float 2.0"),
])
def test_k_out_of_range(k, error, msg):
    for f in (CL.kmeans, CL.online_kmeans, CL.kmedians, CL.init_centroids, CL.kmeans_plusplus):
        with pytest.raises(error, match=msg):
            f(SQUARE, k)


def test_nan_or_inf():
    X = SQUARE.copy()
    X[1, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must contain only finite numbers; got nan at index \(1, 1\)"):
        CL.kmeans(X, 2)
    X[1, 1] = np.inf
    with pytest.raises(ValueError, match=r"X must contain only finite numbers"):
        CL.silhouette_score(X, [0, 0, 1, 1])


@pytest.mark.parametrize("w, msg", [
    ([1, -1, 1, 1], r"sample_weight must be 4 weights ≥ 0, not all 0; got \(4,\) from -1.0 to 1.0"),
    ([0, 0, 0, 0], r"sample_weight must be 4 weights ≥ 0, not all 0; got \(4,\) from 0.0 to 0.0"),
    ([1, 1, 1], r"sample_weight must be 4 weights ≥ 0, not all 0; got \(3,\)"),
    ([1, np.nan, 1, 1], r"sample_weight must contain only finite numbers; got nan at index 1"),
])
def test_bad_sample_weight(w, msg):
    with pytest.raises(ValueError, match=msg):
        CL.kmeans(SQUARE, 2, sample_weight=w)


def test_a_block_may_have_all_zero_weights_but_not_negative_ones():
    _, _, counts, _ = CL.lloyd_partials(SQUARE, SQUARE[[0, 2]], sample_weight=np.zeros(4))
    np.testing.assert_array_equal(counts, [0.0, 0.0])
    with pytest.raises(ValueError, match=r"sample_weight must be 4 weights ≥ 0"):
        CL.lloyd_partials(SQUARE, SQUARE[[0, 2]], sample_weight=[1, 1, -1, 1])


def test_lloyd_partials_bad_input():
    with pytest.raises(ValueError, match=r"centroids must have 2 features like X_chunk; got shape \(2, 3\)"):
        CL.lloyd_partials(SQUARE, np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"X_chunk must be 2-D \(n_samples, n_features\); got shape \(4,\)"):
        CL.lloyd_partials(SQUARE[:, 0], SQUARE[[0, 2]])
    with pytest.raises(ValueError, match=r"metric must be one of 'euclidean', 'manhattan'; got 'cosine'"):
        CL.lloyd_partials(SQUARE, SQUARE[[0, 2]], metric="cosine")
    with pytest.raises(ValueError, match=r"X_chunk and centroids must have sizes from about 1e-77 to 1e77 \(squares "
                                         r"in the float range\); got 1e\+301: rescale"):
        CL.lloyd_partials(SQUARE * 1e300, SQUARE[[0, 2]])


@pytest.mark.parametrize("m", [1.0, 0.5, np.inf, True])
def test_fuzzifier_not_above_one(m):
    with pytest.raises(ValueError, match=r"m \(the fuzzifier\) must be a number > 1"):
        CL.fuzzy_cmeans(SQUARE, 2, m=m)


@pytest.mark.parametrize("tol", [-1e-4, np.nan, "0.1", None, True])
def test_bad_tol(tol):
    with pytest.raises(ValueError, match=r"tol must be a number ≥ 0; got"):
        CL.kmeans(SQUARE, 2, tol=tol)


def test_unknown_init_or_metric_lists_valid_ones():
    with pytest.raises(ValueError, match=r"init must be one of 'random', 'forgy', 'random_partition', 'k-means\+\+'; "
                                         r"got 'kmeans\+\+'"):
        CL.kmeans(SQUARE, 2, init="kmeans++")
    with pytest.raises(ValueError, match=r"metric must be one of 'euclidean', 'manhattan'; got 'cosine'"):
        CL.kmeans(SQUARE, 2, metric="cosine")
    with pytest.raises(ValueError, match=r"method must be one of 'random', 'forgy'"):
        CL.init_centroids(SQUARE, 2, SQUARE[:2])


INIT_TAKERS = {
    "kmeans": lambda init: CL.kmeans(SQUARE, 2, init=init),
    "online_kmeans": lambda init: CL.online_kmeans(SQUARE, 2, init=init),
    "minibatch_kmeans": lambda init: CL.minibatch_kmeans(SQUARE, 2, init=init),
    "fuzzy_cmeans": lambda init: CL.fuzzy_cmeans(SQUARE, 2, init=init),
    "kmedoids": lambda init: CL.kmedoids(SQUARE, 2, init=init),
    "kmedians": lambda init: CL.kmedians(SQUARE, 2, init=init),
}


@pytest.mark.parametrize("init, error, msg", [
    (np.zeros((3, 2)), ValueError, r"init must be a method name or a \(k, n_features\) = \(2, 2\) array; got \(3, 2\)"),
    (np.zeros((2, 3)), ValueError, r"init must be a method name or a \(k, n_features\) = \(2, 2\) array; got \(2, 3\)"),
    (np.zeros(2), ValueError, r"init must be 2-D \(n_samples, n_features\); got shape \(2,\)"),
    ([[0.0, np.nan], [1.0, 1.0]], ValueError, r"init must contain only finite numbers; got nan at index \(0, 1\)"),
    ([["a", "b"], ["c", "d"]], TypeError, r"init must be an array of real numbers; got array of shape \(2, 2\)"),
    (None, TypeError, r"init must be an array of real numbers; got NoneType"),
    ("kmeans++", ValueError, r"init must be one of 'random', 'forgy', 'random_partition', 'k-means\+\+'"),
])
@pytest.mark.parametrize("name", INIT_TAKERS)
def test_init_arrays_are_checked(name, init, error, msg):
    with pytest.raises(error, match=msg):
        INIT_TAKERS[name](init)


def test_an_init_array_is_not_modified():
    start = np.array([[0.0, 0.0], [10.0, 0.0]])
    for f in INIT_TAKERS.values():
        f(start)
        np.testing.assert_array_equal(start, [[0.0, 0.0], [10.0, 0.0]])


@pytest.mark.parametrize("call, msg", [
    (lambda: CL.update_centroids(SQUARE, [0, 5, 0, 1], 2),
     r"labels must be cluster indices between 0 and k − 1 = 1; got 5 at index 1"),
    (lambda: CL.update_centroids(SQUARE, [0, 1, 0], 2), r"labels must be 4 integer cluster labels, one per row of X; "
                                                         r"got array of shape \(3,\) and dtype int64"),
    (lambda: CL.update_centroids(SQUARE, [0.0, 1.0, 0.0, 1.0], 2),
     r"labels must be 4 integer cluster labels, one per row of X; got array of shape \(4,\) and dtype float64"),
    (lambda: CL.wcss(SQUARE, [0, 0, -1, 1]), r"labels must be cluster indices ≥ 0; got -1 at index 2"),
    (lambda: CL.wcss(SQUARE, [0, 0, 2, 1], SQUARE[[0, 2]]),
     r"labels must be cluster indices between 0 and k − 1 = 1; got 2 at index 2"),
    (lambda: CL.wcss(SQUARE, [0, 0, 1, 1], np.zeros((2, 3))), r"centroids must have 2 features like X; got shape"),
    (lambda: CL.bcss(SQUARE, [0, 0, 0.5, 1]), r"labels must be 4 integer cluster labels, one per row of X; got "
                                               r"array of shape \(4,\) and dtype float64"),
    (lambda: CL.silhouette_score(SQUARE, "0011"), r"labels must be 4 integer cluster labels"),
    (lambda: CL.silhouette_score(SQUARE[:3], [0, 0, 1, 1]), r"labels must be 3 integer cluster labels, one per row "
                                                             r"of X; got array of shape \(4,\)"),
    (lambda: CL.davies_bouldin(SQUARE, [[0, 0], [1, 1]]), r"labels must be 4 integer cluster labels, one per "
                                                          r"row of X; got array of shape \(2, 2\)"),
    (lambda: CL.davies_bouldin(SQUARE, [[0, 1], [1]]), r"labels must be 4 integer cluster labels, one per row of X; "
                                                       r"got array of shape \(2,\) and dtype object"),
    (lambda: CL.silhouette_score(SQUARE, [0, 0, 0, 0]),
     r"labels must name between 2 and n − 1 = 3 clusters for the silhouette; got 1"),
    (lambda: CL.davies_bouldin(SQUARE, [1, 1, 1, 1]),
     r"labels must name at least 2 clusters for the Davies–Bouldin index; got 1"),
])
def test_labels_are_checked(call, msg):
    with pytest.raises(ValueError, match=msg):
        call()


def test_other_parameters_are_checked():
    for call, error, msg in [
        (lambda: CL.kmeans(SQUARE, 2, n_init=0), ValueError, r"n_init must be a positive integer; got 0"),
        (lambda: CL.kmeans(SQUARE, 2, max_iter=1.5), TypeError, r"max_iter must be a positive integer; got float 1.5"),
        (lambda: CL.online_kmeans(SQUARE, 2, lr=0.0), ValueError, r"lr must be 'count' \(η = 1/n_j\) or a number in "
                                                                   r"\(0, 1\]; got float 0.0"),
        (lambda: CL.online_kmeans(SQUARE, 2, lr=True), ValueError, r"lr must be 'count'"),
        (lambda: CL.minibatch_kmeans(SQUARE, 2, batch_size=0), ValueError, r"batch_size must be a positive integer"),
        (lambda: CL.minibatch_kmeans(SQUARE, 2, init_size=-3), ValueError, r"init_size must be a positive integer"),
        (lambda: CL.kmeans_plusplus(SQUARE, 2, n_trials=0), ValueError, r"n_trials must be a positive integer"),
        (lambda: CL.kmedoids(SQUARE, 2, metric="l3"), ValueError, r"metric must be one of 'euclidean', 'manhattan'"),
    ]:
        with pytest.raises(error, match=msg):
            call()


def test_quality_indices_take_labels_as_names():
    lab, renamed = np.array([0, 0, 1, 1]), np.array([-7, -7, 3, 3])
    for f in (CL.bcss, CL.silhouette_score, CL.davies_bouldin):
        assert f(SQUARE, renamed) == f(SQUARE, lab)
    np.testing.assert_array_equal(CL.silhouette_samples(SQUARE, renamed), CL.silhouette_samples(SQUARE, lab))


def test_generators_check_their_input():
    for call, error, msg in [
        (lambda: CL.make_blobs(0), ValueError, r"n must be a positive integer; got 0"),
        (lambda: CL.make_blobs(10, centers=True), ValueError, r"centers must be 2-D \(n_samples, n_features\); got "
                                                               r"shape \(\)"),
        (lambda: CL.make_blobs(10, centers=0), ValueError, r"centers must be a positive integer; got 0"),
        (lambda: CL.make_blobs(10, std=0.0), ValueError, r"std must be a number > 0 or 3 of them, one per blob; got 0.0"),
        (lambda: CL.make_blobs(10, std=[1.0, 2.0]), ValueError, r"std must be a number > 0 or 3 of them"),
        (lambda: CL.make_blobs(10, std=np.nan), ValueError, r"std must contain only finite numbers"),
        (lambda: CL.make_blobs(10, std="1"), TypeError, r"std must be an array of real numbers"),
        (lambda: CL.make_rings(10, radii=[1.0, -3.0]), ValueError, r"radii must be ≥ 0; got -3.0 at index 1"),
        (lambda: CL.make_rings(10, noise=-0.1), ValueError, r"noise must be a finite number ≥ 0 \(a standard "
                                                             r"deviation\); got float -0.1"),
        (lambda: CL.make_customers(-1), ValueError, r"n must be a positive integer; got -1"),
        (lambda: CL.elbow(SQUARE, ks=[1, 0]), ValueError, r"ks must be cluster counts between 1 and the number of "
                                                           r"samples \(4\); got 0"),
        (lambda: CL.elbow(SQUARE, ks="12"), TypeError, r"ks must be a list of cluster counts; got str '12'"),
        (lambda: CL.fuzzy_cmeans(SQUARE, 2, tol="0.1"), ValueError, r"tol must be a number ≥ 0; got str '0.1'"),
    ]:
        with pytest.raises(error, match=msg):
            call()
    np.testing.assert_array_equal(CL.make_blobs(10, 2, std=[0.5, 2.0], rng=1)[1], np.arange(10) % 2)


def test_fuzzy_with_a_huge_fuzzifier_is_uniform_not_nan():
    f = CL.fuzzy_cmeans(SQUARE, 2, m=1e300, init=[[1.0, 0.5], [9.0, 0.5]])
    np.testing.assert_allclose(f.memberships, 0.5)
    assert np.all(np.isfinite(f.centroids)) and np.isfinite(f.objective)


def test_davies_bouldin_is_zero_where_scikit_learn_says_so():
    # every cluster a single repeated point: no spread
    assert CL.davies_bouldin([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]], [0, 0, 1, 1]) == 0.0
    # both centroids at 1: no separation to measure
    assert CL.davies_bouldin([[0.0], [2.0], [1.0], [1.0]], [0, 0, 1, 1]) == 0.0


def test_elbow_and_rings():
    X, _ = CL.make_blobs(300, [[-4, 0], [4, 0], [0, 6]], std=0.8, rng=0)
    e = CL.elbow(X, ks=range(1, 6), n_init=3, rng=0)
    assert e["k"] == [1, 2, 3, 4, 5] and e["silhouette"][0] is None
    assert all(a >= b for a, b in zip(e["wcss"], e["wcss"][1:]))
    assert int(np.argmax(e["silhouette"][1:])) + 2 == 3
    rings, labels = CL.make_rings(200, radii=(1.0, 3.0), noise=0.0, rng=0)
    r = np.hypot(*rings.T)
    np.testing.assert_allclose(r, np.where(labels == 0, 1.0, 3.0))


def test_a_tie_between_restarts_goes_to_the_first_run_not_to_rounding():
    # Two starts that find the same clustering, numbered differently, with inertias a few ulps apart (as two
    # machines' BLAS builds may give): the first run is returned, whichever sum came out a bit lower.
    X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
    a = CL.kmeans(X, 2, init=[[0.0, 0.0], [10.0, 0.0]])
    b = CL.kmeans(X, 2, init=[[10.0, 0.0], [0.0, 0.0]])
    assert a.inertia == b.inertia == 1.0 and not np.array_equal(a.labels, b.labels)
    b = dataclasses.replace(b, inertia=np.nextafter(np.nextafter(1.0, 0.0), 0.0))  # two ulps lower
    assert CL._best_run([a, b]) is a and CL._best_run([b, a]) is b
    c = dataclasses.replace(a, inertia=0.5)  # really lower: it wins wherever it stands
    assert CL._best_run([a, b, c]) is c and CL._best_run([c, a]) is c
