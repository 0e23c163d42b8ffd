"""Hand-computed cases and every bad input listed for mlviz.similarity."""
import numpy as np
import pytest
from scipy.spatial.distance import cdist

from mlviz import similarity as sim


# ---------------------------------------------------------------- hand-computed values
def test_dot_by_hand():
    assert sim.dot([1, 2, 3], [4, 5, 6]) == 1 * 4 + 2 * 5 + 3 * 6 == 32


def test_norms_by_hand():
    assert sim.norm([3, 4]) == 5.0
    assert sim.norm([3, -4], ord=1) == 7.0
    assert sim.norm([3, -4], ord=np.inf) == 4.0


def test_dot_equals_norms_times_cosine():
    a, b = np.array([3.0, 1.0]), np.array([1.0, 2.0])  # a·b = 5, ‖a‖ = √10, ‖b‖ = √5, θ = 45°
    assert sim.dot(a, b) == pytest.approx(np.sqrt(10) * np.sqrt(5) * np.cos(np.pi / 4))
    assert sim.angle(a, b, degrees=True) == pytest.approx(45.0)
    assert sim.angle(a, b) == pytest.approx(np.pi / 4)


def test_cosine_cases():
    assert sim.cosine_similarity([1, 0], [0, 5]) == 0.0
    assert sim.cosine_similarity([2, 2], [1, 1]) == pytest.approx(1.0)
    assert sim.cosine_similarity([1, 0], [-3, 0]) == pytest.approx(-1.0)
    assert sim.cosine_similarity([1, 1], [1, 0]) == pytest.approx(1 / np.sqrt(2))


def test_cosine_of_huge_vectors_does_not_overflow():
    assert sim.cosine_similarity([1e200, 1e200], [1e200, 0]) == pytest.approx(1 / np.sqrt(2))


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e200, 1e300])
def test_lengths_and_directions_of_huge_and_tiny_vectors(scale):
    # Squares of these entries overflow to inf or underflow to 0; the lengths and angles do not.
    a, b = np.array([3.0, 4.0]) * scale, np.array([1.0, 0.0]) * scale
    assert sim.norm(a) == pytest.approx(5 * scale, rel=1e-15)
    assert sim.norm(a, ord=1) == pytest.approx(7 * scale) and sim.norm(a, ord=np.inf) == 4 * scale
    assert sim.euclidean(a, b) == pytest.approx(np.hypot(2, 4) * scale, rel=1e-15)
    assert sim.cosine_similarity(a, b) == pytest.approx(0.6, rel=1e-15)
    assert sim.cosine_distance(a, b) == pytest.approx(0.4, rel=1e-14)
    assert sim.angle(a, b) == pytest.approx(np.arccos(0.6), rel=1e-15)
    assert sim.mahalanobis(a, b, cov=np.diag([4.0, 1.0])) == pytest.approx(np.hypot(1, 4) * scale, rel=1e-15)


def test_norm_of_1e300_is_not_inf():
    assert sim.norm([1e300, 1e300]) == pytest.approx(np.sqrt(2) * 1e300, rel=1e-15)
    assert sim.norm([5e-324, 0.0]) == 5e-324  # the smallest subnormal is still a length


@pytest.mark.parametrize("tiny", [1e-300, 5e-324])
def test_project_onto_a_tiny_vector_uses_its_direction(tiny):
    p = sim.project([2.0, 3.0], onto=[tiny, 0.0])
    assert p.scalar == 2.0 and p.vector.tolist() == [2.0, 0.0]
    p = sim.project([1e300, 1e300], onto=[tiny, tiny])
    assert p.scalar == pytest.approx(np.sqrt(2) * 1e300, rel=1e-15)
    np.testing.assert_allclose(p.vector, [1e300, 1e300], rtol=1e-15)


def test_angle_degrees_must_be_a_bool():
    with pytest.raises(TypeError, match=r"degrees must be True or False; got str 'no'"):
        sim.angle([1, 0], [0, 1], degrees="no")
    assert sim.angle([1, 0], [0, 1], degrees=np.True_) == 90.0


def test_projection_by_hand():
    p = sim.project([2, 3], onto=[4, 0])
    assert p.scalar == 2.0 and p.vector.tolist() == [2.0, 0.0]
    p = sim.project([1, 2], onto=[1, 1])  # a·b = 3, ‖b‖ = √2
    assert p.scalar == pytest.approx(3 / np.sqrt(2))
    np.testing.assert_allclose(p.vector, [1.5, 1.5])
    p = sim.project([-1, 0], onto=[2, 0])  # pointing away: negative scalar projection
    assert p.scalar == -1.0


def test_scaled_dot_by_hand():
    assert sim.scaled_dot([1, 1, 1, 1], [1, 0, 1, 0]) == 1.0  # 2 / √4
    assert sim.scaled_dot([2] * 9, [1] * 9) == pytest.approx(18 / 3)


def test_notes_distance_examples():
    # Notes: point [3, 4], centroid [1, 2]: Euclidean √8 = 2.83, Manhattan 4.
    assert sim.euclidean([3, 4], [1, 2]) == pytest.approx(np.sqrt(8))
    assert round(sim.euclidean([3, 4], [1, 2]), 2) == 2.83
    assert sim.manhattan([3, 4], [1, 2]) == 4.0


def test_cosine_distance_cases():
    assert sim.cosine_distance([1, 0], [-1, 0]) == 2.0
    assert sim.cosine_distance([1, 0], [0, 1]) == 1.0
    assert sim.cosine_distance([3, 3], [1, 1]) == pytest.approx(0.0, abs=1e-12)


def test_mahalanobis_by_hand():
    # With S = diag(4, 1), a step of 2 along x is one standard deviation.
    assert sim.mahalanobis([2, 0], [0, 0], cov=[[4, 0], [0, 1]]) == 1.0
    # Identity covariance: Mahalanobis = Euclidean.
    assert sim.mahalanobis([3, 4], [0, 0], cov=np.eye(2)) == pytest.approx(5.0)
    # Correlated S: d² = xᵀ S⁻¹ x computed by hand with S⁻¹ = [[4, -2], [-2, 2]] / 4 for S = [[2, 2], [2, 4]].
    assert sim.mahalanobis([1, 1], [0, 0], cov=[[2, 2], [2, 4]]) == pytest.approx(np.sqrt(0.5))


def test_pairwise_small_by_hand():
    X = [[0, 0], [3, 4]]
    np.testing.assert_array_equal(sim.pairwise(X), [[0, 5], [5, 0]])
    np.testing.assert_array_equal(sim.pairwise(X, metric="sqeuclidean"), [[0, 25], [25, 0]])
    np.testing.assert_array_equal(sim.pairwise(X, metric="manhattan"), [[0, 7], [7, 0]])
    np.testing.assert_array_equal(sim.pairwise(X, [[1, 1]], metric="dot"), [[0], [7]])
    np.testing.assert_allclose(sim.pairwise([[1, 0], [0, 2]], metric="cosine_similarity"), [[1, 0], [0, 1]])
    np.testing.assert_allclose(sim.pairwise([[1, 0], [0, 2]], metric="cosine_distance"), [[0, 1], [1, 0]])


def test_pairwise_diagonal_exactly_zero_despite_rounding():
    X = np.random.default_rng(0).normal(1e3, 1, size=(50, 20))  # large offset: the identity cancels badly
    D = sim.pairwise(X)
    assert np.all(np.diag(D) == 0) and np.all(D >= 0)


@pytest.mark.parametrize("offset", [0.0, 1e4, 1e6, 1e8, 1e9])
@pytest.mark.parametrize("metric, scipy_metric", [("euclidean", "euclidean"), ("sqeuclidean", "sqeuclidean"),
                                                  ("manhattan", "cityblock"), ("mahalanobis", "mahalanobis")])
def test_pairwise_is_exact_at_any_offset(offset, metric, scipy_metric):
    # Distances do not change when all data moves by one offset (timestamps, say). Without centring, the
    # identity ‖x‖² − 2x·y + ‖y‖² was off by up to 3.6 at an offset of 1e8 on distances of about 2.
    rng = np.random.default_rng(7)
    X, Y = rng.normal(size=(60, 5)), rng.normal(size=(40, 5))
    cov = np.cov(X, rowvar=False)
    kw = {"VI": np.linalg.inv(cov)} if metric == "mahalanobis" else {}
    got = sim.pairwise(X + offset, Y + offset, metric, **({"cov": cov} if metric == "mahalanobis" else {}))
    # Against the exact differences of the very numbers passed in: only the algorithm's own rounding.
    np.testing.assert_allclose(got, cdist(X + offset, Y + offset, scipy_metric, **kw), rtol=1e-12)
    # Against the unshifted data: X + 1e9 itself is stored to within 6e-8, which bounds any method.
    rtol = max(1e-12, 1e-9 if offset <= 1e6 else 20 * offset * np.finfo(float).eps)
    np.testing.assert_allclose(got, cdist(X, Y, scipy_metric, **kw), rtol=rtol)


@pytest.mark.parametrize("offset", [1e6, 1e9])
def test_pairwise_self_distances_at_an_offset(offset):
    X = np.random.default_rng(8).normal(size=(30, 3)) + offset
    D = sim.pairwise(X)
    np.testing.assert_allclose(D, cdist(X, X), rtol=1e-12, atol=0)
    assert np.all(np.diag(D) == 0)


def test_pairwise_default_covariance_is_that_of_x_and_needs_enough_rows():
    rng = np.random.default_rng(9)
    X, Y = rng.normal(size=(30, 3)) + 1e6, rng.normal(size=(4, 3)) + 1e6
    VI = np.linalg.inv(np.cov(X - 1e6, rowvar=False))
    np.testing.assert_allclose(sim.pairwise(X, Y, "mahalanobis"), cdist(X, Y, "mahalanobis", VI=VI), rtol=1e-8)
    with pytest.raises(ValueError, match=r"X must have more rows than features to estimate the covariance; "
                                         r"got shape \(3, 3\) \(or pass cov\)"):
        sim.pairwise(X[:3], Y, "mahalanobis")
    with pytest.raises(ValueError, match=r"the sample covariance of X must be symmetric positive definite"):
        sim.pairwise(np.column_stack([X[:, 0], X[:, 0]]), metric="mahalanobis")


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e150, 1e300])
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "cosine_similarity", "cosine_distance", "mahalanobis"])
def test_pairwise_tiny_and_huge_inputs(scale, metric):
    # Squares of 1e±300 leave the float range; the distances themselves do not.
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(9, 4)), rng.normal(size=(12, 4))
    expected = sim.pairwise(X, Y, metric) * (scale if metric in ("euclidean", "manhattan") else 1.0)
    np.testing.assert_allclose(sim.pairwise(X * scale, Y * scale, metric), expected, rtol=1e-12, atol=1e-12)


def test_pairwise_squared_distances_out_of_range_are_inf_or_zero():
    X = np.array([[1e300, 0.0], [-1e300, 0.0]])
    assert sim.pairwise(X, metric="sqeuclidean")[0, 1] == np.inf  # 4e600: beyond float64, as in cdist
    assert sim.pairwise(X, metric="euclidean")[0, 1] == 2e300


def test_pairwise_cosine_rows_of_any_size():
    # One tiny, one huge and one subnormal row among ordinary ones: each keeps its true direction.
    X = np.array([[3e-200, 4e-200], [3e200, 4e200], [5e-324, 0.0], [1.0, 1.0]])
    C = sim.pairwise(X, metric="cosine_similarity")
    np.testing.assert_allclose(C[:2, :2], 1.0, rtol=1e-15)
    np.testing.assert_allclose(C[2, :], [0.6, 0.6, 1.0, 1 / np.sqrt(2)], rtol=1e-15)


def test_pairwise_cosine_names_the_zero_row():
    with pytest.raises(ValueError, match=r"^X row 0 is the zero vector: cosine needs a direction"):
        sim.pairwise([[0.0, 0.0], [1.0, 1.0]], metric="cosine_similarity")  # pairwise(X): the rows are X's
    X = np.ones((12, 3))
    X[7] = 0.0
    with pytest.raises(ValueError, match=r"^X row 7 is the zero vector"):
        sim.pairwise(X, np.ones((2, 3)), metric="cosine_distance")


def test_pairwise_computes_in_float64():
    # float16 [300, 400] has a squared length of 250000, beyond float16's 65504.
    X16 = np.array([[300.0, 400.0], [0.0, 0.001]], dtype=np.float16)
    for metric in ("euclidean", "cosine_similarity", "dot"):
        got = sim.pairwise(X16, X16[:1], metric)
        assert got.dtype == np.float64
        np.testing.assert_array_equal(got, sim.pairwise(X16.astype(np.float64), X16[:1].astype(np.float64), metric))
    assert sim.pairwise(X16[:1], np.zeros((1, 2)))[0, 0] == 500.0
    assert sim.pairwise([[1, 2]], [[4, 6]]).tolist() == [[5.0]]  # ints too


def test_softmax_stable_and_normalised():
    np.testing.assert_allclose(sim.softmax([1e4, 1e4 - np.log(3)]), [0.75, 0.25])
    w = sim.softmax([[-1e4, 0, 1e4], [1, 2, 3]])
    np.testing.assert_allclose(w.sum(axis=-1), 1.0)
    assert w[0, 2] == 1.0 and w[0, 0] == 0.0


def test_random_dot_products_variance_is_d():
    x = sim.random_dot_products(64, 20000, rng=0)
    assert abs(x.mean()) < 0.3 and 58 < x.var() < 70  # var = d = 64, sampling sd ≈ 64·√(2/20000) ≈ 0.9·... generous
    np.testing.assert_array_equal(x, sim.random_dot_products(64, 20000, rng=0))  # seeded = reproducible


# ---------------------------------------------------------------- bad input, one test per case
ONE_PAIR_FUNCS = [sim.dot, sim.cosine_similarity, sim.angle, sim.euclidean, sim.manhattan, sim.cosine_distance,
                  sim.scaled_dot]


@pytest.mark.parametrize("f", ONE_PAIR_FUNCS)
def test_mismatched_dimensions(f):
    with pytest.raises(ValueError, match=r"must have the same number of features; got 2 and 3"):
        f([1, 2], [1, 2, 3])


@pytest.mark.parametrize("f", ONE_PAIR_FUNCS)
def test_zero_d_input(f):
    with pytest.raises(ValueError, match=r"must be 1-D \(n_features,\); got shape \(\)"):
        f(3.0, [1.0])


def test_three_d_input():
    with pytest.raises(ValueError, match=r"X must be 2-D \(n_samples, n_features\); got shape \(2, 2, 2\)"):
        sim.pairwise(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"a must be 1-D .*got shape \(1, 1, 2\)"):
        sim.dot(np.ones((1, 1, 2)), [1, 2])


def test_one_d_to_pairwise_suggests_reshape():
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        sim.pairwise([1.0, 2.0])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf(bad):
    with pytest.raises(ValueError, match=r"b must contain only finite numbers; got .* at index 1"):
        sim.dot([1, 2], [0, bad])
    with pytest.raises(ValueError, match=r"Y must contain only finite numbers; got .* at index \(0, 1\)"):
        sim.pairwise([[1, 2]], [[0, bad]])


def test_empty_input():
    with pytest.raises(ValueError, match=r"a must not be empty; got shape \(0,\)"):
        sim.norm([])
    with pytest.raises(ValueError, match=r"X must not be empty; got shape \(0, 3\)"):
        sim.pairwise(np.empty((0, 3)))


@pytest.mark.parametrize("bad", ["hello", ["a", "b"], [1 + 2j, 3]])
def test_strings_and_non_real(bad):
    with pytest.raises(TypeError, match=r"a must be an array of (real )?numbers; got"):
        sim.dot(bad, [1, 2])


@pytest.mark.parametrize("bad, kind", [(None, "NoneType"), ({1: 2}, "dict")])
def test_non_array_objects_are_named(bad, kind):
    with pytest.raises(TypeError, match=rf"a must be an array of real numbers; got {kind}$"):
        sim.norm(bad)


def test_ragged_input():
    with pytest.raises(ValueError, match=r"X must be a rectangular array of numbers"):
        sim.pairwise([[1, 2], [3]])


@pytest.mark.parametrize("f", [sim.cosine_similarity, sim.angle, sim.cosine_distance])
def test_zero_vector_needs_direction(f):
    with pytest.raises(ValueError, match=r"b must not be the zero vector: .* needs a direction"):
        f([1, 2], [0, 0])


def test_zero_vector_projection():
    with pytest.raises(ValueError, match=r"onto must not be the zero vector: a projection needs a direction"):
        sim.project([1, 2], onto=[0, 0])
    assert sim.project([0, 0], onto=[1, 0]).scalar == 0.0  # projecting the zero vector is fine


def test_zero_row_pairwise_cosine():
    with pytest.raises(ValueError, match=r"Y row 1 is the zero vector: cosine needs a direction"):
        sim.pairwise([[1, 0]], [[1, 1], [0, 0]], metric="cosine_similarity")


@pytest.mark.parametrize(
    "cov, msg",
    [
        ([[1, 0.5], [0, 1]], "not symmetric"),
        ([[1, 2], [2, 1]], "smallest eigenvalue is -1"),
        ([[1, 0], [0, 0]], "smallest eigenvalue is 0"),
        (np.eye(3), r"must be a square \(n_features, n_features\) = \(2, 2\) matrix; got shape \(3, 3\)"),
    ],
)
def test_covariance_not_spd(cov, msg):
    with pytest.raises(ValueError, match=msg):
        sim.mahalanobis([1, 2], [0, 0], cov=cov)
    with pytest.raises(ValueError, match=msg):
        sim.pairwise([[1, 2]], metric="mahalanobis", cov=cov)


def test_unknown_metric_lists_valid_ones():
    with pytest.raises(ValueError, match=r"metric must be one of 'dot', 'cosine_similarity', .*; got 'cosine'"):
        sim.pairwise([[1, 2]], metric="cosine")


def test_bad_norm_order():
    with pytest.raises(ValueError, match=r"ord must be one of 1, 2, np.inf; got 3"):
        sim.norm([1, 2], ord=3)


def test_pairwise_mismatched_features():
    with pytest.raises(ValueError, match=r"X and Y must have the same number of features; got 2 and 3"):
        sim.pairwise([[1, 2]], [[1, 2, 3]])


def test_random_dot_products_bad_d():
    with pytest.raises(ValueError, match=r"d must be a positive integer; got 0"):
        sim.random_dot_products(0)
    with pytest.raises(TypeError, match=r"d must be a positive integer; got float"):
        sim.random_dot_products(2.5)


def test_softmax_bad_input():
    with pytest.raises(ValueError, match=r"x must not contain NaN"):
        sim.softmax([1.0, np.nan])
    with pytest.raises(ValueError, match=r"x must not be empty"):
        sim.softmax([])
