"""Live figure timings in headless Chromium (issue 23), on a built site:

    python -m mkdocs build -d /tmp/site && python bench/bench_live.py /tmp/site [--seeds]

- click on Train to data-state=done: 2-3-3-1 ReLU, 1,000 rings points, 1,000 Adam steps, once on
  a cold page (the click starts the worker) and three times after a hover (which starts it);
- with --seeds, "Run 64 seeds" from click to done, and the longest main-thread task meanwhile;
- the bytes the widget adds to a page, gzipped (its scripts; the data file it fetches on Train).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WATCH = """(() => {
  window.__long = 0;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__long = Math.max(window.__long, e.duration);
  }).observe({ type: "longtask" });  // from the click on, not the page load
  const root = document.querySelector('.mlp-live[data-config]');
  window.__done = new Promise((ok) => new MutationObserver(() => root.dataset.state === 'done' && ok(performance.now()))
    .observe(root, { attributes: true }));
})()"""


def click_to_done(page, name: str) -> tuple[float, float]:
    page.evaluate(WATCH)
    page.evaluate("window.__long = 0")
    t0 = page.evaluate(f"""new Promise((ok) => {{
      const b = [...document.querySelectorAll('.mlp-live button')].find((b) => b.textContent.startsWith({name!r}));
      const t = performance.now(); b.click(); ok(t); }})""")
    t1 = page.evaluate("window.__done")
    return (t1 - t0) / 1000, page.evaluate("window.__long")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def main(site: Path, seeds: bool) -> None:
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for hover in (False, True):
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/playground/")
            page.wait_for_function("document.querySelector('.mlp-live[data-config]').dataset.ready === '1'")
            page.wait_for_timeout(500)  # the data file is fetched when the widget starts
            if hover:  # as a reader's pointer comes to the figure before the click: its worker starts
                page.locator(".mlp-live-pics").hover()
                page.wait_for_timeout(500)
            for k in range(3 if hover else 1):
                secs, longest = click_to_done(page, "Train")
                print(f"train 1000 steps, {'after a hover' if hover else 'cold click, no hover'}, run {k + 1}: "
                      f"{secs:.3f} s click to done, longest main-thread task {longest:.0f} ms")
            if not hover:
                page.close()
        if seeds:
            secs, longest = click_to_done(page, "Run")
            solved = page.evaluate("document.querySelector('.mlp-live[data-config]').dataset.solved")
            print(f"64 seeds: {secs:.2f} s click to done ({64_000 / secs:.0f} model-steps/s), {solved} solved, "
                  f"longest main-thread task {longest:.0f} ms")
        browser.close()
    js = sorted((site / "javascripts/mlp-live").glob("*.js"))
    total = sum(gz(f) for f in js)
    print("gzipped: " + ", ".join(f"{f.name} {gz(f)}" for f in js) + f"; scripts {total} B")
    data = site / "assets/figures/playground/live_data-rings-1000.json"
    print(f"rings data fetched on first use: {gz(data)} B gzipped ({data.stat().st_size} B)")
    httpd.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--seeds" in sys.argv)
