"""Figures everyone can read: the Okabe–Ito palette, a second encoding beside colour, 9 pt text, whole labels.

``setup()`` sets the palette as the colour cycle; no plot or explorer module hard-codes another palette;
clusters differ in shape as well as colour; every explorer's text is 9 pt or more, and its control labels
are never cut short.
"""
import ast
import re
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import Collection
from matplotlib.colors import CSS4_COLORS, to_hex, to_rgb
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from mlviz import cluster as CL
from mlviz import course, nn
from mlviz.course import MIN_FONT_SIZE, OKABE_ITO, PALETTE
from mlviz.datasets import load_attention, load_digits, load_word_embeddings
from mlviz.viz import cluster as VC
from mlviz.widgets import (BiasVarianceExplorer, CentroidExplorer, CompressionExplorer, CorrelationExplorer,
                           DimensionExplorer, DistributionExplorer, FuzzyExplorer, GDExplorer, InitExplorer,
                           InitializationExplorer, IntervalExplorer, KExplorer, LayerExplorer, LineExplorer,
                           MaskExplorer, QueryExplorer, RegularizationExplorer, SentenceExplorer, ThresholdExplorer,
                           VectorExplorer, WeightViewer, WordExplorer)
from mlviz.widgets._base import slider

ROOT = Path(__file__).resolve().parents[1] / "mlviz"
SOURCES = sorted((ROOT / "viz").glob("*.py")) + sorted((ROOT / "widgets").glob("*.py"))
PALETTE_HEX = {c.lower() for c in OKABE_ITO}
OKABE_ITO_2008 = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
COLOUR_KEYWORDS = {"color", "colors", "c", "ec", "fc", "edgecolor", "edgecolors", "facecolor", "facecolors", "mfc",
                   "mec", "markerfacecolor", "markeredgecolor", "centroid_color", "cmap"}


def _is_grey(colour) -> bool:
    r, g, b = to_rgb(colour)
    return max(r, g, b) - min(r, g, b) < 0.02


# ------------------------------------------------------------------------------ the palette
def test_the_palette_is_okabe_ito_and_setup_makes_it_the_colour_cycle():
    assert set(OKABE_ITO) == OKABE_ITO_2008 and len(OKABE_ITO) == 8
    assert PALETTE["vermillion"] == "#d55e00" and PALETTE["bluish_green"] == "#009e73"
    printing = np.get_printoptions()
    with mpl.rc_context():
        mpl.rcdefaults()
        assert to_hex(mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]) == "#1f77b4"  # tab10 before setup()
        course.setup(0)
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == OKABE_ITO
        fig, ax = plt.subplots()
        assert [to_hex(ax.plot([0, 1])[0].get_color()) for _ in range(3)] == OKABE_ITO[:3]  # plain plots use it
        plt.close(fig)
    np.set_printoptions(**printing)


# ------------------------------------------------------------------------ the source, scanned
def _colour_literals(path):
    """(line, string) for every string that is a colour: hex anywhere, tab: / tab10 / C0 cycle names
    anywhere, and named colours given to a colour keyword or a *COLOR* constant."""
    tree = ast.parse(path.read_text())
    # PALETTE["blue"]: a key, not a colour
    keys = {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            s = node.value
            hexes = re.finditer(r"(?<![&\w])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", s)
            out += [(node.lineno, m.group(0)) for m in hexes]
            if re.search(r"tab:|\btab(10|20[bc]?)\b|^C\d$", s):
                out.append((node.lineno, s))
        named = []
        if isinstance(node, ast.keyword) and node.arg in COLOUR_KEYWORDS:
            named = [node.value]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and "COLOR" in t.id for t in node.targets):
            named = [node.value]
        for value in named:
            for leaf in ast.walk(value):
                if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str) and leaf.value in CSS4_COLORS \
                        and id(leaf) not in keys:
                    out.append((leaf.lineno, leaf.value))
    return out


def _allowed(s: str) -> bool:
    """An Okabe–Ito colour, a grey, or a pale tint (every channel ≥ 0.85: a background behind text, which
    says the same thing in words)."""
    if s.lower() in PALETTE_HEX:
        return True
    if not (s in CSS4_COLORS or s.startswith("#")):
        return False
    return _is_grey(s) or min(to_rgb(s)) >= 0.85


def _foreign(path):
    return sorted((line, s) for line, s in _colour_literals(path) if not _allowed(s))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_plot_or_explorer_module_hard_codes_another_palette(path):
    """Colours come from mlviz.course.PALETTE; a literal is allowed only if it is grey or a pale background tint."""
    foreign = _foreign(path)
    assert foreign == [], f"{path.name}: colours outside the Okabe–Ito palette (line, literal): {foreign}"


def test_the_scan_finds_what_it_should(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('A_COLOR = "red"\nx = dict(color="#1f77b4")\nax.plot(c="tab:green")\ncolor = "C1"\n'
                   'ok = ("#555", "0.6", "#0072b2", "<div style=\'background:#fff3e0\'>", PALETTE["blue"])\n'
                   'words = ("orange", "banana")\nax.plot(color=PALETTE["orange"])\n')
    assert {s for _, s in _colour_literals(bad)} == {"red", "#1f77b4", "tab:green", "C1", "#555", "#0072b2",
                                                     "#fff3e0"}
    assert [s for _, s in _foreign(bad)] == ["red", "#1f77b4", "tab:green", "C1"]


# --------------------------------------------------------------------- second encoding: shape
def _shapes(points):
    return [tuple(np.round(p.vertices, 6).ravel()) for p in points.get_paths()]


def test_each_cluster_has_its_own_marker_and_colour():
    assert len(set(VC.CLUSTER_MARKERS)) == len(VC.CLUSTER_MARKERS) >= 8
    assert set(VC.CLUSTER_COLORS) <= set(OKABE_ITO)
    k = 8
    X = np.arange(2.0 * k).reshape(k, 2)
    points = VC.plot_clusters(X, np.arange(k))["points"]
    shapes = _shapes(points)
    assert len(set(shapes)) == k                                            # 8 clusters, 8 shapes
    pairs = {(s, to_hex(c)) for s, c in zip(shapes, points.get_facecolor())}
    assert len(pairs) == k
    plt.close("all")


def test_cluster_explorers_shape_points_by_label():
    X = CL.make_blobs(120, [[-3, -3], [0, 3], [3, -1]], std=0.6, rng=0)[0]
    ex = KExplorer(X, k=3, max_k=4)
    labels = ex.runs[3].labels
    shapes = _shapes(ex.points)
    assert all(len({shapes[i] for i in np.flatnonzero(labels == j)}) == 1 for j in range(3))  # one shape a cluster
    assert len(set(shapes)) == 3
    ex.set(k=4)
    assert len(set(_shapes(ex.points))) == 4                                 # shapes follow the new labels
    cx = CentroidExplorer(X, centroids=[(-3, -3), (0, 3), (3, -1)])
    assert len(set(_shapes(cx.points))) == 3
    plt.close("all")


# ------------------------------------------------------------------------------ every explorer
BLOBS = CL.make_blobs(120, [[-3, -3], [0, 3], [3, -1]], std=0.8, rng=0)[0]


@pytest.fixture(scope="module")
def digits_net():
    X_tr, X_te, y_tr, y_te = load_digits().split(0.25, rng=0)
    net = nn.MLP([64, 16, 10], rng=0)
    history = net.fit(X_tr, y_tr, epochs=2, lr=0.1, rng=0, X_val=X_te, y_val=y_te, record_weights=True)
    return net, X_te, y_te, history


def _pairs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return X, X @ [3.0, 0.3] + 0.5 * rng.normal(size=60)


def _threshold():
    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.2).astype(float)
    return ThresholdExplorer(y, rng.normal(size=300) + 1.5 * y, threshold=0.5)


EXPLORERS = {
    "VectorExplorer": lambda d: VectorExplorer(a=(3, 1), b=(1, 2)),
    "WordExplorer": lambda d: WordExplorer(load_word_embeddings(), query="banana"),
    "DimensionExplorer": lambda d: DimensionExplorer(d=16),
    "LineExplorer": lambda d: LineExplorer([1, 2, 3, 4, 5], [30, 35, 45, 50, 60]),
    "GDExplorer": lambda d: GDExplorer([1, 2, 3, 4, 5], [30, 35, 45, 50, 60], step=5),
    "RegularizationExplorer": lambda d: RegularizationExplorer(*_pairs()),
    "LayerExplorer": lambda d: LayerExplorer(),
    "InitExplorer": lambda d: InitExplorer(depth=4),
    "CompressionExplorer": lambda d: CompressionExplorer(*d[:3]),
    "WeightViewer": lambda d: WeightViewer(d[3]),
    "QueryExplorer": lambda d: QueryExplorer(),
    "SentenceExplorer": lambda d: SentenceExplorer(load_attention()),
    "MaskExplorer": lambda d: MaskExplorer(mask="causal"),
    "CentroidExplorer": lambda d: CentroidExplorer(BLOBS),
    "InitializationExplorer": lambda d: InitializationExplorer(BLOBS, k=3),
    "KExplorer": lambda d: KExplorer(BLOBS, max_k=4),
    "FuzzyExplorer": lambda d: FuzzyExplorer(BLOBS),
    "DistributionExplorer": lambda d: DistributionExplorer(size=500),
    "CorrelationExplorer": lambda d: CorrelationExplorer(),
    "IntervalExplorer": lambda d: IntervalExplorer(),
    "ThresholdExplorer": lambda d: _threshold(),
    "BiasVarianceExplorer": lambda d: BiasVarianceExplorer(n_sims=20),
}


def test_every_explorer_is_checked():
    import mlviz.widgets as W

    from mlviz.widgets._base import Explorer

    classes = [getattr(W, name) for name in W.__all__]
    shipped = {c.__name__ for c in classes if isinstance(c, type) and issubclass(c, Explorer) and c is not Explorer}
    assert shipped == set(EXPLORERS)


@pytest.fixture(scope="module", params=sorted(EXPLORERS))
def explorer(request, digits_net):
    printing = np.get_printoptions()
    with mpl.rc_context():
        course.setup(0)
        ex = EXPLORERS[request.param](digits_net)
        ex.fig.canvas.draw()
        yield ex
    np.set_printoptions(**printing)
    plt.close(ex.fig)


def test_every_explorer_text_is_9_pt_or_more(explorer):
    small = [(t.get_text(), t.get_fontsize()) for t in explorer.fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_SIZE]
    assert small == [], f"{type(explorer).__name__}: text below {MIN_FONT_SIZE} pt: {small[:5]}"


def _artist_colours(fig):
    """Every colour an artist of the figure is drawn in (images and colour-mapped collections are left out:
    their colours come from a colour map such as viridis)."""
    out = []
    for a in fig.findobj():
        if not a.get_visible() or isinstance(a, AxesImage):
            continue
        if isinstance(a, Line2D):
            out += [a.get_color(), a.get_markerfacecolor(), a.get_markeredgecolor()]
        elif isinstance(a, Collection) and a.get_array() is None:
            out += list(a.get_facecolor()) + list(a.get_edgecolor())
        elif isinstance(a, Patch) and a is not fig.patch:
            out += [a.get_facecolor(), a.get_edgecolor()]
        elif isinstance(a, Text) and a.get_text().strip():
            out.append(a.get_color())
    return out


def test_every_explorer_draws_in_okabe_ito_or_grey(explorer):
    if isinstance(explorer, FuzzyExplorer):
        pytest.skip("memberships mix the clusters' colours on purpose; its shapes carry the cluster")
    foreign = {to_hex(c) for c in _artist_colours(explorer.fig)
               if not (isinstance(c, str) and c.lower() in ("none", "face", "auto"))}
    foreign = {c for c in foreign if c not in PALETTE_HEX and not _is_grey(c)}
    assert foreign == set(), f"{type(explorer).__name__} draws in {sorted(foreign)}"


def test_every_explorer_shows_its_control_labels_whole(explorer):
    for name, control in explorer.controls.items():
        if getattr(control, "description", "") and type(control).__name__ != "Checkbox":
            assert control.style.description_width == "initial", f"{type(explorer).__name__}.{name} is cut short"


# --------------------------------------------------------------------------------- whole labels
@pytest.mark.parametrize("label", ["temperature T", "head (-1: mean)", "m (fuzzifier)", "k"])
def test_slider_labels_take_their_room_and_the_track_keeps_its_length(label):
    s = slider(label, 1.0, 0.1, 10.0, width="240px")
    assert s.style.description_width == "initial" and s.description == label
    extra = max(0, 8 * len(label) - 80)                     # beyond the 80 px ipywidgets gives a label
    assert s.layout.width == (f"calc(240px + {extra}px)" if extra else "240px")
    assert slider(label, 2, 0, 5, 1, integer=True, style={"handle_color": "black"}).style.handle_color == "black"
