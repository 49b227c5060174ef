"""Work that several figures share, done once per build: the first figure that asks for a call
computes it, the others load the stored result.

A memo entry is keyed like a figure (the source of the function's module and every `figures`
module it imports, the arguments, seed, device and library versions), stored in the build's
state folder (store.state_dir, outside the watched docs/), guarded by a lock so that two
workers asking at once do the work once, and cleared at the end of each build.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filelock import FileLock

from figures.pipeline import cache, store

FOLDER = ".memo"


def memo_key(fn: Callable[..., Any], kwargs: dict[str, Any], seed: int, device: str) -> str:
    code = cache.source_digest(cache.dependencies(fn.__module__))
    payload = {"fn": f"{fn.__module__}.{fn.__qualname__}", "code": code,
               "kwargs": kwargs, "seed": seed, "device": device, "versions": cache.library_versions()}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=repr).encode()).hexdigest()


class Memo:
    """A callable ``memo(fn, ctx, **kwargs)`` for Context.memo, storing results in the build's
    state folder for ``out_dir``."""

    def __init__(self, out_dir: Path):
        self.folder = store.state_dir(out_dir) / FOLDER

    def __call__(self, fn: Callable[..., Any], ctx, **kwargs: Any) -> Any:
        import torch

        path = self.folder / f"{memo_key(fn, kwargs, ctx.seed, ctx.device)}.pt"
        self.folder.mkdir(parents=True, exist_ok=True)
        with FileLock(str(path.with_suffix(".lock"))):
            if path.is_file():
                return torch.load(path, map_location=ctx.device, weights_only=False)
            value = fn(ctx, **kwargs)
            buf = io.BytesIO()
            torch.save(value, buf)
            store.write_atomic(path, buf.getvalue())
            return value


def clear_memo(out_dir: Path) -> None:
    """Forget this build's shared results (they are only worth keeping within one build)."""
    shutil.rmtree(store.state_dir(out_dir) / FOLDER, ignore_errors=True)
