"""mlviz.cluster against scikit-learn. Lloyd from the same start: identical labels, inertia to 1e-12
relative (empty clusters re-seeded the same way, far from the origin too); k-means++: the same distribution
of seeds (compared by their cost); mini-batch: within the same quality band; silhouette and Davies–Bouldin
to 1e-9, degenerate cases included."""
import numpy as np
import pytest
from sklearn.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus
from sklearn.metrics import davies_bouldin_score, silhouette_samples, silhouette_score

from mlviz import cluster as CL


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("offset", [100.0, 1e6])
def test_lloyd_matches_sklearn_from_the_same_start(seed, weighted, offset):
    X, _ = CL.make_blobs(3000, 6, std=1.5, rng=seed)
    X = X + offset                                 # far from the origin: the inertia must still be exact
    w = np.random.default_rng(seed).uniform(0.5, 2.0, len(X)) if weighted else None
    C0 = CL.init_centroids(X, 6, "forgy", rng=seed)
    ours = CL.kmeans(X, 6, init=C0, max_iter=100, tol=1e-4, sample_weight=w)
    ref = KMeans(6, init=C0, n_init=1, max_iter=100, tol=1e-4, algorithm="lloyd").fit(X, sample_weight=w)
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-12)
    np.testing.assert_allclose(ours.centroids, ref.cluster_centers_, rtol=1e-12, atol=1e-12)
    assert ours.n_iter == ref.n_iter_


def test_kmeans_plusplus_has_sklearns_distribution():
    X, _ = CL.make_blobs(1000, 8, std=2.0, rng=7)
    ks = 8

    def cost(C):
        return ((X[:, None] - C[None]) ** 2).sum(-1).min(1).sum()

    ours = np.array([cost(CL.kmeans_plusplus(X, ks, rng=s)) for s in range(300)])
    ref = np.array([cost(kmeans_plusplus(X, ks, random_state=s)[0]) for s in range(300)])
    from scipy.stats import ks_2samp
    assert ks_2samp(ours, ref).pvalue > 0.01           # same distribution of seeding cost
    assert abs(np.median(ours) / np.median(ref) - 1) < 0.1
    forgy = np.array([cost(CL.init_centroids(X, ks, "forgy", rng=s)) for s in range(300)])
    assert np.median(ours) < 0.7 * np.median(forgy)     # and it is better than picking points at random


def test_minibatch_is_in_sklearns_quality_band():
    X, _ = CL.make_blobs(20_000, 10, std=1.0, rng=2)
    best = CL.kmeans(X, 10, n_init=5, rng=0).inertia
    ours = [CL.minibatch_kmeans(X, 10, batch_size=1024, max_iter=100, rng=s).inertia / best for s in range(5)]
    ref = [MiniBatchKMeans(10, batch_size=1024, max_iter=100, n_init=1, random_state=s).fit(X).inertia_ / best
           for s in range(5)]
    assert np.median(ours) <= max(1.05, 1.02 * np.median(ref))


@pytest.mark.parametrize("k", [2, 3, 7])
def test_silhouette_and_davies_bouldin(k):
    X, _ = CL.make_blobs(1500, 5, rng=k)
    lab = CL.kmeans(X, k, rng=0).labels
    np.testing.assert_allclose(CL.silhouette_samples(X, lab), silhouette_samples(X, lab), atol=1e-9)
    assert CL.silhouette_score(X, lab) == pytest.approx(silhouette_score(X, lab), abs=1e-9)
    assert CL.davies_bouldin(X, lab) == pytest.approx(davies_bouldin_score(X, lab), rel=1e-9)
    lab[0] = lab.max() + 1                           # a singleton cluster: its silhouette is 0 in both
    np.testing.assert_allclose(CL.silhouette_samples(X, lab), silhouette_samples(X, lab), atol=1e-9)


@pytest.mark.parametrize("offset", [0.0, 1e6, 1e9])
def test_empty_clusters_are_reseeded_as_in_sklearn(offset):
    X = np.random.default_rng(0).normal(size=(500, 2)) * 3 + offset
    C0 = X[:8] + 40                        # every start far off: one cluster takes all, seven are empty
    ours = CL.kmeans(X, 8, init=C0)
    ref = KMeans(8, init=C0, n_init=1, algorithm="lloyd").fit(X)
    assert ours.n_empty_fixed == 7
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    assert ours.n_iter == ref.n_iter_
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-10)


def test_small_example_with_empty_clusters_by_hand_and_in_sklearn():
    X, C0 = np.array([[0.0], [0.1], [0.25], [5.0]]), np.array([[0.1], [100.0], [200.0]])
    ours, ref = CL.kmeans(X, 3, init=C0), KMeans(3, init=C0, n_init=1, algorithm="lloyd").fit(X)
    assert ours.labels.tolist() == ref.labels_.tolist() == [0, 0, 2, 1]
    np.testing.assert_allclose(ours.centroids, ref.cluster_centers_, rtol=1e-15)
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-12) and ours.inertia == pytest.approx(0.005)


@pytest.mark.parametrize("X, labels", [
    ([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]], [0, 0, 1, 1]),   # no spread: 0
    ([[0.0], [2.0], [1.0], [1.0]], [0, 0, 1, 1]),                       # coinciding centroids: 0
    ([[0.0], [2.0], [1.0], [1.0], [5.0], [6.0]], [0, 0, 1, 1, 2, 2]),   # one coinciding pair is left out
    ([[0.0], [1.0], [10.0], [11.0]], [3, 3, 7, 7]),                      # any label values
])
def test_davies_bouldin_degenerate_cases(X, labels):
    assert CL.davies_bouldin(X, labels) == pytest.approx(davies_bouldin_score(X, labels), abs=1e-15)
