"""Notebook 03 explorers driven from code."""
import numpy as np
import pytest

from mlviz import compression as C
from mlviz import nn
from mlviz.widgets import CompressionExplorer, InitExplorer, WeightViewer
from mlviz.widgets.nn import weight_grid


def test_init_explorer_matches_propagate_and_redraws():
    ex = InitExplorer("he_normal", "relu", depth=6, seed=1)
    ref = nn.propagate("he_normal", "relu", 6, rng=1)
    assert ex.numbers["act_std"] == ref["act_std"] and ex.numbers["grad_std"] == ref["grad_std"]
    assert len(ex.ridges) == 6
    np.testing.assert_allclose(ex.act_line.get_ydata(), ref["act_std"])
    ex.set(init="zeros")
    assert ex.numbers["act_std"] == [0.0] * 6 and ex.numbers["last_layer_flag"] == 1.0
    ex.set(init="normal", activation="tanh", depth=12)
    assert len(ex.ridges) == 12 and ex.numbers["last_layer_flag"] > 0.5   # N(0,1) saturates tanh
    assert ex.numbers["grad_std"][0] > 1e3 * ex.numbers["grad_std"][-1]  # and the gradients explode backwards
    ex.controls["depth"].value = 3
    assert len(ex.numbers["act_std"]) == 3 and "layer 3" in ex.readout.value


@pytest.fixture(scope="module")
def trained():
    from mlviz.widgets.nn import _train_digits

    net, _, data = _train_digits((64,), epochs=5, seed=0)
    return net, data


def test_compression_explorer_sizes_errors_and_accuracy(trained):
    net, data = trained
    ex = CompressionExplorer(net=net, data=data)
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


def test_weight_viewer_steps_through_training():
    ex = WeightViewer(epochs=4, seed=0)
    first = ex.image.get_array().copy()
    ex.set(epoch=4)
    assert not np.allclose(ex.image.get_array(), first, equal_nan=True)
    np.testing.assert_allclose(ex.image.get_array(), weight_grid(ex.hist.weights[4], cols=4))
    assert ex.numbers["val_accuracy"] == ex.hist.val_accuracy[4] and ex.cursor.get_xdata()[0] == 4
