"""Notebook 00's later exercises, each compared with the mlviz computation it teaches (loaded by
tests/test_exercises.py): ``CORE`` lists (exercise, the mlviz computation with the solution's signature, rtol)."""
import numpy as np

from mlviz import linear
from mlviz.exercises import start as ex_start


def _constant_column_by_mlviz():
    # The option that describes what mlviz does with a column whose standard deviation is 0 (see the exercise's
    # options in notebook 00): 1 nan, 2 dropped, 3 all zeros, 4 an error
    X = np.array([[1.0, 5.0], [3.0, 5.0], [8.0, 5.0]])
    try:
        Z, _ = linear.standardize(X)
    except ValueError:
        return 4
    if Z.shape != X.shape:
        return 2
    if np.isnan(Z[:, 1]).all():
        return 1
    return 3 if np.array_equal(Z[:, 1], np.zeros(len(X))) else 0


CORE = [
    (ex_start.standardize_columns, lambda X: linear.standardize(X)[0], 1e-12),
    (ex_start.constant_column, _constant_column_by_mlviz, 0),
]
