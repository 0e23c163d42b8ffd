r"""Plots for notebook 01: arrows, projections, distance level sets, word maps, histograms."""
from __future__ import annotations

import numpy as np

from ._axes import get_ax

__all__ = ["plot_vectors", "plot_projection", "plot_level_sets", "plot_word_map", "plot_histograms", "COLORS"]

COLORS = {"a": "#1f77b4", "b": "#d62728", "proj": "#2ca02c"}
CATEGORY_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                   "#7f7f7f", "#bcbd22", "#17becf"]


def plot_vectors(vectors, *, ax=None, colors=None, lim=None, labels=True):
    """Draw 2-D vectors as arrows from the origin.

    Parameters
    ----------
    vectors : dict of str -> array_like, shape (2,)
    colors : dict of str -> colour, optional
    lim : float, optional
        Square axis limits [-lim, lim] with equal aspect.

    Returns
    -------
    dict with ``quiver`` (one Quiver for all arrows) and ``labels`` (dict of Text).
    """
    ax = get_ax(ax)
    names = list(vectors)
    uv = np.array([np.asarray(vectors[n], dtype=float) for n in names])  # (n_vectors, 2)
    colors = colors or {}
    cols = [colors.get(n, COLORS.get(n, "k")) for n in names]
    quiver = ax.quiver(np.zeros(len(names)), np.zeros(len(names)), uv[:, 0], uv[:, 1], color=cols,
                       angles="xy", scale_units="xy", scale=1, width=0.012, zorder=3)
    texts = {}
    if labels:
        for n, (x, y), c in zip(names, uv, cols):
            texts[n] = ax.text(x * 1.08, y * 1.08, n, color=c, fontsize=12, fontweight="bold", ha="center", va="center")
    if lim is not None:
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    return {"quiver": quiver, "labels": texts}


def plot_projection(a, proj, *, ax=None):
    """Draw the vector projection ``proj`` and the dashed drop from ``a`` to it.

    Returns dict with ``shadow`` and ``drop`` (Line2D).
    """
    ax = get_ax(ax)
    (shadow,) = ax.plot([0, proj[0]], [0, proj[1]], color=COLORS["proj"], lw=4, alpha=0.6, solid_capstyle="butt",
                        label="projection of a on b", zorder=2)
    (drop,) = ax.plot([a[0], proj[0]], [a[1], proj[1]], ls="--", color="0.4", lw=1)
    return {"shadow": shadow, "drop": drop}


def plot_level_sets(xx, yy, fields, *, level=1.0, axes=None, titles=None):
    """Contour each 2-D field at ``level`` (the "unit circle" of a distance).

    Parameters
    ----------
    xx, yy : ndarray, shape (n_grid, n_grid)
    fields : dict of str -> ndarray, shape (n_grid, n_grid)
        Distance from the centre to each grid point, one field per metric.

    Returns
    -------
    dict of str -> QuadContourSet
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, len(fields), figsize=(3 * len(fields), 3.2))
    out = {}
    for ax, (name, z) in zip(np.ravel(axes), fields.items()):
        out[name] = ax.contourf(xx, yy, z, levels=[0, level], colors=["#9ecae1"], alpha=0.8)
        ax.contour(xx, yy, z, levels=[level], colors=["#08519c"], linewidths=1.5)
        ax.set_aspect("equal")
        ax.set_title((titles or {}).get(name, name), fontsize=10)
        ax.plot(0, 0, "k+")
    return out


def plot_word_map(coords, words, categories, *, ax=None):
    """Scatter a 2-D map of words, coloured by category, each point labelled.

    Returns dict with ``scatter`` (PathCollection) and ``texts`` (list of Text).
    """
    ax = get_ax(ax, figsize=(8, 6))
    coords = np.asarray(coords, dtype=float)
    cats = list(dict.fromkeys(categories))
    scatters = []
    for i, c in enumerate(cats):
        m = np.asarray(categories) == c
        scatters.append(ax.scatter(coords[m, 0], coords[m, 1], s=18, color=CATEGORY_COLORS[i % 10], label=c))
    texts = [ax.text(x, y, w, fontsize=7, alpha=0.8) for (x, y), w in zip(coords, words)]
    ax.legend(fontsize=8, loc="best", ncol=2)
    return {"scatter": scatters, "texts": texts}


def plot_histograms(samples, *, ax=None, bins=50, range=None):
    """Overlaid step histograms (densities) of several samples.

    Parameters
    ----------
    samples : dict of str -> array_like

    Returns
    -------
    dict of str -> StepPatch
    """
    ax = get_ax(ax)
    out = {}
    for label, x in samples.items():
        counts, edges = np.histogram(np.asarray(x, dtype=float), bins=bins, range=range, density=True)
        out[label] = ax.stairs(counts, edges, label=label, lw=1.5)
    ax.legend(fontsize=8)
    return out
