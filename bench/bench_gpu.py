"""Seed-sweep throughput on a GPU: model-steps/s of every CUDA variant and both shared baselines.

usage: python bench/bench_gpu.py [--out gpu.json] [--baselines DIR] [--budget SECONDS]
Work (issue 15): 2-3-3-1 ReLU nets, 1,000 circle points, full-batch Adam, N = 1, 100, 1,000 and
10,000 models at once. Each try is warmed up (graph capture, compilation), then timed over
enough steps for about TARGET_S seconds, synchronised; its predicted rate (an H100's, written
before any run) sits beside the measured one. DIR holds copies of ../shared/baselines/
batched_train.py and batched_train_graph.py (shared/ does not travel to the GPU machine).
Without CUDA every CUDA try is recorded as skipped and only the CPU fast path is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import platform
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
from figures.models import cudatrain, fasttrain, nets  # noqa: E402 - after the sys.path line

SIZES, LR, NS = (2, 3, 3, 1), 0.01, (1, 100, 1000, 10_000)
TARGET_S = 0.25

# Predicted model-steps/s on an H100 for N = 1, 100, 1000, 10000, written before the first run.
# Baselines: the earlier H100 numbers. Ours: launch counts (~25 kernels a step eager, one
# graph replay), ~1e5 bytes of activations a model-step through HBM for the batched GEMM paths
# (cap ~3e7), and for Triton ~2e5 padded FLOP a model-step at ~10 TFLOP/s of reductions.
PREDICTED = {
    "baseline_eager": (830, 8e4, 8e5, 1.9e6),
    "baseline_graph": (1e4, 1e6, 2e6, 2e6),
    "eager": (5e3, 5e5, 3e6, 5e6),
    "graph": (2.5e4, 2e6, 6e6, 6e6),
    "compile": (3e4, 3e6, 1e7, 1e7),
    "triton": (5e4, 5e6, 3e7, 4e7),
    "triton_fused": (1e5, 1e7, 4e7, 5e7),
    "cpu_fast": (3e3, 2e5, None, None),  # a reference only: small N, so that it costs the GPU run little
}
COMPILE_NS = (1, 10_000)  # torch.compile recompiles per N (tens of seconds each): two sizes only


def machine(baselines: Path | None) -> dict:
    info = {"python": platform.python_version(), "torch": torch.__version__, "cuda": torch.cuda.is_available(),
            "cpu_threads": torch.get_num_threads(), "commit": _commit(), "baselines": str(baselines)}
    try:
        import triton
        info["triton"] = triton.__version__
    except ImportError:
        info["triton"] = None
    if info["cuda"]:
        info.update(card=torch.cuda.get_device_name(), cuda_runtime=torch.version.cuda, driver=_driver(),
                    capability=".".join(map(str, torch.cuda.get_device_capability())))
    return info


def _commit() -> str:
    if os.environ.get("GIT_COMMIT"):
        return os.environ["GIT_COMMIT"]
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _driver() -> str:
    try:
        return subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _steps(rate: float, n_models: int) -> int:
    """Steps for about TARGET_S seconds at ``rate`` model-steps/s."""
    return int(np.clip(rate * TARGET_S / n_models, 10, 20_000))


def _sync() -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def ours(variant: str, n_models: int, X: torch.Tensor, y: torch.Tensor) -> dict:
    """Warm-up, a 5-step probe that sizes the timed run (a wrong prediction must not blow the
    budget), then the timed run; each call includes its own setup (graph capture, ~ms)."""
    device = "cpu" if variant == "cpu_fast" else "cuda"
    model = nets.StackedMLP.init(SIZES, "relu", list(range(n_models)), device)
    Xd, yd = X.to(device), y.to(device)
    if variant == "cpu_fast":
        def fit(k):
            return fasttrain.train(model, Xd, yd, k, LR)[0]
    else:
        if variant.startswith("triton") and not cudatrain.triton_applies(model):
            raise RuntimeError("triton is not installed")

        def fit(k):
            return cudatrain.train(model, Xd, yd, k, LR, variant=variant)[0]
    start = time.perf_counter()
    fit(3)  # warm-up: capture, compilation
    setup = time.perf_counter() - start
    steps = _steps(5 * n_models / _timed(fit, 5)[0], n_models)
    seconds, loss = _timed(fit, steps)
    return {"steps": steps, "seconds": seconds, "setup_s": setup, "final_loss_mean": float(loss[-1].mean())}


def _timed(fit, steps: int) -> tuple[float, np.ndarray]:
    _sync()
    start = time.perf_counter()
    loss = fit(steps)  # a NumPy array: the run has finished
    _sync()
    return time.perf_counter() - start, loss


def baseline(module, graph: bool, n_models: int, steps: int) -> dict:
    if graph:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            module.main(n_models, steps)
        rate = float(re.search(r"model-steps/s=\s*([0-9.]+)", out.getvalue()).group(1))
        return {"seconds": n_models * steps / rate, "printed": out.getvalue().strip()}
    return {"seconds": module.run(n_models, steps, "cuda")[0]}


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tries(baselines: Path | None) -> list[tuple[str, int]]:
    names = ["cpu_fast", "eager", "graph", "compile", "triton", "triton_fused", "baseline_eager", "baseline_graph"]
    return [(v, n) for n in NS for v in names
            if PREDICTED[v][NS.index(n)] is not None and (v != "compile" or n in COMPILE_NS)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", ".")) / "gpu.json")
    p.add_argument("--baselines", type=Path, default=None, help="folder with the two baseline scripts")
    p.add_argument("--budget", type=float, default=150.0, help="seconds; later tries are skipped past it")
    args = p.parse_args()
    X, y = data.make("circles", 1000, 0.05, np.random.default_rng(0))
    X, y = torch.tensor(X), torch.tensor(y)
    mods = {}
    if args.baselines:
        mods = {"baseline_eager": (_load(args.baselines / "batched_train.py"), False),
                "baseline_graph": (_load(args.baselines / "batched_train_graph.py"), True)}
    result = {"machine": machine(args.baselines), "work": {"sizes": SIZES, "points": 1000, "lr": LR,
              "optimizer": "full-batch Adam", "target_s": TARGET_S}, "predicted_unit": "model-steps/s",
              "tries": []}
    began = time.perf_counter()
    for variant, n_models in tries(args.baselines):
        predicted = PREDICTED[variant][NS.index(n_models)]
        steps = _steps(predicted, n_models)
        row = {"variant": variant, "models": n_models, "steps": steps, "predicted": predicted}
        if variant != "cpu_fast" and not torch.cuda.is_available():
            row["skipped"] = "no CUDA device"
        elif variant.startswith("baseline") and variant not in mods:
            row["skipped"] = "no --baselines folder"
        elif time.perf_counter() - began > args.budget:
            row["skipped"] = f"past the {args.budget:.0f} s budget"
        else:
            try:
                row.update(baseline(*mods[variant], n_models, steps) if variant in mods
                           else ours(variant, n_models, X, y))
                row["measured"] = n_models * row["steps"] / row["seconds"]
                row["ms_per_step"] = 1e3 * row["seconds"] / row["steps"]
            except Exception as e:  # one failed try must not cost the others: record it, go on
                row["error"] = f"{type(e).__name__}: {e}"[:2000]
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        print(_line(row), flush=True)
        result["tries"].append(row)
        result["total_s"] = time.perf_counter() - began
        _write(args.out, result)  # after every try: a run killed by its time limit keeps what it measured
    print(f"wrote {args.out} ({result['total_s']:.0f} s)")


def _write(path: Path, result: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)  # atomic: never a half-written file


def _line(row: dict) -> str:
    head = f"{row['variant']:<15} N={row['models']:>6}  predicted {row['predicted']:10.3g}"
    if "measured" in row:
        return f"{head}  measured {row['measured']:10.3g} model-steps/s  {row['ms_per_step']:8.3f} ms/step"
    return f"{head}  {row.get('skipped') or row.get('error')}"


if __name__ == "__main__":
    main()
