r"""Explorers for notebook 06: distributions, confidence intervals, thresholds, bias and variance.

The drawing is :mod:`mlviz.viz.stats`'s; the numbers come from :mod:`mlviz.stats`.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import stats as S
from ..linear import fit_least_squares
from ..viz.stats import (POINT_SETS, plot_bias_variance, plot_correlation, plot_distribution, plot_intervals,
                         plot_polynomial_fits, plot_precision_recall, plot_roc, plot_score_histograms, set_correlation,
                         set_distribution, set_intervals)
from ._base import Explorer, slider, table as _table
from .draggable import DraggablePoints

__all__ = ["DistributionExplorer", "CorrelationExplorer", "IntervalExplorer", "ThresholdExplorer",
           "BiasVarianceExplorer"]

EXAMPLES = {
    "normal": "heights, measurement errors: sums of many small independent effects",
    "binomial": "successes in n yes/no trials: clicks out of n impressions, heads in n flips",
    "poisson": "counts in a fixed interval at a steady rate: clicks per minute, typos per page",
}


class DistributionExplorer(Explorer):
    """Pick a distribution and its parameters: its pdf/pmf over a histogram of ``size`` samples.

    Examples
    --------
    >>> ex = DistributionExplorer("binomial", n_trials=20, p=0.3, size=1000, seed=0)
    >>> ex.numbers["mean"], round(ex.numbers["var"], 2)
    (6.0, 4.2)
    """

    figsize = (6.4, 3.8)
    normal_xlim = (-10.0, 10.0)  # the normal's axis stays put: μ moves the bell, σ widens it

    def __init__(self, dist: str = "normal", *, mu=0.0, sigma=1.0, n_trials=10, p=0.5, lam=3.0, size=500, seed=0):
        super().__init__()
        self._add("dist", widgets.ToggleButtons(options=["normal", "binomial", "poisson"], value=dist,
                                                description="distribution"))
        self._add("mu", slider("μ", mu, -5, 5, 0.1, width="250px"))
        self._add("sigma", slider("σ", sigma, 0.2, 5, 0.1, width="250px"))
        self._add("n_trials", slider("n trials", n_trials, 1, 100, 1, integer=True, width="250px"))
        self._add("p", slider("p", p, 0.0, 1.0, 0.01, width="250px"))
        self._add("lam", slider("λ (rate)", lam, 0.1, 30, 0.1, width="250px"))
        self._add("size", slider("samples", size, 10, 5000, 10, integer=True, width="250px"))
        self._add("seed", slider("seed", seed, 0, 20, 1, width="200px", integer=True))
        self._start()

    def distribution(self):
        c = {k: w.value for k, w in self.controls.items()}
        if c["dist"] == "normal":
            return S.Normal(c["mu"], c["sigma"])
        if c["dist"] == "binomial":
            return S.Binomial(c["n_trials"], c["p"])
        return S.Poisson(c["lam"])

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.11, 0.14, 0.85, 0.78))
        self.drawn = plot_distribution(self.distribution(), self._sample(), ax=self.ax)
        self.hist, self.curve = self.drawn["hist"], self.drawn["curve"]

    def _sample(self):
        return self.distribution().sample(self.value("size"), rng=self.value("seed"))

    def _refresh(self) -> str:
        kind = self.value("dist")
        for name, used in (("mu", "normal"), ("sigma", "normal"), ("n_trials", "binomial"), ("p", "binomial"),
                           ("lam", "poisson")):
            self.controls[name].disabled = kind != used
        d = self.distribution()
        x = self._sample()
        set_distribution(self.drawn, d, x, xlim=self.normal_xlim if kind == "normal" else None)
        self.ax.set_title(f"{kind}: {len(x)} samples", fontsize=10)
        self.numbers = {"dist": kind, "mean": float(d.mean), "var": float(d.var), "sample_mean": float(x.mean()),
                        "sample_var": float(x.var(ddof=1)), "size": int(x.size)}
        n = self.numbers
        return _table([("theory", f"mean {n['mean']:.3f}, variance {n['var']:.3f}"),
                       ("sample", f"mean {n['sample_mean']:.3f}, variance {n['sample_var']:.3f}"),
                       ("arises in", EXAMPLES[kind])])


class CorrelationExplorer(Explorer):
    """Drag any point (or pick it and use the x and y sliders): covariance, Pearson's r, the rank
    correlation and the least-squares line follow. Each point is a blue ▲ when (x − x̄)(y − ȳ) > 0 and a
    vermillion ▼ when it is negative: the covariance is the sum of those products over n − 1, so ▲ points pull r up.

    Examples
    --------
    >>> ex = CorrelationExplorer("falling, plus one outlier")
    >>> round(ex.numbers["r"], 2), round(ex.numbers["rank_r"], 2)   # the outlier flips r, not the ranks
    (0.4, -0.4)
    >>> ex.set(point=9, x=4.6, y=-2.5); round(ex.numbers["r"], 2)   # pull it down to the others
    -0.92
    """

    figsize = (5.0, 4.6)
    lim = 5.0

    def __init__(self, points: str = "straight line + noise"):
        super().__init__()
        if points not in POINT_SETS:
            raise ValueError(f"points must be one of {', '.join(map(repr, POINT_SETS))}; got {points!r}")
        self.pts = np.column_stack(POINT_SETS[points]).astype(float)
        n = len(self.pts)
        which = widgets.Dropdown(options=list(POINT_SETS), value=points, description="points")
        point = widgets.Dropdown(options=[(f"point {i + 1}", i) for i in range(n)], value=n - 1,
                                 description="move", layout=widgets.Layout(width="160px"))
        # observed before the redraw: a new point set or selected point first puts the sliders on that point
        which.observe(self._new_points, names="value")
        point.observe(lambda change: self._show_point(), names="value")
        self._add("points", which)
        self._add("point", point)
        for axis, v in zip("xy", self.pts[-1]):
            self._add(axis, slider(axis, v, -self.lim, self.lim, 0.1, width="220px"))
        self._start()

    def set(self, *, draw: str = "now", **values) -> None:
        """As :meth:`Explorer.set`, with the point set and the selected point applied before x and y."""
        first = {k: values.pop(k) for k in ("points", "point") if k in values}
        super().set(draw=draw, **first, **values)

    def _new_points(self, change) -> None:
        self.pts = np.column_stack(POINT_SETS[change["new"]]).astype(float)
        self._show_point()

    def _show_point(self) -> None:
        """The sliders move to the selected point, without moving any point."""
        was, self._suspended = self._suspended, True
        try:
            self.controls["x"].value, self.controls["y"].value = self.pts[self.value("point")]
        finally:
            self._suspended = was

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.12, 0.1, 0.84, 0.84))
        self.drawn = plot_correlation(self.pts, np.zeros(len(self.pts)), ax=self.ax, lim=self.lim)
        self.dots, self.ring, self.fit = self.drawn["dots"], self.drawn["ring"], self.drawn["fit"]
        self.drag = DraggablePoints(self.ax, lambda: self.pts, self._on_drag, tolerance=12)

    def _on_drag(self, index: int, x: float, y: float) -> None:
        x, y = (round(float(np.clip(v, -self.lim, self.lim)), 1) for v in (x, y))
        self.pts[index] = x, y
        self.set(point=index, x=x, y=y, draw="idle")

    def _refresh(self) -> str:
        i = self.value("point")
        self.pts[i] = self.value("x"), self.value("y")
        x, y = self.pts.T
        products = (x - x.mean()) * (y - y.mean())  # each point's share of the covariance: its colour
        cov = S.covariance(x, y)
        try:
            r, rank_r = S.correlation(x, y), S.rank_correlation(x, y)
        except ValueError:  # every point on one vertical or horizontal line
            r = rank_r = None
        slope = intercept = None
        if np.ptp(x) > 0:  # with every x equal no line fits best
            fit = fit_least_squares(x[:, None], y)
            slope, intercept = float(fit.w[0]), float(fit.b)
        set_correlation(self.drawn, self.pts, products, selected=i,
                        line=None if slope is None else (slope, intercept))
        self.numbers = {"points": self.pts.tolist(), "selected": i, "covariance": cov, "r": r, "rank_r": rank_r,
                        "slope": slope, "intercept": intercept, "products": products.tolist()}

        def fmt(v, spec=".3f"):
            return "undefined (a constant variable)" if v is None else format(v, spec)

        n_pos, n_neg = int(np.sum(products > 1e-12)), int(np.sum(products < -1e-12))
        line = ("undefined (every x equal)" if slope is None
                else f"y = {intercept:.2f} {'+' if slope >= 0 else '−'} {abs(slope):.2f} x")
        return _table([
            ("covariance", f"{cov:.3f} = Σ(x−x̄)(y−ȳ) / (n−1): {n_pos} ▲ products add, "
                           f"{n_neg} ▼ subtract"),
            ("Pearson r", f"<b>{fmt(r)}</b> (covariance ÷ both standard deviations)"),
            ("rank correlation", f"{fmt(rank_r)} (Pearson r of the ranks: how monotone, not how straight)"),
            ("least squares", f"{line}; R² = r² = {fmt(None if r is None else r * r)}"),
            (f"point {i + 1}", f"({self.pts[i, 0]:.1f}, {self.pts[i, 1]:.1f}), product {products[i]:+.2f}"),
        ])


class IntervalExplorer(Explorer):
    """Draw 100 samples of size n from N(μ, σ²), build an interval from each: how many cover μ?

    Solid blue intervals contain the true mean, dashed vermillion ones miss it. The readout also reports the
    coverage over 4,000 repetitions, so the long-run rate is visible behind the 100 drawn.

    Examples
    --------
    >>> ex = IntervalExplorer(n=10, confidence=0.95, method="t", seed=0)
    >>> abs(ex.numbers["coverage_long_run"] - 0.95) < 0.015
    True
    """

    figsize = (6.4, 4.6)
    n_show, n_long, mu, sigma = 100, 4000, 10.0, 2.0

    def __init__(self, n: int = 10, confidence: float = 0.95, method: str = "t", seed: int = 0):
        super().__init__()
        self._add("n", slider("n per sample", n, 2, 100, 1, integer=True, width="250px"))
        self._add("confidence", slider("confidence", confidence, 0.5, 0.99, 0.01, width="250px"))
        self._add("method", widgets.ToggleButtons(options=[("t", "t"), ("z (normal)", "z")], value=method,
                                                  description="interval"))
        self._add("seed", slider("seed", seed, 0, 50, 1, width="200px", integer=True))
        self._start()

    def intervals(self, reps: int, seed) -> tuple[np.ndarray, np.ndarray]:
        """``reps`` intervals x̄ ± q·s/√n at once, from :func:`mlviz.stats.mean_intervals`."""
        n = self.value("n")
        X = np.random.default_rng(seed).normal(self.mu, self.sigma, (reps, n))
        return S.mean_intervals(X, self.value("confidence"), method=self.value("method"))

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.1, 0.1, 0.86, 0.82))
        self.drawn = plot_intervals(np.zeros(self.n_show), np.zeros(self.n_show), self.mu, ax=self.ax)
        self.lines = self.drawn["lines"]
        self.ax.set_xlim(self.mu - 4 * self.sigma, self.mu + 4 * self.sigma)

    def _refresh(self) -> str:
        lo, hi = self.intervals(self.n_show, [self.value("seed"), 0])
        hit = (lo <= self.mu) & (self.mu <= hi)
        set_intervals(self.drawn, lo, hi, self.mu)
        LO, HI = self.intervals(self.n_long, [self.value("seed"), 1])
        long_run = float(np.mean((LO <= self.mu) & (self.mu <= HI)))
        c = self.value("confidence")
        self.ax.set_title(f"{int(hit.sum())} of {self.n_show} intervals cover the true mean", fontsize=10)
        self.numbers = {"covered": int(hit.sum()), "coverage_long_run": long_run, "nominal": c,
                        "mean_width": float(np.mean(hi - lo))}
        return _table([("drawn", f"<b>{int(hit.sum())}</b> of {self.n_show} cover μ = {self.mu:g}"),
                       (f"{self.n_long} more", f"coverage <b>{long_run:.3f}</b> (nominal {c:.2f})"),
                       ("mean width", f"{np.mean(hi - lo):.3f}")])


class ThresholdExplorer(Explorer):
    """Move the decision threshold: the point on the ROC and precision–recall curves and every metric follow.

    Examples
    --------
    >>> y = np.array([0, 0, 1, 1]); s = np.array([0.1, 0.4, 0.35, 0.8])
    >>> ex = ThresholdExplorer(y, s, threshold=0.3)
    >>> ex.numbers["tp"], ex.numbers["fp"], ex.numbers["recall"]
    (2, 1, 1.0)
    """

    figsize = (9.6, 3.4)
    readout_below = True

    def __init__(self, y_true, scores, threshold: float = 0.5):
        super().__init__()
        self.fpr, self.tpr, _ = S.roc_curve(y_true, scores)  # checks the labels and the scores
        self.y, self.s = np.asarray(y_true, dtype=float), np.asarray(scores, dtype=float)
        self.prec, self.rec, _ = S.precision_recall_curve(self.y, self.s)
        self.auc, self.ap = S.roc_auc(self.y, self.s), S.average_precision(self.y, self.s)
        lo, hi = float(self.s.min()), float(self.s.max())
        step = (hi - lo) / 200
        self._add("threshold", slider("threshold", float(np.clip(threshold, lo, hi)), lo, hi, step, width="420px",
                                      readout_format=".3f"))
        self._start()

    def _draw(self) -> None:
        self.ax_h = self.fig.add_axes((0.05, 0.16, 0.27, 0.74))
        self.ax_roc = self.fig.add_axes((0.39, 0.16, 0.26, 0.74))
        self.ax_pr = self.fig.add_axes((0.72, 0.16, 0.26, 0.74))
        self.vline = plot_score_histograms(self.y, self.s, ax=self.ax_h)["threshold"]
        self.roc_dot = plot_roc(self.fpr, self.tpr, ax=self.ax_roc, auc=self.auc)["point"]
        self.pr_dot = plot_precision_recall(self.rec, self.prec, ax=self.ax_pr, base_rate=self.y.mean(),
                                            ap=self.ap)["point"]

    def _refresh(self) -> str:
        t = self.value("threshold")
        pred = (self.s >= t).astype(float)
        m = S.binary_metrics(self.y, pred)
        fpr = m["fp"] / (m["fp"] + m["tn"])
        self.vline.set_xdata([t, t])
        self.roc_dot.set_data([fpr], [m["recall"]])
        if m["precision"] is None:
            self.pr_dot.set_data([], [])
        else:
            self.pr_dot.set_data([m["recall"]], [m["precision"]])
        self.numbers = dict(m, threshold=t, fpr=fpr)

        def fmt(v):
            return "undefined (0/0)" if v is None else f"{v:.3f}"

        cm = ("<table style='font-family:monospace;font-size:12px;border-collapse:collapse'>"
              "<tr><td></td><td style='padding:0 8px'>pred 0</td><td style='padding:0 8px'>pred 1</td></tr>"
              f"<tr><td>true 0</td><td style='padding:0 8px'>TN {m['tn']}</td><td style='padding:0 8px'>FP {m['fp']}</td></tr>"
              f"<tr><td>true 1</td><td style='padding:0 8px'>FN {m['fn']}</td><td style='padding:0 8px'>TP {m['tp']}</td></tr></table>")
        rows = _table([("accuracy", f"(TP+TN)/all = {fmt(m['accuracy'])}"),
                       ("precision", f"TP/(TP+FP) = {fmt(m['precision'])}"),
                       ("recall", f"TP/(TP+FN) = {fmt(m['recall'])}"),
                       ("F1", f"2TP/(2TP+FP+FN) = {fmt(m['f1'])}"),
                       ("false-positive rate", f"FP/(FP+TN) = {fpr:.3f}")])
        return f"<div style='display:flex;gap:24px'>{cm}{rows}</div>"


class BiasVarianceExplorer(Explorer):
    """A polynomial-degree slider: fits to several training sets, and the error split into bias² and variance.

    ``results`` passes in :func:`mlviz.stats.bias_variance` results made in the notebook, one per degree
    0, 1, ..., max_degree; without it the explorer computes them for degrees 0 to 12 itself.
    """

    figsize = (9.0, 3.6)
    readout_below = True
    degrees = tuple(range(0, 13))

    def __init__(self, degree: int = 3, *, results=None, n_train: int = 30, noise: float = 0.3, n_sims: int = 150,
                 seed: int = 0):
        super().__init__()
        if results is None:
            results = [S.bias_variance(d, n_train=n_train, noise=noise, n_sims=n_sims,
                                       rng=np.random.default_rng([seed, d])) for d in self.degrees]
        else:
            results = list(results.values()) if isinstance(results, dict) else list(results)
            if not results or [getattr(r, "degree", None) for r in results] != list(range(len(results))):
                got = [getattr(r, "degree", type(r).__name__) for r in results]
                raise ValueError("results must hold one mlviz.stats.bias_variance result for each degree 0, 1, ..., "
                                 f"max_degree, in order; got degrees {got}")
            noise = float(np.sqrt(results[0].noise))  # the training sets shown get the results' noise
            self.degrees = tuple(range(len(results)))
        self.results = results
        self.n_train, self.noise = n_train, noise
        g = np.random.default_rng([seed, 99])
        self.train_sets = [(x, np.sin(2 * np.pi * x) + g.normal(0, noise, n_train))
                           for x in (g.uniform(0, 1, n_train) for _ in range(6))]
        self._add("degree", slider("degree", degree, 0, max(self.degrees), 1, width="350px", integer=True))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.06, 0.14, 0.4, 0.76))
        self.ax_err = self.fig.add_axes((0.56, 0.14, 0.42, 0.76))
        self.xs = np.linspace(0, 1, 200)
        x0, y0 = self.train_sets[0]
        self.fits = plot_polynomial_fits(self.xs, np.sin(2 * np.pi * self.xs), x0, y0, len(self.train_sets),
                                         ax=self.ax)["fits"]
        self.marker = plot_bias_variance(self.results, ax=self.ax_err)["marker"]

    def _refresh(self) -> str:
        deg = self.value("degree")
        P = np.polynomial.Polynomial
        for line, (x, y) in zip(self.fits, self.train_sets):
            line.set_data(self.xs, P.fit(x, y, deg)(self.xs))
        self.marker.set_xdata([deg, deg])
        r = self.results[deg]
        self.ax.set_title(f"degree {deg}: fits to 6 training sets", fontsize=9)
        self.numbers = {"degree": deg, "bias2": r.bias2, "variance": r.variance, "noise": r.noise,
                        "test_mse": r.test_mse, "train_mse": r.train_mse}
        return _table([("training error", f"{r.train_mse:.4f}"),
                       ("test error", f"<b>{r.test_mse:.4f}</b> ≈ bias² {r.bias2:.4f} + variance {r.variance:.4f}"
                                      f" + noise {r.noise:.4f} = {r.total:.4f}")])
