r"""Plots for notebook 03: a layer acting on the plane, per-layer statistics, weight images, training curves.

Each function draws results it is given (a network's weights, ``nn.propagate`` output, a
training history) and returns its artists in a dict, so explorers can update them in place.
"""
from __future__ import annotations

import math

import numpy as np

from ..course import OKABE_ITO, PALETTE
from ._axes import BACKDROP_ZORDER, get_ax, plot_handles

__all__ = ["weight_grid", "plot_weight_grid", "plot_weight_matrix", "plot_polylines", "plot_layer_input",
           "plot_layer_output", "ridge_heights", "plot_ridges", "set_ridges", "plot_std_profile",
           "plot_training_curves", "BASIS_COLORS"]

BASIS_COLORS = (PALETTE["vermillion"], PALETTE["blue"])  # e₁, e₂ in both panels of the layer picture, each labelled
LETTER_COLOR = PALETTE["orange"]
_LINESTYLES = ("-", "--", ":", "-.")


# -- weight images -------------------------------------------------------------------------
def weight_grid(W, side: int = 8, cols: int = 8) -> np.ndarray:
    """Rows of ``W`` tiled into one image, each unit scaled to its own ±max, with NaN gaps between tiles.

    Parameters
    ----------
    W : array_like, shape (n_units, side²)
        One row per unit, e.g. a first layer on 8 × 8 images.
    side : int
        Each row is shown as a ``side × side`` tile.
    cols : int
        Tiles per row of the image.

    Returns
    -------
    ndarray, shape (rows·(side+1) − 1, cols·(side+1) − 1) with ``rows = ⌈n_units / cols⌉``.

    Examples
    --------
    >>> weight_grid(np.array([[1.0, -2.0, 0.5, 0.0]]), side=2, cols=1)
    array([[ 0.5 , -1.  ],
           [ 0.25,  0.  ]])
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[1] != side * side:
        raise ValueError(f"W must be 2-D (n_units, side² = {side * side}); got shape {W.shape}")
    n = W.shape[0]
    rows = -(-n // cols)
    peak = np.abs(W).max(axis=1, keepdims=True)  # (n, 1)
    scaled = np.divide(W, peak, out=W.copy(), where=peak > 0)  # an all-zero unit stays 0
    tiles = np.full((rows * cols, side + 1, side + 1), np.nan)  # one NaN row and column of gap per tile
    tiles[:n, :side, :side] = scaled.reshape(n, side, side)
    img = tiles.reshape(rows, cols, side + 1, side + 1).transpose(0, 2, 1, 3)  # (rows, side+1, cols, side+1)
    return img.reshape(rows * (side + 1), cols * (side + 1))[:-1, :-1]


def plot_weight_grid(W, *, ax=None, side: int = 8, cols=None, title=None):
    """Each unit's weights as a ``side × side`` image (red excites, blue inhibits), tiled.

    Returns dict with ``image`` (AxesImage; ``set_data(weight_grid(W_new, side, cols))`` moves it on).
    """
    ax = get_ax(ax, figsize=(4, 4))
    W = np.asarray(W, dtype=float)
    cols = cols or math.ceil(math.sqrt(W.shape[0]))
    image = ax.imshow(weight_grid(W, side, cols), cmap="RdBu_r", vmin=-1, vmax=1, zorder=BACKDROP_ZORDER)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)
    return {"image": image}


def plot_weight_matrix(W, *, ax=None, vmax: float = 0.8, title=None):
    """A weight matrix as an image on a fixed symmetric colour range. Returns dict with ``image``."""
    ax = get_ax(ax)
    image = ax.imshow(np.asarray(W, dtype=float), cmap="RdBu", vmin=-vmax, vmax=vmax, zorder=BACKDROP_ZORDER)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)
    return {"image": image}


# -- a 2 → 2 layer acting on the plane -----------------------------------------------------
def plot_polylines(polylines, *, ax=None, color="0.5", lw=0.7):
    """Each ``(n_points, 2)`` array as one line. Returns a list of Line2D, in order."""
    ax = get_ax(ax)
    return [ax.plot(*np.asarray(p, dtype=float).T, color=color, lw=lw)[0] for p in polylines]


def _plane(ax, lim, title):
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.8", lw=0.8, zorder=BACKDROP_ZORDER)
    ax.axvline(0, color="0.8", lw=0.8, zorder=BACKDROP_ZORDER)
    ax.set_title(title, fontsize=10)


def plot_layer_input(grid, letter, probe, *, ax=None, lim: float = 1.5):
    """The input side of a 2 → 2 layer: a grid, a letter, the basis vectors e₁, e₂ and a probe point.

    ``grid`` and ``letter`` are lists of ``(n_points, 2)`` polylines. Returns dict with ``grid``
    and ``letter`` (lists of Line2D) and ``probe`` (Line2D).
    """
    ax = get_ax(ax)
    _plane(ax, lim, "input x")
    out = {"grid": plot_polylines(grid, ax=ax, color="0.6"),
           "letter": plot_polylines(letter, ax=ax, color=LETTER_COLOR, lw=2.5)}
    for tip, colour, name, at in (((1, 0), BASIS_COLORS[0], "e₁", (1.02, -0.15)),
                                  ((0, 1), BASIS_COLORS[1], "e₂", (-0.2, 1.02))):
        ax.annotate("", tip, (0, 0), arrowprops=dict(arrowstyle="->", color=colour, lw=2))
        ax.text(*at, name, color=colour)
    (out["probe"],) = ax.plot(*probe, "k*", ms=10)
    return out


def plot_layer_output(grid, pre_grid, letter, W, b, probe, *, ax=None, lim: float = 3.0):
    """The output side of a 2 → 2 layer ``h = f(W x + b)``: images of the grid and the letter, and the layer itself.

    Parameters
    ----------
    grid, pre_grid, letter : lists of (n_points, 2) arrays
        The grid after the layer, the grid before the activation (grey; pass empty arrays to hide
        it) and the letter after the layer.
    W : array_like, shape (2, 2)
    b : array_like, shape (2,)
        Column j of W is drawn from b to b + W eⱼ, with a round handle at each tip and at b.
    probe : array_like, shape (2,)
        The image of the probe point.

    Returns
    -------
    dict with ``grid``, ``pre_grid``, ``letter``, ``columns`` (lists of Line2D), ``probe`` (Line2D),
    ``handles`` (PathCollection at ``b + W e₁``, ``b + W e₂``, ``b``) and ``labels`` (list of Text).
    """
    ax = get_ax(ax)
    _plane(ax, lim, "output h = f(W x + b)")
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    tips = np.array([b + W[:, 0], b + W[:, 1], b])  # (3, 2)
    out = {"pre_grid": plot_polylines(pre_grid, ax=ax, color="0.85"), "grid": plot_polylines(grid, ax=ax),
           "letter": plot_polylines(letter, ax=ax, color=LETTER_COLOR, lw=2.5)}
    out["columns"] = [ax.plot(*np.array([b, tip]).T, color=c, lw=2)[0] for tip, c in zip(tips, BASIS_COLORS)]
    (out["probe"],) = ax.plot(*np.asarray(probe, dtype=float), "k*", ms=10)
    out["handles"] = plot_handles(tips, ax=ax, colors=[*BASIS_COLORS, "0.3"], alpha=0.4)["handles"]
    out["labels"] = [ax.text(x + 0.1, y + 0.1, t, color=c, fontsize=9)
                     for (x, y), t, c in zip(tips, ("W e₁", "W e₂", "b"), (*BASIS_COLORS, "0.3"))]
    return out


# -- per-layer statistics ------------------------------------------------------------------
def ridge_heights(samples, edges) -> np.ndarray:
    """Each sample's histogram on ``edges``, scaled so its tallest bin is 0.9: shape ``(n_samples, n_bins)``.

    Values outside the edges (and ±inf) are counted in the end bins; NaN is left out.
    """
    edges = np.asarray(edges, dtype=float)
    out = np.zeros((len(samples), len(edges) - 1))
    for i, v in enumerate(samples):  # one histogram per layer, a handful of layers
        v = np.asarray(v, dtype=float).ravel()
        counts, _ = np.histogram(np.clip(v[~np.isnan(v)], edges[0], edges[-1]), bins=edges)
        out[i] = 0.9 * counts / max(counts.max(), 1)
    return out


def plot_ridges(samples, edges, *, ax=None, slots=None):
    """Stacked histograms, one ridge per layer (layer 1 at the bottom, at height 1).

    Parameters
    ----------
    samples : sequence of array_like
        The values of each layer.
    edges : array_like, shape (n_bins + 1,)
    slots : int, optional
        Ridges drawn (default ``len(samples)``); :func:`set_ridges` can later show up to this many.

    Returns
    -------
    dict with ``ridges`` (list of StepPatch).
    """
    ax = get_ax(ax)
    slots = len(samples) if slots is None else slots
    edges = np.asarray(edges, dtype=float)
    ridges = [ax.stairs(np.full(len(edges) - 1, i + 1.0), edges, baseline=i + 1.0, fill=True, alpha=0.7,
                        color=OKABE_ITO[i % len(OKABE_ITO)]) for i in range(slots)]
    out = {"ridges": ridges}
    set_ridges(out, samples, edges)
    ax.set_xlim(edges[0], edges[-1])
    return out


def set_ridges(artists: dict, samples, edges, *, heights=None) -> None:
    """Show new per-layer samples in ridges drawn by :func:`plot_ridges`, in place; extra ridges are hidden.

    ``heights``, from :func:`ridge_heights`, replaces ``samples`` where they were computed (and kept) earlier.
    """
    edges = np.asarray(edges, dtype=float)
    heights = ridge_heights(samples, edges) if heights is None else np.asarray(heights)  # (n_layers, n_bins)
    for i, ridge in enumerate(artists["ridges"]):
        ridge.set_visible(i < len(heights))
        if i < len(heights):
            ridge.set_data(i + 1 + heights[i], edges, baseline=i + 1)
    ax = artists["ridges"][0].axes
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0.8, len(heights) + 1)


def plot_std_profile(stds, *, ax=None, floor: float = 1e-12, markers="os^v", legend=None):
    """Standard deviation per layer on a log axis, one line per entry of ``stds`` (label -> values).

    Zeros cannot sit on a log axis, so values below ``floor`` are drawn at the floor.

    Returns
    -------
    dict of str -> Line2D.
    """
    ax = get_ax(ax)
    out = {}
    for k, (label, values) in enumerate(stds.items()):
        v = np.maximum(np.asarray(values, dtype=float), floor)
        (out[label],) = ax.plot(np.arange(1, len(v) + 1), v, marker=markers[k % len(markers)], ms=4, label=label,
                                color=OKABE_ITO[k % len(OKABE_ITO)])
    ax.set_yscale("log")
    ax.set_xlabel("layer")
    ax.set_ylabel("standard deviation")
    if legend:
        ax.legend(fontsize=9, loc=legend)
    return out


def plot_training_curves(curves, *, ax=None, cursor=None, legend="lower right"):
    """Per-epoch curves (label -> values, index 0 before training) on [0, 1], with a cursor line.

    Each curve has its own Okabe–Ito colour and line style.

    Returns
    -------
    dict with ``lines`` (dict of str -> Line2D) and ``cursor`` (Line2D or None).
    """
    ax = get_ax(ax)
    lines = {label: ax.plot(np.arange(len(v)), v, label=label, color=OKABE_ITO[i % len(OKABE_ITO)],
                            ls=_LINESTYLES[i % len(_LINESTYLES)])[0] for i, (label, v) in enumerate(curves.items())}
    line = ax.axvline(cursor, color="k", lw=1) if cursor is not None else None
    ax.set_xlabel("epoch")
    ax.set_ylim(0, 1)
    if legend:
        ax.legend(fontsize=9, loc=legend)
    return {"lines": lines, "cursor": line}
