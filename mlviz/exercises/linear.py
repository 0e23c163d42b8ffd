r"""Exercises for notebook 02 (weights and gradient descent). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["update_step", "mse_gradient", "rate_in_months", "logistic_gradient", "l2_penalty", "gd_loop",
           "EXERCISES"]

_rng = np.random.default_rng(2)
_X = [np.array([[1.0], [2.0], [3.0], [4.0], [5.0]]), _rng.normal(size=(6, 3)), _rng.normal(size=(4, 2))]
_W = [np.array([2.0]), np.array([0.5, -1.0, 2.0]), np.array([0.0, 0.0])]
_Y = [np.array([30.0, 35.0, 45.0, 50.0, 60.0]), _rng.normal(size=6), np.array([1.0, -2.0, 0.5, 3.0])]
_LABELS = [np.array([0.0, 0.0, 1.0, 1.0, 1.0]), np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0]), np.array([1.0, 0.0, 0.0, 1.0])]
_X_TWO = _rng.normal(size=(8, 2))
_FIT_CASES = [(_X[0], _Y[0], 0.05, 100),                                                 # the salary data
              (_X_TWO, _X_TWO @ np.array([1.5, -2.0]) + 0.5 + 0.1 * _rng.normal(size=8), 0.1, 30),
              (_X[0], _Y[0], 0.01, 1)]                                                   # a single step


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _solution_step(w, grad, lr):
    return w - lr * grad


def _solution_mse_gradient(X, y, w):
    n = len(y)
    return (2.0 / n) * X.T @ (X @ w - y)


def _solution_logistic_gradient(X, y, w):
    return X.T @ (_sigmoid(X @ w) - y) / len(y)


def _solution_l2_penalty(W, lam):
    return lam * np.sum(W[1:] ** 2)


def _solution_rate_in_months():
    x = 12 * np.array([1.0, 2.0, 3.0, 4.0, 5.0])       # experience in months
    A = np.column_stack([np.ones(5), x])               # a column of ones for the bias
    edge = 2 / np.linalg.eigvalsh(2 / 5 * A.T @ A).max()  # 2 / λmax of the Hessian
    rates = [0.05, 0.005, 0.0005]                      # options 1, 2, 3, largest first
    return next((i + 1 for i, lr in enumerate(rates) if lr < edge), 4)


def _mse_grads(X, y, w, b):
    r = X @ w + b - y                                  # residuals ŷ − y, shape (n,)
    return (2 / len(y)) * X.T @ r, (2 / len(y)) * r.sum()


def _solution_fit(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        grad_w, grad_b = _mse_grads(X, y, w, b)        # both at the same (w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
    return np.r_[b, w]


# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _step_uphill(w, grad, lr):
    return w + lr * grad


def _no_learning_rate(w, grad, lr):
    return w - grad


def _change_only(w, grad, lr):
    return -lr * grad


def _half_mse_gradient(X, y, w):
    return X.T @ (X @ w - y) / len(y)


def _sign_flipped_mse_gradient(X, y, w):
    return (2.0 / len(y)) * X.T @ (y - X @ w)


def _sse_gradient(X, y, w):
    return 2.0 * X.T @ (X @ w - y)


def _residual_sum_for_every_weight(X, y, w):
    return (2.0 / len(y)) * np.sum(X @ w - y) * np.ones_like(w)


def _raw_score_prediction(X, y, w):
    return X.T @ (X @ w - y) / len(y)


def _sign_flipped_logistic_gradient(X, y, w):
    return X.T @ (y - _sigmoid(X @ w)) / len(y)


def _summed_logistic_gradient(X, y, w):
    return X.T @ (_sigmoid(X @ w) - y)


def _norm_not_squared(W, lam):
    return lam * np.sqrt(np.sum(W[1:] ** 2))


def _bias_penalised(W, lam):
    return lam * np.sum(W ** 2)


def _l1_penalty(W, lam):
    return lam * np.sum(np.abs(W[1:]))


def _same_rate_in_months():
    return 1


def _edge_divided_by_12():
    return 2


def _nothing_converges():
    return 4


def _fit_uphill(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        grad_w, grad_b = _mse_grads(X, y, w, b)
        w, b = w + lr * grad_w, b + lr * grad_b
    return np.r_[b, w]


def _fit_bias_never_updated(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        grad_w, grad_b = _mse_grads(X, y, w, b)
        w = w - lr * grad_w
    return np.r_[b, w]


def _fit_first_sample_only(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        r0 = X[0] @ w + b - y[0]                       # the residual of sample 0 only
        w, b = w - lr * 2 * r0 * X[0], b - lr * 2 * r0
    return np.r_[b, w]


def _fit_summed_gradient(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        w, b = w - lr * 2 * X.T @ r, b - lr * 2 * r.sum()
    return np.r_[b, w]


def _fit_w_then_b(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_steps):
        grad_w, _ = _mse_grads(X, y, w, b)
        w = w - lr * grad_w
        _, grad_b = _mse_grads(X, y, w, b)             # computed with the new w
        b = b - lr * grad_b
    return np.r_[b, w]


def _fit_one_step_short(X, y, lr, n_steps):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(1, n_steps):
        grad_w, grad_b = _mse_grads(X, y, w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
    return np.r_[b, w]


update_step = Exercise(
    name="Exercise 1: one gradient-descent step",
    prompt="Write my_step(w, grad, lr) that returns the weights after one gradient-descent update.",
    solution=_solution_step,
    cases=[(np.array([0.1, 0.2, 0.3]), np.array([0.05, -0.03, 0.08]), 0.1),
           (np.array([2.0, -1.0]), np.array([-4.0, 0.5]), 0.01),
           (np.array([0.0]), np.array([-294.0]), 0.01)],
    mistakes=[
        Mistake(_step_uphill, "you stepped *up* the slope (w + lr·grad); the gradient points uphill, so subtract it"),
        Mistake(_no_learning_rate, "you forgot the learning rate: the step is lr × gradient"),
        Mistake(_change_only, "you returned only the change −lr·grad; add it to the old weights"),
    ],
    hint="new weights = old weights − learning rate × gradient",
    concept="The gradient points uphill on the loss, so gradient descent moves the weights a small step the other"
            " way; the learning rate sets how big the step is.",
    follow_up="For the loss J(w) = w², whose gradient is 2w, start at w = 1. Where does one step with lr = 1 take "
              "you, and for which learning rates do the steps close in on the minimum at 0?",
    follow_up_answer="To w − 1·2w = −1, the mirror point: no closer than before. Each step multiplies w by (1 − "
                     "2·lr), so the steps converge for 0 < lr < 1, that is below 2/λ for the curvature λ = 2, and "
                     "diverge above 1.",
)

mse_gradient = Exercise(
    name="Exercise 2: the gradient of the mean squared error",
    prompt="Write my_mse_gradient(X, y, w): the gradient of mean((X @ w - y)**2) with respect to w (no bias).",
    solution=_solution_mse_gradient,
    cases=list(zip(_X, _Y, _W)),
    mistakes=[
        Mistake(_half_mse_gradient,
                "you dropped the factor 2 from the derivative of the square (that is the gradient of ½·MSE, "
                "the notes' (1/2)(y − ŷ)² loss, not of the MSE)"),
        Mistake(_sign_flipped_mse_gradient,
                "your sign is flipped: with residual ŷ − y the gradient points uphill; you used y − ŷ"),
        Mistake(_sse_gradient,
                "you did not divide by n: that is the gradient of the *sum* of squared errors"),
        Mistake(_residual_sum_for_every_weight,
                "each weight's gradient must weigh the residuals by its own feature: use X.T @ residuals"),
    ],
    hint="residuals r = X @ w − y; each weight's gradient is (2/n) Σ r_i x_ij, i.e. (2/n) X.T @ r",
    concept="A weight's gradient says how fast the mean squared error changes when that weight moves: each "
            "sample's residual times that weight's feature, averaged over the samples, times 2 from the square.",
    follow_up="What is the gradient at the least-squares solution, and what does that say about the residuals and "
              "each feature column of X?",
    follow_up_answer="Zero: (2/n) Xᵀr = 0, so the residuals r are orthogonal to every feature column (and, with a "
                     "bias, they sum to 0).",
)

rate_in_months = Exercise(
    name="Exercise 3: the learning rate in other units",
    prompt="Measure the salary data's experience in months (x × 12) instead of years. Of the learning rates "
           "1) 0.05, 2) 0.005 and 3) 0.0005, which is the largest that still converges? Give its option number, "
           "or 4 if none of them converges.",
    solution=_solution_rate_in_months,
    value=True,
    mistakes=[
        Mistake(_same_rate_in_months,
                "0.05 works in years, but the loss surface changes with the unit: x × 12 makes the bowl 144 times "
                "steeper along w, and 0.05 now overshoots"),
        Mistake(_edge_divided_by_12,
                "the curvature grows with x², not with x: the Hessian has Σx² in it, so the edge 2/λmax shrinks by "
                "about 12² = 144, to about 0.0006, not by 12; 0.005 is above it"),
        Mistake(_nothing_converges,
                "one of them is below the new edge 2/λmax ≈ 0.0006: 0.0005 converges, slowly"),
    ],
    hint="the Hessian is (2/n) AᵀA with A = [1, x]; its largest eigenvalue grows like Σx², so with x × 12 the "
         "edge 2/λmax shrinks by about 144",
    concept="A learning rate converges only while it is below two divided by the steepest curvature of the loss, "
            "and the curvature along a weight grows with the square of its feature's scale.",
    follow_up="Instead of shrinking the learning rate, what could you do to the months so that 0.05 works again, "
              "and why?",
    follow_up_answer="Standardize the feature (subtract its mean, divide by its standard deviation): the curvature "
                     "then no longer depends on the unit, the bowl is round, and one learning rate suits every "
                     "direction. The part just below shows it.",
)

logistic_gradient = Exercise(
    name="Exercise 4: the gradient of the logistic loss",
    prompt="Write my_logistic_gradient(X, y, w): the gradient of the mean log loss, labels y in {0, 1}, no bias.",
    solution=_solution_logistic_gradient,
    cases=list(zip(_X[1:] + [_X[0] / 5], _LABELS[1:] + _LABELS[:1], _W[1:] + [np.array([1.0])])),
    mistakes=[
        Mistake(_raw_score_prediction,
                "you used the raw score X @ w as the prediction; logistic regression predicts sigmoid(X @ w)"),
        Mistake(_sign_flipped_logistic_gradient,
                "your sign is flipped: use sigmoid(X @ w) − y"),
        Mistake(_summed_logistic_gradient,
                "you did not divide by n: the loss is the *mean* log loss"),
    ],
    hint="same shape as linear regression: X.T @ (prediction − y) / n, with prediction = sigmoid(X @ w)",
    concept="The log loss is built so that its gradient looks like least squares: each sample's error (predicted "
            "probability minus label) times its features, averaged over the samples.",
    follow_up="If a straight line separates the two classes without a single mistake, what happens to the weights as "
              "gradient descent runs on and on?",
    follow_up_answer="They grow without bound: a longer w pushes every probability closer to 0 or 1 and always lowers"
                     " the log loss a little, so the gradient never reaches zero. An L2 penalty or stopping early "
                     "keeps them finite.",
)

l2_penalty = Exercise(
    name="Exercise 5: the L2 penalty",
    prompt="Write my_l2_penalty(W, lam) for W = [w0 (the bias), w1, ..., wd]: lam times the sum of squared "
           "weights, leaving out the bias.",
    solution=_solution_l2_penalty,
    cases=[(np.array([5.0, 3.0, 4.0]), 1.0), (np.array([-2.0, 0.5, -1.0, 2.0]), 0.1), (np.array([10.0, 0.0]), 3.0)],
    mistakes=[
        Mistake(_norm_not_squared,
                "you used the norm ‖w‖; the L2 penalty is the *squared* norm Σ w_j² (no square root)"),
        Mistake(_bias_penalised,
                "you included the bias W[0]; the penalty usually leaves the bias out, so shifting all "
                "predictions costs nothing"),
        Mistake(_l1_penalty,
                "that is the L1 penalty Σ|w_j|; L2 squares each weight"),
    ],
    hint="skip W[0], square the rest, add them up, multiply by lam",
    concept="L2 regularization charges for large weights: λ times the sum of their squares. The bias only shifts "
            "every prediction by the same amount, so it is not charged.",
    follow_up="What is the gradient of the L2 penalty λ Σ w_j² with respect to w_j, and what does a step on the "
              "penalty alone do to a weight?",
    follow_up_answer="2λw_j. The step w_j ← w_j − α·2λw_j = (1 − 2αλ)w_j shrinks every weight by the same factor, "
                     "which is why L2 is also called weight decay; it never makes a weight exactly 0.",
)

gd_loop = Exercise(
    name="Exercise 6: a gradient-descent loop",
    prompt="Write my_fit(X, y, lr, n_steps): start from w = 0, b = 0, take n_steps gradient-descent steps on the "
           "mean squared error of ŷ = X @ w + b, and return np.r_[b, w] (the bias first).",
    solution=_solution_fit,
    cases=_FIT_CASES,
    mistakes=[
        Mistake(_fit_uphill, "you added the gradient: the gradient points uphill, so subtract lr × gradient"),
        Mistake(_fit_bias_never_updated, "b never moves: update the bias too, b ← b − lr · ∂J/∂b"),
        Mistake(_fit_first_sample_only,
                "you used the gradient of the first sample only; average the gradient over all n samples"),
        Mistake(_fit_summed_gradient,
                "you summed over the samples instead of averaging: divide by n (the loss is the *mean* squared "
                "error), otherwise every step is n times too long"),
        Mistake(_fit_w_then_b,
                "you computed b's gradient after updating w: take both gradients at the same (w, b), then update "
                "both"),
        Mistake(_fit_one_step_short, "one step short: the loop must run n_steps times, e.g. range(n_steps)"),
    ],
    hint="in every step: r = X @ w + b − y, grad_w = (2/n) Xᵀr, grad_b = (2/n) Σr, then w ← w − lr·grad_w and "
         "b ← b − lr·grad_b",
    concept="Gradient descent repeats one move: measure the slope of the loss at the current weights and bias, "
            "then step both a little downhill, by the learning rate times that slope.",
    follow_up="Run my_fit on the salary data with lr = 0.05 for 10, 100 and 1,000 steps. Why is w too large at "
              "first (11.7 after 10 steps, 8.4 after 100) while b is still too small?",
    follow_up_answer="From b = 0 the line can only reach the points by tilting up, so w overshoots while b is small. "
                     "Then the run creeps along the floor of the long, narrow valley (condition number 70): w comes "
                     "down as b goes up, and after 1,000 steps both are within 10⁻⁶ of (21.5, 7.5).",
)

EXERCISES = [update_step, mse_gradient, rate_in_months, logistic_gradient, l2_penalty, gd_loop]  # notebook order
