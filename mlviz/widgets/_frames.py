r"""Redraw only what moves: an explorer's axes, ticks and labels are drawn once and reused.

Most of an Agg draw is text, and most of the text is tick labels, which rarely change while a
slider moves. Matplotlib draws each axes in z-order, and with ``axes.axisbelow = True`` (the
course style) the axis, its ticks, labels and grid come before the data. So a frame can be:

1. the **background**: the figure drawn once with its data hidden, and its pixels kept;
2. per frame: those pixels put back, and only the data drawn over them (``draw_artist``).

This gives the same pixels as a full draw (``tests/test_frames.py`` compares them for every
explorer and every control), at a fraction of the cost. When what the background shows changes
(``still_parts`` summarises it: size, limits, ticks, tick labels, axis labels, grid), that frame is
a full draw, and the next frame with the same summary keeps a new background; so an explorer whose
every step moves the axes pays no more than a full draw. Figures with a layout engine, or
with overlapping axes, are drawn whole.
"""
from __future__ import annotations

from operator import attrgetter

import numpy as np
from matplotlib.axis import Axis
from matplotlib.colors import to_rgba
from matplotlib.image import AxesImage
from matplotlib.spines import Spine
from matplotlib.transforms import Bbox
from matplotlib.text import Text

__all__ = ["Frames", "data_artists", "still_parts"]


def titles(ax) -> list:
    """The axes' three titles (left, centre, right): its Text children that are not user texts."""
    return [a for a in ax.get_children() if isinstance(a, Text) and a not in ax.texts]


def data_artists(ax) -> list:
    """The artists of ``ax`` that a frame redraws, in the order ``Axes.draw`` draws them: everything from
    the first data artist on (so a spine or an axis drawn above the data is redrawn too). Titles count as
    data: explorers often write the current value into them."""
    still = (Axis, Spine)
    artists = [a for a in ax.get_children() if a is not ax.patch  # what Axes.draw draws after the patch:
               and not (isinstance(a, Spine) and not (ax.axison and ax.get_frame_on()))  # no frame, no spines
               and not (isinstance(a, Axis) and not ax.axison)  # axis("off")
               and not (a.get_animated() and not isinstance(a, AxesImage))]
    artists = sorted(artists, key=attrgetter("zorder"))  # Axes.draw sorts the same way (a stable sort)
    first = next((i for i, a in enumerate(artists) if not isinstance(a, still)), len(artists))
    return artists[first:]


def _figure_artists(fig) -> list:
    """Artists placed on the figure itself (fig.text, fig.legend, ...): drawn after the axes."""
    return sorted([*fig.lines, *fig.patches, *fig.texts, *fig.images, *fig.legends, *fig.artists],
                  key=attrgetter("zorder"))


def _texts(labels) -> tuple:
    return tuple((t.get_text(), to_rgba(t.get_color()), t.get_fontweight(), t.get_fontsize(), t.get_visible())
                 for t in labels)


def still_parts(fig) -> tuple:
    """A comparable summary of what the background shows: the figure's size, and per axes its place,
    limits, scales, ticks, tick labels, axis labels, grid, spines and face colour."""
    return (tuple(fig.get_size_inches()), fig.dpi, tuple(
        (id(ax), ax.get_visible(), ax.axison, ax.get_position().bounds, to_rgba(ax.get_facecolor()),
         ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
         tuple(ax.get_xticks()), tuple(ax.get_yticks()), _texts(ax.get_xticklabels()), _texts(ax.get_yticklabels()),
         _texts([ax.xaxis.label, ax.yaxis.label]),
         tuple(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines()),
         tuple(spine.get_visible() for spine in ax.spines.values()))
        for ax in fig.axes))


def _overlap(fig) -> bool:
    """Whether two visible axes share some area (then one's background would cover the other's data)."""
    boxes = [ax.get_position() for ax in fig.axes if ax.get_visible()]
    shared = [Bbox.intersection(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]]
    return any(box is not None and box.width * box.height > 1e-9 for box in shared)


class Frames:
    """Draws frames of one figure: the background when it changed, then the data over it."""

    def __init__(self, fig):
        self.fig = fig
        self.background = None  # the figure's pixels without its data
        self.key = None  # still_parts(fig) at the last full draw; the background, once kept, shows it
        self.backgrounds_drawn = 0  # for tests: how often the background had to be drawn

    def draw(self) -> None:
        """Draw the figure as it is now, and send it (ipympl) as a full draw would."""
        fig, canvas = self.fig, self.fig.canvas
        if fig.get_layout_engine() is not None or _overlap(fig):
            canvas.draw()
            return
        key = still_parts(fig)
        if key != self.key:  # the axes changed: draw it all now, and keep a background once they hold still
            canvas.draw()
            self.key, self.background = key, None
            return
        if self.background is None:
            self._draw_background()
        canvas.restore_region(self.background)
        renderer = canvas.get_renderer()
        for ax in fig.axes:
            if ax.get_visible():
                for artist in data_artists(ax):
                    ax.draw_artist(artist)  # draw_artist skips an invisible artist
        for artist in _figure_artists(fig):
            if artist.get_visible():
                artist.draw(renderer)
        fig.stale = False  # everything is drawn (draw_artist leaves the figure marked stale)
        canvas.blit(fig.bbox)  # ipympl: send the new pixels; Agg: nothing to do

    def _draw_background(self) -> None:
        """Draw the figure with its data hidden into the canvas's buffer (not sent), and keep the pixels.

        Titles are emptied rather than hidden: ``Axes.draw`` then leaves their places as they are (a hidden
        title has no size, and would be moved away)."""
        fig, canvas = self.fig, self.fig.canvas
        title_texts = {t: t.get_text() for ax in fig.axes for t in titles(ax)}
        hidden = [a for ax in fig.axes for a in data_artists(ax) if a not in title_texts] + _figure_artists(fig)
        shown = [a.get_visible() for a in hidden]
        for a in hidden:
            a.set_visible(False)
        for t in title_texts:
            t.set_text("")
        try:
            renderer = canvas.get_renderer()
            renderer.clear()
            fig.draw(renderer)  # not canvas.draw(): under ipympl that would send this data-less frame
            self.background = canvas.copy_from_bbox(fig.bbox)
        finally:
            for a, s in zip(hidden, shown):
                a.set_visible(s)
            for t, text in title_texts.items():
                t.set_text(text)
        self.backgrounds_drawn += 1


def pixels(fig) -> np.ndarray:
    """The canvas's current RGBA pixels (a copy), for comparing a frame with a full draw."""
    return np.asarray(fig.canvas.buffer_rgba()).copy()
