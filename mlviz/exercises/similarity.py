r"""Exercises for notebook 01 (similarity). The reference solutions are the functions named ``_solution_*``."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["dot_product", "cosine", "projection", "angle_degrees", "EXERCISES"]

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

EXERCISES = [dot_product, projection, cosine, angle_degrees]  # notebook order
