"""Seeded randomness, the notebook set-up call, import hygiene, and the data checksums."""
import shutil
import subprocess
import sys

import numpy as np
import pytest

import mlviz
from mlviz import course, datasets
from mlviz._validation import as_matrix, as_rng, as_vector, check_positive_int


def test_rng_none_int_generator():
    g = np.random.default_rng(5)
    assert as_rng(g) is g
    assert as_rng(7).integers(1000) == as_rng(7).integers(1000)
    assert isinstance(as_rng(None), np.random.Generator)


@pytest.mark.parametrize("bad, err, msg", [
    ("seed", TypeError, r"rng must be None, an int seed or a numpy.random.Generator; got str"),
    (1.5, TypeError, r"got float"),
    (True, TypeError, r"got bool"),
    (np.random.RandomState(0), TypeError, r"got RandomState"),
    (-1, ValueError, r"rng seed must be a non-negative int; got -1"),
])
def test_rng_bad(bad, err, msg):
    with pytest.raises(err, match=msg):
        as_rng(bad)


def test_check_positive_int():
    assert check_positive_int(np.int64(3), "k") == 3
    with pytest.raises(ValueError, match="k must be a positive integer; got -2"):
        check_positive_int(-2, "k")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("layout", ["contiguous", "strided", "fortran"])
def test_finite_check_finds_the_entry_in_any_layout(bad, layout):
    X = np.arange(24.0).reshape(4, 6)
    X[2, 3] = bad
    view = {"contiguous": X, "strided": X[:, 1::2], "fortran": np.asfortranarray(X)}[layout]
    where = r"\(2, 1\)" if layout == "strided" else r"\(2, 3\)"
    with pytest.raises(ValueError, match=rf"X must contain only finite numbers; got -?(nan|inf) at index {where}"):
        as_matrix(view, "X")
    with pytest.raises(ValueError, match=r"x must contain only finite numbers; got -?(nan|inf) at index 3"):
        as_vector(np.array([1.0, 2.0, 3.0, bad]), "x")


def test_finite_check_accepts_huge_and_tiny_finite_entries():
    for x in (np.full((3, 2), 1e200), np.full((3, 2), -1.7e308), np.full((3, 2), 1e-200), np.zeros((3, 2))):
        np.testing.assert_array_equal(as_matrix(x, "X"), x)
    v = as_vector(np.float16([6e4, -6e4]), "x")
    assert v.dtype == np.float64  # float16 and ints are computed in float64
    np.testing.assert_array_equal(v, [np.float16(6e4), -np.float16(6e4)])


def test_setup_returns_seeded_rng_and_sets_style():
    import matplotlib as mpl

    rng = course.setup(seed=3)
    assert rng.integers(10**6) == np.random.default_rng(3).integers(10**6)
    assert mpl.rcParams["svg.hashsalt"] == "mlviz"
    assert np.get_printoptions()["precision"] == 4
    assert repr(np.float64(0.5)) == "0.5"  # legacy print: no np.float64(...) wrapper in notebooks


def test_setup_bad_seed_changes_nothing():
    import matplotlib as mpl

    before = mpl.rcParams["svg.hashsalt"]
    with pytest.raises(TypeError, match="rng must be"):
        course.setup(seed="zero")
    assert mpl.rcParams["svg.hashsalt"] == before


def test_import_changes_nothing_global():
    code = (
        "import sys, numpy as np; before = np.get_printoptions(); s = np.random.get_state()[1][:5].tolist();"
        "import mlviz, mlviz.exercises;"
        "assert 'matplotlib' not in sys.modules, 'core import pulled in matplotlib';"
        "assert np.get_printoptions() == before; assert np.random.get_state()[1][:5].tolist() == s;"
        "import matplotlib as mpl; rc = dict(mpl.rcParams); b = mpl.get_backend();"
        "import mlviz.viz, mlviz.widgets;"
        "assert dict(mpl.rcParams) == rc and mpl.get_backend() == b; print('clean')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"MPLBACKEND": "Agg"})
    assert out.stdout.strip() == "clean", out.stderr


def test_every_module_defines_all():
    import importlib
    import pkgutil

    for info in pkgutil.walk_packages(mlviz.__path__, "mlviz."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), info.name


# ---------------------------------------------------------------- data
def test_manifest_verifies_every_shipped_file():
    folder = datasets.data_dir()
    listed = datasets.verify()
    on_disk = sorted(p.name for p in folder.iterdir() if p.name not in ("SHA256SUMS", "README.md"))
    assert sorted(listed) == on_disk


def test_word_embeddings_shape_and_content():
    emb = datasets.load_word_embeddings()
    assert emb.vectors.shape == (100, 384) and emb.vectors.dtype == np.float32
    assert len(set(emb.words)) == 100
    np.testing.assert_allclose(np.linalg.norm(emb.vectors, axis=1), 1.0, atol=1e-5)
    assert set(emb.categories) >= {"fruit", "electronics", "animal", "vehicle", "emotion"}
    assert "MiniLM" in emb.model
    np.testing.assert_array_equal(emb["banana"], emb.vectors[emb.index("banana")])


def test_unknown_word_error():
    emb = datasets.load_word_embeddings()
    with pytest.raises(KeyError, match=r"word 'bananna' is not in the vocabulary of 100 words; did you mean \['banana'"):
        emb.index("bananna")


def test_corrupt_file_is_detected(tmp_path, monkeypatch):
    src = datasets.data_dir()
    for name in ("SHA256SUMS", "word_embeddings.npz"):
        shutil.copy(src / name, tmp_path / name)
    data = bytearray((tmp_path / "word_embeddings.npz").read_bytes())
    data[-100] ^= 0xFF
    (tmp_path / "word_embeddings.npz").write_bytes(bytes(data))
    monkeypatch.setenv("MLVIZ_DATA", str(tmp_path))
    with pytest.raises(ValueError, match=r"word_embeddings.npz does not match its checksum"):
        datasets.load_word_embeddings()


def test_unlisted_file_is_refused(tmp_path):
    (tmp_path / "SHA256SUMS").write_text("")
    with pytest.raises(ValueError, match=r"name must be one of the files listed in .*SHA256SUMS.*got 'x.npz'"):
        datasets.verify("x.npz", folder=tmp_path)
