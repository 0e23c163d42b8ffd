# Two commands do everything on a fresh machine with only python3:
#   make lab    build the environment and open the course in JupyterLab
#   make test   build the environment and run every test (unit, reference, property,
#               explorer, exercise, doctest and nbval over the notebooks)
# Also: make test-browser (needs Chromium), make bench, make bench-browser (needs Chromium), make notebooks,
# make lock.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST := $(BIN)/python -m pytest
# JupyterLab refuses to run as root (containers often do); allow it only then.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: env torch lab test test-browser bench bench-browser notebooks lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[lab,test,bench]"
	touch $(STAMP)

env: $(STAMP)

# Optional: PyTorch, only for the reference tests in tests/test_nn_torch.py and the MLP benchmark
# (skipped, with the reason shown, without it). Pinned to the CPU build 2.13.0; an unpinned
# request can pull a multi-GB CUDA build. The course itself never needs it.
torch: $(STAMP)
	$(BIN)/python -m pip install --quiet "torch==2.13.0"

# Opens the course at its start page, notebooks/00_start_here.ipynb (JupyterLab prints its link with the token).
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=notebooks --LabApp.default_url=/lab/tree/00_start_here.ipynb $(ALLOW_ROOT)

test: $(STAMP)
	$(PYTEST) -n 2 --dist loadscope -m "not browser" $(NBVAL) tests mlviz notebooks

test-browser: $(STAMP)
	$(PYTEST) -m browser tests/browser

# Every row of bench/run.py (a few minutes); options through ARGS, e.g. make bench ARGS="--quick --only explorer".
bench: $(STAMP)
	$(BIN)/python bench/run.py $(ARGS)

# Key to pixels and drag of every explorer in JupyterLab in headless Chromium, against a bare ipympl figure
# (about 15 minutes; needs Chromium); writes bench/browser_results.json. Options through ARGS, e.g. ARGS="--only 03".
bench-browser: $(STAMP)
	$(BIN)/python bench/browser.py $(ARGS)

# Re-execute the notebooks and store their text outputs (images and widget state stripped).
notebooks: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py notebooks/*.ipynb

# Re-resolve the lock from pyproject's lower bounds (then run make test before committing it).
lock:
	rm -rf /tmp/mlviz-lock && $(PYTHON) -m venv /tmp/mlviz-lock
	/tmp/mlviz-lock/bin/python -m pip install --quiet --upgrade pip
	/tmp/mlviz-lock/bin/python -m pip install --quiet -e ".[lab,test,bench]"
	{ head -n 2 constraints.txt; /tmp/mlviz-lock/bin/python -m pip freeze --exclude-editable | grep -v '^mlviz'; } > constraints.tmp
	mv constraints.tmp constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
