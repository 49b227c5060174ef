"""The CPU fast path of train.train(): the same maths with the backward pass written out by hand.

Every model of a stack sees the same points, learns with binary cross-entropy (or, for a curve
fit, squared error) and full-batch Adam, exactly as in train.py's autograd path; this module
only lays the work out for a CPU:

- activations are (S, width, n), so the long axis (the n points) is contiguous;
- the first layer is one matrix product for the whole stack (all models read the same X);
- no autograd graph: a layer's backward is two batched products, a sum and one fused kernel;
- all weights sit in one flat buffer and all gradients in another, so Adam is one fused kernel;
- every buffer is allocated once, and a big stack is trained a chunk of models at a time so
  that a chunk's buffers stay in the CPU's cache.

tests/test_train_fast.py checks it against the autograd path, step by step.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from figures.models.nets import StackedMLP

aten = torch.ops.aten


def _tanh_(z: torch.Tensor) -> torch.Tensor:
    # tanh(z) = 2 sigmoid(2z) - 1: torch's CPU sigmoid is vectorised and its tanh is not
    # (measured 5x slower with the AVX-512 CPU build of torch 2.13).
    return z.mul_(2).sigmoid_().mul_(2).sub_(1)


# activation -> (forward in place on z, backward in place on g given the layer's output h)
ACTIVATIONS = {
    "relu": (torch.relu_, lambda g, h: aten.threshold_backward.grad_input(g, h, 0, grad_input=g)),
    "tanh": (_tanh_, lambda g, h: aten.tanh_backward.grad_input(g, h, grad_input=g)),
    "sigmoid": (torch.sigmoid_, lambda g, h: aten.sigmoid_backward.grad_input(g, h, grad_input=g)),
    "identity": (lambda z: z, lambda g, h: g),
}

# Models per chunk: about this many floats of activations and gradients per chunk (6 MB: measured
# best for widths 1, 3 and 8, against chunks 4x smaller or larger).
CHUNK_FLOATS = 1_500_000


def applies(model: StackedMLP, X: torch.Tensor) -> bool:
    """Whether the fast path can train ``model`` on ``X``: on the CPU, one X shared by all models."""
    return (X.device.type == "cpu" and X.dim() == 2 and X.dtype == model.weights[0].dtype
            and model.weights[0].device.type == "cpu" and model.activation in ACTIVATIONS)


def chunk_size(sizes: tuple[int, ...], n: int) -> int:
    """How many models to train at once so that one chunk's activations and gradients stay in cache."""
    return max(1, CHUNK_FLOATS // (2 * n * sum(sizes[1:])))


class _Chunk:
    """Flat weights, gradients and activation buffers of a stack of S models."""

    def __init__(self, model: StackedMLP, n: int):
        S, like = model.n_models, dict(device=model.weights[0].device, dtype=model.weights[0].dtype)
        shapes = [(S, W.shape[2], W.shape[1]) for W in model.weights]  # each weight stored as W^T: (S, out, in)
        bias_shapes = [(S, s[1], 1) for s in shapes]
        self.flat = torch.empty(sum(math.prod(s) for s in shapes + bias_shapes), **like)
        self.grad = torch.zeros_like(self.flat)
        self.Wt, self.b = _views(self.flat, shapes, bias_shapes)
        self.gWt, self.gb = _views(self.grad, shapes, bias_shapes)
        self.H = [torch.empty(S, s[1], n, **like) for s in shapes]  # each layer's output
        self.G = [torch.empty(S, s[1], n, **like) for s in shapes]  # the loss's gradient there
        self.load(model)

    def load(self, model: StackedMLP) -> None:
        for Wt, b, W, b0 in zip(self.Wt, self.b, model.weights, model.biases):
            Wt.copy_(W.transpose(1, 2))
            b.copy_(b0.transpose(1, 2))

    def store(self, model: StackedMLP) -> None:
        for Wt, b, W, b0 in zip(self.Wt, self.b, model.weights, model.biases):
            W.copy_(Wt.transpose(1, 2))
            b0.copy_(b.transpose(1, 2))

    def snapshot(self, model: StackedMLP) -> StackedMLP:
        """A copy of the current weights in the StackedMLP layout."""
        copy = StackedMLP(model.sizes, model.activation, [torch.empty_like(W) for W in model.weights],
                          [torch.empty_like(b) for b in model.biases])
        self.store(copy)
        return copy


def _views(buf: torch.Tensor, *groups: list[tuple[int, ...]]) -> list[list[torch.Tensor]]:
    """Consecutive views of ``buf`` with the given shapes, one list per group."""
    out, start = [], 0
    for shapes in groups:
        out.append([])
        for s in shapes:
            out[-1].append(buf[start:start + math.prod(s)].view(s))
            start += math.prod(s)
    return out


def _grad_weights(G: torch.Tensor, H: torch.Tensor, out: torch.Tensor) -> None:
    """out = G H^T, the gradient of W^T; one output unit is a product and a sum (measured 3x faster)."""
    if G.shape[1] == 1:
        torch.sum(G * H, 2, out=out.view(out.shape[0], -1))
    else:
        torch.bmm(G, H.transpose(1, 2), out=out)


def _grad_inputs(Wt: torch.Tensor, G: torch.Tensor, out: torch.Tensor) -> None:
    """out = W G, the gradient of the layer's input; with one output unit a broadcast product."""
    if G.shape[1] == 1:
        torch.mul(Wt.transpose(1, 2), G, out=out)
    else:
        torch.bmm(Wt.transpose(1, 2), G, out=out)


def _step(c: _Chunk, Xt: torch.Tensor, sign: torch.Tensor, sign_n: torch.Tensor, act, act_back,
          loss_out: torch.Tensor | None, mse: bool = False) -> None:
    """Forward, loss (into loss_out) and gradients (into c.grad) of every model of the chunk
    (``mse``: ``sign`` holds the targets and ``sign_n`` is 2 / n). No loss (the costliest op of
    a small net's step) without ``loss_out``."""
    S, w1 = c.H[0].shape[:2]
    torch.addmm(c.b[0].view(S * w1, 1), c.Wt[0].view(S * w1, -1), Xt, out=c.H[0].view(S * w1, -1))
    for k in range(1, len(c.H)):
        act(c.H[k - 1])
        torch.baddbmm(c.b[k], c.Wt[k], c.H[k - 1], out=c.H[k])
    if mse:  # (z - y)², its slope 2 (z - y) / n: autograd's bits ((1/n) (2 d) = d (2/n), both exact scalings)
        d = torch.sub(c.H[-1], sign, out=c.G[-1])
        if loss_out is not None:
            torch.mean(d * d, (1, 2), out=loss_out)
        d.mul_(sign_n)
    else:
        u = c.H[-1].mul_(sign)  # s z with s = 1 - 2y: the loss is
        if loss_out is not None:  # softplus(s z), its slope s sigmoid(s z)
            torch.mean(F.softplus(c.H[-1]), (1, 2), out=loss_out)
        torch.sigmoid(u, out=c.G[-1]).mul_(sign_n)
    for k in range(len(c.H) - 1, 0, -1):
        _grad_weights(c.G[k], c.H[k - 1], c.gWt[k])
        torch.sum(c.G[k], 2, keepdim=True, out=c.gb[k])
        _grad_inputs(c.Wt[k], c.G[k], c.G[k - 1])
        act_back(c.G[k - 1], c.H[k - 1])
    torch.mm(c.G[0].view(S * w1, -1), Xt.t(), out=c.gWt[0].view(S * w1, -1))  # Xt.t(): 10x faster than X
    torch.sum(c.G[0], 2, keepdim=True, out=c.gb[0])


class _Adam:
    """torch.optim.Adam's maths (default betas and eps) as one fused kernel over the flat buffer;
    calling the kernel directly skips the optimizer's per-step Python (70 us, measured)."""

    def __init__(self, param: torch.Tensor, grad: torch.Tensor, lr: float):
        self.p, self.g, self.lr = [param], [grad], lr
        self.m, self.v = [torch.zeros_like(param)], [torch.zeros_like(param)]
        self.t = [torch.zeros((), device=param.device)]  # float32, as torch.optim keeps it

    def step(self) -> None:
        self.t[0] += 1
        torch._fused_adam_(self.p, self.g, self.m, self.v, [], self.t, amsgrad=False, lr=self.lr,
                           beta1=0.9, beta2=0.999, weight_decay=0.0, eps=1e-8, maximize=False)


def _train_chunk(model: StackedMLP, X: torch.Tensor, y: torch.Tensor, steps: int, lr: float,
                 wanted: set[int], losses: bool = True, mse: bool = False
                 ) -> tuple[torch.Tensor | None, dict[int, StackedMLP]]:
    """Train the models of ``model`` in place; return their losses (steps, S) and snapshots."""
    n = X.shape[0]
    c = _Chunk(model, n)
    act, act_back = ACTIVATIONS[model.activation]
    Xt = X.t().contiguous()
    if mse:  # the targets, and the slope's scale
        sign, sign_n = y.to(X.dtype).view(1, 1, n), torch.tensor(2 / n, dtype=X.dtype)
    else:
        sign = (1 - 2 * y.to(X.dtype)).view(1, 1, n)
        sign_n = sign / n
    opt = _Adam(c.flat, c.grad, lr)
    loss = torch.empty(steps, model.n_models, device=X.device, dtype=X.dtype) if losses else None
    saved = {0: c.snapshot(model)} if 0 in wanted else {}
    for step in range(steps):
        _step(c, Xt, sign, sign_n, act, act_back, None if loss is None else loss[step], mse)
        opt.step()
        if step + 1 in wanted:
            saved[step + 1] = c.snapshot(model)
    c.store(model)
    return loss, saved


@torch.no_grad()
def train(model: StackedMLP, X: torch.Tensor, y: torch.Tensor, steps: int, lr: float,
          snapshots=(), chunk: int | None = None, losses: bool = True, loss: str = "bce"
          ) -> tuple[np.ndarray | None, dict[int, StackedMLP]]:
    """Train ``model`` in place, ``chunk`` models at a time (by default as many as fit in
    cache); return the loss per step and model, (steps, S) (None if not ``losses``: it costs
    more than the rest of a small net's step), and weight copies at ``snapshots``. ``loss``:
    "bce" (labels y) or "mse" (real targets y, one output)."""
    if loss not in ("bce", "mse"):
        raise ValueError(f"loss must be 'bce' or 'mse', not {loss!r}")
    chunk = chunk or chunk_size(model.sizes, X.shape[0])
    wanted = set(snapshots)
    parts = [_train_chunk(_models(model, i, i + chunk), X, y, steps, lr, wanted, losses, loss == "mse")
             for i in range(0, model.n_models, chunk)]
    saved = {s: _concat([p[1][s] for p in parts]) for s in parts[0][1]}
    loss = torch.cat([p[0] for p in parts], 1).cpu().numpy() if losses else None
    return loss, saved


def _concat(stacks: list[StackedMLP]) -> StackedMLP:
    """Stacks of models joined along the model axis."""
    return StackedMLP(stacks[0].sizes, stacks[0].activation, [torch.cat(w) for w in zip(*(s.weights for s in stacks))],
                      [torch.cat(b) for b in zip(*(s.biases for s in stacks))])


def _models(model: StackedMLP, start: int, stop: int) -> StackedMLP:
    """Models start..stop-1 of a stack, sharing its tensors (training them trains the stack)."""
    return StackedMLP(model.sizes, model.activation, [w[start:stop] for w in model.weights],
                      [b[start:stop] for b in model.biases])
