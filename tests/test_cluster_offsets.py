"""Exact where the data lives: an offset of the data (timestamps, say: 1e9) changes nothing.

k-means from the same start must give the same labels as on the unshifted data; the metrics must agree
with a computation from exact differences on the same shifted numbers. (x − y is exact for two floats
within a factor of 2 of each other, so differences of the shifted data carry no rounding.)"""
import math

import numpy as np
import pytest

from mlviz import cluster as CL

OFFSETS = [0.0, 1e4, 1e6, 1e9]


def _blobs(n=300, d=2, rng=0):
    X, truth = CL.make_blobs(n, [[-3.0] * d, [0.0] * (d - 1) + [3.0], [3.0] + [-1.0] * (d - 1)], std=0.9, rng=rng)
    return X, truth


def _exact_silhouette(X, lab):
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))  # exact differences
    s = np.zeros(len(X))
    for i in range(len(X)):
        own = lab == lab[i]
        if own.sum() > 1:
            a = D[i, own].sum() / (own.sum() - 1)
            b = min(D[i, lab == j].mean() for j in np.unique(lab) if j != lab[i])
            s[i] = (b - a) / max(a, b)
    return s


def _exact_davies_bouldin(X, lab):
    Xr = X - X[0]   # exact at any offset: every point is then where the data lives
    ks = np.unique(lab)
    C = np.array([Xr[lab == j].mean(axis=0) for j in ks])
    s = np.array([np.sqrt(((Xr[lab == j] - C[i]) ** 2).sum(axis=1)).mean() for i, j in enumerate(ks)])
    R = [[(s[i] + s[j]) / np.sqrt(((C[i] - C[j]) ** 2).sum()) for j in range(len(ks)) if j != i] for i in range(len(ks))]
    return float(np.mean([max(r) for r in R]))


@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize("d", [2, 5])
def test_kmeans_gives_the_same_labels_at_any_offset(offset, d):
    X, _ = _blobs(d=d)
    start = np.array([[-1.0, 3.0] + [0.0] * (d - 2), [0.0, 4.0] + [0.0] * (d - 2), [1.0, 3.0] + [0.0] * (d - 2)])
    ref = CL.kmeans(X, 3, init=start, tol=1e-4, record_history=True)
    got = CL.kmeans(X + offset, 3, init=start + offset, tol=1e-4, record_history=True)
    np.testing.assert_array_equal(got.labels, ref.labels)
    assert got.n_iter == ref.n_iter > 2          # the tolerance is the same too: variances of centred data
    np.testing.assert_allclose(got.centroids - offset, ref.centroids, atol=4 * np.spacing(offset) + 1e-12)
    for (kind, a), (_, b) in zip(got.history, ref.history):
        if kind == "assign":
            np.testing.assert_array_equal(a, b)
    # the inertia of the shifted numbers, from exact differences (the shift itself rounds the data)
    exact = ((X + offset - got.centroids[got.labels]) ** 2).sum()
    assert got.inertia == pytest.approx(exact, rel=1e-12)
    assert got.inertia == pytest.approx(ref.inertia, rel=1e-12 + 1e-15 * offset)


@pytest.mark.parametrize("offset", OFFSETS)
def test_kmeans_plusplus_and_several_runs_at_any_offset(offset):
    X, _ = _blobs(600, rng=3)
    ref, got = CL.kmeans(X, 3, n_init=3, rng=0), CL.kmeans(X + offset, 3, n_init=3, rng=0)
    # the three runs find the same partition, under other names; which of them is "best" is a matter of
    # rounding (their inertias differ by 1e-13): the same partition is what counts
    pairs = set(zip(got.labels.tolist(), ref.labels.tolist()))
    assert len(pairs) == 3 and len({a for a, _ in pairs}) == len({b for _, b in pairs}) == 3
    seeds = CL.kmeans_plusplus(X + offset, 8, rng=1) - offset   # the same points are drawn
    np.testing.assert_allclose(seeds, CL.kmeans_plusplus(X, 8, rng=1), rtol=0, atol=np.spacing(offset))


@pytest.mark.parametrize("offset", OFFSETS)
def test_many_row_blocks_at_an_offset(offset, monkeypatch):
    X, _ = _blobs(3000, d=3, rng=1)
    start = X[[0, 1, 2]]
    ref = CL.kmeans(X, 3, init=start)
    monkeypatch.setattr(CL, "_BLOCK_FLOATS", 3 * 250)  # 250 rows a block
    got = CL.kmeans(X + offset, 3, init=start + offset)
    np.testing.assert_array_equal(got.labels, ref.labels)


@pytest.mark.parametrize("offset", OFFSETS)
def test_lloyd_partials_at_any_offset(offset):
    X, _ = _blobs(rng=2)
    C = np.array([[-2.0, -2.0], [0.5, 2.5], [2.0, -1.0]])
    labels, sums, counts, sq = CL.lloyd_partials(X, C)
    labels_o, sums_o, counts_o, sq_o = CL.lloyd_partials(X + offset, C + offset)
    np.testing.assert_array_equal(labels_o, labels)
    np.testing.assert_array_equal(counts_o, counts)
    exact = ((X + offset - (C + offset)[labels]) ** 2).sum(axis=1)
    np.testing.assert_allclose(sq_o, exact, rtol=1e-12, atol=1e-13)   # the data spread over ±10: ε·100 ≈ 2e-14
    # the sums of the shifted points, against their correctly rounded sums (math.fsum): the means they give
    # are within the spacing of the floats at the offset (summing the raw numbers drifts further, √n_j·ε·offset)
    Xo = X + offset
    ref_sums = np.array([[math.fsum(Xo[labels == j, f]) for f in range(2)] for j in range(3)])
    np.testing.assert_allclose(sums_o, ref_sums, rtol=1e-14)
    np.testing.assert_allclose(sums_o / counts[:, None], ref_sums / counts[:, None], rtol=0,
                               atol=3 * np.spacing(max(offset, 10.0)))


@pytest.mark.parametrize("offset", OFFSETS)
def test_silhouette_is_exact_at_any_offset(offset):
    X, truth = _blobs(240, rng=4)
    Xo = X + offset
    ref = _exact_silhouette(Xo, truth)
    # ‖x‖² − 2x·y + ‖y‖² loses half the digits of a distance between two nearly equal points (√ε ≈ 1e-8 of
    # their size) at every offset, as in scikit-learn; uncentred, an offset of 1e9 would leave none at all
    np.testing.assert_allclose(CL.silhouette_samples(Xo, truth), ref, rtol=0, atol=1e-9)
    assert CL.silhouette_score(Xo, truth) == pytest.approx(ref.mean(), abs=1e-10)


@pytest.mark.parametrize("offset", OFFSETS)
def test_davies_bouldin_is_exact_at_any_offset(offset):
    X, truth = _blobs(240, rng=5)
    Xo = X + offset
    assert CL.davies_bouldin(Xo, truth) == pytest.approx(_exact_davies_bouldin(Xo, truth), rel=1e-12)


@pytest.mark.parametrize("offset", OFFSETS)
def test_sums_of_squares_are_exact_at_any_offset(offset):
    X, truth = _blobs(240, rng=6)
    Xo = X + offset
    Xr = Xo - Xo[0]                                  # exact differences
    C = np.array([Xr[truth == j].mean(axis=0) for j in range(3)])
    wcss = ((Xr - C[truth]) ** 2).sum()
    tss = ((Xr - Xr.mean(axis=0)) ** 2).sum()
    bcss = (np.bincount(truth) * ((C - Xr.mean(axis=0)) ** 2).sum(axis=1)).sum()
    assert CL.wcss(Xo, truth) == pytest.approx(wcss, rel=1e-12)
    assert CL.tss(Xo) == pytest.approx(tss, rel=1e-12)
    assert CL.bcss(Xo, truth) == pytest.approx(bcss, rel=1e-12)
    assert CL.tss(Xo) == pytest.approx(CL.wcss(Xo, truth) + CL.bcss(Xo, truth), rel=1e-12)
