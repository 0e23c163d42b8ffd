r"""Drag points of a matplotlib figure with the mouse (after matplotlib's poly_editor example).

The helper owns no state: it reads positions from a callback and reports moves
to another, so the explorer's sliders stay the single source of truth. Keep a
reference to the returned object, or it is garbage-collected and stops responding.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["DraggablePoints"]


class DraggablePoints:
    """Let the mouse drag any of a set of points on ``ax``.

    Parameters
    ----------
    ax : matplotlib Axes
    get_positions : callable () -> array, shape (n_points, 2)
        Current positions in data coordinates.
    on_drag : callable (index, x, y) -> None
        Called on every mouse move while point ``index`` is held.
    tolerance : float
        Hit radius in pixels.
    """

    def __init__(self, ax, get_positions: Callable[[], np.ndarray], on_drag: Callable[[int, float, float], None],
                 tolerance: float = 12.0):
        self.ax = ax
        self.get_positions = get_positions
        self.on_drag = on_drag
        self.tolerance = tolerance
        self.active: int | None = None
        canvas = ax.figure.canvas
        self._cids = [
            canvas.mpl_connect("button_press_event", self._press),
            canvas.mpl_connect("motion_notify_event", self._motion),
            canvas.mpl_connect("button_release_event", self._release),
        ]

    def hit(self, x_px: float, y_px: float) -> int | None:
        """Index of the point within ``tolerance`` pixels of (x_px, y_px), nearest first."""
        pts = self.ax.transData.transform(np.asarray(self.get_positions(), dtype=float))
        dist = np.hypot(pts[:, 0] - x_px, pts[:, 1] - y_px)
        i = int(np.argmin(dist))
        return i if dist[i] <= self.tolerance else None

    def _press(self, event) -> None:
        if event.inaxes is self.ax and event.button == 1:
            self.active = self.hit(event.x, event.y)

    def _motion(self, event) -> None:
        if self.active is not None and event.inaxes is self.ax and event.xdata is not None:
            self.on_drag(self.active, float(event.xdata), float(event.ydata))

    def _release(self, event) -> None:
        # ipympl throttles mouse motion (one event per 33 ms), so the last move before a quick
        # release can be dropped; the release carries the final position, so apply it.
        if self.active is not None and event.inaxes is self.ax and event.xdata is not None:
            self.on_drag(self.active, float(event.xdata), float(event.ydata))
        self.active = None

    def disconnect(self) -> None:
        for cid in self._cids:
            self.ax.figure.canvas.mpl_disconnect(cid)
