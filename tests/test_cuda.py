"""The CUDA fast path (figures/models/cudatrain.py) against the plain autograd path as the oracle.

On a GPU every variant trains a few steps from the same weights as autograd and must agree to
float32 rounding. Without CUDA those tests skip; the Triton kernel is still checked on the CPU
by Triton's interpreter (TRITON_INTERPRET=1) where triton is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from figures.models import cudatrain, nets, train

ROOT = Path(__file__).resolve().parents[1]
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def _data(device, n=1000):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 2, generator=g)
    return X.to(device), (X.norm(dim=1) < 1.1).long().to(device)


def _max_diff(a: nets.StackedMLP, b: nets.StackedMLP) -> float:
    return max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))


def _compare(variant: str, sizes, activation: str, device: str, steps: int = 5) -> None:
    X, y = _data(device)
    fast, plain = (nets.StackedMLP.init(sizes, activation, [0, 1, 2, 3], device) for _ in range(2))
    keep = [0, 2, steps]
    loss, saved = cudatrain.train(fast, X, y, steps, 0.01, keep, variant=variant)
    hp = train.train(plain, X, y, steps, 0.01, keep, fast=False)
    np.testing.assert_allclose(loss, hp.loss, atol=1e-5)
    assert _max_diff(fast, plain) < 1e-5
    assert sorted(saved) == keep and all(_max_diff(saved[s], hp.snapshots[s]) < 1e-5 for s in keep)
    assert _max_diff(saved[0], saved[steps]) > 1e-4  # it did train


@cuda
@pytest.mark.parametrize("variant", ["eager", "graph"])
@pytest.mark.parametrize("sizes, activation", [((2, 3, 3, 1), "relu"), ((2, 4, 2, 1), "tanh"), ((2, 1), "sigmoid"),
                                               ((2, 5, 5, 5, 1), "identity")])
def test_variants_equal_autograd(variant, sizes, activation):
    _compare(variant, sizes, activation, "cuda")


@cuda
def test_compiled_variant_equals_autograd():
    """One net only: every new shape costs a compilation of tens of seconds."""
    _compare("compile", (2, 3, 3, 1), "relu", "cuda")


@cuda
@pytest.mark.parametrize("variant", ["triton", "triton_fused"])
@pytest.mark.parametrize("sizes", [(2, 3, 3, 1), (2, 5, 3, 1), (2, 4, 2, 1)])
def test_triton_equals_autograd(variant, sizes):
    pytest.importorskip("triton")
    _compare(variant, sizes, "relu", "cuda")


@cuda
def test_train_picks_the_cuda_path(monkeypatch):
    calls = []
    real = cudatrain.train
    monkeypatch.setattr(cudatrain, "train", lambda *a, **k: calls.append(1) or real(*a, **k))
    X, y = _data("cuda")
    model = nets.StackedMLP.init((2, 3, 1), "relu", [0, 1], "cuda")
    assert cudatrain.applies(model, X)
    hist = train.train(model, X, y, 5, 0.01, [0, 5])
    assert calls == [1] and hist.loss.shape == (5, 2) and sorted(hist.snapshots) == [0, 5]
    assert model.weights[0].device.type == "cuda"


def test_cuda_path_does_not_apply_on_the_cpu():
    X, _ = _data("cpu")
    assert not cudatrain.applies(nets.StackedMLP.init((2, 3, 1), "relu", [0]), X)


# numpy >= 2.4 refuses int() of a one-element array, which triton 3.6's interpreter does for loop bounds
_INTERPRETER_SHIM = """
from triton.runtime import interpreter as _interp
_orig = _interp._patch_lang_tensor
def _patched(tensor, scope):
    _orig(tensor, scope)
    scope.set_attr(tensor, "__index__", lambda self: int(self.handle.data.item()))
_interp._patch_lang_tensor = _patched
"""


@pytest.mark.parametrize("variant", ["triton", "triton_fused"])
def test_triton_kernel_in_the_interpreter(variant):
    """The kernel's maths on the CPU: a fresh process, as TRITON_INTERPRET is read at import."""
    pytest.importorskip("triton")
    code = _INTERPRETER_SHIM + (
        "import sys; sys.path.insert(0, 'tests'); import torch; torch.set_num_threads(1)\n"
        "import test_cuda\n"
        f"for sizes in [(2, 3, 3, 1), (2, 5, 3, 1)]: test_cuda._compare({variant!r}, sizes, 'relu', 'cpu')\n")
    env = dict(os.environ, TRITON_INTERPRET="1")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
