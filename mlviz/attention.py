r"""Scaled dot-product attention, masks, multi-head attention and positions, in NumPy.

Shapes: queries ``q`` are ``(..., L_q, d)``, keys ``k`` ``(..., L_k, d)`` and values ``v``
``(..., L_k, d_v)``; leading axes (batch, heads) broadcast. Weight matrices follow
:mod:`mlviz.nn`: ``(d_out, d_in)``, applied as ``x @ W.T + b``, like PyTorch.

**Masks** are boolean, ``True`` where a query may attend to a key (PyTorch's convention for a
boolean ``attn_mask``). Masked positions get a weight of exactly 0.

**A fully masked row** (a query that may attend to nothing) has no defined softmax: 0/0. By default
that raises a ``ValueError`` naming the row; ``on_fully_masked="zeros"`` instead gives that row
all-zero weights, so its output is the zero vector. A NaN is never returned. (PyTorch's
``scaled_dot_product_attention`` returns NaN there.)
"""
from __future__ import annotations

import functools
import math
import numbers
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._parallel import guided, n_workers, parallel_map, scratch
from ._validation import (_as_float_array, _check_finite, _describe, _received, as_rng, check_axis, check_choice,
                          check_positive_int, sum_of_squares)

__all__ = ["softmax", "scaled_dot_product_attention", "causal_mask", "padding_mask", "MultiHeadAttention",
           "sinusoidal_positions", "attention_entropy"]

_PARALLEL_SCORES = 2**16  # below this many scores in all, threads cost more than they save


@functools.cache
def _block_bytes(cache_dir: str = "/sys/devices/system/cpu/cpu0/cache") -> int:
    """The size of a block of scores: twice one core's L2 cache, between 1 and 8 MB (4 MB where Linux does not
    say). Measured against PyTorch, alternating in one process, both cores: the best block was 4 MB on an Intel
    Xeon with 2 MB of L2 per core and 1 MB on an AMD EPYC (Zen 3) with 512 KB; there, the 4 MB block that suits
    the Intel machine took 4-13% longer."""
    units = {"K": 2**10, "M": 2**20}
    try:
        for folder in sorted(Path(cache_dir).glob("index*")):
            info = {name: (folder / name).read_text().strip() for name in ("level", "type", "size")}
            if info["level"] == "2" and info["type"] in ("Unified", "Data"):
                size = info["size"]  # e.g. "512K", "2048K" or "2M"
                l2 = int(size[:-1]) * units[size[-1]] if size[-1:] in units else int(size)
                return min(max(2 * l2, 2**20), 2**23)
    except (OSError, ValueError):
        pass
    return 2**22


_BLOCK_BYTES = None  # bytes per block of scores (per worker); None: twice the L2 cache (_block_bytes, read once)


def _exp2_is_vectorised() -> bool:
    """Whether NumPy runs exp2 on AVX-512 (SVML). There, exp2 is 15–30% faster than exp (measured on a 512 x 1024
    block, float32 and float64); on AVX2-only machines it is about 2x slower. Attention then works in base 2:
    e^s = 2^(s·log₂e), the log₂e folded into the scale of q, so it costs nothing extra."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # pragma: no cover - NumPy < 2
        try:
            from numpy.core._multiarray_umath import __cpu_features__ as features
        except ImportError:
            return False
    return bool(features.get("AVX512_SKX"))


_BASE2 = _exp2_is_vectorised()


def _fully_masked_error(row_index) -> ValueError:
    return ValueError(f"row {row_index} of the attention scores is fully masked: that query may attend to no key, "
                      "so its softmax is 0/0. Fix the mask, or pass on_fully_masked='zeros' to give it zero weights")


def softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0, *, mask: ArrayLike | None = None,
            on_fully_masked: str = "raise") -> NDArray:
    r"""Positive weights that sum to 1 along ``axis``: :math:`e^{x_i/T} / \sum_j e^{x_j/T}`.

    Stable for any finite scores (the maximum is subtracted first). ``temperature`` T > 1 flattens
    the weights, T < 1 sharpens them. ``mask`` (boolean, True = keep, broadcastable to ``x``) and
    ``-inf`` scores both give exactly 0. See the module docstring for fully masked rows.

    >>> softmax([1e4, 1e4, -1e4]).tolist()
    [0.5, 0.5, 0.0]
    >>> softmax([1.0, 2.0, 3.0], mask=[True, False, True]).round(4).tolist()
    [0.1192, 0.0, 0.8808]
    """
    s = _as_float_array(x, "x")
    if s.size == 0:
        raise ValueError(f"x must not be empty; got shape {s.shape}")
    if np.isnan(s).any() or np.isposinf(s).any():
        raise ValueError("x must not contain NaN or +inf (use -inf or a mask to exclude a position)")
    if not (isinstance(temperature, numbers.Real) and math.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive number; got {temperature!r}")
    check_choice(on_fully_masked, "on_fully_masked", ("raise", "zeros"))
    axis = check_axis(axis, s.ndim)
    keep = np.isfinite(s)
    if mask is not None:
        m = _bool_mask(mask, s.shape)
        keep = keep & m
    s = np.where(keep, s, -np.inf)
    peak = np.max(s, axis=axis, keepdims=True)
    empty = np.isneginf(peak)
    if empty.any():
        if on_fully_masked == "raise":
            raise _fully_masked_error(tuple(int(i) for i in np.argwhere(empty)[0]))
        peak = np.where(empty, 0.0, peak)
    # Shift first, then divide by T: (x - max)/T ≤ 0, so nothing overflows to +inf whatever T and x are.
    # A difference below the most negative float becomes -inf: a weight of 0, as it is to float precision.
    with np.errstate(over="ignore"):
        e = np.exp((s - peak) / temperature)  # exp(-inf) = 0: masked positions are exactly 0
    total = e.sum(axis=axis, keepdims=True)
    return np.divide(e, total, out=np.zeros_like(e), where=total > 0)


def _bool_mask(mask, shape) -> NDArray:
    m = np.asarray(mask)
    if m.dtype != bool:
        raise TypeError(f"mask must be a boolean array (True = may attend); got {_describe(m)}")
    try:
        np.broadcast_shapes(m.shape, shape)
    except ValueError:
        raise ValueError(f"mask of shape {m.shape} does not broadcast to the scores' shape {shape}") from None
    if np.broadcast_shapes(m.shape, shape) != tuple(shape):
        raise ValueError(f"mask of shape {m.shape} does not broadcast to the scores' shape {shape}")
    return m


def causal_mask(n: int) -> NDArray:
    """``(n, n)`` boolean: position i may attend to positions 0..i (no peeking at later tokens).

    >>> causal_mask(3).astype(int)
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    n = check_positive_int(n, "n")
    return np.tri(n, dtype=bool)


def padding_mask(lengths, n: int) -> NDArray:
    """``(batch, 1, n)`` boolean: in sequence b only the first ``lengths[b]`` keys are real.

    The middle axis broadcasts over query positions; for scores with a heads axis use ``mask[:, None]``.

    >>> padding_mask([2, 3], 4).astype(int)
    array([[[1, 1, 0, 0]],
    <BLANKLINE>
           [[1, 1, 1, 0]]])
    """
    n = check_positive_int(n, "n")
    lens = np.asarray(lengths)
    if lens.ndim != 1 or lens.size == 0 or not np.issubdtype(lens.dtype, np.integer):
        raise ValueError(f"lengths must be a 1-D list of ints, one per sequence; got {_describe(lens)}")
    if lens.min() < 1 or lens.max() > n:
        raise ValueError(f"every length must be between 1 and n = {n}; got {lens.tolist()}")
    return (np.arange(n) < lens[:, None])[:, None, :]


def scaled_dot_product_attention(q: ArrayLike, k: ArrayLike, v: ArrayLike, mask: ArrayLike | None = None,
                                 scale: float | None = None, *, need_weights: bool = True,
                                 on_fully_masked: str = "raise") -> tuple[NDArray, NDArray | None]:
    r"""``softmax(q kᵀ · scale) v`` with ``scale = 1/√d`` by default. Returns ``(output, weights)``.

    The scores are computed block by block (blocks of twice the L2 cache, 1 to 8 MB: groups of query rows of one
    batch-and-head slice, or several whole slices when they are short, so that one NumPy call does them
    all), and the batch-and-head slices are shared by worker threads, so the temporary memory
    stays at a few MB per worker whatever the sequence length (each thread keeps its block buffer for
    its next call: ``mlviz._parallel.release_scratch()`` frees them); with ``need_weights=False`` the
    ``(…, L_q, L_k)`` weights are never stored at all and ``None`` is returned in their place.
    float32 inputs are computed in float32, float16 ones in float32 and rounded to float16 at the end.
    Where NumPy's exp2 runs on AVX-512 (faster than exp there), the exponentials are taken in base 2,
    e^s = 2^(s·log₂e), with log₂e folded into the scale of q.

    >>> q = k = np.eye(2); v = np.array([[1.0, 0.0], [0.0, 10.0]])
    >>> out, w = scaled_dot_product_attention(q, k, v, scale=1.0)
    >>> w.round(4).tolist()   # each query prefers the key equal to it: e¹/(e¹ + e⁰)
    [[0.7311, 0.2689], [0.2689, 0.7311]]
    """
    q, k, v = (_as_float_array(a, n) for a, n in ((q, "q"), (k, "k"), (v, "v")))
    for a, n in ((q, "q"), (k, "k"), (v, "v")):
        if a.ndim < 2:
            raise ValueError(f"{n} must have shape (..., seq, d); got shape {a.shape}")
        if 0 in a.shape:
            raise ValueError(f"{n} must not be empty (at least one row and one feature); got shape {a.shape}")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must have the same feature size d to be compared; got q {q.shape} and k {k.shape}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"k and v must have one row per key (the same seq length); got k {k.shape} and v {v.shape}")
    check_choice(on_fully_masked, "on_fully_masked", ("raise", "zeros"))
    given = np.result_type(q, k, v)
    dtype = np.promote_types(given, np.float32)  # float16 is computed in float32 (BLAS has no float16)
    q, k, v = q.astype(dtype, copy=False), k.astype(dtype, copy=False), v.astype(dtype, copy=False)
    try:
        batch = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(f"the leading (batch, head) axes of q {q.shape}, k {k.shape} and v {v.shape} "
                         "do not broadcast") from None
    Lq, Lk, d = q.shape[-2], k.shape[-2], q.shape[-1]
    scores_shape = (*batch, Lq, Lk)
    m = None if mask is None else np.broadcast_to(_bool_mask(mask, scores_shape), scores_shape)
    if scale is None:
        scale = 1.0 / math.sqrt(d)
    elif isinstance(scale, (bool, np.bool_)) or not isinstance(scale, numbers.Real):
        raise TypeError(f"scale must be a number (None: 1/√d); got {_received(scale)}")
    elif not math.isfinite(scale):
        raise ValueError(f"scale must be a finite number; got {scale!r}")

    Q = np.broadcast_to(q, (*batch, Lq, d)).reshape(-1, Lq, d)
    K = np.broadcast_to(k, (*batch, Lk, d)).reshape(-1, Lk, d)
    V = np.broadcast_to(v, (*batch, Lk, v.shape[-1])).reshape(-1, Lk, v.shape[-1])
    M = None if m is None else m.reshape(-1, Lq, Lk)
    dv = V.shape[-1]
    out = np.empty((Q.shape[0], Lq, dv), dtype=dtype)
    weights = np.empty((Q.shape[0], Lq, Lk), dtype=dtype) if need_weights else None
    block_bytes = _BLOCK_BYTES or _block_bytes()
    rows = max(1, min(Lq, block_bytes // (Lk * dtype.itemsize)))  # query rows per block
    per_block = max(1, block_bytes // (Lq * Lk * dtype.itemsize))  # whole slices per block, when they fit
    # Work units: (slice, query rows r0:r1); a slice is cut by rows only when there are fewer slices than
    # workers. The threads take them in contiguous groups, one group at a time, whoever is free; the groups
    # halve toward the end (guided: few set-ups, k and v checked once per group, and the threads finish
    # together). Within a group, short slices go several to a block (small problems: one group, no threads).
    workers = n_workers() if Q.shape[0] * Lq * Lk >= _PARALLEL_SCORES else 1
    cuts = 1 if Q.shape[0] >= workers else -(-workers // Q.shape[0])
    bounds = [Lq * i // cuts for i in range(cuts + 1)]
    units = [(b, r0, r1) for b in range(Q.shape[0]) for r0, r1 in zip(bounds, bounds[1:]) if r1 > r0]
    groups = guided(units, workers)
    ones = np.ones(Lk, dtype=dtype)  # e @ ones: the row sums, one matrix-vector product

    # Scores in base 2 where exp2 is the faster of the two (see _exp2_is_vectorised): the same weights.
    exp, q_scale = (np.exp2, dtype.type(scale * math.log2(math.e))) if _BASE2 else (np.exp, dtype.type(scale))
    info = np.finfo(dtype)
    # Row sums of e^score at or above this leave every underflowed term below one rounding error of the
    # row (each is off by less than ``info.tiny``, the largest term is at least sum/L_k).
    tiny = Lk * float(info.tiny) / float(info.eps)

    def where(b):  # the (batch, head, ...) index of slice b
        return tuple(int(i) for i in np.unravel_index(b, batch)) if batch else ()

    def first_not_finite(name, A, b0):
        bad = next(i for i in range(len(A)) if not np.isfinite(A[i]).all())
        return ValueError(f"{name} must contain only finite numbers; slice {where(b0 + bad)} has NaN or inf")

    def chunks(my_units):
        """The units as (slices b0:b1, rows r0:r1): short whole slices go together, up to one block."""
        b0 = b1 = None
        for b, r0, r1 in my_units:
            whole = r0 == 0 and r1 == Lq
            if whole and b1 == b and b1 - b0 < per_block:
                b1 += 1
                continue
            if b0 is not None:
                yield b0, b1, 0, Lq
                b0 = b1 = None
            if whole:
                b0, b1 = b, b + 1
            else:
                yield b, b + 1, r0, r1
        if b0 is not None:
            yield b0, b1, 0, Lq

    def attend(my_units):
        """Attention for each chunk of slices b0:b1 and query rows r0:r1, in blocks of at most ``rows``
        query rows (or of several whole slices, each one Python call for all of them), in buffers that
        each thread keeps from call to call (fresh megabyte buffers cost page faults on every thread).

        Softmax ignores a common shift, so each block first tries ``exp(score)`` without subtracting
        the row maxima (a pass less). The row sums (one matrix-vector product, cheaper than a sum over
        the last axis) tell whether that was safe: none overflowed, none underflowed, and ``Σ e·v``
        cannot overflow either. Only then is the value product taken; a block that fails is recomputed with
        the shift, and so are the rest of this group's blocks. After the shift every e ≤ 1, but for |v| near
        the largest float ``Σ e·v`` can still overflow: there the weights are normalised before the product.
        Any NaN or inf in q turns the row sums NaN, infinite or 0, so q is only checked on the shifted path;
        k and v are checked here, once per group, with one dot product each (few calls: the workers share
        Python's lock between NumPy calls). The value product is written
        straight into the output and divided there by the row sums."""
        todo = list(chunks(my_units))
        n_max = max(b1 - b0 for b0, b1, _, _ in todo)
        r_max = max(min(rows, r1 - r0) for _, _, r0, r1 in todo)
        block, q_block, total_block = scratch(dtype, n_max * r_max * Lk, n_max * r_max * d, n_max * r_max)
        g0, g1 = todo[0][0], todo[-1][1]
        v_abs = _abs_bound(V[g0:g1])
        if not math.isfinite(v_abs):
            raise first_not_finite("v", V[g0:g1], g0)
        if not math.isfinite(_abs_bound(K[g0:g1])):
            raise first_not_finite("k", K[g0:g1], g0)
        big = float(info.max) / (4.0 * max(v_abs, 1.0))  # row sums up to this keep Σ e·v finite
        shift = False
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):  # detected and reported below
            for b0, b1, r0, r1 in todo:
                n = b1 - b0
                Kt, Vb = K[b0:b1].transpose(0, 2, 1), V[b0:b1]
                for a0 in range(r0, r1, rows):
                    a1 = min(r1, a0 + rows)
                    shape = (n, a1 - a0)
                    s = block[: n * (a1 - a0) * Lk].reshape(*shape, Lk)
                    qs = q_block[: n * (a1 - a0) * d].reshape(*shape, d)
                    total = total_block[: n * (a1 - a0)].reshape(shape)
                    o = out[b0:b1, a0:a1]
                    Mb = None if M is None else M[b0:b1, a0:a1]
                    np.multiply(Q[b0:b1, a0:a1], q_scale, out=qs)
                    np.matmul(qs, Kt, out=s)
                    if not shift:
                        exp(s, out=s)
                        if Mb is not None:
                            np.multiply(s, Mb, out=s)  # masked: exactly 0
                        np.matmul(s, ones, out=total)
                        shift = not (total.min() >= tiny and total.max() <= big)  # False for NaN too
                        if shift:
                            np.matmul(qs, Kt, out=s)  # the scores again, to be shifted
                        else:
                            np.matmul(s, Vb, out=o)  # only for a block that needs no shift
                    if shift:
                        if not np.isfinite(Q[b0:b1, a0:a1]).all():
                            raise first_not_finite("q", Q[b0:b1, a0:a1], b0)
                        if Mb is None:  # shift by each row's largest unmasked score
                            s -= s.max(axis=-1, keepdims=True)
                        else:
                            peak = s.max(axis=-1, keepdims=True, where=Mb, initial=-np.inf)
                            peak[np.isinf(peak)] = 0.0  # fully masked rows
                            s -= peak
                            np.minimum(s, 0.0, out=s)  # masked scores above the peak: exp ≤ 1, zeroed below
                        exp(s, out=s)
                        if Mb is not None:
                            np.multiply(s, Mb, out=s)
                        np.matmul(s, ones, out=total)
                        if not total.min() > 0:  # also NaN
                            if np.isnan(total).any():  # finite inputs, but q·kᵀ·scale overflowed to inf
                                raise ValueError(f"the scores q·kᵀ·scale overflow {dtype.name}: q and k are too "
                                                 "large; rescale them")
                            empty = total == 0  # every key masked (the largest unmasked exp is 1)
                            if on_fully_masked == "raise":
                                i, row = np.argwhere(empty)[0]
                                raise _fully_masked_error((*where(b0 + int(i)), a0 + int(row)))
                            total[empty] = 1.0  # their weights stay 0, their output is the zero vector
                        if float(total.max()) > big:  # Σ e·v could overflow (|v| near the largest float):
                            np.divide(s, total[..., None], out=s)  # weigh by the softmax itself, Σ w·v ≤ max|v|
                            total[...] = 1.0
                        np.matmul(s, Vb, out=o)
                    total = total[..., None]
                    np.divide(o, total, out=o)
                    if need_weights:
                        np.divide(s, total, out=weights[b0:b1, a0:a1])

    parallel_map(attend, groups)
    out = out.reshape(*batch, Lq, V.shape[-1]).astype(given, copy=False)
    return out, (weights.reshape(scores_shape).astype(given, copy=False) if need_weights else None)


def _abs_bound(A: NDArray) -> float:
    """An upper bound on ``max |a|`` over ``A``, NaN or inf exactly when ``A`` has a NaN or an inf.

    A contiguous ``A`` costs one BLAS dot product, ``√(Σ a²)``; only when that is not finite (a NaN,
    an inf, or squares too large for the dtype) are the largest and smallest values looked up.
    """
    s = sum_of_squares(A)
    if s is not None and math.isfinite(s):
        return math.sqrt(s)
    return max(float(A.max()), -float(A.min()))  # NaN and inf propagate


def attention_entropy(weights: ArrayLike, axis: int = -1) -> NDArray:
    """Entropy −Σ w log w of each row of attention weights, in nats: 0 = all on one key, log L = uniform.

    Each row must be a distribution: weights ≥ 0 that sum to 1 (to 1e-3), or all 0 (a fully masked row
    given zeros, whose entropy is reported as 0).
    """
    w = _as_float_array(weights, "weights")
    if w.ndim == 0 or w.size == 0:
        raise ValueError(f"weights must be a non-empty array of rows; got shape {w.shape}")
    axis = check_axis(axis, w.ndim)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be finite and non-negative (a softmax's output)")
    sums = w.sum(axis=axis)
    bad = ~((np.abs(sums - 1.0) <= 1e-3) | (sums == 0))
    if bad.any():
        row = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"each row of weights must sum to 1 (a distribution over the keys); row {row} sums to "
                         f"{float(sums[row]):.6g}")
    return 0.0 - np.sum(np.where(w > 0, w * np.log(np.where(w > 0, w, 1.0)), 0.0), axis=axis)  # 0.0 - : no -0.0


def sinusoidal_positions(n: int, d: int) -> NDArray:
    r"""The Transformer's position encodings: :math:`PE_{p,2i} = \sin(p/10000^{2i/d})`, :math:`PE_{p,2i+1} = \cos(\cdot)`.

    >>> sinusoidal_positions(2, 4).round(4)
    array([[0.    , 1.    , 0.    , 1.    ],
           [0.8415, 0.5403, 0.01  , 1.    ]])
    """
    n, d = check_positive_int(n, "n"), check_positive_int(d, "d")
    pos = np.arange(n)[:, None]
    freq = 10000.0 ** (-(np.arange(0, d, 2)) / d)
    pe = np.zeros((n, d))
    pe[:, 0::2] = np.sin(pos * freq)
    pe[:, 1::2] = np.cos(pos * freq)[:, : d // 2]
    return pe


class MultiHeadAttention:
    r"""Multi-head attention: project, split into heads, attend in each head, merge, project back.

    .. math:: \text{head}_h = \text{attention}(X W_Q^{(h)\top}, X W_K^{(h)\top}, X W_V^{(h)\top}),
              \quad \text{out} = [\text{head}_1, \dots, \text{head}_H]\, W_O^\top + b_O

    ``W_Q``, ``W_K``, ``W_V``, ``W_O`` are ``(d_model, d_model)``; head h uses rows
    ``h·d_k … (h+1)·d_k`` of ``W_Q``, ``W_K``, ``W_V`` with ``d_k = d_model / num_heads``.
    Initialized like PyTorch: Xavier-uniform projections, zero biases.

    >>> mha = MultiHeadAttention(512, 8, rng=0)
    >>> mha.n_params   # 4 · 512² + 4 · 512
    1050624
    """

    def __init__(self, d_model: int, num_heads: int, *, bias: bool = True, rng=None):
        d_model, num_heads = check_positive_int(d_model, "d_model"), check_positive_int(num_heads, "num_heads")
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False; got {_received(bias)}")
        if d_model % num_heads:
            raise ValueError(f"d_model ({d_model}) must be divisible by num_heads ({num_heads}): each head gets "
                             f"d_model / num_heads columns")
        self.d_model, self.num_heads, self.d_k = d_model, num_heads, d_model // num_heads
        g = as_rng(rng)
        a = math.sqrt(6.0 / (2 * d_model))
        self.W_Q, self.W_K, self.W_V, self.W_O = (g.uniform(-a, a, (d_model, d_model)) for _ in range(4))
        z = (lambda: np.zeros(d_model)) if bias else (lambda: None)
        self.b_Q, self.b_K, self.b_V, self.b_O = z(), z(), z(), z()

    @property
    def n_params(self) -> int:
        mats = (self.W_Q, self.W_K, self.W_V, self.W_O, self.b_Q, self.b_K, self.b_V, self.b_O)
        return sum(m.size for m in mats if m is not None)

    def split_heads(self, x: NDArray) -> NDArray:
        """``(..., L, d_model)`` → ``(..., heads, L, d_k)``."""
        *lead, L, _ = x.shape
        return np.swapaxes(x.reshape(*lead, L, self.num_heads, self.d_k), -3, -2)

    def merge_heads(self, x: NDArray) -> NDArray:
        """``(..., heads, L, d_k)`` → ``(..., L, d_model)``: the heads' outputs side by side."""
        x = np.swapaxes(x, -3, -2)
        return x.reshape(*x.shape[:-2], self.d_model)

    @staticmethod
    def _project(x, W, b):
        y = x @ W.T
        return y if b is None else y + b

    def forward(self, query: ArrayLike, key: ArrayLike | None = None, value: ArrayLike | None = None,
                mask: ArrayLike | None = None, *, need_weights: bool = True, on_fully_masked: str = "raise"):
        """Self-attention when only ``query`` is given. Inputs ``(L, d_model)`` or ``(batch, L, d_model)``.

        ``mask``: ``(L_q, L_k)``, ``(batch, 1, L_k)`` (from :func:`padding_mask`) or ``(batch, L_q, L_k)``;
        it is applied to every head. Returns ``(output, weights)`` with weights ``(…, heads, L_q, L_k)``.
        """
        x = _as_float_array(query, "query")
        kx = x if key is None else _as_float_array(key, "key")
        vx = kx if value is None else _as_float_array(value, "value")
        named = {"query": x} | ({} if key is None else {"key": kx}) | ({} if value is None else {"value": vx})
        for n, a in named.items():
            if a.ndim not in (2, 3) or a.shape[-1] != self.d_model:
                raise ValueError(f"{n} must have shape (seq, {self.d_model}) or (batch, seq, {self.d_model}); "
                                 f"got {a.shape}")
            _check_finite(a, n)
        try:
            np.broadcast_shapes(x.shape[:-2], kx.shape[:-2], vx.shape[:-2])
        except ValueError:
            raise ValueError(f"query, key and value must have the same batch size (or none); got query {x.shape}, "
                             f"key {kx.shape} and value {vx.shape}") from None
        if kx.shape[-2] != vx.shape[-2]:
            raise ValueError(f"key and value must have the same seq length (one value per key); got key {kx.shape} "
                             f"and value {vx.shape}")
        Q = self.split_heads(self._project(x, self.W_Q, self.b_Q))
        K = self.split_heads(self._project(kx, self.W_K, self.b_K))
        V = self.split_heads(self._project(vx, self.W_V, self.b_V))
        if mask is not None:
            m = np.asarray(mask)
            mask = m[..., None, :, :] if m.ndim == 3 else m  # add the heads axis
        heads, weights = scaled_dot_product_attention(Q, K, V, mask, need_weights=need_weights,
                                                      on_fully_masked=on_fully_masked)
        return self._project(self.merge_heads(heads), self.W_O, self.b_O), weights

    __call__ = forward
