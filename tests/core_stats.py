"""Notebook 06's later exercises, each compared with the mlviz computation it teaches (loaded by
tests/test_exercises.py): ``CORE`` lists (exercise, the mlviz computation with the solution's signature, rtol)."""
import numpy as np

from mlviz import stats
from mlviz.exercises import stats as ex_stats


def _bootstrap_by_mlviz(x, n_boot, rng):
    # The same seed gives the same resamples: mlviz draws them as rng.integers(0, n, size=(rows, n)), in blocks of
    # rows that continue one stream (one block at these sizes), so the exercise's one call draws the same numbers
    interval = stats.bootstrap_interval(x, statistic=np.mean, confidence=0.95, n_boot=n_boot, rng=rng)
    return [interval.low, interval.high]


def _undefined_precision_by_mlviz():
    # The option that describes what mlviz does with TP + FP = 0 (see the exercise's options in notebook 06)
    fraud, never = np.array([1.0, 0.0, 0.0, 0.0]), np.zeros(4)
    try:
        value = stats.precision(fraud, never)
    except ValueError as err:
        refused = "undefined" in str(err) and stats.binary_metrics(fraud, never)["precision"] is None
        return 3 if refused else 0
    return 4 if np.isnan(value) else {0.0: 1, 1.0: 2}.get(value, 0)


CORE = [
    (ex_stats.bootstrap_ci, _bootstrap_by_mlviz, 0),
    (ex_stats.undefined_precision, _undefined_precision_by_mlviz, 0),
]
