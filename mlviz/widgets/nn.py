r"""Explorers for notebook 03: initialization, compression, and weights forming during training."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import compression as C
from .. import nn
from ._base import Explorer, table as _table

__all__ = ["InitExplorer", "CompressionExplorer", "WeightViewer", "weight_grid"]


def weight_grid(W: np.ndarray, side: int = 8, cols: int = 8) -> np.ndarray:
    """Rows of ``W`` (n_units, side²) tiled into one image, each unit scaled to its own ±max, with gaps."""
    n = W.shape[0]
    rows = -(-n // cols)
    img = np.full((rows * (side + 1) - 1, cols * (side + 1) - 1), np.nan)
    for k in range(n):
        r, c = divmod(k, cols)
        w = W[k].reshape(side, side)
        m = np.abs(w).max()
        img[r * (side + 1):r * (side + 1) + side, c * (side + 1):c * (side + 1) + side] = w / m if m > 0 else w
    return img


class InitExplorer(Explorer):
    """Initializer, activation and depth: each layer's activations and back-propagated gradients.

    Left: a histogram of every layer's activations, stacked (layer 1 at the bottom), on a fixed range,
    so values that vanish pile up at 0 and values that explode pile up at the edge. Right: the
    standard deviation of activations and gradients, layer by layer, on a log scale.

    Examples
    --------
    >>> ex = InitExplorer("he_normal", "relu", depth=10)
    >>> 0.5 < ex.numbers["act_std"][-1] < 1.5
    True
    """

    figsize = (9.0, 4.2)
    readout_below = True
    width, batch = 256, 512

    def __init__(self, init: str = "he_normal", activation: str = "relu", depth: int = 10, seed: int = 0):
        super().__init__()
        self._add("init", widgets.Dropdown(options=list(nn.INITIALIZERS), value=init, description="init"))
        self._add("activation", widgets.ToggleButtons(options=["relu", "tanh", "sigmoid"], value=activation,
                                                      description="activation"))
        self._add("depth", widgets.IntSlider(value=depth, min=2, max=20, description="depth",
                                             layout=widgets.Layout(width="300px")))
        self._add("seed", widgets.IntSlider(value=seed, min=0, max=10, description="seed"))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.07, 0.12, 0.4, 0.8))
        self.ax_std = self.fig.add_axes((0.58, 0.12, 0.4, 0.8))
        self.ridges = []
        (self.act_line,) = self.ax_std.plot([], [], "o-", ms=3, label="activations")
        (self.grad_line,) = self.ax_std.plot([], [], "s-", ms=3, label="gradients ∂L/∂A")
        self.ax_std.set_yscale("log")
        self.ax_std.set_xlabel("layer")
        self.ax_std.set_ylabel("standard deviation")
        self.ax_std.legend(fontsize=8, loc="upper left")
        self.ax.set_xlabel("activation value (clipped to the range)")
        self.ax.set_ylabel("layer")

    def _refresh(self) -> str:
        act = self.value("activation")
        r = nn.propagate(self.value("init"), act, self.value("depth"), width=self.width, batch=self.batch,
                         rng=self.value("seed"))
        lo, hi = {"relu": (0.0, 3.0), "tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}[act]
        edges = np.linspace(lo, hi, 41)
        for art in self.ridges:
            art.remove()
        self.ridges = []
        for i, A in enumerate(r["activations"]):
            h, _ = np.histogram(np.clip(np.nan_to_num(A, posinf=hi, neginf=lo), lo, hi), bins=edges)
            h = 0.9 * h / max(h.max(), 1)
            self.ridges.append(self.ax.fill_between(edges[:-1], i + 1, i + 1 + h, step="post", alpha=0.7,
                                                    color=f"C{i % 10}"))
        depth = len(r["activations"])
        self.ax.set_xlim(lo, hi)
        self.ax.set_ylim(0.8, depth + 1)
        layers = np.arange(1, depth + 1)
        floor = 1e-12  # zeros cannot sit on a log axis: draw them at the floor
        self.act_line.set_data(layers, np.maximum(r["act_std"], floor))
        self.grad_line.set_data(layers, np.maximum(r["grad_std"], floor))
        self.ax_std.set_xlim(0.5, depth + 0.5)
        vals = [v for v in r["act_std"] + r["grad_std"] if np.isfinite(v)]
        self.ax_std.set_ylim(max(min(vals), floor) / 3, max(max(vals), 1e-6) * 3)
        last = r["activations"][-1]
        dead = float(np.mean(last == 0)) if act == "relu" else float(np.mean(np.abs(last - (0.5 if act == "sigmoid" else 0)) > (0.49 if act == "sigmoid" else 0.99)))
        self.numbers = {"act_std": r["act_std"], "grad_std": r["grad_std"], "last_layer_flag": dead}
        flag = "units exactly 0 in the last layer" if act == "relu" else "saturated units in the last layer"
        rows = [(f"layer {i}", f"activation std {r['act_std'][i - 1]:.3g}, gradient std {r['grad_std'][i - 1]:.3g}")
                for i in sorted({1, (depth + 1) // 2, depth})]
        rows.append((flag, f"{dead:.1%}"))
        return _table(rows)


def _train_digits(hidden, epochs, seed, record_weights=False, init="he_normal", std=1.0):
    from ..datasets import load_digits

    d = load_digits()
    Xtr, Xte, ytr, yte = d.split(0.25, rng=0)
    net = nn.MLP([64, *hidden, 10], init=init, rng=seed, std=std)
    hist = net.fit(Xtr, ytr, epochs=epochs, lr=0.1, rng=seed, X_val=Xte, y_val=yte, record_weights=record_weights)
    return net, hist, (Xtr, Xte, ytr, yte)


class CompressionExplorer(Explorer):
    """Compress a trained digits MLP (64-64-10): low-rank, then pruning, then quantization, of every layer.

    Size counts what would be stored: each matrix as two rank-r factors if that is smaller, its values at
    ``bits`` bits (float32 when bits is 32), and, when pruned, a compressed-sparse-row index of 2 bytes per
    value plus row pointers. The accuracy is measured on the 449 held-out test digits with the compressed weights.
    """

    figsize = (9.0, 3.6)
    readout_below = True

    def __init__(self, bits: int = 32, sparsity: float = 0.0, rank: int = 64, *, seed: int = 0, net=None,
                 data=None):
        super().__init__()
        if net is None:
            net, _, data = _train_digits((64,), epochs=30, seed=seed)
        self.net, self.data = net, data
        self.original = [layer.W.copy() for layer in net.layers]
        self.base_acc = net.accuracy(data[1], data[3])
        self._add("bits", widgets.SelectionSlider(options=[2, 3, 4, 5, 6, 8, 12, 16, 32], value=bits,
                                                  description="bits"))
        self._add("sparsity", widgets.FloatSlider(value=sparsity, min=0.0, max=0.95, step=0.05,
                                                  description="sparsity", readout_format=".2f"))
        self._add("rank", widgets.IntSlider(value=rank, min=1, max=64, description="rank",
                                            layout=widgets.Layout(width="300px")))
        self._start()

    def compress(self):
        """The compressed weight matrices and their stored size in bytes, for the current controls."""
        bits, s, rank = self.value("bits"), self.value("sparsity"), self.value("rank")
        out, size = [], 0
        for W in self.original:
            r = min(rank, min(W.shape))
            factors = [W] if r == min(W.shape) else [C.low_rank(W, r).A, C.low_rank(W, r).B]
            if len(factors) == 2 and factors[0].size + factors[1].size >= W.size:
                factors = [W]  # factoring would not save anything at this rank
            stored = []
            for F in factors:
                if s > 0:
                    F, _ = C.prune(F, s)
                if bits < 32:
                    F = C.quantize(F, bits, per="row").dequantize()
                stored.append(F)
                nnz = int(np.count_nonzero(F)) if s > 0 else F.size
                size += C.storage_bytes(F.shape, nnz=nnz, fmt="csr" if s > 0 else "dense", value_bytes=bits / 8,
                                        index_bytes=2)
            out.append(stored[0] if len(stored) == 1 else stored[0] @ stored[1])
        return out, size

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.03, 0.1, 0.3, 0.8))
        self.ax_hist = self.fig.add_axes((0.44, 0.15, 0.54, 0.75))
        self.image = self.ax.imshow(self.original[0], cmap="RdBu", vmin=-0.8, vmax=0.8)
        self.ax.set_title("layer 1 weights (64 × 64)", fontsize=9)
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        self.edges = np.linspace(-0.8, 0.8, 81)
        h, _ = np.histogram(self.original[0], bins=self.edges)
        self.ax_hist.stairs(h, self.edges, color="0.6", label="original")
        self.hist = self.ax_hist.stairs(h, self.edges, color="#d62728", label="compressed")
        self.ax_hist.set_yscale("symlog")
        self.ax_hist.set_xlabel("weight value (layer 1)")
        self.ax_hist.legend(fontsize=8)

    def _refresh(self) -> str:
        Ws, size = self.compress()
        for layer, W in zip(self.net.layers, Ws):
            layer.W = W
        acc = self.net.accuracy(self.data[1], self.data[3])
        for layer, W in zip(self.net.layers, self.original):
            layer.W = W  # leave the network as it was
        self.image.set_data(Ws[0])
        h, _ = np.histogram(Ws[0], bins=self.edges)
        self.hist.set_data(h, self.edges)
        dense = sum(W.size * 4 for W in self.original)
        err = float(np.sqrt(sum(np.sum((a - b) ** 2) for a, b in zip(Ws, self.original))
                            / sum(np.sum(b ** 2) for b in self.original)))
        self.numbers = {"accuracy": acc, "base_accuracy": self.base_acc, "bytes": int(size), "dense_bytes": dense,
                        "relative_error": err}
        return _table([(f"accuracy ({len(self.data[3])} test digits)", f"<b>{acc:.3f}</b> (uncompressed {self.base_acc:.3f})"),
                       ("stored size", f"<b>{size:,.0f} bytes</b> vs {dense:,} in float32 ({dense / size:.1f}× smaller)"),
                       ("relative weight error", f"‖W − Ŵ‖ / ‖W‖ = {err:.4f}")])


class WeightViewer(Explorer):
    """Step through training of a 64-16-10 MLP on digits and watch its 16 first-layer weight images form.

    Each image is one hidden unit's 64 weights laid out as the 8 × 8 picture it looks at: red pixels
    excite the unit, blue ones inhibit it.
    """

    figsize = (8.0, 3.8)
    readout_below = True

    def __init__(self, epoch: int = 0, *, epochs: int = 30, seed: int = 0):
        super().__init__()
        # Small N(0, 0.01²) starting weights, so what the images show is what training wrote into them.
        self.net, self.hist, _ = _train_digits((16,), epochs=epochs, seed=seed, record_weights=True, init="normal",
                                               std=0.01)
        self._add("epoch", widgets.IntSlider(value=epoch, min=0, max=epochs, description="epoch",
                                             layout=widgets.Layout(width="400px")))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.02, 0.04, 0.4, 0.86))
        self.ax_curve = self.fig.add_axes((0.55, 0.16, 0.43, 0.76))
        self.image = self.ax.imshow(weight_grid(self.hist.weights[0], cols=4), cmap="RdBu_r", vmin=-1, vmax=1)
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        e = np.arange(len(self.hist.loss))
        self.ax_curve.plot(e, self.hist.accuracy, label="training accuracy")
        self.ax_curve.plot(e, self.hist.val_accuracy, label="test accuracy")
        self.cursor = self.ax_curve.axvline(0, color="k", lw=1)
        self.ax_curve.set_xlabel("epoch")
        self.ax_curve.set_ylim(0, 1)
        self.ax_curve.legend(fontsize=8, loc="lower right")

    def _refresh(self) -> str:
        e = self.value("epoch")
        self.image.set_data(weight_grid(self.hist.weights[e], cols=4))
        self.ax.set_title(f"16 hidden units' weights after epoch {e}", fontsize=9)
        self.cursor.set_xdata([e, e])
        self.numbers = {"epoch": e, "loss": self.hist.loss[e], "accuracy": self.hist.accuracy[e],
                        "val_accuracy": self.hist.val_accuracy[e]}
        return _table([("epoch", e), ("loss", f"{self.hist.loss[e]:.4f}"),
                       ("accuracy", f"training {self.hist.accuracy[e]:.3f}, test {self.hist.val_accuracy[e]:.3f}")])
