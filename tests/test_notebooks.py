"""Notebook hygiene, and proof that nbval catches a wrong number.

nbval itself runs over notebooks/ in `make test`. These tests check that what it
runs is trustworthy: every code cell has a stored execution count (nbval silently
skips cells without one), outputs come from one fresh top-to-bottom run, nothing
binary is stored, and a wrong number, in a stored output or in the code, fails.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["00_start_here.ipynb", "01_similarity.ipynb",
                                           "02_weights_gradient_descent.ipynb", "03_weight_matrices_init.ipynb",
                                           "04_attention_heatmaps.ipynb", "05_centroids_clustering.ipynb",
                                           "06_statistics.ipynb", "07_storing_compressing.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executed_top_to_bottom_in_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), "run scripts/refresh_notebooks.py (make notebooks)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_images_widget_state_or_errors_stored(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in code_cells(nb):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", cell["source"]
            assert not set(out.get("data", {})) & {"image/png", "image/svg+xml",
                                                   "application/vnd.jupyter.widget-view+json"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_setup_call_first_and_no_absolute_paths(path):
    nb = load(path)
    first = "".join(code_cells(nb)[0]["source"])
    assert "%matplotlib widget" in first and "mlviz.course.setup(" in first
    text = path.read_text(encoding="utf-8")
    for bad in ("/work/", "/home/", "/tmp/", "C:\\\\"):
        assert bad not in text


TOPICS = [p for p in NOTEBOOKS if not p.name.startswith("00")]


@pytest.mark.parametrize("path", TOPICS, ids=[p.name for p in TOPICS])
def test_opens_with_goals_and_every_explorer_says_what_to_try(path):
    cells = load(path)["cells"]  # cells[0] is the navigation bar, cells[1] the title with the goals
    assert "What you will be able to do" in "".join(cells[1]["source"])
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and "Explorer(" in "".join(cell["source"]):
            assert "Try this" in "".join(cells[i - 1]["source"]), f"explorer in cell {i} has no 'Try this'"


def run_nbval(path):
    cmd = [sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider", "-p", "no:xdist",
           "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
           str(path)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=path.parent, timeout=600)


def mutate(tmp_path, edit):
    nb = load(ROOT / "notebooks" / "01_similarity.ipynb")
    edit(nb)
    out = tmp_path / "01_mutated.ipynb"
    out.write_text(json.dumps(nb), encoding="utf-8")
    return out


def find_cell(nb, needle):
    return next(c for c in code_cells(nb) if needle in "".join(c["source"]))


@pytest.mark.slow
def test_wrong_stored_number_fails_nbval(tmp_path):
    def edit(nb):
        cell = find_cell(nb, "Euclidean √8")
        text = "".join(cell["outputs"][0]["text"])
        assert "Manhattan = 4" in text
        cell["outputs"][0]["text"] = text.replace("Manhattan = 4", "Manhattan = 5")

    result = run_nbval(mutate(tmp_path, edit))
    assert result.returncode != 0
    assert "1 failed" in result.stdout and "Manhattan = 5" in result.stdout


@pytest.mark.slow
def test_wrong_computed_number_fails_nbval(tmp_path):
    def edit(nb):
        cell = find_cell(nb, "income's share")
        cell["source"] = "".join(cell["source"]).replace("diff_sq = (person - other) ** 2",
                                                          "diff_sq = abs(person - other)")

    result = run_nbval(mutate(tmp_path, edit))
    assert result.returncode != 0 and "1 failed" in result.stdout
