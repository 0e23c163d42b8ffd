"""Notebook 04 explorers driven from code, and the shipped model layer reproduced in NumPy."""
import numpy as np

from mlviz import attention as A
from mlviz.datasets import load_attention
from mlviz.widgets import MaskExplorer, QueryExplorer, SentenceExplorer

from test_widgets import drag


def test_shipped_model_layer_is_reproduced_to_1e_4():
    real = load_attention()
    h = real.layer_inputs.astype(np.float64)
    P = real.projections
    Q, K, V = (h @ P[f"W_{n}"].T.astype(np.float64) + P[f"b_{n}"] for n in "QKV")
    split = lambda M: M.reshape(len(M), 12, 32).transpose(1, 0, 2)  # noqa: E731
    _, w = A.scaled_dot_product_attention(split(Q), split(K), split(V))
    assert np.abs(w - real.weights[0][real.layer]).max() < 1e-4
    for W in real.weights:
        np.testing.assert_allclose(W.sum(-1), 1.0, atol=1e-5)


def test_query_explorer_sliders_and_drag():
    ex = QueryExplorer(query=(1.0, 0.0), keys={"a": (1, 0), "b": (0, 1), "c": (-1, 0)}, scaled=False)
    e = np.exp([1.0, 0.0, -1.0])
    np.testing.assert_allclose(ex.numbers["weights"], e / e.sum())
    np.testing.assert_allclose([b.get_height() for b in ex.bars], e / e.sum())
    np.testing.assert_allclose(ex.numbers["output"], (e / e.sum()) @ np.array([[1, 0], [0, 1], [-1, 0]]))
    ex.set(temperature=0.1)
    assert ex.numbers["weights"][0] > 0.9999   # e^(10) : 1 at T = 0.1
    ex.set(temperature=1.0, scaled=True)
    np.testing.assert_allclose(ex.numbers["scores"], np.array([1.0, 0.0, -1.0]) / np.sqrt(2))
    drag(ex.fig, ex.ax, start=(1.0, 0.0), end=(0.0, 2.0))
    assert (ex.value("q_x"), ex.value("q_y")) == (0.0, 2.0)
    assert np.argmax(ex.numbers["weights"]) == 1 and "query q = (0.0, 2.0)" in ex.readout.value
    np.testing.assert_allclose(ex.handle.get_offsets(), [[0.0, 2.0]])


def test_sentence_explorer_layer_head_token():
    real = load_attention()
    ex = SentenceExplorer(real, sentence=0, layer=1, head=8, token=2)
    np.testing.assert_allclose(ex.numbers["row"], real.weights[0][1, 8, 2])
    assert ex.numbers["top"][0] == "sat"
    np.testing.assert_allclose(ex.heat["image"].get_array(), real.weights[0][1, 8])
    ex.set(head=-1)
    np.testing.assert_allclose(ex.numbers["row"], real.weights[0][1].mean(0)[2], rtol=1e-6)
    ex.controls["sentence"].value = 1                      # the token list follows the sentence
    assert len(ex.numbers["tokens"]) == len(real.tokens[1]) and ex.value("token") == 2
    assert ex.heat["image"].get_array().shape == (15, 15)
    ex.set(token=10)
    assert ex.numbers["tokens"][10] == "it" and "'it' → top 3" in ex.readout.value
    shown = [b for b in ex.bars["bars"] if b.get_visible()]              # one bar per token of this sentence
    np.testing.assert_allclose([b.get_height() for b in shown], real.weights[1][1].mean(0)[10], rtol=1e-6)
    assert ex.heat["row"].get_y() == 9.5 and ex.heat["texts"] == []     # 15 tokens: no numbers in the cells


def test_mask_explorer_renormalizes():
    ex = MaskExplorer(mask="none")
    assert ex.numbers["masked"] == 0
    ex.set(mask="causal")
    w = ex.numbers["weights"]
    assert np.all(w[np.triu_indices(6, 1)] == 0) and w[0, 0] == 1.0
    np.testing.assert_allclose(ex.numbers["row_sums"], 1.0)
    ex.set(mask="padding", length=3)
    assert np.all(ex.numbers["weights"][:, 3:] == 0) and ex.numbers["masked"] == 18
    assert not ex.controls["length"].disabled
    visible = [t.get_visible() for t in ex.heat["texts"]]
    assert sum(visible) == 36 - 18                          # no numbers printed on masked cells
    ex.set(mask="none")
    assert ex.controls["length"].disabled


def test_mask_explorer_scores_are_scaled_so_rows_are_not_one_hot():
    # W ~ N(0, 1) gave scores with a spread of about 8 and mostly one-hot rows: nothing for a mask to show.
    for seed in range(5):
        ex = MaskExplorer(mask="none", seed=seed)
        assert 0.3 < ex.numbers["score_std"] < 2.0                      # about 1, as notebook 04 §3 teaches
        top = ex.numbers["weights"].max(axis=1)
        assert np.median(top) < 0.6 and np.mean(top > 0.95) == 0       # typical row spread out, none one-hot
    ex = MaskExplorer(mask="none", seed=0)
    spread = np.median(ex.numbers["weights"].max(axis=1))
    ex.set(temperature=10 ** -0.5)                                      # a low temperature still sharpens
    assert np.median(ex.numbers["weights"].max(axis=1)) > spread
    assert "random, untrained" in ex.ax.get_title() and "random, untrained" in ex.readout.value


def test_mask_explorer_padding_row_renormalizes_over_the_real_keys():
    ex = MaskExplorer(mask="padding", length=3)
    w, s = ex.numbers["weights"], ex.scores
    e = np.exp(s[1, :3] - s[1, :3].max())
    np.testing.assert_allclose(w[1, :3], e / e.sum())                  # softmax over the 3 real keys only
