r"""Plots for notebook 04: attention weights as a heatmap (with masks), a query among keys, weight bars.

Each function draws weights that the caller computed with :mod:`mlviz.attention` and returns its
artists in a dict; the ``set_*`` functions update those artists in place, which is how the explorers
animate them. None of them computes a score or a softmax.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ..course import PALETTE
from ._axes import BACKDROP_ZORDER, get_ax
from .heatmap import plot_heatmap, set_heatmap

__all__ = ["KEY_COLORS", "QUERY_COLOR", "plot_attention", "set_attention", "plot_query", "set_query", "plot_weights", "set_weights",
           "plot_weight_row"]

#: Okabe–Ito without vermillion (the query's colour) and black; every key is also named on the plot.
KEY_COLORS = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"], PALETTE["reddish_purple"],
              PALETTE["sky_blue"], PALETTE["yellow"]]
QUERY_COLOR = PALETTE["vermillion"]
_MASKED = (0.85, 0.85, 0.85, 1.0)


def plot_attention(weights, tokens, *, ax=None, mask=None, row=None, annotate=True, fmt="{:.2f}",
                   colorbar=True, fontsize=None):
    """Attention weights as a heatmap: rows are queries, columns the keys they attend to.

    Parameters
    ----------
    weights : array_like, shape (seq, seq)
        One head's weights, e.g. from :func:`mlviz.attention.scaled_dot_product_attention`.
    tokens : sequence of str, length seq
    mask : array_like of bool, shape (seq, seq), optional
        False cells are greyed out and crossed, with no number printed.
    row : int, optional
        A query row to outline in vermillion.
    annotate : bool
        Write each weight in its cell.

    Returns
    -------
    dict with :func:`~mlviz.viz.heatmap.plot_heatmap`'s ``image``, ``texts`` and ``colorbar``, plus
    ``masked`` (AxesImage, the grey overlay), ``crosses`` (PathCollection) and ``row`` (Rectangle).
    """
    ax = get_ax(ax)
    W = np.asarray(weights, dtype=float)
    artists = plot_heatmap(W, list(tokens), ax=ax, vmin=0, vmax=1, annotate=False, colorbar=colorbar)
    artists["masked"] = ax.imshow(np.zeros(W.shape + (4,)), zorder=2)
    artists["crosses"] = ax.scatter([], [], marker="x", color="0.3", s=40, zorder=3)
    artists["row"] = ax.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, ec=QUERY_COLOR, lw=2.5, visible=False))
    ax.set_xlabel("key (attended to)")
    ax.set_ylabel("query (attending)")
    set_attention(artists, W, tokens, mask=mask, row=row, annotate=annotate, fmt=fmt, fontsize=fontsize)
    return artists


def set_attention(artists: dict, weights, tokens, *, mask=None, row=None, annotate=True, fmt="{:.2f}",
                  fontsize=None) -> None:
    """Show new weights, of a sentence of any length, in :func:`plot_attention`'s artists, in place."""
    W = np.asarray(weights, dtype=float)
    set_heatmap(artists, W, [str(t) for t in tokens], annotate=annotate, fmt=fmt)
    if fontsize is not None:
        artists["image"].axes.tick_params(labelsize=fontsize)
    keep = np.ones(W.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    for text, shown in zip(artists["texts"], keep.ravel()):
        text.set_visible(bool(shown))  # masked cells show a grey ×, not a number
    grey = np.zeros(W.shape + (4,))  # (seq, seq, RGBA)
    grey[~keep] = _MASKED
    artists["masked"].set_data(grey)
    artists["masked"].set_extent(artists["image"].get_extent())
    r, c = np.nonzero(~keep)
    artists["crosses"].set_offsets(np.column_stack([c, r]) if r.size else np.empty((0, 2)))
    artists["row"].set_visible(row is not None)
    if row is not None:
        artists["row"].set_bounds(-0.5, row - 0.5, W.shape[1], 1)


def plot_query(query, keys, names, *, ax=None, lim: float = 3.0, output=None):
    """A 2-D query (vermillion arrow and grab handle) among labelled keys, and the attention output as a star.

    Parameters
    ----------
    query : array_like, shape (2,)
    keys : array_like, shape (n_keys, 2)
    names : sequence of str, length n_keys
    output : array_like, shape (2,), optional
        Σ wᵢ vᵢ, computed by the caller.

    Returns
    -------
    dict with ``keys``, ``handle`` (PathCollection), ``labels`` (list of Annotation), ``arrow`` (Annotation)
    and ``output`` (Line2D); :func:`set_query` moves them.
    """
    ax = get_ax(ax)
    K = np.asarray(keys, dtype=float)  # (n_keys, 2)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.85", lw=0.8)
    ax.axvline(0, color="0.85", lw=0.8)
    colors = [KEY_COLORS[i % len(KEY_COLORS)] for i in range(len(K))]
    artists = {"keys": ax.scatter(K[:, 0], K[:, 1], s=60, c=colors, edgecolors="k", linewidths=0.5, zorder=3),
               "labels": [ax.annotate(name, k, xytext=(5, 5), textcoords="offset points", fontsize=9)
                          for name, k in zip(names, K)],
               "arrow": ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color=QUERY_COLOR,
                                                                                  lw=2)),
               "handle": ax.scatter([0.0], [0.0], s=160, color=QUERY_COLOR, alpha=0.35, zorder=4),
               "output": ax.plot([], [], "*", color="k", ms=14, zorder=5, label="output Σ wᵢ vᵢ")[0]}
    ax.legend(loc="lower left", fontsize=9)
    set_query(artists, query, output)
    return artists


def set_query(artists: dict, query, output=None) -> None:
    """Move :func:`plot_query`'s arrow, handle and output star, in place."""
    q = np.asarray(query, dtype=float)
    artists["arrow"].xy = tuple(q)
    artists["handle"].set_offsets([q])
    artists["output"].set_data(([], []) if output is None else ([output[0]], [output[1]]))


def plot_weights(weights, names, *, ax=None, colors=None, horizontal: bool = False, n_bars=None, label=None,
                 fontsize=None):
    """One bar per key (or, ``horizontal``, one per row) on a 0–1 scale.

    Parameters
    ----------
    weights : array_like, shape (n,)
    names : sequence of str, length n
    colors : colour or sequence of colours, optional (default :data:`KEY_COLORS`)
    n_bars : int, optional
        How many bars to make (at least n), so that :func:`set_weights` can show longer rows later.
    label : str, optional
        The value axis label.
    fontsize : float, optional
        Rotated name labels of this size (for long sentences; 9 pt or more to stay legible).

    Returns
    -------
    dict with ``bars`` (BarContainer).
    """
    ax = get_ax(ax)
    n = len(names) if n_bars is None else n_bars
    bars = (ax.barh if horizontal else ax.bar)(range(n), np.zeros(n))
    if horizontal:
        ax.set_xlim(0, 1.1)
        ax.set_xlabel(label or "")
    else:
        ax.set_ylim(0, 1)
        ax.set_ylabel(label or "")
    if colors is None:
        colors = [KEY_COLORS[i % len(KEY_COLORS)] for i in range(n)]
    artists = {"bars": bars}
    set_weights(artists, weights, names, colors=colors, fontsize=fontsize)
    return artists


def set_weights(artists: dict, weights, names=None, *, colors=None, fontsize=None) -> None:
    """New bar lengths (and, with ``names``, a new number of bars and labels) for :func:`plot_weights`."""
    w = np.asarray(weights, dtype=float)
    bars = artists["bars"]
    horizontal = bars.orientation == "horizontal"
    colors = [colors] * len(w) if isinstance(colors, str) else colors
    for i, bar in enumerate(bars):
        bar.set_visible(i < len(w))  # spare bars wait, hidden, for a longer row
        if i < len(w):
            (bar.set_width if horizontal else bar.set_height)(w[i])
            if colors is not None:
                bar.set_color(colors[i])
    if names is None:
        return
    ax, n = bars.patches[0].axes, len(names)
    if horizontal:
        ax.set_yticks(range(n), labels=list(names), fontsize=fontsize)
        ax.yaxis.set_inverted(True)  # the first name on top
    else:
        rotate = {} if fontsize is None else dict(rotation=60, ha="right", rotation_mode="anchor")
        ax.set_xticks(range(n), labels=list(names), fontsize=fontsize, **rotate)
    ax.relim(visible_only=True)  # spare bars take no room
    ax.autoscale_view(scalex=not horizontal, scaley=horizontal)


def plot_weight_row(weights, names, *, ax=None):
    """One query's weights as a single heatmap row (the row of the full weight matrix).

    Returns
    -------
    dict with ``image`` (AxesImage; new weights go in with ``set_data(w[None, :])``).
    """
    ax = get_ax(ax)
    w = np.asarray(weights, dtype=float)
    image = ax.imshow(w[None, :], cmap="viridis", vmin=0, vmax=1, aspect="auto", zorder=BACKDROP_ZORDER)
    ax.set_yticks([0], labels=["query"])
    ax.set_xticks(range(len(names)), labels=list(names))
    return {"image": image}
