"""What the articles measure on models and arrays: success rates with intervals, flatness,
separability, orientation and folds, winding, dead units, linear pieces on a line and
activation regions on a grid.

Everything here takes a ``StackedMLP`` (S models at once) and plain arrays or tensors, and
returns one value per model where that makes sense; nothing knows about runs, figures or files.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import torch
from scipy.optimize import linprog

from figures.models.nets import ACTIVATIONS, StackedMLP

# Accuracies are float32 ratios k/n: a seed whose k/n equals the threshold must count even when
# float32's k/n, widened to float64, lands a hair below it (70/100 -> 0.69999999). Far below the
# 1/n between two accuracies for any data set we use.
TOLERANCE = 1e-6


# --- rates ------------------------------------------------------------------------------------


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a rate of successes over n trials (95% by default)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def intervals(k: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Wilson bounds (low, high) for an array of success counts, each out of ``n``."""
    bounds = np.array([wilson(int(v), n) for v in np.ravel(k)]).reshape(*np.shape(k), 2)
    return bounds[..., 0], bounds[..., 1]


@dataclass(frozen=True)
class Success:
    """k of n trials succeeded: the rate and its 95% Wilson interval."""

    k: int
    n: int
    rate: float
    low: float
    high: float

    @property
    def failures(self) -> int:
        return self.n - self.k


def success(acc: np.ndarray, threshold: float = 1.0) -> Success:
    """How many of the seeds' accuracies ``acc`` reach ``threshold``, as a rate with its interval."""
    acc = np.asarray(acc)
    k, n = int(np.count_nonzero(acc >= threshold - TOLERANCE)), len(acc)
    return Success(k, n, k / n if n else 0.0, *wilson(k, n))


# --- shape of point clouds --------------------------------------------------------------------


def mean_confidence(p: np.ndarray) -> float:
    """Mean |p - 0.5|: 0 for a net that always hesitates, 0.5 for one that is always sure."""
    return float(np.mean(np.abs(p - 0.5)))


def singular_ratio(points: np.ndarray, dtype: type = np.float64) -> float:
    """Smallest over largest singular value of the centred points (n, d): 0 when they lie on a
    flat of lower dimension (a plane in 3-D, a line in 2-D). ``dtype`` is the precision of the
    SVD; the mean is taken in the points' own precision (the published numbers were made so)."""
    s = np.linalg.svd(points.astype(dtype) - points.mean(0), compute_uv=False)
    return float(s[-1] / s[0])


def corner_share(points: np.ndarray, radius: float) -> float:
    """The largest share of points within ``radius`` (max-norm) of one corner of [-1, 1]^d: how
    much of a tanh layer's data one saturated corner holds."""
    corners = itertools.product((-1, 1), repeat=points.shape[1])
    return max(float((np.abs(points - np.array(c)).max(1) < radius).mean()) for c in corners)


# --- separability -----------------------------------------------------------------------------


def separating_plane(P: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float] | None:
    """A plane (w, c) with w·p + c > 0 for class 1 and < 0 for class 0, or None if there is none.

    A linear programme: the smallest |w|₁ with every point at least 1 from the plane's level 0
    (an L1 support vector machine), so the plane found sits well between the classes.
    """
    d = P.shape[1]
    s = np.where(y == 1, 1.0, -1.0)[:, None]
    Ph = np.hstack([P, -P, np.ones((len(P), 1))]).astype(float)
    res = linprog(np.r_[np.ones(2 * d), 0.0], A_ub=-s * Ph, b_ub=-np.ones(len(P)),
                  bounds=[(0, None)] * (2 * d) + [(None, None)], method="highs")
    if res.status != 0:
        return None
    return res.x[:d] - res.x[d:2 * d], float(res.x[-1])


def separable(model: StackedMLP, X: np.ndarray | torch.Tensor, y: np.ndarray, layer: int = 0) -> np.ndarray:
    """Per model: does a flat plane separate the classes in hidden layer ``layer`` (0-based)?"""
    H = activations(model, X)[layer].cpu().numpy()
    return np.array([separating_plane(H[s], y) is not None for s in range(model.n_models)])


# --- hidden layers in float64 -----------------------------------------------------------------


def _points(model: StackedMLP, X: np.ndarray | torch.Tensor) -> torch.Tensor:
    """X as a float32 tensor (the model's own precision) on the model's device."""
    return torch.as_tensor(X, dtype=torch.float32, device=model.weights[0].device)


@torch.no_grad()
def preactivations(model: StackedMLP, X: np.ndarray | torch.Tensor) -> list[torch.Tensor]:
    """Every hidden layer's input to the activation, z = h W + b, in float64: (S, n, width) each.

    Trained nets push z far out, where tanh rounds to exactly ±1 in float32 and distinct points
    land on the same pixel; tanh is one-to-one, so questions of what goes around what, or where
    the map flips, can be asked of z instead, where nothing is rounded away.
    """
    act = ACTIVATIONS[model.activation]
    X = _points(model, X)
    h = X.double().expand(model.n_models, *X.shape)
    zs = []
    for W, b in zip(model.weights[:-1], model.biases[:-1]):
        zs.append(torch.baddbmm(b.double(), h, W.double()))
        h = act(zs[-1])
    return zs


def activations(model: StackedMLP, X: np.ndarray | torch.Tensor) -> list[torch.Tensor]:
    """Every hidden layer's output in float64, (S, n, width) each."""
    act = ACTIVATIONS[model.activation]
    return [act(z) for z in preactivations(model, X)]


# --- orientation, folds, winding --------------------------------------------------------------


def jacobian_dets(model: StackedMLP, X: np.ndarray | torch.Tensor) -> torch.Tensor:
    """det of d z / d x, z the last hidden layer before tanh, at each point of each model: (S, n).

    Its sign says whether the map to the 2-unit layer keeps (> 0) or flips (< 0) orientation
    there (the last tanh scales each axis by a positive factor, which changes no sign); a map
    that flips somewhere has folded the plane over itself.
    """
    if model.activation != "tanh":
        raise ValueError("the Jacobian is written out for tanh layers")
    zs = preactivations(model, X)
    J = model.weights[0].double()[:, None]  # (S, 1, 2, width): dz1/dx
    for z, W in zip(zs[:-1], model.weights[1:-1]):
        J = (J / torch.cosh(z)[:, :, None, :] ** 2) @ W.double()[:, None]  # tanh' = 1 / cosh²
    return torch.linalg.det(J.expand(*zs[-1].shape[:2], 2, 2))


def fold_fractions(model: StackedMLP, X: np.ndarray | torch.Tensor) -> np.ndarray:
    """Per model, the share of the points X where the map to the 2-unit layer flips orientation,
    or the share where it keeps it if that is smaller: 0 for a map that never folds."""
    det = jacobian_dets(model, X).cpu().numpy()
    return np.minimum((det < 0).mean(1), (det > 0).mean(1))


def winding(curve: np.ndarray, points: np.ndarray) -> np.ndarray:
    """How many times the closed polyline ``curve`` (m, 2) winds around each point (n, 2)."""
    d = curve[None, :, :] - points[:, None, :]
    ang = np.arctan2(d[..., 1], d[..., 0])
    turn = np.diff(np.concatenate([ang, ang[:, :1]], 1), axis=1)
    turn = (turn + np.pi) % (2 * np.pi) - np.pi
    return np.round(turn.sum(1) / (2 * np.pi)).astype(int)


def enclosed_fractions(model: StackedMLP, curve: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Per model, the share of ``points`` that the image of the closed ``curve`` (both in the
    input plane) still goes around in the last (2-unit) hidden layer, measured before its
    activation: tanh is one-to-one and so changes nothing about what goes around what."""
    C = preactivations(model, curve)[-1].cpu().numpy()
    Q = preactivations(model, points)[-1].cpu().numpy()
    return np.array([(winding(C[s], Q[s]) != 0).mean() for s in range(model.n_models)])


# --- dead units -------------------------------------------------------------------------------


@torch.no_grad()
def dead_units(model: StackedMLP, X: np.ndarray | torch.Tensor) -> list[np.ndarray]:
    """Per hidden layer, (S, width) booleans: the units that carry nothing about the data X.

    For ReLU a unit is dead when it outputs 0 on every point (no gradient reaches it either);
    for other activations, when its output is the same at every point.
    """
    dead = []
    for h in model.layers(_points(model, X))[:-1]:
        if model.activation == "relu":
            dead.append((h == 0).all(1).cpu().numpy())
        else:
            dead.append((h == h[:, :1]).all(1).cpu().numpy())
    return dead


# --- lines, bands and what a 2-unit layer forces ----------------------------------------------


def linearly_separable(P: np.ndarray, y: np.ndarray) -> bool:
    """Whether some hyperplane puts every class-1 point strictly on one side and every class-0
    point on the other: the feasibility of s_i (w·p_i + c) >= 1, a linear programme (exact)."""
    return separating_plane(P, y) is not None


def _best_threshold(t: np.ndarray, y: np.ndarray) -> float:
    """Best accuracy of 'class 1 where t > theta' or 'where t < theta' over all thresholds theta."""
    order = np.argsort(t, kind="stable")
    ys = y[order]
    # predicting class 1 above cut k: correct = class-0 points at or below k + class-1 points above
    zeros_below = np.concatenate([[0], np.cumsum(ys == 0)])
    ones_above = np.concatenate([[0], np.cumsum((ys == 1)[::-1])])[::-1]
    correct = zeros_below + ones_above
    best = max(correct.max(), len(y) - correct.min())  # the flipped rule gets the complement
    return float(best / len(y))


def best_linear_accuracy(X: np.ndarray, y: np.ndarray, directions: int = 3600) -> float:
    """The best training accuracy of any straight line, searched over ``directions`` normal
    directions in [0, pi) and every threshold: a lower bound on the true optimum that meets it
    once the grid of directions is finer than the data's critical angles (3600 = every 0.05°)."""
    a = np.linspace(0, np.pi, directions, endpoint=False)
    normals = np.stack([np.cos(a), np.sin(a)], 1)
    T = X.astype(np.float64) @ normals.T
    return max(_best_threshold(T[:, k], y) for k in range(directions))


def band_accuracy(X: np.ndarray, y: np.ndarray, direction, half_width: float) -> float:
    """Accuracy of the band rule 'class 0 where |direction·x| < half_width, else class 1'
    (or its flip, whichever is better): the region between two parallel lines."""
    d = np.asarray(direction, dtype=float)
    inside = np.abs(X.astype(np.float64) @ (d / np.linalg.norm(d))) < half_width
    acc = float(((inside & (y == 0)) | (~inside & (y == 1))).mean())
    return max(acc, 1 - acc)


def dominated_inner(Z: np.ndarray, y: np.ndarray, signs: np.ndarray) -> int:
    """How many class-1 points are dominated by some class-0 point in the sign-adjusted
    coordinates u = signs * Z (a class-0 point q with u(q) >= u(p) in every coordinate).

    For a net z = W x + b -> sigma(v · tanh(z) + c), the output rises in z_i when v_i > 0 and
    falls when v_i < 0, so with signs = sign(v) its class-1 region is an upper set of u: if a
    class-1 point p is called class 1, every q that dominates p is too. Each dominated pair thus
    forces at least one error, whatever the training did: a count above 0 proves the net cannot
    reach 100% on these points with this W and b.
    """
    U = Z * signs
    inner, outer = U[y == 1], U[y == 0]
    dominated = (outer[None, :, :] >= inner[:, None, :]).all(-1).any(1)
    return int(dominated.sum())


def duplicate_creases(W: np.ndarray, b: np.ndarray, cos: float = 0.99) -> int:
    """Pairs of first-layer units whose creases (the lines w·x + b = 0) coincide: unit vectors of
    (w, b) parallel or opposite within ``cos``. W is (2, width), b (width,)."""
    v = np.vstack([W, b[None, :]]).astype(np.float64)
    v = v / np.linalg.norm(v, axis=0, keepdims=True)
    c = v.T @ v
    return int((np.abs(np.triu(c, 1)) > cos).sum())


@torch.no_grad()
def forced_errors(model: StackedMLP, X: np.ndarray | torch.Tensor, y: np.ndarray) -> np.ndarray:
    """Per model of a 2-2-1 stack: inner points dominated by an outer point in the coordinates
    z = W x + b, signed by the trained output weights (see dominated_inner). Above 0, this first
    layer cannot reach 100% on this sample with any read-out whose weights have those signs; a
    read-out with other signs is not covered (check every sign pattern for that)."""
    Z = preactivations(model, X)[0].cpu().numpy()
    signs = np.sign(model.weights[-1][:, :, 0].double().cpu().numpy())
    return np.array([dominated_inner(Z[s], y, signs[s]) for s in range(model.n_models)])


@torch.no_grad()
def closed_regions(model: StackedMLP, grid: np.ndarray, size: int) -> np.ndarray:
    """Per model: is its class-1 region on a size x size ``grid`` of a box (row by row) closed
    off, i.e. not empty and touching none of the box's edges, rather than a region that runs off?"""
    on = (model.logits(_points(model, grid)) > 0).cpu().numpy().reshape(-1, size, size)
    edge = on[:, 0].any(1) | on[:, -1].any(1) | on[:, :, 0].any(1) | on[:, :, -1].any(1)
    return on.any((1, 2)) & ~edge


# --- linear pieces and activation regions -----------------------------------------------------


def pieces_on_line(x: np.ndarray, f: np.ndarray, tol: float = 1e-6, floor: float = 1e-7) -> int:
    """Linear pieces of a continuous piecewise-linear function sampled as f(x) on a fine sorted grid.

    A kink shows as a change of slope between neighbouring cells: exactly at a grid point it
    changes one slope, inside a cell it changes two neighbouring ones (that cell's slope is a
    mix), so each run of neighbouring changes is one kink. Slopes that differ by less than
    ``tol`` times the largest slope, or by less than ``floor``, count as equal: float rounding
    (the floor keeps a flat function's rounding noise from counting as kinks). Kinks closer
    together than two cells merge: the grid must be finer than the function's shortest piece.
    """
    s = np.diff(np.asarray(f, dtype=np.float64)) / np.diff(np.asarray(x, dtype=np.float64))
    changed = np.abs(np.diff(s)) > max(tol * float(np.abs(s).max()), floor)
    starts = changed & ~np.concatenate([[False], changed[:-1]])
    return 1 + int(starts.sum())


@torch.no_grad()
def net_on_line(model: StackedMLP, x: np.ndarray) -> np.ndarray:
    """Outputs of every model of a 1-input, 1-output stack at the points x, in float64: (S, n)."""
    act = ACTIVATIONS[model.activation]
    h = torch.as_tensor(np.asarray(x, dtype=np.float64)[:, None]).expand(model.n_models, len(x), 1)
    for k, (W, b) in enumerate(zip(model.weights, model.biases)):
        h = torch.baddbmm(b.double().cpu(), h, W.double().cpu())
        h = act(h) if k < len(model.weights) - 1 else h
    return h[..., 0].numpy()


def line_pieces(model: StackedMLP, x: np.ndarray) -> np.ndarray:
    """Per model of a 1-input, 1-output stack: its linear pieces on the sorted grid x."""
    return np.array([pieces_on_line(x, f) for f in net_on_line(model, x)])


@torch.no_grad()
def activation_patterns(model: StackedMLP, X: np.ndarray | torch.Tensor) -> np.ndarray:
    """Per model and point, which ReLU units of every hidden layer are on: (S, n, units) booleans.

    In the model's own float32 (a unit is on where its output is above 0): float64 changes only
    points within rounding of a crease, and costs 3x the time on a fine grid."""
    if model.activation != "relu":
        raise ValueError("activation patterns are defined here for ReLU nets")
    return torch.cat([h > 0 for h in model.layers(_points(model, X))[:-1]], -1).cpu().numpy()


def region_labels(patterns: np.ndarray) -> tuple[np.ndarray, int]:
    """For one model's (n, units) patterns: a region number per point and the number of regions.

    Points share a region when they share the pattern. Fixing a ReLU net's pattern makes it one
    affine map whose conditions are linear inequalities, so each pattern's region is convex (one
    piece); on a grid, regions smaller than the cells can be missed: the count is a lower bound.
    """
    packed = np.ascontiguousarray(np.packbits(patterns, axis=1))
    rows = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()  # one sortable key per point
    _, labels = np.unique(rows, return_inverse=True)
    labels = labels.ravel()
    return labels, int(labels.max()) + 1


def region_counts(model: StackedMLP, X: np.ndarray | torch.Tensor) -> np.ndarray:
    """Per model: activation regions of a ReLU net seen at the points X (a fine grid)."""
    return np.array([region_labels(p)[1] for p in activation_patterns(model, X)])


def arrangement_regions(W: np.ndarray, b: np.ndarray, extent) -> int:
    """Exact number of regions that the lines w_k·x + b_k = 0 (W (2, k), b (k,)) cut the box
    ``extent`` into, for lines in general position (no two parallel, no three through a point):
    1 + the lines that cross the box + the crossings inside it (Euler's formula for the plane)."""
    x0, x1, y0, y1 = extent
    corners = np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]])
    side = corners @ W + b
    crossing = (side.min(0) < 0) & (side.max(0) > 0)
    i, j = np.triu_indices(len(b), 1)
    i, j = i[crossing[i] & crossing[j]], j[crossing[i] & crossing[j]]
    det = W[0, i] * W[1, j] - W[1, i] * W[0, j]  # Cramer's rule for each pair of lines
    px = (-b[i] * W[1, j] + b[j] * W[1, i]) / det
    py = (-W[0, i] * b[j] + W[0, j] * b[i]) / det
    inside = (x0 < px) & (px < x1) & (y0 < py) & (py < y1)
    return 1 + int(crossing.sum()) + int(inside.sum())


# --- zero sets of a value over the plane ------------------------------------------------------


def zero_set(Z: np.ndarray, extent) -> np.ndarray:
    """Points (k, 2) of the curves where a grid of values Z (rows from ymin, as ``ex.grid``
    lays them out) crosses zero, traced by linear interpolation between grid points."""
    import contourpy

    gx = np.linspace(extent[0], extent[1], Z.shape[1])
    gy = np.linspace(extent[2], extent[3], Z.shape[0])
    lines = contourpy.contour_generator(gx, gy, np.asarray(Z, dtype=np.float64)).lines(0.0)
    return np.concatenate(lines) if lines else np.empty((0, 2))


def line_deviation(P: np.ndarray) -> float:
    """How far points stray from a straight line: the largest distance of any of them from the
    line that fits them best (total least squares). 0 for points on one line."""
    P = np.asarray(P, dtype=np.float64)
    if len(P) < 3:
        return 0.0
    centred = P - P.mean(0)
    normal = np.linalg.svd(centred, full_matrices=False)[2][-1]
    return float(np.abs(centred @ normal).max())


def linear_pieces(lines: list[np.ndarray], patterns) -> int:
    """Straight pieces of a piecewise-linear curve given as polylines: per polyline, the number
    of distinct on/off patterns of the first layer at its vertices (``patterns(points) -> (k,
    width) bools``). The patterns cut the plane into convex regions where the curve is one
    straight segment, and a segment crosses a convex region once; counting distinct patterns
    rather than changes ignores vertices that the grid tracing puts a hair across a kink."""
    return sum(len(np.unique(patterns(line), axis=0)) for line in lines)
