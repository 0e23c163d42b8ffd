"""Write data/digits.npz from the copy of the UCI optical digits test set that scikit-learn bundles.

    python scripts/make_digits.py && python scripts/update_checksums.py

Needs scikit-learn installed (the `test` extra); reads its bundled `datasets/data/digits.csv.gz`
directly (64 pixel columns with values 0-16, then the label), so the result is exactly
sklearn.datasets.load_digits(). See data/README.md for provenance and license.
"""
import gzip
from pathlib import Path

import numpy as np
import sklearn

src = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
with gzip.open(src, "rt") as f:
    table = np.loadtxt(f, delimiter=",", dtype=np.int64)
images = table[:, :64].reshape(-1, 8, 8).astype(np.uint8)
labels = table[:, 64].astype(np.uint8)
assert images.shape == (1797, 8, 8) and images.max() == 16 and set(np.unique(labels)) == set(range(10))
out = Path(__file__).resolve().parents[1] / "data" / "digits.npz"
np.savez_compressed(out, images=images, labels=labels,
                    source=np.array(f"UCI optical recognition of handwritten digits (test set), via scikit-learn "
                                    f"{sklearn.__version__} datasets/data/digits.csv.gz"))
print(f"wrote {out}: {images.shape[0]} images, {out.stat().st_size} bytes")
