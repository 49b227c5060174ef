"""The live trainer (JavaScript, Node, one thread) against the Python CPU path, in one run.

usage: python bench/bench_live_vs_python.py [--seeds 16] [--repeats 3]

Work: 2-3-3-1 ReLU on 1,000 rings points, full-batch Adam, 1,000 steps per model. Per repeat,
side by side (so that they share the machine's load): Node through the generated kernel, Node
through the layer-by-layer loops, and bench_sweep.ours (train()'s fast path, torch, one thread)
for one model and for a stack of ``seeds`` models. Prints model-steps/s (wall clock) per run and
the medians of the paired ratios to the Python stack.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench_sweep import ours  # noqa: E402 - after the sys.path line


def node(seeds: int, loops: bool) -> dict:
    cmd = ["node", "bench/bench_live_node.mjs", str(seeds), *(["--loops"] if loops else [])]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=16)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args()
    torch.set_num_threads(1)
    runs: dict[str, list[float]] = {"JS kernel (Node)": [], "JS loops (Node)": [],
                                    "Python, 1 model": [], f"Python, stack of {args.seeds}": []}
    first = []
    for r in range(args.repeats):
        js = node(args.seeds, loops=False)
        first.append(js["first"]["wall"])
        runs["JS kernel (Node)"].append(js["rate"])
        runs["JS loops (Node)"].append(node(args.seeds, loops=True)["rate"])
        runs["Python, 1 model"].append(ours(1, 200))
        runs[f"Python, stack of {args.seeds}"].append(ours(args.seeds, 200))
        print(f"repeat {r + 1}: " + ", ".join(f"{k} {v[-1]:,.0f}" for k, v in runs.items()) + " model-steps/s")
    ref = runs[f"Python, stack of {args.seeds}"]
    print(f"\nmedians over {args.repeats} repeats (model-steps/s) and the paired ratio to the Python stack:")
    for label, rates in runs.items():
        print(f"  {label:24s} {np.median(rates):9,.0f}  {np.median(np.array(rates) / np.array(ref)):5.2f}x")
    print(f"JS, seed 0, 1,000 steps: {np.median(first):.3f} s wall (median); "
          f"{args.seeds} seeds at the kernel's rate: {args.seeds * 1000 / np.median(runs['JS kernel (Node)']):.2f} s, "
          f"64 seeds: {64_000 / np.median(runs['JS kernel (Node)']):.2f} s on one core")


if __name__ == "__main__":
    main()
