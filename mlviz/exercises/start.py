r"""The warm-up exercise of the start page (notebook 00): how a check, its hints and the solution work.

The reference solution is ``_solution_mean``."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["mean", "EXERCISES"]


def _solution_mean(x):
    return np.sum(x) / len(x)


# Known mistakes: each one a wrong answer that a learner really writes, shown by ``Mistake.show()``.
def _sum_only(x):
    return np.sum(x)


def _divided_by_n_minus_one(x):
    return np.sum(x) / (len(x) - 1)


def _floor_division(x):
    return np.sum(x) // len(x)


mean = Exercise(
    name="Exercise 1: the mean",
    prompt="Write my_mean(x) that returns the mean of a 1-D array x, the sum of its values divided by how many "
           "there are, without np.mean.",
    solution=_solution_mean,
    cases=[(np.array([1.0, 2.0, 3.0, 4.0]),), (np.array([-2.0, 0.5, 7.0]),), (np.array([10.0, 10.0]),),
           (np.array([0.25, -1.5, 3.0, 2.0, 1.0]),)],
    mistakes=[
        Mistake(_sum_only, "you returned the sum; divide it by the number of values, len(x)"),
        Mistake(_divided_by_n_minus_one, "you divided by n − 1; the mean divides by n (n − 1 belongs to the "
                                         "sample variance, in notebook 06)"),
        Mistake(_floor_division, "you used //, which rounds down to a whole number; divide with /"),
    ],
    hint="add up all the values with np.sum(x), then divide by len(x)",
    concept="The mean is the balance point of the data: add up all the values and share the total equally "
            "among them.",
    follow_up="Add one value, 100, to [1, 2, 3, 4]. How far does the mean move, and what does the median do?",
    follow_up_answer="The mean jumps from 2.5 to 22 (110 / 5): one outlier drags it far. The median only moves from "
                     "2.5 to 3.",
)

EXERCISES = [mean]
