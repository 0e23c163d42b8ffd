"""mlviz.attention: hand-computed cases, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from mlviz import attention as A
from mlviz import nn


def test_softmax_by_hand_temperature_and_mask():
    w = A.softmax([0.0, np.log(3.0)])
    np.testing.assert_allclose(w, [0.25, 0.75])
    np.testing.assert_allclose(A.softmax([0.0, np.log(3.0)], temperature=2.0), [1 / (1 + np.sqrt(3)), np.sqrt(3) / (1 + np.sqrt(3))])
    m = A.softmax([[1.0, 5.0, 2.0]], mask=np.array([[True, False, True]]))
    assert m[0, 1] == 0.0 and m.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(A.softmax([1e4, -1e4, 1e4]), [0.5, 0.0, 0.5])
    assert A.softmax([-np.inf, 0.0]).tolist() == [0.0, 1.0]


def test_attention_by_hand():
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    v = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    out, w = A.scaled_dot_product_attention(q, k, v)
    s = np.array([1.0, 0.0, -1.0]) / np.sqrt(2)          # scores / √d
    e = np.exp(s)
    np.testing.assert_allclose(w[0], e / e.sum())
    np.testing.assert_allclose(out[0], (e / e.sum()) @ v)  # a weighted average of the values


def test_masks():
    np.testing.assert_array_equal(A.causal_mask(3), [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    assert A.padding_mask([1, 3], 3).shape == (2, 1, 3)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4, 8))
    _, w = A.scaled_dot_product_attention(x, x, x, A.causal_mask(4))
    assert np.all(w[:, np.triu_indices(4, 1)[0], np.triu_indices(4, 1)[1]] == 0.0)
    np.testing.assert_allclose(w.sum(-1), 1.0)
    _, w = A.scaled_dot_product_attention(x, x, x, A.padding_mask([2, 4], 4))
    assert np.all(w[0, :, 2:] == 0.0) and np.all(w[1] > 0)


def test_fully_masked_row_raises_or_gives_zeros_never_nan():
    x = np.ones((3, 4))
    mask = np.array([[True, False, False], [False, False, False], [True, True, True]])
    with pytest.raises(ValueError, match=r"row \(1,\) of the attention scores is fully masked"):
        A.scaled_dot_product_attention(x, x, x, mask)
    out, w = A.scaled_dot_product_attention(x, x, x, mask, on_fully_masked="zeros")
    assert np.all(w[1] == 0) and np.all(out[1] == 0) and not np.isnan(out).any()
    with pytest.raises(ValueError, match=r"fully masked"):
        A.softmax([[1.0, 2.0]], mask=np.array([[False, False]]))


@pytest.mark.parametrize("block_bytes", [40 * 8 * 7,         # 7 query rows per block
                                         50 * 40 * 8 * 4,    # 4 whole slices per block: 4 + 2
                                         50 * 40 * 8 + 7])   # one slice per block
def test_blocked_computation_equals_one_block(monkeypatch, block_bytes):
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(2, 3, 50, 8)), rng.normal(size=(2, 3, 40, 8)), rng.normal(size=(2, 3, 40, 5))
    mask = rng.random((50, 40)) < 0.8
    mask[:, 0] = True
    full = A.scaled_dot_product_attention(q, k, v, mask)   # all 6 slices in one block
    monkeypatch.setattr(A, "_BLOCK_BYTES", block_bytes)
    small = A.scaled_dot_product_attention(q, k, v, mask)
    np.testing.assert_allclose(small[0], full[0], rtol=1e-13)
    np.testing.assert_allclose(small[1], full[1], rtol=1e-13)
    out, none = A.scaled_dot_product_attention(q, k, v, mask, need_weights=False)
    assert none is None
    np.testing.assert_allclose(out, full[0], rtol=1e-13)


def _fake_caches(root, caches):
    for i, (level, kind, size) in enumerate(caches):
        d = root / f"index{i}"
        d.mkdir()
        for name, text in (("level", level), ("type", kind), ("size", size)):
            (d / name).write_text(text + "\n")
    return str(root)


@pytest.mark.parametrize("caches, expected", [
    ([("1", "Data", "32K"), ("1", "Instruction", "32K"), ("2", "Unified", "512K"), ("3", "Unified", "32768K")],
     2**20),                                                   # AMD EPYC (Zen 3): 2 x 512 KB
    ([("1", "Data", "48K"), ("2", "Unified", "2048K")], 2**22),  # Intel Xeon: 2 x 2 MB
    ([("2", "Unified", "256K")], 2**20),                         # small L2: at least 1 MB
    ([("2", "Unified", "32M")], 2**23),                          # huge L2: at most 8 MB
    ([("1", "Data", "32K"), ("3", "Unified", "8M")], 2**22),     # no L2 listed: 4 MB
    ([("2", "Unified", "lots")], 2**22),                         # unreadable size: 4 MB
    ([("2", "Unified", "")], 2**22),                             # empty size: 4 MB
])
def test_block_size_follows_the_l2_cache(tmp_path, caches, expected):
    assert A._block_bytes(_fake_caches(tmp_path, caches)) == expected


def test_block_size_without_cache_information(tmp_path):
    assert A._block_bytes(str(tmp_path / "missing")) == 2**22
    assert 2**20 <= A._block_bytes() <= 2**23


@pytest.mark.parametrize("size", [1.0, 200.0])  # 200: scores up to ~1200 overflow exp: the shifted path
def test_worker_threads_give_the_serial_result(monkeypatch, size):
    """Big inputs are shared by worker threads, slice by slice (few slices: cut by rows too)."""
    rng = np.random.default_rng(4)
    for shape_q, shape_k in (((3, 2, 300, 16), (3, 2, 280, 16)), ((700, 16), (650, 16))):
        q, k = size * rng.normal(size=shape_q), rng.normal(size=shape_k)
        v = rng.normal(size=shape_k[:-1] + (6,))
        mask = rng.random((shape_q[-2], shape_k[-2])) < 0.7
        mask[:, 3] = True
        assert q[..., 0].size * shape_k[-2] >= A._PARALLEL_SCORES  # big enough for the threads
        threaded = A.scaled_dot_product_attention(q, k, v, mask)
        monkeypatch.setattr(A, "n_workers", lambda: 7)   # as on a 7-core machine: slices cut by rows too
        seven = A.scaled_dot_product_attention(q, k, v, mask)
        monkeypatch.setattr(A, "n_workers", lambda: 1)
        serial = A.scaled_dot_product_attention(q, k, v, mask)
        monkeypatch.undo()
        # (one BLAS thread per worker against a multi-threaded BLAS: the same sums in another order)
        for other in (threaded, seven):
            np.testing.assert_allclose(other[0], serial[0], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(other[1], serial[1], rtol=1e-12, atol=1e-15)
    # a fully masked row in a late slice is named by its (batch, head, row), whichever thread found it,
    # and also when all six slices are computed together in one block (n = 30)
    for n, row in ((300, 123), (30, 13)):
        q = rng.normal(size=(3, 2, n, 16))
        mask = np.ones((3, 2, n, n), bool)
        mask[2, 1, row] = False
        mask[2, 1, row + 7] = False
        with pytest.raises(ValueError, match=rf"row \(2, 1, {row}\) of the attention scores is fully masked"):
            A.scaled_dot_product_attention(q, q, q, mask)


@pytest.mark.parametrize("name", ["q", "k", "v"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_named(name, bad):
    rng = np.random.default_rng(5)
    arrays_ = {n: rng.normal(size=(2, 4, 300, 8)).astype(np.float32) for n in "qkv"}
    arrays_[name][1, 3, 17, 2] = bad
    with pytest.raises(ValueError, match=rf"{name} must contain only finite numbers; slice \(1, 3\) has NaN or inf"):
        A.scaled_dot_product_attention(**arrays_)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_abs_bound_is_an_upper_bound_and_flags_exactly_the_non_finite(dtype):
    x = np.array([[3.0, -4.0], [0.0, 1.0]], dtype=dtype)
    assert A._abs_bound(x) == pytest.approx(np.sqrt(26.0))  # √(9 + 16 + 1) ≥ max|x| = 4
    assert A._abs_bound(x.T) == 4.0  # not contiguous: the exact max |x|
    huge = np.array([3e30, -2e30], dtype=np.float32 if dtype == np.float32 else np.float64) * (
        1.0 if dtype == np.float32 else 1e150)  # the squares overflow: the exact max |x|, finite
    assert A._abs_bound(huge) == float(np.abs(huge).max())
    for bad in (np.nan, np.inf, -np.inf):
        y = x.copy()
        y[1, 0] = bad
        assert not np.isfinite(A._abs_bound(y)) and not np.isfinite(A._abs_bound(y.T))


def test_values_near_the_float32_limit_still_give_the_weighted_mean():
    # |v| = 3e37: the bound on the row sums (max / (4·|v|)) is tiny, so the shifted path runs; the mean is exact
    q = np.zeros((3, 2), np.float32)
    v = np.array([[3e37], [-3e37], [3e37]], np.float32)
    out, w = A.scaled_dot_product_attention(q, q, v)
    assert np.allclose(w, 1 / 3) and out[:, 0] == pytest.approx(1e37, rel=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("masked", [False, True])
def test_many_keys_with_values_near_the_limit_do_not_overflow_the_weighted_sum(dtype, masked):
    # Σ e·v over 1000 keys of |v| = max/10 overflows even with every e ≤ 1; the softmax-weighted
    # mean does not. (Before the fix: inf, silently.)
    rng = np.random.default_rng(3)
    top = float(np.finfo(dtype).max) / 10
    q, k = (rng.normal(size=(2, 1000, 8)).astype(dtype) for _ in range(2))
    v = rng.uniform(0.5 * top, top, size=(2, 1000, 3)).astype(dtype)
    v[:, ::7] *= -1
    mask = np.tril(np.ones((1000, 1000), bool)) if masked else None
    out, w = A.scaled_dot_product_attention(q, k, v, mask)
    assert np.isfinite(out).all() and np.allclose(w.sum(-1), 1.0, rtol=1e-5)
    expected = np.einsum("bqk,bkd->bqd", w.astype(np.float64), (v / top).astype(np.float64))
    np.testing.assert_allclose(out / top, expected, rtol=1e-4, atol=1e-5)


def test_float16_is_computed_in_float32_and_only_rounded_at_the_end():
    rng = np.random.default_rng(4)
    q, k, v = (rng.normal(size=(2, 3, 200, 16)).astype(np.float16) for _ in range(3))
    out, w = A.scaled_dot_product_attention(q, k, v, A.causal_mask(200))
    ref_out, ref_w = A.scaled_dot_product_attention(*(a.astype(np.float64) for a in (q, k, v)), A.causal_mask(200))
    assert out.dtype == w.dtype == np.float16
    # within one float16 rounding of the float64 answer (computed in float16 itself, 11% of the outputs were not)
    np.testing.assert_allclose(out, ref_out.astype(np.float16), rtol=2 ** -10, atol=2 ** -14)
    np.testing.assert_allclose(w, ref_w.astype(np.float16), rtol=2 ** -10, atol=2 ** -24)


def test_huge_finite_scores_raise_instead_of_nan_and_masked_peaks_do_not_hide_keys():
    q = k = np.full((1, 2), 3e19, dtype=np.float32)  # q·k = 1.8e39 overflows float32
    with pytest.raises(ValueError, match=r"scores q·kᵀ·scale overflow float32"):
        A.scaled_dot_product_attention(q, k, np.ones((1, 2), np.float32))
    # the masked key scores +1e4, the kept one −1e4: the shift must come from the kept key,
    # or e^(−2e4) underflows and the row would look fully masked
    out, w = A.scaled_dot_product_attention([[1.0]], [[1e4], [-1e4]], [[5.0], [7.0]], np.array([[False, True]]),
                                            scale=1.0)
    assert w.tolist() == [[0.0, 1.0]] and out.tolist() == [[7.0]]


def test_multihead_split_merge_and_heads_are_independent_attentions():
    rng = np.random.default_rng(2)
    mha = A.MultiHeadAttention(12, 3, rng=0)
    x = rng.normal(size=(5, 12))
    np.testing.assert_array_equal(mha.merge_heads(mha.split_heads(x)), x)
    out, w = mha(x)
    assert out.shape == (5, 12) and w.shape == (3, 5, 5)
    # head 1 by hand: its slice of the projections, plain attention, then W_O on the concatenation
    heads = []
    for h in range(3):
        rows = slice(4 * h, 4 * h + 4)
        qh, kh, vh = (x @ W[rows].T for W in (mha.W_Q, mha.W_K, mha.W_V))
        heads.append(A.scaled_dot_product_attention(qh, kh, vh)[0])
    np.testing.assert_allclose(out, np.hstack(heads) @ mha.W_O.T, atol=1e-12)
    assert mha.n_params == nn.count_parameters("mha", embed_dim=12, num_heads=3).total


def test_sinusoidal_positions_properties():
    pe = A.sinusoidal_positions(50, 16)
    assert pe.shape == (50, 16) and np.abs(pe).max() <= 1
    np.testing.assert_allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, 1.0)   # each (sin, cos) pair on the unit circle
    assert A.sinusoidal_positions(3, 5).shape == (3, 5)


def test_entropy():
    np.testing.assert_allclose(A.attention_entropy([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]]), [0.0, np.log(3)])
    assert A.attention_entropy([[0.0, 0.0], [0.5, 0.5]]).tolist() == [0.0, np.log(2)]  # a zeroed masked row: 0
    np.testing.assert_allclose(A.attention_entropy([[0.5, 1.0], [0.5, 0.0]], axis=0), [np.log(2), 0.0])


@pytest.mark.parametrize("weights, message", [
    ([[0.2, 0.2]], r"each row of weights must sum to 1 .* row \(0,\) sums to 0\.4"),
    ([[1.0, 0.0], [0.6, 0.6]], r"row \(1,\) sums to 1\.2"),
    ([[-0.5, 1.5]], r"weights must be finite and non-negative"),
    ([[np.nan, 1.0]], r"weights must be finite and non-negative"),
    ([], r"weights must be a non-empty array of rows; got shape \(0,\)"),
])
def test_entropy_of_what_is_not_a_distribution_is_an_error(weights, message):
    with pytest.raises(ValueError, match=message):
        A.attention_entropy(weights)


def test_softmax_with_extreme_temperatures_and_scores_gives_weights_not_errors(recwarn):
    # (x - max) / T: nothing overflows to +inf, so no NaN, no warning, and no false "fully masked" row
    assert A.softmax([1.0, 2.0], temperature=1e-310).tolist() == [0.0, 1.0]
    assert A.softmax([1e308, -1e308, 1e308], temperature=0.5).tolist() == [0.5, 0.0, 0.5]
    assert A.softmax(np.array([3e38, 1e38], np.float32), temperature=0.5).tolist() == [1.0, 0.0]
    np.testing.assert_allclose(A.softmax([1.0, 2.0, 3.0], temperature=2.0),
                               np.exp([0.5, 1.0, 1.5]) / np.exp([0.5, 1.0, 1.5]).sum(), rtol=1e-15)
    assert nn.softmax(np.array([1e308, -1e308])).tolist() == [1.0, 0.0]
    assert not recwarn.list


@pytest.mark.parametrize("axis, error, message", [
    ("x", TypeError, r"axis must be an integer; got str 'x'"),
    (1.5, TypeError, r"axis must be an integer; got float 1\.5"),
    (2, ValueError, r"axis must be between -2 and 1 for an array of 2 dimension\(s\); got 2"),
    (-3, ValueError, r"axis must be between -2 and 1"),
])
def test_a_bad_axis_is_named(axis, error, message):
    for f in (A.softmax, A.attention_entropy, nn.softmax):
        with pytest.raises(error, match=message):
            f(np.full((2, 2), 0.5), axis=axis)


# -- properties ----------------------------------------------------------------------------------
scores = arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=st.floats(-1e4, 1e4))


@given(scores, st.floats(-1e3, 1e3))
def test_softmax_rows_sum_to_one_shift_invariant_no_overflow(s, c):
    w = A.softmax(s)
    assert np.all(np.isfinite(w)) and np.all(w >= 0)
    np.testing.assert_allclose(w.sum(-1), 1.0)
    np.testing.assert_allclose(A.softmax(s + c), w, atol=1e-9)


@given(scores, st.data())
def test_masked_weights_are_exactly_zero(s, data):
    mask = data.draw(arrays(bool, s.shape))
    mask[:, 0] = True
    w = A.softmax(s, mask=mask)
    assert np.all(w[~mask] == 0.0)
    np.testing.assert_allclose(w.sum(-1), 1.0)


@given(st.integers(2, 7), st.integers(0, 1000))
@settings(max_examples=40)
def test_permutation_equivariance_without_positions(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6))
    mha = A.MultiHeadAttention(6, 2, rng=seed)
    perm = rng.permutation(n)
    out, w = mha(x)
    out_p, w_p = mha(x[perm])
    np.testing.assert_allclose(out_p, out[perm], atol=1e-12)              # permuting tokens permutes outputs
    np.testing.assert_allclose(w_p, w[:, perm][:, :, perm], atol=1e-12)


# -- bad input -------------------------------------------------------------------------------------
def test_mismatched_qkv():
    with pytest.raises(ValueError, match=r"q and k must have the same feature size d .* got q \(3, 4\) and k \(3, 5\)"):
        A.scaled_dot_product_attention(np.ones((3, 4)), np.ones((3, 5)), np.ones((3, 5)))
    with pytest.raises(ValueError, match=r"k and v must have one row per key .* got k \(3, 4\) and v \(2, 4\)"):
        A.scaled_dot_product_attention(np.ones((3, 4)), np.ones((3, 4)), np.ones((2, 4)))


@pytest.mark.parametrize("call, error, message", [
    (lambda m, x: m(x, np.ones((3, 7, 8))), ValueError,
     r"query, key and value must have the same batch size \(or none\); got query \(2, 5, 8\), key \(3, 7, 8\)"),
    (lambda m, x: m(x, np.ones((2, 7, 8)), np.ones((2, 6, 8))), ValueError,
     r"key and value must have the same seq length .* got key \(2, 7, 8\) and value \(2, 6, 8\)"),
    (lambda m, x: m(np.where(x > 1, np.nan, x)), ValueError, r"query must contain only finite numbers; got nan"),
    (lambda m, x: m(x, np.full((7, 8), -np.inf)), ValueError, r"key must contain only finite numbers; got -inf"),
    (lambda m, x: A.MultiHeadAttention(8, 2, bias="no"), TypeError, r"bias must be True or False; got str 'no'$"),
])
def test_multihead_bad_inputs_are_named_in_its_own_terms(call, error, message):
    # not in the per-head terms of scaled_dot_product_attention ("v", "slice (0, 1)", shapes with a heads axis)
    m, x = A.MultiHeadAttention(8, 2, rng=0), np.random.default_rng(0).normal(size=(2, 5, 8))
    with pytest.raises(error, match=message):
        call(m, x)


def test_d_model_not_divisible_by_heads():
    with pytest.raises(ValueError, match=r"d_model \(512\) must be divisible by num_heads \(7\)"):
        A.MultiHeadAttention(512, 7)


def test_mask_of_wrong_shape():
    x = np.ones((3, 4))
    with pytest.raises(ValueError, match=r"mask of shape \(2, 3\) does not broadcast to the scores' shape \(3, 3\)"):
        A.scaled_dot_product_attention(x, x, x, np.ones((2, 3), bool))
    with pytest.raises(TypeError, match=r"mask must be a boolean array"):
        A.scaled_dot_product_attention(x, x, x, np.ones((3, 3)))


@pytest.mark.parametrize("name", ["q", "k", "v"])
def test_empty_input_is_named(name):
    arrays_ = {"q": np.ones((2, 4)), "k": np.ones((3, 4)), "v": np.ones((3, 2))}
    arrays_[name] = arrays_[name][:0]
    with pytest.raises(ValueError, match=rf"{name} must not be empty .* got shape \(0, \d\)"):
        A.scaled_dot_product_attention(**arrays_)


@pytest.mark.parametrize("scale, error, message", [
    (True, TypeError, r"scale must be a number \(None: 1/√d\); got bool True"),
    ("1", TypeError, r"scale must be a number \(None: 1/√d\); got str '1'"),
    (float("nan"), ValueError, r"scale must be a finite number; got nan"),
    (float("inf"), ValueError, r"scale must be a finite number; got inf"),
])
def test_a_bad_scale_is_named(scale, error, message):
    with pytest.raises(error, match=message):
        A.scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), scale=scale)


def test_other_bad_inputs():
    with pytest.raises(ValueError, match=r"temperature must be a positive number; got 0"):
        A.softmax([1.0, 2.0], temperature=0)
    with pytest.raises(ValueError, match=r"x must not contain NaN"):
        A.softmax([np.nan, 1.0])
    with pytest.raises(ValueError, match=r"every length must be between 1 and n = 4; got \[5\]"):
        A.padding_mask([5], 4)
    with pytest.raises(ValueError, match=r"query must have shape \(seq, 8\) or \(batch, seq, 8\); got \(3, 5\)"):
        A.MultiHeadAttention(8, 2)(np.ones((3, 5)))


@pytest.mark.parametrize("size", [1.0, 30.0])   # small scores skip the max-subtraction; exp(2600) overflows
def test_attention_matches_a_direct_float64_computation(size):
    rng = np.random.default_rng(5)
    q, k, v = size * rng.normal(size=(3, 9, 6)), size * rng.normal(size=(3, 11, 6)), rng.normal(size=(3, 11, 4))
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(6)
    e = np.exp(s - s.max(-1, keepdims=True))
    w_ref = e / e.sum(-1, keepdims=True)
    out, w = A.scaled_dot_product_attention(q, k, v)
    assert (np.abs(s).max() > 710) == (size > 1)  # beyond exp's float64 range
    np.testing.assert_allclose(w, w_ref, atol=1e-12)
    np.testing.assert_allclose(out, w_ref @ v, atol=1e-12)
    out32, _ = A.scaled_dot_product_attention(*(a.astype(np.float32) for a in (q, k, v)))
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, w_ref @ v, atol=1e-5)


@pytest.mark.parametrize("dtype, low, rtol", [(np.float32, -100.0, 1e-5), (np.float64, -800.0, 1e-6)])
def test_scores_that_underflow_or_overflow_exp_are_shifted(dtype, low, rtol):
    """exp of these scores underflows (every row sum 0 or denormal) or overflows: the row sums show it and
    the block is recomputed with each row's maximum subtracted. (float32 rtol: in base 2 the scores carry one
    more rounding, of q·scale·log₂e, about |score|·6e-8 in the exponent: 4e-6 here at |score| = 100.)"""
    k = np.array([[low], [low - 1.0], [low - 2.0]], dtype=dtype)
    ref = np.exp([0.0, -1.0, -2.0]) / np.exp([0.0, -1.0, -2.0]).sum()
    for q in ([[1.0]], [[-1.0]]):  # scores low, low-1, low-2 (exp underflows), then their negatives (overflows)
        out, w = A.scaled_dot_product_attention(np.array(q, dtype), k, np.array([[1.0], [2.0], [3.0]], dtype),
                                                scale=1.0)
        expect = ref if q == [[1.0]] else ref[::-1]
        np.testing.assert_allclose(w[0], expect, rtol=rtol)
        np.testing.assert_allclose(out[0, 0], expect @ [1.0, 2.0, 3.0], rtol=rtol)


@pytest.mark.parametrize("size", [1.0, 10.0, 60.0])  # 60: scores that overflow exp, so the shifted path runs too
def test_base_2_is_as_accurate_as_base_e(monkeypatch, size):
    """Where exp2 is faster, the scores are taken in base 2 (log₂e folded into q's scale). Both ways, float32
    attention is compared with float64 on the same inputs: base 2 must be as close as base e (within 2x:
    one more rounding, of q·scale·log₂e, against the GEMM's own), and in float64 the two agree to 1e-13."""
    rng = np.random.default_rng(12)
    q, k, v = (rng.normal(size=(3, 2, 40, 8)) for _ in range(3))
    q *= size
    mask = rng.random((40, 40)) < 0.7
    mask[:, 0] = True
    ref_out, ref_w = A.scaled_dot_product_attention(q, k, v, mask=mask)
    err, f64 = {}, {}
    for base2 in (False, True):
        monkeypatch.setattr(A, "_BASE2", base2)
        out, w = A.scaled_dot_product_attention(*(a.astype(np.float32) for a in (q, k, v)), mask=mask)
        assert np.all(w[..., ~mask] == 0)
        err[base2] = (np.abs(w - ref_w).max(), np.abs(out - ref_out).max())
        f64[base2] = A.scaled_dot_product_attention(q, k, v, mask=mask)
    for e2, ee in zip(err[True], err[False]):
        assert e2 <= 2 * ee + 1e-7 and e2 < 2e-5
    np.testing.assert_allclose(f64[True][1], f64[False][1], atol=1e-13)
    np.testing.assert_allclose(f64[True][0], f64[False][0], atol=1e-12)


def test_a_block_that_needs_the_shift_switches_the_rest_of_its_group(monkeypatch):
    """Slices with small scores, one with scores that overflow exp, then small ones again, with a mask, in
    blocks of one slice: every slice matches the direct float64 computation."""
    monkeypatch.setattr(A, "_BLOCK_BYTES", 1)  # one query row per block
    rng = np.random.default_rng(8)
    q, k, v = rng.normal(size=(6, 20, 4)), rng.normal(size=(6, 30, 4)), rng.normal(size=(6, 30, 3))
    q[2] *= 60.0   # scores far beyond 88: exp overflows float32
    q[3] *= 12.0   # scores between 40 and 88: still safe without the shift
    mask = rng.random((20, 30)) < 0.6
    mask[:, 5] = True
    s = q @ np.swapaxes(k, -1, -2) / 2.0
    s = np.where(mask, s, -np.inf)
    e = np.exp(s - s.max(-1, keepdims=True))
    w_ref = e / e.sum(-1, keepdims=True)
    for dtype, tol in ((np.float64, 1e-12), (np.float32, 2e-5)):
        out, w = A.scaled_dot_product_attention(q.astype(dtype), k.astype(dtype), v.astype(dtype), mask)
        np.testing.assert_allclose(w, w_ref, atol=tol)
        np.testing.assert_allclose(out, w_ref @ v, atol=tol * 10)
        assert np.all(w[:, ~mask] == 0.0)


def test_calls_of_other_sizes_and_dtypes_in_between_do_not_change_a_result():
    # Each thread reuses its block buffer from call to call: a call must never see another's leftovers.
    rng = np.random.default_rng(11)
    big = [rng.normal(size=(2, 3, 300, 16)) for _ in range(3)]
    small = [rng.normal(size=(5, 40, 8)).astype(np.float32) for _ in range(3)]
    first_out, first_w = A.scaled_dot_product_attention(*big)
    small_out, _ = A.scaled_dot_product_attention(*small, mask=A.causal_mask(40))
    again_out, again_w = A.scaled_dot_product_attention(*big)
    np.testing.assert_array_equal(again_out, first_out)
    np.testing.assert_array_equal(again_w, first_w)
    np.testing.assert_allclose(small_out, A.scaled_dot_product_attention(
        *(a.astype(np.float64) for a in small), mask=A.causal_mask(40))[0], atol=1e-5)
