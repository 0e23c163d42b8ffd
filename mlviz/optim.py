r"""Gradient descent for the linear models of :mod:`mlviz.linear`: batch, stochastic, mini-batch.

One function, :func:`gradient_descent`, covers the three flavours through
``batch_size``: ``None`` (all samples, batch gradient descent), ``1`` (stochastic)
or anything between (mini-batch). Every update is

.. math:: v \leftarrow \mu v - \eta \nabla J(w), \qquad w \leftarrow \operatorname{prox}(w + v)

with learning rate :math:`\eta` (``lr``), momentum :math:`\mu` (0 by default, plain
gradient descent) and, when ``l1 > 0``, the proximal soft-threshold step that sets
small weights to exactly 0. The result keeps the whole trajectory, so notebooks can
draw the path on the loss surface. A run whose loss explodes or turns NaN stops
and says so in the result, instead of returning a stream of NaN.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import _as_float_array, _check_finite, _received, as_rng, as_vector, check_choice, check_positive_int
from .linear import (_as_scalar, _check_bool, _check_penalty, _check_weights, _check_xy, _finite, _grad,
                     _least_squares, _loss, _penalty)

__all__ = ["GDResult", "gradient_descent", "soft_threshold", "regularization_path"]

DIVERGENCE_FACTOR = 1e6  # loss above this many times the starting loss counts as divergence


@dataclass(frozen=True)
class GDResult:
    """Outcome of :func:`gradient_descent`.

    ``path_w[k]``, ``path_b[k]`` and ``losses[k]`` are the weights, bias and full-data
    objective after ``k`` recorded updates (``k = 0`` is the start), so each has
    ``n_recorded + 1`` rows. ``status`` is ``"converged"`` (a step moved the parameters by
    less than ``tol``), ``"max_epochs"`` (ran all epochs) or ``"diverged"``: the loss became
    non-finite, exceeded ``DIVERGENCE_FACTOR`` times its start, or ended higher than it started.
    ``w`` and ``b`` are then the last finite point reached.
    """

    w: NDArray
    b: float
    path_w: NDArray
    path_b: NDArray
    losses: NDArray
    n_steps: int
    n_epochs: int
    status: str
    message: str

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    @property
    def converged(self) -> bool:
        return self.status == "converged"

    @property
    def loss(self) -> float:
        """Objective at the final weights."""
        return float(self.losses[-1])

    def __repr__(self) -> str:
        return (f"GDResult(status={self.status!r}, n_steps={self.n_steps}, loss={self.loss:.6g}, "
                f"w={np.array2string(self.w, precision=4)}, b={self.b:.4f})")


def soft_threshold(w: ArrayLike, t: float) -> NDArray:
    """The proximal step of ``t·Σ|w|``: shrink every weight towards 0 by ``t``; within ``t`` of 0 → exactly 0.

    >>> soft_threshold([3.0, -0.5, 0.2, -2.0], 1.0)
    array([ 2.,  0.,  0., -1.])
    """
    w = _as_float_array(w, "w")
    _check_finite(w, "w")
    return _soft_threshold(w, _check_penalty(t, "t"))


def _soft_threshold(w: NDArray, t: float) -> NDArray:
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


def _positive(value, name: str) -> float:
    value = _as_scalar(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0; got {value}")
    return value


def _batch_size(batch_size, n: int) -> int:
    if batch_size is None:
        return n
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise TypeError(f"batch_size must be None (full batch) or an int in [1, {n}]; "
                        f"got {_received(batch_size)}")
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be between 1 and the number of samples ({n}); got {batch_size}")
    return int(batch_size)


def gradient_descent(X: ArrayLike, y: ArrayLike, *, loss: str = "mse", lr: float = 0.01, n_epochs: int = 100,
                     batch_size: int | None = None, momentum: float = 0.0, l2: float = 0.0, l1: float = 0.0,
                     fit_intercept: bool = True, w0: ArrayLike | None = None, b0: float = 0.0,
                     tol: float | None = None, record: str = "step", rng=None) -> GDResult:
    r"""Minimise ``loss + l2·Σw² + l1·Σ|w|`` (see :func:`mlviz.linear.objective`) by gradient descent.

    Parameters
    ----------
    X, y : data, ``(n_samples, n_features)`` and ``(n_samples,)``; ``y ∈ {0, 1}`` for ``loss="log"``.
    loss : ``"mse"`` (linear regression) or ``"log"`` (logistic regression).
    lr : learning rate η > 0.
    n_epochs : passes over the data. A full-batch epoch is one update.
    batch_size : ``None`` for batch gradient descent, ``1`` for stochastic, else mini-batch.
        Samples are shuffled every epoch with ``rng``.
    momentum : μ in [0, 1); 0 is plain gradient descent.
    l2, l1 : penalty strengths (≥ 0). The bias is never penalised. L1 uses the proximal
        soft-threshold step, so weights become exactly 0.
    fit_intercept : learn ``b``; if False, ``b`` stays at ``b0``.
    w0, b0 : starting point (default zeros).
    tol : stop when one update moves every parameter by less than ``tol`` (default: run all epochs).
    record : ``"step"`` keeps every update in the trajectory, ``"epoch"`` only the end of each epoch.
    rng : None, an int seed or a Generator, for the shuffling.

    Examples
    --------
    >>> res = gradient_descent([[1], [2], [3], [4], [5]], [30, 35, 45, 50, 60], lr=0.05, n_epochs=5000)
    >>> res.w.round(4), round(res.b, 4)   # the least-squares answer: w = 7.5, b = 21.5
    (array([7.5]), 21.5)
    >>> gradient_descent([[1], [2], [3]], [1, 2, 3], lr=1.0, n_epochs=100).message
    'diverged at step 3: the loss grew from 4.667 to 4.91e+06; try a smaller learning rate'
    """
    X, y = _check_xy(X, y, loss)
    n, d = X.shape
    momentum = _as_scalar(momentum, "momentum")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1); got {momentum}")
    check_choice(record, "record", ("step", "epoch"))
    w, b = _check_weights(np.zeros(d) if w0 is None else w0, b0, d)
    l2, l1 = _check_penalty(l2, "l2"), _check_penalty(l1, "l1")
    _check_start(X, y, w, b, loss, l2, l1, "the start (w0, b0)")
    return _descend(X, y, w, b, loss=loss, lr=_positive(lr, "lr"), n_epochs=check_positive_int(n_epochs, "n_epochs"),
                    batch_size=_batch_size(batch_size, n), momentum=momentum, l2=l2, l1=l1,
                    fit_intercept=_check_bool(fit_intercept, "fit_intercept"),
                    tol=None if tol is None else _check_penalty(tol, "tol"), record=record, rng=as_rng(rng))


def _check_start(X, y, w, b, loss, l2, l1, where: str) -> None:
    """Refuse a start whose objective overflows: a run from there can only report inf (y of 1e300: Σy² = 1e600)."""
    with np.errstate(over="ignore", invalid="ignore"):
        start = _loss(X, y, w, b, loss) + _penalty(w, l2, l1)
    _finite(start, f"the objective at {where} for this X and y (|y| up to {np.abs(y).max():.3g})")


def _descend(X, y, w, b, *, loss, lr, n_epochs, batch_size, momentum, l2, l1, fit_intercept, tol, record,
             rng) -> GDResult:
    """Unchecked kernel of :func:`gradient_descent`: epochs of (shuffled) batches, one update per batch."""
    n, d = X.shape

    def J(w, b):
        return _loss(X, y, w, b, loss) + _penalty(w, l2, l1)

    path = [(w.copy(), b, J(w, b))]  # (w, b, objective) after each recorded update
    limit = DIVERGENCE_FACTOR * max(path[0][2], np.finfo(float).tiny)
    vw, vb, step, status = np.zeros(d), 0.0, 0, "max_epochs"
    batches = math.ceil(n / batch_size)
    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up is caught below, by its loss
        for epoch in range(1, n_epochs + 1):
            order = rng.permutation(n) if batch_size < n else None
            for k in range(batches):
                rows = slice(None) if order is None else order[k * batch_size:(k + 1) * batch_size]
                gw, gb, _ = _grad(X[rows], y[rows], w, b, loss, l2)
                vw = momentum * vw - lr * gw                            # v ← μv − η∇J
                vb = momentum * vb - lr * gb if fit_intercept else 0.0
                w_new = w + vw
                if l1:  # the proximal step: weights within η·l1 of 0 become exactly 0
                    w_new = _soft_threshold(w_new, lr * l1)
                    vw = w_new - w
                b_new, step = b + vb, step + 1
                value = J(w_new, b_new) if np.isfinite(w_new).all() and np.isfinite(b_new) else np.nan
                if not value <= limit:  # NaN, inf or a blow-up
                    status = "diverged"
                    if np.isfinite(value):  # keep the blown-up point: the plots show where it went
                        w, b = w_new, float(b_new)
                        path.append((w.copy(), b, value))
                    break
                moved = max(np.abs(w_new - w).max(), abs(b_new - b))
                w, b = w_new, float(b_new)
                done = tol is not None and moved < tol
                if record == "step" or k == batches - 1 or done:
                    path.append((w.copy(), b, value))
                if done:
                    status = "converged"
                    break
            if status != "max_epochs":
                break
    path_w, path_b, losses = (np.array(column) for column in zip(*path))
    status, message = _verdict(status, losses, value, step, epoch)
    return GDResult(w=w, b=float(b), path_w=path_w, path_b=path_b, losses=losses, n_steps=step, n_epochs=epoch,
                    status=status, message=message)


def _verdict(status: str, losses: NDArray, value: float, step: int, epoch: int) -> tuple[str, str]:
    """The final status and its message; a run that ends above its starting loss diverged too."""
    grew = "try a smaller learning rate"
    if status == "diverged":
        shown = f"{value:.3g}" if np.isfinite(value) else "NaN or inf"
        return status, f"diverged at step {step}: the loss grew from {losses[0]:.4g} to {shown}; {grew}"
    if status == "max_epochs" and losses[-1] > losses[0]:
        return "diverged", (f"diverged: after {step} steps the loss grew from {losses[0]:.4g} to "
                            f"{losses[-1]:.4g}; {grew}")
    if status == "converged":
        return status, f"converged after {step} steps ({epoch} epochs)"
    return status, f"ran all {epoch} epochs"


def regularization_path(X: ArrayLike, y: ArrayLike, lambdas: ArrayLike, *, penalty: str = "l1",
                        tol: float = 1e-10, max_epochs: int = 100_000) -> tuple[NDArray, NDArray]:
    """Weights and biases of the penalised least-squares fit for each λ in ``lambdas``.

    ``penalty="l2"`` uses the exact ridge solution; ``"l1"`` uses proximal gradient descent
    with the safe step 1/L, warm-started from the previous λ (sort ``lambdas`` ascending or
    descending for speed). Returns ``(W, b)`` of shapes ``(len(lambdas), n_features)`` and
    ``(len(lambdas),)``.

    >>> W, b = regularization_path([[1.0], [-1.0]], [1.0, -1.0], [0.0, 0.5, 2.0], penalty="l1")
    >>> W.ravel()   # min (w-1)² + λ|w|: w = 1 - λ/2, then exactly 0
    array([1.  , 0.75, 0.  ])
    """
    check_choice(penalty, "penalty", ("l1", "l2"))
    X, y = _check_xy(X, y)
    tol, max_epochs = _check_penalty(tol, "tol"), check_positive_int(max_epochs, "max_epochs")
    lams = as_vector(np.atleast_1d(_as_float_array(lambdas, "lambdas")), "lambdas")
    if np.any(lams < 0):
        raise ValueError(f"lambdas must be ≥ 0 (penalty strengths); got {lams[lams < 0][0]}")
    if penalty == "l2":
        fits = [_least_squares(X, y, lam, True) for lam in lams]
        return np.array([f.w for f in fits]), np.array([f.b for f in fits])
    X1 = np.hstack([X, np.ones((X.shape[0], 1))])                 # (n, d + 1): w and b together
    with np.errstate(over="ignore"):
        lipschitz = 2.0 * np.linalg.norm(X1, 2) ** 2 / X.shape[0]  # of the MSE gradient: 2 σ_max² / n
    if not 0 < 1.0 / lipschitz:
        raise ValueError("X is too large for gradient descent: the safe step 1/L underflows (L = 2σ_max(X)²/n "
                         f"= {lipschitz:.3g}); rescale X first, e.g. with mlviz.linear.standardize")
    lr = 1.0 / lipschitz
    W, B, w, b = [], [], np.zeros(X.shape[1]), 0.0
    _check_start(X, y, w, b, "mse", 0.0, 0.0, "w = 0, b = 0")
    for lam in lams:  # warm start: each λ begins where the previous one ended
        res = _descend(X, y, w, b, loss="mse", lr=lr, n_epochs=max_epochs, batch_size=X.shape[0], momentum=0.0,
                       l2=0.0, l1=lam, fit_intercept=True, tol=tol, record="epoch", rng=None)
        w, b = res.w, res.b
        W.append(w), B.append(b)
    return np.array(W), np.array(B)
