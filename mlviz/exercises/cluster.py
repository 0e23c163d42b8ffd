r"""Exercises for notebook 05 (clustering). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["assignment_step", "update_step", "wcss_value", "kmeanspp_probabilities", "empty_cluster", "lloyd_loop",
           "EXERCISES"]

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


def _nearest(X, C):
    """(n,) labels and (n,) squared distances of each point to its nearest centroid."""
    d = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)  # (n, k)
    labels = d.argmin(axis=1)
    return labels, d[np.arange(len(X)), labels]


def _solution_empty_step(X, C):
    labels, dist = _nearest(X, C)
    empty = [j for j in range(len(C)) if not np.any(labels == j)]
    worst = np.argsort(-dist, kind="stable")[:len(empty)]  # the worst-served points, farthest first
    labels[worst] = empty  # each joins an empty cluster and leaves its own
    return np.array([X[labels == j].mean(axis=0) for j in range(len(C))])


def _solution_lloyd(X, C0, n_iter):
    C = C0.copy()
    for _ in range(n_iter):
        labels, _ = _nearest(X, C)  # assign
        C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))])  # update
    labels, _ = _nearest(X, C)  # the labels that go with the final centroids
    return C[labels]


_UPDATE_CASES = [(X, _rng.permutation(np.arange(len(X)) % len(C)), len(C)) for X, C in _CASES]  # no empty cluster
_WCSS_CASES = [(X, _solution_assign(X, C), C) for X, C in _CASES]


def _blobs(seed, n, centres, std):
    """n points around each centre (a row of ``centres``), normal with spread ``std``."""
    g = np.random.default_rng(seed)
    return np.vstack([c + std * g.normal(size=(n, len(c))) for c in np.asarray(centres, dtype=float)])


_X3 = _blobs(1, 8, [[-3, -3], [0, 3], [3, -1]], 1.0)  # (24, 2) three blobs, as in §2
_X4 = _blobs(2, 6, [[0, 0, 0], [5, 5, 0], [0, 5, 5], [5, 0, 5]], 0.8)  # (24, 3) four blobs
_EMPTY_CASES = [(_X3, np.array([[-3.0, -3.0], [0.0, 3.0], [9.0, 9.0]])),  # the third centroid wins no point
                (_X4, np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 0.0], [2.5, 2.5, 2.5], [-20.0, 0.0, 0.0]])),  # the fourth
                _CASES[0], _CASES[1]]  # random centroids: the second leaves no cluster empty, an ordinary step
# From these starts no cluster is ever empty; after 1, 2 or 3 iterations some points still change cluster
_LLOYD_CASES = [(_X3, np.array([[-1.0, 3.0], [0.0, 4.0], [1.0, 3.0]]), n) for n in (1, 2, 3)] + \
               [(_X3, np.array([[-1.0, 3.0], [0.0, 4.0], [1.0, 3.0]]), 20),  # converged long before 20
                (_X4, _X4[[0, 1, 2, 3]], 3)]

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



def _mean_of_nothing(X, C):
    labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    sums = np.array([X[labels == j].sum(axis=0) for j in range(len(C))])
    counts = np.bincount(labels, minlength=len(C))
    with np.errstate(invalid="ignore"):  # an empty cluster divides 0 by 0
        return sums / counts[:, None]


def _keep_empty_centroid(X, C):
    labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else C[j] for j in range(len(C))])


def _point_nearest_the_empty_centroid(X, C):
    d = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)  # (n, k)
    labels = d.argmin(axis=1)
    for j in range(len(C)):
        if not np.any(labels == j):
            labels[d[:, j].argmin()] = j  # the point closest to the empty centroid joins it
    return np.array([X[labels == j].mean(axis=0) for j in range(len(C))])


def _worst_point_counted_twice(X, C):
    d = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)  # (n, k)
    labels = d.argmin(axis=1)
    new = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else np.zeros(X.shape[1])
                    for j in range(len(C))])
    worst = d.min(axis=1).argmax()
    for j in range(len(C)):
        if not np.any(labels == j):
            new[j] = X[worst]  # the worst-served point, but still in its old cluster's mean
    return new


def _labels_of_previous_centroids(X, C0, n_iter):
    C = C0.copy()
    for _ in range(n_iter):
        labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))])
    return C[labels]  # labels from before the last move


def _one_iteration_too_few(X, C0, n_iter):
    C = C0.copy()
    for _ in range(n_iter - 1):
        labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))])
    labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return C[labels]


def _median_in_the_loop(X, C0, n_iter):
    C = C0.copy()
    for _ in range(n_iter):
        labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        C = np.array([np.median(X[labels == j], axis=0) for j in range(len(C))])
    labels = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return C[labels]


def _assigned_only_once(X, C0, n_iter):
    labels = ((X[:, None, :] - C0[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)  # outside the loop
    C = C0.copy()
    for _ in range(n_iter):
        C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))])
    return C[labels]


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

empty_cluster = Exercise(
    name="Exercise 5: a step that survives an empty cluster",
    prompt="Write my_safe_step(X, C): one assign-and-update step that, like cl.kmeans, gives a centroid that "
           "wins no point the worst-served point (the one farthest from its own centroid), then takes the means.",
    solution=_solution_empty_step,
    cases=_EMPTY_CASES,
    mistakes=[
        Mistake(_mean_of_nothing,
                "an empty cluster's mean is 0 / 0 = nan, and a nan centroid is never the nearest to any point "
                "again: the cluster is lost for good"),
        Mistake(_keep_empty_centroid,
                "you left the empty centroid where it was (as the explorer's Update does): no point is nearer to "
                "it, so it stays empty at every later step; move it to the worst-served point"),
        Mistake(_point_nearest_the_empty_centroid,
                "you gave the empty cluster the point nearest to its centroid; take the worst-served point "
                "instead, the one farthest from its own centroid, which lowers the WCSS the most"),
        Mistake(_worst_point_counted_twice,
                "the worst-served point now belongs to the empty cluster: take it out of its old cluster before "
                "that cluster's mean is computed"),
    ],
    hint="assign; for each empty cluster j, relabel the point with the largest distance to its own centroid as j "
         "(np.argsort(-dist)[:number of empty clusters]); then the means, one per cluster",
    concept="A cluster that wins no point has no mean to move to. Rather than lose it, give it the point that is "
            "served worst, the one farthest from its own centroid: that point leaves its old cluster, and the "
            "within-cluster sum of squares falls.",
    follow_up="Why does moving the worst-served point into the empty cluster always lower the WCSS?",
    follow_up_answer="That point's term in the WCSS was the largest of all, its squared distance to its own "
                     "centroid; in the new cluster it sits exactly on its centroid, a term of 0. Its old cluster "
                     "loses a point, and the mean of the points that remain is the best centre for them, so no "
                     "other term needs to grow. A random point would give less, and could even be a cluster's "
                     "only point, leaving another cluster empty.",
)

lloyd_loop = Exercise(
    name="Exercise 6 (capstone): Lloyd's loop",
    prompt="Write my_lloyd(X, C0, n_iter): n_iter iterations of assign then update from the centroids C0, and "
           "return C[labels], each point's final centroid (it holds both the final labels and centroids).",
    solution=_solution_lloyd,
    cases=_LLOYD_CASES,
    mistakes=[
        Mistake(_labels_of_previous_centroids,
                "your labels come from the centroids before the last update: assign once more after the loop, so "
                "that the labels go with the centroids you return"),
        Mistake(_one_iteration_too_few,
                "you ran one iteration too few: range(n_iter) gives n_iter iterations, each an assign and an "
                "update"),
        Mistake(_median_in_the_loop,
                "you moved each centroid to the median of its points: that is k-medians; k-means updates to the mean"),
        Mistake(_assigned_only_once,
                "you assigned the points only once, before the loop: after the first update the means never "
                "change again; assign inside the loop, after every move"),
    ],
    hint="C = C0.copy(); repeat n_iter times: labels = my_assign(X, C), then C = my_update(X, labels, k); after "
         "the loop assign once more and return C[labels]",
    concept="Lloyd's algorithm alternates two half-steps: every point joins its nearest centroid, then every "
            "centroid moves to the mean of its points. Repeated, the clusters settle; the final labels are "
            "those of the final centroids.",
    follow_up="Your loop runs exactly n_iter times; cl.kmeans stops as soon as no point changes cluster. Why "
              "do both give the same answer after enough iterations?",
    follow_up_answer="When no point changes cluster, the update computes the same means as before, and the next "
                     "assignment the same labels: the loop has reached a fixed point and every further iteration "
                     "repeats it. The WCSS never rises and there are finitely many ways to label the points, so "
                     "this always happens; from the poor start of §2 it took four iterations.",
)

EXERCISES = [assignment_step, update_step, wcss_value, kmeanspp_probabilities, empty_cluster, lloyd_loop]
