r"""Explorers for notebook 02: the fitted line, a gradient-descent stepper, and L1 vs L2."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import linear as lin
from .. import optim
from ..course import PALETTE
from ..viz._axes import plot_handles
from ..viz.linear import (penalty_region, plot_coef_paths, plot_fit, plot_loss_curve, plot_loss_surface,
                          plot_path, plot_penalty_region, set_fit)
from ._base import Explorer, slider, table
from .draggable import DraggablePoints

__all__ = ["LineExplorer", "GDExplorer", "RegularizationExplorer"]

GRID = 81  # loss-surface grid points per axis: smooth contours for these bowls, about 0.1 s to evaluate


def _column(x) -> np.ndarray:
    return np.asarray(x, dtype=float).reshape(-1, 1)


def _mse_surface(X, y, w_values, b_values) -> np.ndarray:
    """``lin.objective`` (the MSE) at every grid point: shape ``(len(b_values), len(w_values))``.

    One feature: the point (w, b) is the model ``X @ [w] + b``.
    """
    return np.array([[lin.objective(X, y, [w], b) for w in w_values] for b in b_values])


class LineExplorer(Explorer):
    """Fit ``ŷ = w·x + b`` by hand: drag the line's two handles or use the sliders.

    Left: data, line, residuals. Right: the MSE over (w, b) as contours, with your
    current (w, b) as a vermillion dot and the least-squares answer as a star.

    Examples
    --------
    >>> ex = LineExplorer([1, 2, 3, 4, 5], [30, 35, 45, 50, 60], w=7.0, b=25.0)
    >>> round(ex.numbers["mse"], 6)   # the notes' weights [25, 7]: residuals -2, -4, -1, -3, 0
    6.0
    """

    figsize = (9.0, 3.9)
    readout_below = True

    def __init__(self, x, y, w: float = 5.0, b: float = 10.0, *, w_range=(0.0, 15.0), b_range=(0.0, 50.0),
                 x_range=(0.0, 6.0)):
        super().__init__()
        self.x, self.y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        self.fit = lin.fit_least_squares(_column(self.x), self.y)
        self.w_range, self.b_range, self.x_range = w_range, b_range, x_range
        self._add("w", slider("w (slope)", w, *w_range, 0.1, width="260px", readout_format=".1f"))
        self._add("b", slider("b (intercept)", b, *b_range, 0.1, width="260px", readout_format=".1f"))
        self._start()

    def handles(self) -> np.ndarray:
        """The two handles: the line at the left and right ends of the x range."""
        w, b = self.value("w"), self.value("b")
        xs = np.array(self.x_range, float)
        return np.column_stack([xs, w * xs + b])

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.07, 0.13, 0.4, 0.8))
        self.ax_loss = self.fig.add_axes((0.58, 0.13, 0.4, 0.8))
        w, b = self.value("w"), self.value("b")
        self.art = plot_fit(self.x, self.y, w, b, ax=self.ax, xlim=self.x_range)
        self.ax.set_xlim(self.x_range[0] - 0.5, self.x_range[1] + 0.5)  # room for the handles
        self.ax.set_ylim(min(0.0, self.y.min() - 10), self.y.max() + 20)
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("y")
        self.handle_art = plot_handles(self.handles(), ax=self.ax, colors=PALETTE["blue"])["handles"]
        ws, bs = np.linspace(*self.w_range, GRID), np.linspace(*self.b_range, GRID)
        self.surface = plot_loss_surface(ws, bs, _mse_surface(_column(self.x), self.y, ws, bs), ax=self.ax_loss,
                                         minimum=(self.fit.w[0], self.fit.b), current=(w, b))
        self.ax_loss.set_title("MSE over (w, b)", fontsize=10)
        self.dot = self.surface["current"]
        self.drag = DraggablePoints(self.ax, self.handles, self._on_drag)

    def _on_drag(self, index: int, x: float, y: float) -> None:
        # The dragged handle follows the mouse vertically; the other one stays put.
        h = self.handles()
        h[index, 1] = y
        (x0, y0), (x1, y1) = h
        w = float(np.clip((y1 - y0) / (x1 - x0), *self.w_range))
        b = float(np.clip(h[index, 1] - w * h[index, 0], *self.b_range))
        self.set(w=round(w, 1), b=round(b, 1), draw="idle")

    def _refresh(self) -> str:
        w, b = self.value("w"), self.value("b")
        set_fit(self.art, w, b)
        self.handle_art.set_offsets(self.handles())
        self.dot.set_data([w], [b])
        y_hat = lin.predict(_column(self.x), [w], b)
        mse, sse = lin.mse(self.y, y_hat), lin.sse(self.y, y_hat)
        best = lin.mse(self.y, self.fit.predict(_column(self.x)))
        self.numbers = {"w": w, "b": b, "mse": mse, "sse": sse, "best_w": float(self.fit.w[0]),
                        "best_b": self.fit.b, "best_mse": best}
        r = self.y - y_hat
        rows = [
            ("model", f"ŷ = {w:.1f}·x + {b:.1f}"),
            ("residuals y − ŷ", ", ".join(f"{v:.1f}" for v in r)),
            ("MSE", f"mean of squares = <b>{mse:.3f}</b> (SSE {sse:.2f})"),
            ("least squares", f"w = {self.fit.w[0]:.3f}, b = {self.fit.b:.3f}, MSE = {best:.3f}"),
        ]
        return table(rows)


class GDExplorer(Explorer):
    """Walk gradient descent step by step on the MSE contours of a one-feature regression.

    Controls: the learning rate η, the momentum μ and the step k. The readout fills the
    update rule in with the numbers of step k → k+1.

    Examples
    --------
    >>> ex = GDExplorer([1, 2, 3, 4, 5], [30, 35, 45, 50, 60], lr=0.01, step=0)
    >>> ex.numbers["next_w"]   # 0 − 0.01 × (−294)
    2.94
    """

    figsize = (9.0, 3.9)
    readout_below = True
    LRS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.084, 0.086, 0.1)

    def __init__(self, x, y, lr: float = 0.01, momentum: float = 0.0, step: int = 20, *, max_steps: int = 200,
                 w_range=(-2.0, 16.0), b_range=(-10.0, 50.0), start=(0.0, 0.0)):
        super().__init__()
        self.x, self.y = np.asarray(x, float).ravel(), np.asarray(y, float).ravel()
        self.max_steps, self.start = int(max_steps), start
        self.w_range, self.b_range = w_range, b_range
        self._runs: dict[tuple, optim.GDResult] = {}
        self._add("lr", slider("η (lr)", lr, options=self.LRS, width="300px"))
        self._add("momentum", slider("μ", momentum, options=(0.0, 0.5, 0.9)))
        self._add("step", slider("step k", step, 0, self.max_steps, 1, integer=True, width="300px"))
        self._start()

    def run(self) -> optim.GDResult:
        """The full run for the current η and μ (cached)."""
        key = (self.value("lr"), self.value("momentum"))
        if key not in self._runs:
            self._runs[key] = optim.gradient_descent(_column(self.x), self.y, lr=key[0], momentum=key[1],
                                                     n_epochs=self.max_steps, w0=[self.start[0]], b0=self.start[1])
        return self._runs[key]

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.07, 0.13, 0.42, 0.8))
        self.ax_loss = self.fig.add_axes((0.6, 0.13, 0.38, 0.8))
        X = _column(self.x)
        ws, bs = np.linspace(*self.w_range, GRID), np.linspace(*self.b_range, GRID)
        fit = lin.fit_least_squares(X, self.y)
        self.surface = plot_loss_surface(ws, bs, _mse_surface(X, self.y, ws, bs), ax=self.ax,
                                         minimum=(fit.w[0], fit.b))
        descent = plot_path([], [], ax=self.ax, head=True)
        self.path, self.head, self.arrow = descent["path"], descent["head"], descent["next"]
        curve = plot_loss_curve(self.run().losses, ax=self.ax_loss, cursor=0)
        self.curve, self.cursor = curve["line"], curve["cursor"]
        self.ax_loss.set_xlim(0, self.max_steps)

    def _refresh(self) -> str:
        res = self.run()
        lr, mu = self.value("lr"), self.value("momentum")
        k = min(self.value("step"), res.n_steps)
        ws, bs = res.path_w[:, 0], res.path_b
        self.path.set_data(ws[:k + 1], bs[:k + 1])
        self.head.set_data([ws[k]], [bs[k]])
        self.curve.set_data(np.arange(len(res.losses)), res.losses)
        self.cursor.set_data([k], [res.losses[k]])
        lo, hi = res.losses.min(), res.losses.max()
        self.ax_loss.set_ylim(max(lo * 0.5, 1e-6), hi * 2)
        X = _column(self.x)
        gw, gb = lin.gradient(X, self.y, [ws[k]], bs[k])
        self.numbers = {"step": k, "w": float(ws[k]), "b": float(bs[k]), "loss": float(res.losses[k]),
                        "grad_w": float(gw[0]), "grad_b": float(gb), "status": res.status, "message": res.message}
        rows = [("step k", f"{k}" + (f" (the run stopped at step {res.n_steps})" if k < self.value("step") else "")),
                ("w_k, b_k", f"{ws[k]:.4f}, {bs[k]:.4f}"),
                ("MSE", f"{res.losses[k]:.4g}"),
                ("∂J/∂w, ∂J/∂b", f"(2/n)Σ(ŷ−y)x = {gw[0]:.3f}, (2/n)Σ(ŷ−y) = {gb:.3f}")]
        if k < res.n_steps:
            nw, nb = float(ws[k + 1]), float(bs[k + 1])
            self.arrow.set_data([ws[k], nw], [bs[k], nb])
            self.numbers.update(next_w=round(nw, 10), next_b=round(nb, 10))
            if mu == 0:
                rows.append(("update", f"w = {ws[k]:.4f} − {lr} × ({gw[0]:.3f}) = <b>{nw:.4f}</b>"))
                rows.append(("", f"b = {bs[k]:.4f} − {lr} × ({gb:.3f}) = <b>{nb:.4f}</b>"))
            else:
                vw = nw - ws[k]
                rows.append(("update", f"v = {mu}·v − {lr} × ({gw[0]:.3f}) = {vw:.4f};  w = {ws[k]:.4f} + "
                                       f"({vw:.4f}) = <b>{nw:.4f}</b>"))
        else:
            self.arrow.set_data([], [])
        colour = {"diverged": PALETTE["vermillion"], "converged": PALETTE["bluish_green"]}.get(res.status, "#555")
        rows.append(("run", f"<span style='color:{colour}'>{res.message}</span>"))
        return table(rows)


class RegularizationExplorer(Explorer):
    """L1 vs L2 on two correlated features: a λ slider moves the solution along its path.

    Left: MSE contours over (w₁, w₂), the unpenalised least-squares point (star), and the
    penalised solution (dot) on the boundary of its diamond (L1) or circle (L2): the
    solution is where the smallest contour touches the region. Right: both coefficients as λ grows.
    """

    figsize = (9.0, 4.0)
    readout_below = True

    def __init__(self, X, y, lam: float = 0.1, penalty: str = "l1", *, names=("w₁", "w₂")):
        super().__init__()
        self.ols = lin.fit_least_squares(X, y)  # checks X and y
        self.X, self.y = np.asarray(X, dtype=float), np.asarray(y, dtype=float).ravel()
        if self.X.shape[1] != 2:
            raise ValueError(f"X must have exactly 2 features for this picture; got shape {self.X.shape}")
        self.names = names
        self.lams = 10.0 ** np.round(np.arange(-3.0, 1.01, 0.1), 1)
        self.paths = {p: optim.regularization_path(self.X, self.y, self.lams, penalty=p) for p in ("l1", "l2")}
        self._add("penalty", widgets.ToggleButtons(options=[("L1 (lasso)", "l1"), ("L2 (ridge)", "l2")],
                                                   value=penalty, description="penalty"))
        self._add("lam", slider("λ", lam, 1e-3, 10.0, 0.1, log=True, readout_format=".3g", width="420px"))
        self._start()

    def _draw(self) -> None:
        self.ax = self.fig.add_axes((0.07, 0.12, 0.38, 0.8))
        self.ax_path = self.fig.add_axes((0.56, 0.12, 0.42, 0.8))
        w_ols = self.ols.w
        span = 1.3 * np.abs(w_ols).max() + 0.2
        g = np.linspace(-span, span, GRID)
        # With the bias at its best for each w, the MSE is the no-bias MSE of the centred data.
        Xc, yc = self.X - self.X.mean(axis=0), self.y - self.y.mean()
        Z = np.array([[lin.objective(Xc, yc, [w1, w2], 0.0) for w1 in g] for w2 in g])  # (n_w2, n_w1)
        self.surface = plot_loss_surface(g, g, Z, ax=self.ax, minimum=w_ols, labels=self.names, origin=True)
        self.ax.set_aspect("equal")
        self.region = plot_penalty_region(self.value("penalty"), 0.0, ax=self.ax, alpha=0.3)["region"]
        solutions = plot_path([], [], ax=self.ax, markers=False, ls=":", head=True)
        self.trace, self.sol = solutions["path"], solutions["head"]
        W = self.paths[self.value("penalty")][0]
        coefs = plot_coef_paths(self.lams, W, self.names, ax=self.ax_path, lam=self.value("lam"), legend="upper right")
        self.lines, self.vline = coefs["lines"], coefs["marker"]
        self.ax_path.set_xlim(self.lams[0], self.lams[-1])
        lim = 1.1 * max(np.abs(W).max() for W, _ in self.paths.values())
        self.ax_path.set_ylim(-lim, lim)

    def _refresh(self) -> str:
        pen, lam = self.value("penalty"), self.value("lam")
        W, B = self.paths[pen]
        i = int(np.argmin(np.abs(np.log10(self.lams) - np.log10(lam))))  # the grid point of the slider
        lam = float(self.lams[i])
        w = W[i]
        radius = np.abs(w).sum() if pen == "l1" else np.hypot(*w)
        pts = penalty_region(pen, radius)
        self.region.set_xy(pts)
        self.trace.set_data(W[:, 0], W[:, 1])
        self.sol.set_data([w[0]], [w[1]])
        for j, line in enumerate(self.lines):
            line.set_data(self.lams, W[:, j])
        self.vline.set_xdata([lam, lam])
        self.ax_path.set_title("lasso path" if pen == "l1" else "ridge path", fontsize=10)
        zeros = int(np.count_nonzero(w == 0.0))
        mse = lin.mse(self.y, lin.predict(self.X, w, B[i]))
        pen_value = lam * (np.abs(w).sum() if pen == "l1" else w @ w)
        self.numbers = {"penalty": pen, "lam": lam, "w": w.copy(), "zeros": zeros, "mse": mse,
                        "penalty_value": float(pen_value)}
        formula = "λ·(|w₁| + |w₂|)" if pen == "l1" else "λ·(w₁² + w₂²)"
        rows = [("λ", f"{lam:g}"),
                ("weights", f"{self.names[0]} = {w[0]:.4f}, {self.names[1]} = {w[1]:.4f}"
                            f"  (least squares: {self.ols.w[0]:.3f}, {self.ols.w[1]:.3f})"),
                ("exact zeros", f"<b>{zeros}</b>"),
                ("MSE + penalty", f"{mse:.4f} + {formula} = {mse:.4f} + {pen_value:.4f}")]
        return table(rows)
