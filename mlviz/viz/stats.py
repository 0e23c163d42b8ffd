r"""Plots for notebook 06: histograms and distributions, correlation, intervals, ROC and PR curves, bias–variance.

Each function draws what the caller computed with :mod:`mlviz.stats` (a sample, a distribution
object, interval ends, curve points, bias–variance results) and returns its artists in a dict; the
``set_*`` functions update those artists in place, which is how the explorers animate them.
:data:`POINT_SETS` are the small point sets of the correlation explorer.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from .. import stats as S
from ..course import PALETTE
from ._axes import get_ax, set_markers

__all__ = ["POINT_SETS", "SIGN_COLORS", "SIGN_MARKERS", "plot_histogram", "set_histogram", "plot_distribution",
           "set_distribution", "plot_correlation", "set_correlation", "plot_intervals", "set_intervals",
           "plot_score_histograms", "plot_roc", "plot_precision_recall", "plot_bias_variance", "plot_polynomial_fits"]

_X10 = (-3.6, -2.8, -2.1, -1.2, -0.4, 0.5, 1.3, 2.0, 2.9, 3.7)
POINT_SETS = {  # ten points each, on the correlation explorer's 0.1 slider grid
    "straight line + noise": (_X10, (-3.2, -1.6, -2.2, -0.4, -0.9, 0.8, 0.5, 2.1, 1.7, 3.4)),
    "curve, y = x²/2 − 2": ((-3.0, -2.4, -1.8, -1.2, -0.6, 0.6, 1.2, 1.8, 2.4, 3.0),
                            (2.5, 0.9, -0.4, -1.3, -1.8, -1.8, -1.3, -0.4, 0.9, 2.5)),
    "rising curve, y = eˣ (scaled)": (_X10, (-2.9, -2.9, -2.9, -2.8, -2.6, -2.3, -1.9, -1.3, -0.2, 1.6)),
    "falling, plus one outlier": ((-3.5, -2.9, -2.2, -1.6, -0.9, -0.3, 0.4, 1.0, 1.7, 4.6),
                                  (0.4, -0.2, -0.5, -1.0, -1.6, -1.5, -1.5, -2.1, -1.9, 4.6)),
    "no relation": (_X10, (1.2, -2.4, 3.1, -0.6, 2.5, -3.3, 0.4, -1.9, 2.2, -1.1)),
}
SIGN_COLORS = {"positive": PALETTE["blue"], "negative": PALETTE["vermillion"], "zero": "0.6"}
#: The sign in shape as well: a triangle up for a positive product, down for a negative one.
SIGN_MARKERS = {"positive": "^", "negative": "v", "zero": "o"}
#: Intervals that cover the truth: solid blue; misses: dashed vermillion (the dash tells them apart without colour).
_HIT, _MISS = PALETTE["blue"], PALETTE["vermillion"]
_LIGHT = PALETTE["sky_blue"]  # filled histograms, under a darker curve


# -- histograms and distributions ------------------------------------------------------------
def plot_histogram(x, bins=20, *, ax=None, density: bool = False, color=_LIGHT, **style):
    """A filled step histogram of ``x`` (counts, or a density whose area is 1).

    Parameters
    ----------
    x : array_like, shape (n_samples,)
    bins : int or array_like of edges (e.g. :func:`mlviz.stats.bin_edges`)

    Returns
    -------
    dict with ``bars`` (StepPatch; :func:`set_histogram` refills it).
    """
    ax = get_ax(ax)
    bars = ax.stairs([0.0], [0.0, 1.0], fill=True, color=color, **style)
    artists = {"bars": bars}
    set_histogram(artists, x, bins, density=density)
    ax.relim()
    ax.autoscale_view()
    return artists


def set_histogram(artists: dict, x, bins, *, density: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Refill the histogram of :func:`plot_histogram` with new data; returns the heights and the edges."""
    heights, edges = np.histogram(np.asarray(x, dtype=float), bins=bins, density=density)
    artists["bars"].set_data(heights, edges)
    return heights, edges


def plot_distribution(dist, sample, *, ax=None, edges=None):
    """A distribution's pdf or pmf over a density histogram of a sample drawn from it.

    Parameters
    ----------
    dist : :class:`mlviz.stats.Normal`, :class:`~mlviz.stats.Binomial` or :class:`~mlviz.stats.Poisson`
    sample : array_like, shape (n_samples,)
    edges : array_like, optional
        Histogram edges; by default the Freedman–Diaconis rule for a continuous distribution and
        one bin per integer for a discrete one.

    Returns
    -------
    dict with ``hist`` (StepPatch) and ``curve`` (Line2D).
    """
    ax = get_ax(ax)
    hist = ax.stairs([0.0], [0.0, 1.0], fill=True, color=_LIGHT, alpha=0.6, label="sample (density)")
    (curve,) = ax.plot([], [], color=PALETTE["vermillion"], lw=2, label="pdf / pmf")
    ax.legend(loc="upper right", fontsize=9)
    artists = {"hist": hist, "curve": curve}
    set_distribution(artists, dist, sample, edges=edges)
    return artists


def set_distribution(artists: dict, dist, sample, *, edges=None, xlim=None) -> None:
    """Redraw :func:`plot_distribution`'s curve and histogram for another distribution or sample, in place.

    ``xlim`` (continuous distributions): fixed x limits, so that a new mean moves the curve instead of the
    axis; by default 4.5 standard deviations either side of the mean.
    """
    ax, curve = artists["curve"].axes, artists["curve"]
    sd = np.sqrt(dist.var)
    if hasattr(dist, "pdf"):  # continuous: the density on a fine grid
        lo, hi = (dist.mean - 4.5 * sd, dist.mean + 4.5 * sd) if xlim is None else xlim
        grid = np.linspace(lo, hi, 300)
        curve.set_data(grid, dist.pdf(grid))
        curve.set_marker("")
        edges = S.bin_edges(sample, "fd") if edges is None else edges
    else:  # discrete: the pmf at each integer, one bin centred on each
        top = int(dist.n) if hasattr(dist, "n") else int(max(10, dist.mean + 5 * sd))
        lo, hi = -1, top + 1
        ks = np.arange(0, top + 1)
        curve.set_data(ks, dist.pmf(ks))
        curve.set_marker("o")
        edges = np.arange(-0.5, top + 1.5) if edges is None else edges
    density, _ = set_histogram({"bars": artists["hist"]}, sample, edges, density=True)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 1.15 * max(density.max(), np.max(curve.get_ydata())))


# -- correlation --------------------------------------------------------------------------------
def plot_correlation(points, products, *, ax=None, lim: float = 5.0, selected: int | None = None, line=None):
    """Points coloured by the sign of their product (x − x̄)(y − ȳ), the mean lines and a fitted line.

    Parameters
    ----------
    points : array_like, shape (n_points, 2)
    products : array_like, shape (n_points,)
        Each point's (x − x̄)(y − ȳ): a blue triangle up when positive, a vermillion triangle down when
        negative, a grey dot when 0.
    selected : int, optional
        The point to ring.
    line : (slope, intercept) or None
        The least-squares line; None draws none (every x equal).

    Returns
    -------
    dict with ``dots``, ``ring`` (PathCollection), ``fit``, ``xbar``, ``ybar`` (Line2D).
    """
    ax = get_ax(ax)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    n = len(points)
    artists = {"xbar": ax.axvline(0, color="0.5", ls="--", lw=0.8), "ybar": ax.axhline(0, color="0.5", ls="--", lw=0.8),
               "fit": ax.plot([], [], color="k", lw=1.5, label="least-squares line")[0],
               "dots": ax.scatter(np.zeros(n), np.zeros(n), s=60, zorder=3, edgecolors="k", linewidths=0.5),
               "ring": ax.scatter([0.0], [0.0], s=230, facecolors="none", edgecolors="k", linewidths=1.5, zorder=4)}
    ax.legend(loc="upper left", fontsize=9)
    set_correlation(artists, points, products, selected=selected, line=line)
    return artists


def set_correlation(artists: dict, points, products, *, selected: int | None = None, line=None) -> None:
    """Move :func:`plot_correlation`'s points, colours, mean lines, ring and fitted line, in place."""
    pts = np.asarray(points, dtype=float)  # (n_points, 2)
    sign = np.sign(np.where(np.abs(products) > 1e-12, products, 0.0))
    names = {1.0: "positive", -1.0: "negative", 0.0: "zero"}
    artists["dots"].set_offsets(pts)
    artists["dots"].set_facecolor([SIGN_COLORS[names[s]] for s in sign])
    set_markers(artists["dots"], [SIGN_MARKERS[names[s]] for s in sign])
    artists["ring"].set_offsets(pts[selected:selected + 1] if selected is not None else np.empty((0, 2)))
    artists["xbar"].set_xdata([pts[:, 0].mean()] * 2)
    artists["ybar"].set_ydata([pts[:, 1].mean()] * 2)
    if line is None:
        artists["fit"].set_data([], [])
    else:
        slope, intercept = line
        lo, hi = artists["fit"].axes.get_xlim()
        artists["fit"].set_data([lo, hi], [intercept + slope * lo, intercept + slope * hi])


# -- intervals ------------------------------------------------------------------------------------
def plot_intervals(low, high, truth: float, *, ax=None):
    """One horizontal segment per interval, solid blue if it contains ``truth``, dashed vermillion if not.

    The truth is a black dotted line.

    Parameters
    ----------
    low, high : array_like, shape (n_intervals,)

    Returns
    -------
    dict with ``lines`` (LineCollection) and ``truth`` (Line2D).
    """
    ax = get_ax(ax)
    lines = LineCollection([], lw=1.5)
    ax.add_collection(lines)
    artists = {"lines": lines, "truth": ax.axvline(truth, color="k", lw=1, ls=":")}
    set_intervals(artists, low, high, truth)
    ax.set_ylim(-1, len(low))
    ax.set_xlabel("interval for the mean (true mean dotted; misses dashed)")
    ax.set_ylabel("sample")
    return artists


def set_intervals(artists: dict, low, high, truth: float) -> None:
    """Redraw :func:`plot_intervals`'s segments and colours for new interval ends, in place."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    rows = np.arange(len(low))
    segments = np.stack([np.column_stack([low, rows]), np.column_stack([high, rows])], axis=1)  # (n, 2 ends, 2)
    hit = (low <= truth) & (truth <= high)
    artists["lines"].set_segments(list(segments))
    artists["lines"].set_color([_HIT if h else _MISS for h in hit])
    artists["lines"].set_linestyle(["-" if h else "--" for h in hit])
    artists["truth"].set_xdata([truth, truth])


# -- classification curves ---------------------------------------------------------------------
def plot_score_histograms(y, scores, *, ax=None, bins: int = 40, threshold: float | None = None):
    """Histograms of the scores of the negatives and the positives (log counts), and the threshold line.

    Returns
    -------
    dict with ``negatives`` and ``positives`` (BarContainer) and ``threshold`` (Line2D; ``set_xdata``).
    """
    ax = get_ax(ax)
    y, s = np.asarray(y), np.asarray(scores, dtype=float)
    edges = np.linspace(s.min(), s.max(), bins)
    out = {}
    # positives hatched as well as vermillion: told apart from the negatives without colour
    for c, col, hatch, name in ((0, PALETTE["blue"], None, "negatives"),
                                (1, PALETTE["vermillion"], "///", "positives")):
        out[name] = ax.hist(s[y == c], bins=edges, alpha=0.55, color=col, hatch=hatch, label=name)[2]
    ax.set_yscale("log")
    ax.legend(fontsize=9)
    ax.set_xlabel("score")
    out["threshold"] = ax.axvline(s.min() if threshold is None else threshold, color="k", lw=1.5)
    return out


def plot_roc(fpr, tpr, *, ax=None, auc: float | None = None):
    """The ROC curve (from :func:`mlviz.stats.roc_curve`), the chance diagonal and a point to move.

    Returns
    -------
    dict with ``curve``, ``chance`` and ``point`` (Line2D; move the point with ``set_data``).
    """
    ax = get_ax(ax)
    (curve,) = ax.plot(fpr, tpr, color=PALETTE["blue"])
    (chance,) = ax.plot([0, 1], [0, 1], color="0.7", ls=":")
    (point,) = ax.plot([], [], "o", color="k", ms=8)
    ax.set_xlabel("false-positive rate")
    ax.set_ylabel("true-positive rate (recall)")
    ax.set_title("ROC" if auc is None else f"ROC, AUC = {auc:.3f}", fontsize=10)
    return {"curve": curve, "chance": chance, "point": point}


def plot_precision_recall(recall, precision, *, ax=None, base_rate: float | None = None, ap: float | None = None):
    """The precision–recall curve (from :func:`mlviz.stats.precision_recall_curve`), the base rate and a point.

    Returns
    -------
    dict with ``curve``, ``point`` (Line2D) and ``baseline`` (Line2D or None).
    """
    ax = get_ax(ax)
    (curve,) = ax.plot(recall, precision, color=PALETTE["bluish_green"])
    baseline = None if base_rate is None else ax.axhline(base_rate, color="0.7", ls=":")
    (point,) = ax.plot([], [], "o", color="k", ms=8)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("precision–recall" if ap is None else f"precision–recall, AP = {ap:.3f}", fontsize=10)
    ax.set_ylim(0, 1.02)
    return {"curve": curve, "baseline": baseline, "point": point}


# -- bias and variance ------------------------------------------------------------------------------
def plot_bias_variance(results, *, ax=None):
    """Training and test error, bias² and variance against the polynomial degree, and the noise floor.

    Parameters
    ----------
    results : sequence of :class:`mlviz.stats.BiasVariance`, one per degree

    Returns
    -------
    dict with ``train_mse``, ``test_mse``, ``bias2``, ``variance``, ``noise`` (Line2D) and ``marker`` (the
    vertical line at a degree; move it with ``set_xdata``).
    """
    ax = get_ax(ax)
    d = np.array([r.degree for r in results])
    get = lambda k: np.array([getattr(r, k) for r in results])  # noqa: E731
    # each line has its own colour and its own dash or marker, so it is found without colour too
    out = {"train_mse": ax.plot(d, get("train_mse"), "o-", ms=4, color=PALETTE["blue"], label="training error")[0],
           "test_mse": ax.plot(d, get("test_mse"), "s-", ms=4, color=PALETTE["vermillion"], label="test error")[0],
           "bias2": ax.plot(d, get("bias2"), "--", color=PALETTE["bluish_green"], label="bias²")[0],
           "variance": ax.plot(d, get("variance"), "-.", color=PALETTE["reddish_purple"], label="variance")[0],
           "noise": ax.axhline(results[0].noise, color="0.6", ls=":", label="noise σ²"),
           "marker": ax.axvline(d[0], color="k", lw=1)}
    ax.set_yscale("log")
    ax.set_xlabel("polynomial degree")
    ax.legend(fontsize=9, ncol=2)
    return out


def plot_polynomial_fits(x, f_x, train_x, train_y, n_fits: int, *, ax=None, label="true f(x) = sin 2πx"):
    """The true function, one training set, and ``n_fits`` empty fit lines to fill with ``set_data``.

    Returns
    -------
    dict with ``truth`` (Line2D), ``points`` (PathCollection) and ``fits`` (list of Line2D).
    """
    ax = get_ax(ax)
    (truth,) = ax.plot(x, f_x, color="k", lw=2, label=label)
    points = ax.scatter(train_x, train_y, s=12, color="0.3", zorder=3, label="one training set")
    fits = [ax.plot([], [], color=PALETTE["vermillion"], lw=1, alpha=0.6)[0] for _ in range(n_fits)]
    ax.set_ylim(-2, 2)
    ax.legend(fontsize=9, loc="lower left")
    return {"truth": truth, "points": points, "fits": fits}
