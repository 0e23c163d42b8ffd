"""Notebook 04's later exercises, each compared with the mlviz computation it teaches (see test_exercises.py)."""
import numpy as np

from mlviz import attention as att
from mlviz.exercises import attention as ex_att

# The options of Exercise 5, as the weights a fully masked row would get (row 1 of 3 keys, key 1 being the query's own)
_OPTIONS = {1: np.full(3, np.nan), 2: np.full(3, 1 / 3), 3: np.zeros(3), 4: np.eye(3)[1]}


def _fully_masked_option_by_mlviz():
    """The option that mlviz's attention gives a query with no key left (asked not to raise)."""
    mask = np.array([[True, False, False], [False, False, False], [True, True, True]])  # row 1: nothing left
    _, w = att.scaled_dot_product_attention(np.eye(3), np.eye(3), np.eye(3), mask, on_fully_masked="zeros")
    return next(k for k, row in _OPTIONS.items() if np.array_equal(w[1], row, equal_nan=True))


def _multi_head_by_mlviz(X, W_Q, W_K, W_V, W_O, n_heads):
    mha = att.MultiHeadAttention(X.shape[1], n_heads, bias=False, rng=0)
    mha.W_Q, mha.W_K, mha.W_V, mha.W_O = W_Q, W_K, W_V, W_O
    return mha(X)[0]


CORE = [
    (ex_att.fully_masked_row, _fully_masked_option_by_mlviz, 0),
    (ex_att.multi_head, _multi_head_by_mlviz, 1e-12),
]
