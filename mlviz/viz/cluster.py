r"""Plots for notebook 05: clusters and centroids, nearest-centroid regions, the elbow and the silhouette.

Each function draws results that the caller computed with :mod:`mlviz.cluster` (labels, centroids,
fits, silhouette values) and returns its artists in a dict; the ``set_*`` functions update those
artists in place, which is how the explorers animate them. None of them runs a clustering step:
even the shaded regions are labels that the caller got from :func:`mlviz.cluster.assign` on the
points of :func:`region_grid`.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import ListedColormap, to_rgb

from ..course import OKABE_ITO, PALETTE
from ._axes import BACKDROP_ZORDER, MARKERS, get_ax, set_markers

__all__ = ["CLUSTER_COLORS", "CLUSTER_MARKERS", "cluster_colors", "cluster_markers", "set_cluster_style",
           "membership_colors", "region_grid", "plot_regions", "plot_clusters", "plot_elbow", "plot_silhouette",
           "set_silhouette"]

#: Okabe–Ito without black (black marks the centroids' edges and the reference lines).
CLUSTER_COLORS = [c for c in OKABE_ITO if c != PALETTE["black"]]
#: Cluster j's points also get marker ``CLUSTER_MARKERS[j]``, so clusters differ in shape as well as colour.
CLUSTER_MARKERS = list(MARKERS)
_GAP = 10  # empty rows between two clusters' silhouette bars


def cluster_colors(labels) -> list[str]:
    """One colour per label, from :data:`CLUSTER_COLORS` (cycling after 10 clusters)."""
    return [CLUSTER_COLORS[int(j) % len(CLUSTER_COLORS)] for j in np.asarray(labels).ravel()]


def cluster_markers(labels) -> list[str]:
    """One marker shape per label, from :data:`CLUSTER_MARKERS` (cycling after 10 clusters)."""
    return [CLUSTER_MARKERS[int(j) % len(CLUSTER_MARKERS)] for j in np.asarray(labels).ravel()]


def set_cluster_style(points, labels) -> None:
    """Colour and shape each point of ``points`` (a PathCollection) by its cluster label, in place."""
    points.set_color(cluster_colors(labels))
    set_markers(points, cluster_markers(labels))


def membership_colors(memberships) -> np.ndarray:
    """Each point's colour mixes its clusters' colours by membership; shared points fade towards grey.

    Parameters
    ----------
    memberships : array_like, shape (n_samples, n_clusters)
        Rows sum to 1 (e.g. :attr:`mlviz.cluster.FuzzyResult.memberships`).

    Returns
    -------
    ndarray, shape (n_samples, 3): RGB in [0, 1].
    """
    U = np.asarray(memberships, dtype=float)
    base = np.array([to_rgb(c) for c in cluster_colors(range(U.shape[1]))])  # (n_clusters, 3)
    top = U.max(axis=1, keepdims=True)  # (n_samples, 1)
    rgb = (U @ base) * top + (1 - top) * 0.9  # (n_samples, 3)
    return np.clip(rgb, 0, 1)


def region_grid(lo, hi, n: int = 200) -> tuple[np.ndarray, tuple]:
    """The points of an ``n × n`` grid over the box ``lo``–``hi``, to be labelled by the caller.

    Returns
    -------
    points : ndarray, shape (n * n, 2), row by row from the bottom left
    extent : (left, right, bottom, top) for :func:`plot_regions`

    Examples
    --------
    >>> G, extent = region_grid((0, 0), (1, 2), n=3)
    >>> G[:4].tolist(), extent
    ([[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [0.0, 1.0]], (0.0, 1.0, 0.0, 2.0))
    """
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    xs, ys = np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n)
    points = np.column_stack([a.ravel() for a in np.meshgrid(xs, ys)])  # (n * n, 2)
    return points, (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def plot_regions(grid_labels, extent, *, ax=None, alpha: float = 0.15):
    """Shade each cluster's region (say, where each centroid is nearest) in its light colour.

    Parameters
    ----------
    grid_labels : array_like of int, shape (n, n)
        The label of each point of :func:`region_grid`, e.g. ``mlviz.cluster.assign(points, C)``
        reshaped to ``(n, n)``.
    extent : (left, right, bottom, top)

    Returns
    -------
    dict with ``image`` (AxesImage; new labels go in with ``set_data``).
    """
    ax = get_ax(ax)
    cmap = ListedColormap([to_rgb(c) for c in CLUSTER_COLORS])
    image = ax.imshow(np.asarray(grid_labels), extent=extent, origin="lower", cmap=cmap, vmin=-0.5,
                      vmax=len(CLUSTER_COLORS) - 0.5, alpha=alpha, aspect="auto", zorder=BACKDROP_ZORDER, interpolation="nearest")
    return {"image": image}


def plot_clusters(X, labels=None, centroids=None, *, ax=None, color="0.6", size: float = 14,
                  centroid_size: float = 220, centroid_color=None, lim=None):
    """Points coloured and shaped by cluster, and the centroids as large crosses.

    Parameters
    ----------
    X : array_like, shape (n_samples, 2)
    labels : array_like of int, shape (n_samples,), optional
        Without labels every point gets ``color`` and a round marker; :func:`set_cluster_style` labels
        them later.
    centroids : array_like, shape (n_clusters, 2), optional
        Without centroids the cross artist is drawn empty, ready for ``set_offsets``.
    centroid_color : colour, optional
        One colour for every cross; by default cross j has cluster j's colour and a black edge.
    lim : (lo, hi), optional
        Axis limits: ``lo = (x_min, y_min)``, ``hi = (x_max, y_max)``.

    Returns
    -------
    dict with ``points`` and ``centroids`` (PathCollection each).
    """
    ax = get_ax(ax)
    X = np.asarray(X, dtype=float)
    points = ax.scatter(X[:, 0], X[:, 1], s=size, c=color, zorder=2)
    if labels is not None:
        set_cluster_style(points, labels)
    C = np.empty((0, 2)) if centroids is None else np.asarray(centroids, dtype=float)
    if centroid_color is None:
        style = dict(c=cluster_colors(range(len(C))) or None, edgecolors="k")
    else:
        style = dict(c=centroid_color)
    marks = ax.scatter(C[:, 0], C[:, 1], s=centroid_size, marker="X", zorder=4, **style)
    if lim is not None:
        ax.set_xlim(lim[0][0], lim[1][0])
        ax.set_ylim(lim[0][1], lim[1][1])
    return {"points": points, "centroids": marks}


def plot_elbow(ks, wcss, silhouette=None, *, ax=None, k=None):
    """WCSS against k (the elbow curve), the mean silhouette on a second axis, and a marker at ``k``.

    Parameters
    ----------
    ks : array_like of int
    wcss : array_like, one WCSS per k
    silhouette : dict k -> mean silhouette, optional (it needs k ≥ 2)

    Returns
    -------
    dict with ``wcss`` and ``silhouette`` (Line2D, the latter None without silhouettes), ``twin`` (the
    silhouette's Axes or None) and ``marker`` (the vertical line at k; move it with ``set_xdata``).
    """
    ax = get_ax(ax)
    ks = np.asarray(ks)
    (line,) = ax.plot(ks, np.asarray(wcss, dtype=float), "o-", ms=4, color=PALETTE["blue"], label="WCSS")
    ax.set_xlabel("k")
    ax.set_ylabel("WCSS")
    twin = sil = None
    if silhouette:
        twin = ax.twinx()
        sk = sorted(silhouette)
        (sil,) = twin.plot(sk, [silhouette[j] for j in sk], "s--", color=PALETTE["bluish_green"], ms=4)
        twin.set_ylabel("mean silhouette (squares, dashed)", color=PALETTE["bluish_green"])
        ax.set_ylabel("WCSS (dots, solid)")
    marker = ax.axvline(ks[0] if k is None else k, color="k", lw=1)
    return {"wcss": line, "silhouette": sil, "twin": twin, "marker": marker}


def plot_silhouette(samples, labels, *, ax=None, n_bars=None):
    """Each point's silhouette as a horizontal bar, sorted within its cluster, and the mean as a dashed line.

    Parameters
    ----------
    samples : array_like, shape (n_samples,) or None
        :func:`mlviz.cluster.silhouette_samples`. None (a single cluster: no silhouette) shows a note.
    labels : array_like of int, shape (n_samples,)
    n_bars : int, optional
        Unused; kept for callers that sized the bars in advance (the bars are one collection).

    Returns
    -------
    dict with ``bars`` (PolyCollection: one rectangle per point, drawn in one call, which keeps the
    redraw of a few hundred bars fast), ``mean`` (Line2D) and ``note`` (Text).
    """
    ax = get_ax(ax)
    bars = PolyCollection([], linewidths=0)
    ax.add_collection(bars)
    artists = {"bars": bars, "mean": ax.axvline(0, color="k", ls="--", lw=1),
               "note": ax.text(0.35, 0.5, "needs k ≥ 2", transform=ax.transAxes)}
    ax.set_xlim(-0.3, 1)
    ax.set_yticks([])
    ax.set_xlabel("silhouette of each point")
    set_silhouette(artists, samples, labels)
    return artists


def set_silhouette(artists: dict, samples, labels) -> None:
    """Redraw the bars of :func:`plot_silhouette` for new silhouette values and labels, in place."""
    bars = artists["bars"]
    show = samples is not None
    artists["note"].set_visible(not show)
    artists["mean"].set_visible(show)
    if not show:
        bars.set_verts([])
        return
    s, lab = np.asarray(samples, dtype=float), np.asarray(labels)
    order = np.lexsort((s, lab))  # by cluster, then by value
    # bar i of cluster j sits after all smaller clusters' bars and j gaps
    y = np.arange(len(s)) + _GAP * lab[order]  # (n,)
    v = s[order]
    corners = np.array([[0, -0.5], [1, -0.5], [1, 0.5], [0, 0.5]])  # (4, 2): a unit bar around its row
    verts = np.stack([corners[:, 0] * v[:, None], y[:, None] + corners[:, 1]], axis=-1)  # (n, 4, 2)
    bars.set_verts(verts)
    bars.set_facecolor(cluster_colors(lab[order]))
    artists["mean"].set_xdata([s.mean()] * 2)
    bars.axes.set_ylim(-_GAP / 2, y.max() + _GAP / 2)
