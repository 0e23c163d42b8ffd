r"""k-means and its relatives, with the metrics that judge a clustering (NumPy only).

Conventions: ``X`` is ``(n_samples, n_features)``, centroids are ``(k, n_features)``, labels are ints.
Distances to centroids are computed in row chunks with the dot-product identity
``‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖²``, so memory stays bounded and speed comes from BLAS.

**Empty clusters.** If an update step leaves a cluster with no points, its centroid is moved to the
point that is currently worst served (the largest distance to its own centroid), which is taken from
its cluster. That always lowers the WCSS, never creates NaN, and is what scikit-learn does too.
"""
from __future__ import annotations

import functools
import math
import numbers
from collections import deque
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._parallel import n_workers, parallel_map, split
from ._validation import (_as_float_array, _describe, _received, as_matrix, as_rng, check_choice, check_positive_int,
                          scale_exponent, squarable)

__all__ = [
    "INITS", "METRICS", "init_centroids", "kmeans_plusplus", "assign", "update_centroids", "KMeansResult", "kmeans",
    "online_kmeans", "minibatch_kmeans", "fuzzy_cmeans", "FuzzyResult", "kmedoids", "kmedians",
    "wcss", "bcss", "tss", "silhouette_samples", "silhouette_score", "davies_bouldin", "elbow",
    "make_blobs", "make_rings", "make_customers",
]

INITS = ("random", "forgy", "random_partition", "k-means++")
METRICS = ("euclidean", "manhattan")
_CHUNK_BYTES = 8 * 2**20


# -- validation ------------------------------------------------------------------------------
def _check_X(X) -> NDArray:
    return as_matrix(X, "X")


def _check_k(k, n: int) -> int:
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"k must be an int (the number of clusters); got {_received(k)}")
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of samples ({n}); got {k}")
    return int(k)


def _check_weights(w, n: int) -> NDArray | None:
    if w is None:
        return None
    w = np.asarray(w, dtype=float)
    if w.shape != (n,):
        raise ValueError(f"sample_weight must have one weight per sample, shape ({n},); got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError("sample_weight must contain only finite numbers")
    if np.any(w < 0):
        raise ValueError(f"sample_weight must be ≥ 0; got {w[w < 0][0]} at index {int(np.argmax(w < 0))}")
    if not np.any(w > 0):
        raise ValueError("sample_weight must not be all zero: no point would count")
    return w


def _rows_per_chunk(k: int, itemsize: int = 8) -> int:
    return max(256, _CHUNK_BYTES // (max(k, 1) * itemsize))


# -- distances and the two Lloyd half-steps ----------------------------------------------------
def _sq_dist_chunk(Xc, C, c_sq) -> NDArray:
    D = Xc @ C.T
    D *= -2.0
    D += c_sq
    D += np.einsum("ij,ij->i", Xc, Xc)[:, None]
    np.maximum(D, 0.0, out=D)
    return D


def _assign(X, C, metric="euclidean") -> tuple[NDArray, NDArray]:
    """Labels and each point's (squared, for euclidean) distance to its nearest centroid, in chunks."""
    n, k = X.shape[0], C.shape[0]
    labels = np.empty(n, dtype=np.intp)
    dist = np.empty(n)
    rows = _rows_per_chunk(k * (X.shape[1] if metric == "manhattan" else 1))
    c_sq = np.einsum("ij,ij->i", C, C)
    for a in range(0, n, rows):
        Xc = X[a:a + rows]
        if metric == "euclidean":
            D = _sq_dist_chunk(Xc, C, c_sq)
        else:
            D = np.abs(Xc[:, None, :] - C[None, :, :]).sum(axis=2)
        lab = np.argmin(D, axis=1)
        labels[a:a + rows] = lab
        dist[a:a + rows] = D[np.arange(len(lab)), lab]
    return labels, dist


def assign(X: ArrayLike, centroids: ArrayLike, metric: str = "euclidean") -> NDArray:
    """The assignment step: the index of each point's nearest centroid (ties go to the lowest index)."""
    X = _check_X(X)
    C = as_matrix(centroids, "centroids")
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} features like X; got shape {C.shape}")
    check_choice(metric, "metric", METRICS)
    e = scale_exponent(X, C)  # entries too large or small to square: the same labels from X·2^e and C·2^e
    return _assign(np.ldexp(X, e), np.ldexp(C, e), metric)[0] if e else _assign(X, C, metric)[0]


def _sums(X, labels, k, w=None) -> tuple[NDArray, NDArray]:
    """Per-cluster (weighted) sums of the points and counts, via bincount on each feature."""
    counts = np.bincount(labels, weights=w, minlength=k).astype(float)
    Xw = X if w is None else X * w[:, None]
    sums = np.stack([np.bincount(labels, weights=Xw[:, j], minlength=k) for j in range(X.shape[1])], axis=1)
    return sums, counts


def update_centroids(X: ArrayLike, labels: ArrayLike, k: int, sample_weight=None) -> NDArray:
    """The update step: each centroid becomes the (weighted) mean of its points. Empty clusters give NaN rows
    here, on purpose, so the caller decides; :func:`kmeans` re-seeds them (see the module docstring)."""
    X = _check_X(X)
    labels = np.asarray(labels)
    w = _check_weights(sample_weight, X.shape[0])
    sums, counts = _sums(X, labels, k, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts[:, None]


def _fix_empty(X, C, labels, dist, counts, rng_unused=None) -> int:
    """Move each empty cluster's centroid onto the worst-served point; returns how many were empty."""
    empty = np.flatnonzero(counts == 0)
    if empty.size == 0:
        return 0
    far = np.argsort(-dist, kind="stable")
    for j, i in zip(empty, far[: empty.size]):
        C[j] = X[i]
        labels[i] = j
        dist[i] = 0.0
    return int(empty.size)


# -- initialization ------------------------------------------------------------------------------
def kmeans_plusplus(X: ArrayLike, k: int, *, n_trials: int | None = None, sample_weight=None, rng=None) -> NDArray:
    r"""Greedy k-means++ seeding (Arthur & Vassilvitskii, 2007; greedy as in scikit-learn).

    The first centroid is a random point; each next one is drawn with probability proportional to
    the squared distance to the nearest centroid so far (:math:`D^2` sampling). "Greedy": ``n_trials``
    candidates (default ``2 + ⌊ln k⌋``) are drawn each time and the one that lowers the total most is kept.
    """
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    w = _check_weights(sample_weight, n)
    g = as_rng(rng)
    trials = 2 + int(math.log(k)) if n_trials is None else check_positive_int(n_trials, "n_trials")
    p0 = None if w is None else w / w.sum()
    centers = np.empty((k, X.shape[1]))
    first = g.choice(n, p=p0)
    centers[0] = X[first]
    x_sq = np.einsum("ij,ij->i", X, X)
    closest = _sq_to_point(X, x_sq, X[first])
    for c in range(1, k):
        pot = closest if w is None else closest * w
        total = pot.sum()
        if total <= 0:  # every point already sits on a centroid (duplicates): pick any
            cand = g.integers(0, n, size=trials)
        else:
            cand = np.searchsorted(np.cumsum(pot), g.random(trials) * total)
            cand = np.minimum(cand, n - 1)
        # squared distances of all points to each candidate: one product, then in-place updates
        G = X[cand] @ X.T
        G *= -2.0
        G += x_sq
        G += x_sq[cand][:, None]
        np.maximum(G, 0.0, out=G)
        np.minimum(G, closest, out=G)          # each point's distance to its nearest centre, per candidate
        scores = G.sum(axis=1) if w is None else G @ w
        best = int(np.argmin(scores))
        centers[c] = X[cand[best]]
        closest = G[best]
    return centers


def _sq_to_point(X, x_sq, p) -> NDArray:
    return np.maximum(x_sq - 2.0 * (X @ p) + p @ p, 0.0)


def init_centroids(X: ArrayLike, k: int, method: str = "k-means++", *, rng=None, sample_weight=None) -> NDArray:
    """Starting centroids.

    - ``"random"``: uniform in the data's bounding box (may land where there is no data).
    - ``"forgy"``: k distinct data points chosen at random.
    - ``"random_partition"``: every point gets a random cluster; the centroids are the means (they start
      bunched near the overall mean).
    - ``"k-means++"``: greedy D² sampling, see :func:`kmeans_plusplus`.
    """
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    check_choice(method, "init", INITS)
    g = as_rng(rng)
    if method == "random":
        lo, hi = X.min(axis=0), X.max(axis=0)
        return lo + g.random((k, X.shape[1])) * (hi - lo)
    if method == "forgy":
        return X[g.choice(n, size=k, replace=False)].copy()
    if method == "random_partition":
        labels = g.permutation(np.arange(n) % k)  # every cluster gets at least one point
        return update_centroids(X, labels, k, sample_weight)
    return kmeans_plusplus(X, k, sample_weight=sample_weight, rng=g)


# -- Lloyd's algorithm ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KMeansResult:
    """Outcome of :func:`kmeans`. ``history`` is a list of ``("assign", labels)`` and ``("update", centroids)``
    steps from the start (empty unless recorded), so every half-step can be replayed."""

    centroids: NDArray
    labels: NDArray
    inertia: float
    n_iter: int
    converged: bool
    n_empty_fixed: int = 0
    history: list = field(default_factory=list, repr=False)
    inertia_trace: list = field(default_factory=list, repr=False)  # WCSS after each assignment (when recorded)


_LLOYD_ROWS = 4096  # rows per chunk: its (rows × k) distances stay in a core's cache
_MOVE_BYTES = 8 * 2**20  # rows whose changed points are moved between sums in one go: at most this much memory
_FULL_SUMS_EVERY = 10  # running sums are recomputed from scratch this often, so rounding never builds up


class _Nearest:
    """The nearest centroid of each point of a chunk, in buffers one thread keeps across its chunks.

    The scores ``‖c‖² − 2 c·x`` (‖x‖² is the same for every centroid of a point) come out of one product
    as a (k × chunk) block, a point per column. ``argmin`` along the k scores of a point costs a
    branch per score that the processor mispredicts on real data: measured, 4096 × 32 scores took 148 µs
    fresh against 37 µs when the same block was timed again (the branch predictor had learnt it). Here the
    minimum over the rows of the block, the scores equal to it, and the first of those (the largest
    ``k − j`` among them) are each one branch-free pass: about 70 µs for all three on fresh data. Ties go to
    the lowest index, as in argmin.
    """

    def __init__(self, Cm2, c_sq, rows):
        k = len(Cm2)
        self.k, self.Cm2, self.c_sq = k, Cm2, c_sq  # −2·C (k × d) and ‖c‖² (k × 1), shared by the threads
        rank = np.min_scalar_type(k)
        self.rank = np.arange(k, 0, -1, dtype=rank)[:, None]  # k − j for centroid j
        self.P, self.hit = np.empty((k, rows)), np.empty((k, rows), dtype=rank)
        self.eq, self.low, self.top = np.empty((k, rows), dtype=bool), np.empty(rows), np.empty(rows, dtype=rank)

    def __call__(self, Xc, labels) -> NDArray:
        """Write the nearest centroid of each point of ``Xc`` into ``labels``; return the scores of those
        (a view into this object's buffer: ``‖x − c‖² − ‖x‖²``)."""
        return self.pick(self.scores(Xc), labels)

    def scores(self, Xc) -> NDArray:
        """``‖c‖² − 2 c·x`` for the points of ``Xc``: a (k × len(Xc)) view into this object's buffer."""
        p = np.matmul(self.Cm2, Xc.T, out=self.P[:, :len(Xc)])
        return np.add(p, self.c_sq, out=p)

    def pick(self, p, labels) -> NDArray:
        """The first row of each column's minimum of ``p`` into ``labels``; return the minima."""
        m = p.shape[1]
        low = np.min(p, axis=0, out=self.low[:m])
        eq = np.equal(p, low, out=self.eq[:, :m])
        top = np.max(np.multiply(eq.view(np.uint8), self.rank, out=self.hit[:, :m]), axis=0, out=self.top[:m])
        if not top.all():  # a NaN score matches nothing (only for non-finite input): argmin's answer
            labels[:] = p.argmin(axis=0)
        else:
            np.subtract(self.k, top, out=labels, casting="unsafe")
        return low


def _lloyd_step(X, C, w, k, metric, need_dist=True, prev=None):
    """One assignment pass plus the per-cluster sums for the update, chunk by chunk.

    Each chunk computes ``‖c‖² − 2 x·c`` with one product (‖x‖² does not change the argmin) and takes
    the nearest centroid (:class:`_Nearest`). The sums come from a second product, membership
    (k × chunk) @ chunk; or, given ``prev = (labels, sums, counts)`` of the previous step (unweighted
    only: counts stay exact integers), only the points whose label changed are moved from their old cluster's sum to their new one's
    (after the first steps that is a few percent of the points). The chunks are split into one
    contiguous group per worker thread (NumPy and BLAS release the GIL); a worker allocates its
    buffers once and clears only the membership entries it set. Returns labels, squared distances
    (or None), sums and counts.
    """
    n, d = X.shape
    if w is not None:
        prev = None  # weighted counts are not exact integers: an emptied cluster could keep a tiny count
    labels = np.empty(n, dtype=np.intp)
    dist = np.empty(n) if need_dist else None
    rows = min(n, _LLOYD_ROWS)
    Cm2, c_sq = -2.0 * C, np.einsum("ij,ij->i", C, C)[:, None]
    span_rows = max(rows, _MOVE_BYTES // ((k + d) * 8))  # even if every point moves: ≤ 8 MB per worker

    def move(a0, a1, sums, counts):
        """Add the points of rows a0:a1 that changed cluster to their new sum, take them from the old."""
        new, old = labels[a0:a1], prev[0][a0:a1]
        moved = np.flatnonzero(new != old)
        if moved.size:
            delta = np.zeros((k, moved.size))  # +1 in the new cluster's row, −1 in the old one's
            delta[new[moved], np.arange(moved.size)] = 1.0
            delta[old[moved], np.arange(moved.size)] = -1.0
            sums += delta @ X[a0 + moved]
            counts += delta.sum(axis=1)

    def work(starts):
        nearest = _Nearest(Cm2, c_sq, rows) if metric == "euclidean" else None
        member = np.zeros((k, rows)) if prev is None else None  # (weighted) one-hot membership, cluster × point
        at = np.arange(rows)
        sums, counts = np.zeros((k, d)), np.zeros(k)
        span = starts[0] if starts else 0  # first row whose moves are not yet counted
        for a in starts:
            Xc = X[a:a + rows]
            m = len(Xc)
            lab = labels[a:a + m]
            if nearest is not None:
                best = nearest(Xc, lab)
            else:
                p = np.abs(Xc[:, None, :] - C[None, :, :]).sum(axis=2)
                lab[:] = p.argmin(axis=1)
                best = p[at[:m], lab]
            if need_dist:
                if nearest is not None:
                    best += np.einsum("ij,ij->i", Xc, Xc)
                    np.maximum(best, 0.0, out=best)
                dist[a:a + m] = best
            if prev is not None:  # the moves are gathered over spans of several chunks: fewer, bigger calls
                if a + m - span >= span_rows or a == starts[-1]:
                    move(span, a + m, sums, counts)
                    span = a + m
                continue
            wc = None if w is None else w[a:a + m]
            mb = member[:, :m]
            mb[lab, at[:m]] = 1.0 if wc is None else wc
            sums += mb @ Xc
            mb[lab, at[:m]] = 0.0
            counts += np.bincount(lab, weights=wc, minlength=k)
        return sums, counts

    parts = parallel_map(work, split(range(0, n, rows)))
    sums, counts = sum(p[0] for p in parts), sum(p[1] for p in parts)
    if prev is not None:
        sums, counts = prev[1] + sums, prev[2] + counts
    return labels, dist, sums, counts


def _final_assign(X, C, metric):
    """Labels for the final centroids and each point's exact squared distance (no dot-product rounding in
    the reported inertia), chunked on the worker threads like :func:`_lloyd_step`."""
    if metric != "euclidean":
        return _assign(X, C, metric)
    n = X.shape[0]
    labels = np.empty(n, dtype=np.intp)
    dist = np.empty(n)
    rows = min(n, _LLOYD_ROWS)
    Cm2, c_sq = -2.0 * C, np.einsum("ij,ij->i", C, C)[:, None]

    def work(starts):
        nearest = _Nearest(Cm2, c_sq, rows)
        for a in starts:
            Xc = X[a:a + rows]
            lab = labels[a:a + len(Xc)]
            nearest(Xc, lab)
            diff = Xc - C[lab]
            dist[a:a + len(Xc)] = np.einsum("ij,ij->i", diff, diff)

    parallel_map(work, split(range(0, n, rows)))
    return labels, dist


def _scaled_back(res, e: int, squared: bool):
    """A result computed on X·2^e, for X: centroids times 2^-e, inertia (or objective) times 2^-2e when it
    sums squared distances, 2^-e when it sums distances."""
    f = -2 * e if squared else -e
    with np.errstate(over="ignore", under="ignore"):  # an inertia beyond the float range is inf, honestly
        if isinstance(res, FuzzyResult):
            return replace(res, centroids=np.ldexp(res.centroids, -e), objective=float(np.ldexp(res.objective, f)))
        history = [(kind, a if kind in ("assign", "medoids") else np.ldexp(a, -e)) for kind, a in res.history]
        return replace(res, centroids=np.ldexp(res.centroids, -e), inertia=float(np.ldexp(res.inertia, f)),
                       history=history, inertia_trace=[float(np.ldexp(t, f)) for t in res.inertia_trace])


def _any_scale(squared):
    """For ``f(X, k, ..., init=...)``: when X's entries are too large or small to square (see
    :func:`~mlviz._validation.scale_exponent`), run ``f`` on X·2^e (and an ``init`` array times 2^e; both
    exact) and scale the result back. ``squared(kwargs)`` says whether its inertia sums squared distances."""
    def wrap(f):
        @functools.wraps(f)
        def run(X, k, *args, **kwargs):
            # f validates its inputs itself; here they only need to be float arrays (NaN and inf give e = 0)
            X = _as_float_array(X, "X")
            init = kwargs.get("init")
            given = [] if init is None or isinstance(init, str) else [_as_float_array(init, "init")]
            e = scale_exponent(X, *given) if all(A.size for A in (X, *given)) else 0
            if not e:
                return f(X, k, *args, **kwargs)
            if given:
                kwargs["init"] = np.ldexp(given[0], e)
            return _scaled_back(f(np.ldexp(X, e), k, *args, **kwargs), e, squared(kwargs))
        return run
    return wrap


@_any_scale(squared=lambda kw: kw.get("metric", "euclidean") == "euclidean")
def kmeans(X: ArrayLike, k: int, *, init="k-means++", max_iter: int = 300, tol: float = 1e-4, n_init: int = 1,
           rng=None, metric: str = "euclidean", sample_weight=None, record_history: bool | None = None) -> KMeansResult:
    """Lloyd's algorithm: alternate the assignment step and the update step until the centroids stop moving.

    ``init`` is a method name (see :func:`init_centroids`) or a ``(k, d)`` array. With several ``n_init``
    runs, the one with the lowest inertia (WCSS) is returned. ``tol`` is relative to the data's variance,
    as in scikit-learn: stop when the centroids move less than ``tol · mean(var(X))`` in total squared
    distance. ``metric="manhattan"`` assigns by L1 distance but still updates with the mean; use
    :func:`kmedians` for the L1-optimal centre. ``record_history`` (default: when n ≤ 20,000) keeps every
    half-step in ``history`` for replay.

    Entries so large or small that their squares would overflow or underflow (beyond about 1e±77 in
    float64) are clustered as X·2^e (exact) and scaled back, so the labels and centroids are right; the
    inertia itself can then be beyond the float range (inf or 0).

    Speed: without ``sample_weight``, the update step after the first keeps running per-cluster sums and
    moves only the points whose label changed between them (recomputed from scratch every tenth
    iteration, so rounding cannot build up); the centroids are the same means, to about 1e-15.
    """
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    check_choice(metric, "metric", METRICS)
    w = _check_weights(sample_weight, n)
    max_iter = check_positive_int(max_iter, "max_iter")
    n_init = check_positive_int(n_init, "n_init")
    if not (isinstance(tol, numbers.Real) and tol >= 0):
        raise ValueError(f"tol must be ≥ 0; got {tol!r}")
    if isinstance(init, str):
        check_choice(init, "init", INITS)
        starts = None
    else:
        C0 = as_matrix(init, "init")
        if C0.shape != (k, X.shape[1]):
            raise ValueError(f"init must be a method name or a ({k}, {X.shape[1]}) array of centroids; got shape {C0.shape}")
        starts = [C0]
        n_init = 1
    record = n <= 20_000 if record_history is None else bool(record_history)
    g = as_rng(rng)
    mean = X.mean(axis=0)
    threshold = tol * float(np.mean(np.einsum("ij,ij->j", X, X) / n - mean * mean))  # mean variance, no copy of X
    best = None
    for run in range(n_init):
        C = (starts[0] if starts else init_centroids(X, k, init, rng=g, sample_weight=w)).astype(float).copy()
        history, trace, fixed, converged, it = [], [], 0, False, 0
        if record:
            history.append(("init", C.copy()))
        prev = None  # (labels, sums, counts) of the last step, to update the sums incrementally
        for it in range(1, max_iter + 1):
            labels, dist, sums, counts = _lloyd_step(X, C, w, k, metric, need_dist=record,
                                                     prev=None if (it - 1) % _FULL_SUMS_EVERY == 0 else prev)
            if record:
                trace.append(float(dist @ w) if w is not None else float(dist.sum()))
                history.append(("assign", labels.copy()))
            if np.any(counts == 0):
                if dist is None:
                    dist = _assign(X, C, metric)[1]
                fixed += _fix_empty(X, C, labels, dist, counts)
                sums, counts = _sums(X, labels, k, w)
            prev = (labels, sums, counts)
            C_new = C.copy()  # a cluster that is still empty (only when points coincide) keeps its centroid
            filled = counts > 0
            C_new[filled] = sums[filled] / counts[filled, None]
            shift = float(np.sum((C_new - C) ** 2))
            C = C_new
            if record:
                history.append(("update", C.copy()))
            if shift <= threshold:
                converged = True
                break
        labels, dist = _final_assign(X, C, metric)
        inertia = float(dist @ w) if w is not None else float(dist.sum())
        res = KMeansResult(centroids=C, labels=labels, inertia=inertia, n_iter=it, converged=converged,
                           n_empty_fixed=fixed, history=history, inertia_trace=trace)
        if best is None or res.inertia < best.inertia:
            best = res
    return best


# -- variants ------------------------------------------------------------------------------------
@_any_scale(squared=lambda kw: True)
def online_kmeans(X: ArrayLike, k: int, *, lr="count", n_epochs: int = 1, init="forgy", rng=None) -> KMeansResult:
    r"""Sequential (online) k-means: for each point in turn, move its nearest centroid towards it,
    :math:`c_j \leftarrow c_j + \eta\,(x - c_j)`.

    ``lr="count"`` uses :math:`\eta = 1/n_j` (n_j: points seen by centroid j, counting its start), which makes
    every centroid exactly the running mean of the points it has absorbed. A constant ``lr`` (a float in
    (0, 1]) never settles: the centroid keeps jumping towards the latest point.
    """
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    g = as_rng(rng)
    C = (init_centroids(X, k, init, rng=g) if isinstance(init, str) else as_matrix(init, "init")).astype(float).copy()
    if lr != "count" and not (isinstance(lr, numbers.Real) and 0 < lr <= 1):
        raise ValueError(f"lr must be 'count' (η = 1/n_j) or a number in (0, 1]; got {lr!r}")
    counts = np.ones(k)
    recent = deque(maxlen=200)  # only the last 200 states are kept: memory does not grow with n
    steps = 0
    for _ in range(check_positive_int(n_epochs, "n_epochs")):
        for i in g.permutation(n):
            x = X[i]
            j = int(np.argmin(np.sum((C - x) ** 2, axis=1)))
            counts[j] += 1
            eta = 1.0 / counts[j] if lr == "count" else float(lr)
            C[j] += eta * (x - C[j])
            recent.append(C.copy())
            steps += 1
    labels, dist = _assign(X, C)
    return KMeansResult(centroids=C, labels=labels, inertia=float(dist.sum()), n_iter=steps, converged=False,
                        history=[("update", c) for c in recent])


@_any_scale(squared=lambda kw: True)
def minibatch_kmeans(X: ArrayLike, k: int, *, batch_size: int = 1024, max_iter: int = 100, init="k-means++",
                     rng=None, init_size: int | None = None) -> KMeansResult:
    """Mini-batch k-means (Sculley, 2010): each step assigns a random batch and moves each centroid towards
    its batch points with a per-centroid rate 1/(its count so far). Memory: one batch at a time."""
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    batch_size = min(check_positive_int(batch_size, "batch_size"), n)
    g = as_rng(rng)
    if isinstance(init, str):
        m = min(n, init_size or max(3 * batch_size, 3 * k))
        sample = X[g.choice(n, size=m, replace=False)]
        C = init_centroids(sample, k, init, rng=g)
    else:
        C = as_matrix(init, "init").astype(float).copy()
    counts = np.zeros(k)
    for _ in range(check_positive_int(max_iter, "max_iter")):
        B = X[g.integers(0, n, size=batch_size)]
        lab, _ = _assign(B, C)
        sums, cnt = _sums(B, lab, k)
        hit = cnt > 0
        counts[hit] += cnt[hit]
        eta = np.zeros(k)
        eta[hit] = cnt[hit] / counts[hit]
        C[hit] = (1 - eta[hit, None]) * C[hit] + eta[hit, None] * (sums[hit] / cnt[hit, None])
    labels, dist = _assign(X, C)
    return KMeansResult(centroids=C, labels=labels, inertia=float(dist.sum()), n_iter=int(max_iter), converged=False)


@dataclass(frozen=True)
class FuzzyResult:
    """Fuzzy c-means: ``memberships[i, j]`` is point i's degree of membership in cluster j (rows sum to 1)."""

    centroids: NDArray
    memberships: NDArray
    n_iter: int
    objective: float

    @property
    def labels(self) -> NDArray:
        return np.argmax(self.memberships, axis=1)


@_any_scale(squared=lambda kw: True)
def fuzzy_cmeans(X: ArrayLike, k: int, m: float = 2.0, *, max_iter: int = 300, tol: float = 1e-6, rng=None,
                 init="k-means++") -> FuzzyResult:
    r"""Fuzzy c-means (Bezdek): memberships :math:`u_{ij} = 1 / \sum_l (d_{ij}/d_{il})^{2/(m-1)}` and
    centroids :math:`c_j = \sum_i u_{ij}^m x_i / \sum_i u_{ij}^m`. The fuzzifier ``m > 1``: near 1 the
    memberships become hard (k-means), large m makes every point belong to every cluster equally.
    """
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    if not (isinstance(m, numbers.Real) and m > 1 and math.isfinite(m)):
        raise ValueError(f"m (the fuzzifier) must be a number > 1; got {m!r} (m = 1 would be hard k-means)")
    g = as_rng(rng)
    C = init_centroids(X, k, init, rng=g) if isinstance(init, str) else as_matrix(init, "init").astype(float)
    p = 2.0 / (m - 1.0)
    U = np.full((n, k), 1.0 / k)
    it = 0
    for it in range(1, check_positive_int(max_iter, "max_iter") + 1):
        D = np.sqrt(_sq_dist_chunk(X, C, np.einsum("ij,ij->i", C, C)))
        zero = D <= 1e-12
        dmin = np.maximum(D.min(axis=1, keepdims=True), 1e-300)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            inv = np.where(zero, 0.0, (D / dmin) ** -p)   # ratios ≥ 1, so the power cannot overflow
            U_new = inv / inv.sum(axis=1, keepdims=True)  # rows with a zero distance are replaced below
        hit = zero.any(axis=1)  # a point on a centroid belongs to it fully
        U_new[hit] = zero[hit] / zero[hit].sum(axis=1, keepdims=True)
        Um = U_new ** m
        C = (Um.T @ X) / Um.sum(axis=0)[:, None]
        done = np.abs(U_new - U).max() < tol
        U = U_new
        if done:
            break
    D2 = _sq_dist_chunk(X, C, np.einsum("ij,ij->i", C, C))
    return FuzzyResult(centroids=C, memberships=U, n_iter=it, objective=float(np.sum(U ** m * D2)))


def _pairwise_sq(X, Y) -> NDArray:
    return _sq_dist_chunk(X, Y, np.einsum("ij,ij->i", Y, Y))


@_any_scale(squared=lambda kw: False)
def kmedoids(X: ArrayLike, k: int, *, metric: str = "euclidean", max_iter: int = 100, rng=None,
             init="k-means++") -> KMeansResult:
    """k-medoids (alternating, "Voronoi iteration"): each centre must be a data point, the one with the
    smallest total distance (not squared) to its cluster's other points. Robust to outliers; O(n²) memory
    for the distances within a cluster, so meant for small data."""
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    check_choice(metric, "metric", METRICS)
    g = as_rng(rng)
    C0 = init_centroids(X, k, init, rng=g) if isinstance(init, str) else as_matrix(init, "init")
    medoids = np.array([int(np.argmin(((X - c) ** 2).sum(axis=1))) for c in C0])

    def dist(A, B):
        return np.sqrt(_pairwise_sq(A, B)) if metric == "euclidean" else np.abs(A[:, None] - B[None]).sum(-1)

    it = 0
    for it in range(1, check_positive_int(max_iter, "max_iter") + 1):
        labels = np.argmin(dist(X, X[medoids]), axis=1)
        new = medoids.copy()
        for j in range(k):
            idx = np.flatnonzero(labels == j)
            if idx.size:
                new[j] = idx[np.argmin(dist(X[idx], X[idx]).sum(axis=1))]
        if np.array_equal(new, medoids):
            break
        medoids = new
    D = dist(X, X[medoids])
    labels = np.argmin(D, axis=1)
    return KMeansResult(centroids=X[medoids].copy(), labels=labels, inertia=float(D[np.arange(n), labels].sum()),
                        n_iter=it, converged=True, history=[("medoids", medoids)])


@_any_scale(squared=lambda kw: False)
def kmedians(X: ArrayLike, k: int, *, max_iter: int = 100, rng=None, init="k-means++") -> KMeansResult:
    """k-medians: assign by L1 (Manhattan) distance, update each centre to the coordinate-wise median,
    which minimises the total L1 distance just as the mean minimises the squared Euclidean one."""
    X = _check_X(X)
    n = X.shape[0]
    k = _check_k(k, n)
    g = as_rng(rng)
    C = (init_centroids(X, k, init, rng=g) if isinstance(init, str) else as_matrix(init, "init")).astype(float).copy()
    it = 0
    for it in range(1, check_positive_int(max_iter, "max_iter") + 1):
        labels, dist = _assign(X, C, "manhattan")
        new = C.copy()
        for j in range(k):
            pts = X[labels == j]
            if len(pts):
                new[j] = np.median(pts, axis=0)
        if np.allclose(new, C):
            C = new
            break
        C = new
    labels, dist = _assign(X, C, "manhattan")
    return KMeansResult(centroids=C, labels=labels, inertia=float(dist.sum()), n_iter=it, converged=True)


# -- metrics -------------------------------------------------------------------------------------
def _labels(labels, n) -> NDArray:
    lab = np.asarray(labels)
    if lab.shape != (n,) or not np.issubdtype(lab.dtype, np.integer):
        raise ValueError(f"labels must be {n} integer cluster indices; got {_describe(lab)}")
    return lab


def wcss(X: ArrayLike, labels: ArrayLike, centroids: ArrayLike | None = None) -> float:
    """Within-cluster sum of squares (inertia): Σ ‖x − c(x)‖², with c the cluster means unless given."""
    X = _check_X(X)
    lab = _labels(labels, X.shape[0])
    k = int(lab.max()) + 1
    C = update_centroids(X, lab, k) if centroids is None else as_matrix(centroids, "centroids")
    return float(np.sum((X - C[lab]) ** 2))


def tss(X: ArrayLike) -> float:
    """Total sum of squares Σ ‖x − x̄‖²."""
    X = _check_X(X)
    return float(np.sum((X - X.mean(axis=0)) ** 2))


def bcss(X: ArrayLike, labels: ArrayLike) -> float:
    """Between-cluster sum of squares Σ_j n_j ‖c_j − x̄‖². For cluster means, TSS = WCSS + BCSS."""
    X = _check_X(X)
    lab = _labels(labels, X.shape[0])
    counts = np.bincount(lab)
    C = update_centroids(X, lab, len(counts))
    keep = counts > 0
    return float(np.sum(counts[keep] * np.sum((C[keep] - X.mean(axis=0)) ** 2, axis=1)))


_SIL_BLOCK = 1024


def _cluster_distance_sums(X, lab, k) -> NDArray:
    """For every point, the sum of its Euclidean distances to the points of each cluster: (n, k).

    Works on square blocks of the distance matrix, only on and above the diagonal (each block serves
    its rows and, transposed, its columns), on two threads with one BLAS thread each; a block is
    1024 × 1024, so the memory never grows with n²."""
    n = X.shape[0]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), lab] = 1.0
    x_sq = np.einsum("ij,ij->i", X, X)
    B = _SIL_BLOCK
    starts = list(range(0, n, B))
    pairs = [(i, j) for a, i in enumerate(starts) for j in starts[a:]]

    def work(my_pairs):
        acc = np.zeros((n, k))
        for i, j in my_pairs:
            Xi, Xj = X[i:i + B], X[j:j + B]
            D = Xi @ Xj.T
            D *= -2.0
            D += x_sq[i:i + B, None]
            D += x_sq[j:j + B]
            np.maximum(D, 0.0, out=D)
            np.sqrt(D, out=D)
            acc[i:i + B] += D @ onehot[j:j + B]
            if i != j:
                acc[j:j + B] += D.T @ onehot[i:i + B]
        return acc

    w = min(n_workers(), len(pairs))
    return np.sum(parallel_map(work, [pairs[i::w] for i in range(w)]), axis=0)


def silhouette_samples(X: ArrayLike, labels: ArrayLike) -> NDArray:
    r"""Silhouette of each point, :math:`s = (b - a)/\max(a, b)`: a = mean distance to its own cluster,
    b = mean distance to the nearest other cluster. Points alone in their cluster get 0 (as scikit-learn).
    Memory stays O(n·k): the n × n distances are visited block by block, never stored."""
    X = _check_X(X)
    X = squarable(X)  # the silhouette does not change with the scale: keep the squares in range
    n = X.shape[0]
    lab = _labels(labels, n)
    uniq, lab = np.unique(lab, return_inverse=True)
    k = len(uniq)
    if not 2 <= k <= n - 1:
        raise ValueError(f"the silhouette needs between 2 and n − 1 = {n - 1} clusters; got {k}")
    counts = np.bincount(lab, minlength=k).astype(float)
    sums = _cluster_distance_sums(X, lab, k)
    r = np.arange(n)
    n_own = counts[lab] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[r, lab] / n_own
        means = sums / counts
    means[r, lab] = np.inf
    b = means.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    s[n_own == 0] = 0.0
    return np.nan_to_num(s)


def silhouette_score(X: ArrayLike, labels: ArrayLike) -> float:
    """Mean silhouette over all points: near 1 well separated, near 0 overlapping, negative misassigned."""
    return float(np.mean(silhouette_samples(X, labels)))


def davies_bouldin(X: ArrayLike, labels: ArrayLike) -> float:
    r"""Davies–Bouldin index: mean over clusters of the worst :math:`(s_i + s_j)/d(c_i, c_j)`, with s the mean
    distance of a cluster's points to its centroid. Lower is better."""
    X = _check_X(X)
    lab = _labels(labels, X.shape[0])
    uniq, lab = np.unique(lab, return_inverse=True)
    k = len(uniq)
    if k < 2:
        raise ValueError("the Davies–Bouldin index needs at least 2 clusters")
    C = update_centroids(X, lab, k)
    s = np.bincount(lab, weights=np.sqrt(np.sum((X - C[lab]) ** 2, axis=1)), minlength=k) / np.bincount(lab, minlength=k)
    D = np.sqrt(np.maximum(_pairwise_sq(C, C), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        R = (s[:, None] + s[None, :]) / D
    np.fill_diagonal(R, -np.inf)
    R[~np.isfinite(R) & (R > 0)] = np.inf
    return float(np.mean(R.max(axis=1)))


def elbow(X: ArrayLike, ks=range(1, 11), *, n_init: int = 5, rng=0) -> dict:
    """WCSS (and, for k ≥ 2, the silhouette) of the best of ``n_init`` k-means runs for each k."""
    X = _check_X(X)
    g = as_rng(rng)
    out = {"k": [], "wcss": [], "silhouette": []}
    for k in ks:
        r = kmeans(X, k, n_init=n_init, rng=g)
        out["k"].append(int(k))
        out["wcss"].append(r.inertia)
        out["silhouette"].append(silhouette_score(X, r.labels) if 2 <= k < X.shape[0] else None)
    return out


# -- data generators -----------------------------------------------------------------------------
def make_blobs(n: int = 300, centers=3, *, std=1.0, rng=0, box=(-10, 10)):
    """Gaussian blobs. ``centers`` is a count (placed uniformly in ``box``) or a (k, d) array."""
    g = as_rng(rng)
    if isinstance(centers, numbers.Integral):
        centers = g.uniform(*box, size=(int(centers), 2))
    centers = np.asarray(centers, dtype=float)
    k = len(centers)
    stds = np.broadcast_to(np.asarray(std, dtype=float), (k,))
    labels = np.arange(n) % k
    X = centers[labels] + g.normal(size=(n, centers.shape[1])) * stds[labels, None]
    return X, labels


def make_rings(n: int = 400, *, radii=(1.0, 3.0), noise=0.15, rng=0):
    """Concentric rings: a shape k-means cannot separate (its clusters are convex Voronoi cells)."""
    g = as_rng(rng)
    labels = np.arange(n) % len(radii)
    t = g.uniform(0, 2 * np.pi, n)
    r = np.asarray(radii, dtype=float)[labels] + g.normal(0, noise, n)
    return np.column_stack([r * np.cos(t), r * np.sin(t)]), labels


def make_customers(n: int = 600, rng=0) -> tuple[NDArray, tuple[str, ...], NDArray]:
    """A SYNTHETIC customer table: recency (days), frequency (orders/year), monetary ($/year), age (years).

    Recipe: three made-up segments (regulars, big spenders, lapsed) in proportions 0.5 / 0.2 / 0.3, each
    with its own recency (exponential), frequency (Poisson), spending (log-normal) and age (normal). The
    columns differ in scale by orders of magnitude, which is the point: unscaled, "monetary" decides the
    clustering alone. Returns ``(X, column_names, segment)``.
    """
    g = as_rng(rng)
    seg = g.choice(3, size=n, p=[0.5, 0.2, 0.3])
    recency = g.exponential(np.array([20.0, 15.0, 200.0])[seg])
    frequency = g.poisson(np.array([12.0, 25.0, 2.0])[seg]).astype(float)
    monetary = g.lognormal(np.log(np.array([600.0, 5000.0, 150.0]))[seg], 0.4)
    age = g.normal(np.array([38.0, 46.0, 33.0])[seg], 9.0)
    return (np.column_stack([recency, frequency, monetary, age]),
            ("recency_days", "frequency_per_year", "monetary_per_year", "age"), seg)
