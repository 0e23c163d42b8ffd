"""Explorers driven from code: set controls, fire real matplotlib mouse events, check numbers and artists."""
import numpy as np
import pytest
import matplotlib.pyplot as plt
from matplotlib.backend_bases import MouseEvent

from mlviz.datasets import load_word_embeddings
from mlviz.widgets import DimensionExplorer, VectorExplorer, WordExplorer
from mlviz.widgets.draggable import DraggablePoints


def drag(fig, ax, start, end, steps=4):
    """Press at data point ``start``, move to ``end`` in steps, release: real events through the canvas."""
    canvas = fig.canvas
    p0, p1 = ax.transData.transform(start), ax.transData.transform(end)
    canvas.callbacks.process("button_press_event", MouseEvent("button_press_event", canvas, *p0, button=1))
    for t in np.linspace(0, 1, steps + 1)[1:]:
        x, y = p0 + t * (p1 - p0)
        canvas.callbacks.process("motion_notify_event", MouseEvent("motion_notify_event", canvas, x, y, button=1))
    canvas.callbacks.process("button_release_event", MouseEvent("button_release_event", canvas, *p1, button=1))


# ---------------------------------------------------------------- two vectors
def test_vector_explorer_initial_numbers_and_readout():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    n = ex.numbers
    assert n["dot"] == 5.0 and n["norm_a"] == pytest.approx(np.sqrt(10))
    assert n["cos"] == pytest.approx(1 / np.sqrt(2)) and n["angle_deg"] == pytest.approx(45.0)
    assert n["vector_proj"] == pytest.approx([1.0, 2.0])  # a·b/‖b‖² = 1, so proj = b
    assert "3.0×1.0 + 1.0×2.0 = <b>5.00</b>" in ex.readout.value
    assert "<b>45.0°</b>" in ex.readout.value


def test_vector_explorer_sliders_move_artists():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    ex.controls["b_x"].value = -1.0  # one slider, one observer call
    ex.controls["b_y"].value = 3.0
    assert ex.numbers["dot"] == 0.0 and ex.numbers["angle_deg"] == pytest.approx(90.0)
    q = ex.arrows["quiver"]
    np.testing.assert_allclose([q.U, q.V], [[3, -1], [1, 3]])
    np.testing.assert_allclose(ex.handles.get_offsets(), [[3, 1], [-1, 3]])
    np.testing.assert_allclose(ex.proj["shadow"].get_xydata(), [[0, 0], [0, 0]], atol=1e-12)  # orthogonal: no shadow
    assert "<b>90.0°</b>" in ex.readout.value


def test_vector_explorer_scale_changes_dot_not_cosine():
    ex = VectorExplorer(a=(0.4, 0.2), b=(1, 2))
    cos, dot = ex.numbers["cos"], ex.numbers["dot"]
    ex.set(a_x=4.0, a_y=2.0)  # a × 10
    assert ex.numbers["dot"] == pytest.approx(10 * dot) and ex.numbers["cos"] == pytest.approx(cos)


def test_vector_explorer_mouse_drag_moves_tip_and_sliders():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    drag(ex.fig, ex.ax, start=(1, 2), end=(-2, 2))
    assert (ex.value("b_x"), ex.value("b_y")) == (-2.0, 2.0)
    assert ex.value("a_x") == 3.0  # the other vector stays
    assert ex.numbers["dot"] == pytest.approx(-4.0)
    np.testing.assert_allclose(ex.arrows["quiver"].U, [3, -2])
    assert "-4.00" in ex.readout.value
    assert ex.drag.active is None  # released


def test_release_applies_final_position_when_motion_events_were_dropped():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    canvas = ex.fig.canvas
    p0, p1 = ex.ax.transData.transform((1, 2)), ex.ax.transData.transform((-2, 2))
    canvas.callbacks.process("button_press_event", MouseEvent("button_press_event", canvas, *p0, button=1))
    # no motion events at all (throttled away by the front end), only the release
    canvas.callbacks.process("button_release_event", MouseEvent("button_release_event", canvas, *p1, button=1))
    assert (ex.value("b_x"), ex.value("b_y")) == (-2.0, 2.0)


def test_vector_explorer_press_away_from_tips_does_nothing():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    drag(ex.fig, ex.ax, start=(-4, -4), end=(2, 2))
    assert ex.numbers["a"] == [3.0, 1.0] and ex.numbers["b"] == [1.0, 2.0]


def test_vector_explorer_drag_clips_to_slider_range():
    ex = VectorExplorer(a=(3, 1), b=(1, 2), lim=5)
    ex._on_drag(0, 7.3, 0.0)  # as if the mouse left the slider range
    assert ex.value("a_x") == 5.0


def test_vector_explorer_zero_vector_is_explained_not_nan():
    ex = VectorExplorer()
    ex.set(a_x=0.0, a_y=0.0)
    assert ex.numbers["cos"] is None
    assert "undefined: a is the zero vector" in ex.readout.value
    assert "nan" not in ex.readout.value.lower()


def test_set_rejects_unknown_control():
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['c_x'\]; this explorer has"):
        VectorExplorer().set(c_x=1)


def test_draggable_points_hit_tolerance():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    px, py = ex.ax.transData.transform((3, 1))
    assert ex.drag.hit(px + 5, py) == 0
    assert ex.drag.hit(px + 50, py) is None
    calls = []
    d = DraggablePoints(ex.ax, lambda: np.array([[0.0, 0.0]]), lambda i, x, y: calls.append((i, x, y)))
    drag(ex.fig, ex.ax, start=(0, 0), end=(1, 1), steps=1)
    assert calls and calls[-1][0] == 0 and calls[-1][1:] == pytest.approx((1, 1))
    d.disconnect()


def test_explorer_widget_layout_contains_controls_and_readout():
    ex = VectorExplorer()
    w = ex.widget
    controls, row = w.children
    assert list(controls.children) == list(ex.controls.values())
    assert ex.readout in row.children
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()


# ---------------------------------------------------------------- words
@pytest.fixture(scope="module")
def emb():
    return load_word_embeddings()


def test_word_explorer_ranking_matches_cosines(emb, ):
    ex = WordExplorer(emb, query="banana", k=5)
    ranking = ex.numbers["ranking"]
    assert len(ranking) == 5 and "banana" not in [w for w, _, _ in ranking]
    b = emb["banana"]
    for w, c, _ in ranking:
        assert c == pytest.approx(float(b @ emb[w]), abs=1e-6)
    assert [c for _, c, _ in ranking] == sorted((c for _, c, _ in ranking), reverse=True)
    assert sum(bar.get_visible() for bar in ex.bars) == 5


def test_word_explorer_controls_update_heatmap_and_bars(emb):
    ex = WordExplorer(emb)
    ex.set(words=("cat", "dog", "laptop"), query="laptop", k=4)
    img = ex.heat["image"].get_array()
    assert img.shape == (3, 3)
    assert img[0, 1] == pytest.approx(float(emb["cat"] @ emb["dog"]), abs=1e-6)
    assert [t.get_text() for t in ex.ax_heat.get_xticklabels()] == ["cat", "dog", "laptop"]
    assert ex.numbers["ranking"][0][0] == "computer"
    assert [t.get_text() for t in ex.ax_bar.get_yticklabels()][0] == "computer"
    assert len(ex.heat["texts"]) == 9
    assert "cosine to 'laptop'" in ex.readout.value


def test_word_explorer_unknown_word(emb):
    with pytest.raises(KeyError, match="not in the vocabulary"):
        WordExplorer(emb, query="bananna")


# ---------------------------------------------------------------- dimension
def test_dimension_explorer_variance_tracks_d():
    ex = DimensionExplorer(d=16)
    for d in (4, 256, 1024):
        ex.controls["d"].value = d
        n = ex.numbers
        assert 0.85 * d < n["var_raw"] < 1.15 * d
        assert 0.85 < n["var_scaled"] < 1.15
    assert ex.numbers["max_weight_raw"] > 0.99 > 0.6 > ex.numbers["max_weight_scaled"]  # saturation vs not
    heights = [b.get_height() for b in ex.soft_bars["scaled"]]
    assert sum(heights) == pytest.approx(1.0)
    assert ex.ax_hist.get_xlim() == pytest.approx((-128, 128))


def test_dimension_explorer_is_reproducible():
    a, b = DimensionExplorer(d=64, seed=1), DimensionExplorer(d=64, seed=1)
    assert a.numbers == b.numbers


# ---------------------------------------------------------------- the shared explorer base
import ast
import math
from pathlib import Path

import ipywidgets as widgets

from mlviz.widgets._base import slider


def test_slider_helper_makes_every_kind():
    f = slider("w", 1.0, -2, 2, 0.5, readout_format=".1f")
    assert isinstance(f, widgets.FloatSlider) and (f.min, f.max, f.step, f.readout_format) == (-2, 2, 0.5, ".1f")
    assert isinstance(slider("k", 3, 1, 9, 1, integer=True), widgets.IntSlider)
    s = slider("lr", 0.1, options=(0.01, 0.1, 1.0))
    assert isinstance(s, widgets.SelectionSlider) and s.value == 0.1 and len(s.options) == 3
    g = slider("λ", 0.1, 1e-3, 10.0, 0.1, log=True)
    assert isinstance(g, widgets.FloatLogSlider) and (g.min, g.max, g.base) == pytest.approx((-3, 1, 10))
    assert all(c.continuous_update for c in (f, s, g))


@pytest.mark.parametrize("bad, error, message", [
    (float("nan"), ValueError, r"control 'b_x' needs a finite number; got nan"),
    (float("inf"), ValueError, r"control 'b_x' needs a finite number; got inf"),
    (None, TypeError, r"control 'b_x' needs a value; got None"),
    ("2", TypeError, r"control 'b_x' needs a number; got '2' \(str\)"),
])
def test_set_refuses_bad_values_and_the_explorer_keeps_working(bad, error, message):
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    before = (dict(ex.numbers), ex.readout.value)
    with pytest.raises(error, match=message):
        ex.set(a_x=2.0, b_x=bad)          # refused as a whole: a_x is not changed either
    assert (ex.value("a_x"), ex.value("b_x")) == (3.0, 1.0)
    assert (ex.numbers, ex.readout.value) == before
    ex.set(b_x=-1.0, b_y=3.0)            # still works
    assert ex.numbers["dot"] == 0.0 and "<b>90.0°</b>" in ex.readout.value


def test_a_bad_value_written_to_a_control_is_put_back():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    with pytest.raises(ValueError, match=r"control 'a_y' needs a finite number; got nan"):
        ex.controls["a_y"].value = math.nan
    assert ex.value("a_y") == 1.0 and ex.numbers["dot"] == 5.0
    ex.controls["a_y"].value = 2.0
    assert ex.numbers["dot"] == 7.0


def test_set_refuses_none_and_unknown_options_on_choice_controls(emb):
    ex = WordExplorer(emb, query="banana")
    with pytest.raises(TypeError, match=r"control 'query' needs a value; got None"):
        ex.set(query=None)
    with pytest.raises(ValueError, match=r"control 'query' cannot take 'bananna'"):
        ex.set(k=4, query="bananna")
    assert ex.value("query") == "banana" and ex.value("k") == 8   # k rolled back too
    ex2 = DimensionExplorer(d=16)
    with pytest.raises(ValueError, match=r"control 'd' needs a finite number; got nan"):
        ex2.set(d=float("nan"))
    with pytest.raises(ValueError, match=r"control 'd' cannot take 3"):
        ex2.set(d=3)
    ex2.set(d=256)
    assert ex2.numbers["d"] == 256


# ---------------------------------------------------------------- one plotting layer
WIDGETS = Path(__file__).resolve().parents[1] / "mlviz" / "widgets"
RAW_DRAWING = {"plot", "scatter", "imshow", "bar", "barh", "fill", "fill_between", "fill_betweenx", "stairs",
               "contour", "contourf", "quiver", "text", "annotate", "axhline", "axvline", "axhspan", "axvspan",
               "hist", "errorbar", "add_collection", "add_patch", "pcolormesh", "matshow", "step", "legend",
               "colorbar", "clear", "cla"}


def raw_drawing_calls(path):
    tree = ast.parse(path.read_text())
    return sorted(node.func.attr for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in RAW_DRAWING)


@pytest.mark.parametrize("module", ["similarity", "linear", "nn"])
def test_explorers_draw_through_mlviz_viz(module):
    """Explorers draw with mlviz.viz and then update its artists: no raw matplotlib drawing, no ax.clear()."""
    assert raw_drawing_calls(WIDGETS / f"{module}.py") == []


def test_raw_drawing_counter_sees_calls():
    sample = Path(__file__).with_name("_raw_sample.py")
    sample.write_text("ax.plot(x)\nax.clear()\nself.ax_bar.barh(y, w)\nline.set_data(x, y)\n")
    try:
        assert raw_drawing_calls(sample) == ["barh", "clear", "plot"]
    finally:
        sample.unlink()


@pytest.mark.parametrize("module", ["similarity", "linear", "nn", "_base", "draggable"])
def test_explorers_use_no_private_core_names(module):
    """Explorers call the public core API only (no ``lin._check_xy``, no ``from ..x import _y``)."""
    tree = ast.parse((WIDGETS / f"{module}.py").read_text())
    private_imports = [a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level >= 2
                       for a in node.names if a.name.startswith("_")]
    core_aliases = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.level == 2 and not node.module for a in node.names}
    private_attrs = [f"{node.value.id}.{node.attr}" for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                     and isinstance(node.value, ast.Name) and node.value.id in core_aliases
                     and node.attr.startswith("_")]
    assert private_imports == [] and private_attrs == []


def test_no_per_module_slider_wrappers():
    for module in ("similarity", "linear", "nn"):
        tree = ast.parse((WIDGETS / f"{module}.py").read_text())
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert not names & {"_slider", "_fslider"}, module


# ---------------------------------------------------------------- drags under ipympl: frames at a steady rate
class _Timer:
    """A stand-in for ipympl's timer: records its interval, fires when the test says so."""

    def __init__(self, callback):
        self.callback, self.interval, self.running = callback, None, False

    def start(self):
        self.running = True

    def stop(self):
        self.running = False

    def fire(self):
        self.running = False
        self.callback(None)


def test_a_drag_draws_at_most_one_frame_per_interval_and_the_last_move_always():
    ex = VectorExplorer(a=(3, 1), b=(1, 2))
    ex.fig.canvas.handle_draw = ex._on_frame_request  # what an ipympl canvas has
    ex._flush = _Timer(ex._on_frame_request)
    ex._settle = _Timer(lambda _: None)  # sends the whole figure a moment after the last frame
    frames = []
    draw = ex._frames.draw
    ex._frames.draw = lambda: (frames.append(ex.numbers["dot"]), draw())
    ex.drag_frame_interval = 60.0  # long enough that the test's moves all fall inside it
    ex._last_frame = -np.inf
    ex.controls["a_x"].value = 2.0  # a slider change: drawn at once
    assert len(frames) == 1
    ex._last_frame = -np.inf
    ex.set(a_x=1.0, draw="idle")  # the first move after a quiet spell: drawn at once, no round trip
    assert frames[-1] == 1 * 1 + 1 * 2 and len(frames) == 2 and not ex._flush.running
    ex.set(a_x=0.5, draw="idle")  # moves inside the interval wait for the timer ...
    ex.set(a_x=-1.0, draw="idle")
    assert len(frames) == 2 and ex._flush.running and 0 < ex._flush.interval <= 60_000
    ex._flush.fire()  # ... which draws the latest of them, once
    assert frames[-1] == -1 * 1 + 1 * 2 and len(frames) == 3
    assert ex._settle.running  # restarted by the last frame: the whole figure follows once the drag rests
    ex._on_frame_request(object())  # the browser asks again, nothing changed: the last frame is resent, not redrawn
    assert len(frames) == 3
    plt.close(ex.fig)
