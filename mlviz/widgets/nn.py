r"""Explorers for notebook 03: one layer acting on the plane, initialization, compression, and weights
forming during training."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import compression as C
from .. import nn
from ..course import PALETTE
from ..viz.nn import (plot_layer_input, plot_layer_output, plot_ridges, plot_std_profile, plot_training_curves,
                      plot_weight_grid, plot_weight_matrix, ridge_heights, set_ridges, weight_grid)
from ..viz.similarity import plot_histograms
from ._base import Explorer, slider, table
from .draggable import DraggablePoints

__all__ = ["LayerExplorer", "InitExplorer", "CompressionExplorer", "WeightViewer"]


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
        plot_layer_input(self.grid, self.letter, self.probe, ax=self.ax_in)
        W, b = self.layer()
        grid = [self.apply(seg) for seg in self.grid]  # (z, h) of each grid line
        out = self.out = plot_layer_output([h for _, h in grid], [z for z, _ in grid],
                                           [self.apply(seg)[1] for seg in self.letter], W, b,
                                           self.apply(self.probe[None])[1][0], ax=self.ax, lim=self.view)
        self.pre_lines, self.grid_lines, self.letter_lines = out["pre_grid"], out["grid"], out["letter"]
        self.col1, self.col2 = out["columns"]
        self.probe_out, self.handles, self.labels = out["probe"], out["handles"], out["labels"]
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
        return table(rows)


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
    max_depth = 20
    ranges = {"relu": (0.0, 3.0), "tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}  # the histograms' fixed ranges

    def __init__(self, init: str = "he_normal", activation: str = "relu", depth: int = 10, seed: int = 0):
        super().__init__()
        self._profiles: dict = {}  # (init, activation, depth, seed) -> profile(): a few kB each, kept
        self._add("init", widgets.Dropdown(options=list(nn.INITIALIZERS), value=init, description="init"))
        self._add("activation", widgets.ToggleButtons(options=["relu", "tanh", "sigmoid"], value=activation,
                                                      description="activation"))
        self._add("depth", slider("depth", depth, 2, self.max_depth, 1, integer=True, width="300px"))
        self._add("seed", slider("seed", seed, 0, 10, 1, integer=True))
        self._start()

    def profile(self, init: str, activation: str, depth: int, seed: int) -> dict:
        """What the figure and the readout show for one setting of the controls, from :func:`mlviz.nn.propagate`.

        Returns ``act_std`` and ``grad_std`` (one per layer), ``heights`` (each layer's histogram on the
        activation's fixed range, as :func:`mlviz.viz.nn.ridge_heights` scales it) and ``flag`` (the share of
        the last layer's units that are 0 for ReLU, saturated otherwise). Each setting is computed once and
        kept: the activations themselves (depth × batch × width numbers) are not.
        """
        key = (init, activation, depth, seed)
        if key not in self._profiles:
            r = nn.propagate(init, activation, depth, width=self.width, batch=self.batch, rng=seed)
            last = r["activations"][-1]
            if activation == "relu":
                flag = float(np.mean(last == 0))
            else:  # saturated: near either end of the output range
                centre, edge = (0.5, 0.49) if activation == "sigmoid" else (0.0, 0.99)
                flag = float(np.mean(np.abs(last - centre) > edge))
            self._profiles[key] = {"act_std": r["act_std"], "grad_std": r["grad_std"], "flag": flag,
                                   "heights": ridge_heights(r["activations"], np.linspace(*self.ranges[activation], 41))}
        return self._profiles[key]

    def update(self, draw: str = "now") -> None:
        super().update(draw)
        if draw == "now":
            self._prepare_next_depths()

    def _prepare_next_depths(self) -> None:
        """Compute the depths one step up and down now, after the figure has been sent to the browser.

        A propagation takes longer than the redraw, so the next step of the depth slider then only redraws.
        """
        v = self.value
        for depth in (v("depth") + 1, v("depth") - 1):
            if self.controls["depth"].min <= depth <= self.max_depth:
                try:
                    self.profile(v("init"), v("activation"), depth, v("seed"))
                except ValueError:  # that depth overflows: the error shows if the learner goes there
                    pass

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.07, 0.12, 0.4, 0.8))
        self.ax_std = self.fig.add_axes((0.58, 0.12, 0.4, 0.8))
        self.ridges = plot_ridges([], np.linspace(0.0, 3.0, 41), ax=self.ax, slots=self.max_depth)["ridges"]
        lines = plot_std_profile({"activations": [], "gradients ∂L/∂A": []}, ax=self.ax_std, legend="upper left")
        self.act_line, self.grad_line = lines.values()
        self.ax.set_xlabel("activation value (clipped to the range)")
        self.ax.set_ylabel("layer")

    def _refresh(self) -> str:
        act, depth = self.value("activation"), self.value("depth")
        p = self.profile(self.value("init"), act, depth, self.value("seed"))
        set_ridges({"ridges": self.ridges}, None, np.linspace(*self.ranges[act], 41), heights=p["heights"])
        layers = np.arange(1, depth + 1)
        floor = 1e-12  # zeros cannot sit on a log axis: draw them at the floor
        self.act_line.set_data(layers, np.maximum(p["act_std"], floor))
        self.grad_line.set_data(layers, np.maximum(p["grad_std"], floor))
        self.ax_std.set_xlim(0.5, depth + 0.5)
        vals = [v for v in p["act_std"] + p["grad_std"] if np.isfinite(v)]
        self.ax_std.set_ylim(max(min(vals), floor) / 3, max(max(vals), 1e-6) * 3)
        self.numbers = {"act_std": p["act_std"], "grad_std": p["grad_std"], "last_layer_flag": p["flag"]}
        flag = "units exactly 0 in the last layer" if act == "relu" else "saturated units in the last layer"
        rows = [(f"layer {i}", f"activation std {p['act_std'][i - 1]:.3g}, gradient std {p['grad_std'][i - 1]:.3g}")
                for i in sorted({1, (depth + 1) // 2, depth})]
        rows.append((flag, f"{p['flag']:.1%}"))
        return table(rows)


class CompressionExplorer(Explorer):
    """Compress a trained MLP: low-rank, then pruning, then quantization, of every layer.

    Size counts what would be stored: each matrix as two rank-r factors if that is smaller, its values at
    ``bits`` bits (float32 when bits is 32), and, when pruned, a compressed-sparse-row index of 2 bytes per
    value plus row pointers. The accuracy is measured on the test set with the compressed weights; the
    network itself is left as it was.

    Parameters
    ----------
    net : mlviz.nn.MLP
        A trained network (the notebook shows the training call).
    X_test, y_test : array_like
        Held-out samples and labels for the accuracy.
    bits, sparsity, rank : the controls' starting values.

    Examples
    --------
    >>> from mlviz.datasets import load_digits
    >>> X_tr, X_te, y_tr, y_te = load_digits().split(0.25, rng=0)
    >>> net = nn.MLP([64, 16, 10], rng=0)
    >>> _ = net.fit(X_tr, y_tr, epochs=2, rng=0)
    >>> ex = CompressionExplorer(net, X_te, y_te, bits=8)
    >>> ex.numbers["bytes"]   # one byte per weight: 64·16 + 16·10
    1184
    """

    figsize = (9.0, 3.6)
    readout_below = True
    BITS = (2, 3, 4, 5, 6, 8, 12, 16, 32)

    def __init__(self, net, X_test, y_test, *, bits: int = 32, sparsity: float = 0.0, rank=None):
        super().__init__()
        if not isinstance(net, nn.MLP):
            raise TypeError(f"net must be a trained mlviz.nn.MLP; got {type(net).__name__}")
        self.net, self.X_test, self.y_test = net, X_test, y_test
        self.original = [layer.W.copy() for layer in net.layers]
        self.base_acc = net.accuracy(X_test, y_test)
        max_rank = max(min(W.shape) for W in self.original)
        self._add("bits", slider("bits", bits, options=self.BITS))
        self._add("sparsity", slider("sparsity", sparsity, 0.0, 0.95, 0.05, readout_format=".2f"))
        self._add("rank", slider("rank", max_rank if rank is None else rank, 1, max_rank, 1, integer=True,
                                 width="300px"))
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
        W = self.original[0]
        self.image = plot_weight_matrix(W, ax=self.ax, title=f"layer 1 weights ({W.shape[0]} × {W.shape[1]})")["image"]
        self.edges = np.linspace(-0.8, 0.8, 81)
        hist = plot_histograms({"original": W, "compressed": W}, ax=self.ax_hist, bins=self.edges, density=False,
                               colors={"original": "0.6", "compressed": PALETTE["vermillion"]})
        self.hist = hist["compressed"]
        self.ax_hist.set_yscale("symlog")
        self.ax_hist.set_xlabel("weight value (layer 1)")

    def _refresh(self) -> str:
        Ws, size = self.compress()
        for layer, W in zip(self.net.layers, Ws):
            layer.W = W
        try:
            acc = self.net.accuracy(self.X_test, self.y_test)
        finally:
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
        return table([(f"accuracy ({len(self.y_test)} test samples)",
                       f"<b>{acc:.3f}</b> (uncompressed {self.base_acc:.3f})"),
                      ("stored size", f"<b>{size:,.0f} bytes</b> vs {dense:,} in float32 "
                                      f"({dense / size:.1f}× smaller)"),
                      ("relative weight error", f"‖W − Ŵ‖ / ‖W‖ = {err:.4f}")])


class WeightViewer(Explorer):
    """Step through a training run and watch the first-layer weight images form.

    Each image is one hidden unit's weights laid out as the square picture it looks at (8 × 8 for the
    digits): red pixels excite the unit, blue ones inhibit it.

    Parameters
    ----------
    history : mlviz.nn.History
        From ``MLP.fit(..., record_weights=True, X_val=..., y_val=...)`` (the notebook shows the call).
    epoch : int
        The epoch shown first (0 is before training).

    Examples
    --------
    >>> from mlviz.datasets import load_digits
    >>> X_tr, X_te, y_tr, y_te = load_digits().split(0.25, rng=0)
    >>> hist = nn.MLP([64, 16, 10], rng=0).fit(X_tr, y_tr, epochs=2, rng=0, X_val=X_te, y_val=y_te,
    ...                                        record_weights=True)
    >>> ex = WeightViewer(hist, epoch=2)
    >>> ex.numbers["epoch"], ex.numbers["val_accuracy"] == hist.val_accuracy[2]
    (2, True)
    """

    figsize = (8.0, 3.8)
    readout_below = True

    def __init__(self, history, epoch: int = 0):
        super().__init__()
        if not isinstance(history, nn.History) or not history.weights or not history.val_accuracy:
            raise ValueError("history must come from MLP.fit(..., record_weights=True, X_val=..., y_val=...); got "
                             + (f"a {type(history).__name__}" if not isinstance(history, nn.History) else
                                "a History without " + ("weights" if not history.weights else "val_accuracy")))
        self.hist = history
        n_units, n_in = history.weights[0].shape
        self.side, self.cols = int(round(np.sqrt(n_in))), int(np.ceil(np.sqrt(n_units)))
        self._add("epoch", slider("epoch", epoch, 0, len(history.weights) - 1, 1, integer=True, width="400px"))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.02, 0.04, 0.4, 0.86))
        self.ax_curve = self.fig.add_axes((0.55, 0.16, 0.43, 0.76))
        self.image = plot_weight_grid(self.hist.weights[0], ax=self.ax, side=self.side, cols=self.cols)["image"]
        curves = plot_training_curves({"training accuracy": self.hist.accuracy,
                                       "test accuracy": self.hist.val_accuracy}, ax=self.ax_curve, cursor=0)
        self.cursor = curves["cursor"]

    def _refresh(self) -> str:
        e = self.value("epoch")
        W = self.hist.weights[e]
        self.image.set_data(weight_grid(W, self.side, self.cols))
        self.ax.set_title(f"{W.shape[0]} hidden units' weights after epoch {e}", fontsize=9)
        self.cursor.set_xdata([e, e])
        self.numbers = {"epoch": e, "loss": self.hist.loss[e], "accuracy": self.hist.accuracy[e],
                        "val_accuracy": self.hist.val_accuracy[e]}
        return table([("epoch", e), ("loss", f"{self.hist.loss[e]:.4f}"),
                      ("accuracy", f"training {self.hist.accuracy[e]:.3f}, test {self.hist.val_accuracy[e]:.3f}")])
