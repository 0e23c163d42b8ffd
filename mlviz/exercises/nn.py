r"""Exercises for notebook 03 (weight matrices). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["dense_parameters", "dense_backward", "he_std", "quantize_int8", "EXERCISES"]

_rng = np.random.default_rng(3)
_BACKWARD_CASES = [(_rng.normal(size=(4, 3)), _rng.normal(size=(4, 2))), (_rng.normal(size=(5, 6)), _rng.normal(size=(5, 4))),
                   (np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, -1.0]]))]


def _solution_params(n_in, n_out):
    return n_in * n_out + n_out


def _solution_backward(X, delta):
    return delta.T @ X


def _solution_he(n_in):
    return np.sqrt(2.0 / n_in)


def _solution_quantize(w, scale):
    return np.clip(np.round(w / scale), -127, 127)


dense_parameters = Exercise(
    name="Exercise 1: parameters of a dense layer",
    prompt="Write my_dense_params(n_in, n_out): the number of weights and biases of a dense layer.",
    solution=_solution_params,
    cases=[(784, 128), (128, 64), (64, 10), (3, 4), (1, 1)],
    mistakes=[
        Mistake(lambda n_in, n_out: n_in * n_out, "you counted the weights only; every output neuron also has a bias"),
        Mistake(lambda n_in, n_out: n_in * n_out + n_in, "there is one bias per *output* neuron, not per input"),
        Mistake(lambda n_in, n_out: n_in + n_out, "each of the n_out neurons has n_in weights: multiply, don't add"),
    ],
    hint="W is n_out × n_in, b has n_out entries",
)

dense_backward = Exercise(
    name="Exercise 2: the weight gradient of a dense layer",
    prompt="Write my_dW(X, delta): ∂L/∂W for Z = X @ W.T + b, given X (batch × n_in) and delta = ∂L/∂Z "
           "(batch × n_out). The result must have W's shape, n_out × n_in.",
    solution=_solution_backward,
    cases=_BACKWARD_CASES,
    mistakes=[
        Mistake(lambda X, d: X.T @ d, "your result is n_in × n_out, the transpose: W here is n_out × n_in, so use delta.T @ X"),
        Mistake(lambda X, d: d.T @ X / len(X), "you averaged over the batch; delta already carries the loss's 1/n, so just sum: delta.T @ X"),
        Mistake(lambda X, d: np.outer(d[0], X[0]), "you used the first sample only; the gradient sums over the whole batch"),
    ],
    hint="each weight w_ij connects input j to output i: its gradient is Σ_batch delta_i · x_j",
)

he_std = Exercise(
    name="Exercise 3: the He standard deviation",
    prompt="Write my_he_std(n_in): the standard deviation of He-normal initialization for a layer with n_in inputs.",
    solution=_solution_he,
    cases=[(784,), (128,), (64,), (2,)],
    mistakes=[
        Mistake(lambda n: 2.0 / n, "that is the variance 2/n_in; the standard deviation is its square root"),
        Mistake(lambda n: np.sqrt(1.0 / n), "√(1/n_in) is LeCun's; He doubles the variance because ReLU zeroes half the signal"),
        Mistake(lambda n: np.sqrt(6.0 / n), "√(6/n_in) is the *limit* a of He-uniform, U(−a, a); the normal's std is √(2/n_in)"),
    ],
    hint="variance 2 / n_in, so std = sqrt(2 / n_in); 784 inputs give about 0.0505",
)

quantize_int8 = Exercise(
    name="Exercise 4: symmetric int8 quantization",
    prompt="Write my_quantize(w, scale): the int8 level of each weight in w, round(w / scale), kept within [-127, 127].",
    solution=_solution_quantize,
    cases=[(np.array([0.1234567, -0.5, 1.0]), 1.0 / 127), (np.array([0.3, -2.0, 0.004]), 0.01),
           (np.array([5.0, -5.0]), 0.02)],
    mistakes=[
        Mistake(lambda w, s: np.trunc(w / s), "you truncated towards 0; round to the *nearest* level"),
        Mistake(lambda w, s: np.round(w / s), "values beyond the range must be clipped to ±127 (8 bits, symmetric)"),
        Mistake(lambda w, s: np.clip(np.round(w * s), -127, 127), "divide by the scale (the size of one step), don't multiply"),
    ],
    hint="level = clip(round(w / scale), -127, 127)",
)

EXERCISES = [dense_parameters, dense_backward, he_std, quantize_int8]
