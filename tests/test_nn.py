"""mlviz.nn and mlviz.compression: hand-computed cases, gradient checks, properties, bad input."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from mlviz import compression as C
from mlviz import nn
from mlviz.datasets import load_digits


# -- layers, by hand ----------------------------------------------------------------------------
def test_dense_forward_backward_by_hand():
    layer = nn.Dense(3, 2, activation="relu", init="zeros")
    layer.W[:] = [[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]
    layer.b[:] = [0.0, -1.0]
    X = np.array([[1.0, 2.0, 3.0], [3.0, 0.0, 1.0]])
    # Z = X Wᵀ + b = [[-2, 2], [2, 1]]; ReLU → [[0, 2], [2, 1]]
    np.testing.assert_allclose(layer.forward(X), [[0, 2], [2, 1]])
    G = np.array([[1.0, 1.0], [1.0, 1.0]])
    gX = layer.backward(G)
    delta = np.array([[0.0, 1.0], [1.0, 1.0]])          # ReLU' is 0 where Z < 0
    np.testing.assert_allclose(layer.dW, delta.T @ X)   # (n_out, n_in), like W
    np.testing.assert_allclose(layer.db, [1.0, 2.0])
    np.testing.assert_allclose(gX, delta @ layer.W)
    assert layer.dW.shape == layer.W.shape


def test_activations_and_derivatives_by_hand():
    z = np.array([-2.0, 0.0, 3.0])
    for name, expect in (("relu", [0, 0, 3]), ("tanh", np.tanh(z)), ("sigmoid", 1 / (1 + np.exp(-z))), ("linear", z)):
        f, df = nn.activation(name)
        a = f(z)
        np.testing.assert_allclose(a, expect)
        h = 1e-6
        num = (f(z + h) - f(z - h)) / (2 * h)
        if name == "relu":
            num[1] = 0.0  # the kink: PyTorch's convention, ReLU'(0) = 0
        np.testing.assert_allclose(df(z, a), num, atol=1e-8)
    s = nn.softmax(np.array([[1000.0, 1000.0, -1000.0]]))
    np.testing.assert_allclose(s, [[0.5, 0.5, 0.0]])
    z = np.array([[0.3, -1.2, 2.0]])
    g = np.array([[1.0, -2.0, 0.5]])
    num = np.array([[(np.sum(g * nn.softmax(z + h * e)) - np.sum(g * nn.softmax(z - h * e))) / (2 * h)
                     for e in np.eye(3)]])
    np.testing.assert_allclose(nn.softmax_backward(nn.softmax(z), g), num, atol=1e-8)


def test_initializer_scales_match_the_notes():
    assert np.sqrt(6 / (784 + 128)) == pytest.approx(0.0811, abs=1e-4)    # the notes' Xavier limit 0.081
    assert np.sqrt(2 / 784) == pytest.approx(0.0505, abs=1e-4)             # the notes' He std 0.051
    W = nn.xavier_uniform(784, 128, rng=0)
    assert W.shape == (128, 784) and np.abs(W).max() <= np.sqrt(6 / 912)
    assert nn.he_normal(784, 128, rng=0).std() == pytest.approx(np.sqrt(2 / 784), rel=0.02)
    assert nn.xavier_normal(784, 128, rng=0).std() == pytest.approx(np.sqrt(2 / 912), rel=0.02)
    assert nn.he_uniform(784, 128, rng=0).std() == pytest.approx(np.sqrt(2 / 784), rel=0.02)
    assert nn.normal(10, 10, std=0.1, rng=0).std() == pytest.approx(0.1, rel=0.2)
    np.testing.assert_array_equal(nn.init_weights("he_normal", 5, 3, rng=1), nn.init_weights("he_normal", 5, 3, rng=1))


def test_parameter_counts_against_the_notes():
    assert nn.count_parameters("mlp", sizes=[784, 128, 64, 10], bias=False).total == 109_184
    assert nn.count_parameters("mlp", sizes=[784, 128, 64, 10]).total == 109_386
    assert nn.count_parameters("conv2d", in_channels=3, out_channels=64, kernel_size=3, bias=False).total == 1_728
    assert nn.count_parameters("conv2d", in_channels=3, out_channels=64, kernel_size=3).total == 1_792
    assert nn.count_parameters("lstm", input_size=100, hidden_size=128, bias=False).total == 116_736
    assert nn.count_parameters("lstm", input_size=100, hidden_size=128).total == 117_760
    # the notes' 786,432 counts W_Q, W_K, W_V only
    assert nn.count_parameters("mha", embed_dim=512, num_heads=8, output_projection=False, bias=False).total == 786_432
    assert nn.count_parameters("mha", embed_dim=512, num_heads=8).total == 1_050_624
    assert nn.count_parameters("mha", embed_dim=512, num_heads=1).total == 1_050_624  # heads split, not add


def test_mlp_shapes_and_counts():
    net = nn.MLP([784, 128, 64, 10], rng=0)
    assert net.n_params == 109_386 and [l.W.shape for l in net.layers] == [(128, 784), (64, 128), (10, 64)]
    logits = net.forward(np.zeros((32, 784)))
    assert logits.shape == (32, 10) and [a.shape[1] for a in net.activations] == [784, 128, 64, 10]


# -- gradient checks --------------------------------------------------------------------------
@pytest.mark.parametrize("act,tol", [("tanh", 1e-6), ("sigmoid", 1e-6), ("relu", 1e-5)])  # relu: a kink can fall inside ±eps
def test_mlp_gradient_check(act, tol):
    rng = np.random.default_rng(0)
    net = nn.MLP([5, 7, 6, 4], activation=act, init="xavier_normal", rng=1)
    X, y = rng.normal(size=(12, 5)), rng.integers(0, 4, 12)
    assert net.gradient_check(X, y, n_checks=30) < tol


def test_gradient_check_catches_a_wrong_backward(monkeypatch):
    rng = np.random.default_rng(0)
    net = nn.MLP([5, 7, 4], activation="tanh", rng=1)
    X, y = rng.normal(size=(12, 5)), rng.integers(0, 4, 12)
    original = nn.Dense.backward

    def wrong(self, grad_A, need_input_grad=True):   # forgets the activation's derivative
        out = original(self, grad_A, need_input_grad)
        self.dW = grad_A.T @ self.X
        return out

    monkeypatch.setattr(nn.Dense, "backward", wrong)
    assert net.gradient_check(X, y) > 1e-2


# -- training -----------------------------------------------------------------------------------
def test_training_learns_digits_and_records_history():
    d = load_digits()
    Xtr, Xte, ytr, yte = d.split(0.25, rng=0)
    net = nn.MLP([64, 32, 10], rng=0)
    h = net.fit(Xtr, ytr, epochs=10, lr=0.1, rng=0, X_val=Xte, y_val=yte, record_weights=True)
    assert len(h.loss) == len(h.accuracy) == len(h.val_accuracy) == len(h.weights) == 11
    assert h.val_accuracy[-1] > 0.9 and h.loss[-1] < h.loss[0]
    assert np.array(h.act_std).shape == (11, 2) and np.array(h.grad_std).shape == (11, 2)
    adam = nn.MLP([64, 32, 10], rng=0).fit(Xtr, ytr, epochs=10, lr=0.01, optimizer="adam", rng=0, X_val=Xte, y_val=yte)
    assert adam.val_accuracy[-1] > 0.9
    again = nn.MLP([64, 32, 10], rng=0).fit(Xtr, ytr, epochs=10, lr=0.1, rng=0, X_val=Xte, y_val=yte)
    assert again.loss == h.loss   # seeded: reproducible


def test_zero_init_keeps_hidden_units_identical():
    d = load_digits()
    net = nn.MLP([64, 16, 10], init="zeros", rng=0)
    net.fit(d.X[:300], d.y[:300], epochs=5, lr=0.5, rng=0)
    W1 = net.layers[0].W
    assert np.all(W1 == W1[0])    # every hidden unit has the same weights: the symmetry never breaks


# -- compression --------------------------------------------------------------------------------
def test_quantize_by_hand_and_schemes():
    qz = C.quantize(np.array([0.5, -1.0, 0.25]), bits=8)
    np.testing.assert_array_equal(qz.q, [64, -127, 32])
    np.testing.assert_allclose(qz.dequantize(), [64 / 127, -1.0, 32 / 127])
    a = C.quantize(np.array([0.0, 1.0, 2.0, 3.0]), bits=2, scheme="asymmetric")
    np.testing.assert_array_equal(a.q, [0, 1, 2, 3])
    np.testing.assert_allclose(C.dequantize(a), [0, 1, 2, 3])
    W = np.array([[100.0, -50.0], [0.01, -0.02]])
    tensor, row = C.quantize(W, 4), C.quantize(W, 4, per="row")
    assert np.abs(row.dequantize() - W)[1].max() < np.abs(tensor.dequantize() - W)[1].max()  # small row kept
    assert C.float_round(0.1234567, 3) == 0.125 and C.float_round(0.1234567, 10) == np.float16(0.1234567)


def test_prune_layer_and_global():
    A, B = np.arange(1.0, 11.0).reshape(2, 5), np.arange(1.0, 11.0).reshape(2, 5) / 100
    pruned, masks = C.prune([A, B], 0.5)
    assert [m.sum() for m in masks] == [5, 5]
    np.testing.assert_array_equal(pruned[0], np.where(A > 5, A, 0))
    pruned, masks = C.prune([A, B], 0.5, scope="global")
    assert masks[0].all() and not masks[1].any()      # the small layer goes first


def test_low_rank_error_and_break_even():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(40, 30))
    errors = [C.low_rank(W, r).error for r in range(1, 31)]
    assert np.all(np.diff(errors) < 0) and errors[-1] == pytest.approx(0.0, abs=1e-12)
    lr = C.low_rank(W, 10)
    s = np.linalg.svd(W, compute_uv=False)
    assert lr.error == pytest.approx(np.sqrt(np.sum(s[10:] ** 2) / np.sum(s ** 2)))
    assert lr.params == 10 * 70 and lr.break_even_rank == pytest.approx(1200 / 70)
    assert C.low_rank(np.ones((1000, 1000)), 100).params == 200_000   # the notes' 5x example


def test_storage_formats():
    assert C.storage_bytes((1000, 1000), nnz=100_000, fmt="coo") == 1_200_000
    assert C.storage_bytes((1000, 1000), nnz=500_000, fmt="csr") > C.storage_bytes((1000, 1000))  # 50%: worse


@given(arrays(np.float64, (6, 5), elements=st.floats(-100, 100, allow_nan=False)), st.integers(2, 12),
       st.sampled_from(["symmetric", "asymmetric"]), st.sampled_from(["tensor", "row"]))
@settings(max_examples=150)
def test_quantize_roundtrip_within_half_a_step(W, bits, scheme, per):
    qz = C.quantize(W, bits, scheme=scheme, per=per)
    err = np.abs(qz.dequantize() - W)
    assert np.all(err <= qz.scale / 2 * (1 + 1e-9) + 1e-12)
    assert qz.max_error == err.max() and qz.rms_error == np.sqrt(np.mean(err ** 2))


@given(arrays(np.float64, (8, 4), elements=st.floats(-10, 10, allow_nan=False)), st.floats(0, 0.99))
def test_prune_removes_the_requested_share_and_only_the_smallest(W, s):
    pruned, mask = C.prune(W, s)
    assert (~mask).sum() == round(s * W.size)
    if (~mask).any() and mask.any():
        assert np.abs(W[~mask]).max() <= np.abs(W[mask]).min()


# -- bad input ----------------------------------------------------------------------------------
def test_layers_that_do_not_chain():
    with pytest.raises(ValueError, match=r"layer 1 does not chain: it expects 32 inputs \(W shape \(10, 32\)\), "
                                         r"but layer 0 outputs 64 \(W shape \(64, 784\)\)"):
        nn.MLP.from_layers([nn.Dense(784, 64, rng=0), nn.Dense(32, 10, rng=0)])
    with pytest.raises(ValueError, match=r"X has 10 features but layer 0 expects 64"):
        nn.MLP([64, 10], rng=0).forward(np.zeros((2, 10)))


def test_unknown_initializer_or_activation_lists_valid_ones():
    with pytest.raises(ValueError, match=r"init must be one of 'zeros', 'normal', 'xavier_uniform', 'xavier_normal', "
                                         r"'he_normal', 'he_uniform'; got 'glorot'"):
        nn.MLP([4, 2], init="glorot")
    with pytest.raises(ValueError, match=r"activation must be one of 'relu', 'sigmoid', 'tanh', 'linear'; got 'gelu'"):
        nn.Dense(4, 2, activation="gelu")


@pytest.mark.parametrize("bits", [1, 17, 8.0, True])
def test_bits_out_of_range(bits):
    with pytest.raises(ValueError, match=r"bits must be an int from 2 to 16"):
        C.quantize(np.ones(3), bits)


@pytest.mark.parametrize("s", [-0.1, 1.0, 1.5])
def test_sparsity_outside_unit_interval(s):
    with pytest.raises(ValueError, match=r"sparsity must be in \[0, 1\)"):
        C.prune(np.ones((2, 2)), s)


def test_rank_above_min_dimension():
    with pytest.raises(ValueError, match=r"rank must be an int from 1 to min\(m, n\) = 3 for W of shape \(3, 5\); got 4"):
        C.low_rank(np.ones((3, 5)), 4)


def test_other_bad_inputs():
    with pytest.raises(ValueError, match=r"y must hold integer class labels in \[0, 3\)"):
        nn.MLP([2, 3], rng=0).loss(np.zeros((2, 2)), np.array([0, 5]))
    with pytest.raises(TypeError, match=r"count_parameters\('lstm'\) needs \['hidden_size', 'input_size'\]; missing"):
        nn.count_parameters("lstm", input_size=3)
    with pytest.raises(ValueError, match=r"embed_dim \(512\) must be divisible by num_heads \(7\)"):
        nn.count_parameters("mha", embed_dim=512, num_heads=7)
    with pytest.raises(ValueError, match=r"W must contain only finite numbers"):
        C.quantize(np.array([1.0, np.nan]))
