"""A stacked MLP: S independent models with a leading model axis, one batched matmul per layer.

A single model is simply S = 1, so one piece of code serves one net and a seed sweep.
Model i is initialised from its own seed exactly as a lone model with that seed would be.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

ACTIVATIONS = {
    "relu": torch.relu,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "identity": lambda h: h,
}


@dataclass
class StackedMLP:
    """Weights ``W[l]`` of shape (S, in, out) and biases ``b[l]`` of shape (S, 1, out)."""

    sizes: tuple[int, ...]
    activation: str
    weights: list[torch.Tensor]
    biases: list[torch.Tensor]

    @classmethod
    def init(cls, sizes: tuple[int, ...], activation: str, seeds: list[int], device: str = "cpu") -> StackedMLP:
        """PyTorch's default Linear init, U(-1/sqrt(in), 1/sqrt(in)), drawn per seed on the CPU."""
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; known: {', '.join(ACTIVATIONS)}")
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"bad layer sizes {sizes}")
        per_seed = [_init_one(sizes, torch.Generator().manual_seed(s)) for s in seeds]
        weights = [torch.stack([p[0][k] for p in per_seed]).to(device) for k in range(len(sizes) - 1)]
        biases = [torch.stack([p[1][k] for p in per_seed]).to(device) for k in range(len(sizes) - 1)]
        return cls(tuple(sizes), activation, weights, biases)

    @property
    def n_models(self) -> int:
        return self.weights[0].shape[0]

    def parameters(self) -> list[torch.Tensor]:
        return [t for pair in zip(self.weights, self.biases) for t in pair]

    def layers(self, X: torch.Tensor) -> list[torch.Tensor]:
        """Each layer's output, shape (S, n, width): hidden layers after the activation, and
        the last layer's logits. X is (n, in), shared by all models, or (S, n, in)."""
        act = ACTIVATIONS[self.activation]
        h = X.expand(self.n_models, *X.shape) if X.dim() == 2 else X
        outs = []
        for k, (W, b) in enumerate(zip(self.weights, self.biases)):
            h = torch.baddbmm(b, h, W)
            if k < len(self.weights) - 1:
                h = act(h)
            outs.append(h)
        return outs

    def logits(self, X: torch.Tensor) -> torch.Tensor:
        """Output logits, shape (S, n)."""
        return self.layers(X)[-1].squeeze(-1)

    def detached(self) -> StackedMLP:
        """A copy of the current weights, cut from autograd (a training snapshot)."""
        return StackedMLP(self.sizes, self.activation, [w.detach().clone() for w in self.weights],
                          [b.detach().clone() for b in self.biases])

    def select(self, i: int) -> StackedMLP:
        """Model i alone, as a stack of one."""
        return StackedMLP(self.sizes, self.activation, [w[i:i + 1] for w in self.weights],
                          [b[i:i + 1] for b in self.biases])


def _init_one(sizes: tuple[int, ...], gen: torch.Generator) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / math.sqrt(fan_in)
        weights.append((torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * bound)
        biases.append((torch.rand(1, fan_out, generator=gen) * 2 - 1) * bound)
    return weights, biases


def collapse_affine(model: StackedMLP) -> tuple[torch.Tensor, torch.Tensor]:
    """The single affine map (A, c) that a net with identity activations equals: x -> x A + c."""
    if model.activation != "identity":
        raise ValueError("only a net without activations collapses to one affine map")
    A, c = model.weights[0], model.biases[0]
    for W, b in zip(model.weights[1:], model.biases[1:]):
        A, c = A @ W, c @ W + b
    return A, c
