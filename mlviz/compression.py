r"""Making weights smaller: quantization, pruning, low-rank factorization, and what storage costs.

All functions take plain NumPy weight matrices (``(n_out, n_in)`` as in :mod:`mlviz.nn`) and report
the error they introduce, so the notebook can weigh size against accuracy.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import _as_float_array, _check_finite, _received, as_matrix, check_choice

_TINY = np.finfo(np.float64).tiny

__all__ = ["Quantized", "quantize", "dequantize", "float_round", "prune", "LowRank", "low_rank", "storage_bytes"]


def _weights(W, name="W") -> NDArray:
    arr = _as_float_array(W, name)
    if arr.ndim not in (1, 2) or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D or 2-D array of weights; got shape {arr.shape}")
    _check_finite(arr, name)
    return arr


def _rms(err: NDArray) -> float:
    """√(mean err²), with err divided by its largest |entry| first so that the squares of 1e300 stay finite."""
    peak = float(np.abs(err).max())
    return peak * float(np.sqrt(np.mean(np.square(err / peak)))) if peak > 0 else 0.0


def _check_int(value, name: str, low: int, high: int | None = None) -> int:
    """``value`` as an int in [low, high], or a TypeError/ValueError naming it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {_received(value)}")
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"≥ {low}"
        raise ValueError(f"{name} must be an int {span}; got {value}")
    return int(value)


@dataclass(frozen=True)
class Quantized:
    """Integers ``q`` with ``w ≈ scale · (q − zero_point)``; ``scale``/``zero_point`` per tensor or per row."""

    q: NDArray
    scale: NDArray
    zero_point: NDArray
    bits: int
    scheme: str
    per: str
    max_error: float = 0.0  # largest |w − dequantized w| (at most half a step)
    rms_error: float = 0.0

    def dequantize(self) -> NDArray:
        return self.scale * (self.q.astype(np.float64) - self.zero_point)

    @property
    def nbytes(self) -> float:
        """Storage of the integers (bits each) plus one float32 scale (and zero point) per group."""
        groups = np.size(self.scale)
        return self.q.size * self.bits / 8 + groups * 4 * (2 if self.scheme == "asymmetric" else 1)


def quantize(W: ArrayLike, bits: int = 8, *, scheme: str = "symmetric", per: str = "tensor") -> Quantized:
    r"""Round weights to ``bits``-bit integers.

    ``scheme="symmetric"``: integers in [−(2^(b−1) − 1), 2^(b−1) − 1], scale = max|w| / (2^(b−1) − 1),
    zero point 0 (0.0 is exact). ``scheme="asymmetric"``: integers in [0, 2^b − 1] spanning [min, max],
    with a zero point, which wastes no levels when the weights are not centred on 0.
    ``per="row"`` gives each output neuron (row) its own scale, which helps when rows differ in size.
    Rounding error is at most half a step (scale / 2) for every weight; the result reports the scale(s)
    and the largest and RMS errors.

    >>> qz = quantize([0.5, -1.0, 0.25], bits=8)
    >>> qz.q, round(float(qz.scale), 6), round(qz.max_error, 6)
    (array([  64, -127,   32], dtype=int32), 0.007874, 0.003937)
    """
    A = _weights(W)
    bits = _check_int(bits, "bits", 2, 16)
    check_choice(scheme, "scheme", ("symmetric", "asymmetric"))
    check_choice(per, "per", ("tensor", "row"))
    axis = 1 if (per == "row" and A.ndim == 2) else None
    keep = axis is not None
    if scheme == "symmetric":
        qmax = 2 ** (bits - 1) - 1
        amax = np.max(np.abs(A), axis=axis, keepdims=keep)
        scale = np.where(amax >= _TINY * qmax, amax / qmax, 1.0)  # a subnormal scale would lose precision
        q = np.clip(np.rint(A / scale), -qmax, qmax)
        zero = np.zeros_like(scale)
    else:
        qmax = 2 ** bits - 1
        lo = np.minimum(np.min(A, axis=axis, keepdims=keep), 0.0)   # keep 0.0 representable
        hi = np.maximum(np.max(A, axis=axis, keepdims=keep), 0.0)
        scale = np.where(hi - lo >= _TINY * qmax, (hi - lo) / qmax, 1.0)
        zero = np.rint(-lo / scale)
        q = np.clip(np.rint(A / scale) + zero, 0, qmax)
    scale, zero = np.asarray(scale, float), np.asarray(zero, float)
    err = scale * (q - zero) - A
    return Quantized(q=q.astype(np.int32), scale=scale, zero_point=zero, bits=bits, scheme=scheme, per=per,
                     max_error=float(np.abs(err).max()), rms_error=_rms(err))


def dequantize(qz: Quantized) -> NDArray:
    """Back to floats: ``scale · (q − zero_point)``."""
    if not isinstance(qz, Quantized):
        raise TypeError(f"qz must be the Quantized result of quantize(); got {_received(qz)}")
    return qz.dequantize()


def float_round(x: ArrayLike, mantissa_bits: int) -> NDArray:
    """Round to the nearest float with ``mantissa_bits`` stored mantissa bits (exponent range not limited).

    float32 keeps 23, float16 10, bfloat16 7, FP8 E4M3 3. This is how a *floating-point* 8-bit format
    rounds, as opposed to :func:`quantize`'s evenly spaced integer levels.

    >>> float(float_round(0.1234567, 3))   # FP8 E4M3 spacing near 0.12 is 1/64
    0.125
    """
    x = _as_float_array(x, "x")
    _check_finite(x, "x")
    mantissa_bits = _check_int(mantissa_bits, "mantissa_bits", 0, 52)
    m, e = np.frexp(x)                      # x = m · 2^e, 0.5 ≤ |m| < 1
    step = 2.0 ** (mantissa_bits + 1)
    return np.ldexp(np.rint(m * step) / step, e)


def prune(weights, sparsity: float, *, scope: str = "layer"):
    """Zero the smallest-magnitude weights. Returns ``(pruned, masks)`` (lists, like the input if it is a list).

    ``scope="layer"`` removes ``sparsity`` of each matrix; ``"global"`` ranks all weights together, so
    layers with small weights lose more. ``sparsity`` is the fraction removed, in [0, 1).
    Ties at the threshold are broken by position, so exactly round(sparsity · n) weights go.
    ``weights`` is one array (a nested list is one array too) or a list of arrays, one per layer.

    >>> pruned, mask = prune([[0.1, -2.0], [3.0, 0.05]], 0.5)
    >>> pruned.tolist()
    [[0.0, -2.0], [3.0, 0.0]]
    """
    single = not (isinstance(weights, (list, tuple)) and weights and all(isinstance(W, np.ndarray) for W in weights))
    mats = [_weights(weights, "weights")] if single else [_weights(W, f"weights[{i}]") for i, W in enumerate(weights)]
    if isinstance(sparsity, (bool, np.bool_)) or not isinstance(sparsity, numbers.Real):
        raise TypeError(f"sparsity must be a number in [0, 1) (the fraction of weights removed); "
                        f"got {_received(sparsity)}")
    s = float(sparsity)
    if not 0.0 <= s < 1.0:
        raise ValueError(f"sparsity must be in [0, 1) (the fraction of weights removed); got {s}")
    check_choice(scope, "scope", ("layer", "global"))

    def keep_mask(values):
        n_drop = int(round(s * values.size))
        mask = np.ones(values.size, dtype=bool)
        mask[np.argsort(np.abs(values), kind="stable")[:n_drop]] = False
        return mask

    if scope == "layer":
        masks = [keep_mask(W.ravel()).reshape(W.shape) for W in mats]
    else:
        flat = keep_mask(np.concatenate([W.ravel() for W in mats]))
        bounds = np.cumsum([0] + [W.size for W in mats])
        masks = [flat[a:b].reshape(W.shape) for W, a, b in zip(mats, bounds[:-1], bounds[1:])]
    pruned = [np.where(m, W, 0.0) for W, m in zip(mats, masks)]
    return (pruned[0], masks[0]) if single else (pruned, masks)


@dataclass(frozen=True)
class LowRank:
    """``W ≈ A @ B`` with ``A`` (m × r) and ``B`` (r × n) from the truncated SVD (the best rank-r fit)."""

    A: NDArray
    B: NDArray
    original_params: int
    error: float  # ‖W − AB‖_F / ‖W‖_F

    @property
    def rank(self) -> int:
        return self.A.shape[1]

    @property
    def params(self) -> int:
        return self.A.size + self.B.size

    def reconstruct(self) -> NDArray:
        return self.A @ self.B

    @property
    def break_even_rank(self) -> float:
        """Rank at which the factors hold as many numbers as W: mn / (m + n)."""
        m, n = self.A.shape[0], self.B.shape[1]
        return m * n / (m + n)


def low_rank(W: ArrayLike, rank: int) -> LowRank:
    """Truncated SVD: keep the ``rank`` largest singular values (Eckart–Young: no rank-r matrix is closer).

    >>> lr = low_rank(np.outer([1.0, 2.0], [3.0, 4.0, 5.0]), 1)   # a rank-1 matrix
    >>> lr.params, round(lr.error, 12)
    (5, 0.0)
    """
    W = as_matrix(W, "W")
    rank = _check_int(rank, "rank", 1, min(W.shape))
    U, s, Vt = np.linalg.svd(W, full_matrices=False)
    A = U[:, :rank] * s[:rank]  # (m, rank)
    B = Vt[:rank]  # (rank, n)
    rel = s / s[0] if s[0] > 0 else s  # ‖W‖_F² = Σ s², taken relative to the largest so that 1e300 stays finite
    err = float(np.sqrt(np.sum(rel[rank:] ** 2) / np.sum(rel ** 2))) if s[0] > 0 else 0.0
    return LowRank(A=A, B=B, original_params=W.size, error=err)


def storage_bytes(shape, *, nnz: int | None = None, fmt: str = "dense", value_bytes: float = 4,
                  index_bytes: int = 4) -> int:
    """Bytes to store a matrix of ``shape`` with ``nnz`` non-zeros.

    ``"dense"``: every value. ``"coo"``: each non-zero with its row and column index.
    ``"csr"``: each non-zero with its column index, plus one row pointer per row (+1).
    Sparse formats pay for the indices, so they only win at high sparsity.

    >>> storage_bytes((1000, 1000)), storage_bytes((1000, 1000), nnz=100_000, fmt="csr")
    (4000000, 804004)
    """
    check_choice(fmt, "fmt", ("dense", "coo", "csr"))
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise TypeError(f"shape must be a pair (n_rows, n_cols); got {_received(shape)}")
    rows, cols = (_check_int(v, "shape", 0) for v in shape)
    size = rows * cols
    nnz = size if nnz is None else _check_int(nnz, "nnz", 0, size)
    index_bytes = _check_int(index_bytes, "index_bytes", 1)
    if isinstance(value_bytes, (bool, np.bool_)) or not isinstance(value_bytes, numbers.Real):
        raise TypeError(f"value_bytes must be a positive number (0.5 for 4 bits); got {_received(value_bytes)}")
    if not 0 < value_bytes < np.inf:
        raise ValueError(f"value_bytes must be a positive number (0.5 for 4 bits); got {value_bytes}")
    if fmt == "dense":
        return int(size * value_bytes)
    if fmt == "coo":
        return int(nnz * (value_bytes + 2 * index_bytes))
    return int(nnz * (value_bytes + index_bytes) + (rows + 1) * index_bytes)
