r"""Course data sets, loaded from ``data/`` without pickle and checked against ``SHA256SUMS``.

The data folder is found, in order, from the ``MLVIZ_DATA`` environment variable,
from ``mlviz/data`` inside an installed wheel, or from ``data/`` at the top of
the source checkout. Provenance and licenses: ``data/README.md``.
"""
from __future__ import annotations

import difflib
import hashlib
import numbers
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["data_dir", "verify", "WordEmbeddings", "load_word_embeddings", "SALARY", "SpamData", "make_spam", "Digits", "load_digits", "AttentionData", "load_attention"]

MANIFEST = "SHA256SUMS"


def data_dir() -> Path:
    """Folder that holds the course data and its ``SHA256SUMS`` manifest."""
    candidates = [os.environ.get("MLVIZ_DATA"), Path(__file__).parent / "data", Path(__file__).parents[1] / "data"]
    for c in candidates:
        if c and (Path(c) / MANIFEST).is_file():
            return Path(c)
    raise FileNotFoundError(
        "mlviz data folder not found: set MLVIZ_DATA, or run from a checkout that has data/SHA256SUMS"
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(2**20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    """Parse ``sha256sum`` format: '<hex>  <name>' per line."""
    entries = {}
    for line in (folder / MANIFEST).read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            entries[name.lstrip("*")] = digest
    return entries


def verify(name: str | None = None, *, folder: Path | None = None) -> list[str]:
    """Check one data file (or all of them) against the manifest.

    Returns the names checked; raises ``ValueError`` naming the file on a
    mismatch, or on a file the manifest does not list.
    """
    folder = Path(folder) if folder else data_dir()
    manifest = _manifest(folder)
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a file name (str) or None; got {type(name).__name__} {name!r:.40}")
    if name is not None and name not in manifest:
        raise ValueError(f"name must be one of the files listed in {folder / MANIFEST} ({', '.join(manifest)}); "
                         f"got {name!r}")
    names = list(manifest) if name is None else [name]
    for n in names:
        got = _sha256(folder / n)
        if got != manifest[n]:
            raise ValueError(
                f"{folder / n} does not match its checksum (expected sha256 {manifest[n][:12]}…, got {got[:12]}…); "
                "the file is corrupt or was changed without updating SHA256SUMS"
            )
    return names


def _load_npz(name: str) -> dict[str, NDArray]:
    folder = data_dir()
    verify(name, folder=folder)
    with np.load(folder / name, allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


@dataclass(frozen=True)
class WordEmbeddings:
    """Real sentence-model embeddings of single words.

    Attributes
    ----------
    words : ndarray of str, shape (n_words,)
    categories : ndarray of str, shape (n_words,)
        The group each word was chosen from (fruit, animal, ...), for colouring plots.
    vectors : ndarray of float32, shape (n_words, 384)
        Unit-length vectors, so a dot product here *is* the cosine similarity.
    model : str
    """

    words: NDArray[np.str_]
    categories: NDArray[np.str_]
    vectors: NDArray[np.float32]
    model: str

    def index(self, word: str) -> int:
        """Row of ``word``; unknown words raise a ``KeyError`` that suggests close spellings."""
        if not isinstance(word, str):
            raise TypeError(f"word must be a str; got {type(word).__name__} {word!r:.40}")
        hits = np.flatnonzero(self.words == word)
        if hits.size == 0:
            near = difflib.get_close_matches(str(word), [str(w) for w in self.words], n=3)
            raise KeyError(f"word {word!r} is not in the vocabulary of {self.words.size} words; did you mean {near}?")
        return int(hits[0])

    def __getitem__(self, word: str) -> NDArray[np.float32]:
        return self.vectors[self.index(word)]


def load_word_embeddings() -> WordEmbeddings:
    """About 100 words (fruit, vegetables, electronics, animals, vehicles, emotions,
    colours, sports, professions) embedded by all-MiniLM-L6-v2.

    Examples
    --------
    >>> emb = load_word_embeddings()
    >>> emb.vectors.shape
    (100, 384)
    """
    d = _load_npz("word_embeddings.npz")
    return WordEmbeddings(words=d["words"], categories=d["categories"], vectors=d["vectors"], model=str(d["model"]))


@dataclass(frozen=True)
class Digits:
    """The 8 × 8 handwritten digits (UCI optical digits; the copy scikit-learn bundles).

    ``images`` are uint8 in 0..16, ``labels`` the digit. ``X`` gives the images flattened to 64
    features scaled to [0, 1]. ``split(test_fraction, rng)`` is a seeded stratified-free shuffle split.
    """

    images: NDArray[np.uint8]
    labels: NDArray[np.uint8]

    @property
    def X(self) -> NDArray[np.float64]:
        return self.images.reshape(len(self.images), -1) / 16.0

    @property
    def y(self) -> NDArray[np.int64]:
        return self.labels.astype(np.int64)

    def split(self, test_fraction: float = 0.25, rng=0):
        """``(X_train, X_test, y_train, y_test)`` after a seeded shuffle."""
        from ._validation import _received, as_rng

        if isinstance(test_fraction, (bool, np.bool_)) or not isinstance(test_fraction, numbers.Real):
            raise TypeError(f"test_fraction must be a number between 0 and 1; got {_received(test_fraction)}")
        n_test = round(test_fraction * len(self.labels)) if 0.0 < test_fraction < 1.0 else 0
        if not 0 < n_test < len(self.labels):
            raise ValueError(f"test_fraction must be between 0 and 1 and leave images on both sides; got "
                             f"{test_fraction} ({n_test} of {len(self.labels)} images for the test)")
        order = as_rng(rng).permutation(len(self.labels))
        test, train = order[:n_test], order[n_test:]
        return self.X[train], self.X[test], self.y[train], self.y[test]


def load_digits() -> Digits:
    """1,797 images of handwritten digits, 8 × 8 pixels, with their labels.

    >>> d = load_digits()
    >>> d.images.shape, d.X.shape, int(d.labels[0])
    ((1797, 8, 8), (1797, 64), 0)
    """
    d = _load_npz("digits.npz")
    return Digits(images=d["images"], labels=d["labels"])


@dataclass(frozen=True)
class AttentionData:
    """Real attention weights of all-MiniLM-L6-v2 (6 layers × 12 heads) for a few sentences.

    ``sentences[i]``, ``tokens[i]`` (word pieces with [CLS] and [SEP]) and ``weights[i]`` of shape
    ``(6, 12, L, L)`` (layer, head, query token, key token). For sentence 0, ``layer_inputs`` holds
    what layer ``layer`` received and ``projections`` its query/key/value weights and biases
    ``{"W_Q": (384, 384), "b_Q": (384,), ...}``, enough to recompute that layer's attention.
    """

    sentences: list
    tokens: list
    weights: list
    layer: int
    layer_inputs: NDArray[np.float32]
    projections: dict
    model: str

    n_layers = 6
    n_heads = 12


def load_attention() -> AttentionData:
    """Attention of a small pretrained transformer, computed once offline (see data/README.md).

    >>> att = load_attention()
    >>> att.tokens[0].tolist(), att.weights[0].shape
    (['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '[SEP]'], (6, 12, 8, 8))
    """
    d = _load_npz("attention_minilm.npz")
    n = int(d["n_sentences"])
    return AttentionData(sentences=[str(d[f"sentence_{i}"]) for i in range(n)],
                         tokens=[d[f"tokens_{i}"] for i in range(n)],
                         weights=[d[f"attention_{i}"] for i in range(n)], layer=int(d["layer"]),
                         layer_inputs=d["hidden_in"],
                         projections={k: d[k] for k in ("W_Q", "b_Q", "W_K", "b_K", "W_V", "b_V")},
                         model=str(d["model"]))


# -- small made-up data sets (generated, not shipped) ------------------------------------------
SALARY = {"experience": np.array([1.0, 2.0, 3.0, 4.0, 5.0]), "salary": np.array([30.0, 35.0, 45.0, 50.0, 60.0])}
"""The notes' salary example: years of experience and salary in $1000s (five made-up points)."""


@dataclass(frozen=True)
class SpamData:
    """A SYNTHETIC spam-like data set: made up, with known generating weights."""

    X: NDArray                 # (n, 4) features
    y: NDArray                 # (n,) 1 = spam, 0 = not spam
    feature_names: tuple[str, ...]
    true_w: NDArray            # the weights the labels were drawn from
    true_b: float


def make_spam(n: int = 300, rng=0) -> SpamData:
    """Made-up e-mails: link count, exclamation count, an "urgent" flag, a known-sender flag.

    Recipe: links ~ Poisson(2), exclamations ~ Poisson(1.5), urgent ~ Bernoulli(0.3),
    known ~ Bernoulli(0.6); spam ~ Bernoulli(sigmoid(x·w + b)) with the notes' weights for
    links, urgent and known (0.5, 1.2, -0.8), 0.4 for exclamations and b = -1.5. It is
    labelled synthetic everywhere it appears: the point is that logistic regression can
    recover known weights, not a claim about real e-mail.
    """
    from ._validation import as_rng, check_positive_int
    from .linear import sigmoid

    n = check_positive_int(n, "n")
    g = as_rng(rng)
    X = np.column_stack([g.poisson(2.0, n), g.poisson(1.5, n), g.random(n) < 0.3, g.random(n) < 0.6]).astype(float)
    w, b = np.array([0.5, 0.4, 1.2, -0.8]), -1.5
    y = (g.random(n) < sigmoid(X @ w + b)).astype(float)
    return SpamData(X=X, y=y, feature_names=("num_links", "num_exclamations", "contains_urgent", "sender_known"),
                    true_w=w, true_b=b)
