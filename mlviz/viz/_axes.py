"""Helpers shared by the plot modules: the axes to draw on, and round handles for dragging."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["get_ax", "plot_handles"]


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
