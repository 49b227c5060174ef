"""Benchmark seed-sweep training: our trainer's fast path and plain path against the shared baseline.

usage: python bench/bench_sweep.py [--models 1,100,1000] [--repeats 3] [--threads 1,2]

Work (the baseline's): N independent 2-3-3-1 ReLU nets, 1000 circle points each, full-batch
Adam, lr 0.01. Per N and repeat, four runs side by side: ours as the sweeps train
(train_together(): each model's training compiled, jittrain), ours as single figures train
(train() on the CPU, the hand-written fast path), our plain autograd path (train(fast=False)), and the baseline
../shared/baselines/batched_train.py (eager, stacked baddbmm) in a subprocess with the same
thread count. Prints model-steps/s, medians over repeats and the median of the paired ratios
(runs of one repeat share the machine's load). With a GPU it also runs the CUDA numbers and
the CUDA-graph baseline; without one it says so.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from figures import data  # noqa: E402 - after the sys.path line
from figures.models import fasttrain, jittrain, nets, train  # noqa: E402 - after the sys.path line

# ../shared/baselines beside the checkout, or beside the folder of worktrees holding it
BASELINES = next((p / "shared" / "baselines" for p in ROOT.parents if (p / "shared" / "baselines").is_dir()),
                 ROOT.parent / "shared" / "baselines")
SIZES = (2, 3, 3, 1)


def steps_for(n_models: int) -> int:
    """Enough steps for about a second of our fast path, and at least 50."""
    return max(50, min(500, 100_000 // n_models))


def ours(n_models: int, steps: int, device: str = "cpu", fast: bool | None = None, chunk: int | None = None,
         together: bool = False) -> float:
    """Model-steps per second of train() (fasttrain.train with ``chunk``, jittrain.train_together
    with ``together``) on the baseline's work."""
    X, y = data.make("circles", 1000, 0.05, np.random.default_rng(0))
    X, y = torch.tensor(X, device=device), torch.tensor(y, device=device)
    model = nets.StackedMLP.init(SIZES, "relu", list(range(n_models)), device)
    run = (lambda k: fasttrain.train(model, X, y, k, 0.01, chunk=chunk)) if chunk else \
        (lambda k: train.train(model, X, y, k, 0.01, fast=fast))
    if together:
        run = lambda k: jittrain.train_together([(model, X.float(), y)], k, 0.01)  # noqa: E731
    run(5)  # warm up
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    sync()
    start = time.perf_counter()
    run(steps)
    sync()
    return n_models * steps / (time.perf_counter() - start)


def baseline(script: str, args: list[str], threads: int) -> float:
    """Model-steps per second that a baseline script prints (its last line)."""
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    out = subprocess.run([sys.executable, str(BASELINES / script), *args], capture_output=True, text=True,
                         check=True, env=env).stdout
    return float(re.findall(r"model-steps/s=\s*([0-9.]+)", out)[-1])


def table(name: str, runs: dict[str, list[float]], ref: str) -> None:
    """Medians of each variant and the median of its paired ratio to ``ref``."""
    for label, rates in runs.items():
        ratio = np.median(np.array(rates) / np.array(runs[ref]))
        print(f"  {name:8s} {label:34s} median {np.median(rates):11,.0f} model-steps/s"
              f"  (min {min(rates):11,.0f}, max {max(rates):11,.0f})  {ratio:5.2f}x {ref}")


def cpu(models: list[int], repeats: int, threads: int) -> None:
    torch.set_num_threads(threads)
    print(f"\nCPU, {threads} thread(s): {os.cpu_count()} cores, torch {torch.__version__}")
    for n in models:
        steps = steps_for(n)
        runs = {"ours (sweeps: compiled, jittrain)": [], "ours (fast path)": [], "ours (plain autograd path)": [],
                "baseline batched_train.py": []}
        for _ in range(repeats):
            runs["ours (sweeps: compiled, jittrain)"].append(ours(n, steps, together=True))
            runs["ours (fast path)"].append(ours(n, steps))
            runs["ours (plain autograd path)"].append(ours(n, steps, fast=False))
            runs["baseline batched_train.py"].append(baseline("batched_train.py", ["cpu", str(steps), str(n)], threads))
        table(f"N={n}", runs, "baseline batched_train.py")
        print(f"  {'':8s} {steps} steps, {repeats} repeats")


def gpu(repeats: int) -> None:
    """Only where torch sees a GPU (not measured on the machine this was written on)."""
    print(f"\nGPU: {torch.cuda.get_device_name()}")
    for n in (1, 1000, 10_000, 100_000):
        steps = 200
        runs = {"ours (train(), autograd)": [], "ours (hand-written step)": [], "baseline eager": []}
        if n > 1:
            runs["baseline CUDA graph"] = []
        for _ in range(repeats):
            runs["ours (train(), autograd)"].append(ours(n, steps, "cuda", fast=False))
            runs["ours (hand-written step)"].append(ours(n, steps, "cuda", chunk=n))
            runs["baseline eager"].append(baseline("batched_train.py", ["cuda", str(steps), str(n)], 1))
            if n > 1:
                runs["baseline CUDA graph"].append(baseline("batched_train_graph.py", [str(steps), str(n)], 1))
        table(f"N={n}", runs, "baseline eager")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", default="1,100,1000", help="stack sizes N, comma-separated")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", default="1,2", help="intra-op thread counts to run, comma-separated")
    args = p.parse_args()
    if not (BASELINES / "batched_train.py").is_file():
        sys.exit(f"baseline not found in {BASELINES}")
    for threads in map(int, args.threads.split(",")):
        cpu([int(m) for m in args.models.split(",")], args.repeats, threads)
    if torch.cuda.is_available():
        gpu(args.repeats)
    else:
        print("\nGPU: none visible to torch here, so no GPU numbers (nothing is claimed for it)")


if __name__ == "__main__":
    main()
