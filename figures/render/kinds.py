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

    @property
    def normal(self) -> tuple[float, float, float]:
        """A unit normal of the polygon (from its first three corners)."""
        c = np.asarray(self.corners, dtype=float)
        n = np.cross(c[1] - c[0], c[2] - c[0])
        return tuple(float(v) for v in n / np.linalg.norm(n))


@dataclass(frozen=True)
class View:
    """Where a 3-D scene opens: looking at the plane with normal ``normal`` (data coordinates)
    from ``angle`` degrees off that normal (0: face-on, 90: edge-on), from above the floor.

    A figure picks the view that shows its caption's claim (rings lying on a plane: near
    face-on; a plane between two classes: near edge-on); both back-ends open on it and the
    scene's reset button returns to it.
    """

    normal: tuple[float, float, float]
    angle: float

    def __post_init__(self):
        n = np.asarray(self.normal, dtype=float)
        if n.shape != (3,) or not np.isfinite(n).all() or not np.linalg.norm(n):
            raise ValueError(f"normal must be a non-zero 3-vector; got {self.normal}")
        if not 0 <= self.angle <= 90:
            raise ValueError(f"angle must be 0..90 degrees; got {self.angle}")

    def eye(self, ranges: np.ndarray, aspect: Sequence[float], toward: Sequence[float]) -> np.ndarray:
        """Unit vector from the scene's centre to the eye, in the drawn box's coordinates (each
        axis range scaled to its ``aspect`` length).

        Of the eyes 10° to 45° above the floor (a turntable view, z up), the one whose angle to
        the plane's normal is closest to ``angle``, then closest to ``toward``. The normal is
        scaled by the inverse of the box scaling, so face-on and edge-on mean what they say in
        the drawn box."""
        scale = np.asarray(aspect, dtype=float) / np.ptp(np.asarray(ranges, dtype=float), axis=1)
        n = np.asarray(self.normal, dtype=float) / scale
        n /= np.linalg.norm(n)
        el, az = np.meshgrid(np.radians(np.arange(10, 46)), np.radians(np.arange(0, 360)), indexing="ij")
        eyes = np.stack([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)], -1).reshape(-1, 3)
        off_normal = np.degrees(np.arccos(np.clip(np.abs(eyes @ n), 0, 1)))
        d = np.asarray(toward, dtype=float) / np.linalg.norm(toward)
        off_toward = np.degrees(np.arccos(np.clip(eyes @ d, -1, 1)))
        return eyes[np.argmin(np.abs(off_normal - self.angle) + 0.01 * off_toward)]


@dataclass(frozen=True)
class Cloud:
    """Points of a 3-unit layer in 3-D, one (n, 3) array per frame (or just one), labelled by y."""

    frames: Sequence[np.ndarray]
    y: np.ndarray
    axis_titles: Sequence[str]
    titles: Sequence[str]
    steps: Sequence[str] = ("",)
    plane: Plane | None = None
    view: View | None = None  # the opening camera; None: the site's default oblique view
    step_words: str = ""  # what the slider moves through, where its steps have no prefix

    @property
    def title(self) -> str:
        return self.titles[-1]


def box_ranges(frames: Sequence[np.ndarray]) -> np.ndarray:
    """One fixed box for every frame, so the scene does not jump while the slider moves."""
    lo = np.min([f.min(0) for f in frames], 0).astype(float)
    hi = np.max([f.max(0) for f in frames], 0).astype(float)
    # A dead unit (constant output) still gets a readable axis: at least 1/10 of the widest.
    half = np.maximum((hi - lo) / 2, 0.05 * (hi - lo).max() + 1e-6) * 1.06
    mid = (hi + lo) / 2
    return np.stack([mid - half, mid + half], 1)


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


def plane_in_box(w: np.ndarray, c: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The polygon where the plane w·p + c = 0 cuts the box [lo, hi] (k, 3), in order around it."""
    # in the dtype of lo and hi (a float32 layer's box stays float32, as its scene draws it)
    corners = np.array([[(lo, hi)[(i >> a) & 1][a] for a in range(3)] for i in range(8)])
    s = corners @ w + c
    pts = [corners[i] + (corners[j] - corners[i]) * s[i] / (s[i] - s[j])
           for i in range(8) for j in range(i + 1, 8) if bin(i ^ j).count("1") == 1 and s[i] * s[j] < 0]
    pts = np.array(pts).reshape(-1, 3)
    if len(pts) < 3:
        return pts
    centre = pts.mean(0)
    u = pts[0] - centre
    v = np.cross(w, u)
    return pts[np.argsort(np.arctan2((pts - centre) @ v, (pts - centre) @ u))]
