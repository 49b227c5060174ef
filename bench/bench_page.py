"""Benchmark the article page in headless Chromium: bytes transferred and time to first 3-D scene.

usage: python bench/bench_page.py [--page why-more-layers] [--repeats 5]
Builds the site (figures through the cache, then mkdocs) into a temporary folder, serves it
on 127.0.0.1, and for cold (fresh browser context) and warm (reload) loads prints the median
time from navigation start until the first 3-D scene's WebGL canvas is drawn, with the page
opened at that scene (a link to the figure's anchor), beside the issue's anchor page; then the
total bytes of a cold load with every lazy figure scrolled in.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

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


def build_site(out: Path) -> None:
    # Other articles' figures may be mid-edit: this page's figures are what counts.
    subprocess.run([sys.executable, str(ROOT / "build_figures.py")], check=False, cwd=ROOT, capture_output=True)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], check=True, cwd=ROOT,
                   capture_output=True)


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


def total_bytes(browser, url: str) -> int:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    page.goto(url, wait_until="load")
    for _ in range(60):  # scroll through, so every lazy iframe and image loads
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(60)
    page.wait_for_timeout(1500)
    context.close()
    return sum(sizes)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--page", default="why-more-layers")
    p.add_argument("--scene", default="linear_net-layer1", help="stem of the first 3-D scene on the page")
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site)
        add_anchor(site, args.page)
        base = serve(site)
        url = f"{base}/{args.page}/"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            times = {"ours": ([], []), "anchor": ([], [])}
            for _ in range(args.repeats):  # interleaved, so load on the machine hits both alike
                for name, target, stem in (("ours", f"{url}#fig-{args.scene}", args.scene),
                                           ("anchor", f"{base}/anchor/", "scene")):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.goto(target, wait_until="commit")
                    times[name][0].append(page.evaluate(SCENE_DRAWN_MS, stem))
                    page.reload(wait_until="commit")
                    times[name][1].append(page.evaluate(SCENE_DRAWN_MS, stem))
                    context.close()
            nbytes = total_bytes(browser, url)
            browser.close()
    print(f"page /{args.page}/, headless Chromium, software WebGL, {args.repeats} repeats")
    print(f"time from navigation until the 3-D scene {args.scene!r} is drawn (a link to #fig-{args.scene}),")
    print("against the anchor (bare Material page, one 1000-point scatter3d, full plotly.min.js):")
    for i, kind in enumerate(("cold", "warm")):
        ours, anchor = (statistics.median(times[n][i]) for n in ("ours", "anchor"))
        print(f"  {kind}: ours median {ours / 1000:.2f} s, anchor {anchor / 1000:.2f} s, ratio {anchor / ours:.2f}x"
              f"   ours {[round(t) for t in times['ours'][i]]} ms, anchor {[round(t) for t in times['anchor'][i]]} ms")
    print(f"total transfer, every figure scrolled in: {nbytes / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
