"""mlviz.attention against PyTorch (test-only; CPU build 2.13.0 via `make torch`). Tolerances: 1e-10 in
float64, 1e-5 in float32.

PyTorch's boolean masks: ``F.scaled_dot_product_attention``'s ``attn_mask`` is True where a query may
attend (as ours); ``nn.MultiheadAttention``'s ``attn_mask`` and ``key_padding_mask`` are True where it
may *not*."""
import numpy as np
import pytest

from mlviz import attention as A

torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install torch==2.13.0 (CPU build)")
F = torch.nn.functional


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-10), (np.float32, 1e-5)])
@pytest.mark.parametrize("masking", [None, "causal", "padding", "random"])
def test_sdpa_matches_pytorch(dtype, tol, masking):
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(2, 4, 12, 16)).astype(dtype) for _ in range(3))
    mask = {None: None, "causal": A.causal_mask(12), "padding": A.padding_mask([5, 12], 12)[:, None],
            "random": rng.random((2, 4, 12, 12)) < 0.7}[masking]
    if masking == "random":
        mask[..., 0] = True  # no fully masked rows: PyTorch returns NaN there
    out, w = A.scaled_dot_product_attention(q, k, v, mask)
    ref = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), attn_mask=None if mask is None else _t(mask))
    assert out.dtype == w.dtype == dtype
    np.testing.assert_allclose(out, ref.numpy(), atol=tol, rtol=tol)


@pytest.mark.parametrize("scale", [None, 0.3, 2.0])
def test_sdpa_with_a_scale_cross_lengths_and_broadcast_heads_matches_pytorch(scale):
    rng = np.random.default_rng(2)
    q = rng.normal(size=(3, 2, 7, 8))      # (batch, heads, L_q, d_k)
    k = rng.normal(size=(3, 1, 10, 8))     # one key/value head shared by both query heads
    v = rng.normal(size=(3, 1, 10, 5))     # d_v ≠ d_k
    mask = rng.random((7, 10)) < 0.6
    mask[:, 3] = True
    out, _ = A.scaled_dot_product_attention(q, k, v, mask, scale=scale)
    ref = F.scaled_dot_product_attention(_t(q), _t(np.broadcast_to(k, (3, 2, 10, 8))),
                                         _t(np.broadcast_to(v, (3, 2, 10, 5))), attn_mask=_t(mask), scale=scale)
    np.testing.assert_allclose(out, ref.numpy(), atol=1e-10, rtol=1e-10)


def test_large_scores_match_pytorch():
    # scores in the thousands: e^s alone overflows; both subtract each row's maximum
    rng = np.random.default_rng(3)
    q, k, v = 40 * rng.normal(size=(2, 9, 16)), 40 * rng.normal(size=(2, 11, 16)), rng.normal(size=(2, 11, 4))
    out, _ = A.scaled_dot_product_attention(q, k, v, A.causal_mask(11)[:9])
    ref = F.scaled_dot_product_attention(_t(q), _t(k), _t(v), attn_mask=_t(A.causal_mask(11)[:9]))
    np.testing.assert_allclose(out, ref.numpy(), atol=1e-10, rtol=1e-10)


def _torch_copy(ours):
    d = ours.d_model
    ref = torch.nn.MultiheadAttention(d, ours.num_heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        ref.in_proj_weight.copy_(_t(np.vstack([ours.W_Q, ours.W_K, ours.W_V])))
        ref.in_proj_bias.copy_(_t(np.concatenate([ours.b_Q, ours.b_K, ours.b_V])))
        ref.out_proj.weight.copy_(_t(ours.W_O))
        ref.out_proj.bias.copy_(_t(ours.b_O))
    return ref


def _mha_with_biases(d, h, rng):
    ours = A.MultiHeadAttention(d, h, rng=2)
    for b in (ours.b_Q, ours.b_K, ours.b_V, ours.b_O):
        b[:] = rng.normal(size=d)
    return ours


def test_multihead_attention_matches_pytorch():
    rng = np.random.default_rng(1)
    d, h, L = 16, 4, 7
    ours = _mha_with_biases(d, h, rng)
    ref = _torch_copy(ours)
    x = rng.normal(size=(3, L, d))
    mask = A.causal_mask(L)
    out, w = ours(x, mask=mask)
    r_out, r_w = ref(_t(x), _t(x), _t(x), attn_mask=_t(~mask), average_attn_weights=False)
    np.testing.assert_allclose(out, r_out.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(w, r_w.detach().numpy(), atol=1e-10)
    assert ours.n_params == sum(p.numel() for p in ref.parameters())


def test_multihead_cross_attention_with_padding_matches_pytorch():
    rng = np.random.default_rng(4)
    d, h = 12, 3
    ours = _mha_with_biases(d, h, rng)
    ref = _torch_copy(ours)
    x, mem, val = rng.normal(size=(2, 5, d)), rng.normal(size=(2, 9, d)), rng.normal(size=(2, 9, d))
    pad = A.padding_mask([4, 9], 9)                       # (batch, 1, L_k)
    out, w = ours(x, mem, val, mask=pad)
    r_out, r_w = ref(_t(x), _t(mem), _t(val), key_padding_mask=_t(~pad[:, 0]), average_attn_weights=False)
    np.testing.assert_allclose(out, r_out.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(w, r_w.detach().numpy(), atol=1e-10)
