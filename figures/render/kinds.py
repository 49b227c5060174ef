"""The picture kinds that several back-ends draw, each one value (``grids.Warp`` is another).

Values hold arrays only (renderers take arrays, not models) and check them once, so every
back-end can trust them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ProbabilityField:
    """P(class 1) over a rectangle of the input plane, one grid per frame, the data on top.

    ``probs[i][r, c]`` is P(class 1) at x = linspace(xmin, xmax, cols)[c], y = linspace(ymin,
    ymax, rows)[r] (row 0 at ymin). ``titles`` and ``steps`` (slider labels) go one per frame;
    ``point_probs[i]`` (P at each point of X), if given, lifts the points onto the surface;
    ``lines[i]`` = (w, b), if given, is a linear model's boundary w·x + b = 0, drawn exactly.
    Stills draw the last frame.
    """

    probs: Sequence[np.ndarray]
    extent: tuple[float, float, float, float]
    X: np.ndarray
    y: np.ndarray
    titles: Sequence[str] = ()
    steps: Sequence[str] = ()
    point_probs: Sequence[np.ndarray] | None = None
    lines: Sequence[tuple[Sequence[float], float]] | None = None  # a linear model's exact boundary per frame

    def __post_init__(self):
        # Checked here, once for every back-end; kept as given (converting could move a byte).
        _as_frames(self.probs)
        _as_points(self.X, self.y)
        _as_extent(self.extent)

    @property
    def title(self) -> str | None:
        """The last frame's title (what stills show)."""
        return self.titles[-1] if self.titles else None


@dataclass(frozen=True)
class Plane:
    """A flat polygon among 3-D points: corners (k, 3), drawn as a translucent fan of triangles."""

    corners: np.ndarray
    name: str
    color: str
    opacity: float
    in_still: bool = True  # linear_net's stills never drew their best-fit plane; kept so


@dataclass(frozen=True)
class Cloud:
    """Points of a 3-unit layer in 3-D, one (n, 3) array per frame (or just one), labelled by y."""

    frames: Sequence[np.ndarray]
    y: np.ndarray
    axis_titles: Sequence[str]
    titles: Sequence[str]
    steps: Sequence[str] = ("",)
    plane: Plane | None = None

    @property
    def title(self) -> str:
        return self.titles[-1]


def _as_frames(probs: Sequence) -> list[np.ndarray]:
    if len(probs) == 0:
        raise ValueError("probs is empty: need at least one frame")
    frames = [np.asarray(p, dtype=np.float32) for p in probs]
    shape = frames[0].shape
    if len(shape) != 2 or min(shape) < 2:
        raise ValueError(f"each probs frame must be a 2-D grid, at least 2x2; got {shape}")
    for i, p in enumerate(frames):
        if p.shape != shape:
            raise ValueError(f"probs[{i}] has shape {p.shape}, probs[0] has {shape}")
        if not np.isfinite(p).all():
            raise ValueError(f"probs[{i}] has NaN or infinite values")
    return frames


def _as_points(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2); got {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X; got {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y must hold class labels 0 and 1 only")
    return X, y.astype(np.intp)


def _as_extent(extent) -> tuple[float, float, float, float]:
    e = np.asarray(extent, dtype=float)
    if e.shape != (4,) or not np.isfinite(e).all() or e[1] <= e[0] or e[3] <= e[2]:
        raise ValueError(f"extent must be finite (xmin, xmax, ymin, ymax), min < max; got {extent}")
    return tuple(float(v) for v in e)


def line_segment(w: Sequence[float], b: float, extent) -> tuple[list[float], list[float]]:
    """The part of the line w·x + b = 0 inside ``extent``, as two end points (empty if outside)."""
    x0, x1, y0, y1 = map(float, extent)
    w1, w2, b = float(w[0]), float(w[1]), float(b)
    ends = []
    if w2:  # crossings of the left and right edges
        ends += [(x, -(w1 * x + b) / w2) for x in (x0, x1)]
    if w1:  # crossings of the bottom and top edges
        ends += [(-(w2 * y + b) / w1, y) for y in (y0, y1)]
    eps = 1e-9 * max(x1 - x0, y1 - y0)
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in ends
                     if x0 - eps <= x <= x1 + eps and y0 - eps <= y <= y1 + eps})
    if len(inside) < 2:
        return [], []
    (ax, ay), (bx, by) = inside[0], inside[-1]
    return [ax, bx], [ay, by]
