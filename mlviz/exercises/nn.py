r"""Exercises for notebook 03 (weight matrices). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["dense_parameters", "dense_backward", "sigmoid_gradient", "he_std", "forward_backward", "EXERCISES"]

_rng = np.random.default_rng(3)
_BACKWARD_CASES = [(_rng.normal(size=(4, 3)), _rng.normal(size=(4, 2))), (_rng.normal(size=(5, 6)), _rng.normal(size=(5, 4))),
                   (np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, -1.0]]))]


def _two_layer_case(n, n_in, n_hidden, n_out):
    """(X, y, W1, b1, W2, b2) for a n_in → n_hidden (ReLU) → n_out (linear) network and a batch of n."""
    return (_rng.normal(size=(n, n_in)), _rng.normal(size=(n, n_out)), _rng.normal(size=(n_hidden, n_in)),
            _rng.normal(size=n_hidden), _rng.normal(size=(n_out, n_hidden)), _rng.normal(size=n_out))


_TWO_LAYER_CASES = [_two_layer_case(4, 3, 5, 1), _two_layer_case(6, 2, 4, 2), _two_layer_case(1, 3, 3, 1)]


def _solution_params(n_in, n_out):
    return n_in * n_out + n_out


def _solution_backward(X, delta):
    return delta.T @ X


def _solution_he(n_in):
    return np.sqrt(2.0 / n_in)


def _solution_sigmoid_gradient():
    # Xavier makes each layer multiply the gradient by about √(n_in · Var(w)) = √(256 · 2/512) = 1, times the
    # sigmoid's slope, which is at most 0.25. Ten layers: about 0.25¹⁰ ≈ 10⁻⁶, option 2.
    per_layer = np.sqrt(256 * 2 / (256 + 256)) * 0.25
    return 2 if per_layer ** 10 < 1e-3 else 1


def _forward(X, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1                                 # (n, n_hidden): the pre-activation
    H = np.maximum(Z1, 0.0)                            # ReLU
    return Z1, H, H @ W2.T + b2                        # the output ŷ, (n, n_out): linear


def _solution_forward_backward(X, y, W1, b1, W2, b2):
    Z1, H, y_hat = _forward(X, W1, b1, W2, b2)
    loss = np.mean((y_hat - y) ** 2)
    delta2 = 2 * (y_hat - y) / y.size                  # ∂L/∂ŷ; the output layer has no activation
    dW2, db2 = delta2.T @ H, delta2.sum(axis=0)
    delta1 = (delta2 @ W2) * (Z1 > 0)                  # back through W2, then through ReLU
    dW1, db1 = delta1.T @ X, delta1.sum(axis=0)
    return np.concatenate([[loss], dW1.ravel(), db1, dW2.ravel(), db2])


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


def _xavier_keeps_it():
    return 1


def _it_explodes():
    return 3


def _exactly_zero():
    return 4


def _no_relu_derivative(X, y, W1, b1, W2, b2):
    Z1, H, y_hat = _forward(X, W1, b1, W2, b2)
    delta2 = 2 * (y_hat - y) / y.size
    delta1 = delta2 @ W2                               # ReLU's slope left out
    return np.concatenate([[np.mean((y_hat - y) ** 2)], (delta1.T @ X).ravel(), delta1.sum(axis=0),
                           (delta2.T @ H).ravel(), delta2.sum(axis=0)])


def _transposed_weight_gradients(X, y, W1, b1, W2, b2):
    Z1, H, y_hat = _forward(X, W1, b1, W2, b2)
    delta2 = 2 * (y_hat - y) / y.size
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return np.concatenate([[np.mean((y_hat - y) ** 2)], (X.T @ delta1).ravel(), delta1.sum(axis=0),
                           (H.T @ delta2).ravel(), delta2.sum(axis=0)])


def _not_averaged(X, y, W1, b1, W2, b2):
    Z1, H, y_hat = _forward(X, W1, b1, W2, b2)
    delta2 = 2 * (y_hat - y)                           # the gradient of the *sum* of squared errors
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return np.concatenate([[np.mean((y_hat - y) ** 2)], (delta1.T @ X).ravel(), delta1.sum(axis=0),
                           (delta2.T @ H).ravel(), delta2.sum(axis=0)])


def _pre_activation_into_layer_2(X, y, W1, b1, W2, b2):
    Z1, H, y_hat = _forward(X, W1, b1, W2, b2)
    delta2 = 2 * (y_hat - y) / y.size
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return np.concatenate([[np.mean((y_hat - y) ** 2)], (delta1.T @ X).ravel(), delta1.sum(axis=0),
                           (delta2.T @ Z1).ravel(), delta2.sum(axis=0)])   # Z1 where layer 2 read H


def _bias_gradient_averaged(X, y, W1, b1, W2, b2):
    Z1, H, y_hat = _forward(X, W1, b1, W2, b2)
    delta2 = 2 * (y_hat - y) / y.size
    delta1 = (delta2 @ W2) * (Z1 > 0)
    return np.concatenate([[np.mean((y_hat - y) ** 2)], (delta1.T @ X).ravel(), delta1.mean(axis=0),
                           (delta2.T @ H).ravel(), delta2.mean(axis=0)])


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

sigmoid_gradient = Exercise(
    name="Exercise 3: reading the initialization explorer",
    prompt="In the initialization explorer, pick sigmoid, xavier_normal and depth 10. What happens to the gradient "
           "on its way down to layer 1? Give the option's number: 1) it stays near 1, 2) it vanishes (about 10⁻⁶ "
           "at layer 1), 3) it explodes (about 10⁴ at layer 1), 4) it is exactly 0.",
    solution=_solution_sigmoid_gradient,
    value=True,
    mistakes=[
        Mistake(_xavier_keeps_it,
                "Xavier keeps the weights' part of each layer's factor near 1, but the sigmoid's slope is at most "
                "0.25, so every layer still shrinks the gradient about four-fold: look at the right panel"),
        Mistake(_it_explodes,
                "exploding is what N(0, 1) weights do (with ReLU or tanh); Xavier's weights are about 16 times "
                "smaller, and the sigmoid's slope shrinks the gradient further"),
        Mistake(_exactly_zero,
                "exactly 0 needs zero weights; random Xavier weights pass a gradient down, only a very small one"),
    ],
    hint="each layer multiplies the gradient by its weights (about 1 in total with Xavier) and by the slope of "
         "the sigmoid, at most 0.25: what do ten such factors make?",
    concept="On the way down, every layer multiplies the gradient by its weights and by the slope of its "
            "activation; the sigmoid's slope is a quarter at best, so many layers of it shrink the gradient "
            "whatever the weights' scale.",
    follow_up="Keep xavier_normal and depth 10 and switch the activation to tanh. Why does the gradient now reach "
              "layer 1 at a usable size?",
    follow_up_answer="tanh's slope is 1 at 0 (the sigmoid's only 0.25), and its outputs are centred on 0, so the "
                     "factor per layer stays near 1: the readout shows a gradient std of about 0.4 at layer 1 "
                     "instead of about 2 × 10⁻⁶. Xavier was derived for activations like tanh.",
)

he_std = Exercise(
    name="Exercise 4: the He standard deviation",
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


forward_backward = Exercise(
    name="Exercise 5: forward and backward through a two-layer net",
    prompt="Write my_forward_backward(X, y, W1, b1, W2, b2) for ŷ = relu(X @ W1.T + b1) @ W2.T + b2 and the loss "
           "L = np.mean((ŷ − y)²): return np.concatenate([[L], dW1.ravel(), db1, dW2.ravel(), db2]).",
    solution=_solution_forward_backward,
    cases=_TWO_LAYER_CASES,
    mistakes=[
        Mistake(_no_relu_derivative,
                "you forgot the ReLU's derivative: multiply the gradient coming down from W2 by (Z1 > 0)"),
        Mistake(_transposed_weight_gradients,
                "your weight gradients are transposed (n_in × n_out): W here is n_out × n_in, so dW = δᵀ @ input"),
        Mistake(_not_averaged,
                "you did not divide by the number of entries: the loss is a mean, so ∂L/∂ŷ = 2(ŷ − y) / y.size"),
        Mistake(_pre_activation_into_layer_2,
                "layer 2 reads the hidden layer's output H = relu(Z1), not its pre-activation Z1: dW2 = δ₂ᵀ @ H"),
        Mistake(_bias_gradient_averaged,
                "you averaged the bias gradients over the batch; δ already carries the mean's 1/n, so sum them"),
    ],
    hint="forward: Z1 = X @ W1.T + b1, H = relu(Z1), ŷ = H @ W2.T + b2. Backward: δ₂ = 2(ŷ − y)/y.size, "
         "dW2 = δ₂ᵀH, db2 = Σδ₂, δ₁ = (δ₂ @ W2) ⊙ (Z1 > 0), dW1 = δ₁ᵀX, db1 = Σδ₁",
    concept="The forward pass keeps every layer's input and pre-activation; the backward pass then runs the chain "
            "rule from the loss down, layer by layer: each layer turns the error at its output into its weight "
            "gradients and hands the error on to the layer below, through its weights and its activation's slope.",
    follow_up="If every entry of Z1 in one hidden unit is negative for the whole batch, what are that unit's rows "
              "of dW1 and db1, and what happens to the unit during training?",
    follow_up_answer="All zero: the ReLU mask (Z1 > 0) blocks every gradient to that unit, so its weights and bias "
                     "never change. If that holds for every input, the unit is 'dead' for good.",
)


EXERCISES = [dense_parameters, dense_backward, sigmoid_gradient, he_std, forward_backward]  # notebook order
