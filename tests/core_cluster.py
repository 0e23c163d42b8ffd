"""Notebook 05's later exercises, each compared with the mlviz computation it teaches (loaded by
tests/test_exercises.py): ``CORE`` lists (exercise, the mlviz computation with the solution's signature, rtol)."""
import numpy as np

from mlviz import cluster
from mlviz.exercises import cluster as ex_cl


def _one_kmeans_step(X, C):
    # One iteration of cl.kmeans from C: assign, move a centroid that wins no point to the worst-served point, update
    return cluster.kmeans(X, len(C), init=C, max_iter=1, tol=0).centroids


def _kmeans_from(X, C0, n_iter):
    # tol=0: stop only at a fixed point, where further iterations would change nothing; the cases leave no cluster
    # empty, so cl.kmeans's repair never runs
    fit = cluster.kmeans(X, len(C0), init=C0, max_iter=n_iter, tol=0)
    assert fit.n_empty_fixed == 0
    return fit.centroids[fit.labels]  # (n, d) each point's final centroid


CORE = [
    (ex_cl.empty_cluster, _one_kmeans_step, 1e-12),
    (ex_cl.lloyd_loop, _kmeans_from, 1e-12),
]
