"""Measurements added for the correctness pass of issue 9 (to be folded into figures/measures.py).

Each one answers a question the articles' prose asks of the data or of trained weights, and
each can come out either way: tests/test_measures_extra.py checks them on cases with known answers.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


def linearly_separable(P: np.ndarray, y: np.ndarray) -> bool:
    """Whether some hyperplane puts every class-1 point strictly on one side and every class-0
    point on the other: the feasibility of s_i (w·p_i + c) >= 1, a linear programme (exact)."""
    s = np.where(y == 1, 1.0, -1.0)[:, None]
    A = -s * np.hstack([P, np.ones((len(P), 1))]).astype(float)
    res = linprog(np.zeros(P.shape[1] + 1), A_ub=A, b_ub=-np.ones(len(P)),
                  bounds=[(None, None)] * (P.shape[1] + 1), method="highs")
    return res.status == 0


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


def dead_units(H: np.ndarray) -> int:
    """Hidden units (columns of the post-ReLU activations H, (n, width)) that are 0 on every point."""
    return int((H <= 0).all(0).sum())


def duplicate_creases(W: np.ndarray, b: np.ndarray, cos: float = 0.99) -> int:
    """Pairs of first-layer units whose creases (the lines w·x + b = 0) coincide: unit vectors of
    (w, b) parallel or opposite within ``cos``. W is (2, width), b (width,)."""
    v = np.vstack([W, b[None, :]]).astype(np.float64)
    v = v / np.linalg.norm(v, axis=0, keepdims=True)
    c = v.T @ v
    return int((np.abs(np.triu(c, 1)) > cos).sum())
