"""Plot functions of notebooks 04-06 (mlviz.viz.attention, .cluster, .stats) under Agg, and the drawing rule.

Each plot function draws what it is given and returns its artists; each ``set_*`` updates them in
place. The last tests hold the explorers of notebooks 04-06 to the one plotting layer: a handful of
raw drawing calls at most, no ``ax.clear()``, no private core functions, no private slider wrappers.
"""
import ast
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb, to_rgba
from matplotlib.markers import MarkerStyle

from mlviz import cluster as CL
from mlviz import stats as S
from mlviz.course import PALETTE
from mlviz.viz import attention as VA
from mlviz.viz import cluster as VC
from mlviz.viz import stats as VS

WIDGETS = Path(__file__).resolve().parents[1] / "mlviz" / "widgets"


# ------------------------------------------------------------------------------------- cluster
def test_cluster_colors_cycle_and_membership_colors_mix():
    n = len(VC.CLUSTER_COLORS)
    assert VC.cluster_colors([0, 1, n]) == [VC.CLUSTER_COLORS[0], VC.CLUSTER_COLORS[1], VC.CLUSTER_COLORS[0]]
    assert VC.cluster_markers([0, 1, 10]) == [VC.CLUSTER_MARKERS[0], VC.CLUSTER_MARKERS[1], VC.CLUSTER_MARKERS[0]]
    U = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    rgb = VC.membership_colors(U)
    np.testing.assert_allclose(rgb[0], to_rgb(VC.CLUSTER_COLORS[0]))  # a sure point: its cluster's colour
    np.testing.assert_allclose(rgb[1], to_rgb(VC.CLUSTER_COLORS[1]))
    mix = 0.5 * (np.array(to_rgb(VC.CLUSTER_COLORS[0])) + to_rgb(VC.CLUSTER_COLORS[1]))
    np.testing.assert_allclose(rgb[2], 0.5 * mix + 0.5 * 0.9)           # shared: half way to grey


def test_region_grid_and_plot_regions_show_the_labels_given():
    G, extent = VC.region_grid((-1, 0), (1, 4), n=5)
    assert G.shape == (25, 2) and extent == (-1.0, 1.0, 0.0, 4.0)
    np.testing.assert_allclose(G[:5, 1], 0.0)                           # row by row from the bottom left
    np.testing.assert_allclose(G[::5, 0], -1.0)
    C = np.array([[-1.0, 0.0], [1.0, 4.0]])
    labels = CL.assign(G, C).reshape(5, 5)                              # the caller computes, the plot shows
    out = VC.plot_regions(labels, extent)
    np.testing.assert_array_equal(out["image"].get_array(), labels)
    assert out["image"].get_extent() == [-1.0, 1.0, 0.0, 4.0]
    fake = np.full((5, 5), 3)                                           # any labels at all: nothing recomputed
    out["image"].set_data(fake)
    np.testing.assert_array_equal(out["image"].get_array(), fake)


def test_plot_clusters_points_crosses_and_limits():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    out = VC.plot_clusters(X, [0, 0, 1], [[0.5, 0.0], [5.0, 5.0]], lim=((-1, -2), (6, 7)))
    np.testing.assert_allclose(out["points"].get_offsets(), X)
    assert [to_hex(c) for c in out["points"].get_facecolor()] == VC.cluster_colors([0, 0, 1])
    paths = out["points"].get_paths()                                   # a shape per cluster, beside the colour
    assert len(paths) == 3 and np.array_equal(paths[0].vertices, paths[1].vertices)
    assert not np.array_equal(paths[0].vertices, paths[2].vertices)
    np.testing.assert_allclose(out["centroids"].get_offsets(), [[0.5, 0.0], [5.0, 5.0]])
    assert [to_hex(c) for c in out["centroids"].get_edgecolor()] == ["#000000"]
    ax = out["points"].axes
    assert ax.get_xlim() == (-1, 6) and ax.get_ylim() == (-2, 7)
    grey = VC.plot_clusters(X, centroid_color="k")                      # no labels, no centroids yet
    assert to_hex(grey["points"].get_facecolor()[0]) == to_hex("0.6")
    assert len(grey["centroids"].get_offsets()) == 0


def test_plot_elbow_lines_and_marker():
    out = VC.plot_elbow([1, 2, 3], [30.0, 12.0, 10.0], {2: 0.6, 3: 0.4}, k=2)
    np.testing.assert_allclose(out["wcss"].get_xydata(), [[1, 30], [2, 12], [3, 10]])
    np.testing.assert_allclose(out["silhouette"].get_xydata(), [[2, 0.6], [3, 0.4]])
    assert out["twin"] is out["silhouette"].axes and list(out["marker"].get_xdata()) == [2, 2]
    assert VC.plot_elbow([1, 2], [3.0, 1.0])["silhouette"] is None


def test_silhouette_bars_sorted_within_clusters_with_gaps():
    s = np.array([0.5, 0.1, 0.9, 0.3, -0.2])
    lab = np.array([1, 0, 1, 0, 1])
    out = VC.plot_silhouette(s, lab, n_bars=7)
    bars = [p.vertices[:4] for p in out["bars"].get_paths()]            # one rectangle (4 corners) per point
    widths = [b[1, 0] - b[0, 0] for b in bars]
    ys = [(b[0, 1] + b[2, 1]) / 2 for b in bars]
    assert widths == [0.1, 0.3, -0.2, 0.5, 0.9]                         # cluster 0 sorted, then cluster 1
    assert ys == [0, 1, 12, 13, 14]                                     # 10 empty rows between the clusters
    assert [to_hex(c) for c in out["bars"].get_facecolor()] == VC.cluster_colors([0, 0, 1, 1, 1])
    assert out["mean"].get_xdata()[0] == pytest.approx(s.mean()) and not out["note"].get_visible()
    VC.set_silhouette(out, None, lab)                                   # k = 1: no silhouette, a note
    assert out["note"].get_visible() and not out["mean"].get_visible()
    assert out["bars"].get_paths() == []


# --------------------------------------------------------------------------------------- stats
def test_plot_histogram_counts_and_density():
    x = np.array([0.1, 0.2, 0.2, 0.7, 0.9])
    out = VS.plot_histogram(x, bins=[0, 0.5, 1.0])
    values, edges, _ = out["bars"].get_data()
    np.testing.assert_array_equal(values, [3, 2])
    np.testing.assert_array_equal(edges, [0, 0.5, 1.0])
    heights, _ = VS.set_histogram(out, x, [0, 0.25, 1.0], density=True)
    values, edges, _ = out["bars"].get_data()
    assert np.sum(values * np.diff(edges)) == pytest.approx(1.0)
    np.testing.assert_allclose(values, heights)


def test_plot_distribution_continuous_and_discrete():
    d = S.Normal(2.0, 0.5)
    out = VS.plot_distribution(d, d.sample(400, rng=0))
    x, y = out["curve"].get_data()
    assert x[0] == pytest.approx(2.0 - 4.5 * 0.5) and x[-1] == pytest.approx(2.0 + 4.5 * 0.5)
    np.testing.assert_allclose(y, d.pdf(x))
    p = S.Poisson(3.0)
    VS.set_distribution(out, p, p.sample(400, rng=1))
    ks, pm = out["curve"].get_data()
    np.testing.assert_array_equal(ks, np.arange(0, 12))                 # up to λ + 5√λ = 11.7
    np.testing.assert_allclose(pm, p.pmf(ks))
    values, edges, _ = out["hist"].get_data()
    np.testing.assert_array_equal(edges, np.arange(-0.5, 12.5))        # one bin centred on each count
    assert np.sum(values) == pytest.approx(1.0)
    b = S.Binomial(6, 0.5)
    VS.set_distribution(out, b, b.sample(100, rng=2))
    assert out["curve"].get_xdata()[-1] == 6 and out["curve"].axes.get_xlim() == (-1, 7)


def test_plot_correlation_colours_means_ring_and_line():
    pts = np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [0.0, 0.0]])
    products = np.array([1.0, 1.0, -1.0, -1.0, 0.0])
    out = VS.plot_correlation(pts, products, lim=2.0, selected=2, line=(0.5, 1.0))
    colours = [to_hex(c) for c in out["dots"].get_facecolor()]
    blue, vermillion = PALETTE["blue"], PALETTE["vermillion"]
    assert colours == [blue, blue, vermillion, vermillion, to_hex("0.6")]
    up, down = (MarkerStyle(m).get_path().transformed(MarkerStyle(m).get_transform()) for m in "^v")
    shapes = out["dots"].get_paths()                                    # the sign in shape too: ▲ positive, ▼ negative
    assert [np.array_equal(p.vertices, up.vertices) for p in shapes] == [True, True, False, False, False]
    assert [np.array_equal(p.vertices, down.vertices) for p in shapes] == [False, False, True, True, False]
    np.testing.assert_allclose(out["ring"].get_offsets(), [[1.0, -1.0]])
    np.testing.assert_allclose(out["fit"].get_xydata(), [[-2.0, 0.0], [2.0, 2.0]])
    VS.set_correlation(out, pts + [3.0, 0.0], products, line=None)
    assert out["xbar"].get_xdata()[0] == pytest.approx(3.0) and len(out["fit"].get_xdata()) == 0
    assert len(out["ring"].get_offsets()) == 0


def test_plot_intervals_colours_by_coverage():
    out = VS.plot_intervals([0.0, 2.0, -1.0], [1.5, 3.0, 1.0], truth=1.0)   # the ends count as covering
    segs = out["lines"].get_segments()
    np.testing.assert_allclose(segs[1], [[2.0, 1.0], [3.0, 1.0]])
    hit, miss = to_rgba(PALETTE["blue"]), to_rgba(PALETTE["vermillion"])
    np.testing.assert_allclose(out["lines"].get_color(), [hit, miss, hit])
    solid, dashed = out["lines"].get_linestyle()[0], out["lines"].get_linestyle()[1]  # a miss is dashed as well
    assert solid[1] is None and dashed[1] is not None and out["lines"].get_linestyle()[2] == solid
    assert list(out["truth"].get_xdata()) == [1.0, 1.0]


def test_roc_pr_and_score_histograms_draw_the_given_curves():
    y = np.array([0, 0, 1, 1, 0, 1])
    s = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
    fpr, tpr, _ = S.roc_curve(y, s)
    prec, rec, _ = S.precision_recall_curve(y, s)
    _, axes = plt.subplots(1, 3)
    h = VS.plot_score_histograms(y, s, ax=axes[0], bins=5, threshold=0.5)
    assert sum(b.get_height() for b in h["negatives"]) == 3 and sum(b.get_height() for b in h["positives"]) == 3
    assert list(h["threshold"].get_xdata()) == [0.5, 0.5]
    roc = VS.plot_roc(fpr, tpr, ax=axes[1], auc=0.5)
    np.testing.assert_allclose(roc["curve"].get_xydata(), np.column_stack([fpr, tpr]))
    assert axes[1].get_title() == "ROC, AUC = 0.500" and len(roc["point"].get_xdata()) == 0
    pr = VS.plot_precision_recall(rec, prec, ax=axes[2], base_rate=0.5)
    np.testing.assert_allclose(pr["curve"].get_xydata(), np.column_stack([rec, prec]))
    assert pr["baseline"].get_ydata()[0] == 0.5


def test_bias_variance_and_polynomial_fit_plots():
    results = [S.BiasVariance(d, 1.0 / (d + 1), 0.01 * d, 0.09, 1.0, 0.5) for d in range(4)]
    out = VS.plot_bias_variance(results)
    np.testing.assert_allclose(out["bias2"].get_ydata(), [1.0, 0.5, 1 / 3, 0.25])
    np.testing.assert_allclose(out["variance"].get_xdata(), [0, 1, 2, 3])
    assert out["noise"].get_ydata()[0] == 0.09 and out["bias2"].axes.get_yscale() == "log"
    xs = np.linspace(0, 1, 5)
    fits = VS.plot_polynomial_fits(xs, np.sin(xs), [0.1, 0.2], [0.0, 1.0], 3)
    assert len(fits["fits"]) == 3 and all(len(f.get_xdata()) == 0 for f in fits["fits"])
    np.testing.assert_allclose(fits["points"].get_offsets(), [[0.1, 0.0], [0.2, 1.0]])


# ----------------------------------------------------------------------------------- attention
def test_plot_attention_mask_overlay_numbers_and_row():
    W = np.array([[1.0, 0.0, 0.0], [0.4, 0.6, 0.0], [0.2, 0.3, 0.5]])
    mask = np.tril(np.ones((3, 3), dtype=bool))
    out = VA.plot_attention(W, ["a", "b", "c"], mask=mask, row=1, colorbar=False)
    np.testing.assert_array_equal(out["image"].get_array(), W)
    assert [t.get_text() for t in out["texts"] if t.get_visible()] == ["1.00", "0.40", "0.60", "0.20", "0.30", "0.50"]
    np.testing.assert_allclose(sorted(map(tuple, out["crosses"].get_offsets())), [(1, 0), (2, 0), (2, 1)])
    assert out["masked"].get_array()[0, 2, 3] == 1.0 and out["masked"].get_array()[2, 0, 3] == 0.0
    assert out["row"].get_visible() and out["row"].get_y() == 0.5 and out["row"].get_width() == 3


def test_set_attention_takes_a_longer_sentence():
    out = VA.plot_attention(np.eye(2), ["x", "y"], annotate=False)
    W = np.full((4, 4), 0.25)
    VA.set_attention(out, W, ["w", "x", "y", "z"], fmt="{:.1f}")
    assert out["image"].get_extent() == [-0.5, 3.5, 3.5, -0.5]
    assert [t.get_text() for t in out["image"].axes.get_xticklabels()] == ["w", "x", "y", "z"]
    assert len(out["texts"]) == 16 and out["texts"][0].get_text() == "0.2"
    assert not out["row"].get_visible() and len(out["crosses"].get_offsets()) == 0


def test_plot_query_and_weight_bars():
    K = np.array([[1.0, 0.0], [0.0, 1.0]])
    q = VA.plot_query([1.0, 0.5], K, ["a", "b"], output=[0.6, 0.4])
    assert q["arrow"].xy == (1.0, 0.5) and [t.get_text() for t in q["labels"]] == ["a", "b"]
    np.testing.assert_allclose(q["handle"].get_offsets(), [[1.0, 0.5]])
    VA.set_query(q, [-1.0, 2.0], None)
    assert q["arrow"].xy == (-1.0, 2.0) and len(q["output"].get_xdata()) == 0
    bars = VA.plot_weights([0.7, 0.3], ["a", "b"], n_bars=4, fontsize=8)
    assert [b.get_height() for b in bars["bars"]][:2] == [0.7, 0.3]
    assert [b.get_visible() for b in bars["bars"]] == [True, True, False, False]
    VA.set_weights(bars, [0.1, 0.2, 0.3, 0.4], list("wxyz"), colors="k")
    assert all(b.get_visible() for b in bars["bars"]) and bars["bars"].patches[3].get_height() == 0.4
    assert to_hex(bars["bars"].patches[0].get_facecolor()) == "#000000"
    sums = VA.plot_weights([1.0, 1.0], ["a", "b"], horizontal=True)
    assert [b.get_width() for b in sums["bars"]] == [1.0, 1.0] and sums["bars"].patches[0].axes.get_xlim() == (0, 1.1)
    row = VA.plot_weight_row([0.25, 0.75], ["a", "b"])
    np.testing.assert_array_equal(row["image"].get_array(), [[0.25, 0.75]])


# --------------------------------------------------------------------- one plotting layer
RAW = {"plot", "scatter", "imshow", "bar", "barh", "fill", "fill_between", "fill_betweenx", "hist", "stairs", "axvline",
       "axhline", "axline", "annotate", "text", "add_patch", "add_collection", "add_artist", "quiver", "pcolormesh",
       "contour", "contourf", "step", "errorbar", "hlines", "vlines", "legend", "twinx"}


def _calls(path, names):
    tree = ast.parse(path.read_text())
    return [f"{path.name}:{n.lineno} .{n.func.attr}()" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in names]


@pytest.mark.parametrize("name", ["attention.py", "cluster.py", "stats.py"])
def test_explorers_draw_through_viz(name):
    path = WIDGETS / name
    raw = _calls(path, RAW)
    assert len(raw) <= 3, f"raw drawing calls belong in mlviz.viz: {raw}"   # was 16 / 19 / 31
    assert not _calls(path, {"clear", "cla", "clf"}), "explorers update their artists in place"
    tree = ast.parse(path.read_text())
    private = [f"{n.value.id}.{n.attr}" for n in ast.walk(tree) if isinstance(n, ast.Attribute)
               and isinstance(n.value, ast.Name) and n.value.id in {"CL", "S", "A", "sp"} and n.attr.startswith("_")]
    assert not private, f"explorers use public core functions only: {private}"
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
    assert "_special" not in imported
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert not defined & {"_slider", "_fslider"}, "every explorer uses mlviz.widgets._base.slider"


def test_the_counter_sees_raw_calls():
    """The rule above can fail: the same walk finds drawing calls in a plot module."""
    assert len(_calls(WIDGETS.parent / "viz" / "cluster.py", RAW)) >= 5
