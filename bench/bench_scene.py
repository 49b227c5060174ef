"""Where a 3-D scene page's time goes, on its own (no article around it), in headless Chromium.

usage: python bench/bench_scene.py [--scene why-more-layers/linear_net-layer1] [--repeats 5]
Builds the site as bench_page.py does, opens the scene page alone (cold: a fresh browser
context; warm: a reload) under Chromium's tracing, and prints medians, in ms from navigation
start: when plotly.js has been evaluated, when the figure's script (Plotly.newPlot) has run,
and when the first frame holding the scene is on screen (the compositor waits for WebGL's
pixels: with --disable-gpu, SwiftShader draws them in the GPU process). The same for the
anchor page of bench_page.py (one 1000-point scatter3d, the full plotly.min.js). This is the
floor under bench_page.py's "scene drawn" time: an article page around the frame only adds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from bench_page import ARGS, add_anchor, build_site, serve
from playwright.sync_api import sync_playwright


def stages(trace: Path) -> dict[str, float]:
    """Stage ends (ms since the page's navigation start) from a Chromium trace."""
    events = json.loads(trace.read_text())["traceEvents"]
    main = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name"
            and e["args"]["name"] == "CrRendererMain"}
    on_main = [e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X"]
    nav = max(e["ts"] for e in events if e.get("name") == "navigationStart")
    end = lambda e: (e["ts"] + e["dur"] - nav) / 1000  # noqa: E731
    scripts = [e for e in on_main if e["name"] == "EvaluateScript" and e["ts"] > nav]
    url = lambda e: e.get("args", {}).get("data", {}).get("url", "")  # noqa: E731
    bundle = [end(e) for e in scripts if "plotly" in url(e)]
    plot = [end(e) for e in scripts if url(e).endswith(".html")]
    frames = [end(e) for e in on_main if e["name"] == "GLES2::ReadPixels" and e["ts"] > nav]
    after = [f for f in frames if plot and f > plot[-1] - 1] or frames
    return {"plotly.js evaluated": bundle[0] if bundle else float("nan"),
            "newPlot done": max(plot) if plot else float("nan"),
            "scene on screen": after[0] if after else float("nan")}


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
        pages = {"scene": f"{base}/assets/figures/{args.scene}.html", "anchor": f"{base}/anchor/scene.html"}
        runs: dict[tuple[str, str], list[dict]] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for _ in range(args.repeats):
                for name, url in pages.items():
                    ctx = browser.new_context(viewport={"width": 688, "height": 602})
                    page = ctx.new_page()
                    for kind in ("cold", "warm"):
                        trace = Path(tmp) / "trace.json"
                        browser.start_tracing(page=page, path=str(trace),
                                              categories=["devtools.timeline", "blink", "v8", "gpu", "toplevel"])
                        (page.goto(url) if kind == "cold" else page.reload())
                        page.wait_for_timeout(2500)
                        browser.stop_tracing()
                        runs.setdefault((name, kind), []).append(stages(trace))
                    ctx.close()
            browser.close()
    print(f"scene page alone, headless Chromium, software WebGL, {args.repeats} repeats, medians, "
          "ms since navigation start")
    for (name, kind), rs in runs.items():
        cols = "   ".join(f"{k} {statistics.median(r[k] for r in rs):.0f}" for k in rs[0])
        print(f"  {name:<6} {kind}: {cols}")


if __name__ == "__main__":
    main()
