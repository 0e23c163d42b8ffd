"""mlviz.attention against PyTorch (test-only; CPU build 2.13.0 via `make torch`). Tolerances: 1e-10 in
float64, 1e-5 in float32."""
import numpy as np
import pytest

from mlviz import attention as A

torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install torch==2.13.0 (CPU build)")
F = torch.nn.functional


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-10), (np.float32, 1e-5)])
@pytest.mark.parametrize("masking", [None, "causal", "padding", "random"])
def test_sdpa_matches_pytorch(dtype, tol, masking):
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(2, 4, 12, 16)).astype(dtype) for _ in range(3))
    mask = {None: None, "causal": A.causal_mask(12), "padding": A.padding_mask([5, 12], 12)[:, None],
            "random": rng.random((2, 4, 12, 12)) < 0.7}[masking]
    if masking == "random":
        mask[..., 0] = True  # no fully masked rows: PyTorch returns NaN there
    out, _ = A.scaled_dot_product_attention(q, k, v, mask)
    ref = F.scaled_dot_product_attention(*(torch.from_numpy(a) for a in (q, k, v)),
                                         attn_mask=None if mask is None else torch.from_numpy(np.ascontiguousarray(mask)))
    assert out.dtype == dtype
    np.testing.assert_allclose(out, ref.numpy(), atol=tol, rtol=tol)


def test_multihead_attention_matches_pytorch():
    torch.set_default_dtype(torch.float64)
    rng = np.random.default_rng(1)
    d, h, L = 16, 4, 7
    ours = A.MultiHeadAttention(d, h, rng=2)
    for b in (ours.b_Q, ours.b_K, ours.b_V, ours.b_O):
        b[:] = rng.normal(size=d)
    ref = torch.nn.MultiheadAttention(d, h, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.from_numpy(np.vstack([ours.W_Q, ours.W_K, ours.W_V])))
        ref.in_proj_bias.copy_(torch.from_numpy(np.concatenate([ours.b_Q, ours.b_K, ours.b_V])))
        ref.out_proj.weight.copy_(torch.from_numpy(ours.W_O))
        ref.out_proj.bias.copy_(torch.from_numpy(ours.b_O))
    x = rng.normal(size=(3, L, d))
    mask = A.causal_mask(L)
    out, w = ours(x, mask=mask)
    # PyTorch's boolean attn_mask marks positions *not* allowed; ours marks allowed ones
    r_out, r_w = ref(*(torch.from_numpy(x),) * 3, attn_mask=torch.from_numpy(~mask), average_attn_weights=False)
    np.testing.assert_allclose(out, r_out.detach().numpy(), atol=1e-10)
    np.testing.assert_allclose(w, r_w.detach().numpy(), atol=1e-10)
    assert ours.n_params == sum(p.numel() for p in ref.parameters())
