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
    original = nn.Dense._backward

    def wrong(self, G, need_input_grad=True):   # forgets the activation's derivative
        out = original(self, G, need_input_grad)
        self.dW = G.T @ self.X
        return out

    monkeypatch.setattr(nn.Dense, "_backward", wrong)
    assert net.gradient_check(X, y) > 1e-2


def test_cross_entropy_by_hand():
    # row 0: logits (0, ln 3), label 1: p = 3/4, loss −ln(3/4); row 1: (ln 2, 0, 0), label 2: p = 1/4, loss ln 4
    logits = np.array([[0.0, np.log(3.0), -np.inf], [np.log(2.0), 0.0, 0.0]])
    logits[0, 2] = -50.0  # e^-50 ≈ 2e-22: nothing at float64 precision
    assert nn.cross_entropy(logits, [1, 2]) == pytest.approx((-np.log(0.75) + np.log(4.0)) / 2, rel=1e-14)
    big = np.array([[1e4, 1e4 - np.log(3.0)]])  # log-sum-exp: no overflow at scores of 1e4
    assert nn.cross_entropy(big, [1]) == pytest.approx(np.log(4.0), rel=1e-9)


@pytest.mark.parametrize("offset", [0.0, 1e4, 1e6, 1e9])
def test_cross_entropy_and_softmax_ignore_an_offset_of_the_logits(offset):
    logits = np.array([[0.5, -1.25, 2.0], [3.0, 3.0, -4.5]])  # dyadic: exact at every offset
    assert nn.cross_entropy(logits + offset, [2, 0]) == nn.cross_entropy(logits, [2, 0])
    np.testing.assert_array_equal(nn.softmax(logits + offset), nn.softmax(logits))


def test_one_softmax_and_one_sigmoid():
    from mlviz import attention, linear
    assert nn.softmax is attention.softmax and nn.sigmoid is linear.sigmoid
    assert nn.activation("sigmoid")[0] is linear.sigmoid


def test_step_is_forward_backward_update():
    rng = np.random.default_rng(3)
    net = nn.MLP([6, 5, 3], activation="tanh", rng=4)
    X, y = rng.normal(size=(10, 6)), rng.integers(0, 3, 10)
    before = [p.copy() for p in net.params()]
    loss = net.loss(X, y)
    net.forward(X)
    net.backward(y)
    grads = [g.copy() for g in net.grads()]
    assert net.step(X, y, lr=0.5) == loss                    # the loss before the step
    for p, p0, g in zip(net.params(), before, grads):
        np.testing.assert_array_equal(p, p0 - 0.5 * g)
    assert net.loss(X, y) < loss
    # fit with one batch of the whole set and plain SGD takes the same step (the batch order does not matter)
    again = nn.MLP([6, 5, 3], activation="tanh", rng=4)
    again.fit(X, y, epochs=1, batch_size=10, lr=0.5, rng=0)
    for p, q in zip(again.params(), net.params()):
        np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15)


def test_float32_network_stays_float32():
    net = nn.MLP([4, 3, 2], rng=0, dtype=np.float32)
    X, y = np.random.default_rng(0).normal(size=(5, 4)), np.array([0, 1, 1, 0, 1])
    assert net.forward(X).dtype == np.float32
    net.step(X, y, 0.1)
    assert all(p.dtype == np.float32 for p in net.params()) and all(g.dtype == np.float32 for g in net.grads())


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
    top = err.max()   # the RMS relative to the largest error: err² would underflow for errors near 1e-292
    rms = top * np.sqrt(np.mean((err / top) ** 2)) if top > 0 else 0.0
    assert qz.max_error == top and qz.rms_error == pytest.approx(rms, rel=1e-12, abs=0.0)


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


@pytest.mark.parametrize("bits, error, message", [
    (1, ValueError, r"bits must be an int from 2 to 16"), (17, ValueError, r"bits must be an int from 2 to 16"),
    (8.0, TypeError, r"bits must be an int; got float 8\.0"), (True, TypeError, r"bits must be an int; got bool True"),
])
def test_bits_out_of_range(bits, error, message):
    with pytest.raises(error, match=message):
        C.quantize(np.ones(3), bits)


@pytest.mark.parametrize("s", [-0.1, 1.0, 1.5])
def test_sparsity_outside_unit_interval(s):
    with pytest.raises(ValueError, match=r"sparsity must be in \[0, 1\)"):
        C.prune(np.ones((2, 2)), s)


def test_rank_above_min_dimension():
    with pytest.raises(ValueError, match=r"rank must be an int from 1 to 3; got 4"):   # min(m, n) of W (3, 5)
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


def test_backward_before_forward_says_to_call_forward_first():
    net = nn.MLP([3, 4, 2], rng=0)
    with pytest.raises(ValueError, match=r"MLP\.backward needs the values of a forward pass: call forward\(X\) first"):
        net.backward([0, 1])
    with pytest.raises(ValueError, match=r"MLP\.activations needs the values of a forward pass"):
        net.activations
    with pytest.raises(ValueError, match=r"Dense\.backward needs the values of a forward pass"):
        nn.Dense(3, 2, rng=0).backward(np.ones((1, 2)))
    net.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"y must be 1-D with one label per row of the last forward's X \(2\); got shape \(3,\)"):
        net.backward([0, 1, 1])


@pytest.mark.parametrize("y, error, message", [
    ([0, -1], ValueError, r"y must hold integer class labels in \[0, 3\); got -1 at index 1"),
    ([0, 3], ValueError, r"y must hold integer class labels in \[0, 3\); got 3 at index 1"),
    ([0], ValueError, r"y must be 1-D with one label per row of logits \(2\); got shape \(1,\)"),
    ([0, 1, 2], ValueError, r"y must be 1-D with one label per row of logits \(2\); got shape \(3,\)"),
    ([[0, 1]], ValueError, r"y must be 1-D with one label per row of logits \(2\); got shape \(1, 2\)"),
    ([0.0, 1.0], TypeError, r"y must hold integer class labels in \[0, 3\); got dtype float64"),
    (["a", "b"], TypeError, r"y must hold integer class labels in \[0, 3\); got dtype <U1"),
    (None, ValueError, r"y must be 1-D with one label per row of logits \(2\); got shape \(\)"),
    ([[0], [1, 2]], TypeError, r"y must hold integer class labels in \[0, 3\); got dtype object"),  # ragged
])
def test_cross_entropy_checks_its_labels(y, error, message):
    with pytest.raises(error, match=message):
        nn.cross_entropy(np.zeros((2, 3)), y)


@pytest.mark.parametrize("logits, message", [
    (np.zeros(3), r"logits must be 2-D \(n_samples, n_features\); got shape \(3,\)"),
    (np.array([[0.0, np.nan]]), r"logits must contain only finite numbers; got nan at index \(0, 1\)"),
    (np.zeros((0, 3)), r"logits must not be empty"),
])
def test_cross_entropy_checks_its_logits(logits, message):
    with pytest.raises(ValueError, match=message):
        nn.cross_entropy(logits, [0] * len(logits))


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lr=np.inf), ValueError, r"lr must be a positive, finite number; got inf"),
    (dict(lr=np.nan), ValueError, r"lr must be a positive, finite number; got nan"),
    (dict(lr=0.0), ValueError, r"lr must be a positive, finite number; got 0\.0"),
    (dict(lr=-0.1), ValueError, r"lr must be a positive, finite number; got -0\.1"),
    (dict(lr="0.1"), TypeError, r"lr must be a positive number; got str '0\.1'"),
    (dict(momentum=1.0), ValueError, r"momentum must be a number in \[0, 1\); got 1\.0"),
    (dict(momentum=np.nan), ValueError, r"momentum must be a number in \[0, 1\); got nan"),
    (dict(momentum=None), TypeError, r"momentum must be a number in \[0, 1\); got NoneType None"),
    (dict(epochs=0), ValueError, r"epochs must be a positive integer; got 0"),
    (dict(batch_size=2.5), TypeError, r"batch_size must be a positive integer; got float 2\.5"),
    (dict(optimizer="rmsprop"), ValueError, r"optimizer must be one of 'sgd', 'adam'; got 'rmsprop'"),
    (dict(record_weights="yes"), TypeError, r"record_weights must be True or False; got str 'yes'"),
    (dict(X_val=np.zeros((2, 3))), ValueError, r"X_val and y_val go together: pass both or neither"),
    (dict(X_val=np.zeros((2, 3)), y_val=[0]), ValueError, r"y_val must be 1-D with one label per row of X_val \(2\)"),
    (dict(X_val=np.zeros((2, 4)), y_val=[0, 1]), ValueError, r"X_val has 4 features but layer 0 expects 3"),
    (dict(masks=[np.ones((4, 3))]), ValueError, r"masks must be one array per layer shaped like its W"),
    (dict(masks=np.ones((4, 3))), TypeError, r"masks must be a list of arrays, one per layer shaped like its W; got array"),
])
def test_fit_refuses_bad_parameters(kwargs, error, message):
    net = nn.MLP([3, 4, 2], rng=0)
    W = net.layers[0].W.copy()
    with pytest.raises(error, match=message):
        net.fit(np.zeros((6, 3)), [0, 1] * 3, **kwargs)
    np.testing.assert_array_equal(net.layers[0].W, W)   # refused before any training


def test_a_large_learning_rate_diverges_visibly_and_an_overflowing_one_is_refused_by_name():
    d = load_digits()
    h = nn.MLP([64, 16, 10], rng=0).fit(d.X[:200], d.y[:200], epochs=3, lr=1e6, rng=0)
    assert len(h.loss) == 4 and np.isfinite(h.loss).all() and h.loss[-1] > 1000 * h.loss[0]   # shown, not hidden
    with pytest.raises(ValueError, match=r"training diverged in epoch 1: the loss is nan\. lr = 1e\+300 is too large"):
        nn.MLP([64, 16, 10], rng=0).fit(d.X[:200], d.y[:200], epochs=3, lr=1e300, rng=0)
    with pytest.raises(ValueError, match=r"X is too large for this network: its logits overflow float64"):
        nn.MLP([2, 64, 2], rng=0).fit(np.full((4, 2), 1e308), [0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"the activations overflow float64 at layer 29\d of 400: the signal explodes "
                                         r"with init='normal', std=1\.0"):
        nn.propagate("normal", depth=400)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(n_checks=0), ValueError, r"n_checks must be a positive integer; got 0"),
    (dict(n_checks=-3), ValueError, r"n_checks must be a positive integer; got -3"),
    (dict(n_checks=2.0), TypeError, r"n_checks must be a positive integer; got float 2\.0"),
    (dict(eps=0.0), ValueError, r"eps must be a positive, finite number; got 0\.0"),
    (dict(eps=np.nan), ValueError, r"eps must be a positive, finite number; got nan"),
])
def test_gradient_check_refuses_checks_that_check_nothing(kwargs, error, message):
    net = nn.MLP([3, 2], rng=0)
    with pytest.raises(error, match=message):
        net.gradient_check(np.zeros((2, 3)), [0, 1], **kwargs)


@pytest.mark.parametrize("call, error, message", [
    (lambda: nn.MLP(5), TypeError, r"sizes must be a list of layer sizes, e\.g\. \[64, 32, 10\]; got int 5"),
    (lambda: nn.MLP([5]), ValueError, r"sizes must list at least an input and an output size; got \[5\]"),
    (lambda: nn.MLP([5, 0]), ValueError, r"sizes\[1\] must be a positive integer; got 0"),
    (lambda: nn.MLP([5, 2], dtype=np.float16), ValueError, r"dtype must be numpy\.float32 or numpy\.float64"),
    (lambda: nn.MLP.from_layers([]), TypeError, r"layers must be a non-empty list of Dense layers"),
    (lambda: nn.MLP.from_layers(nn.Dense(2, 2, rng=0)), TypeError, r"layers must be a non-empty list of Dense layers"),
    (lambda: nn.MLP.from_layers([np.eye(2)]), TypeError, r"layers must be a non-empty list of Dense layers; got \['ndarray'\]"),
    (lambda: nn.MLP([3, 2], rng=0).step(np.zeros((2, 3)), [0, 1], np.inf), ValueError, r"lr must be a positive, finite"),
    (lambda: nn.MLP([3, 2], rng=0).step(np.zeros((2, 3)), [0, 2], 0.1), ValueError, r"y must hold integer class labels in \[0, 2\); got 2"),
    (lambda: nn.MLP([3, 2], rng=0).accuracy(np.zeros((2, 3)), [0]), ValueError, r"y must be 1-D with one label per row of X \(2\)"),
    (lambda: nn.MLP([3, 2], rng=0).predict(np.zeros(3)), ValueError, r"X must be 2-D .*\(use X\.reshape\(1, -1\)"),
    (lambda: nn.Dense(3, 2, rng=0).forward(np.zeros((1, 4))), ValueError, r"X has 4 features but this layer expects 3"),
    (lambda: nn.Dense(3, 2, bias="yes"), TypeError, r"bias must be True or False; got str 'yes'"),
    (lambda: nn.relu("x"), TypeError, r"z must be an array of numbers; got str"),
    (lambda: nn.tanh([np.nan]), ValueError, r"z must not contain NaN; got nan at index \(0,\)"),
    (lambda: nn.relu([1.0, np.inf]), ValueError, r"z must contain only finite numbers; got inf at index 1"),
    (lambda: nn.activation("gelu"), ValueError, r"name \(of an activation\) must be one of 'relu', 'sigmoid'"),
    (lambda: nn.init_weights("glorot", 2, 2), ValueError, r"name \(of an initializer\) must be one of 'zeros'"),
    (lambda: nn.Dense(2, 2, init="glorot"), ValueError, r"init must be one of 'zeros'"),
    (lambda: nn.zeros(2, 2, rng="seed"), TypeError, r"rng must be None, an int seed or a numpy\.random\.Generator"),
    (lambda: nn.MLP([2, 64, 2], rng=0).forward(np.full((1, 2), 1e308)), ValueError, r"X is too large for this network"),
    (lambda: nn.softmax_backward([0.5, 0.5], [1.0]), ValueError, r"s and grad must be non-empty arrays of the same shape"),
    (lambda: nn.softmax_backward([0.5, 0.5], [1.0, np.inf]), ValueError, r"grad must contain only finite numbers"),
    (lambda: nn.softmax_backward([1e300, 0.5], [1.0, 1.0]), ValueError, r"s must be a softmax output: every value in \[0, 1\]"),
    (lambda: nn.normal(2, 2, std=np.inf), ValueError, r"std must be a positive, finite number; got inf"),
    (lambda: nn.normal(2, 2, std="1"), TypeError, r"std must be a positive number; got str '1'"),
    (lambda: nn.count_parameters("mlp", sizes=5), TypeError, r"sizes must be a list of layer sizes"),
    (lambda: nn.count_parameters("dense", n_in=2, n_out=3, bias="no"), TypeError, r"bias must be True or False"),
    (lambda: nn.propagate("he_normal", width=0), ValueError, r"width must be a positive integer; got 0"),
    (lambda: nn.propagate("he_normal", batch=-1), ValueError, r"batch must be a positive integer; got -1"),
])
def test_more_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_dense_backward_checks_its_gradient():
    layer = nn.Dense(3, 2, rng=0)
    layer.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"grad_A must have the shape of the layer's output A, \(4, 2\); got \(4, 3\)"):
        layer.backward(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"grad_A must contain only finite numbers"):
        layer.backward(np.full((4, 2), np.nan))
