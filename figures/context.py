"""The read-only context a figure function receives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class Context:
    """Device, seed and mode, decided once by the build (never inside figure code)."""

    device: str = "cpu"
    seed: int = 0
    quick: bool = False

    def rng(self, offset: int = 0) -> np.random.Generator:
        """A NumPy generator derived from the figure's seed (offset gives independent streams)."""
        return np.random.default_rng([self.seed, offset])

    def torch_generator(self, offset: int = 0) -> torch.Generator:
        """A CPU torch generator derived from the figure's seed; weights are drawn on the CPU
        and moved, so the same seed gives the same initial weights on every device."""
        return torch.Generator().manual_seed(self.seed * 1_000_003 + offset)
