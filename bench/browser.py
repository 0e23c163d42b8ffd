"""Browser latency of every explorer: key to pixels and drag, against a bare ipympl figure (the floor).

    make bench-browser                                   # every notebook, about 10 minutes
    .venv/bin/python bench/browser.py --only 03,05       # some notebooks (the floor is always measured)
    .venv/bin/python bench/browser.py --presses 3 --no-drag   # a quick look

JupyterLab and headless Chromium (Debian's package, through Playwright) are started as the browser test
starts them (tests/browser/lab.py). For each notebook: Run All, then for every explorer on the page

* **key to pixels**: focus the first slider's handle, press ArrowRight (ArrowLeft at the end of the range)
  and time, in the page, from the keydown to the first animation frame whose canvas pixels differ;
  ``--presses`` presses with a pause between them (the canvas must be still first); median and p90;
* **drag** (explorers with draggable points): a one-second mouse drag of the first handle along a line;
  frames repainted per second, and the lag from the last mouse move to the last repaint;
* **stages** of each press, from timestamps in the page (WebSocket send and receive, ``drawImage``, the
  readout's DOM change) and in the kernel (a client on the notebook's own kernel wraps the comm's
  message handler, ``Explorer.update`` and ``_refresh``, ``Figure.draw``, ``Frames.draw``, the PNG diff and
  its send).

The floor is a bare ipympl figure with one line and a slider whose observer moves the line and calls
``fig.canvas.draw()``, at every explorer's pixel size and at 5 × 5 in, measured at the start and the end
of the run; ratios divide by the floor of the same pixel size. It prints a table and writes
bench/browser_results.json. It is a benchmark, not a test: nothing fails on a slow machine.
"""
from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import lab as L  # noqa: E402  (tests/browser/lab.py: the JupyterLab server and notebook helpers)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if "mlviz.widgets." in p.read_text())
FLOOR_NB = "_bench_floor.ipynb"  # written into notebooks/ for the run, removed after it
OUT = ROOT / "bench" / "browser_results.json"

# Installed before any page script: timestamps of WebSocket traffic and of every drawImage.
PAGE_HOOKS = r"""
(() => {
  const log = window.__ws = [];
  const keep = (e) => { log.push(e); if (log.length > 20000) log.splice(0, 10000); };
  const size = (d) => typeof d === 'string' ? d.length : (d.byteLength ?? d.size ?? 0);
  const Orig = window.WebSocket, send = Orig.prototype.send;
  Orig.prototype.send = function (d) { keep(['send', performance.now(), size(d)]); return send.call(this, d); };
  function Hooked(...args) {
    const ws = new Orig(...args);
    ws.addEventListener('message', (e) => keep(['recv', performance.now(), size(e.data)]));
    return ws;
  }
  Hooked.prototype = Orig.prototype;
  Object.assign(Hooked, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Hooked;
  const draws = window.__draws = [];
  const drawImage = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...a) {
    draws.push([performance.now(), this.canvas.isConnected ? this.canvas : null]);
    if (draws.length > 20000) draws.splice(0, 10000);
    return drawImage.apply(this, a);
  };
})();
"""

# Watch one explorer's image canvas: every animation frame, compare its pixels with the last frame.
WATCH = r"""
([box, nth]) => {
  const el = document.querySelectorAll('.mlviz-explorer')[box];
  const cv = el.querySelector('.jupyter-matplotlib-canvas-div canvas');
  const ctx = cv.getContext('2d', {willReadFrequently: true});
  const grab = () => new Uint32Array(ctx.getImageData(0, 0, cv.width, cv.height).data.buffer);
  const W = window.__watch = {cv, changes: [], keys: [], moves: [], readout: [], last: grab(), on: true};
  const same = (a, b) => { if (a.length !== b.length) return false;
                           for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; };
  const tick = (t) => {
    if (!W.on) return;
    const now = grab();
    if (!same(now, W.last)) { W.changes.push(performance.now()); W.last = now; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  W.onkey = (e) => W.keys.push(e.timeStamp);
  W.onmove = (e) => W.moves.push(e.timeStamp);
  window.addEventListener('keydown', W.onkey, true);
  window.addEventListener('mousemove', W.onmove, true);
  const ro = el.querySelector('.widget-html-content');
  if (ro) { W.mo = new MutationObserver(() => W.readout.push(performance.now()));
            W.mo.observe(ro, {childList: true, subtree: true, characterData: true}); }
  return [cv.width, cv.height, performance.timeOrigin];
}
"""
UNWATCH = """() => { const W = window.__watch; W.on = false; W.mo && W.mo.disconnect();
  window.removeEventListener('keydown', W.onkey, true); window.removeEventListener('mousemove', W.onmove, true); }"""

# Run in the notebook's kernel: wrap the stages and keep (stage, start, end, bytes) in time.time() seconds.
KERNEL_HOOKS = r"""
import functools as _ft, json as _json, time as _time, gc as _gc
import matplotlib.figure as _mf, ipympl.backend_nbagg as _nb, mlviz.widgets._base as _wb, mlviz.widgets._frames as _fr
_BENCH_T = []
def _bench_wrap(cls, name, tag, sized=False):
    orig = getattr(cls, name)
    if getattr(orig, "_bench", False):
        return
    @_ft.wraps(orig)
    def timed(self, *a, **k):
        t0 = _time.time(); r = orig(self, *a, **k)
        _BENCH_T.append((tag, t0, _time.time(), len(r) if sized and r is not None else None)); return r
    timed._bench = True
    setattr(cls, name, timed)
def _bench_classes(c):
    for s in c.__subclasses__():
        yield s; yield from _bench_classes(s)
_bench_wrap(_wb.Explorer, "update", "update")
for _c in _bench_classes(_wb.Explorer):
    if "_refresh" in _c.__dict__: _bench_wrap(_c, "_refresh", "callback")
_bench_wrap(_mf.Figure, "draw", "agg")
_bench_wrap(_fr.Frames, "draw", "frame")
_bench_wrap(_nb.Canvas, "get_diff_image", "png", sized=True)
_bench_wrap(_nb.Canvas, "send_binary", "send")
_bench_canvas = next((o for o in _gc.get_objects() if isinstance(o, _nb.Canvas)), None)
if _bench_canvas is not None:  # the comm class of this kernel: its handler sees each message arrive
    _bench_wrap(next(c for c in type(_bench_canvas.comm).__mro__ if "handle_msg" in c.__dict__), "handle_msg", "msg")
"""
KERNEL_HANDLES = r"""
import json as _json
_ex = sorted((o for o in _gc.get_objects() if isinstance(o, _wb.Explorer) and hasattr(o, "drag")),
             key=lambda o: o.fig.number)
print(_json.dumps([[type(o).__name__, o.fig.number, o.fig.bbox.height,
                    o.drag.ax.transData.transform(o.drag.get_positions()).tolist(), list(o.drag.ax.bbox.extents)]
                   for o in _ex]))
"""

FLOOR_CODE = r"""
import ipywidgets as widgets, numpy as np, matplotlib.pyplot as plt
x = np.linspace(0, 1, 50)
def floor(w, h):
    with plt.ioff():
        fig = plt.figure(figsize=(w, h))
    for attr in ("header_visible", "toolbar_visible", "footer_visible", "resizable"):
        setattr(fig.canvas, attr, False)
    ax = fig.add_axes((0.1, 0.1, 0.85, 0.85)); ax.set_ylim(-0.1, 3.1)
    line, = ax.plot(x, x)
    s = widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1, description="slope")
    def move(change):
        line.set_ydata(change["new"] * x); fig.canvas.draw()
    s.observe(move, names="value")
    fig.canvas._repr_mimebundle_()  # as Explorer._repr_mimebundle_ does (ipympl issue #472)
    box = widgets.VBox([s, fig.canvas]); box.add_class("mlviz-explorer"); box.add_class(f"mlviz-floor-{w:g}x{h:g}")
    return box
display(*[floor(w, h) for w, h in SIZES])
"""


def _floor_notebook(sizes) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4).metadata
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib widget\nimport mlviz\n_ = mlviz.course.setup()"),
                nbformat.v4.new_code_cell(f"SIZES = {sorted(sizes)!r}\n" + FLOOR_CODE)]
    nbformat.write(nb, ROOT / "notebooks" / FLOOR_NB)


def _figsizes(notebooks) -> set:
    """The figure sizes, in inches, of the explorer classes the notebooks use, and the 5 × 5 in reference."""
    import mlviz.widgets._base as wb

    def walk(c):
        for s in c.__subclasses__():
            yield s
            yield from walk(s)

    import mlviz.widgets  # noqa: F401  (defines the subclasses)
    text = "".join((ROOT / "notebooks" / nb).read_text() for nb in notebooks)
    return {tuple(c.figsize) for c in walk(wb.Explorer) if f"{c.__name__}(" in text} | {(5.0, 5.0)}


class Kernel:
    """A client on the kernel the page runs, through its connection file in the server's runtime folder."""

    def __init__(self, lab: L.LabServer):
        from jupyter_client import BlockingKernelClient

        files = sorted((lab.tmp / "runtime").glob("kernel-*.json"), key=lambda p: p.stat().st_mtime)
        self.client = BlockingKernelClient(connection_file=str(files[-1]))
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)

    def run(self, code: str) -> str:
        out = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise RuntimeError("\n".join(msg["content"]["traceback"]))

        self.client.execute_interactive(code, output_hook=hook, timeout=60)
        return "".join(out)

    def stamps(self) -> list:
        return json.loads(self.run("print(_json.dumps(_BENCH_T)); _BENCH_T.clear()"))

    def close(self):
        self.client.stop_channels()


def _shutdown_kernels(lab: L.LabServer) -> None:
    with urllib.request.urlopen(f"{lab.base}/api/sessions?token={lab.token}") as r:
        sessions = json.load(r)
    for s in sessions:
        req = urllib.request.Request(f"{lab.base}/api/sessions/{s['id']}?token={lab.token}", method="DELETE")
        urllib.request.urlopen(req).close()


def _pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))] if v else None


def _stages(press, kt, origin, ws, draws):
    """One press's stages in ms, from page times (ms since ``origin``) and kernel stamps (epoch s)."""
    t_key, t_pix = press["key"], press["pixels"]
    to_page = lambda t: t * 1000.0 - origin  # epoch s -> page ms  # noqa: E731
    win = [s for s in kt if t_key - 50 <= to_page(s[1]) <= t_pix + 5]
    first = lambda tag: next((s for s in win if s[0] == tag), None)  # noqa: E731
    out = {}
    sent = next((t for kind, t, n in ws if kind == "send" and t >= t_key), None)
    msg, upd, cb, agg, png, snd, frm = (first(t) for t in ("msg", "update", "callback", "agg", "png", "send", "frame"))
    if sent is not None:
        out["front end sends the value"] = sent - t_key
        if msg:
            out["to the kernel (websocket, server, queue)"] = to_page(msg[1]) - sent
    if cb:
        out["kernel callback (_refresh)"] = (cb[2] - cb[1]) * 1000
    if upd and cb and agg:
        rest = (upd[2] - upd[1]) * 1000 - (cb[2] - cb[1]) * 1000 - (agg[2] - agg[1]) * 1000
        out["readout HTML and other update work"] = rest - ((png[2] - png[1]) * 1000 if png else 0)
    if agg:
        out["Agg draw"] = (agg[2] - agg[1]) * 1000
    if frm:  # Frames.draw: the data over the kept background, or the whole figure when the axes changed
        out["frame draw (Agg, PNG send included)"] = (frm[2] - frm[1]) * 1000
    if png:
        out["PNG diff and encode"] = (png[2] - png[1]) * 1000
        out["PNG bytes"] = png[3]
    if snd:
        sent_k = to_page(snd[2])
        recv = [(n, t) for kind, t, n in ws if kind == "recv" and sent_k - 5 <= t <= t_pix]
        if recv:
            n, t_recv = max(recv)  # the image is the largest frame
            out["websocket transfer of the image"] = t_recv - sent_k
            off = next((t for t, c in draws if c is None and t >= t_recv), None)
            if off is not None:
                out["front end decode (blob, Image, toDataURL)"] = off - t_recv
                out["front end paint (to the frame with new pixels)"] = t_pix - off
    if press.get("readout") is not None:
        out["readout HTML in the page (key to DOM change)"] = press["readout"] - t_key
    return out


def measure_keys(page, kernel, idx: int, presses: int, pause_ms: int, breakdown: bool) -> dict:
    box = page.locator(".mlviz-explorer").nth(idx)
    box.scroll_into_view_if_needed()
    # the first slider that takes keys (a disabled one, e.g. the mask explorer's length without padding, does not)
    enabled = box.evaluate("b => [...b.querySelectorAll('.widget-slider .noUi-handle')].findIndex(h => "
                           "!h.closest('.noUi-target').hasAttribute('disabled'))")
    if enabled < 0:
        return {"note": "no enabled slider"}
    handle = box.locator(".widget-slider .noUi-handle").nth(enabled)
    w, h, origin = page.evaluate(WATCH, [idx, 0])
    results = []
    try:
        page.wait_for_timeout(300)
        for _ in range(presses):
            handle.focus()
            now, top = (float(handle.get_attribute(a) or 0) for a in ("aria-valuenow", "aria-valuemax"))
            key = "ArrowLeft" if now >= top else "ArrowRight"
            # wait for a still canvas, then press
            page.wait_for_function("() => { const c = window.__watch.changes; "
                                   "return !c.length || performance.now() - c[c.length - 1] > 250; }", timeout=20_000)
            n_changes, n_keys, n_ro = page.evaluate(
                "() => [window.__watch.changes.length, window.__watch.keys.length, window.__watch.readout.length]")
            page.keyboard.press(key)
            try:
                page.wait_for_function(f"() => window.__watch.changes.length > {n_changes}", timeout=15_000)
            except Exception:
                results.append({"key": None, "pixels": None})
                continue
            t_key, t_pix, t_ro = page.evaluate(f"() => [window.__watch.keys[{n_keys}], window.__watch.changes"
                                               f"[{n_changes}], window.__watch.readout[{n_ro}] ?? null]")
            results.append({"key": t_key, "pixels": t_pix, "readout": t_ro})
            page.wait_for_timeout(pause_ms)
    finally:
        page.evaluate(UNWATCH)
    ok = [r for r in results if r["key"] is not None]
    lat = [r["pixels"] - r["key"] for r in ok]
    out = {"pixels": [w, h], "latencies_ms": [round(x, 1) for x in lat], "no_change": len(results) - len(ok),
           "median_ms": median(lat) if lat else None, "p90_ms": _pct(lat, 0.9)}
    if breakdown and ok:
        kt = kernel.stamps()
        ws, draws = page.evaluate("() => [window.__ws, window.__draws.map(([t, c]) => [t, c === null ? null : 1])]")
        per = [_stages(r, kt, origin, ws, draws) for r in ok]
        names = {k for p in per for k in p}
        out["stages_ms"] = {k: round(median([p[k] for p in per if k in p]), 1) for k in sorted(names)}
    return out


def measure_drag(page, idx: int, handle_px, fig_h, axes_px) -> dict:
    """A one-second drag of a handle, 30 moves, towards the axes' centre; repaints per second and the lag."""
    box = page.locator(".mlviz-explorer").nth(idx)
    box.scroll_into_view_if_needed()
    cv = box.locator(".jupyter-matplotlib-canvas-div canvas").last
    bb = cv.bounding_box()
    x0, y0 = handle_px[0], fig_h - handle_px[1]
    cx, cy = (axes_px[0] + axes_px[2]) / 2, fig_h - (axes_px[1] + axes_px[3]) / 2
    d = max(1.0, ((cx - x0) ** 2 + (cy - y0) ** 2) ** 0.5)
    length = min(80.0, 0.8 * d)
    x1, y1 = x0 + (cx - x0) * length / d, y0 + (cy - y0) * length / d
    page.evaluate(WATCH, [idx, 0])
    try:
        page.wait_for_timeout(300)
        page.mouse.move(bb["x"] + x0, bb["y"] + y0)
        page.mouse.down()
        n0 = page.evaluate("() => window.__watch.changes.length")
        start = time.monotonic()
        for i in range(1, 31):
            t = i / 30
            page.mouse.move(bb["x"] + x0 + t * (x1 - x0), bb["y"] + y0 + t * (y1 - y0))
            time.sleep(max(0.0, start + t - time.monotonic()))
        page.wait_for_timeout(2500)  # let the last frames arrive before the release repaints
        changes, moves = page.evaluate("() => [window.__watch.changes, window.__watch.moves]")
        page.mouse.up()
    finally:
        page.evaluate(UNWATCH)
    changes = changes[n0:]
    if not changes or not moves:
        return {"note": "no repaint during the drag"}
    first, last_move = moves[0], moves[-1]
    during = [t for t in changes if first <= t <= last_move]
    return {"fps": round(len(during) / max(1e-3, (last_move - first) / 1000), 1),
            "lag_ms": round(changes[-1] - last_move, 1), "repaints": len(changes)}


def run_notebook(page, lab, nb, args) -> list:
    L.open_and_run_all(page, lab, nb)
    page.wait_for_timeout(3000)  # images arrive after the cells finish
    kernel = Kernel(lab)
    rows = []
    try:
        kernel.run(KERNEL_HOOKS)
        classes = page.evaluate("() => [...document.querySelectorAll('.mlviz-explorer')].map(e => "
                                "[...e.classList].find(c => c.startsWith('mlviz-') && c !== 'mlviz-explorer'))")
        dragged = set()
        for i, cls in enumerate(classes):
            name = cls.removeprefix("mlviz-")
            if args.explorers and name not in args.explorers and not name.startswith("floor"):
                continue
            r = {"notebook": nb, "explorer": name}
            r.update(measure_keys(page, kernel, i, args.presses, args.pause, not args.no_breakdown))
            if not args.no_drag and name not in dragged and not name.startswith("floor"):
                # where the handles are now (the keys moved some); the first explorer of a class only
                handles = {n: (px[0], fig_h, ext) for n, _, fig_h, px, ext in reversed(json.loads(kernel.run(KERNEL_HANDLES)))}
                if name in handles:
                    kernel.stamps()  # drop the key presses' stamps
                    r["drag"] = measure_drag(page, i, *handles[name])
                    kt = kernel.stamps()  # what the kernel did during the drag
                    r["drag"]["kernel"] = {tag: [sum(s[0] == tag for s in kt),
                                                 round(sum((s[2] - s[1]) * 1000 for s in kt if s[0] == tag))]
                                           for tag in ("msg", "update", "callback", "agg", "png")}
                    dragged.add(name)
            print(f"  {nb} {name}: median {r.get('median_ms') or float('nan'):.0f} ms, "
                  f"p90 {r.get('p90_ms') or float('nan'):.0f} ms {r.get('drag', '')}", flush=True)
            rows.append(r)
    finally:
        kernel.close()
        _shutdown_kernels(lab)
    return rows


def report(rows) -> dict:
    floors, ref = {}, []
    for r in rows:
        if r["explorer"].startswith("floor") and r.get("median_ms"):
            floors.setdefault(tuple(r["pixels"]), []).extend(r["latencies_ms"])
            ref += r["latencies_ms"] if r["explorer"] == "floor-5x5" else []
    floor = {k: (median(v), _pct(v, 0.9)) for k, v in floors.items()}
    ref = median(ref) if ref else None
    print(f"\nfloor, a bare 5 × 5 in figure: median {ref:.0f} ms" if ref else "\nno 5 × 5 in floor")
    head = f"{'notebook':<34}{'explorer':<24}{'px':>10}{'median':>8}{'p90':>7}{'floor':>7}{'×floor':>8}{'×5x5':>7}" \
           f"{'fps':>6}{'lag':>6}"
    print(head + "\n" + "-" * len(head))
    for r in rows:
        if r["explorer"].startswith("floor") or r.get("median_ms") is None:
            continue
        f = floor.get(tuple(r["pixels"]), (None, None))[0]
        r["floor_ms"] = f
        r["ratio"] = round(r["median_ms"] / f, 2) if f else None
        r["ratio_p90"] = round(r["p90_ms"] / f, 2) if f else None
        r["ratio_5x5"] = round(r["median_ms"] / ref, 2) if ref else None
        d = r.get("drag", {})
        print(f"{r['notebook'][:33]:<34}{r['explorer']:<24}{'×'.join(map(str, r['pixels'])):>10}{r['median_ms']:>8.0f}"
              f"{r['p90_ms']:>7.0f}{f or float('nan'):>7.0f}{r['ratio'] or float('nan'):>8.2f}"
              f"{r['ratio_5x5'] or float('nan'):>7.2f}{d.get('fps', float('nan')):>6.1f}{d.get('lag_ms', float('nan')):>6.0f}")
    return {f"{w}x{h}": {"median_ms": round(m, 1), "p90_ms": round(p, 1)} for (w, h), (m, p) in floor.items()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="notebook numbers, e.g. 03,05 (default: every notebook)")
    ap.add_argument("--explorers", default="", help="explorer class names, e.g. InitExplorer,KExplorer")
    ap.add_argument("--presses", type=int, default=10)
    ap.add_argument("--pause", type=int, default=400, help="ms between presses, after the canvas is still")
    ap.add_argument("--no-drag", action="store_true")
    ap.add_argument("--no-breakdown", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.explorers = set(filter(None, args.explorers.split(",")))
    only = set(filter(None, args.only.split(",")))
    notebooks = [nb for nb in NOTEBOOKS if not only or nb[:2] in only]
    if not Path(L.CHROMIUM).exists():
        sys.exit(f"Chromium not found at {L.CHROMIUM}: apt-get install chromium (or set MLVIZ_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    _floor_notebook(_figsizes(notebooks))
    rows, t0 = [], time.monotonic()
    try:
        with L.LabServer(ROOT / "notebooks") as lab, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=L.CHROMIUM, args=L.CHROMIUM_ARGS)
            for nb in [FLOOR_NB] + notebooks + [FLOOR_NB]:
                page = browser.new_page(viewport={"width": 1500, "height": 1000})
                page.add_init_script(PAGE_HOOKS)
                try:
                    rows += run_notebook(page, lab, nb, args)
                except Exception as err:  # one notebook's failure must not lose the others' numbers
                    print(f"  {nb}: FAILED {type(err).__name__}: {str(err)[:300]}", flush=True)
                finally:
                    page.close()
            browser.close()
    finally:
        (ROOT / "notebooks" / FLOOR_NB).unlink(missing_ok=True)
    floor = report(rows)
    args.out.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(), "cores": __import__("os").cpu_count(),
        "presses": args.presses, "seconds": round(time.monotonic() - t0), "floor": floor,
        "explorers": [r for r in rows if not r["explorer"].startswith("floor")],
        "floor_runs": [r for r in rows if r["explorer"].startswith("floor")]}, indent=1) + "\n")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
