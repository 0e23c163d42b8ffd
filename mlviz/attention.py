r"""Scaled dot-product attention, masks, multi-head attention and positions, in NumPy.

Shapes: queries ``q`` are ``(..., L_q, d_k)``, keys ``k`` ``(..., L_k, d_k)`` and values ``v``
``(..., L_k, d_v)``; leading axes (batch, heads) broadcast. Weight matrices follow
:mod:`mlviz.nn`: ``(d_out, d_in)``, applied as ``x @ W.T + b``, like PyTorch.

**Masks** are boolean, ``True`` where a query may attend to a key (PyTorch's convention for a
boolean ``attn_mask``). Masked positions get a weight of exactly 0.

**A fully masked row** (a query that may attend to nothing) has no defined softmax: 0/0. By default
that raises a ``ValueError`` naming the row; ``on_fully_masked="zeros"`` instead gives that row
all-zero weights, so its output is the zero vector. A NaN is never returned. (PyTorch's
``scaled_dot_product_attention`` returns NaN there.)

**Precision.** Everything is computed in float64, except that attention on ``q``, ``k`` and ``v`` that
are all float32 stays in float32, as in PyTorch, so that the two can be compared on equal terms.
"""
from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import (_as_float_array, _check_finite, _describe, _received, as_rng, check_axis, check_choice,
                          check_positive_int)

__all__ = ["softmax", "scaled_dot_product_attention", "causal_mask", "padding_mask", "MultiHeadAttention",
           "sinusoidal_positions", "attention_entropy"]

_FULLY_MASKED = ("row {} of the attention scores is fully masked: that query may attend to no key, so its softmax "
                 "is 0/0. Fix the mask, or pass on_fully_masked='zeros' to give it zero weights")


# -- softmax ---------------------------------------------------------------------------------
def softmax(x: ArrayLike, axis: int = -1, temperature: float = 1.0, *, mask: ArrayLike | None = None,
            on_fully_masked: str = "raise") -> NDArray:
    r"""Positive weights that sum to 1 along ``axis``, the package's one softmax.

    Parameters
    ----------
    x : array_like, (..., n)
        Scores. ``-inf`` excludes a position (weight exactly 0); NaN and ``+inf`` are refused.
    axis : int
        The axis along which the weights sum to 1.
    temperature : float
        T > 1 flattens the weights, T < 1 sharpens them.
    mask : array_like of bool, optional
        True where a position is kept; broadcastable to ``x``. Masked positions get a weight of exactly 0.
    on_fully_masked : {"raise", "zeros"}
        What a row with no position left gets: a ``ValueError`` naming the row, or all-zero weights.

    Returns
    -------
    ndarray, like x
        The weights, in float64.

    Notes
    -----
    .. math:: \operatorname{softmax}(x)_i = \frac{e^{x_i/T}}{\sum_j e^{x_j/T}}
              = \frac{e^{(x_i - m)/T}}{\sum_j e^{(x_j - m)/T}}, \qquad m = \max_j x_j

    The two forms are equal (the factor :math:`e^{-m/T}` cancels), but only the second is safe to
    compute: every exponent is at most 0, so nothing overflows, and the largest term is :math:`e^0 = 1`,
    so the sum is never 0.

    Examples
    --------
    >>> softmax([1e4, 1e4, -1e4]).tolist()
    [0.5, 0.5, 0.0]
    >>> softmax([1.0, 2.0, 3.0], mask=[True, False, True]).round(4).tolist()
    [0.1192, 0.0, 0.8808]
    """
    s = _as_float_array(x, "x")
    if s.ndim == 0:
        raise ValueError(f"x must be an array of scores with at least one axis; got a single number, {s}")
    if s.size == 0:
        raise ValueError(f"x must not be empty; got shape {s.shape}")
    if np.isnan(s).any() or np.isposinf(s).any():
        raise ValueError("x must not contain NaN or +inf (use -inf or a mask to exclude a position)")
    if isinstance(temperature, (bool, np.bool_)) or not isinstance(temperature, numbers.Real):
        raise TypeError(f"temperature must be a positive number; got {_received(temperature)}")
    if not (math.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a positive number; got {temperature!r}")
    check_choice(on_fully_masked, "on_fully_masked", ("raise", "zeros"))
    axis = check_axis(axis, s.ndim)
    if mask is not None:
        s = np.where(_check_mask(mask, s.shape), s, -np.inf)  # rows are checked below, along ``axis``
    empty = np.all(np.isneginf(s), axis=axis)
    if on_fully_masked == "raise" and empty.any():
        raise ValueError(_FULLY_MASKED.format(tuple(int(i) for i in np.argwhere(empty)[0])))
    return _softmax(s, axis, float(temperature))


def _softmax(s: NDArray, axis: int = -1, temperature: float = 1.0) -> NDArray:
    """Unchecked kernel of :func:`softmax`: ``s`` is a float array without NaN or +inf (-inf excludes a
    position); a row with every position excluded gets all-zero weights. Keeps the dtype of ``s``."""
    peak = np.max(s, axis=axis, keepdims=True)
    peak[np.isneginf(peak)] = 0.0  # a row with nothing left: e^(-inf) = 0 everywhere, not (-inf) - (-inf) = NaN
    with np.errstate(over="ignore"):  # a shift beyond the float range is -inf: a weight of 0, as it is to precision
        e = s - peak  # ≤ 0, so e^e ≤ 1 cannot overflow
        if temperature != 1.0:
            e /= temperature  # after the shift: (x − m)/T ≤ 0 whatever T
        np.exp(e, out=e)
    total = np.sum(e, axis=axis, keepdims=True)  # ≥ 1 (the peak's own e^0), or 0 for a row with nothing left
    return np.divide(e, total, out=e, where=total > 0)


# -- masks -------------------------------------------------------------------------------------
def _check_mask(mask, shape: tuple, on_fully_masked: str = "zeros") -> NDArray:
    """``mask`` as a boolean array that broadcasts to the scores' ``shape``, or a TypeError/ValueError saying why
    not; with ``on_fully_masked="raise"``, a ValueError naming the first row (last axis) that keeps nothing."""
    try:
        m = np.atleast_1d(np.asarray(mask))  # a single True/False: one key axis of length 1, broadcast to all
    except ValueError:  # ragged nested lists
        raise ValueError("mask must be a rectangular boolean array; got ragged nested lists") from None
    if m.dtype != bool:
        raise TypeError(f"mask must be a boolean array (True = may attend); got {_describe(m)}")
    if m.ndim > len(shape) or any(a not in (1, b) for a, b in zip(m.shape[::-1], shape[::-1])):
        raise ValueError(f"mask of shape {m.shape} does not broadcast to the scores' shape {shape}")
    empty = np.broadcast_to(~np.any(m, axis=-1), shape[:-1])  # (..., L_q): rows with nothing left
    if on_fully_masked == "raise" and empty.any():
        raise ValueError(_FULLY_MASKED.format(tuple(int(i) for i in np.argwhere(empty)[0])))
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
    try:
        lens = np.asarray(lengths)
    except ValueError:  # ragged nested lists
        lens = np.asarray(lengths, dtype=object)
    if lens.ndim != 1 or lens.size == 0 or not np.issubdtype(lens.dtype, np.integer):
        raise ValueError(f"lengths must be a 1-D list of ints, one per sequence; got {_describe(lens)}")
    if lens.min() < 1 or lens.max() > n:
        raise ValueError(f"every length must be between 1 and n = {n}; got {lens.tolist()}")
    return (np.arange(n) < lens[:, None])[:, None, :]  # (batch, 1, n)


# -- attention ---------------------------------------------------------------------------------
def scaled_dot_product_attention(q: ArrayLike, k: ArrayLike, v: ArrayLike, mask: ArrayLike | None = None,
                                 scale: float | None = None, *, need_weights: bool = True,
                                 on_fully_masked: str = "raise") -> tuple[NDArray, NDArray | None]:
    r"""Attention: each query's output is the average of the values, weighted by how well its key matches.

    Parameters
    ----------
    q : array_like, (..., L_q, d_k)
        Queries. Leading axes (batch, heads) broadcast between ``q``, ``k`` and ``v``.
    k : array_like, (..., L_k, d_k)
        Keys, one per value.
    v : array_like, (..., L_k, d_v)
        Values.
    mask : array_like of bool, optional
        True where a query may attend to a key; broadcastable to the scores ``(..., L_q, L_k)``
        (see :func:`causal_mask`, :func:`padding_mask`).
    scale : float, optional
        The factor on the scores; ``None`` means :math:`1/\sqrt{d_k}`.
    need_weights : bool
        False returns ``None`` in place of the weights.
    on_fully_masked : {"raise", "zeros"}
        What a query that may attend to no key gets: a ``ValueError`` naming its row, or zero weights
        and a zero output.

    Returns
    -------
    output : ndarray, (..., L_q, d_v)
    weights : ndarray, (..., L_q, L_k), or None
        Each row sums to 1 (0 for a fully masked row given zeros).

    Notes
    -----
    .. math:: \operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d_k}}\Big) V

    The softmax is taken along each row of scores (one row per query) with a masked score set to
    :math:`-\infty`, so that its weight is exactly 0.

    Examples
    --------
    >>> q = k = np.eye(2); v = np.array([[1.0, 0.0], [0.0, 10.0]])
    >>> out, w = scaled_dot_product_attention(q, k, v, scale=1.0)
    >>> w.round(4).tolist()   # each query prefers the key equal to it: e¹/(e¹ + e⁰)
    [[0.7311, 0.2689], [0.2689, 0.7311]]
    >>> out.round(3).tolist()
    [[0.731, 2.689], [0.269, 7.311]]
    """
    dtype = np.float32 if all(getattr(a, "dtype", None) == np.float32 for a in (q, k, v)) else np.float64
    q, k, v = (_as_float_array(a, n).astype(dtype, copy=False) for a, n in ((q, "q"), (k, "k"), (v, "v")))
    for a, n in ((q, "q"), (k, "k"), (v, "v")):
        if a.ndim < 2 or 0 in a.shape:
            raise ValueError(f"{n} must have shape (..., seq, d) and not be empty; got shape {a.shape}")
        _check_finite(a, n)
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must have the same feature size d to be compared; got q {q.shape} and k {k.shape}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"k and v must have one row per key (the same seq length); got k {k.shape} and v {v.shape}")
    try:
        batch = np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(f"the leading axes of q {q.shape}, k {k.shape} and v {v.shape} do not broadcast") from None
    check_choice(on_fully_masked, "on_fully_masked", ("raise", "zeros"))
    if mask is not None:
        mask = _check_mask(mask, (*batch, q.shape[-2], k.shape[-2]), on_fully_masked)
    if scale is not None and (isinstance(scale, (bool, np.bool_)) or not isinstance(scale, numbers.Real)):
        raise TypeError(f"scale must be a number (None: 1/√d); got {_received(scale)}")
    if scale is not None and not math.isfinite(scale):
        raise ValueError(f"scale must be a finite number; got {scale!r}")
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale)
    return _attention(q, k, v, mask, scale, need_weights)


def _attention(q: NDArray, k: NDArray, v: NDArray, mask, scale: float, need_weights: bool) -> tuple:
    """Unchecked kernel of :func:`scaled_dot_product_attention`: finite arrays of one float dtype whose
    shapes fit, a boolean mask that broadcasts to the scores (or None), a finite scale."""
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
        scores = (q * scale) @ np.swapaxes(k, -1, -2)  # (..., L_q, d_k) @ (..., d_k, L_k) -> (..., L_q, L_k)
    if not np.isfinite(scores).all():  # finite q and k, but products too large for the dtype
        raise ValueError(f"the scores q·kᵀ·scale overflow {scores.dtype.name}: q and k are too large; rescale them")
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)  # (..., L_q, L_k); e^(-inf) = 0: masked keys weigh nothing
    weights = _softmax(scores)  # (..., L_q, L_k), each row sums to 1
    out = weights @ v  # (..., L_q, L_k) @ (..., L_k, d_v) -> (..., L_q, d_v)
    return out, (weights if need_weights else None)


def attention_entropy(weights: ArrayLike, axis: int = -1) -> NDArray:
    r"""Entropy of each row of attention weights, in nats: 0 = all on one key, log L = uniform.

    .. math:: H(w) = -\sum_j w_j \log w_j \qquad (0 \log 0 = 0)

    Each row must be a distribution: weights ≥ 0 that sum to 1 (to 1e-3), or all 0 (a fully masked row
    given zeros, whose entropy is reported as 0).

    >>> attention_entropy([[1.0, 0.0], [0.5, 0.5]]).round(4).tolist()
    [0.0, 0.6931]
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
    r"""The Transformer's position encodings, ``(n, d)``.

    .. math:: PE_{p,2i} = \sin(p/10000^{2i/d}), \qquad PE_{p,2i+1} = \cos(p/10000^{2i/d})

    >>> sinusoidal_positions(2, 4).round(4)
    array([[0.    , 1.    , 0.    , 1.    ],
           [0.8415, 0.5403, 0.01  , 1.    ]])
    """
    n, d = check_positive_int(n, "n"), check_positive_int(d, "d")
    pos = np.arange(n)[:, None]  # (n, 1)
    freq = 10000.0 ** (-(np.arange(0, d, 2)) / d)  # (ceil(d/2),)
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
        return np.swapaxes(x.reshape(*lead, L, self.num_heads, self.d_k), -3, -2)  # (..., heads, L, d_k)

    def merge_heads(self, x: NDArray) -> NDArray:
        """``(..., heads, L, d_k)`` → ``(..., L, d_model)``: the heads' outputs side by side."""
        x = np.swapaxes(x, -3, -2)  # (..., L, heads, d_k)
        return x.reshape(*x.shape[:-2], self.d_model)  # (..., L, d_model)

    @staticmethod
    def _project(x, W, b):
        y = x @ W.T  # (..., L, d_model) @ (d_model, d_model) -> (..., L, d_model)
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
            if a.ndim not in (2, 3) or a.shape[-1] != self.d_model or a.size == 0:
                raise ValueError(f"{n} must have shape (seq, {self.d_model}) or (batch, seq, {self.d_model}), with "
                                 f"seq ≥ 1; got {a.shape}")
            _check_finite(a, n)
        try:
            batch = np.broadcast_shapes(x.shape[:-2], kx.shape[:-2], vx.shape[:-2])
        except ValueError:
            raise ValueError(f"query, key and value must have the same batch size (or none); got query {x.shape}, "
                             f"key {kx.shape} and value {vx.shape}") from None
        if kx.shape[-2] != vx.shape[-2]:
            raise ValueError(f"key and value must have the same seq length (one value per key); got key {kx.shape} "
                             f"and value {vx.shape}")
        check_choice(on_fully_masked, "on_fully_masked", ("raise", "zeros"))
        if mask is not None:
            mask = _check_mask(mask, (*batch, x.shape[-2], kx.shape[-2]), on_fully_masked)
            mask = mask[..., None, :, :] if mask.ndim == 3 else mask  # (batch, 1, L_q, L_k): the same for every head
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below, in words
            Q = self.split_heads(self._project(x, self.W_Q, self.b_Q))  # (..., heads, L_q, d_k)
            K = self.split_heads(self._project(kx, self.W_K, self.b_K))  # (..., heads, L_k, d_k)
            V = self.split_heads(self._project(vx, self.W_V, self.b_V))  # (..., heads, L_k, d_k)
        for P, n in ((Q, "query"), (K, "key"), (V, "value")):
            if not np.isfinite(P).all():
                raise ValueError(f"{n} is too large: its projection overflows float64; rescale it")
        heads, weights = _attention(Q, K, V, mask, 1.0 / math.sqrt(self.d_k), need_weights)
        return self._project(self.merge_heads(heads), self.W_O, self.b_O), weights  # (..., L_q, d_model)

    __call__ = forward
