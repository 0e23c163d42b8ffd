"""Execute notebooks in a fresh kernel and store their text outputs for nbval.

Policy (see README, "Notebook tests"): keep text outputs and execution counts so
nbval compares every printed number; drop images and widget state, which nbval
cannot compare and which would bloat the repository. A cell whose output is a
widget (an explorer or an interactive ipympl figure) is tagged
``nbval-ignore-output``: nbval still runs it and fails on any error. A prediction
cell (tag ``predict``) keeps its fixed text, the question, which nbval compares.

    python scripts/refresh_notebooks.py notebooks/01_similarity.ipynb
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET = "application/vnd.jupyter.widget-view+json"
DROP_MIME = ("image/png", "image/svg+xml", "image/jpeg", WIDGET)
IGNORE = "nbval-ignore-output"


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        tags = list(cell.metadata.get("tags", []))  # an author's nbval-ignore-output (timings) stays
        has_widget = any(WIDGET in out.get("data", {}) for out in cell.outputs)
        kept = []
        for out in cell.outputs:
            if out.output_type == "stream" and kept and kept[-1].output_type == "stream" and kept[-1].name == out.name:
                kept[-1].text += out.text  # one block per stream: chunking varies run to run
                continue
            data = out.get("data")
            if data is not None:
                for mime in DROP_MIME:
                    data.pop(mime, None)
                if not data or set(data) == {"text/plain"} and data["text/plain"].startswith("<Figure"):
                    continue
            kept.append(out)
        if has_widget and "predict" in tags:  # a prediction stores its question only (never the answer)
            kept = [o for o in kept if o.get("data", {}).get("text/plain", "").startswith("Predict: ")]
        elif has_widget:
            kept, tags = [], tags + [IGNORE] * (IGNORE not in tags)
        cell.outputs = kept
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
    return nb


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(clean(nb), path)
    print(f"refreshed {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        refresh(Path(arg))
