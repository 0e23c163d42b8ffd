"""mlviz.course.doctor(): the start page's environment check finds each problem and says how to fix it."""
import shutil
import socket
from importlib import metadata

import numpy as np
import pytest

from mlviz import course, datasets


def _lines_are_single_with_a_fix(report):
    for problem in report.problems:
        assert "\n" not in problem and "; fix: " in problem, problem
        assert f"  ✘ {problem}" in str(report).splitlines()


def test_everything_is_fine_here():
    report = course.doctor()
    assert report.ok and report.problems == [], str(report)
    assert report.versions["numpy"] == np.__version__
    assert report.versions["jupyterlab"] == metadata.version("jupyterlab")
    assert list(report.versions) == ["Python", "mlviz", "numpy", "scipy", "matplotlib", "ipywidgets", "ipympl",
                                     "jupyterlab"]
    text = str(report)
    assert text == repr(report) and text.endswith("All good: the explorers and exercises will work.")
    assert "✔ ipympl front end (jupyter-matplotlib) is installed in JupyterLab" in text
    assert "✔ ipywidgets front end (@jupyter-widgets/jupyterlab-manager) is installed in JupyterLab" in text
    assert f"✔ data: {len(datasets.verify())} files match their checksums" in text


def test_it_never_touches_the_network(monkeypatch):
    def no_socket(*args, **kwargs):
        raise AssertionError("doctor() opened a socket")

    monkeypatch.setattr(socket, "socket", no_socket)
    assert course.doctor().ok


def _lab_with(tmp_path, monkeypatch, *front_ends):
    """A JupyterLab whose only labextensions folder holds ``front_ends``."""
    import jupyter_core.paths

    for folder in front_ends:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "package.json").write_text("{}")
    monkeypatch.setattr(jupyter_core.paths, "jupyter_path", lambda *subdirs: [str(tmp_path)])


def test_a_missing_widgets_front_end_is_one_line_with_its_fix(tmp_path, monkeypatch):
    _lab_with(tmp_path, monkeypatch, "jupyter-matplotlib")
    report = course.doctor()
    assert not report.ok and len(report.problems) == 1
    assert report.problems[0].startswith("ipywidgets front end (@jupyter-widgets/jupyterlab-manager) is missing "
                                         "from JupyterLab, so explorers show no figure or controls; fix: run "
                                         "`make lab` in the course folder (or `pip install -c constraints.txt "
                                         "-e '.[lab]'`) (it installs jupyterlab_widgets)")
    assert "✔ ipympl front end" in str(report) and str(report).endswith("1 problem found: each ✘ line says how "
                                                                        "to fix it.")
    _lines_are_single_with_a_fix(report)


def test_a_missing_ipympl_front_end_is_found(tmp_path, monkeypatch):
    _lab_with(tmp_path, monkeypatch, "@jupyter-widgets/jupyterlab-manager")
    report = course.doctor()
    assert [p.split(" (")[0] for p in report.problems] == ["ipympl front end"]
    assert "it installs ipympl), then restart JupyterLab and reload the page" in report.problems[0]


def test_an_empty_folder_named_like_the_front_end_does_not_count(tmp_path, monkeypatch):
    _lab_with(tmp_path, monkeypatch)
    (tmp_path / "jupyter-matplotlib").mkdir()  # no package.json: a broken or half-removed install
    report = course.doctor()
    assert len(report.problems) == 2 and str(report).endswith("2 problems found: each ✘ line says how to fix it.")


def test_without_jupyter_both_front_ends_and_jupyterlab_are_reported(monkeypatch):
    monkeypatch.setattr(course, "_labextension_dirs", lambda: [])
    real = course._version
    monkeypatch.setattr(course, "_version", lambda name: None if name == "jupyterlab" else real(name))
    report = course.doctor()
    assert report.versions["jupyterlab"] is None and "  jupyterlab  not installed" in str(report)
    assert report.problems[0] == "jupyterlab is not installed; fix: " + course.INSTALL
    assert len(report.problems) == 3
    _lines_are_single_with_a_fix(report)


def test_an_old_version_is_reported_with_the_bound(monkeypatch):
    real = course._version
    monkeypatch.setattr(course, "_version", lambda name: "1.24.4" if name == "numpy" else real(name))
    report = course.doctor()
    assert report.problems == ["numpy 1.24.4 is older than 1.26, the oldest the course supports; fix: "
                               + course.INSTALL]


@pytest.mark.parametrize("version, expected", [("3.8.0rc1", (3, 8, 0)), ("0.10.0", (0, 10, 0)),
                                               ("1.26.dev0+g12", (1, 26)), ("local", ())])
def test_versions_compare_by_their_leading_numbers(version, expected):
    assert course._as_tuple(version) == expected
    assert course._as_tuple("0.10.0") > course._as_tuple("0.9.4")  # not as text: "0.10" < "0.9"


def _data_copy(tmp_path, monkeypatch):
    src = datasets.data_dir()
    shutil.copytree(src, tmp_path / "data")
    monkeypatch.setenv("MLVIZ_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def test_a_corrupted_data_file_is_one_line_naming_it(tmp_path, monkeypatch):
    folder = _data_copy(tmp_path, monkeypatch)
    data = bytearray((folder / "word_embeddings.npz").read_bytes())
    data[-100] ^= 0xFF
    (folder / "word_embeddings.npz").write_bytes(bytes(data))
    report = course.doctor()
    assert report.problems == ["data file word_embeddings.npz does not match its checksum (corrupt or changed); "
                               "fix: restore it from the course repository (`git checkout -- "
                               "data/word_embeddings.npz` in a clone), or set MLVIZ_DATA to a good copy"]
    assert "✔ data" not in str(report)
    _lines_are_single_with_a_fix(report)


def test_a_missing_data_file_is_reported(tmp_path, monkeypatch):
    folder = _data_copy(tmp_path, monkeypatch)
    (folder / "digits.npz").unlink()
    report = course.doctor()
    assert len(report.problems) == 1 and report.problems[0].startswith("data file digits.npz is missing; fix:")


def test_no_data_folder_is_reported(monkeypatch):
    def nowhere():
        raise FileNotFoundError("mlviz data folder not found: set MLVIZ_DATA, or run from a checkout that has "
                                "data/SHA256SUMS")

    monkeypatch.setattr(datasets, "data_dir", nowhere)
    report = course.doctor()
    assert report.problems == ["data: mlviz data folder not found: set MLVIZ_DATA, or run from a checkout that has "
                               "data/SHA256SUMS; fix: run the course from its folder (a clone that has data/), or "
                               "set MLVIZ_DATA"]
