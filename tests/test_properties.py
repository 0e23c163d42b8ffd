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
