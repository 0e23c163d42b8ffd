"""The course's shared layout (issue 21), checked over every notebook.

Each notebook opens and closes with the same navigation bar (previous · start page · next, in the course
order below); its title cell states the prerequisites and the time; every exercise has a numbered heading, a
specification and its "Stuck?" line; every explorer is introduced by text with a "Try this" list and the
answers in a <details> block; it ends with 4-6 key takeaways, then only optional appendices. No text outside
an appendix talks about "the notes": the learner has never seen them.

Run as a script, it prints the counts the issue's closing note quotes:
``python tests/test_notebook_structure.py``.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

#: The course order: (file, title in the navigation bar).
ORDER = [
    ("00_start_here.ipynb", "Start here"),
    ("01_similarity.ipynb", "Similarity"),
    ("02_weights_gradient_descent.ipynb", "Weights and gradient descent"),
    ("03_weight_matrices_init.ipynb", "Weight matrices and initialization"),
    ("04_attention_heatmaps.ipynb", "Attention heatmaps"),
    ("05_centroids_clustering.ipynb", "Centroids and clustering"),
    ("06_statistics.ipynb", "Statistics for ML"),
    ("07_storing_compressing.ipynb", "Storing and compressing models"),
]
FILES = [name for name, _ in ORDER]
ALL_FILES = sorted(set(FILES) | {p.name for p in NOTEBOOKS.glob("*.ipynb")})

EXPLORER = re.compile(r"\bmlviz\.widgets\.\w*Explorer\(|\bWeightViewer\(")
NOTES = re.compile(r"\bthe (source |study )?notes\b", re.IGNORECASE)
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+\.ipynb)(#[^)]*)?\)")
EXERCISE_HEADING = re.compile(r"^### Exercise (\d+)( \(capstone\))?: \S")
STUCK = re.compile(r"^Stuck\? `ex\.(\w+)\.show_solution\(\)`", re.MULTILINE)
TEMPLATE_CHECK = re.compile(r"\bex\.(\w+)\.check\(")
TIME = re.compile(r"^\*\*Time:\*\* about (\d+) minutes", re.MULTILINE)
FIGURE = re.compile(r"plt\.subplots\(|plt\.figure\(|\bplot_\w+\(")  # a cell that draws a static figure
CAPTION = re.compile(r"\*Figure:\* \S")  # its caption: one line, in the markdown cell right after it


def expected_nav(name: str) -> str:
    """The navigation bar of notebook ``name``: ← previous · Start page · next →."""
    i = FILES.index(name)
    parts = []
    if i > 0:  # only 00 has no previous (01's is the start page: "← 00 Start here")
        prev, title = ORDER[i - 1]
        parts.append(f"[← {prev[:2]} {title}]({prev})")
    parts.append("[Start page](00_start_here.ipynb)")
    if i + 1 < len(ORDER):
        nxt, title = ORDER[i + 1]
        parts.append(f"[{nxt[:2]} {title} →]({nxt})")
    return " · ".join(parts)


@dataclass
class Parsed:
    cells: list
    takeaways: int | None  # index of the "## Key takeaways" cell
    appendix: int  # index of the first appendix cell (len(cells) - 1 when there is none)


def load(name: str) -> Parsed:
    path = NOTEBOOKS / name
    if not path.exists():
        pytest.fail(f"{name} does not exist yet (it is in the course order)")
    cells = nbformat.read(path, as_version=4).cells
    first_lines = [c.source.lstrip().split("\n", 1)[0] if c.cell_type == "markdown" else "" for c in cells]
    takeaways = next((i for i, line in enumerate(first_lines) if line.strip() == "## Key takeaways"), None)
    appendix = next((i for i, line in enumerate(first_lines) if line.startswith("## Appendix")
                     and (takeaways is None or i > takeaways)), len(cells) - 1)
    return Parsed(cells, takeaways, appendix)


def notes_mentions(p: Parsed) -> list[int]:
    """Markdown cells outside the appendices (and the final bar) that mention the notes."""
    return [i for i, c in enumerate(p.cells[: p.appendix]) if c.cell_type == "markdown" and NOTES.search(c.source)]


def explorers(p: Parsed) -> list[tuple[int, bool]]:
    """(index, described?) for every explorer display cell."""
    out = []
    for i, c in enumerate(p.cells):
        if c.cell_type == "code" and EXPLORER.search(c.source):
            before = p.cells[i - 1] if i else None
            text = before.source if before is not None and before.cell_type == "markdown" else ""
            described = ("Try this" in text and "<details>" in text and "</details>" in text
                         and "What you should see" in text)
            out.append((i, described))
    return out


# ------------------------------------------------------------------ the course order
def test_every_notebook_is_in_the_course_order():
    assert [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb"))] == [f for f in FILES if (NOTEBOOKS / f).exists()]
    assert [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb"))] == FILES, "a notebook of the course order is missing"


def test_the_navigation_bar_follows_the_course_order():
    assert expected_nav("00_start_here.ipynb") == "[Start page](00_start_here.ipynb) · [01 Similarity →](01_similarity.ipynb)"
    assert expected_nav("02_weights_gradient_descent.ipynb") == (
        "[← 01 Similarity](01_similarity.ipynb) · [Start page](00_start_here.ipynb) · "
        "[03 Weight matrices and initialization →](03_weight_matrices_init.ipynb)")
    assert expected_nav("01_similarity.ipynb") == (
        "[← 00 Start here](00_start_here.ipynb) · [Start page](00_start_here.ipynb) · "
        "[02 Weights and gradient descent →](02_weights_gradient_descent.ipynb)")
    assert expected_nav("07_storing_compressing.ipynb") == (
        "[← 06 Statistics for ML](06_statistics.ipynb) · [Start page](00_start_here.ipynb)")


# ------------------------------------------------------------------ per notebook
@pytest.mark.parametrize("name", ALL_FILES)
def test_first_and_last_cells_are_the_navigation_bar(name):
    p = load(name)
    assert name in FILES, f"{name} is not in the course order of this test (ORDER)"
    for where, cell in (("first", p.cells[0]), ("last", p.cells[-1])):
        assert cell.cell_type == "markdown", f"{name}: the {where} cell must be the navigation bar (markdown)"
        assert cell.source.strip() == expected_nav(name), f"{name}: the {where} cell is not the navigation bar"


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_link_to_a_notebook_resolves(name):
    p = load(name)
    links = [(text, target) for c in p.cells if c.cell_type == "markdown" for text, target, _ in LINK.findall(c.source)]
    assert links, f"{name} links to no notebook"
    missing = sorted({target for _, target in links if not (NOTEBOOKS / target).is_file()})
    assert not missing, f"{name} links to notebooks that do not exist: {missing}"


@pytest.mark.parametrize("name", ALL_FILES)
def test_title_cell_states_prerequisites_and_time_then_setup(name):
    p = load(name)
    title = p.cells[1]
    assert title.cell_type == "markdown" and re.match(rf"# {name[:2]} ", title.source), \
        f"{name}: the second cell must be the title, '# {name[:2]} ...'"
    assert re.search(r"^\*\*Prerequisites:\*\* \S", title.source, re.MULTILINE), \
        f"{name}: the title cell needs a line '**Prerequisites:** ...'"
    assert TIME.search(title.source), f"{name}: the title cell needs a line '**Time:** about N minutes'"
    setup = p.cells[2]
    assert setup.cell_type == "code" and "mlviz.course.setup(" in setup.source, \
        f"{name}: the third cell must be the setup cell calling mlviz.course.setup(...)"


@pytest.mark.parametrize("name", ALL_FILES)
def test_exercises_are_numbered_in_order_with_heading_and_solution_line(name):
    p = load(name)
    module = re.search(r"from mlviz\.exercises import (\w+) as ex\b", p.cells[2].source)
    numbers, current, problems = [], None, []
    for i, c in enumerate(p.cells):
        if c.cell_type == "markdown" and re.search(r"^#+ *Exercise\b", c.source, re.MULTILINE | re.IGNORECASE):
            heading = EXERCISE_HEADING.match(c.source.lstrip())
            stuck = STUCK.search(c.source)
            if not heading:
                problems.append(f"cell {i}: an exercise cell must start with '### Exercise N: title'; "
                                f"got {c.source.lstrip().splitlines()[0]!r}")
                continue
            numbers.append(int(heading.group(1)))
            if not stuck:
                problems.append(f"cell {i} (Exercise {heading.group(1)}): no line 'Stuck? `ex.NAME.show_solution()`'")
                continue
            current = (int(heading.group(1)), stuck.group(1), i)
            problems += _exercise_object_problems(module, current)
        elif c.cell_type == "code" and TEMPLATE_CHECK.search(c.source) and (
                "NotImplementedError" in c.source or re.search(r"=\s*\.\.\.", c.source)):
            checked = TEMPLATE_CHECK.search(c.source).group(1)
            if current is None or current[1] != checked:
                problems.append(f"cell {i}: the template checks ex.{checked}, but no exercise heading with "
                                f"'Stuck? `ex.{checked}.show_solution()`' comes before it")
            current = None  # one template per heading
    assert numbers == list(range(1, len(numbers) + 1)), f"{name}: exercises are numbered {numbers}"
    assert not problems, f"{name}:\n" + "\n".join(problems)


def _exercise_object_problems(module, current) -> list[str]:
    """The heading's ex.NAME exists in the notebook's exercise module, and the checker uses the same number."""
    number, attr, i = current
    if module is None:
        return [f"cell {i}: the setup cell does not import the exercises as ex (from mlviz.exercises import X as ex)"]
    ex = getattr(importlib.import_module(f"mlviz.exercises.{module.group(1)}"), attr, None)
    if ex is None or not hasattr(ex, "check"):
        return [f"cell {i}: mlviz.exercises.{module.group(1)} has no exercise {attr!r}"]
    if not re.match(rf"Exercise {number}\b", ex.name):
        return [f"cell {i}: the heading says Exercise {number}, but the checker prints {ex.name!r}"]
    return []


def predictions(p: Parsed) -> list[int]:
    """Indices of the prediction cells: code cells tagged ``predict``."""
    return [i for i, c in enumerate(p.cells) if c.cell_type == "code" and "predict" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_prediction_cell_is_tagged_and_shows_only_the_question(name):
    """A cell that builds a Prediction carries the tag ``predict`` (and only such cells do); its stored output
    is the question alone, never the answer (the answer is computed when the guess is locked)."""
    p = load(name)
    tagged = predictions(p)
    building = [i for i, c in enumerate(p.cells) if c.cell_type == "code" and "Prediction(" in c.source]
    assert tagged == building, f"{name}: cells tagged 'predict' {tagged}, cells building a Prediction {building}"
    for i in tagged:
        texts = [o.get("data", {}).get("text/plain", "") for o in p.cells[i].get("outputs", [])]
        assert len(texts) == 1 and texts[0].startswith("Predict: ") and "(type or choose, then Lock in)" in texts[0], \
            f"{name} cell {i}: a prediction cell shows one prediction and nothing else; stored {texts}"


def static_figures(p: Parsed) -> list[int]:
    """Indices of the code cells that draw a static figure (not an explorer)."""
    return [i for i, c in enumerate(p.cells)
            if c.cell_type == "code" and FIGURE.search(c.source) and not EXPLORER.search(c.source)]


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_static_figure_has_a_one_line_caption_after_it(name):
    """What the figure shows, in one line: the markdown cell right after it is '*Figure:* ...' and nothing else."""
    p = load(name)
    bad = []
    for i in static_figures(p):
        after = p.cells[i + 1].source.strip() if i + 1 < len(p.cells) and p.cells[i + 1].cell_type == "markdown" \
            else None
        if after is None or not CAPTION.match(after) or "\n" in after or len(after) > 320:
            bad.append(f"cell {i}: the next cell is {after[:60] + '…' if after else 'not markdown'!r}")
    assert not bad, f"{name}: static figures without a one-line '*Figure:* ...' caption right after them:\n" \
                    + "\n".join(bad)


@pytest.mark.parametrize("name", ALL_FILES)
def test_one_capstone_exercise(name):
    p = load(name)
    headings = [c.source.lstrip().splitlines()[0] for c in p.cells if c.cell_type == "markdown"
                and EXERCISE_HEADING.match(c.source.lstrip())]
    capstones = [h for h in headings if "(capstone)" in h]
    assert len(capstones) == 1, f"{name}: capstone exercises {capstones} (one wanted); exercises {headings}"


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_explorer_is_introduced_with_try_this_and_answers(name):
    p = load(name)
    bare = [i for i, described in explorers(p) if not described]
    assert not bare, (f"{name}: explorer cells {bare} are not immediately preceded by a markdown cell with "
                      "'Try this' and <details><summary>What you should see</summary> ... </details>")


@pytest.mark.parametrize("name", ALL_FILES)
def test_key_takeaways_then_only_appendices(name):
    p = load(name)
    assert p.takeaways is not None, f"{name} has no '## Key takeaways' cell"
    bullets = [line for line in p.cells[p.takeaways].source.splitlines() if re.match(r"[-*] \S", line)]
    assert 4 <= len(bullets) <= 6, f"{name}: Key takeaways has {len(bullets)} bullets (4-6 wanted)"
    after = range(p.takeaways + 1, len(p.cells) - 1)
    strays = [i for i in after if i < p.appendix]
    assert not strays, f"{name}: cells {strays} come after Key takeaways but are not in an '## Appendix' section"
    other_sections = [i for i in after if p.cells[i].cell_type == "markdown"
                      and re.match(r"## (?!Appendix)", p.cells[i].source.lstrip())]
    assert not other_sections, f"{name}: cells {other_sections} start a section after the takeaways that is " \
                               "not an appendix"


@pytest.mark.parametrize("name", ALL_FILES)
def test_no_text_outside_an_appendix_talks_about_the_notes(name):
    p = load(name)
    found = notes_mentions(p)
    assert not found, f"{name}: markdown cells {found} mention the notes outside an appendix"


# ------------------------------------------------------------------ the start page's map
def test_the_course_map_lists_every_notebook_with_the_time_it_states():
    p = load("00_start_here.ipynb")
    rows = [line for c in p.cells if c.cell_type == "markdown" for line in c.source.splitlines()
            if line.startswith("| [")]
    listed = [LINK.search(row).group(2) for row in rows]
    assert listed == FILES[1:], f"the course map lists {listed}"
    for row, name in zip(rows, listed):
        minutes = re.search(r"about (\d+) min", row)
        assert minutes, f"the course map gives no time for {name}"
        path = NOTEBOOKS / name
        if path.exists():
            stated = TIME.search(nbformat.read(path, as_version=4).cells[1].source)
            if stated:  # a missing Time line fails in the title test
                assert stated.group(1) == minutes.group(1), \
                    f"{name} says about {stated.group(1)} minutes, the course map about {minutes.group(1)}"


# ------------------------------------------------------------------ the counts for the closing note
def counts() -> dict[str, tuple[int, int, int]]:
    """Per existing notebook: (explorers, explorers described, markdown cells mentioning the notes outside
    the appendices)."""
    out = {}
    for name in ALL_FILES:
        if (NOTEBOOKS / name).exists():
            p = load(name)
            found = explorers(p)
            out[name] = (len(found), sum(d for _, d in found), len(notes_mentions(p)))
    return out


def summary() -> str:
    per = counts()
    total = [sum(v[k] for v in per.values()) for k in range(3)]
    lines = [f"{name}: {n_desc}/{n} explorers described, {n_notes} cells mention the notes outside appendices"
             for name, (n, n_desc, n_notes) in per.items()]
    kinds = {}
    for name in per:
        p = load(name)
        headings = [EXERCISE_HEADING.match(c.source.lstrip()) for c in p.cells if c.cell_type == "markdown"]
        kinds[name] = (len(predictions(p)), sum(1 for h in headings if h and h.group(2)))
    lines += [f"{name}: {n_pred} predictions, {n_cap} capstone exercises" for name, (n_pred, n_cap) in kinds.items()]
    return "\n".join([*lines, f"all notebooks: {total[1]} of {total[0]} explorers described; {total[2]} markdown "
                              "cells mention the notes outside the appendices"])


def test_report_the_counts(capsys):
    text = summary()
    assert re.search(r"all notebooks: \d+ of \d+ explorers described; \d+ markdown cells", text)
    with capsys.disabled():  # shown in the test run's output (under xdist, -rP shows it)
        print("\n" + text)


if __name__ == "__main__":
    print(summary())
