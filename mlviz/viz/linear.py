r"""Plots for notebook 02: the fitted line, the loss surface with a descent path, L1/L2 geometry.

Each function draws already-computed results and returns its artists, so the
explorers can update them in place.
"""
from __future__ import annotations

import numpy as np

from .. import linear as lin
from ._axes import get_ax

__all__ = ["mse_grid", "plot_fit", "plot_loss_surface", "plot_path", "plot_penalty_region", "plot_coef_paths",
           "plot_decision_boundary", "PATH_COLORS"]

PATH_COLORS = {"batch": "#1f77b4", "mini-batch": "#2ca02c", "stochastic": "#d62728", "momentum": "#9467bd"}


def mse_grid(x, y, w_values, b_values) -> np.ndarray:
    """MSE of ``y ≈ w·x + b`` (one feature) for every (b, w) on a grid: shape ``(len(b), len(w))``.

    Expanded as a quadratic in (w, b) from five sums, so the grid costs nothing per sample.
    """
    x, y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
    W, B = np.meshgrid(np.asarray(w_values, float), np.asarray(b_values, float))
    mx, my, mxx, mxy, myy = x.mean(), y.mean(), (x * x).mean(), (x * y).mean(), (y * y).mean()
    return W * W * mxx + 2 * W * B * mx + B * B - 2 * W * mxy - 2 * B * my + myy


def plot_fit(x, y, w, b, ax=None, *, xlim=None, residuals=True, point_labels=None):
    """Data points, the line ``w·x + b`` and (optionally) the vertical residuals."""
    ax = get_ax(ax, figsize=(4.5, 3.5))
    x, y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
    lo, hi = xlim if xlim is not None else (x.min() - 1, x.max() + 1)
    xs = np.array([lo, hi])
    points = ax.scatter(x, y, color="0.2", zorder=3, label="data")
    (line,) = ax.plot(xs, w * xs + b, color="#1f77b4", lw=2, label=f"ŷ = {w:.2f}x + {b:.2f}")
    res = None
    if residuals:
        from matplotlib.collections import LineCollection

        res = LineCollection([[(xi, yi), (xi, w * xi + b)] for xi, yi in zip(x, y)], colors="#d62728",
                             linestyles=":", lw=1.5, label="residuals")
        ax.add_collection(res)
    ax.set_xlim(lo, hi)
    return {"points": points, "line": line, "residuals": res}


def plot_loss_surface(x, y, w_range, b_range, ax=None, *, n=121, levels=None, minimum=True):
    """Filled contours of the MSE over (w, b), with the least-squares minimum as a star."""
    ax = get_ax(ax, figsize=(4.5, 4))
    ws, bs = np.linspace(*w_range, n), np.linspace(*b_range, n)
    Z = mse_grid(x, y, ws, bs)
    if levels is None:
        levels = np.geomspace(max(Z.min(), 1e-3), Z.max(), 14)
    cs = ax.contour(ws, bs, Z, levels=levels, cmap="viridis", linewidths=0.9)
    star = None
    if minimum:
        fit = lin.fit_least_squares(np.reshape(x, (-1, 1)), y)
        star = ax.scatter([fit.w[0]], [fit.b], marker="*", s=180, color="gold", edgecolor="k", zorder=5,
                          label="least squares")
    ax.set_xlim(*w_range)
    ax.set_ylim(*b_range)
    ax.set_xlabel("w (slope)")
    ax.set_ylabel("b (intercept)")
    return {"contours": cs, "minimum": star}


def plot_path(path_x, path_y, ax=None, *, color="#d62728", label=None, markers=True):
    """A descent trajectory as a line with dots at every step."""
    ax = get_ax(ax)
    (line,) = ax.plot(path_x, path_y, color=color, lw=1.3, marker="o" if markers else None, ms=3, label=label)
    return line


def penalty_region(kind: str, radius: float, n: int = 200) -> np.ndarray:
    """Boundary of ``{w : Σ|w| ≤ r}`` (``"l1"``, a diamond) or ``{w : ‖w‖ ≤ r}`` (``"l2"``, a circle)."""
    t = np.linspace(0, 2 * np.pi, n)
    if kind == "l1":
        c, s = np.cos(t), np.sin(t)
        return radius * np.column_stack([c, s]) / (np.abs(c) + np.abs(s))[:, None]
    return radius * np.column_stack([np.cos(t), np.sin(t)])


def plot_penalty_region(kind: str, radius: float, ax=None, **kw):
    """Draw the L1 diamond or L2 circle of the given radius around the origin."""
    ax = get_ax(ax)
    pts = penalty_region(kind, radius)
    (poly,) = ax.fill(pts[:, 0], pts[:, 1], alpha=0.25, color=kw.pop("color", "#ff7f0e"), **kw)
    return poly


def plot_coef_paths(lambdas, W, names=None, ax=None, *, title=None):
    """Each coefficient against λ (log axis)."""
    ax = get_ax(ax, figsize=(5, 3.5))
    W = np.asarray(W)
    names = names or [f"w{j + 1}" for j in range(W.shape[1])]
    lines = [ax.plot(lambdas, W[:, j], lw=1.8, label=name)[0] for j, name in enumerate(names)]
    ax.set_xscale("log")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_xlabel("λ")
    ax.set_ylabel("coefficient")
    if title:
        ax.set_title(title, fontsize=10)
    return lines


def plot_decision_boundary(X2, y, w, b, ax=None, *, names=("x₁", "x₂"), jitter=0.0, rng=0):
    """Two features, the classes and the line ``w·x + b = 0`` where the probability is 0.5."""
    ax = get_ax(ax, figsize=(4.5, 4))
    X2, y = np.asarray(X2, float), np.asarray(y)
    pts = X2 + (np.random.default_rng(rng).uniform(-jitter, jitter, X2.shape) if jitter else 0.0)
    sc = [ax.scatter(*pts[y == c].T, s=14, alpha=0.6, label=lab, color=col)
          for c, lab, col in ((0, "not spam", "#1f77b4"), (1, "spam", "#d62728"))]
    xs = np.linspace(X2[:, 0].min() - 0.5, X2[:, 0].max() + 0.5, 2)
    (line,) = ax.plot(xs, -(w[0] * xs + b) / w[1], color="k", lw=2, label="p = 0.5")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_ylim(X2[:, 1].min() - 0.7, X2[:, 1].max() + 0.7)
    return {"points": sc, "boundary": line}
