r"""The explorer pattern every notebook reuses.

An explorer owns

* ``controls``: named ipywidgets whose values *are* the state (sliders, dropdowns);
* ``fig``: one figure, created once inside ``plt.ioff()`` so it is never auto-displayed;
* ``readout``: an HTML widget with the live numbers (print() inside callbacks shows nowhere);
* ``numbers``: the same numbers as a dict, for tests and for learners' own code.

Subclasses implement ``_draw()`` (create artists once) and ``_refresh()`` (update
artists, return the readout HTML). ``set(**values)`` changes several controls
and redraws once.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import ipywidgets as widgets

__all__ = ["Explorer", "slider", "table"]


def slider(description: str, value, lo, hi, step=0.1, *, integer: bool = False, width: str = "240px",
           **kw) -> widgets.ValueWidget:
    """A continuously updating float (or int) slider, the one control every explorer uses."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, description=description, continuous_update=True,
               layout=widgets.Layout(width=width), **kw)


def table(rows) -> str:
    """Readout rows ``[(label, html), ...]`` as a compact two-column HTML table."""
    body = "".join(f"<tr><td style='padding-right:8px'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return f"<table style='font-family:monospace;font-size:12px'>{body}</table>"


class Explorer:
    """Base class: controls + one persistent figure + live readout."""

    figsize = (5.0, 5.0)
    readout_below = False  # wide figures put the readout under the figure, not beside it

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
        control.observe(self._on_change, names="value")
        self.controls[name] = control
        return control

    def _start(self) -> None:
        """Call at the end of a subclass ``__init__``: draw once, then fill the readout."""
        self._draw()
        self.update(draw="now")

    # -- updating -------------------------------------------------------------------------
    def _on_change(self, change) -> None:
        if not self._suspended:
            self.update(draw="now")

    def update(self, draw: str = "now") -> None:
        """Recompute, update the artists and the readout, then redraw.

        ``draw="now"`` for slider changes, ``"idle"`` during mouse drags (coalesces frames).
        """
        self.readout.value = self._refresh()
        if draw == "now":
            self.fig.canvas.draw()
        else:
            self.fig.canvas.draw_idle()

    def set(self, *, draw: str = "now", **values) -> None:
        """Set several controls at once (by name) and redraw once."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this explorer has {sorted(self.controls)}")
        self._suspended = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
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
