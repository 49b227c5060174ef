"""Benchmark the figure build: a clean build of every figure, then no-op rebuilds.

usage: python bench/bench_build.py [NAME|GLOB ...] [--jobs N] [--repeats R]
Prints the clean-build wall time (a fresh process, as an author runs it), the median no-op
rebuild time, and the per-figure table of the clean build.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(out: Path, *extra: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build_figures.py"), "--out", str(out), *extra],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start, done.stdout


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", help="figures to build (default: all)")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures"
        clean, table = run(out, *args.names, "--jobs", str(args.jobs))
        noop = [run(out, *args.names)[0] for _ in range(args.repeats)]
        files = [f for f in out.rglob("*") if f.is_file() and f.suffix in (".html", ".svg", ".gif", ".png")]
        sizes = {ext: max((f.stat().st_size for f in files if f.suffix == ext), default=0)
                 for ext in (".html", ".svg", ".gif", ".png")}
    print(table)
    print(f"\nclean build (--jobs {args.jobs}, fresh process): {clean:.2f} s")
    print(f"no-op rebuild, median of {args.repeats} (fresh process each): {statistics.median(noop):.2f} s")
    print("largest file per kind: " + ", ".join(f"{ext} {size / 1024:.0f} KB" for ext, size in sizes.items()))


if __name__ == "__main__":
    main()
