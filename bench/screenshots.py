"""Full-page screenshots of every page, for a person to look at: 1280x800 light and dark, and a
390x844 phone (touch), with every scene scrolled in and drawn.

usage: python bench/screenshots.py [--out .cache/screens] [--pages index,xor-proof]
Builds the site (figures through the cache, then mkdocs) into a temporary folder, serves it on
127.0.0.1 and writes OUT/<page>-<light|dark|phone>.png. (This was a test that asserted only that
a file was written; looking is the check, so it is a tool.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]
from bench_page import ARGS, build_site, serve  # noqa: E402 - after the sys.path line
from test_browser import PAGES, wait_for_images, wait_for_scenes  # noqa: E402

MODES = {"light": dict(viewport={"width": 1280, "height": 800}, color_scheme="light"),
         "dark": dict(viewport={"width": 1280, "height": 800}, color_scheme="dark"),
         "phone": dict(viewport={"width": 390, "height": 844}, color_scheme="light", has_touch=True, is_mobile=True)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "screens")
    ap.add_argument("--pages", help="comma-separated page names (default: every page)")
    args = ap.parse_args()
    pages = {k: v for k, v in PAGES.items() if not args.pages or k in args.pages.split(",")}
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        build_site(Path(tmp) / "site")
        base = serve(Path(tmp) / "site")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for mode, options in MODES.items():
            ctx = browser.new_context(**options)
            for name, url in pages.items():
                page = ctx.new_page()
                page.goto(base + url, wait_until="load")
                wait_for_scenes(page)
                wait_for_images(page)
                page.evaluate("window.scrollTo(0, 0)")
                path = args.out / f"{name.replace('/', '__')}-{mode}.png"
                page.screenshot(path=str(path), full_page=True)
                page.close()
                print(path)
            ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
