"""Notebook 05 explorers driven from code: sliders, mouse drags and the step buttons."""
import numpy as np
import pytest

from mlviz import cluster as CL
from mlviz.widgets import CentroidExplorer, FuzzyExplorer, InitializationExplorer, KExplorer

from test_widgets import drag

BLOBS = CL.make_blobs(240, [[-3, -3], [0, 3], [3, -1]], std=0.9, rng=0)[0]


def test_centroid_explorer_buttons_are_lloyd_half_steps_and_undo():
    start = [(-2.0, -2.0), (0.0, 2.0), (2.0, -1.0)]
    ex = CentroidExplorer(BLOBS, centroids=start)
    labels0 = CL.assign(BLOBS, np.array(start))
    np.testing.assert_array_equal(ex.numbers["labels"], labels0)
    w0 = ex.numbers["wcss"]
    ex.press("update")
    means = np.array([BLOBS[labels0 == j].mean(0) for j in range(3)])
    np.testing.assert_allclose(ex.numbers["centroids"], means, atol=1e-4)
    np.testing.assert_array_equal(ex.numbers["labels"], labels0)        # colours wait for Assign
    assert ex.numbers["wcss"] <= w0 and ex.numbers["last"] == "update"
    ex.press("assign")
    np.testing.assert_array_equal(ex.numbers["labels"], CL.assign(BLOBS, np.array(ex.numbers["centroids"])))
    ex.press("back")
    ex.press("back")
    np.testing.assert_allclose(ex.numbers["centroids"], start)
    assert ex.numbers["wcss"] == pytest.approx(w0) and ex.numbers["undo"] == 0
    ex.press("back")                                                   # nothing left to undo: no error
    with pytest.raises(ValueError, match="unknown button 'run'"):
        ex.press("run")


def test_centroid_explorer_drag_reassigns_and_changes_wcss():
    ex = CentroidExplorer(BLOBS, centroids=[(-2.0, -2.0), (0.0, 2.0), (2.0, -1.0)])
    w0, labels0 = ex.numbers["wcss"], ex.numbers["labels"].copy()
    drag(ex.fig, ex.ax, start=(2.0, -1.0), end=(-3.0, 3.0))
    assert (ex.value("c2_x"), ex.value("c2_y")) == (-3.0, 3.0)
    assert not np.array_equal(ex.numbers["labels"], labels0) and ex.numbers["wcss"] != w0
    np.testing.assert_allclose(ex.marks.get_offsets()[2], [-3.0, 3.0])
    ex.controls["c0_x"].value = -3.0                                    # a slider does the same
    np.testing.assert_array_equal(ex.numbers["labels"], CL.assign(BLOBS, ex.centroids()))
    assert f"{ex.numbers['wcss']:.3f}" in ex.readout.value


def test_centroid_explorer_regions_come_from_assign_and_an_empty_cluster_stays():
    far = [(-3.0, -3.0), (0.0, 3.0), (6.0, 6.0)]                          # nothing is nearest (6, 6)
    ex = CentroidExplorer(BLOBS, centroids=far, lim=((-7, -7), (7, 7)))
    assert ex.numbers["sizes"][2] == 0
    np.testing.assert_array_equal(ex.regions.get_array().ravel(), CL.assign(ex.grid, np.array(far)))
    ex.press("update")
    np.testing.assert_allclose(ex.numbers["centroids"][2], [6.0, 6.0])  # the empty cluster keeps its centroid
    assert np.isfinite(ex.numbers["wcss"])
    with pytest.raises(ValueError, match=r"X must be 2-D \(n_samples, n_features\); got shape \(4,\)"):
        CentroidExplorer(np.arange(4.0))


def test_initialization_explorer_reproduces_kmeans_from_that_start():
    ex = InitializationExplorer(BLOBS, k=3, method="forgy", seed=4)
    C0 = CL.init_centroids(BLOBS, 3, "forgy", rng=4)
    np.testing.assert_allclose(ex.c0.get_offsets(), C0)
    assert ex.numbers["final_wcss"] == pytest.approx(CL.kmeans(BLOBS, 3, init=C0).inertia)
    ex.set(method="k-means++", seed=1)
    assert ex.numbers["final_wcss"] >= ex.numbers["best_wcss"] * (1 - 1e-12)


def test_k_explorer_elbow_and_silhouette():
    ex = KExplorer(BLOBS, k=1, max_k=6)
    w = [ex.runs[k].inertia for k in range(1, 7)]
    assert all(a >= b for a, b in zip(w, w[1:]))                       # WCSS never rises with k
    assert ex.numbers["silhouette"] is None
    ex.set(k=3)
    assert ex.numbers["silhouette"] == pytest.approx(CL.silhouette_score(BLOBS, ex.runs[3].labels))
    assert ex.numbers["wcss"] + ex.numbers["bcss"] == pytest.approx(CL.tss(BLOBS))
    assert max(range(2, 7), key=lambda k: ex.sil[k].mean()) == 3        # the silhouette picks the 3 blobs


def test_k_explorer_takes_fits_from_the_notebook():
    runs = {k: CL.kmeans(BLOBS, k, n_init=2, rng=1) for k in range(1, 5)}
    ex = KExplorer(BLOBS, k=1, runs=runs)
    assert ex.runs is runs and ex.controls["k"].max == 4
    assert ex.silhouette["note"].get_visible() and ex.numbers["silhouette"] is None   # k = 1: no silhouette
    ex.set(k=4)
    assert ex.numbers["wcss"] == runs[4].inertia and not ex.silhouette["note"].get_visible()
    widths = sorted(np.ptp(p.vertices[:4, 0]) * np.sign(p.vertices[1, 0]) for p in ex.silhouette["bars"].get_paths())
    np.testing.assert_allclose(widths, np.sort(ex.sil[4]))              # one bar per point, as long as its silhouette
    np.testing.assert_allclose(ex.cents.get_offsets(), runs[4].centroids)
    with pytest.raises(ValueError, match=r"runs must be a dict with one k-means fit for each k = 1, 2, .*; got \[2, 3\]"):
        KExplorer(BLOBS, runs={2: runs[2], 3: runs[3]})


def test_fuzzy_explorer_m_softens_memberships():
    ex = FuzzyExplorer(BLOBS, k=3, m=1.5)
    hard = ex.numbers["mean_top_membership"]
    ex.set(m=4.0)
    assert ex.numbers["mean_top_membership"] < hard
    np.testing.assert_allclose(ex.numbers["memberships"].sum(axis=1), 1.0)
