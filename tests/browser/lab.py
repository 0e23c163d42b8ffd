"""Drive a real JupyterLab in headless Chromium (Debian's package, through Playwright).

No browser download: Playwright launches /usr/bin/chromium. The server runs on
127.0.0.1 with a random token and throw-away config, runtime, settings and
workspace folders, so the test never touches the user's JupyterLab set-up.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("MLVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A JupyterLab server for one test session: ``with LabServer(root) as lab: lab.url(...)``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.tmp = Path(tempfile.mkdtemp(prefix="mlviz-lab-"))

    def __enter__(self) -> "LabServer":
        env = dict(os.environ)
        for name in ("config", "runtime", "settings", "workspaces", "data"):
            (self.tmp / name).mkdir()
        env.update(JUPYTER_CONFIG_DIR=str(self.tmp / "config"), JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(self.tmp / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"))
        # Render every cell (no virtual scrolling), so the DOM holds all outputs to check.
        tracker = self.tmp / "settings" / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.tmp / "server.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        self.__exit__()
        raise RuntimeError(f"JupyterLab did not start; log:\n{(self.tmp / 'server.log').read_text()[-3000:]}")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/{notebook}?token={self.token}&reset"


def open_and_run_all(page, lab: LabServer, notebook: str, timeout_s: float = 240) -> None:
    """Open a notebook, Run All Cells from the menu, and wait until every code cell has run."""
    page.goto(lab.url(notebook))
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    page.locator("#jp-main-statusbar").get_by_text(re.compile("Idle")).first.wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        texts = prompts.all_inner_texts()
        if texts and all(re.fullmatch(r"\[\d+\]:", t.strip()) for t in texts):
            # counts are fresh only if the last cell's count equals the number of code cells
            if int(re.findall(r"\d+", texts[-1])[0]) == len(texts):
                return
        time.sleep(0.5)
    raise TimeoutError(f"{notebook}: cells still running after {timeout_s} s")


def errors_shown(page) -> list[str]:
    """Texts of error outputs and of widgets that failed to display."""
    err = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').all_inner_texts()
    widget = page.get_by_text("Error displaying widget").all_inner_texts()
    return err + widget


def blank_figures(page) -> int:
    """How many ipympl figures have an empty (0 × 0) canvas, i.e. never received an image."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.jupyter-matplotlib-canvas-div canvas')]"
        ".filter(c => c.width === 0 || c.height === 0).length"
    )


def explorer(page, name: str):
    """The DOM box of the first explorer of class ``name`` (e.g. "VectorExplorer")."""
    box = page.locator(f".mlviz-{name}").first
    box.scroll_into_view_if_needed()
    return box


def readout(box) -> str:
    return box.locator(".widget-html-content").first.inner_text()


def canvas(box):
    """ipympl's top canvas, the one that receives mouse events."""
    return box.locator(".jupyter-matplotlib-canvas-div canvas").last


def wait_for_change(get, before, timeout_s: float = 20.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = get()
        if now != before:
            return now
        time.sleep(0.2)
    raise AssertionError(f"no change within {timeout_s} s; still {before!r:.200}")


def wait_for_match(get, pattern: str, timeout_s: float = 20.0) -> str:
    """Wait until ``get()`` matches the regex ``pattern`` (mouse drags arrive as a stream of events)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = get()
        if re.search(pattern, now):
            return now
        time.sleep(0.2)
    raise AssertionError(f"{pattern!r} not matched within {timeout_s} s; last: {now!r:.300}")
