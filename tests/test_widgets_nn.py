"""Notebook 03 explorers driven from code."""
import numpy as np
import pytest

from mlviz import compression as C
from mlviz import nn
from mlviz.widgets import CompressionExplorer, InitExplorer, LayerExplorer, WeightViewer
from mlviz.datasets import load_digits
from mlviz.viz.nn import weight_grid
from test_widgets import drag


def test_layer_explorer_hand_computed_numbers_and_artists():
    ex = LayerExplorer(W=((1.0, 0.5), (-0.5, 1.0)), b=(0.3, -0.2), activation="relu")
    n = ex.numbers
    # z = (1×0.5 + 0.5×1 + 0.3, −0.5×0.5 + 1×1 − 0.2) = (1.3, 0.55); det = 1×1 − 0.5×(−0.5) = 1.25
    assert n["z"] == pytest.approx([1.3, 0.55]) and n["h"] == pytest.approx([1.3, 0.55])
    assert n["det"] == 1.25 and n["rank"] == 2 and n["null_direction"] is None
    assert "= <b>(1.30, 0.55)</b>" in ex.readout.value and "areas × 1.25" in ex.readout.value
    # the handles sit at b + W e₁, b + W e₂ and b; the letter's image is relu(W p + b), point by point
    np.testing.assert_allclose(ex.handles.get_offsets(), [[1.3, -0.7], [0.8, 0.8], [0.3, -0.2]])
    W, b = np.array([[1.0, 0.5], [-0.5, 1.0]]), np.array([0.3, -0.2])
    for seg, line in zip(ex.letter, ex.letter_lines):
        np.testing.assert_allclose(np.column_stack(line.get_data()), np.maximum(seg @ W.T + b, 0))
    for seg, pre in zip(ex.grid, ex.pre_lines):  # the grey pre-activation grid is W p + b
        np.testing.assert_allclose(np.column_stack(pre.get_data()), seg @ W.T + b)
    ex.set(activation="tanh", w11=2.0, w22=2.0)
    assert ex.numbers["h"] == pytest.approx(np.tanh([2.0 * 0.5 + 0.5 + 0.3, -0.25 + 2.0 - 0.2]).tolist())
    ex.set(activation="linear")
    assert "h = " not in ex.readout.value and all(len(p.get_data()[0]) == 0 for p in ex.pre_lines)


def test_layer_explorer_determinant_cases():
    ex = LayerExplorer()
    ex.set(w11=0.0, w21=1.0, w12=1.0, w22=0.0)          # swap e₁ and e₂: a reflection
    assert ex.numbers["det"] == -1.0 and "mirrored" in ex.readout.value
    ex.set(w11=1.0, w21=2.0, w12=0.5, w22=1.0)          # column 2 = column 1 / 2: rank 1
    n = ex.numbers
    assert n["det"] == 0.0 and n["rank"] == 1 and n["null_direction"] == [0.5, -1.0]
    x = np.array([[0.2, -0.7]])
    z0, _ = ex.apply(x)
    z1, _ = ex.apply(x + 3.0 * np.array(n["null_direction"]))  # inputs that differ along it coincide
    np.testing.assert_allclose(z0, z1, atol=1e-12)
    assert "flattened onto a line (rank 1)" in ex.readout.value
    ex.set(w11=0.0, w21=0.0, w12=0.0, w22=0.0)
    assert ex.numbers["rank"] == 0 and "every input gives the same output" in ex.readout.value


def test_layer_explorer_relu_shares_of_the_square():
    ex = LayerExplorer(W=((1.0, 0.0), (0.0, 1.0)), activation="relu")
    # the 41 × 41 grid on [−1, 1]²: 21 of 41 coordinates are ≤ 0
    assert ex.numbers["to_origin"] == pytest.approx((21 / 41) ** 2)
    assert ex.numbers["to_axis"] == pytest.approx(2 * 21 * 20 / 41**2)
    ex.set(b1=-1.5, b2=-1.5)   # every z ≤ −0.5: the whole square goes to the origin
    assert ex.numbers["to_origin"] == 1.0 and "100% of the square is sent to the origin" in ex.readout.value


def test_layer_explorer_dragging_the_handles():
    ex = LayerExplorer()   # W e₁ = (1, 0), W e₂ = (0.5, 1), b = (0, 0)
    drag(ex.fig, ex.ax, (0.5, 1.0), (-1.0, 1.5))        # the tip of W e₂
    assert ex.numbers["W"] == [[1.0, -1.0], [0.0, 1.5]]
    drag(ex.fig, ex.ax, (0.0, 0.0), (0.5, -0.5))        # b: the columns keep their offsets
    assert ex.numbers["b"] == [0.5, -0.5] and ex.numbers["W"] == [[1.0, -1.0], [0.0, 1.5]]
    np.testing.assert_allclose(ex.handles.get_offsets(), [[1.5, -0.5], [-0.5, 1.0], [0.5, -0.5]])
    drag(ex.fig, ex.ax, (1.5, -0.5), (2.9, -0.5))       # W e₁ would be 2.4: held at the slider's 2.0
    assert ex.numbers["W"][0][0] == 2.0 and ex.controls["w11"].value == 2.0


def test_layer_explorer_bad_input():
    with pytest.raises(ValueError, match=r"W must be a 2 × 2 matrix with entries in \[-2.0, 2.0\]; got \[\[1.0, 2.0, 3.0\]"):
        LayerExplorer(W=[[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match=r"W must be a 2 × 2 matrix .* got \[\[5.0, 0.0\]"):
        LayerExplorer(W=[[5, 0], [0, 1]])
    with pytest.raises(ValueError, match=r"b must be 2 numbers in \[-1.5, 1.5\]; got \[1.0\]"):
        LayerExplorer(b=[1.0])
    with pytest.raises(TypeError, match=r"W and b must be numbers .* got W='identity'"):
        LayerExplorer(W="identity")


def test_init_explorer_matches_propagate_and_redraws():
    ex = InitExplorer("he_normal", "relu", depth=6, seed=1)
    ref = nn.propagate("he_normal", "relu", 6, rng=1)
    assert ex.numbers["act_std"] == ref["act_std"] and ex.numbers["grad_std"] == ref["grad_std"]
    assert sum(r.get_visible() for r in ex.ridges) == 6
    np.testing.assert_allclose(ex.act_line.get_ydata(), ref["act_std"])
    ex.set(init="zeros")
    assert ex.numbers["act_std"] == [0.0] * 6 and ex.numbers["last_layer_flag"] == 1.0
    ex.set(init="normal", activation="tanh", depth=12)
    assert sum(r.get_visible() for r in ex.ridges) == 12 and ex.numbers["last_layer_flag"] > 0.5   # N(0,1) saturates tanh
    assert ex.numbers["grad_std"][0] > 1e3 * ex.numbers["grad_std"][-1]  # and the gradients explode backwards
    ex.controls["depth"].value = 3
    assert len(ex.numbers["act_std"]) == 3 and "layer 3" in ex.readout.value



def test_init_explorer_prepares_the_next_depths_so_a_step_only_redraws(monkeypatch):
    ex = InitExplorer("he_normal", "tanh", depth=5, seed=3)
    assert {k[2] for k in ex._profiles} == {4, 5, 6}  # shown, one step down, one step up
    for depth in (4, 6):  # what was prepared is what propagate gives for that depth
        ref = nn.propagate("he_normal", "tanh", depth, rng=3)
        assert ex._profiles[("he_normal", "tanh", depth, 3)]["act_std"] == ref["act_std"]
    calls, propagate = [], nn.propagate
    monkeypatch.setattr(nn, "propagate", lambda init, act, depth, **k: calls.append(depth) or propagate(init, act, depth, **k))
    ex.controls["depth"].value = 6  # the slider's path: depth 6 is not computed again, only the next step up
    assert len(ex.numbers["act_std"]) == 6 and calls == [7]
    monkeypatch.undo()
    ex.set(depth=20)  # the top of the range: only one step down to prepare
    assert ("he_normal", "tanh", 21, 3) not in ex._profiles and ("he_normal", "tanh", 19, 3) in ex._profiles

@pytest.fixture(scope="module")
def digits():
    return load_digits().split(0.25, rng=0)   # X_tr, X_te, y_tr, y_te


@pytest.fixture(scope="module")
def trained(digits):
    X_tr, X_te, y_tr, y_te = digits
    net = nn.MLP([64, 64, 10], rng=0)
    net.fit(X_tr, y_tr, epochs=5, lr=0.1, rng=0)
    return net, X_te, y_te


def test_compression_explorer_sizes_errors_and_accuracy(trained):
    net, X_te, y_te = trained
    ex = CompressionExplorer(net, X_te, y_te)
    assert ex.numbers["bytes"] == ex.numbers["dense_bytes"] == 4 * (64 * 64 + 64 * 10)
    assert ex.numbers["relative_error"] == 0.0 and ex.numbers["accuracy"] == ex.numbers["base_accuracy"]
    ex.set(bits=8)
    assert ex.numbers["bytes"] == 64 * 64 + 64 * 10 and 0 < ex.numbers["relative_error"] < 0.02
    W8 = C.quantize(ex.original[0], 8, per="row").dequantize()
    np.testing.assert_allclose(ex.image.get_array(), W8)
    ex.set(bits=32, sparsity=0.5)
    assert np.mean(ex.image.get_array() == 0) == pytest.approx(0.5, abs=0.01)
    ex.set(sparsity=0.0, rank=4)
    assert np.linalg.matrix_rank(ex.image.get_array()) == 4
    assert ex.numbers["bytes"] == 4 * (64 * 4 + 4 * 64 + 10 * 4 + 4 * 64)
    ex.set(rank=64, bits=2)
    assert ex.numbers["accuracy"] < ex.numbers["base_accuracy"]
    np.testing.assert_array_equal(net.layers[0].W, ex.original[0])   # the network itself is left untouched


@pytest.fixture(scope="module")
def history(digits):
    X_tr, X_te, y_tr, y_te = digits
    net = nn.MLP([64, 16, 10], init="normal", std=0.01, rng=0)
    return net.fit(X_tr, y_tr, epochs=4, lr=0.1, rng=0, X_val=X_te, y_val=y_te, record_weights=True)


def test_weight_viewer_steps_through_training(history):
    ex = WeightViewer(history)
    first = ex.image.get_array().copy()
    ex.set(epoch=4)
    assert not np.allclose(ex.image.get_array(), first, equal_nan=True)
    np.testing.assert_allclose(ex.image.get_array(), weight_grid(ex.hist.weights[4], cols=4))
    assert ex.numbers["val_accuracy"] == ex.hist.val_accuracy[4] and ex.cursor.get_xdata()[0] == 4


def test_init_explorer_ridges_are_each_layers_histogram():
    ex = InitExplorer("xavier_normal", "tanh", depth=4, seed=2)
    r = nn.propagate("xavier_normal", "tanh", 4, rng=2)
    edges = np.linspace(-1, 1, 41)
    for i, (ridge, A) in enumerate(zip(ex.ridges, r["activations"])):
        counts, _ = np.histogram(A, bins=edges)
        data = ridge.get_data()
        assert data.baseline == i + 1
        np.testing.assert_allclose(data.values, i + 1 + 0.9 * counts / counts.max())
    ex.set(depth=2)
    assert [ridge.get_visible() for ridge in ex.ridges[:4]] == [True, True, False, False]
    assert ex.ax.get_ylim() == (0.8, 3)


def test_compression_and_weight_viewer_need_what_they_show(trained, history):
    net, X_te, y_te = trained
    with pytest.raises(TypeError, match=r"net must be a trained mlviz.nn.MLP; got tuple"):
        CompressionExplorer(trained, X_te, y_te)
    with pytest.raises(ValueError, match=r"history must come from MLP.fit\(..., record_weights=True.*got a History "
                                         r"without weights"):
        WeightViewer(nn.History(loss=[1.0], accuracy=[0.1], val_accuracy=[0.1]))
    with pytest.raises(ValueError, match=r"history must come from .* got a list"):
        WeightViewer([])
    ex = CompressionExplorer(net, X_te, y_te, rank=4)
    assert ex.controls["rank"].max == 64 and ex.value("rank") == 4
    assert "layer 1 weights (64 × 64)" == ex.ax.get_title()


@pytest.mark.parametrize("make, control, good", [
    (lambda: LayerExplorer(), "w11", 1.5),
    (lambda: LayerExplorer(), "activation", "tanh"),
    (lambda: InitExplorer(depth=3), "depth", 4),
])
def test_explorers_refuse_nan_and_none(make, control, good, assert_refuses_bad_values):
    assert_refuses_bad_values(make(), control, good)


def test_weight_viewer_and_compression_refuse_nan(trained, history):
    ex = WeightViewer(history, epoch=1)
    with pytest.raises(ValueError, match=r"control 'epoch' needs a finite number; got nan"):
        ex.set(epoch=float("nan"))
    ex.set(epoch=3)
    np.testing.assert_allclose(ex.image.get_array(), weight_grid(history.weights[3], cols=4))
    comp = CompressionExplorer(*trained)
    with pytest.raises(TypeError, match=r"control 'sparsity' needs a value; got None"):
        comp.set(sparsity=None)
    comp.set(sparsity=0.5)
    assert comp.numbers["bytes"] < comp.numbers["dense_bytes"]
