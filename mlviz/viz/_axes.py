"""Helpers shared by the plot modules: the axes to draw on, round handles for dragging, and marker shapes
that tell groups apart without colour."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.markers import MarkerStyle

__all__ = ["get_ax", "plot_handles", "MARKERS", "set_markers", "BACKDROP_ZORDER"]

#: Backdrops (images such as heatmaps, weights and cluster regions; reference lines at x = 0 and y = 0) sit
#: just above the axis, which the course style draws at 0.5 (``axes.axisbelow``), and below the data (1 and
#: up). With the ticks and labels under everything else, an explorer can keep them in its background and
#: redraw only what is above them (see ``mlviz/widgets/_frames.py``).
BACKDROP_ZORDER = 0.6

#: Filled marker shapes, one per cluster or category: the second encoding beside colour, so that a
#: reader who cannot tell two colours apart still tells the groups apart. ("X" is kept for centroids.)
MARKERS = ("o", "s", "^", "D", "v", "P", "*", "<", ">", "h")
_PATHS: dict = {}  # marker -> its path, built once


def get_ax(ax=None, **fig_kw):
    """Use ``ax`` if given, else a new figure's single axes."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(**fig_kw)
    return ax


def plot_handles(points, *, ax=None, colors="0.3", size: float = 150, alpha: float = 0.35) -> dict:
    """Large translucent discs that mark where the mouse can grab a point.

    Parameters
    ----------
    points : array_like, shape (n_points, 2)
    colors : colour or sequence of colours, one per point

    Returns
    -------
    dict with ``handles`` (PathCollection; move them with ``set_offsets``).
    """
    ax = get_ax(ax)
    pts = np.asarray(points, dtype=float).reshape(-1, 2)  # (n_points, 2)
    handles = ax.scatter(pts[:, 0], pts[:, 1], s=size, c=colors, alpha=alpha, zorder=5)
    return {"handles": handles}


def set_markers(collection, markers) -> None:
    """Give each point of a scatter (PathCollection) its own marker shape, in place.

    Parameters
    ----------
    collection : PathCollection, e.g. from ``ax.scatter``
    markers : sequence of matplotlib marker codes, one per point (``"o"``, ``"s"``, ...)
    """
    for m in set(markers) - set(_PATHS):
        style = MarkerStyle(m)
        _PATHS[m] = style.get_path().transformed(style.get_transform())  # as scatter builds it
    collection.set_paths([_PATHS[m] for m in markers])
