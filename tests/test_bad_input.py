"""Bad input, tried as a new user would, on every public name of the core modules.

``TABLE`` has one row per callable: how to call it with good input, and which of its arguments to corrupt
with which kind of bad value (``KINDS`` turns a kind into its list of corruptions). Every corruption must end
in one of two ways:

* a ``ValueError`` or ``TypeError`` whose message names the argument, or
* a finite result that matches a reference: for a list of lists, integers or float16, the same call on the
  same numbers as a float64 array; for 1e300 and 1e-300, the good result times ``c**degree`` where the row
  gives the degree; for a relabelled partition, the good result.

NaN, strings, None and zero or negative sizes must be refused. RuntimeWarnings (overflow, 0/0) count as
failures, not as results. Names in ``__all__`` that take no input (constants, result dataclasses) are in
``NO_INPUT``, so that a new public name fails ``test_every_public_name_is_swept`` until it gets a row.
"""
from __future__ import annotations

import copy
import dataclasses
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pytest

from mlviz import (attention, cluster, compression, datasets, decomposition, linear, nn, optim, similarity,
                   stats)

MODULES = [similarity, decomposition, linear, optim, nn, compression, attention, cluster, stats, datasets]


# ------------------------------------------------------------------------------------------ the kinds
@dataclass(frozen=True)
class Arg:
    """How an argument may be corrupted: its kind, and how to make it disagree with the other arguments."""

    kind: str
    mismatch: str | None = None  # "len", "rows" or "cols": drop one, so the shapes no longer agree
    optional: bool = False  # None is a valid value (the default)


REAL, REAL_LEN, REAL_ROWS, REAL_COLS = Arg("real"), Arg("real", "len"), Arg("real", "rows"), Arg("real", "cols")
NONNEG_ARRAY = Arg("nonneg_array")
INDEX_LABELS, NAME_LABELS, BINARY = Arg("index_labels", "len"), Arg("name_labels", "len"), Arg("binary", "len")
SIZE, COUNT = Arg("size"), Arg("count")  # a positive int; an int >= 0
POS, NONNEG, SCALAR, PROB, OPEN_PROB = Arg("pos"), Arg("nonneg"), Arg("scalar"), Arg("prob"), Arg("open_prob")
FRAC = Arg("frac")  # in [0, 1)
CHOICE, BOOL, RNG, AXIS, FUNC, SIZES = Arg("choice"), Arg("bool"), Arg("rng"), Arg("axis"), Arg("func"), Arg("sizes")
MASK, SHAPE, TEXT, OBJECT = Arg("mask"), Arg("shape"), Arg("text"), Arg("object")

REFUSE = "refuse"  # a ValueError/TypeError naming the argument
FINITE = "refuse or finite"  # that, or a finite result


@dataclass(frozen=True)
class Same:
    """A finite result equal to the call with ``reference`` in place of the corrupted value, or a refusal if
    the reference is refused too. With ``strict=False`` a refusal that names the argument is fine as well
    (labels given as 0.0 and 1.0 may be refused; integers where floats are accepted may not)."""

    reference: Any
    strict: bool = True


@dataclass(frozen=True)
class Scaled:
    """A refusal, or a finite result equal to the good result times ``c**degree`` (None: finite suffices)."""

    c: float
    degree: float | None


def _with_first(a, value, dtype=float):
    a = np.array(a, dtype=dtype)
    a.flat[0] = value
    return a


def _array_corruptions(g: np.ndarray, arg: Arg) -> list[tuple[str, Any, Any]]:
    """Corruptions shared by every array argument."""
    g = np.asarray(g)
    out = [("NaN", _with_first(g, np.nan), REFUSE), ("inf", _with_first(g, np.inf), FINITE),
           ("empty", np.empty((0,) + g.shape[1:]), FINITE),
           ("3-d", g.reshape((1,) * (3 - g.ndim) + g.shape) if g.ndim < 3 else g[None], FINITE),
           ("a string", "0.5", REFUSE)]
    if g.ndim > 0:
        out.append(("0-d", np.array(g.flat[0]), FINITE))
    if not arg.optional:
        out.append(("None", None, REFUSE))
    nested = g.tolist() if g.ndim >= 2 else [g.tolist()] if g.ndim == 1 else [[g.item()]]
    out.append(("a list of lists", nested, Same(np.asarray(nested, dtype=float))))
    cut = {"len": lambda a: a[:-1], "rows": lambda a: a[:-1], "cols": lambda a: a[:, :-1]}.get(arg.mismatch)
    if cut is not None:
        out.append((f"one fewer {'column' if arg.mismatch == 'cols' else 'entry'}", cut(g), REFUSE))
    return out


def _real(g, arg):
    ints = np.round(np.asarray(g) * 4).astype(np.int64)
    halves = (np.asarray(g) * 300).astype(np.float16)  # squares of 300 are beyond float16's 65504
    return _array_corruptions(g, arg) + [("int64", ints, Same(ints.astype(float))),
                                         ("float16", halves, Same(halves.astype(float)))]


def _nonneg_array(g, arg):
    halves = np.asarray(g).astype(np.float16)
    return _array_corruptions(g, arg) + [("a negative entry", _with_first(g, -1.0), REFUSE),
                                         ("float16", halves, Same(halves.astype(float)))]


def _index_labels(g, arg):
    g = np.asarray(g)
    return _array_corruptions(g, arg) + [
        ("label -1", _with_first(g, -1, int), REFUSE), ("label 99", _with_first(g, 99, int), REFUSE),
        ("label 0.5", _with_first(g, 0.5), REFUSE), ("integral floats", g.astype(float), Same(g, strict=False))]


def _name_labels(g, arg):
    g = np.asarray(g)
    relabelled = np.where(g == g.flat[0], -7, g)  # the same partition under other names
    return _array_corruptions(g, arg) + [
        ("labels renamed to -7", relabelled, Same(g, strict=False)), ("label 0.5", _with_first(g, 0.5), REFUSE),
        ("integral floats", g.astype(float), Same(g, strict=False))]


def _binary(g, arg):
    g = np.asarray(g)
    return _array_corruptions(g, arg) + [
        ("label 2", _with_first(g, 2, int), REFUSE), ("label -1", _with_first(g, -1, int), REFUSE),
        ("label 0.5", _with_first(g, 0.5), REFUSE), ("booleans", g.astype(bool), Same(g, strict=False)),
        ("floats", g.astype(float), Same(g, strict=False))]


def _size(g, arg, zero_ok=False):
    out = [("-1", -1, REFUSE), ("2.5", 2.5, REFUSE), ("a string", "3", REFUSE), ("1e300", 1e300, REFUSE),
           ("True", True, REFUSE), ("np.int64", np.int64(g), Same(g))]
    if not zero_ok:
        out.append(("0", 0, REFUSE))
    if not arg.optional:
        out.append(("None", None, REFUSE))
    return out


def _scalar(g, arg, low=None, open_low=False, high=None, open_high=False):
    out = [("NaN", np.nan, REFUSE), ("inf", np.inf, FINITE), ("-inf", -np.inf, FINITE),
           ("a string", "0.5", REFUSE), ("a list of lists", [[g]], FINITE), ("1e300", 1e300, FINITE),
           ("1e-300", 1e-300, FINITE)]
    if not arg.optional:
        out.append(("None", None, REFUSE))
    if low is not None:
        out += [("below the range", low - 0.5, REFUSE)] + ([("the open lower end", low, REFUSE)] if open_low else [])
    if high is not None:
        out += [("above the range", high + 0.5, REFUSE)] + ([("the open upper end", high, REFUSE)] if open_high else [])
    return out


KINDS: dict[str, Callable[[Any, Arg], list]] = {
    "real": _real, "nonneg_array": _nonneg_array, "index_labels": _index_labels, "name_labels": _name_labels,
    "binary": _binary, "size": _size, "count": lambda g, a: _size(g, a, zero_ok=True),
    "pos": lambda g, a: _scalar(g, a, low=0.0, open_low=True), "nonneg": lambda g, a: _scalar(g, a, low=0.0),
    "scalar": _scalar, "prob": lambda g, a: _scalar(g, a, low=0.0, high=1.0),
    "open_prob": lambda g, a: _scalar(g, a, low=0.0, open_low=True, high=1.0, open_high=True),
    "frac": lambda g, a: _scalar(g, a, low=0.0, high=1.0, open_high=True),
    "choice": lambda g, a: [("an unknown name", "no-such-option", REFUSE), ("a number", 3, REFUSE)]
    + ([] if a.optional else [("None", None, REFUSE)]),
    "bool": lambda g, a: [("the string 'no'", "no", REFUSE), ("2", 2, REFUSE), ("None", None, REFUSE)],
    "rng": lambda g, a: [("a string", "seed", REFUSE), ("-1", -1, REFUSE), ("1.5", 1.5, REFUSE)],
    "axis": lambda g, a: [("axis 5", 5, REFUSE), ("axis 1.5", 1.5, REFUSE), ("a string", "0", REFUSE)],
    "func": lambda g, a: [("a string", "mean", REFUSE), ("a number", 3, REFUSE)]
    + ([] if a.optional else [("None", None, REFUSE)]),
    "size_list": lambda g, a: [("a zero size", [*g[:-1], 0], REFUSE), ("a negative size", [*g[:-1], -2], REFUSE),
                               ("a fractional size", [*g[:-1], 2.5], REFUSE), ("a string", "4, 3", REFUSE),
                               ("None", None, REFUSE)],
    "sizes": lambda g, a: KINDS["size_list"](g, a) + [("one size", g[:1], REFUSE)],  # the layers of a network
    "mask": lambda g, a: [("a float mask", np.asarray(g, float), REFUSE), ("a string", "0.5", REFUSE),
                          ("the wrong shape", np.ones((7, 5), bool), REFUSE)],
    "shape": lambda g, a: [("a negative size", (-1, *g[1:]), REFUSE), ("a fractional size", (2.5, *g[1:]), REFUSE),
                           ("a string", "3x3", REFUSE), ("None", None, REFUSE), ("one size", tuple(g[:1]), REFUSE)],
    "text": lambda g, a: [("a number", 3, REFUSE), ("an unknown name", "zzqx", REFUSE)]
    + ([] if a.optional else [("None", None, REFUSE)]),
    "object": lambda g, a: [("an array", np.ones(3), REFUSE), ("None", None, REFUSE), ("a string", "0.5", REFUSE)],
}


# ------------------------------------------------------------------------------------------ the table
@dataclass
class Row:
    """One callable: ``call(**good)`` runs it on good input; ``corrupt`` names the arguments to corrupt.

    ``scale`` maps an argument (or a tuple of arguments scaled together) to the degree of the result in it:
    f(c·x) = c**degree · f(x). Real arguments not named there are scaled alone, with no degree."""

    name: str
    call: Callable
    good: dict
    corrupt: dict[str, Arg]
    scale: dict = field(default_factory=dict)
    refuse_with: tuple = (ValueError, TypeError)
    allow_inf: bool = False  # ±inf is a right answer here (a threshold above every score, the quantile at 0)


rng = np.random.default_rng(0)
X = np.r_[rng.normal(size=(6, 2)), rng.normal(size=(6, 2)) + [6.0, 6.0]]  # two clusters, (12, 2)
LABELS = np.repeat([0, 1], 6)
Y3 = rng.normal(size=(5, 2))
A, B = np.array([3.0, -1.0, 2.0]), np.array([1.0, 2.0, 0.5])
Y01 = np.array([0, 1, 1, 0, 1, 0, 1, 1])
SCORES = np.array([-1.2, 0.8, 2.0, -0.3, 0.1, 0.4, 1.5, -2.0])
SAMPLE = np.array([2.1, 3.4, 1.9, 5.0, 4.2, 3.3, 2.8])
COV = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 1.5]])
XW, YW = rng.normal(size=(10, 3)), rng.normal(size=(10,))  # regression
W3 = np.array([0.5, -1.0, 2.0])
Q, K, V = rng.normal(size=(4, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
WEIGHTS = np.full((2, 4), 0.25)
XB = (rng.random((12, 4)) < 0.5).astype(float)  # 0/1 features for Naive Bayes


def _mlp():
    return nn.MLP([2, 4, 2], rng=0)


def _trained_nb():
    return stats.NaiveBayes().fit(XB, LABELS)


def _pca():
    return decomposition.pca(X, 1)


def _standardizer():
    return linear.standardize(X)[1]


def _emb():
    return datasets.load_word_embeddings()


TABLE = [
    # similarity -------------------------------------------------------------------------------------
    Row("similarity.dot", similarity.dot, dict(a=A, b=B), dict(a=REAL_LEN, b=REAL_LEN), scale={"a": 1, "b": 1}),
    Row("similarity.norm", similarity.norm, dict(a=A, ord=2), dict(a=REAL, ord=CHOICE), scale={"a": 1}),
    Row("similarity.cosine_similarity", similarity.cosine_similarity, dict(a=A, b=B), dict(a=REAL_LEN, b=REAL_LEN),
        scale={"a": 0, "b": 0}),
    Row("similarity.angle", similarity.angle, dict(a=A, b=B, degrees=True),
        dict(a=REAL_LEN, b=REAL_LEN, degrees=BOOL), scale={"a": 0, "b": 0}),
    Row("similarity.project", similarity.project, dict(a=A, onto=B), dict(a=REAL_LEN, onto=REAL_LEN),
        scale={"a": 1, "onto": 0}),
    Row("similarity.scaled_dot", similarity.scaled_dot, dict(q=A, k=B), dict(q=REAL_LEN, k=REAL_LEN),
        scale={"q": 1, "k": 1}),
    Row("similarity.euclidean", similarity.euclidean, dict(a=A, b=B), dict(a=REAL_LEN, b=REAL_LEN),
        scale={("a", "b"): 1}),
    Row("similarity.manhattan", similarity.manhattan, dict(a=A, b=B), dict(a=REAL_LEN, b=REAL_LEN),
        scale={("a", "b"): 1}),
    Row("similarity.cosine_distance", similarity.cosine_distance, dict(a=A, b=B), dict(a=REAL_LEN, b=REAL_LEN),
        scale={"a": 0, "b": 0}),
    Row("similarity.mahalanobis", similarity.mahalanobis, dict(a=A, b=B, cov=COV),
        dict(a=REAL_LEN, b=REAL_LEN, cov=REAL_ROWS), scale={("a", "b"): 1, "cov": -0.5}),
    Row("similarity.pairwise", similarity.pairwise, dict(X=X, Y=Y3, metric="euclidean"),
        dict(X=REAL_COLS, Y=Arg("real", "cols", optional=True), metric=CHOICE), scale={("X", "Y"): 1}),
    Row("similarity.pairwise[mahalanobis]", similarity.pairwise, dict(X=X, Y=Y3, metric="mahalanobis",
                                                                      cov=COV[:2, :2]),
        dict(cov=Arg("real", "rows", optional=True)), scale={("X", "Y"): 1, "cov": -0.5}),
    Row("similarity.random_dot_products", similarity.random_dot_products, dict(d=4, n_pairs=5, rng=0),
        dict(d=SIZE, n_pairs=SIZE, rng=RNG)),
    # decomposition ----------------------------------------------------------------------------------
    Row("decomposition.pca", decomposition.pca, dict(X=X, n_components=1), dict(X=REAL, n_components=SIZE)),
    Row("decomposition.PCA.transform", lambda X: _pca().transform(X), dict(X=Y3), dict(X=REAL_COLS)),
    # linear -----------------------------------------------------------------------------------------
    Row("linear.predict", linear.predict, dict(X=XW, w=W3, b=0.5), dict(X=REAL_COLS, w=REAL_LEN, b=SCALAR)),
    Row("linear.add_bias_column", linear.add_bias_column, dict(X=XW), dict(X=REAL)),
    Row("linear.mse", linear.mse, dict(y=YW, y_pred=YW[::-1]), dict(y=REAL_LEN, y_pred=REAL_LEN),
        scale={("y", "y_pred"): 2}),
    Row("linear.sse", linear.sse, dict(y=YW, y_pred=YW[::-1]), dict(y=REAL_LEN, y_pred=REAL_LEN),
        scale={("y", "y_pred"): 2}),
    Row("linear.sigmoid", linear.sigmoid, dict(z=SCORES), dict(z=REAL)),
    Row("linear.log_loss", linear.log_loss, dict(y=Y01, scores=SCORES), dict(y=BINARY, scores=REAL_LEN)),
    Row("linear.objective", linear.objective, dict(X=XW, y=YW, w=W3, b=0.5, loss="mse", l2=0.1, l1=0.1),
        dict(X=REAL_ROWS, y=REAL_LEN, w=REAL_LEN, b=SCALAR, loss=CHOICE, l2=NONNEG, l1=NONNEG)),
    Row("linear.gradient", linear.gradient, dict(X=XW, y=YW, w=W3, b=0.5, loss="mse", l2=0.1, l1=0.1),
        dict(X=REAL_ROWS, y=REAL_LEN, w=REAL_LEN, b=SCALAR, loss=CHOICE, l2=NONNEG, l1=NONNEG)),
    Row("linear.fit_least_squares", linear.fit_least_squares, dict(X=XW, y=YW, fit_intercept=True),
        dict(X=REAL_ROWS, y=REAL_LEN, fit_intercept=BOOL)),
    Row("linear.fit_ridge", linear.fit_ridge, dict(X=XW, y=YW, l2=0.5, fit_intercept=True),
        dict(X=REAL_ROWS, y=REAL_LEN, l2=NONNEG, fit_intercept=BOOL)),
    Row("linear.LinearFit.predict", lambda X: linear.fit_least_squares(XW, YW).predict(X), dict(X=XW[:3]),
        dict(X=REAL_COLS)),
    Row("linear.standardize", linear.standardize, dict(X=X), dict(X=REAL)),
    Row("linear.Standardizer.transform", lambda X: _standardizer().transform(X), dict(X=Y3), dict(X=REAL_COLS)),
    Row("linear.Standardizer.inverse_transform", lambda Z: _standardizer().inverse_transform(Z), dict(Z=Y3),
        dict(Z=REAL_COLS)),
    Row("linear.Standardizer.unscale_weights", lambda w, b: _standardizer().unscale_weights(w, b),
        dict(w=np.array([1.0, -2.0]), b=0.5), dict(w=REAL_LEN, b=SCALAR)),
    # optim ------------------------------------------------------------------------------------------
    Row("optim.gradient_descent", optim.gradient_descent,
        dict(X=XW, y=YW, loss="mse", lr=0.05, n_epochs=3, batch_size=4, momentum=0.5, l2=0.1, l1=0.0, rng=0),
        dict(X=REAL_ROWS, y=REAL_LEN, loss=CHOICE, lr=POS, n_epochs=SIZE, batch_size=Arg("size", optional=True),
             momentum=FRAC, l2=NONNEG, l1=NONNEG, rng=RNG)),
    Row("optim.soft_threshold", optim.soft_threshold, dict(w=W3, t=0.7), dict(w=REAL, t=NONNEG),
        scale={("w", "t"): 1}),
    Row("optim.regularization_path", optim.regularization_path,
        dict(X=XW, y=YW, lambdas=np.array([0.01, 0.1, 1.0]), penalty="l1", max_epochs=200),
        dict(X=REAL_ROWS, y=REAL_LEN, lambdas=NONNEG_ARRAY, penalty=CHOICE, max_epochs=SIZE)),
    # nn ---------------------------------------------------------------------------------------------
    Row("nn.relu", nn.relu, dict(z=SCORES), dict(z=REAL), scale={"z": 1}),
    Row("nn.sigmoid", nn.sigmoid, dict(z=SCORES), dict(z=REAL)),
    Row("nn.tanh", nn.tanh, dict(z=SCORES), dict(z=REAL)),
    Row("nn.activation", nn.activation, dict(name="relu"), dict(name=CHOICE)),
    Row("nn.softmax_backward", nn.softmax_backward, dict(s=WEIGHTS, grad=WEIGHTS[::-1] * 2),
        dict(s=REAL, grad=REAL_COLS)),
    *[Row(f"nn.{f.__name__}", f, dict(n_in=3, n_out=2, rng=0), dict(n_in=SIZE, n_out=SIZE, rng=RNG))
      for f in (nn.zeros, nn.xavier_uniform, nn.xavier_normal, nn.he_normal, nn.he_uniform)],
    Row("nn.normal", nn.normal, dict(n_in=3, n_out=2, std=0.5, rng=0),
        dict(n_in=SIZE, n_out=SIZE, std=POS, rng=RNG), scale={"std": 1}),
    Row("nn.init_weights", nn.init_weights, dict(name="normal", n_in=3, n_out=2, rng=0, std=0.5),
        dict(name=CHOICE, n_in=SIZE, n_out=SIZE, rng=RNG, std=POS)),
    Row("nn.Dense", lambda n_in, n_out, activation, init, std: nn.Dense(n_in, n_out, activation, init, rng=0, std=std),
        dict(n_in=3, n_out=2, activation="relu", init="normal", std=0.5),
        dict(n_in=SIZE, n_out=SIZE, activation=CHOICE, init=CHOICE, std=POS)),
    Row("nn.Dense.forward", lambda X: nn.Dense(3, 2, rng=0).forward(X), dict(X=XW), dict(X=REAL_COLS)),
    Row("nn.MLP", lambda sizes, activation, init, std: nn.MLP(sizes, activation, init, rng=0, std=std),
        dict(sizes=[2, 4, 2], activation="relu", init="normal", std=1.0),
        dict(sizes=SIZES, activation=CHOICE, init=CHOICE, std=POS)),
    Row("nn.MLP.forward", lambda X: _mlp().forward(X), dict(X=X), dict(X=REAL_COLS)),
    Row("nn.MLP.loss", lambda X, y: _mlp().loss(X, y), dict(X=X, y=LABELS), dict(X=REAL_COLS, y=INDEX_LABELS)),
    Row("nn.MLP.predict", lambda X: _mlp().predict(X), dict(X=X), dict(X=REAL_COLS)),
    Row("nn.MLP.accuracy", lambda X, y: _mlp().accuracy(X, y), dict(X=X, y=LABELS),
        dict(X=REAL_COLS, y=INDEX_LABELS)),
    Row("nn.MLP.step", lambda X, y, lr: _mlp().step(X, y, lr), dict(X=X, y=LABELS, lr=0.1),
        dict(X=REAL_COLS, y=INDEX_LABELS, lr=POS)),
    Row("nn.MLP.gradient_check", lambda X, y, eps, n_checks: _mlp().gradient_check(X, y, eps=eps, n_checks=n_checks),
        dict(X=X, y=LABELS, eps=1e-4, n_checks=5), dict(X=REAL_COLS, y=INDEX_LABELS, eps=POS, n_checks=SIZE)),
    Row("nn.MLP.fit", lambda X, y, epochs, batch_size, lr, optimizer, momentum:
        _mlp().fit(X, y, epochs=epochs, batch_size=batch_size, lr=lr, optimizer=optimizer, momentum=momentum, rng=0),
        dict(X=X, y=LABELS, epochs=2, batch_size=4, lr=0.1, optimizer="sgd", momentum=0.5),
        dict(X=REAL_COLS, y=INDEX_LABELS, epochs=SIZE, batch_size=SIZE, lr=POS, optimizer=CHOICE,
             momentum=FRAC)),
    Row("nn.cross_entropy", nn.cross_entropy, dict(logits=Q[:, :2] * 3, y=np.array([0, 1, 1, 0])),
        dict(logits=REAL_ROWS, y=INDEX_LABELS)),
    Row("nn.count_parameters", lambda kind, n_in, n_out, bias: nn.count_parameters(kind, n_in=n_in, n_out=n_out,
                                                                                      bias=bias),
        dict(kind="dense", n_in=3, n_out=2, bias=True), dict(kind=CHOICE, n_in=SIZE, n_out=SIZE, bias=BOOL)),
    Row("nn.propagate", nn.propagate, dict(init="normal", activation="relu", depth=3, width=8, batch=16, std=1.0,
                                            rng=0),
        dict(init=CHOICE, activation=CHOICE, depth=SIZE, width=SIZE, batch=SIZE, std=POS, rng=RNG)),
    # compression ------------------------------------------------------------------------------------
    Row("compression.quantize", compression.quantize, dict(W=XW, bits=8, scheme="symmetric", per="row"),
        dict(W=REAL, bits=SIZE, scheme=CHOICE, per=CHOICE)),
    Row("compression.dequantize", compression.dequantize, dict(qz=compression.quantize(XW)), dict(qz=OBJECT)),
    Row("compression.float_round", compression.float_round, dict(x=SCORES, mantissa_bits=3),
        dict(x=REAL, mantissa_bits=COUNT)),
    Row("compression.prune", compression.prune, dict(weights=XW, sparsity=0.5, scope="layer"),
        dict(weights=REAL, sparsity=Arg("prob"), scope=CHOICE)),
    Row("compression.low_rank", compression.low_rank, dict(W=XW, rank=2), dict(W=REAL, rank=SIZE)),
    Row("compression.storage_bytes", compression.storage_bytes, dict(shape=(30, 20), nnz=50, fmt="csr"),
        dict(shape=SHAPE, nnz=Arg("count", optional=True), fmt=CHOICE)),
    # attention --------------------------------------------------------------------------------------
    Row("attention.softmax", attention.softmax, dict(x=Q, axis=-1, temperature=2.0, on_fully_masked="raise"),
        dict(x=REAL, axis=AXIS, temperature=POS, on_fully_masked=CHOICE)),
    Row("attention.softmax[mask]", attention.softmax, dict(x=Q, mask=np.tril(np.ones((4, 3), bool))),
        dict(mask=MASK)),
    Row("attention.scaled_dot_product_attention", attention.scaled_dot_product_attention,
        dict(q=Q, k=K, v=V, mask=np.ones((4, 5), bool), scale=0.5),
        dict(q=REAL_COLS, k=REAL_ROWS, v=REAL_ROWS, mask=MASK, scale=Arg("scalar", optional=True))),
    Row("attention.causal_mask", attention.causal_mask, dict(n=4), dict(n=SIZE)),
    Row("attention.padding_mask", attention.padding_mask, dict(lengths=np.array([2, 3]), n=4),
        dict(lengths=NONNEG_ARRAY, n=SIZE)),
    Row("attention.MultiHeadAttention", lambda d_model, num_heads: attention.MultiHeadAttention(d_model, num_heads,
                                                                                                rng=0),
        dict(d_model=4, num_heads=2), dict(d_model=SIZE, num_heads=SIZE)),
    Row("attention.MultiHeadAttention.forward",
        lambda query, key: attention.MultiHeadAttention(4, 2, rng=0).forward(query, key),
        dict(query=rng.normal(size=(3, 4)), key=rng.normal(size=(5, 4))),
        dict(query=REAL_COLS, key=Arg("real", "cols", optional=True))),
    Row("attention.sinusoidal_positions", attention.sinusoidal_positions, dict(n=5, d=4), dict(n=SIZE, d=SIZE)),
    Row("attention.attention_entropy", attention.attention_entropy, dict(weights=WEIGHTS, axis=-1),
        dict(weights=NONNEG_ARRAY, axis=AXIS)),
    # cluster ----------------------------------------------------------------------------------------
    Row("cluster.init_centroids", cluster.init_centroids, dict(X=X, k=2, method="k-means++", rng=0),
        dict(X=REAL, k=SIZE, method=CHOICE, rng=RNG)),
    Row("cluster.kmeans_plusplus", cluster.kmeans_plusplus, dict(X=X, k=2, n_trials=2, rng=0),
        dict(X=REAL, k=SIZE, n_trials=Arg("size", optional=True), rng=RNG)),
    Row("cluster.assign", cluster.assign, dict(X=X, centroids=X[[0, 6]], metric="euclidean"),
        dict(X=REAL_COLS, centroids=REAL_COLS, metric=CHOICE), scale={("X", "centroids"): 0}),
    Row("cluster.lloyd_partials", cluster.lloyd_partials,
        dict(X_chunk=X, centroids=X[[0, 6]], sample_weight=np.ones(12), metric="euclidean"),
        dict(X_chunk=REAL_COLS, centroids=REAL_COLS, sample_weight=Arg("nonneg_array", "len", optional=True),
             metric=CHOICE)),
    Row("cluster.update_centroids", cluster.update_centroids, dict(X=X, labels=LABELS, k=2),
        dict(X=REAL_ROWS, labels=INDEX_LABELS, k=SIZE), scale={"X": 1}),
    Row("cluster.kmeans", cluster.kmeans, dict(X=X, k=2, init="k-means++", max_iter=10, tol=1e-4, n_init=2, rng=0),
        dict(X=REAL, k=SIZE, init=CHOICE, max_iter=SIZE, tol=NONNEG, n_init=SIZE, rng=RNG)),
    Row("cluster.kmeans[init array]", cluster.kmeans, dict(X=X, k=2, init=X[[0, 6]]),
        dict(init=REAL_COLS), scale={("X", "init"): None}),
    Row("cluster.online_kmeans", cluster.online_kmeans, dict(X=X, k=2, n_epochs=2, init=X[[0, 6]], rng=0),
        dict(X=REAL, k=SIZE, n_epochs=SIZE, init=REAL_COLS, rng=RNG)),
    Row("cluster.minibatch_kmeans", cluster.minibatch_kmeans,
        dict(X=X, k=2, batch_size=4, max_iter=5, init=X[[0, 6]], rng=0),
        dict(X=REAL, k=SIZE, batch_size=SIZE, max_iter=SIZE, init=REAL_COLS, rng=RNG)),
    Row("cluster.fuzzy_cmeans", cluster.fuzzy_cmeans, dict(X=X, k=2, m=2.0, max_iter=20, tol=1e-6, rng=0),
        dict(X=REAL, k=SIZE, m=Arg("pos"), max_iter=SIZE, tol=NONNEG, rng=RNG)),
    Row("cluster.kmedoids", cluster.kmedoids, dict(X=X, k=2, metric="euclidean", max_iter=10, init=X[[0, 6]], rng=0),
        dict(X=REAL, k=SIZE, metric=CHOICE, max_iter=SIZE, init=REAL_COLS, rng=RNG)),
    Row("cluster.kmedians", cluster.kmedians, dict(X=X, k=2, max_iter=10, init=X[[0, 6]], rng=0),
        dict(X=REAL, k=SIZE, max_iter=SIZE, init=REAL_COLS, rng=RNG)),
    Row("cluster.wcss", cluster.wcss, dict(X=X, labels=LABELS, centroids=X[[0, 6]]),
        dict(X=REAL_ROWS, labels=INDEX_LABELS, centroids=Arg("real", "cols", optional=True)),
        scale={("X", "centroids"): 2}),
    Row("cluster.bcss", cluster.bcss, dict(X=X, labels=LABELS), dict(X=REAL_ROWS, labels=NAME_LABELS),
        scale={"X": 2}),
    Row("cluster.tss", cluster.tss, dict(X=X), dict(X=REAL), scale={"X": 2}),
    Row("cluster.silhouette_samples", cluster.silhouette_samples, dict(X=X, labels=LABELS),
        dict(X=REAL_ROWS, labels=NAME_LABELS), scale={"X": 0}),
    Row("cluster.silhouette_score", cluster.silhouette_score, dict(X=X, labels=LABELS),
        dict(X=REAL_ROWS, labels=NAME_LABELS), scale={"X": 0}),
    Row("cluster.davies_bouldin", cluster.davies_bouldin, dict(X=X, labels=LABELS),
        dict(X=REAL_ROWS, labels=NAME_LABELS), scale={"X": 0}),
    Row("cluster.elbow", cluster.elbow, dict(X=X, ks=[1, 2, 3], n_init=1, rng=0),
        dict(X=REAL, ks=Arg("size_list"), n_init=SIZE, rng=RNG)),
    Row("cluster.make_blobs", cluster.make_blobs, dict(n=20, centers=2, std=1.0, rng=0),
        dict(n=SIZE, centers=SIZE, std=POS, rng=RNG)),
    Row("cluster.make_rings", cluster.make_rings, dict(n=20, radii=(1.0, 3.0), noise=0.1, rng=0),
        dict(n=SIZE, radii=NONNEG_ARRAY, noise=NONNEG, rng=RNG)),
    Row("cluster.make_customers", cluster.make_customers, dict(n=20, rng=0), dict(n=SIZE, rng=RNG)),
    # stats ------------------------------------------------------------------------------------------
    Row("stats.describe", stats.describe, dict(x=SAMPLE, ddof=1), dict(x=REAL, ddof=COUNT), scale={"x": None}),
    Row("stats.bin_edges", stats.bin_edges, dict(x=SAMPLE, rule="fd"), dict(x=REAL, rule=CHOICE),
        scale={"x": 1}),
    Row("stats.covariance", stats.covariance, dict(x=SAMPLE, y=SAMPLE[::-1], ddof=1),
        dict(x=REAL_LEN, y=REAL_LEN, ddof=COUNT), scale={"x": 1, "y": 1}),
    Row("stats.correlation", stats.correlation, dict(x=SAMPLE, y=SAMPLE ** 2), dict(x=REAL_LEN, y=REAL_LEN),
        scale={"x": 0, "y": 0}),
    Row("stats.correlation_matrix", stats.correlation_matrix, dict(X=XW), dict(X=REAL), scale={"X": 0}),
    Row("stats.ranks", stats.ranks, dict(x=SAMPLE), dict(x=REAL), scale={"x": 0}),
    Row("stats.rank_correlation", stats.rank_correlation, dict(x=SAMPLE, y=SAMPLE ** 3),
        dict(x=REAL_LEN, y=REAL_LEN), scale={"x": 0, "y": 0}),
    Row("stats.Normal", lambda mu, sigma: stats.Normal(mu, sigma).cdf(0.5), dict(mu=0.2, sigma=1.5),
        dict(mu=SCALAR, sigma=POS)),
    Row("stats.Normal.pdf", lambda x: stats.Normal(0.2, 1.5).pdf(x), dict(x=SAMPLE), dict(x=REAL)),
    Row("stats.Normal.cdf", lambda x: stats.Normal(0.2, 1.5).cdf(x), dict(x=SAMPLE), dict(x=REAL)),
    Row("stats.Normal.ppf", lambda q: stats.Normal(0.2, 1.5).ppf(q), dict(q=np.array([0.1, 0.5, 0.9])),
        dict(q=PROB), allow_inf=True),
    Row("stats.Normal.sample", lambda size, rng: stats.Normal(0.2, 1.5).sample(size, rng), dict(size=4, rng=0),
        dict(size=SIZE, rng=RNG)),
    Row("stats.Binomial", lambda n, p: stats.Binomial(n, p).pmf(2), dict(n=10, p=0.3), dict(n=SIZE, p=PROB)),
    Row("stats.Binomial.pmf", lambda k: stats.Binomial(10, 0.3).pmf(k), dict(k=np.array([0, 2, 5])), dict(k=REAL)),
    Row("stats.Binomial.cdf", lambda k: stats.Binomial(10, 0.3).cdf(k), dict(k=np.array([0, 2, 5])), dict(k=REAL)),
    Row("stats.Binomial.sample", lambda size, rng: stats.Binomial(10, 0.3).sample(size, rng), dict(size=4, rng=0),
        dict(size=SIZE, rng=RNG)),
    Row("stats.Poisson", lambda lam: stats.Poisson(lam).pmf(2), dict(lam=3.0), dict(lam=POS)),
    Row("stats.Poisson.pmf", lambda k: stats.Poisson(3.0).pmf(k), dict(k=np.array([0, 2, 5])), dict(k=REAL)),
    Row("stats.Poisson.cdf", lambda k: stats.Poisson(3.0).cdf(k), dict(k=np.array([0, 2, 5])), dict(k=REAL)),
    Row("stats.Poisson.sample", lambda size, rng: stats.Poisson(3.0).sample(size, rng), dict(size=4, rng=0),
        dict(size=SIZE, rng=RNG)),
    Row("stats.conditional", stats.conditional, dict(p_a_and_b=0.12, p_b=0.4), dict(p_a_and_b=PROB, p_b=PROB)),
    Row("stats.bayes_rule", stats.bayes_rule, dict(likelihood=0.9, prior=0.1, evidence=0.2),
        dict(likelihood=PROB, prior=PROB, evidence=PROB)),
    Row("stats.posterior_given_positive", stats.posterior_given_positive,
        dict(prevalence=0.01, sensitivity=0.99, specificity=0.95),
        dict(prevalence=PROB, sensitivity=PROB, specificity=PROB)),
    Row("stats.NaiveBayes", lambda alpha: stats.NaiveBayes(alpha).fit(XB, LABELS).predict(XB), dict(alpha=1.0),
        dict(alpha=POS)),
    Row("stats.NaiveBayes.fit", lambda X, y: stats.NaiveBayes().fit(X, y).predict_proba(XB), dict(X=XB, y=LABELS),
        dict(X=NONNEG_ARRAY, y=BINARY)),
    *[Row(f"stats.NaiveBayes.{m}", (lambda m: lambda X: getattr(_trained_nb(), m)(X))(m), dict(X=XB[:3]),
          dict(X=Arg("nonneg_array", "cols"))) for m in ("predict_log_proba", "predict_proba", "predict")],
    Row("stats.ttest_1samp", stats.ttest_1samp, dict(x=SAMPLE, popmean=3.0), dict(x=REAL, popmean=SCALAR)),
    Row("stats.ttest_ind", stats.ttest_ind, dict(a=SAMPLE, b=SAMPLE[:5] + 1, equal_var=False),
        dict(a=REAL, b=REAL, equal_var=BOOL)),
    Row("stats.chi2_independence", stats.chi2_independence, dict(table=np.array([[10, 20], [30, 15]]),
                                                                 correction=False),
        dict(table=NONNEG_ARRAY, correction=BOOL)),
    Row("stats.t_interval", stats.t_interval, dict(x=SAMPLE, confidence=0.95), dict(x=REAL, confidence=OPEN_PROB)),
    Row("stats.mean_intervals", stats.mean_intervals, dict(samples=XW, confidence=0.9, method="z"),
        dict(samples=REAL, confidence=OPEN_PROB, method=CHOICE), scale={"samples": 1}),
    Row("stats.Interval.contains", lambda value: stats.t_interval(SAMPLE).contains(value), dict(value=3.0),
        dict(value=SCALAR)),
    Row("stats.bootstrap_interval", stats.bootstrap_interval,
        dict(x=SAMPLE, statistic=np.median, confidence=0.9, n_boot=50, rng=0),
        dict(x=REAL, statistic=FUNC, confidence=OPEN_PROB, n_boot=SIZE, rng=RNG)),
    Row("stats.bias_variance", stats.bias_variance, dict(degree=2, n_train=10, noise=0.3, n_sims=5, rng=0),
        dict(degree=COUNT, n_train=SIZE, noise=NONNEG, n_sims=SIZE, rng=RNG)),
    *[Row(f"stats.{f.__name__}", f, dict(y_true=Y01, y_pred=(SCORES > 0).astype(int)),
          dict(y_true=BINARY, y_pred=BINARY))
      for f in (stats.confusion_matrix, stats.accuracy, stats.precision, stats.recall, stats.f1, stats.binary_metrics)],
    *[Row(f"stats.{f.__name__}", f, dict(y_true=Y01, scores=SCORES), dict(y_true=BINARY, scores=REAL_LEN),
          scale={"scores": 0}) for f in (stats.roc_auc, stats.average_precision)],
    *[Row(f"stats.{f.__name__}", f, dict(y_true=Y01, scores=SCORES), dict(y_true=BINARY, scores=REAL_LEN),
          allow_inf=True) for f in (stats.roc_curve, stats.precision_recall_curve)],  # thresholds scale, rates do not
    *[Row(f"stats.{f.__name__}", f, dict(y_true=YW, y_pred=YW[::-1]), dict(y_true=REAL_LEN, y_pred=REAL_LEN),
          scale={("y_true", "y_pred"): d})
      for f, d in ((stats.mae, 1), (stats.rmse, 1), (stats.r2, 0))],
    Row("stats.mse", stats.mse, dict(y=YW, y_pred=YW[::-1]), dict(y=REAL_LEN, y_pred=REAL_LEN)),
    # datasets ---------------------------------------------------------------------------------------
    Row("datasets.data_dir", datasets.data_dir, {}, {}),
    Row("datasets.verify", datasets.verify, dict(name="digits.npz"), dict(name=Arg("text", optional=True))),
    Row("datasets.load_word_embeddings", datasets.load_word_embeddings, {}, {}),
    Row("datasets.WordEmbeddings.index", lambda word: _emb().index(word), dict(word="apple"), dict(word=TEXT),
        refuse_with=(ValueError, TypeError, KeyError)),
    Row("datasets.load_digits", datasets.load_digits, {}, {}),
    Row("datasets.Digits.split", lambda test_fraction, rng: datasets.load_digits().split(test_fraction, rng),
        dict(test_fraction=0.25, rng=0), dict(test_fraction=OPEN_PROB, rng=RNG)),
    Row("datasets.load_attention", datasets.load_attention, {}, {}),
    Row("datasets.make_spam", datasets.make_spam, dict(n=20, rng=0), dict(n=SIZE, rng=RNG)),
]

ROWS = {row.name: row for row in TABLE}

NO_INPUT = {  # public names that take no input of their own: constants and the dataclasses results come in
    "similarity": {"METRICS", "Projection"}, "decomposition": {"PCA"},
    "linear": {"LOSSES", "LinearFit", "Standardizer"},
    "optim": {"GDResult"}, "nn": {"ACTIVATIONS", "INITIALIZERS", "History", "ParameterCount"},
    "compression": {"Quantized", "LowRank"}, "attention": set(), "cluster": {"INITS", "METRICS", "KMeansResult",
                                                                             "FuzzyResult"},
    "stats": {"Description", "BIN_RULES", "MAX_BINS", "TestResult", "Interval", "BiasVariance"},
    "datasets": {"WordEmbeddings", "SALARY", "SpamData", "Digits", "AttentionData"},
}

# Calls that need a step first must say which step, not fail with an AttributeError.
PRECONDITIONS = [
    ("stats.NaiveBayes.predict before fit", lambda: stats.NaiveBayes().predict(XB), "fit"),
    ("stats.NaiveBayes.predict_proba before fit", lambda: stats.NaiveBayes().predict_proba(XB), "fit"),
    ("nn.MLP.backward before forward", lambda: _mlp().backward(LABELS), "forward"),
    ("nn.Dense.backward before forward", lambda: nn.Dense(3, 2, rng=0).backward(np.ones((4, 2))), "forward"),
]

XFAIL: dict[str, str] = {  # corruption id -> why it still fails, in a module another helper owns
}


# ------------------------------------------------------------------------------------------ the sweep
def _corruptions(row: Row):
    """(arguments corrupted, label, kwargs, expectation) for every corruption of every argument of the row."""
    scaled_together = {n for key in row.scale for n in (key if isinstance(key, tuple) else (key,))}
    for name, arg in row.corrupt.items():
        for label, value, expect in KINDS[arg.kind](row.good[name], arg):
            if isinstance(expect, Same):
                expect = Same({**row.good, name: expect.reference}, expect.strict)
            yield (name,), label, {**row.good, name: value}, expect
        if arg.kind == "real" and name not in scaled_together:
            for c in (1e300, 1e-300):
                yield (name,), f"{c:g}", {**row.good, name: np.asarray(row.good[name]) * c}, Scaled(c, None)
    for key, degree in row.scale.items():
        names = key if isinstance(key, tuple) else (key,)
        for c in (1e300, 1e-300):
            scaled = {n: np.asarray(row.good[n], dtype=float) * c for n in names}
            yield names, f"{c:g}", {**row.good, **scaled}, Scaled(c, degree)


def _params():
    for row in TABLE:
        for names, label, kwargs, expect in _corruptions(row):
            case_id = f"{row.name}-{'+'.join(names)}-{label}"
            marks = [pytest.mark.xfail(strict=True, reason=XFAIL[case_id])] if case_id in XFAIL else []
            yield pytest.param(row, names, label, kwargs, expect, id=case_id, marks=marks)


def _run(row: Row, kwargs: dict):
    """(result, None) or (None, the ValueError/TypeError raised). Anything else propagates and fails the test."""
    kwargs = copy.deepcopy(kwargs)  # a function that writes into its input must not spoil later cases
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow or 0/0 is a failure, not a result
        try:
            return row.call(**kwargs), None
        except row.refuse_with as exc:
            return None, exc


def _numbers(result, seen=None) -> list[np.ndarray]:
    """Every number in a result: arrays, floats, and the fields of dataclasses, dicts, lists and mlviz objects."""
    seen = set() if seen is None else seen
    if id(result) in seen:
        return []
    seen.add(id(result))
    if isinstance(result, (bool, np.bool_, str, bytes)) or result is None or callable(result):
        return []
    if isinstance(result, (int, float, np.number)):
        return [np.asarray(result, dtype=float)]
    if isinstance(result, np.ndarray):
        return [result.astype(float)] if result.dtype.kind in "biuf" else []
    if dataclasses.is_dataclass(result):
        return [x for f in dataclasses.fields(result) for x in _numbers(getattr(result, f.name), seen)]
    if isinstance(result, dict):
        return [x for v in result.values() for x in _numbers(v, seen)]
    if isinstance(result, (list, tuple)):
        return [x for v in result for x in _numbers(v, seen)]
    if type(result).__module__.startswith("mlviz"):
        return [x for v in vars(result).values() for x in _numbers(v, seen)]
    return []


def _assert_names(exc: Exception, names, label):
    if label.endswith("entry)") or label.endswith("column)"):  # a mismatch: naming its partner is fine too
        names = (*names, *ROWS[label.split("(")[0]].corrupt)
    message = str(exc)
    assert any(re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", message) for n in names), (
        f"{label} for {'/'.join(names)} raised {type(exc).__name__} without naming it: {message}")


def _assert_finite(result, label, allow_inf=False):
    bad = [x for x in _numbers(result) if np.isnan(x).any() or not (allow_inf or np.all(np.isfinite(x)))]
    assert not bad, f"{label} gave a non-finite result: {bad[0]!r:.200}"


def _assert_close(got, want, label, rtol=1e-9):
    g, w = _numbers(got), _numbers(want)
    assert len(g) == len(w), f"{label}: the result has {len(g)} numeric parts, the reference {len(w)}"
    for a, b in zip(g, w):
        assert a.shape == b.shape, f"{label}: shape {a.shape}, reference shape {b.shape}"
        scale = float(np.abs(b[np.isfinite(b)]).max(initial=1.0))  # ±inf (a threshold above all) must match exactly
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-12 * max(1.0, scale), equal_nan=True, err_msg=label)


@pytest.mark.parametrize("row, names, label, kwargs, expect", list(_params()))
def test_bad_input(row, names, label, kwargs, expect):
    result, exc = _run(row, kwargs)
    what = f"{row.name}({'/'.join(names)} = {label})"
    if exc is not None:
        if isinstance(expect, Same) and expect.strict and _run(row, expect.reference)[1] is None:
            pytest.fail(f"{what} was refused, but the same numbers as float64 are accepted: {exc}")
        _assert_names(exc, names, what)
        return
    assert expect != REFUSE, f"{what} was accepted: returned {result!r:.200}"
    _assert_finite(result, what, row.allow_inf)
    if isinstance(expect, Same):
        want, want_exc = _run(row, expect.reference)
        assert want_exc is None, f"{what} was accepted, but the same numbers as float64 are refused: {want_exc}"
        _assert_close(result, want, f"{what} against the float64 call")
    elif isinstance(expect, Scaled) and expect.degree is not None:
        good, _ = _run(row, row.good)
        with np.errstate(over="ignore", under="ignore"):
            want = [x * expect.c ** expect.degree for x in _numbers(good)]
        _assert_close(_numbers(result), want, f"{what} against the good result times {expect.c:g}^{expect.degree}")


@pytest.mark.parametrize("row", TABLE, ids=[r.name for r in TABLE])
def test_good_input_gives_a_finite_result(row):
    result, exc = _run(row, row.good)
    assert exc is None, f"{row.name} refused its good input: {exc}"
    _assert_finite(result, row.name, row.allow_inf)


@pytest.mark.parametrize("name, call, step", PRECONDITIONS, ids=[p[0] for p in PRECONDITIONS])
def test_a_missing_step_is_named(name, call, step):
    with pytest.raises((ValueError, TypeError), match=step):
        call()


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_every_public_name_is_swept(module):
    short = module.__name__.split(".")[-1]
    swept = {row.name.split("[")[0] for row in TABLE}
    home = {m.__name__.split(".")[-1]: m for m in MODULES}
    functions = [getattr(home[r.split(".")[0]], r.split(".")[1]) for r in swept if r.count(".") == 1]
    missing = [n for n in module.__all__ if f"{short}.{n}" not in swept and n not in NO_INPUT[short]
               and not any(getattr(module, n) is f for f in functions)]  # a re-export swept in its home counts
    assert not missing, f"{module.__name__} names without a row in TABLE or a place in NO_INPUT: {missing}"
