r"""Explorers for notebook 04: a query among keys, a trained model's heads, and masks.

The drawing is :mod:`mlviz.viz.attention`'s; the weights come from :mod:`mlviz.attention`.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .. import attention as A
from ..course import PALETTE
from ..viz.attention import (QUERY_COLOR, plot_attention, plot_query, plot_weight_row, plot_weights, set_attention, set_query,
                             set_weights)
from ._base import Explorer, slider, table as _table
from .draggable import DraggablePoints

__all__ = ["QueryExplorer", "SentenceExplorer", "MaskExplorer"]


class QueryExplorer(Explorer):
    """Drag a 2-D query among fixed keys: scores q·k (optionally ÷√d), softmax weights at temperature T,
    and the output Σ wᵢ vᵢ (here the values are the keys themselves, so the output is a point too).

    Examples
    --------
    >>> ex = QueryExplorer(query=(1.0, 0.0), keys={"a": (1, 0), "b": (0, 1)}, scaled=False)
    >>> [round(w, 4) for w in ex.numbers["weights"]]   # scores 1 and 0
    [0.7311, 0.2689]
    """

    figsize = (9.0, 4.0)
    readout_below = True
    DEFAULT_KEYS = {"cat": (2.0, 1.0), "dog": (1.8, 1.6), "sat": (-0.5, 2.0), "mat": (0.5, -1.8), "the": (-1.5, -0.5)}

    def __init__(self, query=(1.5, 1.0), keys=None, temperature: float = 1.0, scaled: bool = True, lim: float = 3.0):
        super().__init__()
        keys = dict(self.DEFAULT_KEYS if keys is None else keys)
        self.names = list(keys)
        self.K = np.array([keys[n] for n in self.names], dtype=float)
        self.lim = float(lim)
        self._add("q_x", slider("qₓ", query[0], -lim, lim))
        self._add("q_y", slider("qᵧ", query[1], -lim, lim))
        self._add("temperature", slider("temperature T", temperature, 0.1, 10, 0.05, log=True, width="300px",
                                        readout_format=".2f"))
        self._add("scaled", widgets.Checkbox(value=scaled, description="divide by √d (d = 2)"))
        self._start()

    def query(self) -> np.ndarray:
        return np.array([self.value("q_x"), self.value("q_y")])

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.05, 0.1, 0.36, 0.82))
        self.ax_bar = self.fig.add_axes((0.5, 0.38, 0.47, 0.54))
        self.ax_row = self.fig.add_axes((0.5, 0.1, 0.47, 0.12))
        n = len(self.names)
        self.scene = plot_query(self.query(), self.K, self.names, ax=self.ax, lim=self.lim)
        self.handle = self.scene["handle"]
        self.ax.set_title("drag the query (the arrow's tip)", fontsize=10)
        self.weight_bars = plot_weights(np.zeros(n), self.names, ax=self.ax_bar, label="softmax weight")
        self.bars = self.weight_bars["bars"]
        self.row = plot_weight_row(np.zeros(n), self.names, ax=self.ax_row)["image"]
        self.drag = DraggablePoints(self.ax, lambda: self.query()[None, :], self._on_drag)

    def _on_drag(self, index: int, x: float, y: float) -> None:
        self.set(q_x=round(float(np.clip(x, -self.lim, self.lim)), 1) + 0.0,  # + 0.0: no "-0.0"
                 q_y=round(float(np.clip(y, -self.lim, self.lim)), 1) + 0.0, draw="idle")

    def _refresh(self) -> str:
        q = self.query()
        T = self.value("temperature")
        scale = 1 / np.sqrt(2) if self.value("scaled") else 1.0
        scores = self.K @ q * scale  # (n_keys,)
        w = A.softmax(scores, temperature=T)
        out = w @ self.K  # (2,): the values are the keys
        set_query(self.scene, q, out)
        set_weights(self.weight_bars, w)
        self.row.set_data(w[None, :])
        self.numbers = {"query": q.tolist(), "scores": scores.tolist(), "weights": w.tolist(), "output": out.tolist()}
        head = f"query q = ({q[0]:.1f}, {q[1]:.1f}); scores q·k{' / √2' if scale != 1 else ''}, then softmax(score / {T:.2f})"
        rows = [(html.escape(n), f"q·k = {q @ k:6.2f} → score {s:6.2f} → weight <b>{wi:.3f}</b>")
                for n, k, s, wi in zip(self.names, self.K, scores, w)]
        rows.append(("output", f"Σ wᵢ kᵢ = ({out[0]:.2f}, {out[1]:.2f})"))
        return f"<div style='font-size:12px'>{head}</div>" + _table(rows)


class SentenceExplorer(Explorer):
    """A trained model's attention: pick the sentence, layer and head; a token selector highlights its row.

    ``data`` is :func:`mlviz.datasets.load_attention`'s result. ``head=-1`` shows the mean over the 12 heads.
    """

    figsize = (9.0, 4.4)
    readout_below = True

    def __init__(self, data, sentence: int = 0, layer: int = 0, head: int = 0, token: int = 2):
        super().__init__()
        self.data = data
        self._add("sentence", widgets.Dropdown(options=[(s, i) for i, s in enumerate(data.sentences)],
                                               value=sentence, description="sentence",
                                               layout=widgets.Layout(width="460px")))
        self._add("layer", slider("layer", layer, 0, data.n_layers - 1, 1, integer=True))
        self._add("head", slider("head (-1: mean)", head, -1, data.n_heads - 1, 1, integer=True))
        self._add("token", widgets.Dropdown(options=self._token_options(sentence), value=token, description="token"))
        self.controls["sentence"].observe(self._new_sentence, names="value")
        self._start()

    def _token_options(self, i):
        return [(f"{j}: {t}", j) for j, t in enumerate(self.data.tokens[i])]

    def _new_sentence(self, change) -> None:
        self._suspended = True
        try:
            self.controls["token"].options = self._token_options(change["new"])
            self.controls["token"].value = min(2, len(self.data.tokens[change["new"]]) - 1)
        finally:
            self._suspended = False
        self.update()

    def weights(self) -> np.ndarray:
        W = self.data.weights[self.value("sentence")][self.value("layer")]
        return W.mean(axis=0) if self.value("head") < 0 else W[self.value("head")]

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.12, 0.2, 0.36, 0.72))
        self.ax_bar = self.fig.add_axes((0.62, 0.2, 0.36, 0.72))
        longest = max(len(t) for t in self.data.tokens)
        self.heat = plot_attention(np.zeros((2, 2)), ["", ""], ax=self.ax, annotate=False)
        self.bars = plot_weights(np.zeros(longest), [""] * longest, ax=self.ax_bar, fontsize=9)

    def _refresh(self) -> str:
        i, t = self.value("sentence"), self.value("token")
        toks = [str(x) for x in self.data.tokens[i]]
        W = self.weights()
        n = len(toks)
        set_attention(self.heat, W, toks, row=t, annotate=n <= 9, fmt="{:.1f}", fontsize=9)
        top = np.argmax(W[t])
        set_weights(self.bars, W[t], toks, colors=[QUERY_COLOR if j == top else "0.6" for j in range(n)],
                    fontsize=9)
        head = self.value("head")
        who = "mean of 12 heads" if head < 0 else f"head {head}"
        self.ax_bar.set_title(f"'{toks[t]}' attends to … (layer {self.value('layer')}, {who})", fontsize=9)
        ent = A.attention_entropy(W)
        order = np.argsort(-W[t])[:3]
        self.numbers = {"tokens": toks, "row": W[t].tolist(), "top": [toks[j] for j in order],
                        "entropy_row": float(ent[t]), "entropy_mean": float(ent.mean())}
        return _table([(f"'{html.escape(toks[t])}' → top 3", ", ".join(f"{html.escape(toks[j])} {W[t, j]:.2f}" for j in order)),
                       ("entropy of this row", f"{ent[t]:.2f} nats (uniform over {n}: {np.log(n):.2f})"),
                       ("mean entropy of this head", f"{ent.mean():.2f} nats")])


class MaskExplorer(Explorer):
    r"""Toggle no mask, a causal mask or padding, and watch each row of weights renormalize over what is left.

    Masked cells are shown in grey with an ×; each row still sums to 1.

    The head is random and untrained: token vectors :math:`X \sim N(0, 1)` of width :math:`d = 8` and
    projections :math:`W_Q, W_K \sim N(0, 1/d)`, so that each entry of :math:`q` and :math:`k` has variance 1
    and the scores :math:`q \cdot k / \sqrt{d}` have variance about 1 (notebook 04, §3). With
    :math:`W \sim N(0, 1)` instead, the scores would spread about 8 and most rows would be one-hot, leaving
    nothing for a mask to renormalize.

    Examples
    --------
    >>> ex = MaskExplorer(mask="none")
    >>> bool(np.median(ex.numbers["weights"].max(axis=1)) < 0.6)   # the typical row is far from one-hot
    True
    """

    figsize = (8.0, 4.0)
    readout_below = True

    def __init__(self, tokens=("the", "cat", "sat", "on", "the", "mat"), mask: str = "none", length: int | None = None,
                 temperature: float = 1.0, seed: int = 0):
        super().__init__()
        self.tokens = list(tokens)
        n = len(self.tokens)
        g = np.random.default_rng(seed)
        d = 8
        X = g.normal(size=(n, d))  # (n, d)
        # N(0, 1/d) keeps q and k at unit variance, so q·k has variance d and q·k/√d about 1 (§3's lesson)
        Wq, Wk = g.normal(0.0, 1 / np.sqrt(d), size=(d, d)), g.normal(0.0, 1 / np.sqrt(d), size=(d, d))
        self.scores = (X @ Wq.T) @ (X @ Wk.T).T / np.sqrt(d)  # (n, d) @ (d, n) -> (n, n)
        self._add("mask", widgets.ToggleButtons(options=["none", "causal", "padding", "both"], value=mask,
                                                description="mask"))
        self._add("length", slider("real tokens", n - 2 if length is None else length, 1, n, 1, integer=True))
        self._add("temperature", slider("temperature", temperature, 10 ** -0.5, 10 ** 0.5, 0.05, log=True,
                                        readout_format=".2f"))
        self._start()

    def mask(self) -> np.ndarray:
        n = len(self.tokens)
        kind = self.value("mask")
        m = np.ones((n, n), dtype=bool)
        if kind in ("causal", "both"):
            m &= A.causal_mask(n)
        if kind in ("padding", "both"):
            m &= A.padding_mask([self.value("length")], n)[0]
        return m

    def _draw(self) -> None:
        n = len(self.tokens)
        self.ax = self.fig.add_axes((0.1, 0.14, 0.42, 0.78))
        self.ax_sum = self.fig.add_axes((0.64, 0.14, 0.33, 0.78))
        self.heat = plot_attention(np.zeros((n, n)), self.tokens, ax=self.ax, annotate=False)
        self.ax.set_xlabel("")
        self.ax.set_ylabel("")
        self.ax.set_title("weights of a random, untrained head", fontsize=9)
        self.sums = plot_weights(np.zeros(n), self.tokens, ax=self.ax_sum, colors=PALETTE["bluish_green"], horizontal=True,
                                 label="row sum (always 1)")
        self.bars = self.sums["bars"]

    def _refresh(self) -> str:
        n = len(self.tokens)
        m = self.mask()
        w = A.softmax(self.scores, temperature=self.value("temperature"), mask=m, on_fully_masked="zeros")
        set_attention(self.heat, w, self.tokens, mask=m)
        sums = w.sum(axis=1)
        set_weights(self.sums, sums)
        self.controls["length"].disabled = self.value("mask") not in ("padding", "both")
        self.numbers = {"weights": w, "mask": m, "row_sums": sums.tolist(), "masked": int((~m).sum()),
                        "score_std": float(self.scores.std())}
        return _table([("scores q·k/√8", f"spread (std) {self.scores.std():.2f}: random, untrained W_Q, W_K"),
                       ("masked cells", f"{int((~m).sum())} of {n * n}, weight exactly 0"),
                       ("row sums", ", ".join(f"{s:.3f}" for s in sums)),
                       ("row 'cat'", ", ".join(f"{t} {x:.2f}" for t, x in zip(self.tokens, w[1])))])
