"""mlviz.linear and mlviz.optim: hand-computed cases, gradient checks, behaviour, bad input."""
import numpy as np
import pytest

from mlviz import linear as L
from mlviz import optim as O

SAL_X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
SAL_Y = np.array([30.0, 35.0, 45.0, 50.0, 60.0])


# -- hand-computed ---------------------------------------------------------------------------
def test_notes_house_and_credit_examples():
    assert L.predict([2000, 3, 5, 10], [150, 30000, -2000, -5000], 50000) == 380000.0
    assert L.predict([75000, 0.3, 0.95, 0.25], [0.002, -200, 150, -300], 600) == pytest.approx(757.5)
    # the bias as a leading weight on a constant 1 is the same number
    x1 = L.add_bias_column([2000, 3, 5, 10])
    assert x1 @ np.array([50000, 150, 30000, -2000, -5000]) == 380000.0


def test_predict_batch_shapes():
    X = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_array_equal(L.predict(X, [1.0, -1.0], 2.0), [1.0, 1.0, 2.0])


def test_salary_least_squares_by_hand():
    # x̄ = 3, ȳ = 44, Sxy = 75, Sxx = 10: slope 7.5, intercept 44 - 22.5 = 21.5
    fit = L.fit_least_squares(SAL_X, SAL_Y)
    np.testing.assert_allclose(fit.as_vector, [21.5, 7.5])
    assert fit.predict([6.0]) == pytest.approx(66.5)
    # the notes' [25, 7] has a larger squared error than the least-squares answer
    assert L.sse(SAL_Y, L.predict(SAL_X, [7.0], 25.0)) == pytest.approx(30.0)  # residuals -2,-4,-1,-3,0
    assert L.sse(SAL_Y, fit.predict(SAL_X)) == pytest.approx(7.5)


def test_losses_by_hand():
    assert L.sse([1, 2, 3], [2, 2, 1]) == 5.0
    assert L.mse([1, 2, 3], [2, 2, 1]) == pytest.approx(5 / 3)
    assert L.sigmoid(0.0) == 0.5
    assert L.sigmoid(np.log(3.0)) == pytest.approx(0.75)
    assert L.log_loss([1, 0], [np.log(3.0), np.log(3.0)]) == pytest.approx((-np.log(0.75) - np.log(0.25)) / 2)


def test_sigmoid_and_log_loss_are_stable_at_extremes():
    z = np.array([-1e4, -745.0, -40.0, 0.0, 40.0, 745.0, 1e4])
    s = L.sigmoid(z)
    assert np.all(np.isfinite(s)) and s[0] == 0.0 and s[-1] == 1.0
    assert np.all(np.diff(s) >= 0)
    np.testing.assert_allclose(s + L.sigmoid(-z), 1.0)
    assert L.log_loss([1], [-1e4]) == pytest.approx(1e4)   # log(1 + e^1e4) = 1e4 to double precision
    assert L.log_loss([0], [1e4]) == pytest.approx(1e4)
    assert L.log_loss([1], [1e4]) == 0.0
    assert L.log_loss([1], [-40.0]) == pytest.approx(40.0 + np.log1p(np.exp(-40.0)))


def test_gradient_by_hand():
    X = np.array([[1.0, 0.0], [0.0, 2.0]])
    y = np.array([1.0, 0.0])
    w, b = np.array([2.0, 1.0]), 0.5
    # ŷ = (2.5, 2.5), residuals (1.5, 2.5); 2/n = 1: gw = Xᵀr = (1.5, 5), gb = 4
    gw, gb = L.gradient(X, y, w, b)
    np.testing.assert_allclose(gw, [1.5, 5.0])
    assert gb == pytest.approx(4.0)
    gw2, gb2 = L.gradient(X, y, w, b, l2=0.5, l1=0.25)
    np.testing.assert_allclose(gw2, [1.5 + 2.0 + 0.25, 5.0 + 1.0 + 0.25])
    assert gb2 == gb  # no penalty on the bias


def test_notes_single_update_step():
    w = np.array([0.1, 0.2, 0.3])
    g = np.array([0.05, -0.03, 0.08])
    np.testing.assert_allclose(w - 0.1 * g, [0.095, 0.203, 0.292])


def test_l2_penalty_is_squared_norm_and_skips_bias():
    X, y = np.array([[1.0, 2.0]]), np.array([0.0])
    w = np.array([3.0, 4.0])
    base = L.objective(X, y, w, b=7.0)
    assert L.objective(X, y, w, b=7.0, l2=1.0) - base == pytest.approx(25.0)  # Σw² = 25, not ‖w‖ = 5
    assert L.objective(X, y, w, b=7.0, l1=1.0) - base == pytest.approx(7.0)


# -- gradient checks against central finite differences --------------------------------------
def numeric_gradient(f, w, b, h=1e-6):
    gw = np.array([(f(w + h * e, b) - f(w - h * e, b)) / (2 * h) for e in np.eye(len(w))])
    return gw, (f(w, b + h) - f(w, b - h)) / (2 * h)


@pytest.mark.parametrize("loss", ["mse", "log"])
@pytest.mark.parametrize("l2", [0.0, 0.3])
@pytest.mark.parametrize("l1", [0.0, 0.2])
def test_gradient_matches_finite_differences(loss, l2, l1):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 4))
    y = (rng.random(30) < 0.5).astype(float) if loss == "log" else rng.normal(size=30)
    w, b = rng.normal(size=4), 0.3  # no weight at 0, where |w| has no derivative

    def f(w, b):
        return L.objective(X, y, w, b, loss=loss, l2=l2, l1=l1)

    gw, gb = L.gradient(X, y, w, b, loss=loss, l2=l2, l1=l1)
    nw, nb = numeric_gradient(f, w, b)
    np.testing.assert_allclose(gw, nw, rtol=1e-6, atol=1e-8)
    assert gb == pytest.approx(nb, rel=1e-6, abs=1e-8)


# -- gradient descent behaviour -------------------------------------------------------------
def test_gd_reaches_least_squares_on_salary():
    res = O.gradient_descent(SAL_X, SAL_Y, lr=0.05, n_epochs=5000, tol=1e-12)
    assert res.converged
    np.testing.assert_allclose([res.b, *res.w], [21.5, 7.5], atol=1e-8)
    assert res.path_w.shape == (res.n_steps + 1, 1)
    assert res.losses.shape == res.path_b.shape == (res.n_steps + 1,)
    assert np.all(np.diff(res.losses) <= 1e-12)  # a small enough step never increases the MSE
    np.testing.assert_array_equal(res.path_w[0], [0.0])


def test_gd_first_step_by_hand():
    # from w = b = 0: residuals = -y, gw = 2/5 · Σ x(-y) = -2/5 · 735 = -294, gb = -2/5 · 220 = -88
    res = O.gradient_descent(SAL_X, SAL_Y, lr=0.01, n_epochs=1)
    np.testing.assert_allclose(res.path_w[1], [2.94])
    assert res.path_b[1] == pytest.approx(0.88)
    assert res.losses[0] == pytest.approx(np.mean(SAL_Y ** 2))


def test_gd_divergence_is_reported_not_nan():
    res = O.gradient_descent(SAL_X, SAL_Y, lr=0.5, n_epochs=10_000)
    assert res.diverged and "smaller learning rate" in res.message
    assert res.n_steps < 50
    assert np.all(np.isfinite(res.path_w)) and np.all(np.isfinite(res.losses))
    # huge steps that overflow at once are also caught
    res = O.gradient_descent(SAL_X * 1e150, SAL_Y, lr=1e10, n_epochs=5)
    assert res.diverged and np.all(np.isfinite(res.w))


def test_sgd_and_minibatch_step_counts_and_reproducibility():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = X @ [2.0, -1.0] + 0.5
    for bs, per_epoch in ((1, 50), (16, 4), (None, 1)):
        res = O.gradient_descent(X, y, lr=0.01, n_epochs=3, batch_size=bs, rng=1)
        assert res.n_steps == 3 * per_epoch and len(res.losses) == res.n_steps + 1
    a = O.gradient_descent(X, y, lr=0.05, n_epochs=20, batch_size=8, rng=7)
    b = O.gradient_descent(X, y, lr=0.05, n_epochs=20, batch_size=8, rng=7)
    c = O.gradient_descent(X, y, lr=0.05, n_epochs=20, batch_size=8, rng=8)
    np.testing.assert_array_equal(a.path_w, b.path_w)
    assert not np.array_equal(a.path_w, c.path_w)
    epoch = O.gradient_descent(X, y, lr=0.05, n_epochs=20, batch_size=8, rng=7, record="epoch")
    np.testing.assert_array_equal(epoch.path_w, a.path_w[::7])  # 7 steps per epoch
    np.testing.assert_allclose(a.w, [2.0, -1.0], atol=0.05)


def test_momentum_converges_faster_on_an_ill_conditioned_problem():
    plain = O.gradient_descent(SAL_X, SAL_Y, lr=0.01, n_epochs=20_000, tol=1e-9)
    heavy = O.gradient_descent(SAL_X, SAL_Y, lr=0.01, momentum=0.9, n_epochs=20_000, tol=1e-9)
    assert plain.converged and heavy.converged
    assert heavy.n_steps < plain.n_steps / 5   # about 400 vs 5300 steps
    np.testing.assert_allclose(heavy.w, [7.5], atol=1e-6)


def test_l1_gives_exact_zeros_and_l2_does_not():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 6))
    y = X @ [3.0, -2.0, 0.0, 0.0, 1.0, 0.0] + 0.1 * rng.normal(size=100)
    lasso = O.gradient_descent(X, y, lr=0.1, l1=0.5, n_epochs=5000, tol=1e-12)
    ridge = O.gradient_descent(X, y, lr=0.1, l2=0.5, n_epochs=5000, tol=1e-12)
    assert np.count_nonzero(lasso.w == 0.0) >= 3
    assert np.count_nonzero(ridge.w == 0.0) == 0
    np.testing.assert_allclose(ridge.w, L.fit_ridge(X, y, 0.5).w, atol=1e-8)


def test_fit_intercept_false_keeps_b():
    res = O.gradient_descent(SAL_X, SAL_Y, lr=0.01, n_epochs=50, fit_intercept=False, b0=2.0)
    assert np.all(res.path_b == 2.0)
    fit = L.fit_least_squares(SAL_X, SAL_Y, fit_intercept=False)
    assert fit.b == 0.0 and fit.w[0] == pytest.approx(SAL_X[:, 0] @ SAL_Y / (SAL_X[:, 0] @ SAL_X[:, 0]))


def _lstsq_reference(X, y, fit_intercept=True):
    """numpy.linalg.lstsq on the centred data: the least-norm solution."""
    xm, ym = (X.mean(axis=0), y.mean()) if fit_intercept else (np.zeros(X.shape[1]), 0.0)
    w = np.linalg.lstsq(X - xm, y - ym, rcond=None)[0]
    return w, ym - xm @ w


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("n, d", [(1000, 5), (333, 31), (600, 1)])
def test_least_squares_matches_lstsq_and_the_normal_equations(n, d, fit_intercept):
    rng = np.random.default_rng(n + d)
    X = rng.normal(size=(n, d)) * rng.uniform(0.1, 10.0, size=d) + rng.normal(size=d) * 5
    y = X @ rng.normal(size=d) + 3.0 + rng.normal(size=n)
    fit = L.fit_least_squares(X, y, fit_intercept=fit_intercept)
    w, b = _lstsq_reference(X, y, fit_intercept)
    np.testing.assert_allclose(fit.w, w, rtol=1e-9, atol=1e-11)
    assert fit.b == pytest.approx(b if fit_intercept else 0.0, rel=1e-9, abs=1e-11)
    # the normal equations hold: the residual is orthogonal to every (centred) feature
    r = y - fit.predict(X)
    Xc = X - X.mean(axis=0) if fit_intercept else X
    assert np.abs(Xc.T @ r).max() < 1e-8 * np.abs(Xc).sum(axis=0).max() * np.abs(y).max()


def test_least_norm_solution_for_collinear_features():
    rng = np.random.default_rng(5)
    a = rng.normal(size=(500, 2))
    X = np.column_stack([a[:, 0], a[:, 0], a[:, 1], np.full(500, 4.0), 2 * a[:, 1]])  # twins, a constant, 2x
    y = 3 * a[:, 0] - a[:, 1] + 1.0
    fit = L.fit_least_squares(X, y)
    w, b = _lstsq_reference(X, y)
    np.testing.assert_allclose(fit.w, w, atol=1e-10)
    # by hand: 3 shared equally by the twins, -1 shared as 1:2 between a1 and 2·a1 (least norm), 0 for the constant
    np.testing.assert_allclose(fit.w, [1.5, 1.5, -0.2, 0.0, -0.4], atol=1e-10)
    assert fit.b == pytest.approx(1.0)


def test_fewer_samples_than_features_gives_the_least_norm_interpolant():
    X = np.array([[1.0, 0.0, 2.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    fit = L.fit_least_squares(X, [5.0, 2.0], fit_intercept=False)
    np.testing.assert_allclose(fit.w, np.linalg.pinv(X) @ [5.0, 2.0], atol=1e-12)  # [1, 2, 2, 0]
    np.testing.assert_allclose(fit.w, [1.0, 2.0, 2.0, 0.0], atol=1e-12)
    one = L.fit_least_squares([[1.0, 2.0]], [7.0])  # one sample, centred away: w = 0, b = ȳ
    np.testing.assert_array_equal(one.w, [0.0, 0.0])
    assert one.b == 7.0


def test_ridge_matches_the_closed_form():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(800, 7)) + 2.0
    y = X @ rng.normal(size=7) + rng.normal(size=800)
    n, l2 = len(y), 0.3
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + n * l2 * np.eye(7), Xc.T @ yc)  # (XᵀX + n·l2·I) w = Xᵀy
    fit = L.fit_ridge(X, y, l2)
    np.testing.assert_allclose(fit.w, w, rtol=1e-10)
    assert fit.b == pytest.approx(y.mean() - X.mean(axis=0) @ w, rel=1e-10)


def test_least_squares_takes_float32_and_integers():
    X32 = SAL_X.astype(np.float32)
    np.testing.assert_allclose(L.fit_least_squares(X32, SAL_Y).as_vector, [21.5, 7.5], rtol=1e-6)
    np.testing.assert_allclose(L.fit_least_squares([[1], [2], [3], [4], [5]], [30, 35, 45, 50, 60]).as_vector,
                               [21.5, 7.5], rtol=1e-12)


def test_logistic_gd_separates_and_gradient_vanishes():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(200, 2))
    y = (X @ [1.5, -1.0] + 0.3 * rng.normal(size=200) > 0).astype(float)
    res = O.gradient_descent(X, y, loss="log", lr=1.0, l2=0.01, n_epochs=3000, tol=1e-10)
    assert res.converged
    gw, gb = L.gradient(X, y, res.w, res.b, loss="log", l2=0.01)
    assert np.abs(gw).max() < 1e-8 and abs(gb) < 1e-8
    assert np.mean((L.predict(X, res.w, res.b) > 0) == y) > 0.9


def test_standardize_roundtrip_and_weights_back_in_original_units():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 3)) * [1.0, 1000.0, 0.01] + [5.0, -3.0, 0.0]
    y = X @ [1.0, 0.002, 300.0] + 4.0
    Z, t = L.standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1.0)
    np.testing.assert_allclose(t.inverse_transform(Z), X)
    fz = L.fit_least_squares(Z, y)
    back = t.unscale_weights(fz.w, fz.b)
    np.testing.assert_allclose(back.w, [1.0, 0.002, 300.0], rtol=1e-8)
    assert back.b == pytest.approx(4.0)
    # a constant column is only centred
    Z, t = L.standardize([[1.0, 7.0], [2.0, 7.0]])
    np.testing.assert_array_equal(Z[:, 1], 0.0)


def test_rescaling_a_feature_rescales_its_weight_not_the_predictions():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 2))
    y = X @ [2.0, 3.0] + 1.0 + 0.1 * rng.normal(size=30)
    f1 = L.fit_least_squares(X, y)
    X2 = X * [1000.0, 1.0]            # feature 0 now in thousandths
    f2 = L.fit_least_squares(X2, y)
    np.testing.assert_allclose(f2.w, f1.w / [1000.0, 1.0], rtol=1e-9)
    np.testing.assert_allclose(f2.predict(X2), f1.predict(X), rtol=1e-10)


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda: L.fit_least_squares(SAL_X, SAL_Y[:4]),
    lambda: O.gradient_descent(SAL_X, SAL_Y[:3]),
    lambda: L.gradient(SAL_X, SAL_Y[:4], [1.0]),
])
def test_x_and_y_lengths_differ(call):
    with pytest.raises(ValueError, match=r"X and y must have the same number of samples; got X with 5 rows"):
        call()


@pytest.mark.parametrize("lr", [0.0, -0.1])
def test_learning_rate_not_positive(lr):
    with pytest.raises(ValueError, match=rf"lr must be > 0; got {lr}"):
        O.gradient_descent(SAL_X, SAL_Y, lr=lr)


@pytest.mark.parametrize("bs", [0, 6, -1])
def test_batch_size_out_of_range(bs):
    with pytest.raises(ValueError, match=rf"batch_size must be between 1 and the number of samples \(5\); got {bs}"):
        O.gradient_descent(SAL_X, SAL_Y, batch_size=bs)


def test_batch_size_wrong_type():
    with pytest.raises(TypeError, match="batch_size must be None .* or an int in \\[1, 5\\]; got float"):
        O.gradient_descent(SAL_X, SAL_Y, batch_size=2.5)


@pytest.mark.parametrize("labels", [[0, 1, 2, 0, 1], [0, 1, 0.5, 0, 1], [-1, 1, 1, -1, 1]])
def test_labels_not_binary_for_logistic(labels):
    with pytest.raises(ValueError, match=r"y must hold labels 0 or 1 for logistic regression .* at index"):
        O.gradient_descent(SAL_X, labels, loss="log")
    with pytest.raises(ValueError, match=r"y must hold labels 0 or 1"):
        L.gradient(SAL_X, labels, [0.0], loss="log")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_values(bad):
    X = SAL_X.copy()
    X[2, 0] = bad
    with pytest.raises(ValueError, match=r"X must contain only finite numbers; got .* at index \(2, 0\)"):
        O.gradient_descent(X, SAL_Y)
    y = SAL_Y.copy()
    y[1] = bad
    with pytest.raises(ValueError, match=r"y must contain only finite numbers; got .* at index 1"):
        L.fit_least_squares(SAL_X, y)
    with pytest.raises(ValueError, match=r"b must be a finite number"):
        L.predict(SAL_X, [1.0], bad)
    with pytest.raises(ValueError, match=r"lr must be a finite number"):
        O.gradient_descent(SAL_X, SAL_Y, lr=bad)


def test_other_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"w must have one weight per feature of X, \(1,\); got shape \(2,\)"):
        L.predict(SAL_X, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"loss must be one of 'mse', 'log'; got 'hinge'"):
        L.gradient(SAL_X, SAL_Y, [0.0], loss="hinge")
    with pytest.raises(ValueError, match=r"l2 must be ≥ 0"):
        L.fit_ridge(SAL_X, SAL_Y, -1.0)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\); got 1.0"):
        O.gradient_descent(SAL_X, SAL_Y, momentum=1.0)
    with pytest.raises(ValueError, match=r"n_epochs must be a positive integer; got 0"):
        O.gradient_descent(SAL_X, SAL_Y, n_epochs=0)
    with pytest.raises(TypeError, match=r"n_epochs must be a positive integer; got float 2.5"):
        O.gradient_descent(SAL_X, SAL_Y, n_epochs=2.5)
    with pytest.raises(TypeError, match=r"X must be an array of numbers; got str"):
        L.fit_least_squares("abc", SAL_Y)
    with pytest.raises(ValueError, match=r"X must be 2-D .*use X.reshape\(-1, 1\) for a single feature"):
        L.fit_least_squares(SAL_Y, SAL_Y)
    with pytest.raises(ValueError, match=r"z must not contain NaN; got nan at index \(1,\)"):
        L.sigmoid([0.0, np.nan])
    with pytest.raises(TypeError, match=r"z must be an array of numbers; got str"):
        L.sigmoid("0.5")
    with pytest.raises(ValueError, match=r"record must be one of 'step', 'epoch'; got 'all'"):
        O.gradient_descent(SAL_X, SAL_Y, record="all")


@pytest.mark.parametrize("call", [
    lambda: L.fit_least_squares(SAL_X, SAL_Y, fit_intercept="no"),
    lambda: L.fit_ridge(SAL_X, SAL_Y, 0.1, fit_intercept=None),
    lambda: O.gradient_descent(SAL_X, SAL_Y, fit_intercept=1),
])
def test_flags_must_be_bool(call):
    # "no" is a truthy string: accepting it would silently fit an intercept
    with pytest.raises(TypeError, match=r"fit_intercept must be True or False; got (str 'no'|NoneType None|int 1)"):
        call()


@pytest.mark.parametrize("lr, match", [(np.inf, "lr must be a finite number; got inf"),
                                       (np.nan, "lr must be a finite number; got nan"),
                                       (0.0, r"lr must be > 0; got 0.0"), (-1.0, r"lr must be > 0; got -1.0"),
                                       ("0.1", "lr must be an array of numbers; got str"),
                                       (None, "lr must be an array of real numbers; got NoneType")])
def test_learning_rate_refused_clearly(lr, match):
    with pytest.raises((ValueError, TypeError), match=match):
        O.gradient_descent(SAL_X, SAL_Y, lr=lr)


def test_optim_helpers_refuse_bad_input():
    with pytest.raises(TypeError, match=r"w must be an array of numbers; got str"):
        O.soft_threshold("abc", 1.0)
    with pytest.raises(ValueError, match=r"w must contain only finite numbers; got nan at index 1"):
        O.soft_threshold([1.0, np.nan], 1.0)
    with pytest.raises(ValueError, match=r"t must be ≥ 0"):
        O.soft_threshold([1.0], -1.0)
    with pytest.raises(ValueError, match=r"lambdas must not be empty"):
        O.regularization_path(SAL_X, SAL_Y, [])
    with pytest.raises(ValueError, match=r"lambdas must be ≥ 0 \(penalty strengths\); got -1.0"):
        O.regularization_path(SAL_X, SAL_Y, [0.1, -1.0])
    with pytest.raises(TypeError, match=r"lambdas must be an array of numbers; got str"):
        O.regularization_path(SAL_X, SAL_Y, "0.1")
    with pytest.raises(ValueError, match=r"penalty must be one of 'l1', 'l2'; got 'l3'"):
        O.regularization_path(SAL_X, SAL_Y, [0.1], penalty="l3")
    with pytest.raises(ValueError, match=r"max_epochs must be a positive integer; got 0"):
        O.regularization_path(SAL_X, SAL_Y, [0.1], max_epochs=0)


# -- exact where the data lives ------------------------------------------------------------------
@pytest.mark.parametrize("offset", [0.0, 1e4, 1e6, 1e9])
def test_least_squares_is_exact_at_any_offset(offset):
    # Grid values (multiples of 2^-20): X + offset holds the same numbers exactly, so any change is the fit's.
    rng = np.random.default_rng(8)
    X = np.round(rng.normal(size=(200, 3)) * 2**20) / 2**20
    y = np.round((X @ [2.0, -1.0, 0.5] + 0.3 * rng.normal(size=200)) * 2**20) / 2**20
    assert np.array_equal((X + offset) - offset, X) and np.array_equal((y + offset) - offset, y)
    ref = L.fit_least_squares(X, y)
    fit = L.fit_least_squares(X + offset, y + offset)
    np.testing.assert_allclose(fit.w, ref.w, rtol=1e-9)
    # b = ȳ - x̄·w: the shift moves it by offset·(1 - Σw), and nothing else
    assert fit.b == pytest.approx(ref.b + offset * (1 - ref.w.sum()), rel=1e-12, abs=1e-9)
    ridge, ridge_ref = L.fit_ridge(X + offset, y, 0.1), L.fit_ridge(X, y, 0.1)
    np.testing.assert_allclose(ridge.w, ridge_ref.w, rtol=1e-9)


@pytest.mark.parametrize("scale", [1e300, 1e-300])
def test_least_squares_and_standardize_at_extreme_magnitudes(scale):
    rng = np.random.default_rng(9)
    X = rng.normal(size=(50, 2))
    y = X @ [1.0, -2.0] + 0.5
    fit = L.fit_least_squares(X * scale, y)
    np.testing.assert_allclose(fit.w * scale, [1.0, -2.0], rtol=1e-10)
    Z, t = L.standardize(X * scale)     # the squares of 1e300 overflow, of 1e-300 underflow: scaled by 2^e first
    np.testing.assert_allclose(Z, L.standardize(X)[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t.scale, X.std(axis=0) * scale, rtol=1e-12)


def test_sigmoid_computes_in_float64_and_returns_a_float_for_a_number():
    assert type(L.sigmoid(np.float16(2.0))) is float
    assert L.sigmoid(np.float16(2.0)) == 1 / (1 + np.exp(-2.0))
    assert L.sigmoid(np.array([1, 2], dtype=np.int8)).dtype == np.float64
    np.testing.assert_array_equal(L.sigmoid([-np.inf, np.inf]), [0.0, 1.0])


def test_losses_that_overflow_are_refused_by_name():
    with pytest.raises(ValueError, match=r"the squared error Σ\(y - y_pred\)² overflows float64 \(beyond 1.8e308\); "
                                         r"rescale the data first"):
        L.sse([1e300, 0.0], [0.0, 1e300])
    with pytest.raises(ValueError, match=r"the objective at these X, y, w, b overflows float64"):
        L.objective(SAL_X * 1e300, SAL_Y, [1.0])
    gw, gb = L.gradient(SAL_X, SAL_Y * 1e300, [0.0])   # the loss overflows, the gradient does not
    assert np.isfinite(gw).all() and gb == pytest.approx(-2 * SAL_Y.mean() * 1e300)
    with pytest.raises(ValueError, match=r"X is too large for gradient descent: the safe step 1/L underflows"):
        O.regularization_path(SAL_X * 1e300, SAL_Y, [0.1])
    # a target of 1e300 makes the starting loss mean(y²) = 1e600: refused before the first step, naming y
    with pytest.raises(ValueError, match=r"the objective at the start \(w0, b0\) for this X and y \(\|y\| up to "
                                         r"6e\+301\) overflows float64"):
        O.gradient_descent(SAL_X, SAL_Y * 1e300)
    with pytest.raises(ValueError, match=r"the objective at w = 0, b = 0 for this X and y .* overflows float64"):
        O.regularization_path(SAL_X, SAL_Y * 1e300, [0.1])


def test_errors_name_the_callers_own_arguments():
    with pytest.raises(ValueError, match=r"scores must contain only finite numbers; got nan at index 1"):
        L.log_loss([0, 1], [0.5, np.nan])
    with pytest.raises(ValueError, match=r"y and scores must have the same length; got 2 and 1"):
        L.log_loss([0, 1], [0.5])
    with pytest.raises(TypeError, match=r"scores must be an array of real numbers; got NoneType"):
        L.log_loss([0, 1], None)
    _, t = L.standardize(np.eye(3))
    with pytest.raises(ValueError, match=r"Z must have 3 features, like the data the Standardizer was fitted on; "
                                         r"got shape \(1, 2\)"):
        t.inverse_transform([[0.0, 1.0]])


def test_regularization_path_matches_one_fit_per_lambda():
    rng = np.random.default_rng(12)
    X = rng.normal(size=(60, 3))
    y = X @ [2.0, 0.0, -1.0] + 0.2 * rng.normal(size=60)
    W, b = O.regularization_path(X, y, [0.0, 0.5, 4.0], penalty="l2")
    for lam, w_row, b_row in zip([0.0, 0.5, 4.0], W, b):
        fit = L.fit_ridge(X, y, lam)
        np.testing.assert_allclose(w_row, fit.w, rtol=1e-12)
        assert b_row == pytest.approx(fit.b, rel=1e-12)
    W1, _ = O.regularization_path(X, y, [0.01, 0.3, 10.0])
    assert np.count_nonzero(W1[-1]) == 0 and np.count_nonzero(W1[0]) == 3   # a huge λ zeroes every weight
