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

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import _as_float_array, _describe, _received, as_matrix, as_vector, check_choice, scale_exponent

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


def _check_bool(value, name: str) -> bool:
    """A flag must be True or False: ``equal_var="no"`` is a truthy string, not a no."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_received(value)}")
    return bool(value)


def _check_xy(X, y, loss: str = "mse") -> tuple[NDArray, NDArray]:
    """X as (n, d), y as (n,), same length; binary 0/1 labels for the log loss."""
    check_choice(loss, "loss", LOSSES)
    arr = _as_float_array(X, "X")
    if arr.ndim == 1:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {arr.shape} "
                         "(use X.reshape(-1, 1) for a single feature)")
    X, y = as_matrix(arr, "X"), as_vector(y, "y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of samples; got X with {X.shape[0]} rows "
                         f"(shape {X.shape}) and y with {y.shape[0]} values")
    if loss == "log":
        _check_labels(y)
    return X, y


def _check_labels(y: NDArray) -> None:
    bad = ~np.isin(y, (0.0, 1.0))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"y must hold labels 0 or 1 for logistic regression (loss='log'); got {y[i]!r} at index {i}")


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


def _targets(y, y_pred, names: tuple[str, str] = ("y", "y_pred")) -> tuple[NDArray, NDArray]:
    """Two finite 1-D arrays of one length; errors name them as the caller's arguments are named."""
    y, y_pred = as_vector(y, names[0]), as_vector(y_pred, names[1])
    if y.shape != y_pred.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same length; "
                         f"got {y.shape[0]} and {y_pred.shape[0]}")
    return y, y_pred


def sse(y: ArrayLike, y_pred: ArrayLike) -> float:
    """Sum of squared errors ``Σ (y - ŷ)²``.

    >>> sse([1, 2, 3], [1, 2, 5])
    4.0
    """
    y, y_pred = _targets(y, y_pred)
    with np.errstate(over="ignore"):
        r = y - y_pred
        return _finite(float(r @ r), "the squared error Σ(y - y_pred)²")


def mse(y: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error ``Σ (y - ŷ)² / n``.

    >>> mse([1, 2, 3], [1, 2, 5])
    1.3333333333333333
    """
    y, _ = _targets(y, y_pred)
    return sse(y, y_pred) / y.shape[0]


def _finite(value: float, what: str) -> float:
    """A loss that overflows float64 is refused, not returned as inf."""
    if not math.isfinite(value):
        raise ValueError(f"{what} overflows float64 (beyond 1.8e308); rescale the data first, e.g. with standardize")
    return value


def sigmoid(z: ArrayLike) -> NDArray | float:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, in float64, for any finite or infinite ``z``.

    The one sigmoid of the package (:mod:`mlviz.nn` uses it too). A single number gives a float.

    Notes
    -----
    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}

    Both forms are computed from :math:`e^{-|z|} \le 1`, which never overflows: the first for
    :math:`z \ge 0`, the second for :math:`z < 0`.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 1000.0])
    array([0., 1.])
    """
    arr = _as_float_array(z, "z")
    if np.isnan(arr).any():
        where = np.argwhere(np.isnan(arr))[0]
        raise ValueError(f"z must not contain NaN; got nan at index {tuple(int(i) for i in where)}")
    out = _sigmoid(arr)
    return float(out) if out.ndim == 0 else out


def _sigmoid(z: NDArray) -> NDArray:
    """Unchecked kernel of :func:`sigmoid`, in the dtype of ``z`` (a float array without NaN)."""
    e = np.exp(-np.abs(z))  # ≤ 1: no overflow whatever the sign of z
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


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
    y, z = _targets(y, scores, ("y", "scores"))
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
        dz = (_sigmoid(z) - y) / n      # σ(z) - y, the famous simple gradient
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
    with np.errstate(over="ignore", invalid="ignore"):
        return _finite(_loss(X, y, w, b, loss) + _penalty(w, l2, l1), "the objective at these X, y, w, b")


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
    with np.errstate(over="ignore", invalid="ignore"):  # the loss value (unused here) may overflow
        gw, gb, _ = _grad(X, y, w, b, loss, l2)
    _finite(float(np.abs(gw).max()) + abs(gb), "the gradient at these X, y, w, b")
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
    r"""Minimise the mean squared error exactly: :math:`\min_{w,b} \|Xw + b - y\|^2 / n`.

    Parameters
    ----------
    X : (n_samples, n_features) array
    y : (n_samples,) array
    fit_intercept : bool
        Learn the bias ``b``; if False, ``b = 0``.

    Returns
    -------
    LinearFit
        ``w`` (n_features,) and ``b``. When several ``w`` fit equally well (collinear features, or
        fewer samples than features), the one of least norm, as ``numpy.linalg.lstsq`` gives it.

    Notes
    -----
    With the centred data :math:`X_c = X - \bar x`, :math:`y_c = y - \bar y` the bias drops out:

    .. math:: w = \arg\min_w \|X_c w - y_c\|^2, \qquad b = \bar y - \bar x \cdot w

    Centring also keeps every digit when the features sit far from 0 (timestamps, say), and
    ``lstsq`` solves by the SVD, never forming the normal equations :math:`X^\top X`.

    Examples
    --------
    >>> fit = fit_least_squares([[1], [2], [3], [4], [5]], [30, 35, 45, 50, 60])
    >>> fit.w.round(10), round(fit.b, 10)   # the notes' salary data: not [25, 7]
    (array([7.5]), 21.5)
    """
    X, y = _check_xy(X, y)
    return _least_squares(X, y, 0.0, _check_bool(fit_intercept, "fit_intercept"))


def fit_ridge(X: ArrayLike, y: ArrayLike, l2: float, *, fit_intercept: bool = True) -> LinearFit:
    r"""Minimise ``mse + l2·Σw²`` exactly (bias not penalised).

    Notes
    -----
    On centred data (see :func:`fit_least_squares`) the minimiser is the closed form

    .. math:: w = (X_c^\top X_c + n\lambda_2 I)^{-1} X_c^\top y_c, \qquad b = \bar y - \bar x \cdot w,

    computed as the least squares of :math:`X_c` stacked over :math:`\sqrt{n\lambda_2}\, I` (targets
    :math:`y_c` over zeros), whose squared error is :math:`\|X_c w - y_c\|^2 + n\lambda_2\|w\|^2`.
    ``Ridge(alpha)`` of scikit-learn is ``l2 = alpha / n``.

    Examples
    --------
    >>> fit_ridge([[1.0], [-1.0]], [1.0, -1.0], l2=0.5).w.round(4)   # min (w-1)² + 0.5w²: w = 2/3
    array([0.6667])
    """
    X, y = _check_xy(X, y)
    return _least_squares(X, y, _check_penalty(l2, "l2"), _check_bool(fit_intercept, "fit_intercept"))


def _least_squares(X: NDArray, y: NDArray, l2: float, fit_intercept: bool) -> LinearFit:
    """Unchecked kernel of both fits: centre, solve by ``lstsq``, bias from the means."""
    n, d = X.shape
    x_mean, y_mean = (X.mean(axis=0), y.mean()) if fit_intercept else (np.zeros(d), 0.0)
    A, r = X - x_mean, y - y_mean                                 # (n, d), (n,): centred
    if l2 > 0:  # ‖A w - r‖² + n·l2·‖w‖² is the squared error of A stacked over √(n·l2)·I
        A = np.vstack([A, np.sqrt(n) * np.sqrt(l2) * np.eye(d)])  # (n + d, d); √n·√l2 cannot overflow
        r = np.concatenate([r, np.zeros(d)])                      # (n + d,)
    w = np.linalg.lstsq(A, r, rcond=None)[0]                      # (d,)
    b = float(y_mean - x_mean @ w) if fit_intercept else 0.0
    return LinearFit(w=w, b=b)


# -- feature scaling -----------------------------------------------------------------------
@dataclass(frozen=True)
class Standardizer:
    """``z = (x - mean) / scale``, its inverse, and the same change for fitted weights."""

    mean: NDArray
    scale: NDArray

    def transform(self, X: ArrayLike) -> NDArray:
        X = as_matrix(X, "X")
        self._check(X, "X")
        return (X - self.mean) / self.scale

    def inverse_transform(self, Z: ArrayLike) -> NDArray:
        Z = as_matrix(Z, "Z")
        self._check(Z, "Z")
        return Z * self.scale + self.mean

    def unscale_weights(self, w: ArrayLike, b: float) -> LinearFit:
        """Weights fitted on standardized features → the same model on the original features.

        ``w·z + b = (w / scale)·x + (b - (w / scale)·mean)``.
        """
        w, b = _check_weights(w, b, self.mean.shape[0])
        w_orig = w / self.scale
        return LinearFit(w=w_orig, b=float(b - w_orig @ self.mean))

    def _check(self, X: NDArray, name: str) -> None:
        if X.shape[1] != self.mean.shape[0]:
            raise ValueError(f"{name} must have {self.mean.shape[0]} features, like the data the "
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
    e = np.array([scale_exponent(col) for col in X.T], dtype=int)  # 2^e per column: squares of 1e300 stay finite
    scale = np.ldexp(np.ldexp(X, e).std(axis=0), -e) if e.any() else X.std(axis=0)  # std centres: any offset
    scale = np.where(scale > 0, scale, 1.0)
    t = Standardizer(mean=mean, scale=scale)
    return (X - mean) / scale, t

