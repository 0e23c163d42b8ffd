r"""k-means and its relatives, with the metrics that judge a clustering (NumPy only).

Conventions: ``X`` is ``(n_samples, n_features)``, centroids are ``(n_clusters, n_features)``, labels are
ints in ``[0, n_clusters)``. Each public function checks its input once, then calls unchecked private helpers.

**Reading k-means.** :func:`kmeans` checks its input and keeps the best of ``n_init`` runs; ``_lloyd`` is
one run, the assignment step and the update step until the centroids stop moving; ``_lloyd_map`` is the one
loop over blocks of rows, and :func:`lloyd_partials` the MAP step for one block (nearest centroid, and the
per-cluster sums and counts). Adding up the partials and dividing is the REDUCE. The same
``lloyd_partials`` runs unchanged on the chunks of a Dask array (:mod:`mlviz.cluster_dask`).

**Exact where the data lives.** Squared distances come from ``‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖²`` (one matrix
product instead of an n × k × d tensor), but only after moving the origin near the data: on raw timestamps
(an offset of 1e9) the three terms would be about 1e18 each and their rounding larger than the distances.
Lloyd's loop moves it to the data's mean once per run (one copy of X, not one per step); :func:`lloyd_partials`
on a block of its own (a Dask chunk, say) moves it to the centroids' mean. Cluster sums are taken of the
shifted rows for the same reason (their digits would go to the offset), and the tolerance is relative to the
variances of the centred data.

**Empty clusters.** If an assignment step leaves a cluster with no points, its centroid is moved to the
point that is currently worst served (the largest distance to its own centroid), which is taken from its
cluster. That always lowers the WCSS, never creates NaN, and is what scikit-learn does too.

**Extreme magnitudes.** The clustering functions (and the initializations) refuse data whose squares leave
the float range (entries beyond about 1e±77) with a ValueError that says to rescale it: its inertia could not
be written as a float. Answers that do not depend on the scale (:func:`assign`, the silhouette,
Davies–Bouldin) are computed from X·2^e instead, which is exact.
"""
from __future__ import annotations

import math
import numbers
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse
from numpy.typing import ArrayLike, NDArray

from ._validation import (_describe, _received, as_matrix, as_rng, as_vector, check_choice, check_positive_int,
                          scale_exponent, squarable, sum_of_squares)

__all__ = [
    "INITS", "METRICS", "init_centroids", "kmeans_plusplus", "assign", "update_centroids", "lloyd_partials",
    "KMeansResult", "kmeans", "online_kmeans", "minibatch_kmeans", "fuzzy_cmeans", "FuzzyResult", "kmedoids",
    "kmedians", "wcss", "bcss", "tss", "silhouette_samples", "silhouette_score", "davies_bouldin", "elbow",
    "make_blobs", "make_rings", "make_customers",
]

INITS = ("random", "forgy", "random_partition", "k-means++")
METRICS = ("euclidean", "manhattan")
_BLOCK_FLOATS = 2**19  # a block of rows is cut so that its widest (rows, width) array holds this many: 4 MB
_SIL_FLOATS = 2**21  # the silhouette's (rows, n) blocks: 16 MB, about 50 MB at once


# -- input checks (once, at the public function) ------------------------------------------------
def _check_X(X) -> NDArray:
    return as_matrix(X, "X")


def _check_weights(w, n: int, all_zero_ok: bool = False) -> NDArray | None:
    w = None if w is None else as_vector(w, "sample_weight")
    if w is not None and (w.shape != (n,) or w.min() < 0 or not (all_zero_ok or w.max() > 0)):
        raise ValueError(f"sample_weight must be {n} weights ≥ 0, not all 0; got {w.shape} from {w.min()} to {w.max()}")
    return w


def _check_start(X: NDArray, k, init) -> NDArray | None:
    """Check k, and init: None for a method name (check_choice returns None), else the (k, n_features) starting
    centroids. X and the centroids must have squares in the float range (see the module notes)."""
    if check_positive_int(k, "k") > len(X):
        raise ValueError(f"k must be between 1 and the number of samples ({len(X)}); got {k}")
    C0 = check_choice(init, "init", INITS) if isinstance(init, str) else as_matrix(init, "init")
    if C0 is not None and C0.shape != (k, X.shape[1]):
        raise ValueError(f"init must be a method name or a (k, n_features) = ({k}, {X.shape[1]}) array; got {C0.shape}")
    if scale_exponent(np.array([X.min(), X.max()]), *([] if C0 is None else [C0])):  # X's extremes decide
        raise ValueError(f"X{'' if C0 is None else ' and init'} must have sizes from about 1e-77 to 1e77 (squares in "
                         f"the float range); got {np.abs(X if C0 is None else np.vstack([X, C0])).max():.3g}: rescale")
    return C0


def _check_labels(labels, n: int, k: int | None = None, names: bool = False) -> NDArray:
    """``labels`` as n ints: cluster indices in [0, k) (≥ 0 when k is not given), or any integers when they
    only name the clusters (``names=True``: the quality indices renumber them)."""
    try:
        lab = np.asarray(labels)
    except ValueError:  # ragged nested lists
        lab = np.asarray(labels, dtype=object)
    if lab.shape != (n,) or not np.issubdtype(lab.dtype, np.integer):
        raise ValueError(f"labels must be {n} integer cluster labels, one per row of X; got {_describe(lab)}")
    bad = np.flatnonzero((lab < 0) | (lab >= (np.inf if k is None else k)))
    if bad.size and not names:
        expected = "≥ 0" if k is None else f"between 0 and k − 1 = {k - 1}"
        raise ValueError(f"labels must be cluster indices {expected}; got {lab[bad[0]]} at index {bad[0]}")
    return lab.astype(np.intp, copy=False)


# -- the pieces of one Lloyd step ----------------------------------------------------------------
def _sq_distances(X: NDArray, C: NDArray) -> NDArray:
    """(n, k) squared distances ‖x‖² − 2 x·c + ‖c‖², after moving the origin to the centroids' mean."""
    Xs, Cs = X - C.mean(axis=0), C - C.mean(axis=0)  # (n, d), (k, d): an offset of 1e9 cancels before any square
    D = np.einsum("ij,ij->i", Xs, Xs)[:, None] - 2.0 * (Xs @ Cs.T) + np.einsum("ij,ij->i", Cs, Cs)  # (n, k)
    return np.maximum(D, 0.0, out=D)  # rounding can leave a tiny negative where x = c


def _cluster_sums(X: NDArray, labels: NDArray, k: int, w: NDArray | None = None) -> tuple[NDArray, NDArray]:
    """Per-cluster (weighted) sums of the rows, (k, d), and (weighted) counts, (k,), as one product M X with
    the (k, n) membership matrix M[j, i] = w_i if point i is in cluster j. M is sparse with one entry per
    column, so it is written directly in compressed-column form, column i holding w_i in row labels[i]
    (from (row, column) pairs, SciPy's conversion to a compressed form took longer than the product).
    Callers pass rows centred near the data (x − x₀), so that an offset does not eat the sums' digits."""
    w = np.ones(len(X)) if w is None else w
    M = scipy.sparse.csc_array((w, labels, np.arange(len(X) + 1)), shape=(k, len(X)))  # (k, n)
    return M @ X, M.sum(axis=1)  # (k, d), (k,)


def _means(X: NDArray, labels: NDArray, k: int, w: NDArray | None = None) -> NDArray:
    """(k, d) cluster means, from x − x₀ (x₀ the first row: exact at any offset); NaN for an empty cluster."""
    sums, counts = _cluster_sums(X - X[0], labels, k, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts[:, None] + X[0]


def _lloyd_partials(X, C, w=None, metric="euclidean", with_dist=True, centred=False):
    """:func:`lloyd_partials` on checked input; ``with_dist=False`` skips each row's inertia term (None), and
    ``centred=True`` says that X and C are already taken from a point near the data (then X is not copied)."""
    # (m, d), (k, d) from the centroids' mean: an offset of 1e9 cancels before any square
    Xs, Cs = (X, C) if centred else (X - C.mean(axis=0), C - C.mean(axis=0))
    if metric == "manhattan":  # (m, k) L1 distances, a centroid at a time (no (m, k, d) tensor)
        D = np.stack([np.abs(Xs - c).sum(axis=1) for c in Cs], axis=1)
    else:  # (m, k) ‖c‖² − 2 x·c = ‖x − c‖² − ‖x‖²: the same nearest centroid, from one product
        D = Xs @ (-2.0 * Cs.T)
        D += np.einsum("ij,ij->i", Cs, Cs)
    labels = np.argmin(D, axis=1)  # (m,); ties go to the lowest index
    sums, counts = _cluster_sums(Xs, labels, len(C), w)  # (k, d) sums of x − mean(C), then the mean is added back
    dist = None
    if with_dist:  # (m,) ‖x − c‖² (or ‖x − c‖₁), from the minimum and ‖x‖²: needed for the inertia, not the step
        x_sq = 0.0 if metric == "manhattan" else np.einsum("ij,ij->i", Xs, Xs)  # (m,)
        dist = np.maximum(D[np.arange(len(X)), labels] + x_sq, 0.0)
    return labels, (sums if centred else sums + np.outer(counts, C.mean(axis=0))), counts, dist


def lloyd_partials(X_chunk: ArrayLike, centroids: ArrayLike, *, sample_weight: ArrayLike | None = None,
                   metric: str = "euclidean") -> tuple[NDArray, NDArray, NDArray, NDArray]:
    r"""The MAP step of one Lloyd iteration, for one block of rows: what each block sends to the REDUCE.

    Parameters
    ----------
    X_chunk : array_like, shape (n_rows, n_features)
        Any block of rows of the data (a Dask chunk, say).
    centroids : array_like, shape (n_clusters, n_features)
    sample_weight : array_like, shape (n_rows,), optional
        A weight ≥ 0 per row (all zero is allowed in a block).
    metric : {"euclidean", "manhattan"}

    Returns
    -------
    labels : ndarray, shape (n_rows,)
        The nearest centroid of each row (ties go to the lowest index).
    sums : ndarray, shape (n_clusters, n_features)
        :math:`\sum_{i:\,\ell_i = j} w_i x_i`, the (weighted) sum of each cluster's rows in this block.
    counts : ndarray, shape (n_clusters,)
        :math:`\sum_{i:\,\ell_i = j} w_i`, the number (total weight) of each cluster's rows in this block.
    sq_dist : ndarray, shape (n_rows,)
        Each row's term of the inertia, :math:`\lVert x_i - c_{\ell_i}\rVert^2`
        (:math:`\lVert x_i - c_{\ell_i}\rVert_1` for ``metric="manhattan"``).

    Notes
    -----
    The partials of any split of the rows add up to those of the whole array, so the update step is

    .. math:: c_j \leftarrow \frac{\sum_{\text{blocks}} \text{sums}_j}{\sum_{\text{blocks}} \text{counts}_j}.

    The nearest centroid uses :math:`\lVert x - c\rVert^2 = \lVert x\rVert^2 - 2\,x\cdot c + \lVert c\rVert^2`
    (one matrix product) after subtracting the centroids' mean from both, so an offset of the data cancels
    first; the result depends only on the block and the centroids, never on global state.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0]])
    >>> labels, sums, counts, sq_dist = lloyd_partials(X, [[0.0, 1.0], [9.0, 0.0]])
    >>> labels, counts, sq_dist
    (array([0, 0, 1]), array([2., 1.]), array([1., 1., 1.]))
    >>> sums / counts[:, None]  # the new centroids, for this block alone
    array([[ 0.,  1.],
           [10.,  0.]])
    """
    X = as_matrix(X_chunk, "X_chunk")
    C = as_matrix(centroids, "centroids")
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} features like X_chunk; got shape {C.shape}")
    w = _check_weights(sample_weight, X.shape[0], all_zero_ok=True)
    check_choice(metric, "metric", METRICS)
    if scale_exponent(np.array([X.min(), X.max()]), C):  # X's extremes decide: no copy of X
        raise ValueError(f"X_chunk and centroids must have sizes from about 1e-77 to 1e77 (squares in the float "
                         f"range); got {max(np.abs(X).max(), np.abs(C).max()):.3g}: rescale")
    return _lloyd_partials(X, C, w, metric)


def _lloyd_map(X, C, w=None, metric="euclidean", with_dist=True, centred=False):
    """MAP :func:`lloyd_partials` over blocks of rows, then REDUCE: labels (n,), sums (k, d), counts (k,) and
    each point's inertia term (n,), or None. Only a few blocks' arrays exist at once (4 MB each)."""
    r = max(1, _BLOCK_FLOATS // max(C.shape))  # rows per block: 16,384 for k = 32, (r, k) distances in 4 MB
    labels, sums, counts, dist = zip(*[_lloyd_partials(X[a:a + r], C, None if w is None else w[a:a + r], metric,
                                                       with_dist, centred) for a in range(0, len(X), r)])
    return np.concatenate(labels), sum(sums), sum(counts), np.concatenate(dist) if with_dist else None


def assign(X: ArrayLike, centroids: ArrayLike, metric: str = "euclidean") -> NDArray:
    r"""The assignment step: the index of each point's nearest centroid.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    centroids : array_like, shape (n_clusters, n_features)
    metric : {"euclidean", "manhattan"}

    Returns
    -------
    labels : ndarray of int, shape (n_samples,)
        :math:`\ell_i = \arg\min_j \lVert x_i - c_j\rVert`; ties go to the lowest index.

    Examples
    --------
    >>> assign([[0.0, 0.0], [1.0, 0.0], [9.0, 9.0]], [[0.0, 1.0], [10.0, 10.0]])
    array([0, 0, 1])
    """
    X = _check_X(X)
    C = as_matrix(centroids, "centroids")
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} features like X; got shape {C.shape}")
    check_choice(metric, "metric", METRICS)
    e = scale_exponent(X, C)  # entries beyond about 1e±77: the same labels from X·2^e and C·2^e (exact)
    return _lloyd_map(np.ldexp(X, e), np.ldexp(C, e), None, metric)[0] if e else _lloyd_map(X, C, None, metric)[0]


def update_centroids(X: ArrayLike, labels: ArrayLike, k: int, sample_weight: ArrayLike | None = None) -> NDArray:
    r"""The update step: each centroid becomes the (weighted) mean of its points.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    labels : array_like of int, shape (n_samples,)
        Cluster indices between 0 and k − 1.
    k : int
        The number of clusters.
    sample_weight : array_like, shape (n_samples,), optional

    Returns
    -------
    centroids : ndarray, shape (k, n_features)
        :math:`c_j = \sum_{\ell_i = j} w_i x_i \,/\, \sum_{\ell_i = j} w_i`. A cluster without points gives a
        NaN row, on purpose, so that the caller decides; :func:`kmeans` re-seeds it (see the module notes).

    Examples
    --------
    >>> update_centroids([[0.0], [1.0], [2.0], [10.0]], [0, 0, 0, 1], 2)
    array([[ 1.],
           [10.]])
    """
    X = _check_X(X)
    k = check_positive_int(k, "k")
    lab = _check_labels(labels, X.shape[0], k)
    return _means(X, lab, k, _check_weights(sample_weight, X.shape[0]))


# -- initialization ------------------------------------------------------------------------------
def _kmeans_plusplus(X: NDArray, k: int, w: NDArray | None, g: np.random.Generator, n_trials: int) -> NDArray:
    """:func:`kmeans_plusplus` on checked input."""
    centers = [X[g.choice(len(X), p=None if w is None else w / w.sum())]]
    closest = _sq_distances(X, centers[0][None, :])[:, 0]  # (n,) squared distance to the nearest centre so far
    for _ in range(1, k):
        pot = closest if w is None else closest * w  # (n,)
        cand = np.minimum(np.searchsorted(np.cumsum(pot), g.random(n_trials) * pot.sum()), len(X) - 1)  # D²
        D = np.minimum(_sq_distances(X, X[cand]), closest[:, None])  # (n, n_trials) nearest with each candidate
        best = np.argmin(D.sum(axis=0) if w is None else w @ D)  # the candidate that lowers the total most
        centers.append(X[cand[best]])
        closest = D[:, best]
    return np.array(centers)


def kmeans_plusplus(X: ArrayLike, k: int, *, n_trials: int | None = None, sample_weight=None, rng=None) -> NDArray:
    r"""Greedy k-means++ seeding (Arthur & Vassilvitskii, 2007; greedy as in scikit-learn).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
        The number of centroids, between 1 and n_samples.
    n_trials : int, optional
        Candidates drawn for each centroid; default :math:`2 + \lfloor \ln k \rfloor`.
    sample_weight : array_like, shape (n_samples,), optional
    rng : None, int or numpy.random.Generator

    Returns
    -------
    centroids : ndarray, shape (k, n_features)
        Rows of X.

    Notes
    -----
    The first centroid is a random point; each next one is drawn with probability proportional to the
    squared distance :math:`D(x)^2` to the nearest centroid so far,

    .. math:: P(x_i) = \frac{w_i D(x_i)^2}{\sum_l w_l D(x_l)^2}.

    "Greedy": ``n_trials`` candidates are drawn each time and the one that lowers
    :math:`\sum_i w_i D(x_i)^2` most is kept.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [10.0, 10.0]])
    >>> C = kmeans_plusplus(X, 2, rng=0)
    >>> C.shape, bool(np.any(np.all(C == [10.0, 10.0], axis=1)))  # the far point is (almost) always picked
    ((2, 2), True)
    """
    X = _check_X(X)
    _check_start(X, k, "k-means++")
    w = _check_weights(sample_weight, X.shape[0])
    trials = 2 + int(math.log(k)) if n_trials is None else check_positive_int(n_trials, "n_trials")
    return _kmeans_plusplus(X, k, w, as_rng(rng), trials)


def _init_centroids(X: NDArray, k: int, method: str, g: np.random.Generator, w: NDArray | None) -> NDArray:
    """:func:`init_centroids` on checked input."""
    if method == "random":
        return X.min(axis=0) + g.random((k, X.shape[1])) * (X.max(axis=0) - X.min(axis=0))
    if method == "forgy":
        return X[g.choice(len(X), size=k, replace=False)]
    if method == "random_partition":  # every cluster gets at least one point: k ≤ n
        sums, counts = _cluster_sums(X, g.permutation(np.arange(len(X)) % k), k)
        return sums / counts[:, None]
    return _kmeans_plusplus(X, k, w, g, 2 + int(math.log(k)))


def init_centroids(X: ArrayLike, k: int, method: str = "k-means++", *, rng=None, sample_weight=None) -> NDArray:
    r"""Starting centroids for k-means.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
        The number of centroids, between 1 and n_samples.
    method : {"random", "forgy", "random_partition", "k-means++"}
        - ``"random"``: uniform in the data's bounding box (may land where there is no data);
        - ``"forgy"``: k distinct data points chosen at random;
        - ``"random_partition"``: every point gets a random cluster and the centroids are their means
          (they start bunched near the overall mean);
        - ``"k-means++"``: greedy :math:`D^2` sampling, see :func:`kmeans_plusplus`.
    rng : None, int or numpy.random.Generator
    sample_weight : array_like, shape (n_samples,), optional
        Used by k-means++.

    Returns
    -------
    centroids : ndarray, shape (k, n_features)

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [9.0, 9.0]])
    >>> init_centroids(X, 2, "forgy", rng=0).shape
    (2, 2)
    """
    X = _check_X(X)
    check_choice(method, "method", INITS)
    _check_start(X, k, method)
    w = _check_weights(sample_weight, X.shape[0])
    return _init_centroids(X, k, method, as_rng(rng), w)


# -- Lloyd's algorithm ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KMeansResult:
    """Outcome of :func:`kmeans` (and its variants). ``history`` lists ``("init", centroids)``, then
    ``("assign", labels)`` and ``("update", centroids)`` for each iteration (empty unless recorded), so
    every half-step can be replayed; ``inertia_trace`` is the WCSS after each assignment (when recorded)."""

    centroids: NDArray
    labels: NDArray
    inertia: float
    n_iter: int
    converged: bool
    n_empty_fixed: int = 0
    history: list = field(default_factory=list, repr=False)
    inertia_trace: list = field(default_factory=list, repr=False)


def _lloyd(X, C, w, metric, max_iter, threshold, record) -> KMeansResult:
    """One run of Lloyd's algorithm from the centroids C, on checked input."""
    history, trace, n_fixed, before = [("init", C.copy())] if record else [], [], 0, None
    o = X.mean(axis=0)  # (d,) the origin moves to the data's mean once per run, not in each step (see the notes)
    X, C = X - o, C - o  # (n, d), (k, d)
    for it in range(1, max_iter + 1):
        # assignment step: map, then reduce (each point's inertia term only if the history records it)
        labels, sums, counts, dist = _lloyd_map(X, C, w, metric, with_dist=record, centred=True)
        if not counts.all():  # an empty cluster takes the worst-served point (see the module notes)
            empty, dist = np.flatnonzero(counts == 0), _lloyd_map(X, C, w, metric, centred=True)[3]  # now needed
            labels[np.argsort(-dist, kind="stable")[:empty.size]] = empty
            sums, counts = _cluster_sums(X - X[0], labels, len(C), w)  # recounted, from x − x₀ (exact at any offset)
            sums, n_fixed = sums + np.outer(counts, X[0]), n_fixed + empty.size
        new = np.divide(sums, counts[:, None], out=C.copy(), where=counts[:, None] > 0)  # update step (k, d)
        # converged: the centroids moved less than the tolerance, or no point changed cluster (a fixed point)
        converged = float(np.sum((new - C) ** 2)) <= threshold or np.array_equal(labels, before)
        C, before = new, labels
        if record:  # the WCSS is that of the assignment, before the centroids moved
            history += [("assign", labels), ("update", C + o)]
            trace.append(float(dist.sum() if w is None else dist @ w))
        if converged:
            break
    labels, _, _, dist = _lloyd_map(X, C, w, metric, centred=True)  # the labels that go with the final centroids
    return KMeansResult(C + o, labels, float(dist.sum() if w is None else dist @ w), it, converged, n_fixed, history,
                        trace)


def kmeans(X: ArrayLike, k: int, *, init="k-means++", max_iter: int = 300, tol: float = 1e-4, n_init: int = 1,
           rng=None, metric: str = "euclidean", sample_weight=None, record_history: bool | None = None) -> KMeansResult:
    r"""Lloyd's algorithm: alternate the assignment step and the update step until the centroids stop moving.

    Parameters
    ----------
    X : array_like or dask.array.Array, shape (n_samples, n_features)
        A Dask array runs each step as a map over its chunks of rows and one reduce, on the scheduler in use
        (:mod:`mlviz.cluster_dask`; its labels come back as a lazy Dask array).
    k : int
        The number of clusters, between 1 and n_samples.
    init : {"random", "forgy", "random_partition", "k-means++"} or array_like, shape (k, n_features)
        A method (see :func:`init_centroids`) or the starting centroids themselves (then ``n_init`` is 1).
    max_iter : int
    tol : float
        Stop when the centroids move less than ``tol · mean(var(X))`` in total squared distance
        (relative to the data's spread, as in scikit-learn).
    n_init : int
        Runs from different starts; the one with the lowest inertia is returned.
    rng : None, int or numpy.random.Generator
    metric : {"euclidean", "manhattan"}
        ``"manhattan"`` assigns by L1 distance but still updates with the mean (the inertia is then the sum
        of L1 distances); :func:`kmedians` uses the L1-optimal centre.
    sample_weight : array_like, shape (n_samples,), optional
    record_history : bool, optional
        Keep every half-step in ``history`` (default: when n_samples ≤ 20,000).

    Returns
    -------
    KMeansResult

    Notes
    -----
    Each iteration minimises the within-cluster sum of squares (the inertia)

    .. math:: J = \sum_i w_i \lVert x_i - c_{\ell_i}\rVert^2

    over one half at a time: :math:`\ell_i = \arg\min_j \lVert x_i - c_j\rVert^2` (assignment), then
    :math:`c_j = \sum_{\ell_i = j} w_i x_i / \sum_{\ell_i = j} w_i` (update). Neither step can raise J.
    The assignment is computed over blocks of rows with :func:`lloyd_partials` (map), whose sums and counts
    are added up (reduce). See the module notes for empty clusters, offsets and extreme magnitudes.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
    >>> res = kmeans(X, 2, init=[[0.0, 0.0], [10.0, 0.0]])
    >>> res.centroids, res.labels, res.inertia, res.n_iter
    (array([[ 0. ,  0.5],
           [10. ,  0.5]]), array([0, 0, 1, 1]), 1.0, 2)
    """
    if type(X).__module__.startswith("dask."):  # a Dask array: the same map and reduce, one graph per step
        from .cluster_dask import kmeans_dask  # imported here only: the in-memory path never imports Dask
        return kmeans_dask(X, k, init=init, max_iter=max_iter, tol=tol, n_init=n_init, rng=rng, metric=metric,
                           sample_weight=sample_weight, record_history=record_history)
    X = as_matrix(X, "X")
    C0 = _check_start(X, k, init)
    check_choice(metric, "metric", METRICS)
    w = _check_weights(sample_weight, len(X))
    max_iter, n_init = check_positive_int(max_iter, "max_iter"), check_positive_int(n_init, "n_init")
    if isinstance(tol, bool) or not (isinstance(tol, numbers.Real) and tol >= 0):
        raise ValueError(f"tol must be a number ≥ 0; got {_received(tol)}")
    record = len(X) <= 20_000 if record_history is None else bool(record_history)
    threshold = tol * float(np.mean(np.var(X, axis=0)))  # variances of the centred data
    g = as_rng(rng)
    starts = [C0] if C0 is not None else (_init_centroids(X, k, init, g, w) for _ in range(n_init))
    return _best_run([_lloyd(X, start, w, metric, max_iter, threshold, record) for start in starts])


def _best_run(runs: list) -> KMeansResult:
    """The run with the lowest inertia; a tie within rounding (the same clustering found twice) goes to the first.

    Without the tolerance, which of two equal runs wins (and so how its clusters are numbered) would depend on
    the last bits of a sum, which differ between machines and BLAS builds."""
    lowest = min(r.inertia for r in runs)
    return next(r for r in runs if r.inertia <= lowest + 1e-9 * abs(lowest))


# -- variants ------------------------------------------------------------------------------------
def _start(X: NDArray, k, init, g: np.random.Generator) -> NDArray:
    """The starting centroids, (k, n_features), from a checked method name or array (a copy: it is moved)."""
    C0 = _check_start(X, k, init)
    return _init_centroids(X, k, init, g, None) if C0 is None else C0.copy()


def online_kmeans(X: ArrayLike, k: int, *, lr="count", n_epochs: int = 1, init="forgy", rng=None) -> KMeansResult:
    r"""Sequential (online) k-means: for each point in turn, move its nearest centroid towards it.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
    lr : "count" or float in (0, 1]
        ``"count"`` uses :math:`\eta = 1/n_j` (n_j: points seen by centroid j, counting its start), which
        makes every centroid exactly the running mean of the points it has absorbed. A constant rate never
        settles: the centroid keeps jumping towards the latest point.
    n_epochs : int
        Passes over the data, each in a new random order.
    init : str or array_like, shape (k, n_features)
    rng : None, int or numpy.random.Generator

    Returns
    -------
    KMeansResult
        ``history`` holds the last 200 ``("update", centroids)`` states (memory does not grow with n).

    Notes
    -----
    .. math:: c_j \leftarrow c_j + \eta\,(x - c_j), \qquad j = \arg\min_l \lVert x - c_l\rVert^2

    Examples
    --------
    >>> res = online_kmeans([[0.0], [2.0], [4.0]], 1, init=[[0.0]], rng=0)
    >>> res.centroids  # the mean of the start and the three points
    array([[1.5]])
    """
    X = _check_X(X)
    if lr != "count" and (isinstance(lr, bool) or not (isinstance(lr, numbers.Real) and 0 < lr <= 1)):
        raise ValueError(f"lr must be 'count' (η = 1/n_j) or a number in (0, 1]; got {_received(lr)}")
    n_epochs = check_positive_int(n_epochs, "n_epochs")
    g = as_rng(rng)
    C = _start(X, k, init, g)
    counts = np.ones(k)
    recent = deque(maxlen=200)  # only the last 200 states: memory does not grow with n
    for _ in range(n_epochs):
        for i in g.permutation(len(X)):  # online by definition: one point at a time
            j = int(np.argmin(np.sum((C - X[i]) ** 2, axis=1)))
            counts[j] += 1
            C[j] += (1.0 / counts[j] if lr == "count" else float(lr)) * (X[i] - C[j])
            recent.append(C.copy())
    labels, _, _, dist = _lloyd_map(X, C)
    return KMeansResult(C, labels, float(dist.sum()), n_epochs * len(X), False, history=[("update", c) for c in recent])


def minibatch_kmeans(X: ArrayLike, k: int, *, batch_size: int = 1024, max_iter: int = 100, init="k-means++",
                     rng=None, init_size: int | None = None) -> KMeansResult:
    r"""Mini-batch k-means (Sculley, 2010): each step assigns a random batch and moves each centroid towards
    its batch points. Memory: one batch at a time.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
    batch_size : int
    max_iter : int
        The number of batches.
    init : str or array_like, shape (k, n_features)
        A method runs on a random sample of ``init_size`` points (default ``max(3·batch_size, 3k)``).
    rng : None, int or numpy.random.Generator
    init_size : int, optional

    Returns
    -------
    KMeansResult

    Notes
    -----
    With :math:`b_j` points of the batch in cluster j, with mean :math:`\bar x_j`, and :math:`n_j` points
    seen so far (this batch included), :math:`c_j \leftarrow (1 - \eta_j)\,c_j + \eta_j \bar x_j` with
    :math:`\eta_j = b_j / n_j`: each centroid is the running mean of every point it was given.

    Examples
    --------
    >>> X = np.array([[0.0], [0.2], [10.0], [10.2]])
    >>> minibatch_kmeans(X, 2, batch_size=4, max_iter=5, init=[[0.0], [10.0]], rng=0).labels
    array([0, 0, 1, 1])
    """
    X = _check_X(X)
    n = X.shape[0]
    C0 = _check_start(X, k, init)
    batch_size = min(check_positive_int(batch_size, "batch_size"), n)
    max_iter = check_positive_int(max_iter, "max_iter")
    m = max(3 * batch_size, 3 * k) if init_size is None else max(k, check_positive_int(init_size, "init_size"))
    g = as_rng(rng)
    # a method seeds on a sample of m points, as scikit-learn does
    C = _init_centroids(X[g.choice(n, size=min(m, n), replace=False)], k, init, g, None) if C0 is None else C0.copy()
    seen = np.zeros(k)
    for _ in range(max_iter):
        _, sums, counts, _ = _lloyd_partials(X[g.integers(0, n, size=batch_size)], C)
        seen += counts
        hit = counts > 0
        C[hit] += (sums[hit] - counts[hit, None] * C[hit]) / seen[hit, None]  # c += (b/n)(x̄ − c)
    labels, _, _, dist = _lloyd_map(X, C)
    return KMeansResult(C, labels, float(dist.sum()), max_iter, False)


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


def fuzzy_cmeans(X: ArrayLike, k: int, m: float = 2.0, *, max_iter: int = 300, tol: float = 1e-6, rng=None,
                 init="k-means++") -> FuzzyResult:
    r"""Fuzzy c-means (Bezdek): every point belongs to every cluster, to a degree.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
    m : float > 1
        The fuzzifier: near 1 the memberships become hard (k-means), large m makes every point belong to
        every cluster equally.
    max_iter : int
    tol : float
        Stop when no membership changes by more than this.
    rng : None, int or numpy.random.Generator
    init : str or array_like, shape (k, n_features)

    Returns
    -------
    FuzzyResult

    Notes
    -----
    .. math:: u_{ij} = \Big(\sum_l (d_{ij}/d_{il})^{2/(m-1)}\Big)^{-1}, \qquad
              c_j = \frac{\sum_i u_{ij}^m x_i}{\sum_i u_{ij}^m}

    Examples
    --------
    >>> f = fuzzy_cmeans([[0.0], [1.0], [10.0], [11.0]], 2, init=[[0.0], [10.0]])
    >>> f.labels, bool(np.allclose(f.memberships.sum(axis=1), 1.0))
    (array([0, 0, 1, 1]), True)
    """
    X = _check_X(X)
    if isinstance(m, bool) or not (isinstance(m, numbers.Real) and m > 1 and math.isfinite(m)):
        raise ValueError(f"m (the fuzzifier) must be a number > 1; got {_received(m)} (m = 1 would be hard k-means)")
    max_iter = check_positive_int(max_iter, "max_iter")
    if isinstance(tol, bool) or not (isinstance(tol, numbers.Real) and tol >= 0):
        raise ValueError(f"tol must be a number ≥ 0; got {_received(tol)}")
    C = _start(X, k, init, as_rng(rng))
    U, p, it = np.full((X.shape[0], k), 1.0 / k), 2.0 / (m - 1.0), 0
    for it in range(1, max_iter + 1):
        D = np.sqrt(_sq_distances(X, C))  # (n, k)
        zero = D <= 1e-12 * D.max()  # on a centroid, up to rounding
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            inv = np.where(zero, 0.0, (D / D.min(axis=1, keepdims=True)) ** -p)  # ratios ≥ 1: no overflow
            U_new = inv / inv.sum(axis=1, keepdims=True)  # rows with a zero distance are replaced below
        hit = zero.any(axis=1)  # a point on a centroid belongs to it fully
        U_new[hit] = zero[hit] / zero[hit].sum(axis=1, keepdims=True)
        # (n, k) weights u^m, each column divided by its largest u first: c_j does not change, and a large m
        # cannot send every weight to 0
        Um = (U_new / U_new.max(axis=0)) ** m
        C = (Um.T @ X) / Um.sum(axis=0)[:, None]  # (k, d)
        done, U = np.abs(U_new - U).max() < tol, U_new
        if done:
            break
    return FuzzyResult(C, U, it, float(np.sum(U ** m * _sq_distances(X, C))))


def kmedoids(X: ArrayLike, k: int, *, metric: str = "euclidean", max_iter: int = 100, rng=None,
             init="k-means++") -> KMeansResult:
    r"""k-medoids (alternating, "Voronoi iteration"): each centre must be a data point.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
    metric : {"euclidean", "manhattan"}
    max_iter : int
    rng : None, int or numpy.random.Generator
    init : str or array_like, shape (k, n_features)
        Each starting centroid is replaced by its nearest data point.

    Returns
    -------
    KMeansResult
        ``inertia`` is the total distance (not squared); ``history`` is ``[("medoids", indices)]``.

    Notes
    -----
    Each medoid is the point of its cluster with the smallest total distance to the others,
    :math:`m_j = \arg\min_{x \in S_j} \sum_{y \in S_j} d(x, y)`. Robust to outliers; the distances within
    a cluster take O(n_j²) memory, so this is meant for small data.

    Examples
    --------
    >>> kmedoids([[0.0], [1.0], [2.0], [10.0], [11.0], [50.0]], 2, init=[[0.0], [10.0]]).centroids
    array([[ 1.],
           [11.]])
    """
    X = _check_X(X)
    check_choice(metric, "metric", METRICS)
    max_iter = check_positive_int(max_iter, "max_iter")
    C0 = _start(X, k, init, as_rng(rng))

    def dist(A, B):  # (len(A), len(B))
        return np.sqrt(_sq_distances(A, B)) if metric == "euclidean" else np.abs(A[:, None] - B[None]).sum(-1)

    medoids, it = np.argmin(_sq_distances(X, C0), axis=0), 0  # the data point nearest to each start
    for it in range(1, max_iter + 1):
        labels = np.argmin(dist(X, X[medoids]), axis=1)
        new = medoids.copy()
        for j in range(k):  # a loop over clusters, not samples
            idx = np.flatnonzero(labels == j)
            if idx.size:
                new[j] = idx[np.argmin(dist(X[idx], X[idx]).sum(axis=1))]
        if np.array_equal(new, medoids):
            break
        medoids = new
    D = dist(X, X[medoids])  # (n, k)
    labels = np.argmin(D, axis=1)
    return KMeansResult(X[medoids], labels, float(D[np.arange(len(X)), labels].sum()), it, True,
                        history=[("medoids", medoids)])


def kmedians(X: ArrayLike, k: int, *, max_iter: int = 100, rng=None, init="k-means++") -> KMeansResult:
    r"""k-medians: assign by L1 (Manhattan) distance, update each centre to the coordinate-wise median.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    k : int
    max_iter : int
    rng : None, int or numpy.random.Generator
    init : str or array_like, shape (k, n_features)

    Returns
    -------
    KMeansResult
        ``inertia`` is the total L1 distance :math:`\sum_i \lVert x_i - c_{\ell_i}\rVert_1`.

    Notes
    -----
    The median minimises the total L1 distance just as the mean minimises the squared Euclidean one:
    :math:`c_{jf} = \operatorname{median}\{x_{if} : \ell_i = j\}`.

    Examples
    --------
    >>> kmedians([[0.0], [1.0], [5.0], [20.0], [21.0]], 2, init=[[0.0], [20.0]]).centroids
    array([[ 1. ],
           [20.5]])
    """
    X = _check_X(X)
    max_iter = check_positive_int(max_iter, "max_iter")
    C = _start(X, k, init, as_rng(rng))
    converged, it = False, 0
    for it in range(1, max_iter + 1):
        labels = _lloyd_map(X, C, None, "manhattan")[0]
        new = C.copy()
        for j in range(k):  # a loop over clusters, not samples
            if np.any(labels == j):
                new[j] = np.median(X[labels == j], axis=0)
        converged, C = np.array_equal(new, C), new
        if converged:
            break
    labels, _, _, dist = _lloyd_map(X, C, None, "manhattan")
    return KMeansResult(C, labels, float(dist.sum()), it, converged)


# -- metrics -------------------------------------------------------------------------------------
def _in_range(value: float, what: str) -> float:
    """``value``, unless it overflowed: then say so (a sum of squares of entries near 1e300, say)."""
    if not math.isfinite(value):
        raise ValueError(f"X has entries so large that the {what} is beyond the float range (about 1.8e308); got "
                         f"{value}: rescale X")
    return value


def wcss(X: ArrayLike, labels: ArrayLike, centroids: ArrayLike | None = None) -> float:
    r"""Within-cluster sum of squares (the inertia).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    labels : array_like of int, shape (n_samples,)
    centroids : array_like, shape (k, n_features), optional
        Default: the cluster means. When given, labels must lie between 0 and k − 1.

    Returns
    -------
    float
        :math:`\sum_i \lVert x_i - c_{\ell_i}\rVert^2`, from exact differences.

    Examples
    --------
    >>> wcss([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]], [0, 0, 1, 1])
    1.0
    """
    X = _check_X(X)
    if centroids is None:
        lab = _check_labels(labels, X.shape[0])
        C = _means(X, lab, int(lab.max()) + 1)  # an unused label gives a NaN row that nobody reads
    else:
        C = as_matrix(centroids, "centroids")
        if C.shape[1] != X.shape[1]:
            raise ValueError(f"centroids must have {X.shape[1]} features like X; got shape {C.shape}")
        lab = _check_labels(labels, X.shape[0], C.shape[0])
    return _in_range(sum_of_squares(X - C[lab]), "WCSS")


def tss(X: ArrayLike) -> float:
    r"""Total sum of squares :math:`\sum_i \lVert x_i - \bar x\rVert^2`.

    Examples
    --------
    >>> tss([[0.0], [2.0]])
    2.0
    """
    X = _check_X(X)
    return _in_range(sum_of_squares(X - X.mean(axis=0)), "TSS")


def bcss(X: ArrayLike, labels: ArrayLike) -> float:
    r"""Between-cluster sum of squares :math:`\sum_j n_j \lVert c_j - \bar x\rVert^2`.

    For the cluster means, TSS = WCSS + BCSS.

    Examples
    --------
    >>> bcss([[0.0], [2.0], [10.0], [12.0]], [0, 0, 1, 1])
    100.0
    """
    X = _check_X(X)
    uniq, lab = np.unique(_check_labels(labels, X.shape[0], names=True), return_inverse=True)
    X = X - X.mean(axis=0)  # (n, d) centred: an offset of the data cancels before anything is squared
    counts = np.bincount(lab).astype(float)  # (k,)
    C = _means(X, lab, len(uniq))  # (k, d)
    with np.errstate(over="ignore"):
        return _in_range(float(counts @ np.sum((C - X.mean(axis=0)) ** 2, axis=1)), "BCSS")


def _cluster_distance_sums(X: NDArray, labels: NDArray, k: int) -> NDArray:
    """(n, k): for every point, the sum of its Euclidean distances to the points of each cluster. The n × n
    distances are visited a block of rows at a time, never stored; the identity of :func:`_sq_distances`,
    with the centring and the norms done once for all blocks and each block updated in place."""
    Xs = X - X.mean(axis=0)  # (n, d) centred: an offset of the data cancels before any square
    x_sq = np.einsum("ij,ij->i", Xs, Xs)  # (n,)
    member = np.zeros((len(X), k))
    member[np.arange(len(X)), labels] = 1.0  # (n, k) one-hot
    sums = np.empty((len(X), k))
    rows = max(1, _SIL_FLOATS // len(X))  # 104 rows at n = 20,000: each (rows, n) block takes 16 MB
    for a in range(0, len(X), rows):  # one loop over blocks of rows
        D = Xs[a:a + rows] @ (-2.0 * Xs.T)  # (rows, n)
        D += x_sq[a:a + rows, None]
        D += x_sq
        i = np.arange(len(D))
        D[i, a + i] = 0.0  # ‖x − x‖² is 0; the identity leaves ε‖x‖², whose root 1e-8‖x‖ would enter a
        sums[a:a + rows] = np.sqrt(np.maximum(D, 0.0, out=D), out=D) @ member  # (rows, n) @ (n, k)
    return sums


def silhouette_samples(X: ArrayLike, labels: ArrayLike) -> NDArray:
    r"""The silhouette of each point.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    labels : array_like of int, shape (n_samples,)
        At least 2 and at most n − 1 distinct clusters.

    Returns
    -------
    ndarray, shape (n_samples,)
        :math:`s_i = (b_i - a_i) / \max(a_i, b_i)`, with :math:`a_i` the mean distance to the other points of
        its cluster and :math:`b_i` the mean distance to the points of the nearest other cluster. A point
        alone in its cluster gets 0 (as in scikit-learn).

    Notes
    -----
    Memory stays O(n·k): the n × n distances are visited a block of rows at a time.

    Examples
    --------
    >>> silhouette_samples([[0.0], [1.0], [10.0], [11.0]], [0, 0, 1, 1]).round(4)  # 1 − 1/10.5, 1 − 1/9.5, …
    array([0.9048, 0.8947, 0.8947, 0.9048])
    """
    X = squarable(_check_X(X))  # the silhouette ignores a common scale: keep the squares in range
    n = X.shape[0]
    uniq, lab = np.unique(_check_labels(labels, n, names=True), return_inverse=True)
    k = len(uniq)
    if not 2 <= k <= n - 1:
        raise ValueError(f"labels must name between 2 and n − 1 = {n - 1} clusters for the silhouette; got {k}")
    counts = np.bincount(lab, minlength=k).astype(float)
    sums = _cluster_distance_sums(X, lab, k)  # (n, k)
    own = np.arange(n), lab
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[own] / (counts[lab] - 1)  # mean distance to the others of its cluster
        means = sums / counts  # (n, k)
        means[own] = np.inf
        b = means.min(axis=1)  # the nearest other cluster
        s = (b - a) / np.maximum(a, b)
    s[counts[lab] == 1] = 0.0
    return np.nan_to_num(s)


def silhouette_score(X: ArrayLike, labels: ArrayLike) -> float:
    r"""Mean silhouette over all points: near 1 well separated, near 0 overlapping, negative misassigned.

    Examples
    --------
    >>> round(silhouette_score([[0.0], [1.0], [10.0], [11.0]], [0, 0, 1, 1]), 4)
    0.8997
    """
    return float(np.mean(silhouette_samples(X, labels)))


def davies_bouldin(X: ArrayLike, labels: ArrayLike) -> float:
    r"""Davies–Bouldin index: lower is better.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    labels : array_like of int, shape (n_samples,)
        At least 2 distinct clusters.

    Returns
    -------
    float
        :math:`\frac{1}{k}\sum_i \max_{j \ne i} \frac{s_i + s_j}{\lVert c_i - c_j\rVert}`, with :math:`s_i`
        the mean distance of cluster i's points to its centroid :math:`c_i`. As in scikit-learn, it is 0
        when every :math:`s_i` is 0 or every centroid coincides, and a pair of coinciding centroids is
        left out.

    Examples
    --------
    >>> davies_bouldin([[0.0], [2.0], [10.0], [12.0]], [0, 0, 1, 1])
    0.2
    """
    X = squarable(_check_X(X))  # the index ignores a common scale: keep the squares in range
    uniq, lab = np.unique(_check_labels(labels, X.shape[0], names=True), return_inverse=True)
    k = len(uniq)
    if k < 2:
        raise ValueError(f"labels must name at least 2 clusters for the Davies–Bouldin index; got {k}")
    X = X - X.mean(axis=0)  # (n, d) centred: an offset of the data cancels before anything is squared
    counts = np.bincount(lab).astype(float)  # (k,)
    C = _means(X, lab, k)  # (k, d)
    s = np.bincount(lab, weights=np.sqrt(np.sum((X - C[lab]) ** 2, axis=1)), minlength=k) / counts  # (k,)
    D = np.sqrt(np.sum((C[:, None, :] - C[None, :, :]) ** 2, axis=2))  # (k, k) exact differences
    if not s.any() or not D.any():
        return 0.0
    R = (s[:, None] + s[None, :]) / np.where(D > 0, D, np.inf)  # (k, k); coinciding centroids are left out
    np.fill_diagonal(R, 0.0)
    return float(np.mean(R.max(axis=1)))


def elbow(X: ArrayLike, ks=range(1, 11), *, n_init: int = 5, rng=0) -> dict:
    """WCSS (and, for k ≥ 2, the silhouette) of the best of ``n_init`` k-means runs for each k.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [10.0], [11.0]])
    >>> elbow(X, ks=[1, 2], n_init=2)["wcss"]
    [101.0, 1.0]
    """
    X = _check_X(X)
    if isinstance(ks, (str, bytes)) or not np.iterable(ks):
        raise TypeError(f"ks must be a list of cluster counts; got {_received(ks)}")
    bad = [k for k in ks if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= len(X)]
    if bad:
        raise ValueError(f"ks must be cluster counts between 1 and the number of samples ({len(X)}); got {bad[0]!r}")
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
    """Gaussian blobs: ``(X, labels)``. ``centers`` is a count (placed uniformly in ``box``, in the plane) or a
    (k, d) array; ``std`` one standard deviation > 0, or one per blob.

    Examples
    --------
    >>> X, labels = make_blobs(6, [[0.0, 0.0], [10.0, 10.0]], std=0.1)
    >>> X.shape, labels
    ((6, 2), array([0, 1, 0, 1, 0, 1]))
    """
    n = check_positive_int(n, "n")
    g = as_rng(rng)
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        centers = g.uniform(*box, size=(check_positive_int(centers, "centers"), 2))
    centers = as_matrix(centers, "centers")
    k = len(centers)
    stds = as_vector(np.reshape(std, -1), "std")
    if stds.size not in (1, k) or stds.min() <= 0:
        raise ValueError(f"std must be a number > 0 or {k} of them, one per blob; got {std!r:.60}")
    stds = np.broadcast_to(stds, (k,))
    labels = np.arange(n) % k
    X = centers[labels] + g.normal(size=(n, centers.shape[1])) * stds[labels, None]
    return X, labels


def make_rings(n: int = 400, *, radii=(1.0, 3.0), noise=0.15, rng=0):
    """Concentric rings, ``(X, labels)``: a shape k-means cannot separate (its clusters are convex Voronoi cells).

    Examples
    --------
    >>> X, labels = make_rings(4, radii=(1.0, 3.0), noise=0.0)
    >>> np.hypot(*X.T).round(12), labels
    (array([1., 3., 1., 3.]), array([0, 1, 0, 1]))
    """
    n = check_positive_int(n, "n")
    radii = as_vector(radii, "radii")
    if radii.min() < 0:
        raise ValueError(f"radii must be ≥ 0; got {radii.min()} at index {np.argmin(radii)}")
    if isinstance(noise, bool) or not (isinstance(noise, numbers.Real) and 0 <= noise < math.inf):
        raise ValueError(f"noise must be a finite number ≥ 0 (a standard deviation); got {_received(noise)}")
    g = as_rng(rng)
    labels = np.arange(n) % len(radii)
    t = g.uniform(0, 2 * np.pi, n)
    r = radii[labels] + g.normal(0, noise, n)
    return np.column_stack([r * np.cos(t), r * np.sin(t)]), labels


def make_customers(n: int = 600, rng=0) -> tuple[NDArray, tuple[str, ...], NDArray]:
    """A SYNTHETIC customer table: recency (days), frequency (orders/year), monetary ($/year), age (years).

    Recipe: three made-up segments (regulars, big spenders, lapsed) in proportions 0.5 / 0.2 / 0.3, each
    with its own recency (exponential), frequency (Poisson), spending (log-normal) and age (normal). The
    columns differ in scale by orders of magnitude, which is the point: unscaled, "monetary" decides the
    clustering alone. Returns ``(X, column_names, segment)``.

    Examples
    --------
    >>> X, names, segment = make_customers(5)
    >>> X.shape, names[2]
    ((5, 4), 'monetary_per_year')
    """
    n = check_positive_int(n, "n")
    g = as_rng(rng)
    seg = g.choice(3, size=n, p=[0.5, 0.2, 0.3])
    recency = g.exponential(np.array([20.0, 15.0, 200.0])[seg])
    frequency = g.poisson(np.array([12.0, 25.0, 2.0])[seg]).astype(float)
    monetary = g.lognormal(np.log(np.array([600.0, 5000.0, 150.0]))[seg], 0.4)
    age = g.normal(np.array([38.0, 46.0, 33.0])[seg], 9.0)
    return (np.column_stack([recency, frequency, monetary, age]),
            ("recency_days", "frequency_per_year", "monetary_per_year", "age"), seg)
