r"""Exercises for notebook 03 (weight matrices). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["dense_parameters", "dense_backward", "he_std", "EXERCISES"]

_rng = np.random.default_rng(3)
_BACKWARD_CASES = [(_rng.normal(size=(4, 3)), _rng.normal(size=(4, 2))), (_rng.normal(size=(5, 6)), _rng.normal(size=(5, 4))),
                   (np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, -1.0]]))]


def _solution_params(n_in, n_out):
    return n_in * n_out + n_out


def _solution_backward(X, delta):
    return delta.T @ X


def _solution_he(n_in):
    return np.sqrt(2.0 / n_in)


# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _weights_only(n_in, n_out):
    return n_in * n_out


def _bias_per_input(n_in, n_out):
    return n_in * n_out + n_in


def _added_not_multiplied(n_in, n_out):
    return n_in + n_out


def _transposed_gradient(X, delta):
    return X.T @ delta


def _averaged_over_batch(X, delta):
    return delta.T @ X / len(X)


def _first_sample_only(X, delta):
    return np.outer(delta[0], X[0])


def _variance_not_std(n_in):
    return 2.0 / n_in


def _lecun_std(n_in):
    return np.sqrt(1.0 / n_in)


def _he_uniform_limit(n_in):
    return np.sqrt(6.0 / n_in)


dense_parameters = Exercise(
    name="Exercise 1: parameters of a dense layer",
    prompt="Write my_dense_params(n_in, n_out): the number of weights and biases of a dense layer.",
    solution=_solution_params,
    cases=[(784, 128), (128, 64), (64, 10), (3, 4), (1, 1)],
    mistakes=[
        Mistake(_weights_only, "you counted the weights only; every output neuron also has a bias"),
        Mistake(_bias_per_input, "there is one bias per *output* neuron, not per input"),
        Mistake(_added_not_multiplied, "each of the n_out neurons has n_in weights: multiply, don't add"),
    ],
    hint="W is n_out × n_in, b has n_out entries",
    concept="A dense layer connects every input to every output with a weight of its own, and gives each output "
            "one bias.",
    follow_up="A 784 → 128 dense layer is replaced by a convolutional layer of 128 filters of 3 × 3 on a "
              "one-channel (grey) image. How many parameters does it have?",
    follow_up_answer="128 × 3 × 3 weights + 128 biases = 1,280, against 100,480 for the dense layer: each filter's "
                     "9 weights are shared by every position of the image.",
)

dense_backward = Exercise(
    name="Exercise 2: the weight gradient of a dense layer",
    prompt="Write my_dW(X, delta): ∂L/∂W for Z = X @ W.T + b, given X (batch × n_in) and delta = ∂L/∂Z "
           "(batch × n_out). The result must have W's shape, n_out × n_in.",
    solution=_solution_backward,
    cases=_BACKWARD_CASES,
    mistakes=[
        Mistake(_transposed_gradient, "your result is n_in × n_out, the transpose: W here is n_out × n_in, so use delta.T @ X"),
        Mistake(_averaged_over_batch, "you averaged over the batch; delta already carries the loss's 1/n, so just sum: delta.T @ X"),
        Mistake(_first_sample_only, "you used the first sample only; the gradient sums over the whole batch"),
    ],
    hint="each weight w_ij connects input j to output i: its gradient is Σ_batch delta_i · x_j",
    concept="A weight's gradient is the error arriving at its output (delta) times the value that came in at its "
            "input (x), added up over the batch; it has the weight matrix's shape.",
    follow_up="From the same delta, what is ∂L/∂b, the gradient of the bias?",
    follow_up_answer="delta.sum(axis=0), of shape (n_out,): the bias is a weight whose input is always 1, so its "
                     "gradient is the error summed over the batch.",
)

he_std = Exercise(
    name="Exercise 3: the He standard deviation",
    prompt="Write my_he_std(n_in): the standard deviation of He-normal initialization for a layer with n_in inputs.",
    solution=_solution_he,
    cases=[(784,), (128,), (64,), (2,)],
    mistakes=[
        Mistake(_variance_not_std, "that is the variance 2/n_in; the standard deviation is its square root"),
        Mistake(_lecun_std, "√(1/n_in) is LeCun's; He doubles the variance because ReLU zeroes half the signal"),
        Mistake(_he_uniform_limit, "√(6/n_in) is the *limit* a of He-uniform, U(−a, a); the normal's std is √(2/n_in)"),
    ],
    hint="variance 2 / n_in, so std = sqrt(2 / n_in); 784 inputs give about 0.0505",
    concept="He initialization keeps the signal's variance the same from layer to layer under ReLU: ReLU zeroes "
            "about half the inputs, so the weights' variance is 2 divided by the number of inputs.",
    follow_up="For a tanh layer 784 → 128, what standard deviation does Xavier-normal use, and why is it below He's "
              "0.0505?",
    follow_up_answer="√(2 / (784 + 128)) ≈ 0.047. tanh does not zero half the signal, so there is no factor 2 for "
                     "that; Xavier's 2 / (n_in + n_out) averages the forward pass's 1/n_in and the backward pass's "
                     "1/n_out.",
)


EXERCISES = [dense_parameters, dense_backward, he_std]
