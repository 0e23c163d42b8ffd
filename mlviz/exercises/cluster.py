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

# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _farthest_centroid(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmax(axis=1)


def _nearest_point_per_centroid(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=0)


def _largest_dot_product(X, C):
    return (X @ C.T).argmax(axis=1)


def _median_update(X, labels, k):
    return np.array([np.median(X[labels == j], axis=0) for j in range(k)])


def _sum_update(X, labels, k):
    return np.array([X[labels == j].sum(axis=0) for j in range(k)])


def _midpoint_update(X, labels, k):
    return np.array([(X[labels == j].min(axis=0) + X[labels == j].max(axis=0)) / 2 for j in range(k)])


def _sum_of_distances(X, labels, C):
    return float(np.sqrt(((X - C[labels]) ** 2).sum(axis=1)).sum())


def _mean_squared_distance(X, labels, C):
    return float(((X - C[labels]) ** 2).sum(axis=1).mean())


def _total_sum_of_squares(X, labels, C):
    return float(((X - X.mean(axis=0)) ** 2).sum())


def _distance_not_squared(X, C):
    d = np.sqrt(((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).min(axis=1))
    return d / d.sum()


def _sum_over_centroids(X, C):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).sum(axis=1)
    return d2 / d2.sum()


def _not_normalised(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).min(axis=1)


assignment_step = Exercise(
    name="Exercise 1: the assignment step",
    prompt="Write my_assign(X, C): for each point (row of X), the index of its nearest centroid (row of C).",
    solution=_solution_assign,
    cases=_CASES,
    mistakes=[
        Mistake(_farthest_centroid,
                "you picked the farthest centroid: use argmin, not argmax"),
        Mistake(_nearest_point_per_centroid,
                "argmin over axis 0 gives, for each centroid, its nearest point; you need one label per point (axis=1)"),
        Mistake(_largest_dot_product, "the largest dot product is not the nearest centroid "
                                      "(a long centroid wins); compare squared distances"),
    ],
    hint="distances of shape (n_points, k): ((X[:, None, :] - C[None, :, :])**2).sum(axis=2), then argmin over centroids",
    concept="The assignment step gives each point to the centroid closest to it in (squared) Euclidean distance.",
    follow_up="With only two centroids c₁ and c₂, what shape is the boundary between the points assigned to "
              "each?",
    follow_up_answer="A straight line (a hyperplane in d dimensions), the perpendicular bisector of the "
                     "segment from c₁ to c₂: ‖x − c₁‖² = ‖x − c₂‖² simplifies to the linear equation 2x·(c₂ − "
                     "c₁) = ‖c₂‖² − ‖c₁‖². With k centroids the regions are Voronoi cells, each convex, which "
                     "is why k-means cannot separate two rings (§8).",
)

update_step = Exercise(
    name="Exercise 2: the update step",
    prompt="Write my_update(X, labels, k): the new centroids, one row per cluster, each the mean of its points.",
    solution=_solution_update,
    cases=_UPDATE_CASES,
    mistakes=[
        Mistake(_median_update,
                "you took the median: that is the k-medians update (best for L1); k-means uses the mean"),
        Mistake(_sum_update,
                "you summed the points; divide by how many there are"),
        Mistake(_midpoint_update,
                "the midpoint of the extremes is not the centroid: one outlier would drag it; take the mean of all points"),
    ],
    hint="for each j: X[labels == j].mean(axis=0)",
    concept="The update step moves each centroid to the mean of the points assigned to it: the point with the "
            "smallest total squared distance to them.",
    follow_up="A cluster ends up with no points at all. What does your update return for it, and what does "
              "cl.kmeans do instead?",
    follow_up_answer="The mean of an empty selection is nan (with a RuntimeWarning), and a nan centroid never "
                     "wins a point again. cl.kmeans moves such a centroid to the worst-served point, the one "
                     "farthest from its own centroid, which lowers the WCSS (§8).",
)

wcss_value = Exercise(
    name="Exercise 3: the within-cluster sum of squares",
    prompt="Write my_wcss(X, labels, C): Σ over points of the squared distance to their own centroid.",
    solution=_solution_wcss,
    cases=_WCSS_CASES,
    mistakes=[
        Mistake(_sum_of_distances,
                "you summed distances, not squared distances"),
        Mistake(_mean_squared_distance,
                "you averaged; WCSS is the sum over all points"),
        Mistake(_total_sum_of_squares,
                "that is the total sum of squares around the overall mean (TSS), not around each point's own centroid"),
    ],
    hint="C[labels] gives each point its own centroid; square the differences and add everything up",
    concept="The within-cluster sum of squares adds up, over all points, the squared distance from each point to "
            "its own cluster's centroid: the smaller, the tighter the clusters.",
    follow_up="What is the WCSS when k equals the number of points, and why can the WCSS alone not choose k?",
    follow_up_answer="0: every point is its own centroid. Adding a centroid never raises the best WCSS (462.3 "
                     "at k = 3, 225.1 at k = 8 on the blobs of §7), so the smallest WCSS always asks for more "
                     "clusters; choose k with the elbow, the silhouette or the Davies–Bouldin index.",
)

kmeanspp_probabilities = Exercise(
    name="Exercise 4: k-means++ sampling probabilities",
    prompt="Write my_pp_probs(X, C): the probability k-means++ gives each point of becoming the next centroid, "
           "given the centroids C chosen so far.",
    solution=_solution_pp,
    cases=_CASES,
    mistakes=[
        Mistake(_distance_not_squared,
                "k-means++ uses the *squared* distance D², which favours far points more strongly"),
        Mistake(_sum_over_centroids,
                "use each point's distance to its *nearest* chosen centroid (min over centroids), not the sum"),
        Mistake(_not_normalised,
                "normalise: probabilities must sum to 1"),
    ],
    hint="D² = squared distance to the nearest chosen centroid; probabilities = D² / sum(D²)",
    concept="k-means++ picks the next centroid at random, favouring points far from every centroid chosen so far:"
            " a point's chance is proportional to its squared distance to the nearest one.",
    follow_up="A few outliers sit far from all the other points. How likely is k-means++ to start a centroid "
              "on one of them, and what can be done about it?",
    follow_up_answer="Likely: their D² is large, so they get a large share of the probability. A centroid "
                     "started on an outlier can stay there (§4). Remedies: remove or down-weight the outliers "
                     "first, or use greedy k-means++ (as scikit-learn does), which draws a few candidates each "
                     "time and keeps the one that lowers the WCSS most.",
)

EXERCISES = [assignment_step, update_step, wcss_value, kmeanspp_probabilities]
