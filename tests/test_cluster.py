"""mlviz.cluster: hand-computed cases, scikit-learn references, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from mlviz import cluster as CL

SQUARE = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])


# -- hand-computed --------------------------------------------------------------------------------
def test_lloyd_by_hand():
    res = CL.kmeans(SQUARE, 2, init=np.array([[0.0, 0.0], [10.0, 0.0]]))
    np.testing.assert_allclose(res.centroids, [[0.0, 0.5], [10.0, 0.5]])
    assert res.labels.tolist() == [0, 0, 1, 1] and res.inertia == pytest.approx(1.0)   # 4 × 0.5²
    assert res.converged and res.n_iter == 2
    kinds = [h[0] for h in res.history]
    assert kinds[:3] == ["init", "assign", "update"]


def test_centroid_is_the_mean_not_the_midpoint():
    x = np.array([[0.0], [1.0], [2.0], [10.0]])
    c = CL.update_centroids(x, np.zeros(4, int), 1)[0, 0]
    assert c == 3.25 and c != (0 + 10) / 2
    # the mean minimises the sum of squared distances; the median the sum of absolute distances
    grid = np.linspace(0, 10, 10001)
    assert grid[np.argmin([np.sum((x - g) ** 2) for g in grid])] == pytest.approx(3.25)
    assert 1.0 <= grid[np.argmin([np.sum(np.abs(x - g)) for g in grid])] <= 2.0


def test_metrics_by_hand():
    lab = np.array([0, 0, 1, 1])
    assert CL.wcss(SQUARE, lab) == pytest.approx(1.0)
    assert CL.bcss(SQUARE, lab) == pytest.approx(4 * 25.0)
    assert CL.tss(SQUARE) == pytest.approx(CL.wcss(SQUARE, lab) + CL.bcss(SQUARE, lab))
    # a = 1 (the other point of its pair), b = mean(10, √101): s = 1 − a/b
    b = (10 + np.sqrt(101)) / 2
    np.testing.assert_allclose(CL.silhouette_samples(SQUARE, lab), 1 - 1 / b)


def test_empty_cluster_is_reseeded_not_nan():
    X = np.array([[0.0], [0.1], [0.2], [5.0]])
    res = CL.kmeans(X, 3, init=np.array([[0.1], [100.0], [200.0]]), max_iter=10)
    assert np.all(np.isfinite(res.centroids)) and res.n_empty_fixed >= 1
    assert len(np.unique(res.labels)) == 3


def test_duplicate_points_and_identical_initial_centroids_converge():
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
    for j in range(3):
        np.testing.assert_allclose(kmed.centroids[j], np.median(X[kmed.labels == j], axis=0))


def test_weighted_kmeans_equals_repeating_points():
    X = np.array([[0.0], [1.0], [10.0]])
    w = np.array([1.0, 3.0, 2.0])
    res = CL.kmeans(X, 1, init=np.array([[0.0]]), sample_weight=w)
    assert res.centroids[0, 0] == pytest.approx((0 + 3 + 20) / 6)
    rep = CL.kmeans(np.repeat(X, [1, 3, 2], axis=0), 1, init=np.array([[0.0]]))
    assert res.inertia == pytest.approx(rep.inertia)


def test_chunked_threads_equal_one_chunk(monkeypatch):
    X, _ = CL.make_blobs(5000, 6, rng=4)
    C0 = CL.init_centroids(X, 6, "forgy", rng=0)
    full = CL.kmeans(X, 6, init=C0, max_iter=20, tol=0)
    monkeypatch.setattr(CL, "_LLOYD_ROWS", 333)
    small = CL.kmeans(X, 6, init=C0, max_iter=20, tol=0)
    np.testing.assert_array_equal(small.labels, full.labels)
    np.testing.assert_allclose(small.centroids, full.centroids, rtol=1e-12)
    monkeypatch.setattr(CL, "_SIL_BLOCK", 700)
    np.testing.assert_allclose(CL.silhouette_samples(X[:2000], full.labels[:2000]),
                               _naive_silhouette(X[:2000], full.labels[:2000]), atol=1e-9)


@pytest.mark.parametrize("e", [-700, -530, 530, 700])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_kmeans_on_tiny_or_huge_entries_gives_the_scaled_answer(e, metric):
    # Scaling every entry by 2^e is exact, so the clustering must be the same and the centroids scale exactly;
    # the squares of such entries under- or overflow, which used to put every point in one cluster (2^-700)
    # or leave two clusters and an infinite inertia (2^530).
    X, _ = CL.make_blobs(300, 4, rng=5)
    C0 = CL.init_centroids(X, 4, "forgy", rng=1)
    ref = CL.kmeans(X, 4, rng=2, metric=metric, record_history=True)
    got = CL.kmeans(np.ldexp(X, e), 4, rng=2, metric=metric, record_history=True)
    np.testing.assert_array_equal(got.labels, ref.labels)
    np.testing.assert_array_equal(got.centroids, np.ldexp(ref.centroids, e))
    assert got.n_iter == ref.n_iter and len(got.history) == len(ref.history)
    np.testing.assert_array_equal(got.history[-1][1], np.ldexp(ref.history[-1][1], e))   # an update step
    power = 2 * e if metric == "euclidean" else e
    if abs(power) < 1000:  # otherwise the inertia itself is beyond the float range
        assert got.inertia == pytest.approx(np.ldexp(ref.inertia, power), rel=1e-12)
    given_start = CL.kmeans(np.ldexp(X, e), 4, init=np.ldexp(C0, e), metric=metric)
    np.testing.assert_array_equal(given_start.labels, CL.kmeans(X, 4, init=C0, metric=metric).labels)
    np.testing.assert_array_equal(CL.assign(np.ldexp(X, e), np.ldexp(ref.centroids, e), metric), ref.labels)


VARIANTS = {
    "online": lambda X, **kw: CL.online_kmeans(X, 3, rng=0, **kw),
    "minibatch": lambda X, **kw: CL.minibatch_kmeans(X, 3, batch_size=50, max_iter=20, rng=0, **kw),
    "fuzzy": lambda X, **kw: CL.fuzzy_cmeans(X, 3, rng=0, **kw),
    "kmedoids": lambda X, **kw: CL.kmedoids(X, 3, rng=0, **kw),
    "kmedians": lambda X, **kw: CL.kmedians(X, 3, rng=0, **kw),
}


@pytest.mark.parametrize("e", [-700, 700])
@pytest.mark.parametrize("name", VARIANTS)
def test_variants_and_silhouette_on_tiny_or_huge_entries(name, e):
    X, truth = CL.make_blobs(240, 3, rng=6)
    ref, got = VARIANTS[name](X), VARIANTS[name](np.ldexp(X, e))
    np.testing.assert_array_equal(got.labels, ref.labels)
    np.testing.assert_allclose(got.centroids, np.ldexp(ref.centroids, e), rtol=1e-13)
    start = np.ldexp(X[[0, 100, 200]], e)  # an init array is scaled with X
    np.testing.assert_array_equal(VARIANTS[name](np.ldexp(X, e), init=start).labels,
                                  VARIANTS[name](X, init=X[[0, 100, 200]]).labels)
    assert CL.silhouette_score(np.ldexp(X, e), truth) == pytest.approx(CL.silhouette_score(X, truth), rel=1e-12)


def _nearest_labels(X, C):
    """Labels from :class:`mlviz.cluster._Nearest` for all of X in one chunk, and its returned scores."""
    near = CL._Nearest(-2.0 * C, np.einsum("ij,ij->i", C, C)[:, None], len(X))
    labels = np.empty(len(X), dtype=np.intp)
    return labels, near(X, labels).copy()


def test_nearest_by_hand_with_ties_going_to_the_first_centroid():
    C = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 0.0]])  # centroids 1 and 3 coincide
    X = np.array([[1.0, 0.0], [2.0, 0.1], [1.0, 1.0], [0.0, 1.9], [5.0, 0.0]])
    labels, scores = _nearest_labels(X, C)
    # (1,0) is 1 from c0 and c1: c0; (1,1) is √2 from c0, c1, c2: c0; (5,0) is nearest to c1 = c3: c1
    assert labels.tolist() == [0, 1, 0, 2, 1]
    np.testing.assert_allclose(scores + (X ** 2).sum(axis=1), [1.0, 0.01, 2.0, 0.01, 9.0])


@pytest.mark.parametrize("k", [1, 2, 3, 32, 255, 256, 300])  # the rank type: uint8 up to 255, then uint16
def test_nearest_matches_argmin_including_ties(k):
    rng = np.random.default_rng(k)
    C = rng.integers(-2, 3, size=(k, 3)).astype(float)  # a small grid: many exact ties
    X = rng.integers(-3, 4, size=(500, 3)).astype(float)
    D = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    labels, scores = _nearest_labels(X, C)
    np.testing.assert_array_equal(labels, D.argmin(axis=1))
    np.testing.assert_allclose(scores + (X ** 2).sum(axis=1), D.min(axis=1), atol=1e-12)


def test_nearest_falls_back_to_argmin_on_a_nan_score():
    C = np.array([[0.0], [1.0], [np.nan]])
    labels, _ = _nearest_labels(np.array([[0.9], [0.1]]), C)
    assert labels.tolist() == [2, 2]  # argmin's answer: the first NaN; never an index out of range


def test_incremental_sums_equal_sums_from_scratch(monkeypatch):
    """After the first step, only points that changed cluster move between the running sums."""
    X = np.random.default_rng(8).normal(size=(30_000, 5))   # no clusters: labels keep changing for long
    C0 = CL.init_centroids(X, 12, "forgy", rng=1)
    lab1, _, s1, c1 = CL._lloyd_step(X, C0, None, 12, "euclidean", need_dist=False)
    C1 = s1 / c1[:, None]
    lab2, _, s2, c2 = CL._lloyd_step(X, C1, None, 12, "euclidean", need_dist=False, prev=(lab1, s1, c1))
    moved = np.mean(lab2 != lab1)
    assert 0.01 < moved < 0.5
    s_ref, c_ref = CL._sums(X, lab2, 12)
    np.testing.assert_array_equal(c2, c_ref)                # counts stay exact integers
    np.testing.assert_allclose(s2, s_ref, rtol=1e-12, atol=1e-9)
    fit = CL.kmeans(X, 12, init=C0, max_iter=25, tol=0)      # steps 2–10 and 12–25 incremental
    monkeypatch.setattr(CL, "_LLOYD_ROWS", 1000)            # many chunks, moves gathered over spans
    monkeypatch.setattr(CL, "_MOVE_BYTES", 2500 * (12 + 5) * 8)  # of 2,500 rows (3 chunks)
    spans = CL.kmeans(X, 12, init=C0, max_iter=25, tol=0)
    monkeypatch.setattr(CL, "_FULL_SUMS_EVERY", 1)         # every step from scratch
    scratch = CL.kmeans(X, 12, init=C0, max_iter=25, tol=0)
    for other in (spans, scratch):
        np.testing.assert_array_equal(fit.labels, other.labels)
        np.testing.assert_allclose(fit.centroids, other.centroids, rtol=1e-12)
        assert fit.inertia == pytest.approx(other.inertia, rel=1e-13)


def _naive_silhouette(X, lab):
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    s = []
    for i in range(len(X)):
        own = lab == lab[i]
        a = D[i, own].sum() / (own.sum() - 1)
        b = min(D[i, lab == j].mean() for j in np.unique(lab) if j != lab[i])
        s.append((b - a) / max(a, b))
    return np.array(s)


# -- properties -------------------------------------------------------------------------------------
pts = arrays(np.float64, st.tuples(st.integers(6, 40), st.just(2)), elements=st.floats(-50, 50, allow_nan=False))


int_pts = arrays(np.float64, st.tuples(st.integers(6, 60), st.integers(1, 3)), elements=st.integers(-6, 6).map(float))


@given(int_pts, st.integers(1, 5), st.integers(0, 100), st.sampled_from(["euclidean", "manhattan"]))
@settings(max_examples=80, deadline=None)
def test_running_sums_give_exactly_the_sums_from_scratch(X, k, seed, metric):
    """On small integers every sum is exact, so both ways must agree to the bit, ties, duplicates and
    re-seeded empty clusters included."""
    k = min(k, len(X))
    fit = CL.kmeans(X, k, init="forgy", rng=seed, max_iter=30, tol=0, metric=metric)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(CL, "_FULL_SUMS_EVERY", 1)
        scratch = CL.kmeans(X, k, init="forgy", rng=seed, max_iter=30, tol=0, metric=metric)
    np.testing.assert_array_equal(fit.labels, scratch.labels)
    np.testing.assert_array_equal(fit.centroids, scratch.centroids)
    assert fit.n_iter == scratch.n_iter and fit.n_empty_fixed == scratch.n_empty_fixed


@given(pts, st.integers(1, 4), st.integers(0, 100))
@settings(max_examples=60, deadline=None)
def test_lloyd_never_increases_wcss(X, k, seed):
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
    f = CL.fuzzy_cmeans(X, 2, m=m, rng=0, max_iter=30)
    np.testing.assert_allclose(f.memberships.sum(axis=1), 1.0)
    assert np.all(f.memberships >= 0)


# -- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize("k", [0, -1, 5])
def test_k_out_of_range(k):
    with pytest.raises(ValueError, match=r"k must be between 1 and the number of samples \(4\); got"):
        CL.kmeans(SQUARE, k)


def test_nan_or_inf():
    X = SQUARE.copy()
    X[1, 1] = np.nan
    with pytest.raises(ValueError, match=r"X must contain only finite numbers; got nan at index \(1, 1\)"):
        CL.kmeans(X, 2)
    X[1, 1] = np.inf
    with pytest.raises(ValueError, match=r"X must contain only finite numbers"):
        CL.silhouette_score(X, [0, 0, 1, 1])


@pytest.mark.parametrize("w,msg", [([1, -1, 1, 1], r"sample_weight must be ≥ 0; got -1.0 at index 1"),
                                   ([0, 0, 0, 0], r"sample_weight must not be all zero")])
def test_bad_sample_weight(w, msg):
    with pytest.raises(ValueError, match=msg):
        CL.kmeans(SQUARE, 2, sample_weight=w)


@pytest.mark.parametrize("m", [1.0, 0.5])
def test_fuzzifier_not_above_one(m):
    with pytest.raises(ValueError, match=r"m \(the fuzzifier\) must be a number > 1"):
        CL.fuzzy_cmeans(SQUARE, 2, m=m)


def test_unknown_init_or_metric_lists_valid_ones():
    with pytest.raises(ValueError, match=r"init must be one of 'random', 'forgy', 'random_partition', 'k-means\+\+'; got 'kmeans\+\+'"):
        CL.kmeans(SQUARE, 2, init="kmeans++")
    with pytest.raises(ValueError, match=r"metric must be one of 'euclidean', 'manhattan'; got 'cosine'"):
        CL.kmeans(SQUARE, 2, metric="cosine")


def test_elbow_and_rings():
    X, _ = CL.make_blobs(300, [[-4, 0], [4, 0], [0, 6]], std=0.8, rng=0)
    e = CL.elbow(X, ks=range(1, 6), n_init=3, rng=0)
    assert e["k"] == [1, 2, 3, 4, 5] and e["silhouette"][0] is None
    assert all(a >= b for a, b in zip(e["wcss"], e["wcss"][1:]))
    assert int(np.argmax(e["silhouette"][1:])) + 2 == 3
    rings, labels = CL.make_rings(200, radii=(1.0, 3.0), noise=0.0, rng=0)
    r = np.hypot(*rings.T)
    np.testing.assert_allclose(r, np.where(labels == 0, 1.0, 3.0))
