r"""The one set-up call at the top of every notebook.

Importing mlviz changes nothing global. ``setup()`` is the opt-in: it applies the
course's plot style, makes figures and printed numbers deterministic, and returns
the notebook's random generator.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_rng

__all__ = ["setup", "STYLE"]

#: rcParams the course uses. Fixed dpi and font sizes keep figures identical across
#: machines; ``svg.hashsalt`` makes SVG ids stable between runs.
STYLE = {
    "figure.dpi": 100,
    "figure.figsize": (6.0, 4.0),
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "viridis",
    "svg.hashsalt": "mlviz",
    "path.simplify": False,
}


def setup(seed: int = 0) -> np.random.Generator:
    r"""Apply the course style and return ``np.random.default_rng(seed)``.

    Changes, on purpose and only when called: matplotlib rcParams (``STYLE``) and
    NumPy print options (4 decimals, no ``np.float64(...)`` wrappers) so that
    printed outputs are short and identical run to run.

    Parameters
    ----------
    seed : int
        Seed for the returned generator. The same seed gives the same numbers.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> rng = setup(0)
    >>> float(rng.integers(100))
    85.0
    """
    import matplotlib as mpl  # here, not at import time: core mlviz stays NumPy-only

    rng = as_rng(seed)  # validates seed before anything global changes
    mpl.rcParams.update(STYLE)
    np.set_printoptions(precision=4, suppress=True, legacy="1.25")
    return rng
