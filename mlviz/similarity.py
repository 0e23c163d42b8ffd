r"""Vectors and how alike they are: dot product, norms, cosine, projection, distances.

One-vector functions (``dot``, ``cosine_similarity``, ``euclidean`` ...) take two
1-D vectors of the same length. ``pairwise`` computes a whole (n_samples_X,
n_samples_Y) matrix at once, in row chunks, through matrix products (BLAS).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .attention import softmax  # noqa: F401  (lives in mlviz.attention; re-exported for notebook 01)
from ._validation import (
    as_matrix,
    as_rng,
    as_vector,
    check_choice,
    check_nonzero,
    check_positive_int,
    check_same_length,
    check_spd,
    scale_exponent,
)

__all__ = [
    "dot",
    "norm",
    "cosine_similarity",
    "angle",
    "Projection",
    "project",
    "scaled_dot",
    "euclidean",
    "manhattan",
    "cosine_distance",
    "mahalanobis",
    "pairwise",
    "METRICS",
    "softmax",
    "random_dot_products",
]


def _pair(a: ArrayLike, b: ArrayLike, names=("a", "b")) -> tuple[NDArray, NDArray]:
    a = as_vector(a, names[0])
    b = as_vector(b, names[1])
    check_same_length(a, b, names)
    return a, b


def dot(a: ArrayLike, b: ArrayLike) -> float:
    r"""Dot product of two vectors.

    Parameters
    ----------
    a, b : array_like, shape (n_features,)

    Returns
    -------
    float

    Notes
    -----
    .. math:: a \cdot b = \sum_i a_i b_i = \|a\| \|b\| \cos\theta

    Examples
    --------
    >>> dot([1, 2, 3], [4, 5, 6])
    32.0
    """
    a, b = _pair(a, b)
    return float(a @ b)


def norm(a: ArrayLike, ord: int | float = 2) -> float:
    r"""Length of a vector: L2 (default), L1 (``ord=1``) or max (``ord=np.inf``).

    Parameters
    ----------
    a : array_like, shape (n_features,)
    ord : {2, 1, inf}

    Notes
    -----
    .. math:: \|a\|_2 = \sqrt{a \cdot a}

    Examples
    --------
    >>> norm([3, 4]), norm([3, -4], ord=1)
    (5.0, 7.0)
    """
    a = as_vector(a, "a")
    if ord == 2:
        return float(np.sqrt(a @ a))
    if ord == 1:
        return float(np.abs(a).sum())
    if ord == np.inf:
        return float(np.abs(a).max())
    raise ValueError(f"ord must be one of 1, 2, np.inf; got {ord!r}")


def _unit_pair(a, b, why):
    a, b = _pair(a, b)
    check_nonzero(a, "a", why)
    check_nonzero(b, "b", why)
    return a, b


def _cos(a: NDArray, b: NDArray) -> float:
    # Dividing by the largest entry first keeps ‖a‖² from overflowing for huge vectors;
    # the clip guards arccos against rounding just past ±1.
    a, b = a / np.abs(a).max(), b / np.abs(b).max()
    cos = (a / np.linalg.norm(a)) @ (b / np.linalg.norm(b))
    return float(np.clip(cos, -1.0, 1.0))


def cosine_similarity(a: ArrayLike, b: ArrayLike) -> float:
    r"""Cosine of the angle between two non-zero vectors, in [-1, 1].

    Notes
    -----
    .. math:: \cos\theta = \frac{a \cdot b}{\|a\| \|b\|}

    Examples
    --------
    >>> cosine_similarity([1, 0], [1, 1])  # 45 degrees
    0.7071067811865475
    """
    return _cos(*_unit_pair(a, b, "cosine similarity"))


def angle(a: ArrayLike, b: ArrayLike, *, degrees: bool = False) -> float:
    r"""Angle between two non-zero vectors, in radians (or degrees), in [0, π].

    Notes
    -----
    .. math:: \theta = \arccos \frac{a \cdot b}{\|a\| \|b\|}

    Examples
    --------
    >>> angle([1, 0], [0, 2], degrees=True)
    90.0
    """
    theta = float(np.arccos(_cos(*_unit_pair(a, b, "an angle"))))
    return float(np.degrees(theta)) if degrees else theta


@dataclass(frozen=True)
class Projection:
    """Projection of ``a`` onto the direction of ``onto``.

    Attributes
    ----------
    scalar : float
        Signed length of the shadow of ``a`` along ``onto``: ``a·onto / ‖onto‖``.
    vector : ndarray, shape (n_features,)
        The shadow itself: ``(a·onto / ‖onto‖²) onto``.
    """

    scalar: float
    vector: NDArray[np.floating]


def project(a: ArrayLike, onto: ArrayLike) -> Projection:
    r"""Scalar and vector projection of ``a`` onto ``onto``.

    Notes
    -----
    .. math::
        \operatorname{comp}_b a = \frac{a \cdot b}{\|b\|}, \qquad
        \operatorname{proj}_b a = \frac{a \cdot b}{\|b\|^2}\, b

    Examples
    --------
    >>> p = project([2, 3], onto=[4, 0])
    >>> p.scalar, p.vector.tolist()
    (2.0, [2.0, 0.0])
    """
    a, b = _pair(a, onto, ("a", "onto"))
    check_nonzero(b, "onto", "a projection")
    bb = float(b @ b)
    ab = float(a @ b)
    return Projection(scalar=float(ab / np.sqrt(bb)), vector=(ab / bb) * b)


def scaled_dot(q: ArrayLike, k: ArrayLike) -> float:
    r"""Dot product divided by √d, where d is the number of components.

    This is the attention score. Dividing by √d (not by a norm) keeps the
    variance of q·k near 1 when q and k have independent unit-variance entries.

    Notes
    -----
    .. math:: \text{score} = \frac{q \cdot k}{\sqrt{d}}

    Examples
    --------
    >>> scaled_dot([1, 1, 1, 1], [1, 0, 1, 0])
    1.0
    """
    q, k = _pair(q, k, ("q", "k"))
    return float(q @ k / np.sqrt(q.size))


def euclidean(a: ArrayLike, b: ArrayLike) -> float:
    r"""Straight-line distance.

    Notes
    -----
    .. math:: d(a, b) = \sqrt{\sum_i (a_i - b_i)^2}

    Examples
    --------
    >>> round(euclidean([3, 4], [1, 2]), 4)
    2.8284
    """
    a, b = _pair(a, b)
    return float(np.linalg.norm(a - b))


def manhattan(a: ArrayLike, b: ArrayLike) -> float:
    r"""City-block (L1) distance.

    Notes
    -----
    .. math:: d(a, b) = \sum_i |a_i - b_i|

    Examples
    --------
    >>> manhattan([3, 4], [1, 2])
    4.0
    """
    a, b = _pair(a, b)
    return float(np.abs(a - b).sum())


def cosine_distance(a: ArrayLike, b: ArrayLike) -> float:
    r"""One minus the cosine similarity, in [0, 2]. Not a metric: the triangle inequality can fail.

    Notes
    -----
    .. math:: d(a, b) = 1 - \frac{a \cdot b}{\|a\| \|b\|}

    Examples
    --------
    >>> cosine_distance([1, 0], [-1, 0])
    2.0
    """
    return 1.0 - _cos(*_unit_pair(a, b, "cosine distance"))


def mahalanobis(a: ArrayLike, b: ArrayLike, cov: ArrayLike) -> float:
    r"""Distance measured in units of the data's spread, for a covariance ``cov``.

    Parameters
    ----------
    a, b : array_like, shape (n_features,)
    cov : array_like, shape (n_features, n_features)
        Symmetric positive definite covariance matrix S.

    Notes
    -----
    .. math:: d(a, b) = \sqrt{(a - b)^\top S^{-1} (a - b)}

    Computed by whitening: with S = L Lᵀ (Cholesky), d = ‖L⁻¹(a − b)‖.

    Examples
    --------
    >>> mahalanobis([2, 0], [0, 0], cov=[[4, 0], [0, 1]])
    1.0
    """
    a, b = _pair(a, b)
    L = check_spd(cov, "cov", a.size)
    return float(np.linalg.norm(np.linalg.solve(L, a - b)))


def random_dot_products(d: int, n_pairs: int = 2000, *, rng=None) -> NDArray[np.floating]:
    r"""Dot products q·k of ``n_pairs`` random vector pairs with independent N(0, 1) entries.

    Their mean is 0 and their variance is d, which is why attention divides by √d.

    Examples
    --------
    >>> random_dot_products(4, 3, rng=0).shape
    (3,)
    """
    d = check_positive_int(d, "d")
    n_pairs = check_positive_int(n_pairs, "n_pairs")
    rng = as_rng(rng)
    q = rng.standard_normal((n_pairs, d))  # (n_pairs, d)
    k = rng.standard_normal((n_pairs, d))
    return np.einsum("ij,ij->i", q, k)  # (n_pairs,)


# --------------------------------------------------------------------------- all pairs

METRICS = ("dot", "cosine_similarity", "euclidean", "sqeuclidean", "manhattan", "cosine_distance", "mahalanobis")

_CHUNK_BYTES = 16 * 2**20  # temporaries per chunk stay under this, whatever the input size


def _rows_per_chunk(n_cols: int, itemsize: int) -> int:
    return max(1, _CHUNK_BYTES // max(1, n_cols * itemsize))


def _row_norms_sq(X: NDArray) -> NDArray:
    return np.einsum("ij,ij->i", X, X)  # no n×d temporary, unlike (X**2).sum(1)


def pairwise(
    X: ArrayLike,
    Y: ArrayLike | None = None,
    metric: str = "euclidean",
    *,
    cov: ArrayLike | None = None,
) -> NDArray[np.floating]:
    r"""All-pairs similarity or distance between the rows of X and the rows of Y.

    Parameters
    ----------
    X : array_like, shape (n_samples_X, n_features)
    Y : array_like, shape (n_samples_Y, n_features), optional
        Defaults to X.
    metric : {"dot", "cosine_similarity", "euclidean", "sqeuclidean", "manhattan", "cosine_distance", "mahalanobis"}
    cov : array_like, shape (n_features, n_features), optional
        Covariance for ``"mahalanobis"``; defaults to the sample covariance of X.

    Returns
    -------
    ndarray, shape (n_samples_X, n_samples_Y)
        float32 if both inputs are float32, else float64.

    Notes
    -----
    Euclidean distances use the dot-product identity, so the heavy work is one
    matrix product per chunk:

    .. math:: \|x - y\|^2 = \|x\|^2 - 2\, x \cdot y + \|y\|^2

    Rounding can make the right-hand side slightly negative for near-identical
    rows; it is clipped at 0, and ``pairwise(X)`` sets its diagonal to exactly 0.
    When the largest entry is so large or so small that the squares would overflow
    or underflow (beyond about 1e±9 in float32, 1e±77 in float64), both sides are
    first scaled by a power of two (exact) and the distances scaled back.
    Cosine similarities are not clipped, so they may exceed 1 by a rounding error
    (as in scikit-learn); cosine distances are clipped to [0, 2]. Each row is scaled
    to length 1 first (rows whose Σx² would under- or overflow are scaled by a power
    of two before that), so tiny and huge rows get their true direction.
    Mahalanobis whitens both sides with L⁻¹ (S = L Lᵀ) and then is Euclidean.
    Rows of X are processed in chunks so extra memory stays near the output size.

    Examples
    --------
    >>> pairwise([[0, 0], [3, 4]], [[0, 0]]).ravel().tolist()
    [0.0, 5.0]
    """
    check_choice(metric, "metric", METRICS)
    X = as_matrix(X, "X")
    same = Y is None
    Y = X if same else as_matrix(Y, "Y")
    check_same_length(X, Y, ("X", "Y"))
    dtype = np.result_type(X.dtype, Y.dtype)
    X, Y = X.astype(dtype, copy=False), Y.astype(dtype, copy=False)
    L = None
    if metric == "mahalanobis":
        L = check_spd(np.cov(X, rowvar=False) if cov is None else cov, "cov", X.shape[1])
    out = np.empty((X.shape[0], Y.shape[0]), dtype=dtype)
    _fill_pairwise(X, Y, metric, out, L)
    if same and metric in ("euclidean", "sqeuclidean", "mahalanobis", "manhattan"):
        np.fill_diagonal(out, 0.0)
    return out


def _fill_pairwise(X: NDArray, Y: NDArray, metric: str, out: NDArray, L: NDArray | None) -> None:
    """Write the metric into ``out`` chunk by chunk. Assumes validated input."""
    if metric == "manhattan":
        _manhattan_into(X, Y, out)
        return
    same = Y is X
    cosine = metric.startswith("cosine")
    if L is not None:
        Linv_T = np.linalg.inv(L).T.astype(X.dtype)  # whitening: x -> L^{-1} x, as a GEMM
        Y = Y @ Linv_T
    e = scale_exponent(X, Y) if metric in ("euclidean", "sqeuclidean") else 0
    if cosine:
        Y = _unit_rows(Y, "X" if same else "Y")
    elif e:
        Y = np.ldexp(Y, e)
    yy = _row_norms_sq(Y) if metric in ("euclidean", "sqeuclidean", "mahalanobis") else None
    # A chunk's temporaries are its (chunk, n_features) rows; metrics that make passes over the output block
    # also keep (chunk, n_Y) small enough to stay in cache. Dot and cosine make none, and fewer, larger
    # products are faster (BLAS packs Y once per product).
    width = X.shape[1] if metric in ("dot", "cosine_similarity") else max(X.shape[1], Y.shape[0])
    step = _rows_per_chunk(width, X.itemsize)
    # Normalised or rescaled rows of X go into one buffer, reused by every chunk.
    buf = np.empty((min(step, X.shape[0]), X.shape[1]), X.dtype) if (cosine and not same) or e else None
    for start in range(0, X.shape[0], step):
        Xc = X[start : start + step]  # (chunk, n_features)
        if L is not None:
            Xc = Xc @ Linv_T
        elif cosine:
            # Normalise the small chunk, not the big output: the GEMM then yields cosines directly.
            Xc = Y[start : start + step] if same else _unit_rows(Xc, "X", out=buf[: len(Xc)], offset=start)
        elif e:
            Xc = np.ldexp(Xc, e, out=buf[: len(Xc)])
        block = out[start : start + step]  # (chunk, n_samples_Y), a view we fill in place
        np.matmul(Xc, Y.T, out=block)
        if metric in ("dot", "cosine_similarity"):
            continue
        if metric == "cosine_distance":
            np.subtract(1.0, block, out=block)
            np.clip(block, 0.0, 2.0, out=block)  # rounding can leave 1 - cos a hair below 0
            continue
        block *= -2.0
        block += _row_norms_sq(Xc)[:, None]
        block += yy[None, :]
        np.maximum(block, 0.0, out=block)
        if metric != "sqeuclidean":
            np.sqrt(block, out=block)
        if e:
            np.ldexp(block, -e if metric != "sqeuclidean" else -2 * e, out=block)


def _unit_rows(M: NDArray, name: str, *, out: NDArray | None = None, offset: int = 0) -> NDArray:
    """The rows of ``M`` scaled to length 1 (into ``out`` if given); a zero row is a ValueError naming it.

    Σx² is used as it is where it is a normal number; the rows where it underflows or overflows are
    first scaled by a power of two (exact), so that their largest entry is in [0.5, 1).
    """
    info = np.finfo(M.dtype)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        sq = _row_norms_sq(M)
        out = np.multiply(M, (1.0 / np.sqrt(sq))[:, None], out=out)
    bad = np.flatnonzero(~((sq >= info.tiny / info.eps) & (sq <= info.max)))
    if bad.size:
        B = M[bad]
        peak = np.abs(B).max(axis=1)
        if not peak.all():
            raise ValueError(f"{name} row {offset + bad[np.argmin(peak != 0)]} is the zero vector: "
                             "cosine needs a direction")
        B = np.ldexp(B, -np.frexp(peak)[1][:, None])
        out[bad] = B / np.sqrt(_row_norms_sq(B))[:, None]
    return out


def _manhattan_into(X: NDArray, Y: NDArray, out: NDArray) -> None:
    # No BLAS trick exists for L1; loop over features so the temporary is (chunk, n_Y), never n×m×d.
    step = _rows_per_chunk(Y.shape[0], X.itemsize)
    tmp = np.empty((min(step, X.shape[0]), Y.shape[0]), dtype=X.dtype)
    for start in range(0, X.shape[0], step):
        block = out[start : start + step]
        block.fill(0.0)
        t = tmp[: block.shape[0]]
        for f in range(X.shape[1]):
            np.subtract(X[start : start + step, f, None], Y[None, :, f], out=t)
            np.abs(t, out=t)
            block += t
