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

from ._validation import _as_float_array, as_matrix, as_rng, check_axis, check_choice, check_positive_int

__all__ = [
    "ACTIVATIONS", "INITIALIZERS", "relu", "sigmoid", "tanh", "softmax", "activation", "softmax_backward",
    "zeros", "normal", "xavier_uniform", "xavier_normal", "he_normal", "he_uniform", "init_weights",
    "Dense", "MLP", "History", "cross_entropy", "ParameterCount", "count_parameters", "propagate",
]

ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear")
INITIALIZERS = ("zeros", "normal", "xavier_uniform", "xavier_normal", "he_normal", "he_uniform")


# -- activations ---------------------------------------------------------------------------
def relu(z):
    return np.maximum(z, 0.0)


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(z):
    return np.tanh(z)


def _linear(z):
    return z


_DERIVATIVES = {
    # each takes (z, a) = (pre-activation, activation) and returns dσ/dz
    "relu": lambda z, a: z > 0,  # a boolean mask: multiplying by it keeps the gradient's dtype
    "sigmoid": lambda z, a: a * (1.0 - a),
    "tanh": lambda z, a: 1.0 - a * a,
    "linear": lambda z, a: np.ones_like(z),
}
_FUNCTIONS = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "linear": _linear}


def activation(name: str):
    """``(f, df)`` for an activation name; ``df(z, a)`` is the derivative at ``z`` (with ``a = f(z)``).

    ReLU's derivative comes back as a boolean mask (0 or 1), which multiplies without changing dtypes.

    >>> f, df = activation("relu")
    >>> f(np.array([-1.0, 2.0])), df(np.array([-1.0, 2.0]), None) * 1.0
    (array([0., 2.]), array([0., 1.]))
    """
    check_choice(name, "activation", ACTIVATIONS)
    return _FUNCTIONS[name], _DERIVATIVES[name]


def softmax(z: ArrayLike, axis: int = -1) -> NDArray:
    """Stable softmax: subtracting the row maximum changes nothing mathematically and prevents overflow."""
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(float)  # float32 stays float32
    axis = check_axis(axis, z.ndim)
    with np.errstate(over="ignore"):  # a difference below the most negative float is -inf: a weight of 0
        return _softmax(z, axis)


def _softmax(z: NDArray, axis: int = -1) -> NDArray:
    """The softmax itself, unchecked: for the training step's own logits (float, finite, moderate)."""
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_backward(s: NDArray, grad: NDArray) -> NDArray:
    r"""Vector–Jacobian product of softmax: given ``s = softmax(z)`` and ``∂L/∂s``, return ``∂L/∂z``.

    The Jacobian is :math:`\operatorname{diag}(s) - s s^\top`, so :math:`\partial L/\partial z = s \odot (g - g\cdot s)`.
    """
    return s * (grad - np.sum(grad * s, axis=-1, keepdims=True))


def cross_entropy(logits: NDArray, y: NDArray) -> float:
    """Mean cross-entropy of integer labels ``y`` under softmax(logits), via log-sum-exp (never log 0)."""
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.mean(lse - logits[np.arange(len(y)), y]))


# -- initializers --------------------------------------------------------------------------
def _fans(n_in, n_out):
    return check_positive_int(n_in, "n_in"), check_positive_int(n_out, "n_out")


def zeros(n_in: int, n_out: int, rng=None) -> NDArray:
    """All zeros: every neuron of the layer computes the same thing, forever (see the notebook)."""
    n_in, n_out = _fans(n_in, n_out)
    return np.zeros((n_out, n_in))


def normal(n_in: int, n_out: int, std: float = 1.0, rng=None) -> NDArray:
    """N(0, std²) entries, whatever the layer size."""
    n_in, n_out = _fans(n_in, n_out)
    if not (isinstance(std, numbers.Real) and std > 0):
        raise ValueError(f"std must be a positive number; got {std!r}")
    return as_rng(rng).normal(0.0, float(std), (n_out, n_in))


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
    check_choice(name, "init", INITIALIZERS)
    if name == "normal":
        return normal(n_in, n_out, std=std, rng=rng)
    return globals()[name](n_in, n_out, rng=rng)


# -- layers and networks -------------------------------------------------------------------
class Dense:
    """A fully connected layer ``A = σ(X Wᵀ + b)`` with ``W`` of shape ``(n_out, n_in)``."""

    def __init__(self, n_in: int, n_out: int, activation: str = "relu", init: str = "he_normal", *, rng=None,
                 std: float = 1.0, bias: bool = True):
        check_choice(activation, "activation", ACTIVATIONS)
        self.W = init_weights(init, n_in, n_out, rng=rng, std=std)
        self.b = np.zeros(n_out) if bias else None
        self.activation = activation
        self._f, self._df = _FUNCTIONS[activation], _DERIVATIVES[activation]
        self.dW = np.zeros_like(self.W)
        self.db = None if self.b is None else np.zeros_like(self.b)

    @property
    def n_in(self) -> int:
        return self.W.shape[1]

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    @property
    def n_params(self) -> int:
        return self.W.size + (0 if self.b is None else self.b.size)

    def forward(self, X: NDArray) -> NDArray:
        self.X = X
        Z = X @ self.W.T
        if self.b is not None:
            Z += self.b
        self.Z = Z
        self.A = self._f(Z)
        return self.A

    def backward(self, grad_A: NDArray, need_input_grad: bool = True) -> NDArray | None:
        """Store ``dW`` and ``db`` and return ``∂L/∂X`` (None if not needed, as for the first layer)."""
        delta = grad_A if self.activation == "linear" else grad_A * self._df(self.Z, self.A)  # ∂L/∂Z
        self.delta = delta
        self.dW = delta.T @ self.X
        if self.b is not None:
            self.db = delta.sum(axis=0)
        return delta @ self.W if need_input_grad else None

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


class MLP:
    """A multilayer perceptron: Dense layers with one hidden activation, a linear output, softmax cross-entropy.

    >>> net = MLP([64, 32, 10], rng=0)
    >>> net.n_params   # 64·32 + 32 + 32·10 + 10
    2410
    """

    def __init__(self, sizes, activation: str = "relu", init: str = "he_normal", *, rng=None, std: float = 1.0,
                 dtype=np.float64):
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least an input and an output size; got {sizes}")
        sizes = [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        check_choice(activation, "activation", ACTIVATIONS)
        check_choice(init, "init", INITIALIZERS)
        g = as_rng(rng)
        self.layers = [Dense(a, b, activation if i < len(sizes) - 2 else "linear", init, rng=g, std=std)
                       for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
        if np.dtype(dtype) != np.float64:  # e.g. float32, to compare with PyTorch's default on equal terms
            for layer in self.layers:
                layer.W, layer.b = layer.W.astype(dtype), layer.b.astype(dtype)
                layer.dW, layer.db = np.zeros_like(layer.W), np.zeros_like(layer.b)

    @classmethod
    def from_layers(cls, layers) -> "MLP":
        """Build from a list of Dense layers, checking that each layer's input matches the previous output."""
        layers = list(layers)
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

    def _check_X(self, X) -> NDArray:
        X = as_matrix(X, "X")
        if X.shape[1] != self.layers[0].n_in:
            raise ValueError(f"X has {X.shape[1]} features but layer 0 expects {self.layers[0].n_in} "
                             f"(W shape {self.layers[0].W.shape})")
        return X

    def _check_y(self, y, n) -> NDArray:
        y = np.asarray(y)
        if y.ndim != 1 or y.shape[0] != n:
            raise ValueError(f"y must be 1-D with one label per row of X ({n}); got shape {y.shape}")
        if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= self.layers[-1].n_out:
            raise ValueError(f"y must hold integer class labels in [0, {self.layers[-1].n_out}); got "
                             f"{np.unique(y)[:10]}")
        return y

    def forward(self, X: ArrayLike) -> NDArray:
        """Logits ``(batch, n_classes)``; every layer keeps its ``Z`` and ``A`` for the backward pass."""
        A = self._check_X(X)
        for layer in self.layers:
            A = layer.forward(A)
        return A

    @property
    def activations(self) -> list[NDArray]:
        """Input and each layer's output from the last forward pass."""
        return [self.layers[0].X] + [layer.A for layer in self.layers]

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        X = self._check_X(X)
        return cross_entropy(self.forward(X), self._check_y(y, X.shape[0]))

    def backward(self, y: ArrayLike) -> None:
        """Gradients of the mean cross-entropy of the last forward pass: ∂L/∂logits = (softmax − one-hot)/n."""
        logits = self.layers[-1].A
        y = self._check_y(y, logits.shape[0])
        G = _softmax(logits)
        G[np.arange(len(y)), y] -= 1.0
        G /= len(y)
        for i in range(len(self.layers) - 1, -1, -1):
            G = self.layers[i].backward(G, need_input_grad=i > 0)  # nothing below layer 0 needs ∂L/∂X

    def step(self, X: NDArray, y: NDArray, lr: float) -> float:
        """One plain SGD step on a batch (no checks, for speed): forward, backward, update. Returns the loss."""
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        rows = np.arange(len(y))
        m = A.max(axis=1, keepdims=True)
        G = np.exp(A - m)
        total = G.sum(axis=1, keepdims=True)
        loss = float(np.mean(np.log(total[:, 0]) + m[:, 0] - A[rows, y]))  # log-sum-exp − true logit
        G /= total * len(y)                                               # softmax / n
        G[rows, y] -= 1.0 / len(y)
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            G = layer.backward(G, need_input_grad=i > 0)
            layer.W -= lr * layer.dW
            if layer.b is not None:
                layer.b -= lr * layer.db
        return loss

    def params(self):
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        return [g for layer in self.layers for g in layer.grads()]

    def predict(self, X: ArrayLike) -> NDArray:
        return np.argmax(self.forward(X), axis=1)

    def accuracy(self, X: ArrayLike, y: ArrayLike) -> float:
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def gradient_check(self, X: ArrayLike, y: ArrayLike, *, eps: float = 1e-4, n_checks: int = 20,
                       rng=0) -> float:
        """Largest relative error |numeric − backprop| / (|numeric| + |backprop|) over ``n_checks`` random
        entries of every parameter array (central differences; the denominator is floored at 1e-6, below
        which differences are rounding noise). About 1e-7 or less means the backward pass is right."""
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        self.forward(X)
        self.backward(y)
        analytic = [g.copy() for g in self.grads()]
        g = as_rng(rng)
        worst = 0.0
        for p, a in zip(self.params(), analytic):
            for idx in (tuple(g.integers(0, s) for s in p.shape) for _ in range(n_checks)):
                old = p[idx]
                p[idx] = old + eps
                up = cross_entropy(self.forward(X), y)
                p[idx] = old - eps
                down = cross_entropy(self.forward(X), y)
                p[idx] = old
                num = (up - down) / (2 * eps)
                worst = max(worst, abs(num - a[idx]) / max(1e-6, abs(num) + abs(a[idx])))
        return worst

    def fit(self, X: ArrayLike, y: ArrayLike, *, epochs: int = 20, batch_size: int = 32, lr: float = 0.1,
            optimizer: str = "sgd", momentum: float = 0.0, rng=None, X_val=None, y_val=None,
            record_weights: bool = False, masks=None) -> History:
        """Mini-batch training with SGD (optionally with momentum) or Adam; returns a :class:`History`.

        ``masks`` (one boolean array per layer, shaped like its ``W``) keeps pruned weights at exactly
        0 during training: fine-tuning after pruning.
        """
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        check_choice(optimizer, "optimizer", ("sgd", "adam"))
        lr = float(_as_float_array(lr, "lr"))
        if not lr > 0:
            raise ValueError(f"lr must be > 0; got {lr}")
        g = as_rng(rng)
        if masks is not None:
            masks = list(masks)
            if len(masks) != len(self.layers) or any(np.shape(m) != l.W.shape for m, l in zip(masks, self.layers)):
                raise ValueError(f"masks must be one array per layer shaped like its W: "
                                 f"{[l.W.shape for l in self.layers]}; got {[np.shape(m) for m in masks]}")
            for layer, m in zip(self.layers, masks):
                layer.W *= m
        params = self.params()
        state = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
        hist = History()
        self._record(hist, X, y, X_val, y_val, record_weights, grads=None)
        t = 0
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                order = g.permutation(len(y))
                batch_losses = []
                for start in range(0, len(y), batch_size):
                    idx = order[start:start + batch_size]
                    logits = self.forward(X[idx])
                    batch_losses.append(cross_entropy(logits, y[idx]))
                    self.backward(y[idx])
                    t += 1
                    for p, grad, (m, v) in zip(params, self.grads(), state):
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
                    if masks is not None:
                        for layer, mask in zip(self.layers, masks):
                            layer.W *= mask
                self._record(hist, X, y, X_val, y_val, record_weights, grads=True, train_loss=np.mean(batch_losses))
        return hist

    def _record(self, hist, X, y, X_val, y_val, record_weights, grads, train_loss=None):
        logits = self.forward(X)
        hist.loss.append(float(cross_entropy(logits, y)) if train_loss is None else float(train_loss))
        hist.accuracy.append(float(np.mean(np.argmax(logits, axis=1) == y)))
        hist.act_std.append([float(layer.A.std()) for layer in self.layers])
        self.backward(y)
        hist.grad_std.append([float(layer.dW.std()) for layer in self.layers])
        if X_val is not None:
            hist.val_accuracy.append(self.accuracy(X_val, y_val))
        if record_weights:
            hist.weights.append(self.layers[0].W.copy())

    def __repr__(self) -> str:
        return f"MLP({' → '.join(map(str, self.sizes))}, {self.n_params:,} parameters)"


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
        sizes = [check_positive_int(s, "sizes") for s in dims["sizes"]]
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least two layer sizes; got {sizes}")
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
    g = as_rng(rng)
    layers = [Dense(width, width, activation, init, rng=g, std=std) for _ in range(depth)]
    A = g.normal(size=(batch, width))
    acts = []
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in layers:
            A = layer.forward(A)
            acts.append(A)
        G = g.normal(size=A.shape)
        grads = [None] * depth
        for i in range(depth - 1, -1, -1):
            grads[i] = G
            G = layers[i].backward(G)
    return {"activations": acts, "gradients": grads,
            "act_std": [float(a.std()) for a in acts], "grad_std": [float(gr.std()) for gr in grads]}
