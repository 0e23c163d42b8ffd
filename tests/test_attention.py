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


def test_causal_attention_by_hand():
    # scores 0 everywhere (q = 0): each query averages the values it may see, 1..i
    q, k = np.zeros((3, 2)), np.ones((3, 2))
    v = np.array([[3.0], [6.0], [9.0]])
    out, w = A.scaled_dot_product_attention(q, k, v, A.causal_mask(3))
    np.testing.assert_allclose(w, [[1, 0, 0], [1 / 2, 1 / 2, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-15)
    np.testing.assert_allclose(out[:, 0], [3.0, 4.5, 6.0], rtol=1e-15)


def test_a_fully_masked_row_is_named_by_its_batch_and_head():
    rng = np.random.default_rng(3)
    q = rng.normal(size=(3, 2, 30, 16))
    mask = np.ones((3, 2, 30, 30), bool)
    mask[2, 1, 13] = False
    mask[2, 1, 20] = False
    with pytest.raises(ValueError, match=r"row \(2, 1, 13\) of the attention scores is fully masked"):
        A.scaled_dot_product_attention(q, q, q, mask)
    # a 2-D mask broadcast over (batch, head): the first (batch, head, row) that has nothing left
    small = np.ones((30, 30), bool)
    small[4] = False
    with pytest.raises(ValueError, match=r"row \(0, 0, 4\) of the attention scores is fully masked"):
        A.scaled_dot_product_attention(q, q, q, small)
    out, w = A.scaled_dot_product_attention(q, q, q, mask, on_fully_masked="zeros")
    assert np.all(w[2, 1, [13, 20]] == 0) and np.all(out[2, 1, [13, 20]] == 0) and np.isfinite(out).all()
    np.testing.assert_allclose(np.delete(w[2, 1], [13, 20], axis=0).sum(-1), 1.0)


def test_need_weights_false_gives_the_same_output_and_no_weights():
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(2, 3, 5, 8)), rng.normal(size=(2, 3, 4, 8)), rng.normal(size=(2, 3, 4, 6))
    mask = rng.random((5, 4)) < 0.7
    mask[:, 0] = True
    out, w = A.scaled_dot_product_attention(q, k, v, mask)
    out2, none = A.scaled_dot_product_attention(q, k, v, mask, need_weights=False)
    assert none is None and w.shape == (2, 3, 5, 4)
    np.testing.assert_array_equal(out2, out)


@pytest.mark.parametrize("size", [1.0, 30.0])   # 30: scores beyond ±710, where e^s alone over/underflows float64
def test_attention_matches_a_direct_float64_computation(size):
    rng = np.random.default_rng(5)
    q, k, v = size * rng.normal(size=(3, 9, 6)), size * rng.normal(size=(3, 11, 6)), rng.normal(size=(3, 11, 4))
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(6)
    e = np.exp(s - s.max(-1, keepdims=True))
    w_ref = e / e.sum(-1, keepdims=True)
    out, w = A.scaled_dot_product_attention(q, k, v)
    assert (np.abs(s).max() > 710) == (size > 1)
    np.testing.assert_allclose(w, w_ref, atol=1e-12)
    np.testing.assert_allclose(out, w_ref @ v, atol=1e-12)


@pytest.mark.parametrize("low", [-100.0, -800.0, 800.0])  # e^s underflows to 0 (float64 below -745) or overflows
def test_scores_far_from_zero_are_shifted_by_the_row_maximum(low):
    k = np.array([[low], [low - 1.0], [low - 2.0]])
    ref = np.exp([0.0, -1.0, -2.0]) / np.exp([0.0, -1.0, -2.0]).sum()
    out, w = A.scaled_dot_product_attention([[1.0]], k, [[1.0], [2.0], [3.0]], scale=1.0)
    np.testing.assert_allclose(w[0], ref, rtol=1e-13)
    np.testing.assert_allclose(out[0, 0], ref @ [1.0, 2.0, 3.0], rtol=1e-13)


def test_float32_stays_float32_and_anything_else_is_computed_in_float64():
    rng = np.random.default_rng(4)
    q, k, v = (rng.normal(size=(2, 3, 20, 16)) for _ in range(3))
    ref_out, ref_w = A.scaled_dot_product_attention(q, k, v, A.causal_mask(20))
    out32, w32 = A.scaled_dot_product_attention(*(a.astype(np.float32) for a in (q, k, v)), A.causal_mask(20))
    assert out32.dtype == w32.dtype == np.float32
    np.testing.assert_allclose(out32, ref_out, atol=1e-5)
    # float16 (and any mix of dtypes) in float64: float16 itself would round every weight to 3 digits
    q16, k16, v16 = (a.astype(np.float16) for a in (q, k, v))
    out16, w16 = A.scaled_dot_product_attention(q16, k16, v16, A.causal_mask(20))
    assert out16.dtype == w16.dtype == np.float64
    exact = A.scaled_dot_product_attention(*(a.astype(np.float64) for a in (q16, k16, v16)), A.causal_mask(20))
    np.testing.assert_array_equal(out16, exact[0])
    assert A.scaled_dot_product_attention(q.astype(np.float32), k, v)[0].dtype == np.float64
    ints = A.scaled_dot_product_attention([[1, 0]], [[1, 0], [0, 1]], [[2, 0], [0, 2]], scale=1.0)
    assert ints[0].dtype == np.float64 and ints[1][0].tolist() == pytest.approx([np.e / (np.e + 1), 1 / (np.e + 1)])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_values_near_the_largest_float_give_the_weighted_mean(dtype):
    # the weights are normalised before the product with v, so Σ w·v ≤ max |v| never overflows
    rng = np.random.default_rng(3)
    top = float(np.finfo(dtype).max) / 10
    q, k = (rng.normal(size=(2, 500, 8)).astype(dtype) for _ in range(2))
    v = rng.uniform(0.5 * top, top, size=(2, 500, 3)).astype(dtype)
    v[:, ::7] *= -1
    out, w = A.scaled_dot_product_attention(q, k, v, A.causal_mask(500))
    assert np.isfinite(out).all()
    expected = np.einsum("bqk,bkd->bqd", w.astype(np.float64), (v / top).astype(np.float64))
    np.testing.assert_allclose(out / top, expected, rtol=1e-4, atol=1e-5)


def test_scores_that_overflow_raise_instead_of_nan_and_masked_peaks_do_not_hide_keys():
    q = k = np.full((1, 2), 3e19, dtype=np.float32)  # q·k = 1.8e39 overflows float32
    with pytest.raises(ValueError, match=r"scores q·kᵀ·scale overflow float32: q and k are too large"):
        A.scaled_dot_product_attention(q, k, np.ones((1, 2), np.float32))
    with pytest.raises(ValueError, match=r"scores q·kᵀ·scale overflow float64"):  # -inf scores too: not "masked"
        A.scaled_dot_product_attention([[-1e300]], [[1e300], [1e300]], [[1.0], [2.0]])
    # the masked key scores +1e4, the kept one −1e4: the shift must come from the kept key,
    # or e^(−2e4) underflows and the row would look fully masked
    out, w = A.scaled_dot_product_attention([[1.0]], [[1e4], [-1e4]], [[5.0], [7.0]], np.array([[False, True]]),
                                            scale=1.0)
    assert w.tolist() == [[0.0, 1.0]] and out.tolist() == [[7.0]]
    # tiny inputs: every score underflows to 0, the weights are uniform
    out, w = A.scaled_dot_product_attention([[1e-300]], [[1e-300], [2e-300]], [[1.0], [3.0]])
    assert w.tolist() == [[0.5, 0.5]] and out.tolist() == [[2.0]]


@pytest.mark.parametrize("offset", [0.0, 1e4, 1e6, 1e9])
def test_softmax_ignores_an_offset(offset):
    # dyadic scores are exact at every offset: (x + c) − max(x + c) = x − max x, so the weights are identical
    x = np.array([[0.5, -1.25, 2.0, 0.0], [3.0, 3.0, -4.5, 1.0]])
    np.testing.assert_array_equal(A.softmax(x + offset), A.softmax(x))
    np.testing.assert_array_equal(A.softmax(x + offset, axis=0, temperature=0.5), A.softmax(x, axis=0, temperature=0.5))
    # random scores: only the rounding of x + c itself (half an ulp of c) is left
    r = np.random.default_rng(0).normal(size=(5, 7))
    ulp = np.spacing(offset) if offset else 0.0
    np.testing.assert_allclose(A.softmax(r + offset), A.softmax(r), rtol=4 * ulp + 1e-15, atol=1e-300)


@pytest.mark.parametrize("offset", [1e4, 1e6, 1e9])
def test_attention_is_exact_where_the_data_lives(offset):
    # adding c to every value adds c to every output (the weights sum to 1); adding c to every key's first
    # feature adds c·q₀ to a whole row of scores, which the softmax ignores
    rng = np.random.default_rng(6)
    q, k, v = rng.normal(size=(4, 3)), rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    out, w = A.scaled_dot_product_attention(q, k, v)
    shifted_out, shifted_w = A.scaled_dot_product_attention(q, k, v + offset)
    np.testing.assert_array_equal(shifted_w, w)
    np.testing.assert_allclose(shifted_out - offset, out, atol=8 * np.spacing(offset))
    qd = np.round(q * 8) / 8  # dyadic, so that the scores' offsets c·q₀ are exact
    k0 = k.copy()
    k0[:, 0] += offset
    np.testing.assert_allclose(A.scaled_dot_product_attention(qd, k0, v)[1],
                               A.scaled_dot_product_attention(qd, k, v)[1], rtol=0, atol=1e-6 * offset * 1e-6 + 1e-9)


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
    message = rf"{name} must have shape \(\.\.\., seq, d\) and not be empty; got shape \(0, \d\)"
    with pytest.raises(ValueError, match=message):
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
    with pytest.raises(ValueError, match=r"query must have shape \(seq, 8\) or \(batch, seq, 8\), with seq ≥ 1; got \(3, 5\)"):
        A.MultiHeadAttention(8, 2)(np.ones((3, 5)))
    with pytest.raises(ValueError, match=r"key must have shape .* with seq ≥ 1; got \(2, 0, 8\)"):
        A.MultiHeadAttention(8, 2)(np.ones((2, 3, 8)), np.ones((2, 0, 8)))




@pytest.mark.parametrize("name", ["q", "k", "v"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_named_with_its_index(name, bad):
    rng = np.random.default_rng(5)
    arrays_ = {n: rng.normal(size=(2, 4, 30, 8)).astype(np.float32) for n in "qkv"}
    arrays_[name][1, 3, 17, 2] = bad
    with pytest.raises(ValueError, match=rf"{name} must contain only finite numbers; got {bad} at index \(1, 3, 17, 2\)"):
        A.scaled_dot_product_attention(**arrays_)


@pytest.mark.parametrize("call, error, message", [
    (lambda: A.softmax(3.0), ValueError, r"x must be an array of scores with at least one axis; got a single number"),
    (lambda: A.softmax([]), ValueError, r"x must not be empty; got shape \(0,\)"),
    (lambda: A.softmax("1, 2"), TypeError, r"x must be an array of numbers; got str"),
    (lambda: A.softmax(None), TypeError, r"x must be an array of real numbers; got NoneType"),
    (lambda: A.softmax([1.0, np.inf]), ValueError, r"x must not contain NaN or \+inf"),
    (lambda: A.softmax([1.0], temperature="hot"), TypeError, r"temperature must be a positive number; got str 'hot'"),
    (lambda: A.softmax([1.0], temperature=np.inf), ValueError, r"temperature must be a positive number; got inf"),
    (lambda: A.softmax([1.0], temperature=True), TypeError, r"temperature must be a positive number; got bool True"),
    (lambda: A.softmax([1.0], on_fully_masked="nan"), ValueError, r"on_fully_masked must be one of 'raise', 'zeros'"),
    (lambda: A.softmax([[1.0, 2.0]], mask=[[True], [True, False]]), ValueError,
     r"mask must be a rectangular boolean array; got ragged nested lists"),
    (lambda: A.softmax([1.0, 2.0], mask=[True, False, True]), ValueError,
     r"mask of shape \(3,\) does not broadcast to the scores' shape \(2,\)"),
    (lambda: A.softmax([-np.inf, -np.inf]), ValueError, r"row \(\) of the attention scores is fully masked"),
    (lambda: A.scaled_dot_product_attention(np.ones(3), np.ones((2, 3)), np.ones((2, 3))), ValueError,
     r"q must have shape \(\.\.\., seq, d\) and not be empty; got shape \(3,\)"),
    (lambda: A.scaled_dot_product_attention(np.ones((2, 2, 3)), np.ones((3, 2, 3)), np.ones((3, 2, 3))), ValueError,
     r"the leading axes of q \(2, 2, 3\), k \(3, 2, 3\) and v \(3, 2, 3\) do not broadcast"),
    (lambda: A.scaled_dot_product_attention([["a"]], [[1.0]], [[1.0]]), TypeError, r"q must be an array of real numbers"),
    (lambda: A.scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), on_fully_masked=None),
     ValueError, r"on_fully_masked must be one of 'raise', 'zeros'; got None"),
    (lambda: A.causal_mask(0), ValueError, r"n must be a positive integer; got 0"),
    (lambda: A.padding_mask([[1, 2], [3]], 4), ValueError, r"lengths must be a 1-D list of ints, one per sequence"),
    (lambda: A.padding_mask([1.5], 4), ValueError, r"lengths must be a 1-D list of ints, one per sequence"),
    (lambda: A.sinusoidal_positions(4, -2), ValueError, r"d must be a positive integer; got -2"),
    (lambda: A.attention_entropy(np.float64(1.0)), ValueError, r"weights must be a non-empty array of rows; got shape \(\)"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_single_boolean_is_a_mask_too():
    np.testing.assert_array_equal(A.softmax([1.0, 2.0], mask=np.True_), A.softmax([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"row \(0,\) of the attention scores is fully masked"):
        A.scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)), False)


def test_multihead_masks_in_its_own_terms():
    rng = np.random.default_rng(7)
    m = A.MultiHeadAttention(8, 2, rng=0)
    x = rng.normal(size=(2, 5, 8))
    pad = A.padding_mask([3, 5], 5)                      # (batch, 1, L_k): the same for every head
    out, w = m(x, mask=pad)
    assert w.shape == (2, 2, 5, 5) and np.all(w[0, :, :, 3:] == 0) and np.all(w[1] > 0)
    np.testing.assert_allclose(out[1], m(x[1])[0], atol=1e-12)  # nothing masked in sequence 1
    with pytest.raises(ValueError, match=r"mask of shape \(3, 5\) does not broadcast to the scores' shape \(2, 5, 5\)"):
        m(x, mask=np.ones((3, 5), bool))
    nothing = np.ones((5, 5), bool)
    nothing[2] = False
    with pytest.raises(ValueError, match=r"row \(0, 2\) of the attention scores is fully masked"):
        m(x, mask=nothing)
    out, w = m(x, mask=nothing, on_fully_masked="zeros")
    assert np.all(w[:, :, 2] == 0) and np.isfinite(out).all()
    out, none = m(x, need_weights=False)
    assert none is None and out.shape == (2, 5, 8)


def test_multihead_names_an_input_too_large_for_its_projection():
    m = A.MultiHeadAttention(4, 2, rng=0)
    with pytest.raises(ValueError, match=r"query is too large: its projection overflows float64; rescale it"):
        m(np.full((3, 4), 1e308))
    tiny, _ = m(np.full((3, 4), 1e-300))
    assert np.isfinite(tiny).all()
