"""mlviz against reference implementations (SciPy, scikit-learn), which are test-only dependencies."""
import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.decomposition import PCA as SkPCA
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine

from mlviz import decomposition, similarity as sim

rng = np.random.default_rng(42)
X = rng.normal(size=(120, 16))
Y = rng.normal(size=(45, 16))


@pytest.mark.parametrize(
    "ours, theirs",
    [("euclidean", "euclidean"), ("sqeuclidean", "sqeuclidean"), ("manhattan", "cityblock"),
     ("cosine_distance", "cosine")],
)
def test_pairwise_matches_cdist(ours, theirs):
    np.testing.assert_allclose(sim.pairwise(X, Y, ours), cdist(X, Y, theirs), rtol=1e-10, atol=1e-10)


def test_mahalanobis_matches_cdist():
    A = rng.normal(size=(16, 16))
    cov = A @ A.T + 16 * np.eye(16)
    np.testing.assert_allclose(sim.pairwise(X, Y, "mahalanobis", cov=cov),
                               cdist(X, Y, "mahalanobis", VI=np.linalg.inv(cov)), rtol=1e-9, atol=1e-9)
    # Default covariance: the sample covariance of X (scipy's default stacks X and Y instead).
    VI = np.linalg.inv(np.cov(X, rowvar=False))
    np.testing.assert_allclose(sim.pairwise(X, Y, "mahalanobis"), cdist(X, Y, "mahalanobis", VI=VI), rtol=1e-9, atol=1e-9)
    assert sim.mahalanobis(X[0], Y[0], cov) == pytest.approx(cdist(X[:1], Y[:1], "mahalanobis",
                                                                   VI=np.linalg.inv(cov))[0, 0])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_cosine_matches_sklearn(dtype):
    # Any input dtype is computed in float64: compare with scikit-learn on the same numbers in float64.
    Xd, Yd = X.astype(dtype), Y.astype(dtype)
    ours = sim.pairwise(Xd, Yd, "cosine_similarity")
    assert ours.dtype == np.float64
    np.testing.assert_allclose(ours, sk_cosine(Xd.astype(float), Yd.astype(float)), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_low_precision_euclidean_is_computed_in_float64(dtype):
    Xd, Yd = X.astype(dtype), Y.astype(dtype)
    np.testing.assert_allclose(sim.pairwise(Xd, Yd), cdist(Xd.astype(float), Yd.astype(float)), rtol=1e-12)


@pytest.mark.parametrize("f, metric", [(sim.euclidean, "euclidean"), (sim.manhattan, "cityblock"),
                                       (sim.cosine_distance, "cosine")])
def test_single_pair_matches_cdist(f, metric):
    assert f(X[3], Y[7]) == pytest.approx(cdist(X[3:4], Y[7:8], metric)[0, 0], rel=1e-12)


def test_pca_matches_sklearn_up_to_sign():
    ours = decomposition.pca(X, n_components=3)
    ref = SkPCA(n_components=3).fit(X)
    np.testing.assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_, rtol=1e-10)
    signs = np.sign(np.sum(ours.components * ref.components_, axis=1))
    np.testing.assert_allclose(ours.components, ref.components_ * signs[:, None], atol=1e-10)
    np.testing.assert_allclose(ours.coords, ref.transform(X) * signs, atol=1e-10)
    np.testing.assert_allclose(ours.transform(X[:5]), ours.coords[:5], atol=1e-12)
