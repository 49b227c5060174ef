"""Glue between data, nets and training that the articles share: one call trains a net (or a
stack of seeds) on a named data set and keeps what the figures need."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch

from figures import data
from figures.context import Context
from figures.models import nets, train


@dataclass
class Run:
    """A trained stack of models with its data and training history."""

    X: np.ndarray
    y: np.ndarray
    model: nets.StackedMLP
    history: train.History
    device: str

    def tensors(self, X: np.ndarray | None = None) -> torch.Tensor:
        return torch.as_tensor(self.X if X is None else X, dtype=torch.float32, device=self.device)

    def accuracy(self) -> np.ndarray:
        return train.accuracy(self.model, self.tensors(), torch.as_tensor(self.y, device=self.device))

    def snapshots(self) -> list[tuple[int, nets.StackedMLP]]:
        return sorted(self.history.snapshots.items())

    @cached_property
    def snapshot_accuracies(self) -> list[float]:
        """Accuracy of the first model at each snapshot, in step order (computed once)."""
        y = torch.as_tensor(self.y, device=self.device)
        return [float(train.accuracy(m, self.tensors(), y)[0]) for _, m in self.snapshots()]


def fit(ctx: Context, *, dataset: str, n: int, noise: float, data_seed: int, sizes: tuple[int, ...],
        activation: str, steps: int, lr: float, seeds: list[int] | None = None, snapshots: int = 0,
        init: str = "default") -> Run:
    """Train nets of ``sizes`` on ``dataset``; one model with the figure's seed unless ``seeds``;
    ``init`` names the weight init (nets.INITS)."""
    X, y = data.make(dataset, n, noise, np.random.default_rng(data_seed))
    seeds = [ctx.seed] if seeds is None else seeds
    model = nets.StackedMLP.init(sizes, activation, seeds, ctx.device, init)
    Xt = torch.as_tensor(X, device=ctx.device)
    yt = torch.as_tensor(y, device=ctx.device)
    keep = train.snapshot_steps(steps, snapshots) if snapshots else [steps]
    history = train.train(model, Xt, yt, steps, lr, keep)
    return Run(X, y, model, history, ctx.device)


def fit_together(ctx: Context, groups: list[dict], *, n: int, data_seed: int, sizes: tuple[int, ...], steps: int,
                 lr: float, seeds: list[int], init: str = "default") -> list[Run]:
    """fit() for several (dataset, noise, activation) ``groups`` of the same net and seeds,
    trained in one stacked fit; one Run per group, final weights only (no loss, no snapshots)."""
    runs = []
    for g in groups:
        X, y = data.make(g["dataset"], n, g["noise"], np.random.default_rng(data_seed))
        model = nets.StackedMLP.init(sizes, g["activation"], seeds, ctx.device, init)
        runs.append(Run(X, y, model, train.History(None, {}), ctx.device))
    train.train_together([(r.model, r.tensors(), torch.as_tensor(r.y, device=ctx.device)) for r in runs], steps, lr)
    return runs


def grid(extent: tuple[float, float, float, float], size: int) -> np.ndarray:
    """(size*size, 2) points covering ``extent`` row by row, y from bottom to top."""
    gx = np.linspace(extent[0], extent[1], size, dtype=np.float32)
    gy = np.linspace(extent[2], extent[3], size, dtype=np.float32)
    xx, yy = np.meshgrid(gx, gy)
    return np.stack([xx.ravel(), yy.ravel()], 1)


def prob_grid(run: Run, model: nets.StackedMLP, extent, size: int) -> np.ndarray:
    """P(class 1) of the first model of ``model`` over a size x size grid (row 0 = bottom)."""
    return train.probabilities(model, run.tensors(grid(extent, size)))[0].reshape(size, size)


@torch.no_grad()
def layer_points(run: Run, model: nets.StackedMLP, layer: int, X: np.ndarray | None = None) -> np.ndarray:
    """Outputs of hidden layer ``layer`` (0-based) of the first model, shape (n, width)."""
    return model.layers(run.tensors(X))[layer][0].cpu().numpy()
