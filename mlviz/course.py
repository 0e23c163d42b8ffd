r"""The one set-up call at the top of every notebook, and the environment check of the start page.

Importing mlviz changes nothing global. ``setup()`` is the opt-in: it applies the
course's plot style, makes figures and printed numbers deterministic, and returns
the notebook's random generator.

``doctor()`` checks what the course needs and says how to fix what is missing: the
package versions, the ipympl and ipywidgets front ends in JupyterLab (without them an
explorer shows no figure and no message), and the data checksums. It reads only
local files; no network.
"""
from __future__ import annotations

import platform
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from ._validation import as_rng

__all__ = ["setup", "STYLE", "OKABE_ITO", "PALETTE", "MIN_FONT_SIZE", "doctor", "EnvironmentReport"]

#: The colour-blind-safe palette of Okabe & Ito ("Color Universal Design", 2008): eight colours
#: that people with any common colour-vision deficiency can still tell apart. Every figure of the
#: course draws from it, in this order (black last: it is also the colour of reference lines).
PALETTE = {
    "blue": "#0072b2",
    "vermillion": "#d55e00",
    "bluish_green": "#009e73",
    "reddish_purple": "#cc79a7",
    "orange": "#e69f00",
    "sky_blue": "#56b4e9",
    "yellow": "#f0e442",
    "black": "#000000",
}
OKABE_ITO = list(PALETTE.values())
#: No text in a course figure is smaller than this (points).
MIN_FONT_SIZE = 9

#: rcParams the course uses. Fixed dpi and font sizes keep figures identical across
#: machines (every text size matplotlib derives from 10 pt stays at 9 pt or more); ``svg.hashsalt``
#: makes SVG ids stable between runs. The colour cycle is :data:`OKABE_ITO` (written as a
#: string, so that importing mlviz needs no matplotlib).
STYLE = {
    "figure.dpi": 100,
    "figure.figsize": (6.0, 4.0),
    "font.size": 10,
    "axes.prop_cycle": f"cycler(color={OKABE_ITO!r})",
    "axes.grid": True,
    "axes.axisbelow": True,  # grid and ticks under the data, which also lets explorers keep them (widgets/_frames.py)
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "viridis",
    "svg.hashsalt": "mlviz",
    "path.simplify": False,
}


def setup(seed: int = 0) -> np.random.Generator:
    r"""Apply the course style and return ``np.random.default_rng(seed)``.

    Changes, on purpose and only when called: matplotlib rcParams (``STYLE``: among them the
    Okabe–Ito colour cycle and fonts of 9 pt or more) and
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


# ---------------------------------------------------------------- doctor
#: (distribution, lowest version the course supports); the bounds are pyproject.toml's.
PACKAGES = [("mlviz", "0.1"), ("numpy", "1.26"), ("scipy", "1.11"), ("matplotlib", "3.8"), ("ipywidgets", "8.1"),
            ("ipympl", "0.9.4"), ("jupyterlab", "4.2")]
#: (what it is, its folder under a ``labextensions`` directory, the package that ships it).
FRONT_ENDS = [("ipympl front end", "jupyter-matplotlib", "ipympl"),
              ("ipywidgets front end", "@jupyter-widgets/jupyterlab-manager", "jupyterlab_widgets")]
INSTALL = "run `make lab` in the course folder (or `pip install -c constraints.txt -e '.[lab]'`)"


@dataclass(frozen=True)
class EnvironmentReport:
    """What ``doctor()`` found: ``versions`` (None when not installed), the checks that passed, and one line per
    problem, each ending with its fix. ``ok`` is True when there is no problem."""

    versions: dict[str, str | None]
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        width = max(map(len, self.versions))
        lines = ["mlviz environment check",
                 *(f"  {name:<{width}}  {v or 'not installed'}" for name, v in self.versions.items()),
                 *(f"  ✔ {p}" for p in self.passed), *(f"  ✘ {p}" for p in self.problems)]
        verdict = "All good: the explorers and exercises will work." if self.ok else \
            f"{len(self.problems)} problem{'s' * (len(self.problems) > 1)} found: each ✘ line says how to fix it."
        return "\n".join([*lines, verdict])

    __repr__ = __str__


def doctor() -> EnvironmentReport:
    r"""Check this environment for the course: versions, JupyterLab front ends, data checksums.

    Looks only at local files (installed package metadata, JupyterLab's ``labextensions`` folders,
    the data folder); nothing is downloaded. Print the result, or test ``result.ok``.

    Returns
    -------
    EnvironmentReport
        ``versions``, ``passed``, ``problems`` (one line each, with its fix) and ``ok``.

    Examples
    --------
    >>> report = doctor()
    >>> report.versions["numpy"] == np.__version__
    True
    """
    versions = {"Python": platform.python_version(), **{name: _version(name) for name, _ in PACKAGES}}
    passed, problems = [], []
    if sys.version_info < (3, 10):
        problems.append(f"Python {versions['Python']} is older than 3.10, the oldest the course supports; "
                        "fix: install Python 3.10 or newer, then " + INSTALL)
    for name, lowest in PACKAGES:
        if versions[name] is None:
            problems.append(f"{name} is not installed; fix: {INSTALL}")
        elif _as_tuple(versions[name]) < _as_tuple(lowest):
            problems.append(f"{name} {versions[name]} is older than {lowest}, the oldest the course supports; "
                            f"fix: {INSTALL}")
    for check in (_check_front_ends, _check_data):
        ok, bad = check()
        passed += ok
        problems += bad
    return EnvironmentReport(versions, passed, problems)


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _as_tuple(version: str) -> tuple[int, ...]:
    """'3.8.0rc1' -> (3, 8, 0): the leading numbers, enough to compare with a lower bound."""
    leading = re.match(r"\d+(\.\d+)*", version)
    return tuple(int(n) for n in leading.group(0).split(".")) if leading else ()


def _labextension_dirs() -> list[Path]:
    """The folders where this Python's JupyterLab looks for prebuilt front ends (empty without jupyter_core)."""
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return []
    return [Path(p) for p in jupyter_path("labextensions")]


def _check_front_ends() -> tuple[list[str], list[str]]:
    """Whether JupyterLab would load the ipympl and ipywidgets front ends: their folders with a package.json."""
    dirs = _labextension_dirs()
    passed, problems = [], []
    for what, folder, package in FRONT_ENDS:
        if any((d / folder / "package.json").is_file() for d in dirs):
            passed.append(f"{what} ({folder}) is installed in JupyterLab")
        else:
            problems.append(f"{what} ({folder}) is missing from JupyterLab, so explorers show no figure or controls; "
                            f"fix: {INSTALL} (it installs {package}), then restart JupyterLab and reload the page")
    return passed, problems


def _check_data() -> tuple[list[str], list[str]]:
    """Every data file against the checksum manifest, each failure on its own line."""
    from . import datasets

    try:
        folder = datasets.data_dir()
        names = list(datasets._manifest(folder))
    except (OSError, ValueError) as exc:
        return [], [f"data: {exc}; fix: run the course from its folder (a clone that has data/), or set MLVIZ_DATA"]
    problems = []
    for name in names:
        try:
            datasets.verify(name, folder=folder)
        except (OSError, ValueError) as exc:
            why = "is missing" if isinstance(exc, OSError) else "does not match its checksum (corrupt or changed)"
            problems.append(f"data file {name} {why}; fix: restore it from the course repository "
                            f"(`git checkout -- data/{name}` in a clone), or set MLVIZ_DATA to a good copy")
    return ([f"data: {len(names)} files match their checksums"] if not problems else []), problems
