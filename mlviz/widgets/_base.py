r"""The explorer pattern every notebook reuses.

An explorer owns

* ``controls``: named ipywidgets whose values *are* the state (sliders, dropdowns);
* ``fig``: one figure, created once inside ``plt.ioff()`` so it is never auto-displayed;
* ``readout``: an HTML widget with the live numbers (print() inside callbacks shows nowhere);
* ``numbers``: the same numbers as a dict, for tests and for learners' own code.

Subclasses implement ``_draw()`` (create artists once) and ``_refresh()`` (update
artists, return the readout HTML). ``set(**values)`` changes several controls
and redraws once: only the data, over a kept picture of the axes, ticks and labels, which is drawn
again when they change (``_frames.py``).
"""
from __future__ import annotations

import math
import numbers
import time

import matplotlib.pyplot as plt
import ipywidgets as widgets
from traitlets import TraitError

from ._frames import Frames

__all__ = ["Explorer", "slider", "table"]

#: ipywidgets leaves a description 80 px and cuts a longer one ("temperat…"); at JupyterLab's 13 px font a
#: character takes about 8 px. Labels get their full width, and a slider grows by the extra, keeping its track.
_LABEL_PX, _CHAR_PX = 80, 8


def slider(description: str, value, lo=None, hi=None, step=0.1, *, integer: bool = False, options=None,
           log: bool = False, width: str = "240px", **kw) -> widgets.ValueWidget:
    """The one slider every explorer uses: float by default, or int, a list of options, or log-spaced.

    Parameters
    ----------
    description : str
    value : the initial value
    lo, hi : the range (for ``log=True`` the values at the ends, e.g. 1e-3 and 10)
    step : the step (for ``log=True`` a step of the base-10 exponent)
    integer : an :class:`~ipywidgets.IntSlider`
    options : a :class:`~ipywidgets.SelectionSlider` over these values (``lo`` and ``hi`` unused)
    log : a :class:`~ipywidgets.FloatLogSlider`
    **kw : passed to the widget (e.g. ``readout_format=".1f"``)

    The description is shown whole, never cut: the label takes the room it needs and ``width`` grows by
    what it needs beyond the usual 80 px.
    """
    grow = max(0, _CHAR_PX * len(description) - _LABEL_PX)
    layout = widgets.Layout(width=f"calc({width} + {grow}px)" if grow else width)
    style = {"description_width": "initial", **kw.pop("style", {})}
    common = dict(description=description, continuous_update=True, layout=layout, style=style, **kw)
    if options is not None:
        return widgets.SelectionSlider(options=list(options), value=value, **common)
    if log:
        return widgets.FloatLogSlider(value=value, base=10, min=math.log10(lo), max=math.log10(hi), step=step,
                                      **common)
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, **common)


def table(rows) -> str:
    """Readout rows ``[(label, html), ...]`` as a compact two-column HTML table."""
    body = "".join(f"<tr><td style='padding-right:8px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table style='font-family:monospace;font-size:12px'>{body}</table>"


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _check_value(name: str, current, value) -> None:
    """Refuse None, NaN and inf for any control, and anything but a number for a numeric one."""
    if value is None:
        raise TypeError(f"control {name!r} needs a value; got None")
    if _is_number(current) and not _is_number(value):
        raise TypeError(f"control {name!r} needs a number; got {value!r} ({type(value).__name__})")
    if _is_number(value) and not math.isfinite(value):
        raise ValueError(f"control {name!r} needs a finite number; got {value!r}")


class Explorer:
    """Base class: controls + one persistent figure + live readout."""

    figsize = (5.0, 5.0)
    readout_below = False  # wide figures put the readout under the figure, not beside it
    drag_frame_interval = 0.08  # s: during a drag, at most one frame per interval (12.5 a second), drawn at once

    def __init__(self):
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.buttons: dict[str, widgets.Button] = {}  # actions (not state), shown after the controls
        self.numbers: dict[str, object] = {}
        self.readout = widgets.HTML(layout=widgets.Layout(min_width="280px"))
        self._suspended = False
        with plt.ioff():
            self.fig = plt.figure(figsize=self.figsize)
        canvas = self.fig.canvas
        # ipympl's canvas only: hide the toolbar so pan/zoom mode cannot capture a drag.
        for attr, value in (("header_visible", False), ("toolbar_visible", False),
                            ("footer_visible", False), ("resizable", False)):
            if hasattr(canvas, attr):
                setattr(canvas, attr, value)
        self._frames = Frames(self.fig)  # redraws only the data while axes and ticks stay (see _frames.py)
        self._last_frame = -math.inf  # time.monotonic() when the last frame was drawn and sent
        self._pending = False  # a change waits for the next frame the browser asks for (see update)
        if hasattr(canvas, "handle_draw"):  # ipympl: the browser asks for a frame when it is ready for one
            canvas.handle_draw = self._on_frame_request
            # during a drag, the latest move waits for this timer (see update)
            self._flush = canvas.new_timer(interval=80)
            self._flush.single_shot = True
            self._flush.add_callback(self._on_frame_request, None)
            # ipympl sends a frame as the pixels that changed since the last one; the page drops an image
            # that arrives while it still loads the one before, and the pixels of that change stay behind
            # (ghost arrows after a quick drag). A moment after the last frame, send the whole figure.
            self._settle = canvas.new_timer(interval=300)
            self._settle.single_shot = True
            self._settle.add_callback(canvas.handle_refresh, None)  # the page's own "send me all" request

    # -- building -------------------------------------------------------------------------
    def _button(self, name: str, description: str, action) -> widgets.Button:
        """A button that runs ``action()`` and redraws; ``press(name)`` does the same from code."""
        b = widgets.Button(description=description, layout=widgets.Layout(width="auto"))
        b.on_click(lambda _: self.press(name))
        self.buttons[name] = b
        self._actions = {**getattr(self, "_actions", {}), name: action}
        return b

    def press(self, name: str) -> None:
        """Press a button from code (tests, notebooks): the same path as a click."""
        if name not in self.buttons:
            raise ValueError(f"unknown button {name!r}; this explorer has {sorted(self.buttons)}")
        self._actions[name]()
        self.update(draw="now")

    def _add(self, name: str, control: widgets.ValueWidget) -> widgets.ValueWidget:
        if getattr(control, "description", "") and not isinstance(control, widgets.Checkbox):
            control.style.description_width = "initial"  # the whole label ("distribution", not "distribut…")
        control.observe(self._on_change, names="value")
        self.controls[name] = control
        return control

    def _start(self) -> None:
        """Call at the end of a subclass ``__init__``: draw once, then fill the readout."""
        self._draw()
        self.update(draw="now")

    # -- updating -------------------------------------------------------------------------
    def _on_change(self, change) -> None:
        if self._suspended:
            return
        name = next((n for n, c in self.controls.items() if c is change["owner"]), "?")
        try:
            _check_value(name, change["old"], change["new"])
        except (TypeError, ValueError):
            self._suspended = True  # put the last good value back, so the explorer keeps working
            try:
                change["owner"].value = change["old"]
            finally:
                self._suspended = False
            raise
        self.update(draw="now")

    def update(self, draw: str = "now") -> None:
        """Recompute, update the artists and the readout, then redraw.

        ``draw="now"`` for slider changes, ``"idle"`` during mouse drags (coalesces frames).
        """
        if draw != "now" and hasattr(self.fig.canvas, "handle_draw"):
            # A drag sends ~30 moves a second; recompute once per frame the browser can show, not once
            # per move, or the moves queue up in the kernel and the picture trails the mouse. ipympl's
            # page spends ~20-40 ms on each image (decode, paint, and a toDataURL of the last one), so
            # more than ~12 images a second make it drop frames: a move at least drag_frame_interval
            # after the last frame is drawn at once, a sooner one when the interval is over (a timer).
            self._pending = True
            wait = self.drag_frame_interval - (time.monotonic() - self._last_frame)
            if wait <= 0:
                self.update(draw="now")  # the last frame left long enough ago: draw now, without a round trip
                return
            self._flush.stop()  # else draw the latest move when the interval is over
            self._flush.interval = max(1, int(wait * 1000))
            self._flush.start()
            return
        self._pending = False
        html = self._refresh()
        if draw == "now":
            self._frames.draw()
            self._last_frame = time.monotonic()
            if hasattr(self, "_settle"):
                self._settle.stop()
                self._settle.start()
        else:
            self.fig.canvas.draw_idle()
        self.readout.value = html  # after the figure, so the image leaves the kernel first

    def _on_frame_request(self, event) -> None:
        """ipympl's browser side is ready for a frame: bring a pending change in, then draw."""
        if self._pending:
            self.update(draw="now")
        elif event is not None and self.fig.stale:
            self._frames.draw()
        elif event is not None:  # nothing changed since the last frame: resend it (an empty diff), no redraw
            self.fig.canvas.blit()

    def set(self, *, draw: str = "now", **values) -> None:
        """Set several controls at once (by name) and redraw once.

        A value a control cannot take (None, NaN, inf, a string for a number, an unknown option)
        is refused with a ValueError or TypeError naming the control, and every control keeps
        the value it had, so the explorer goes on working.
        """
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this explorer has {sorted(self.controls)}")
        for name, value in values.items():
            _check_value(name, self.controls[name].value, value)
        old = {name: self.controls[name].value for name in values}
        self._suspended = True
        try:
            for name, value in values.items():
                try:
                    self.controls[name].value = value
                except TraitError as err:
                    raise ValueError(f"control {name!r} cannot take {value!r}: {err}") from None
        except Exception:
            for name, value in old.items():
                self.controls[name].value = value
            raise
        finally:
            self._suspended = False
        self.update(draw=draw)

    def value(self, name: str):
        return self.controls[name].value

    # -- display --------------------------------------------------------------------------
    def _layout(self) -> widgets.Widget:
        """Controls above; figure and readout side by side (or stacked, for wide figures)."""
        canvas = self.fig.canvas
        figure = [canvas] if isinstance(canvas, widgets.DOMWidget) else []  # Agg (tests) has no widget
        Box = widgets.VBox if self.readout_below else widgets.HBox
        row = list(self.controls.values()) + list(self.buttons.values())
        box = widgets.VBox([widgets.HBox(row, layout=widgets.Layout(flex_flow="row wrap")),
                            Box(figure + [self.readout])])
        box.add_class("mlviz-explorer")  # CSS hooks for the real-browser test
        box.add_class(f"mlviz-{type(self).__name__}")
        return box

    @property
    def widget(self) -> widgets.Widget:
        if not hasattr(self, "_widget"):
            self._widget = self._layout()
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        canvas = self.fig.canvas
        if isinstance(canvas, widgets.DOMWidget) and hasattr(canvas, "_repr_mimebundle_"):
            # ipympl 0.9-0.10: a canvas drawn before display and shown inside another widget
            # keeps a data URL without its "data:image/png;base64," prefix, and the browser
            # shows an empty figure (ipympl issue #472). The canvas's own display path stores
            # a valid one, so run it once here.
            canvas._repr_mimebundle_()
        return self.widget._repr_mimebundle_(**kwargs)

    # -- subclasses -----------------------------------------------------------------------
    def _draw(self) -> None:
        raise NotImplementedError

    def _refresh(self) -> str:
        raise NotImplementedError
