r"""Exercises for notebook 01 (similarity). The reference solutions are the functions named ``_solution_*``."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["dot_product", "cosine", "projection", "angle_degrees", "rankings_after_scaling", "nearest_words",
           "EXERCISES"]

_PAIRS = [
    (np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])),
    (np.array([3.0, -1.0]), np.array([-2.0, 4.0])),
    (np.array([0.5, 0.0, -2.0, 1.0]), np.array([1.0, 7.0, 0.25, -3.0])),
    (np.array([2.0, 2.0]), np.array([1.0, 0.0])),
]


def _solution_dot(a, b):
    total = 0.0
    for a_i, b_i in zip(a, b):
        total += a_i * b_i
    return total


def _solution_cosine(a, b):
    dot = np.sum(a * b)
    return dot / (np.sqrt(np.sum(a * a)) * np.sqrt(np.sum(b * b)))


def _solution_projection(a, b):
    return (np.sum(a * b) / np.sum(b * b)) * b


def _solution_angle_degrees():
    a, b = np.array([1.0, 1.0]), np.array([1.0, 0.0])
    return np.degrees(np.arccos(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))))


def _solution_rankings_after_scaling():
    return [True, False, True]  # [dot, cosine, Euclidean]: only the cosine ignores apple's new length


def _solution_nearest(E, q, k):
    U = E / np.linalg.norm(E, axis=1, keepdims=True)  # (n_words, d) every row of length 1
    cos = U @ U[q]  # (n_words,) the cosine of every row with row q
    order = np.argsort(-cos, kind="stable")  # (n_words,) the most similar first
    return order[order != q][:k]  # (k,) the query itself left out


def _word_table(rng, n_words, d):
    """(n_words, d) random directions with lengths from 0.2 to 5: long rows win a raw dot product."""
    E = rng.normal(size=(n_words, d))
    return E * rng.uniform(0.2, 5.0, size=(n_words, 1))


_rng = np.random.default_rng(1)
_TABLES = [  # (E, q, k)
    (np.array([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [4.0, 3.0], [0.2, 0.7], [-0.5, 0.4]]), 0, 3),  # banana, ...
    (_word_table(_rng, 8, 5), 3, 4),
    (_word_table(_rng, 20, 16), 0, 5),
    (_word_table(_rng, 6, 3), 5, 5),  # every other word, ranked
]


# Known mistakes: each one a wrong answer that a learner really writes, shown by ``Mistake.show()``.
def _elementwise_products(a, b):
    return a * b


def _sum_of_sums(a, b):
    return np.sum(a + b)


def _product_of_sums(a, b):
    return np.sum(a) * np.sum(b)


def _plain_dot(a, b):
    return np.sum(a * b)


def _divided_by_squared_lengths(a, b):
    return np.sum(a * b) / (np.sum(a * a) * np.sum(b * b))


def _divided_by_one_length(a, b):
    return np.sum(a * b) / np.sqrt(np.sum(a * a))


def _scalar_projection(a, b):
    return np.sum(a * b) / np.sqrt(np.sum(b * b))


def _divided_by_length_once(a, b):
    return (np.sum(a * b) / np.sqrt(np.sum(b * b))) * b


def _b_onto_a(a, b):
    return (np.sum(a * b) / np.sum(a * a)) * a


def _radians():
    return np.pi / 4


def _cosine_not_angle():
    return np.cos(np.pi / 4)


def _nothing_changes():
    return [False, False, False]


def _only_the_dot_product():
    return [True, False, False]


def _all_three():
    return [True, True, True]


def _only_euclidean():
    return [False, False, True]


def _raw_dot_products(E, q, k):
    scores = E @ E[q]
    order = np.argsort(-scores, kind="stable")
    return order[order != q][:k]


def _query_included(E, q, k):
    U = E / np.linalg.norm(E, axis=1, keepdims=True)
    return np.argsort(-(U @ U[q]), kind="stable")[:k]


def _ascending(E, q, k):
    U = E / np.linalg.norm(E, axis=1, keepdims=True)
    order = np.argsort(U @ U[q], kind="stable")
    return order[order != q][:k]


def _one_too_few(E, q, k):
    U = E / np.linalg.norm(E, axis=1, keepdims=True)
    return np.argsort(-(U @ U[q]), kind="stable")[1:k]


dot_product = Exercise(
    name="Exercise 1: the dot product",
    prompt="Write my_dot(a, b) that returns the sum of a_i * b_i, without np.dot or @.",
    solution=_solution_dot,
    cases=_PAIRS,
    mistakes=[
        Mistake(_elementwise_products, "you returned the element-wise products; the dot product adds them up into one number"),
        Mistake(_sum_of_sums, "you added a_i + b_i; the dot product multiplies each pair, then sums"),
        Mistake(_product_of_sums, "you multiplied the two sums; multiply pair by pair first, then sum"),
    ],
    hint="multiply a[0]*b[0], a[1]*b[1], ... and add all the products",
    concept="The dot product pairs up matching components, multiplies each pair and adds the products into one "
            "number: large when the vectors point the same way, negative when they point apart.",
    follow_up="How many multiplications and additions does a dot product of two length-n vectors take, and how many "
              "does the product of an (m, n) matrix with an (n, k) matrix take?",
    follow_up_answer="n multiplications and n − 1 additions. The matrix product is m·k dot products of length n: "
                     "m·k·n multiplications and m·k·(n − 1) additions.",
)

cosine = Exercise(
    name="Exercise 3: cosine similarity",
    prompt="Write my_cosine(a, b) = a·b / (‖a‖ ‖b‖).",
    solution=_solution_cosine,
    cases=_PAIRS,
    mistakes=[
        Mistake(_plain_dot, "you returned the plain dot product; divide it by both lengths ‖a‖‖b‖"),
        Mistake(_divided_by_squared_lengths,
                "you divided by the squared lengths; ‖a‖ is the square root of a·a"),
        Mistake(_divided_by_one_length,
                "you divided by ‖a‖ only; divide by ‖b‖ as well"),
    ],
    hint="the answer must lie in [-1, 1]; ‖a‖ = sqrt(a·a)",
    concept="Cosine similarity is the dot product with both lengths divided out, so only the directions count: 1 "
            "for the same direction, 0 at a right angle, −1 for opposite ones.",
    follow_up="Does the cosine change if you add the same constant to every component of both vectors, say a + 5 and "
              "b + 5?",
    follow_up_answer="Yes: shifting changes the directions. [1, 0] and [0, 1] have cosine 0, but [6, 5] and [5, 6] "
                     "have 60/61 ≈ 0.98. Scaling leaves the cosine alone, shifting does not; subtracting each "
                     "vector's own mean first turns the cosine into the correlation (§9).",
)

projection = Exercise(
    name="Exercise 2: vector projection",
    prompt="Write my_projection(a, b): the vector projection of a onto b, (a·b / ‖b‖²) b.",
    solution=_solution_projection,
    cases=_PAIRS,
    mistakes=[
        Mistake(_scalar_projection,
                "you returned the scalar projection (a length); the vector projection is that length times the unit vector b/‖b‖"),
        Mistake(_divided_by_length_once,
                "you divided by ‖b‖ once; you need ‖b‖² (once for the length, once to make b a unit vector)"),
        Mistake(_b_onto_a,
                "you projected b onto a; the exercise asks for a onto b"),
    ],
    hint="the result points along b, and its length is a·b / ‖b‖",
    concept="Projecting a onto b keeps only the part of a that lies along b: a vector in b's direction whose "
            "signed length is a·b divided by the length of b.",
    follow_up="Project a onto b, then project that result onto b again. What do you get? And what is (a − proj_b a) ·"
              " b?",
    follow_up_answer="The same vector again: it already lies along b, so projecting twice changes nothing. The "
                     "residual a − proj_b a has dot product 0 with b: it is orthogonal to b.",
)

angle_degrees = Exercise(
    name="Exercise 4: an angle",
    prompt="What is the angle, in degrees, between a = [1, 1] and b = [1, 0]? Give a number.",
    solution=_solution_angle_degrees,
    value=True,
    rtol=1e-3,
    mistakes=[
        Mistake(_radians, "that is the angle in radians; convert with np.degrees"),
        Mistake(_cosine_not_angle, "that is cos θ; take np.arccos, then convert to degrees"),
    ],
    hint="cos θ = a·b / (‖a‖‖b‖); then θ = arccos(cos θ)",
    concept="The angle comes from its cosine: get cos θ from the dot product and the two lengths, undo the "
            "cosine, then express the angle in degrees (a right angle is 90).",
    follow_up="What is the angle between [1, 1, 1] and [1, 0, 0]? And between [1, 1, …, 1] and [1, 0, …, 0] in n "
              "dimensions, as n grows?",
    follow_up_answer="cos θ = 1/√3, so θ ≈ 54.7°. In n dimensions cos θ = 1/√n, so θ approaches 90°: in many "
                     "dimensions even vectors that share a component are nearly orthogonal.",
)

rankings_after_scaling = Exercise(
    name="Exercise 5: which rankings does a longer vector change?",
    prompt="Multiply the vector of 'apple' by 10 and rank every other word by how close it is to 'banana'. Give "
           "[dot, cosine, euclidean], one True or False each: True where that measure's ranking changes.",
    solution=_solution_rankings_after_scaling,
    value=True,
    mistakes=[
        Mistake(_nothing_changes, "apple keeps its direction, so the cosine ranking stays; but the dot product and "
                                  "the Euclidean distance also see its new length"),
        Mistake(_only_the_dot_product, "Euclidean distance sees length too: 10 × apple lies about 10 away from "
                                       "banana (length 1), so apple falls from among banana's nearest words to "
                                       "the very last place"),
        Mistake(_all_three, "the cosine divides the length back out: cos(banana, 10 apple) = cos(banana, apple), "
                            "so its ranking does not move"),
        Mistake(_only_euclidean, "banana · (10 apple) is 10 times banana · apple, larger than any other word's "
                                 "dot product: apple jumps to the top of the dot-product ranking"),
    ],
    hint="ask of each measure: does it depend on apple's length? banana · (10 apple) = 10 (banana · apple); "
         "‖banana − 10 apple‖ is about 10",
    concept="A measure that looks only at directions cannot notice that one vector got longer; a measure that "
            "also feels length can reorder the words once one of them is ten times longer than the rest.",
    follow_up="Instead of apple, multiply banana itself, the query, by 10. Which of the three rankings change "
              "now?",
    follow_up_answer="None. Every dot product with banana grows 10 times, which keeps their order. The cosines do "
                     "not move. And ‖10 banana − w‖² = 100 − 20 banana · w + 1 for every unit-length word w, so "
                     "the distances still rank the words by banana · w.",
)

nearest_words = Exercise(
    name="Exercise 6 (capstone): the nearest words",
    prompt="Write my_nearest(E, q, k): given word vectors E of shape (n_words, d), a row index q and a count k, "
           "return the indices of the k rows most similar to row q by cosine similarity, most similar first, "
           "leaving row q itself out: an int array of shape (k,).",
    solution=_solution_nearest,
    cases=_TABLES,
    mistakes=[
        Mistake(_raw_dot_products, "you ranked by the raw dot product E @ E[q]: long vectors win whatever their "
                                   "direction. Divide each row by its length first (axis=1, keepdims=True)"),
        Mistake(_query_included, "the first index is q itself (cosine 1 with itself): leave the query out, then "
                                 "keep k"),
        Mistake(_ascending, "np.argsort sorts from small to large, so you returned the least similar words: sort "
                            "the negated cosines, np.argsort(-cos)"),
        Mistake(_one_too_few, "slicing [1:k] drops the query but keeps only k − 1 words: take [1:k + 1], or drop q "
                              "first and then keep [:k]"),
    ],
    hint="U = E / np.linalg.norm(E, axis=1, keepdims=True); cos = U @ U[q]; order = np.argsort(-cos); then drop "
         "q and keep the first k",
    concept="Bring every word vector to length one so that only directions count, score every word against the "
            "query in one go, sort the scores from high to low, and leave the query itself out of its own list.",
    follow_up="On this notebook's embeddings, would ranking by the raw dot product E @ E[q] give the same "
              "neighbours? And for word-count vectors of texts of very different lengths?",
    follow_up_answer="For the embeddings, yes: every row has length 1, so the dot product is the cosine (§8). For "
                     "word counts, no: a long text has a long count vector and a large dot product with "
                     "everything, so it would head every ranking; dividing each row by its length removes that.",
)

EXERCISES = [dot_product, projection, cosine, angle_degrees, rankings_after_scaling, nearest_words]  # notebook order
