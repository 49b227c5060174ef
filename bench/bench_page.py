"""Benchmark the article page in headless Chromium: bytes transferred and time to first 3-D scene.

usage: python bench/bench_page.py [--page why-more-layers] [--repeats 5] [--before GIT_REF]
Builds the site (figures through the cache, then mkdocs) into a temporary folder, serves it
on 127.0.0.1, and for cold (fresh browser context) and warm (reload) loads prints the median
time from navigation start until the first 3-D scene's WebGL canvas is drawn, with the page
opened at that scene (a link to the figure's anchor), beside the issue's anchor page; the time from
the first contentful paint until that figure is visible (its image or its scene); then the
total bytes of a cold load with every lazy figure scrolled in (as served and gzipped). With
--before, the site at that git revision is built and measured in the same run, interleaved.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# In the page: scroll to the scene's iframe, resolve (ms since navigation) when its WebGL
# canvas is drawn, -1 on a 20 s time-out.
SCENE_DRAWN_MS = """async (stem) => {
  const sel = `iframe[data-src*="${stem}."], iframe[src*="${stem}."]`;
  while (!document.querySelector(sel)) await new Promise(r => setTimeout(r, 5));
  const f = document.querySelector(sel);
  f.scrollIntoView();
  const deadline = performance.now() + 20000;
  while (performance.now() < deadline) {
    const d = f.contentDocument;
    const gd = d && d.querySelector('.js-plotly-plot');
    const c = d && d.querySelector('.gl-container canvas');
    if (gd && gd._fullLayout && gd._fullLayout.scene && c && c.width > 0) return performance.now();
    await new Promise(r => setTimeout(r, 5));
  }
  return -1;
}"""


def add_anchor(site: Path, page: str) -> None:
    """The issue's yardstick beside our page: a bare Material page (this site's page with its
    article emptied) holding one iframe of a 1000-point scatter3d with the full plotly.min.js."""
    import re

    import numpy as np
    import plotly.graph_objects as go

    P = np.random.default_rng(0).normal(size=(1000, 3))
    fig = go.Figure(go.Scatter3d(x=P[:, 0], y=P[:, 1], z=P[:, 2], mode="markers", marker=dict(size=3)))
    (site / "anchor").mkdir()
    fig.write_html(site / "anchor" / "scene.html", include_plotlyjs="directory", div_id="anchor")
    text = (site / page / "index.html").read_text()
    body = '<h1>Anchor</h1><iframe src="scene.html" style="width:100%;aspect-ratio:640/560;border:0"></iframe>'
    text = re.sub(r'(<article class="md-content__inner md-typeset">).*?(</article>)', rf"\1{body}\2", text,
                  flags=re.DOTALL)
    (site / "anchor" / "index.html").write_text(text.replace('src="../', 'src="../').replace("../assets", "../assets"))


def build_site(out: Path, root: Path = ROOT) -> None:
    # Other articles' figures may be mid-edit: this page's figures are what counts.
    subprocess.run([sys.executable, "build_figures.py"], check=False, cwd=root, capture_output=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], check=True, cwd=root,
                   capture_output=True)


def build_before(ref: str, tmp: Path) -> Path:
    """The site as it was at git revision ``ref``, built in a temporary worktree (its figures
    start from this tree's cache, so only what differs is rebuilt)."""
    tree = tmp / "before-tree"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), ref], check=True, cwd=ROOT)
    try:
        shutil.copytree(ROOT / "docs" / "assets" / "figures", tree / "docs" / "assets" / "figures", dirs_exist_ok=True)
        build_site(tmp / "site-before", tree)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], check=False, cwd=ROOT)
    return tmp / "site-before"


def serve(folder: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):  # the browser moved on
                pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def total_bytes(browser, url: str, folder: Path) -> tuple[int, int]:
    """Bytes a cold load transfers with every lazy figure scrolled in: as sent, and gzipped (what
    a server that compresses, as GitHub Pages does, would send). Each URL counts once, measured
    on the served file itself (reading response bodies back from the browser proved unreliable
    for the large plotly.js bundle)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    paths: set[str] = set()
    page.on("requestfinished", lambda r: paths.add(urlsplit(r.url).path))
    page.goto(url, wait_until="load")
    for _ in range(60):  # scroll through, so every lazy iframe and image loads
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(60)
    # Scenes load one at a time: wait until every frame has its page (and images are in).
    # (a scene that loads on a reader's intent, figures.js since issue 20, and was not wanted: none)
    page.wait_for_function("""() => [...document.querySelectorAll('iframe')].every(f => f.src ?
        f.contentDocument && f.contentDocument.readyState === 'complete' :
        !f.dataset.mlpWanted && !!document.querySelector('.mlp-load'))
        && [...document.images].every(i => i.complete || !i.offsetParent)""", timeout=180_000)
    page.wait_for_timeout(1500)
    context.close()
    files = [folder / unquote(p).lstrip("/") for p in paths]
    files = [f / "index.html" if f.is_dir() else f for f in files]
    data = [f.read_bytes() for f in files if f.is_file()]
    return sum(len(d) for d in data), sum(len(gzip.compress(d, 6)) for d in data)


# Time (ms since navigation) at which the figure ``stem`` is first visible to the reader: an
# image of it loaded and on screen, or its scene drawn; and the page's first contentful paint.
FIGURE_VISIBLE_MS = """async (stem) => {
  const deadline = performance.now() + 20000;
  while (performance.now() < deadline) {
    const fig = document.getElementById('fig-' + stem);
    const img = fig && [...fig.querySelectorAll('img')].find(i => i.complete && i.naturalWidth > 0 && i.offsetParent
                                                               && getComputedStyle(i).visibility !== 'hidden');
    const f = fig && fig.querySelector('iframe');
    const c = f && f.contentDocument && f.contentDocument.querySelector('.gl-container canvas');
    if (img || (c && c.width > 0)) {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return [performance.now(), fcp ? fcp.startTime : -1];
    }
    await new Promise(r => setTimeout(r, 5));
  }
  return [-1, -1];
}"""


# In the page (loaded, nothing touched): scroll to the scene ``stem``, the pointer enters it (the
# reader's intent), and resolve the ms until its WebGL canvas is drawn, -1 on a 20 s time-out.
INTENT_DRAWN_MS = """async (stem) => {
  const f = document.querySelector(`iframe[data-src*="${stem}."], iframe[src*="${stem}."]`);
  const t0 = performance.now();
  f.scrollIntoView({block: 'center'});
  f.parentNode.dispatchEvent(new PointerEvent('pointerenter'));
  while (performance.now() < t0 + 20000) {
    const d = f.contentDocument;
    const c = d && d.querySelector('.gl-container canvas');
    if (c && c.width > 0 && f.parentNode.classList.contains('mlp-drawn')) return performance.now() - t0;
    await new Promise(r => setTimeout(r, 5));
  }
  return -1;
}"""


def measure_intent(browser, url: str, stem: str) -> float:
    """Cold: the page loaded and idle, then the reader scrolls to ``stem`` and points at it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)
    ms = page.evaluate(INTENT_DRAWN_MS, stem)
    context.close()
    return ms


def measure(browser, target: str, stem: str) -> dict:
    """One cold load (fresh context) and one warm reload of ``target``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    out = {}
    for kind in ("cold", "warm"):
        if kind == "cold":
            page.goto(target, wait_until="commit")
        else:
            page.reload(wait_until="commit")
        if stem != "scene":
            seen, fcp = page.evaluate(FIGURE_VISIBLE_MS, stem)
            out[f"{kind}-visible"] = seen - fcp
        out[kind] = page.evaluate(SCENE_DRAWN_MS, stem)
    context.close()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--page", default="why-more-layers")
    p.add_argument("--scene", default="linear_net-layer1", help="stem of the first 3-D scene on the page")
    p.add_argument("--intent-scene", default="relu_net-layer1",
                   help="a later 3-D scene: time from scrolling to it and pointing at it until drawn")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--before", metavar="REF", help="also measure the site at this git revision, in the same run")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {}
        if args.before:
            sites[f"before ({args.before})"] = build_before(args.before, Path(tmp))
        sites["now"] = Path(tmp) / "site"
        build_site(sites["now"])
        add_anchor(sites["now"], args.page)
        bases = {name: serve(folder) for name, folder in sites.items()}
        targets = {name: (f"{base}/{args.page}/#fig-{args.scene}", args.scene) for name, base in bases.items()}
        targets["anchor"] = (f"{bases['now']}/anchor/", "scene")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            runs = {name: [] for name in targets}
            for _ in range(args.repeats):  # interleaved, so load on the machine hits all alike
                for name, (target, stem) in targets.items():
                    runs[name].append(measure(browser, target, stem))
                    if name in bases:
                        runs[name][-1]["intent"] = measure_intent(browser, f"{bases[name]}/{args.page}/",
                                                                  args.intent_scene)
            nbytes = {name: total_bytes(browser, f"{base}/{args.page}/", sites[name]) for name, base in bases.items()}
            browser.close()
    med = lambda name, key: statistics.median(r[key] for r in runs[name])  # noqa: E731
    print(f"page /{args.page}/, headless Chromium, software WebGL, {args.repeats} repeats, medians")
    print(f"time from navigation until the 3-D scene {args.scene!r} is drawn (a link to #fig-{args.scene}),")
    print("against the anchor (bare Material page, one 1000-point scatter3d, full plotly.min.js):")
    for kind in ("cold", "warm"):
        anchor = med("anchor", kind)
        print(f"  {kind}: anchor {anchor / 1000:.2f} s   {[round(r[kind]) for r in runs['anchor']]} ms")
        for name in sites:
            ours = med(name, kind)
            print(f"  {kind}: {name:<24} {ours / 1000:.2f} s, {anchor / ours:.2f}x faster than the anchor"
                  f"   {[round(r[kind]) for r in runs[name]]} ms")
    print("time from the page's first contentful paint until the figure is visible (image or scene):")
    for kind in ("cold", "warm"):
        for name in sites:
            print(f"  {kind}: {name:<24} {med(name, kind + '-visible') / 1000:.2f} s"
                  f"   {[round(r[kind + '-visible']) for r in runs[name]]} ms")
    print(f"time from scrolling to the later scene {args.intent_scene!r} and pointing at it until drawn (cold):")
    for name in sites:
        print(f"  {name:<24} {med(name, 'intent') / 1000:.2f} s   {[round(r['intent']) for r in runs[name]]} ms")
    print("total transfer, every figure scrolled in:")
    for name, (raw, gz) in nbytes.items():
        print(f"  {name:<24} {raw / 1e6:.2f} MB as served, {gz / 1e6:.2f} MB gzipped")


if __name__ == "__main__":
    main()
