"""mlviz.linear / mlviz.optim against scikit-learn, with the penalty conventions mapped exactly.

mlviz minimises  loss + l2·Σw² + l1·Σ|w|  (mean loss, bias not penalised), so
Ridge(alpha) ↔ l2 = alpha/n,  Lasso(alpha) ↔ l1 = 2·alpha,  LogisticRegression(C) ↔ l2 = 1/(2·C·n).
Stated tolerances: closed forms agree to 1e-9; iterative fits (both sides run to tol 1e-12) to 1e-6.
"""
import numpy as np
import pytest
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge

from mlviz import linear as L
from mlviz import optim as O


@pytest.fixture(params=[0, 1, 2])
def data(request):
    rng = np.random.default_rng(request.param)
    n, d = 120, 6
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d)
    w = np.array([1.5, -2.0, 0.0, 0.7, 0.0, 0.3])
    y = X @ w + 0.8 + 0.5 * rng.normal(size=n)
    labels = (X @ w + rng.normal(size=n) > np.median(X @ w)).astype(float)
    return X, y, labels


def step_size(X, loss="mse", l2=0.0):
    """1 / Lipschitz constant of the gradient over (w, b): the safe learning rate."""
    X1 = np.hstack([X, np.ones((len(X), 1))])
    lip = (2.0 if loss == "mse" else 0.25) * np.linalg.eigvalsh(X1.T @ X1 / len(X)).max() + 2 * l2
    return 1.0 / lip


def test_least_squares_matches_linear_regression(data):
    X, y, _ = data
    ours, ref = L.fit_least_squares(X, y), LinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.w, ref.coef_, rtol=1e-9, atol=1e-9)
    assert ours.b == pytest.approx(ref.intercept_, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("alpha", [0.1, 10.0, 1000.0])
def test_ridge_closed_form_and_gd_match_sklearn_ridge(data, alpha):
    X, y, _ = data
    ref = Ridge(alpha=alpha).fit(X, y)
    ours = L.fit_ridge(X, y, l2=alpha / len(y))
    np.testing.assert_allclose(ours.w, ref.coef_, rtol=1e-9, atol=1e-9)
    assert ours.b == pytest.approx(ref.intercept_, rel=1e-9)
    gd = O.gradient_descent(X, y, lr=step_size(X, l2=alpha / len(y)), l2=alpha / len(y), n_epochs=200_000, tol=1e-13,
                            record="epoch")
    assert gd.converged
    np.testing.assert_allclose(gd.w, ref.coef_, atol=1e-6)
    assert gd.b == pytest.approx(ref.intercept_, abs=1e-6)


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.5])
def test_proximal_gd_matches_sklearn_lasso_including_exact_zeros(data, alpha):
    X, y, _ = data
    ref = Lasso(alpha=alpha, tol=1e-12, max_iter=1_000_000).fit(X, y)
    gd = O.gradient_descent(X, y, lr=step_size(X), l1=2 * alpha, n_epochs=200_000, tol=1e-13, record="epoch")
    assert gd.converged
    np.testing.assert_allclose(gd.w, ref.coef_, atol=1e-6)
    assert gd.b == pytest.approx(ref.intercept_, abs=1e-6)
    np.testing.assert_array_equal(gd.w == 0.0, ref.coef_ == 0.0)  # the same weights are exactly zero


@pytest.mark.parametrize("C", [0.05, 1.0, 100.0])
def test_logistic_gd_matches_sklearn_logistic_regression(data, C):
    X, _, labels = data
    ref = LogisticRegression(C=C, tol=1e-12, max_iter=100_000).fit(X, labels)
    l2 = 1 / (2 * C * len(labels))
    gd = O.gradient_descent(X, labels, loss="log", lr=step_size(X, "log", l2), l2=l2, momentum=0.9,
                            n_epochs=500_000, tol=1e-12, record="epoch")
    assert gd.converged
    np.testing.assert_allclose(gd.w, ref.coef_[0], rtol=1e-5, atol=1e-6)
    assert gd.b == pytest.approx(ref.intercept_[0], rel=1e-5, abs=1e-6)
    np.testing.assert_allclose(L.sigmoid(X @ gd.w + gd.b), ref.predict_proba(X)[:, 1], atol=1e-6)
