"""Full-batch training of a stacked MLP with Adam, keeping snapshots at chosen steps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from figures.models import adam, cudatrain, fasttrain, jittrain
from figures.models.nets import StackedMLP


@dataclass
class History:
    """Loss per step and model, and weight snapshots (step -> model copy)."""

    loss: np.ndarray | None  # (steps, S); None where training skipped it
    snapshots: dict[int, StackedMLP]


def snapshot_steps(steps: int, count: int) -> list[int]:
    """``count`` steps from 0 to ``steps``, denser early, when training moves fastest."""
    ts = np.linspace(0, 1, count) ** 2 * steps
    return sorted({int(round(t)) for t in ts} | {0, steps})


def bce_per_model(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean binary cross-entropy of each model, shape (S,)."""
    return F.binary_cross_entropy_with_logits(logits, y.expand_as(logits), reduction="none").mean(1)


def mse_per_model(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean squared error of each model's outputs (S, n) against targets y (n,), shape (S,)."""
    return ((out - y) ** 2).mean(1)


LOSSES = {"bce": bce_per_model, "mse": mse_per_model}


def train(model: StackedMLP, X: torch.Tensor, y: torch.Tensor, steps: int, lr: float,
          snapshots: list[int] = (), fast: bool | None = None, loss: str = "bce", losses: bool = True) -> History:
    """Train every model of the stack for ``steps`` full-batch Adam steps on (X, y).

    The summed loss gives each model exactly its own gradient, and Adam is element-wise, so
    this equals S independent runs (tests check it against torch.optim on lone nn.Modules).
    On the CPU this runs fasttrain's hand-written backward, on a GPU cudatrain's CUDA-graph
    version of it (``fast=None`` picks them where they apply); ``fast=False`` forces the plain
    autograd path, the oracle both are tested against. ``loss="mse"`` fits real targets y
    (regression: the CPU fast path has it; on a GPU it takes the autograd path, cudatrain is
    written for cross-entropy).
    ``losses=False`` lets the CPU fast path skip the loss (History.loss is then None there).
    """
    per_model = LOSSES[loss]
    if loss != "bce" and X.device.type != "cpu":
        fast = False
    if fast is None:
        fast = fasttrain.applies(model, X) or cudatrain.applies(model, X)
    if fast and X.device.type == "cuda":
        return History(*cudatrain.train(model, X, y, steps, lr, snapshots))
    if fast:
        return History(*fasttrain.train(model, X, y, steps, lr, snapshots, losses=losses, loss=loss))
    params = [p.requires_grad_() for p in model.parameters()]
    opt = adam.Adam(params, lr=lr, foreach=True)  # torch.optim.Adam's arithmetic, less overhead
    y = y.float()
    wanted = set(snapshots)
    saved = {0: model.detached()} if 0 in wanted else {}
    losses = torch.empty(steps, model.n_models, device=X.device)
    for step in range(steps):
        opt.zero_grad(set_to_none=False)
        value = per_model(model.logits(X), y)
        value.sum().backward()
        opt.step()
        losses[step] = value.detach()
        if step + 1 in wanted:
            saved[step + 1] = model.detached()
    for p in params:
        p.requires_grad_(False)
    return History(losses.cpu().numpy(), saved)


def train_together(groups: list[tuple[StackedMLP, torch.Tensor, torch.Tensor]], steps: int, lr: float) -> None:
    """Train each stack of ``groups`` on its own (X, y) for ``steps`` full-batch Adam steps, in
    place: on the CPU in float32 each model's whole training compiled (jittrain: the same maths),
    elsewhere one train() per group."""
    if jittrain.applies(groups):
        jittrain.train_together(groups, steps, lr)
        return
    for model, X, y in groups:
        train(model, X, y, steps, lr, [])


@torch.no_grad()
def accuracy(model: StackedMLP, X: torch.Tensor, y: torch.Tensor) -> np.ndarray:
    """Fraction of points each model classifies right, shape (S,)."""
    return ((model.logits(X) > 0).long() == y).float().mean(1).cpu().numpy()


@torch.no_grad()
def probabilities(model: StackedMLP, X: torch.Tensor) -> np.ndarray:
    """P(class 1) of each model at each point, shape (S, n)."""
    return torch.sigmoid(model.logits(X)).cpu().numpy()
