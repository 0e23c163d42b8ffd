r"""The exercises of the start page (notebook 00): the warm-up (how a check, its hints and the solution work),
then standardising a table's columns (the capstone) and what to do with a column that does not vary.

The reference solutions are the functions named ``_solution_*``."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["mean", "standardize_columns", "constant_column", "EXERCISES"]


def _solution_mean(x):
    return np.sum(x) / len(x)


def _solution_standardize(X):
    mean = X.mean(axis=0)  # (n_features,) one mean per column
    std = X.std(axis=0)  # (n_features,) one spread per column
    return (X - mean) / std  # (n_samples, n_features): the (n_features,) rows broadcast down every row of X


def _solution_constant_column():
    return 3  # centred, then divided by 1 instead of 0: the column becomes all zeros, as mlviz does


_TABLES = [  # (n_samples, n_features), no column constant
    (np.array([[25.0, 50_000.0], [55.0, 51_000.0], [40.0, 30_000.0]]),),  # age and income: very different units
    (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),),
    (np.array([[1.70, 65.0, 3.0], [1.82, 80.0, 1.0], [1.65, 58.0, 2.0], [1.75, 72.0, 5.0]]),),
    (np.array([[-2.0, 10.0, 0.5, 7.0], [4.0, -1.0, 0.25, 3.0]]),),
]


# Known mistakes: each one a wrong answer that a learner really writes, shown by ``Mistake.show()``.
def _sum_only(x):
    return np.sum(x)


def _divided_by_n_minus_one(x):
    return np.sum(x) / (len(x) - 1)


def _floor_division(x):
    return np.sum(x) // len(x)


def _centred_only(X):
    return X - X.mean(axis=0)


def _whole_table(X):
    return (X - X.mean()) / X.std()


def _each_row(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


def _divided_by_variance(X):
    return (X - X.mean(axis=0)) / X.var(axis=0)


def _option_nan():
    return 1


def _option_dropped():
    return 2


def _option_error():
    return 4


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

standardize_columns = Exercise(
    name="Exercise 2 (capstone): standardise each column",
    prompt="Write my_standardize(X): for a table X of shape (n_samples, n_features), subtract each column's mean "
           "and divide by each column's standard deviation, z = (x − column mean) / column std, for the whole "
           "table at once; return an array of X's shape.",
    solution=_solution_standardize,
    cases=_TABLES,
    mistakes=[
        Mistake(_centred_only, "you subtracted each column's mean but did not divide by its standard deviation: "
                               "the columns still keep their units (dollars stay far larger than years)"),
        Mistake(_whole_table, "you used one mean and one standard deviation for the whole table; each column "
                              "needs its own: X.mean(axis=0) and X.std(axis=0)"),
        Mistake(_each_row, "you standardised each row (axis=1); a feature is a column, and axis=0 runs down the "
                           "rows to give one number per column"),
        Mistake(_divided_by_variance, "you divided by the variance; divide by the standard deviation, its square "
                                      "root, so that z is in the column's own units of spread"),
    ],
    hint="mean = X.mean(axis=0) and std = X.std(axis=0) both have shape (n_features,); (X - mean) / std then "
         "works on every row at once",
    concept="Standardising measures every value in units of its own column's spread: take away the column's "
            "average, then divide by the column's standard deviation, so that each column ends up centred on "
            "zero with a typical size of one.",
    follow_up="What are the mean and the standard deviation of every column of your result? Why does that let "
              "a column in dollars and a column in years count equally in a distance?",
    follow_up_answer="Every column has mean 0 and standard deviation 1 (up to rounding). A difference of 1 now "
                     "means 'one typical spread' in any column, whatever its unit, so income no longer outweighs "
                     "age just because dollars are small units (notebook 01, §1).",
)

constant_column = Exercise(
    name="Exercise 3: a column that never changes",
    prompt="Give the number of the option that says what standardising should do with a column whose values "
           "are all the same (its standard deviation is 0), the one mlviz.linear.standardize does.",
    solution=_solution_constant_column,
    value=True,
    mistakes=[
        Mistake(_option_nan, "dividing 0 by 0 gives nan (with a warning), and one nan spreads into every sum, "
                             "distance and fitted weight that touches the column; mlviz does not divide by 0"),
        Mistake(_option_dropped, "dropping the column would change the table's shape, and new data with a "
                                 "different value in that column would no longer fit; mlviz keeps every column"),
        Mistake(_option_error, "a constant column is legal data, a feature that happens not to vary in this "
                               "sample; refusing it would stop the whole computation. mlviz handles it"),
    ],
    hint="after subtracting its mean, every value of such a column is 0; what can you divide 0 by safely?",
    concept="A column that never changes carries no information to compare rows by, and its spread is zero, so "
            "the usual division has no answer and the rule must say what to do instead.",
    follow_up="What does your my_standardize from Exercise 2 return for the table [[1, 5], [3, 5]], and which "
              "one change to it gives the sensible answer?",
    follow_up_answer="The second column becomes nan, 0 / 0, with a RuntimeWarning. Replace a zero standard "
                     "deviation by 1 before dividing, std = np.where(std > 0, std, 1): the column is then "
                     "centred to all zeros, as mlviz.linear.standardize does.",
)

EXERCISES = [mean, standardize_columns, constant_column]  # notebook order
