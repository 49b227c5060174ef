"""Threshold units and the perceptron rule, and what the articles measure on them: truth tables,
margin and radius, update counts, cycles, and a brute-force search over lines.

A module of its own (not measures.py) because it needs no nets or training, and figures that
use only these functions should not rebuild when the MLP measures change. Conventions: inputs
are rows of X; a unit with weights w and threshold theta outputs 1 where w·x >= theta (or
w·x > theta with ``strict``); the perceptron works on augmented inputs (x, 1) with labels in
{-1, +1}, so its weight vector carries the bias as its last entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # the four inputs, table order


def threshold_unit(X: np.ndarray, w, theta: float, strict: bool = False) -> np.ndarray:
    """Outputs (0/1) of the unit 'fire where w·x >= theta' (``strict``: where w·x > theta)."""
    s = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    return (s > theta if strict else s >= theta).astype(int)


def truth_table(fn) -> np.ndarray:
    """fn's 0/1 output at the four corners (0,0), (0,1), (1,0), (1,1), in that order."""
    return np.asarray(fn(CORNERS)).astype(int).reshape(4)


def augment(X: np.ndarray) -> np.ndarray:
    """Inputs with a constant 1 appended: a bias becomes one more weight."""
    X = np.asarray(X, dtype=float)
    return np.concatenate([X, np.ones((*X.shape[:-1], 1))], -1)


def signs(y) -> np.ndarray:
    """Labels 0/1 as -1/+1."""
    return 2 * np.asarray(y).astype(int) - 1


# --- the perceptron rule ----------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """The perceptron's run on one data set: the weights after every update (the first row is the
    start), the index of the point that caused each update, and the mistakes of each epoch."""

    weights: np.ndarray  # (updates + 1, d)
    culprits: np.ndarray  # (updates,)
    epoch_mistakes: np.ndarray  # (epochs run,)
    epoch_starts: np.ndarray  # (epochs run, d): the weights as each epoch began

    @property
    def updates(self) -> int:
        return len(self.culprits)

    @property
    def converged(self) -> bool:
        """Whether some epoch made no mistake (the rule then never changes the weights again)."""
        return bool(len(self.epoch_mistakes) and self.epoch_mistakes[-1] == 0)


def perceptron(Xa: np.ndarray, s: np.ndarray, max_epochs: int, order=None, w0=None) -> Path:
    """Rosenblatt's rule on augmented inputs ``Xa`` (n, d) with labels ``s`` in {-1, +1}: visit the
    points in ``order`` (default 0..n-1; or a callable epoch -> order) and, at each point with
    s_i (w·x_i) <= 0, set w <- w + s_i x_i. Stops after the first epoch with no mistake."""
    Xa, s = np.asarray(Xa, dtype=float), np.asarray(s)
    w = np.zeros(Xa.shape[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    weights, culprits, mistakes, starts = [w.copy()], [], [], []
    for epoch in range(max_epochs):
        idx = range(len(s)) if order is None else (order(epoch) if callable(order) else order)
        starts.append(w.copy())
        made = 0
        for i in idx:
            if s[i] * (w @ Xa[i]) <= 0:
                w = w + s[i] * Xa[i]
                weights.append(w.copy())
                culprits.append(i)
                made += 1
        mistakes.append(made)
        if made == 0:
            break
    return Path(np.array(weights), np.array(culprits, dtype=int), np.array(mistakes), np.array(starts))


def perceptron_updates(Xa: np.ndarray, s: np.ndarray, max_epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """The rule run on S data sets at once (Xa (S, n, d), s (S, n)), each in its own point order
    0..n-1 from w = 0: the number of updates of each and whether it converged (an epoch with no
    mistake) within ``max_epochs``. The same arithmetic as ``perceptron``, in lockstep."""
    Xa, s = np.asarray(Xa, dtype=float), np.asarray(s, dtype=float)
    S, n, d = Xa.shape
    w = np.zeros((S, d))
    updates = np.zeros(S, dtype=int)
    done = np.zeros(S, dtype=bool)
    for _ in range(max_epochs):
        made = np.zeros(S, dtype=int)
        for i in range(n):
            wrong = (s[:, i] * np.einsum("sd,sd->s", w, Xa[:, i]) <= 0) & ~done
            w[wrong] += s[wrong, i, None] * Xa[wrong, i]
            made += wrong
        updates += made
        done |= made == 0
        if done.all():
            break
    return updates, done


def first_repeat(states: np.ndarray) -> tuple[int, int] | None:
    """(j, k) for the first k whose row equals an earlier row j (exactly), or None: a deterministic
    rule whose epoch-start weights repeat runs the same cycle of k - j epochs for ever."""
    seen: dict[bytes, int] = {}
    for k, row in enumerate(np.asarray(states, dtype=float)):
        key = row.tobytes()
        if key in seen:
            return seen[key], k
        seen[key] = k
    return None


# --- margin and radius (the convergence theorem's two numbers) -----------------------------------


def radius(Xa: np.ndarray) -> float:
    """R = the largest norm of the (augmented) inputs."""
    return float(np.linalg.norm(np.asarray(Xa, dtype=float), axis=1).max())


def margin_of(u, Xa: np.ndarray, s: np.ndarray) -> float:
    """min_i s_i (u·x_i) / |u|: the margin of the direction u (negative if it misclassifies)."""
    u = np.asarray(u, dtype=float)
    return float(np.min(s * (np.asarray(Xa, dtype=float) @ u)) / np.linalg.norm(u))


def max_margin(Xa: np.ndarray, s: np.ndarray, start=None) -> tuple[np.ndarray, float]:
    """The unit direction u through the origin with the largest margin min_i s_i (u·x_i), found as
    min |w|^2 subject to s_i (w·x_i) >= 1 (SLSQP), and its margin measured on the data. Every
    direction's measured margin is a true margin, so a (R / margin)^2 bound from it is valid even
    if the solver stops a hair short of the optimum."""
    Xa, s = np.asarray(Xa, dtype=float), np.asarray(s, dtype=float)
    A = s[:, None] * Xa
    w0 = np.asarray(start, dtype=float) if start is not None else A.mean(0)
    w0 = w0 / max(np.min(A @ w0), 1e-12) if np.min(A @ w0) > 0 else w0
    res = minimize(lambda w: w @ w, w0, jac=lambda w: 2 * w, method="SLSQP",
                   constraints=[dict(type="ineq", fun=lambda w: A @ w - 1, jac=lambda w: A)],
                   options=dict(ftol=1e-12, maxiter=500))
    u = res.x / np.linalg.norm(res.x)
    return u, margin_of(u, Xa, s)


# --- every line over a few points -----------------------------------------------------------


def line_grid(angles: int, offsets: int, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """Unit normals at ``angles`` directions covering the full circle and ``offsets`` offsets in
    [-reach, reach]: the lines n·x = c, each with both orientations (class 1 where n·x > c)."""
    a = np.linspace(0, 2 * np.pi, angles, endpoint=False)
    return np.stack([np.cos(a), np.sin(a)], 1), np.linspace(-reach, reach, offsets)


def line_scores(X: np.ndarray, y: np.ndarray, normals: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """How many of the points each line 'class 1 where n·x > c' classifies right, (angles, offsets).
    Points exactly on a line count as class 0 (projections are rounded to 12 decimals first, so a
    direction like cos(pi) = -1, sin(pi) = 1e-16 does not split points that lie on one line)."""
    T = np.round(np.asarray(X, dtype=float) @ normals.T, 12)  # (n, angles)
    pred = T[:, :, None] > offsets[None, None, :]  # (n, angles, offsets)
    return (pred == (np.asarray(y)[:, None, None] == 1)).sum(0)
