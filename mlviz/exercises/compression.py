r"""Exercises for notebook 07 (storing and compressing models). Reference solutions are the ``_solution_*`` functions."""
from __future__ import annotations

import numpy as np

from ..exercise import Exercise, Mistake

__all__ = ["quantize_int8", "EXERCISES"]


def _solution_quantize(w, scale):
    return np.clip(np.round(w / scale), -127, 127)


# Known mistakes: each a wrong answer learners really write, shown by ``Mistake.show()``.
def _truncated(w, scale):
    return np.trunc(w / scale)


def _not_clipped(w, scale):
    return np.round(w / scale)


def _multiplied_by_scale(w, scale):
    return np.clip(np.round(w * scale), -127, 127)


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

EXERCISES = [quantize_int8]
