"""Plot functions draw what they are given and return their artists (Agg backend)."""
import matplotlib.pyplot as plt
import pytest
import numpy as np

from mlviz.viz.heatmap import plot_heatmap
from mlviz.viz.similarity import plot_histograms, plot_level_sets, plot_projection, plot_vectors, plot_word_map


def test_plot_vectors_returns_quiver_with_given_components():
    out = plot_vectors({"a": [1, 2], "b": [-3, 0.5]}, lim=4)
    np.testing.assert_allclose([out["quiver"].U, out["quiver"].V], [[1, -3], [2, 0.5]])
    assert set(out["labels"]) == {"a", "b"}
    assert out["quiver"].axes.get_xlim() == (-4, 4)


def test_plot_projection_lines():
    _, ax = plt.subplots()
    out = plot_projection(np.array([2.0, 3.0]), np.array([2.0, 0.0]), ax=ax)
    np.testing.assert_allclose(out["shadow"].get_xydata(), [[0, 0], [2, 0]])
    np.testing.assert_allclose(out["drop"].get_xydata(), [[2, 3], [2, 0]])


def test_plot_heatmap_values_and_labels():
    m = np.array([[1.0, 0.25], [0.25, 1.0]])
    out = plot_heatmap(m, ["x", "y"], vmin=0, vmax=1)
    np.testing.assert_array_equal(out["image"].get_array(), m)
    assert [t.get_text() for t in out["texts"]] == ["1.00", "0.25", "0.25", "1.00"]
    assert [t.get_text() for t in out["image"].axes.get_yticklabels()] == ["x", "y"]


def test_heatmap_text_contrasts_with_its_own_cell_on_any_colour_map():
    """Black on light cells, white on dark ones: RdBu's white middle and its dark ends, viridis's ends."""
    rdbu = plot_heatmap([[-1.0, 0.0, 1.0]], ["r"], ["lo", "mid", "hi"], cmap="RdBu", vmin=-1, vmax=1)
    assert [t.get_color() for t in rdbu["texts"]] == ["white", "black", "white"]
    viridis = plot_heatmap([[0.0, 1.0]], ["r"], ["lo", "hi"], cmap="viridis", vmin=0, vmax=1)
    assert [t.get_color() for t in viridis["texts"]] == ["white", "black"]
    greys = plot_heatmap([[0.0, 1.0]], ["r"], ["lo", "hi"], cmap="Greys", vmin=0, vmax=1)  # 0 is white here
    assert [t.get_color() for t in greys["texts"]] == ["black", "white"]


def test_plot_level_sets_one_panel_per_field():
    xx, yy = np.meshgrid(np.linspace(-2, 2, 41), np.linspace(-2, 2, 41))
    out = plot_level_sets(xx, yy, {"L2": np.hypot(xx, yy), "L1": abs(xx) + abs(yy)})
    assert set(out) == {"L2", "L1"}


def test_plot_word_map_and_histograms():
    out = plot_word_map(np.array([[0, 0], [1, 1], [2, 0]]), ["a", "b", "c"], ["x", "x", "y"])
    assert [t.get_text() for t in out["texts"]] == ["a", "b", "c"] and len(out["scatter"]) == 2
    h = plot_histograms({"s": np.arange(10.0)}, bins=5)
    assert h["s"].get_data().values.sum() * 1.8 == pytest.approx(1.0)  # density × bin width 1.8


# ---------------------------------------------------------------- shared pieces, notebook 01
import ast
from pathlib import Path

from mlviz.viz._axes import plot_handles
from mlviz.viz.heatmap import set_heatmap
from mlviz.viz.linear import (penalty_region, plot_coef_paths, plot_decision_boundary, plot_fit, plot_loss_curve,
                              plot_loss_surface, plot_path, plot_penalty_region, set_fit)
from mlviz.viz.nn import (plot_layer_input, plot_layer_output, plot_ridges, plot_std_profile, plot_training_curves,
                          plot_weight_grid, plot_weight_matrix, ridge_heights, set_ridges, weight_grid)
from mlviz.viz.similarity import angle_arc, plot_angle, plot_grouped_bars, plot_ranking, set_ranking


def test_plot_handles_offsets_and_colours():
    out = plot_handles([[1, 2], [3, 4]], colors=["red", "blue"])
    np.testing.assert_allclose(out["handles"].get_offsets(), [[1, 2], [3, 4]])
    np.testing.assert_allclose(out["handles"].get_facecolors()[:, :3], [[1, 0, 0], [0, 0, 1]])


def test_set_heatmap_resizes_relabels_and_reannotates():
    out = plot_heatmap(np.eye(2), ["a", "b"], vmin=0, vmax=1)
    set_heatmap(out, [[1.0, 0.5, 0.25], [0.5, 1.0, 0.0], [0.25, 0.0, 1.0]], ["x", "y", "z"])
    assert out["image"].get_array().shape == (3, 3)
    assert out["image"].get_extent() == [-0.5, 2.5, 2.5, -0.5]
    assert [t.get_text() for t in out["image"].axes.get_xticklabels()] == ["x", "y", "z"]
    assert len(out["texts"]) == 9 and out["texts"][1].get_text() == "0.50"
    assert len(out["image"].axes.texts) == 9  # the old labels were removed, not hidden
    set_heatmap(out, np.zeros((0, 0)), [])
    assert out["texts"] == [] and not out["image"].axes.texts


def test_angle_arc_goes_the_short_way_and_is_empty_for_a_zero_vector():
    arc = angle_arc([1, 0], [0, 1], 2.0)
    np.testing.assert_allclose(np.hypot(*arc.T), 2.0)
    np.testing.assert_allclose(arc[[0, -1]], [[2, 0], [0, 2]], atol=1e-12)
    arc = angle_arc([1, 0], [1, -1], 1.0)   # -45°, not +315°
    assert np.all(arc[1:, 1] < 0)
    assert angle_arc([0, 0], [1, 1], 1.0).shape == (0, 2)
    drawn = plot_angle([1, 0], [0, 1], radius=1.0)["arc"]
    np.testing.assert_allclose(drawn.get_xydata(), angle_arc([1, 0], [0, 1], 1.0))


def test_plot_ranking_shows_k_of_the_slots_top_down():
    out = plot_ranking(["a", "b"], [0.9, 0.5], colors=["red", "blue"], slots=4)
    bars = out["bars"]
    assert [b.get_visible() for b in bars] == [True, True, False, False]
    assert [b.get_width() for b in bars[:2]] == [0.9, 0.5]
    ax = bars.patches[0].axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"] and ax.get_ylim() == (1.5, -0.5)
    set_ranking(out, ["c", "d", "e"], [0.7, 0.6, 0.1])
    assert sum(b.get_visible() for b in bars) == 3 and bars[2].get_width() == 0.1


def test_plot_grouped_bars_side_by_side():
    out = plot_grouped_bars({"raw": [0.2, 0.8], "scaled": [0.5, 0.5]})
    raw, scaled = out["raw"].patches, out["scaled"].patches
    assert [b.get_height() for b in raw] == [0.2, 0.8]
    assert raw[0].get_x() + raw[0].get_width() == pytest.approx(scaled[0].get_x())  # touching, raw on the left


def test_plot_histograms_counts_and_colours():
    h = plot_histograms({"s": [0.5, 1.5, 1.6]}, bins=[0, 1, 2], density=False, colors={"s": "red"}, legend=None)
    np.testing.assert_array_equal(h["s"].get_data().values, [1, 2])
    assert h["s"].get_edgecolor()[:3] == (1.0, 0.0, 0.0)


# ---------------------------------------------------------------- notebook 02
def test_plot_fit_and_set_fit_move_line_and_residuals():
    out = plot_fit([1, 2], [3, 1], 1.0, 0.0, xlim=(0, 4))
    np.testing.assert_allclose(out["line"].get_xydata(), [[0, 0], [4, 4]])
    np.testing.assert_allclose(out["residuals"].get_segments(), [[[1, 3], [1, 1]], [[2, 1], [2, 2]]])
    set_fit(out, 0.0, 2.0)
    np.testing.assert_allclose(out["line"].get_xydata(), [[0, 2], [4, 2]])
    np.testing.assert_allclose(out["residuals"].get_segments(), [[[1, 3], [1, 2]], [[2, 1], [2, 2]]])


def test_plot_loss_surface_draws_the_grid_it_is_given():
    ws, bs = np.linspace(-1, 1, 5), np.linspace(0, 2, 3)
    Z = (ws[None, :] - 0.5) ** 2 + (bs[:, None] - 1) ** 2 + 1   # (n_b, n_w)
    out = plot_loss_surface(ws, bs, Z, minimum=(0.5, 1.0), current=(-1.0, 2.0), labels=("w₁", "w₂"))
    ax = out["contours"].axes
    assert out["contours"].levels[0] == pytest.approx(Z.min()) and out["contours"].levels[-1] == pytest.approx(Z.max())
    np.testing.assert_allclose(out["minimum"].get_offsets(), [[0.5, 1.0]])
    np.testing.assert_allclose(out["current"].get_xydata(), [[-1.0, 2.0]])
    assert ax.get_xlim() == (-1, 1) and ax.get_ylim() == (0, 2) and ax.get_xlabel() == "w₁"
    bare = plot_loss_surface(ws, bs, Z, levels=[1.5, 2.0])
    assert bare["minimum"] is None and bare["current"] is None and list(bare["contours"].levels) == [1.5, 2.0]


def test_plot_path_head_and_loss_curve():
    out = plot_path([0, 1, 2], [0, 1, 4], head=True)
    np.testing.assert_allclose(out["path"].get_xydata(), [[0, 0], [1, 1], [2, 4]])
    np.testing.assert_allclose(out["head"].get_xydata(), [[2, 4]])
    assert len(out["next"].get_xdata()) == 0
    assert plot_path([0], [0])["head"] is None
    curve = plot_loss_curve([4.0, 2.0, 1.0], cursor=1)
    np.testing.assert_allclose(curve["line"].get_xydata(), [[0, 4], [1, 2], [2, 1]])
    np.testing.assert_allclose(curve["cursor"].get_xydata(), [[1, 2]])
    assert curve["line"].axes.get_yscale() == "log"


def test_penalty_regions_lie_on_their_norm_ball():
    np.testing.assert_allclose(np.abs(penalty_region("l1", 2.0)).sum(axis=1), 2.0)
    np.testing.assert_allclose(np.hypot(*penalty_region("l2", 2.0).T), 2.0)
    poly = plot_penalty_region("l1", 1.0)["region"]
    np.testing.assert_allclose(np.abs(poly.get_xy()).sum(axis=1), 1.0)


def test_plot_coef_paths_lines_and_marker():
    lams, W = np.array([0.01, 0.1, 1.0]), np.array([[2.0, 1.0], [1.5, 0.5], [1.0, 0.0]])
    out = plot_coef_paths(lams, W, ["a", "b"], lam=0.1, legend="upper right")
    np.testing.assert_allclose(out["lines"][1].get_ydata(), [1.0, 0.5, 0.0])
    assert out["marker"].get_xdata()[0] == 0.1 and out["lines"][0].get_label() == "a"
    assert plot_coef_paths(lams, W)["marker"] is None


def test_plot_decision_boundary_is_where_the_score_is_zero():
    X2, y = np.array([[0.0, 0.0], [2.0, 2.0], [1.0, 3.0]]), np.array([0, 1, 1])
    w, b = np.array([1.0, 2.0]), -3.0
    out = plot_decision_boundary(X2, y, w, b)
    xy = out["boundary"].get_xydata()
    np.testing.assert_allclose(xy @ w + b, 0.0, atol=1e-12)
    assert [len(p.get_offsets()) for p in out["points"]] == [1, 2]


# ---------------------------------------------------------------- notebook 03
def test_weight_grid_by_hand_and_against_a_loop():
    W = np.array([[1.0, -2.0, 0.5, 0.0], [0.0, 0.0, 0.0, 0.0], [3.0, 0.0, 0.0, -1.5]])
    img = weight_grid(W, side=2, cols=2)   # 2 × 2 tiles of 2 × 2 with a 1-pixel gap: 5 × 5
    expected = np.full((5, 5), np.nan)
    expected[:2, :2] = [[0.5, -1.0], [0.25, 0.0]]
    expected[:2, 3:] = 0.0                  # an all-zero unit stays 0
    expected[3:, :2] = [[1.0, 0.0], [0.0, -0.5]]
    np.testing.assert_array_equal(img, expected)
    rng = np.random.default_rng(0)
    W = rng.normal(size=(10, 64))
    img = weight_grid(W, cols=4)
    for k in range(10):
        r, c = divmod(k, 4)
        np.testing.assert_allclose(img[9 * r:9 * r + 8, 9 * c:9 * c + 8], W[k].reshape(8, 8) / np.abs(W[k]).max())
    assert np.isnan(img[8]).all() and np.isnan(img[-8:, -8:]).all()   # gap rows and the two empty tiles
    with pytest.raises(ValueError, match=r"W must be 2-D \(n_units, side² = 64\); got shape \(3, 63\)"):
        weight_grid(np.zeros((3, 63)))


def test_plot_weight_grid_and_matrix_images():
    W = np.random.default_rng(1).normal(size=(16, 64))
    img = plot_weight_grid(W, title="t")["image"]
    np.testing.assert_array_equal(img.get_array().filled(np.nan), weight_grid(W, cols=4))   # 4 columns for 16 units
    assert img.get_clim() == (-1, 1) and img.axes.get_title() == "t"
    m = plot_weight_matrix(W[:4, :4], vmax=0.5)["image"]
    np.testing.assert_array_equal(m.get_array(), W[:4, :4])
    assert m.get_clim() == (-0.5, 0.5)


def test_plot_layer_input_and_output():
    grid = [np.array([[0.0, -1.0], [0.0, 1.0]])]
    letter = [np.array([[0.0, 0.0], [0.5, 0.5]])]
    inp = plot_layer_input(grid, letter, [0.5, 1.0])
    np.testing.assert_allclose(inp["grid"][0].get_xydata(), grid[0])
    np.testing.assert_allclose(inp["probe"].get_xydata(), [[0.5, 1.0]])
    W, b = np.array([[2.0, 0.0], [1.0, 1.0]]), np.array([0.5, -0.5])
    out = plot_layer_output(grid, grid, letter, W, b, [1.0, 1.0])
    np.testing.assert_allclose(out["handles"].get_offsets(), [[2.5, 0.5], [0.5, 0.5], [0.5, -0.5]])
    np.testing.assert_allclose(out["columns"][0].get_xydata(), [[0.5, -0.5], [2.5, 0.5]])
    assert [t.get_text() for t in out["labels"]] == ["W e₁", "W e₂", "b"]
    assert len(out["pre_grid"]) == len(out["grid"]) == 1 and len(out["letter"]) == 1


def test_ridge_heights_by_hand():
    h = ridge_heights([[0.1, 0.2, 1.5, 9.0, np.nan, -np.inf]], [0.0, 1.0, 2.0])
    # bins [0, 1): 0.1, 0.2, -inf (clipped to 0); [1, 2]: 1.5, 9 (clipped to 2); NaN left out
    np.testing.assert_allclose(h, [[0.9, 0.6]])
    np.testing.assert_array_equal(ridge_heights([[]], [0.0, 1.0]), [[0.0]])


def test_plot_ridges_stacks_layers_and_set_ridges_hides_extra_slots():
    edges = np.linspace(0, 1, 5)
    out = plot_ridges([[0.1], [0.9, 0.8]], edges, slots=4)
    ridges = out["ridges"]
    assert [r.get_visible() for r in ridges] == [True, True, False, False]
    data = ridges[1].get_data()
    assert data.baseline == 2 and np.allclose(data.values, 2 + np.array([0, 0, 0, 0.9]))
    set_ridges(out, [[0.5]] * 3, edges)
    assert sum(r.get_visible() for r in ridges) == 3 and ridges[0].axes.get_ylim() == (0.8, 4)


def test_plot_std_profile_and_training_curves():
    out = plot_std_profile({"a": [1.0, 0.0]}, floor=1e-9, legend="best")
    np.testing.assert_allclose(out["a"].get_xydata(), [[1, 1.0], [2, 1e-9]])   # zero drawn at the floor
    assert out["a"].axes.get_yscale() == "log"
    curves = plot_training_curves({"train": [0.1, 0.5, 0.9]}, cursor=2)
    np.testing.assert_allclose(curves["lines"]["train"].get_ydata(), [0.1, 0.5, 0.9])
    assert curves["cursor"].get_xdata()[0] == 2


# ---------------------------------------------------------------- the layering
VIZ = Path(__file__).resolve().parents[1] / "mlviz" / "viz"


@pytest.mark.parametrize("module", ["heatmap", "linear", "nn", "similarity", "_axes"])
def test_plot_modules_import_no_algorithm(module):
    """Plot functions draw results they are given: from the core package they import only the course's palette."""
    tree = ast.parse((VIZ / f"{module}.py").read_text())
    relative = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level >= 2]
    assert set(relative) <= {"course"}
