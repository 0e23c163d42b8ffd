r"""Explorers for notebook 05: centroids by hand, initializations, choosing k, fuzzy memberships."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

from .. import cluster as CL
from ._base import Explorer, table as _table
from .draggable import DraggablePoints

__all__ = ["CentroidExplorer", "InitializationExplorer", "KExplorer", "FuzzyExplorer", "CLUSTER_COLORS"]

CLUSTER_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                  "#bcbd22", "#7f7f7f"]


def _colors(labels):
    return [CLUSTER_COLORS[int(j) % 10] for j in labels]


def _bounds(X, pad=1.0):
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    return lo, hi


def _voronoi(ax, C, lo, hi, n=200):
    """The nearest-centroid regions over the plot as a light image; returns the image artist and grid."""
    xs, ys = np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)
    G = np.column_stack([a.ravel() for a in np.meshgrid(xs, ys)])
    cmap = ListedColormap([to_rgb(c) for c in CLUSTER_COLORS])
    img = ax.imshow(np.zeros((n, n)), extent=(lo[0], hi[0], lo[1], hi[1]), origin="lower", cmap=cmap,
                    vmin=-0.5, vmax=9.5, alpha=0.15, aspect="auto", zorder=0, interpolation="nearest")
    return img, G


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

    def __init__(self, X, centroids=((-2.0, -2.0), (0.0, 2.0), (2.0, -1.0)), *, lim=None):
        super().__init__()
        self.X = CL._check_X(X)
        C = np.asarray(centroids, dtype=float)
        self.k = len(C)
        self.lo, self.hi = _bounds(self.X) if lim is None else (np.array(lim[0], float), np.array(lim[1], float))
        for j, (x, y) in enumerate(C):
            for axis, v, lo, hi in (("x", x, self.lo[0], self.hi[0]), ("y", y, self.lo[1], self.hi[1])):
                self._add(f"c{j}_{axis}", widgets.FloatSlider(value=round(float(v), 1), min=round(float(lo), 1),
                                                              max=round(float(hi), 1), step=0.1,
                                                              description=f"c{j} {axis}", continuous_update=True,
                                                              layout=widgets.Layout(width="220px")))
        self._button("assign", "Assign", self.assign_step)
        self._button("update", "Update", self.update_step)
        self._button("back", "Step back", self.step_back)
        self.labels = CL.assign(self.X, C)
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
        new = C.copy()
        for j in range(self.k):
            pts = self.X[self.labels == j]
            if len(pts):  # an empty cluster keeps its centroid
                new[j] = pts.mean(axis=0)
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
        self.regions, self.grid = _voronoi(ax, self.centroids(), self.lo, self.hi)
        self.points = ax.scatter(*self.X.T, s=14, c=_colors(self.labels), zorder=2)
        C = self.centroids()
        self.marks = ax.scatter(*C.T, s=220, marker="X", c=_colors(range(self.k)), edgecolors="k", zorder=4)
        ax.set_xlim(self.lo[0], self.hi[0])
        ax.set_ylim(self.lo[1], self.hi[1])
        self.drag = DraggablePoints(ax, self.centroids, self._on_drag, tolerance=14)

    def _on_drag(self, index: int, x: float, y: float) -> None:
        self.set(**{f"c{index}_x": round(x, 1), f"c{index}_y": round(y, 1)}, draw="idle")

    def _refresh(self) -> str:
        C = self.centroids()
        if self._expected is None or not np.allclose(C, self._expected):
            self.labels = CL.assign(self.X, C)  # moved by hand: the assignment follows
            self.last = "assign"
            self._expected = None
        grid_lab = CL.assign(self.grid, C)
        n = int(np.sqrt(len(self.grid)))
        self.regions.set_data(grid_lab.reshape(n, n))
        self.points.set_color(_colors(self.labels))
        self.marks.set_offsets(C)
        w = CL.wcss(self.X, self.labels, C) if self.labels.max() < self.k else float("nan")
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
        self.X = CL._check_X(X)
        self.kk = k
        self.best = CL.kmeans(self.X, k, n_init=20, rng=123).inertia
        self._add("method", widgets.Dropdown(options=list(CL.INITS), value=method, description="init"))
        self._add("seed", widgets.IntSlider(value=seed, min=0, max=30, description="seed"))
        self._start()

    def _draw(self) -> None:
        self.ax0 = self.fig.add_axes((0.05, 0.1, 0.42, 0.8))
        self.ax1 = self.fig.add_axes((0.55, 0.1, 0.42, 0.8))
        lo, hi = _bounds(self.X)
        for ax, title in ((self.ax0, "start"), (self.ax1, "after Lloyd")):
            ax.set_xlim(lo[0], hi[0])
            ax.set_ylim(lo[1], hi[1])
            ax.set_title(title, fontsize=10)
        self.p0 = self.ax0.scatter(*self.X.T, s=10, c="0.6")
        self.c0 = self.ax0.scatter([], [], s=200, marker="X", edgecolors="k", zorder=3)
        self.p1 = self.ax1.scatter(*self.X.T, s=10)
        self.c1 = self.ax1.scatter([], [], s=200, marker="X", edgecolors="k", zorder=3)

    def _refresh(self) -> str:
        C0 = CL.init_centroids(self.X, self.kk, self.value("method"), rng=self.value("seed"))
        res = CL.kmeans(self.X, self.kk, init=C0)
        self.c0.set_offsets(C0)
        self.c0.set_color(_colors(range(self.kk)))
        self.c0.set_edgecolor("k")
        self.c1.set_offsets(res.centroids)
        self.c1.set_color(_colors(range(self.kk)))
        self.c1.set_edgecolor("k")
        self.p1.set_color(_colors(res.labels))
        w0 = CL.wcss(self.X, CL.assign(self.X, C0), C0)
        self.numbers = {"start_wcss": w0, "final_wcss": res.inertia, "n_iter": res.n_iter, "best_wcss": self.best}
        gap = res.inertia / self.best - 1
        return _table([("WCSS at the start", f"{w0:.1f}"),
                       ("WCSS at the end", f"<b>{res.inertia:.1f}</b> after {res.n_iter} iterations"),
                       ("best of 20 k-means++ runs", f"{self.best:.1f} ({'the same' if gap < 1e-9 else f'{gap:+.1%}'})")])


class KExplorer(Explorer):
    """Choose k: the clustering, the elbow curve of WCSS and the silhouette of every point, for k = 1..max_k."""

    figsize = (9.6, 3.6)
    readout_below = True

    def __init__(self, X, k: int = 3, *, max_k: int = 8, seed: int = 0):
        super().__init__()
        self.X = CL._check_X(X)
        self.runs = {kk: CL.kmeans(self.X, kk, n_init=5, rng=seed) for kk in range(1, max_k + 1)}
        self.sil = {kk: CL.silhouette_samples(self.X, r.labels) for kk, r in self.runs.items() if kk >= 2}
        self.max_k = max_k
        self._add("k", widgets.IntSlider(value=k, min=1, max=max_k, description="k"))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.04, 0.14, 0.28, 0.78))
        self.ax_elbow = self.fig.add_axes((0.4, 0.14, 0.26, 0.78))
        self.ax_sil = self.fig.add_axes((0.74, 0.14, 0.24, 0.78))
        self.points = self.ax.scatter(*self.X.T, s=8)
        self.cents = self.ax.scatter([], [], s=120, marker="X", c="k")
        ks = np.arange(1, self.max_k + 1)
        self.ax_elbow.plot(ks, [self.runs[kk].inertia for kk in ks], "o-", ms=4, label="WCSS")
        self.ax_elbow.set_xlabel("k")
        self.ax_elbow.set_ylabel("WCSS")
        ax2 = self.ax_elbow.twinx()
        ax2.plot(ks[1:], [self.sil[kk].mean() for kk in ks[1:]], "s--", color="#2ca02c", ms=4)
        ax2.set_ylabel("mean silhouette", color="#2ca02c")
        self.vline = self.ax_elbow.axvline(1, color="k", lw=1)
        self.ax_sil.set_xlabel("silhouette")
        self.ax_sil.set_xlim(-0.3, 1)

    def _refresh(self) -> str:
        k = self.value("k")
        r = self.runs[k]
        self.points.set_color(_colors(r.labels))
        self.cents.set_offsets(r.centroids)
        self.vline.set_xdata([k, k])
        self.ax_sil.clear()
        self.ax_sil.set_xlim(-0.3, 1)
        self.ax_sil.set_yticks([])
        self.ax_sil.set_xlabel("silhouette of each point")
        b = CL.bcss(self.X, r.labels)
        if k >= 2:
            s = self.sil[k]
            y = 0
            for j in range(k):
                vals = np.sort(s[r.labels == j])
                self.ax_sil.barh(np.arange(y, y + len(vals)), vals, height=1.0, color=CLUSTER_COLORS[j % 10], lw=0)
                y += len(vals) + 10
            self.ax_sil.axvline(s.mean(), color="k", ls="--", lw=1)
            mean = float(s.mean())
        else:
            mean = None
            self.ax_sil.text(0.35, 0.5, "needs k ≥ 2", transform=self.ax_sil.transAxes)
        self.numbers = {"k": k, "wcss": r.inertia, "bcss": b, "silhouette": mean}
        return _table([("WCSS", f"{r.inertia:.1f}"), ("BCSS", f"{b:.1f}  (WCSS + BCSS = TSS = {r.inertia + b:.1f})"),
                       ("mean silhouette", "—" if mean is None else f"<b>{mean:.3f}</b>")])


class FuzzyExplorer(Explorer):
    """Fuzzy c-means: the fuzzifier m sets how soft the memberships are. Each point's colour mixes its
    clusters' colours by membership; pale points are shared between clusters."""

    figsize = (5.2, 4.6)

    def __init__(self, X, k: int = 3, m: float = 2.0, seed: int = 0):
        super().__init__()
        self.X = CL._check_X(X)
        self.kk = k
        self.seed = seed
        self._add("m", widgets.FloatSlider(value=m, min=1.1, max=5.0, step=0.1, description="m (fuzzifier)",
                                           continuous_update=False))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.1, 0.08, 0.86, 0.86))
        self.points = self.ax.scatter(*self.X.T, s=16)
        self.cents = self.ax.scatter(*np.zeros((self.kk, 2)).T, s=200, marker="X", c=_colors(range(self.kk)),
                                     edgecolors="k")

    def _refresh(self) -> str:
        f = CL.fuzzy_cmeans(self.X, self.kk, m=self.value("m"), rng=self.seed)
        base = np.array([to_rgb(c) for c in CLUSTER_COLORS[: self.kk]])
        top = f.memberships.max(axis=1)
        rgb = f.memberships @ base
        rgb = rgb * top[:, None] + (1 - top[:, None]) * 0.9   # shared points fade towards grey
        self.points.set_color(np.clip(rgb, 0, 1))
        self.cents.set_offsets(f.centroids)
        shared = float(np.mean(top < 0.6))
        self.numbers = {"m": self.value("m"), "mean_top_membership": float(top.mean()), "shared": shared,
                        "memberships": f.memberships}
        return _table([("mean of each point's largest membership", f"<b>{top.mean():.3f}</b> (1 = hard clusters, "
                                                                    f"1/{self.kk} = {1 / self.kk:.2f} = no clusters)"),
                       ("points with no membership above 0.6", f"{shared:.0%}"),
                       ("iterations", str(f.n_iter))])
