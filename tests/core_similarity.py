"""Notebook 01's later exercises, each compared with the mlviz computation it teaches (loaded by
tests/test_exercises.py): ``CORE`` lists (exercise, the mlviz computation with the solution's signature, rtol)."""
import numpy as np

from mlviz import similarity as sim
from mlviz.datasets import load_word_embeddings
from mlviz.exercises import similarity as ex_sim


def _ranking(E, q, metric):
    """Every row but q, ranked by ``metric`` to row q by mlviz's pairwise (the closest first)."""
    scores = sim.pairwise(E[[q]], E, metric)[0]  # (n_words,)
    order = np.argsort(scores if metric == "euclidean" else -scores, kind="stable")
    return order[order != q]


def _rankings_after_scaling_by_mlviz():
    # The real embeddings of notebook 01, with apple's vector 10 times longer: which rankings of banana's
    # neighbours change, [dot, cosine, euclidean]
    emb = load_word_embeddings()
    E = emb.vectors.astype(float)
    longer = E.copy()
    longer[emb.index("apple")] *= 10
    q = emb.index("banana")
    return [not np.array_equal(_ranking(E, q, metric), _ranking(longer, q, metric))
            for metric in ("dot", "cosine_similarity", "euclidean")]


def _nearest_by_mlviz(E, q, k):
    # The ranking WordExplorer shows: mlviz's cosine similarities, the most similar first, the query left out
    return _ranking(E, q, "cosine_similarity")[:k]


CORE = [
    (ex_sim.rankings_after_scaling, _rankings_after_scaling_by_mlviz, 0),
    (ex_sim.nearest_words, _nearest_by_mlviz, 0),
]
