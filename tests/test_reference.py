"""mlviz against reference implementations (SciPy, scikit-learn), which are test-only dependencies."""
import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.decomposition import PCA as SkPCA
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine

from mlviz import compression, datasets, decomposition, similarity as sim

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


@pytest.mark.parametrize("scale", [1e-300, 1e300])
def test_pca_of_tiny_and_huge_data(scale):
    # The variances of 1e300 data are 1e600: the ratios are taken relative to the largest, so they stay exact.
    ours, ref = decomposition.pca(X * scale, n_components=3), SkPCA(n_components=3).fit(X)
    np.testing.assert_allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_, rtol=1e-10)
    np.testing.assert_allclose(np.abs(ours.coords) / scale, np.abs(ref.transform(X)), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("scale", [1e-300, 1.0, 1e300])
def test_low_rank_error_and_quantize_rms_at_any_scale(scale):
    W = X[:20, :8] * scale
    s = np.linalg.svd(X[:20, :8], compute_uv=False)
    assert compression.low_rank(W, 3).error == pytest.approx(np.sqrt(np.sum(s[3:] ** 2) / np.sum(s ** 2)), rel=1e-12)
    qz = compression.quantize(W, bits=4)
    err = (qz.dequantize() - W) / scale
    assert qz.rms_error / scale == pytest.approx(np.sqrt(np.mean(err ** 2)), rel=1e-9)


def test_prune_a_nested_list_is_one_matrix():
    W = [[0.1, -2.0, 0.3], [3.0, 0.05, -0.2]]
    pruned, mask = compression.prune(W, 0.5)
    np.testing.assert_array_equal(pruned, compression.prune(np.array(W), 0.5)[0])
    assert mask.sum() == 3 and pruned.tolist() == [[0.0, -2.0, 0.3], [3.0, 0.0, 0.0]]
    layers, masks = compression.prune([np.array(W), np.array(W[0])], 0.5)  # a list of arrays: one per layer
    assert len(layers) == 2 and [m.sum() for m in masks] == [3, 1]  # round(1.5) = 2 of 3 go


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(shape=(3, 2.5)), TypeError, r"shape must be an int; got float 2.5"),
    (dict(shape=(3, -1)), ValueError, r"shape must be an int ≥ 0; got -1"),
    (dict(shape="3x3"), TypeError, r"shape must be a pair \(n_rows, n_cols\); got str '3x3'"),
    (dict(shape=(3, 3), nnz=2.5), TypeError, r"nnz must be an int; got float 2.5"),
    (dict(shape=(3, 3), nnz="3"), TypeError, r"nnz must be an int; got str '3'"),
    (dict(shape=(3, 3), nnz=True), TypeError, r"nnz must be an int; got bool True"),
    (dict(shape=(3, 3), nnz=10), ValueError, r"nnz must be an int from 0 to 9; got 10"),
    (dict(shape=(3, 3), value_bytes=0), ValueError, r"value_bytes must be a positive number"),
])
def test_storage_bytes_refuses_what_it_cannot_count(kwargs, error, message):
    with pytest.raises(error, match=message):
        compression.storage_bytes(**kwargs)


def test_compression_messages_name_the_argument():
    with pytest.raises(TypeError, match=r"qz must be the Quantized result of quantize\(\); got array of shape \(3,\)"):
        compression.dequantize(np.ones(3))
    with pytest.raises(ValueError, match=r"x must contain only finite numbers; got nan"):
        compression.float_round([1.0, np.nan], 3)
    with pytest.raises(TypeError, match=r"sparsity must be a number in \[0, 1\)"):
        compression.prune(np.ones((2, 2)), [[0.5]])


def test_dataset_helpers_name_the_argument():
    with pytest.raises(ValueError, match=r"name must be one of the files listed in .*SHA256SUMS .*; got 'nope.npz'"):
        datasets.verify("nope.npz")
    with pytest.raises(TypeError, match=r"name must be a file name \(str\) or None; got int 3"):
        datasets.verify(3)
    digits = datasets.load_digits()
    with pytest.raises(TypeError, match=r"test_fraction must be a number between 0 and 1; got str '0.5'"):
        digits.split("0.5")
    with pytest.raises(ValueError, match=r"test_fraction must be between 0 and 1 and leave images on both sides; "
                                         r"got 1e-300 \(0 of 1797"):
        digits.split(1e-300)
    with pytest.raises(TypeError, match=r"word must be a str; got int 3"):
        datasets.load_word_embeddings().index(3)
