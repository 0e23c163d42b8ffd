r"""Vectors and how alike they are: dot product, norms, cosine, projection, distances.

One-vector functions (``dot``, ``cosine_similarity``, ``euclidean`` ...) take two
1-D vectors of the same length. ``pairwise`` computes a whole (n_samples_X,
n_samples_Y) matrix at once through one matrix product.

Everything is computed in float64. Lengths divide by the largest entry first, so
``norm([1e300, 1e300])`` is 1.414e300, not inf, and a direction of length 1e-300
is still a direction.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial.distance import cdist

from .attention import softmax  # noqa: F401  (lives in mlviz.attention; re-exported for notebook 01)
from ._validation import (
    _received,
    as_matrix,
    as_rng,
    as_vector,
    check_choice,
    check_nonzero,
    check_positive_int,
    check_same_length,
    check_spd,
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


def _length(a: NDArray) -> float:
    """‖a‖ for a checked vector. a·a overflows for entries near 1e155 and underflows near 1e-160, so the
    sum of squares is taken of a / max|aᵢ| (entries in [-1, 1]) and the largest entry multiplied back."""
    peak = float(np.abs(a).max())
    if peak == 0.0:
        return 0.0
    a = a / peak
    return peak * float(np.sqrt(a @ a))


def _unit(a: NDArray) -> NDArray:
    """a / ‖a‖ for a checked non-zero vector, or for each row of a matrix without zero rows."""
    peak = np.maximum(a.max(axis=-1), -a.min(axis=-1))  # the largest |entry| of each row, without an |a| copy
    u = a / np.asarray(peak)[..., None]  # entries in [-1, 1]: their squares cannot overflow
    u /= np.sqrt(np.einsum("...i,...i->...", u, u))[..., None]
    return u


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
    .. math:: \|a\|_2 = \sqrt{a \cdot a} = m \sqrt{(a/m) \cdot (a/m)}, \quad m = \max_i |a_i|

    The second form is what is computed: it cannot overflow, so
    ``norm([1e300, 1e300])`` is 1.414e300.

    Examples
    --------
    >>> norm([3, 4]), norm([3, -4], ord=1), norm([1e300, 1e300])
    (5.0, 7.0, 1.4142135623730952e+300)
    """
    a = as_vector(a, "a")
    if ord == 2:
        return _length(a)
    if ord == 1:
        return float(np.abs(a).sum())
    if ord == np.inf:
        return float(np.abs(a).max())
    raise ValueError(f"ord must be one of 1, 2, np.inf; got {ord!r}")


def _unit_pair(a, b, why):
    a, b = _pair(a, b)
    check_nonzero(a, "a", why)
    check_nonzero(b, "b", why)
    return _unit(a), _unit(b)


def _cos(a_unit: NDArray, b_unit: NDArray) -> float:
    return float(np.clip(a_unit @ b_unit, -1.0, 1.0))  # rounding can step just past ±1, outside arccos's domain


def cosine_similarity(a: ArrayLike, b: ArrayLike) -> float:
    r"""Cosine of the angle between two non-zero vectors, in [-1, 1].

    Notes
    -----
    .. math:: \cos\theta = \frac{a \cdot b}{\|a\| \|b\|} = \hat a \cdot \hat b

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
    if not isinstance(degrees, (bool, np.bool_)):
        raise TypeError(f"degrees must be True or False; got {_received(degrees)}")
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
        \operatorname{comp}_b a = \frac{a \cdot b}{\|b\|} = a \cdot \hat b, \qquad
        \operatorname{proj}_b a = \frac{a \cdot b}{\|b\|^2}\, b = (a \cdot \hat b)\, \hat b

    Only the direction :math:`\hat b = b / \|b\|` matters, which is why it is used:
    ``onto`` of length 1e-300 works as well as one of length 1.

    Examples
    --------
    >>> p = project([2, 3], onto=[4, 0])
    >>> p.scalar, p.vector.tolist()
    (2.0, [2.0, 0.0])
    """
    a, b = _pair(a, onto, ("a", "onto"))
    check_nonzero(b, "onto", "a projection")
    b_hat = _unit(b)
    scalar = float(a @ b_hat)
    return Projection(scalar=scalar, vector=scalar * b_hat)


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
    .. math:: d(a, b) = \|a - b\| = \sqrt{\sum_i (a_i - b_i)^2}

    Examples
    --------
    >>> round(euclidean([3, 4], [1, 2]), 4)
    2.8284
    """
    a, b = _pair(a, b)
    return _length(a - b)


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
    return _length(np.linalg.solve(L, a - b))


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
    ndarray of float64, shape (n_samples_X, n_samples_Y)

    Notes
    -----
    Euclidean distances use the dot-product identity, so the heavy work is one
    matrix product:

    .. math:: \|x - y\|^2 = \|x\|^2 - 2\, x \cdot y + \|y\|^2

    The identity subtracts numbers of size ‖x‖², so it loses the digits of small
    distances between points far from the origin (timestamps, say: data near 1e9).
    Distances do not change when every point moves by the same shift c, so X and Y
    are first centred on their common mean (x − c is exact for data near c) and
    divided by a power of two (exact) that brings their entries into [-1, 1]; an
    offset of 1e9 or entries of 1e300 then change nothing. Rounding can still
    leave a squared distance a hair below 0: it is clipped, and ``pairwise(X)`` has
    a diagonal of exactly 0.

    Cosine scales each row to length 1 first, so the product gives cosines
    directly; similarities may exceed 1 by a rounding error (as in scikit-learn),
    distances are clipped to [0, 2]. Mahalanobis whitens both sides with L⁻¹
    (S = L Lᵀ) and then is Euclidean. Manhattan has no product form: SciPy's
    ``cdist`` takes exact differences. Every metric works in place on its
    output, so extra memory stays near the size of X and Y.

    Examples
    --------
    >>> pairwise([[0, 0], [3, 4]], [[0, 0]]).ravel().tolist()
    [0.0, 5.0]
    >>> pairwise([[1e9, 0], [1e9 + 3, 4]]).tolist()  # the offset changes nothing
    [[0.0, 5.0], [5.0, 0.0]]
    """
    check_choice(metric, "metric", METRICS)
    X = as_matrix(X, "X")
    same = Y is None
    Y = X if same else as_matrix(Y, "Y")
    check_same_length(X, Y, ("X", "Y"))
    if metric in ("dot", "cosine_similarity", "cosine_distance"):
        return _similarities(X, Y, metric, same)
    if metric == "manhattan":
        out = cdist(X, Y, "cityblock")  # L1 has no product form: SciPy's loop over exact differences
    else:
        X, Y, e = _centred_and_scaled(X, Y)  # the distances are now those of the data times 2^-e
        if metric == "mahalanobis":  # whitened distances are in units of the spread, whatever the data's scale
            X, Y, e = _centred_and_scaled(*_whitened(X, Y, cov, e))
        out = _squared_euclidean(X, Y)
        if metric != "sqeuclidean":
            np.sqrt(out, out=out)
        with np.errstate(over="ignore"):  # a squared distance beyond 1.8e308 is inf, as it is in float64
            np.ldexp(out, 2 * e if metric == "sqeuclidean" else e, out=out)
    if same:
        np.fill_diagonal(out, 0.0)
    return out


def _similarities(X: NDArray, Y: NDArray, metric: str, same: bool) -> NDArray:
    """Dot products, or cosines as dot products of unit rows. Assumes validated input."""
    if metric == "dot":
        return X @ Y.T  # (n_samples_X, n_samples_Y)
    for M, name in ((X, "X"), (Y, "Y"))[: 1 if same else 2]:
        zero = np.flatnonzero(~M.any(axis=1))
        if zero.size:
            raise ValueError(f"{name} row {zero[0]} is the zero vector: cosine needs a direction")
    Xu = _unit(X)  # (n_samples_X, n_features), each row of length 1
    Yu = Xu if same else _unit(Y)
    C = Xu @ Yu.T  # (n_samples_X, n_samples_Y) cosines
    if metric == "cosine_distance":
        np.subtract(1.0, C, out=C)
        np.clip(C, 0.0, 2.0, out=C)  # rounding can leave 1 − cos a hair below 0
    return C


def _centred_and_scaled(X: NDArray, Y: NDArray) -> tuple[NDArray, NDArray, int]:
    """(X − c)·2^-e, (Y − c)·2^-e and e, where 2^e exceeds every |entry| (so entries and their squares stay
    in range; multiplying by a power of two is exact) and c is the mean of all rows (x − c is exact for x near
    c). Distances between the new rows are the old ones times 2^-e."""
    e = int(np.frexp(max(X.max(), -X.min(), Y.max(), -Y.min()))[1])
    X, Y = np.ldexp(X, -e), np.ldexp(Y, -e)  # entries in (-1, 1); the only copies of X and Y
    c = (X.sum(axis=0) + Y.sum(axis=0)) / (len(X) + len(Y))  # (n_features,)
    X -= c
    Y -= c
    return X, Y, e


def _whitened(X: NDArray, Y: NDArray, cov: ArrayLike | None, e: int) -> tuple[NDArray, NDArray]:
    """X L⁻ᵀ and Y L⁻ᵀ with cov = L Lᵀ, for X and Y already multiplied by 2^-e. Assumes validated X, Y."""
    if cov is None:
        if len(X) <= X.shape[1]:
            raise ValueError(f"X must have more rows than features to estimate the covariance; got shape {X.shape}"
                             " (or pass cov)")
        L = check_spd(np.cov(X, rowvar=False), "the sample covariance of X", X.shape[1])  # of X·2^-e
    else:
        L = np.ldexp(check_spd(cov, "cov", X.shape[1]), -e)  # X·2^-e has covariance cov·2^-2e = (L·2^-e)(L·2^-e)ᵀ
    Linv_T = np.linalg.inv(L).T  # (n_features, n_features)
    return X @ Linv_T, Y @ Linv_T


def _squared_euclidean(X: NDArray, Y: NDArray) -> NDArray:
    """‖x − y‖² for every pair by ‖x‖² − 2 x·y + ‖y‖², for centred X and Y. Assumes validated input.

    The passes after the product run in place, so the output is the only large array."""
    D2 = X @ Y.T  # (n_samples_X, n_samples_Y)
    D2 *= -2.0
    D2 += np.einsum("ij,ij->i", X, X)[:, None]  # (n_samples_X, 1)
    D2 += np.einsum("ij,ij->i", Y, Y)[None, :]  # (1, n_samples_Y)
    return np.maximum(D2, 0.0, out=D2)  # rounding can leave a hair below 0
