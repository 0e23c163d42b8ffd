"""Notebook 07's later exercises, each compared with the mlviz computation it teaches (see test_exercises.py)."""
import numpy as np

from mlviz import compression
from mlviz.exercises import compression as ex_comp


def _zero_row_option_by_mlviz():
    """The option mlviz.compression takes for a row of zeros quantized with one scale per row."""
    qz = compression.quantize(np.array([[0.5, -1.0, 0.25], [0.0, 0.0, 0.0]]), 8, per="row")
    scale, levels, back = float(qz.scale[1, 0]), qz.q[1], qz.dequantize()[1]
    if not np.isfinite(back).all():
        return 1
    exact = scale > 0 and not levels.any() and np.array_equal(back, np.zeros(3)) and qz.q.dtype.kind == "i"
    return 3 if exact else 0


CORE = [
    (ex_comp.roundtrip, lambda W: compression.dequantize(compression.quantize(W, bits=8)), 1e-12),
    (ex_comp.zero_row, _zero_row_option_by_mlviz, 0),
]
