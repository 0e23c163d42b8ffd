"""Invariants that must hold for any input (hypothesis)."""
import numpy as np
from hypothesis import assume, given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from mlviz import similarity as sim

floats = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
dims = st.shared(st.integers(1, 12), key="d")
vec = dims.flatmap(lambda d: arrays(np.float64, d, elements=floats))


def nonzero(v):
    return np.linalg.norm(v) > 1e-6


@given(vec, vec)
def test_cosine_in_range_and_symmetric(a, b):
    assume(nonzero(a) and nonzero(b))
    c = sim.cosine_similarity(a, b)
    assert -1.0 <= c <= 1.0
    assert c == sim.cosine_similarity(b, a)


@given(vec, vec, st.floats(1e-3, 1e3))
def test_cosine_scale_invariant_dot_not(a, b, s):
    assume(nonzero(a) and nonzero(b))
    assert np.isclose(sim.cosine_similarity(s * a, b), sim.cosine_similarity(a, b), atol=1e-9)
    assert np.isclose(sim.dot(s * a, b), s * sim.dot(a, b), rtol=1e-9, atol=1e-6)


@given(vec, vec)
def test_cauchy_schwarz(a, b):
    assert abs(sim.dot(a, b)) <= sim.norm(a) * sim.norm(b) * (1 + 1e-12) + 1e-9


@given(vec, vec, vec)
def test_triangle_inequality_for_metrics(a, b, c):
    for d in (sim.euclidean, sim.manhattan):
        assert d(a, c) <= d(a, b) + d(b, c) + 1e-9 * (1 + d(a, b) + d(b, c))


@given(vec, vec)
def test_distances_symmetric_nonnegative_zero_on_self(a, b):
    for d in (sim.euclidean, sim.manhattan):
        assert d(a, b) == d(b, a) >= 0
        assert d(a, a) == 0


@given(vec, vec)
def test_projection_residual_is_orthogonal(a, b):
    assume(np.linalg.norm(b) > 1e-3)
    p = sim.project(a, onto=b)
    residual = a - p.vector
    assert abs(residual @ b) <= 1e-7 * (1 + np.linalg.norm(a) * np.linalg.norm(b))
    assert np.isclose(abs(p.scalar), np.linalg.norm(p.vector), rtol=1e-9, atol=1e-9)


@given(vec)
def test_self_similarity_is_one(a):
    assume(nonzero(a))
    assert np.isclose(sim.cosine_similarity(a, a), 1.0)
    assert sim.angle(a, a) < 1e-6


@settings(max_examples=50)
@given(st.integers(1, 20), st.integers(1, 20), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_pairwise_agrees_with_single_pair_functions(n, m, d, seed):
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    i, j = rng.integers(n), rng.integers(m)
    assert np.isclose(sim.pairwise(X, Y)[i, j], sim.euclidean(X[i], Y[j]), atol=1e-9)
    assert np.isclose(sim.pairwise(X, Y, "manhattan")[i, j], sim.manhattan(X[i], Y[j]))
    assert np.isclose(sim.pairwise(X, Y, "cosine_similarity")[i, j], sim.cosine_similarity(X[i], Y[j]))
    S = sim.pairwise(X, metric="euclidean")
    np.testing.assert_allclose(S, S.T, atol=1e-9)


# -- mlviz.linear / mlviz.optim -------------------------------------------------------------
from mlviz import linear as L  # noqa: E402
from mlviz import optim as O  # noqa: E402

small = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
design = st.integers(3, 20).flatmap(lambda n: st.tuples(arrays(np.float64, (n, 2), elements=small),
                                                         arrays(np.float64, n, elements=small)))


@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_sigmoid_symmetry_and_range(z):
    s = L.sigmoid(z)
    assert 0.0 <= s <= 1.0
    assert np.isclose(s + L.sigmoid(-z), 1.0, atol=1e-15)


@given(st.floats(-1e4, 1e4, allow_nan=False), st.sampled_from([0.0, 1.0]))
def test_log_loss_finite_nonnegative_and_monotone(z, y):
    loss = L.log_loss([y], [z])
    assert np.isfinite(loss) and loss >= 0.0
    worse = z - 1.0 if y == 1.0 else z + 1.0  # moving the score the wrong way costs more
    assert L.log_loss([y], [worse]) >= loss


@given(design)
@settings(max_examples=60)
def test_least_squares_residual_is_orthogonal_to_features(data):
    X, y = data
    fit = L.fit_least_squares(X, y)
    r = y - fit.predict(X)
    scale = 1 + np.abs(X).max() * (1 + np.abs(y).max())
    assert abs(r.sum()) <= 1e-8 * scale * len(y)           # the bias makes residuals sum to 0
    assert np.all(np.abs(X.T @ r) <= 1e-8 * scale * len(y) * (1 + np.abs(X).max()))
    # no other weights do better
    assert L.sse(y, fit.predict(X)) <= L.sse(y, L.predict(X, fit.w + 0.01, fit.b)) + 1e-9


@given(design, st.floats(1e-3, 1e3))
@settings(max_examples=60)
def test_ridge_shrinks_the_squared_norm(data, lam):
    X, y = data
    assume(np.linalg.matrix_rank(X - X.mean(axis=0)) == 2)
    ols, ridge = L.fit_least_squares(X, y), L.fit_ridge(X, y, lam)
    assert ridge.w @ ridge.w <= ols.w @ ols.w * (1 + 1e-9) + 1e-12


@given(arrays(np.float64, 5, elements=small), st.floats(0, 5))
def test_soft_threshold_shrinks_by_t_or_to_zero(w, t):
    out = O.soft_threshold(w, t)
    assert np.all(np.abs(out) <= np.abs(w))
    assert np.all((out == 0) | (np.sign(out) == np.sign(w)))
    np.testing.assert_allclose(np.abs(w) - np.abs(out), np.minimum(np.abs(w), t), atol=1e-12)


@given(design, st.floats(0.5, 1000))
@settings(max_examples=40)
def test_rescaling_a_feature_divides_its_weight(data, s):
    X, y = data
    assume(np.linalg.matrix_rank(X - X.mean(axis=0)) == 2 and np.linalg.cond(X - X.mean(axis=0)) < 1e6)
    f1 = L.fit_least_squares(X, y)
    f2 = L.fit_least_squares(X * [s, 1.0], y)
    np.testing.assert_allclose(f2.w * [s, 1.0], f1.w, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(f2.predict(X * [s, 1.0]), f1.predict(X), rtol=1e-7, atol=1e-6)


@settings(max_examples=300)
@given(st.sampled_from([np.float32, np.float64]), st.integers(1, 40), st.integers(1, 6),
       st.integers(-1100, 1100), st.integers(0, 2**32 - 1), st.booleans())
def test_scale_exponent_fast_path_decides_like_the_exact_largest_entry(dtype, n, d, e, seed, strided):
    # The one-dot-product shortcut may only skip the exact max/min when they would say "in range" too,
    # and a returned exponent must put the largest |entry| in [0.5, 1).
    from mlviz._validation import scale_exponent

    info = np.finfo(dtype)
    with np.errstate(over="ignore", under="ignore"):  # entries beyond the dtype's range are dropped below
        X = np.ldexp(np.random.default_rng(seed).normal(size=(n, 2 * d)), e).astype(dtype)
    X = X[:, ::2] if strided else X[:, :d]
    X = X[np.isfinite(X).all(axis=1)]
    assume(X.size)
    peak = float(np.abs(X).max())
    lo, hi = float(info.tiny) ** 0.25, float(info.max) ** 0.25
    got = scale_exponent(X)
    if peak == 0 or lo <= peak <= hi:
        assert got == 0
    else:
        assert 0.5 <= np.ldexp(peak, got) < 1.0
