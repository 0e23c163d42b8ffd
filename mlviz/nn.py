r"""Dense layers, activations, initializers and a small MLP, in NumPy.

**Shape convention, used everywhere in the course:** a layer's weight matrix ``W`` is
``(n_out, n_in)`` (one row per output neuron, as in the notes' "W₁: 128 × 784" and in
PyTorch's ``nn.Linear``), a batch ``X`` is ``(batch, n_in)``, and the layer computes

.. math:: Z = X W^\top + b, \qquad A = \sigma(Z) \qquad (\text{batch} \times n_{out}).

The backward pass of a layer, given :math:`G = \partial L/\partial A`:

.. math:: \delta = G \odot \sigma'(Z), \quad \frac{\partial L}{\partial W} = \delta^\top X, \quad
          \frac{\partial L}{\partial b} = \textstyle\sum_{\text{batch}} \delta, \quad
          \frac{\partial L}{\partial X} = \delta W .
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import (_as_float_array, _check_finite, _received, as_matrix, as_rng, check_choice,
                          check_positive_int)
# The package's one softmax and one sigmoid: ``nn.softmax`` and ``nn.sigmoid`` are the same functions.
from .attention import _softmax, softmax  # noqa: F401 (softmax: re-exported)
from .linear import _sigmoid, sigmoid

__all__ = [
    "ACTIVATIONS", "INITIALIZERS", "relu", "sigmoid", "tanh", "softmax", "activation", "softmax_backward",
    "zeros", "normal", "xavier_uniform", "xavier_normal", "he_normal", "he_uniform", "init_weights",
    "Dense", "MLP", "History", "cross_entropy", "ParameterCount", "count_parameters", "propagate",
]

ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear")
INITIALIZERS = ("zeros", "normal", "xavier_uniform", "xavier_normal", "he_normal", "he_uniform")


# -- activations ---------------------------------------------------------------------------
def _check_z(z) -> NDArray:
    arr = _as_float_array(z, "z")
    if np.isnan(arr).any():
        where = tuple(int(i) for i in np.argwhere(np.isnan(arr))[0])
        raise ValueError(f"z must not contain NaN; got nan at index {where}")
    return arr


def relu(z: ArrayLike) -> NDArray:
    r"""The rectified linear unit :math:`\max(z, 0)`, elementwise, in float64.

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    z = _check_z(z)
    _check_finite(z, "z")  # relu(inf) is inf: no number to show
    return _relu(z)


def tanh(z: ArrayLike) -> NDArray:
    r"""The hyperbolic tangent :math:`(e^z - e^{-z}) / (e^z + e^{-z})`, elementwise, in float64.

    >>> tanh([0.0, 1000.0]).tolist()
    [0.0, 1.0]
    """
    return np.tanh(_check_z(z))


def _relu(z: NDArray) -> NDArray:
    return np.maximum(z, 0.0)


def _linear(z: NDArray) -> NDArray:
    return z


# Unchecked kernels, for the layers' own (float, NaN-free) pre-activations; they keep the dtype.
_FUNCTIONS = {"relu": _relu, "sigmoid": _sigmoid, "tanh": np.tanh, "linear": _linear}
_DERIVATIVES = {
    # each takes (z, a) = (pre-activation, activation) and returns dσ/dz
    "relu": lambda z, a: z > 0,  # a boolean mask: multiplying by it keeps the gradient's dtype
    "sigmoid": lambda z, a: a * (1.0 - a),
    "tanh": lambda z, a: 1.0 - a * a,
    "linear": lambda z, a: np.ones_like(z),
}


def activation(name: str):
    """``(f, df)`` for an activation name: ``f`` checks its input, ``df(z, a)`` is the derivative at ``z``
    (with ``a = f(z)``).

    ReLU's derivative comes back as a boolean mask (0 or 1), which multiplies without changing dtypes.

    >>> f, df = activation("relu")
    >>> f(np.array([-1.0, 2.0])), df(np.array([-1.0, 2.0]), None) * 1.0
    (array([0., 2.]), array([0., 1.]))
    """
    check_choice(name, "name (of an activation)", ACTIVATIONS)
    return {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "linear": _linear}[name], _DERIVATIVES[name]


def softmax_backward(s: ArrayLike, grad: ArrayLike) -> NDArray:
    r"""Vector–Jacobian product of softmax along the last axis: given ``s = softmax(z)`` and ``∂L/∂s``,
    return ``∂L/∂z``.

    The Jacobian is :math:`\operatorname{diag}(s) - s s^\top`, so

    .. math:: \frac{\partial L}{\partial z} = s \odot (g - g\cdot s).

    >>> softmax_backward([0.5, 0.5], [1.0, 0.0]).tolist()
    [0.25, -0.25]
    """
    s, grad = _as_float_array(s, "s"), _as_float_array(grad, "grad")
    if s.ndim == 0 or s.size == 0 or s.shape != grad.shape:
        raise ValueError(f"s and grad must be non-empty arrays of the same shape (..., n); got s {s.shape} and "
                         f"grad {grad.shape}")
    if not ((s >= 0) & (s <= 1)).all():
        raise ValueError("s must be a softmax output: every value in [0, 1]")
    _check_finite(grad, "grad")
    return s * (grad - np.sum(grad * s, axis=-1, keepdims=True))  # (..., n)


def _check_labels(y, n_rows: int, n_classes: int, rows_of: str, name: str = "y") -> NDArray:
    """``y`` as a 1-D integer array of ``n_rows`` class labels in [0, n_classes), or an error naming ``name``."""
    try:
        y = np.asarray(y)
    except ValueError:  # ragged nested lists
        y = np.asarray(y, dtype=object)
    if y.ndim != 1 or y.shape[0] != n_rows:
        raise ValueError(f"{name} must be 1-D with one label per row of {rows_of} ({n_rows}); got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels in [0, {n_classes}); got dtype {y.dtype}")
    bad = (y < 0) | (y >= n_classes)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{name} must hold integer class labels in [0, {n_classes}); got {y[i]} at index {i}")
    return y


def cross_entropy(logits: ArrayLike, y: ArrayLike) -> float:
    r"""Mean cross-entropy of integer labels ``y`` under ``softmax(logits)``.

    Parameters
    ----------
    logits : array_like, (batch, n_classes)
        Scores, one row per sample.
    y : array_like of int, (batch,)
        The true class of each row, in [0, n_classes).

    Notes
    -----
    .. math:: L = \frac{1}{n} \sum_i \Big(\log \sum_c e^{z_{ic}} - z_{i y_i}\Big)

    computed via log-sum-exp with each row's maximum subtracted first, so it never takes log 0.

    Examples
    --------
    >>> round(cross_entropy([[0.0, 0.0], [5.0, 5.0]], [0, 1]), 6)  # 50/50 each time: log 2
    0.693147
    """
    logits = as_matrix(logits, "logits")
    return _cross_entropy(logits, _check_labels(y, logits.shape[0], logits.shape[1], "logits"))


def _cross_entropy(logits: NDArray, y: NDArray) -> float:
    """Unchecked kernel of :func:`cross_entropy`."""
    z = logits - logits.max(axis=1, keepdims=True)  # (batch, n_classes), each row's largest is 0
    # log Σ_c e^z − z_y, both relative to the row maximum: exact however large the logits (an offset cancels)
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y]))


def _positive(x, name: str) -> float:
    """``x`` as a float if it is a finite number > 0; else a TypeError or ValueError naming ``name``."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a positive number; got {_received(x)}")
    if not (math.isfinite(x) and x > 0):
        raise ValueError(f"{name} must be a positive, finite number; got {x!r}")
    return float(x)


# -- initializers --------------------------------------------------------------------------
def _fans(n_in, n_out):
    return check_positive_int(n_in, "n_in"), check_positive_int(n_out, "n_out")


def zeros(n_in: int, n_out: int, rng=None) -> NDArray:
    """All zeros: every neuron of the layer computes the same thing, forever (see the notebook)."""
    n_in, n_out = _fans(n_in, n_out)
    as_rng(rng)  # unused, but checked like every other initializer's
    return np.zeros((n_out, n_in))


def normal(n_in: int, n_out: int, std: float = 1.0, rng=None) -> NDArray:
    """N(0, std²) entries, whatever the layer size."""
    n_in, n_out = _fans(n_in, n_out)
    return as_rng(rng).normal(0.0, _positive(std, "std"), (n_out, n_in))


def xavier_uniform(n_in: int, n_out: int, rng=None) -> NDArray:
    """Glorot: U(−a, a) with a = √(6 / (n_in + n_out)), so the variance is 2 / (n_in + n_out)."""
    n_in, n_out = _fans(n_in, n_out)
    a = math.sqrt(6.0 / (n_in + n_out))
    return as_rng(rng).uniform(-a, a, (n_out, n_in))


def xavier_normal(n_in: int, n_out: int, rng=None) -> NDArray:
    """Glorot: N(0, 2 / (n_in + n_out)). Keeps the variance steady for tanh and sigmoid."""
    n_in, n_out = _fans(n_in, n_out)
    return as_rng(rng).normal(0.0, math.sqrt(2.0 / (n_in + n_out)), (n_out, n_in))


def he_normal(n_in: int, n_out: int, rng=None) -> NDArray:
    """He: N(0, 2 / n_in). ReLU zeroes half its inputs, so twice the variance keeps the signal steady."""
    n_in, n_out = _fans(n_in, n_out)
    return as_rng(rng).normal(0.0, math.sqrt(2.0 / n_in), (n_out, n_in))


def he_uniform(n_in: int, n_out: int, rng=None) -> NDArray:
    """He: U(−a, a) with a = √(6 / n_in)."""
    n_in, n_out = _fans(n_in, n_out)
    a = math.sqrt(6.0 / n_in)
    return as_rng(rng).uniform(-a, a, (n_out, n_in))


def init_weights(name: str, n_in: int, n_out: int, *, rng=None, std: float = 1.0) -> NDArray:
    """A ``(n_out, n_in)`` weight matrix from the named initializer (``std`` is used by ``"normal"`` only).

    >>> init_weights("he_normal", 784, 128, rng=0).shape
    (128, 784)
    """
    check_choice(name, "name (of an initializer)", INITIALIZERS)
    if name == "normal":
        return normal(n_in, n_out, std=std, rng=rng)
    return globals()[name](n_in, n_out, rng=rng)


# -- layers and networks -------------------------------------------------------------------
def _forward_first(what: str) -> ValueError:
    return ValueError(f"{what} needs the values of a forward pass: call forward(X) first")


class Dense:
    """A fully connected layer ``A = σ(X Wᵀ + b)`` with ``W`` of shape ``(n_out, n_in)``.

    ``forward`` and ``backward`` check their input; ``_forward`` and ``_backward`` are the unchecked
    kernels that :class:`MLP` calls once it has checked the batch itself.

    >>> layer = Dense(3, 2, activation="linear", init="zeros")
    >>> layer.forward([[1.0, 2.0, 3.0]]).shape
    (1, 2)
    """

    def __init__(self, n_in: int, n_out: int, activation: str = "relu", init: str = "he_normal", *, rng=None,
                 std: float = 1.0, bias: bool = True):
        check_choice(activation, "activation", ACTIVATIONS)
        check_choice(init, "init", INITIALIZERS)
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False; got {_received(bias)}")
        self.W = init_weights(init, n_in, n_out, rng=rng, std=std)
        self.b = np.zeros(n_out) if bias else None
        self.activation = activation
        self._f, self._df = _FUNCTIONS[activation], _DERIVATIVES[activation]
        self.dW = np.zeros_like(self.W)
        self.db = None if self.b is None else np.zeros_like(self.b)
        self.X = self.Z = self.A = self.delta = None  # set by forward and backward

    @property
    def n_in(self) -> int:
        return self.W.shape[1]

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    @property
    def n_params(self) -> int:
        return self.W.size + (0 if self.b is None else self.b.size)

    def forward(self, X: ArrayLike) -> NDArray:
        """``A = σ(X Wᵀ + b)``, ``(batch, n_out)``; keeps ``X``, ``Z`` and ``A`` for the backward pass."""
        X = as_matrix(X, "X")
        if X.shape[1] != self.n_in:
            raise ValueError(f"X has {X.shape[1]} features but this layer expects {self.n_in} (W shape {self.W.shape})")
        return self._forward(X.astype(self.W.dtype, copy=False))

    def _forward(self, X: NDArray) -> NDArray:
        self.X = X
        self.Z = X @ self.W.T  # (batch, n_in) @ (n_in, n_out) -> (batch, n_out)
        if self.b is not None:
            self.Z += self.b
        self.A = self._f(self.Z)  # (batch, n_out)
        return self.A

    def backward(self, grad_A: ArrayLike, need_input_grad: bool = True) -> NDArray | None:
        """Given ``∂L/∂A``, store ``dW`` and ``db`` and return ``∂L/∂X`` (None if not needed, as for the first
        layer). Uses the values of the last :meth:`forward`."""
        if self.A is None:
            raise _forward_first("Dense.backward")
        G = _as_float_array(grad_A, "grad_A")
        if G.shape != self.A.shape:
            raise ValueError(f"grad_A must have the shape of the layer's output A, {self.A.shape}; got {G.shape}")
        _check_finite(G, "grad_A")
        if not isinstance(need_input_grad, (bool, np.bool_)):
            raise TypeError(f"need_input_grad must be True or False; got {_received(need_input_grad)}")
        return self._backward(G.astype(self.W.dtype, copy=False), need_input_grad)

    def _backward(self, G: NDArray, need_input_grad: bool = True) -> NDArray | None:
        delta = G if self.activation == "linear" else G * self._df(self.Z, self.A)  # (batch, n_out): ∂L/∂Z
        self.delta = delta
        self.dW = delta.T @ self.X  # (n_out, batch) @ (batch, n_in) -> (n_out, n_in), like W
        if self.b is not None:
            self.db = delta.sum(axis=0)  # (n_out,)
        return delta @ self.W if need_input_grad else None  # (batch, n_out) @ (n_out, n_in) -> (batch, n_in)

    def params(self):
        return [self.W] + ([] if self.b is None else [self.b])

    def grads(self):
        return [self.dW] + ([] if self.b is None else [self.db])

    def __repr__(self) -> str:
        return f"Dense({self.n_in} → {self.n_out}, {self.activation}, {self.n_params:,} parameters)"


@dataclass
class History:
    """What :meth:`MLP.fit` recorded, one entry per epoch (index 0 is before training).

    ``act_std[e][l]`` and ``grad_std[e][l]`` are the standard deviations of layer l's
    activations and weight gradients; ``weights`` holds first-layer weight snapshots
    when ``record_weights`` was set.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    act_std: list = field(default_factory=list)
    grad_std: list = field(default_factory=list)
    weights: list = field(default_factory=list)


def _size_list(sizes, name: str = "sizes") -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"{name} must be a list of layer sizes, e.g. [64, 32, 10]; got {_received(sizes)}")
    sizes = [check_positive_int(s, f"{name}[{i}]") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"{name} must list at least an input and an output size; got {sizes}")
    return sizes


class MLP:
    r"""A multilayer perceptron: Dense layers with one hidden activation, a linear output, softmax cross-entropy.

    Training minimises the mean cross-entropy; its gradient with respect to the logits is

    .. math:: \frac{\partial L}{\partial Z_{\text{out}}} = \frac{1}{n}\big(\operatorname{softmax}(Z_{\text{out}})
              - \text{onehot}(y)\big),

    which :meth:`backward` hands down through the layers.

    >>> net = MLP([64, 32, 10], rng=0)
    >>> net.n_params   # 64·32 + 32 + 32·10 + 10
    2410
    """

    def __init__(self, sizes, activation: str = "relu", init: str = "he_normal", *, rng=None, std: float = 1.0,
                 dtype=np.float64):
        sizes = _size_list(sizes)
        check_choice(activation, "activation", ACTIVATIONS)
        check_choice(init, "init", INITIALIZERS)
        if dtype not in (np.float32, np.float64, "float32", "float64"):
            raise ValueError(f"dtype must be numpy.float32 or numpy.float64; got {dtype!r}")
        g = as_rng(rng)
        self.layers = [Dense(a, b, activation if i < len(sizes) - 2 else "linear", init, rng=g, std=std)
                       for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
        for layer in self.layers:  # e.g. float32, to compare with PyTorch's default on equal terms
            layer.W, layer.b = layer.W.astype(dtype, copy=False), layer.b.astype(dtype, copy=False)
            layer.dW, layer.db = np.zeros_like(layer.W), np.zeros_like(layer.b)

    @classmethod
    def from_layers(cls, layers) -> "MLP":
        """Build from a list of Dense layers, checking that each layer's input matches the previous output."""
        if isinstance(layers, (Dense, str, bytes)) or not hasattr(layers, "__iter__"):
            raise TypeError(f"layers must be a non-empty list of Dense layers; got {_received(layers)}")
        layers = list(layers)
        if not layers or not all(isinstance(layer, Dense) for layer in layers):
            kinds = [type(layer).__name__ for layer in layers]
            raise TypeError(f"layers must be a non-empty list of Dense layers; got {kinds}")
        for i in range(1, len(layers)):
            prev, cur = layers[i - 1], layers[i]
            if cur.n_in != prev.n_out:
                raise ValueError(f"layer {i} does not chain: it expects {cur.n_in} inputs (W shape {cur.W.shape}), "
                                 f"but layer {i - 1} outputs {prev.n_out} (W shape {prev.W.shape})")
        net = cls.__new__(cls)
        net.layers = layers
        return net

    @property
    def n_params(self) -> int:
        return sum(layer.n_params for layer in self.layers)

    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    def _check_X(self, X, name: str = "X") -> NDArray:
        X = as_matrix(X, name)
        if X.shape[1] != self.layers[0].n_in:
            raise ValueError(f"{name} has {X.shape[1]} features but layer 0 expects {self.layers[0].n_in} "
                             f"(W shape {self.layers[0].W.shape})")
        return X.astype(self.layers[0].W.dtype, copy=False)

    def _check_y(self, y, n: int) -> NDArray:
        return _check_labels(y, n, self.layers[-1].n_out, "X")

    def forward(self, X: ArrayLike) -> NDArray:
        """Logits ``(batch, n_classes)``; every layer keeps its ``Z`` and ``A`` for the backward pass."""
        return self._logits(self._check_X(X))

    def _logits(self, X: NDArray) -> NDArray:
        """The forward pass of a checked ``X``, refusing one so large that the logits overflow."""
        with np.errstate(over="ignore", invalid="ignore"):
            logits = self._forward(X)
        if not np.isfinite(logits).all():
            raise ValueError(f"X is too large for this network: its logits overflow {logits.dtype.name} "
                             "(standardize X, or use smaller initial weights)")
        return logits

    def _forward(self, X: NDArray) -> NDArray:
        A = X
        for layer in self.layers:
            A = layer._forward(A)  # (batch, n_out of this layer)
        return A

    @property
    def activations(self) -> list[NDArray]:
        """Input and each layer's output from the last forward pass."""
        if self.layers[-1].A is None:
            raise _forward_first("MLP.activations")
        return [self.layers[0].X] + [layer.A for layer in self.layers]

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """Mean cross-entropy of the labels ``y`` under the network's predictions for ``X``."""
        X = self._check_X(X)
        return _cross_entropy(self._logits(X), self._check_y(y, X.shape[0]))

    def backward(self, y: ArrayLike) -> None:
        """Gradients of the mean cross-entropy of the last forward pass, stored in each layer's ``dW``, ``db``."""
        if self.layers[-1].A is None:
            raise _forward_first("MLP.backward")
        self._backward(_check_labels(y, self.layers[-1].A.shape[0], self.layers[-1].n_out, "the last forward's X"))

    def _backward(self, y: NDArray) -> None:
        G = _softmax(self.layers[-1].A)  # (batch, n_classes), a new array
        G[np.arange(len(y)), y] -= 1.0
        G /= len(y)  # ∂L/∂logits = (softmax − one-hot) / n
        for i in range(len(self.layers) - 1, -1, -1):
            G = self.layers[i]._backward(G, need_input_grad=i > 0)  # nothing below layer 0 needs ∂L/∂X

    def step(self, X: ArrayLike, y: ArrayLike, lr: float) -> float:
        """One plain SGD step on a batch, ``W ← W − lr·∂L/∂W``: forward, backward, update.

        Returns the batch's loss before the step."""
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        lr = _positive(lr, "lr")
        loss = _cross_entropy(self._logits(X), y)  # forward
        self._backward(y)
        for p, g in zip(self.params(), self.grads()):
            p -= lr * g
        return loss

    def params(self):
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        return [g for layer in self.layers for g in layer.grads()]

    def predict(self, X: ArrayLike) -> NDArray:
        """The most likely class of each row of ``X``."""
        return np.argmax(self.forward(X), axis=1)

    def accuracy(self, X: ArrayLike, y: ArrayLike) -> float:
        """The share of rows of ``X`` whose predicted class is ``y``."""
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        return float(np.mean(np.argmax(self._logits(X), axis=1) == y))

    def gradient_check(self, X: ArrayLike, y: ArrayLike, *, eps: float = 1e-4, n_checks: int = 20,
                       rng=0) -> float:
        """Largest relative error |numeric − backprop| / (|numeric| + |backprop|) over ``n_checks`` random
        entries of every parameter array (central differences; the denominator is floored at 1e-6, below
        which differences are rounding noise). About 1e-7 or less means the backward pass is right."""
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        eps = _positive(eps, "eps")
        n_checks = check_positive_int(n_checks, "n_checks")
        g = as_rng(rng)
        self._logits(X)
        self._backward(y)
        analytic = [a.copy() for a in self.grads()]
        worst = 0.0
        for p, a in zip(self.params(), analytic):
            for idx in (tuple(g.integers(0, s) for s in p.shape) for _ in range(n_checks)):
                old = p[idx]
                p[idx] = old + eps
                up = _cross_entropy(self._forward(X), y)
                p[idx] = old - eps
                down = _cross_entropy(self._forward(X), y)
                p[idx] = old
                num = (up - down) / (2 * eps)
                worst = max(worst, abs(num - a[idx]) / max(1e-6, abs(num) + abs(a[idx])))
        return worst

    def fit(self, X: ArrayLike, y: ArrayLike, *, epochs: int = 20, batch_size: int = 32, lr: float = 0.1,
            optimizer: str = "sgd", momentum: float = 0.0, rng=None, X_val=None, y_val=None,
            record_weights: bool = False, masks=None) -> History:
        """Mini-batch training with SGD (optionally with momentum) or Adam; returns a :class:`History`.

        ``masks`` (one boolean array per layer, shaped like its ``W``) keeps pruned weights at exactly
        0 during training: fine-tuning after pruning. A learning rate too large for the problem is allowed
        (training diverges, and the history shows it); a non-finite or non-positive one is refused.
        """
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        check_choice(optimizer, "optimizer", ("sgd", "adam"))
        lr = _positive(lr, "lr")
        if isinstance(momentum, (bool, np.bool_)) or not isinstance(momentum, numbers.Real):
            raise TypeError(f"momentum must be a number in [0, 1); got {_received(momentum)}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be a number in [0, 1); got {momentum!r}")
        if not isinstance(record_weights, (bool, np.bool_)):
            raise TypeError(f"record_weights must be True or False; got {_received(record_weights)}")
        if (X_val is None) != (y_val is None):
            raise ValueError("X_val and y_val go together: pass both or neither")
        val = None
        if X_val is not None:
            X_val = self._check_X(X_val, "X_val")
            val = (X_val, _check_labels(y_val, X_val.shape[0], self.layers[-1].n_out, "X_val", "y_val"))
        g = as_rng(rng)
        if masks is not None:
            _check_masks(masks, self.layers)
            for layer, m in zip(self.layers, masks):
                layer.W *= m
        params = self.params()
        state = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
        hist = History()
        t = 0
        self._logits(X)  # refuses an X whose logits overflow
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught below, after each epoch
            self._record(hist, X, y, val, record_weights)
            for epoch in range(1, epochs + 1):
                order = g.permutation(len(y))
                batch_losses = []
                for start in range(0, len(y), batch_size):
                    idx = order[start:start + batch_size]
                    batch_losses.append(_cross_entropy(self._forward(X[idx]), y[idx]))
                    self._backward(y[idx])
                    t += 1
                    _update(params, self.grads(), state, t, optimizer, lr, momentum)
                    if masks is not None:
                        for layer, mask in zip(self.layers, masks):
                            layer.W *= mask
                self._record(hist, X, y, val, record_weights, train_loss=np.mean(batch_losses))
                _check_not_diverged(hist, epoch, lr, X)
        return hist

    def _record(self, hist, X, y, val, record_weights, train_loss=None):
        logits = self._forward(X)
        hist.loss.append(float(_cross_entropy(logits, y)) if train_loss is None else float(train_loss))
        hist.accuracy.append(float(np.mean(np.argmax(logits, axis=1) == y)))
        hist.act_std.append([float(layer.A.std()) for layer in self.layers])
        self._backward(y)
        hist.grad_std.append([float(layer.dW.std()) for layer in self.layers])
        if val is not None:
            hist.val_accuracy.append(float(np.mean(np.argmax(self._forward(val[0]), axis=1) == val[1])))
        if record_weights:
            hist.weights.append(self.layers[0].W.copy())

    def __repr__(self) -> str:
        return f"MLP({' → '.join(map(str, self.sizes))}, {self.n_params:,} parameters)"


def _check_masks(masks, layers) -> None:
    """Refuse pruning masks that are not one array per layer shaped like its W."""
    if not isinstance(masks, (list, tuple)):
        raise TypeError(f"masks must be a list of arrays, one per layer shaped like its W; got {_received(masks)}")
    if len(masks) != len(layers) or any(np.shape(m) != l.W.shape for m, l in zip(masks, layers)):
        raise ValueError(f"masks must be one array per layer shaped like its W: "
                         f"{[l.W.shape for l in layers]}; got {[np.shape(m) for m in masks]}")


def _check_not_diverged(hist, epoch: int, lr: float, X) -> None:
    """Raise, naming lr, when the last epoch's loss or activations left the float range."""
    if not (math.isfinite(hist.loss[-1]) and math.isfinite(hist.act_std[-1][-1])):
        raise ValueError(f"training diverged in epoch {epoch}: the loss is {hist.loss[-1]}. lr = {lr} "
                         f"is too large for X at its scale (largest |X| = {np.abs(X).max():.3g}): try "
                         "a smaller lr, or standardize X")


def _update(params, grads, state, t: int, optimizer: str, lr: float, momentum: float) -> None:
    """One optimizer step, in place: SGD with momentum (m ← μm − lr·g, p ← p + m), or Adam (running means of g
    and g², bias-corrected for step t)."""
    for p, grad, (m, v) in zip(params, grads, state):
        if optimizer == "sgd":
            m *= momentum
            m -= lr * grad
            p += m
        else:
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            p -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)


# -- parameter counting --------------------------------------------------------------------
@dataclass(frozen=True)
class ParameterCount:
    """Weights, biases and their total for one layer."""

    weights: int
    biases: int

    @property
    def total(self) -> int:
        return self.weights + self.biases


def _pair(k, name):
    if isinstance(k, (tuple, list)) and len(k) == 2:
        return check_positive_int(k[0], name), check_positive_int(k[1], name)
    k = check_positive_int(k, name)
    return k, k


def count_parameters(kind: str, *, bias: bool = True, **dims) -> ParameterCount:
    r"""Parameters of one layer, split into weights and biases (``bias=False`` counts weights only).

    - ``"dense"``: ``n_in``, ``n_out`` → n_in·n_out weights, n_out biases.
    - ``"conv2d"``: ``in_channels``, ``out_channels``, ``kernel_size`` (int or pair) →
      out·in·kh·kw weights, one bias per output channel. The image size does not matter.
    - ``"lstm"``: ``input_size``, ``hidden_size`` → 4 gates × h·(i + h) weights; biases 8h, because
      PyTorch keeps two bias vectors per gate (``b_ih`` and ``b_hh``; Keras keeps one, 4h).
    - ``"mha"``: ``embed_dim``, ``num_heads``, optional ``output_projection`` (default True) → W_Q, W_K,
      W_V (and W_O) of d × d each, whatever the number of heads; one bias vector of d per matrix.
    - ``"mlp"``: ``sizes`` → the sum over its dense layers.

    >>> count_parameters("mlp", sizes=[784, 128, 64, 10], bias=False).total   # the notes' 109,184
    109184
    >>> count_parameters("mlp", sizes=[784, 128, 64, 10]).total
    109386
    """
    kinds = ("dense", "conv2d", "lstm", "mha", "mlp")
    check_choice(kind, "kind", kinds)
    need = {"dense": {"n_in", "n_out"}, "conv2d": {"in_channels", "out_channels", "kernel_size"},
            "lstm": {"input_size", "hidden_size"}, "mha": {"embed_dim", "num_heads"}, "mlp": {"sizes"}}[kind]
    allowed = need | ({"output_projection"} if kind == "mha" else set())
    missing, extra = need - set(dims), set(dims) - allowed
    if missing or extra:
        raise TypeError(f"count_parameters({kind!r}) needs {sorted(need)}"
                        + (f"; missing {sorted(missing)}" if missing else "")
                        + (f"; unexpected {sorted(extra)}" if extra else ""))
    for flag, value in (("bias", bias), ("output_projection", dims.get("output_projection", True))):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{flag} must be True or False; got {_received(value)}")
    if kind == "dense":
        n_in, n_out = check_positive_int(dims["n_in"], "n_in"), check_positive_int(dims["n_out"], "n_out")
        w, b = n_in * n_out, n_out
    elif kind == "conv2d":
        cin = check_positive_int(dims["in_channels"], "in_channels")
        cout = check_positive_int(dims["out_channels"], "out_channels")
        kh, kw = _pair(dims["kernel_size"], "kernel_size")
        w, b = cout * cin * kh * kw, cout
    elif kind == "lstm":
        i, h = check_positive_int(dims["input_size"], "input_size"), check_positive_int(dims["hidden_size"], "hidden_size")
        w, b = 4 * h * (i + h), 8 * h
    elif kind == "mha":
        d, heads = check_positive_int(dims["embed_dim"], "embed_dim"), check_positive_int(dims["num_heads"], "num_heads")
        if d % heads:
            raise ValueError(f"embed_dim ({d}) must be divisible by num_heads ({heads})")
        m = 4 if dims.get("output_projection", True) else 3
        w, b = m * d * d, m * d
    else:
        sizes = _size_list(dims["sizes"])
        w = sum(a * c for a, c in zip(sizes[:-1], sizes[1:]))
        b = sum(sizes[1:])
    return ParameterCount(weights=w, biases=b if bias else 0)


# -- signal propagation ----------------------------------------------------------------------
def propagate(init: str, activation: str = "relu", depth: int = 10, *, width: int = 256, batch: int = 512,
              std: float = 1.0, rng=0) -> dict:
    """Push a batch of N(0, 1) inputs through ``depth`` identical-width layers, then a N(0, 1) gradient back.

    Returns per-layer lists: ``"activations"`` (each layer's output) and ``"gradients"`` (∂L/∂A of each
    layer's output), plus their standard deviations. This is what makes a bad initialization visible:
    the signal shrinks to 0 (vanishing), grows without bound (exploding) or saturates.
    """
    check_choice(init, "init", INITIALIZERS)
    check_choice(activation, "activation", ACTIVATIONS)
    depth = check_positive_int(depth, "depth")
    width, batch = check_positive_int(width, "width"), check_positive_int(batch, "batch")
    g = as_rng(rng)
    layers = [Dense(width, width, activation, init, rng=g, std=std) for _ in range(depth)]
    A = g.normal(size=(batch, width))
    acts = []
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in layers:
            A = layer._forward(A)  # (batch, width)
            acts.append(A)
        G = g.normal(size=A.shape)
        grads = [None] * depth
        for i in range(depth - 1, -1, -1):
            grads[i] = G
            G = layers[i]._backward(G)  # (batch, width)
    for name, values in (("activations", acts), ("gradients", grads)):
        bad = [i for i, a in enumerate(values) if not np.isfinite(a).all()]
        if bad:  # inf (and then NaN) would only hide how far the signal went
            raise ValueError(f"the {name} overflow float64 at layer {bad[0] + 1} of {depth}: the signal explodes with "
                             f"init={init!r}" + (f", std={std}" if init == "normal" else "") + "; use a smaller "
                             "std, another init or fewer layers")
    return {"activations": acts, "gradients": grads,
            "act_std": [float(a.std()) for a in acts], "grad_std": [float(gr.std()) for gr in grads]}
