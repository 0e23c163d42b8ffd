r"""Explorers for notebook 03: one layer acting on the plane, initialization, compression, and weights
forming during training."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import compression as C
from .. import nn
from ._base import Explorer, slider, table as _table
from .draggable import DraggablePoints

__all__ = ["LayerExplorer", "InitExplorer", "CompressionExplorer", "WeightViewer", "weight_grid"]


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


def _segments(ends, n=60):
    """Each segment ``(p0, p1)`` sampled at ``n`` points, so a bent (activated) image still looks smooth."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    return [np.asarray(p0, float) + t * (np.asarray(p1, float) - np.asarray(p0, float)) for p0, p1 in ends]


class LayerExplorer(Explorer):
    r"""One dense layer from 2 inputs to 2 outputs, ``h = f(W x + b)``, acting on the whole plane.

    Left: the input square [−1, 1]² as a grid, the basis vectors e₁ and e₂, a letter F (it has no mirror
    symmetry, so a reflection shows) and a probe point x = (0.5, 1). Right: all of it after the layer.
    Column j of ``W`` is where eⱼ lands (``W e₁`` is column 1), drawn from ``b``, where the origin lands.
    Drag the three round handles (the tips of the two columns, and ``b``) or use the sliders, and pick
    the activation; with one, the pre-activation grid ``W x + b`` stays in grey.

    Live: W and b, z = W x + b and h = f(z) for the probe with the sums written out, det W (how areas
    scale; negative: mirrored; 0: the plane is flattened onto a line, and the inputs that now coincide),
    and with ReLU the share of the square sent to the origin or onto an axis.

    Examples
    --------
    >>> ex = LayerExplorer(W=((2, 0), (0, 1)))
    >>> ex.numbers["det"], ex.numbers["z"]
    (2.0, [1.0, 1.0])
    >>> ex.set(w12=1.0, w22=0.0)     # column 2 = half of column 1: det 0
    >>> ex.numbers["rank"], ex.numbers["null_direction"]
    (1, [1.0, -2.0])
    """

    figsize = (9.0, 4.4)
    readout_below = True
    probe = np.array([0.5, 1.0])
    w_lim, b_lim, view = 2.0, 1.5, 3.0

    def __init__(self, W=((1.0, 0.5), (0.0, 1.0)), b=(0.0, 0.0), activation: str = "linear"):
        super().__init__()
        try:
            W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"W and b must be numbers (a 2 × 2 matrix and a pair); got W={W!r}, b={b!r}") from None
        if W.shape != (2, 2) or not np.all(np.abs(W) <= self.w_lim):
            raise ValueError(f"W must be a 2 × 2 matrix with entries in [-{self.w_lim}, {self.w_lim}]; got {W.tolist()}")
        if b.shape != (2,) or not np.all(np.abs(b) <= self.b_lim):
            raise ValueError(f"b must be 2 numbers in [-{self.b_lim}, {self.b_lim}]; got {b.tolist()}")
        for i in range(2):
            for j in range(2):
                self._add(f"w{i + 1}{j + 1}", slider(f"w{i + 1}{j + 1}", float(W[i, j]), -self.w_lim, self.w_lim,
                                                     0.1, readout_format=".1f", width="200px"))
        for i in range(2):
            self._add(f"b{i + 1}", slider(f"b{i + 1}", float(b[i]), -self.b_lim, self.b_lim, 0.1,
                                          readout_format=".1f", width="200px"))
        self._add("activation", widgets.ToggleButtons(options=["linear", "relu", "tanh", "sigmoid"],
                                                      value=activation, description="f"))
        self._start()

    def layer(self) -> tuple[np.ndarray, np.ndarray]:
        """The current ``(W, b)``: W is 2 × 2 (out × in), so its columns are the images of e₁ and e₂."""
        v = self.value
        return (np.array([[v("w11"), v("w12")], [v("w21"), v("w22")]]), np.array([v("b1"), v("b2")]))

    def apply(self, X) -> tuple[np.ndarray, np.ndarray]:
        """``(z, h)`` for the points ``X`` (n × 2): the pre-activation ``X Wᵀ + b`` and ``f`` of it."""
        W, b = self.layer()
        z = np.asarray(X, float) @ W.T + b
        return z, nn.activation(self.value("activation"))[0](z)

    def _draw(self) -> None:
        self.ax_in = self.fig.add_axes((0.05, 0.1, 0.4, 0.8))
        self.ax = self.fig.add_axes((0.56, 0.1, 0.4, 0.8))  # fixed rects: handles map to fixed pixels
        ticks = np.linspace(-1.0, 1.0, 9)
        self.grid = _segments([((c, -1), (c, 1)) for c in ticks] + [((-1, c), (1, c)) for c in ticks])
        self.letter = _segments([((-0.4, -0.8), (-0.4, 0.8)), ((-0.4, 0.8), (0.5, 0.8)), ((-0.4, 0.1), (0.3, 0.1))])
        u = np.linspace(-1.0, 1.0, 41)
        self.square = np.stack(np.meshgrid(u, u), axis=-1).reshape(-1, 2)  # for the ReLU shares
        for ax, title in ((self.ax_in, "input x"), (self.ax, "output h = f(W x + b)")):
            ax.set_xlim(-self.view if ax is self.ax else -1.5, self.view if ax is self.ax else 1.5)
            ax.set_ylim(ax.get_xlim())
            ax.set_aspect("equal")
            ax.axhline(0, color="0.8", lw=0.8, zorder=0)
            ax.axvline(0, color="0.8", lw=0.8, zorder=0)
            ax.set_title(title, fontsize=10)
        for seg in self.grid:
            self.ax_in.plot(*seg.T, color="0.6", lw=0.7)
        for seg in self.letter:
            self.ax_in.plot(*seg.T, color="#ff7f0e", lw=2.5)
        self.ax_in.annotate("", (1, 0), (0, 0), arrowprops=dict(arrowstyle="->", color="#d62728", lw=2))
        self.ax_in.annotate("", (0, 1), (0, 0), arrowprops=dict(arrowstyle="->", color="#1f77b4", lw=2))
        self.ax_in.text(1.02, -0.15, "e₁", color="#d62728")
        self.ax_in.text(-0.2, 1.02, "e₂", color="#1f77b4")
        self.ax_in.plot(*self.probe, "k*", ms=10)
        self.pre_lines = [self.ax.plot([], [], color="0.85", lw=0.7)[0] for _ in self.grid]
        self.grid_lines = [self.ax.plot([], [], color="0.5", lw=0.7)[0] for _ in self.grid]
        self.letter_lines = [self.ax.plot([], [], color="#ff7f0e", lw=2.5)[0] for _ in self.letter]
        (self.col1,) = self.ax.plot([], [], color="#d62728", lw=2)
        (self.col2,) = self.ax.plot([], [], color="#1f77b4", lw=2)
        (self.probe_out,) = self.ax.plot([], [], "k*", ms=10)
        self.handles = self.ax.scatter(np.zeros(3), np.zeros(3), s=150, c=["#d62728", "#1f77b4", "0.3"],
                                       alpha=0.4, zorder=5)
        self.labels = [self.ax.text(0, 0, t, color=c, fontsize=9) for t, c in
                       (("W e₁", "#d62728"), ("W e₂", "#1f77b4"), ("b", "0.3"))]
        self.drag = DraggablePoints(self.ax, self.handle_positions, self._on_drag)

    def handle_positions(self) -> np.ndarray:
        """Where the handles are: the tips of W e₁ and W e₂ (drawn from b), then b."""
        W, b = self.layer()
        return np.array([b + W[:, 0], b + W[:, 1], b])

    def _on_drag(self, index: int, x: float, y: float) -> None:
        W, b = self.layer()
        p = np.array([x, y])
        if index == 2:
            values = {"b1": p[0], "b2": p[1]}
        else:
            col = p - b  # the column is the handle's offset from b
            values = {f"w1{index + 1}": col[0], f"w2{index + 1}": col[1]}
        lim = {k: self.b_lim if k[0] == "b" else self.w_lim for k in values}
        self.set(**{k: float(np.clip(round(v, 1), -lim[k], lim[k])) for k, v in values.items()}, draw="idle")

    def _refresh(self) -> str:
        W, b = self.layer()
        f = self.value("activation")
        for seg, pre, line in zip(self.grid, self.pre_lines, self.grid_lines):
            z, h = self.apply(seg)
            pre.set_data(*(z.T if f != "linear" else ([], [])))
            line.set_data(*h.T)
        for seg, line in zip(self.letter, self.letter_lines):
            line.set_data(*self.apply(seg)[1].T)
        tips = self.handle_positions()
        self.col1.set_data([b[0], tips[0, 0]], [b[1], tips[0, 1]])
        self.col2.set_data([b[0], tips[1, 0]], [b[1], tips[1, 1]])
        self.handles.set_offsets(tips)
        for label, (x, y) in zip(self.labels, tips):
            label.set_position((x + 0.1, y + 0.1))
        z, h = (a[0] for a in self.apply(self.probe[None]))
        self.probe_out.set_data([h[0]], [h[1]])

        det = round(float(W[0, 0] * W[1, 1] - W[0, 1] * W[1, 0]), 10)  # sliders move in steps of 0.1
        rank = 2 if det != 0 else (1 if np.any(W != 0) else 0)
        null = None
        if rank == 1:  # W x = 0 along this direction: a row of W is nonzero, the null direction is ⟂ to it
            r = W[0] if np.any(W[0] != 0) else W[1]
            null = [round(float(r[1]), 10), round(float(-r[0]), 10)]
        x1, x2 = self.probe
        sums = [f"{W[i, 0]:.1f}×{x1:g} + {W[i, 1]:.1f}×{x2:g} + {b[i]:.1f}" for i in range(2)]
        rows = [("W (out × in)", f"[[{W[0, 0]:.1f}, {W[0, 1]:.1f}], [{W[1, 0]:.1f}, {W[1, 1]:.1f}]]: "
                                 f"W e₁ = ({W[0, 0]:.1f}, {W[1, 0]:.1f}), W e₂ = ({W[0, 1]:.1f}, {W[1, 1]:.1f})"),
                ("b", f"({b[0]:.1f}, {b[1]:.1f}): where the origin lands"),
                (f"z = W x + b, x = ({x1:g}, {x2:g})", f"({sums[0]}, {sums[1]}) = <b>({z[0]:.2f}, {z[1]:.2f})</b>")]
        if f != "linear":
            rows.append((f"h = {f}(z)", f"<b>({h[0]:.3f}, {h[1]:.3f})</b>"))
        if rank == 2:
            what = f"areas × {abs(det):.2f}" + ("; negative: the plane is mirrored (the F reads backwards)"
                                                 if det < 0 else "")
        elif rank == 1:
            what = (f"the plane is flattened onto a line (rank 1): inputs that differ by any multiple of "
                    f"({null[0]:.1f}, {null[1]:.1f}) give the same output, and no later layer can separate them")
        else:
            what = "W = 0: every input gives the same output, b"
        rows.append(("det W", f"{W[0, 0]:.1f}×{W[1, 1]:.1f} − {W[0, 1]:.1f}×{W[1, 0]:.1f} = <b>{det:.2f}</b>: {what}"))
        self.numbers = {"W": W.tolist(), "b": b.tolist(), "activation": f, "z": z.tolist(), "h": h.tolist(),
                        "det": det, "rank": rank, "null_direction": null}
        if f == "relu":
            zeros = (self.apply(self.square)[1] == 0).sum(axis=1)
            to_origin, to_axis = float(np.mean(zeros == 2)), float(np.mean(zeros == 1))
            self.numbers.update(to_origin=to_origin, to_axis=to_axis)
            rows.append(("ReLU", f"{to_origin:.0%} of the square is sent to the origin and {to_axis:.0%} onto an "
                                 "axis (a zero output passes no gradient back to its row of W)"))
        return _table(rows)


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
