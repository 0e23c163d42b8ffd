"""Explorers redraw only their data over a kept background (mlviz/widgets/_frames.py): the frames must
have exactly the pixels of a full draw, for every explorer and every control."""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlviz import course
from mlviz.widgets import LineExplorer
from mlviz.widgets._frames import Frames, pixels
from test_palette import EXPLORERS, digits_net  # noqa: F401  (digits_net is a fixture)


def other_values(control) -> list:
    """Two values a control can take other than its current one (both neighbours, or the next options)."""
    value = control.value
    options = getattr(control, "options", None)
    if options and isinstance(value, tuple):  # a multiple choice: one chosen less, one more
        opts = [o[1] if isinstance(o, tuple) else o for o in options]
        return [value[:-1], value + (next(o for o in opts if o not in value),)]
    if options:
        opts = [o[1] if isinstance(o, tuple) else o for o in options]
        return [o for o in opts if o != value][:2]
    if isinstance(value, bool):
        return [not value]
    step = getattr(control, "step", 1) or 1
    lo, hi = getattr(control, "min", value - 2 * step), getattr(control, "max", value + 2 * step)
    return [v for v in (value + step, value - step, value + 2 * step) if lo <= v <= hi][:2]


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_frame_has_the_pixels_of_a_full_draw(name, digits_net):  # noqa: F811
    with mpl.rc_context():
        course.setup(0)
        ex = EXPLORERS[name](digits_net)
        try:
            checked = 0
            for control_name, control in ex.controls.items():
                if control.disabled:
                    continue
                for value in other_values(control):
                    ex.set(**{control_name: value})  # a frame: the background kept or redrawn, the data over it
                    frame = pixels(ex.fig)
                    ex.fig.canvas.draw()  # the whole figure, drawn the ordinary way
                    differ = (frame != pixels(ex.fig)).any(axis=-1)
                    assert not differ.any(), \
                        f"{name}: after {control_name}={value!r}, {differ.sum()} pixels differ from a full draw " \
                        f"(rows {np.flatnonzero(differ.any(axis=1))[[0, -1]]}, " \
                        f"columns {np.flatnonzero(differ.any(axis=0))[[0, -1]]})"
                    checked += 1
            assert checked >= 1
        finally:
            plt.close(ex.fig)


def test_moving_the_data_keeps_the_background_and_new_limits_redraw_it():
    with mpl.rc_context():
        course.setup(0)
        ex = LineExplorer([1, 2, 3, 4, 5], [30, 35, 45, 50, 60], w=5.0, b=10.0)
        ex.set(w=5.5)  # the first frame after the full draw at the start keeps the background
        drawn = ex._frames.backgrounds_drawn
        assert drawn == 1
        for w in (6.0, 6.5, 7.0):
            ex.set(w=w)
        assert ex._frames.backgrounds_drawn == drawn  # three frames, no new background
        ax = ex.fig.axes[0]
        ax.set_xlim(0, 20)  # what the background shows changed: a full draw, then a new background once still
        ex.set(w=7.2)
        assert ex._frames.backgrounds_drawn == drawn
        for w in (7.5, 8.0, 8.5):
            ex.set(w=w)
            frame = pixels(ex.fig)
            ex.fig.canvas.draw()
            assert np.array_equal(frame, pixels(ex.fig))
        assert ex._frames.backgrounds_drawn == drawn + 1
        plt.close(ex.fig)


def test_a_figure_with_a_layout_engine_is_drawn_whole():
    with mpl.rc_context():
        fig, ax = plt.subplots(layout="constrained")
        line, = ax.plot([0, 1], [0, 1])
        frames = Frames(fig)
        frames.draw()
        assert frames.backgrounds_drawn == 0 and not fig.stale
        line.set_ydata([1, 0])
        frames.draw()
        frame = pixels(fig)
        fig.canvas.draw()
        assert np.array_equal(frame, pixels(fig))
        plt.close(fig)


def test_the_course_style_puts_grid_and_ticks_under_the_data():
    with mpl.rc_context():
        course.setup(0)
        assert mpl.rcParams["axes.axisbelow"] is True
