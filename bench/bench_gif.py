"""Benchmark boundary_gif against the matplotlib FuncAnimation baseline, in one run.

Both render the baseline's workload (1000 points, 200x200 grid, a circular boundary growing
0.2 -> 0.75) at 400x400 px. The baseline runs once in a subprocess (it is slow); ours runs
--repeats times and reports the median. usage: python bench/bench_gif.py [--frames N] [--repeats R]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures.render.gif import boundary_gif  # noqa: E402 - after the sys.path line
from figures.render.kinds import ProbabilityField  # noqa: E402

BASELINE = ROOT.parent / "shared" / "baselines" / "gif_matplotlib.py"
EXTENT = (-1.5, 1.5, -1.5, 1.5)


def workload(frames: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """The baseline's points and per-frame probabilities, computed the same way."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1.5, 1.5, (1000, 2))
    y = (np.hypot(X[:, 0], X[:, 1]) < 0.75).astype(int)
    xx, yy = np.meshgrid(np.linspace(-1.5, 1.5, 200), np.linspace(-1.5, 1.5, 200))
    dist = np.hypot(xx, yy)
    probs = []
    for i in range(frames):
        r = 0.2 + 0.55 * i / max(frames - 1, 1)
        probs.append(1 / (1 + np.exp(8 * (dist - r))))
    return probs, X, y


def run_baseline(frames: int) -> tuple[float, int]:
    """(ms/frame, bytes) printed by the baseline script."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "baseline.gif"
        proc = subprocess.run([sys.executable, str(BASELINE), str(frames), str(out)],
                              capture_output=True, text=True, check=True)
        size = out.stat().st_size
    match = re.search(r"([\d.]+) ms/frame", proc.stdout)
    if not match:
        sys.exit(f"could not read ms/frame from the baseline's output: {proc.stdout!r}")
    return float(match.group(1)), size


def time_ours(frames: int, repeats: int, labels: bool) -> tuple[float, int]:
    """(median ms/frame over repeats, bytes) for boundary_gif; probabilities precomputed."""
    probs, X, y = workload(frames)
    text = [f"epoch {10 * i} · acc {50 + i / 2:.1f}%" for i in range(frames)] if labels else None
    times, data = [], b""
    for _ in range(repeats):
        t = time.perf_counter()
        data = boundary_gif(ProbabilityField(probs, EXTENT, X, y), labels=text).data
        times.append(time.perf_counter() - t)
    return float(np.median(times)) / frames * 1000, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not BASELINE.is_file():
        print(f"error: baseline not found at {BASELINE}", file=sys.stderr)
        return 2
    if args.frames < 1 or args.repeats < 1:
        parser.error("--frames and --repeats must be >= 1")

    base_ms, base_bytes = run_baseline(args.frames)
    ours_ms, ours_bytes = time_ours(args.frames, args.repeats, labels=False)
    lab_ms, lab_bytes = time_ours(args.frames, args.repeats, labels=True)
    print(f"{args.frames} frames, 400x400 px, 1000 points, 200x200 grid; ours: median of {args.repeats}")
    print(f"ours (boundary_gif)       {ours_ms:8.2f} ms/frame  {ours_bytes:9d} bytes")
    print(f"ours, with frame labels   {lab_ms:8.2f} ms/frame  {lab_bytes:9d} bytes")
    print(f"baseline (matplotlib)     {base_ms:8.2f} ms/frame  {base_bytes:9d} bytes")
    print(f"ratio baseline/ours       {base_ms / ours_ms:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
