"""bench/run.py: its goal table is well formed, and a quick run of one cheap group completes.

Nothing here depends on a time: a guard met or missed passes alike (timings on a shared machine
are the benchmark's business, not the test suite's).
"""
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_the_goal_table_is_well_formed(bench):
    names = [g.name.format(*g.args) for g in bench.GOALS]
    assert len(names) == len(set(names)), "two rows with one name"
    for g in bench.GOALS:
        assert callable(g.build) and g.rounds >= 1 and g.ours
        g.name.format(*(g.quick or g.args))  # the name takes the quick sizes too
        assert g.guard is None or (g.guard > 0 and g.peer), g.name
        assert g.memory_mb is None or g.memory_mb > 0, g.name
    assert len([g for g in bench.GOALS if g.group == "notebooks"]) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    assert all(g.guard is not None for g in bench.GOALS if g.group == "explorer")


def test_the_peer_guards_are_the_issues(bench):
    guards = {g.name.split(" ")[0]: (g.guard, g.memory_mb) for g in bench.GOALS
              if g.group not in ("explorer", "notebooks")}
    assert guards == {"Lloyd": (2.5, None), "Dask": (1.0, None), "attention": (3.0, None), "least": (1.5, None),
                      "pairwise": (1.2, None), "euclidean": (0.5, None), "silhouette": (1.0, 100)}


def test_quick_run_of_one_group_writes_every_row(bench, tmp_path, capsys):
    out = tmp_path / "run.json"
    assert bench.main(["--quick", "--only", "pairwise", "--out", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    printed = capsys.readouterr().out
    assert [r["group"] for r in rows] == ["pairwise", "pairwise"]
    for r in rows:
        assert r["status"] in ("met", "MISSED"), r["note"]  # either: the test times nothing
        assert r["mlviz_s"] > 0 and r["peer_s"] > 0 and r["ratio"] > 0 and r["memory_mb"] > 0
        assert r["name"] in printed
    assert "guards met" in printed


def test_unknown_group_is_refused(bench):
    with pytest.raises(SystemExit):
        bench.main(["--only", "nonsense"])
