"""Benchmarks that serve the course: what a learner feels, and guards against the peer libraries.

    make bench                                        # every row (a few minutes)
    .venv/bin/python bench/run.py --quick             # small sizes, few rounds: a smoke run
    .venv/bin/python bench/run.py --only explorer,notebooks

Each row of GOALS below is one line of the report:

* explorer: one slider change of an explorer under Agg (observer, readout, artists and
  ``fig.canvas.draw()``) against drawing the same figure with nothing changed;
* notebooks: Run All of each notebook in a fresh kernel, in seconds (nothing to compare with);
* guards: mlviz against scikit-learn, SciPy, PyTorch or dask-ml on the same inputs. The two sides alternate
  in one process after a warm-up and the ratio is the median of per-round ratios, because absolute
  times on a shared machine swing 2-4x between runs. A guard is met when mlviz / peer stays at or
  below its factor, and the peak memory of one mlviz call below its limit where there is one.

Writes bench/results/latest.json (bench/results/partial.json with --only).
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import io
import itertools
import json
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Callable

# The peers' OpenMP threads (libgomp, in scikit-learn and PyTorch) busy-wait for milliseconds after each
# call and take a core from whatever runs next, here mlviz; a short spin leaves their own times unchanged.
os.environ.setdefault("GOMP_SPINCOUNT", "10000")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class Skip(Exception):
    """A row that cannot run here (say, PyTorch is not installed); the message says why."""


@dataclass
class Cases:
    """What one row times: callables alternated round by round, and how their times become a ratio."""
    timed: dict[str, Callable]              # "mlviz" and, when there is one, "peer"
    measure: Callable | None = None         # times -> (mlviz s, peer s, ratio); default: median_ratio
    memory: Callable | None = None          # one mlviz call, for its peak memory
    warmup: int = 1
    note: Callable[[], str] | None = None   # after timing: a line for the report (say, how far the answers agree)
    close: Callable | None = None           # after timing: free what build() started (say, a Dask cluster)


@dataclass(frozen=True)
class Goal:
    group: str                              # what --only selects
    name: str                               # formatted with the sizes: "{0}×{1}"
    ours: str                               # what is timed for mlviz
    peer: str                               # what it is timed against
    build: Callable[..., Cases]             # build(*args) -> Cases
    args: tuple = ()                        # sizes (and inputs) of the full run
    quick: tuple | None = None              # the same for --quick (default: args)
    guard: float | None = None              # mlviz / peer must be at or below this
    memory_mb: float | None = None          # peak memory of one mlviz call must be at or below this
    rounds: int = 7


# ------------------------------------------------------------------------------------ timing
def alternate(timed: dict[str, Callable], rounds: int, warmup: int) -> dict[str, list[float]]:
    """Each callable once per round, the order rotated every round; seconds per call."""
    names = list(timed)
    for _ in range(warmup):
        for name in names:
            timed[name]()
    times = {name: [] for name in names}
    gc.collect()
    gc.disable()  # as timeit does: no collection lands inside one side's call
    try:
        for r in range(rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                t0 = time.perf_counter()
                timed[name]()
                times[name].append(time.perf_counter() - t0)
    finally:
        gc.enable()
    return times


def median_ratio(times: dict[str, list[float]]) -> tuple[float, float | None, float | None]:
    ours, peer = times["mlviz"], times.get("peer")
    if peer is None:
        return median(ours), None, None
    return median(ours), median(peer), median(a / b for a, b in zip(ours, peer))


def per_iteration(times: dict[str, list[float]]) -> tuple[float, float, float]:
    """One Lloyd iteration = (median 11-iteration fit - median 1-iteration fit) / 10, on each side.

    Differences of medians, not medians of per-round differences: scikit-learn's 1-iteration fit
    takes twice its usual time in some rounds, and such a round's difference reads a third of the
    true iteration.
    """
    it = {side: (median(times[f"{side} 11"]) - median(times[f"{side} 1"])) / 10 for side in ("mlviz", "peer")}
    return it["mlviz"], it["peer"], it["mlviz"] / it["peer"]


def peak_mb(f: Callable) -> float:
    """Peak memory allocated while f runs, its result included (NumPy reports its buffers to tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        f()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# ------------------------------------------------------------------------------------ rows
def explorer(make: Callable, control: str, values: tuple) -> Cases:
    from mlviz import course, widgets

    course.setup()  # the notebooks' style: the same figure a learner sees
    ex = make(widgets)
    slider = ex.controls[control]
    flip = itertools.cycle(values)  # each call moves the slider: the same value again fires no update

    def update():
        slider.value = next(flip)

    return Cases({"mlviz": update, "peer": ex.fig.canvas.draw}, warmup=3)


def run_all(path: Path) -> Cases:
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)

    def run():
        # IPC sockets in a temporary folder: over TCP the kernel warns at every start that its
        # traffic is not encrypted (it never leaves this machine either way)
        with tempfile.TemporaryDirectory() as sockets, contextlib.redirect_stderr(io.StringIO()):
            km = KernelManager(transport="ipc", ip=str(Path(sockets) / "kernel"))
            try:
                NotebookClient(copy.deepcopy(nb), km=km, timeout=600,
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            finally:
                if km.has_kernel:
                    km.shutdown_kernel(now=True)

    return Cases({"mlviz": run}, warmup=0)


def lloyd(n: int, d: int, k: int) -> Cases:
    from sklearn.cluster import KMeans

    from mlviz import cluster

    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, d))
    C0 = X[rng.choice(n, k, replace=False)]  # the same start on both sides

    def ours(it):
        return lambda: cluster.kmeans(X, k, init=C0, max_iter=it, tol=0)

    def peer(it):
        return lambda: KMeans(k, init=C0, n_init=1, max_iter=it, tol=0, algorithm="lloyd").fit(X)

    timed = {f"{side} {it}": fit(it) for it in (1, 11) for side, fit in (("mlviz", ours), ("peer", peer))}
    return Cases(timed, per_iteration, memory=ours(1))


def attention(batch: int, heads: int, seq: int, d: int) -> Cases:
    try:
        import torch
    except ImportError:
        raise Skip("PyTorch is not installed (make torch)") from None
    from mlviz.attention import scaled_dot_product_attention

    rng = np.random.default_rng(1)
    q, k, v = (rng.standard_normal((batch, heads, seq, d)) for _ in range(3))  # float64 on both sides
    qt, kt, vt = (torch.from_numpy(a) for a in (q, k, v))

    def ours():
        return scaled_dot_product_attention(q, k, v, need_weights=False)

    return Cases({"mlviz": ours, "peer": lambda: torch.nn.functional.scaled_dot_product_attention(qt, kt, vt)},
                 memory=ours)


def least_squares(n: int, d: int) -> Cases:
    from sklearn.linear_model import LinearRegression

    from mlviz.linear import fit_least_squares

    rng = np.random.default_rng(2)
    X = rng.standard_normal((n, d))
    y = X @ rng.standard_normal(d) + 0.5 + rng.standard_normal(n)
    return Cases({"mlviz": lambda: fit_least_squares(X, y), "peer": lambda: LinearRegression().fit(X, y)},
                 memory=lambda: fit_least_squares(X, y))


def pairwise(metric: str, peer: Callable, n_x: int, n_y: int, d: int) -> Cases:
    from mlviz.similarity import pairwise

    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((n_x, d)), rng.standard_normal((n_y, d))
    return Cases({"mlviz": lambda: pairwise(X, Y, metric), "peer": lambda: peer(X, Y)},
                 memory=lambda: pairwise(X, Y, metric))


def cosine(n_x: int, n_y: int, d: int) -> Cases:
    from sklearn.metrics.pairwise import cosine_similarity

    return pairwise("cosine_similarity", cosine_similarity, n_x, n_y, d)


def euclidean(n_x: int, n_y: int, d: int) -> Cases:
    from scipy.spatial.distance import cdist

    return pairwise("euclidean", cdist, n_x, n_y, d)


def silhouette(n: int, k: int) -> Cases:
    from sklearn.metrics import silhouette_score as peer

    from mlviz.cluster import silhouette_score

    rng = np.random.default_rng(4)
    labels = rng.integers(0, k, n)
    X = rng.uniform(-10, 10, (k, 2))[labels] + rng.standard_normal((n, 2))  # k blobs in the plane
    return Cases({"mlviz": lambda: silhouette_score(X, labels), "peer": lambda: peer(X, labels)},
                 memory=lambda: silhouette_score(X, labels))


def lloyd_dask(n: int, d: int, k: int, rows: int) -> Cases:
    """One Lloyd iteration on the same Dask array (kept on the same LocalCluster) for both sides."""
    try:
        import dask.array as da
        from dask_ml.cluster import KMeans
        from distributed import Client, LocalCluster
    except ImportError:
        raise Skip("dask, distributed or dask-ml is not installed (the bench extra)") from None
    import logging

    from mlviz import cluster

    lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", memory_limit="1GB", silence_logs=logging.ERROR)
    client = Client(lc)
    X = da.random.default_rng(5).standard_normal((n, d), chunks=(rows, d)).persist()  # drawn on the workers
    C0 = X[np.sort(np.random.default_rng(5).choice(n, k, replace=False))].compute()  # the same start, both sides
    fits = {}

    def ours(it):  # tol=0 stops early only if no point changes cluster: agreement() reports the iterations run
        return lambda: fits.__setitem__(f"mlviz {it}", cluster.kmeans(X, k, init=C0, max_iter=it, tol=0))

    def peer(it):  # tol=0: dask-ml stops only when the centroids move less than 0, i.e. never before max_iter
        return lambda: fits.__setitem__(f"peer {it}", KMeans(k, init=C0, max_iter=it, tol=0).fit(X))

    def agreement():
        a, b = fits["mlviz 11"], fits["peer 11"]
        gap = np.abs(a.centroids - b.cluster_centers_).max() / np.abs(b.cluster_centers_).max()
        return f"centroids after 11 iterations agree to {gap:.1e} (relative); iterations {a.n_iter} and {b.n_iter_}"

    def close():
        client.close()
        lc.close()

    timed = {f"{side} {it}": fit(it) for it in (1, 11) for side, fit in (("mlviz", ours), ("peer", peer))}
    return Cases(timed, per_iteration, note=agreement, close=close)


def _blobs(n: int, k: int):
    from mlviz.cluster import make_blobs

    return make_blobs(n, k, std=0.9, rng=0)[0]


# The explorers timed: one per notebook, and the two slowest in the browser (notebook 05's k and
# initialization explorers): (notebook, class, how the notebook builds it, slider, values it flips between).
EXPLORERS = [
    ("01", "VectorExplorer", lambda w: w.VectorExplorer(a=(3, 1), b=(1, 2)), "a_x", (2.5, 3.0)),
    ("02", "LineExplorer", lambda w: w.LineExplorer([1, 2, 3, 4, 5], [30, 35, 45, 50, 60], w=5.0, b=10.0),
     "w", (6.0, 5.0)),
    ("03", "InitExplorer", lambda w: w.InitExplorer("he_normal", "relu", depth=10), "depth", (11, 10)),
    ("04", "QueryExplorer", lambda w: w.QueryExplorer(query=(1.5, 1.0)), "q_x", (1.0, 1.5)),
    ("05", "KExplorer", lambda w: w.KExplorer(_blobs(300, 3), k=3, max_k=8), "k", (4, 3)),
    ("05", "InitializationExplorer", lambda w: w.InitializationExplorer(_blobs(600, 6), k=6, seed=0), "seed", (1, 0)),
    ("06", "IntervalExplorer", lambda w: w.IntervalExplorer(n=10, confidence=0.95, seed=0), "confidence",
     (0.9, 0.95)),
]

GOALS = [
    *(Goal("explorer", f"explorer {nb} {cls}", f"set {control} from code, update + draw",
           "fig.canvas.draw() of the same figure", explorer, (make, control, values), guard=1.5, rounds=30)
      for nb, cls, make, control, values in EXPLORERS),
    *(Goal("notebooks", f"Run All {path.name}", "nbclient, fresh kernel", "", run_all, (path,), rounds=1)
      for path in sorted((ROOT / "notebooks").glob("*.ipynb"))),
    Goal("kmeans", "Lloyd iteration {0}×{1}, k={2}", "kmeans(X, k, init=C0): (11-iteration fit - 1-iteration fit) / 10",
         "sklearn KMeans(algorithm='lloyd'), same init", lloyd, (1_000_000, 16, 32), (100_000, 16, 32), guard=2.5),
    Goal("dask", "Dask Lloyd iteration {0}×{1}, k={2}, 2 workers",
         "kmeans(X_dask, k, init=C0): (11-iteration fit - 1-iteration fit) / 10",
         "dask_ml KMeans, same init, same array and LocalCluster", lloyd_dask, (1_000_000, 16, 32, 100_000),
         (100_000, 16, 32, 10_000), guard=1.0, rounds=5),
    Goal("attention", "attention {0}×{1}×{2}×{3} float64", "scaled_dot_product_attention(q, k, v)",
         "torch SDPA (CPU)", attention, (8, 8, 256, 64), (2, 2, 64, 16), guard=3.0),
    Goal("least_squares", "least squares {0}×{1}", "fit_least_squares(X, y)", "sklearn LinearRegression().fit",
         least_squares, (1_000_000, 32), (20_000, 32), guard=1.5),
    Goal("pairwise", "pairwise cosine {0}×{2} vs {1}×{2}", "pairwise(X, Y, 'cosine_similarity')",
         "sklearn cosine_similarity", cosine, (20_000, 2_000, 384), (500, 200, 64), guard=1.2),
    Goal("pairwise", "euclidean {0}×{2} vs {1}×{2}", "pairwise(X, Y, 'euclidean')", "scipy cdist",
         euclidean, (5_000, 2_000, 384), (500, 200, 64), guard=0.5),
    Goal("silhouette", "silhouette n={0}, {1} clusters", "silhouette_score(X, labels)", "sklearn silhouette_score",
         silhouette, (20_000, 8), (2_000, 8), guard=1.0, memory_mb=100),
]
GROUPS = list(dict.fromkeys(g.group for g in GOALS))


# ------------------------------------------------------------------------------------ report
def measure(goal: Goal, quick: bool) -> dict:
    args = goal.quick if quick and goal.quick is not None else goal.args
    row = {"group": goal.group, "name": goal.name.format(*args), "mlviz": goal.ours, "peer": goal.peer,
           "guard": goal.guard, "memory_limit_mb": goal.memory_mb, "mlviz_s": None, "peer_s": None,
           "ratio": None, "memory_mb": None, "status": "report", "note": ""}
    try:
        cases = goal.build(*args)
        try:
            times = alternate(cases.timed, min(goal.rounds, 3) if quick else goal.rounds, cases.warmup)
            row["mlviz_s"], row["peer_s"], row["ratio"] = (cases.measure or median_ratio)(times)
            if cases.memory is not None:
                row["memory_mb"] = peak_mb(cases.memory)
            row["note"] = cases.note() if cases.note is not None else ""
        finally:
            if cases.close is not None:
                cases.close()
    except Skip as e:
        row.update(status="skipped", note=str(e))
        return row
    except Exception as e:  # one broken row must not hide the others
        # a failed notebook cell carries the cell's own error name and message
        row.update(status="ERROR", note=f"{getattr(e, 'ename', type(e).__name__)}: {getattr(e, 'evalue', e)}")
        return row
    checks = [row["ratio"] <= goal.guard] if goal.guard is not None else []
    if goal.memory_mb is not None:
        checks.append(row["memory_mb"] <= goal.memory_mb)
    if checks:
        row["status"] = "met" if all(checks) else "MISSED"
    return row


def _seconds(s: float | None) -> str:
    return "" if s is None else f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def _line(row: dict) -> str:
    guard = ", ".join(x for x in (row["guard"] and f"≤ {row['guard']}×",
                                  row["memory_limit_mb"] and f"≤ {row['memory_limit_mb']:g} MB") if x)
    ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}×"
    memory = "" if row["memory_mb"] is None else f"{row['memory_mb']:.1f} MB"
    note = f"  {row['note'].splitlines()[0][:100]}" if row["note"] else ""
    return (f"{row['name']:44s} {_seconds(row['mlviz_s']):>9s} {_seconds(row['peer_s']):>9s} {ratio:>7s} "
            f"{guard:>17s} {row['status']:>7s} {memory:>9s}{note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and at most 3 rounds (a smoke run)")
    parser.add_argument("--only", help=f"comma-separated groups ({', '.join(GROUPS)}); default: all")
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/latest.json, partial.json with --only)")
    args = parser.parse_args(argv)
    only = GROUPS if args.only is None else args.only.split(",")
    if set(only) - set(GROUPS):
        parser.error(f"unknown groups {sorted(set(only) - set(GROUPS))}; choose from {', '.join(GROUPS)}")
    out = args.out or ROOT / "bench" / "results" / ("latest.json" if args.only is None else "partial.json")

    machine = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
               "python": sys.version.split()[0], "numpy": np.__version__, "date": time.strftime("%Y-%m-%d %H:%M")}
    print("mlviz benchmarks | " + " | ".join(f"{k} {v}" for k, v in machine.items()) + (" | quick" if args.quick else ""))
    print(f"{'row':44s} {'mlviz':>9s} {'peer':>9s} {'ratio':>7s} {'guard':>17s} {'status':>7s} {'memory':>9s}")
    rows = []
    for goal in GOALS:
        if goal.group in only:
            rows.append(measure(goal, args.quick))
            print(_line(rows[-1]), flush=True)

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"quick": args.quick, "only": only, "machine": machine, "rows": rows}, indent=1))
    counts = {s: sum(r["status"] == s for r in rows) for s in ("met", "MISSED", "skipped", "ERROR")}
    print(f"\nguards met {counts['met']} of {counts['met'] + counts['MISSED']}; "
          f"skipped {counts['skipped']}; errors {counts['ERROR']}; written to {out}")
    return 1 if counts["ERROR"] else 0


if __name__ == "__main__":
    sys.exit(main())
