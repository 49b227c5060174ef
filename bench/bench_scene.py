"""Where a 3-D scene page's time goes, on its own (no article around it), in headless Chromium.

usage: python bench/bench_scene.py [--scene why-more-layers/linear_net-layer1] [--repeats 5]
Builds the site as bench_page.py does, and serves a copy of the scene page with performance
marks added (a script right after plotly.js wraps Plotly.newPlot); opens it alone (cold: a
fresh browser context; warm: a reload) and prints medians, in ms from navigation start: when
plotly.js has been evaluated, when Plotly.newPlot has returned, and when the first frame
holding the scene is on screen (two animation frames later: the compositor first waits for
WebGL's pixels, which SwiftShader draws in the GPU process with --disable-gpu). The same for the
anchor page of bench_page.py (one 1000-point scatter3d, the full plotly.min.js). This is the
floor under bench_page.py's "scene drawn" time: an article page around the frame only adds.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
from pathlib import Path

from bench_page import ARGS, add_anchor, build_site, serve
from playwright.sync_api import sync_playwright

MARKS = ("plotly.js evaluated", "newPlot done", "scene on screen")
WRAP = """<script>performance.mark("plotly.js evaluated");
(function () { var plot = Plotly.newPlot; Plotly.newPlot = function () {
  var r = plot.apply(this, arguments); performance.mark("newPlot done");
  Promise.resolve(r).then(function () { requestAnimationFrame(function () { requestAnimationFrame(function () {
    performance.mark("scene on screen"); }); }); });
  return r; }; })();</script>"""


def marked(page: Path) -> Path:
    """A copy of a scene page beside it with the marks above: the wrapper goes right after the
    script that loads plotly.js."""
    text = page.read_text()
    text, n = re.subn(r'(<script[^>]*src="[^"]*plotly[^"]*\.js"[^>]*></script>)', lambda m: m[1] + WRAP, text, count=1)
    if not n:
        raise SystemExit(f"{page}: no <script src=...plotly...js> to mark after")
    out = page.with_name(page.stem + "-marked.html")
    out.write_text(text)
    return out


def stages(page) -> dict[str, float]:
    page.wait_for_function(f"() => performance.getEntriesByName({MARKS[-1]!r}).length > 0", timeout=30_000)
    js = "marks => Object.fromEntries(marks.map(m => [m, performance.getEntriesByName(m)[0].startTime]))"
    return page.evaluate(js, list(MARKS))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scene", default="why-more-layers/linear_net-layer1")
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site)
        add_anchor(site, args.scene.split("/")[0])
        base = serve(site)
        pages = {"scene": marked(site / "assets" / "figures" / f"{args.scene}.html"),
                 "anchor": marked(site / "anchor" / "scene.html")}
        urls = {name: f"{base}/{path.relative_to(site).as_posix()}" for name, path in pages.items()}
        runs: dict[tuple[str, str], list[dict]] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for _ in range(args.repeats):  # interleaved, so load on the machine hits both alike
                for name, url in urls.items():
                    ctx = browser.new_context(viewport={"width": 688, "height": 602})
                    page = ctx.new_page()
                    for kind in ("cold", "warm"):
                        (page.goto(url, wait_until="commit") if kind == "cold" else page.reload(wait_until="commit"))
                        runs.setdefault((name, kind), []).append(stages(page))
                    ctx.close()
            browser.close()
    print(f"scene page alone, headless Chromium, software WebGL, {args.repeats} repeats, medians, "
          "ms since navigation start")
    for (name, kind), rs in runs.items():
        cols = "   ".join(f"{k} {statistics.median(r[k] for r in rs):.0f}" for k in rs[0])
        print(f"  {name:<6} {kind}: {cols}")


if __name__ == "__main__":
    main()
