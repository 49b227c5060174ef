"""What the articles measure on models and arrays: success rates with intervals, flatness,
separability, orientation and folds, winding, dead units.

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

from figures.nets import ACTIVATIONS, StackedMLP

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
