"""The package stays reference code: short reading paths, and none of the hardware tuning it once had."""
import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from reading_path import reading_path, summary  # noqa: E402

# Code lines a learner reads to follow each algorithm; input checks (run once, at the public function) not counted.
TARGETS = {
    "mlviz.cluster.kmeans": 100,
    "mlviz.attention.scaled_dot_product_attention": 60,
    "mlviz.linear.fit_least_squares": 40,
}


@pytest.mark.parametrize("qualname, limit", TARGETS.items())
def test_reading_path_is_short(qualname, limit):
    own, _ = summary(qualname)
    assert own <= limit, f"{qualname} reads {own} lines (limit {limit}): {reading_path(qualname)}"


def test_reading_path_counts_code_lines_only():
    path = reading_path("mlviz.similarity.cosine_similarity")
    assert "mlviz.similarity.cosine_similarity" in path
    assert all(n > 0 for n in path.values())


SOURCES = sorted((ROOT / "mlviz").rglob("*.py"))


@pytest.mark.parametrize("pattern, what", [
    (r"/sys/devices", "reads hardware facts from sysfs"),
    (r"_multiarray_umath|numpy\._core", "imports NumPy's private API"),
    (r"threadpoolctl|ThreadPoolExecutor|threading", "runs worker threads"),
    (r"exp2", "uses a base-2 exp trick"),
    (r"from \.+_parallel|import _parallel", "imports the removed thread pool"),
    (r"from \.+_special|import _special", "imports the removed special functions"),
])
def test_no_hardware_tuning_left(pattern, what):
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in SOURCES
            for i, line in enumerate(p.read_text().splitlines(), 1) if re.search(pattern, line)]
    assert not hits, f"mlviz {what}: {hits}"


def test_removed_modules_are_gone():
    for name in ("mlviz._parallel", "mlviz._special"):
        assert importlib.util.find_spec(name) is None, f"{name} should be deleted"


def test_one_softmax_and_one_sigmoid():
    defs = {kind: [f"{p.relative_to(ROOT)}:{i}" for p in SOURCES if "exercises" not in p.parts
                   for i, line in enumerate(p.read_text().splitlines(), 1)
                   if re.match(rf"\s*def _?{kind}\(", line)]
            for kind in ("softmax", "sigmoid")}
    # each public function may call one unchecked private kernel of the same name, in the same module
    assert len(defs["softmax"]) <= 2 and all("attention.py" in d for d in defs["softmax"]), defs["softmax"]
    assert len(defs["sigmoid"]) <= 2 and all("linear.py" in d for d in defs["sigmoid"]), defs["sigmoid"]
