"""Rewrite data/SHA256SUMS from the files in data/ (run after changing a data file)."""
from pathlib import Path

from mlviz.datasets import MANIFEST, _sha256

folder = Path(__file__).resolve().parents[1] / "data"
names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in (MANIFEST, "README.md"))
(folder / MANIFEST).write_text("".join(f"{_sha256(folder / n)}  {n}\n" for n in names))
print(f"{len(names)} files listed in {folder / MANIFEST}")
