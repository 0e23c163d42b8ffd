r"""Explorers for notebook 01: two vectors, word similarities, and why attention scales by √d."""
from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from .. import similarity as sim
from ..course import PALETTE
from ..viz._axes import plot_handles
from ..viz.heatmap import plot_heatmap, set_heatmap
from ..viz.similarity import (CATEGORY_COLORS, COLORS, angle_arc, label_position, plot_angle, plot_grouped_bars,
                              plot_histograms, plot_projection, plot_ranking, plot_vectors, set_ranking)
from ._base import Explorer, slider, table
from .draggable import DraggablePoints

__all__ = ["VectorExplorer", "WordExplorer", "DimensionExplorer"]

LABEL_OFFSET = (0.0, 0.25)  # lift the names above the handles


class VectorExplorer(Explorer):
    """Two 2-D vectors ``a`` and ``b``: drag their tips or use the sliders.

    Live: a·b, ‖a‖, ‖b‖, cos θ, θ, and the scalar and vector projection of a on b,
    each with its formula filled in with the current values.

    Examples
    --------
    >>> ex = VectorExplorer(a=(3, 1), b=(1, 2))
    >>> ex.set(b_x=-1, b_y=3)
    >>> ex.numbers["dot"]
    0.0
    """

    figsize = (4.6, 4.6)

    def __init__(self, a=(3.0, 1.0), b=(1.0, 2.0), lim: float = 5.0):
        super().__init__()
        self.lim = float(lim)
        for name, (x, y) in (("a", a), ("b", b)):
            self._add(f"{name}_x", slider(f"{name}ₓ", x, -lim, lim, 0.1, readout_format=".1f"))
            self._add(f"{name}_y", slider(f"{name}ᵧ", y, -lim, lim, 0.1, readout_format=".1f"))
        self._start()

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        c = self.controls
        return (np.array([c["a_x"].value, c["a_y"].value]), np.array([c["b_x"].value, c["b_y"].value]))

    def _draw(self) -> None:
        ax = self.ax = self.fig.add_axes((0.1, 0.1, 0.85, 0.85))  # fixed rect: tips map to fixed pixels
        a, b = self.vectors()
        self.arrows = plot_vectors({"a": a, "b": b}, ax=ax, lim=self.lim, label_offset=LABEL_OFFSET)
        self.proj = plot_projection(a, np.zeros(2), ax=ax)
        self.arc = plot_angle(a, b, ax=ax)["arc"]
        self.handles = plot_handles([a, b], ax=ax, colors=[COLORS["a"], COLORS["b"]], size=160)["handles"]
        self.drag = DraggablePoints(ax, lambda: np.array(self.vectors()), self._on_drag)

    def _on_drag(self, index: int, x: float, y: float) -> None:
        name = "ab"[index]
        self.set(**{f"{name}_x": round(x, 1), f"{name}_y": round(y, 1)}, draw="idle")

    def _refresh(self) -> str:
        a, b = self.vectors()
        self.arrows["quiver"].set_UVC([a[0], b[0]], [a[1], b[1]])
        for name, v in (("a", a), ("b", b)):
            self.arrows["labels"][name].set_position(label_position(v, LABEL_OFFSET))
        self.handles.set_offsets(np.array([a, b]))
        dot, na, nb = sim.dot(a, b), sim.norm(a), sim.norm(b)
        n = self.numbers = {"a": a.tolist(), "b": b.tolist(), "dot": round(float(dot), 10),
                            "norm_a": float(na), "norm_b": float(nb)}
        rows = [
            ("a, b", f"({a[0]:.1f}, {a[1]:.1f}), ({b[0]:.1f}, {b[1]:.1f})"),
            ("a·b", f"{a[0]:.1f}×{b[0]:.1f} + {a[1]:.1f}×{b[1]:.1f} = <b>{dot:.2f}</b>"),
            ("‖a‖", f"√({a[0]:.1f}² + {a[1]:.1f}²) = {na:.3f}"),
            ("‖b‖", f"√({b[0]:.1f}² + {b[1]:.1f}²) = {nb:.3f}"),
        ]
        if na == 0 or nb == 0:
            zero = "a" if na == 0 else "b"
            self.proj["shadow"].set_data([0, 0], [0, 0])
            self.proj["drop"].set_data([a[0], a[0]], [a[1], a[1]])
            self.arc.set_data(*angle_arc(a, b, 1.0).T)  # empty: no angle
            n.update(cos=None, angle_deg=None, scalar_proj=None, vector_proj=None)
            rows.append(("cos θ", f"undefined: {zero} is the zero vector, it has no direction"))
            return table(rows)
        cos = sim.cosine_similarity(a, b)
        theta = sim.angle(a, b, degrees=True)
        p = sim.project(a, onto=b)
        self.proj["shadow"].set_data([0, p.vector[0]], [0, p.vector[1]])
        self.proj["drop"].set_data([a[0], p.vector[0]], [a[1], p.vector[1]])
        self.arc.set_data(*angle_arc(a, b, 0.25 * min(na, nb, self.lim)).T)
        n.update(cos=cos, angle_deg=theta, scalar_proj=p.scalar, vector_proj=p.vector.tolist())
        rows += [
            ("cos θ", f"a·b / (‖a‖‖b‖) = {dot:.2f} / ({na:.3f}×{nb:.3f}) = <b>{cos:.3f}</b>"),
            ("θ", f"arccos({cos:.3f}) = <b>{theta:.1f}°</b>"),
            ("comp_b a", f"a·b / ‖b‖ = {dot:.2f} / {nb:.3f} = {p.scalar:.3f}"),
            ("proj_b a", f"(a·b / ‖b‖²) b = ({p.vector[0]:.2f}, {p.vector[1]:.2f})"),
        ]
        return table(rows)


class WordExplorer(Explorer):
    """Pick a query word and a set of words: cosine ranking and heatmap, from real embeddings.

    Parameters
    ----------
    embeddings : mlviz.datasets.WordEmbeddings
    words : sequence of str
        Initial words in the heatmap.
    query : str
        Initial query word for the ranking.
    """

    figsize = (9.0, 4.4)
    readout_below = True
    max_k = 12

    def __init__(self, embeddings, words=("banana", "orange", "apple", "laptop", "phone", "keyboard"),
                 query="banana", k: int = 8):
        super().__init__()
        self.emb = embeddings
        self.sim = sim.pairwise(embeddings.vectors, metric="cosine_similarity")  # (n_words, n_words), once
        self.categories = list(dict.fromkeys(embeddings.categories))  # colour index per category
        vocab = sorted(str(w) for w in embeddings.words)
        for w in (*words, query):
            embeddings.index(w)  # clear KeyError for an unknown word
        self._add("query", widgets.Dropdown(options=vocab, value=query, description="query"))
        self._add("words", widgets.SelectMultiple(options=vocab, value=tuple(words), rows=6, description="heatmap"))
        self._add("k", slider("top k", k, 3, self.max_k, 1, integer=True))
        self._start()

    def _draw(self) -> None:
        self.ax_heat = self.fig.add_axes((0.1, 0.22, 0.38, 0.7))
        self.ax_bar = self.fig.add_axes((0.64, 0.12, 0.33, 0.8))
        self.heat = plot_heatmap(np.zeros((2, 2)), ["", ""], ax=self.ax_heat, vmin=0, vmax=1, annotate=False)
        self.ax_heat.set_title("cosine similarity", fontsize=10)
        self.ranking = plot_ranking([], [], ax=self.ax_bar, slots=self.max_k)
        self.bars = self.ranking["bars"]
        self.ax_bar.set_xlabel("cosine similarity")

    def _refresh(self) -> str:
        idx = [self.emb.index(w) for w in self.controls["words"].value]
        S = self.sim[np.ix_(idx, idx)]  # (n_chosen, n_chosen)
        labels = [str(self.emb.words[i]) for i in idx]
        set_heatmap(self.heat, S, labels, annotate=len(idx) <= 10)

        q = self.emb.index(self.controls["query"].value)
        k = self.controls["k"].value
        order = [j for j in np.argsort(-self.sim[q], kind="stable") if j != q][:k]
        colors = [CATEGORY_COLORS[self.categories.index(self.emb.categories[j]) % len(CATEGORY_COLORS)] for j in order]
        set_ranking(self.ranking, [str(self.emb.words[j]) for j in order], self.sim[q, order], colors)
        self.ax_bar.set_title(f"nearest to '{self.emb.words[q]}'", fontsize=10)
        ranking = [(str(self.emb.words[j]), float(self.sim[q, j]), str(self.emb.categories[j])) for j in order]
        self.numbers = {"query": str(self.emb.words[q]), "ranking": ranking, "heatmap_words": labels, "heatmap": S}
        rows = [(f"{r + 1}. {html.escape(w)}", f"{c:.3f} <span style='color:#888'>({cat})</span>")
                for r, (w, c, cat) in enumerate(ranking)]
        return f"<b>cosine to '{html.escape(self.numbers['query'])}'</b>" + table(rows)


@lru_cache(maxsize=32)
def _dot_samples(d: int, seed: int) -> np.ndarray:
    # Seeded per d, so a d shows the same sample whatever order the slider visits it in.
    return sim.random_dot_products(d, 4000, rng=np.random.default_rng([seed, d]))


class DimensionExplorer(Explorer):
    """Why attention divides by √d: q·k spreads out as d grows, and softmax saturates.

    Left: histograms of q·k and q·k/√d for random vectors with N(0, 1) entries.
    Right: softmax weights over 8 keys for one query, raw vs scaled.
    """

    figsize = (9.0, 3.8)
    readout_below = True
    dims = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
    n_keys = 8

    def __init__(self, d: int = 64, seed: int = 0):
        super().__init__()
        self.seed = seed
        self._add("d", slider("d", d, options=self.dims))
        self._start()

    def _draw(self) -> None:
        self.ax_hist = self.fig.add_axes((0.07, 0.15, 0.4, 0.75))
        self.ax_soft = self.fig.add_axes((0.57, 0.15, 0.4, 0.75))
        edges = np.linspace(-1, 1, 61)
        raw, scaled = PALETTE["blue"], PALETTE["orange"]  # the notebook's text names them
        hist = plot_histograms({"q·k": [], "q·k / √d": []}, ax=self.ax_hist, bins=edges, density=False,
                               legend="upper right", colors={"q·k": raw, "q·k / √d": scaled})
        self.stairs = {"raw": hist["q·k"], "scaled": hist["q·k / √d"]}
        self.ax_hist.set_xlabel("score")
        zeros = np.zeros(self.n_keys)
        bars = plot_grouped_bars({"softmax(q·k)": zeros, "softmax(q·k / √d)": zeros}, ax=self.ax_soft,
                                 colors={"softmax(q·k)": raw, "softmax(q·k / √d)": scaled})
        self.soft_bars = {"raw": bars["softmax(q·k)"], "scaled": bars["softmax(q·k / √d)"]}
        self.ax_soft.set_ylim(0, 1)
        self.ax_soft.set_xlabel("key")

    def _refresh(self) -> str:
        d = int(self.controls["d"].value)
        raw = _dot_samples(d, self.seed)
        scaled = raw / np.sqrt(d)
        span = 4 * max(np.sqrt(d), 1.0)
        edges = np.linspace(-span, span, 61)
        for name, x in (("raw", raw), ("scaled", scaled)):
            counts, _ = np.histogram(x, bins=edges, density=True)
            self.stairs[name].set_data(counts, edges)
        self.ax_hist.set_xlim(-span, span)
        self.ax_hist.set_ylim(0, 0.45)
        self.ax_hist.set_title(f"d = {d}: spread of scores over 4000 random pairs", fontsize=10)
        keys = raw[: self.n_keys]  # n_keys scores, as if one query met 8 random keys
        w_raw, w_scaled = sim.softmax(keys), sim.softmax(keys / np.sqrt(d))
        for name, w in (("raw", w_raw), ("scaled", w_scaled)):
            for bar, h in zip(self.soft_bars[name], w):
                bar.set_height(h)
        var_raw, var_scaled = float(raw.var()), float(scaled.var())
        self.numbers = {"d": d, "var_raw": var_raw, "var_scaled": var_scaled,
                        "max_weight_raw": float(w_raw.max()), "max_weight_scaled": float(w_scaled.max())}
        return table([
            ("d", f"{d}"),
            ("var(q·k)", f"{var_raw:.1f}  (theory: d = {d})"),
            ("var(q·k/√d)", f"{var_scaled:.2f}  (theory: 1)"),
            ("largest softmax weight", f"raw {w_raw.max():.3f} vs scaled {w_scaled.max():.3f}"),
        ])
