r"""k-means on a Dask array: the MAP (:func:`mlviz.cluster.lloyd_partials`) on every chunk of rows, one REDUCE.

:func:`mlviz.cluster.kmeans` hands a ``dask.array.Array`` to :func:`kmeans_dask`, and imports this module only
then: the in-memory path never imports Dask. Each assignment step is one Dask graph (:func:`lloyd_step`), run by
the scheduler in use: a ``distributed.Client`` if one is connected, threads otherwise.

- MAP, one task per chunk of rows: ``lloyd_partials(X_chunk, C)``, the same code the in-memory path runs on its
  blocks of rows. A chunk sends back its (k, d) sums, its (k,) counts, its part of the inertia and an 8-byte
  digest of its labels, never its points or its labels;
- REDUCE, one task: add the partials up. The client divides, :math:`c_j = \sum \text{sums}_j / \sum
  \text{counts}_j`, and sends the (k, d) centroids with the next graph.

The labels of the final centroids are returned as a lazy Dask array (``map_blocks``), computed where the
chunks live. Data that does not fit in memory is never gathered: a chunk exists while its task runs.

**Equal to the in-memory run.** From the same starting centroids, the labels are identical and the centroids
and inertia agree to rounding (the partials are added in another order), whatever the chunking. A run stops
as in memory: when the centroids move less than the tolerance, or when no point changed cluster (no chunk's
digest changed). **Empty clusters** are handled as in memory: the m empty clusters take the m worst-served
points (the largest distances to their centroid, ties to the lowest row). A second small graph finds them
(each chunk sends its m largest distances with their rows), then the step's partials are recomputed with
those points moved.

**Initialization.** ``init`` as an array is exact. ``"random"`` (uniform in the bounding box, found in one
pass) and ``"forgy"`` (k rows drawn at random) draw what the in-memory methods draw from the same ``rng``:
exact too. ``"k-means++"`` runs on a random sample of ``INIT_SAMPLE`` rows brought to the client, an
approximation of the in-memory method, which weighs every point's :math:`D^2` (exact when n ≤ ``INIT_SAMPLE``:
then the sample is all of X). ``"random_partition"`` would draw a label for every point and is refused.

**Bad input** is refused before anything runs where its metadata tell (shape, dtype, chunks along the
columns, ``init``, ``sample_weight``); NaN, inf and extreme magnitudes in X are found when a chunk is
computed, and the error names X and the row.
"""
from __future__ import annotations

import hashlib
import math
import numbers

import dask
import dask.array as da
import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import _received, as_matrix, as_rng, check_choice, check_positive_int, scale_exponent
from .cluster import (INITS, METRICS, KMeansResult, _best_run, _check_weights, _cluster_sums, _kmeans_plusplus,
                      _lloyd_partials)

__all__ = ["INIT_SAMPLE", "kmeans_dask", "lloyd_step"]

INIT_SAMPLE = 100_000  # rows that k-means++ seeds from (brought to the client: 6.4 MB at 8 features)
_NO_MOVES = np.empty((0, 2), dtype=np.intp)  # (m, 2): global row, the empty cluster it moves to


# -- input checks: what the metadata tell, before anything is computed -------------------------------
def _check_dask_X(X) -> da.Array:
    if not isinstance(X, da.Array):
        raise TypeError(f"X must be a dask.array.Array here; got {type(X).__name__} (a Dask DataFrame: use "
                        f".to_dask_array(lengths=True))")
    if X.ndim != 2 or X.dtype.kind not in "biuf" or any(math.isnan(s) or s == 0 for s in X.shape):
        raise ValueError(f"X must be a non-empty 2-D (n_samples, n_features) Dask array of real numbers with known "
                         f"chunk sizes; got shape {X.shape} and dtype {X.dtype}")
    if len(X.chunks[1]) != 1:
        raise ValueError(f"X must be chunked along the rows only, each chunk holding all {X.shape[1]} columns; got "
                         f"column chunks {X.chunks[1]}: use X.rechunk({{1: -1}})")
    return X.astype(np.float64)


def _check_dask_weights(w, X: da.Array) -> da.Array | None:
    """sample_weight as a 1-D Dask array chunked like X's rows (an in-memory vector is chunked so)."""
    if w is None:
        return None
    if not isinstance(w, da.Array):
        return da.from_array(_check_weights(w, X.shape[0]), chunks=(X.chunks[0],))
    if w.ndim != 1 or w.chunks[0] != X.chunks[0]:
        raise ValueError(f"sample_weight must be a 1-D Dask array chunked like the rows of X, {X.chunks[0]}; got "
                         f"chunks {w.chunks}: use sample_weight.rechunk(X.chunks[0])")
    lo, hi = dask.compute(w.min(), w.max())  # one pass over n numbers: NaN fails lo >= 0
    if not (lo >= 0 and 0 < hi < math.inf):
        raise ValueError(f"sample_weight must be {X.shape[0]} weights ≥ 0, not all 0; got {w.shape} from {lo} to {hi}")
    return w.astype(np.float64)


def _check_dask_start(X: da.Array, k, init) -> NDArray | None:
    """As cluster._check_start: k, and init (None for a method name, else the (k, n_features) centroids)."""
    if check_positive_int(k, "k") > X.shape[0]:
        raise ValueError(f"k must be between 1 and the number of samples ({X.shape[0]}); got {k}")
    if isinstance(init, str):
        check_choice(init, "init", INITS)
        if init == "random_partition":
            raise ValueError("init must be 'random', 'forgy', 'k-means++' or an array for a Dask array; got "
                             "'random_partition' (it would draw a label for every point on the client)")
        return None
    C0 = as_matrix(init, "init")
    if C0.shape != (k, X.shape[1]):
        raise ValueError(f"init must be a method name or a (k, n_features) = ({k}, {X.shape[1]}) array; got {C0.shape}")
    if scale_exponent(C0):
        raise ValueError(f"init must have sizes from about 1e-77 to 1e77 (squares in the float range); got "
                         f"{np.abs(C0).max():.3g}: rescale")
    return C0


def _check_chunk(X_chunk: NDArray, C: NDArray, start: int) -> None:
    """Refuse NaN, inf and extreme magnitudes in a chunk of X (rows start, start + 1, ...), once it exists."""
    lo, hi = X_chunk.min(), X_chunk.max()  # NaN propagates into both
    if not (np.isfinite(lo) and np.isfinite(hi)):
        i, j = np.argwhere(~np.isfinite(X_chunk))[0]
        raise ValueError(f"X must contain only finite numbers; got {X_chunk[i, j]} at index ({start + i}, {j})")
    if scale_exponent(np.array([lo, hi]), C):  # X's extremes decide, as in memory
        raise ValueError(f"X must have sizes from about 1e-77 to 1e77 (squares in the float range); got "
                         f"{max(-lo, hi):.3g} in rows {start} to {start + len(X_chunk) - 1}: rescale")


# -- MAP, on one chunk ---------------------------------------------------------------------------------
def _assign_chunk(X_chunk, w_chunk, C, metric, start, moves):
    """:func:`lloyd_partials` on one chunk of rows (rows start, start + 1, ... of X), with the rows listed in
    ``moves`` (global row, new cluster) moved to their empty cluster first. (labels, sums, counts, dist)."""
    _check_chunk(X_chunk, C, start)
    labels, sums, counts, dist = _lloyd_partials(X_chunk, C, w_chunk, metric)
    here = (moves[:, 0] >= start) & (moves[:, 0] < start + len(X_chunk))
    if here.any():  # a worst-served point of this chunk re-seeds an empty cluster: recount the chunk
        labels[moves[here, 0] - start] = moves[here, 1]
        mean = C.mean(axis=0)  # (d,): the same shift as lloyd_partials, for the same exactness at offsets
        sums, counts = _cluster_sums(X_chunk - mean, labels, len(C), w_chunk)  # (k, d), (k,)
        sums = sums + np.outer(counts, mean)
    return labels, sums, counts, dist


def _map(X_chunk, w_chunk, C, metric, start, moves):
    """The MAP task: the chunk's (k, d) sums, (k,) counts, inertia term and 8-byte digest of its labels."""
    labels, sums, counts, dist = _assign_chunk(X_chunk, w_chunk, C, metric, start, moves)
    inertia = dist.sum() if w_chunk is None else dist @ w_chunk
    small = labels.astype(np.min_scalar_type(len(C) - 1))  # one byte a label for k ≤ 256: hashed 8× faster
    return sums, counts, inertia, hashlib.blake2b(small.tobytes(), digest_size=8).digest()


def _reduce(parts):
    """The REDUCE task: add up the chunks' partials (in chunk order, so a run is reproducible)."""
    sums, counts, inertia, digests = zip(*parts)
    return sum(sums), sum(counts), float(sum(inertia)), digests


def _worst(X_chunk, C, metric, start, m):
    """The chunk's m worst-served points: (−distance, global row) pairs, to be sorted with the other chunks'."""
    dist = _assign_chunk(X_chunk, None, C, metric, start, _NO_MOVES)[3]  # (rows,)
    return [(-dist[i], start + i) for i in np.argsort(-dist, kind="stable")[:m]]


def _checked_chunk(X_chunk, block_info=None):
    """The chunk itself, once checked (for the pass that measures the variances: NaN is named, not averaged)."""
    _check_chunk(X_chunk, np.zeros((1, X_chunk.shape[1])), block_info[0]["array-location"][0][0])
    return X_chunk


def _chunk_labels(X_chunk, C, metric, moves, block_info=None):
    """(rows,) labels of one chunk, for ``map_blocks``."""
    start = block_info[0]["array-location"][0][0]  # the chunk's first row in X
    return _assign_chunk(X_chunk, None, C, metric, start, moves)[0]


# -- one step, and Lloyd's loop --------------------------------------------------------------------
def _chunks(X: da.Array):
    """(chunk, its first row in X) for each chunk of rows, as Dask delayed objects and ints."""
    return zip(X.to_delayed()[:, 0], np.cumsum((0,) + X.chunks[0][:-1]).tolist())


def _step(X: da.Array, w: da.Array | None, C: NDArray, metric: str, moves: NDArray = _NO_MOVES):
    """One assignment step as one graph: a MAP task per chunk of rows, fanning into one REDUCE (not run)."""
    ws = [None] * X.numblocks[0] if w is None else w.to_delayed()
    return dask.delayed(_reduce)([dask.delayed(_map)(x, wc, C, metric, start, moves)
                                  for (x, start), wc in zip(_chunks(X), ws)])


def _worst_rows(X: da.Array, C: NDArray, metric: str, m: int) -> NDArray:
    """(m,) rows of X with the m largest distances to their centroid, ties to the lowest row: a small graph
    in which each chunk sends its own m worst, then one sort."""
    worst = dask.compute(*[dask.delayed(_worst)(x, C, metric, start, m) for x, start in _chunks(X)])
    return np.array([row for _, row in sorted(sum(worst, []))[:m]])


def _labels(X: da.Array, C: NDArray, metric: str, moves: NDArray = _NO_MOVES) -> da.Array:
    """(n,) labels of the centroids C, lazily, chunked like X's rows."""
    return X.map_blocks(_chunk_labels, C=C, metric=metric, moves=moves, dtype=np.intp, drop_axis=1)


def _lloyd_dask(X, w, C, metric, max_iter, threshold, record) -> KMeansResult:
    """One run of Lloyd's algorithm from the centroids C, as ``cluster._lloyd``: each step one Dask graph."""
    history, trace, n_fixed, before = [("init", C.copy())] if record else [], [], 0, None
    for it in range(1, max_iter + 1):
        sums, counts, inertia, digests = _step(X, w, C, metric).compute()  # map and reduce: (k, d), (k,)
        moves = _NO_MOVES
        if not counts.all():  # an empty cluster takes the worst-served point (see the module notes)
            empty = np.flatnonzero(counts == 0)
            moves = np.column_stack([_worst_rows(X, C, metric, empty.size), empty])  # (m, 2): row, cluster
            sums, counts, _, digests = _step(X, w, C, metric, moves).compute()
            n_fixed += empty.size
        new = np.divide(sums, counts[:, None], out=C.copy(), where=counts[:, None] > 0)  # update step (k, d)
        # converged: the centroids moved less than the tolerance, or no point changed cluster (a fixed point)
        converged = float(np.sum((new - C) ** 2)) <= threshold or digests == before
        if record:  # the labels of each assignment stay lazy: nothing of size n comes back
            history += [("assign", _labels(X, C, metric, moves)), ("update", new)]
            trace.append(inertia)
        C, before = new, digests
        if converged:
            break
    inertia = _step(X, w, C, metric).compute()[2]  # the inertia that goes with the final centroids
    return KMeansResult(C, _labels(X, C, metric), inertia, it, converged, n_fixed, history, trace)


def _start_dask(X: da.Array, k: int, init: str, g: np.random.Generator, w: da.Array | None) -> NDArray:
    """Starting centroids from a method name, drawn as in memory (see the module notes)."""
    if init == "random":
        lo, hi = dask.compute(X.min(axis=0), X.max(axis=0))  # (d,), (d,): the bounding box, in one pass
        return lo + g.random((k, X.shape[1])) * (hi - lo)
    if init == "forgy":
        return X[g.choice(X.shape[0], size=k, replace=False)].compute()
    rows = slice(None) if X.shape[0] <= INIT_SAMPLE else np.sort(g.choice(X.shape[0], INIT_SAMPLE, replace=False))
    sample, ws = dask.compute(X[rows], None if w is None else w[rows])  # (m, d), (m,) on the client
    if not np.isfinite(sample).all():
        raise ValueError(f"X must contain only finite numbers; got {sample[~np.isfinite(sample)][0]} in the rows "
                         f"sampled for k-means++")
    return _kmeans_plusplus(sample, k, ws, g, 2 + int(math.log(k)))


def kmeans_dask(X, k: int, *, init="k-means++", max_iter: int = 300, tol: float = 1e-4, n_init: int = 1, rng=None,
                metric: str = "euclidean", sample_weight=None, record_history: bool | None = None) -> KMeansResult:
    r"""Lloyd's algorithm on a Dask array: :func:`mlviz.cluster.kmeans` calls it for a ``dask.array.Array``.

    Parameters
    ----------
    X : dask.array.Array, shape (n_samples, n_features)
        Chunked along the rows only (each chunk holds every column).
    k, init, max_iter, tol, n_init, rng, metric, record_history
        As in :func:`mlviz.cluster.kmeans`; see the module notes for which ``init`` methods are exact.
    sample_weight : dask.array.Array or array_like, shape (n_samples,), optional
        A Dask array must be chunked like the rows of X.

    Returns
    -------
    KMeansResult
        ``labels`` (and the labels in ``history``) are lazy Dask arrays, chunked like X's rows.

    Notes
    -----
    One iteration is one MAP over the chunks :math:`X_1, \dots, X_B` and one REDUCE:

    .. math:: (\text{sums}_b, \text{counts}_b) = \texttt{lloyd\_partials}(X_b, C), \qquad
              c_j \leftarrow \frac{\sum_b \text{sums}_{b,j}}{\sum_b \text{counts}_{b,j}}

    Only the :math:`B` partials of size k × d (and an 8-byte digest of each chunk's labels) leave the workers.

    Examples
    --------
    >>> X = da.from_array(np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]]), chunks=(1, 2))
    >>> res = kmeans_dask(X, 2, init=[[0.0, 0.0], [10.0, 0.0]])   # four chunks of one row
    >>> res.centroids, res.labels.compute(), res.inertia, res.n_iter
    (array([[ 0. ,  0.5],
           [10. ,  0.5]]), array([0, 0, 1, 1]), 1.0, 2)
    """
    X = _check_dask_X(X)
    C0 = _check_dask_start(X, k, init)
    check_choice(metric, "metric", METRICS)
    w = _check_dask_weights(sample_weight, X)
    max_iter, n_init = check_positive_int(max_iter, "max_iter"), check_positive_int(n_init, "n_init")
    if isinstance(tol, bool) or not (isinstance(tol, numbers.Real) and tol >= 0):
        raise ValueError(f"tol must be a number ≥ 0; got {_received(tol)}")
    record = X.shape[0] <= 20_000 if record_history is None else bool(record_history)
    # one pass, only when needed; chunks are checked first, so that a NaN is named rather than averaged
    threshold = tol * float(X.map_blocks(_checked_chunk, dtype=np.float64).var(axis=0).mean().compute()) if tol > 0 else 0.0
    g = as_rng(rng)
    return _best_run([_lloyd_dask(X, w, _start_dask(X, k, init, g, w) if C0 is None else C0, metric, max_iter,
                                  threshold, record) for _ in range(n_init if C0 is None else 1)])


def lloyd_step(X, centroids: ArrayLike, *, sample_weight=None, metric: str = "euclidean"):
    r"""One assignment step on a Dask array as a graph, not run: a MAP task per chunk of rows, one REDUCE.

    Parameters
    ----------
    X : dask.array.Array, shape (n_samples, n_features)
        Chunked along the rows only.
    centroids : array_like, shape (n_clusters, n_features)
    sample_weight : dask.array.Array or array_like, shape (n_samples,), optional
    metric : {"euclidean", "manhattan"}

    Returns
    -------
    dask.delayed.Delayed
        ``.compute()`` gives ``(sums, counts, inertia, digests)``: the (k, d) sums and (k,) counts of
        :math:`\sum_b \texttt{lloyd\_partials}(X_b, C)`, the inertia :math:`\sum_i w_i \lVert x_i -
        c_{\ell_i}\rVert^2` and one 8-byte digest of each chunk's labels. Its graph (``.dask``) can be drawn.

    Examples
    --------
    >>> X = da.from_array(np.array([[0.0], [1.0], [10.0], [12.0]]), chunks=(2, 1))
    >>> sums, counts, inertia, _ = lloyd_step(X, [[0.0], [10.0]]).compute()
    >>> sums[:, 0], counts, inertia   # the sums of {0, 1} and {10, 12}; 0 + 1 + 0 + 4
    (array([ 1., 22.]), array([2., 2.]), 5.0)
    """
    X = _check_dask_X(X)
    C = as_matrix(centroids, "centroids")
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"centroids must have {X.shape[1]} features like X; got shape {C.shape}")
    check_choice(metric, "metric", METRICS)
    return _step(X, _check_dask_weights(sample_weight, X), C, metric)
