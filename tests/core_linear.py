"""The mlviz computation each later exercise of notebook 02 (mlviz.exercises.linear) teaches, for
tests/test_exercises.py: (exercise, a function with the solution's signature, rtol)."""
import numpy as np

from mlviz import optim
from mlviz.datasets import SALARY
from mlviz.exercises import linear as ex_lin


def _largest_converging_rate_by_mlviz():
    # The first option (largest rate first) whose run on the salary data in months does not diverge; 4 if none.
    X_months = 12 * SALARY["experience"].reshape(-1, 1)                    # (5, 1): one feature, in months
    rates = [0.05, 0.005, 0.0005]
    runs = [optim.gradient_descent(X_months, SALARY["salary"], lr=lr, n_epochs=500) for lr in rates]
    return next((i + 1 for i, run in enumerate(runs) if not run.diverged), 4)


def _fit_by_mlviz(X, y, lr, n_steps):
    # Full-batch gradient descent from w = 0, b = 0: one update per epoch.
    run = optim.gradient_descent(X, y, lr=lr, n_epochs=n_steps)
    assert run.status == "max_epochs" and run.n_steps == n_steps
    return np.r_[run.b, run.w]


CORE = [
    (ex_lin.rate_in_months, _largest_converging_rate_by_mlviz, 0),
    (ex_lin.gd_loop, _fit_by_mlviz, 1e-9),
]
