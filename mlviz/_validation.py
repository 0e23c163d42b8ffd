r"""Shared input checks for every public mlviz function.

Public functions validate once, here, and hand clean arrays to private helpers,
which assume valid input. Every error names the argument, the expected form and
what was received, so a learner never has to read a NumPy traceback.
"""
from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_vector",
    "as_matrix",
    "as_rng",
    "check_same_length",
    "check_nonzero",
    "check_choice",
    "check_positive_int",
    "check_axis",
    "check_spd",
    "scale_exponent",
    "squarable",
    "sum_of_squares",
]


def _describe(x) -> str:
    """Short description of what was received, for error messages."""
    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, (str, bytes)):
        return f"{type(x).__name__} {x!r:.40}"
    return type(x).__name__


def _received(x) -> str:
    """What was received, with its value when it is a scalar: "float 2.5", "str 'a'", "NoneType None"."""
    return _describe(x) if isinstance(x, (str, bytes, np.ndarray)) else f"{_describe(x)} {x!r:.40}"


def _as_float_array(x: ArrayLike, name: str) -> NDArray[np.floating]:
    """Convert to a float array, rejecting strings, objects, complex numbers."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers; got {_describe(x)}")
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers; got ragged input ({exc})") from None
    if arr.dtype.kind not in "biuf":
        got = _describe(x) if arr.dtype == object and arr.ndim == 0 else _describe(arr)  # None, dict, ...
        raise TypeError(f"{name} must be an array of real numbers; got {got}")
    # Compute in float64 whatever comes in: float16 [300, 400] has a norm of 500, not inf.
    return arr.astype(np.float64, copy=False)


def _check_finite(arr: NDArray, name: str) -> None:
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = int(bad[0]) if bad.size == 1 else tuple(int(i) for i in bad)
        raise ValueError(f"{name} must contain only finite numbers; got {arr[tuple(bad)]} at index {where}")


def as_vector(x: ArrayLike, name: str) -> NDArray[np.floating]:
    """Return ``x`` as a finite, non-empty 1-D float array, or raise a clear error."""
    arr = _as_float_array(x, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (n_features,); got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    _check_finite(arr, name)
    return arr


def as_matrix(X: ArrayLike, name: str) -> NDArray[np.floating]:
    """Return ``X`` as a finite, non-empty 2-D float array, or raise a clear error."""
    arr = _as_float_array(X, name)
    if arr.ndim != 2:
        hint = " (use X.reshape(1, -1) for a single sample)" if arr.ndim == 1 else ""
        raise ValueError(f"{name} must be 2-D (n_samples, n_features); got shape {arr.shape}{hint}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {arr.shape}")
    _check_finite(arr, name)
    return arr


def check_same_length(a: NDArray, b: NDArray, names: tuple[str, str]) -> None:
    """Raise if two arrays disagree on their number of features (last axis)."""
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same number of features; "
            f"got {a.shape[-1]} and {b.shape[-1]} (shapes {a.shape} and {b.shape})"
        )


def check_nonzero(v: NDArray, name: str, why: str) -> None:
    """Raise if ``v`` is the zero vector, where ``why`` needs a direction."""
    if not np.any(v):
        raise ValueError(f"{name} must not be the zero vector: {why} needs a direction; got {v}")


def check_choice(value, name: str, options) -> None:
    """Raise if ``value`` is not one of ``options``; the message lists them."""
    if not isinstance(value, str) or value not in options:
        valid = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {valid}; got {value!r}")


def check_positive_int(value, name: str) -> int:
    """Return ``value`` as an int if it is a positive integer, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer; got {_received(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer; got {value}")
    return int(value)


def check_axis(axis, ndim: int, name: str = "axis") -> int:
    """Return ``axis`` as a non-negative int if it names one of ``ndim`` axes (negative counts from the end)."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {_received(axis)}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name} must be between {-ndim} and {ndim - 1} for an array of {ndim} dimension(s); "
                         f"got {axis}")
    return int(axis) % ndim


def check_spd(cov: ArrayLike, name: str, n_features: int) -> NDArray[np.floating]:
    """Return the Cholesky factor L (cov = L Lᵀ) of a symmetric positive definite matrix."""
    arr = as_matrix(cov, name)
    if arr.shape != (n_features, n_features):
        raise ValueError(
            f"{name} must be a square (n_features, n_features) = ({n_features}, {n_features}) matrix; "
            f"got shape {arr.shape}"
        )
    if not np.allclose(arr, arr.T, rtol=1e-10, atol=1e-12 * max(1.0, np.abs(arr).max())):
        raise ValueError(f"{name} must be symmetric positive definite; it is not symmetric")
    try:
        return np.linalg.cholesky(arr)
    except np.linalg.LinAlgError:
        eig = np.linalg.eigvalsh(arr).min()
        raise ValueError(
            f"{name} must be symmetric positive definite; its smallest eigenvalue is {eig:.3g}"
        ) from None


def as_rng(rng=None) -> np.random.Generator:
    """Normalise ``rng`` (None, an int seed or a Generator) to a Generator.

    The same int always gives the same stream; None gives fresh entropy.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator; got {_describe(rng)}")
    if rng < 0:
        raise ValueError(f"rng seed must be a non-negative int; got {rng}")
    return np.random.default_rng(int(rng))


def scale_exponent(*arrays: NDArray) -> int:
    """0 when the entries' squares and products can be formed as they are; otherwise the power of two
    (an exponent ``e`` for ``np.ldexp(A, e)``, which is exact) that brings the largest ``|entry|`` of the
    arrays into [0.5, 1), so that sums of squares neither overflow nor underflow.

    "As they are" means within a square root of the range each way (float64: about 1e±77, float32:
    about 1e±9), a margin for sums of many squares. Arrays with NaN or inf give 0.
    """
    info = np.finfo(np.result_type(*arrays))
    lo, hi = float(info.tiny) ** 0.25, float(info.max) ** 0.25
    if all(_squares_in_range(A, lo, hi) for A in arrays):
        return 0
    peak = max(max(float(A.max()), -float(A.min())) for A in arrays)
    if peak == 0 or not math.isfinite(peak) or lo <= peak <= hi:
        return 0  # NaN and inf are left to the caller's own check, which names them
    return -math.frexp(peak)[1]


def squarable(A: NDArray) -> NDArray:
    """``A`` itself, or ``A·2^e`` (exact; see :func:`scale_exponent`) when its squares would leave the float
    range: for computations that ignore a common scale (correlation, silhouette)."""
    e = scale_exponent(A)
    return np.ldexp(A, e) if e else A


def _squares_in_range(A: NDArray, lo: float, hi: float) -> bool:
    """True when every nonzero ``|a|`` lies in [lo, hi], so that squares and their sums stay in range."""
    mags = np.abs(A[A != 0])
    return mags.size == 0 or (lo <= float(mags.min()) and float(mags.max()) <= hi)


def sum_of_squares(A: NDArray) -> float:
    """Σa² over all of ``A`` (NaN or inf when ``A`` holds them or the sum overflows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.sum(np.square(A)))
