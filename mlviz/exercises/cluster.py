r"""Exercises for notebook 05 (clustering). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["assignment_step", "update_step", "wcss_value", "kmeanspp_probabilities", "EXERCISES"]

_rng = np.random.default_rng(5)
_CASES = [(_rng.normal(size=(12, 2)), _rng.normal(size=(3, 2))), (_rng.normal(size=(20, 3)) * 4, _rng.normal(size=(4, 3))),
          (np.array([[0.0, 0.0], [1.0, 0.0], [9.0, 9.0]]), np.array([[0.0, 1.0], [10.0, 10.0]]))]


def _solution_assign(X, C):
    d = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def _solution_update(X, labels, k):
    return np.array([X[labels == j].mean(axis=0) for j in range(k)])


def _solution_wcss(X, labels, C):
    return float(((X - C[labels]) ** 2).sum())


def _solution_pp(X, C):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).min(axis=1)
    return d2 / d2.sum()


_UPDATE_CASES = [(X, _rng.permutation(np.arange(len(X)) % len(C)), len(C)) for X, C in _CASES]  # no empty cluster
_WCSS_CASES = [(X, _solution_assign(X, C), C) for X, C in _CASES]

assignment_step = Exercise(
    name="Exercise 1: the assignment step",
    prompt="Write my_assign(X, C): for each point (row of X), the index of its nearest centroid (row of C).",
    solution=_solution_assign,
    cases=_CASES,
    mistakes=[
        Mistake(lambda X, C: ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmax(axis=1),
                "you picked the farthest centroid: use argmin, not argmax"),
        Mistake(lambda X, C: ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=0),
                "argmin over axis 0 gives, for each centroid, its nearest point; you need one label per point (axis=1)"),
        Mistake(lambda X, C: (X @ C.T).argmax(axis=1), "the largest dot product is not the nearest centroid "
                                                       "(a long centroid wins); compare squared distances"),
    ],
    hint="distances of shape (n_points, k): ((X[:, None, :] - C[None, :, :])**2).sum(axis=2), then argmin over centroids",
)

update_step = Exercise(
    name="Exercise 2: the update step",
    prompt="Write my_update(X, labels, k): the new centroids, one row per cluster, each the mean of its points.",
    solution=_solution_update,
    cases=_UPDATE_CASES,
    mistakes=[
        Mistake(lambda X, labels, k: np.array([np.median(X[labels == j], axis=0) for j in range(k)]),
                "you took the median: that is the k-medians update (best for L1); k-means uses the mean"),
        Mistake(lambda X, labels, k: np.array([X[labels == j].sum(axis=0) for j in range(k)]),
                "you summed the points; divide by how many there are"),
        Mistake(lambda X, labels, k: np.array([(X[labels == j].min(axis=0) + X[labels == j].max(axis=0)) / 2
                                               for j in range(k)]),
                "the midpoint of the extremes is not the centroid: one outlier would drag it; take the mean of all points"),
    ],
    hint="for each j: X[labels == j].mean(axis=0)",
)

wcss_value = Exercise(
    name="Exercise 3: the within-cluster sum of squares",
    prompt="Write my_wcss(X, labels, C): Σ over points of the squared distance to their own centroid.",
    solution=_solution_wcss,
    cases=_WCSS_CASES,
    mistakes=[
        Mistake(lambda X, labels, C: float(np.sqrt(((X - C[labels]) ** 2).sum(axis=1)).sum()),
                "you summed distances, not squared distances"),
        Mistake(lambda X, labels, C: float(((X - C[labels]) ** 2).sum(axis=1).mean()),
                "you averaged; WCSS is the sum over all points"),
        Mistake(lambda X, labels, C: float(((X - X.mean(axis=0)) ** 2).sum()),
                "that is the total sum of squares around the overall mean (TSS), not around each point's own centroid"),
    ],
    hint="C[labels] gives each point its own centroid; square the differences and add everything up",
)

kmeanspp_probabilities = Exercise(
    name="Exercise 4: k-means++ sampling probabilities",
    prompt="Write my_pp_probs(X, C): the probability k-means++ gives each point of becoming the next centroid, "
           "given the centroids C chosen so far.",
    solution=_solution_pp,
    cases=_CASES,
    mistakes=[
        Mistake(lambda X, C: (lambda d: d / d.sum())(np.sqrt(((X[:, None] - C[None]) ** 2).sum(2).min(1))),
                "k-means++ uses the *squared* distance D², which favours far points more strongly"),
        Mistake(lambda X, C: (lambda d: d / d.sum())(((X[:, None] - C[None]) ** 2).sum(2).sum(1)),
                "use each point's distance to its *nearest* chosen centroid (min over centroids), not the sum"),
        Mistake(lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).min(1),
                "normalise: probabilities must sum to 1"),
    ],
    hint="D² = squared distance to the nearest chosen centroid; probabilities = D² / sum(D²)",
)

EXERCISES = [assignment_step, update_step, wcss_value, kmeanspp_probabilities]
