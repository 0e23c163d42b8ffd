r"""Linear models: predictions, losses, gradients and closed-form fits (NumPy only).

Conventions, used everywhere in the course:

* ``X`` is ``(n_samples, n_features)``, ``w`` is ``(n_features,)`` and the bias ``b`` is a
  separate scalar, so ``predict(X, w, b) = X @ w + b``. Writing the bias as a leading
  weight ``w₀`` on a constant feature 1 is the same model: see :func:`add_bias_column`.
* ``loss="mse"``: the mean squared error, ``mean((X @ w + b - y)²)``.
  ``loss="log"``: the logistic (cross-entropy) loss, with ``y ∈ {0, 1}`` and the
  probability ``sigmoid(X @ w + b)``.
* Penalties never include the bias. The objective minimised by every fit is

  .. math:: J(w, b) = \text{loss}(w, b) + \lambda_2 \textstyle\sum_j w_j^2 + \lambda_1 \sum_j |w_j|

  (``l2`` and ``l1`` are :math:`\lambda_2` and :math:`\lambda_1`). The L2 penalty is the
  *squared* norm :math:`\|w\|^2 = \sum_j w_j^2`, not the norm itself.

How these map onto scikit-learn (tested in ``tests/test_linear_reference.py``):
``Ridge(alpha)`` is ``l2 = alpha / n``; ``Lasso(alpha)`` is ``l1 = 2 alpha``;
``LogisticRegression(C)`` is ``l2 = 1 / (2 C n)``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._parallel import guided, parallel_map
from ._validation import _as_float_array, _describe, as_matrix, as_vector, check_choice

__all__ = [
    "LOSSES",
    "predict",
    "add_bias_column",
    "mse",
    "sse",
    "sigmoid",
    "log_loss",
    "objective",
    "gradient",
    "LinearFit",
    "fit_least_squares",
    "fit_ridge",
    "Standardizer",
    "standardize",
]

LOSSES = ("mse", "log")


# -- validation shared with mlviz.optim ----------------------------------------------------
def _check_weights(w, b, n_features: int) -> tuple[NDArray, float]:
    w = as_vector(w, "w")
    if w.shape[0] != n_features:
        raise ValueError(f"w must have one weight per feature of X, ({n_features},); got shape {w.shape}")
    return w, _as_scalar(b, "b")


def _as_scalar(x, name: str) -> float:
    arr = _as_float_array(x, name)
    if arr.ndim != 0 and arr.size != 1:
        raise ValueError(f"{name} must be a single number; got {_describe(arr)}")
    value = float(arr.reshape(()))
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}")
    return value


def _check_penalty(value, name: str) -> float:
    value = _as_scalar(value, name)
    if value < 0:
        raise ValueError(f"{name} must be ≥ 0 (a penalty strength); got {value}")
    return value


def _check_xy(X, y, loss: str = "mse") -> tuple[NDArray, NDArray]:
    """X as (n, d), y as (n,), same length; binary 0/1 labels for the log loss."""
    check_choice(loss, "loss", LOSSES)
    arr = _as_float_array(X, "X")
    if arr.ndim == 1:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {arr.shape} "
                         "(use X.reshape(-1, 1) for a single feature)")
    X = as_matrix(arr, "X")
    y = as_vector(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of samples; got X with {X.shape[0]} rows "
                         f"(shape {X.shape}) and y with {y.shape[0]} values")
    if loss == "log":
        bad = ~np.isin(y, (0.0, 1.0))
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"y must hold labels 0 or 1 for logistic regression (loss='log'); "
                             f"got {y[i]!r} at index {i}")
    return X, y


# -- models --------------------------------------------------------------------------------
def predict(X: ArrayLike, w: ArrayLike, b: float = 0.0) -> NDArray | float:
    """Linear model ``X @ w + b``; a single sample (1-D ``X``) gives a single number.

    Examples
    --------
    The notes' house: 2000 sq ft, 3 bedrooms, 5 years old, 10 miles out.

    >>> predict([2000, 3, 5, 10], w=[150, 30000, -2000, -5000], b=50000)
    380000.0
    """
    arr = _as_float_array(X, "X")
    if arr.ndim == 1:
        x = as_vector(arr, "X")
        w, b = _check_weights(w, b, x.shape[0])
        return float(x @ w + b)
    X = as_matrix(arr, "X")
    w, b = _check_weights(w, b, X.shape[1])
    return X @ w + b


def add_bias_column(X: ArrayLike) -> NDArray:
    """Prepend a column of ones, so the bias becomes the leading weight ``w₀``.

    >>> add_bias_column([[2.0, 3.0], [4.0, 5.0]])
    array([[1., 2., 3.],
           [1., 4., 5.]])
    """
    arr = _as_float_array(X, "X")
    X = as_matrix(arr.reshape(1, -1) if arr.ndim == 1 else arr, "X")
    out = np.hstack([np.ones((X.shape[0], 1)), X])
    return out[0] if arr.ndim == 1 else out


def _targets(y, y_pred) -> tuple[NDArray, NDArray]:
    y, y_pred = as_vector(y, "y"), as_vector(y_pred, "y_pred")
    if y.shape != y_pred.shape:
        raise ValueError(f"y and y_pred must have the same length; got {y.shape[0]} and {y_pred.shape[0]}")
    return y, y_pred


def sse(y: ArrayLike, y_pred: ArrayLike) -> float:
    """Sum of squared errors ``Σ (y - ŷ)²``.

    >>> sse([1, 2, 3], [1, 2, 5])
    4.0
    """
    y, y_pred = _targets(y, y_pred)
    r = y - y_pred
    return float(r @ r)


def mse(y: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error ``Σ (y - ŷ)² / n``.

    >>> mse([1, 2, 3], [1, 2, 5])
    1.3333333333333333
    """
    y, _ = _targets(y, y_pred)
    return sse(y, y_pred) / y.shape[0]


def sigmoid(z: ArrayLike) -> NDArray | float:
    """``1 / (1 + e^(-z))`` without overflow, for any finite or infinite ``z``.

    Uses ``e^(-|z|)``, which never overflows: for z ≥ 0 the usual form, for z < 0
    the equal form ``e^z / (1 + e^z)``.

    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    """
    arr = _as_float_array(z, "z")
    if np.isnan(arr).any():
        raise ValueError("z must not contain NaN")
    e = np.exp(-np.abs(arr))
    out = np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(out) if out.ndim == 0 else out


def _softplus(z: NDArray) -> NDArray:
    return np.logaddexp(0.0, z)  # log(1 + e^z), stable both ways


def log_loss(y: ArrayLike, scores: ArrayLike) -> float:
    r"""Mean logistic loss of labels ``y ∈ {0, 1}`` given *scores* (logits) ``z = X @ w + b``.

    :math:`-[y \log p + (1-y)\log(1-p)]` with :math:`p = \sigma(z)` equals
    :math:`\log(1 + e^z) - y z`, which is computed without ever forming ``p``, so a
    score of ±1000 gives a finite, exact loss instead of ``log(0)``.

    >>> round(log_loss([1, 0], [0.0, 0.0]), 6)  # p = 0.5 for both: log 2
    0.693147
    >>> log_loss([1], [-1000.0])                  # confidently wrong: loss 1000, not inf
    1000.0
    """
    y, z = _targets(y, scores)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y must hold labels 0 or 1; got {np.unique(y)[:5]}")
    return float(np.mean(_softplus(z) - y * z))


# -- objective and gradient ----------------------------------------------------------------
def _loss(X, y, w, b, loss) -> float:
    z = X @ w + b
    if loss == "mse":
        r = z - y
        return float(r @ r) / X.shape[0]
    return float(np.mean(_softplus(z) - y * z))


def _penalty(w, l2, l1) -> float:
    return l2 * float(w @ w) + l1 * float(np.abs(w).sum())


def _grad(X, y, w, b, loss, l2) -> tuple[NDArray, float, float]:
    """Gradient of the smooth part (loss + L2) and the loss value at (w, b); no validation."""
    z = X @ w + b
    n = X.shape[0]
    if loss == "mse":
        r = z - y                       # residuals ŷ - y
        value = float(r @ r) / n
        dz = (2.0 / n) * r              # ∂loss/∂z
    else:
        value = float(np.mean(_softplus(z) - y * z))
        dz = (sigmoid(z) - y) / n       # σ(z) - y, the famous simple gradient
    gw = X.T @ dz
    if l2:
        gw = gw + 2.0 * l2 * w
    return gw, float(dz.sum()), value


def objective(X: ArrayLike, y: ArrayLike, w: ArrayLike, b: float = 0.0, *, loss: str = "mse",
              l2: float = 0.0, l1: float = 0.0) -> float:
    """The value minimised by every fit: loss + l2·Σw² + l1·Σ|w| (bias not penalised).

    >>> objective([[1.0], [2.0]], [1.0, 3.0], w=[1.0], b=0.0)  # residuals 0 and -1
    0.5
    >>> objective([[1.0], [2.0]], [1.0, 3.0], w=[1.0], b=0.0, l2=0.1, l1=0.2)
    0.8
    """
    X, y = _check_xy(X, y, loss)
    w, b = _check_weights(w, b, X.shape[1])
    l2, l1 = _check_penalty(l2, "l2"), _check_penalty(l1, "l1")
    return _loss(X, y, w, b, loss) + _penalty(w, l2, l1)


def gradient(X: ArrayLike, y: ArrayLike, w: ArrayLike, b: float = 0.0, *, loss: str = "mse",
             l2: float = 0.0, l1: float = 0.0) -> tuple[NDArray, float]:
    r"""Analytic gradient ``(∂J/∂w, ∂J/∂b)`` of :func:`objective`.

    For ``loss="mse"``: :math:`\frac{2}{n} X^\top (\hat y - y)`; for ``loss="log"``:
    :math:`\frac{1}{n} X^\top (\sigma(z) - y)`. L2 adds :math:`2\lambda_2 w`; L1 adds
    the subgradient :math:`\lambda_1\,\mathrm{sign}(w)` (0 where :math:`w_j = 0`). The bias
    gets no penalty term.

    >>> gw, gb = gradient([[1.0], [2.0]], [1.0, 3.0], w=[1.0], b=0.0)
    >>> gw, gb   # residuals (0, -1): 2/2 · (1·0 + 2·(-1)), 2/2 · (0 - 1)
    (array([-2.]), -1.0)
    """
    X, y = _check_xy(X, y, loss)
    w, b = _check_weights(w, b, X.shape[1])
    l2, l1 = _check_penalty(l2, "l2"), _check_penalty(l1, "l1")
    gw, gb, _ = _grad(X, y, w, b, loss, l2)
    if l1:
        gw = gw + l1 * np.sign(w)
    return gw, gb


# -- closed-form fits ----------------------------------------------------------------------
@dataclass(frozen=True)
class LinearFit:
    """Weights ``w`` and bias ``b`` of a fitted linear model."""

    w: NDArray
    b: float

    def predict(self, X: ArrayLike) -> NDArray | float:
        return predict(X, self.w, self.b)

    @property
    def as_vector(self) -> NDArray:
        """``[b, w₁, …, w_d]``: the bias as the leading weight, as in the notes."""
        return np.concatenate([[self.b], self.w])


def fit_least_squares(X: ArrayLike, y: ArrayLike, *, fit_intercept: bool = True) -> LinearFit:
    """Minimise the squared error exactly, by a QR factorization (no normal equations).

    With ``fit_intercept`` the features are centred first, which is the same model
    and better conditioned; the bias is then ``mean(y) - mean(X) @ w``. When
    several ``w`` fit equally well (collinear features), the one of least norm is returned,
    as ``numpy.linalg.lstsq`` would (singular values below ``eps · n · s_max`` count as zero).

    >>> fit = fit_least_squares([[1], [2], [3], [4], [5]], [30, 35, 45, 50, 60])
    >>> fit.w.round(10), round(fit.b, 10)   # the notes' salary data: not [25, 7]
    (array([7.5]), 21.5)
    """
    X, y = _check_xy(X, y)
    return _ridge(X, y, 0.0, fit_intercept)


def fit_ridge(X: ArrayLike, y: ArrayLike, l2: float, *, fit_intercept: bool = True) -> LinearFit:
    """Minimise ``mse + l2·Σw²`` exactly (bias not penalised).

    Solved as an ordinary least-squares problem on ``X`` stacked over ``√(n·l2)·I``,
    so no normal equations are formed.

    >>> fit_ridge([[1.0], [-1.0]], [1.0, -1.0], l2=0.5).w.round(4)   # min (w-1)² + 0.5w²: w = 2/3
    array([0.6667])
    """
    X, y = _check_xy(X, y)
    return _ridge(X, y, _check_penalty(l2, "l2"), fit_intercept)


_QR_CHUNK_BYTES = 1 << 20  # rows of [X | y] per QR step: about 1 MB, so that a step works in the L2 cache


def _ridge(X, y, l2, fit_intercept) -> LinearFit:
    """Least squares through ``R``, the triangular factor of ``A = [X - x̄ | y - ȳ]``.

    ``A = QR`` with ``Q`` orthonormal, so ``‖Xc w - yc‖² = ‖Rx w - z‖² + ρ²`` where ``R = [[Rx, z], [0, ρ]]``:
    the n-row problem becomes a (d+1)-row one, solved for the least-norm ``w`` by the SVD of ``Rx``. This is
    what LAPACK's least-squares drivers do for a tall matrix; computing ``R`` chunk by chunk (below) keeps
    the work in cache and the extra memory at a few MB instead of a centred copy of ``X``.
    """
    n, d = X.shape
    x_mean, y_mean = (X.mean(axis=0), y.mean()) if fit_intercept else (np.zeros(d), 0.0)
    R = _r_factor(X, y, x_mean, y_mean)
    rows = n
    if l2 > 0:  # the ridge rows √(n·l2)·I, with 0 for y, stacked under the data
        ridge = np.zeros((d, d + 1))
        ridge[:, :d] = np.sqrt(n * l2) * np.eye(d)
        R, rows = np.linalg.qr(np.vstack([R, ridge]), mode="r"), n + d
    u, s, vt = np.linalg.svd(R[:d, :d], full_matrices=False)
    keep = s > np.finfo(np.float64).eps * max(rows, d) * s[:1]  # lstsq's default cut-off (rcond=None)
    w = vt[keep].T @ ((u[:, keep].T @ R[:d, d]) / s[keep])
    b = float(y_mean - x_mean @ w) if fit_intercept else 0.0
    return LinearFit(w=w, b=b)


def _r_factor(X, y, x_mean, y_mean) -> NDArray:
    """The ``R`` of ``[X - x_mean | y - y_mean] = QR`` (float64), without forming the centred matrix.

    Tall-skinny QR: each worker thread factors its rows a chunk at a time, the ``R`` so far stacked on top of
    the next chunk (``QR`` of ``[R; chunk]`` has the same ``R`` as that of all the rows seen so far, up to
    signs); the workers' ``R`` are then factored together. Householder QR in every step, so it is as stable
    as one QR of the whole matrix.
    """
    n, d = X.shape
    rows = max(2 * (d + 1), _QR_CHUNK_BYTES // (8 * (d + 1)))

    def factor(starts) -> NDArray:
        buf = np.empty((d + 1 + rows, d + 1), order="F")
        k = 0  # rows of the running R, kept at the top of buf
        for start in starts:
            stop = min(n, start + rows)
            a = buf[:k + stop - start]
            np.subtract(X[start:stop], x_mean, out=a[k:, :d])
            np.subtract(y[start:stop], y_mean, out=a[k:, d])
            r = np.linalg.qr(a, mode="r")
            k = r.shape[0]
            buf[:k] = r
        return buf[:k].copy()

    parts = parallel_map(factor, guided(range(0, n, rows)))
    return parts[0] if len(parts) == 1 else np.linalg.qr(np.vstack(parts), mode="r")


# -- feature scaling -----------------------------------------------------------------------
@dataclass(frozen=True)
class Standardizer:
    """``z = (x - mean) / scale``, its inverse, and the same change for fitted weights."""

    mean: NDArray
    scale: NDArray

    def transform(self, X: ArrayLike) -> NDArray:
        X = as_matrix(X, "X")
        self._check(X)
        return (X - self.mean) / self.scale

    def inverse_transform(self, Z: ArrayLike) -> NDArray:
        Z = as_matrix(Z, "Z")
        self._check(Z)
        return Z * self.scale + self.mean

    def unscale_weights(self, w: ArrayLike, b: float) -> LinearFit:
        """Weights fitted on standardized features → the same model on the original features.

        ``w·z + b = (w / scale)·x + (b - (w / scale)·mean)``.
        """
        w, b = _check_weights(w, b, self.mean.shape[0])
        w_orig = w / self.scale
        return LinearFit(w=w_orig, b=float(b - w_orig @ self.mean))

    def _check(self, X):
        if X.shape[1] != self.mean.shape[0]:
            raise ValueError(f"X must have {self.mean.shape[0]} features, like the data the "
                             f"Standardizer was fitted on; got shape {X.shape}")


def standardize(X: ArrayLike) -> tuple[NDArray, Standardizer]:
    """Centre each feature and divide by its standard deviation; return ``(Z, transform)``.

    A constant feature keeps scale 1 (it is only centred), so nothing is divided by 0.

    >>> Z, t = standardize([[1.0, 10.0], [3.0, 10.0]])
    >>> Z
    array([[-1.,  0.],
           [ 1.,  0.]])
    >>> t.inverse_transform(Z)
    array([[ 1., 10.],
           [ 3., 10.]])
    """
    X = as_matrix(X, "X")
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    t = Standardizer(mean=mean, scale=scale)
    return (X - mean) / scale, t

