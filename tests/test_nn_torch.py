"""mlviz.nn against PyTorch (a test-only dependency, pinned to the CPU build 2.13.0 by .ci/run).

Skipped, with the reason shown in the summary (-ra), when PyTorch is not installed.
"""
import numpy as np
import pytest

from mlviz import nn

torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install torch==2.13.0 (CPU build)")
torch.set_default_dtype(torch.float64)


def torch_mlp(net, act):
    layers = []
    for i, layer in enumerate(net.layers):
        lin = torch.nn.Linear(layer.n_in, layer.n_out)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(layer.W))   # same (n_out, n_in) convention
            lin.bias.copy_(torch.from_numpy(layer.b))
        layers.append(lin)
        if i < len(net.layers) - 1:
            layers.append({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh(), "sigmoid": torch.nn.Sigmoid()}[act])
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid"])
def test_forward_and_backward_agree_with_pytorch(act):
    rng = np.random.default_rng(0)
    net = nn.MLP([20, 16, 12, 5], activation=act, init="xavier_uniform", rng=3)
    X, y = rng.normal(size=(32, 20)), rng.integers(0, 5, 32)
    ref = torch_mlp(net, act)
    logits_t = ref(torch.from_numpy(X))
    loss_t = torch.nn.functional.cross_entropy(logits_t, torch.from_numpy(y))
    loss_t.backward()
    logits = net.forward(X)
    np.testing.assert_allclose(logits, logits_t.detach().numpy(), rtol=1e-12, atol=1e-12)
    assert nn.cross_entropy(logits, y) == pytest.approx(loss_t.item(), rel=1e-12)
    net.backward(y)
    torch_layers = [m for m in ref if isinstance(m, torch.nn.Linear)]
    for ours, theirs in zip(net.layers, torch_layers):
        np.testing.assert_allclose(ours.dW, theirs.weight.grad.numpy(), rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(ours.db, theirs.bias.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_one_sgd_step_agrees_with_pytorch():
    rng = np.random.default_rng(1)
    net = nn.MLP([10, 8, 3], rng=2)
    ref = torch_mlp(net, "relu")
    X, y = rng.normal(size=(16, 10)), rng.integers(0, 3, 16)
    opt = torch.optim.SGD(ref.parameters(), lr=0.1)
    opt.zero_grad()
    torch.nn.functional.cross_entropy(ref(torch.from_numpy(X)), torch.from_numpy(y)).backward()
    opt.step()
    net.fit(X, y, epochs=1, batch_size=16, lr=0.1, rng=0)   # one batch = the whole (shuffled) set
    for ours, theirs in zip(net.layers, [m for m in ref if isinstance(m, torch.nn.Linear)]):
        np.testing.assert_allclose(ours.W, theirs.weight.detach().numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("act", ["relu", "sigmoid"])
def test_step_agrees_with_pytorch_sgd_over_several_batches(act):
    rng = np.random.default_rng(5)
    net = nn.MLP([10, 8, 6, 3], activation=act, rng=6)
    ref = torch_mlp(net, act)
    opt = torch.optim.SGD(ref.parameters(), lr=0.2)
    for _ in range(5):
        X, y = rng.normal(size=(16, 10)), rng.integers(0, 3, 16)
        opt.zero_grad()
        loss_t = torch.nn.functional.cross_entropy(ref(torch.from_numpy(X)), torch.from_numpy(y))
        loss_t.backward()
        opt.step()
        assert net.step(X, y, lr=0.2) == pytest.approx(loss_t.item(), rel=1e-12)   # the loss before the step
    for ours, theirs in zip(net.layers, [m for m in ref if isinstance(m, torch.nn.Linear)]):
        np.testing.assert_allclose(ours.W, theirs.weight.detach().numpy(), rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(ours.b, theirs.bias.detach().numpy(), rtol=1e-10, atol=1e-13)


def test_cross_entropy_of_large_logits_agrees_with_pytorch():
    rng = np.random.default_rng(7)
    logits, y = 1e3 * rng.normal(size=(20, 6)) + 1e6, rng.integers(0, 6, 20)
    ref = torch.nn.functional.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y)).item()
    assert nn.cross_entropy(logits, y) == pytest.approx(ref, rel=1e-9)


def n_params(module, with_bias=True):
    return sum(p.numel() for name, p in module.named_parameters() if with_bias or "bias" not in name)


@pytest.mark.parametrize("kind,dims,module", [
    ("dense", dict(n_in=784, n_out=128), lambda: torch.nn.Linear(784, 128)),
    ("conv2d", dict(in_channels=3, out_channels=64, kernel_size=3), lambda: torch.nn.Conv2d(3, 64, 3)),
    ("conv2d", dict(in_channels=16, out_channels=8, kernel_size=(3, 5)), lambda: torch.nn.Conv2d(16, 8, (3, 5))),
    ("lstm", dict(input_size=100, hidden_size=128), lambda: torch.nn.LSTM(100, 128)),
    ("mha", dict(embed_dim=512, num_heads=8), lambda: torch.nn.MultiheadAttention(512, 8)),
    ("mha", dict(embed_dim=64, num_heads=4), lambda: torch.nn.MultiheadAttention(64, 4)),
])
def test_count_parameters_matches_pytorch(kind, dims, module):
    m = module()
    assert nn.count_parameters(kind, **dims).total == n_params(m)
    assert nn.count_parameters(kind, bias=False, **dims).total == n_params(m, with_bias=False)
