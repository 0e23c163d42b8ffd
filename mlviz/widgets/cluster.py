r"""Explorers for notebook 05: centroids by hand, initializations, choosing k, fuzzy memberships.

The drawing is :mod:`mlviz.viz.cluster`'s; every number comes from :mod:`mlviz.cluster`.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import cluster as CL
from ..viz.cluster import (CLUSTER_COLORS, cluster_colors, cluster_markers, membership_colors, plot_clusters,
                           plot_elbow, plot_regions, plot_silhouette, region_grid, set_cluster_style, set_silhouette)
from ..viz._axes import set_markers
from ._base import Explorer, slider, table as _table
from .draggable import DraggablePoints

__all__ = ["CentroidExplorer", "InitializationExplorer", "KExplorer", "FuzzyExplorer", "CLUSTER_COLORS"]


def _bounds(X, pad=1.0):
    return X.min(axis=0) - pad, X.max(axis=0) + pad


class CentroidExplorer(Explorer):
    """Lloyd's algorithm by hand: drag the centroids (or use their sliders), then press **Assign** and
    **Update** to run one half-step each; **Step back** undoes. Shaded regions: where each centroid is nearest.

    Dragging re-assigns the points at once. After **Update** the colours keep the old assignment (the
    centroids moved, the points have not been re-assigned yet) until **Assign** is pressed.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [4.0, 0.0], [4.0, 1.0]])
    >>> ex = CentroidExplorer(X, centroids=[(1.0, 0.0), (3.0, 0.0)])
    >>> ex.press("update"); [round(v, 2) for v in ex.numbers["centroids"][0]], ex.numbers["wcss"]
    ([0.0, 0.5], 1.0)
    """

    figsize = (5.2, 4.8)
    grid_size = 200

    def __init__(self, X, centroids=((-2.0, -2.0), (0.0, 2.0), (2.0, -1.0)), *, lim=None):
        super().__init__()
        self.X = np.asarray(X, dtype=float)
        C = np.asarray(centroids, dtype=float)
        self.labels = CL.assign(self.X, C)  # checks X and the centroids
        self.k = len(C)
        self.lo, self.hi = _bounds(self.X) if lim is None else (np.array(lim[0], float), np.array(lim[1], float))
        for j, (x, y) in enumerate(C):
            for axis, v, lo, hi in (("x", x, self.lo[0], self.hi[0]), ("y", y, self.lo[1], self.hi[1])):
                self._add(f"c{j}_{axis}", slider(f"c{j} {axis}", round(float(v), 1), round(float(lo), 1),
                                                 round(float(hi), 1), 0.1, width="220px"))
        self._button("assign", "Assign", self.assign_step)
        self._button("update", "Update", self.update_step)
        self._button("back", "Step back", self.step_back)
        self.stack: list = []
        self._expected = C.copy()  # centroids as a button left them; anything else was moved by hand
        self.last = "assign"
        self._start()

    def centroids(self) -> np.ndarray:
        return np.array([[self.value(f"c{j}_x"), self.value(f"c{j}_y")] for j in range(self.k)])

    def _set_centroids(self, C) -> None:
        """Move the centroids from a button: the points keep their colours until Assign."""
        values = {f"c{j}_{a}": round(float(np.clip(C[j, i], self.controls[f"c{j}_{a}"].min,
                                                   self.controls[f"c{j}_{a}"].max)), 4)
                  for j in range(self.k) for i, a in enumerate("xy")}
        self._expected = np.array([[values[f"c{j}_x"], values[f"c{j}_y"]] for j in range(self.k)])
        self.set(draw="now", **values)

    # -- the buttons ---------------------------------------------------------------------------
    def assign_step(self) -> None:
        self.stack.append((self.centroids(), self.labels.copy(), self.last))
        self.labels = CL.assign(self.X, self.centroids())
        self.last = "assign"

    def update_step(self) -> None:
        C = self.centroids()
        self.stack.append((C, self.labels.copy(), self.last))
        empty = np.bincount(self.labels, minlength=self.k) == 0  # (k,)
        new = np.where(empty[:, None], C, CL.update_centroids(self.X, self.labels, self.k))  # an empty cluster stays
        self.last = "update"
        self._set_centroids(new)

    def step_back(self) -> None:
        if not self.stack:
            return
        C, labels, last = self.stack.pop()
        self.labels, self.last = labels, last
        self._set_centroids(C)

    # -- drawing -------------------------------------------------------------------------------
    def _draw(self) -> None:
        ax = self.ax = self.fig.add_axes((0.1, 0.08, 0.86, 0.86))
        C = self.centroids()
        self.grid, extent = region_grid(self.lo, self.hi, self.grid_size)
        self.regions = plot_regions(self._grid_labels(C), extent, ax=ax)["image"]
        drawn = plot_clusters(self.X, self.labels, C, ax=ax, lim=(self.lo, self.hi))
        self.points, self.marks = drawn["points"], drawn["centroids"]
        self.drag = DraggablePoints(ax, self.centroids, self._on_drag, tolerance=14)

    def _grid_labels(self, C) -> np.ndarray:
        return CL.assign(self.grid, C).reshape(self.grid_size, self.grid_size)

    def _on_drag(self, index: int, x: float, y: float) -> None:
        self.set(**{f"c{index}_x": round(x, 1), f"c{index}_y": round(y, 1)}, draw="idle")

    def _refresh(self) -> str:
        C = self.centroids()
        if self._expected is None or not np.allclose(C, self._expected):
            self.labels = CL.assign(self.X, C)  # moved by hand: the assignment follows
            self.last = "assign"
            self._expected = None
        self.regions.set_data(self._grid_labels(C))
        set_cluster_style(self.points, self.labels)
        self.marks.set_offsets(C)
        w = CL.wcss(self.X, self.labels, C)
        sizes = np.bincount(self.labels, minlength=self.k)
        self.numbers = {"centroids": C.tolist(), "labels": self.labels.copy(), "wcss": round(w, 10),
                        "sizes": sizes.tolist(), "last": self.last, "undo": len(self.stack)}
        stale = self.last == "update" and not np.array_equal(self.labels, CL.assign(self.X, C))
        rows = [("WCSS", f"<b>{w:.3f}</b> (Σ squared distance of each point to its own centroid)"),
                ("cluster sizes", ", ".join(map(str, sizes))),
                ("last step", self.last + (" (press Assign: some points are nearer another centroid now)" if stale else "")),
                ("undo steps", str(len(self.stack)))]
        return _table(rows)


class InitializationExplorer(Explorer):
    """Pick an initialization and a seed: the starting centroids (left) and where Lloyd ends (right)."""

    figsize = (9.0, 4.0)
    readout_below = True

    def __init__(self, X, k: int = 4, method: str = "random", seed: int = 0):
        super().__init__()
        self.X = np.asarray(X, dtype=float)
        self.kk = k
        self.best = CL.kmeans(self.X, k, n_init=20, rng=123).inertia  # checks X and k
        self._add("method", widgets.Dropdown(options=list(CL.INITS), value=method, description="init"))
        self._add("seed", slider("seed", seed, 0, 30, 1, integer=True))
        self._start()

    def _draw(self) -> None:
        self.ax0 = self.fig.add_axes((0.05, 0.1, 0.42, 0.8))
        self.ax1 = self.fig.add_axes((0.55, 0.1, 0.42, 0.8))
        lim = _bounds(self.X)
        start = plot_clusters(self.X, ax=self.ax0, size=10, centroid_size=200, lim=lim)
        end = plot_clusters(self.X, ax=self.ax1, size=10, centroid_size=200, lim=lim)
        self.ax0.set_title("start", fontsize=10)
        self.ax1.set_title("after Lloyd", fontsize=10)
        self.p0, self.c0, self.p1, self.c1 = start["points"], start["centroids"], end["points"], end["centroids"]

    def _refresh(self) -> str:
        C0 = CL.init_centroids(self.X, self.kk, self.value("method"), rng=self.value("seed"))
        res = CL.kmeans(self.X, self.kk, init=C0)
        for marks, C in ((self.c0, C0), (self.c1, res.centroids)):
            marks.set_offsets(C)
            marks.set_facecolor(cluster_colors(range(self.kk)))
        set_cluster_style(self.p1, res.labels)
        w0 = CL.wcss(self.X, CL.assign(self.X, C0), C0)
        self.numbers = {"start_wcss": w0, "final_wcss": res.inertia, "n_iter": res.n_iter, "best_wcss": self.best}
        gap = res.inertia / self.best - 1
        return _table([("WCSS at the start", f"{w0:.1f}"),
                       ("WCSS at the end", f"<b>{res.inertia:.1f}</b> after {res.n_iter} iterations"),
                       ("best of 20 k-means++ runs", f"{self.best:.1f} ({'the same' if gap < 1e-9 else f'{gap:+.1%}'})")])


class KExplorer(Explorer):
    """Choose k: the clustering, the elbow curve of WCSS and the silhouette of every point, for k = 1..max_k.

    ``runs`` (a dict k -> :class:`mlviz.cluster.KMeansResult` for k = 1..max_k) passes in fits made in
    the notebook; without it the explorer runs ``kmeans(X, k, n_init=5, rng=seed)`` for each k itself.
    """

    figsize = (9.6, 3.6)
    readout_below = True

    def __init__(self, X, k: int = 3, *, max_k: int = 8, seed: int = 0, runs=None):
        super().__init__()
        self.X = np.asarray(X, dtype=float)
        if runs is None:
            runs = {kk: CL.kmeans(self.X, kk, n_init=5, rng=seed) for kk in range(1, max_k + 1)}
        elif not isinstance(runs, dict) or sorted(runs) != list(range(1, len(runs) + 1)):
            got = sorted(runs) if isinstance(runs, dict) else type(runs).__name__
            raise ValueError(f"runs must be a dict with one k-means fit for each k = 1, 2, ..., max_k; got {got}")
        self.runs = runs
        self.max_k = max(runs)
        self.sil = {kk: CL.silhouette_samples(self.X, r.labels) for kk, r in runs.items() if kk >= 2}
        self._add("k", slider("k", k, 1, self.max_k, 1, integer=True))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.04, 0.14, 0.28, 0.78))
        self.ax_elbow = self.fig.add_axes((0.4, 0.14, 0.26, 0.78))
        self.ax_sil = self.fig.add_axes((0.74, 0.14, 0.24, 0.78))
        drawn = plot_clusters(self.X, ax=self.ax, size=8, centroid_size=120, centroid_color="k")
        self.points, self.cents = drawn["points"], drawn["centroids"]
        ks = range(1, self.max_k + 1)
        self.elbow = plot_elbow(ks, [self.runs[kk].inertia for kk in ks], {kk: s.mean() for kk, s in self.sil.items()},
                                ax=self.ax_elbow)
        self.vline = self.elbow["marker"]
        self.silhouette = plot_silhouette(None, self.runs[1].labels, ax=self.ax_sil)

    def _refresh(self) -> str:
        k = self.value("k")
        r = self.runs[k]
        set_cluster_style(self.points, r.labels)
        self.cents.set_offsets(r.centroids)
        self.vline.set_xdata([k, k])
        s = self.sil.get(k)
        set_silhouette(self.silhouette, s, r.labels)
        b = CL.bcss(self.X, r.labels)
        mean = None if s is None else float(s.mean())
        self.numbers = {"k": k, "wcss": r.inertia, "bcss": b, "silhouette": mean}
        return _table([("WCSS", f"{r.inertia:.1f}"), ("BCSS", f"{b:.1f}  (WCSS + BCSS = TSS = {r.inertia + b:.1f})"),
                       ("mean silhouette", "—" if mean is None else f"<b>{mean:.3f}</b>")])


class FuzzyExplorer(Explorer):
    """Fuzzy c-means: the fuzzifier m sets how soft the memberships are. Each point's colour mixes its
    clusters' colours by membership; pale points are shared between clusters."""

    figsize = (5.2, 4.6)

    def __init__(self, X, k: int = 3, m: float = 2.0, seed: int = 0):
        super().__init__()
        self.X = np.asarray(X, dtype=float)
        self.kk = k
        self.seed = seed
        control = self._add("m", slider("m (fuzzifier)", m, 1.1, 5.0, 0.1))
        control.continuous_update = False  # a fit per value: update on release
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.1, 0.08, 0.86, 0.86))
        drawn = plot_clusters(self.X, ax=self.ax, size=16, centroid_size=200,
                              centroids=np.zeros((self.kk, 2)))
        self.points, self.cents = drawn["points"], drawn["centroids"]

    def _refresh(self) -> str:
        f = CL.fuzzy_cmeans(self.X, self.kk, m=self.value("m"), rng=self.seed)
        top = f.memberships.max(axis=1)
        self.points.set_color(membership_colors(f.memberships))
        set_markers(self.points, cluster_markers(f.memberships.argmax(axis=1)))  # shape: the strongest cluster
        self.cents.set_offsets(f.centroids)
        shared = float(np.mean(top < 0.6))
        self.numbers = {"m": self.value("m"), "mean_top_membership": float(top.mean()), "shared": shared,
                        "memberships": f.memberships}
        return _table([("mean of each point's largest membership", f"<b>{top.mean():.3f}</b> (1 = hard clusters, "
                                                                    f"1/{self.kk} = {1 / self.kk:.2f} = no clusters)"),
                       ("points with no membership above 0.6", f"{shared:.0%}"),
                       ("iterations", str(f.n_iter))])
