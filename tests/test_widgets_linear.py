"""Notebook 02 explorers driven from code: sliders and real matplotlib mouse events."""
import numpy as np
import pytest

from mlviz import linear as L
from mlviz import optim as O
from mlviz.widgets import GDExplorer, LineExplorer, RegularizationExplorer

from test_widgets import drag

X_SAL, Y_SAL = [1, 2, 3, 4, 5], [30, 35, 45, 50, 60]


def pair_data():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(80, 2))
    Z, _ = L.standardize(np.column_stack([z[:, 0], 0.7 * z[:, 0] + 0.714 * z[:, 1]]))
    return Z, 3 * Z[:, 0] + 0.3 * Z[:, 1] + 0.5 * rng.normal(size=80)


# ---------------------------------------------------------------- the fitted line
def test_line_explorer_sliders_update_loss_line_and_surface_point():
    ex = LineExplorer(X_SAL, Y_SAL, w=7.0, b=25.0)
    assert ex.numbers["mse"] == pytest.approx(6.0) and ex.numbers["sse"] == pytest.approx(30.0)
    assert "-2.0, -4.0, -1.0, -3.0, 0.0" in ex.readout.value
    ex.set(w=7.5, b=21.5)
    assert ex.numbers["mse"] == pytest.approx(1.5) == pytest.approx(ex.numbers["best_mse"])
    np.testing.assert_allclose(ex.dot.get_xydata(), [[7.5, 21.5]])
    np.testing.assert_allclose(ex.art["line"].get_xydata(), [[0, 21.5], [6, 66.5]])
    np.testing.assert_allclose(ex.handles(), [[0, 21.5], [6, 66.5]])
    ex.controls["w"].value = 0.0  # one slider: a flat line at 21.5
    assert ex.numbers["mse"] == pytest.approx(np.mean((np.array(Y_SAL) - 21.5) ** 2))


def test_line_explorer_drag_right_handle_pivots_about_left_one():
    ex = LineExplorer(X_SAL, Y_SAL, w=5.0, b=20.0)   # handles at (0, 20) and (6, 50)
    drag(ex.fig, ex.ax, start=(6, 50), end=(6, 62))
    assert (ex.value("w"), ex.value("b")) == (7.0, 20.0)     # slope (62 - 20)/6, left end fixed
    np.testing.assert_allclose(ex.dot.get_xydata(), [[7.0, 20.0]])
    drag(ex.fig, ex.ax, start=(0, 20), end=(0, 26))          # left handle up: pivots about (6, 62)
    assert (ex.value("w"), ex.value("b")) == (6.0, 26.0)
    assert "ŷ = 6.0·x + 26.0" in ex.readout.value
    assert ex.drag.active is None


# ---------------------------------------------------------------- the stepper
def test_gd_explorer_formula_and_step_match_gradient_descent():
    ex = GDExplorer(X_SAL, Y_SAL, lr=0.01, step=0)
    assert ex.numbers["grad_w"] == pytest.approx(-294.0) and ex.numbers["grad_b"] == pytest.approx(-88.0)
    assert ex.numbers["next_w"] == pytest.approx(2.94) and ex.numbers["next_b"] == pytest.approx(0.88)
    assert "w = 0.0000 − 0.01 × (-294.000) = <b>2.9400</b>" in ex.readout.value
    ex.set(step=50)
    ref = O.gradient_descent(np.reshape(X_SAL, (-1, 1)), Y_SAL, lr=0.01, n_epochs=200)
    assert ex.numbers["w"] == pytest.approx(ref.path_w[50, 0]) and ex.numbers["b"] == pytest.approx(ref.path_b[50])
    assert len(ex.path.get_xydata()) == 51
    np.testing.assert_allclose(ex.head.get_xydata(), [[ref.path_w[50, 0], ref.path_b[50]]])
    np.testing.assert_allclose(ex.cursor.get_xydata(), [[50, ref.losses[50]]])


def test_gd_explorer_learning_rates_small_right_and_divergent():
    ex = GDExplorer(X_SAL, Y_SAL, step=200)
    ex.set(lr=0.001)
    slow = ex.numbers["loss"]
    ex.set(lr=0.08)
    assert slow > 50 and ex.numbers["loss"] < 1.51 and ex.numbers["status"] == "max_epochs"  # best MSE is 1.5
    ex.set(lr=0.1)
    assert ex.numbers["status"] == "diverged" and "smaller learning rate" in ex.readout.value
    assert ex.numbers["step"] < 200 and "the run stopped at step" in ex.readout.value
    assert np.isfinite(ex.numbers["loss"])
    ex.set(lr=0.06, momentum=0.9, step=150)
    assert ex.numbers["w"] == pytest.approx(7.5, abs=1e-2) and "v = 0.9·v" in ex.readout.value


# ---------------------------------------------------------------- L1 vs L2
def test_regularization_explorer_matches_solvers_and_shows_exact_zeros():
    X, y = pair_data()
    ex = RegularizationExplorer(X, y, lam=0.01, penalty="l2")
    np.testing.assert_allclose(ex.numbers["w"], L.fit_ridge(X, y, 0.01).w)
    assert ex.numbers["zeros"] == 0
    ex.set(lam=1.0)
    w_ridge = ex.numbers["w"]
    assert np.all(w_ridge != 0)
    ex.set(penalty="l1")
    w_lasso = ex.numbers["w"]
    ref = O.gradient_descent(X, y, lr=0.1, l1=1.0, n_epochs=100_000, tol=1e-12)
    np.testing.assert_allclose(w_lasso, ref.w, atol=1e-6)
    ex.set(lam=2.0)   # snaps to the slider's grid value 10^0.3
    assert ex.numbers["lam"] == pytest.approx(10 ** 0.3)
    assert ex.numbers["zeros"] == 1 and ex.numbers["w"][1] == 0.0 and "<b>1</b>" in ex.readout.value
    # the solution lies on the boundary of its diamond: |w1| + |w2| equals the region's radius
    region = ex.region.get_xy()
    assert np.abs(region).sum(axis=1).max() == pytest.approx(np.abs(ex.numbers["w"]).sum())
    np.testing.assert_allclose(ex.sol.get_xydata(), [ex.numbers["w"]])
    assert ex.vline.get_xdata()[0] == pytest.approx(10 ** 0.3)


def test_regularization_explorer_needs_two_features():
    with pytest.raises(ValueError, match=r"X must have exactly 2 features for this picture; got shape \(5, 1\)"):
        RegularizationExplorer(np.reshape(X_SAL, (-1, 1)), Y_SAL)


# ---------------------------------------------------------------- drawn through mlviz.viz, fed by the core
def test_loss_surfaces_are_the_core_objective():
    X = np.reshape(X_SAL, (-1, 1))
    fit = L.fit_least_squares(X, Y_SAL)
    for ex, (w_range, b_range) in ((LineExplorer(X_SAL, Y_SAL), ((0.0, 15.0), (0.0, 50.0))),
                                   (GDExplorer(X_SAL, Y_SAL), ((-2.0, 16.0), (-10.0, 50.0)))):
        s = ex.surface
        np.testing.assert_allclose(s["minimum"].get_offsets(), [[fit.w[0], fit.b]])
        corners = [L.objective(X, Y_SAL, [w], b) for w in w_range for b in b_range]
        assert s["contours"].levels[-1] == pytest.approx(max(corners))   # a bowl: the largest value is at a corner
    X2, y2 = pair_data()
    reg = RegularizationExplorer(X2, y2)
    np.testing.assert_allclose(reg.surface["minimum"].get_offsets(), [L.fit_least_squares(X2, y2).w])
    span = reg.ax.get_xlim()[1]
    # each w with its best bias ȳ − x̄·w; a bowl, so the largest value on the square is at a corner
    corners = [L.objective(X2, y2, [a, b], y2.mean() - X2.mean(axis=0) @ [a, b])
               for a in (span, -span) for b in (span, -span)]
    corner = max(corners)
    assert reg.surface["contours"].levels[-1] == pytest.approx(corner)


def test_line_explorer_residuals_follow_the_sliders():
    ex = LineExplorer(X_SAL, Y_SAL, w=7.0, b=25.0)
    ex.set(w=5.0, b=30.0)
    segs = ex.art["residuals"].get_segments()
    np.testing.assert_allclose([s[1] for s in segs], np.column_stack([X_SAL, 5.0 * np.array(X_SAL) + 30.0]))
    np.testing.assert_allclose([s[0] for s in segs], np.column_stack([X_SAL, Y_SAL]))


def test_gd_explorer_next_step_segment_and_curve():
    ex = GDExplorer(X_SAL, Y_SAL, lr=0.01, step=3)
    run = ex.run()
    np.testing.assert_allclose(ex.arrow.get_xydata(), [[run.path_w[3, 0], run.path_b[3]],
                                                        [run.path_w[4, 0], run.path_b[4]]])
    np.testing.assert_allclose(ex.curve.get_ydata(), run.losses)
    ex.set(lr=0.002)                      # a new run: the curve follows it
    np.testing.assert_allclose(ex.curve.get_ydata(), ex.run().losses)


@pytest.mark.parametrize("make, control, good", [
    (lambda: LineExplorer(X_SAL, Y_SAL), "w", 7.5),
    (lambda: GDExplorer(X_SAL, Y_SAL), "step", 5),
    (lambda: RegularizationExplorer(*pair_data()), "lam", 1.0),
])
def test_explorers_refuse_nan_and_none(make, control, good, assert_refuses_bad_values):
    assert_refuses_bad_values(make(), control, good)
