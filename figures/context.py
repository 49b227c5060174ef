"""The read-only context a figure function receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def _no_memo(fn: Callable[..., T], ctx: Context, **kwargs: Any) -> T:
    return fn(ctx, **kwargs)


@dataclass(frozen=True)
class Context:
    """Device, seed and mode, decided once by the build (never inside figure code), and the
    build's memo of work that several figures share."""

    device: str = "cpu"
    seed: int = 0
    quick: bool = False
    memo: Callable[..., Any] = _no_memo

    def shared(self, fn: Callable[..., T], **kwargs: Any) -> T:
        """``fn(self, **kwargs)``, computed once per build for every figure that asks for the same
        call (the build keys it like a figure: fn's code, kwargs, seed, device, versions)."""
        return self.memo(fn, self, **kwargs)
