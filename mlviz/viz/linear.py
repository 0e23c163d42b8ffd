r"""Plots for notebook 02: the fitted line, the loss surface with a descent path, L1/L2 geometry.

Each function draws already-computed results (a loss surface, a run's path, a fit) and
returns its artists in a dict, so the explorers can update them in place. None of them
fits a model or evaluates a loss: the caller passes those in.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from ..course import OKABE_ITO, PALETTE
from ._axes import get_ax

__all__ = ["plot_fit", "set_fit", "plot_loss_surface", "plot_path", "plot_loss_curve", "penalty_region",
           "plot_penalty_region", "plot_coef_paths", "plot_decision_boundary", "PATH_COLORS", "PATH_STYLES"]

PATH_COLORS = {"batch": PALETTE["blue"], "mini-batch": PALETTE["bluish_green"], "stochastic": PALETTE["vermillion"],
               "momentum": PALETTE["reddish_purple"]}
#: Each kind of run also has its own line style, so paths are told apart without colour.
PATH_STYLES = {"batch": "-", "mini-batch": "--", "stochastic": ":", "momentum": "-."}
_LINESTYLES = ("-", "--", ":", "-.")


def plot_fit(x, y, w, b, *, ax=None, xlim=None, residuals=True):
    """Data points, the line ``w·x + b`` and (optionally) the vertical residuals.

    Returns
    -------
    dict with ``points`` (PathCollection), ``line`` (Line2D) and ``residuals`` (LineCollection or None).
    """
    ax = get_ax(ax, figsize=(4.5, 3.5))
    x, y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
    lo, hi = xlim if xlim is not None else (x.min() - 1, x.max() + 1)
    points = ax.scatter(x, y, color="0.2", zorder=3, label="data")
    (line,) = ax.plot([lo, hi], [w * lo + b, w * hi + b], color=PALETTE["blue"], lw=2, label=f"ŷ = {w:.2f}x + {b:.2f}")
    res = None
    if residuals:
        res = LineCollection(_residual_segments(x, y, w, b), colors=PALETTE["vermillion"], linestyles=":", lw=1.5,
                             label="residuals")
        ax.add_collection(res)
    ax.set_xlim(lo, hi)
    return {"points": points, "line": line, "residuals": res}


def set_fit(artists: dict, w: float, b: float) -> None:
    """Move the line and residuals drawn by :func:`plot_fit` to a new ``(w, b)``, in place."""
    xs = np.asarray(artists["line"].get_xdata(), dtype=float)
    artists["line"].set_ydata(w * xs + b)
    if artists["residuals"] is not None:
        x, y = np.asarray(artists["points"].get_offsets(), dtype=float).T
        artists["residuals"].set_segments(_residual_segments(x, y, w, b))


def _residual_segments(x, y, w, b):
    ends = np.stack([np.column_stack([x, y]), np.column_stack([x, w * x + b])], axis=1)  # (n, 2 ends, 2)
    return list(ends)


def plot_loss_surface(w_values, b_values, loss, *, ax=None, levels=None, minimum=None, current=None,
                      labels=("w (slope)", "b (intercept)"), origin=False):
    """Contours of a loss already evaluated on a grid, with the minimum as a star and the current point.

    Parameters
    ----------
    w_values : array_like, shape (n_w,)
        The grid along the horizontal axis.
    b_values : array_like, shape (n_b,)
        The grid along the vertical axis.
    loss : array_like, shape (n_b, n_w)
        The loss at every grid point (row i is ``b_values[i]``).
    levels : array_like, optional
        Contour levels; default 14 geometrically spaced ones, dense near the minimum.
    minimum, current : (float, float), optional
        Points to mark: the minimiser (orange star) and the current parameters (vermillion dot).
    origin : bool
        Draw the axes through (0, 0).

    Returns
    -------
    dict with ``contours`` (QuadContourSet), ``minimum`` (PathCollection or None) and
    ``current`` (Line2D or None; move it with ``set_data``).
    """
    ax = get_ax(ax, figsize=(4.5, 4))
    Z = np.asarray(loss, dtype=float)
    if levels is None:
        levels = np.geomspace(max(Z.min(), 1e-3), Z.max(), 14)
    cs = ax.contour(w_values, b_values, Z, levels=levels, cmap="viridis", linewidths=0.9)
    if origin:
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
    star = None
    if minimum is not None:
        star = ax.scatter([minimum[0]], [minimum[1]], marker="*", s=180, color=PALETTE["orange"], edgecolor="k",
                          zorder=5,
                          label="least squares")
    dot = None
    if current is not None:
        (dot,) = ax.plot([current[0]], [current[1]], "o", color=PALETTE["vermillion"], ms=8, zorder=6)
    ax.set_xlim(np.min(w_values), np.max(w_values))
    ax.set_ylim(np.min(b_values), np.max(b_values))
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    return {"contours": cs, "minimum": star, "current": dot}


def plot_path(path_x, path_y, *, ax=None, color=PALETTE["vermillion"], label=None, markers=True, ls=None, head=False):
    """A descent trajectory as a line with dots at every step.

    ``ls`` defaults to the run's line style in :data:`PATH_STYLES` when ``label`` names one, else solid.

    With ``head=True`` also a large dot at the last point and an (empty) black segment for
    the next step, which an explorer moves with ``set_data``.

    Returns
    -------
    dict with ``path`` (Line2D), ``head`` and ``next`` (Line2D, or None without ``head``).
    """
    ax = get_ax(ax)
    px, py = np.asarray(path_x, dtype=float), np.asarray(path_y, dtype=float)
    ls = PATH_STYLES.get(label, "-") if ls is None else ls
    (line,) = ax.plot(px, py, color=color, lw=1.3, ls=ls, marker="o" if markers else None, ms=3, label=label)
    out = {"path": line, "head": None, "next": None}
    if head:
        (out["head"],) = ax.plot(px[-1:], py[-1:], "o", color=color, ms=8, zorder=6)
        (out["next"],) = ax.plot([], [], color="k", lw=1.5, zorder=6)
    return out


def plot_loss_curve(losses, *, ax=None, steps=None, color=PALETTE["blue"], label=None, log=True, cursor=None,
                    xlabel="step"):
    """The loss after each step (log axis), with an optional dot at step ``cursor``.

    A ``label`` named in :data:`PATH_STYLES` gets that run's line style.

    Returns
    -------
    dict with ``line`` and ``cursor`` (Line2D, or None).
    """
    ax = get_ax(ax)
    losses = np.asarray(losses, dtype=float)
    steps = np.arange(len(losses)) if steps is None else np.asarray(steps, dtype=float)
    (line,) = ax.plot(steps, losses, color=color, ls=PATH_STYLES.get(label, "-"), label=label)
    dot = None
    if cursor is not None:
        (dot,) = ax.plot([steps[cursor]], [losses[cursor]], "o", color=PALETTE["vermillion"])
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("MSE")
    return {"line": line, "cursor": dot}


def penalty_region(kind: str, radius: float, n: int = 200) -> np.ndarray:
    """Boundary of ``{w : Σ|w| ≤ r}`` (``"l1"``, a diamond) or ``{w : ‖w‖ ≤ r}`` (``"l2"``, a circle).

    Returns the boundary as ``(n, 2)`` points.
    """
    t = np.linspace(0, 2 * np.pi, n)
    c, s = np.cos(t), np.sin(t)
    if kind == "l1":
        return radius * np.column_stack([c, s]) / (np.abs(c) + np.abs(s))[:, None]  # (n, 2)
    return radius * np.column_stack([c, s])  # (n, 2)


def plot_penalty_region(kind: str, radius: float, *, ax=None, **kw):
    """Draw the L1 diamond or L2 circle of the given radius around the origin.

    Returns dict with ``region`` (Polygon; move it with ``set_xy(penalty_region(kind, r))``).
    """
    ax = get_ax(ax)
    pts = penalty_region(kind, radius)
    (poly,) = ax.fill(pts[:, 0], pts[:, 1], alpha=kw.pop("alpha", 0.25), color=kw.pop("color", PALETTE["orange"]), **kw)
    return {"region": poly}


def plot_coef_paths(lambdas, W, names=None, *, ax=None, title=None, lam=None, legend=None):
    """Each coefficient against λ (log axis), with an optional dashed marker at ``lam``.

    Each coefficient has an Okabe–Ito colour and, after the first four, a dashed or dotted line.

    Parameters
    ----------
    lambdas : array_like, shape (n_lambdas,)
    W : array_like, shape (n_lambdas, n_features)
    legend : str, optional
        Legend location.

    Returns
    -------
    dict with ``lines`` (list of Line2D, one per feature) and ``marker`` (Line2D or None).
    """
    ax = get_ax(ax, figsize=(5, 3.5))
    W = np.asarray(W, dtype=float)
    names = names or [f"w{j + 1}" for j in range(W.shape[1])]
    n_col = len(OKABE_ITO)
    lines = [ax.plot(lambdas, W[:, j], lw=1.8, label=name, color=OKABE_ITO[j % n_col],
                     ls=_LINESTYLES[(j // 4) % len(_LINESTYLES)])[0] for j, name in enumerate(names)]
    ax.set_xscale("log")
    ax.axhline(0, color="0.6", lw=0.8)
    marker = ax.axvline(lam, color="k", lw=1, ls="--") if lam is not None else None
    ax.set_xlabel("λ")
    ax.set_ylabel("coefficient")
    if title:
        ax.set_title(title, fontsize=10)
    if legend:
        ax.legend(fontsize=9, loc=legend)
    return {"lines": lines, "marker": marker}


def plot_decision_boundary(X2, y, w, b, *, ax=None, names=("x₁", "x₂"), jitter=0.0, rng=0):
    """Two features, the classes and the line ``w·x + b = 0`` where the probability is 0.5.

    ``jitter`` spreads points that share integer coordinates, for the eye only.

    Returns
    -------
    dict with ``points`` (list of PathCollection, one per class) and ``boundary`` (Line2D).
    """
    ax = get_ax(ax, figsize=(4.5, 4))
    X2, y = np.asarray(X2, float), np.asarray(y)
    pts = X2 + (np.random.default_rng(rng).uniform(-jitter, jitter, X2.shape) if jitter else 0.0)
    sc = [ax.scatter(*pts[y == c].T, s=16, alpha=0.6, label=lab, color=col, marker=m)
          for c, lab, col, m in ((0, "not spam", PALETTE["blue"], "o"), (1, "spam", PALETTE["vermillion"], "^"))]
    xs = np.linspace(X2[:, 0].min() - 0.5, X2[:, 0].max() + 0.5, 2)
    (line,) = ax.plot(xs, -(w[0] * xs + b) / w[1], color="k", lw=2, label="p = 0.5")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_ylim(X2[:, 1].min() - 0.7, X2[:, 1].max() + 0.7)
    return {"points": sc, "boundary": line}
