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


def test_plot_level_sets_one_panel_per_field():
    xx, yy = np.meshgrid(np.linspace(-2, 2, 41), np.linspace(-2, 2, 41))
    out = plot_level_sets(xx, yy, {"L2": np.hypot(xx, yy), "L1": abs(xx) + abs(yy)})
    assert set(out) == {"L2", "L1"}


def test_plot_word_map_and_histograms():
    out = plot_word_map(np.array([[0, 0], [1, 1], [2, 0]]), ["a", "b", "c"], ["x", "x", "y"])
    assert [t.get_text() for t in out["texts"]] == ["a", "b", "c"] and len(out["scatter"]) == 2
    h = plot_histograms({"s": np.arange(10.0)}, bins=5)
    assert h["s"].get_data().values.sum() * 1.8 == pytest.approx(1.0)  # density × bin width 1.8
