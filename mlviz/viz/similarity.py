r"""Plots for notebook 01: arrows, projections, angles, distance level sets, word maps, rankings, histograms."""
from __future__ import annotations

import numpy as np

from ..course import OKABE_ITO, PALETTE
from ._axes import MARKERS, get_ax

__all__ = ["plot_vectors", "label_position", "plot_projection", "angle_arc", "plot_angle", "plot_level_sets",
           "plot_word_map", "plot_ranking", "set_ranking", "plot_histograms", "plot_grouped_bars", "COLORS",
           "CATEGORY_COLORS"]

COLORS = {"a": PALETTE["blue"], "b": PALETTE["vermillion"], "proj": PALETTE["bluish_green"]}  # each arrow also named
#: Word-map categories: Okabe–Ito colours (no black, it is the text colour), each with its own marker shape too.
CATEGORY_COLORS = [c for c in OKABE_ITO if c != PALETTE["black"]]
_LINESTYLES = ("-", "--", ":", "-.")  # overlaid histograms: told apart without colour too
_HATCHES = ("", "//", "..", "xx")  # grouped bars, likewise


def plot_vectors(vectors, *, ax=None, colors=None, lim=None, labels=True, label_offset=(0.0, 0.0)):
    """Draw 2-D vectors as arrows from the origin.

    Parameters
    ----------
    vectors : dict of str -> array_like, shape (2,)
    colors : dict of str -> colour, optional
    lim : float, optional
        Square axis limits [-lim, lim] with equal aspect.
    label_offset : (float, float)
        Shift of each name from just beyond its arrow's tip (see :func:`label_position`).

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
        for n, v, c in zip(names, uv, cols):
            texts[n] = ax.text(*label_position(v, label_offset), n, color=c, fontsize=12, fontweight="bold",
                               ha="center", va="center")
    if lim is not None:
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    return {"quiver": quiver, "labels": texts}


def label_position(v, offset=(0.0, 0.0)):
    """Where a vector's name goes: just beyond its tip, shifted by ``offset``."""
    return np.asarray(v, dtype=float) * 1.08 + np.asarray(offset, dtype=float)


def plot_projection(a, proj, *, ax=None):
    """Draw the vector projection ``proj`` and the dashed drop from ``a`` to it.

    Returns dict with ``shadow`` and ``drop`` (Line2D).
    """
    ax = get_ax(ax)
    (shadow,) = ax.plot([0, proj[0]], [0, proj[1]], color=COLORS["proj"], lw=4, alpha=0.6, solid_capstyle="butt",
                        label="projection of a on b", zorder=2)
    (drop,) = ax.plot([a[0], proj[0]], [a[1], proj[1]], ls="--", color="0.4", lw=1)
    return {"shadow": shadow, "drop": drop}


def angle_arc(a, b, radius: float, n: int = 30):
    """Points of the arc from ``a``'s direction to ``b``'s, the short way round: shape ``(n, 2)``.

    Empty (shape ``(0, 2)``) when either vector is zero and the angle is undefined.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not (a.any() and b.any()):
        return np.empty((0, 2))
    t0, t1 = np.arctan2(a[1], a[0]), np.arctan2(b[1], b[0])
    t1 = t0 + (t1 - t0 + np.pi) % (2 * np.pi) - np.pi  # the short way round
    t = np.linspace(t0, t1, n)
    return radius * np.column_stack([np.cos(t), np.sin(t)])  # (n, 2)


def plot_angle(a, b, *, ax=None, radius: float = 0.5):
    """The arc marking the angle θ between ``a`` and ``b``. Returns dict with ``arc`` (Line2D)."""
    ax = get_ax(ax)
    (arc,) = ax.plot(*angle_arc(a, b, radius).T, color="0.3", lw=1)
    return {"arc": arc}


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
        out[name] = ax.contourf(xx, yy, z, levels=[0, level], colors=[PALETTE["sky_blue"]], alpha=0.5)
        ax.contour(xx, yy, z, levels=[level], colors=[PALETTE["blue"]], linewidths=1.5)
        ax.set_aspect("equal")
        ax.set_title((titles or {}).get(name, name), fontsize=10)
        ax.plot(0, 0, "k+")
    return out


def plot_word_map(coords, words, categories, *, ax=None):
    """Scatter a 2-D map of words, coloured and shaped by category, each point labelled.

    Returns dict with ``scatter`` (PathCollection) and ``texts`` (list of Text).
    """
    ax = get_ax(ax, figsize=(8, 6))
    coords = np.asarray(coords, dtype=float)
    cats = list(dict.fromkeys(categories))
    scatters = []
    for i, c in enumerate(cats):
        m = np.asarray(categories) == c
        scatters.append(ax.scatter(coords[m, 0], coords[m, 1], s=22, color=CATEGORY_COLORS[i % len(CATEGORY_COLORS)],
                                   marker=MARKERS[i % len(MARKERS)], label=c))
    texts = [ax.text(x, y, w, fontsize=9, alpha=0.8) for (x, y), w in zip(coords, words)]
    ax.legend(fontsize=9, loc="best", ncol=2)
    return {"scatter": scatters, "texts": texts}


def plot_ranking(labels, values, *, ax=None, colors=None, slots=None, xlim=(0.0, 1.0)):
    """Horizontal bars, the first at the top: a ranking such as the words nearest to a query.

    Parameters
    ----------
    labels : sequence of str
    values : array_like, shape (k,)
    colors : sequence of colours, one per bar
    slots : int, optional
        Bars drawn (default ``k``); :func:`set_ranking` shows up to this many later, hiding the rest.

    Returns
    -------
    dict with ``bars`` (BarContainer of ``slots`` bars).
    """
    ax = get_ax(ax)
    slots = len(labels) if slots is None else slots
    bars = ax.barh(np.arange(slots), np.zeros(slots), color="0.6")
    ax.set_xlim(*xlim)
    out = {"bars": bars}
    set_ranking(out, labels, values, colors)
    return out


def set_ranking(artists: dict, labels, values, colors=None) -> None:
    """Show a new ranking in bars drawn by :func:`plot_ranking`, in place."""
    k = len(labels)
    for i, bar in enumerate(artists["bars"]):
        bar.set_visible(i < k)
        if i < k:
            bar.set_width(values[i])
            bar.set_color(colors[i] if colors is not None else "0.6")
    ax = artists["bars"].patches[0].axes
    ax.set_yticks(range(k), labels=list(labels))
    ax.set_ylim(max(k, 1) - 0.5, -0.5)


def plot_histograms(samples, *, ax=None, bins=50, range=None, density=True, colors=None, legend="best"):
    """Overlaid step histograms of several samples (densities, or counts with ``density=False``).

    Parameters
    ----------
    samples : dict of str -> array_like
    bins : int or array_like of edges
    colors : dict of str -> colour, optional
        By default the Okabe–Ito colours in order.
    legend : str or None
        Legend location, or None for no legend.

    Returns
    -------
    dict of str -> StepPatch (move one with ``set_data(counts, edges)``); each sample has its own
    line style as well as its own colour.
    """
    ax = get_ax(ax)
    out = {}
    for i, (label, x) in enumerate(samples.items()):
        counts, edges = np.histogram(np.asarray(x, dtype=float), bins=bins, range=range, density=density)
        colour = (colors or {}).get(label, OKABE_ITO[i % len(OKABE_ITO)])
        out[label] = ax.stairs(counts, edges, label=label, lw=1.5, color=colour, ls=_LINESTYLES[i % len(_LINESTYLES)])
    if legend:
        ax.legend(fontsize=9, loc=legend)
    return out


def plot_grouped_bars(groups, *, ax=None, width: float = 0.8, legend="upper right", colors=None):
    """Side-by-side bars: ``groups`` maps a label to one height per position (all the same length).

    ``colors`` (dict of label -> colour, optional) overrides the Okabe–Ito colours in order.

    Returns
    -------
    dict of str -> BarContainer (change one bar with ``set_height``). Each group has an Okabe–Ito colour
    and a hatch of its own.
    """
    ax = get_ax(ax)
    n_groups = len(groups)
    bar_w = width / n_groups
    out = {}
    for g, (label, heights) in enumerate(groups.items()):
        h = np.asarray(heights, dtype=float)
        x = np.arange(len(h)) + (g - (n_groups - 1) / 2) * bar_w
        colour = (colors or {}).get(label, OKABE_ITO[g % len(OKABE_ITO)])
        out[label] = ax.bar(x, h, width=bar_w, label=label, color=colour,
                            hatch=_HATCHES[g % len(_HATCHES)], edgecolor="white")
    if legend:
        ax.legend(fontsize=9, loc=legend)
    return out
