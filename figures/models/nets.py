"""A stacked MLP: S independent models with a leading model axis, one batched matmul per layer.

A single model is simply S = 1, so one piece of code serves one net and a seed sweep.
Model i is initialised from its own seed exactly as a lone model with that seed would be.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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
    def init(cls, sizes: tuple[int, ...], activation: str, seeds: list[int], device: str = "cpu",
             init: str = "default") -> StackedMLP:
        """Weights drawn per seed on the CPU: PyTorch's default Linear init, U(-1/sqrt(in),
        1/sqrt(in)) for weights and biases, unless ``init`` names another scheme of INITS."""
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; known: {', '.join(INITS)}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; known: {', '.join(ACTIVATIONS)}")
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"bad layer sizes {sizes}")
        per_seed = [INITS[init](sizes, torch.Generator().manual_seed(s)) for s in seeds]
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


def _init_normal(std: Callable[[int, int], float]) -> Callable:
    """Weights N(0, std(fan_in, fan_out)^2), biases zero: the common alternatives to the default."""
    def draw(sizes: tuple[int, ...], gen: torch.Generator) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
        weights = [torch.randn(i, o, generator=gen) * std(i, o) for i, o in zip(sizes[:-1], sizes[1:])]
        return weights, [torch.zeros(1, o) for o in sizes[1:]]
    return draw


# init name -> weights and biases of one seed
INITS = {
    "default": _init_one,  # PyTorch's nn.Linear: U(-1/sqrt(in), 1/sqrt(in)), biases too
    "kaiming": _init_normal(lambda i, o: math.sqrt(2 / i)),  # He et al. 2015, for ReLU
    "xavier": _init_normal(lambda i, o: math.sqrt(2 / (i + o))),  # Glorot & Bengio 2010
    "tiny": _init_normal(lambda i, o: 0.1),  # N(0, 0.1^2) whatever the layer's size
}


def sawtooth(depth: int, dtype: torch.dtype = torch.float64) -> StackedMLP:
    """The tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) composed ``depth`` times, as one ReLU net
    of width 2 and ``depth`` hidden layers with weights set by hand (Telgarsky 2016): on [0, 1]
    it is a sawtooth of 2^depth linear pieces, each rising or falling between 0 and 1."""
    first = torch.tensor([[1.0, 1.0]], dtype=dtype), torch.tensor([[0.0, -0.5]], dtype=dtype)
    # the next layer's inputs are t = 2 h1 - 4 h2 and t - 1/2, read off the last layer's h
    inner = torch.tensor([[2.0, 2.0], [-4.0, -4.0]], dtype=dtype), torch.tensor([[0.0, -0.5]], dtype=dtype)
    last = torch.tensor([[2.0], [-4.0]], dtype=dtype), torch.zeros(1, 1, dtype=dtype)
    layers = [first, *[inner] * (depth - 1), last]
    return StackedMLP((1, *(2,) * depth, 1), "relu", [W[None].clone() for W, _ in layers],
                      [b[None].clone() for _, b in layers])
