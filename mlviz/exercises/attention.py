r"""Exercises for notebook 04 (attention). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["stable_softmax", "scaled_scores", "single_head", "causal", "EXERCISES"]

_rng = np.random.default_rng(4)
_QKV = [tuple(_rng.normal(size=(n, d)) for _ in range(3)) for n, d in ((3, 4), (5, 8), (2, 2))]


def _solution_softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def _naive_softmax(x):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        return e / np.sum(e)


def _solution_scores(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[1])


def _rows_softmax(S, axis=1):
    e = np.exp(S - S.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _solution_attention(Q, K, V):
    return _rows_softmax(Q @ K.T / np.sqrt(Q.shape[1])) @ V


def _solution_causal(n):
    return np.tril(np.ones((n, n), dtype=bool))


# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _not_normalised(x):
    return np.exp(x - np.max(x))


def _no_exponential(x):
    return x / np.sum(x)


def _unscaled_scores(Q, K):
    return Q @ K.T


def _divided_by_d(Q, K):
    return Q @ K.T / Q.shape[1]


def _divided_by_n_queries(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[0])


def _no_softmax(Q, K, V):
    return (Q @ K.T / np.sqrt(Q.shape[1])) @ V


def _softmax_over_columns(Q, K, V):
    return _rows_softmax(Q @ K.T / np.sqrt(Q.shape[1]), axis=0) @ V


def _softmax_unscaled(Q, K, V):
    return _rows_softmax(Q @ K.T) @ V


def _future_mask(n):
    return np.triu(np.ones((n, n), dtype=bool))


def _no_diagonal(n):
    return np.tril(np.ones((n, n), dtype=bool), -1)


def _masks_nothing(n):
    return np.ones((n, n), dtype=bool)


stable_softmax = Exercise(
    name="Exercise 1: a stable softmax",
    prompt="Write my_softmax(x) for a 1-D array of scores: positive weights summing to 1, that works for scores like 1000.",
    solution=_solution_softmax,
    cases=[(np.array([1.0, 2.0, 3.0]),), (np.array([-2.0, 0.0, 5.0, 1.0]),), (np.array([1000.0, 1001.0, 999.0]),),
           (np.array([-1000.0, -1001.0]),)],
    mistakes=[
        Mistake(_naive_softmax, "exp(1000) overflows to inf (and exp(-1000) underflows to 0): subtract the "
                                "maximum score first; softmax does not change when all scores shift together"),
        Mistake(_not_normalised, "the weights must sum to 1: divide by their sum"),
        Mistake(_no_exponential, "dividing the raw scores by their sum gives negative weights (and 0/0 when "
                                 "scores sum to 0); exponentiate first"),
    ],
    hint="e = exp(x − max(x)); return e / sum(e)",
    concept="Softmax turns scores into positive weights that sum to 1. Subtracting the same number from every "
            "score leaves the weights unchanged, and subtracting the largest keeps exp from overflowing.",
    follow_up="What does your softmax return for the scores [5, 5, 5], and for the same scores at temperature T = "
              "0.01 (divided by 0.01)?",
    follow_up_answer="[1/3, 1/3, 1/3] both times: equal scores stay equal when divided by T, so no temperature can "
                     "make one of them win.",
)

scaled_scores = Exercise(
    name="Exercise 2: scaled attention scores",
    prompt="Write my_scores(Q, K): every query against every key, Q is (n, d), K is (m, d); scale by 1/√d.",
    solution=_solution_scores,
    cases=[(Q, K) for Q, K, _ in _QKV],
    mistakes=[
        Mistake(_unscaled_scores, "you forgot the scaling: divide by √d (d = Q.shape[1])"),
        Mistake(_divided_by_d, "divide by √d, not by d: the variance of q·k is d, so its spread is √d"),
        Mistake(_divided_by_n_queries, "d is the feature size Q.shape[1], not the number of queries"),
    ],
    hint="the (i, j) score is q_i · k_j / √d: one matrix product Q @ K.T",
    concept="A score compares one query with one key by their dot product; dividing by √d keeps the scores' "
            "spread the same whatever the dimension d.",
    follow_up="Shift every key by the same vector c (k_j + c). How do a query's softmax weights change?",
    follow_up_answer="They do not: every score in the query's row gains the same q·c/√d, and softmax ignores a "
                     "shift shared by the whole row. This is why a key bias b_K changes no weight.",
)

single_head = Exercise(
    name="Exercise 3: single-head attention",
    prompt="Write my_attention(Q, K, V) = softmax(Q Kᵀ / √d) V, with the softmax over each row (over the keys).",
    solution=_solution_attention,
    cases=list(_QKV),
    mistakes=[
        Mistake(_no_softmax, "you skipped the softmax: the scores must become "
                             "positive weights summing to 1 in each row"),
        Mistake(_softmax_over_columns,
                "your softmax normalises each column; each query's row of weights must sum to 1 (axis=1)"),
        Mistake(_softmax_unscaled, "you forgot to divide the scores by √d before the softmax"),
    ],
    hint="scores = Q @ K.T / sqrt(d); weights = row-wise softmax(scores); return weights @ V",
    concept="Attention is a weighted average of the values: each query's scores against all keys become weights "
            "through a softmax over the keys.",
    follow_up="If all the keys are identical, what is each query's output?",
    follow_up_answer="The plain mean of the value vectors: every score in a row is the same, so every weight is "
                     "1/m.",
)

causal = Exercise(
    name="Exercise 4: a causal mask",
    prompt="Write my_causal_mask(n): an n × n boolean array, True where query i may attend to key j (j ≤ i).",
    solution=_solution_causal,
    cases=[(1,), (3,), (5,)],
    boolean=True,
    mistakes=[
        Mistake(_future_mask, "that lets each token see the *future*: keep j ≤ i (lower triangle)"),
        Mistake(_no_diagonal, "a token may attend to itself: include the diagonal"),
        Mistake(_masks_nothing, "that masks nothing; block every key after the query"),
    ],
    hint="np.tril of a boolean matrix of ones",
    concept="A causal mask lets position i look only at itself and the positions before it, so that a model "
            "cannot peek at the future.",
    follow_up="With a causal mask, what is the first token's output, whatever the projections?",
    follow_up_answer="Its own value vector v₀: it may attend only to itself, so its one weight is 1.",
)

EXERCISES = [stable_softmax, scaled_scores, single_head, causal]
