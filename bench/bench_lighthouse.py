"""Lighthouse (mobile preset, Debian's Chromium) on every page of two built sites, interleaved.

usage: python bench/bench_lighthouse.py SITE_DIR [SITE_DIR ...] [--repeats 2] [--pages index,xor-proof]
Each site folder (``mkdocs build -d``) is served on 127.0.0.1 with gzip, as GitHub Pages serves
it; every page is measured once per site in turn, ``--repeats`` times, so load from other work on
the machine falls on all sites alike. Prints per page and site the median of the four category
scores, first and largest contentful paint, total blocking time and the bytes Lighthouse saw.
Needs Lighthouse installed under /work/tools/lh (npm), or LIGHTHOUSE=path/to/lighthouse.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = os.environ.get("LIGHTHOUSE", "/work/tools/lh/node_modules/.bin/lighthouse")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


def pages() -> list[str]:
    """Every Markdown page's URL path (use_directory_urls), home first."""
    names = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index")
    return ["", *names]


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped for a client that accepts it (as GitHub Pages does)."""

    cache: dict = {}

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # its redirect from /page to /page/
            path = path / "index.html"
        if path.suffix not in TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = self.cache.get(path) or self.cache.setdefault(path, gzip.compress(path.read_bytes(), 6))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(folder: Path) -> str:
    handler = functools.partial(type("H", (Gzipped,), {"cache": {}}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run([LIGHTHOUSE, url, "--chrome-flags=--headless --no-sandbox --disable-gpu", "--output=json",
                    f"--output-path={out}", "--quiet"], check=True, env=env, timeout=300)
    r = json.loads(out.read_text())
    a = r["audits"]
    row = {c: round(100 * (r["categories"][c]["score"] or 0)) for c in CATEGORIES}
    row["fcp"] = a["first-contentful-paint"]["numericValue"]
    row["lcp"] = a["largest-contentful-paint"]["numericValue"]
    row["tbt"] = a["total-blocking-time"]["numericValue"]
    row["bytes"] = a["total-byte-weight"]["numericValue"]
    row["failed"] = sorted(k for c in CATEGORIES[1:] for k in failed(r, c))
    return row


def failed(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    return [x["id"] for x in refs if x["weight"] and (report["audits"][x["id"]]["score"] or 0) < 1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sites", nargs="+", type=Path)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--pages", help="comma-separated page paths (default: every page; '' is home)")
    args = p.parse_args()
    names = args.pages.split(",") if args.pages is not None else pages()
    bases = {site: serve(site) for site in args.sites}
    runs: dict = {(n, s): [] for n in names for s in args.sites}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.repeats):
            for n in names:
                for s in args.sites:
                    url = f"{bases[s]}/{n}/" if n else f"{bases[s]}/"
                    try:
                        runs[n, s].append(lighthouse(url, Path(tmp) / "r.json"))
                    except (subprocess.SubprocessError, KeyError, json.JSONDecodeError) as e:
                        print(f"  {n or 'home'} {s}: failed ({e})", flush=True)
                    row = runs[n, s][-1] if runs[n, s] else {}
                    print(f"  [{rep}] {n or 'home'} {s.name}: {row}", flush=True)
    print("page | site | perf a11y bp seo | FCP s | LCP s | TBT ms | bytes KB (median of runs)")
    for n in names:
        for s in args.sites:
            rs = runs[n, s]
            if not rs:
                continue
            med = {k: statistics.median(r[k] for r in rs) for k in (*CATEGORIES, "fcp", "lcp", "tbt", "bytes")}
            scores = " ".join(f"{med[c]:.0f}" for c in CATEGORIES)
            print(f"{n or 'home'} | {s.name} | {scores} | {med['fcp'] / 1000:.1f} | {med['lcp'] / 1000:.1f} | "
                  f"{med['tbt']:.0f} | {med['bytes'] / 1000:.0f} | {sorted({f for r in rs for f in r['failed']})}")


if __name__ == "__main__":
    main()
