"""The CUDA fast path of train.train(): fasttrain's maths (hand-written backward, one flat
buffer, fused Adam) laid out for a GPU, in variants that bench/bench_gpu.py compares:

- ``eager``: fasttrain's step on the whole stack at once (no chunks: a GPU has no small cache
  to fit), ~25 kernel launches per step;
- ``graph`` (the default): the same step captured once in a CUDA graph and replayed, so a step
  costs one launch, not 25 (a tiny model's step is launch-bound otherwise);
- ``compile``: forward and backward written functionally and fused by torch.compile, then
  captured in a CUDA graph with the Adam kernel;
- ``triton``: one Triton program per model keeps its activations on chip (figures/models/tritonmlp.py),
  one launch per step in a CUDA graph; 2-a-b-1 ReLU nets only;
- ``triton_fused``: the same kernel running every step up to the next snapshot in one launch.

tests/test_cuda.py checks each variant against the autograd path (skipped without CUDA).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from figures.models import fasttrain
from figures.models.nets import StackedMLP

VARIANTS = ("eager", "graph", "compile", "triton", "triton_fused")
DEFAULT = "graph"


def applies(model: StackedMLP, X: torch.Tensor) -> bool:
    """Whether the CUDA path can train ``model`` on ``X``: on a GPU, one X shared by all models."""
    return (X.device.type == "cuda" and X.dim() == 2 and X.dtype == model.weights[0].dtype
            and model.weights[0].device == X.device and model.activation in fasttrain.ACTIVATIONS)


def triton_applies(model: StackedMLP) -> bool:
    """Whether the Triton kernel covers ``model``: float32 2-a-b-1 ReLU nets, triton installed."""
    try:
        import triton  # noqa: F401 - only asking whether it is there
    except ImportError:
        return False
    s = model.sizes
    return (len(s) == 4 and s[0] == 2 and s[3] == 1 and model.activation == "relu"
            and model.weights[0].dtype == torch.float32)


class _Run:
    """One training run's state: fasttrain's flat chunk and Adam, the data, the loss rows."""

    def __init__(self, model: StackedMLP, X: torch.Tensor, y: torch.Tensor, steps: int, lr: float):
        self.model, self.X, self.lr, n = model, X.contiguous(), lr, X.shape[0]
        self.c = fasttrain._Chunk(model, n)
        self.act, self.act_back = fasttrain.ACTIVATIONS[model.activation]
        self.Xt = X.t().contiguous()
        self.sign = (1 - 2 * y.to(X.dtype)).view(1, 1, n)
        self.sign_n = self.sign / n
        self.opt = fasttrain._Adam(self.c.flat, self.c.grad, lr)
        self.losses = torch.empty(steps, model.n_models, device=X.device, dtype=X.dtype)
        self.loss = torch.empty(model.n_models, device=X.device, dtype=X.dtype)  # a graph's static row

    def step(self) -> None:
        """One eager step: fasttrain's forward and backward, then fused Adam; loss into self.loss."""
        fasttrain._step(self.c, self.Xt, self.sign, self.sign_n, self.act, self.act_back, self.loss)
        self.opt.step()

    def state(self) -> list[torch.Tensor]:
        return [self.c.flat, self.c.grad, self.opt.m[0], self.opt.v[0], self.opt.t[0]]


def _graphed(run: _Run, step: Callable[[], None]) -> Callable[[int, int], None]:
    """``step`` captured in a CUDA graph; returns advance(start, count). The warm-up that capture
    needs (lazy cuBLAS and compile work) runs real steps, so the state is restored after it."""
    saved = [t.clone() for t in run.state()]
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        step()
    for t, s in zip(run.state(), saved):
        t.copy_(s)

    def advance(start: int, count: int) -> None:
        for i in range(start, start + count):
            graph.replay()
            run.losses[i].copy_(run.loss)
    return advance


def _eager(run: _Run) -> Callable[[int, int], None]:
    return _stepwise(run, run.step)


def _stepwise(run: _Run, step: Callable[[], None]) -> Callable[[int, int], None]:
    """advance(start, count) that runs ``step`` count times, launch by launch."""
    def advance(start: int, count: int) -> None:
        for i in range(start, start + count):
            step()
            run.losses[i].copy_(run.loss)
    return advance


def _graph(run: _Run) -> Callable[[int, int], None]:
    return _graphed(run, run.step)


def _fwd_bwd(Ws: list[torch.Tensor], bs: list[torch.Tensor], Xt: torch.Tensor, sign: torch.Tensor,
             sign_n: torch.Tensor, activation: str) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor]:
    """fasttrain._step without out= buffers, for torch.compile: gradients of Wt and b, and the loss."""
    H = [torch.matmul(Ws[0], Xt) + bs[0]]
    for k in range(1, len(Ws)):
        H[-1] = _ACT[activation](H[-1])
        H.append(torch.matmul(Ws[k], H[-1]) + bs[k])
    u = H[-1] * sign
    loss = torch.nn.functional.softplus(u).mean((1, 2))
    G = torch.sigmoid(u) * sign_n
    gW, gb = [None] * len(Ws), [None] * len(Ws)
    for k in range(len(Ws) - 1, -1, -1):
        prev = H[k - 1] if k else Xt.expand(G.shape[0], *Xt.shape)
        gW[k] = torch.matmul(G, prev.transpose(1, 2))
        gb[k] = G.sum(2, keepdim=True)
        if k:
            G = _ACT_BACK[activation](torch.matmul(Ws[k].transpose(1, 2), G), H[k - 1])
    return gW, gb, loss


_ACT = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "identity": lambda z: z}
_ACT_BACK = {"relu": lambda g, h: torch.where(h > 0, g, 0.0), "tanh": lambda g, h: g * (1 - h * h),
             "sigmoid": lambda g, h: g * h * (1 - h), "identity": lambda g, h: g}
_compiled = None


def _compile(run: _Run) -> Callable[[int, int], None]:
    global _compiled
    if _compiled is None:
        _compiled = torch.compile(_fwd_bwd, dynamic=False, fullgraph=True)
    c = run.c

    def step() -> None:
        gW, gb, loss = _compiled(c.Wt, c.b, run.Xt, run.sign, run.sign_n, run.model.activation)
        torch._foreach_copy_(c.gWt + c.gb + [run.loss], gW + gb + [loss])
        run.opt.step()
    return _graphed(run, step)


def _triton(run: _Run) -> Callable[[int, int], None]:
    from figures.models import tritonmlp

    sign, t = run.sign.view(-1).contiguous(), run.opt.t[0]

    def step() -> None:
        tritonmlp.launch(run.c.flat, run.opt.m[0], run.opt.v[0], run.X, sign, run.loss.view(1, -1), t,
                         run.model.sizes, 1, run.lr)
        t.add_(1)
    return _graphed(run, step) if run.X.device.type == "cuda" else _stepwise(run, step)


def _triton_fused(run: _Run) -> Callable[[int, int], None]:
    from figures.models import tritonmlp

    sign, t = run.sign.view(-1).contiguous(), run.opt.t[0]

    def advance(start: int, count: int) -> None:
        tritonmlp.launch(run.c.flat, run.opt.m[0], run.opt.v[0], run.X, sign, run.losses[start:start + count], t,
                         run.model.sizes, count, run.lr)
        t.add_(count)
    return advance


_ADVANCE = {"eager": _eager, "graph": _graph, "compile": _compile, "triton": _triton, "triton_fused": _triton_fused}


@torch.no_grad()
def train(model: StackedMLP, X: torch.Tensor, y: torch.Tensor, steps: int, lr: float,
          snapshots=(), variant: str = DEFAULT) -> tuple[np.ndarray, dict[int, StackedMLP]]:
    """Train ``model`` in place; return the loss per step and model, (steps, S), and weight
    copies at ``snapshots``. The Triton variants also run on CPU tensors under TRITON_INTERPRET=1."""
    if variant not in _ADVANCE:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS)}")
    run = _Run(model, X, y, steps, lr)
    advance = _ADVANCE[variant](run)
    wanted = set(snapshots)
    saved = {0: run.c.snapshot(model)} if 0 in wanted else {}
    done = 0
    for stop in sorted({s for s in wanted if 0 < s <= steps} | {steps}):
        if stop > done:
            advance(done, stop - done)
        done = stop
        if stop in wanted:
            saved[stop] = run.c.snapshot(model)
    run.c.store(model)
    return run.losses.cpu().numpy(), saved
