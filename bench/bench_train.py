"""Benchmark training speed: one small model, a loop of single models, and one stacked model.

usage: python bench/bench_train.py [--steps S] [--models N]
Runs the shared baseline (../shared/baselines/batched_train.py, eager stacked baddbmm) in the
same run for the ratio. Work: 2-3-3-1 ReLU nets, 1000 circle points, full-batch Adam.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from figures import data  # noqa: E402 - after the sys.path line
from figures.models import nets, train  # noqa: E402 - after the sys.path line

BASELINE = ROOT.parent / "shared" / "baselines" / "batched_train.py"


def model_steps_per_s(n_models: int, steps: int) -> float:
    X, y = data.make("circles", 1000, 0.05, np.random.default_rng(0))
    X, y = torch.tensor(X), torch.tensor(y)
    model = nets.StackedMLP.init((2, 3, 3, 1), "relu", list(range(n_models)))
    train.train(model, X, y, 5, 0.01)  # warm up
    start = time.perf_counter()
    train.train(model, X, y, steps, 0.01)
    return n_models * steps / (time.perf_counter() - start)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--models", type=int, default=1000)
    args = p.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {args.steps} steps")
    single = model_steps_per_s(1, args.steps)
    loop_models = 10
    start = time.perf_counter()
    for _ in range(loop_models):
        model_steps_per_s(1, args.steps)
    loop = loop_models * args.steps / (time.perf_counter() - start)
    stacked = model_steps_per_s(args.models, args.steps)
    print(f"one model:                  {single:10.0f} steps/s")
    print(f"loop over {loop_models} single models:  {loop:10.0f} model-steps/s")
    print(f"one stack of {args.models} models:   {stacked:10.0f} model-steps/s  ({stacked / loop:.1f}x the loop)")
    if BASELINE.is_file():
        done = subprocess.run([sys.executable, str(BASELINE), "cpu", str(args.steps), str(args.models)],
                              capture_output=True, text=True, check=True)
        print("baseline (shared/baselines/batched_train.py):")
        print("  " + done.stdout.strip().replace("\n", "\n  "))
    else:
        print(f"baseline not found at {BASELINE}")


if __name__ == "__main__":
    main()
