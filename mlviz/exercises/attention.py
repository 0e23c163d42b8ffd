r"""Exercises for notebook 04 (attention). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["stable_softmax", "scaled_scores", "single_head", "causal", "fully_masked_row", "multi_head", "EXERCISES"]

_rng = np.random.default_rng(4)
_QKV = [tuple(_rng.normal(size=(n, d)) for _ in range(3)) for n, d in ((3, 4), (5, 8), (2, 2))]
# Multi-head cases: X (n, d_model), W_Q, W_K, W_V, W_O (d_model, d_model), n_heads; projections of spread about 1
_MHA = [(_rng.normal(size=(n, d)), *(_rng.normal(0, 1 / np.sqrt(d), size=(d, d)) for _ in range(4)), h)
        for n, d, h in ((3, 4, 2), (5, 6, 3), (4, 8, 2))]


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


def _solution_fully_masked():
    return 3  # all weights 0: no masked key gets weight, and no 0/0 leaks into later layers


def _split_heads(M, n_heads):
    n, d_model = M.shape
    return M.reshape(n, n_heads, d_model // n_heads).transpose(1, 0, 2)  # (n, d_model) -> (heads, n, d_head)


def _merge_heads(H):
    heads, n, d_head = H.shape
    return H.transpose(1, 0, 2).reshape(n, heads * d_head)  # (heads, n, d_head) -> (n, d_model)


def _solution_multi_head(X, W_Q, W_K, W_V, W_O, n_heads):
    Q, K, V = (_split_heads(X @ W.T, n_heads) for W in (W_Q, W_K, W_V))  # (heads, n, d_head) each
    d_head = Q.shape[-1]
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(d_head)  # (heads, n, n): each head's scores
    heads = _rows_softmax(S, axis=-1) @ V  # (heads, n, d_head): softmax over the keys
    return _merge_heads(heads) @ W_O.T  # (n, d_model)


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


def _nan_weights():
    return 1


def _uniform_weights():
    return 2


def _all_on_itself():
    return 4


def _scaled_by_d_model(X, W_Q, W_K, W_V, W_O, n_heads):
    Q, K, V = (_split_heads(X @ W.T, n_heads) for W in (W_Q, W_K, W_V))
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(X.shape[1])
    return _merge_heads(_rows_softmax(S, axis=-1) @ V) @ W_O.T


def _reshaped_without_transpose(X, W_Q, W_K, W_V, W_O, n_heads):
    n, d_model = X.shape
    Q, K, V = ((X @ W.T).reshape(n_heads, n, d_model // n_heads) for W in (W_Q, W_K, W_V))
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(d_model // n_heads)
    return (_rows_softmax(S, axis=-1) @ V).reshape(n, d_model) @ W_O.T


def _softmax_over_queries(X, W_Q, W_K, W_V, W_O, n_heads):
    Q, K, V = (_split_heads(X @ W.T, n_heads) for W in (W_Q, W_K, W_V))
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(Q.shape[-1])
    return _merge_heads(_rows_softmax(S, axis=1) @ V) @ W_O.T


def _no_output_projection(X, W_Q, W_K, W_V, W_O, n_heads):
    Q, K, V = (_split_heads(X @ W.T, n_heads) for W in (W_Q, W_K, W_V))
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(Q.shape[-1])
    return _merge_heads(_rows_softmax(S, axis=-1) @ V)


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

fully_masked_row = Exercise(
    name="Exercise 5: a row with nothing left",
    prompt="Give the number of the option: which weights should a query get when every key is masked? 1: NaN in "
           "every weight, 2: 1/n on every key, 3: 0 on every key, 4: weight 1 on its own key.",
    solution=_solution_fully_masked,
    value=True,
    mistakes=[
        Mistake(_nan_weights, "NaN is what 0/0 gives, and it does not stay put: every sum that touches it is NaN, so "
                              "the next layer's outputs, the loss and every gradient become NaN"),
        Mistake(_uniform_weights, "1/n on every key gives weight to keys the mask forbids: a padding key or a future "
                                  "token would leak into the output"),
        Mistake(_all_on_itself, "its own key is masked too: weight 1 on it breaks the mask's promise that a masked "
                                "key weighs exactly 0"),
    ],
    hint="a mask promises two things: a masked key gets weight exactly 0, and nothing undefined (0/0) reaches the "
         "next layer. Only one option keeps both",
    concept="A masked key must get weight exactly zero, and a value that cannot be computed must not travel on into "
            "later layers; when no key is left, the only weights that keep both promises give a zero output.",
    follow_up="The row gets zero weights, so its output is the zero vector. Why is that harmless for a padding "
              "query, the usual place where such a row appears?",
    follow_up_answer="A padding position is filler: the model ignores its output (the loss leaves it out, and no "
                     "real query attends to it, its key being masked), so a zero there changes nothing.",
)

multi_head = Exercise(
    name="Exercise 6 (capstone): multi-head attention by splitting heads",
    prompt="Write my_multi_head(X, W_Q, W_K, W_V, W_O, n_heads): project X (n, d_model) as X @ W.T with each of "
           "W_Q, W_K, W_V; split each into n_heads heads of d_head = d_model / n_heads columns, shape (n_heads, n, "
           "d_head); attend in each head, softmax(Q Kᵀ / √d_head) V; put the heads side by side again, (n, "
           "d_model); return that @ W_O.T.",
    solution=_solution_multi_head,
    cases=_MHA,
    mistakes=[
        Mistake(_scaled_by_d_model, "each head compares vectors of d_head = d_model / n_heads entries: divide its "
                                    "scores by √d_head, not by √d_model"),
        Mistake(_reshaped_without_transpose,
                "reshaping (n, d_model) straight to (n_heads, n, d_head) cuts across tokens and mixes heads: reshape "
                "to (n, n_heads, d_head) and then transpose to (n_heads, n, d_head) (and back, to merge)"),
        Mistake(_softmax_over_queries, "your softmax runs over the queries; each query's weights over the keys must "
                                       "sum to 1, so the softmax runs over the last axis"),
        Mistake(_no_output_projection, "you returned the heads side by side: the last step mixes them with the "
                                       "output matrix, @ W_O.T"),
    ],
    hint="Q = X @ W_Q.T, then reshape to (n, n_heads, d_head) and transpose(1, 0, 2); scores Q @ K.transpose(0, 2, 1) "
         "/ √d_head; softmax over axis=-1; @ V; transpose back and reshape to (n, d_model); @ W_O.T",
    concept="Multi-head attention cuts each token's projected query, key and value into equal slices, one per head, "
            "runs ordinary scaled attention on every slice separately, lays the heads' outputs side by side again "
            "and mixes them with one output matrix.",
    follow_up="Double n_heads (same d_model). Does the number of parameters change? And the number of "
              "multiplications needed for all the scores?",
    follow_up_answer="Neither: the four d_model × d_model matrices stay the same, and twice the heads each compare "
                     "slices half as wide, so the scores still take n² · d_model multiplications in all. What changes "
                     "is how many separate weight patterns the layer can form.",
)

EXERCISES = [stable_softmax, scaled_scores, single_head, causal, fully_masked_row, multi_head]
