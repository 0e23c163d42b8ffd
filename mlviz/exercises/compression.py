r"""Exercises for notebook 07 (storing and compressing models). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["quantize_int8", "roundtrip", "zero_row", "EXERCISES"]


def _solution_quantize(w, scale):
    return np.clip(np.round(w / scale), -127, 127)


def _solution_roundtrip(W):
    scale = np.max(np.abs(W)) / 127  # the largest |weight| becomes level ±127
    levels = np.clip(np.round(W / scale), -127, 127)  # what is stored: one int8 per weight
    return levels * scale  # dequantized: the weights the model computes with


def _solution_zero_row():
    return 3  # any positive scale: every level is round(0 / scale) = 0, and the row comes back as exactly 0


# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _truncated(w, scale):
    return np.trunc(w / scale)


def _not_clipped(w, scale):
    return np.round(w / scale)


def _multiplied_by_scale(w, scale):
    return np.clip(np.round(w * scale), -127, 127)


def _scale_from_mean(W):
    scale = np.mean(np.abs(W)) / 127
    return np.clip(np.round(W / scale), -127, 127) * scale


def _scale_from_signed_max(W):
    scale = np.max(W) / 127
    return np.clip(np.round(W / scale), -127, 127) * scale


def _not_dequantized(W):
    scale = np.max(np.abs(W)) / 127
    return np.clip(np.round(W / scale), -127, 127)


def _int8_range_128(W):
    scale = np.max(np.abs(W)) / 128
    return np.clip(np.round(W / scale), -128, 127) * scale


def _not_rounded(W):
    scale = np.max(np.abs(W)) / 127
    return np.clip(W / scale, -127, 127) * scale


def _nan_levels():
    return 1


def _refuse():
    return 2


def _keep_float32():
    return 4


quantize_int8 = Exercise(
    name="Exercise 1: symmetric int8 quantization",
    prompt="Write my_quantize(w, scale): the int8 level of each weight in w, round(w / scale), kept within [-127, 127].",
    solution=_solution_quantize,
    cases=[(np.array([0.1234567, -0.5, 1.0]), 1.0 / 127), (np.array([0.3, -2.0, 0.004]), 0.01),
           (np.array([5.0, -5.0]), 0.02)],
    mistakes=[
        Mistake(_truncated, "you truncated towards 0; round to the *nearest* level"),
        Mistake(_not_clipped, "values beyond the range must be clipped to ±127 (8 bits, symmetric)"),
        Mistake(_multiplied_by_scale, "divide by the scale (the size of one step), don't multiply"),
    ],
    hint="level = clip(round(w / scale), -127, 127)",
    concept="Symmetric int8 quantization stores each weight as the nearest whole number of steps of size scale; a"
            " level beyond what int8 holds symmetrically (±127) is clipped to the end of the range.",
    follow_up="With scale = max|w| / 127, what is the largest error a weight can have after dequantizing (level × "
              "scale)?",
    follow_up_answer="Half a step, scale / 2 = max|w| / 254: rounding moves a weight by at most half a level, and "
                     "no weight is clipped, since the largest maps to exactly ±127.",
)

roundtrip = Exercise(
    name="Exercise 2 (capstone): an int8 round trip",
    prompt="Write my_quantize_roundtrip(W): choose the symmetric scale max|W| / 127, quantize W to int8 levels "
           "(round, clip to ±127), dequantize (level × scale), and return the reconstructed weights, shaped like W.",
    solution=_solution_roundtrip,
    cases=[(np.array([[0.5, -1.2, 0.3], [0.05, 0.9, -0.7]]),),
           (np.array([0.1234567, -1.0, 1.0]),),
           (np.array([[0.02, -0.35, 0.11, 0.26], [-0.08, 0.19, -0.01, 0.3]]),)],
    mistakes=[
        Mistake(_scale_from_mean, "the scale comes from the *largest* |weight|, not the mean: with the mean, every "
                                  "weight above it is clipped to ±127 steps and loses its size"),
        Mistake(_scale_from_signed_max, "take the largest *absolute* value, np.max(np.abs(W)): when the biggest "
                                        "weight is negative, np.max(W) gives a scale too small, and the negative "
                                        "weights are clipped"),
        Mistake(_not_dequantized, "you returned the int8 levels; multiply them by the scale to get weights back"),
        Mistake(_int8_range_128, "int8 does hold −128 … 127, but the symmetric scheme uses only ±127: scale = "
                                 "max|W| / 127, so that +max and −max both fit and 0 is in the middle"),
        Mistake(_not_rounded, "without rounding to whole levels nothing is quantized: you got W back. Round "
                              "W / scale to the nearest integer before multiplying back"),
    ],
    hint="scale = max|W| / 127 (np.max(np.abs(W))); levels = clip(round(W / scale), -127, 127); return levels × scale",
    concept="Quantization stores every weight as a whole number of steps of one size, chosen so that the largest "
            "weight in magnitude lands on the last level; the model then computes with each level times that step.",
    follow_up="What is the largest error |W − reconstruction| your function can make, and how much smaller is the "
              "stored matrix than float32?",
    follow_up_answer="Half a step, max|W| / 254: no weight is clipped, so only the rounding moves it. The levels "
                     "take 1 byte each instead of 4, plus one float32 scale: almost exactly 4× smaller.",
)

zero_row = Exercise(
    name="Exercise 3: a row with every weight pruned",
    prompt="Give the number of the option: a row whose weights are all 0 has max|w| = 0, so the per-row scale "
           "max|w| / 127 is 0. What must the quantizer do? 1: compute the levels as usual, round(0 / 0); 2: raise "
           "an error; 3: use any positive scale (such as 1), so every level is 0; 4: keep this row in float32.",
    solution=_solution_zero_row,
    value=True,
    mistakes=[
        Mistake(_nan_levels, "0 / 0 is NaN: the row would be stored as NaN, and every output of the layer that "
                             "uses it becomes NaN too"),
        Mistake(_refuse, "nothing is wrong with a row of zeros (a unit that pruning removed entirely): 0 is a level "
                         "of its own, so the row can be stored exactly"),
        Mistake(_keep_float32, "that works, but stores 4 bytes per weight for a row whose int8 levels would all be 0 "
                               "anyway, at 1 byte each"),
    ],
    hint="0 divided by any positive number is 0, and level 0 times any scale is 0 again",
    concept="A weight of zero is level zero whatever the step size, so a row of zeros can be stored exactly in "
            "integers; only the division of zero by a zero step must be avoided.",
    follow_up="After pruning, why does it matter that the quantizer gives back a weight of 0 as exactly 0?",
    follow_up_answer="A pruned weight must stay pruned: if 0 came back as a small non-zero number, the removed "
                     "connections would return, and a sparse format would have to store them all again. Symmetric "
                     "quantization keeps 0 as level 0; the asymmetric one keeps 0 exact through its zero point.",
)

EXERCISES = [quantize_int8, roundtrip, zero_row]
