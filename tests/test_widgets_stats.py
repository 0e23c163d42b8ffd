"""Notebook 06 explorers driven from code."""
import numpy as np
import pytest
from matplotlib.colors import to_hex

from test_widgets import drag

from mlviz import stats as S
from mlviz.widgets import (BiasVarianceExplorer, CorrelationExplorer, DistributionExplorer, IntervalExplorer,
                           ThresholdExplorer)
from mlviz.viz.stats import POINT_SETS, SIGN_COLORS


def test_moving_mu_moves_the_bell_not_the_axis():
    ex = DistributionExplorer("normal", mu=0.0, sigma=1.0, size=500, seed=0)
    peak = lambda: ex.curve.get_xdata()[np.argmax(ex.curve.get_ydata())]  # noqa: E731
    assert peak() == pytest.approx(0.0, abs=0.05) and ex.ax.get_xlim() == (-10.0, 10.0)
    ex.set(mu=3.0)
    assert peak() == pytest.approx(3.0, abs=0.05) and ex.ax.get_xlim() == (-10.0, 10.0)
    ex.set(dist="binomial", n_trials=20)  # a discrete distribution shows its support
    assert ex.ax.get_xlim() == (-1.0, 21.0)


def test_distribution_explorer_switches_family_and_overlays_the_right_curve():
    ex = DistributionExplorer("normal", mu=1.0, sigma=2.0, size=2000, seed=3)
    assert ex.numbers["mean"] == 1.0 and ex.numbers["var"] == 4.0
    x, y = ex.curve.get_data()
    np.testing.assert_allclose(y, S.Normal(1.0, 2.0).pdf(x))
    assert ex.controls["lam"].disabled and not ex.controls["mu"].disabled
    ex.set(dist="poisson", lam=4.0)
    assert ex.numbers["mean"] == ex.numbers["var"] == 4.0
    assert abs(ex.numbers["sample_mean"] - 4.0) < 0.2
    ks, pm = ex.curve.get_data()
    np.testing.assert_allclose(pm, S.Poisson(4.0).pmf(ks))
    values, edges, _ = ex.hist.get_data()
    assert np.sum(values * np.diff(edges)) == pytest.approx(1.0)        # a density
    assert ex.controls["mu"].disabled and not ex.controls["lam"].disabled
    ex.controls["size"].value = 20                                      # one slider
    assert ex.numbers["size"] == 20 and "clicks per minute" in ex.readout.value


def test_interval_explorer_coverage_and_z_versus_t():
    ex = IntervalExplorer(n=5, confidence=0.9, method="t", seed=1)
    segs = ex.lines.get_segments()
    assert len(segs) == 100 and ex.numbers["covered"] == sum(s[0][0] <= 10 <= s[1][0] for s in segs)
    t_cov = ex.numbers["coverage_long_run"]
    assert abs(t_cov - 0.9) < 0.02
    ex.set(method="z")
    assert ex.numbers["coverage_long_run"] < t_cov - 0.03    # z intervals are too narrow for n = 5
    ex.set(n=100)
    assert abs(ex.numbers["coverage_long_run"] - 0.9) < 0.02
    w = ex.numbers["mean_width"]
    ex.set(confidence=0.99)
    assert ex.numbers["mean_width"] > w and f"{ex.numbers['covered']}</b> of 100" in ex.readout.value


def test_threshold_explorer_moves_points_and_metrics():
    rng = np.random.default_rng(0)
    y = (rng.random(500) < 0.2).astype(float)
    s = rng.normal(size=500) + 1.5 * y
    ex = ThresholdExplorer(y, s, threshold=0.5)
    m = S.binary_metrics(y, (s >= ex.value("threshold")).astype(float))
    assert {k: ex.numbers[k] for k in m} == m
    np.testing.assert_allclose(ex.roc_dot.get_xydata(), [[ex.numbers["fpr"], m["recall"]]])
    np.testing.assert_allclose(ex.pr_dot.get_xydata(), [[m["recall"], m["precision"]]])
    assert f"TP {m['tp']}" in ex.readout.value
    ex.set(threshold=float(s.max()) + 0.0)          # only the top score is flagged
    assert ex.numbers["tp"] + ex.numbers["fp"] == 1
    ex.set(threshold=float(s.min()))                # everything flagged: recall 1, precision = base rate
    assert ex.numbers["recall"] == 1.0 and ex.numbers["precision"] == pytest.approx(y.mean())
    assert ex.vline.get_xdata()[0] == pytest.approx(float(s.min()))


def test_bias_variance_explorer_degree_slider():
    ex = BiasVarianceExplorer(degree=1, n_sims=60)
    under = ex.numbers
    ex.set(degree=4)
    good = ex.numbers
    ex.set(degree=11)
    over = ex.numbers
    assert under["bias2"] > good["bias2"] and over["variance"] > good["variance"]
    assert over["train_mse"] < good["train_mse"] < under["train_mse"]
    assert ex.marker.get_xdata()[0] == 11
    x, yfit = ex.fits[0].get_data()
    x0, y0 = ex.train_sets[0]
    np.testing.assert_allclose(yfit, np.polynomial.Polynomial.fit(x0, y0, 11)(x))


def test_correlation_explorer_drag_sliders_and_point_sets():
    ex = CorrelationExplorer()
    pts = np.column_stack(POINT_SETS["straight line + noise"])
    assert ex.numbers["r"] == pytest.approx(S.correlation(*pts.T))
    assert (ex.value("x"), ex.value("y")) == tuple(pts[-1])                 # the sliders show point 10
    slope, intercept = np.polyfit(*pts.T, 1)
    assert ex.numbers["slope"] == pytest.approx(slope) and ex.numbers["intercept"] == pytest.approx(intercept)
    # choosing another point moves the sliders to it and moves no point
    ex.controls["point"].value = 2
    assert (ex.value("x"), ex.value("y")) == tuple(pts[2]) and np.array_equal(ex.pts, pts)
    # its sliders move it: every number follows
    ex.controls["y"].value = 4.0
    pts[2] = pts[2, 0], 4.0
    assert np.array_equal(ex.pts, pts) and ex.numbers["r"] == pytest.approx(S.correlation(*pts.T))
    assert ex.numbers["covariance"] == pytest.approx(S.covariance(*pts.T))
    assert ex.numbers["rank_r"] == pytest.approx(S.rank_correlation(*pts.T))
    # colours: blue where (x − x̄)(y − ȳ) > 0
    prod = (pts[:, 0] - pts[:, 0].mean()) * (pts[:, 1] - pts[:, 1].mean())
    blue = [to_hex(c) == SIGN_COLORS["positive"] for c in ex.dots.get_facecolor()]
    assert blue == list(prod > 0)
    # set() takes the point first, whatever the order of the keywords
    ex.set(x=-1.0, y=-1.0, point=5)
    assert ex.pts[5].tolist() == [-1.0, -1.0] and ex.pts[2].tolist() == pts[2].tolist()
    # the mouse: drag point 1 to (−4, 4); it becomes the selected point and the sliders follow
    drag(ex.fig, ex.ax, tuple(ex.pts[0]), (-4.0, 4.0))
    assert ex.numbers["selected"] == 0 and ex.pts[0].tolist() == [-4.0, 4.0]
    assert (ex.value("point"), ex.value("x"), ex.value("y")) == (0, -4.0, 4.0)
    assert "point 1" in ex.readout.value and "(-4.0, 4.0)" in ex.readout.value
    # a new point set replaces the points; the outlier makes r positive while the ranks say falling
    ex.set(points="falling, plus one outlier")
    assert ex.numbers["r"] > 0.35 and ex.numbers["rank_r"] < -0.35
    ex.set(point=9, y=-2.5)
    assert ex.numbers["r"] < -0.9
    # every x equal: no correlation and no line, said in words, never NaN
    for i in range(10):
        ex.set(point=i, x=1.0)
    assert ex.numbers["r"] is None and ex.numbers["slope"] is None
    assert "undefined" in ex.readout.value and len(ex.fit.get_xdata()) == 0
    with pytest.raises(ValueError, match=r"points must be one of 'straight line \+ noise', .*; got 'circle'"):
        CorrelationExplorer("circle")


def test_interval_explorer_draws_the_t_intervals_of_mlviz_stats():
    ex = IntervalExplorer(n=6, confidence=0.9, method="t", seed=3)
    X = np.random.default_rng([3, 0]).normal(ex.mu, ex.sigma, (ex.n_show, 6))   # the samples behind the picture
    segs = np.array(ex.lines.get_segments())                                      # (100, 2 ends, 2)
    ends = np.array([(iv.low, iv.high) for iv in (S.t_interval(x, 0.9) for x in X)])
    np.testing.assert_allclose(segs[:, :, 0], ends, rtol=1e-12)


def test_bias_variance_explorer_takes_results_from_the_notebook():
    results = [S.bias_variance(d, n_train=20, noise=0.2, n_sims=40, rng=5) for d in range(6)]
    ex = BiasVarianceExplorer(degree=2, results=results, n_train=20)
    assert ex.results is not results and ex.results == results and ex.controls["degree"].max == 5
    assert ex.numbers["bias2"] == results[2].bias2 and ex.noise == pytest.approx(0.2)
    ex.set(degree=5)
    assert ex.numbers["variance"] == results[5].variance and ex.marker.get_xdata()[0] == 5
    with pytest.raises(ValueError, match=r"results must hold one .* for each degree 0, 1, .*; got degrees \[1, 2\]"):
        BiasVarianceExplorer(results=results[1:3])


def test_threshold_explorer_leaves_the_checks_to_mlviz_stats():
    with pytest.raises(ValueError, match="y_true must hold binary labels 0 or 1"):
        ThresholdExplorer([0, 1, 2], [0.1, 0.5, 0.9])
    with pytest.raises(ValueError, match="scores must contain only finite numbers"):
        ThresholdExplorer([0, 1, 1], [0.1, np.nan, 0.9])
